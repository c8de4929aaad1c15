// The eviction manager as a pod admit handler: under memory pressure the kubelet rejects BestEffort
// pods that do not tolerate the memory-pressure taint (critical pods are always admitted).
// UPSTREAM: pkg/kubelet/eviction/eviction_manager.go (managerImpl.Admit), pkg/apis/core/v1/helper/qos (GetPodQOS)

import type { Pod, Toleration } from 'kubernetes-types/core/v1';
import type { PodAdmitResult } from '../lifecycle/predicate';
import { EVICTED_REASON, isCriticalPod } from './helpers';

const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';

/** GetPodQOS == BestEffort: no container (init or app) requests or limits cpu or memory. */
export function isBestEffort(pod: Pod): boolean {
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    const r = { ...(c.resources?.requests ?? {}), ...(c.resources?.limits ?? {}) } as Record<string, unknown>;
    if (r.cpu !== undefined || r.memory !== undefined) return false;
  }
  return true;
}

/** TolerationsTolerateTaint for node.kubernetes.io/memory-pressure:NoSchedule. */
function toleratesMemoryPressure(tolerations: readonly Toleration[]): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== 'NoSchedule') return false;
    if (t.operator === 'Exists') return !t.key || t.key === TAINT_MEMORY_PRESSURE;
    return t.key === TAINT_MEMORY_PRESSURE && (t.value ?? '') === '';
  });
}

/** Admit under the node's current conditions (only MemoryPressure is modelled). */
export function admitUnderPressure(pod: Pod, memoryPressure: boolean): PodAdmitResult {
  if (!memoryPressure || isCriticalPod(pod)) return { admit: true };
  if (!isBestEffort(pod) || toleratesMemoryPressure(pod.spec?.tolerations ?? [])) return { admit: true };
  return { admit: false, reason: EVICTED_REASON, message: 'The node had condition: [MemoryPressure]. ' };
}
