import { describe, expect, it } from 'vitest';
import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { ControllerHarness } from '../../testing/harness';
import { asKubeObject, makeNodeWithCapacity } from '../../testing/builders';
import { TestCluster } from '../../testing/test-cluster';
import { DaemonSetsController } from './daemon-controller';
import { getTargetNodeName } from './util';

type PodK = Pod & KubeObject;
type DsK = DaemonSet & KubeObject;

function dsYaml(o: { name?: string; nodeSelector?: string; tolerateControlPlane?: boolean; image?: string } = {}): string {
  const name = o.name ?? 'agent';
  return `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ${name}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
${o.nodeSelector ? `      nodeSelector: {${o.nodeSelector}}\n` : ''}${o.tolerateControlPlane ? '      tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]\n' : ''}      containers: [{name: agent, image: ${o.image ?? 'nginx:1.27'}}]
`;
}

const live = (pods: PodK[]) => pods.filter((p) => !p.metadata.deletionTimestamp);
const nodesOf = (pods: PodK[]) => pods.map((p) => p.spec?.nodeName ?? '').sort();
const getDs = (c: TestCluster, name = 'agent') => c.world.getObject({ kind: 'DaemonSet', namespace: 'default', name }) as DsK;

function setLabels(c: TestCluster, name: string, labels: Record<string, string | undefined>): void {
  const n = c.world.getObject({ kind: 'Node', name }) as Node & KubeObject;
  const next: Record<string, string> = { ...n.metadata.labels };
  for (const [k, v] of Object.entries(labels)) if (v === undefined) delete next[k]; else next[k] = v;
  const r = c.world.api.update({ ...n, metadata: { ...n.metadata, labels: next } }, 'kubectl');
  if (!r.ok) throw new Error(r.status.message);
}

