// The simulated cluster-autoscaler through a whole World. Case names follow upstream's
// core/static_autoscaler_test.go, core/scaleup/orchestrator/orchestrator_test.go and
// core/scaledown/planner tests where there is a match.
import { describe, expect, it } from 'vitest';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { World } from '../../sim/world';
import { SCALE_DOWN_UNNEEDED_TIME_MS, SCAN_INTERVAL_MS, STATUS_CONFIGMAP, TO_BE_DELETED_TAINT } from './static-autoscaler';

const deployment = (name: string, replicas: number, cpu: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
${extra}      containers: [{name: c, image: nginx:1.27, resources: {requests: {cpu: ${cpu}, memory: 64Mi}}}]
`;

interface Ev {
  reason: string;
  message: string;
  involvedObject: { kind: string; name: string };
  source?: { component?: string };
}
const events = (w: World, ns = 'default') => w.list('Event', ns) as unknown as Ev[];
const eventsFor = (w: World, name: string, ns = 'default') => events(w, ns).filter((e) => e.involvedObject.name === name);
const workers = (w: World) => w.nodes().map((n) => n.metadata.name ?? '').filter((n) => n.startsWith('node-')).sort();
const podsOf = (w: World, app: string) => (w.list('Pod', 'default') as unknown as Pod[]).filter((p) => p.metadata?.labels?.app === app);

function cluster(workerNodes: number, min: number, max: number): World {
  const w = World.create({ seed: 11, workerNodes });
  expect(w.setClusterAutoscaler({ minNodes: min, maxNodes: max }).ok).toBe(true);
  w.settle();
  return w;
}

describe('cluster-autoscaler scale-up', () => {
  it('TestScaleUpOK: pods Pending for lack of cpu trigger one new node, and are scheduled on it', () => {
    const w = cluster(2, 1, 4);
    // 2 workers x 2 cpu: four 900m pods fit, two do not.
    w.apply(deployment('big', 6, '900m'));
    w.step(5_000);
    const pending = podsOf(w, 'big').filter((p) => !p.spec?.nodeName);
    expect(pending).toHaveLength(2);
    w.step(SCAN_INTERVAL_MS + 30_000);
    expect(workers(w)).toEqual(['node-1', 'node-2', 'node-3']);
    for (const p of pending) {
      const e = eventsFor(w, p.metadata?.name ?? '').find((x) => x.reason === 'TriggeredScaleUp');
      expect(e?.message).toBe('pod triggered scale-up: [{workers 2->3 (max: 4)}]');
      expect(e?.source?.component).toBe('cluster-autoscaler');
    }
    const all = podsOf(w, 'big');
    expect(all.every((p) => p.status?.phase === 'Running')).toBe(true);
    expect(all.filter((p) => p.spec?.nodeName === 'node-3').map((p) => p.metadata?.name).sort()).toEqual(pending.map((p) => p.metadata?.name).sort());
    // The status ConfigMap and its event.
    const cm = w.getObject({ kind: 'ConfigMap', namespace: 'kube-system', name: STATUS_CONFIGMAP }) as unknown as { data: { status: string } };
    expect(cm.data.status).toContain('maxSize: 4');
    expect(eventsFor(w, STATUS_CONFIGMAP, 'kube-system').some((e) => e.reason === 'ScaledUpGroup' && e.message === 'Scale-up: setting group workers size to 3 instead of 2 (max: 4)')).toBe(true);
  });

  it('TestBinpackingEstimate: the estimate opens as many nodes as the pending pods need, capped at max', () => {
    const w = cluster(1, 1, 3);
    // 1 worker: two 900m pods run; eight are pending, two per new node: 4 nodes wanted, max allows 2 more.
    w.apply(deployment('big', 10, '900m'));
    w.step(5_000 + SCAN_INTERVAL_MS + 30_000);
    expect(workers(w)).toEqual(['node-1', 'node-2', 'node-3']);
    const pending = podsOf(w, 'big').filter((p) => !p.spec?.nodeName);
    expect(pending).toHaveLength(4);
    w.step(3 * SCAN_INTERVAL_MS);
    expect(eventsFor(w, pending[0].metadata?.name ?? '').some((e) => e.reason === 'NotTriggerScaleUp' && e.message === "pod didn't trigger scale-up: 1 max node group size reached")).toBe(true);
    expect(workers(w)).toHaveLength(3);
  });

  it('TestScaleUpNoHelp: a pod too big for any new node does not trigger a scale-up', () => {
    const w = cluster(2, 1, 4);
    w.apply(deployment('huge', 1, '3'));
    w.step(5_000 + SCAN_INTERVAL_MS * 2);
    const [p] = podsOf(w, 'huge');
    expect(p.spec?.nodeName).toBeUndefined();
    expect(eventsFor(w, p.metadata?.name ?? '').find((e) => e.reason === 'NotTriggerScaleUp')?.message).toBe("pod didn't trigger scale-up: 1 Insufficient cpu");
    expect(workers(w)).toEqual(['node-1', 'node-2']);
  });

  it("TestScaleUpNodeSelector: a nodeSelector no new node would match: node(s) didn't match Pod's node affinity/selector", () => {
    const w = cluster(2, 1, 4);
    w.apply(deployment('gpu', 1, '100m', '      nodeSelector: {accelerator: gpu}\n'));
    w.step(5_000 + SCAN_INTERVAL_MS * 2);
    const [p] = podsOf(w, 'gpu');
    expect(eventsFor(w, p.metadata?.name ?? '').find((e) => e.reason === 'NotTriggerScaleUp')?.message).toBe("pod didn't trigger scale-up: 1 node(s) didn't match Pod's node affinity/selector");
    expect(workers(w)).toEqual(['node-1', 'node-2']);
  });

  it('off by default: no node is added', () => {
    const w = World.create({ seed: 11, workerNodes: 2 });
    w.apply(deployment('big', 6, '900m'));
    w.step(60_000);
    expect(workers(w)).toEqual(['node-1', 'node-2']);
    expect(events(w).some((e) => e.reason === 'TriggeredScaleUp' || e.reason === 'NotTriggerScaleUp')).toBe(false);
  });
});

describe('cluster-autoscaler scale-down', () => {
  it('TestScaleDown: an underutilized node whose pods can move is tainted, drained and removed after scale-down-unneeded-time', () => {
    const w = cluster(3, 1, 4);
    w.apply(deployment('web', 2, '100m'));
    w.settle();
    // CoreDNS pods (kube-system, no PDB) pin their nodes; find the worker without one.
    const dnsNodes = new Set((w.list('Pod', 'kube-system') as unknown as Pod[]).map((p) => p.spec?.nodeName));
    const free = workers(w).filter((n) => !dnsNodes.has(n));
    expect(free.length).toBeGreaterThan(0);
    const victim = free[0];
    const webBefore = podsOf(w, 'web');
    w.step(SCALE_DOWN_UNNEEDED_TIME_MS - 30_000);
    expect(workers(w)).toContain(victim);
    expect(((w.getObject({ kind: 'Node', name: victim }) as unknown as Node).spec?.taints ?? []).some((t) => t.key === TO_BE_DELETED_TAINT)).toBe(false);
    w.step(2 * 60_000);
    expect(workers(w)).not.toContain(victim);
    const nodeEvents = events(w).filter((e) => e.involvedObject.kind === 'Node' && e.involvedObject.name === victim);
    expect(nodeEvents.some((e) => e.reason === 'ScaleDown' && e.message === 'marked the node as toBeDeleted/unschedulable')).toBe(true);
    const moved = webBefore.filter((p) => p.spec?.nodeName === victim);
    for (const p of moved) expect(eventsFor(w, p.metadata?.name ?? '').some((e) => e.reason === 'ScaleDown' && e.message === 'deleting pod for node scale down')).toBe(true);
    // Only one node goes at a time; the web pods all run elsewhere.
    expect(podsOf(w, 'web').filter((p) => p.status?.phase === 'Running' && p.spec?.nodeName !== victim)).toHaveLength(2);
  });

  it('TestScaleDownRespectsMinSize: never below min', () => {
    const w = cluster(3, 3, 4);
    w.step(SCALE_DOWN_UNNEEDED_TIME_MS + 5 * 60_000);
    expect(workers(w)).toEqual(['node-1', 'node-2', 'node-3']);
  });

  it('TestScaleDownNotReplicated: a bare pod keeps its node', () => {
    const w = cluster(3, 1, 4);
    const dnsNodes = new Set((w.list('Pod', 'kube-system') as unknown as Pod[]).map((p) => p.spec?.nodeName));
    const free = workers(w).filter((n) => !dnsNodes.has(n));
    for (const n of free) w.createPodOnNode('pod', n);
    w.settle();
    w.step(SCALE_DOWN_UNNEEDED_TIME_MS + 5 * 60_000);
    expect(workers(w)).toEqual(['node-1', 'node-2', 'node-3']);
  });

  it('TestScaleDownPdb: a PodDisruptionBudget that allows no disruption keeps the node', () => {
    const w = cluster(3, 1, 4);
    w.apply(deployment('guarded', 3, '100m'));
    w.apply(`apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: guarded}
