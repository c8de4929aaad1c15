// PodGC, after pkg/controller/podgc/gc_controller_test.go: TestGCTerminated, TestGCOrphaned,
// TestGCUnscheduledTerminating, TestGCTerminating; and through a whole World: a node that is gone.
import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { SharedInformerFactory } from '../../client/informer';
import type { Client } from '../../client/clientset';
import type { ControllerContext } from '../types';
import type { WorkQueue } from '../../client/workqueue';
import { World, type WatchRecord } from '../../sim/world';
import { DELETION_BY_POD_GC, GC_CHECK_PERIOD_MS, NODE_NO_LONGER_EXISTS, PodGCController, QUARANTINE_TIME_MS } from './gc-controller';

interface Call {
  op: 'updateStatus' | 'delete';
  name: string;
  phase?: string;
  conditions?: unknown[];
  grace?: number;
}

function pod(name: string, o: { node?: string; phase?: string; created?: string; deleting?: boolean; reason?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: o.created ?? '2026-01-05T09:00:00Z', ...(o.deleting ? { deletionTimestamp: '2026-01-05T09:00:10Z' } : {}) },
    spec: { ...(o.node ? { nodeName: o.node } : {}), containers: [{ name: 'c', image: 'nginx' }] },
    status: { phase: o.phase ?? 'Running', ...(o.reason ? { reason: o.reason } : {}) },
  } as KubeObject;
}

function node(name: string, o: { ready?: boolean; taints?: Array<{ key: string; effect: string }> } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Node', metadata: { name, uid: `uid-${name}` },
    spec: { taints: o.taints ?? [] },
    status: { conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
  } as KubeObject;
}

/** A PodGC over fixed informers; the client records what it writes. */
function harness(pods: KubeObject[], initialNodes: KubeObject[], threshold?: number) {
  let nodes = initialNodes;
  let now = 0;
  const calls: Call[] = [];
  const store = new Map(pods.map((p) => [p.metadata.name ?? '', p]));
  const client = {
    get: (r: { resource: string }, _ns: string | undefined, name: string) => (r.resource === 'pods' ? store.get(name) : nodes.find((n) => n.metadata.name === name)),
    updateStatus: (obj: KubeObject) => {
      const s = (obj as Pod).status;
      calls.push({ op: 'updateStatus', name: obj.metadata.name ?? '', phase: s?.phase, conditions: s?.conditions });
      return { ok: true, object: obj };
    },
    delete: (_r: unknown, _ns: string | undefined, name: string, opts?: { gracePeriodSeconds?: number }) => {
      calls.push({ op: 'delete', name, grace: opts?.gracePeriodSeconds });
      store.delete(name);
      return { ok: true };
    },
  } as unknown as Client;
  const informers = new SharedInformerFactory();
  const queue = { add: () => undefined } as unknown as WorkQueue;
  const ctx = { informers, client, queue, now: () => now, timestamp: () => '2026-01-05T09:05:00Z' } as unknown as ControllerContext;
  const gc = new PodGCController(ctx, threshold === undefined ? {} : { terminatedPodThreshold: threshold });
  gc.start(informers);
  informers.informerFor('pods').replace(pods);
  informers.informerFor('nodes').replace(nodes);
  return {
    gc,
    calls,
    at: (ms: number) => {
      now = ms;
    },
    deleted: () => calls.filter((c) => c.op === 'delete').map((c) => c.name),
    setNodes: (next: KubeObject[]) => {
      nodes = next;
      informers.informerFor('nodes').replace(next);
    },
  };
}

