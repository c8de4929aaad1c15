// How many replicas a resource metric asks for: usage against requests (Utilization) or against a
// per-pod value (AverageValue), with the tolerance and the treatment of unready and missing pods.
// UPSTREAM: pkg/controller/podautoscaler/replica_calculator.go (GetResourceReplicas,
//           GetRawResourceReplicas, calcPlainMetricReplicas, groupPods, calculatePodRequests),
//           pkg/controller/podautoscaler/metrics/utilization.go
// SIMPLIFICATION: pod-level resources (spec.resources) are not summed; one symmetric tolerance.
//
// Worked example: 4 ready pods requesting 200m cpu each use 180m, 160m, 200m, 220m (total 760m of
// 800m): utilization = 760*100/800 = 95%; against a 50% target the ratio is 1.9, outside the 0.1
// tolerance, so the proposal is ceil(1.9 * 4) = 8 replicas.

import type { Pod } from 'kubernetes-types/core/v1';
import { bytes, cpuMillis } from '../../api/quantity';

/** --horizontal-pod-autoscaler-tolerance */
export const DEFAULT_TOLERANCE = 0.1;
/** --horizontal-pod-autoscaler-cpu-initialization-period */
export const CPU_INITIALIZATION_PERIOD_MS = 5 * 60 * 1000;
/** --horizontal-pod-autoscaler-initial-readiness-delay */
export const DELAY_OF_INITIAL_READINESS_STATUS_MS = 30 * 1000;

/** One pod's usage of a resource in milli-units (millicores, millibytes), and when it was measured. */
export interface PodMetric {
  /** epoch ms */
  timestampMs: number;
  windowMs: number;
  value: number;
}

/** Pod name -> metric. */
export type PodMetricsInfo = Map<string, PodMetric>;

export interface ReplicaCalculatorOptions {
  tolerance: number;
  cpuInitializationPeriodMs: number;
  delayOfInitialReadinessStatusMs: number;
}

export const DEFAULT_CALCULATOR_OPTIONS: ReplicaCalculatorOptions = {
  tolerance: DEFAULT_TOLERANCE,
  cpuInitializationPeriodMs: CPU_INITIALIZATION_PERIOD_MS,
  delayOfInitialReadinessStatusMs: DELAY_OF_INITIAL_READINESS_STATUS_MS,
};

export interface ResourceReplicas {
  replicaCount: number;
  /** percent of request (Utilization only) */
  utilization: number;
  /** average usage per pod, milli-units */
  rawUtilization: number;
}

/** The errors upstream returns, with its words; the controller wraps them. */
export class CalculatorError extends Error {}

function isWithinTolerance(ratio: number, tolerance: number): boolean {
  return Math.abs(1.0 - ratio) <= tolerance;
}

function parseTime(ts: string | undefined): number | undefined {
  if (!ts) return undefined;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? undefined : t;
}

/** Quantity.MilliValue of a request. */
function milliValue(resource: string, q: string | number): number {
  return resource === 'cpu' ? cpuMillis(q) : bytes(q) * 1000;
}

interface PodGroups {
  readyPodCount: number;
  unreadyPods: Set<string>;
  missingPods: Set<string>;
  ignoredPods: Set<string>;
}

/**
 * groupPods: deleted and failed pods are ignored; pending pods are unready; pods without a metric are
 * missing; for cpu, a pod still initializing (started < 5 min ago) counts only when ready and
 * measured for a full window since it became ready, an older one unless it never became ready.
 */
export function groupPods(pods: readonly Pod[], metrics: PodMetricsInfo, resource: string, nowMs: number, opts: ReplicaCalculatorOptions): PodGroups {
  const g: PodGroups = { readyPodCount: 0, unreadyPods: new Set(), missingPods: new Set(), ignoredPods: new Set() };
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '';
    if (pod.metadata?.deletionTimestamp || pod.status?.phase === 'Failed') {
      g.ignoredPods.add(name);
      continue;
    }
    if (pod.status?.phase === 'Pending') {
      g.unreadyPods.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      g.missingPods.add(name);
      continue;
    }
    if (resource === 'cpu') {
      const condition = (pod.status?.conditions ?? []).find((c) => c.type === 'Ready');
      const start = parseTime(pod.status?.startTime);
      let unready: boolean;
      if (!condition || start === undefined) unready = true;
      else {
        const transition = parseTime(condition.lastTransitionTime) ?? 0;
        if (start + opts.cpuInitializationPeriodMs > nowMs) {
          unready = condition.status === 'False' || metric.timestampMs < transition + metric.windowMs;
        } else {
          unready = condition.status === 'False' && start + opts.delayOfInitialReadinessStatusMs > transition;
        }
      }
      if (unready) {
        g.unreadyPods.add(name);
        continue;
      }
    }
    g.readyPodCount++;
  }
  return g;
}

/** calculatePodRequests: the sum of the containers' requests (and sidecars'); an error when one has none. */
export function calculatePodRequests(pods: readonly Pod[], container: string, resource: string): Map<string, number> {
  const requests = new Map<string, number>();
  for (const pod of pods) {
    let sum = 0;
    const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
    for (const c of containers) {
      if (container !== '' && container !== c.name) continue;
      const req = c.resources?.requests?.[resource];
      if (req === undefined) throw new CalculatorError(`missing request for ${resource} in container ${c.name} of Pod ${pod.metadata?.name ?? ''}`);
      sum += milliValue(resource, req);
    }
    requests.set(pod.metadata?.name ?? '', sum);
  }
  return requests;
}

