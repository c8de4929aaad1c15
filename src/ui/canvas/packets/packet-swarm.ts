// "Play all": every listed trace loops along its own hops on the overlay at once, as plain dots with
// short trails. Pure: where each packet is at a wall time (over a Scene), and a Scene that looks each
// location up once per frame however many packets share it (a profile of the per-packet look-ups
// showed querySelector at 36% of samples with 25k DOM nodes).

import type { PacketTrace } from '../../../worker/protocol';
import { flightFrame, type FlightFrame } from './packet-flight';
import { hopPath, type Rect, type Scene } from './packet-geometry';

/** A location on the canvas: 'pod:<ns>/<name>', 'dev:<node>/<device>', 'node:<name>' or 'bus'. */
export type LocationKey = string;

export const locationKey = {
  pod: (key: string): LocationKey => `pod:${key}`,
  device: (node: string, device: string): LocationKey => `dev:${node}/${device}`,
  node: (name: string): LocationKey => `node:${name}`,
  bus: 'bus' as LocationKey,
};

/**
 * A Scene for one frame: `measure` runs at most once per location key, its answer (a rectangle or
 * nothing) is kept for the rest of the frame. Make a new one each frame: the viewport may have moved.
 */
export function frameScene(measure: (key: LocationKey) => Rect | undefined, width: number, height: number): Scene {
  const cache = new Map<LocationKey, Rect | undefined>();
  const get = (key: LocationKey): Rect | undefined => {
    if (cache.has(key)) return cache.get(key);
    const r = measure(key);
    cache.set(key, r);
    return r;
  };
  return {
    width,
    height,
    pod: (key) => get(locationKey.pod(key)),
    device: (node, dev) => get(locationKey.device(node, dev)),
    node: (name) => get(locationKey.node(name)),
    bus: () => get(locationKey.bus),
  };
}

export type SwarmColor = 'request' | 'reply' | 'drop';

export interface SwarmDot extends FlightFrame {
  color: SwarmColor;
}

/** The share of a hop's time the dot spends moving; it rests on the hop for the rest. */
export const SWARM_MOVE_SHARE = 0.7;
/** Spreads the packets' starting hops so that traces of the same route do not move as one dot. */
const SPREAD = 0.6180339887;

/** Which hop trace `index` (of the list) is on at `nowMs`, and how far (0..1) into it. */
export function swarmPhase(index: number, hopCount: number, nowMs: number, hopMs: number): { hop: number; progress: number } {
  const phase = nowMs / hopMs + ((index * SPREAD) % 1) * hopCount;
  const whole = Math.floor(phase);
  return { hop: ((whole % hopCount) + hopCount) % hopCount, progress: phase - whole };
}

/**
 * Every trace's dot at `nowMs`, each looping over its hops (one hop every `hopMs`), moving along the
 * path from the previous hop for SWARM_MOVE_SHARE of it. Traces whose elements are not drawn are left out.
 */
export function swarmDots(traces: readonly PacketTrace[], nowMs: number, hopMs: number, scene: Scene): SwarmDot[] {
  const out: SwarmDot[] = [];
  traces.forEach((trace, i) => {
    const hops = trace.hops;
    if (hops.length === 0) return;
    const { hop, progress } = swarmPhase(i, hops.length, nowMs, hopMs);
    const path = hopPath(hops, hop, scene);
    const f = flightFrame({ path, startMs: 0, durationMs: SWARM_MOVE_SHARE }, progress);
    if (!f) return;
    const h = hops[hop];
    const dropped = trace.outcome.dropHop === hop || (h.kind === 'drop' && !trace.outcome.delivered);
    out.push({ ...f, color: dropped ? 'drop' : h.direction });
  });
  return out;
}
