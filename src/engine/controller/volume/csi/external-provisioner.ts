// The external-provisioner sidecar of the simulated network-disk driver (disk.csi.kube-sandbox.dev):
// for a claim the PV controller handed to the driver (the storage-provisioner annotation), placed by
// the scheduler when its class waits for the first consumer, it creates a CSI PersistentVolume (a
// new volumeHandle, the claim's size and access modes); it deletes the volumes it made once they are
// Released with reclaim policy Delete.
// UPSTREAM: kubernetes-csi/external-provisioner pkg/controller/controller.go (Provision, Delete),
//           sigs.k8s.io/sig-storage-lib-external-provisioner controller/controller.go
// SIMPLIFICATION: CreateVolume and DeleteVolume take a fixed delay and never fail; no topology (a
// network disk reaches every node); no external-provisioner.volume.kubernetes.io/finalizer on the PV.

import type { KubeObject } from '../../../api/meta';
import {
  AnnDynamicallyProvisioned, claimReference, type PersistentVolumeClaimObject, type PersistentVolumeObject, type StorageClassObject,
} from '../../../api/volume';
import { SANDBOX_DISK_DRIVER } from '../../../api/volumeattachment';
import { stableHex, stableUuid } from '../../../linux/hash';
import type { ControllerContext } from '../../types';
import { ProvisionController } from '../provisioner/provision-controller';

/** How long the driver's CreateVolume / DeleteVolume call takes. */
export const CREATE_VOLUME_MS = 1_500;
export const DELETE_VOLUME_MS = 1_000;
/** volumeAttributes key the sidecar stamps on every volume it creates. */
export const AnnProvisionerIdentity = 'storage.kubernetes.io/csiProvisionerIdentity';

/** The identity events carry: `<driver>_<controller pod>_<uuid>`, stable for a seed. */
export function diskControllerIdentity(seed: number): string {
  return `${SANDBOX_DISK_DRIVER}_disk-csi-controller-${stableHex(`disk-csi/pod/${seed}`, 10)}-${stableHex(`disk-csi/rs/${seed}`, 5)}_${stableUuid(`disk-csi/${seed}`)}`;
}

/** The volume handle the simulated backend gives a claim's disk (`vol-` and 17 hex, as cloud disks look). */
export function volumeHandleFor(claimUid: string): string {
  return `vol-${stableHex(`disk/${claimUid}`, 17)}`;
}

export class CSIExternalProvisioner extends ProvisionController {
  readonly name: string = 'csi-provisioner';

  constructor(ctx: ControllerContext, readonly driver: string = SANDBOX_DISK_DRIVER) {
    super(ctx, driver, CREATE_VOLUME_MS, DELETE_VOLUME_MS);
  }

  /** The PersistentVolume for a new disk: CSI source, the claim's size and modes, pre-bound to it. */
  protected volumeFor(claim: PersistentVolumeClaimObject, sc: StorageClassObject, pvName: string): KubeObject {
    const pv: PersistentVolumeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: pvName, annotations: { [AnnDynamicallyProvisioned]: this.driver, 'volume.kubernetes.io/provisioner-deletion-secret-name': '', 'volume.kubernetes.io/provisioner-deletion-secret-namespace': '' } },
      spec: {
        accessModes: claim.spec?.accessModes,
        capacity: { storage: claim.spec?.resources?.requests?.storage ?? '0' },
        claimRef: claimReference(claim),
        csi: {
          driver: this.driver,
          fsType: 'ext4',
          volumeHandle: volumeHandleFor(claim.metadata.uid ?? ''),
          volumeAttributes: { [AnnProvisionerIdentity]: `0-8081-${this.driver}`, ...(sc.parameters ?? {}) },
        },
        persistentVolumeReclaimPolicy: (sc.reclaimPolicy ?? 'Delete'),
        storageClassName: sc.metadata.name,
        volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
      },
    };
    return pv;
  }
}
