// Playing scheduling attempts back at a human pace. The engine schedules a 3-replica Deployment in
// one simulated instant; the panel shows its attempts one after another (~1.2 s each at 1x) and,
// when too many are waiting, skips the oldest to keep up and says how many it skipped.
// Pure functions over plain data: the panel drives them with wall-clock time.

import type { AttemptSummary } from '../../worker/protocol';

/** Wall ms one attempt takes at 1x clock speed; proportionally less at higher speeds. */
export const ATTEMPT_MS = 1200;
/** Below this an attempt cannot be followed at all (100x would give 12 ms). */
export const MIN_ATTEMPT_MS = 300;
/** 0.25x would give 4.8 s per attempt: slow motion, but not that slow. */
export const MAX_ATTEMPT_MS = 2400;
/** More than this many attempts waiting: skip ahead. */
export const MAX_WAITING = 5;
/** After a skip, this many attempts still wait behind the one that starts (the newest ones). */
export const KEEP_AFTER_SKIP = 2;
/** Attempts that arrived longer ago than this (while the panel was hidden) are history, not replayed. */
export const RECENT_MS = 15_000;
/** Share of an attempt spent walking the stages; the rest shows the result. */
export const STAGES_SHARE = 0.6;

export interface Arrived {
  attempt: AttemptSummary;
  /** wall ms when the UI received it */
  arrivedMs: number;
}

export interface Playing {
  attempt: AttemptSummary;
  startedMs: number;
  durationMs: number;
  /** attempts skipped right before this one to keep up */
  skipped: number;
}

export interface PlaybackState {
  /** received, not yet played, oldest first */
  waiting: readonly Arrived[];
  /** the attempt on stage; it stays (showing its result) until the next one starts */
  current: Playing | null;
  /** the highest attempt id received */
  lastId: number;
}

export const EMPTY_PLAYBACK: PlaybackState = { waiting: [], current: null, lastId: 0 };

/** How long one attempt plays at clock `speed`: 1.2 s at 1x, 120 ms at 10x, clamped. */
export function attemptDurationMs(speed: number): number {
  const s = speed > 0 ? speed : 1;
  return Math.min(MAX_ATTEMPT_MS, Math.max(MIN_ATTEMPT_MS, ATTEMPT_MS / s));
}

/** An attempt shown at its end at once (history, not replayed). */
export function settled(attempt: AttemptSummary): Playing {
  return { attempt, startedMs: Number.NEGATIVE_INFINITY, durationMs: 0, skipped: 0 };
}

/**
 * Treat everything in `attempts` as already seen (first snapshot, cluster rebuilt); the newest is
 * on stage with its result, so the panel never claims "no attempts" beside a list of them.
 */
export function seed(attempts: readonly AttemptSummary[]): PlaybackState {
  const last = attempts.length ? attempts[attempts.length - 1] : undefined;
  return { waiting: [], current: last ? settled(last) : null, lastId: last?.id ?? 0 };
}

/**
 * Take the attempts the store holds (oldest first) and queue the ones not seen yet. Ids that went
 * backwards mean the cluster was rebuilt: start over with them as history.
 */
export function receive(state: PlaybackState, attempts: readonly AttemptSummary[], nowMs: number): PlaybackState {
  const newest = attempts.length ? attempts[attempts.length - 1].id : 0;
  if (newest < state.lastId) return seed(attempts);
  if (newest === state.lastId) return state;
  const fresh: Arrived[] = [];
  for (let i = attempts.length - 1; i >= 0 && attempts[i].id > state.lastId; i--) fresh.push({ attempt: attempts[i], arrivedMs: nowMs });
  fresh.reverse();
  return { ...state, waiting: state.waiting.concat(fresh), lastId: newest };
}

/**
 * Forget waiting attempts that arrived too long ago to be worth replaying (the panel was hidden);
 * when none is left to play, the newest forgotten one is shown at its end.
 */
export function dropStale(state: PlaybackState, nowMs: number): PlaybackState {
  const kept = state.waiting.filter((a) => nowMs - a.arrivedMs <= RECENT_MS);
  if (kept.length === state.waiting.length) return state;
  const newest = state.waiting[state.waiting.length - 1].attempt;
  return { ...state, waiting: kept, ...(kept.length === 0 ? { current: settled(newest) } : {}) };
}

