import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import { TestCluster } from '../../testing/test-cluster';

type Quota = KubeObject & { status?: { hard?: Record<string, string>; used?: Record<string, string> } };
const rq = (c: TestCluster, name = 'q') => c.world.getObject({ kind: 'ResourceQuota', namespace: 'default', name }) as Quota;

describe('ResourceQuotaController', () => {
  it('copies spec.hard to status.hard and computes used from the objects already there, written by the controller', () => {
    const c = new TestCluster();
    c.applyOk('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, resources: {requests: {cpu: 250m, memory: 64Mi}, limits: {cpu: 500m, memory: 128Mi}}}]}\n');
    c.settle();
    const writers: string[] = [];
    c.world.onWatch((rec) => { if (rec.object.kind === 'ResourceQuota') writers.push(`${rec.writer} ${rec.verb}`); });
    c.applyOk('apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\nspec: {hard: {pods: "10", requests.cpu: "1", limits.memory: 1Gi, count/pods: "20", services: "3"}}\n');
    expect(rq(c).status).toBeUndefined();
    c.settle();
    expect(rq(c).status).toEqual({
      hard: { pods: '10', 'requests.cpu': '1', 'limits.memory': '1Gi', 'count/pods': '20', services: '3' },
      used: { 'count/pods': '1', 'limits.memory': '128Mi', pods: '1', 'requests.cpu': '250m', services: '1' },
    });
    expect(writers).toEqual(['kubectl create', 'resourcequota-controller update']);
  });

  it('gives usage back when pods finish or are deleted; finished pods still count in count/pods', () => {
    const c = new TestCluster();
    c.applyOk('apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\nspec: {hard: {pods: "10", count/pods: "10", requests.cpu: "2"}}\n');
    c.settle();
    c.applyOk('apiVersion: v1\nkind: Pod\nmetadata: {name: done}\nspec: {restartPolicy: Never, containers: [{name: c, image: busybox, command: [sh, -c, "exit 0"], resources: {requests: {cpu: 300m}}}]}\n');
    c.applyOk('apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: c, image: nginx, resources: {requests: {cpu: 200m}}}]}\n');
    expect(rq(c).status?.used).toEqual({ 'count/pods': '2', pods: '2', 'requests.cpu': '500m' });
    c.settle();
    expect(c.pod('done').status?.phase).toBe('Succeeded');
    expect(rq(c).status?.used).toEqual({ 'count/pods': '2', pods: '1', 'requests.cpu': '200m' });
    c.world.api.delete(resourceForKind('Pod')!, 'default', 'web', 'kubectl');
    c.settle();
    expect(rq(c).status?.used).toEqual({ 'count/pods': '1', pods: '0', 'requests.cpu': '0' });
  });

  it('follows a spec change of the quota (kube-root-ca.crt counts as a ConfigMap)', () => {
    const c = new TestCluster();
    c.applyOk('apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\nspec: {hard: {pods: "10"}}\n');
    c.settle();
    c.applyOk('apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\nspec: {hard: {pods: "4", configmaps: "9"}}\n');
    c.settle();
    expect(rq(c).status).toEqual({ hard: { pods: '4', configmaps: '9' }, used: { configmaps: '1', pods: '0' } });
  });
});
