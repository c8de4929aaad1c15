// Builders for storage objects in tests: PersistentVolumes, claims, StorageClasses and pods that
// mount claims. Test-only (STYLE.md §3 rule 7).

import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/meta';
import { resourceForKind } from '../api/resources';
import type { PersistentVolumeClaimObject, PersistentVolumeObject, StorageClassObject } from '../api/volume';
import type { Handle, ObjectLister } from '../scheduler/framework/interface';
import type { NodeInfo } from '../scheduler/framework/node-info';

export interface PVOptions {
  name: string;
  capacity?: string;
  accessModes?: string[];
  storageClassName?: string;
  phase?: string;
  labels?: Record<string, string>;
  claimRef?: { namespace?: string; name: string; uid?: string };
  reclaimPolicy?: string;
  hostPath?: string;
  /** node names the volume is pinned to (kubernetes.io/hostname In [...]) */
  nodes?: string[];
  csiDriver?: string;
  annotations?: Record<string, string>;
  resourceVersion?: string;
}

export function makePV(o: PVOptions): PersistentVolumeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name: o.name,
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.annotations ? { annotations: o.annotations } : {}),
      ...(o.resourceVersion ? { resourceVersion: o.resourceVersion } : {}),
    },
    spec: {
      capacity: { storage: o.capacity ?? '1Gi' },
      accessModes: o.accessModes ?? ['ReadWriteOnce'],
      ...(o.storageClassName !== undefined ? { storageClassName: o.storageClassName } : {}),
      persistentVolumeReclaimPolicy: o.reclaimPolicy ?? 'Retain',
      volumeMode: 'Filesystem',
      ...(o.csiDriver ? { csi: { driver: o.csiDriver, volumeHandle: `vol-${o.name}` } } : { hostPath: { path: o.hostPath ?? `/mnt/${o.name}`, type: '' } }),
      ...(o.claimRef ? { claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: o.claimRef.namespace ?? 'default', name: o.claimRef.name, ...(o.claimRef.uid ? { uid: o.claimRef.uid } : {}) } } : {}),
      ...(o.nodes ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: o.nodes }] }] } } } : {}),
    },
    status: { phase: o.phase ?? 'Available' },
  };
}

export interface PVCOptions {
  name: string;
  namespace?: string;
  uid?: string;
  storage?: string;
  accessModes?: string[];
  /** undefined: no class at all; '' : explicitly no class */
  storageClassName?: string;
  volumeName?: string;
  selector?: { matchLabels: Record<string, string> };
  annotations?: Record<string, string>;
  phase?: string;
}

export function makePVC(o: PVCOptions): PersistentVolumeClaimObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: o.name,
      namespace: o.namespace ?? 'default',
      ...(o.uid ? { uid: o.uid } : {}),
      ...(o.annotations ? { annotations: o.annotations } : {}),
    },
    spec: {
      accessModes: o.accessModes ?? ['ReadWriteOnce'],
      resources: { requests: { storage: o.storage ?? '1Gi' } },
      ...(o.storageClassName !== undefined ? { storageClassName: o.storageClassName } : {}),
      ...(o.volumeName ? { volumeName: o.volumeName } : {}),
      ...(o.selector ? { selector: o.selector } : {}),
    },
    ...(o.phase ? { status: { phase: o.phase } } : {}),
  };
}

export function makeStorageClass(o: { name: string; provisioner?: string; bindingMode?: string; reclaimPolicy?: string; isDefault?: boolean; allowedZones?: string[] }): StorageClassObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: o.name, ...(o.isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}) },
    provisioner: o.provisioner ?? 'example.com/fake',
    reclaimPolicy: o.reclaimPolicy ?? 'Delete',
    volumeBindingMode: o.bindingMode ?? 'Immediate',
    ...(o.allowedZones ? { allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: o.allowedZones }] }] } : {}),
  };
}

/** A pod with one container mounting each named claim at /data<i>. */
export function makePodWithClaims(name: string, claims: string[], o: { namespace?: string; nodeName?: string; uid?: string } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: o.namespace ?? 'default', uid: o.uid ?? `uid-${name}` },
    spec: {
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
      containers: [{ name: 'app', image: 'nginx', volumeMounts: claims.map((_c, i) => ({ name: `vol${i}`, mountPath: `/data${i}` })) }],
      volumes: claims.map((c, i) => ({ name: `vol${i}`, persistentVolumeClaim: { claimName: c } })),
    },
  };
}

/** An ObjectLister over a fixed set of objects (resource name from the kind). */
export function objectLister(objects: readonly KubeObject[]): ObjectLister {
  const resourceOf = (o: KubeObject) => resourceForKind(o.kind)?.resource ?? '';
  return {
    list: (resource, namespace) => objects.filter((o) => resourceOf(o) === resource && (namespace === undefined || o.metadata.namespace === namespace)),
    get: (resource, namespace, name) => objects.find((o) => resourceOf(o) === resource && o.metadata.name === name && (namespace === undefined || (o.metadata.namespace ?? 'default') === namespace)),
  };
}

/** A framework Handle for storage plugin tests: listers over `objects`, the node snapshot over `nodes`. */
export function storageHandle(objects: readonly KubeObject[], nodes: readonly NodeInfo[] = []): Handle {
  const lister = objectLister(objects);
  return {
    snapshotSharedLister: () => ({ list: () => nodes, get: (n) => nodes.find((x) => x.name === n), numNodesWithImage: () => 0 }),
    objects: () => lister,
    nominatedPodsForNode: () => [],
    runFilterPlugins: () => ({ code: 'Success' }),
  };
}
