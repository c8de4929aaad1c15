// The horizontal pod autoscaler: every 15 s, read the target's scale and its pods' metrics, compute
// the replica count the metrics ask for, stabilize and limit it, scale, and report in status.
// UPSTREAM: pkg/controller/podautoscaler/horizontal.go (reconcileAutoscaler, computeReplicasForMetrics,
//           computeStatusForResourceMetric, normalizeDesiredReplicas[WithBehaviors], setCondition)
// SIMPLIFICATION: Resource and ContainerResource metrics only (Pods/Object/External report that no
// custom or external metrics API is registered); targets are Deployments, ReplicaSets and
// StatefulSets, scaled by writing spec.replicas; no AmbiguousSelector check across HPAs.

import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerCondition, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import { keyOf } from '../../api/meta';
import { labelSelectorAsSelector, type LabelSelectorLike } from '../../api/labels';
import { bytes, cpuMillis } from '../../api/quantity';
import { resourceForKind } from '../../api/resources';
import { groupResource } from '../../apiserver/errors';
import { structuredCopy } from '../../apiserver/store';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { PodMetrics } from '../../metrics/metrics-server';
import type { JsonValue } from '../../sim/clock';
import { semanticEqual, wallClock } from '../controller-utils';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';
import {
  convertDesiredReplicasWithBehaviorRate, convertDesiredReplicasWithRules, DOWNSCALE_STABILISATION_WINDOW_MS, longestPolicyPeriodSeconds,
  stabilizeRecommendation, stabilizeRecommendationWithBehaviors, type TimestampedRecommendation, type TimestampedScaleEvent,
} from './normalize';
import { CalculatorError, getRawResourceReplicas, getResourceReplicas, type PodMetricsInfo } from './replica-calculator';

/** --horizontal-pod-autoscaler-sync-period */
export const HPA_SYNC_PERIOD_MS = 15_000;

export type HorizontalPodAutoscalerObject = HorizontalPodAutoscaler & KubeObject & { spec: NonNullable<HorizontalPodAutoscaler['spec']> };
type ScalableObject = KubeObject & { spec?: { replicas?: number; selector?: LabelSelectorLike }; status?: { replicas?: number } };

/** The resource metrics API as the controller reads it (metrics.k8s.io PodMetrics of a namespace). */
export interface ResourceMetricsClient {
  podMetrics(namespace: string): PodMetrics[];
}

/** The kinds with a scale subresource the HPA can drive, by Kind. */
const SCALE_RESOURCES: Record<string, string> = { Deployment: 'deployments', ReplicaSet: 'replicasets', StatefulSet: 'statefulsets' };

interface HorizontalState {
  recommendations: Record<string, TimestampedRecommendation[]>;
  scaleUpEvents: Record<string, TimestampedScaleEvent[]>;
  scaleDownEvents: Record<string, TimestampedScaleEvent[]>;
  /** simulated ms of each HPA's next sync already scheduled */
  nextSync: Record<string, number>;
}

class ReconcileError extends Error {}

