// storage.k8s.io/v1 VolumeAttachment and CSIDriver: the objects of the attach phase, and the
// simulated network-disk CSI driver the sandbox ships so that both phases (attach, then mount) show.
// UPSTREAM: pkg/volume/csi/csi_attacher.go (getAttachmentName), pkg/volume/util/util.go
// (IsMultiAttachAllowed), staging/src/k8s.io/api/storage/v1/types.go

import type { CSIDriver, VolumeAttachment } from 'kubernetes-types/storage/v1';
import type { PersistentVolume } from 'kubernetes-types/core/v1';
import { hex, sha256 } from '../linux/hash';
import type { KubeObject } from './meta';

export type VolumeAttachmentObject = VolumeAttachment & KubeObject;
export type CSIDriverObject = CSIDriver & KubeObject;

/** The simulated attachable CSI driver (a network block device, like a cloud disk). */
export const SANDBOX_DISK_DRIVER = 'disk.csi.kube-sandbox.dev';
/** The StorageClass installed for it at bootstrap (not the default class: kind's `standard` stays). */
export const NETWORK_DISK_CLASS = 'network-disk';

/**
 * getAttachmentName: `csi-` + the hex SHA-256 of volumeHandle + driver + node, so one volume on one
 * node always maps to the same object (the attach is idempotent).
 */
export function attachmentName(volumeHandle: string, driver: string, nodeName: string): string {
  return `csi-${hex(sha256(`${volumeHandle}${driver}${nodeName}`))}`;
}

/**
 * IsMultiAttachAllowed: a volume may be attached to several nodes when it says ReadWriteMany or
 * ReadOnlyMany, or names no access mode at all (then the attacher would have to fail).
 */
export function isMultiAttachAllowed(pv: PersistentVolume): boolean {
  const modes = pv.spec?.accessModes ?? [];
  if (modes.length === 0) return true;
  return modes.some((m) => m === 'ReadWriteMany' || m === 'ReadOnlyMany');
}

/**
 * Whether a CSI volume needs the attach phase: the driver's CSIDriver object says attachRequired,
 * and a driver without a CSIDriver object is attached too (the upstream default).
 */
export function isAttachRequired(pv: PersistentVolume, drivers: (name: string) => CSIDriverObject | undefined): boolean {
  const driver = pv.spec?.csi?.driver;
  if (!driver) return false;
  return drivers(driver)?.spec?.attachRequired !== false;
}

/** The CSIDriver object of the sandbox disk driver, created at bootstrap. */
export function sandboxDiskDriverObject(): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'CSIDriver',
    metadata: { name: SANDBOX_DISK_DRIVER },
    spec: { attachRequired: true, podInfoOnMount: false, fsGroupPolicy: 'ReadWriteOnceWithFSType', requiresRepublish: false, storageCapacity: false, volumeLifecycleModes: ['Persistent'], seLinuxMount: false },
  };
}

/** The `network-disk` StorageClass: dynamic, attachable, expandable, bound when a pod needs it. */
export function networkDiskStorageClassObject(): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: NETWORK_DISK_CLASS },
    provisioner: SANDBOX_DISK_DRIVER,
    parameters: { type: 'ssd' },
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  } as unknown as KubeObject;
}
