import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/meta';
import { CPU_MILLIS_PER_RPS, MetricsServer, NODE_SYSTEM_CPU_MILLIS, type MetricsSource } from './metrics-server';

const EPOCH = Date.UTC(2026, 0, 5, 9, 0, 0);
const at = (ms: number) => new Date(EPOCH + ms).toISOString();

function pod(name: string, opts: { ready?: boolean; startedMs?: number; node?: string; labels?: Record<string, string> } = {}): Pod {
  const ready = opts.ready ?? true;
  return {
    metadata: { name, namespace: 'default', labels: opts.labels ?? { app: 'web' } },
    spec: { nodeName: opts.node ?? 'node-1', containers: [{ name: 'app', image: 'nginx', resources: { limits: { cpu: '400m' } } }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [{ name: 'app', ready, restartCount: 0, image: 'nginx', imageID: '', state: { running: { startedAt: at(opts.startedMs ?? 0) } } }],
    },
  } as Pod;
}

function source(pods: Pod[], nowMs: number): MetricsSource & { now(): number; time: number } {
  const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } } } } as KubeObject;
  const node: Node = { metadata: { name: 'node-1', creationTimestamp: at(0) }, status: { allocatable: { cpu: '2', memory: '4Gi' }, conditions: [{ type: 'Ready', status: 'True' }] } };
  const s = {
    time: nowMs,
    pods: () => pods,
    nodes: () => [node],
    workload: (ref: { kind: string; name: string }) => (ref.kind === 'Deployment' && ref.name === 'web' ? deployment : undefined),
    now: () => s.time,
    epochMs: EPOCH,
  };
  return s;
}

describe('MetricsServer', () => {
  it('spreads a workload\'s load evenly over its ready pods; unready pods idle', () => {
    const src = source([pod('a'), pod('b'), pod('c', { ready: false }), pod('other', { labels: { app: 'db' } })], 60_000);
    const m = new MetricsServer(src);
    m.setLoad({ kind: 'Deployment', namespace: 'default', name: 'web' }, 40);
    const cpu = Object.fromEntries(m.podMetrics('default').map((p) => [p.name, p.containers[0].cpuMillis]));
    expect(cpu).toEqual({ a: 1 + 20 * CPU_MILLIS_PER_RPS, b: 1 + 20 * CPU_MILLIS_PER_RPS, c: 1, other: 1 });
  });

  it('caps cpu at the container limit', () => {
    const m = new MetricsServer(source([pod('a')], 60_000));
    m.setLoad({ kind: 'Deployment', namespace: 'default', name: 'web' }, 1000);
    expect(m.podMetrics()[0].containers[0].cpuMillis).toBe(400);
  });

  it('reports a pod once two 15 s scrapes saw it running, stamped with the last scrape', () => {
    const src = source([pod('a', { startedMs: 20_000 })], 40_000);
    const m = new MetricsServer(src);
    expect(m.podMetrics()).toEqual([]); // scrapes at 30 s only
    src.time = 44_999;
    expect(m.podMetrics()).toEqual([]);
    src.time = 45_000; // scrapes at 30 s and 45 s
    expect(m.podMetrics()[0]).toMatchObject({ name: 'a', timestampMs: 45_000, windowMs: 15_000 });
  });

  it('sums a node\'s pods over its daemons\' own usage', () => {
    const m = new MetricsServer(source([pod('a'), pod('b')], 60_000));
    m.setLoad({ kind: 'Deployment', namespace: 'default', name: 'web' }, 20);
    expect(m.nodeMetrics()).toEqual([expect.objectContaining({ name: 'node-1', cpuMillis: NODE_SYSTEM_CPU_MILLIS + 2 * (1 + 10 * CPU_MILLIS_PER_RPS), allocatableCpuMillis: 2000 })]);
  });

  it('a load of 0 removes it, and the state round-trips', () => {
    const m = new MetricsServer(source([], 0));
    m.setLoad({ kind: 'Deployment', name: 'web' }, 5);
    const copy = new MetricsServer(source([], 0), m.save());
    expect(copy.load({ kind: 'Deployment', name: 'web' })).toBe(5);
    m.setLoad({ kind: 'Deployment', name: 'web' }, 0);
    expect(m.allLoads()).toEqual([]);
  });
});
