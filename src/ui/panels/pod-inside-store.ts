// Which pod's open-pod view is showing (PodInside.tsx): opened from the pod inspector's "Open pod"
// button or a double-click on the pod's card.

import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

export const podInsideStore = createStore<{ podKey: string | null }>()(() => ({ podKey: null }));

export function usePodInside(): string | null {
  return useStore(podInsideStore, (s) => s.podKey);
}

export function openPodInside(podKey: string): void {
  podInsideStore.setState({ podKey });
}

export function closePodInside(): void {
  podInsideStore.setState({ podKey: null });
}
