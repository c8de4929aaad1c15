// The storage admission plugins: DefaultStorageClass (a claim without a class gets the default one),
// StorageObjectInUseProtection (new claims and volumes get their protection finalizer) and
// PersistentVolumeClaimResize (only bound claims of an expandable class may grow).
// UPSTREAM: plugin/pkg/admission/storage/storageclass/setdefault/admission.go,
//           plugin/pkg/admission/storage/storageobjectinuseprotection/admission.go,
//           plugin/pkg/admission/storage/persistentvolume/resize/admission.go

import type { ApiStatus, KubeObject } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import {
  getDefaultStorageClass, getPersistentVolumeClaimClass, persistentVolumeClaimHasClass, PVCProtectionFinalizer,
  PVProtectionFinalizer, type PersistentVolumeClaimObject, type PersistentVolumeObject, type StorageClassObject,
} from '../../api/volume';
import { parseQuantity } from '../../api/quantity';
import { forbidden } from '../errors';

/** Read access to the StorageClasses the plugins' informer holds. */
export interface StorageClassLister {
  list(): readonly StorageClassObject[];
  get(name: string): StorageClassObject | undefined;
}

/** DefaultStorageClass: a new claim that names no class at all (not even "") gets the default class. */
export function admitDefaultStorageClass(claim: PersistentVolumeClaimObject, classes: StorageClassLister): void {
  if (persistentVolumeClaimHasClass(claim)) return;
  const def = getDefaultStorageClass(classes.list());
  if (!def) return;
  claim.spec = { ...claim.spec, storageClassName: def.metadata.name };
}

/** StorageObjectInUseProtection: the finalizer that keeps an in-use claim or a bound volume from vanishing. */
export function addProtectionFinalizer(obj: KubeObject, resource: string): void {
  const finalizer = resource === 'persistentvolumes' ? PVProtectionFinalizer : PVCProtectionFinalizer;
  const finalizers = obj.metadata.finalizers ?? [];
  if (!finalizers.includes(finalizer)) obj.metadata.finalizers = [...finalizers, finalizer];
}

/**
 * PersistentVolumeClaimResize: growing a claim needs it bound, to a volume its (expandable) class
 * provisioned. Shrinking is the update validation's to refuse.
 */
export function validateClaimResize(
  resource: ResourceInfo, claim: PersistentVolumeClaimObject, old: PersistentVolumeClaimObject,
  classes: StorageClassLister, getVolume: (name: string) => PersistentVolumeObject | undefined, displayName: string,
): ApiStatus | undefined {
  const newSize = parseQuantity(claim.spec?.resources?.requests?.storage) ?? 0;
  const oldSize = parseQuantity(old.spec?.resources?.requests?.storage) ?? 0;
  if (newSize <= oldSize) return undefined;
  if (old.status?.phase !== 'Bound') return forbidden(resource, displayName, 'Only bound persistent volume claims can be expanded');
  const className = getPersistentVolumeClaimClass(claim);
  const sc = className ? classes.get(className) : undefined;
  const pv = claim.spec?.volumeName ? getVolume(claim.spec.volumeName) : undefined;
  const allowed = sc?.allowVolumeExpansion === true && pv !== undefined && (pv.spec?.storageClassName ?? '') === className;
  if (!allowed) return forbidden(resource, displayName, 'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize');
  return undefined;
}
