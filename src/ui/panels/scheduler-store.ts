// The Scheduler panel's UI state: what the main area shows (the live loops, one attempt's detail,
// or the learner's hand placement against the scheduler's pick), the fetched attempt details, and
// the playback queue. The playback is fed from the cluster store from app start (so attempts made
// while another tab was open can still be replayed when the panel opens); the panel advances it.

import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { AttemptDetail, AttemptSummary } from '../../worker/protocol';
import { engineClient } from '../bridge/engine-client';
import { clusterStore } from '../stores/cluster-store';
import type { HandPlacement } from './scheduler-compare';
import { EMPTY_PLAYBACK, receive, seed, type PlaybackState } from './scheduler-playback';

export type SchedulerView = { mode: 'live' } | { mode: 'attempt'; id: number } | { mode: 'placement' };

/** An attempt's detail: loading, loaded, or gone (the engine keeps only the last 200). */
export type DetailEntry = { status: 'loading' } | { status: 'ready'; detail: AttemptDetail } | { status: 'gone' } | { status: 'error'; message: string };

export interface SchedulerPanelState {
  view: SchedulerView;
  details: ReadonlyMap<string, DetailEntry>;
  playback: PlaybackState;
  /** wall ms of the playback's last tick: where the pod on stage is drawn */
  nowMs: number;
  /** the learner's last manual placement of a Pending pod, compared with the scheduler's pick */
  handPlacement: HandPlacement | null;
}

export const schedulerStore = createStore<SchedulerPanelState>()(() => ({
  view: { mode: 'live' },
  details: new Map(),
  playback: EMPTY_PLAYBACK,
  nowMs: 0,
  handPlacement: null,
}));

export function useSchedulerStore<T>(selector: (s: SchedulerPanelState) => T): T {
  return useStore(schedulerStore, selector);
}

export function showLive(): void {
  schedulerStore.setState({ view: { mode: 'live' } });
}

export function showPlacement(): void {
  schedulerStore.setState({ view: { mode: 'placement' } });
}

export function setHandPlacement(handPlacement: HandPlacement | null): void {
  schedulerStore.setState({ handPlacement });
}

/**
 * Details are cached by id and pod uid: ids start again at 1 when the cluster is rebuilt, so the
 * uid keeps an old cluster's detail from answering for a new one.
 */
export function detailKey(a: Pick<AttemptSummary, 'id' | 'pod'>): string {
  return `${a.id}:${a.pod.uid}`;
}

/** As many details as the engine keeps attempts; the oldest fetched go first. */
const MAX_DETAILS = 200;

function setDetail(key: string, entry: DetailEntry): void {
  const details = new Map(schedulerStore.getState().details);
  details.delete(key);
  details.set(key, entry);
  for (const old of details.keys()) {
    if (details.size <= MAX_DETAILS) break;
    details.delete(old);
  }
  schedulerStore.setState({ details });
}

/** Show one attempt in full, fetching it unless it is already here. */
export function showAttempt(a: AttemptSummary): void {
  schedulerStore.setState({ view: { mode: 'attempt', id: a.id } });
  const key = detailKey(a);
  const held = schedulerStore.getState().details.get(key);
  if (held && held.status !== 'error') return;
  setDetail(key, { status: 'loading' });
  engineClient.request({ kind: 'schedulingAttempt', id: a.id }).then(
    (reply) => {
      if (reply.kind === 'error') setDetail(key, { status: 'error', message: reply.message });
      else setDetail(key, reply.detail && reply.detail.pod.uid === a.pod.uid ? { status: 'ready', detail: reply.detail } : { status: 'gone' });
    },
    (err: unknown) => setDetail(key, { status: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
}

export function setPlayback(playback: PlaybackState): void {
  if (playback !== schedulerStore.getState().playback) schedulerStore.setState({ playback });
}

let tracking: (() => void) | null = null;

/**
 * Follow the cluster store's attempts into the playback queue (idempotent; returns the unsubscribe).
 * What the first snapshot brings is history, not replayed; so is a rebuilt cluster's.
 */
export function startAttemptTracking(now: () => number = () => performance.now()): () => void {
  if (tracking) return tracking;
  let connected = clusterStore.getState().connected;
  setPlayback(seed(clusterStore.getState().attempts));
  const unsubscribe = clusterStore.subscribe((s, prev) => {
    if (s.connected && !connected) {
      connected = true;
      setPlayback(seed(s.attempts));
      return;
    }
    connected = s.connected;
    if (s.attempts !== prev.attempts) {
      const playback = schedulerStore.getState().playback;
      const next = receive(playback, s.attempts, now());
      // A rebuilt cluster: forget the old cluster's details and view.
      if (next.lastId < playback.lastId) schedulerStore.setState({ details: new Map(), view: { mode: 'live' }, handPlacement: null });
      setPlayback(next);
    }
  });
  tracking = () => {
    unsubscribe();
    tracking = null;
  };
  return tracking;
}
