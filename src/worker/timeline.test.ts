import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { World } from '../engine/index';
import { MAX_BRANCHES, MAX_BRANCHES_WITH_DATA, Timeline } from './timeline';
import { CHECKPOINT_INTERVAL_MS } from './timeline-checkpoints';

const deployment = (name: string, image: string, replicas = 2) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: c
        image: ${image}
        resources: {requests: {cpu: 100m}}
`;

type Op =
  | { kind: 'step'; ms: number; chunks: number }
  | { kind: 'apply'; name: 'a' | 'b'; image: string; replicas: number }
  | { kind: 'kubectl'; line: string }
  | { kind: 'node'; action: 'stop' | 'start' }
  | { kind: 'machines'; action: 'add' | 'remove' | 'autoscaler' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('step' as const), ms: fc.integer({ min: 1, max: 30_000 }), chunks: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('apply' as const), name: fc.constantFrom('a' as const, 'b' as const), image: fc.constantFrom('nginx:1.27', 'nginx:1.28'), replicas: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('kubectl' as const), line: fc.constantFrom('scale deployment a --replicas=1', 'delete deployment b', 'get pods', 'cordon node-1', 'uncordon node-1') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('node' as const), action: fc.constantFrom('stop' as const, 'start' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('machines' as const), action: fc.constantFrom('add' as const, 'remove' as const, 'autoscaler' as const) }) },
);

/** Run ops on a live world as the worker does (actions bracketed, steps in frames); sample the state after each step. */
function run(ops: Op[]) {
  const live = World.create({ seed: 7, workerNodes: 2 });
  const timeline = new Timeline();
  timeline.attach(live);
  const samples: Array<{ t: number; state: string }> = [];
  const actionTimes = new Set<number>();
  const t0 = live.now();
  for (const op of ops) {
    if (op.kind === 'step') {
      let left = op.ms;
      for (let i = 0; i < op.chunks && left > 0; i++) {
        const ms = i === op.chunks - 1 ? left : Math.ceil(left / (op.chunks - i));
        live.step(ms);
        left -= ms;
        timeline.afterStep();
      }
      samples.push({ t: live.now(), state: JSON.stringify(live.snapshot()) });
      continue;
    }
    actionTimes.add(live.now());
    const entry = timeline.beginAction(op.kind, '');
    if (op.kind === 'apply') live.apply(deployment(op.name, op.image, op.replicas));
    else if (op.kind === 'kubectl') live.kubectl(op.line);
    else if (op.kind === 'machines') {
      // add a worker, remove the newest one (never node-1, which the node ops stop and start), or turn the cluster-autoscaler on
      const workers = live.workerNodeNames();
      if (op.action === 'add') live.addNode();
      else if (op.action === 'remove' && workers.length > 1) live.removeNode(workers[workers.length - 1]);
      else if (op.action === 'autoscaler') live.setClusterAutoscaler({ minNodes: 1, maxNodes: 4 });
    } else if (op.action === 'stop') live.stopNode('node-1');
    else live.startNode('node-1');
    timeline.endAction(entry);
  }
  // The state "at t" is the one after every user action at t: a sample taken just before an action
  // in the same instant is not what going to t shows.
  return { live, timeline, samples: samples.filter((s) => !actionTimes.has(s.t)), t0 };
}

describe('Timeline', () => {
  it('rebuilds exactly the state the live world had at any sampled time (restore the checkpoint, step)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 3, maxLength: 14 }), fc.nat(), (ops, pick) => {
        const { timeline, samples } = run([...ops, { kind: 'step', ms: 1, chunks: 1 }]);
        const s = samples[pick % samples.length];
        const rebuilt = timeline.worldAt(s.t);
        expect(rebuilt.now()).toBe(s.t);
        expect(JSON.stringify(rebuilt.snapshot())).toBe(s.state);
      }),
      { seed: 20261123, numRuns: 15 },
    );
  }, 120_000);

  it('records writes with their writer, verb and field changes, and user actions as markers', () => {
    const { timeline, t0 } = run([{ kind: 'step', ms: 1000, chunks: 1 }, { kind: 'apply', name: 'a', image: 'nginx:1.27', replicas: 2 }, { kind: 'step', ms: 20_000, chunks: 4 }]);
    const entries = timeline.entriesSince(0);
    const apply = entries.find((e) => e.action && e.verb === 'apply');
    expect(apply?.atMs).toBe(t0 + 1000);
    const created = entries.find((e) => e.writer === 'kubectl' && e.object?.kind === 'Deployment');
    expect(created).toMatchObject({ kind: 'user', verb: 'create', object: { namespace: 'default', name: 'a' } });
    expect(entries.some((e) => e.writer === 'replicaset-controller' && e.verb === 'create' && e.object?.kind === 'Pod')).toBe(true);
    const bind = entries.find((e) => e.kind === 'scheduler' && e.object?.kind === 'Pod' && e.detail.includes('spec.nodeName'));
    expect(bind).toBeDefined();
    expect(entries.some((e) => e.kind === 'kubelet' && e.detail.includes('status.phase: Pending → Running'))).toBe(true);
    expect(timeline.status().markers.map((m) => m.verb)).toEqual(['apply']);
  });

  it('keeps per-object history with who changed what', () => {
    const { timeline } = run([
      { kind: 'step', ms: 1000, chunks: 1 },
      { kind: 'apply', name: 'a', image: 'nginx:1.27', replicas: 2 },
      { kind: 'step', ms: 20_000, chunks: 2 },
      { kind: 'apply', name: 'a', image: 'nginx:1.28', replicas: 2 },
      { kind: 'step', ms: 20_000, chunks: 2 },
    ]);
    const versions = timeline.history({ kind: 'Deployment', namespace: 'default', name: 'a' });
    expect(versions[0]).toMatchObject({ writer: 'kubectl', verb: 'create', changes: [] });
    const edit = versions.find((v) => v.writer === 'kubectl' && v.verb !== 'create');
    expect(edit?.changes).toContainEqual({ path: 'spec.template.spec.containers[c].image', section: 'spec', op: 'changed', from: 'nginx:1.27', to: 'nginx:1.28' });
    expect(versions.some((v) => v.writer === 'deployment-controller' && v.changes.some((c) => c.section === 'status'))).toBe(true);
    // Versions are in time order and each names the entry it came from.
    const seqs = new Set(timeline.entriesSince(0).map((e) => e.seq));
    for (const v of versions) expect(seqs.has(v.seq)).toBe(true);
    expect(versions.map((v) => v.atMs)).toEqual([...versions.map((v) => v.atMs)].sort((a, b) => a - b));
  });

  it('takes a checkpoint after each action and every interval, and clamps to the reachable range', () => {
    const { timeline, live } = run([{ kind: 'step', ms: 100, chunks: 1 }, { kind: 'apply', name: 'a', image: 'nginx:1.27', replicas: 1 }, { kind: 'step', ms: CHECKPOINT_INTERVAL_MS * 3, chunks: 6 }]);
    const st = timeline.status();
    // boot + the action + at least 3 periodic
    expect(st.checkpoints.count).toBeGreaterThanOrEqual(5);
    expect(st.checkpoints.approxBytes).toBeGreaterThan(10_000);
    expect(timeline.clamp(-5)).toBe(timeline.startMs);
    expect(timeline.clamp(live.now() + 1000)).toBe(live.now());
  });

  it('forks: the past becomes the live branch, the old future is a branch to switch back to', () => {
    const { timeline, live, t0 } = run([
      { kind: 'step', ms: 1000, chunks: 1 },
      { kind: 'apply', name: 'a', image: 'nginx:1.27', replicas: 2 },
      { kind: 'step', ms: 30_000, chunks: 3 },
      { kind: 'apply', name: 'b', image: 'nginx:1.27', replicas: 1 },
      { kind: 'step', ms: 30_000, chunks: 3 },
    ]);
    const liveEnd = live.now();
    const firstBranch = timeline.branchId;
    const past = timeline.worldAt(t0 + 20_000);
    expect(past.getObject({ kind: 'Deployment', namespace: 'default', name: 'b' })).toBeUndefined();
    timeline.fork(past);
    const entry = timeline.beginAction('apply', '');
    past.apply(deployment('c', 'busybox', 1));
    timeline.endAction(entry);
    past.step(5000);
    timeline.afterStep();

    const st = timeline.status();
    expect(st.branchId).not.toBe(firstBranch);
    expect(st.branches.find((b) => b.id === firstBranch)).toMatchObject({ endMs: liveEnd, actions: 2 });
    expect(st.branches.find((b) => b.id === st.branchId)).toMatchObject({ parent: firstBranch, forkedAtMs: t0 + 20_000 });
    // The new branch's entries stop at the fork, then go on with its own action.
    const entries = timeline.entriesSince(0);
    expect(entries.some((e) => e.object?.name === 'b')).toBe(false);
    expect(entries.filter((e) => e.action).map((e) => e.verb)).toEqual(['apply', 'apply']);
    // Going back within the new branch still works, across the fork point.
    expect(timeline.worldAt(t0 + 10_000).getObject({ kind: 'Deployment', namespace: 'default', name: 'a' })).toBeDefined();
    expect(timeline.worldAt(past.now()).getObject({ kind: 'Deployment', namespace: 'default', name: 'c' })).toBeDefined();

    // Switching back restores the old branch's end, with b and without c.
    const back = timeline.switchTo(firstBranch);
    expect(back.now()).toBe(liveEnd);
    expect(back.getObject({ kind: 'Deployment', namespace: 'default', name: 'b' })).toBeDefined();
    expect(back.getObject({ kind: 'Deployment', namespace: 'default', name: 'c' })).toBeUndefined();
    expect(back.resourceVersion).toBe(live.resourceVersion);
    expect(timeline.status().branches).toHaveLength(2);
  });

  it(`keeps the data of the newest ${MAX_BRANCHES_WITH_DATA} branches left behind and the end of the others`, () => {
    const { timeline, t0 } = run([{ kind: 'step', ms: 1000, chunks: 1 }, { kind: 'apply', name: 'a', image: 'nginx:1.27', replicas: 1 }, { kind: 'step', ms: 10_000, chunks: 1 }]);
    const first = timeline.branchId;
    for (let i = 0; i < MAX_BRANCHES_WITH_DATA + 1; i++) {
      const past = timeline.worldAt(t0 + 5000 + i);
      timeline.fork(past);
      past.step(1000);
    }
    const st = timeline.status();
    expect(st.branches).toHaveLength(MAX_BRANCHES_WITH_DATA + 2);
    const w = timeline.switchTo(first);
    expect(w.now()).toBe(t0 + 11_000);
    // Its entries were dropped; its end checkpoint is all that is left, so the timeline starts there.
    expect(timeline.startMs).toBe(t0 + 11_000);
    expect(timeline.entriesSince(0)).toEqual([]);
  });

  it(`keeps at most ${MAX_BRANCHES} branches: the oldest left-behind ones are forgotten`, () => {
    const { timeline, t0 } = run([{ kind: 'step', ms: 1000, chunks: 1 }, { kind: 'apply', name: 'a', image: 'nginx:1.27', replicas: 1 }, { kind: 'step', ms: 10_000, chunks: 1 }]);
    const first = timeline.branchId;
    for (let i = 0; i < MAX_BRANCHES + 3; i++) {
      const past = timeline.worldAt(t0 + 5000 + i);
      timeline.fork(past);
      past.step(100);
    }
    const ids = timeline.status().branches.map((b) => b.id);
    expect(ids).toHaveLength(MAX_BRANCHES);
    expect(ids).not.toContain(first);
    expect(ids).toContain(timeline.branchId);
    expect(() => timeline.switchTo(first)).toThrow(`no branch ${first}`);
  });
});
