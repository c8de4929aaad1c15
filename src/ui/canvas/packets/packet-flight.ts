// A packet in flight on the overlay: a path (screen points, re-measured every frame so the dot
// follows pan and zoom), when it started and how long it takes. Pure: the position and the trail at
// a wall time, for any number of flights (the draw loop runs over an array, no per-packet React).

import { pathLength, pointAt, type Pt } from './packet-geometry';

export interface Flight {
  path: readonly Pt[];
  startMs: number;
  /** 0: already there (reduced motion, a jump) */
  durationMs: number;
}

export interface FlightFrame {
  at: Pt;
  /** older positions first, for the fading trail; empty when not moving */
  trail: Pt[];
  moving: boolean;
}

export const TRAIL_POINTS = 6;
/** The trail's length in screen px (at most), spread over TRAIL_POINTS. */
export const TRAIL_PX = 42;

const easeInOut = (t: number) => (t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2);

export function flightFrame(f: Flight, nowMs: number): FlightFrame | undefined {
  if (f.path.length === 0) return undefined;
  const raw = f.durationMs <= 0 ? 1 : (nowMs - f.startMs) / f.durationMs;
  const t = easeInOut(Math.max(0, Math.min(1, raw)));
  const at = pointAt(f.path, t);
  if (!at) return undefined;
  if (t >= 1 || t <= 0) return { at, trail: [], moving: t < 1 };
  const len = pathLength(f.path);
  const step = len > 0 ? TRAIL_PX / len / TRAIL_POINTS : 0;
  const trail: Pt[] = [];
  for (let k = TRAIL_POINTS; k >= 1; k--) {
    const p = pointAt(f.path, t - k * step);
    if (p && t - k * step > 0) trail.push(p);
  }
  return { at, trail, moving: true };
}

/** The frame of every flight at `nowMs`, and whether any is still moving (the loop keeps running). */
export function flightFrames(flights: readonly Flight[], nowMs: number): { frames: FlightFrame[]; moving: boolean } {
  const frames: FlightFrame[] = [];
  let moving = false;
  for (const f of flights) {
    const fr = flightFrame(f, nowMs);
    if (!fr) continue;
    frames.push(fr);
    moving ||= fr.moving;
  }
  return { frames, moving };
}

/** How long the dot takes between two hops: most of a hop's time, so it rests a moment on each. */
export function flightMs(hopMs: number, reducedMotion: boolean): number {
  return reducedMotion ? 0 : Math.min(700, hopMs * 0.7);
}