describe('PodGC', () => {
  it('TestGCTerminated: deletes the oldest terminated pods above the threshold, evicted ones first', () => {
    const h = harness(
      [
        pod('a', { phase: 'Failed', created: '2026-01-05T09:00:03Z', node: 'n1' }),
        pod('b', { phase: 'Succeeded', created: '2026-01-05T09:00:01Z', node: 'n1' }),
        pod('c', { phase: 'Failed', created: '2026-01-05T09:00:02Z', node: 'n1' }),
        pod('d', { phase: 'Failed', created: '2026-01-05T09:00:09Z', node: 'n1', reason: 'Evicted' }),
        pod('e', { phase: 'Running', created: '2026-01-05T09:00:00Z', node: 'n1' }),
      ],
      [node('n1')],
      2,
    );
    h.gc.gc();
    // 4 terminated, threshold 2: delete 2 -- the evicted one, then the oldest.
    expect(h.deleted()).toEqual(['d', 'b']);
    // Already terminal: no status patch, grace period 0.
    expect(h.calls.filter((c) => c.op === 'updateStatus')).toEqual([]);
    expect(h.calls.every((c) => c.op !== 'delete' || c.grace === 0)).toBe(true);
  });

  it('TestGCOrphaned: pods of a deleted node wait out the quarantine, then are marked Failed with DisruptionTarget and deleted', () => {
    const h = harness([pod('on-gone', { node: 'gone' }), pod('on-n1', { node: 'n1' })], [node('n1')]);
    h.gc.gc();
    expect(h.gc.quarantined()).toEqual({ gone: QUARANTINE_TIME_MS });
    h.at(20_000);
    h.gc.gc();
    expect(h.deleted()).toEqual([]); // "quarantine not finished"
    h.at(40_000);
    h.gc.gc();
    expect(h.deleted()).toEqual(['on-gone']);
    const patch = h.calls.find((c) => c.op === 'updateStatus')!;
    expect(patch.phase).toBe('Failed');
    expect(patch.conditions).toContainEqual(expect.objectContaining({ type: 'DisruptionTarget', status: 'True', reason: DELETION_BY_POD_GC, message: NODE_NO_LONGER_EXISTS }));
  });

  it('TestGCOrphaned: a node that comes back within the quarantine keeps its pods', () => {
    const h = harness([pod('p', { node: 'late' })], []);
    h.gc.gc();
    expect(h.gc.quarantined()).toEqual({ late: QUARANTINE_TIME_MS });
    // the node registers before the quarantine ends
    h.setNodes([node('late')]);
    h.at(QUARANTINE_TIME_MS);
    h.gc.gc();
    expect(h.deleted()).toEqual([]);
    expect(h.gc.quarantined()).toEqual({});
  });

  it('TestGCUnscheduledTerminating: a terminating pod that was never scheduled is force-deleted', () => {
    const h = harness([pod('unscheduled', { deleting: true, phase: 'Pending' }), pod('scheduled', { deleting: true, node: 'n1' }), pod('pending', { phase: 'Pending' })], [node('n1')]);
    h.gc.gc();
    expect(h.deleted()).toEqual(['unscheduled']);
    expect(h.calls.find((c) => c.op === 'updateStatus')?.phase).toBe('Failed');
  });

  it('TestGCTerminating: terminating pods on a NotReady node with the out-of-service taint are force-deleted', () => {
    const h = harness(
      [pod('t1', { deleting: true, node: 'down' }), pod('t2', { deleting: true, node: 'up' }), pod('r', { node: 'down' })],
      [node('down', { ready: false, taints: [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }] }), node('up')],
    );
    h.gc.gc();
    expect(h.deleted()).toEqual(['t1']);
  });
});

describe('PodGC in a cluster', () => {
  const APP = `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: app}
spec:
  replicas: 3
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      containers: [{name: c, image: nginx:1.27}]
`;

  it('a removed node: its pods turn Failed (DeletionByPodGC) and are deleted after the quarantine; the ReplicaSet replaces them', () => {
    const w = World.create({ seed: 3 });
    w.apply(APP);
    w.settle();
    const victims = w.list('Pod', 'default').filter((p) => (p as Pod).spec?.nodeName === 'node-1').map((p) => p.metadata.name);
    expect(victims.length).toBeGreaterThan(0);
    const failed: WatchRecord[] = [];
    w.onWatch((rec) => {
      const p = rec.object as Pod;
      if (rec.type === 'MODIFIED' && p.kind === 'Pod' && p.metadata?.namespace === 'default' && p.status?.phase === 'Failed') failed.push(rec);
    });
    const removedAt = w.now();
    w.removeNode('node-1');
    w.step(QUARANTINE_TIME_MS + 2 * GC_CHECK_PERIOD_MS + 5_000);
    expect(failed.map((r) => r.object.metadata.name).sort()).toEqual([...victims].sort());
    const cond = (failed[0].object as Pod).status?.conditions?.find((c) => c.type === 'DisruptionTarget');
    expect(cond).toMatchObject({ status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' });
    expect(w.now() - removedAt).toBeGreaterThanOrEqual(QUARANTINE_TIME_MS);
    const pods = w.list('Pod', 'default') as unknown as Pod[];
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.spec?.nodeName !== 'node-1')).toBe(true);
    for (const v of victims) expect(w.getObject({ kind: 'Pod', namespace: 'default', name: v ?? '' })).toBeUndefined();
  });
});
