import { describe, expect, it } from 'vitest';
import { flightFrame, flightFrames, flightMs, TRAIL_POINTS, type Flight } from './packet-flight';

const line: Flight = { path: [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 100, y: 100 }], startMs: 1000, durationMs: 500 };

describe('packet flights', () => {
  it('starts at the first point, ends on the last, and moves along the path in between', () => {
    expect(flightFrame(line, 1000)).toEqual({ at: { x: 0, y: 0 }, trail: [], moving: true });
    const mid = flightFrame(line, 1250)!;
    expect(mid.at).toEqual({ x: 100, y: 0 });
    expect(mid.moving).toBe(true);
    expect(flightFrame(line, 1500)).toEqual({ at: { x: 100, y: 100 }, trail: [], moving: false });
    expect(flightFrame(line, 9999)!.at).toEqual({ x: 100, y: 100 });
  });

  it('draws a trail behind the moving dot, oldest first, on the path', () => {
    const f = flightFrame(line, 1300)!;
    expect(f.trail).toHaveLength(TRAIL_POINTS);
    for (const p of f.trail) expect(p.x === 100 || p.y === 0).toBe(true);
    const dist = (p: { x: number; y: number }) => Math.hypot(p.x - f.at.x, p.y - f.at.y);
    expect(dist(f.trail[0])).toBeGreaterThan(dist(f.trail[f.trail.length - 1]));
  });

  it('jumps with reduced motion (no duration) and with an empty path draws nothing', () => {
    expect(flightMs(900, true)).toBe(0);
    expect(flightMs(900, false)).toBeGreaterThan(0);
    expect(flightFrame({ ...line, durationMs: 0 }, 1000)).toEqual({ at: { x: 100, y: 100 }, trail: [], moving: false });
    expect(flightFrame({ ...line, path: [] }, 1000)).toBeUndefined();
  });

  it('computes 200 packets at once and says whether any is still moving', () => {
    const flights: Flight[] = Array.from({ length: 200 }, (_, i) => ({ path: [{ x: i, y: 0 }, { x: i, y: 50 }], startMs: i * 10, durationMs: 400 }));
    const early = flightFrames(flights, 500);
    expect(early.frames).toHaveLength(200);
    expect(early.moving).toBe(true);
    expect(early.frames[0].moving).toBe(false);
    expect(early.frames[0].at).toEqual({ x: 0, y: 50 });
    const late = flightFrames(flights, 10_000);
    expect(late.moving).toBe(false);
    expect(late.frames.every((f, i) => f.at.x === i && f.at.y === 50)).toBe(true);
  });
});
