import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/meta';
import { makePV, makePVC, makeStorageClass } from '../../testing/storage-builders';
import { TestCluster } from '../../testing/test-cluster';
import { persistentVolumeClaimTable, persistentVolumeTable, storageClassTable } from './storage';

const NOW = Date.parse('2026-01-05T09:10:00Z');
const created = (o: KubeObject) => ({ ...o, metadata: { ...o.metadata, creationTimestamp: '2026-01-05T09:00:00Z' } }) as KubeObject;

describe('storage tables', () => {
  it('prints a bound volume and an unbound one as kubectl does', () => {
    const bound = makePV({ name: 'pvc-4c55', capacity: '100Mi', storageClassName: 'standard', reclaimPolicy: 'Delete', phase: 'Bound', claimRef: { name: 'my-pvc' } });
    const free = makePV({ name: 'local-pv', capacity: '1Gi', accessModes: ['ReadWriteMany'] });
    expect(persistentVolumeTable.row(created(bound), NOW)).toEqual(['pvc-4c55', '100Mi', 'RWO', 'Delete', 'Bound', 'default/my-pvc', 'standard', '<unset>', '', '10m', 'Filesystem']);
    expect(persistentVolumeTable.row(created(free), NOW)).toEqual(['local-pv', '1Gi', 'RWX', 'Retain', 'Available', '', '', '<unset>', '', '10m', 'Filesystem']);
  });

  it('shows a claim\'s capacity and access modes only once it names a volume', () => {
    const pending = makePVC({ name: 'p', storage: '3Gi', storageClassName: 'standard', phase: 'Pending' });
    const bound = { ...makePVC({ name: 'b', storageClassName: 'standard', volumeName: 'pvc-1' }), status: { phase: 'Bound', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'] } };
    expect(persistentVolumeClaimTable.row(created(pending), NOW)).toEqual(['p', 'Pending', '', '', '', 'standard', '<unset>', '10m', '<unset>']);
    expect(persistentVolumeClaimTable.row(created(bound as KubeObject), NOW)).toEqual(['b', 'Bound', 'pvc-1', '10Gi', 'RWO', 'standard', '<unset>', '10m', '<unset>']);
  });

  it('marks the default class and fills the defaults a class leaves out', () => {
    const sc = makeStorageClass({ name: 'standard', provisioner: 'rancher.io/local-path', bindingMode: 'WaitForFirstConsumer', isDefault: true });
    expect(storageClassTable.row(created(sc), NOW)).toEqual(['standard (default)', 'rancher.io/local-path', 'Delete', 'WaitForFirstConsumer', 'false', '10m']);
    const bare = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'x' }, provisioner: 'p' } as KubeObject;
    expect(storageClassTable.row(created(bare), NOW)).toEqual(['x', 'p', 'Delete', 'Immediate', 'false', '10m']);
  });
});

describe('kubectl get and describe for storage', () => {
  it('lists kind\'s default class and the sandbox\'s attachable network-disk class', () => {
    const c = new TestCluster();
    expect(c.kubectl('get sc')).toMatch(
      /^NAME +PROVISIONER +RECLAIMPOLICY +VOLUMEBINDINGMODE +ALLOWVOLUMEEXPANSION +AGE\nnetwork-disk +disk\.csi\.kube-sandbox\.dev +Delete +WaitForFirstConsumer +true +\d+s\nstandard \(default\) +rancher\.io\/local-path +Delete +WaitForFirstConsumer +false +\d+s\n$/,
    );
    expect(c.kubectl('get csinode')).toMatch(/^NAME +DRIVERS +AGE\ncontrol-plane +1 +\d+s\nnode-1 +1 /);
    expect(c.kubectl('get csidrivers')).toMatch(
      /^NAME +ATTACHREQUIRED +PODINFOONMOUNT +STORAGECAPACITY +TOKENREQUESTS +REQUIRESREPUBLISH +MODES +AGE\ndisk\.csi\.kube-sandbox\.dev +true +false +false +<unset> +false +Persistent +\d+s\n$/,
    );
    expect(c.kubectl('get volumeattachments')).toBe('No resources found\n');
  });

  it('describes the task-pv-volume / task-pv-claim pair', () => {
    const c = new TestCluster();
    c.applyOk('apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: task-pv-volume, labels: {type: local}}\nspec: {storageClassName: manual, capacity: {storage: 10Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /mnt/data}}\n');
    c.applyOk('apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: task-pv-claim}\nspec: {storageClassName: manual, accessModes: [ReadWriteOnce], resources: {requests: {storage: 3Gi}}}\n');
    c.settle();
    const pv = c.kubectl('describe pv task-pv-volume');
    expect(pv).toMatch(/^Name: +task-pv-volume\nLabels: +type=local\nAnnotations: +pv\.kubernetes\.io\/bound-by-controller: yes\nFinalizers: +\[kubernetes\.io\/pv-protection\]\nStorageClass: +manual\nStatus: +Bound\nClaim: +default\/task-pv-claim\nReclaim Policy: +Retain\nAccess Modes: +RWO\nVolumeMode: +Filesystem\nCapacity: +10Gi\nNode Affinity: +<none>\nMessage: +\nSource:\n {4}Type: +HostPath \(bare host directory volume\)\n {4}Path: +\/mnt\/data\n {4}HostPathType: +\nEvents: +<none>\n$/);
    const pvc = c.kubectl('describe pvc task-pv-claim');
    expect(pvc).toContain('Status:        Bound\nVolume:        task-pv-volume\n');
    expect(pvc).toContain('Capacity:      10Gi\nAccess Modes:  RWO\nVolumeMode:    Filesystem\nUsed By:       <none>\n');
    expect(c.kubectl('get pvc task-pv-claim --no-headers')).toMatch(/^task-pv-claim +Bound +task-pv-volume +10Gi +RWO +manual +<unset> +\d+s\n$/);
    expect(c.kubectl('describe sc standard')).toMatch(/^Name: +standard\nIsDefaultClass: +Yes\nAnnotations: +storageclass\.kubernetes\.io\/is-default-class=true\nProvisioner: +rancher\.io\/local-path\nParameters: +<none>\nAllowVolumeExpansion: +<unset>\nMountOptions: +<none>\nReclaimPolicy: +Delete\nVolumeBindingMode: +WaitForFirstConsumer\nEvents: +<none>\n$/);
  });
});