/** metricsclient.GetResourceUtilizationRatio: integer percent of the requests of the pods with metrics. */
export function getResourceUtilizationRatio(metrics: PodMetricsInfo, requests: Map<string, number>, targetUtilization: number): { ratio: number; utilization: number; rawAverage: number } {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let n = 0;
  for (const [name, m] of metrics) {
    const req = requests.get(name);
    if (req === undefined) continue;
    metricsTotal += m.value;
    requestsTotal += req;
    n++;
  }
  if (requestsTotal === 0) throw new CalculatorError('no metrics returned matched known pods');
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return { ratio: utilization / targetUtilization, utilization, rawAverage: Math.trunc(metricsTotal / n) };
}

/** metricsclient.GetMetricUsageRatio: average usage per pod against a per-pod target. */
export function getMetricUsageRatio(metrics: PodMetricsInfo, targetUsage: number): { ratio: number; usage: number } {
  let total = 0;
  for (const m of metrics.values()) total += m.value;
  const usage = Math.trunc(total / metrics.size);
  return { ratio: usage / targetUsage, usage };
}

/**
 * GetResourceReplicas for a Utilization target. `metrics` is what the metrics API returned for the
 * selector (it is copied, not modified); `pods` are the pods the selector lists. Throws a
 * CalculatorError with upstream's message when no count can be computed.
 */
export function getResourceReplicas(
  currentReplicas: number, targetUtilization: number, resource: string, container: string,
  pods: readonly Pod[], podMetrics: PodMetricsInfo, nowMs: number, opts: ReplicaCalculatorOptions = DEFAULT_CALCULATOR_OPTIONS,
): ResourceReplicas {
  if (pods.length === 0) throw new CalculatorError('no pods returned by selector while calculating replica count');
  const metrics = new Map(podMetrics);
  const { readyPodCount, unreadyPods, missingPods, ignoredPods } = groupPods(pods, metrics, resource, nowMs, opts);
  for (const n of ignoredPods) metrics.delete(n);
  for (const n of unreadyPods) metrics.delete(n);
  if (metrics.size === 0) throw new CalculatorError('did not receive metrics for targeted pods (pods might be unready)');

  const requests = calculatePodRequests(pods, container, resource);
  const { ratio: usageRatio, utilization, rawAverage } = getResourceUtilizationRatio(metrics, requests, targetUtilization);
  const result = (replicaCount: number): ResourceReplicas => ({ replicaCount, utilization, rawUtilization: rawAverage });

  const scaleUpWithUnready = unreadyPods.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && missingPods.size === 0) {
    if (isWithinTolerance(usageRatio, opts.tolerance)) return result(currentReplicas);
    return result(Math.ceil(usageRatio * readyPodCount));
  }
  if (missingPods.size > 0) {
    // Scaling down: a missing pod counts as using its whole request (or the target, above 100%);
    // scaling up: as using nothing. Either way the guess dampens the change.
    const fallback = Math.max(100, targetUtilization);
    for (const n of missingPods) {
      if (usageRatio < 1.0) metrics.set(n, { timestampMs: 0, windowMs: 0, value: Math.trunc(((requests.get(n) ?? 0) * fallback) / 100) });
      else if (usageRatio > 1.0) metrics.set(n, { timestampMs: 0, windowMs: 0, value: 0 });
    }
  }
  if (scaleUpWithUnready) for (const n of unreadyPods) metrics.set(n, { timestampMs: 0, windowMs: 0, value: 0 });

  const newUsageRatio = getResourceUtilizationRatio(metrics, requests, targetUtilization).ratio;
  if (isWithinTolerance(newUsageRatio, opts.tolerance) || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
    return result(currentReplicas);
  }
  const newReplicas = Math.ceil(newUsageRatio * metrics.size);
  if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) return result(currentReplicas);
  return result(newReplicas);
}

/** GetRawResourceReplicas / calcPlainMetricReplicas for an AverageValue target (milli-units). */
export function getRawResourceReplicas(
  currentReplicas: number, targetUsage: number, resource: string,
  pods: readonly Pod[], podMetrics: PodMetricsInfo, nowMs: number, opts: ReplicaCalculatorOptions = DEFAULT_CALCULATOR_OPTIONS,
): { replicaCount: number; usage: number } {
  if (pods.length === 0) throw new CalculatorError('no pods returned by selector while calculating replica count');
  const metrics = new Map(podMetrics);
  const { readyPodCount, unreadyPods, missingPods, ignoredPods } = groupPods(pods, metrics, resource, nowMs, opts);
  for (const n of ignoredPods) metrics.delete(n);
  for (const n of unreadyPods) metrics.delete(n);
  if (metrics.size === 0) throw new CalculatorError('did not receive metrics for targeted pods (pods might be unready)');

  const { ratio: usageRatio, usage } = getMetricUsageRatio(metrics, targetUsage);
  const scaleUpWithUnready = unreadyPods.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && missingPods.size === 0) {
    if (isWithinTolerance(usageRatio, opts.tolerance)) return { replicaCount: currentReplicas, usage };
    return { replicaCount: Math.ceil(usageRatio * readyPodCount), usage };
  }
  for (const n of missingPods) metrics.set(n, { timestampMs: 0, windowMs: 0, value: usageRatio < 1.0 ? targetUsage : 0 });
  if (scaleUpWithUnready) for (const n of unreadyPods) metrics.set(n, { timestampMs: 0, windowMs: 0, value: 0 });
  const newUsageRatio = getMetricUsageRatio(metrics, targetUsage).ratio;
  if (isWithinTolerance(newUsageRatio, opts.tolerance) || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
    return { replicaCount: currentReplicas, usage };
  }
  const newReplicas = Math.ceil(newUsageRatio * metrics.size);
  if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) return { replicaCount: currentReplicas, usage };
  return { replicaCount: newReplicas, usage };
}
