import { describe, expect, it, vi } from 'vitest';
import type { WorkerMessage } from './protocol';

// The host is tested against a small stand-in World, so these tests pin the worker's own rules
// (ordering, batching, error containment, clock mapping) independently of the engine's behaviour.
// The engine's pure helpers (keyOf, podStatus, quantities...) stay real.
vi.mock('../engine/index', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../engine/index')>();
  type Rec = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: Record<string, unknown> & { kind: string; metadata: Record<string, unknown> }; rv: string; writer: string; verb: string };
  class FakeWorld {
    static created: FakeWorld[] = [];
    creationEpochMs = Date.UTC(2026, 0, 1);
    t = 0;
    rv = 10;
    failNextStep = false;
    watchers = new Set<(r: Rec) => void>();
    objects: Rec['object'][] = [];
    static create(opts: { workerNodes: number }) {
      const w = new FakeWorld();
      for (let i = 1; i <= opts.workerNodes; i++) {
        w.objects.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: `node-${i}`, resourceVersion: String(i) }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } });
      }
      FakeWorld.created.push(w);
      return w;
    }
    now() {
      return this.t;
    }
    step(ms: number) {
      if (this.failNextStep) {
        this.failNextStep = false;
        throw new Error('step exploded');
      }
      this.t += ms;
    }
    listAll() {
      return this.objects;
    }
    onWatch(h: (r: Rec) => void) {
      this.watchers.add(h);
      return () => this.watchers.delete(h);
    }
    emit(type: Rec['type'], object: Rec['object'], writer: string) {
      for (const h of this.watchers) h({ type, object, rv: String(++this.rv), writer, verb: type === 'ADDED' ? 'create' : type === 'DELETED' ? 'delete' : 'update' });
    }
    apply(yaml: string) {
      const name = /name: (\S+)/.exec(yaml)?.[1] ?? 'x';
      const d = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default', resourceVersion: String(this.rv + 1) }, spec: { replicas: 2 } };
      this.emit('ADDED', d, 'kubectl');
      return { ok: true, documents: [{ index: 0, startLine: 1, ok: true, message: `deployment.apps/${name} created`, diagnostics: [] }] };
    }
    kubectl(cmd: string) {
      if (cmd.includes('boom')) throw new Error('kubectl exploded');
      return { stdout: `ran ${cmd}`, stderr: '', exitCode: 0 };
    }
    lastRequestPaths() {
      return [];
    }
    getObject() {
      return undefined;
    }
    stopped = new Set<string>();
    stopNode(name: string) {
      this.stopped.add(name);
      return { ok: true, message: `node/${name}: kubelet stopped` };
    }
    startNode(name: string) {
      this.stopped.delete(name);
      return { ok: true, message: `node/${name}: kubelet started` };
    }
    isNodeStopped(name: string) {
      return this.stopped.has(name);
    }
    attempts: Array<{ id: number; result: string; pod: { name: string } }> = [];
    queue: Array<{ podKey: string; queue: string; attempts: number; unschedulablePlugins: string[] }> = [];
    get resourceVersion() {
      return this.rv;
    }
    schedulingAttempts(afterId: number) {
      return this.attempts.filter((a) => a.id > afterId);
    }
    schedulingAttempt(id: number) {
      const a = this.attempts.find((x) => x.id === id);
      return a ? { ...a, nodes: [] } : undefined;
    }
    schedulingQueue() {
      return this.queue;
    }
    loadsSet: Array<{ ref: { kind: string; namespace?: string; name: string }; rps: number }> = [];
    /** per pod: its usage, as metrics-server would report it now */
    usage: Array<{ namespace: string; name: string; cpu: number }> = [];
    setLoad(ref: { kind: string; namespace?: string; name: string }, rps: number) {
      if (ref.name === 'missing') return { ok: false, message: `Error from server (NotFound): deployments.apps "missing" not found` };
      this.loadsSet = this.loadsSet.filter((l) => l.ref.name !== ref.name);
      if (rps > 0) this.loadsSet.push({ ref: { ...ref, namespace: ref.namespace ?? 'default' }, rps });
      return { ok: true, message: `${ref.kind.toLowerCase()}/${ref.name}: load set to ${rps} requests/s` };
    }
    loads() {
      return this.loadsSet;
    }
    podMetrics() {
      return this.usage.map((u) => ({
        namespace: u.namespace, name: u.name, labels: {}, timestampMs: 0, windowMs: 15_000,
        containers: [{ name: 'a', cpuMillis: u.cpu, memoryBytes: 1000 }, { name: 'b', cpuMillis: 1, memoryBytes: 24 }],
      }));
    }
  }
  return { ...actual, World: FakeWorld };
});

