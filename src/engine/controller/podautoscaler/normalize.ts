// From the metrics' proposal to the size the HPA sets: the stabilization windows (remember recent
// recommendations) and the scale rate limits (legacy: x2 or +4 up; with spec.behavior: the policies).
// UPSTREAM: pkg/controller/podautoscaler/horizontal.go (stabilizeRecommendation,
//           convertDesiredReplicasWithRules, stabilizeRecommendationWithBehaviors,
//           convertDesiredReplicasWithBehaviorRate, calculateScaleUpLimitWithScalingRules, ...)
// Worked example (no behavior): recommendations over the last 5 min were 6, 6, 3 and the metrics now
// ask for 2: the stabilized recommendation is max(2, 6, 6, 3) = 6, so a load drop scales down only
// once the 6s are older than the window (--horizontal-pod-autoscaler-downscale-stabilization 5m).

import type { HPAScalingRules } from 'kubernetes-types/autoscaling/v2';

/** --horizontal-pod-autoscaler-downscale-stabilization */
export const DOWNSCALE_STABILISATION_WINDOW_MS = 5 * 60 * 1000;
const SCALE_UP_LIMIT_FACTOR = 2.0;
const SCALE_UP_LIMIT_MINIMUM = 4.0;

export interface TimestampedRecommendation {
  recommendation: number;
  /** simulated ms */
  timestampMs: number;
}

export interface TimestampedScaleEvent {
  replicaChange: number;
  timestampMs: number;
}

export interface Limited {
  replicas: number;
  reason: string;
  message: string;
}

/**
 * stabilizeRecommendation (no behavior): the highest recommendation within the downscale window.
 * Records `desired` in `recs`, replacing one sample older than the window when there is one.
 */
export function stabilizeRecommendation(recs: TimestampedRecommendation[], desired: number, nowMs: number, windowMs = DOWNSCALE_STABILISATION_WINDOW_MS): number {
  let max = desired;
  let oldIndex = -1;
  const cutoff = nowMs - windowMs;
  recs.forEach((r, i) => {
    if (r.timestampMs < cutoff) oldIndex = i;
    else if (r.recommendation > max) max = r.recommendation;
  });
  const rec = { recommendation: desired, timestampMs: nowMs };
  if (oldIndex >= 0) recs[oldIndex] = rec;
  else recs.push(rec);
  return max;
}

export function calculateScaleUpLimit(currentReplicas: number): number {
  return Math.trunc(Math.max(SCALE_UP_LIMIT_FACTOR * currentReplicas, SCALE_UP_LIMIT_MINIMUM));
}

