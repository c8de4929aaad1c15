import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/meta';
import { World } from '../../sim/world';
import { TestCluster } from '../../testing/test-cluster';
import type { CoreEvent } from '../../client/record';
import { NODE_MONITOR_GRACE_PERIOD_MS, NODE_STATUS_UNKNOWN_MESSAGE, NODE_STATUS_UNKNOWN_REASON } from './node-lifecycle-controller';

const WEB = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: nginx, image: 'nginx:1.27', resources: {requests: {cpu: 100m, memory: 64Mi}}}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`;

type NodeObject = Node & KubeObject;

function node(c: TestCluster, name: string): NodeObject {
  return c.world.getObject({ kind: 'Node', name }) as NodeObject;
}

function condition(n: NodeObject, type: string) {
  return n.status?.conditions?.find((x) => x.type === type);
}

function events(c: TestCluster, reason: string, namespace = 'default'): CoreEvent[] {
  return (c.world.list('Event', namespace) as CoreEvent[]).filter((e) => e.reason === reason);
}

function isReady(p: Pod): boolean {
  return p.status?.conditions?.find((x) => x.type === 'Ready')?.status === 'True';
}

/** A settled cluster running `web` on three workers, and the node of its first pod. */
function running(): { c: TestCluster; victim: string; victimPods: string[] } {
  const c = new TestCluster();
  c.applyOk(WEB);
  c.settle();
  const pods = c.pods({ app: 'web' });
  expect(pods.filter(isReady)).toHaveLength(3);
  const victim = pods[0].spec!.nodeName!;
  return { c, victim, victimPods: pods.filter((p) => p.spec?.nodeName === victim).map((p) => p.metadata.name!) };
}

describe('kubelet heartbeats', () => {
  it('renews its Lease in kube-node-lease every 10 s and keeps the node Ready', () => {
    // Without the CoreDNS addon the cluster is settled at once (CoreDNS's first liveness probe waits
    // 60 s), so the Lease's age below is the test's own 10 minutes.
    const c = new TestCluster({ coreDNS: false });
    const lease = () => c.world.getObject({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', namespace: 'kube-node-lease', name: 'node-1' }) as KubeObject & {
      spec: { holderIdentity: string; leaseDurationSeconds: number; renewTime: string };
    };
    const first = lease();
    expect(first.spec.holderIdentity).toBe('node-1');
    expect(first.spec.leaseDurationSeconds).toBe(40);
    expect(first.spec.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(first.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Node', name: 'node-1', uid: node(c, 'node-1').metadata.uid });
    c.step(25_000);
    expect(Date.parse(lease().spec.renewTime) - Date.parse(first.spec.renewTime)).toBe(20_000);
    c.step(10 * 60_000);
    expect(condition(node(c, 'node-1'), 'Ready')?.status).toBe('True');
    expect(c.kubectl('get leases -n kube-node-lease')).toMatch(/^NAME\s+HOLDER\s+AGE\n[\s\S]*^node-1\s+node-1\s+10m$/m);
  });

  it('posts node status on change or every 5 minutes, not on every heartbeat', () => {
    const c = new TestCluster();
    const heartbeat = () => condition(node(c, 'node-1'), 'Ready')?.lastHeartbeatTime;
    const before = heartbeat();
    c.step(60_000);
    expect(heartbeat()).toBe(before);
    c.step(5 * 60_000);
    expect(heartbeat()).not.toBe(before);
  });

  it('settle() still returns on an idle cluster', () => {
    const w = World.create();
    expect(w.settle(10 * 60_000)).toBe(true);
    w.step(60_000);
    expect(w.settle(10 * 60_000)).toBe(true);
  });
});

describe('a stopped node', () => {
  it(`goes Unknown (NotReady) after the ${NODE_MONITOR_GRACE_PERIOD_MS / 1000} s grace period, with the unreachable taints, the event and its pods not ready`, () => {
    const { c, victim, victimPods } = running();
    expect(c.world.stopNode(victim)).toEqual({ ok: true, message: `node/${victim}: kubelet stopped` });
    expect(c.world.isNodeStopped(victim)).toBe(true);
    c.step(40_000);
    expect(condition(node(c, victim), 'Ready')?.status).toBe('True');
    c.step(30_000);
    const n = node(c, victim);
    for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      expect(condition(n, type)).toMatchObject({ status: 'Unknown', reason: NODE_STATUS_UNKNOWN_REASON, message: NODE_STATUS_UNKNOWN_MESSAGE });
    }
    const taints = n.spec?.taints ?? [];
    expect(taints.map((t) => `${t.key}:${t.effect}`).sort()).toEqual(['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    for (const t of taints) expect(t.timeAdded).toMatch(/Z$/);
    expect(c.kubectl('get nodes')).toMatch(new RegExp(`\\n${victim}\\s+NotReady\\s`));
    const notReady = events(c, 'NodeNotReady');
    expect(notReady.some((e) => e.involvedObject.kind === 'Node' && e.message === `Node ${victim} status is now: NodeNotReady` && e.source.component === 'node-controller')).toBe(true);
    for (const name of victimPods) {
      expect(isReady(c.pod(name))).toBe(false);
      expect(notReady.some((e) => e.involvedObject.name === name && e.type === 'Warning' && e.message === 'Node is not ready')).toBe(true);
    }
    // The Service keeps the endpoints, not ready.
    const ips = victimPods.map((p) => c.pod(p).status!.podIP!);
    for (const ip of ips) expect(c.readyEndpoints('web')).not.toContain(ip);
    expect(c.readyEndpoints('web')).toHaveLength(3 - victimPods.length);
  });

  it('after 300 s more its Deployment pods are marked for deletion and replaced on other nodes', () => {
    const { c, victim, victimPods } = running();
    c.world.stopNode(victim);
    c.step(70_000);
    expect(events(c, 'TaintManagerEviction')).toHaveLength(0);
    c.step(300_000);
    const evictions = events(c, 'TaintManagerEviction');
    expect(evictions.map((e) => e.message).sort()).toEqual(victimPods.map((p) => `Marking for deletion Pod default/${p}`).sort());
    expect(evictions.every((e) => e.source.component === 'taint-eviction-controller')).toBe(true);
    c.step(30_000);
    const pods = c.pods({ app: 'web' });
    // The kubelet cannot confirm, so the old pods stay Terminating; the replacements run elsewhere.
    for (const name of victimPods) {
      const p = c.pod(name);
      expect(p.metadata.deletionTimestamp).toBeDefined();
      expect(p.status?.conditions?.find((x) => x.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager' });
    }
    const active = pods.filter((p) => !p.metadata.deletionTimestamp);
    expect(active).toHaveLength(3);
    for (const p of active) {
      expect(p.spec?.nodeName).not.toBe(victim);
      expect(p.status?.phase).toBe('Running');
    }
    // READY is what the kubelet last reported (its container statuses): 1/1, as on a real cluster.
    expect(c.kubectl('get pods')).toMatch(new RegExp(`${victimPods[0]}\\s+1/1\\s+Terminating`));
  });

  it('started again: Ready comes back, the taints go, and the terminating pods finish', () => {
    const { c, victim, victimPods } = running();
    c.world.stopNode(victim);
    c.step(400_000);
    expect(c.world.startNode(victim)).toEqual({ ok: true, message: `node/${victim}: kubelet started` });
    expect(c.world.isNodeStopped(victim)).toBe(false);
    c.step(10_000);
    const n = node(c, victim);
    expect(condition(n, 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    expect(condition(n, 'MemoryPressure')?.status).toBe('False');
    expect(n.spec?.taints ?? []).toEqual([]);
    expect(c.kubectl('get nodes')).toMatch(new RegExp(`\\n${victim}\\s+Ready\\s`));
    for (const name of victimPods) expect(c.pods().some((p) => p.metadata.name === name)).toBe(false);
    expect(c.pods({ app: 'web' }).filter(isReady)).toHaveLength(3);
  });

  it('started before the eviction timeout: the scheduled evictions are cancelled and its pods are Ready again', () => {
    const { c, victim, victimPods } = running();
    c.world.stopNode(victim);
    c.step(120_000);
    c.world.startNode(victim);
    c.step(10_000);
    for (const name of victimPods) expect(isReady(c.pod(name))).toBe(true);
    expect(events(c, 'TaintManagerEviction').map((e) => e.message).sort()).toEqual(victimPods.map((p) => `Cancelling deletion of Pod default/${p}`).sort());
    c.step(400_000);
    for (const name of victimPods) expect(c.pod(name).metadata.deletionTimestamp).toBeUndefined();
  });

  it('a snapshot taken while the node is down continues identically', () => {
    const { c, victim } = running();
    c.world.stopNode(victim);
    c.step(65_000);
    const b = World.restore(JSON.parse(JSON.stringify(c.world.snapshot())));
    expect(b.isNodeStopped(victim)).toBe(true);
    c.step(400_000);
    b.step(400_000);
    expect(JSON.stringify(b.snapshot())).toBe(JSON.stringify(c.world.snapshot()));
  });
});

describe('TaintNodesByCondition', () => {
  it.each([
    ['MemoryPressure', 'node.kubernetes.io/memory-pressure'],
    ['DiskPressure', 'node.kubernetes.io/disk-pressure'],
    ['PIDPressure', 'node.kubernetes.io/pid-pressure'],
  ])('%s=True puts %s:NoSchedule on the node; False takes it off', (type, key) => {
    const c = new TestCluster();
    // The kubelet would post its own conditions back: stop it, and write them as it would.
    c.world.stopNode('node-2');
    const set = (status: string) => {
      const n = structuredClone(node(c, 'node-2'));
      n.status!.conditions = n.status!.conditions!.map((x) => (x.type === type ? { ...x, status } : x));
      expect(c.world.api.updateStatus(n, 'kubelet/node-2').ok).toBe(true);
      c.step(500);
    };
    set('True');
    expect(node(c, 'node-2').spec?.taints).toContainEqual(expect.objectContaining({ key, effect: 'NoSchedule' }));
    set('False');
    expect((node(c, 'node-2').spec?.taints ?? []).some((t) => t.key === key)).toBe(false);
  });
});