spec:
  minAvailable: 3
  selector: {matchLabels: {app: guarded}}
`);
    w.settle();
    const before = podsOf(w, 'guarded').map((p) => `${p.metadata?.name}@${p.spec?.nodeName}`).sort();
    w.step(SCALE_DOWN_UNNEEDED_TIME_MS + 5 * 60_000);
    // Every worker runs a guarded pod (spread over the three) or CoreDNS: none can go, no pod moved.
    expect(new Set(before.map((x) => x.split('@')[1])).size).toBe(3);
    expect(workers(w)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(podsOf(w, 'guarded').map((p) => `${p.metadata?.name}@${p.spec?.nodeName}`).sort()).toEqual(before);
    expect(events(w).some((e) => e.reason === 'ScaleDown')).toBe(false);
  });
});

describe('cluster-autoscaler determinism', () => {
  it('a snapshot taken mid scale-up restores to an identical continuation', () => {
    const a = cluster(2, 1, 5);
    a.apply(deployment('big', 8, '900m'));
    a.step(5_000 + SCAN_INTERVAL_MS + 500);
    const b = World.restore(JSON.parse(JSON.stringify(a.snapshot())));
    for (const w of [a, b]) {
      w.step(60_000);
      w.kubectl('scale deployment big --replicas=1');
      w.step(SCALE_DOWN_UNNEEDED_TIME_MS * 2 + 5 * 60_000);
    }
    expect(JSON.stringify(b.snapshot())).toBe(JSON.stringify(a.snapshot()));
    // It went through both directions.
    expect(events(a).some((e) => e.reason === 'TriggeredScaleUp')).toBe(true);
    expect(events(a).some((e) => e.reason === 'ScaleDown')).toBe(true);
  });
});