describe('DaemonSet controller in a World', () => {
  it('runs one pod per worker and none on the tainted control plane, pinned by node affinity', () => {
    const c = new TestCluster();
    c.applyOk(dsYaml());
    c.settle();
    const pods = live(c.pods({ app: 'agent' }));
    expect(nodesOf(pods)).toEqual(['node-1', 'node-2', 'node-3']);
    for (const p of pods) {
      expect(p.status?.phase).toBe('Running');
      expect(p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([
        { matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.spec?.nodeName] }] },
      ]);
      expect(p.metadata.labels).toMatchObject({ 'pod-template-generation': '1', 'controller-revision-hash': expect.any(String) });
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'DaemonSet', name: 'agent', controller: true });
      // The controller's not-ready toleration has no seconds, so admission adds no 300 s one.
      expect(p.spec?.tolerations?.filter((t) => t.key === 'node.kubernetes.io/not-ready')).toEqual([
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      ]);
    }
    const ds = getDs(c);
    expect(ds.metadata.annotations?.['deprecated.daemonset.template.generation']).toBe('1');
    expect(ds.status).toMatchObject({
      desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, numberAvailable: 3,
      updatedNumberScheduled: 3, numberMisscheduled: 0, observedGeneration: 1,
    });
    expect(ds.status?.numberUnavailable).toBeUndefined();
    const events = c.kubectl('get events');
    expect(events).toMatch(/SuccessfulCreate\s+daemonset\/agent\s+Created pod: agent-/);
  });

  it('also runs on the control plane when the DaemonSet tolerates its taint', () => {
    const c = new TestCluster();
    c.applyOk(dsYaml({ tolerateControlPlane: true }));
    c.settle();
    expect(nodesOf(live(c.pods({ app: 'agent' })))).toEqual(['control-plane', 'node-1', 'node-2', 'node-3']);
    expect(getDs(c).status?.desiredNumberScheduled).toBe(4);
  });

  it('prints the kubectl get ds table', () => {
    const c = new TestCluster();
    c.applyOk(dsYaml({ nodeSelector: 'kubernetes.io/os: linux' }));
    c.settle();
    const out = c.kubectl('get ds');
    expect(out.split('\n')[0]).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE$/);
    expect(out).toMatch(/^agent\s+3\s+3\s+3\s+3\s+3\s+kubernetes\.io\/os=linux\s+\d+s$/m);
    expect(c.kubectl('get daemonsets.apps -o wide')).toMatch(/agent\s+nginx:1\.27\s+app=agent/);
  });

  it('follows node labels: a node labelled later gets a pod, removing the label deletes it', () => {
    const c = new TestCluster();
    c.applyOk(dsYaml({ nodeSelector: 'ssd: "true"' }));
    c.settle();
    expect(c.pods({ app: 'agent' })).toHaveLength(0);
    expect(getDs(c).status?.desiredNumberScheduled).toBe(0);
    setLabels(c, 'node-2', { ssd: 'true' });
    c.settle();
    expect(nodesOf(live(c.pods({ app: 'agent' })))).toEqual(['node-2']);
    setLabels(c, 'node-2', { ssd: undefined });
    c.settle();
    expect(c.pods({ app: 'agent' })).toHaveLength(0);
    expect(getDs(c).status).toMatchObject({ desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0 });
    expect(c.kubectl('get events')).toMatch(/SuccessfulDelete\s+daemonset\/agent\s+Deleted pod: agent-/);
  });

  it('recreates a deleted pod on the same node', () => {
    const c = new TestCluster();
    c.applyOk(dsYaml());
    c.settle();
    const victim = live(c.pods({ app: 'agent' })).find((p) => p.spec?.nodeName === 'node-2')!;
    c.world.deleteObject({ kind: 'Pod', namespace: 'default', name: victim.metadata.name! });
    c.settle();
    const pods = live(c.pods({ app: 'agent' }));
    expect(nodesOf(pods)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(pods.map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
  });

  it('loses its pods to the garbage collector when the DaemonSet is deleted', () => {
    const c = new TestCluster();
    c.applyOk(dsYaml());
    c.settle();
    expect(c.world.deleteObject({ kind: 'DaemonSet', namespace: 'default', name: 'agent' }).message).toBe('daemonset.apps "agent" deleted from default namespace');
    c.settle();
    expect(c.pods({ app: 'agent' })).toHaveLength(0);
  });

  it('creates a pod for a node that registers later, and deletes it when the node goes', () => {
    const c = new TestCluster();
    c.applyOk(dsYaml());
    c.settle();
    const node = asKubeObject(makeNodeWithCapacity({ name: 'node-4', labels: { 'kubernetes.io/hostname': 'node-4' } }));
    const r = c.world.api.create(node, 'kubelet/node-4');
    expect(r.ok).toBe(true);
    c.step(2000);
    const onNode4 = live(c.pods({ app: 'agent' })).filter((p) => getTargetNodeName(p) === 'node-4');
    expect(onNode4).toHaveLength(1);
    expect(onNode4[0].spec?.nodeName).toBe('node-4'); // the scheduler bound it through the affinity
    expect(getDs(c).status?.desiredNumberScheduled).toBe(4);
    c.world.api.delete({ group: '', version: 'v1', kind: 'Node', resource: 'nodes', singular: 'node', namespaced: false, shortNames: [] }, undefined, 'node-4', 'kubectl');
    c.step(2000);
    expect(live(c.pods({ app: 'agent' })).filter((p) => getTargetNodeName(p) === 'node-4')).toHaveLength(0);
    expect(getDs(c).status?.desiredNumberScheduled).toBe(3);
  });

  it('rolls a template change node by node, never more than maxUnavailable (1) nodes without a live pod', () => {
    const c = new TestCluster();
    c.applyOk(dsYaml());
    c.settle();
    let worst = 0;
    c.world.onWatch((rec) => {
      if (rec.object.kind !== 'Pod') return;
      const covered = new Set(live(c.pods({ app: 'agent' })).map((p) => getTargetNodeName(p)));
      worst = Math.max(worst, 3 - ['node-1', 'node-2', 'node-3'].filter((n) => covered.has(n)).length);
    });
    c.applyOk(dsYaml({ image: 'nginx:1.28' }));
    c.settle();
    const pods = live(c.pods({ app: 'agent' }));
    expect(nodesOf(pods)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(pods.map((p) => p.spec?.containers[0].image)).toEqual(['nginx:1.28', 'nginx:1.28', 'nginx:1.28']);
    expect(pods.every((p) => p.metadata.labels?.['pod-template-generation'] === '2')).toBe(true);
    expect(worst).toBe(1);
    const ds = getDs(c);
    expect(ds.metadata.generation).toBe(2);
    expect(ds.status).toMatchObject({ updatedNumberScheduled: 3, numberAvailable: 3, observedGeneration: 2 });
  });

  it('with updateStrategy OnDelete keeps old pods until they are deleted', () => {
    const c = new TestCluster();
    const onDelete = (image: string) => dsYaml({ image }).replace('spec:\n  selector', 'spec:\n  updateStrategy: {type: OnDelete}\n  selector');
    c.applyOk(onDelete('nginx:1.27'));
    c.settle();
    c.applyOk(onDelete('nginx:1.28'));
    c.settle();
    const before = live(c.pods({ app: 'agent' }));
    expect(before.map((p) => p.spec?.containers[0].image)).toEqual(['nginx:1.27', 'nginx:1.27', 'nginx:1.27']);
    expect(getDs(c).status).toMatchObject({ numberReady: 3, observedGeneration: 2 });
    expect(getDs(c).status?.updatedNumberScheduled).toBeUndefined();
    const victim = before.find((p) => p.spec?.nodeName === 'node-1')!;
    c.world.deleteObject({ kind: 'Pod', namespace: 'default', name: victim.metadata.name! });
    c.settle();
    const after = live(c.pods({ app: 'agent' }));
    expect(after.find((p) => p.spec?.nodeName === 'node-1')?.spec?.containers[0].image).toBe('nginx:1.28');
    expect(after.filter((p) => p.spec?.containers[0].image === 'nginx:1.27')).toHaveLength(2);
    expect(getDs(c).status?.updatedNumberScheduled).toBe(1);
  });
});

describe('DaemonSet controller expectations', () => {
  it('does not double-create while its pod creations are not yet visible (watch lag)', () => {
    const h = new ControllerHarness({ watchLatencyMs: 100 });
    for (const n of ['node-1', 'node-2']) h.mustCreate(makeNodeWithCapacity({ name: n }));
    const c = h.add('daemonset-controller', (ctx) => new DaemonSetsController(ctx));
    h.mustCreate({
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'busybox' }] } } },
    });
    h.step(100);
    expect(h.pods()).toHaveLength(2);
    expect(c.expectations.get('default/agent')).toEqual({ add: 2, del: 0 });
    // A resync before the pods are observed must not create more.
    c.queue.add('default/agent');
    h.step(50);
    expect(h.pods()).toHaveLength(2);
    h.settle();
    expect(h.pods()).toHaveLength(2);
    expect(c.expectations.get('default/agent')).toEqual({ add: 0, del: 0 });
    expect(h.eventMessages('SuccessfulCreate')).toHaveLength(2);
  });

  it('warns and does nothing for an empty selector', () => {
    const h = new ControllerHarness();
    h.mustCreate(makeNodeWithCapacity({ name: 'node-1' }));
    const c = h.add('daemonset-controller', (ctx) => new DaemonSetsController(ctx));
    h.store.put('daemonsets', asKubeObject({
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'all', namespace: 'default', uid: 'u1' },
      spec: { selector: {}, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'a', image: 'busybox' }] } } },
    }), 'kubectl', 'create');
    h.settle();
    expect(c.name).toBe('daemonset-controller');
    expect(h.pods()).toHaveLength(0);
    expect(h.eventMessages('SelectingAll')).toEqual(['This daemon set is selecting all pods. A non-empty selector is required.']);
  });
});
