import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { CalculatorError, getRawResourceReplicas, getResourceReplicas, type PodMetricsInfo } from './replica-calculator';

const NOW = Date.UTC(2026, 0, 5, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
/** Started 10 min ago (past the 5-min cpu initialization period), Ready since it started. */
const COOL_START = NOW - 10 * 60 * 1000;
/** Started (and became Ready) 20 s ago: still initializing, not yet measured for a full window. */
const HOT_START = NOW - 20 * 1000;

interface Case {
  currentReplicas: number;
  expectedReplicas: number;
  expectedUtilization: number;
  /** cpu request per pod, cores */
  requests: number[];
  /** cpu usage (millicores) of the first pods; the rest have no metrics */
  levels: number[];
  targetUtilization: number;
  readiness?: Array<'True' | 'False'>;
  phases?: Array<'Running' | 'Pending' | 'Failed'>;
  deleting?: boolean[];
  startTimes?: number[];
}

function pods(c: Case): Pod[] {
  return c.requests.map((req, i) => {
    const start = c.startTimes?.[i] ?? COOL_START;
    return {
      metadata: { name: `test-pod-${i}`, namespace: 'test-namespace', ...(c.deleting?.[i] ? { deletionTimestamp: iso(NOW) } : {}) },
      spec: { containers: [{ name: 'container1', image: 'nginx', resources: { requests: { cpu: String(req) } } }] },
      status: {
        phase: c.phases?.[i] ?? 'Running',
        startTime: iso(start),
        conditions: [{ type: 'Ready', status: c.readiness?.[i] ?? 'True', lastTransitionTime: iso(start) }],
      },
    };
  });
}

function metrics(c: Case, windowMs = 30_000): PodMetricsInfo {
  return new Map(c.levels.map((v, i) => [`test-pod-${i}`, { timestampMs: NOW - 5000, windowMs, value: v }]));
}

// UPSTREAM: pkg/controller/podautoscaler/replica_calculator_test.go (the same names and numbers)
const CASES: Record<string, Case> = {
  TestReplicaCalcScaleUp: { currentReplicas: 3, expectedReplicas: 5, expectedUtilization: 50, requests: [1, 1, 1], levels: [300, 500, 700], targetUtilization: 30 },
  TestReplicaCalcScaleUpUnreadyLessScale: {
    currentReplicas: 3, expectedReplicas: 4, expectedUtilization: 60, requests: [1, 1, 1], levels: [300, 500, 700], targetUtilization: 30,
    readiness: ['False', 'True', 'True'],
  },
  TestReplicaCalcScaleUpHotCpuLessScale: {
    currentReplicas: 3, expectedReplicas: 4, expectedUtilization: 60, requests: [1, 1, 1], levels: [300, 500, 700], targetUtilization: 30,
    startTimes: [HOT_START, COOL_START, COOL_START],
  },
  TestReplicaCalcScaleUpUnreadyNoScale: {
    currentReplicas: 3, expectedReplicas: 3, expectedUtilization: 40, requests: [1, 1, 1], levels: [400, 500, 700], targetUtilization: 30,
    readiness: ['True', 'False', 'False'],
  },
  TestReplicaCalcScaleUpIgnoresFailedPods: {
    currentReplicas: 2, expectedReplicas: 4, expectedUtilization: 60, requests: [1, 1, 1, 1], levels: [500, 700], targetUtilization: 30,
    readiness: ['True', 'True', 'False', 'False'], phases: ['Running', 'Running', 'Failed', 'Failed'],
  },
  TestReplicaCalcScaleUpIgnoresDeletionPods: {
    currentReplicas: 2, expectedReplicas: 4, expectedUtilization: 60, requests: [1, 1, 1, 1], levels: [500, 700], targetUtilization: 30,
    readiness: ['True', 'True', 'False', 'False'], deleting: [false, false, true, true],
  },
  TestReplicaCalcScaleDown: { currentReplicas: 5, expectedReplicas: 3, expectedUtilization: 28, requests: [1, 1, 1, 1, 1], levels: [100, 300, 500, 250, 250], targetUtilization: 50 },
  TestReplicaCalcScaleDownIgnoresUnreadyPods: {
    currentReplicas: 5, expectedReplicas: 2, expectedUtilization: 30, requests: [1, 1, 1, 1, 1], levels: [100, 300, 500, 250, 250], targetUtilization: 50,
    readiness: ['True', 'True', 'True', 'False', 'False'],
  },
  TestReplicaCalcTolerance: { currentReplicas: 3, expectedReplicas: 3, expectedUtilization: 102, requests: [0.9, 1.0, 1.1], levels: [1010, 1030, 1020], targetUtilization: 100 },
  TestReplicaCalcMissingMetrics: { currentReplicas: 4, expectedReplicas: 3, expectedUtilization: 24, requests: [1, 1, 1, 1], levels: [400, 95], targetUtilization: 100 },
  TestReplicaCalcMissingMetricsNoChangeEq: { currentReplicas: 2, expectedReplicas: 2, expectedUtilization: 100, requests: [1, 1], levels: [1000], targetUtilization: 100 },
  TestReplicaCalcMissingMetricsNoChangeGt: { currentReplicas: 2, expectedReplicas: 2, expectedUtilization: 190, requests: [1, 1], levels: [1900], targetUtilization: 100 },
  TestReplicaCalcMissingMetricsNoChangeLt: { currentReplicas: 2, expectedReplicas: 2, expectedUtilization: 60, requests: [1, 1], levels: [600], targetUtilization: 100 },
  TestReplicaCalcMissingMetricsUnreadyChange: {
    currentReplicas: 3, expectedReplicas: 3, expectedUtilization: 45, requests: [1, 1, 1], levels: [100, 450], targetUtilization: 50,
    readiness: ['False', 'True', 'True'],
  },
  TestReplicaCalcMissingMetricsUnreadyScaleUp: {
    currentReplicas: 3, expectedReplicas: 4, expectedUtilization: 200, requests: [1, 1, 1], levels: [100, 2000], targetUtilization: 50,
    readiness: ['False', 'True', 'True'],
  },
  TestReplicaCalcMissingMetricsUnreadyScaleDown: {
    currentReplicas: 4, expectedReplicas: 3, expectedUtilization: 10, requests: [1, 1, 1, 1], levels: [100, 100, 100], targetUtilization: 50,
    readiness: ['False', 'True', 'True', 'True'],
  },
  TestReplicaCalcDuringRollingUpdateWithMaxSurge: { currentReplicas: 2, expectedReplicas: 2, expectedUtilization: 10, requests: [1, 1, 1], levels: [100, 100], targetUtilization: 50 },
};

describe('getResourceReplicas', () => {
  it.each(Object.entries(CASES))('%s', (_name, c) => {
    const r = getResourceReplicas(c.currentReplicas, c.targetUtilization, 'cpu', '', pods(c), metrics(c), NOW);
    expect(r.replicaCount).toBe(c.expectedReplicas);
    expect(r.utilization).toBe(c.expectedUtilization);
  });

  it('reports the raw average usage of the pods it measured, in millicores', () => {
    const r = getResourceReplicas(3, 30, 'cpu', '', pods(CASES.TestReplicaCalcScaleUp), metrics(CASES.TestReplicaCalcScaleUp), NOW);
    expect(r.rawUtilization).toBe(500);
  });

  it('TestReplicaCalcEmptyCPURequest: a container without a cpu request is an error naming it', () => {
    const p = pods({ ...CASES.TestReplicaCalcScaleUp, requests: [1] });
    delete p[0].spec!.containers[0].resources;
    expect(() => getResourceReplicas(1, 50, 'cpu', '', p, metrics({ ...CASES.TestReplicaCalcScaleUp, levels: [200] }), NOW))
      .toThrow(new CalculatorError('missing request for cpu in container container1 of Pod test-pod-0'));
  });

  it('says so when every measured pod is unready', () => {
    const c: Case = { currentReplicas: 2, expectedReplicas: 0, expectedUtilization: 0, requests: [1, 1], levels: [100, 100], targetUtilization: 50, readiness: ['False', 'False'] };
    expect(() => getResourceReplicas(2, 50, 'cpu', '', pods(c), metrics(c), NOW)).toThrow('did not receive metrics for targeted pods (pods might be unready)');
  });

  it('counts an initializing pod once it has been measured for a full window since it became ready', () => {
    const c: Case = { ...CASES.TestReplicaCalcScaleUpHotCpuLessScale };
    // Measured 15 s after the hot pod became ready, over a 10 s window: its sample counts.
    const r = getResourceReplicas(3, 30, 'cpu', '', pods(c), metrics(c, 10_000), NOW);
    expect(r.replicaCount).toBe(5);
  });

  it('reads memory requests in bytes (milli-units)', () => {
    const p = pods(CASES.TestReplicaCalcScaleUp).map((x) => ({ ...x, spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { memory: '100Mi' } } }] } }));
    const usage = new Map([0, 1, 2].map((i) => [`test-pod-${i}`, { timestampMs: NOW, windowMs: 30_000, value: 90 * 1024 * 1024 * 1000 }]));
    const r = getResourceReplicas(3, 60, 'memory', '', p, usage, NOW);
    expect(r.utilization).toBe(90);
    expect(r.replicaCount).toBe(5);
  });
});

describe('getRawResourceReplicas (AverageValue)', () => {
  it('scales to ceil(ready pods * average usage / target)', () => {
    const c = CASES.TestReplicaCalcScaleUp;
    // average 500m against a 250m target: ratio 2 -> 6 replicas
    expect(getRawResourceReplicas(3, 250, 'cpu', pods(c), metrics(c), NOW)).toEqual({ replicaCount: 6, usage: 500 });
  });

  it('keeps the count within tolerance', () => {
    const c = CASES.TestReplicaCalcScaleUp;
    expect(getRawResourceReplicas(3, 480, 'cpu', pods(c), metrics(c), NOW).replicaCount).toBe(3);
  });

  it('treats missing pods as at the target when scaling down', () => {
    const c = CASES.TestReplicaCalcMissingMetrics;
    // measured average 247m of a 1000m target; the two missing pods count as 1000m: (400+95+2000)/4 = 623 -> ceil(0.623*4) = 3
    expect(getRawResourceReplicas(4, 1000, 'cpu', pods(c), metrics(c), NOW).replicaCount).toBe(3);
  });
});
