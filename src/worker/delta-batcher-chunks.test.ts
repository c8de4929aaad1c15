// Chunked delivery (budget-bounded deltas and a split snapshot) must leave the UI's store exactly as
// one big snapshot and one unbounded delta per frame would: same views, same indexes, same events.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDelta, applySnapshot, clusterStore, type ClusterState } from '../ui/stores/cluster-store';
import { DeltaBatcher, splitSnapshot, type DeltaBudget } from './delta-batcher';
import type { ClockState, EventView, NodeView, ObjectView, PodView, ViewChange, WorkerMessage } from './protocol';
import { PROTOCOL_VERSION, viewId } from './protocol';

const clock: ClockState = { simTimeMs: 0, running: true, speed: 1 };
const NODES = ['node-1', 'node-2', 'node-3'];
const PODS = Array.from({ length: 12 }, (_, i) => `p${i}`);

function node(name: string, rv: number): NodeView {
  return {
    kind: 'Node', key: name, name, internalIP: '', podCIDR: '', bridgeIP: '', roles: [], ready: 'True', stopped: false, unschedulable: false, taints: [],
    allocatable: { cpuMillis: 1000, memoryBytes: 0, pods: 110 }, requested: { cpuMillis: rv, memoryBytes: 0, pods: 0 }, kubeletVersion: '', rv: String(rv),
  };
}

/** A pod whose labels pad it to a few hundred characters, so small budgets split batches. */
function pod(name: string, nodeName: string | undefined, phase: PodView['phase'], rv: number): PodView {
  return {
    kind: 'Pod', key: `default/${name}`, namespace: 'default', name, uid: name, ...(nodeName ? { nodeName } : {}), phase, status: phase, ready: '0/1',
    deleting: false, labels: { app: 'web', pad: 'x'.repeat(100 + (rv % 7) * 20) }, containers: [], restarts: 0, cpuMillis: 10, memoryBytes: 0, creationMs: 0, rv: String(rv),
  };
}

function event(i: number): EventView {
  return {
    id: `ev-${i % 9}`, type: 'Normal', reason: 'Started', message: `Started container c (${i})`, involved: { kind: 'Pod', namespace: 'default', name: `p${i % 12}` },
    source: 'kubelet', count: 1, lastMs: i,
  };
}

type Op = { pod: string; node: string | undefined; phase: PodView['phase']; del: boolean; ev: boolean };
const opArb: fc.Arbitrary<Op> = fc.record({
  pod: fc.constantFrom(...PODS),
  node: fc.option(fc.constantFrom(...NODES), { nil: undefined }),
  phase: fc.constantFrom<PodView['phase']>('Pending', 'Running', 'Failed'),
  del: fc.boolean(),
  ev: fc.boolean(),
});

const scenarioArb = fc.record({
  initialPods: fc.subarray(PODS),
  frames: fc.array(fc.array(opArb, { maxLength: 15 }), { maxLength: 8 }),
  changeChars: fc.integer({ min: 1, max: 2000 }),
  eventChars: fc.integer({ min: 1, max: 600 }),
  snapshotChars: fc.integer({ min: 0, max: 3000 }),
});

/** What the worker does per frame: tracker changes into the batcher, then one flush (ViewTracker's `created`). */
class FakeWorld {
  readonly views = new Map<string, ObjectView>();
  private rv = 100;
  private events = 0;

  constructor(initialPods: readonly string[]) {
    for (const n of NODES) this.views.set(viewId('Node', n), node(n, 1));
    initialPods.forEach((p, i) => this.views.set(viewId('Pod', `default/${p}`), pod(p, NODES[i % NODES.length], 'Running', i + 2)));
  }

  /** Apply one op to the world; return the batched change(s) and an event, as ViewTracker would. */
  step(op: Op): { changes: { change: ViewChange; created: boolean }[]; event?: EventView } {
    this.rv += 1;
    const id = viewId('Pod', `default/${op.pod}`);
    const existed = this.views.has(id);
    const out: { change: ViewChange; created: boolean }[] = [];
    if (op.del) {
      if (!existed) return { changes: [] };
      this.views.delete(id);
      out.push({ change: { type: 'delete', kind: 'Pod', key: `default/${op.pod}`, rv: String(this.rv) }, created: false });
    } else {
      const view = pod(op.pod, op.node, op.phase, this.rv);
      this.views.set(id, view);
      out.push({ change: { type: 'upsert', view }, created: !existed });
    }
    // A pod's node view is re-derived (requested resources) when its pods change.
    if (op.node) {
      const n = node(op.node, this.rv);
      this.views.set(viewId('Node', op.node), n);
      out.push({ change: { type: 'upsert', view: n }, created: false });
    }
    return { changes: out, ...(op.ev ? { event: event(this.events++) } : {}) };
  }
}

