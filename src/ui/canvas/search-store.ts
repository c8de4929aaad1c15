// UI-only state of the canvas search (Ctrl+K or `/`) and the namespace/label filter, and the hook
// that turns them into per-node marks for the canvas. Nothing here reaches the engine.

import { useMemo } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { ClusterState } from '../stores/cluster-store';
import { useClusterStore } from '../stores/cluster-store';
import { canvasMarks, isFilterActive, marksSignature, NO_FILTER, parseMarksSignature, searchCanvas, type CanvasFilter, type Mark, type SearchItem } from './search-model';

interface SearchState {
  searchOpen: boolean;
  query: string;
  filterOpen: boolean;
  filter: CanvasFilter;
}

export const searchStore = createStore<SearchState>()(() => ({ searchOpen: false, query: '', filterOpen: false, filter: NO_FILTER }));

export function useSearchStore<T>(selector: (s: SearchState) => T): T {
  return useStore(searchStore, selector);
}

export function openSearch(): void {
  searchStore.setState({ searchOpen: true, filterOpen: false });
}

export function closeSearch(): void {
  searchStore.setState({ searchOpen: false, query: '' });
}

export function setQuery(query: string): void {
  searchStore.setState({ query });
}

export function setFilterOpen(filterOpen: boolean): void {
  searchStore.setState({ filterOpen, ...(filterOpen ? { searchOpen: false, query: '' } : {}) });
}

export function setFilter(filter: CanvasFilter): void {
  searchStore.setState({ filter });
}

export function clearFilter(): void {
  searchStore.setState({ filter: NO_FILTER });
}

/** What the canvas draws that search and filter know about: pods, nodes and Services. */
export function searchItemsOf(s: Pick<ClusterState, 'objects'>): SearchItem[] {
  const items: SearchItem[] = [];
  for (const [id, v] of s.objects) {
    if (v.kind === 'Pod') items.push({ id, kind: 'Pod', name: v.name, namespace: v.namespace, labels: v.labels });
    else if (v.kind === 'Service') items.push({ id, kind: 'Service', name: v.name, namespace: v.namespace });
    else if (v.kind === 'Node') items.push({ id, kind: 'Node', name: v.name });
  }
  return items;
}

/**
 * The marks the canvas applies. The store selector returns a string signature, so a delta that
 * changes a pod's status (not which pods match) does not re-render the canvas.
 */
export function useCanvasMarks(): ReadonlyMap<string, Mark> {
  const filter = useSearchStore((s) => s.filter);
  const query = useSearchStore((s) => (s.searchOpen ? s.query : ''));
  const sig = useClusterStore((s) => {
    if (!isFilterActive(filter) && !query.trim()) return '';
    const items = searchItemsOf(s);
    const highlighted = new Set(searchCanvas(items, query).map((h) => h.item.id));
    return marksSignature(canvasMarks(items, filter, highlighted));
  });
  return useMemo(() => parseMarksSignature(sig), [sig]);
}
