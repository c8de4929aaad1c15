// Transient API-write activity for the control-plane pulses. Not state: nothing re-renders; the
// canvas subscribes and animates DOM elements directly (zustand's transient-update idea).

import type { WriteActivity } from '../../worker/protocol';

type Listener = (writes: readonly WriteActivity[]) => void;

const listeners = new Set<Listener>();

export function subscribeWrites(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function publishWrites(writes: readonly WriteActivity[]): void {
  if (writes.length === 0) return;
  for (const l of listeners) l(writes);
}

/**
 * Which link a writer's request travels on: 'kube-scheduler', 'kube-controller-manager',
 * 'kubelet/<node>', 'kubectl', or undefined when only the apiserver-etcd link applies.
 */
export function linkOfWriter(writer: string): string | undefined {
  if (writer === 'kube-scheduler' || writer === 'default-scheduler') return 'kube-scheduler';
  if (writer.startsWith('kubelet')) return writer;
  if (writer.startsWith('kubectl') || writer === 'editor') return 'kubectl';
  if (writer === 'kube-apiserver' || writer === 'system' || writer === '') return undefined;
  // Every controller runs inside kube-controller-manager: replicaset-controller, garbage-collector...
  return 'kube-controller-manager';
}