const { EngineHost } = await import('./engine.worker');
const { World } = await import('../engine/index');
type Fake = { created: Array<{ t: number; rv: number; failNextStep: boolean; usage: Array<{ namespace: string; name: string; cpu: number }>; attempts: Array<{ id: number; result: string; pod: { name: string } }>; queue: Array<{ podKey: string; queue: string; attempts: number; unschedulablePlugins: string[] }> }> };

function harness() {
  const posted: WorkerMessage[] = [];
  let wall = 1000;
  const host = new EngineHost((m) => posted.push(m), () => wall);
  host.boot({ seed: 1, workerNodes: 2 });
  const world = (World as unknown as Fake).created.at(-1)!;
  return { host, posted, world, advanceWall: (ms: number) => (wall += ms) };
}

describe('EngineHost', () => {
  it('starts with a ready message holding a view per object', () => {
    const { posted } = harness();
    expect(posted).toHaveLength(1);
    const ready = posted[0];
    expect(ready.kind).toBe('ready');
    if (ready.kind !== 'ready') return;
    expect(ready.seq).toBe(1);
    expect(ready.snapshot.views.map((v) => `${v.kind}:${v.key}`)).toEqual(['Node:node-1', 'Node:node-2']);
    expect(ready.snapshot.clock).toEqual({ simTimeMs: 0, running: true, speed: 1 });
  });

  it("sends a command's changes as a delta before its reply", () => {
    const { host, posted } = harness();
    host.handle({ kind: 'apply', requestId: 7, yaml: 'name: web' });
    const [delta, reply] = posted.slice(1);
    expect(delta.kind).toBe('delta');
    if (delta.kind === 'delta') {
      expect(delta.seq).toBe(2);
      expect(delta.changes).toMatchObject([{ type: 'upsert', view: { kind: 'Deployment', name: 'web', replicas: 2 } }]);
      expect(delta.writes).toEqual([{ component: 'kubectl', verb: 'create', kind: 'Deployment', key: 'default/web' }]);
    }
    expect(reply).toMatchObject({ kind: 'reply', requestId: 7, body: { kind: 'apply', result: { ok: true } } });
  });

  it('stops and starts a node: the node view says so (a delta) before the reply', () => {
    const { host, posted } = harness();
    host.handle({ kind: 'nodePower', requestId: 3, nodeName: 'node-2', action: 'stop' });
    const [delta, reply] = posted.slice(1);
    expect(delta).toMatchObject({ kind: 'delta', changes: [{ type: 'upsert', view: { kind: 'Node', name: 'node-2', stopped: true } }] });
    expect(reply).toEqual({ kind: 'reply', requestId: 3, body: { kind: 'nodePower', ok: true, message: 'node/node-2: kubelet stopped' } });
    host.handle({ kind: 'nodePower', requestId: 4, nodeName: 'node-2', action: 'start' });
    expect(posted.slice(3)).toMatchObject([
      { kind: 'delta', changes: [{ type: 'upsert', view: { kind: 'Node', name: 'node-2', stopped: false } }] },
      { kind: 'reply', requestId: 4, body: { kind: 'nodePower', ok: true } },
    ]);
  });

  it('answers a command that throws with an error reply and keeps working', () => {
    const { host, posted } = harness();
    host.handle({ kind: 'kubectl', requestId: 1, command: 'boom' });
    host.handle({ kind: 'kubectl', requestId: 2, command: 'get pods' });
    expect(posted.slice(1)).toEqual([
      { kind: 'reply', requestId: 1, body: { kind: 'error', message: 'kubectl exploded' } },
      { kind: 'reply', requestId: 2, body: { kind: 'kubectl', output: { stdout: 'ran get pods', stderr: '', exitCode: 0 } } },
    ]);
  });

  it('maps wall time to simulated time by the speed, and not at all while paused', () => {
    const { host, world, advanceWall } = harness();
    advanceWall(16);
    host.tick();
    expect(world.t).toBe(16);
    host.handle({ kind: 'control', action: 'speed', speed: 10 });
    advanceWall(16);
    host.tick();
    expect(world.t).toBe(16 + 160);
    host.handle({ kind: 'control', action: 'pause' });
    advanceWall(500);
    host.tick();
    expect(world.t).toBe(176);
    host.handle({ kind: 'control', action: 'step', stepMs: 1000 });
    expect(world.t).toBe(1176);
  });

  it('steps whole simulated milliseconds and carries the fraction over', () => {
    const { host, world, advanceWall } = harness();
    host.handle({ kind: 'control', action: 'speed', speed: 0.25 });
    for (let i = 0; i < 3; i++) {
      advanceWall(10);
      host.tick();
      expect(Number.isInteger(world.t)).toBe(true);
    }
    expect(world.t).toBe(7);
    advanceWall(10);
    host.tick();
    expect(world.t).toBe(10);
  });

  it('does not try to catch up a long stall at once', () => {
    const { host, world, advanceWall } = harness();
    advanceWall(10_000);
    host.tick();
    expect(world.t).toBe(100);
  });

  it('turns an exception in the clock loop into a fault and pauses', () => {
    const { host, posted, world, advanceWall } = harness();
    world.failNextStep = true;
    advanceWall(16);
    host.tick();
    expect(posted).toContainEqual({ kind: 'fault', message: 'The simulation stopped: step exploded' });
    const last = posted.at(-1);
    expect(last?.kind === 'delta' && last.clock.running).toBe(false);
  });

  it('answers resync with a fresh snapshot that continues the seq', () => {
    const { host, posted } = harness();
    host.handle({ kind: 'apply', requestId: 1, yaml: 'name: api' });
    host.handle({ kind: 'resync' });
    const ready = posted.at(-1);
    expect(ready?.kind).toBe('ready');
    if (ready?.kind !== 'ready') return;
    expect(ready.seq).toBe(3);
    expect(ready.snapshot.views.map((v) => v.kind).sort()).toEqual(['Deployment', 'Node', 'Node']);
  });

  it('sends new scheduling attempts once, and the queue only when it changed', () => {
    const { host, posted, world, advanceWall } = harness();
    const ready = posted[0];
    expect(ready.kind === 'ready' && ready.snapshot.scheduler).toEqual({ attempts: [], queue: { pods: [], total: 0 } });
    world.queue = [{ podKey: 'default/web', queue: 'activeQ', attempts: 0, unschedulablePlugins: [] }];
    world.attempts.push({ id: 1, result: 'Unschedulable', pod: { name: 'web' } });
    world.rv++;
    host.handle({ kind: 'control', action: 'play' });
    advanceWall(16);
    host.tick();
    const deltas = posted.filter((m) => m.kind === 'delta');
    const withScheduler = deltas.filter((m) => m.kind === 'delta' && m.scheduler);
    expect(withScheduler).toHaveLength(1);
    const d = withScheduler[0];
    expect(d.kind === 'delta' && d.scheduler).toEqual({ attempts: [world.attempts[0]], queue: { pods: world.queue, total: 1 } });
    // Nothing new: the next frames carry no scheduler part.
    advanceWall(16);
    host.tick();
    advanceWall(200);
    host.tick();
    expect(posted.filter((m) => m.kind === 'delta' && m.scheduler)).toHaveLength(1);
  });

  it('answers schedulingAttempt with the detail while the scheduler keeps it', () => {
    const { host, posted, world } = harness();
    world.attempts.push({ id: 7, result: 'Scheduled', pod: { name: 'web' } });
    host.handle({ kind: 'schedulingAttempt', requestId: 1, id: 7 });
    host.handle({ kind: 'schedulingAttempt', requestId: 2, id: 8 });
    const replies = posted.filter((m) => m.kind === 'reply');
    expect(replies.map((r) => r.kind === 'reply' && r.body)).toEqual([
      { kind: 'schedulingAttempt', detail: { id: 7, result: 'Scheduled', pod: { name: 'web' }, nodes: [] } },
      { kind: 'schedulingAttempt' },
    ]);
  });

  it('sets a load: the new loads and usage go out as a metrics delta before the reply', () => {
    const { host, posted, world } = harness();
    world.usage = [{ namespace: 'default', name: 'web-1', cpu: 251 }];
    host.handle({ kind: 'setLoad', requestId: 5, workload: { kind: 'Deployment', name: 'web' }, rps: 50 });
    const [delta, reply] = posted.slice(1);
    expect(delta).toMatchObject({
      kind: 'delta',
      metrics: { loads: [{ workload: { kind: 'Deployment', namespace: 'default', name: 'web' }, rps: 50 }], pods: { 'default/web-1': { cpuMillis: 252, memoryBytes: 1024 } } },
    });
    expect(reply).toEqual({ kind: 'reply', requestId: 5, body: { kind: 'setLoad', ok: true, message: 'deployment/web: load set to 50 requests/s' } });
  });

  it('answers a refused load with ok false and sends no metrics', () => {
    const { host, posted } = harness();
    host.handle({ kind: 'setLoad', requestId: 6, workload: { kind: 'Deployment', name: 'missing' }, rps: 50 });
    expect(posted.slice(1)).toEqual([
      { kind: 'reply', requestId: 6, body: { kind: 'setLoad', ok: false, message: 'Error from server (NotFound): deployments.apps "missing" not found' } },
    ]);
  });

  it('sends pod usage only when a scrape changed it, and only the pods that changed', () => {
    const { host, posted, world, advanceWall } = harness();
    const ready = posted[0];
    expect(ready.kind === 'ready' && ready.snapshot.metrics).toEqual({ loads: [], pods: {} });
    world.usage = [{ namespace: 'default', name: 'a', cpu: 10 }, { namespace: 'default', name: 'b', cpu: 20 }];
    host.handle({ kind: 'control', action: 'speed', speed: 100 });
    const metricsDeltas = () => posted.flatMap((m) => (m.kind === 'delta' && m.metrics ? [m.metrics] : []));
    // 14.4 s simulated: still before the first scrape boundary, nothing is read
    for (let i = 0; i < 9; i++) {
      advanceWall(16);
      host.tick();
    }
    expect(world.t).toBe(14_400);
    expect(metricsDeltas()).toEqual([]);
    advanceWall(16);
    host.tick();
    expect(metricsDeltas()).toEqual([{ pods: { 'default/a': { cpuMillis: 11, memoryBytes: 1024 }, 'default/b': { cpuMillis: 21, memoryBytes: 1024 } } }]);
    // the next scrape: a changed, b unchanged, c new; then a gone
    world.usage = [{ namespace: 'default', name: 'a', cpu: 30 }, { namespace: 'default', name: 'b', cpu: 20 }, { namespace: 'default', name: 'c', cpu: 5 }];
    for (let i = 0; i < 10; i++) {
      advanceWall(16);
      host.tick();
    }
    expect(metricsDeltas()[1]).toEqual({ pods: { 'default/a': { cpuMillis: 31, memoryBytes: 1024 }, 'default/c': { cpuMillis: 6, memoryBytes: 1024 } } });
    world.usage = world.usage.slice(1);
    for (let i = 0; i < 10; i++) {
      advanceWall(16);
      host.tick();
    }
    expect(metricsDeltas()[2]).toEqual({ pods: { 'default/a': null } });
    expect(metricsDeltas()).toHaveLength(3);
  });
});