/** metav1's resource.NewMilliQuantity(m, DecimalSI).String(): `250m`, `1`, `10485760`, `2M`. */
export function formatMilliQuantity(m: number): string {
  if (m % 1000 !== 0) return `${m}m`;
  let v = m / 1000;
  const suffixes = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
  let i = 0;
  while (v !== 0 && v % 1000 === 0 && i < suffixes.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v}${suffixes[i]}`;
}

function milliOf(resource: string, q: string | number | undefined): number {
  return resource === 'cpu' ? cpuMillis(q) : bytes(q) * 1000;
}

/** setCondition: keep lastTransitionTime unless the status changes. */
function setCondition(hpa: HorizontalPodAutoscalerObject, type: string, status: 'True' | 'False', reason: string, message: string, now: string): void {
  const conditions = (hpa.status!.conditions ??= []);
  let c = conditions.find((x) => x.type === type);
  if (!c) {
    c = { type, status } as HorizontalPodAutoscalerCondition;
    conditions.push(c);
    c.lastTransitionTime = now;
  } else if (c.status !== status) c.lastTransitionTime = now;
  c.status = status;
  c.reason = reason;
  c.message = message;
}

interface MetricResult {
  replicas: number;
  name: string;
  status: MetricStatus;
}

/** An invalid metric: the ScalingActive condition and the error upstream's computeReplicasForMetric gives. */
interface MetricFailure {
  reason: string;
  error: string;
}

export class HorizontalController implements Controller {
  readonly name = 'horizontal-pod-autoscaler-controller';
  readonly queue: WorkQueue;
  private hpas!: Informer<HorizontalPodAutoscalerObject>;
  private pods!: Informer<Pod & KubeObject>;
  private readonly scalables = new Map<string, Informer<ScalableObject>>();
  private readonly state: HorizontalState;
  private readonly wallNow: () => number;

  constructor(private readonly ctx: ControllerContext, private readonly metrics: ResourceMetricsClient) {
    this.queue = ctx.queue;
    this.wallNow = wallClock(ctx);
    const s = ctx.state as unknown as HorizontalState | undefined;
    this.state = s ? structuredCopy(s) : { recommendations: {}, scaleUpEvents: {}, scaleDownEvents: {}, nextSync: {} };
  }

  start(informers: SharedInformerFactory): void {
    this.hpas = informers.informerFor<HorizontalPodAutoscalerObject>('horizontalpodautoscalers');
    this.pods = informers.informerFor<Pod & KubeObject>('pods');
    for (const [kind, resource] of Object.entries(SCALE_RESOURCES)) this.scalables.set(kind, informers.informerFor<ScalableObject>(resource));
    // enqueueHPA: requests wait one sync period in the queue, and one already waiting absorbs the rest.
    this.hpas.addEventHandler({
      add: (hpa) => this.enqueueHPA(hpa),
      // Our own status writes do not re-trigger a sync.
      update: (old, cur) => {
        if (!semanticEqual(old.spec, cur.spec) || !semanticEqual(old.metadata.labels, cur.metadata.labels)) this.enqueueHPA(cur);
      },
      delete: (hpa) => this.queue.add(keyOf(hpa.metadata)),
    });
  }

  save(): JsonValue {
    return structuredCopy(this.state) as unknown as JsonValue;
  }

  private enqueueHPA(hpa: HorizontalPodAutoscalerObject): void {
    const key = keyOf(hpa.metadata);
    const now = this.ctx.now();
    if ((this.state.nextSync[key] ?? -1) > now) return;
    this.state.nextSync[key] = now + HPA_SYNC_PERIOD_MS;
    this.queue.addAfter(key, HPA_SYNC_PERIOD_MS);
  }

  sync(key: ObjectKey): SyncResult {
    const hpa = this.hpas.get(key);
    if (!hpa) {
      delete this.state.recommendations[key];
      delete this.state.scaleUpEvents[key];
      delete this.state.scaleDownEvents[key];
      delete this.state.nextSync[key];
      return DONE;
    }
    const now = this.ctx.now();
    // A sync ahead of the scheduled one (a restored queue, a delete+create) does not start a second period.
    if ((this.state.nextSync[key] ?? -1) > now) return DONE;
    try {
      this.reconcileAutoscaler(hpa, key);
    } catch (e) {
      if (!(e instanceof ReconcileError)) throw e;
    }
    this.state.nextSync[key] = now + HPA_SYNC_PERIOD_MS;
    return { kind: 'requeueAfter', delayMs: HPA_SYNC_PERIOD_MS, background: true };
  }

  private reconcileAutoscaler(shared: HorizontalPodAutoscalerObject, key: string): void {
    const hpa = structuredCopy(shared) as HorizontalPodAutoscalerObject;
    const original = structuredCopy(shared.status ?? {});
    hpa.status ??= { currentReplicas: 0, desiredReplicas: 0 };
    const stamp = this.ctx.timestamp();
    const ref = hpa.spec.scaleTargetRef;
    const reference = `${ref.kind}/${hpa.metadata.namespace}/${ref.name}`;

    const scale = this.getScale(hpa);
    if (typeof scale === 'string') {
      this.ctx.recorder.event(hpa, 'Warning', 'FailedGetScale', scale);
      setCondition(hpa, 'AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${scale}`, stamp);
      this.updateStatusIfNeeded(original, hpa);
      throw new ReconcileError(`failed to query scale subresource for ${reference}: ${scale}`);
    }
    setCondition(hpa, 'AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale", stamp);
    const currentReplicas = scale.spec?.replicas ?? 1;
    const nowMs = this.ctx.now();
    this.state.recommendations[key] ??= [{ recommendation: currentReplicas, timestampMs: nowMs }];

    const minReplicas = hpa.spec.minReplicas ?? 1;
    let desiredReplicas = 0;
    let rescaleReason = '';
    let rescale = true;
    let metricStatuses: MetricStatus[] | undefined;

    if (currentReplicas === 0 && minReplicas !== 0) {
      desiredReplicas = 0;
      rescale = false;
      setCondition(hpa, 'ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero', stamp);
    } else if (currentReplicas > hpa.spec.maxReplicas) {
      rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
      desiredReplicas = hpa.spec.maxReplicas;
    } else if (currentReplicas < minReplicas) {
      rescaleReason = 'Current number of replicas below Spec.MinReplicas';
      desiredReplicas = minReplicas;
    } else {
      const computed = this.computeReplicasForMetrics(hpa, scale, currentReplicas, stamp);
      metricStatuses = computed.statuses;
      if (computed.error !== undefined) {
        this.setCurrentReplicasAndMetricsInStatus(hpa, currentReplicas, metricStatuses);
        this.updateStatusIfNeeded(original, hpa);
        this.ctx.recorder.event(hpa, 'Warning', 'FailedComputeMetricsReplicas', computed.error);
        throw new ReconcileError(`failed to compute desired number of replicas based on listed metrics for ${reference}: ${computed.error}`);
      }
      let rescaleMetric = '';
      if (computed.replicas > desiredReplicas) {
        desiredReplicas = computed.replicas;
        rescaleMetric = computed.metric;
      }
      if (desiredReplicas > currentReplicas) rescaleReason = `${rescaleMetric} above target`;
      if (desiredReplicas < currentReplicas) rescaleReason = 'All metrics below target';
      desiredReplicas = hpa.spec.behavior
        ? this.normalizeDesiredReplicasWithBehaviors(hpa, key, currentReplicas, desiredReplicas, minReplicas, stamp)
        : this.normalizeDesiredReplicas(hpa, key, currentReplicas, desiredReplicas, minReplicas, stamp);
      rescale = desiredReplicas !== currentReplicas;
    }

    if (rescale) {
      // The scale subresource: only spec.replicas changes (a merge patch cannot conflict with other writers).
      const res = this.ctx.client.patch(resourceForKind(ref.kind)!, scale.metadata.namespace, scale.metadata.name ?? '', { spec: { replicas: desiredReplicas } });
      if (!res.ok) {
        this.ctx.recorder.event(hpa, 'Warning', 'FailedRescale', `New size: ${desiredReplicas}; reason: ${rescaleReason}; error: ${res.status.message}`);
        setCondition(hpa, 'AbleToScale', 'False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${res.status.message}`, stamp);
        this.setCurrentReplicasAndMetricsInStatus(hpa, currentReplicas, metricStatuses);
        this.updateStatusIfNeeded(original, hpa);
        throw new ReconcileError(`failed to rescale ${reference}: ${res.status.message}`);
      }
      setCondition(hpa, 'AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desiredReplicas}`, stamp);
      this.ctx.recorder.event(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desiredReplicas}; reason: ${rescaleReason}`);
      this.storeScaleEvent(hpa, key, currentReplicas, desiredReplicas);
    } else {
      desiredReplicas = currentReplicas;
    }
    hpa.status = {
      currentReplicas,
      desiredReplicas,
      ...(hpa.status.lastScaleTime ? { lastScaleTime: hpa.status.lastScaleTime } : {}),
      ...(metricStatuses ? { currentMetrics: metricStatuses } : {}),
      ...(hpa.status.conditions ? { conditions: hpa.status.conditions } : {}),
    };
    if (rescale) hpa.status.lastScaleTime = stamp;
    this.updateStatusIfNeeded(original, hpa);
  }

  /** The target's scale (its object), or the error text the scale client would give. */
  private getScale(hpa: HorizontalPodAutoscalerObject): ScalableObject | string {
    const ref = hpa.spec.scaleTargetRef;
    const group = (ref.apiVersion ?? '').includes('/') ? ref.apiVersion!.split('/')[0] : '';
    const r = resourceForKind(ref.kind);
    if (!r || r.group !== group) return `no matches for kind "${ref.kind}" in group "${group}"`;
    const inf = this.scalables.get(ref.kind);
    if (!inf) return 'the server could not find the requested resource';
    const obj = inf.get(keyOf({ namespace: hpa.metadata.namespace, name: ref.name }));
    if (!obj) return `${groupResource(r)} "${ref.name}" not found`;
    return obj;
  }

  private setCurrentReplicasAndMetricsInStatus(hpa: HorizontalPodAutoscalerObject, currentReplicas: number, statuses: MetricStatus[] | undefined): void {
    hpa.status = {
      currentReplicas,
      desiredReplicas: hpa.status?.desiredReplicas ?? 0,
      ...(hpa.status?.lastScaleTime ? { lastScaleTime: hpa.status.lastScaleTime } : {}),
      ...(statuses ? { currentMetrics: statuses } : {}),
      ...(hpa.status?.conditions ? { conditions: hpa.status.conditions } : {}),
    };
  }

  private updateStatusIfNeeded(original: unknown, hpa: HorizontalPodAutoscalerObject): void {
    if (semanticEqual(original, hpa.status)) return;
    this.ctx.client.updateStatus(hpa);
  }

  /**
   * computeReplicasForMetrics: the largest proposal of the valid metrics. All invalid (or some invalid
   * while the valid ones would scale down): an error, and ScalingActive False from the first failure.
   */
  private computeReplicasForMetrics(hpa: HorizontalPodAutoscalerObject, scale: ScalableObject, specReplicas: number, stamp: string):
    { replicas: number; metric: string; statuses: MetricStatus[]; error?: string } {
    const specs = hpa.spec.metrics ?? [];
    const statuses: MetricStatus[] = specs.map(() => ({ type: '' }) as MetricStatus);
    const selector = labelSelectorAsSelector(scale.spec?.selector);
    const pods = this.pods.list(hpa.metadata.namespace).filter((p) => selector.matches(p.metadata.labels ?? {}));
    let replicas = 0;
    let metric = '';
    let invalid = 0;
    let firstFailure: MetricFailure | undefined;
    specs.forEach((spec, i) => {
      const r = this.computeReplicasForMetric(hpa, spec, specReplicas, pods, selector.matches.bind(selector));
      if ('error' in r) {
        if (!firstFailure) firstFailure = r;
        invalid++;
        return;
      }
      statuses[i] = r.status;
      if (replicas === 0 || r.replicas > replicas) {
        replicas = r.replicas;
        metric = r.name;
      }
    });
    if (invalid >= specs.length || (invalid > 0 && replicas < specReplicas)) {
      const f = firstFailure!;
      const message = `the HPA was unable to compute the replica count: ${f.error}`;
      this.ctx.recorder.event(hpa, 'Warning', f.reason, f.error);
      setCondition(hpa, 'ScalingActive', 'False', f.reason, message, stamp);
      return { replicas: -1, metric: '', statuses, error: `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${f.error}` };
    }
    setCondition(hpa, 'ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${metric}`, stamp);
    return { replicas, metric, statuses };
  }

  private computeReplicasForMetric(hpa: HorizontalPodAutoscalerObject, spec: MetricSpec, specReplicas: number, pods: Array<Pod & KubeObject>, matches: (l: Record<string, string>) => boolean): MetricResult | MetricFailure {
    switch (spec.type) {
      case 'Resource':
      case 'ContainerResource': {
        const isContainer = spec.type === 'ContainerResource';
        const source = isContainer ? spec.containerResource : spec.resource;
        const reason = isContainer ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
        if (!source) return { reason, error: `invalid metric source: ${spec.type} metric source is nil` };
        const container = isContainer ? (spec.containerResource?.container ?? '') : '';
        try {
          return this.computeStatusForResourceMetric(hpa, spec.type, source.name, source.target, container, specReplicas, pods, matches);
        } catch (e) {
          if (!(e instanceof CalculatorError)) throw e;
          return { reason, error: e.message };
        }
      }
      case 'Pods':
        return { reason: 'FailedGetPodsMetric', error: `unable to get metric ${spec.pods?.metric.name ?? ''}: unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered` };
      case 'Object':
        return { reason: 'FailedGetObjectMetric', error: `unable to get metric ${spec.object?.metric.name ?? ''}: ${spec.object?.describedObject.kind ?? ''} on ${hpa.metadata.namespace} ${spec.object?.describedObject.name ?? ''}/unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered` };
      case 'External':
        return { reason: 'FailedGetExternalMetric', error: `unable to get external metric ${hpa.metadata.namespace}/${spec.external?.metric.name ?? ''}: unable to fetch metrics from external metrics API: no external metrics API (external.metrics.k8s.io) registered` };
      default:
        return { reason: 'InvalidMetricSourceType', error: `unknown metric source type "${String(spec.type)}"` };
    }
  }

  /** computeStatusForResourceMetricGeneric: AverageValue against raw usage, Utilization against requests. */
  private computeStatusForResourceMetric(
    hpa: HorizontalPodAutoscalerObject, type: 'Resource' | 'ContainerResource', resource: string,
    target: { averageValue?: string | number; averageUtilization?: number }, container: string,
    specReplicas: number, pods: Array<Pod & KubeObject>, matches: (l: Record<string, string>) => boolean,
  ): MetricResult {
    const kind = container ? ' container' : '';
    const statusOf = (current: { averageUtilization?: number; averageValue: string }): MetricStatus => (type === 'Resource'
      ? { type, resource: { name: resource, current } }
      : { type, containerResource: { name: resource, container, current } }) as MetricStatus;
    if (target.averageValue !== undefined) {
      let metrics: PodMetricsInfo;
      try {
        metrics = this.getResourceMetric(resource, hpa.metadata.namespace!, matches, container);
      } catch (e) {
        throw new CalculatorError(`failed to get ${resource} usage: ${(e as Error).message}`);
      }
      let r: { replicaCount: number; usage: number };
      try {
        r = getRawResourceReplicas(specReplicas, milliOf(resource, target.averageValue), resource, pods, metrics, this.wallNow());
      } catch (e) {
        throw new CalculatorError(`failed to get ${resource} usage: ${(e as Error).message}`);
      }
      return { replicas: r.replicaCount, name: `${resource}${kind} resource`, status: statusOf({ averageValue: formatMilliQuantity(r.usage) }) };
    }
    if (target.averageUtilization === undefined) {
      throw new CalculatorError('invalid resource metric source: neither an average utilization target nor an average value (usage) target was set');
    }
    let r: ReturnType<typeof getResourceReplicas>;
    try {
      const metrics = this.getResourceMetric(resource, hpa.metadata.namespace!, matches, container);
      r = getResourceReplicas(specReplicas, target.averageUtilization, resource, container, pods, metrics, this.wallNow());
    } catch (e) {
      if (!(e instanceof CalculatorError)) throw e;
      throw new CalculatorError(`failed to get ${resource} utilization: ${e.message}`);
    }
    return {
      replicas: r.replicaCount,
      name: `${resource}${kind} resource utilization (percentage of request)`,
      status: statusOf({ averageUtilization: r.utilization, averageValue: formatMilliQuantity(r.rawUtilization) }),
    };
  }

  /** resourceMetricsClient.GetResourceMetric: per pod, the sum over its containers (or the one named). */
  private getResourceMetric(resource: string, namespace: string, matches: (l: Record<string, string>) => boolean, container: string): PodMetricsInfo {
    const items = this.metrics.podMetrics(namespace).filter((m) => matches(m.labels));
    if (items.length === 0) throw new CalculatorError(`unable to get metrics for resource ${resource}: no metrics returned from resource metrics API`);
    const out: PodMetricsInfo = new Map();
    const epoch = this.wallNow() - this.ctx.now();
    for (const m of items) {
      const containers = container ? m.containers.filter((c) => c.name === container) : m.containers;
      if (container && containers.length === 0) {
        throw new CalculatorError(`unable to get metrics for resource ${resource}: failed to get container metrics: container ${container} not present in metrics for pod ${m.namespace}/${m.name}`);
      }
      let value = 0;
      for (const c of containers) value += resource === 'cpu' ? c.cpuMillis : c.memoryBytes * 1000;
      out.set(m.name, { timestampMs: epoch + m.timestampMs, windowMs: m.windowMs, value });
    }
    return out;
  }

  private normalizeDesiredReplicas(hpa: HorizontalPodAutoscalerObject, key: string, currentReplicas: number, prenormalized: number, minReplicas: number, stamp: string): number {
    const stabilized = stabilizeRecommendation(this.state.recommendations[key], prenormalized, this.ctx.now(), DOWNSCALE_STABILISATION_WINDOW_MS);
    if (stabilized !== prenormalized) {
      setCondition(hpa, 'AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation', stamp);
    } else {
      setCondition(hpa, 'AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size', stamp);
    }
    const limited = convertDesiredReplicasWithRules(currentReplicas, stabilized, minReplicas, hpa.spec.maxReplicas);
    setCondition(hpa, 'ScalingLimited', limited.replicas === stabilized ? 'False' : 'True', limited.reason, limited.message, stamp);
    return limited.replicas;
  }

  private normalizeDesiredReplicasWithBehaviors(hpa: HorizontalPodAutoscalerObject, key: string, currentReplicas: number, prenormalized: number, minReplicas: number, stamp: string): number {
    const b = hpa.spec.behavior!;
    const args = {
      scaleUp: b.scaleUp ?? {},
      scaleDown: { ...(b.scaleDown ?? {}), stabilizationWindowSeconds: b.scaleDown?.stabilizationWindowSeconds ?? DOWNSCALE_STABILISATION_WINDOW_MS / 1000 },
      minReplicas,
      maxReplicas: hpa.spec.maxReplicas,
      currentReplicas,
      desiredReplicas: prenormalized,
    };
    const now = this.ctx.now();
    const stabilized = stabilizeRecommendationWithBehaviors(this.state.recommendations[key], args, now);
    if (stabilized.replicas !== prenormalized) setCondition(hpa, 'AbleToScale', 'True', stabilized.reason, stabilized.message, stamp);
    else setCondition(hpa, 'AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size', stamp);
    const limited = convertDesiredReplicasWithBehaviorRate({ ...args, desiredReplicas: stabilized.replicas }, this.state.scaleUpEvents[key] ?? [], this.state.scaleDownEvents[key] ?? [], now);
    setCondition(hpa, 'ScalingLimited', limited.replicas === stabilized.replicas ? 'False' : 'True', limited.reason, limited.message, stamp);
    return limited.replicas;
  }

  /** storeScaleEvent: remember scale changes for the behavior policies (only when spec.behavior is set). */
  private storeScaleEvent(hpa: HorizontalPodAutoscalerObject, key: string, prev: number, next: number): void {
    const b = hpa.spec.behavior;
    if (!b) return;
    const now = this.ctx.now();
    const up = next > prev;
    const events = up ? (this.state.scaleUpEvents[key] ??= []) : (this.state.scaleDownEvents[key] ??= []);
    const longest = longestPolicyPeriodSeconds(up ? b.scaleUp : b.scaleDown) * 1000;
    const kept = events.filter((e) => e.timestampMs > now - longest);
    kept.push({ replicaChange: Math.abs(next - prev), timestampMs: now });
    if (up) this.state.scaleUpEvents[key] = kept;
    else this.state.scaleDownEvents[key] = kept;
  }
}
