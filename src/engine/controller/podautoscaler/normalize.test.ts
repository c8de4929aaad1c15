import { describe, expect, it } from 'vitest';
import {
  calculateScaleDownLimitWithBehaviors, calculateScaleUpLimitWithScalingRules, convertDesiredReplicasWithBehaviorRate,
  convertDesiredReplicasWithRules, stabilizeRecommendation, stabilizeRecommendationWithBehaviors,
} from './normalize';

const MIN = 60_000;
const DEFAULT_UP = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] };
const DEFAULT_DOWN = { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };

describe('stabilizeRecommendation (no behavior)', () => {
  it('applies the highest recommendation of the last 5 minutes and records the new one', () => {
    const recs = [{ recommendation: 6, timestampMs: 10 * MIN }, { recommendation: 3, timestampMs: 12 * MIN }];
    expect(stabilizeRecommendation(recs, 2, 14 * MIN)).toBe(6);
    expect(recs).toHaveLength(3);
    // 5 minutes after the 6, only the 3 and the 2 remain in the window.
    expect(stabilizeRecommendation(recs, 2, 15 * MIN + 1)).toBe(3);
    // an old sample is overwritten rather than the list growing
    expect(recs).toHaveLength(3);
  });
});

describe('convertDesiredReplicasWithRules', () => {
  it.each([
    ['within range', 3, 5, 1, 10, 5, 'DesiredWithinRange'],
    ['below the minimum', 3, 0, 1, 10, 1, 'TooFewReplicas'],
    ['above the maximum', 3, 12, 1, 6, 6, 'TooManyReplicas'],
    ['faster than x2 (at least 4)', 1, 9, 1, 10, 4, 'ScaleUpLimit'],
    ['x2 from 3', 3, 9, 1, 10, 6, 'ScaleUpLimit'],
  ])('%s', (_n, current, desired, min, max, replicas, reason) => {
    expect(convertDesiredReplicasWithRules(current, desired, min, max)).toMatchObject({ replicas, reason });
  });
});

describe('behavior (spec.behavior)', () => {
  const args = (current: number, desired: number) => ({ scaleUp: DEFAULT_UP, scaleDown: DEFAULT_DOWN, minReplicas: 1, maxReplicas: 20, currentReplicas: current, desiredReplicas: desired });

  it('the default scale-up policies allow max(+4 pods, +100%) per 15 s', () => {
    expect(calculateScaleUpLimitWithScalingRules(2, [], [], DEFAULT_UP, 0)).toBe(6);
    expect(calculateScaleUpLimitWithScalingRules(10, [], [], DEFAULT_UP, 0)).toBe(20);
    // 3 replicas added 10 s ago count against the period: the period started at 7
    expect(calculateScaleUpLimitWithScalingRules(10, [{ replicaChange: 3, timestampMs: 5_000 }], [], DEFAULT_UP, 15_000)).toBe(14);
  });

  it('the default scale-down policy allows removing all replicas in one period', () => {
    expect(calculateScaleDownLimitWithBehaviors(8, [], [], DEFAULT_DOWN, 0)).toBe(0);
    expect(calculateScaleDownLimitWithBehaviors(8, [], [], { ...DEFAULT_DOWN, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] }, 0)).toBe(7);
    expect(calculateScaleDownLimitWithBehaviors(8, [], [], { selectPolicy: 'Disabled', policies: [] }, 0)).toBe(8);
  });

  it('stabilizes a scale-down to the highest recommendation in the window', () => {
    const recs = [{ recommendation: 8, timestampMs: 0 }];
    expect(stabilizeRecommendationWithBehaviors(recs, args(8, 2), 60_000)).toMatchObject({ replicas: 8, reason: 'ScaleDownStabilized' });
    expect(stabilizeRecommendationWithBehaviors(recs, args(8, 2), 301_000).replicas).toBe(2);
  });

  it('limits a scale-up by the policies and reports ScaleUpLimit', () => {
    expect(convertDesiredReplicasWithBehaviorRate(args(2, 12), [], [], 0)).toMatchObject({ replicas: 6, reason: 'ScaleUpLimit' });
    expect(convertDesiredReplicasWithBehaviorRate({ ...args(2, 30), maxReplicas: 5 }, [], [], 0)).toMatchObject({ replicas: 5, reason: 'TooManyReplicas' });
    expect(convertDesiredReplicasWithBehaviorRate(args(4, 5), [], [], 0)).toMatchObject({ replicas: 5, reason: 'DesiredWithinRange' });
  });
});
