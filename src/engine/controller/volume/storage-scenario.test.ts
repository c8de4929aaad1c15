// Storage end to end in a World: the PV controller, kind's local-path provisioner, the scheduler's
// volume plugins (VolumeBinding's Reserve/PreBind) and the kubelet's volume manager together.
import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import type { PersistentVolumeClaimObject, PersistentVolumeObject } from '../../api/volume';
import { World } from '../../sim/world';
import { TestCluster } from '../../testing/test-cluster';

const claim = (name: string, extra = '') => `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: ${name}}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
${extra}`;
const deployment = (claimName: string, replicas = 1) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx
        volumeMounts: [{name: data, mountPath: /usr/share/nginx/html}]
      volumes:
      - name: data
        persistentVolumeClaim: {claimName: ${claimName}}
`;
const podWith = (name: string, claimName: string, nodeName?: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  ${nodeName ? `nodeName: ${nodeName}` : ''}
  containers:
  - name: app
    image: nginx
    volumeMounts: [{name: data, mountPath: /data}]
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: ${claimName}}
`;

const pvcOf = (c: TestCluster, name: string) => c.world.getObject({ kind: 'PersistentVolumeClaim', namespace: 'default', name }) as PersistentVolumeClaimObject | undefined;
const pvOf = (c: TestCluster, name: string) => c.world.getObject({ kind: 'PersistentVolume', name }) as PersistentVolumeObject | undefined;
const eventsOf = (c: TestCluster, reason: string) => (c.world.list('Event', 'default') as Array<KubeObject & { reason: string; message: string; count: number }>).filter((e) => e.reason === reason);
/** The scheduling attempts of this test's pods (the CoreDNS pods in kube-system are scheduled at bootstrap). */
const appAttempts = (c: TestCluster) => c.world.schedulingAttempts().filter((a) => a.pod.namespace === 'default');
const scheduledMessage = (p: Pod) => p.status?.conditions?.find((x) => x.type === 'PodScheduled')?.message;