export function isFinished(p: Playing, nowMs: number): boolean {
  return nowMs - p.startedMs >= p.durationMs;
}

/**
 * Start the next attempt when the current one has finished. With more than MAX_WAITING waiting,
 * skip the oldest so that only KEEP_AFTER_SKIP remain behind the one that starts.
 * Returns `state` itself when nothing changes.
 */
export function advance(state: PlaybackState, nowMs: number, speed: number): PlaybackState {
  if (state.waiting.length === 0) return state;
  if (state.current && !isFinished(state.current, nowMs)) return state;
  const skipped = state.waiting.length > MAX_WAITING ? state.waiting.length - KEEP_AFTER_SKIP - 1 : 0;
  const [next, ...rest] = state.waiting.slice(skipped);
  return {
    ...state,
    waiting: rest,
    current: { attempt: next.attempt, startedMs: nowMs, durationMs: attemptDurationMs(speed), skipped },
  };
}

/** The wall time at which `advance` or the stage shown can next change, or undefined when idle. */
export function nextWakeMs(state: PlaybackState, nowMs: number): number | undefined {
  const p = state.current;
  if (!p) return state.waiting.length ? nowMs : undefined;
  const stages = stagesFor(p.attempt).length;
  const end = p.startedMs + p.durationMs;
  if (nowMs >= end) return state.waiting.length ? nowMs : undefined;
  // The next stage boundary, or the end.
  const walk = p.durationMs * STAGES_SHARE;
  const step = walk / Math.max(1, stages);
  const elapsed = nowMs - p.startedMs;
  if (elapsed < walk) return p.startedMs + (Math.floor(elapsed / step) + 1) * step;
  return end;
}

// ---------------------------------------------------------------------------------------------
// Stages of one scheduling attempt.

/**
 * The scheduling framework's extension points the panel draws, in order. PostFilter is a branch:
 * it runs only when no node passed Filter.
 */
export type Stage = 'PreFilter' | 'Filter' | 'PostFilter' | 'PreScore' | 'Score' | 'Reserve' | 'Bind';
export const MAIN_STAGES: readonly Stage[] = ['PreFilter', 'Filter', 'PreScore', 'Score', 'Reserve', 'Bind'];

/**
 * The stages this attempt went through. Scheduled: PreFilter, Filter, then (with more than one
 * feasible node) PreScore and Score, Reserve and Bind; with one feasible node kube-scheduler skips
 * scoring. Unschedulable: PreFilter, Filter unless PreFilter already rejected the pod (no node was
 * evaluated), then PostFilter. Error: as far as filtering.
 */
export function stagesFor(a: AttemptSummary): Stage[] {
  if (a.result === 'Scheduled') {
    return a.feasibleNodes > 1 ? ['PreFilter', 'Filter', 'PreScore', 'Score', 'Reserve', 'Bind'] : ['PreFilter', 'Filter', 'Reserve', 'Bind'];
  }
  if (a.result === 'Unschedulable') return a.evaluatedNodes > 0 ? ['PreFilter', 'Filter', 'PostFilter'] : ['PreFilter', 'PostFilter'];
  return a.evaluatedNodes > 0 ? ['PreFilter', 'Filter'] : ['PreFilter'];
}

export interface StageProgress {
  /** the stage the pod is in, while walking */
  stage: Stage | null;
  /** stages already passed (the current one excluded) */
  passed: readonly Stage[];
  /** the walk is over: show the result */
  done: boolean;
}

/** Where the attempt's pod is at wall time `nowMs`. With reduced motion it is at the end at once. */
export function progressAt(p: Playing, nowMs: number, reducedMotion: boolean): StageProgress {
  const stages = stagesFor(p.attempt);
  const walk = p.durationMs * STAGES_SHARE;
  const elapsed = nowMs - p.startedMs;
  if (reducedMotion || elapsed >= walk) return { stage: null, passed: stages, done: true };
  const i = Math.min(stages.length - 1, Math.max(0, Math.floor((elapsed / walk) * stages.length)));
  return { stage: stages[i], passed: stages.slice(0, i), done: false };
}
