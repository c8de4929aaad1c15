import { describe, expect, it } from 'vitest';
import type { DeletionPropagation, KubeObject } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import { ControllerHarness } from '../../testing/harness';
import { DeploymentController } from '../deployment/deployment-controller';
import { EndpointSliceController } from '../endpointslice/endpointslice-controller';
import { ReplicaSetController } from '../replicaset/replica-set';
import { GarbageCollector } from './garbage-collector';

function setup(opts: { watchLatencyMs?: number } = {}) {
  const h = new ControllerHarness(opts);
  h.add('deployment-controller', (ctx) => new DeploymentController(ctx));
  h.add('replicaset-controller', (ctx) => new ReplicaSetController(ctx));
  h.add('endpointslice-controller', (ctx) => new EndpointSliceController(ctx));
  h.add('generic-garbage-collector', (ctx) => new GarbageCollector(ctx));
  return h;
}

const web = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
};

describe('GarbageCollector', () => {
  it.each([0, 100])('deletes the ReplicaSets and pods after their Deployment is deleted (watch lag %i ms)', (latency) => {
    const h = setup({ watchLatencyMs: latency });
    h.mustCreate(web);
    h.settle(60_000, { kubelet: true });
    expect(h.list('replicasets')).toHaveLength(1);
    expect(h.list('pods')).toHaveLength(3);
    h.remove('deployments', 'default/web');
    expect(h.settle(60_000, { kubelet: true })).toBe(true);
    expect(h.list('replicasets')).toHaveLength(0);
    expect(h.list('pods')).toHaveLength(0);
    const gcWrites = h.writes.filter((w) => w.writer === 'generic-garbage-collector');
    expect(gcWrites.map((w) => `${w.verb} ${w.resource}`)).toEqual(['delete replicasets', 'delete pods', 'delete pods', 'delete pods']);
  });

  it('deletes EndpointSlices after their Service is deleted', () => {
    const h = setup();
    h.mustCreate({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    h.runControllers();
    expect(h.list('endpointslices')).toHaveLength(1);
    h.remove('services', 'default/web');
    h.runControllers();
    expect(h.list('endpointslices')).toHaveLength(0);
  });

  it('keeps dependents whose owner exists, including ones created just before their owner is visible', () => {
    const h = setup({ watchLatencyMs: 100 });
    h.mustCreate(web);
    h.settle(60_000, { kubelet: true });
    expect(h.list('pods')).toHaveLength(3);
    expect(h.writes.some((w) => w.writer === 'generic-garbage-collector')).toBe(false);
  });

  it('collects an object whose owner was recreated with another uid', () => {
    const h = setup();
    const cm = h.mustCreate<KubeObject>({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'owner', namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
    h.mustCreate({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'dep', namespace: 'default', ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'owner', uid: cm.metadata.uid }] },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    h.runControllers();
    expect(h.get('pods', 'default/dep')).toBeDefined();
    h.remove('services', 'default/owner');
    h.mustCreate({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'owner', namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
    h.runControllers();
    expect(h.get('pods', 'default/dep')).toBeUndefined();
  });

  it('drops only the dangling reference when another owner remains', () => {
    const h = setup();
    const a = h.mustCreate<KubeObject>({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
    const b = h.mustCreate<KubeObject>({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'b', namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
    h.mustCreate({
      apiVersion: 'v1', kind: 'Pod',
      metadata: {
        name: 'dep', namespace: 'default',
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Service', name: 'a', uid: a.metadata.uid },
          { apiVersion: 'v1', kind: 'Service', name: 'b', uid: b.metadata.uid },
        ],
      },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    h.remove('services', 'default/a');
    h.runControllers();
    const dep = h.get<KubeObject>('pods', 'default/dep')!;
    expect(dep.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'b', uid: b.metadata.uid }]);
  });

  it('never deletes objects that reference an owner kind it cannot resolve', () => {
    const h = setup();
    h.mustCreate({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'dep', namespace: 'default', ownerReferences: [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', uid: 'x' }] },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    h.runControllers();
    expect(h.get('pods', 'default/dep')).toBeDefined();
  });

  describe('propagation policies', () => {
    const deleteWeb = (h: ControllerHarness, propagationPolicy?: DeletionPropagation) => {
      const r = h.api.delete(resourceForKind('Deployment')!, 'default', 'web', 'kubectl', propagationPolicy ? { propagationPolicy } : {});
      expect(r.ok).toBe(true);
    };
    const running = () => {
      const h = setup();
      h.mustCreate(web);
      h.settle(60_000, { kubelet: true });
      expect(h.list('replicasets')).toHaveLength(1);
      expect(h.list('pods')).toHaveLength(3);
      return h;
    };

    it('Orphan: the Deployment goes, its ReplicaSet and pods stay without owner references to it', () => {
      const h = running();
      const d = h.get<KubeObject>('deployments', 'default/web')!;
      deleteWeb(h, 'Orphan');
      const marked = h.get<KubeObject>('deployments', 'default/web')!;
      expect(marked.metadata.finalizers).toEqual(['orphan']);
      expect(marked.metadata.deletionTimestamp).toBeDefined();
      expect(h.settle(60_000, { kubelet: true })).toBe(true);
      expect(h.get('deployments', 'default/web')).toBeUndefined();
      const [rs] = h.list<KubeObject>('replicasets');
      expect(rs.metadata.ownerReferences).toBeUndefined();
      expect(rs.metadata.deletionTimestamp).toBeUndefined();
      const pods = h.list<KubeObject>('pods');
      expect(pods).toHaveLength(3);
      // The pods keep their ReplicaSet as owner; nothing references the Deployment any more.
      for (const p of pods) expect(p.metadata.ownerReferences?.map((r) => r.uid)).toEqual([rs.metadata.uid]);
      expect(h.list<KubeObject>('replicasets').concat(pods).some((o) => o.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid))).toBe(false);
      const gcWrites = h.writes.filter((w) => w.writer === 'generic-garbage-collector').map((w) => `${w.type} ${w.resource}`);
      expect(gcWrites).toEqual(['MODIFIED replicasets', 'DELETED deployments']);
    });

    it('Foreground: the Deployment stays, marked, until the ReplicaSet and its pods are gone', () => {
      const h = running();
      deleteWeb(h, 'Foreground');
      h.runControllers();
      const d = h.get<KubeObject>('deployments', 'default/web')!;
      expect(d.metadata.deletionTimestamp).toBeDefined();
      expect(d.metadata.finalizers).toEqual(['foregroundDeletion']);
      // The ReplicaSet is deleted in the foreground too (it has dependents); the pods terminate.
      const [rs] = h.list<KubeObject>('replicasets');
      expect(rs.metadata.deletionTimestamp).toBeDefined();
      expect(rs.metadata.finalizers).toEqual(['foregroundDeletion']);
      expect(h.list<KubeObject>('pods').every((p) => p.metadata.deletionTimestamp)).toBe(true);
      expect(h.list('pods')).toHaveLength(3);
      // The kubelet finishes the pods: then the ReplicaSet, then the Deployment.
      h.reapTerminating();
      h.runControllers();
      expect(h.list('pods')).toHaveLength(0);
      expect(h.list('replicasets')).toHaveLength(0);
      expect(h.get('deployments', 'default/web')).toBeUndefined();
      const deletions = h.writes.filter((w) => w.type === 'DELETED').map((w) => w.resource);
      expect(deletions).toEqual(['pods', 'pods', 'pods', 'replicasets', 'deployments']);
    });

    it('Background (the default): the Deployment goes at once, the dependents after', () => {
      const h = running();
      deleteWeb(h);
      expect(h.get('deployments', 'default/web')).toBeUndefined();
      expect(h.list('replicasets')).toHaveLength(1);
      expect(h.settle(60_000, { kubelet: true })).toBe(true);
      expect(h.list('replicasets')).toHaveLength(0);
      expect(h.list('pods')).toHaveLength(0);
      const deletions = h.writes.filter((w) => w.type === 'DELETED').map((w) => w.resource);
      expect(deletions).toEqual(['deployments', 'replicasets', 'pods', 'pods', 'pods']);
    });

    it('Foreground without dependents: the finalizer is removed and the object deleted', () => {
      const h = setup();
      h.mustCreate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: {} });
      const r = h.api.delete(resourceForKind('ConfigMap')!, 'default', 'c', 'kubectl', { propagationPolicy: 'Foreground' });
      expect(r.ok && r.object.metadata.finalizers).toEqual(['foregroundDeletion']);
      h.runControllers();
      expect(h.get('configmaps', 'default/c')).toBeUndefined();
    });

    it('a dependent without blockOwnerDeletion does not hold its owner, but is still deleted', () => {
      const h = setup();
      const owner = h.mustCreate<KubeObject>({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: 'default' } });
      h.mustCreate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dep', namespace: 'default', finalizers: ['example.com/hold'], ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid }] } });
      h.runControllers();
      h.api.delete(resourceForKind('ConfigMap')!, 'default', 'owner', 'kubectl', { propagationPolicy: 'Foreground' });
      h.runControllers();
      expect(h.get('configmaps', 'default/owner')).toBeUndefined();
      expect(h.get<KubeObject>('configmaps', 'default/dep')?.metadata.deletionTimestamp).toBeDefined();
    });
  });
});
