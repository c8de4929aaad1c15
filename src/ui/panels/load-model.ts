// Pure helpers behind the inspector's Load control: which workloads take a load, the load and the
// HPA on one, and the usage of its pods as metrics-server last measured it.
// SIMPLIFICATION: a workload's pods are found through controller owners (Deployment -> ReplicaSet ->
// Pod), not its selector; that is what the canvas groups by too.

import type { HorizontalPodAutoscalerView, HpaConditionView, LoadView, MetricsView, ObjectView, WorkloadRef } from '../../worker/protocol';

/** The Load slider's range, requests per second. */
export const MAX_LOAD_RPS = 500;
export const LOAD_STEP_RPS = 10;

export type WorkloadView = Extract<ObjectView, { kind: 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' }>;

export function isWorkloadView(v: ObjectView): v is WorkloadView {
  return v.kind === 'Deployment' || v.kind === 'ReplicaSet' || v.kind === 'StatefulSet' || v.kind === 'DaemonSet';
}

export function workloadRef(v: WorkloadView): WorkloadRef {
  return { kind: v.kind, namespace: v.namespace, name: v.name };
}

/** Whether an HPA can scale this kind (it needs a scale subresource: not a DaemonSet). */
export function isScalable(kind: WorkloadView['kind']): boolean {
  return kind !== 'DaemonSet';
}

/** The load set on a workload, requests per second (0 when none). */
export function loadOf(loads: readonly LoadView[], ref: WorkloadRef): number {
  const ns = ref.namespace ?? 'default';
  return loads.find((l) => l.workload.kind === ref.kind && l.workload.name === ref.name && (l.workload.namespace ?? 'default') === ns)?.rps ?? 0;
}

/** The HPA whose scaleTargetRef names this workload (the first by name when several do). */
export function hpaFor(objects: ReadonlyMap<string, ObjectView>, ref: WorkloadRef): HorizontalPodAutoscalerView | undefined {
  let found: HorizontalPodAutoscalerView | undefined;
  for (const v of objects.values()) {
    if (v.kind !== 'HorizontalPodAutoscaler' || v.namespace !== (ref.namespace ?? 'default')) continue;
    if (v.target.kind !== ref.kind || v.target.name !== ref.name) continue;
    if (!found || v.name < found.name) found = v;
  }
  return found;
}

/**
 * The condition to lead with, the one that best explains the replica count: a failing ScalingActive
 * (no metrics, bad target) or AbleToScale (cannot read or write the scale) says why nothing happens;
 * AbleToScale ScaleDownStabilized says why the count stays up after the load went (the 5-minute
 * window); ScalingLimited says the count is held at min or max; otherwise ScalingActive.
 */
export function leadingCondition(hpa: HorizontalPodAutoscalerView): HpaConditionView | undefined {
  const active = hpa.conditions.find((c) => c.type === 'ScalingActive');
  const able = hpa.conditions.find((c) => c.type === 'AbleToScale');
  const limited = hpa.conditions.find((c) => c.type === 'ScalingLimited');
  if (active?.status === 'False') return active;
  if (able?.status === 'False' || able?.reason.endsWith('Stabilized')) return able;
  if (limited?.status === 'True') return limited;
  return active ?? limited;
}

export interface WorkloadUsage {
  /** pods of the workload metrics-server reports */
  measured: number;
  /** their CPU, summed */
  cpuMillis: number;
  /** their CPU requests, summed */
  requestMillis: number;
}

/** The workload's pods that have metrics, with their CPU use and requests (kubectl top, summed). */
export function workloadUsage(objects: ReadonlyMap<string, ObjectView>, metrics: MetricsView, v: WorkloadView): WorkloadUsage {
  const owners = new Set<string>();
  if (v.kind === 'Deployment') {
    for (const o of objects.values()) {
      if (o.kind === 'ReplicaSet' && o.namespace === v.namespace && o.owner?.kind === 'Deployment' && o.owner.name === v.name) owners.add(`ReplicaSet/${o.name}`);
    }
  } else owners.add(`${v.kind}/${v.name}`);
  const usage: WorkloadUsage = { measured: 0, cpuMillis: 0, requestMillis: 0 };
  for (const o of objects.values()) {
    if (o.kind !== 'Pod' || o.namespace !== v.namespace || !o.owner || !owners.has(`${o.owner.kind}/${o.owner.name}`)) continue;
    const m = metrics.pods[o.key];
    if (!m) continue;
    usage.measured += 1;
    usage.cpuMillis += m.cpuMillis;
    usage.requestMillis += o.cpuMillis;
  }
  return usage;
}

/** CPU use as a percentage of the request, truncated as the HPA does (undefined without a request). */
export function utilization(cpuMillis: number, requestMillis: number): number | undefined {
  return requestMillis > 0 ? Math.trunc((cpuMillis * 100) / requestMillis) : undefined;
}
