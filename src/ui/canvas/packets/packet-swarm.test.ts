import { describe, expect, it } from 'vitest';
import type { PacketTrace } from '../../../worker/protocol';
import { REFUSED_TRACE, WEB_TRACE } from '../../panels/packet-fixture';
import { anchorOf, type Rect } from './packet-geometry';
import { frameScene, locationKey, SWARM_MOVE_SHARE, swarmDots, swarmPhase } from './packet-swarm';

// Two nodes side by side: pod cards on top, the network strips below, the bus under them.
const rects: Record<string, Rect> = {
  [locationKey.pod('default/client')]: { x: 22, y: 100, w: 150, h: 76 },
  [locationKey.pod('default/web-7d9f8-abcde')]: { x: 422, y: 100, w: 150, h: 76 },
  [locationKey.device('node-1', 'cni0')]: { x: 10, y: 250, w: 150, h: 20 },
  [locationKey.device('node-1', 'flannel.1')]: { x: 170, y: 250, w: 60, h: 20 },
  [locationKey.device('node-1', 'eth0')]: { x: 240, y: 250, w: 90, h: 20 },
  [locationKey.device('node-2', 'cni0')]: { x: 410, y: 250, w: 150, h: 20 },
  [locationKey.device('node-2', 'flannel.1')]: { x: 570, y: 250, w: 60, h: 20 },
  [locationKey.device('node-2', 'eth0')]: { x: 640, y: 250, w: 90, h: 20 },
  [locationKey.node('node-1')]: { x: 0, y: 40, w: 340, h: 240 },
  [locationKey.node('node-2')]: { x: 400, y: 40, w: 340, h: 240 },
  [locationKey.bus]: { x: 0, y: 300, w: 740, h: 22 },
};

/** A DOM stand-in that counts look-ups per location key. */
function countingMeasure() {
  const calls = new Map<string, number>();
  const measure = (key: string) => {
    calls.set(key, (calls.get(key) ?? 0) + 1);
    return rects[key];
  };
  return { calls, measure };
}

const traces: PacketTrace[] = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? REFUSED_TRACE : WEB_TRACE));

describe('play-all swarm', () => {
  it('looks each location up at most once per frame for 200 packets over shared locations', () => {
    for (const nowMs of [0, 450, 1234, 98_765]) {
      const { calls, measure } = countingMeasure();
      const dots = swarmDots(traces, nowMs, 900, frameScene(measure, 800, 400));
      expect(dots.length).toBe(200);
      expect(calls.size).toBeGreaterThan(1);
      expect(calls.size).toBeLessThanOrEqual(Object.keys(rects).length + 2); // + devices the strip does not draw
      for (const [key, n] of calls) expect(n, key).toBe(1);
    }
  });

  it('measures again in the next frame (a new frame scene), once per key', () => {
    const { calls, measure } = countingMeasure();
    swarmDots(traces, 100, 900, frameScene(measure, 800, 400));
    const first = new Map(calls);
    swarmDots(traces, 100, 900, frameScene(measure, 800, 400));
    for (const [key, n] of first) expect(calls.get(key)).toBe(2 * n);
  });

  it('spreads packets over their hops and loops', () => {
    const n = WEB_TRACE.hops.length;
    const hops = new Set(Array.from({ length: 50 }, (_, i) => swarmPhase(i, n, 0, 900).hop));
    expect(hops.size).toBeGreaterThan(n / 2);
    const a = swarmPhase(7, n, 1000, 900);
    const b = swarmPhase(7, n, 1000 + 900 * n, 900);
    expect(b.hop).toBe(a.hop);
    expect(b.progress).toBeCloseTo(a.progress);
    expect(swarmPhase(7, n, 1900, 900).hop).toBe((a.hop + 1) % n);
  });

  it('rests each dot on its hop\'s anchor once the move is over, coloured by direction or drop', () => {
    const scene = frameScene((k) => rects[k], 800, 400);
    const n = WEB_TRACE.hops.length;
    const start = swarmPhase(0, n, 0, 900);
    // the moment trace 0 has finished moving to its hop: progress = SWARM_MOVE_SHARE + a little
    const nowMs = (1 - start.progress + SWARM_MOVE_SHARE + 0.05) * 900;
    const { hop } = swarmPhase(0, n, nowMs, 900);
    const [dot] = swarmDots([WEB_TRACE], nowMs, 900, scene);
    expect(dot.moving).toBe(false);
    expect(dot.trail).toEqual([]);
    expect(dot.at).toEqual(anchorOf(WEB_TRACE.hops, hop, scene)!.at);
    expect(dot.color).toBe(WEB_TRACE.hops[hop].direction);
    const refused = swarmDots(Array.from({ length: 40 }, () => REFUSED_TRACE), 0, 900, scene);
    expect(refused.some((d) => d.color === 'drop')).toBe(true);
    expect(refused.some((d) => d.color === 'request')).toBe(true);
  });

  it('draws a moving dot with a trail behind it', () => {
    const scene = frameScene((k) => rects[k], 800, 400);
    const moving = swarmDots(traces, 300, 900, scene).filter((d) => d.moving && d.trail.length > 0);
    expect(moving.length).toBeGreaterThan(0);
  });
});
