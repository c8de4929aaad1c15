// The worker's side of the metrics in the protocol: the engine's loads and PodMetrics folded into a
// MetricsView, and the difference between two views as the small MetricsDelta a frame carries.
// SIMPLIFICATION: a pod's usage is summed over its containers (kubectl top pods without --containers).

import type { PodMetrics, WorkloadRef } from '../engine/index';
import type { LoadView, MetricsDelta, MetricsView, PodUsage } from './protocol';

/** The view of the engine's loads (World.loads) and pod metrics (World.podMetrics). */
export function metricsView(loads: ReadonlyArray<{ ref: WorkloadRef; rps: number }>, podMetrics: readonly PodMetrics[]): MetricsView {
  const pods: Record<string, PodUsage> = {};
  for (const m of podMetrics) {
    let cpuMillis = 0;
    let memoryBytes = 0;
    const throttled: string[] = [];
    for (const c of m.containers) {
      cpuMillis += c.cpuMillis;
      memoryBytes += c.memoryBytes;
      if (c.throttled) throttled.push(c.name);
    }
    pods[`${m.namespace}/${m.name}`] = { cpuMillis, memoryBytes, ...(throttled.length ? { throttledContainers: throttled } : {}) };
  }
  return { loads: loads.map((l): LoadView => ({ workload: { ...l.ref }, rps: l.rps })), pods };
}

function sameLoads(a: readonly LoadView[], b: readonly LoadView[]): boolean {
  return a.length === b.length && a.every((x, i) => {
    const y = b[i];
    return x.rps === y.rps && x.workload.kind === y.workload.kind && x.workload.name === y.workload.name && (x.workload.namespace ?? '') === (y.workload.namespace ?? '');
  });
}

/** What changed from `prev` to `next`, or undefined when nothing did. */
export function diffMetrics(prev: MetricsView, next: MetricsView): MetricsDelta | undefined {
  const delta: MetricsDelta = {};
  if (!sameLoads(prev.loads, next.loads)) delta.loads = next.loads;
  const pods: Record<string, PodUsage | null> = {};
  let changed = false;
  for (const [key, usage] of Object.entries(next.pods)) {
    const old = prev.pods[key];
    if (!old || old.cpuMillis !== usage.cpuMillis || old.memoryBytes !== usage.memoryBytes || (old.throttledContainers ?? []).join(',') !== (usage.throttledContainers ?? []).join(',')) {
      pods[key] = usage;
      changed = true;
    }
  }
  for (const key of Object.keys(prev.pods)) {
    if (!(key in next.pods)) {
      pods[key] = null;
      changed = true;
    }
  }
  if (changed) delta.pods = pods;
  return delta.loads || delta.pods ? delta : undefined;
}

/** Two deltas of one frame as one: the later one wins per pod, and for the list of loads. */
export function mergeMetricsDeltas(a: MetricsDelta | undefined, b: MetricsDelta): MetricsDelta {
  if (!a) return b;
  const loads = b.loads ?? a.loads;
  const pods = a.pods || b.pods ? { ...a.pods, ...b.pods } : undefined;
  return { ...(loads ? { loads } : {}), ...(pods ? { pods } : {}) };
}
