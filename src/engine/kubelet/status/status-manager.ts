// The kubelet's status manager: write the pod status the runtime implies, only when it changed.
// UPSTREAM: pkg/kubelet/status/status_manager.go (SetPodStatus, syncPod)
// SIMPLIFICATION: written at once from the pod worker's sync, not by a separate batching loop.

import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import type { Client } from '../../client/clientset';
import type { WorkQueue } from '../../client/workqueue';
import type { RuntimePod } from '../runtime';
import { generatePodStatus } from './generate';

export interface StatusManagerDeps {
  readonly client: Client;
  /** the pod-worker queue: a failed write re-queues the pod with back-off */
  readonly queue: WorkQueue;
  /** the node's InternalIP (status.hostIP) */
  readonly internalIP: string;
}

/** Compute the pod's status from the runtime and write it when it changed. Returns the phase now in the API. */
export function writeStatus(deps: StatusManagerDeps, pod: Pod & KubeObject, rp: RuntimePod): string | undefined {
  const old = pod.status ?? {};
  const next = generatePodStatus(pod, rp, deps.internalIP, deps.client.timestamp());
  if (JSON.stringify(next) === JSON.stringify(old)) return next.phase;
  const res = deps.client.updateStatus({ ...pod, status: next } as Pod & KubeObject);
  if (!res.ok) {
    deps.queue.addRateLimited(rp.key);
    return old.phase;
  }
  return next.phase;
}
