// The Timeline tab's state: the worker's timeline status and entries (polled while the tab is open
// or the past is on show), the filter, and the actions that travel (go to, back to live, continue,
// switch branch). The canvas and inspector need nothing from here: the worker sends the past as an
// ordinary `ready`, and `clock.liveMs` tells everyone the past is on show.

import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { TimelineEntry, TimelineOp, TimelineStatus } from '../../worker/protocol';
import { engineClient } from '../bridge/engine-client';
import { DEFAULT_FILTER, mergeEntries, type TimelineFilter } from './timeline-model';

export interface TimelineState {
  status: TimelineStatus | null;
  entries: TimelineEntry[];
  filter: TimelineFilter;
  /** a travel request is in flight */
  busy: boolean;
  message?: string;
}

export const timelineStore = createStore<TimelineState>()(() => ({ status: null, entries: [], filter: DEFAULT_FILTER, busy: false }));

export function useTimelineStore<T>(selector: (s: TimelineState) => T): T {
  return useStore(timelineStore, selector);
}

export function setFilter(patch: Partial<TimelineFilter>): void {
  timelineStore.setState((s) => ({ filter: { ...s.filter, ...patch } }));
}

let inFlight = false;

async function send(op: TimelineOp): Promise<void> {
  const reply = await engineClient.request({ kind: 'timeline', op });
  if (reply.kind !== 'timeline') {
    timelineStore.setState({ message: reply.message });
    return;
  }
  const prev = timelineStore.getState();
  const replace = !prev.status || prev.status.generation !== reply.status.generation || op.op !== 'status' || op.sinceSeq === undefined;
  timelineStore.setState({
    status: reply.status,
    entries: reply.entries ? mergeEntries(prev.entries, reply.entries, replace) : prev.entries,
    message: reply.message,
  });
}

/** Fetch what is new since the last poll (skipped while one is in flight). */
export async function refreshTimeline(): Promise<void> {
  if (inFlight) return;
  inFlight = true;
  try {
    const { status, entries } = timelineStore.getState();
    const last = entries.length ? entries[entries.length - 1].seq : undefined;
    await send({ op: 'status', ...(status && last !== undefined ? { sinceSeq: last, generation: status.generation } : {}) });
  } catch {
    // The worker was lost mid-poll (a crash): the persistence banner says so, the next poll retries.
  } finally {
    inFlight = false;
  }
}

async function travel(op: TimelineOp): Promise<void> {
  timelineStore.setState({ busy: true });
  try {
    await send(op);
  } finally {
    timelineStore.setState({ busy: false });
  }
}

export const gotoTime = (atMs: number) => travel({ op: 'goto', atMs });
export const backToLive = () => travel({ op: 'live' });
export const continueFromHere = () => travel({ op: 'continue' });
export const switchBranch = (branchId: number) => travel({ op: 'switchBranch', branchId });
