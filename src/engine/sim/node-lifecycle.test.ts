// World.addNode / World.removeNode: machines join and leave at run time; the set of workers is part
// of the options, so a snapshot restores it and a restored world continues exactly.
import { describe, expect, it } from 'vitest';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { World } from './world';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx:1.27, resources: {requests: {cpu: 100m, memory: 64Mi}}}]
`;

const BARE = `apiVersion: v1
kind: Pod
metadata: {name: bare}
spec:
  nodeName: node-2
  containers: [{name: c, image: nginx:1.27}]
`;

const DS = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: a, image: busybox:1.36, command: [sleep, infinity]}]
`;

const nodeNames = (w: World) => w.nodes().map((n) => n.metadata.name).sort();
const podsOn = (w: World, node: string) => (w.list('Pod') as unknown as Pod[]).filter((p) => p.spec?.nodeName === node);
const ready = (n: Node) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';

describe('World.addNode', () => {
  it('a new worker registers, gets a podCIDR, turns Ready and runs the DaemonSets', () => {
    const w = World.create({ seed: 2 });
    w.apply(DS);
    w.settle();
    const r = w.addNode();
    expect(r).toEqual({ ok: true, message: 'node/node-4 added', nodeName: 'node-4' });
    w.step(30_000);
    const node = w.getObject({ kind: 'Node', name: 'node-4' }) as unknown as Node;
    expect(node.spec?.podCIDR).toMatch(/^10\.244\.\d+\.0\/24$/);
    expect(ready(node)).toBe(true);
    expect(node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address).toBe('192.168.49.6');
    expect(w.getObject({ kind: 'Lease', namespace: 'kube-node-lease', name: 'node-4' })).toBeDefined();
    expect(podsOn(w, 'node-4').map((p) => p.metadata?.labels?.app)).toEqual(['agent']);
    expect(w.options.workerIndexes).toEqual([1, 2, 3, 4]);
  });
});

describe('World.removeNode', () => {
  it('deletes the Node, stops its kubelet for good and never reuses the name', () => {
    const w = World.create({ seed: 4 });
    w.settle();
    expect(w.removeNode('node-3')).toEqual({ ok: true, message: 'node/node-3 removed' });
    expect(w.getObject({ kind: 'Node', name: 'node-3' })).toBeUndefined();
    w.step(60_000);
    // No kubelet renews its Lease or recreates the Node; the garbage collector removed the Lease (owned by the Node).
    expect(w.getObject({ kind: 'Node', name: 'node-3' })).toBeUndefined();
    expect(w.getObject({ kind: 'Lease', namespace: 'kube-node-lease', name: 'node-3' })).toBeUndefined();
    expect(w.addNode().nodeName).toBe('node-4');
    w.step(30_000);
    expect(nodeNames(w)).toEqual(['control-plane', 'node-1', 'node-2', 'node-4']);
    const events = w.list('Event', 'default').map((e) => e as unknown as { reason: string; message: string; involvedObject: { name: string } });
    expect(events.some((e) => e.reason === 'DeletingNode' && e.involvedObject.name === 'node-3' && e.message === 'Deleting node node-3 because it does not exist in the cloud provider')).toBe(true);
  });

  it('refuses the control plane and unknown nodes', () => {
    const w = World.create({ seed: 4 });
    expect(w.removeNode('control-plane').ok).toBe(false);
    expect(w.removeNode('node-9')).toEqual({ ok: false, message: 'Error from server (NotFound): nodes "node-9" not found' });
  });

  it("a removed kubelet's handlers are gone: pods bound to the missing node are left to PodGC", () => {
    const w = World.create({ seed: 6 });
    w.apply(WEB);
    w.apply(BARE);
    w.settle();
    const before = podsOn(w, 'node-2').map((p) => p.metadata?.name).sort();
    expect(before).toContain('bare');
    w.removeNode('node-2');
    // Within PodGC's 40 s quarantine nothing touches them (no kubelet is left to sync them).
    w.step(20_000);
    expect(podsOn(w, 'node-2').map((p) => p.metadata?.name).sort()).toEqual(before);
    w.step(60_000);
    expect(podsOn(w, 'node-2')).toEqual([]);
    // The Deployment's pods came back elsewhere; the bare pod did not.
    const web = (w.list('Pod', 'default') as unknown as Pod[]).filter((p) => p.metadata?.labels?.app === 'web');
    expect(web).toHaveLength(4);
    expect(web.every((p) => p.spec?.nodeName && p.spec.nodeName !== 'node-2' && p.status?.phase === 'Running')).toBe(true);
    expect(w.getObject({ kind: 'Pod', namespace: 'default', name: 'bare' })).toBeUndefined();
  });
});

describe('snapshots with added and removed nodes', () => {
  for (const at of [0, 400, 3000]) {
    it(`restored ${at} ms after the changes, it continues exactly as the original`, () => {
      const a = World.create({ seed: 9 });
      a.apply(WEB);
      a.apply(DS);
      a.step(2000);
      a.removeNode('node-1');
      a.addNode();
      a.step(at);
      const b = World.restore(JSON.parse(JSON.stringify(a.snapshot())));
      expect(b.options.workerIndexes).toEqual([2, 3, 4]);
      for (const w of [a, b]) {
        w.step(30_000);
        w.addNode();
        w.step(70_000);
        w.removeNode('node-3');
        w.step(90_000);
      }
      expect(JSON.stringify(b.snapshot())).toBe(JSON.stringify(a.snapshot()));
      expect(nodeNames(a)).toEqual(['control-plane', 'node-2', 'node-4', 'node-5']);
      expect((a.list('Pod', 'default') as unknown as Pod[]).filter((p) => p.metadata?.labels?.app === 'web' && p.status?.phase === 'Running')).toHaveLength(4);
    });
  }

  it('an old snapshot without workerIndexes reads as 1..workerNodes', () => {
    const a = World.create({ seed: 1, workerNodes: 2 });
    a.settle();
    const snap = JSON.parse(JSON.stringify(a.snapshot()));
    expect(snap.options.workerIndexes).toBeUndefined();
    const b = World.restore(snap);
    expect(b.workerNodeNames()).toEqual(['node-1', 'node-2']);
    expect(b.addNode().nodeName).toBe('node-3');
  });
});
