import { describe, expect, it } from 'vitest';
import { EngineHost } from './engine.worker';
import type { ObjectView, ReplyBody, WorkerMessage } from './protocol';
import { userAction } from './timeline-host';

const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${image}
`;

/** A host on the real engine, with a fake wall clock and every message kept. */
function harness() {
  const sent: WorkerMessage[] = [];
  let wall = 0;
  const host = new EngineHost((m) => sent.push(m), () => wall);
  host.boot({ seed: 3, workerNodes: 2 });
  let id = 1;
  const request = (cmd: Record<string, unknown>): ReplyBody => {
    const requestId = id++;
    host.handle({ ...cmd, requestId } as never);
    const reply = sent.filter((m): m is Extract<WorkerMessage, { kind: 'reply' }> => m.kind === 'reply').find((m) => m.requestId === requestId);
    return reply!.body;
  };
  /** Run the clock for `ms` of wall time at 100x in frames. */
  const run = (ms: number) => {
    host.handle({ kind: 'control', action: 'speed', speed: 100 });
    for (let t = 0; t < ms; t += 16) {
      wall += 16;
      host.tick();
    }
  };
  const lastReady = () => [...sent].reverse().find((m): m is Extract<WorkerMessage, { kind: 'ready' }> => m.kind === 'ready')!;
  const timeline = (op: Record<string, unknown>) => request({ kind: 'timeline', op }) as Extract<ReplyBody, { kind: 'timeline' }>;
  return { host, sent, request, run, lastReady, timeline };
}

const images = (views: ObjectView[]) => views.filter((v) => v.kind === 'ReplicaSet' && v.namespace === 'default').map((v) => v.name).sort();

describe('time travel in the worker', () => {
  it('classifies commands: edits are user actions, reads are not', () => {
    expect(userAction({ kind: 'apply', requestId: 1, yaml: '' })?.verb).toBe('apply');
    expect(userAction({ kind: 'kubectl', requestId: 1, command: 'get pods -o wide' })).toBeUndefined();
    expect(userAction({ kind: 'kubectl', requestId: 1, command: 'kubectl -n x scale deploy web --replicas=1' })?.verb).toBe('kubectl');
    expect(userAction({ kind: 'trace', requestId: 1, request: { from: { kind: 'node', node: 'node-1' }, to: '10.96.0.1', protocol: 'TCP' }, whatIf: { proxyMode: 'ipvs' } })).toBeUndefined();
    expect(userAction({ kind: 'bindPod', requestId: 1, podKey: 'default/p', nodeName: 'node-2' })).toMatchObject({ verb: 'bind', object: { kind: 'Pod', namespace: 'default', name: 'p' } });
    expect(userAction({ kind: 'inspect', requestId: 1, ref: { kind: 'Pod', name: 'p' } })).toBeUndefined();
  });

  it('shows the past (paused live world), returns to live, and forks on an edit', () => {
    const h = harness();
    h.run(200);
    expect(h.request({ kind: 'apply', yaml: deployment('nginx:1.27') }).kind).toBe('apply');
    h.run(1500);
    const st0 = h.timeline({ op: 'status' }).status;
    const tBefore = st0.liveMs - 1; // the update is applied at liveMs: the state at liveMs includes it
    h.request({ kind: 'apply', yaml: deployment('nginx:1.28') });
    h.run(1500);
    const live = h.timeline({ op: 'status' });
    expect(live.status.markers.map((m) => m.verb)).toEqual(['apply', 'apply']);
    expect(live.entries!.some((e) => e.writer === 'deployment-controller' && e.object?.kind === 'ReplicaSet' && e.verb === 'create')).toBe(true);

    // Go back to just before the update: one ReplicaSet, the paused live time in the clock.
    const back = h.timeline({ op: 'goto', atMs: tBefore });
    expect(back.status.viewingMs).toBe(tBefore);
    const ready = h.lastReady();
    expect(ready.snapshot.clock.simTimeMs).toBe(tBefore);
    expect(ready.snapshot.clock.liveMs).toBe(live.status.liveMs);
    expect(ready.snapshot.clock.running).toBe(false);
    expect(images(ready.snapshot.views)).toHaveLength(1);
    // Reads see the past; the clock does not move while viewing it.
    const get = h.request({ kind: 'kubectl', command: 'get rs' });
    expect(get.kind === 'kubectl' && get.output.stdout.trim().split('\n')).toHaveLength(2);
    h.run(300);
    expect(h.timeline({ op: 'status' }).status.viewingMs).toBe(tBefore);

    // Back to live: both ReplicaSets again, the clock running as before.
    h.timeline({ op: 'live' });
    expect(images(h.lastReady().snapshot.views)).toHaveLength(2);
    expect(h.lastReady().snapshot.clock.liveMs).toBeUndefined();

    // Go back again and edit: the past becomes live, the old future a branch.
    h.timeline({ op: 'goto', atMs: tBefore });
    const firstBranch = h.timeline({ op: 'status' }).status.branchId;
    h.request({ kind: 'kubectl', command: 'scale deployment web --replicas=1' });
    const forked = h.timeline({ op: 'status' }).status;
    expect(forked.viewingMs).toBeUndefined();
    expect(forked.branchId).not.toBe(firstBranch);
    expect(forked.branches.find((b) => b.id === firstBranch)).toMatchObject({ endMs: live.status.liveMs, actions: 2 });
    expect(h.lastReady().snapshot.clock.liveMs).toBeUndefined();
    expect(forked.markers.map((m) => m.verb)).toEqual(['apply', 'kubectl']);

    // Switch back to the old branch: its end state (two ReplicaSets).
    h.timeline({ op: 'switchBranch', branchId: firstBranch });
    expect(images(h.lastReady().snapshot.views)).toHaveLength(2);
    expect(h.timeline({ op: 'status' }).status.branchId).toBe(firstBranch);
  });

  it('a reset while viewing the past replaces the cluster: later edits and saves use the new one', () => {
    const h = harness();
    h.request({ kind: 'apply', yaml: deployment('nginx:1.27') });
    h.run(1500);
    const t = h.timeline({ op: 'status' }).status.liveMs - 500;
    h.timeline({ op: 'goto', atMs: t });
    expect(h.timeline({ op: 'status' }).status.viewingMs).toBe(t);
    h.request({ kind: 'reset', settings: { seed: 9, workerNodes: 1 } });
    expect(h.timeline({ op: 'status' }).status.viewingMs).toBeUndefined();
    h.request({ kind: 'apply', yaml: deployment('nginx:1.28') });
    const saved = h.request({ kind: 'saveState' });
    if (saved.kind !== 'saveState') throw new Error(saved.kind);
    expect(saved.state.settings.seed).toBe(9);
    const nodes = h.lastReady().snapshot.views.filter((v) => v.kind === 'Node');
    expect(nodes).toHaveLength(2); // control plane + 1 worker: the new cluster is on show
  });

  it('answers an object history with writers and field changes', () => {
    const h = harness();
    h.request({ kind: 'apply', yaml: deployment('nginx:1.27') });
    h.run(1000);
    h.request({ kind: 'apply', yaml: deployment('nginx:1.28') });
    h.run(1000);
    const reply = h.timeline({ op: 'history', ref: { kind: 'Deployment', namespace: 'default', name: 'web' } });
    const writers = new Set(reply.history!.map((v) => v.writer));
    expect(writers).toEqual(new Set(['kubectl', 'deployment-controller']));
    expect(reply.history!.some((v) => v.changes.some((c) => c.path === 'spec.template.spec.containers[web].image' && c.to === 'nginx:1.28'))).toBe(true);
  });
});
