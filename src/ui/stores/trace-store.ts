// Packet traces the learner asked for (the Packets form, `kubectl exec … -- curl` in the terminal,
// what-if replays): the last MAX_TRACES, the one selected, the hop on stage, the playback (playing,
// speed, quiet hops skipped or not), the trace it is compared with and the form's prefill (the
// inspector's "Send a packet from this pod") and "play all" (every listed trace loops on the overlay
// at once). Pure reducers over plain data plus a vanilla store; the traces themselves are never changed.

import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { PacketTrace, TraceHop } from '../../worker/protocol';
import { DEFAULT_CNI, DEFAULT_PROXY_MODE } from '../../worker/protocol';
import { testHooksEnabled } from '../editor/test-hook';
import { clusterStore } from './cluster-store';

/** Enough for "play all" to put a few hundred packets on the canvas at once (issue #6). */
export const MAX_TRACES = 200;
export const SPEEDS = [0.5, 1, 2] as const;
export type TraceSpeed = (typeof SPEEDS)[number];
/** Wall ms one hop takes at 1x. */
export const HOP_MS = 900;

export type TraceSource = 'form' | 'terminal';

/** The CNI back end and kube-proxy mode a trace ran under. */
export interface Dataplane {
  cni: string;
  proxyMode: string;
}

export interface TraceEntry {
  /** UI-local, unique for the session (engine ids start over when the cluster is rebuilt) */
  uid: number;
  source: TraceSource;
  trace: PacketTrace;
  /** the cluster's settings when it was taken, what-if overrides applied (absent: not known) */
  dataplane?: Dataplane;
  /** a what-if replay of this entry */
  whatIfOf?: number;
}

/** What the Send form should show next: set by the inspector's "Send a packet…" buttons. */
export interface FormDraft {
  /** the form's source value: 'pod:default/client', 'node:node-1', 'external' */
  source?: string;
  destination?: string;
  port?: string;
  protocol?: 'TCP' | 'UDP' | 'ICMP';
  /** rises with every prefill, so the same draft twice still applies */
  seq: number;
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
  /** fold netfilter hops where no rule acted into the hop before; stepping and playback skip them */
  hideQuiet: boolean;
  /** the entry the selected trace is compared with (a table instead of the hops), or null */
  compare: number | null;
  draft: FormDraft | null;
  /** every listed trace loops on the overlay at once, the selected one still ringed and labelled */
  playAll: boolean;
}

export const EMPTY_TRACES: TraceState = { entries: [], selected: null, hop: 0, playing: false, speed: 1, nextUid: 1, hideQuiet: true, compare: null, draft: null, playAll: false };

/**
 * A netfilter hook the packet went through untouched: no rule matched, the chain's policy ACCEPT let
 * it pass (the walker writes such hops without a rule, e.g. 'FORWARD (filter): no rule acted on it').
 */
export function isQuietHop(hop: TraceHop): boolean {
  return hop.kind === 'netfilter' && !hop.rule && (hop.verdict === undefined || hop.verdict === 'ACCEPT');
}

/** Whether the hop at `index` is folded away in `s` (the one on stage never is). */
function isHidden(s: TraceState, hops: readonly TraceHop[], index: number): boolean {
  return s.hideQuiet && isQuietHop(hops[index]);
}

/** The next hop index after `from` in direction `dir` that is shown, or undefined. */
function nextShown(s: TraceState, from: number, dir: 1 | -1): number | undefined {
  const hops = selectedEntry(s)?.trace.hops ?? [];
  for (let i = from + dir; i >= 0 && i < hops.length; i += dir) if (!isHidden(s, hops, i)) return i;
  return undefined;
}

export function selectedEntry(s: TraceState): TraceEntry | undefined {
  return s.selected === null ? undefined : s.entries.find((e) => e.uid === s.selected);
}

function hopCount(s: TraceState): number {
  return selectedEntry(s)?.trace.hops.length ?? 0;
}

/**
 * A new trace goes on top, is selected and starts playing from its first hop. `meta.dataplane`: what
 * it ran under; `meta.whatIfOf`: the entry it replays under another dataplane (the compare view opens
 * on the pair only when asked, so the new trace's hops play first).
 */
export function add(s: TraceState, trace: PacketTrace, source: TraceSource, meta: { dataplane?: Dataplane; whatIfOf?: number } = {}): TraceState {
  const entry: TraceEntry = {
    uid: s.nextUid,
    source,
    trace,
    ...(meta.dataplane ? { dataplane: meta.dataplane } : {}),
    ...(meta.whatIfOf !== undefined ? { whatIfOf: meta.whatIfOf } : {}),
  };
  return { ...s, entries: [entry, ...s.entries].slice(0, MAX_TRACES), selected: entry.uid, hop: 0, playing: trace.hops.length > 1, nextUid: s.nextUid + 1, compare: null };
}

export function select(s: TraceState, uid: number): TraceState {
  if (!s.entries.some((e) => e.uid === uid)) return s;
  if (s.selected === uid) return s;
  return { ...s, selected: uid, hop: 0, playing: false, compare: null };
}

/** Close the trace view (the list keeps it): the overlay clears. */
export function deselect(s: TraceState): TraceState {
  return s.selected === null ? s : { ...s, selected: null, hop: 0, playing: false, compare: null };
}

