// Volume expansion end to end: admission lets a claim of an expandable class grow, the expand
// controller hands it to the driver's external-resizer, which grows the PersistentVolume and leaves the
// file system to the kubelet, which finishes it when a pod mounts the claim again.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/meta';
import type { PersistentVolumeClaimObject, PersistentVolumeObject } from '../../../api/volume';
import { TestCluster } from '../../../testing/test-cluster';

const claim = (size: string, cls = 'network-disk') => `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  storageClassName: ${cls}
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: ${size}}}
`;
const pod = (name: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - name: app
    image: nginx
    volumeMounts: [{name: data, mountPath: /data}]
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: data}
`;

const pvcOf = (c: TestCluster) => c.world.getObject({ kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data' }) as PersistentVolumeClaimObject;
const pvOf = (c: TestCluster) => c.world.getObject({ kind: 'PersistentVolume', name: pvcOf(c).spec!.volumeName! }) as PersistentVolumeObject;
const events = (c: TestCluster, name: string) =>
  (c.world.list('Event', 'default') as Array<KubeObject & { reason: string; message: string; involvedObject: { name: string }; source?: { component?: string } }>)
    .filter((e) => e.involvedObject.name === name).map((e) => `${e.reason} ${e.source?.component}: ${e.message}`);

describe('volume expansion', () => {
  it('grows the disk, then the file system of the running pod (online expansion)', () => {
    const c = new TestCluster();
    c.applyOk(claim('2Gi'));
    c.applyOk(pod('app'));
    c.settle();
    expect(pvcOf(c).status?.capacity?.storage).toBe('2Gi');
    const conditions: string[] = [];
    c.world.onWatch((rec) => {
      const o = rec.object as PersistentVolumeClaimObject | undefined;
      if (o?.kind !== 'PersistentVolumeClaim') return;
      const types = (o.status?.conditions ?? []).map((x) => x.type).join(',') || '-';
      if (conditions.at(-1) !== types) conditions.push(types);
    });
    c.applyOk(claim('5Gi'));
    c.settle();
    const pvName = pvOf(c).metadata.name;
    expect(conditions).toEqual(['-', 'Resizing', 'FileSystemResizePending', '-']);
    expect(pvOf(c).spec?.capacity?.storage).toBe('5Gi');
    const done = pvcOf(c);
    expect(done.status?.capacity?.storage).toBe('5Gi');
    expect(done.status?.allocatedResources?.storage).toBe('5Gi');
    expect(done.status?.allocatedResourceStatuses).toBeUndefined();
    const node = c.pod('app').spec?.nodeName;
    const fsDone = `FileSystemResizeSuccessful kubelet: MountVolume.NodeExpandVolume succeeded for volume "${pvName}" ${node}`;
    expect(events(c, 'data').filter((e) => !/^(Provisioning|WaitFor|ExternalProvisioning)/.test(e))).toEqual([
      'ExternalExpanding volume_expand: waiting for an external controller to expand this PVC',
      `Resizing external-resizer disk.csi.kube-sandbox.dev: External resizer is resizing volume ${pvName}`,
      'FileSystemResizeRequired external-resizer disk.csi.kube-sandbox.dev: Require file system resize of volume on node',
      fsDone,
    ]);
    expect(events(c, 'app')).toContain(fsDone);
    expect(c.kubectl('get pvc data --no-headers')).toMatch(/^data +Bound +pvc-\S+ +5Gi +RWO +network-disk /);
  });

  it('leaves the file system resize pending while no pod mounts the claim, and finishes it on the next mount', () => {
    const c = new TestCluster();
    c.applyOk(claim('2Gi'));
    c.applyOk(pod('app'));
    c.settle();
    c.world.kubectl('delete pod app');
    c.settle();
    c.applyOk(claim('5Gi'));
    c.settle();
    const pvName = pvOf(c).metadata.name;
    expect(pvOf(c).spec?.capacity?.storage).toBe('5Gi');
    const pending = pvcOf(c);
    expect(pending.status?.capacity?.storage).toBe('2Gi');
    expect(pending.status?.allocatedResources?.storage).toBe('5Gi');
    expect(pending.status?.allocatedResourceStatuses).toEqual({ storage: 'NodeResizePending' });
    expect(pending.status?.conditions?.map((x) => [x.type, x.status, x.message])).toEqual([
      ['FileSystemResizePending', 'True', 'Waiting for user to (re-)start a pod to finish file system resize of volume on node.'],
    ]);
    expect(c.kubectl('get pvc data --no-headers')).toMatch(/^data +Bound +pvc-\S+ +2Gi +RWO +network-disk /);
    expect(c.kubectl('describe pvc data')).toMatch(
      /\nConditions:\n  Type +Status +LastProbeTime +LastTransitionTime +Reason +Message\n  -+ +-+ +-+ +-+ +-+ +-+\n  FileSystemResizePending +True +Mon, 01 Jan 0001 00:00:00 \+0000 +\w{3}, .+ \+0000 + Waiting for user to \(re-\)start a pod to finish file system resize of volume on node\.\n/,
    );

    c.applyOk(pod('app2'));
    c.settle();
    const done = pvcOf(c);
    expect(done.status?.capacity?.storage).toBe('5Gi');
    expect(done.status?.conditions ?? []).toEqual([]);
    const node = c.pod('app2').spec?.nodeName;
    expect(events(c, 'app2')).toContain(`FileSystemResizeSuccessful kubelet: MountVolume.NodeExpandVolume succeeded for volume "${pvName}" ${node}`);
    expect(c.kubectl('get pvc data --no-headers')).toMatch(/^data +Bound +pvc-\S+ +5Gi +RWO +network-disk /);
  });

  it('refuses to shrink a claim to its capacity or below', () => {
    const c = new TestCluster();
    c.applyOk(claim('2Gi'));
    c.applyOk(pod('app'));
    c.settle();
    const r = c.apply(claim('1Gi'));
    expect(r.ok).toBe(false);
    expect(r.documents[0].message).toContain('spec.resources.requests.storage: Forbidden: field can not be less than status.capacity');
  });

  it('refuses to grow a claim whose class does not allow expansion', () => {
    const c = new TestCluster();
    c.applyOk(claim('1Gi', 'standard'));
    c.applyOk(pod('app'));
    c.settle();
    const r = c.apply(claim('3Gi', 'standard'));
    expect(r.ok).toBe(false);
    expect(r.documents[0].message).toContain('persistentvolumeclaims "data" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize');
  });
});
