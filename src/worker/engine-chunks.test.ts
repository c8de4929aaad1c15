// The worker with the real engine: a burst of hundreds of pods reaches the UI as budget-bounded
// deltas, simulated time waits while the UI is behind, a command's changes all precede its reply,
// and the UI store ends up holding exactly the worker's views.
import { describe, expect, it } from 'vitest';
import { applyDelta, applySnapshot, clusterStore } from '../ui/stores/cluster-store';
import { MAX_BACKLOG_VIEWS, MAX_DELTA_CHANGE_CHARS } from './delta-batcher';
import { EngineHost } from './engine.worker';
import type { WorkerMessage } from './protocol';

const REPLICAS = 450;

function deployment(replicas: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: big}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: big}}
  template:
    metadata: {labels: {app: big}}
    spec:
      containers:
      - name: c
        image: registry.k8s.io/pause:3.10
        resources: {requests: {cpu: 1m, memory: 1Mi}}
`;
}

function pods(yamlCount: number): string {
  return Array.from({ length: yamlCount }, (_, i) => `apiVersion: v1
kind: Pod
metadata: {name: p-${i}}
spec:
  containers:
  - name: c
    image: registry.k8s.io/pause:3.10
`).join('---\n');
}

describe('EngineHost with chunked deltas (real engine)', () => {
  it('a big burst goes out in bounded deltas while simulated time waits; the UI store ends equal to the worker', () => {
    let wall = 0;
    const sent: WorkerMessage[] = [];
    const host = new EngineHost((m) => {
      sent.push(m);
      if (m.kind === 'ready') applySnapshot(m);
      if (m.kind === 'delta') applyDelta(m);
    }, () => wall);
    // 5 nodes x 110 pods: room for all of them
    host.boot({ seed: 1, workerNodes: 5 });
    host.handle({ kind: 'control', action: 'speed', speed: 100 });
    host.handle({ kind: 'apply', requestId: 1, yaml: deployment(REPLICAS) });
    let sawHold = false;
    for (let i = 0; i < 400; i++) {
      const before = clusterStore.getState().clock.simTimeMs;
      const backlog = (host as unknown as { batcher: { pendingViews: number } }).batcher.pendingViews;
      wall += 16;
      host.tick();
      if (backlog > MAX_BACKLOG_VIEWS) {
        // the UI was behind: this tick sent changes but did not advance simulated time
        sawHold = true;
        expect(clusterStore.getState().clock.simTimeMs).toBe(before);
      }
      const pods = [...clusterStore.getState().objects.values()].filter((v) => v.kind === 'Pod' && v.namespace === 'default');
      if (pods.length === REPLICAS && pods.every((p) => p.kind === 'Pod' && p.phase === 'Running') && backlog === 0) break;
    }
    expect(sawHold).toBe(true);
    for (const m of sent) {
      if (m.kind !== 'delta' || m.changes.length <= 1) continue;
      expect(m.changes.reduce((n, c) => n + JSON.stringify(c).length, 0)).toBeLessThanOrEqual(MAX_DELTA_CHANGE_CHARS);
    }
    const uiPods = [...clusterStore.getState().objects.values()].filter((v) => v.kind === 'Pod' && v.namespace === 'default');
    expect(uiPods).toHaveLength(REPLICAS);
    expect(uiPods.every((p) => p.kind === 'Pod' && p.phase === 'Running')).toBe(true);
    // A resync: the streamed snapshot plus the deltas after it give the same store.
    const held = new Map(clusterStore.getState().objects);
    host.handle({ kind: 'resync' });
    const ready = sent.at(-1)!;
    expect(ready.kind).toBe('ready');
    expect(ready.kind === 'ready' && ready.snapshot.views.length).toBeLessThan(held.size);
    for (let i = 0; i < 200 && (host as unknown as { batcher: { pendingViews: number } }).batcher.pendingViews > 0; i++) {
      host.handle({ kind: 'control', action: 'pause' });
      wall += 16;
      host.tick();
    }
    expect(new Map(clusterStore.getState().objects)).toEqual(held);
  }, 120_000);

  it("a command's changes all go out, in bounded deltas, before its reply", () => {
    const sent: WorkerMessage[] = [];
    const host = new EngineHost((m) => {
      sent.push(m);
      if (m.kind === 'ready') applySnapshot(m);
      if (m.kind === 'delta') applyDelta(m);
    }, () => 0);
    host.boot({ seed: 1, workerNodes: 2 });
    sent.length = 0;
    host.handle({ kind: 'apply', requestId: 7, yaml: pods(120) });
    const reply = sent.findIndex((m) => m.kind === 'reply');
    expect(reply).toBeGreaterThan(1);
    const deltas = sent.slice(0, reply).filter((m) => m.kind === 'delta');
    expect(deltas.length).toBeGreaterThan(1);
    const keys = new Set(deltas.flatMap((d) => (d.kind === 'delta' ? d.changes.map((c) => (c.type === 'upsert' ? c.view.key : c.key)) : [])));
    for (let i = 0; i < 120; i++) expect(keys.has(`default/p-${i}`)).toBe(true);
    expect([...clusterStore.getState().objects.values()].filter((v) => v.kind === 'Pod' && v.namespace === 'default')).toHaveLength(120);
  }, 60_000);
});
