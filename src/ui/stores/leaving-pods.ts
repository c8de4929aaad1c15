// Pods that just left the cluster, kept for a moment so the canvas can fade them out where they
// were (DESIGN.md: a pod "fades out when deleted"). Fed by a subscription to the cluster store;
// the canvas does not start it under prefers-reduced-motion, where a deleted pod simply vanishes.

import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { PodView } from '../../worker/protocol';
import { clusterStore, type ClusterState } from './cluster-store';

/** How long a deleted pod's card stays (the fade-out in canvas.css lasts as long). */
export const LEAVE_MS = 250;

export interface LeavingPod {
  /** the pod's last view, drawn faded */
  view: PodView;
  /** the podIdsByNode key it was listed under (a node name, or UNSCHEDULED) */
  nodeName: string;
}

export const leavingStore = createStore<{ pods: ReadonlyMap<string, LeavingPod> }>()(() => ({ pods: new Map() }));

export function useLeavingPods<T>(selector: (s: { pods: ReadonlyMap<string, LeavingPod> }) => T): T {
  return useStore(leavingStore, selector);
}

/** Pods listed in `prev` that are gone from `next` altogether (moving between nodes is not leaving). */
export function departedPods(prev: Pick<ClusterState, 'objects' | 'podIdsByNode'>, next: Pick<ClusterState, 'objects' | 'podIdsByNode'>): Map<string, LeavingPod> {
  const out = new Map<string, LeavingPod>();
  if (prev.podIdsByNode === next.podIdsByNode) return out;
  for (const [nodeName, ids] of prev.podIdsByNode) {
    if (next.podIdsByNode.get(nodeName) === ids) continue;
    for (const id of ids) {
      if (next.objects.has(id)) continue;
      const view = prev.objects.get(id);
      if (view?.kind === 'Pod') out.set(id, { view, nodeName });
    }
  }
  return out;
}

/** Start tracking leaving pods; returns the stop function (which also forgets them). */
export function startLeavingPods(): () => void {
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const unsubscribe = clusterStore.subscribe((next, prev) => {
    const gone = departedPods(prev, next);
    const current = leavingStore.getState().pods;
    let pods: Map<string, LeavingPod> | undefined;
    for (const id of current.keys()) {
      if (!next.objects.has(id)) continue; // back again (same name re-created): no ghost
      pods ??= new Map(current);
      pods.delete(id);
    }
    if (gone.size > 0) {
      pods ??= new Map(current);
      for (const [id, p] of gone) pods.set(id, p);
      const timer = setTimeout(() => {
        timers.delete(timer);
        const now = leavingStore.getState().pods;
        const left = new Map(now);
        for (const [id, p] of gone) if (left.get(id) === p) left.delete(id);
        if (left.size !== now.size) leavingStore.setState({ pods: left });
      }, LEAVE_MS);
      timers.add(timer);
    }
    if (pods) leavingStore.setState({ pods });
  });
  return () => {
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    timers.clear();
    leavingStore.setState({ pods: new Map() });
  };
}
