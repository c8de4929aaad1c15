import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/meta';
import type { PersistentVolumeClaimObject, PersistentVolumeObject } from '../../../api/volume';
import { ControllerHarness } from '../../../testing/harness';
import { makePodWithClaims, makePV, makePVC, makeStorageClass, type PVCOptions, type PVOptions } from '../../../testing/storage-builders';
import { PVCProtectionController } from '../pvcprotection/pvc-protection-controller';
import { PVProtectionController } from '../pvprotection/pv-protection-controller';
import { PersistentVolumeController, RESYNC_PERIOD_MS } from './pv-controller';

function harness(): ControllerHarness {
  const h = new ControllerHarness();
  h.add('persistentvolume-binder-controller', (ctx) => new PersistentVolumeController(ctx));
  h.add('persistentvolumeclaim-protection-controller', (ctx) => new PVCProtectionController(ctx));
  h.add('persistentvolume-protection-controller', (ctx) => new PVProtectionController(ctx));
  return h;
}

/** Create volumes (the server resets their status to Pending; the controller makes them Available). */
function withVolumes(h: ControllerHarness, ...pvs: PVOptions[]): void {
  for (const o of pvs) {
    const { status: _s, ...pv } = makePV(o);
    h.mustCreate(pv);
  }
  h.settle();
}

const pv = (h: ControllerHarness, name: string) => h.get<PersistentVolumeObject>('persistentvolumes', name)!;
const pvc = (h: ControllerHarness, name: string) => h.get<PersistentVolumeClaimObject>('persistentvolumeclaims', `default/${name}`)!;
function claim(h: ControllerHarness, o: PVCOptions): void {
  h.mustCreate(makePVC(o));
  h.settle();
}

