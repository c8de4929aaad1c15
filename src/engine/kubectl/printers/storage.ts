// `kubectl get pv|pvc|storageclass|csinode|csidriver|volumeattachment`.
// UPSTREAM: pkg/printers/internalversion/printers.go (printPersistentVolume,
// printPersistentVolumeClaim, printStorageClass, printCSINode, printCSIDriver, printVolumeAttachment)
// VOLUMEATTRIBUTESCLASS prints `<unset>` unless set; a deleting PV or claim shows Terminating.

import type { KubeObject } from '../../api/meta';
import {
  accessModesAsString, getPersistentVolumeClaimClass, getPersistentVolumeClass, isDefaultStorageClass, storageQuantityString,
  type CSINodeObject, type PersistentVolumeClaimObject, type PersistentVolumeObject, type StorageClassObject,
} from '../../api/volume';
import type { CSIDriverObject, VolumeAttachmentObject } from '../../api/volumeattachment';
import { translateTimestampSince } from '../duration';
import type { TableHandler } from './table';

export const persistentVolumeTable: TableHandler = {
  columns: [
    { name: 'Name', format: 'name' }, { name: 'Capacity' }, { name: 'Access Modes' }, { name: 'Reclaim Policy' }, { name: 'Status' },
    { name: 'Claim' }, { name: 'StorageClass' }, { name: 'VolumeAttributesClass' }, { name: 'Reason' }, { name: 'Age' }, { name: 'VolumeMode', priority: 1 },
  ],
  row(obj: KubeObject, nowMs: number): string[] {
    const pv = obj as PersistentVolumeObject;
    const ref = pv.spec?.claimRef;
    return [
      pv.metadata.name ?? '',
      storageQuantityString(pv.spec?.capacity?.storage),
      accessModesAsString(pv.spec?.accessModes),
      pv.spec?.persistentVolumeReclaimPolicy ?? '',
      pv.metadata.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? ''),
      ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '',
      getPersistentVolumeClass(pv),
      pv.spec?.volumeAttributesClassName ?? '<unset>',
      pv.status?.reason ?? '',
      translateTimestampSince(pv.metadata.creationTimestamp, nowMs),
      pv.spec?.volumeMode ?? '<unset>',
    ];
  },
};

export const persistentVolumeClaimTable: TableHandler = {
  columns: [
    { name: 'Name', format: 'name' }, { name: 'Status' }, { name: 'Volume' }, { name: 'Capacity' }, { name: 'Access Modes' },
    { name: 'StorageClass' }, { name: 'VolumeAttributesClass' }, { name: 'Age' }, { name: 'VolumeMode', priority: 1 },
  ],
  row(obj: KubeObject, nowMs: number): string[] {
    const pvc = obj as PersistentVolumeClaimObject;
    const bound = !!pvc.spec?.volumeName;
    return [
      pvc.metadata.name ?? '',
      pvc.metadata.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? ''),
      pvc.spec?.volumeName ?? '',
      // Capacity and access modes are the volume's, shown once the claim names one.
      bound ? storageQuantityString(pvc.status?.capacity?.storage) : '',
      bound ? accessModesAsString(pvc.status?.accessModes) : '',
      getPersistentVolumeClaimClass(pvc),
      pvc.spec?.volumeAttributesClassName || '<unset>',
      translateTimestampSince(pvc.metadata.creationTimestamp, nowMs),
      pvc.spec?.volumeMode ?? '<unset>',
    ];
  },
};

export const storageClassTable: TableHandler = {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Provisioner' }, { name: 'ReclaimPolicy' }, { name: 'VolumeBindingMode' }, { name: 'AllowVolumeExpansion' }, { name: 'Age' }],
  row(obj: KubeObject, nowMs: number): string[] {
    const sc = obj as StorageClassObject;
    return [
      `${sc.metadata.name ?? ''}${isDefaultStorageClass(sc) ? ' (default)' : ''}`,
      sc.provisioner ?? '',
      sc.reclaimPolicy ?? 'Delete',
      sc.volumeBindingMode ?? 'Immediate',
      String(sc.allowVolumeExpansion ?? false),
      translateTimestampSince(sc.metadata.creationTimestamp, nowMs),
    ];
  },
};

export const csiNodeTable: TableHandler = {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Drivers' }, { name: 'Age' }],
  row(obj: KubeObject, nowMs: number): string[] {
    const n = obj as CSINodeObject;
    return [n.metadata.name ?? '', String((n.spec?.drivers ?? []).length), translateTimestampSince(n.metadata.creationTimestamp, nowMs)];
  },
};

export const volumeAttachmentTable: TableHandler = {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Attacher' }, { name: 'PV' }, { name: 'Node' }, { name: 'Attached' }, { name: 'Age' }],
  row(obj: KubeObject, nowMs: number): string[] {
    const va = obj as VolumeAttachmentObject;
    return [
      va.metadata.name ?? '',
      va.spec?.attacher ?? '',
      va.spec?.source?.persistentVolumeName ?? '',
      va.spec?.nodeName ?? '',
      String(va.status?.attached ?? false),
      translateTimestampSince(va.metadata.creationTimestamp, nowMs),
    ];
  },
};

export const csiDriverTable: TableHandler = {
  columns: [
    { name: 'Name', format: 'name' }, { name: 'AttachRequired' }, { name: 'PodInfoOnMount' }, { name: 'StorageCapacity' }, { name: 'TokenRequests' },
    { name: 'RequiresRepublish' }, { name: 'Modes' }, { name: 'Age' },
  ],
  row(obj: KubeObject, nowMs: number): string[] {
    const d = obj as CSIDriverObject;
    const tokens = (d.spec?.tokenRequests ?? []).map((t) => t.audience);
    return [
      d.metadata.name ?? '',
      String(d.spec?.attachRequired ?? true),
      String(d.spec?.podInfoOnMount ?? false),
      String(d.spec?.storageCapacity ?? false),
      tokens.length > 0 ? tokens.join(',') : '<unset>',
      String(d.spec?.requiresRepublish ?? false),
      (d.spec?.volumeLifecycleModes ?? ['Persistent']).join(','),
      translateTimestampSince(d.metadata.creationTimestamp, nowMs),
    ];
  },
};
