import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/meta';
import { TestCluster } from '../../testing/test-cluster';

const quota = (name: string, hard: string, extra = '') => `apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: ${name}}\nspec: {hard: {${hard}}${extra}}\n`;
const pod = (name: string, resources: string, extra = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec: {${extra}containers: [{name: ${name}-ctr, image: nginx, resources: ${resources}}]}\n`;
const used = (c: TestCluster, name: string) =>
  (c.world.getObject({ kind: 'ResourceQuota', namespace: 'default', name }) as KubeObject & { status?: { used?: Record<string, string> } }).status?.used;

describe('ResourceQuota admission', () => {
  it('refuses a pod that would exceed the quota with the API server message and charges admitted pods at once', () => {
    const c = new TestCluster();
    c.applyOk(quota('compute', '"requests.cpu": "1", "requests.memory": 1Gi, pods: "2"'));
    c.settle();
    c.applyOk(pod('a', '{requests: {cpu: 600m, memory: 600Mi}}'));
    // Charged by admission before any controller ran.
    expect(used(c, 'compute')).toEqual({ pods: '1', 'requests.cpu': '600m', 'requests.memory': '600Mi' });
    const r = c.apply(pod('b', '{requests: {cpu: 500m, memory: 100Mi}}'));
    expect(r.ok).toBe(false);
    expect(r.documents[0].message).toBe('Error from server (Forbidden): error when creating "STDIN": pods "b" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=600m, limited: requests.cpu=1');
    expect(c.world.getObject({ kind: 'Pod', namespace: 'default', name: 'b' })).toBeUndefined();
    c.applyOk(pod('b', '{requests: {cpu: 400m, memory: 100Mi}}'));
    const third = c.apply(pod('c', '{requests: {cpu: 0m, memory: 1Mi}}'));
    expect(third.documents[0].message).toMatch(/pods "c" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2$/);
  });

  it('requires every container to state what a cpu/memory quota limits', () => {
    const c = new TestCluster();
    c.applyOk(quota('mem-cpu', '"limits.cpu": "2", "limits.memory": 2Gi, "requests.memory": 1Gi'));
    c.settle();
    const r = c.apply(pod('bare', '{requests: {memory: 100Mi}}'));
    expect(r.documents[0].message).toMatch(/pods "bare" is forbidden: failed quota: mem-cpu: must specify limits.cpu for: bare-ctr; limits.memory for: bare-ctr$/);
  });

  it('counts only pods in the quota scopes: PriorityClass selector, BestEffort', () => {
    const c = new TestCluster();
    c.applyOk('apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: high}\nvalue: 1000\n');
    c.applyOk(quota('high', 'pods: "1"', ', scopeSelector: {matchExpressions: [{operator: In, scopeName: PriorityClass, values: [high]}]}'));
    c.applyOk(quota('besteffort', 'pods: "5"', ', scopes: [BestEffort]'));
    c.settle();
    c.applyOk(pod('h1', '{requests: {cpu: 10m}}', 'priorityClassName: high, '));
    c.applyOk(pod('plain', '{}'));
    expect(c.apply(pod('h2', '{requests: {cpu: 10m}}', 'priorityClassName: high, ')).documents[0].message).toMatch(/exceeded quota: high, requested: pods=1, used: pods=1, limited: pods=1$/);
    c.settle();
    expect(used(c, 'high')).toEqual({ pods: '1' });
    expect(used(c, 'besteffort')).toEqual({ pods: '1' });
  });

  it('charges claims for count and storage, per class too', () => {
    const c = new TestCluster();
    c.applyOk(quota('storage', 'persistentvolumeclaims: "5", "requests.storage": 3Gi, "standard.storageclass.storage.k8s.io/requests.storage": 1Gi'));
    c.settle();
    const claim = (name: string, size: string) => `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: ${name}}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: ${size}}}}\n`;
    c.applyOk(claim('one', '1Gi'));
    expect(used(c, 'storage')).toEqual({ persistentvolumeclaims: '1', 'requests.storage': '1Gi', 'standard.storageclass.storage.k8s.io/requests.storage': '1Gi' });
    expect(c.apply(claim('two', '512Mi')).documents[0].message).toMatch(/persistentvolumeclaims "two" is forbidden: exceeded quota: storage, requested: standard.storageclass.storage.k8s.io\/requests.storage=512Mi, used: standard.storageclass.storage.k8s.io\/requests.storage=1Gi, limited: standard.storageclass.storage.k8s.io\/requests.storage=1Gi$/);
  });

  it('limits object counts with count/<resource>', () => {
    const c = new TestCluster();
    // The root-ca-cert-publisher's kube-root-ca.crt counts too, as on a real cluster.
    c.applyOk(quota('objects', '"count/configmaps": "2", "count/deployments.apps": "0"'));
    c.settle();
    c.applyOk('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one}\n');
    expect(c.apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: two}\n').documents[0].message).toMatch(/configmaps "two" is forbidden: exceeded quota: objects, requested: count\/configmaps=1, used: count\/configmaps=2, limited: count\/configmaps=2$/);
    expect(c.apply('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: nginx}]}}}\n').documents[0].message)
      .toMatch(/deployments.apps "web" is forbidden: exceeded quota: objects, requested: count\/deployments.apps=1, used: count\/deployments.apps=0, limited: count\/deployments.apps=0$/);
  });
});
