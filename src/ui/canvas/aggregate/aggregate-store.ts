// Which containers draw their pods in detail right now (aggregate-model.ts decides). Written by
// AggregateViewport from React Flow's viewport through a transient subscription (zustand's
// `subscribe`, no React render per pan frame); read by the canvas, which re-renders only when the set
// of detailed containers changes (its key), not on every frame of a pan or zoom.

import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export interface AggregateState {
  /** containers drawn in detail; null: not computed for a big cluster yet, or a small one (see useAggregatedFlow) */
  detailed: ReadonlySet<string> | null;
  /** detailKey(detailed): equal keys never replace the set */
  key: string;
}

export const aggregateStore = createStore<AggregateState>()(() => ({ detailed: null, key: '*' }));

export function useAggregateStore<T>(selector: (s: AggregateState) => T): T {
  return useStore(aggregateStore, selector);
}

export function setDetailed(detailed: ReadonlySet<string> | null, key: string): void {
  if (aggregateStore.getState().key === key) return;
  aggregateStore.setState({ detailed, key });
}
