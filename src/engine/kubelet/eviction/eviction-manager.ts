// The kubelet's eviction manager: every monitoring period it observes memory.available (capacity minus
// the node's working set), and while the hard threshold memory.available<100Mi is met it reports
// MemoryPressure, records EvictionThresholdMet on the node and evicts one pod (rankMemoryPressure's
// first non-critical pod): Failed, reason Evicted. MemoryPressure stays until the threshold has not been
// met for the pressure transition period (5 min).
// UPSTREAM: pkg/kubelet/eviction/eviction_manager.go (synchronize, evictPod, IsUnderMemoryPressure)
// SIMPLIFICATION: runs on the kubelet's 10 s heartbeat (upstream: its own 10 s loop, plus memcg
// notifications); the working set comes from the runtime's usage model (runtime/usage.ts) plus the
// node's own daemons, not from cAdvisor, and leaves out the memory a simulated load adds in
// metrics/metrics-server.ts (256 KiB per request/s); no node-level reclaim for memory (upstream has
// none either).

import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { bytes } from '../../api/quantity';
import type { Informer } from '../../client/informer';
import type { EventRecorder } from '../../client/record';
import type { RuntimePod } from '../runtime';
import { containerUsage, NODE_SYSTEM_MEMORY_BYTES } from '../runtime/usage';
import {
  EVICTED_REASON, evictionMessage, isCriticalPod, MEMORY_AVAILABLE_HARD_THRESHOLD_BYTES, memoryAvailable, memoryThresholdMet,
  podWorkingSet, PRESSURE_TRANSITION_PERIOD_MS, rankMemoryPressure, type PodMemoryStats,
} from './helpers';

/** Plain-JSON state (KubeletState.eviction). */
export interface EvictionState {
  /** thresholdsFirstObservedAt: simulated ms when memory.available<100Mi was first seen, while it stays met */
  firstObservedMs?: number;
  /** nodeConditionsLastObservedAt for MemoryPressure (simulated ms) */
  pressureLastObservedMs?: number;
  /** the last observation of memory.available, bytes */
  availableBytes?: number;
}

export interface EvictionDeps {
  readonly nodeName: string;
  readonly recorder: EventRecorder;
  readonly pods: Pick<Informer<Pod & KubeObject>, 'get'>;
  readonly nodes: Pick<Informer<Node & KubeObject>, 'get'>;
  readonly runtimePods: Record<string, RuntimePod>;
  now(): number;
  /** killPodFunc: stop the pod's containers at once (grace period 0) and mark it evicted with `message` */
  evict(rp: RuntimePod, message: string): void;
}

/** IsUnderMemoryPressure: MemoryPressure was observed within the pressure transition period. */
export function isUnderMemoryPressure(state: EvictionState | undefined, nowMs: number): boolean {
  const last = state?.pressureLastObservedMs;
  return last !== undefined && nowMs - last < PRESSURE_TRANSITION_PERIOD_MS;
}

/** The Summary API's memory for the kubelet's active pods: working set per running container. */
export function activePodStats(deps: Pick<EvictionDeps, 'pods' | 'runtimePods'>): Array<PodMemoryStats & { rp: RuntimePod }> {
  const out: Array<PodMemoryStats & { rp: RuntimePod }> = [];
  for (const rp of Object.values(deps.runtimePods)) {
    if (!rp.admitted || rp.rejected || rp.terminal || rp.killing || rp.evicted) continue;
    const pod = deps.pods.get(rp.key);
    if (!pod || pod.metadata?.uid !== rp.uid) continue;
    const specs = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
    const containers: PodMemoryStats['containers'] = [];
    for (const c of rp.containers) {
      if (c.phase !== 'running') continue;
      const spec = specs.find((s) => s.name === c.name);
      if (spec) containers.push({ name: c.name, workingSetBytes: containerUsage(spec).memoryBytes });
    }
    out.push({ pod, containers, rp });
  }
  return out;
}

/** What one synchronize pass saw and did. */
export interface SynchronizeResult {
  availableBytes: number;
  thresholdMet: boolean;
  /** `namespace/name` of the pod evicted this pass */
  evicted?: string;
}

/**
 * synchronize: observe, update the threshold and condition times, and evict at most one pod while
 * the threshold is met. Returns undefined when the node is not registered yet.
 */
export function synchronize(deps: EvictionDeps, state: EvictionState): SynchronizeResult | undefined {
  const node = deps.nodes.get(deps.nodeName);
  if (!node) return undefined;
  const now = deps.now();
  const stats = activePodStats(deps);
  const workingSet = NODE_SYSTEM_MEMORY_BYTES + stats.reduce((n, s) => n + podWorkingSet(s), 0);
  const available = memoryAvailable(bytes(node.status?.capacity?.memory), workingSet);
  state.availableBytes = available;
  const met = memoryThresholdMet(available);
  if (!met) {
    delete state.firstObservedMs;
    return { availableBytes: available, thresholdMet: false };
  }
  state.firstObservedMs ??= now;
  state.pressureLastObservedMs = now;
  // A hard threshold has no grace period: act at once.
  deps.recorder.event(node, 'Warning', 'EvictionThresholdMet', 'Attempting to reclaim memory');
  for (const s of rankMemoryPressure(stats) as Array<PodMemoryStats & { rp: RuntimePod }>) {
    // evictPod refuses critical pods and the next one in the ranking is tried.
    if (isCriticalPod(s.pod)) continue;
    const message = evictionMessage(s, MEMORY_AVAILABLE_HARD_THRESHOLD_BYTES, available);
    deps.recorder.event(s.pod as Pod & KubeObject, 'Warning', EVICTED_REASON, message);
    deps.evict(s.rp, message);
    return { availableBytes: available, thresholdMet: true, evicted: s.rp.key };
  }
  return { availableBytes: available, thresholdMet: true };
}
