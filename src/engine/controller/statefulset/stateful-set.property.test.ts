// StatefulSet ordering as a property (issue #4): under OrderedReady, pod N is only created once pods
// 0..N-1 all exist and are Running and Ready, and scale-down removes the highest ordinal first, one at
// a time (the next deletion waits until the previous pod is gone); after settling the set has exactly
// pods 0..replicas-1.
// One race is allowed, as upstream has it: the controller acts on its informer cache, which is a
// watch latency (100 ms) behind the API server, so a pod created or changed less than that ago is
// judged as it was (a scale-down at that moment condemns the highest ordinal the controller knows; a
// scale-up right after a scale-down sees the lower pod not yet terminating). Upstream's controller
// reads the same kind of cache.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { TestCluster } from '../../testing/test-cluster';

type PodK = Pod & KubeObject;

const yaml = (replicas: number) => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx:1.27}]
`;

const ordinal = (p: PodK) => Number(/-(\d+)$/.exec(p.metadata.name ?? '')![1]);
const isReady = (p: Pod) => p.status?.phase === 'Running' && (p.status.conditions ?? []).some((x) => x.type === 'Ready' && x.status === 'True');

function check(start: number, scales: { replicas: number; afterMs: number }[]): void {
  const c = new TestCluster({ seed: 7 });
  const pods = new Map<string, PodK>();
  const createdAt = new Map<string, number>();
  const changedAt = new Map<string, number>();
  /** the controller could have seen this pod's current state */
  const settled = (name: string) => c.world.now() - (changedAt.get(name) ?? 0) > WATCH_LATENCY_MS;
  const WATCH_LATENCY_MS = 100;
  const violations: string[] = [];
  c.world.onWatch((rec) => {
    if (rec.resource !== 'pods') return;
    const pod = rec.object as unknown as PodK;
    const name = pod.metadata.name ?? '';
    if (!name.startsWith('web-')) return;
    if (rec.type === 'ADDED') {
      const n = ordinal(pod);
      for (let i = 0; i < n; i++) {
        const prev = pods.get(`web-${i}`);
        if ((!prev || !isReady(prev) || prev.metadata.deletionTimestamp) && settled(`web-${i}`)) violations.push(`web-${n} created while web-${i} was ${prev ? (prev.metadata.deletionTimestamp ? 'terminating' : prev.status?.phase ?? 'Pending') : 'missing'}`);
      }
      pods.set(name, pod);
      createdAt.set(name, c.world.now());
      changedAt.set(name, c.world.now());
    } else if (rec.type === 'DELETED') {
      pods.delete(name);
      changedAt.set(name, c.world.now());
    } else {
      const before = pods.get(name);
      // a pod starts terminating: every higher ordinal must already be gone
      if (pod.metadata.deletionTimestamp && !before?.metadata.deletionTimestamp) {
        const n = ordinal(pod);
        // (a pod created less than a watch latency ago is not in the controller's cache yet)
        const higher = [...pods.values()].filter((p) => ordinal(p) > n && c.world.now() - (createdAt.get(p.metadata.name ?? '') ?? 0) > WATCH_LATENCY_MS);
        if (higher.length > 0) violations.push(`web-${n} deleted while ${higher.map((p) => p.metadata.name).join(',')} still existed`);
      }
      pods.set(name, pod);
      changedAt.set(name, c.world.now());
    }
  });
  c.applyOk(yaml(start));
  for (const s of scales) {
    c.step(s.afterMs);
    c.kubectl(`scale statefulset web --replicas=${s.replicas}`);
  }
  c.settle();
  expect(violations).toEqual([]);
  const last = scales.length > 0 ? scales[scales.length - 1].replicas : start;
  const live = c.pods({ app: 'web' }).filter((p) => !p.metadata.deletionTimestamp);
  expect(live.map((p) => p.metadata.name).sort()).toEqual([...Array(last).keys()].map((i) => `web-${i}`).sort());
  expect(live.every(isReady)).toBe(true);
}

describe('StatefulSet OrderedReady ordering (property)', () => {
  it('creates 0..N-1 in order, each after the previous is Running and Ready; deletes from the highest ordinal', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.array(fc.record({ replicas: fc.integer({ min: 0, max: 5 }), afterMs: fc.integer({ min: 0, max: 8_000 }) }), { maxLength: 3 }),
        (start, scales) => check(start, scales),
      ),
      { numRuns: 25 },
    );
  });

  // Counterexample found by the property before the cache-latency allowance, pinned: the scale-up
  // reaches the controller before its own deletion of web-0 does.
  it('regression: scale 1 -> 0, then -> 2 one millisecond later', () => {
    check(1, [{ replicas: 0, afterMs: 3619 }, { replicas: 2, afterMs: 1 }]);
  });
});
