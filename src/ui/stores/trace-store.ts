// Packet traces the learner asked for (the Packets form, `kubectl exec … -- curl` in the terminal):
// the last MAX_TRACES, the one selected, the hop on stage and the playback (playing, speed).
// Pure reducers over plain data plus a vanilla store; the traces themselves are never changed.

import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { PacketTrace } from '../../worker/protocol';
import { testHooksEnabled } from '../editor/test-hook';

export const MAX_TRACES = 20;
export const SPEEDS = [0.5, 1, 2] as const;
export type TraceSpeed = (typeof SPEEDS)[number];
/** Wall ms one hop takes at 1x. */
export const HOP_MS = 900;

export type TraceSource = 'form' | 'terminal';

export interface TraceEntry {
  /** UI-local, unique for the session (engine ids start over when the cluster is rebuilt) */
  uid: number;
  source: TraceSource;
  trace: PacketTrace;
}

export interface TraceState {
  /** newest first */
  entries: readonly TraceEntry[];
  selected: number | null;
  /** index into the selected trace's hops */
  hop: number;
  playing: boolean;
  speed: TraceSpeed;
  nextUid: number;
}

export const EMPTY_TRACES: TraceState = { entries: [], selected: null, hop: 0, playing: false, speed: 1, nextUid: 1 };

export function selectedEntry(s: TraceState): TraceEntry | undefined {
  return s.selected === null ? undefined : s.entries.find((e) => e.uid === s.selected);
}

function hopCount(s: TraceState): number {
  return selectedEntry(s)?.trace.hops.length ?? 0;
}

/** A new trace goes on top, is selected and starts playing from its first hop. */
export function add(s: TraceState, trace: PacketTrace, source: TraceSource): TraceState {
  const entry: TraceEntry = { uid: s.nextUid, source, trace };
  return { ...s, entries: [entry, ...s.entries].slice(0, MAX_TRACES), selected: entry.uid, hop: 0, playing: trace.hops.length > 1, nextUid: s.nextUid + 1 };
}

export function select(s: TraceState, uid: number): TraceState {
  if (!s.entries.some((e) => e.uid === uid)) return s;
  if (s.selected === uid) return s;
  return { ...s, selected: uid, hop: 0, playing: false };
}

/** Close the trace view (the list keeps it): the overlay clears. */
export function deselect(s: TraceState): TraceState {
  return s.selected === null ? s : { ...s, selected: null, hop: 0, playing: false };
}

/** Put the hop at `index` on stage (clamped); seeking pauses. */
export function seek(s: TraceState, index: number): TraceState {
  const n = hopCount(s);
  if (n === 0) return s;
  const hop = Math.max(0, Math.min(n - 1, Math.round(index)));
  return hop === s.hop && !s.playing ? s : { ...s, hop, playing: false };
}

export function stepForward(s: TraceState): TraceState {
  return seek(s, s.hop + 1);
}

export function stepBack(s: TraceState): TraceState {
  return seek(s, s.hop - 1);
}

/** The playback's own step: moves on one hop, and stops at the last one. */
export function tick(s: TraceState): TraceState {
  const n = hopCount(s);
  if (!s.playing) return s;
  if (s.hop >= n - 1) return { ...s, playing: false };
  const hop = s.hop + 1;
  return { ...s, hop, playing: hop < n - 1 };
}

/** Play from the current hop; at the end, start over. */
export function play(s: TraceState): TraceState {
  const n = hopCount(s);
  if (n < 2 || s.playing) return s;
  return { ...s, playing: true, hop: s.hop >= n - 1 ? 0 : s.hop };
}

export function pause(s: TraceState): TraceState {
  return s.playing ? { ...s, playing: false } : s;
}

export function setSpeed(s: TraceState, speed: number): TraceState {
  const match = SPEEDS.find((x) => x === speed);
  return match === undefined || match === s.speed ? s : { ...s, speed: match };
}

/** Wall ms one hop takes at `speed`. */
export function hopDurationMs(speed: number): number {
  return HOP_MS / (speed > 0 ? speed : 1);
}

// ---------------------------------------------------------------------------------------------
// The store and its actions.

export const traceStore = createStore<TraceState>()(() => EMPTY_TRACES);

export function useTraceStore<T>(selector: (s: TraceState) => T): T {
  return useStore(traceStore, selector);
}

function apply(f: (s: TraceState) => TraceState): void {
  const s = traceStore.getState();
  const next = f(s);
  if (next !== s) traceStore.setState(next, true);
}

export const traceActions = {
  add: (trace: PacketTrace, source: TraceSource) => apply((s) => add(s, trace, source)),
  select: (uid: number) => apply((s) => select(s, uid)),
  deselect: () => apply(deselect),
  seek: (index: number) => apply((s) => seek(s, index)),
  stepForward: () => apply(stepForward),
  stepBack: () => apply(stepBack),
  play: () => apply(play),
  pause: () => apply(pause),
  toggle: () => apply((s) => (s.playing ? pause(s) : play(s))),
  setSpeed: (speed: number) => apply((s) => setSpeed(s, speed)),
  tick: () => apply(tick),
};

declare global {
  interface Window {
    /** test builds only: show a hand-made trace as if the engine had sent it (overlay and panel checks) */
    __sandboxTraces?: { add(trace: PacketTrace): void };
  }
}

let driver: (() => void) | null = null;

/**
 * Advance the playback with wall time: while playing, one hop every hopDurationMs(speed). A timer per
 * hop (not per frame); the canvas overlay animates between hops on its own. Idempotent; returns the stop.
 */
export function startTracePlayback(): () => void {
  if (driver) return driver;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (s: TraceState) => {
    clearTimeout(timer);
    timer = s.playing ? setTimeout(traceActions.tick, hopDurationMs(s.speed)) : undefined;
  };
  const unsubscribe = traceStore.subscribe((s, prev) => {
    if (s.playing !== prev.playing || s.hop !== prev.hop || s.selected !== prev.selected || s.speed !== prev.speed) arm(s);
  });
  arm(traceStore.getState());
  if (typeof window !== 'undefined' && testHooksEnabled()) window.__sandboxTraces = { add: (trace) => traceActions.add(trace, 'form') };
  driver = () => {
    clearTimeout(timer);
    unsubscribe();
    driver = null;
  };
  return driver;
}
