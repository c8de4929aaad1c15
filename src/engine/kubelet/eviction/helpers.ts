// The eviction manager's pure parts: the memory.available signal, the hard threshold, the order in
// which pods are evicted under memory pressure and the message an evicted pod carries.
// UPSTREAM: pkg/kubelet/eviction/helpers.go (makeSignalObservations, thresholdsMet, rankMemoryPressure,
//           exceedMemoryRequests, priority, memory, evictionMessage), pkg/kubelet/eviction/api/types.go
// SIMPLIFICATION: only memory.available is observed (no nodefs/imagefs/pid signals, no soft thresholds,
// no allocatable.memory.available), with the default hard threshold and no --eviction-minimum-reclaim.

import type { Pod } from 'kubernetes-types/core/v1';
import { formatBytes } from '../../api/quantity';
import { podRequests } from '../../api/resource';
import { SYSTEM_CRITICAL_PRIORITY } from '../../apiserver/registry/priorityclass';

/** The kubelet's default --eviction-hard memory threshold: memory.available<100Mi. */
export const MEMORY_AVAILABLE_HARD_THRESHOLD_BYTES = 100 * 1024 * 1024;
/** --eviction-pressure-transition-period (5 min): how long a pressure condition stays after it was last observed. */
export const PRESSURE_TRANSITION_PERIOD_MS = 5 * 60_000;
/** evictionMonitoringPeriod: the eviction manager's synchronize loop runs every 10 s. */
export const EVICTION_MONITORING_PERIOD_MS = 10_000;

/** Reason on an evicted pod's status and on its event. */
export const EVICTED_REASON = 'Evicted';

/** One pod's memory as the Summary API reports it: working-set bytes per running container. */
export interface PodMemoryStats {
  pod: Pod;
  containers: Array<{ name: string; workingSetBytes: number }>;
}

export function podWorkingSet(s: PodMemoryStats): number {
  return s.containers.reduce((n, c) => n + c.workingSetBytes, 0);
}

/** memory.available = capacity.memory - the node's working set (the kubelet's Summary API). */
export function memoryAvailable(capacityBytes: number, nodeWorkingSetBytes: number): number {
  return capacityBytes - nodeWorkingSetBytes;
}

/** thresholdsMet for memory.available<threshold (operator LessThan). */
export function memoryThresholdMet(availableBytes: number, thresholdBytes = MEMORY_AVAILABLE_HARD_THRESHOLD_BYTES): boolean {
  return availableBytes < thresholdBytes;
}

/** kubelettypes.IsCriticalPod: static and mirror pods, and priority >= system-cluster-critical's. */
export function isCriticalPod(pod: Pod): boolean {
  const ann = pod.metadata?.annotations ?? {};
  if (ann['kubernetes.io/config.mirror'] !== undefined) return true;
  if (ann['kubernetes.io/config.source'] !== undefined && ann['kubernetes.io/config.source'] !== 'api') return true;
  return (pod.spec?.priority ?? 0) >= SYSTEM_CRITICAL_PRIORITY;
}

/**
 * rankMemoryPressure: orderedBy(exceedMemoryRequests, priority, memory): pods whose usage exceeds
 * their requests first; then lower priority first; then the larger usage above requests first.
 * Stable for ties (the input order: the kubelet's active pods).
 */
export function rankMemoryPressure(stats: readonly PodMemoryStats[]): PodMemoryStats[] {
  const usage = (s: PodMemoryStats) => podWorkingSet(s);
  const request = (s: PodMemoryStats) => podRequests(s.pod).memoryBytes;
  const exceeds = (s: PodMemoryStats) => usage(s) > request(s);
  const cmp = (a: PodMemoryStats, b: PodMemoryStats): number => {
    // exceedMemoryRequests: exceeding first
    const ea = exceeds(a);
    const eb = exceeds(b);
    if (ea !== eb) return ea ? -1 : 1;
    // priority: lower first
    const pa = a.pod.spec?.priority ?? 0;
    const pb = b.pod.spec?.priority ?? 0;
    if (pa !== pb) return pa - pb;
    // memory: usage above request, larger first
    return (usage(b) - request(b)) - (usage(a) - request(a));
  };
  return stats.map((s, i) => ({ s, i })).sort((x, y) => cmp(x.s, y.s) || x.i - y.i).map((x) => x.s);
}

/**
 * evictionMessage for memory: "The node was low on resource: memory. Threshold quantity: 100Mi,
 * available: 81920Ki. Container stress was using 1064Mi, request is 0, has larger consumption of memory. "
 * (each sentence ends with a space, as upstream's format strings do). Quantities print as
 * resource.Quantity's BinarySI canonical form.
 */
export function evictionMessage(s: PodMemoryStats, thresholdBytes: number, availableBytes: number): string {
  let message = 'The node was low on resource: memory. ';
  message += `Threshold quantity: ${formatBytes(thresholdBytes)}, available: ${quantityString(availableBytes)}. `;
  for (const cs of s.containers) {
    const spec = (s.pod.spec?.containers ?? []).find((c) => c.name === cs.name);
    if (!spec) continue;
    const req = spec.resources?.requests?.memory;
    const reqBytes = podRequests({ spec: { containers: [{ name: spec.name, resources: { requests: req !== undefined ? { memory: req } : {} } }] } }).memoryBytes;
    if (cs.workingSetBytes > reqBytes) {
      message += `Container ${cs.name} was using ${quantityString(cs.workingSetBytes)}, request is ${req === undefined ? '0' : /i$/.test(String(req)) ? formatBytes(reqBytes) : String(req)}, has larger consumption of memory. `;
    }
  }
  return message;
}

/** resource.NewQuantity(n, BinarySI).String(): the largest binary suffix dividing exactly; negative keeps its sign. */
function quantityString(n: number): string {
  return n < 0 ? `-${formatBytes(-n)}` : formatBytes(n);
}
