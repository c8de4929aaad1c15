// k8s.io/minikube-hostpath: minikube's storage-provisioner, which many tutorials' StorageClasses name
// (the Cassandra StatefulSet's `fast` class). It makes a hostPath volume under
// /tmp/hostpath-provisioner/<namespace>/<claim> for every claim of its classes, and deletes it when
// the volume is Released with reclaim policy Delete. Off by default (this is a kind cluster): the
// ClusterOptions flag `minikubeHostPath` turns it on.
// UPSTREAM: kubernetes/minikube pkg/storage/storage_provisioner.go (hostPathProvisioner.Provision)
// SIMPLIFICATION: runs in the control plane, not as the storage-provisioner pod in kube-system; the
// directory lives on no particular node (minikube has one), so the volume has no node affinity.

import type { KubeObject } from '../../../api/meta';
import { AnnDynamicallyProvisioned, claimReference, type PersistentVolumeClaimObject, type StorageClassObject } from '../../../api/volume';
import { stableUuid } from '../../../linux/hash';
import type { ControllerContext } from '../../types';
import { CSIExternalProvisioner } from '../csi/external-provisioner';

export const MINIKUBE_HOSTPATH_PROVISIONER = 'k8s.io/minikube-hostpath';
export const HOSTPATH_ROOT = '/tmp/hostpath-provisioner';

/** The identity its events carry: `k8s.io/minikube-hostpath_minikube_<uuid>`. */
export function minikubeProvisionerIdentity(seed: number): string {
  return `${MINIKUBE_HOSTPATH_PROVISIONER}_minikube_${stableUuid(`minikube-hostpath/${seed}`)}`;
}

export class MinikubeHostPathProvisioner extends CSIExternalProvisioner {
  override readonly name = 'minikube-hostpath-provisioner';

  constructor(ctx: ControllerContext) {
    super(ctx, MINIKUBE_HOSTPATH_PROVISIONER);
  }

  protected override volumeFor(claim: PersistentVolumeClaimObject, sc: StorageClassObject, pvName: string): KubeObject {
    return {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: pvName, annotations: { hostPathProvisionerIdentity: 'minikube', [AnnDynamicallyProvisioned]: MINIKUBE_HOSTPATH_PROVISIONER } },
      spec: {
        accessModes: claim.spec?.accessModes,
        capacity: { storage: claim.spec?.resources?.requests?.storage ?? '0' },
        claimRef: claimReference(claim),
        hostPath: { path: `${HOSTPATH_ROOT}/${claim.metadata.namespace}/${claim.metadata.name}`, type: '' },
        persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
        storageClassName: sc.metadata.name,
        volumeMode: 'Filesystem',
      },
    };
  }
}