/** convertDesiredReplicasWithRules: clamp to [min, min(max, scale-up limit)] and say why. */
export function convertDesiredReplicasWithRules(currentReplicas: number, desired: number, minReplicas: number, maxReplicas: number): Limited {
  const scaleUpLimit = calculateScaleUpLimit(currentReplicas);
  let maximumAllowed: number;
  let reason: string;
  let message: string;
  if (maxReplicas > scaleUpLimit) {
    maximumAllowed = scaleUpLimit;
    reason = 'ScaleUpLimit';
    message = 'the desired replica count is increasing faster than the maximum scale rate';
  } else {
    maximumAllowed = maxReplicas;
    reason = 'TooManyReplicas';
    message = 'the desired replica count is more than the maximum replica count';
  }
  if (desired < minReplicas) return { replicas: minReplicas, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
  if (desired > maximumAllowed) return { replicas: maximumAllowed, reason, message };
  return { replicas: desired, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
}

export interface NormalizationArg {
  scaleUp: HPAScalingRules;
  scaleDown: HPAScalingRules;
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
}

/** stabilizeRecommendationWithBehaviors: keep within [lowest recent (up window), highest recent (down window)]. */
export function stabilizeRecommendationWithBehaviors(recs: TimestampedRecommendation[], args: NormalizationArg, nowMs: number): Limited {
  let up = args.desiredReplicas;
  let down = args.desiredReplicas;
  const upCutoff = nowMs - (args.scaleUp.stabilizationWindowSeconds ?? 0) * 1000;
  const downCutoff = nowMs - (args.scaleDown.stabilizationWindowSeconds ?? 300) * 1000;
  let oldIndex = -1;
  recs.forEach((r, i) => {
    if (r.timestampMs > upCutoff) up = Math.min(r.recommendation, up);
    if (r.timestampMs > downCutoff) down = Math.max(r.recommendation, down);
    if (r.timestampMs < upCutoff && r.timestampMs < downCutoff) oldIndex = i;
  });
  let recommendation = args.currentReplicas;
  if (recommendation < up) recommendation = up;
  if (recommendation > down) recommendation = down;
  const rec = { recommendation: args.desiredReplicas, timestampMs: nowMs };
  if (oldIndex >= 0) recs[oldIndex] = rec;
  else recs.push(rec);
  return args.desiredReplicas >= args.currentReplicas
    ? { replicas: recommendation, reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' }
    : { replicas: recommendation, reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' };
}

function replicasChangePerPeriod(periodSeconds: number, events: readonly TimestampedScaleEvent[], nowMs: number): number {
  const cutoff = nowMs - periodSeconds * 1000;
  let n = 0;
  for (const e of events) if (e.timestampMs > cutoff) n += e.replicaChange;
  return n;
}

/** calculateScaleUpLimitWithScalingRules: the most (Max) or least (Min) any policy allows from the period's start. */
export function calculateScaleUpLimitWithScalingRules(current: number, upEvents: readonly TimestampedScaleEvent[], downEvents: readonly TimestampedScaleEvent[], rules: HPAScalingRules, nowMs: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const useMin = rules.selectPolicy === 'Min';
  let result = useMin ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  for (const p of rules.policies ?? []) {
    const periodStart = current - replicasChangePerPeriod(p.periodSeconds, upEvents, nowMs) + replicasChangePerPeriod(p.periodSeconds, downEvents, nowMs);
    const proposed = p.type === 'Pods' ? periodStart + p.value : Math.ceil(periodStart * (1 + p.value / 100));
    result = useMin ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** calculateScaleDownLimitWithBehaviors: the fewest (Max) or most (Min) replicas any policy allows. */
export function calculateScaleDownLimitWithBehaviors(current: number, upEvents: readonly TimestampedScaleEvent[], downEvents: readonly TimestampedScaleEvent[], rules: HPAScalingRules, nowMs: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const useMin = rules.selectPolicy === 'Min';
  let result = useMin ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  for (const p of rules.policies ?? []) {
    const periodStart = current - replicasChangePerPeriod(p.periodSeconds, upEvents, nowMs) + replicasChangePerPeriod(p.periodSeconds, downEvents, nowMs);
    const proposed = p.type === 'Pods' ? periodStart - p.value : Math.trunc(periodStart * (1 - p.value / 100));
    result = useMin ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** convertDesiredReplicasWithBehaviorRate: clamp by the policies and min/max, and say why. */
export function convertDesiredReplicasWithBehaviorRate(args: NormalizationArg, upEvents: readonly TimestampedScaleEvent[], downEvents: readonly TimestampedScaleEvent[], nowMs: number): Limited {
  if (args.desiredReplicas > args.currentReplicas) {
    const limit = Math.max(calculateScaleUpLimitWithScalingRules(args.currentReplicas, upEvents, downEvents, args.scaleUp, nowMs), args.currentReplicas);
    const limited = args.maxReplicas > limit
      ? { replicas: limit, reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' }
      : { replicas: args.maxReplicas, reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
    if (args.desiredReplicas > limited.replicas) return limited;
  } else if (args.desiredReplicas < args.currentReplicas) {
    const limit = Math.min(calculateScaleDownLimitWithBehaviors(args.currentReplicas, upEvents, downEvents, args.scaleDown, nowMs), args.currentReplicas);
    const limited = args.minReplicas < limit
      ? { replicas: limit, reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' }
      : { replicas: args.minReplicas, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
    if (args.desiredReplicas < limited.replicas) return limited;
  }
  return { replicas: args.desiredReplicas, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
}

/** The longest policy period of a direction: how long its scale events matter. */
export function longestPolicyPeriodSeconds(rules: HPAScalingRules | undefined): number {
  let longest = 0;
  for (const p of rules?.policies ?? []) longest = Math.max(longest, p.periodSeconds);
  return longest;
}
