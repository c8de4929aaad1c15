// Which of the page's overlays is open: the scenario gallery, the keyboard shortcuts list, the tour.
// One at a time: opening one closes the others, so Esc always closes what the learner sees.

import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

export type Overlay = 'gallery' | 'shortcuts' | 'tour';

export const overlayStore = createStore<{ open: Overlay | null }>()(() => ({ open: null }));

export function useOverlay(): Overlay | null {
  return useStore(overlayStore, (s) => s.open);
}

export function openOverlay(which: Overlay): void {
  overlayStore.setState({ open: which });
}

export function closeOverlay(which?: Overlay): void {
  if (which === undefined || overlayStore.getState().open === which) overlayStore.setState({ open: null });
}
