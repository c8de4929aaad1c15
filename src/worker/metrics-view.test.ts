import { describe, expect, it } from 'vitest';
import type { PodMetrics } from '../engine/index';
import { diffMetrics, mergeMetricsDeltas, metricsView } from './metrics-view';
import { applyMetricsDelta, EMPTY_METRICS, type MetricsView } from './protocol';

const pm = (name: string, ...cpu: number[]): PodMetrics => ({
  namespace: 'default', name, labels: {}, timestampMs: 15_000, windowMs: 15_000,
  containers: cpu.map((c, i) => ({ name: `c${i}`, cpuMillis: c, memoryBytes: 1024 * (i + 1) })),
});

describe('metrics view and deltas', () => {
  it('sums each pod over its containers and copies the loads', () => {
    const v = metricsView([{ ref: { kind: 'Deployment', namespace: 'default', name: 'web' }, rps: 20 }], [pm('web-1', 101, 2)]);
    expect(v).toEqual({
      loads: [{ workload: { kind: 'Deployment', namespace: 'default', name: 'web' }, rps: 20 }],
      pods: { 'default/web-1': { cpuMillis: 103, memoryBytes: 3072 } },
    });
  });

  it('says nothing when nothing changed', () => {
    const v = metricsView([{ ref: { kind: 'Deployment', namespace: 'default', name: 'web' }, rps: 20 }], [pm('a', 5)]);
    const again = metricsView([{ ref: { kind: 'Deployment', namespace: 'default', name: 'web' }, rps: 20 }], [pm('a', 5)]);
    expect(diffMetrics(v, again)).toBeUndefined();
  });

  const views: MetricsView[] = [
    EMPTY_METRICS,
    metricsView([], [pm('a', 1), pm('b', 1)]),
    metricsView([{ ref: { kind: 'Deployment', namespace: 'default', name: 'web' }, rps: 40 }], [pm('a', 101), pm('b', 101)]),
    metricsView([{ ref: { kind: 'Deployment', namespace: 'default', name: 'web' }, rps: 40 }], [pm('b', 201), pm('c', 1)]),
    metricsView([], []),
  ];

  it.each(views.slice(1).map((next, i) => [i, views[i], next] as const))('step %i: applying the diff to the old view gives the new one', (_i, prev, next) => {
    expect(applyMetricsDelta(prev, diffMetrics(prev, next))).toEqual(next);
  });

  it('one merged delta per frame equals the deltas one by one', () => {
    let merged;
    let oneByOne: MetricsView = views[0];
    for (let i = 1; i < views.length - 1; i++) {
      const d = diffMetrics(views[i - 1], views[i])!;
      merged = mergeMetricsDeltas(merged, d);
      oneByOne = applyMetricsDelta(oneByOne, d);
    }
    expect(applyMetricsDelta(views[0], merged)).toEqual(oneByOne);
    expect(oneByOne).toEqual(views[views.length - 2]);
  });
});

describe('throttled containers in the metrics view', () => {
  const throttled = (name: string): PodMetrics => ({
    namespace: 'default', name, labels: {}, timestampMs: 15_000, windowMs: 15_000,
    containers: [{ name: 'app', cpuMillis: 500, memoryBytes: 1024, throttled: true }, { name: 'side', cpuMillis: 1, memoryBytes: 1024 }],
  });
  it('names the containers the CFS quota held at their limit', () => {
    expect(metricsView([], [throttled('a')]).pods['default/a']).toEqual({ cpuMillis: 501, memoryBytes: 2048, throttledContainers: ['app'] });
  });
  it('a change of throttling alone is a delta', () => {
    const before = metricsView([], [{ ...throttled('a'), containers: throttled('a').containers.map((c) => ({ ...c, throttled: undefined })) }]);
    const after = metricsView([], [throttled('a')]);
    expect(diffMetrics(before, after)?.pods?.['default/a']?.throttledContainers).toEqual(['app']);
  });
});
