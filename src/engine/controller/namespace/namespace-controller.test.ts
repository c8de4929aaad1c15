import { describe, expect, it } from 'vitest';
import type { Namespace } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { TestCluster } from '../../testing/test-cluster';

const DEMO = `apiVersion: v1
kind: Namespace
metadata: {name: demo}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: demo}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: demo}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: demo}
data: {a: b}
`;

const namespace = (c: TestCluster, name: string) => c.world.getObject({ kind: 'Namespace', name }) as (Namespace & KubeObject) | undefined;
const contents = (c: TestCluster, ns: string) =>
  ['Pod', 'Deployment', 'ReplicaSet', 'Service', 'EndpointSlice', 'ConfigMap', 'ServiceAccount'].flatMap((k) => c.world.list(k, ns));

describe('NamespaceController', () => {
  it('empties a deleted namespace, waits for its pods to terminate gracefully, then removes it', () => {
    const c = new TestCluster();
    c.applyOk(DEMO);
    c.settle();
    expect(c.pods({ app: 'web' }, 'demo').filter((p) => p.status?.phase === 'Running')).toHaveLength(2);

    expect(c.kubectl('delete namespace demo')).toBe('namespace "demo" deleted\n');
    const marked = namespace(c, 'demo')!;
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    expect(marked.status?.phase).toBe('Terminating');
    expect(marked.spec?.finalizers).toEqual(['kubernetes']);
    expect(c.kubectl('get ns demo --no-headers')).toMatch(/^demo\s+Terminating\s/);

    // The controller sees the deletion after the watch latency: everything but the pods goes at once,
    // the pods are marked and their kubelets stop them.
    c.step(200);
    const pods = c.pods({}, 'demo');
    expect(pods.length).toBeGreaterThan(0);
    expect(pods.every((p) => p.metadata.deletionTimestamp !== undefined && p.metadata.deletionGracePeriodSeconds === 30)).toBe(true);
    expect(c.world.list('Deployment', 'demo')).toEqual([]);
    expect(c.world.list('ConfigMap', 'demo')).toEqual([]);
    const terminating = namespace(c, 'demo')!;
    expect(terminating.status?.conditions?.find((x) => x.type === 'NamespaceContentRemaining')).toMatchObject({
      status: 'True', reason: 'SomeResourcesRemain', message: `Some resources are remaining: pods. has ${pods.length} resource instances`,
    });
    expect(terminating.status?.conditions?.find((x) => x.type === 'NamespaceFinalizersRemaining')).toMatchObject({ status: 'False', reason: 'ContentHasNoFinalizers' });

    c.settle();
    expect(namespace(c, 'demo')).toBeUndefined();
    expect(contents(c, 'demo')).toEqual([]);
    // The pods went through their kubelets (the final delete is theirs), the rest through the controller.
    expect(c.kubectl('get ns --no-headers').split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0])).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  });

  it('records who deleted what: the controller deletes content, the kubelets finish the pods, the controller finalizes', () => {
    const c = new TestCluster();
    c.applyOk(DEMO);
    c.settle();
    const writes: string[] = [];
    c.world.onWatch((rec) => {
      if (rec.type === 'DELETED' && rec.object.metadata.namespace === 'demo') writes.push(`${rec.writer} ${rec.object.kind}`);
      if (rec.object.kind === 'Namespace' && rec.object.metadata.name === 'demo') writes.push(`${rec.writer} ${rec.type} Namespace`);
    });
    c.kubectl('delete ns demo');
    c.settle();
    expect(writes[0]).toBe('kubectl MODIFIED Namespace');
    expect(writes).toContain('namespace-controller Deployment');
    expect(writes).toContain('namespace-controller ConfigMap');
    expect(writes).toContain('namespace-controller ServiceAccount');
    expect(writes.filter((w) => w.endsWith(' Pod')).every((w) => w.startsWith('kubelet/'))).toBe(true);
    expect(writes.filter((w) => w.endsWith(' Pod'))).toHaveLength(2);
    expect(writes[writes.length - 1]).toBe('namespace-controller DELETED Namespace');
  });

  it('refuses new content in a terminating namespace with the NamespaceLifecycle Forbidden', () => {
    const c = new TestCluster();
    c.applyOk(DEMO);
    c.settle();
    c.kubectl('delete ns demo');
    const r = c.apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: late, namespace: demo}\ndata: {a: b}\n');
    expect(r.ok).toBe(false);
    expect(r.documents[0].message).toBe(
      'Error from server (Forbidden): error when creating "STDIN": configmaps "late" is forbidden: unable to create new content in namespace demo because it is being terminated',
    );
    const deployment = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'demo' },
      spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    };
    const direct = c.world.api.create(deployment as KubeObject, 'kubectl');
    expect(direct.ok).toBe(false);
    if (!direct.ok) {
      expect(direct.status).toMatchObject({
        reason: 'Forbidden', code: 403,
        message: 'deployments.apps "d" is forbidden: unable to create new content in namespace demo because it is being terminated',
        details: { name: 'd', group: 'apps', kind: 'deployments', causes: [{ reason: 'NamespaceTerminating', message: 'namespace demo is being terminated', field: 'metadata.namespace' }] },
      });
    }
    // Once it is gone the namespace can be created again, and filled again.
    c.settle();
    c.applyOk(DEMO);
    c.settle();
    expect(namespace(c, 'demo')?.status?.phase).toBe('Active');
    expect(c.pods({ app: 'web' }, 'demo')).toHaveLength(2);
  });

  it.each(['default', 'kube-system', 'kube-public', 'kube-node-lease'])('refuses to delete the system namespace %s', (name) => {
    const c = new TestCluster();
    expect(c.kubectl(`delete namespace ${name}`)).toBe(`Error from server (Forbidden): namespaces "${name}" is forbidden: this namespace may not be deleted\n`);
    expect(namespace(c, name)?.metadata.deletionTimestamp).toBeUndefined();
  });

  it('removes an empty namespace after one pass, and a second DELETE while terminating changes nothing', () => {
    const c = new TestCluster();
    c.applyOk('apiVersion: v1\nkind: Namespace\nmetadata: {name: empty}\n');
    c.settle();
    c.kubectl('delete ns empty');
    const first = namespace(c, 'empty')!;
    expect(c.kubectl('delete ns empty')).toBe('namespace "empty" deleted\n');
    expect(namespace(c, 'empty')!.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    c.settle();
    expect(namespace(c, 'empty')).toBeUndefined();
  });

  it('keeps spec.finalizers out of reach of ordinary updates (only finalize changes them)', () => {
    const c = new TestCluster();
    c.applyOk('apiVersion: v1\nkind: Namespace\nmetadata: {name: keep}\nspec: {finalizers: []}\n');
    expect(namespace(c, 'keep')!.spec?.finalizers).toEqual([]);
    const cur = namespace(c, 'keep')!;
    const r = c.world.api.update({ ...cur, spec: { finalizers: ['kubernetes', 'example.com/x'] } } as KubeObject, 'kubectl');
    expect(r.ok && (r.object.spec as { finalizers: string[] }).finalizers).toEqual([]);
  });

  it('waits for another spec finalizer that it does not own', () => {
    const c = new TestCluster();
    c.applyOk('apiVersion: v1\nkind: Namespace\nmetadata: {name: held}\n');
    c.settle();
    expect(c.world.api.finalizeNamespace('held', ['kubernetes', 'example.com/hold'], 'kubectl').ok).toBe(true);
    c.kubectl('delete ns held');
    c.settle();
    expect(namespace(c, 'held')?.spec?.finalizers).toEqual(['example.com/hold']);
    expect(namespace(c, 'held')?.status?.phase).toBe('Terminating');
    const r = c.world.api.finalizeNamespace('held', [], 'example-controller');
    expect(r.ok).toBe(true);
    expect(namespace(c, 'held')).toBeUndefined();
  });
});