function ready(views: ObjectView[]): Extract<WorkerMessage, { kind: 'ready' }> {
  return { kind: 'ready', protocol: PROTOCOL_VERSION, seq: 0, snapshot: { clock, views, events: [], settings: { seed: 1, workerNodes: 3 }, scheduler: { attempts: [], queue: { pods: [], total: 0 } } } };
}

function storeOf(s: ClusterState) {
  const { objects, events, nodeIds, podIdsByNode, serviceIds, endpointsByService } = s;
  return { objects: new Map([...objects].sort(([a], [b]) => a.localeCompare(b))), events: events.map((e) => e.id + e.message), nodeIds, podIdsByNode, serviceIds, endpointsByService };
}

/** Run the scenario with one delivery style; return the UI store's final state and the deltas sent. */
function deliver(s: Scenario, chunked: boolean) {
  const world = new FakeWorld(s.initialPods);
  const budget: DeltaBudget = { changeChars: s.changeChars, eventChars: s.eventChars };
  const batcher = new DeltaBatcher(0, budget);
  const sent: Extract<WorkerMessage, { kind: 'delta' }>[] = [];
  const post = (msg: Extract<WorkerMessage, { kind: 'delta' }> | null) => {
    if (!msg) return;
    sent.push(msg);
    applyDelta(msg);
  };
  const all = [...world.views.values()];
  if (chunked) {
    const { now, later } = splitSnapshot(all, s.snapshotChars);
    applySnapshot(ready(now));
    for (const view of later) batcher.add({ type: 'upsert', view }, true);
  } else applySnapshot(ready(all));
  for (const frame of s.frames) {
    for (const op of frame) {
      const r = world.step(op);
      for (const c of r.changes) batcher.add(c.change, c.created);
      if (r.event) batcher.addEvent(r.event);
    }
    post(batcher.flush(clock, false, !chunked));
  }
  // Frames go on (a running clock) until everything pending is out.
  while (batcher.hasContent) post(batcher.flush(clock, false, !chunked));
  return { store: storeOf(clusterStore.getState()), sent, world };
}

type Scenario = { initialPods: string[]; frames: Op[][]; changeChars: number; eventChars: number; snapshotChars: number };

describe('chunked deltas', () => {
  it('chunked delivery reconstructs the same store as one snapshot and one delta per frame', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const whole = deliver(s, false);
        const chunked = deliver(s, true);
        expect(chunked.store).toEqual(whole.store);
        // and both equal the world itself
        expect(chunked.store.objects).toEqual(new Map([...chunked.world.views].sort(([a], [b]) => a.localeCompare(b))));
      }),
      { numRuns: 300 },
    );
  });

  it('every chunked delta keeps its view changes within the budget, or carries a single change', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        for (const d of deliver(s, true).sent) {
          const chars = d.changes.reduce((n, c) => n + JSON.stringify(c).length, 0);
          expect(d.changes.length <= 1 || chars <= s.changeChars).toBe(true);
          const evChars = d.events.reduce((n, e) => n + JSON.stringify(e).length, 0);
          expect(d.events.length <= 1 || evChars <= s.eventChars).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a snapshot carries every non-pod view and the pods that fit; a view created then deleted before it was sent is never sent', () => {
    const views: ObjectView[] = [pod('a', 'node-1', 'Running', 5), node('node-1', 1), pod('b', 'node-1', 'Running', 6), pod('c', 'node-1', 'Running', 7)];
    const one = JSON.stringify(views[0]).length;
    const { now, later } = splitSnapshot(views, one + 10);
    expect(now.map((v) => v.key)).toEqual(['node-1', 'default/a']);
    expect(later.map((v) => v.key)).toEqual(['default/b', 'default/c']);
    const batcher = new DeltaBatcher(0, { changeChars: 1, eventChars: 1 });
    for (const view of later) batcher.add({ type: 'upsert', view }, true);
    batcher.add({ type: 'delete', kind: 'Pod', key: 'default/b', rv: '9' }, false);
    const first = batcher.flush(clock)!;
    expect(first.changes).toEqual([{ type: 'upsert', view: views[3] }]);
    expect(batcher.hasPendingChanges).toBe(false);
  });
});