describe('dynamic provisioning with the default class (WaitForFirstConsumer)', () => {
  it('keeps the claim Pending until the pod is placed, provisions on that node, binds, then starts the pod', () => {
    const c = new TestCluster();
    const claimPhases: string[] = [];
    let podBoundWhileClaimPending = false;
    c.world.onWatch((rec) => {
      if (rec.object.kind === 'PersistentVolumeClaim') {
        const phase = (rec.object as PersistentVolumeClaimObject).status?.phase ?? '';
        if (claimPhases[claimPhases.length - 1] !== phase) claimPhases.push(phase);
      }
      if (rec.object.kind === 'Pod' && (rec.object as Pod).spec?.nodeName && pvcOf(c, 'data')?.status?.phase !== 'Bound') podBoundWhileClaimPending = true;
    });
    c.applyOk(claim('data'));
    c.applyOk(deployment('data'));
    c.step(200);
    expect(pvcOf(c, 'data')?.status?.phase).toBe('Pending');
    expect(eventsOf(c, 'WaitForFirstConsumer').map((e) => e.message)).toEqual(['waiting for first consumer to be created before binding']);
    c.settle();

    const pvc = pvcOf(c, 'data')!;
    const [pod] = c.pods({ app: 'web' });
    const node = pod.spec!.nodeName!;
    expect(pvc.metadata.annotations?.['volume.kubernetes.io/selected-node']).toBe(node);
    expect(pvc.status?.phase).toBe('Bound');
    const pv = pvOf(c, pvc.spec!.volumeName!)!;
    expect(pv.metadata.name).toBe(`pvc-${pvc.metadata.uid}`);
    expect(pv.spec?.nodeAffinity?.required?.nodeSelectorTerms?.[0].matchExpressions?.[0]).toEqual({ key: 'kubernetes.io/hostname', operator: 'In', values: [node] });
    expect(pv.spec?.hostPath).toEqual({ path: `/var/local-path-provisioner/pvc-${pvc.metadata.uid}_default_data`, type: 'DirectoryOrCreate' });
    expect(pv.spec?.persistentVolumeReclaimPolicy).toBe('Delete');
    expect(pod.status?.phase).toBe('Running');
    expect(claimPhases).toEqual(['Pending', 'Bound']);
    expect(podBoundWhileClaimPending).toBe(false);
    expect(eventsOf(c, 'ProvisioningSucceeded').map((e) => e.message)).toEqual([`Successfully provisioned volume ${pv.metadata.name}`]);
    expect(appAttempts(c).map((a) => a.result)).toEqual(['Scheduled']);
  });

  it('deletes the provisioned volume once its claim is gone (reclaim policy Delete)', () => {
    const c = new TestCluster();
    c.applyOk(claim('data'));
    c.applyOk(deployment('data'));
    c.settle();
    const pvName = pvcOf(c, 'data')!.spec!.volumeName!;
    c.world.deleteObject({ kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data' });
    c.settle();
    // Still in use by the pod: the claim is Terminating and the volume stays.
    expect(pvcOf(c, 'data')?.metadata.deletionTimestamp).toBeDefined();
    expect(c.kubectl('get pvc data --no-headers')).toMatch(/^data +Terminating /);
    c.world.deleteObject({ kind: 'Deployment', namespace: 'default', name: 'web' });
    c.settle();
    expect(pvcOf(c, 'data')).toBeUndefined();
    expect(pvOf(c, pvName)).toBeUndefined();
  });

  it('continues identically from a snapshot taken while PreBind waits for the volume', () => {
    const c = new TestCluster();
    c.applyOk(claim('data'));
    c.applyOk(deployment('data'));
    c.step(1500);
    const [waiting] = c.pods({ app: 'web' });
    expect(waiting.spec?.nodeName).toBeUndefined();
    expect(pvcOf(c, 'data')?.metadata.annotations?.['volume.kubernetes.io/selected-node']).toBeDefined();
    const restored = World.restore(c.world.snapshot());
    c.settle();
    restored.settle();
    const summary = (w: World) => w.listAll().filter((o) => ['Pod', 'PersistentVolume', 'PersistentVolumeClaim'].includes(o.kind)).map((o) => JSON.stringify(o)).sort();
    expect(summary(restored)).toEqual(summary(c.world));
    expect(c.pods({ app: 'web' })[0].status?.phase).toBe('Running');
  });
});

describe('claims the scheduler must wait for', () => {
  it('a claim of a class that does not exist keeps its pod Pending with the scheduler\'s message', () => {
    const c = new TestCluster();
    c.applyOk(claim('data', '  storageClassName: missing\n'));
    c.applyOk(podWith('app', 'data'));
    c.settle();
    const pod = c.pod('app');
    expect(pod.status?.phase).toBe('Pending');
    const message = '0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.';
    expect(scheduledMessage(pod)).toBe(message);
    expect(eventsOf(c, 'FailedScheduling').map((e) => e.message)).toEqual([message]);
    expect(eventsOf(c, 'ProvisioningFailed').map((e) => e.message)).toEqual(['storageclass.storage.k8s.io "missing" not found']);
    // An admin creates a matching volume: the next resync binds it and the pod follows.
    c.applyOk('apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: manual-1}\nspec: {storageClassName: missing, capacity: {storage: 2Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /mnt/data}}\n');
    c.step(16_000);
    c.settle();
    expect(pvcOf(c, 'data')?.spec?.volumeName).toBe('manual-1');
    expect(c.pod('app').status?.phase).toBe('Running');
  });

  it('a claim nobody provisions keeps its pod Pending: PreBind gives up after 10 minutes', () => {
    const c = new TestCluster();
    c.applyOk('{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: low-latency}, provisioner: csi-driver.example-vendor.example, volumeBindingMode: WaitForFirstConsumer}');
    c.applyOk(claim('data', '  storageClassName: low-latency\n'));
    c.applyOk(podWith('app', 'data'));
    c.settle();
    const node = pvcOf(c, 'data')?.metadata.annotations?.['volume.kubernetes.io/selected-node'];
    expect(node).toMatch(/^node-\d$/);
    expect(c.pod('app').spec?.nodeName).toBeUndefined();
    c.step(600_000);
    expect(eventsOf(c, 'FailedScheduling').map((e) => e.message)).toEqual(['running PreBind plugin "VolumeBinding": binding volumes: context deadline exceeded']);
    expect(c.pod('app').status?.conditions?.find((x) => x.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'SchedulerError' });
    expect(eventsOf(c, 'ExternalProvisioning')[0].message).toContain("external provisioner 'csi-driver.example-vendor.example'");
    // Retried on the node the claim was given, and waiting again.
    c.step(20_000);
    expect(pvcOf(c, 'data')?.metadata.annotations?.['volume.kubernetes.io/selected-node']).toBe(node);
    expect(appAttempts(c).map((a) => a.result)).toEqual(['Error']);
  });

  it('a pod deleted while PreBind waits ends its binding cycle', () => {
    const c = new TestCluster();
    c.applyOk('{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: nowhere}, provisioner: example.com/absent, volumeBindingMode: WaitForFirstConsumer}');
    c.applyOk(claim('data', '  storageClassName: nowhere\n'));
    c.applyOk(podWith('app', 'data'));
    c.settle();
    c.world.deleteObject({ kind: 'Pod', namespace: 'default', name: 'app' });
    c.step(2_000);
    expect(appAttempts(c).map((a) => [a.result, a.message])).toEqual([
      ['Error', 'running PreBind plugin "VolumeBinding": binding volumes: pod does not exist any more: pod "app" not found'],
    ]);
    expect(c.world.schedulingQueue()).toEqual([]);
    c.step(700_000);
    expect(appAttempts(c)).toHaveLength(1);
  });

  it('a ReadWriteOncePod claim in use rejects a second pod on every node', () => {
    const c = new TestCluster();
    c.applyOk(claim('solo').replace('ReadWriteOnce]', 'ReadWriteOncePod]'));
    c.applyOk(podWith('first', 'solo'));
    c.settle();
    expect(c.pod('first').status?.phase).toBe('Running');
    c.applyOk(podWith('second', 'solo'));
    c.settle();
    expect(scheduledMessage(c.pod('second'))).toBe(
      '0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode. ' +
      'preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.');
  });

  it('sends a pod to the node of the local volume its claim can bind', () => {
    const c = new TestCluster();
    c.applyOk('{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: local}, provisioner: kubernetes.io/no-provisioner, volumeBindingMode: WaitForFirstConsumer}');
    c.applyOk(`apiVersion: v1
kind: PersistentVolume
metadata: {name: disk-on-2}
spec:
  storageClassName: local
  capacity: {storage: 5Gi}
  accessModes: [ReadWriteOnce]
  local: {path: /mnt/disks/ssd1}
  nodeAffinity: {required: {nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [node-2]}]}]}}
`);
    c.applyOk(claim('data', '  storageClassName: local\n'));
    c.applyOk(podWith('app', 'data'));
    c.settle();
    expect(c.pod('app').spec?.nodeName).toBe('node-2');
    expect(pvcOf(c, 'data')?.spec?.volumeName).toBe('disk-on-2');
    expect(pvOf(c, 'disk-on-2')?.status?.phase).toBe('Bound');
    // A second claim of that class finds no volume anywhere.
    c.applyOk(claim('more', '  storageClassName: local\n'));
    c.applyOk(podWith('other', 'more'));
    c.settle();
    expect(scheduledMessage(c.pod('other'))).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 node(s) didn't find available persistent volumes to bind. " +
      'preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.');
  });
});

describe('the kubelet waits for volumes', () => {
  it('holds a pod on a node in ContainerCreating while its claim is unbound, then starts it', () => {
    const c = new TestCluster();
    c.applyOk(claim('data', '  storageClassName: ""\n'));
    c.applyOk(podWith('app', 'data', 'node-1'));
    c.settle();
    expect(c.kubectl('get pod app --no-headers')).toMatch(/^app +0\/1 +ContainerCreating /);
    expect(eventsOf(c, 'FailedMount').map((e) => e.message)).toEqual([
      'Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[], failed to process volumes=[data]: error processing PVC default/data: PVC is not bound',
    ]);
    expect(c.pod('app').status?.conditions?.find((x) => x.type === 'PodReadyToStartContainers')?.status).toBe('False');
    c.applyOk('apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: v}\nspec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /mnt/v}}\n');
    // The claim binds at the PV controller's next resync (15 s), the pod at the kubelet's next try (10 s).
    c.step(30_000);
    expect(pvcOf(c, 'data')?.status?.phase).toBe('Bound');
    expect(c.pod('app').status?.phase).toBe('Running');
  });

  it('retries a mount whose secret is missing, and starts the pod once it exists', () => {
    const c = new TestCluster();
    c.applyOk('apiVersion: v1\nkind: Pod\nmetadata: {name: s}\nspec:\n  containers: [{name: c, image: nginx, volumeMounts: [{name: secret-volume, mountPath: /etc/secret-volume}]}]\n  volumes: [{name: secret-volume, secret: {secretName: test-secret}}]\n');
    c.step(60_000);
    expect(c.kubectl('get pod s --no-headers')).toMatch(/^s +0\/1 +ContainerCreating /);
    const mounts = eventsOf(c, 'FailedMount');
    expect(mounts.map((e) => e.message)).toEqual(['MountVolume.SetUp failed for volume "secret-volume" : secret "test-secret" not found']);
    expect(mounts[0].count).toBeGreaterThan(3);
    c.step(70_000);
    expect(eventsOf(c, 'FailedMount').map((e) => e.message)).toContain('Unable to attach or mount volumes: unmounted volumes=[secret-volume], unattached volumes=[], failed to process volumes=[]: context deadline exceeded');
    c.applyOk('apiVersion: v1\nkind: Secret\nmetadata: {name: test-secret}\nstringData: {username: admin}\n');
    c.step(130_000);
    expect(c.pod('s').status?.phase).toBe('Running');
  });
});
