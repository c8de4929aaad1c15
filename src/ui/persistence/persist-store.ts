// What the persistence shows the learner: one notice at a time (a crash and its recovery, a refused
// import with its reasons). Written by session.ts and the scenario menu; read by PersistBanner.

import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export interface PersistNotice {
  kind: 'busy' | 'info' | 'error';
  text: string;
  /** details, one per line (e.g. what is wrong where in an imported file); shown as text */
  lines?: string[];
  /** 'crash' | 'import' | 'restore': lets tests and styles tell them apart */
  topic: string;
}

export interface PersistState {
  notice: PersistNotice | null;
}

export const persistStore = createStore<PersistState>()(() => ({ notice: null }));

export function usePersistStore<T>(selector: (s: PersistState) => T): T {
  return useStore(persistStore, selector);
}

export function showNotice(notice: PersistNotice | null): void {
  persistStore.setState({ notice });
}