describe('EngineHost: storage objects, custom resources and custom kinds', () => {
  type Emitting = { emit(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: Record<string, unknown> & { kind: string; metadata: Record<string, unknown> }, writer: string): void };
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'websites.learn.kube-sandbox.dev', resourceVersion: '20' },
    spec: { group: 'learn.kube-sandbox.dev', scope: 'Namespaced', names: { plural: 'websites', singular: 'website', kind: 'Website' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', description: 'A website.' } } }] },
    status: { conditions: [{ type: 'Established', status: 'True' }] },
  };

  it('sends extras in the next delta and the custom kinds only when the CRDs change', () => {
    const { host, posted, world, advanceWall } = harness();
    const w = world as unknown as Emitting;
    w.emit('ADDED', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default', resourceVersion: '11' }, spec: {}, status: { phase: 'Pending' } }, 'kubectl');
    w.emit('ADDED', crd, 'kubectl');
    advanceWall(200);
    host.tick();
    const first = posted.at(-1)!;
    if (first.kind !== 'delta') throw new Error(`expected a delta, got ${first.kind}`);
    expect(first.extras).toEqual([{ type: 'upsert', view: expect.objectContaining({ kind: 'PersistentVolumeClaim', key: 'default/data', phase: 'Pending' }) }]);
    expect(first.customKinds?.map((k) => k.kind)).toEqual(['Website']);
    expect(first.customKinds?.[0].versions[0].schema).toEqual({ type: 'object', description: 'A website.' });

    // A custom object: an extra, but the kinds did not change.
    w.emit('ADDED', { apiVersion: 'learn.kube-sandbox.dev/v1', kind: 'Website', metadata: { name: 'blog', namespace: 'default', uid: 'u1', resourceVersion: '21' }, spec: {} }, 'kubectl');
    advanceWall(200);
    host.tick();
    const second = posted.at(-1)!;
    if (second.kind !== 'delta') throw new Error(`expected a delta, got ${second.kind}`);
    expect(second.extras?.map((c) => (c.type === 'upsert' ? c.view.kind : c.id))).toEqual(['Custom']);
    expect(second.customKinds).toBeUndefined();

    // Deleting the CRD sends the emptied list: the editor drops the kind's schema.
    w.emit('DELETED', crd, 'kubectl');
    advanceWall(200);
    host.tick();
    const third = posted.at(-1)!;
    if (third.kind !== 'delta') throw new Error(`expected a delta, got ${third.kind}`);
    expect(third.customKinds).toEqual([]);
  });
});
