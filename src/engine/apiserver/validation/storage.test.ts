import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/meta';
import { TestCluster } from '../../testing/test-cluster';

const pvc = (spec: string, name = 'data') => `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: ${name}}\nspec:\n${spec}`;
const pv = (spec: string) => `apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: vol}\nspec:\n${spec}`;
const sc = (body: string) => `apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: fast}\n${body}`;
const GOOD_PVC = '  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n';

describe('storage validation on create', () => {
  it.each([
    ['a claim without access modes', pvc('  resources: {requests: {storage: 1Gi}}\n'),
      'The PersistentVolumeClaim "data" is invalid: spec.accessModes: Required value: at least 1 access mode is required'],
    ['a claim without a storage request', pvc('  accessModes: [ReadWriteOnce]\n'),
      'The PersistentVolumeClaim "data" is invalid: spec.resources[storage]: Required value'],
    ['a claim asking for nothing', pvc('  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: "0"}}\n'),
      'The PersistentVolumeClaim "data" is invalid: spec.resources[storage]: Invalid value: "0": must be greater than zero'],
    ['an unknown access mode', pvc('  accessModes: [ReadWriteSometimes]\n  resources: {requests: {storage: 1Gi}}\n'),
      'The PersistentVolumeClaim "data" is invalid: spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"'],
    ['ReadWriteOncePod with another mode', pvc('  accessModes: [ReadWriteOncePod, ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n'),
      'The PersistentVolumeClaim "data" is invalid: spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes'],
    ['a volume without capacity', pv('  accessModes: [ReadWriteOnce]\n  hostPath: {path: /mnt/data}\n'),
      'The PersistentVolume "vol" is invalid: \n* spec.capacity: Required value\n* spec.capacity: Unsupported value: null: supported values: "storage"'],
    ['a volume without access modes or source', pv('  capacity: {storage: 1Gi}\n'),
      'The PersistentVolume "vol" is invalid: \n* spec.accessModes: Required value\n* spec: Required value: must specify a volume type'],
    ['a volume with two sources', pv('  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /a}\n  nfs: {server: nfs, path: /b}\n'),
      'The PersistentVolume "vol" is invalid: spec.nfs: Forbidden: may not specify more than 1 volume type'],
    ['a local volume without node affinity', pv('  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  local: {path: /mnt/disk}\n'),
      'The PersistentVolume "vol" is invalid: metadata.annotations: Required value: Local volume requires node affinity'],
    ['an unknown reclaim policy', pv('  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /a}\n  persistentVolumeReclaimPolicy: Keep\n'),
      'The PersistentVolume "vol" is invalid: spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"'],
    ['a class without a provisioner', sc('reclaimPolicy: Delete\n'),
      'The StorageClass "fast" is invalid: provisioner: Required value'],
    ['a class with an unknown binding mode', sc('provisioner: example.com/x\nvolumeBindingMode: Later\n'),
      'The StorageClass "fast" is invalid: volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"'],
  ])('refuses %s', (_name, manifest, message) => {
    const r = new TestCluster().apply(manifest);
    expect(r.ok).toBe(false);
    expect(r.documents[0].message).toBe(message);
  });
});

describe('defaults and admission', () => {
  it('defaults a claim (volumeMode, the default class, the protection finalizer, Pending)', () => {
    const c = new TestCluster();
    c.applyOk(pvc(GOOD_PVC));
    const o = c.world.getObject({ kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data' }) as KubeObject & { spec: Record<string, unknown>; status: unknown };
    expect(o.spec).toMatchObject({ volumeMode: 'Filesystem', storageClassName: 'standard' });
    expect(o.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect(o.status).toEqual({ phase: 'Pending' });
  });

  it('leaves storageClassName "" alone (no class, on purpose)', () => {
    const c = new TestCluster();
    c.applyOk(pvc(`${GOOD_PVC}  storageClassName: ""\n`));
    const o = c.world.getObject({ kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data' }) as KubeObject & { spec: Record<string, unknown> };
    expect(o.spec.storageClassName).toBe('');
  });

  it('defaults a volume (Retain, Filesystem, hostPath type "") and a class (Delete, Immediate)', () => {
    const c = new TestCluster();
    c.applyOk(pv('  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /mnt/data}\n'));
    c.applyOk(sc('provisioner: example.com/x\n'));
    const v = c.world.getObject({ kind: 'PersistentVolume', name: 'vol' }) as KubeObject & { spec: Record<string, unknown>; status: Record<string, unknown> };
    expect(v.spec).toMatchObject({ persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem', hostPath: { path: '/mnt/data', type: '' } });
    expect(v.status).toMatchObject({ phase: 'Pending', lastPhaseTransitionTime: expect.any(String) });
    const s = c.world.getObject({ kind: 'StorageClass', name: 'fast' }) as KubeObject & Record<string, unknown>;
    expect(s).toMatchObject({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
  });
});

describe('storage validation on update', () => {
  it('keeps a claim spec immutable, except a bound claim\'s storage request', () => {
    const c = new TestCluster();
    c.applyOk(pvc(GOOD_PVC));
    const r = c.apply(pvc('  accessModes: [ReadWriteMany]\n  resources: {requests: {storage: 1Gi}}\n'));
    expect(r.documents[0].message).toMatch(/^The PersistentVolumeClaim "data" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n {2}core.PersistentVolumeClaimSpec\{\n- \tAccessModes: \["ReadWriteOnce"\],\n\+ \tAccessModes: \["ReadWriteMany"\],/);
  });

  it('refuses to grow a claim whose class does not allow expansion', () => {
    const c = new TestCluster();
    c.applyOk(pvc(`${GOOD_PVC}  storageClassName: manual\n  volumeName: vol\n`));
    c.applyOk(`${pv('  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /mnt/data}\n  storageClassName: manual\n')}`);
    c.step(16_000);
    const r = c.apply(pvc(`  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 2Gi}}\n  storageClassName: manual\n  volumeName: vol\n`));
    expect(c.world.getObject({ kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data' })?.status).toMatchObject({ phase: 'Bound' });
    expect(r.documents[0].message).toMatch(/^Error from server \(Forbidden\): error when applying patch:[\s\S]*persistentvolumeclaims "data" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize$/);
  });

  it('refuses a request at or below status.capacity (volumes never shrink)', () => {
    const c = new TestCluster();
    c.applyOk(pvc(`${GOOD_PVC.replace('1Gi', '2Gi')}  storageClassName: manual\n  volumeName: vol\n`));
    c.applyOk(`${pv('  capacity: {storage: 2Gi}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /mnt/data}\n  storageClassName: manual\n')}`);
    c.step(16_000);
    const shrink = c.apply(pvc(`  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n  storageClassName: manual\n  volumeName: vol\n`));
    expect(shrink.documents[0].message).toMatch(/The PersistentVolumeClaim "data" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity$/);
    expect(c.world.getObject({ kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data' })).toMatchObject({ spec: { resources: { requests: { storage: '2Gi' } } } });
  });

  it('keeps a volume source immutable, and a class\'s provisioner', () => {
    const c = new TestCluster();
    c.applyOk(pv('  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /mnt/data}\n'));
    const r = c.apply(pv('  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /mnt/other}\n'));
    expect(r.documents[0].message).toMatch(/The PersistentVolume "vol" is invalid: spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation/);
    c.applyOk(sc('provisioner: example.com/x\n'));
    const s = c.apply(sc('provisioner: example.com/y\n'));
    expect(s.documents[0].message).toBe('The StorageClass "fast" is invalid: provisioner: Forbidden: updates to provisioner are forbidden.');
  });
});