/** Compare the selected trace with entry `uid` (null: back to the hops). */
export function setCompare(s: TraceState, uid: number | null): TraceState {
  if (uid !== null && (uid === s.selected || !s.entries.some((e) => e.uid === uid))) return s;
  return uid === s.compare ? s : { ...s, compare: uid };
}

/** Show or fold the quiet netfilter hops; a folded hop on stage moves back to the hop it folds into. */
export function setHideQuiet(s: TraceState, hideQuiet: boolean): TraceState {
  if (hideQuiet === s.hideQuiet) return s;
  const next = { ...s, hideQuiet };
  const hops = selectedEntry(next)?.trace.hops ?? [];
  if (hideQuiet && hops[next.hop] && isHidden(next, hops, next.hop)) return { ...next, hop: nextShown(next, next.hop, -1) ?? 0 };
  return next;
}

/** Loop every listed trace on the overlay at once (on) or only the selected one (off). */
export function setPlayAll(s: TraceState, playAll: boolean): TraceState {
  return playAll === s.playAll ? s : { ...s, playAll };
}

/** Ask the Send form to show these values (the inspector's "Send a packet from / to this pod"). */
export function prefill(s: TraceState, draft: Omit<FormDraft, 'seq'>): TraceState {
  return { ...s, draft: { ...draft, seq: (s.draft?.seq ?? 0) + 1 } };
}

/** Put the hop at `index` on stage (clamped); seeking pauses. */
export function seek(s: TraceState, index: number): TraceState {
  const n = hopCount(s);
  if (n === 0) return s;
  const hop = Math.max(0, Math.min(n - 1, Math.round(index)));
  return hop === s.hop && !s.playing ? s : { ...s, hop, playing: false };
}

/** One shown hop on (quiet hops are skipped while folded); pauses. */
export function stepForward(s: TraceState): TraceState {
  return seek(s, nextShown(s, s.hop, 1) ?? s.hop);
}

export function stepBack(s: TraceState): TraceState {
  return seek(s, nextShown(s, s.hop, -1) ?? s.hop);
}

/** The playback's own step: moves on one shown hop, and stops at the last one. */
export function tick(s: TraceState): TraceState {
  if (!s.playing) return s;
  const hop = nextShown(s, s.hop, 1);
  if (hop === undefined) return { ...s, playing: false };
  return { ...s, hop, playing: nextShown(s, hop, 1) !== undefined };
}

/** Play from the current hop; at the end, start over. */
export function play(s: TraceState): TraceState {
  const n = hopCount(s);
  if (n < 2 || s.playing) return s;
  return { ...s, playing: true, hop: nextShown(s, s.hop, 1) === undefined ? 0 : s.hop };
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

/** The running cluster's dataplane, read when a trace arrives (the cluster may be rebuilt later). */
function currentDataplane(): Dataplane | undefined {
  const settings = clusterStore.getState().settings;
  return settings ? { cni: settings.cni ?? DEFAULT_CNI, proxyMode: settings.proxyMode ?? DEFAULT_PROXY_MODE } : undefined;
}

/** A trace's dataplane: the cluster's, with the what-if overrides it ran under. */
function dataplaneOf(trace: PacketTrace, base: Dataplane | undefined): Dataplane | undefined {
  if (!base) return undefined;
  return { cni: trace.whatIf?.cni ?? base.cni, proxyMode: trace.whatIf?.proxyMode ?? base.proxyMode };
}

export const traceActions = {
  add: (trace: PacketTrace, source: TraceSource, whatIfOf?: number) =>
    apply((s) => {
      const dataplane = dataplaneOf(trace, currentDataplane());
      return add(s, trace, source, { ...(dataplane ? { dataplane } : {}), ...(whatIfOf !== undefined ? { whatIfOf } : {}) });
    }),
  select: (uid: number) => apply((s) => select(s, uid)),
  deselect: () => apply(deselect),
  setCompare: (uid: number | null) => apply((s) => setCompare(s, uid)),
  setHideQuiet: (hide: boolean) => apply((s) => setHideQuiet(s, hide)),
  prefill: (draft: Omit<FormDraft, 'seq'>) => apply((s) => prefill(s, draft)),
  clearDraft: () => apply((s) => (s.draft === null ? s : { ...s, draft: null })),
  seek: (index: number) => apply((s) => seek(s, index)),
  stepForward: () => apply(stepForward),
  stepBack: () => apply(stepBack),
  play: () => apply(play),
  pause: () => apply(pause),
  toggle: () => apply((s) => (s.playing ? pause(s) : play(s))),
  setSpeed: (speed: number) => apply((s) => setSpeed(s, speed)),
  tick: () => apply(tick),
  setPlayAll: (on: boolean) => apply((s) => setPlayAll(s, on)),
  togglePlayAll: () => apply((s) => setPlayAll(s, !s.playAll)),
};

declare global {
  interface Window {
    /** test builds only: show a hand-made trace as if the engine had sent it (overlay and panel checks) */
    __sandboxTraces?: { add(trace: PacketTrace): void; playAll(on: boolean): void };
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
  if (typeof window !== 'undefined' && testHooksEnabled()) window.__sandboxTraces = { add: (trace) => traceActions.add(trace, 'form'), playAll: traceActions.setPlayAll };
  driver = () => {
    clearTimeout(timer);
    unsubscribe();
    driver = null;
  };
  return driver;
}
