// HorizontalPodAutoscaler storage: autoscaling/v1 bodies converted to the stored autoscaling/v2, and
// the v2 defaults (minReplicas 1, a cpu 80% metric when none is given, behavior's missing rules).
// UPSTREAM: pkg/apis/autoscaling/v1/conversion.go, pkg/apis/autoscaling/v2/defaults.go
// SIMPLIFICATION: reads always return v2 (no v1 view with its autoscaling.alpha annotations); v2
// fields a v1 body cannot carry are dropped when a v1 body replaces a v2 object.

import type { KubeObject } from '../../api/meta';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const HPA_V1 = 'autoscaling/v1';
/** DefaultCPUUtilization: the target when an HPA names no metric. */
export const DEFAULT_CPU_UTILIZATION = 80;

/**
 * An autoscaling/v1 HorizontalPodAutoscaler as the v2 object the server stores (a new object; other
 * versions are returned unchanged): targetCPUUtilizationPercentage becomes a cpu Utilization metric.
 */
export function convertHorizontalPodAutoscalerToStorage<T extends KubeObject>(obj: T): T {
  if (obj.kind !== 'HorizontalPodAutoscaler' || obj.apiVersion !== HPA_V1) return obj;
  const o = obj as unknown as Json;
  const spec: Json = { ...(o.spec ?? {}) };
  const target = spec.targetCPUUtilizationPercentage;
  delete spec.targetCPUUtilizationPercentage;
  if (target !== undefined && target !== null) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }];
  } else delete spec.metrics;
  const out: Json = { ...o, apiVersion: 'autoscaling/v2', spec };
  if (o.status) {
    const st: Json = { ...o.status };
    const cur = st.currentCPUUtilizationPercentage;
    delete st.currentCPUUtilizationPercentage;
    if (cur !== undefined && cur !== null) st.currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cur } } }];
    out.status = st;
  }
  return out as T;
}

function generateScaleUpRules(rules: Json | undefined): Json {
  return {
    stabilizationWindowSeconds: rules?.stabilizationWindowSeconds ?? 0,
    selectPolicy: rules?.selectPolicy ?? 'Max',
    policies: rules?.policies ?? [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ],
  };
}

function generateScaleDownRules(rules: Json | undefined): Json {
  // The scale-down window stays unset: the controller's --horizontal-pod-autoscaler-downscale-stabilization applies.
  const out: Json = {
    selectPolicy: rules?.selectPolicy ?? 'Max',
    policies: rules?.policies ?? [{ type: 'Percent', value: 100, periodSeconds: 15 }],
  };
  if (rules?.stabilizationWindowSeconds !== undefined) out.stabilizationWindowSeconds = rules.stabilizationWindowSeconds;
  return out;
}

/** SetDefaults_HorizontalPodAutoscaler (autoscaling/v2), in place. */
export function defaultHorizontalPodAutoscaler(hpa: Json): void {
  hpa.spec ??= {};
  const spec = hpa.spec;
  spec.minReplicas ??= 1;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } }];
  }
  if (spec.behavior) {
    spec.behavior = { ...spec.behavior, scaleUp: generateScaleUpRules(spec.behavior.scaleUp), scaleDown: generateScaleDownRules(spec.behavior.scaleDown) };
  }
}
