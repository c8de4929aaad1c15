// The attach phase end to end in a World: the network-disk class provisions a CSI volume, the
// attach/detach controller asks for a VolumeAttachment, the simulated external-attacher attaches it,
// and only then does the kubelet mount it and start the pod.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/meta';
import { resourceForKind } from '../../../api/resources';
import type { PersistentVolumeClaimObject } from '../../../api/volume';
import { attachmentName, type VolumeAttachmentObject } from '../../../api/volumeattachment';
import { TestCluster } from '../../../testing/test-cluster';
import { MAX_WAIT_FOR_UNMOUNT_MS } from './attach-detach-controller';

const claim = (name: string, mode = 'ReadWriteOnce') => `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: ${name}}
spec:
  storageClassName: network-disk
  accessModes: [${mode}]
  resources: {requests: {storage: 2Gi}}
`;
const podWith = (name: string, claimName: string, nodeName?: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  ${nodeName ? `nodeSelector: {kubernetes.io/hostname: ${nodeName}}` : ''}
  terminationGracePeriodSeconds: 0
  containers:
  - name: app
    image: nginx
    volumeMounts: [{name: data, mountPath: /data}]
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: ${claimName}}
`;

const attachments = (c: TestCluster) => c.world.list('VolumeAttachment') as VolumeAttachmentObject[];
const pvcOf = (c: TestCluster, name: string) => c.world.getObject({ kind: 'PersistentVolumeClaim', namespace: 'default', name }) as PersistentVolumeClaimObject;
const podEvents = (c: TestCluster, pod: string, reason: string) =>
  (c.world.list('Event', 'default') as Array<KubeObject & { reason: string; message: string; involvedObject: { name: string }; source?: { component?: string } }>)
    .filter((e) => e.reason === reason && e.involvedObject.name === pod);

describe('attach/detach with the network-disk class', () => {
  it('attaches the disk to the pod\'s node before the kubelet mounts it, and detaches it after the pod is gone', () => {
    const c = new TestCluster();
    c.applyOk(claim('data'));
    c.applyOk(podWith('app', 'data'));
    // Before the attacher answers, the pod waits in ContainerCreating with an unattached volume.
    let sawWaiting = false;
    for (let i = 0; i < 40 && !sawWaiting; i++) {
      c.step(250);
      const va = attachments(c)[0];
      if (va && !va.status?.attached) {
        sawWaiting = c.pod('app').status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ContainerCreating';
      }
    }
    expect(sawWaiting).toBe(true);
    c.settle();
    const pvc = pvcOf(c, 'data');
    const pvName = pvc.spec!.volumeName!;
    const pv = c.world.getObject({ kind: 'PersistentVolume', name: pvName }) as KubeObject & { spec: { csi: { driver: string; volumeHandle: string } } };
    const node = c.pod('app').spec!.nodeName!;
    expect(c.pod('app').status?.phase).toBe('Running');
    const [va] = attachments(c);
    expect(va.metadata.name).toBe(attachmentName(pv.spec.csi.volumeHandle, 'disk.csi.kube-sandbox.dev', node));
    expect(va.metadata.name).toMatch(/^csi-[0-9a-f]{64}$/);
    expect(va.spec).toEqual({ attacher: 'disk.csi.kube-sandbox.dev', nodeName: node, source: { persistentVolumeName: pvName } });
    expect(va.status?.attached).toBe(true);
    const attached = podEvents(c, 'app', 'SuccessfulAttachVolume');
    expect(attached.map((e) => [e.message, e.source?.component])).toEqual([[`AttachVolume.Attach succeeded for volume "${pvName}"`, 'attachdetach-controller']]);
    expect(c.kubectl('get volumeattachments')).toMatch(new RegExp(`^NAME +ATTACHER +PV +NODE +ATTACHED +AGE\\n${va.metadata.name} +disk\\.csi\\.kube-sandbox\\.dev +${pvName} +${node} +true +\\d+s\\n$`));
    expect(c.kubectl('describe pod app')).toMatch(/SuccessfulAttachVolume +\S+ +attachdetach-controller +AttachVolume\.Attach succeeded/);

    c.world.kubectl('delete pod app');
    c.settle();
    expect(attachments(c)).toEqual([]);
  });

  it('reports a Multi-Attach error naming the pod that holds a ReadWriteOnce disk on another node', () => {
    const c = new TestCluster();
    c.applyOk(claim('data'));
    c.applyOk(podWith('first', 'data', 'node-1'));
    c.settle();
    expect(c.pod('first').status?.phase).toBe('Running');
    c.applyOk(podWith('second', 'data', 'node-2'));
    c.settle();
    const pvName = pvcOf(c, 'data').spec!.volumeName!;
    expect(c.pod('second').status?.phase).toBe('Pending');
    expect(podEvents(c, 'second', 'FailedAttachVolume').map((e) => e.message)).toEqual([`Multi-Attach error for volume "${pvName}" Volume is already used by pod(s) first`]);
    expect(attachments(c).map((va) => va.spec.nodeName)).toEqual(['node-1']);
    // The kubelet on node-2 gives up waiting after podAttachAndMountTimeout and says what is missing.
    c.step(2 * 60_000 + 5_000);
    expect(podEvents(c, 'second', 'FailedMount').map((e) => e.message)).toEqual([
      'Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data], failed to process volumes=[]: context deadline exceeded',
    ]);
    expect(c.pod('second').status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ContainerCreating');
    // The holder goes: the disk detaches from node-1 and attaches to node-2.
    c.world.kubectl('delete pod first');
    c.settle();
    expect(attachments(c).map((va) => [va.spec.nodeName, va.status?.attached])).toEqual([['node-2', true]]);
    expect(c.pod('second').status?.phase).toBe('Running');
  });

  it('a StatefulSet pod that moves to another node waits for the detach from the old one, then gets its disk', () => {
    const c = new TestCluster();
    c.applyOk(`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: db
        image: nginx
        volumeMounts: [{name: data, mountPath: /data}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      storageClassName: network-disk
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
`);
    c.settle();
    const first = c.pod('db-0').spec!.nodeName!;
    c.world.kubectl(`cordon ${first}`);
    const phases: string[] = [];
    c.world.onWatch((rec) => {
      const va = rec.object as VolumeAttachmentObject | undefined;
      if (va?.kind !== 'VolumeAttachment') return;
      const step = `${rec.type} ${va.spec.nodeName === first ? 'old' : 'new'}${va.metadata.deletionTimestamp ? ' deleting' : ''} attached=${va.status?.attached ?? false}`;
      if (phases.at(-1) !== step) phases.push(step);
    });
    c.world.kubectl('delete pod db-0');
    c.settle();
    const moved = c.pod('db-0');
    expect(moved.spec!.nodeName).not.toBe(first);
    expect(moved.status?.phase).toBe('Running');
    // Detach from the old node finishes (the object goes) before the new attachment is even created.
    const gone = phases.findIndex((p) => p.startsWith('DELETED old'));
    const created = phases.findIndex((p) => p.startsWith('ADDED new'));
    expect(gone).toBeGreaterThanOrEqual(0);
    expect(created).toBeGreaterThan(gone);
    expect(phases.at(-1)).toBe('MODIFIED new attached=true');
    expect(attachments(c).map((va) => va.spec.nodeName)).toEqual([moved.spec!.nodeName]);
  });

  it('attaches a ReadWriteMany disk to several nodes at once', () => {
    const c = new TestCluster();
    c.applyOk(claim('shared', 'ReadWriteMany'));
    c.applyOk(podWith('a', 'shared', 'node-1'));
    c.settle();
    c.applyOk(podWith('b', 'shared', 'node-2'));
    c.settle();
    expect(attachments(c).map((va) => va.spec.nodeName).sort()).toEqual(['node-1', 'node-2']);
    expect(c.pod('b').status?.phase).toBe('Running');
  });

  it('force-detaches from an unreachable node after maxWaitForUnmountDuration', () => {
    const c = new TestCluster();
    c.applyOk(claim('data'));
    c.applyOk(podWith('first', 'data', 'node-1'));
    c.settle();
    c.world.stopNode('node-1');
    c.step(60_000); // the node goes NotReady
    // kubectl delete --force --grace-period=0: the API object goes, the node never confirmed the unmount.
    expect(c.world.api.delete(resourceForKind('Pod')!, 'default', 'first', 'kubectl', { gracePeriodSeconds: 0 }).ok).toBe(true);
    c.applyOk(podWith('second', 'data', 'node-2'));
    c.step(30_000);
    const pvName = pvcOf(c, 'data').spec!.volumeName!;
    expect(podEvents(c, 'second', 'FailedAttachVolume').map((e) => e.message)).toEqual([
      `Multi-Attach error for volume "${pvName}" Volume is already exclusively attached to one node and can't be attached to another`,
    ]);
    expect(attachments(c).map((va) => va.spec.nodeName)).toEqual(['node-1']);
    c.step(MAX_WAIT_FOR_UNMOUNT_MS - 60_000);
    expect(attachments(c).map((va) => va.spec.nodeName)).toEqual(['node-1']);
    c.step(60_000);
    c.settle();
    expect(attachments(c).map((va) => [va.spec.nodeName, va.status?.attached])).toEqual([['node-2', true]]);
    expect(c.pod('second').status?.phase).toBe('Running');
  });
});