describe('PersistentVolumeController: binding', () => {
  it('makes new volumes Available', () => {
    const h = harness();
    withVolumes(h, { name: 'v1' });
    expect(pv(h, 'v1').status?.phase).toBe('Available');
    expect(pv(h, 'v1').metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
  });

  it('binds a claim to the smallest volume of its class that fits, both ways', () => {
    const h = harness();
    withVolumes(h, { name: 'big', capacity: '10Gi', storageClassName: 'manual' }, { name: 'mid', capacity: '5Gi', storageClassName: 'manual' },
      { name: 'tiny', capacity: '1Gi', storageClassName: 'manual' }, { name: 'other', capacity: '4Gi', storageClassName: 'fast' });
    claim(h, { name: 'data', storage: '3Gi', storageClassName: 'manual' });
    const c = pvc(h, 'data');
    expect(c.spec?.volumeName).toBe('mid');
    expect(c.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '5Gi' } });
    expect(c.metadata.annotations).toEqual({ 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' });
    const v = pv(h, 'mid');
    expect(v.status?.phase).toBe('Bound');
    expect(v.spec?.claimRef).toMatchObject({ kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data', uid: c.metadata.uid });
    expect(v.metadata.annotations).toEqual({ 'pv.kubernetes.io/bound-by-controller': 'yes' });
    for (const n of ['big', 'tiny', 'other']) expect(pv(h, n).status?.phase).toBe('Available');
  });

  it('looks first at volumes whose access modes are closest to the claim', () => {
    const h = harness();
    withVolumes(h, { name: 'rwo-rox', accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], capacity: '1Gi', storageClassName: '' },
      { name: 'rwo', accessModes: ['ReadWriteOnce'], capacity: '2Gi', storageClassName: '' },
      { name: 'rwx', accessModes: ['ReadWriteMany'], capacity: '1Gi', storageClassName: '' });
    claim(h, { name: 'a', storageClassName: '' });
    claim(h, { name: 'b', storageClassName: '', accessModes: ['ReadWriteMany'] });
    expect(pvc(h, 'a').spec?.volumeName).toBe('rwo');
    expect(pvc(h, 'b').spec?.volumeName).toBe('rwx');
  });

  it('binds only volumes whose labels match the claim selector', () => {
    const h = harness();
    withVolumes(h, { name: 'silver', storageClassName: '', labels: { tier: 'silver' } }, { name: 'gold', storageClassName: '', capacity: '2Gi', labels: { tier: 'gold' } });
    claim(h, { name: 'c', storageClassName: '', selector: { matchLabels: { tier: 'gold' } } });
    expect(pvc(h, 'c').spec?.volumeName).toBe('gold');
  });

  it('binds the volume a claim names (pre-bound), without bound-by-controller on the claim', () => {
    const h = harness();
    withVolumes(h, { name: 'small', storageClassName: '' }, { name: 'chosen', capacity: '8Gi', storageClassName: '' });
    claim(h, { name: 'c', storageClassName: '', volumeName: 'chosen' });
    const c = pvc(h, 'c');
    expect(c.status?.phase).toBe('Bound');
    expect(c.metadata.annotations).toEqual({ 'pv.kubernetes.io/bind-completed': 'yes' });
    expect(pv(h, 'chosen').metadata.annotations).toEqual({ 'pv.kubernetes.io/bound-by-controller': 'yes' });
  });

  it('binds a volume pre-bound to a claim by its claimRef', () => {
    const h = harness();
    withVolumes(h, { name: 'reserved', capacity: '9Gi', storageClassName: '', claimRef: { name: 'c' } }, { name: 'small', storageClassName: '' });
    expect(pv(h, 'reserved').status?.phase).toBe('Available');
    claim(h, { name: 'c', storageClassName: '' });
    expect(pvc(h, 'c').spec?.volumeName).toBe('reserved');
    expect(pv(h, 'reserved').metadata.annotations?.['pv.kubernetes.io/bound-by-controller']).toBeUndefined();
  });

  it('refuses a named volume that does not satisfy the claim', () => {
    const h = harness();
    withVolumes(h, { name: 'v', storageClassName: 'slow' });
    claim(h, { name: 'c', storageClassName: 'manual', volumeName: 'v' });
    expect(pvc(h, 'c').status?.phase).toBe('Pending');
    expect(h.eventMessages('VolumeMismatch')).toEqual(['Cannot bind to requested volume "v": storageClassName does not match']);
  });

  it('binds a claim created before its volume at the next resync', () => {
    const h = harness();
    claim(h, { name: 'c', storageClassName: 'manual' });
    expect(h.eventMessages('ProvisioningFailed')).toEqual(['storageclass.storage.k8s.io "manual" not found']);
    withVolumes(h, { name: 'v', storageClassName: 'manual' });
    expect(pvc(h, 'c').status?.phase).toBe('Pending');
    h.step(RESYNC_PERIOD_MS);
    expect(pvc(h, 'c').status?.phase).toBe('Bound');
  });
});

describe('PersistentVolumeController: claims without a volume', () => {
  it('says why a claim without a class stays Pending', () => {
    const h = harness();
    claim(h, { name: 'c', storageClassName: '' });
    expect(pvc(h, 'c').status?.phase).toBe('Pending');
    expect(h.eventMessages('FailedBinding')).toEqual(['no persistent volumes available for this claim and no storage class is set']);
  });

  it('hands an Immediate claim to its external provisioner', () => {
    const h = harness();
    h.mustCreate(makeStorageClass({ name: 'fast', provisioner: 'ebs.csi.aws.com' }));
    claim(h, { name: 'c', storageClassName: 'fast' });
    expect(pvc(h, 'c').metadata.annotations).toEqual({
      'volume.beta.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com',
      'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com',
    });
    expect(h.eventMessages('ExternalProvisioning')[0]).toBe("Waiting for a volume to be created either by the external provisioner 'ebs.csi.aws.com' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.");
    // It keeps saying so at every resync while nothing provisions.
    const before = h.events('ExternalProvisioning')[0].count;
    h.step(2 * RESYNC_PERIOD_MS);
    expect(h.events('ExternalProvisioning')[0].count).toBe(before + 2);
  });

  it('fails an in-tree provisioner name no plugin answers to', () => {
    const h = harness();
    h.mustCreate(makeStorageClass({ name: 'local', provisioner: 'kubernetes.io/no-provisioner' }));
    claim(h, { name: 'c', storageClassName: 'local' });
    expect(h.eventMessages('ProvisioningFailed')).toEqual(['no volume plugin matched name: kubernetes.io/no-provisioner']);
  });

  it('waits for the first consumer of a WaitForFirstConsumer claim, naming pods not yet scheduled', () => {
    const h = harness();
    h.mustCreate(makeStorageClass({ name: 'wffc', bindingMode: 'WaitForFirstConsumer' }));
    withVolumes(h, { name: 'v', storageClassName: 'wffc' });
    claim(h, { name: 'c', storageClassName: 'wffc' });
    expect(pvc(h, 'c').status?.phase).toBe('Pending');
    expect(pv(h, 'v').status?.phase).toBe('Available');
    expect(h.eventMessages('WaitForFirstConsumer')).toEqual(['waiting for first consumer to be created before binding']);
    h.mustCreate(makePodWithClaims('web', ['c']));
    h.step(RESYNC_PERIOD_MS);
    expect(h.eventMessages('WaitForPodScheduled')).toEqual(['waiting for pod web to be scheduled']);
  });

  it('assigns a default class that appeared after the claim', () => {
    const h = harness();
    claim(h, { name: 'c' });
    expect(pvc(h, 'c').spec?.storageClassName).toBeUndefined();
    h.mustCreate(makeStorageClass({ name: 'std', isDefault: true, bindingMode: 'WaitForFirstConsumer' }));
    h.step(RESYNC_PERIOD_MS);
    expect(pvc(h, 'c').spec?.storageClassName).toBe('std');
  });
});

describe('PersistentVolumeController: reclaim', () => {
  function boundPair(o: PVOptions): ControllerHarness {
    const h = harness();
    withVolumes(h, { storageClassName: '', ...o });
    claim(h, { name: 'c', storageClassName: '' });
    expect(pv(h, o.name).status?.phase).toBe('Bound');
    h.remove('persistentvolumeclaims', 'default/c');
    h.settle();
    return h;
  }

  it('Retain: the volume is Released and keeps its claimRef', () => {
    const h = boundPair({ name: 'v', reclaimPolicy: 'Retain' });
    expect(pvc(h, 'c')).toBeUndefined();
    expect(pv(h, 'v').status?.phase).toBe('Released');
    expect(pv(h, 'v').spec?.claimRef?.name).toBe('c');
  });

  it('Delete of a hostPath under /tmp/: the volume object is deleted', () => {
    const h = boundPair({ name: 'v', reclaimPolicy: 'Delete', hostPath: '/tmp/data' });
    expect(pv(h, 'v')).toBeUndefined();
  });

  it('Delete of another hostPath: the volume fails with the deleter\'s error', () => {
    const h = boundPair({ name: 'v', reclaimPolicy: 'Delete', hostPath: '/mnt/data' });
    expect(pv(h, 'v').status?.phase).toBe('Failed');
    expect(pv(h, 'v').status?.message).toBe('host_path deleter only supports /tmp/.+ but received provided /mnt/data');
    expect(h.eventMessages('VolumeFailedDelete')).toEqual(['host_path deleter only supports /tmp/.+ but received provided /mnt/data']);
  });

  it('Delete of a volume an external provisioner made: left Released for that provisioner', () => {
    const h = boundPair({ name: 'v', reclaimPolicy: 'Delete', annotations: { 'pv.kubernetes.io/provisioned-by': 'ebs.csi.aws.com' } });
    expect(pv(h, 'v').status?.phase).toBe('Released');
  });

  it('a claim whose volume vanished is Lost', () => {
    const h = harness();
    withVolumes(h, { name: 'v', storageClassName: '' });
    claim(h, { name: 'c', storageClassName: '' });
    // Force the volume away (finalizer removed by hand), as an admin might.
    h.mustUpdate<KubeObject>('persistentvolumes', 'v', (o) => { o.metadata.finalizers = []; });
    h.remove('persistentvolumes', 'v');
    h.settle();
    expect(pvc(h, 'c').status?.phase).toBe('Lost');
    expect(h.eventMessages('ClaimLost')).toEqual(['Bound claim has lost its PersistentVolume. Data on the volume is lost!']);
  });
});

describe('protection finalizers', () => {
  it('a claim in use by a scheduled pod stays until the pod is gone', () => {
    const h = harness();
    withVolumes(h, { name: 'v', storageClassName: '' });
    claim(h, { name: 'c', storageClassName: '' });
    h.mustCreate(makePodWithClaims('web', ['c'], { nodeName: 'node-1' }));
    h.remove('persistentvolumeclaims', 'default/c');
    h.settle();
    expect(pvc(h, 'c').metadata.deletionTimestamp).toBeDefined();
    expect(pv(h, 'v').status?.phase).toBe('Bound');
    h.remove('pods', 'default/web', { gracePeriodSeconds: 0 });
    h.settle();
    expect(pvc(h, 'c')).toBeUndefined();
    expect(pv(h, 'v').status?.phase).toBe('Released');
  });

  it('a Bound volume being deleted stays until it is released', () => {
    const h = harness();
    withVolumes(h, { name: 'v', storageClassName: '' });
    claim(h, { name: 'c', storageClassName: '' });
    h.remove('persistentvolumes', 'v');
    h.settle();
    expect(pv(h, 'v').metadata.deletionTimestamp).toBeDefined();
    h.remove('persistentvolumeclaims', 'default/c');
    h.settle();
    expect(pv(h, 'v')).toBeUndefined();
  });
});
