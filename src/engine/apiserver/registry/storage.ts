// Defaulting and the registry strategies of the storage kinds: PersistentVolume, PersistentVolumeClaim,
// StorageClass.
// UPSTREAM: pkg/apis/core/v1/defaults.go (SetDefaults_PersistentVolume, SetDefaults_PersistentVolumeClaim,
//           SetDefaults_HostPathVolumeSource), pkg/apis/storage/v1/defaults.go (SetDefaults_StorageClass),
//           pkg/registry/core/persistentvolume/strategy.go (PrepareForCreate, PrepareForUpdate of status)

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** SetDefaults_PersistentVolume: reclaim Retain, volumeMode Filesystem; a hostPath source gets type "". */
export function defaultPersistentVolume(pv: Json): void {
  pv.spec ??= {};
  pv.spec.persistentVolumeReclaimPolicy ??= 'Retain';
  pv.spec.volumeMode ??= 'Filesystem';
  if (pv.spec.hostPath) pv.spec.hostPath.type ??= '';
}

/** SetDefaults_PersistentVolumeClaimSpec: volumeMode Filesystem. */
export function defaultPersistentVolumeClaim(pvc: Json): void {
  pvc.spec ??= {};
  pvc.spec.volumeMode ??= 'Filesystem';
}

/** SetDefaults_StorageClass: reclaimPolicy Delete, volumeBindingMode Immediate. */
export function defaultStorageClass(sc: Json): void {
  sc.reclaimPolicy ??= 'Delete';
  sc.volumeBindingMode ??= 'Immediate';
}

/** PrepareForCreate: the status is the server's: a new volume is Pending since now. */
export function preparePersistentVolumeForCreate(pv: Json, now: string): void {
  pv.status = { phase: 'Pending', lastPhaseTransitionTime: now };
}

/** PrepareForCreate: a new claim is Pending. */
export function preparePersistentVolumeClaimForCreate(pvc: Json): void {
  pvc.status = { phase: 'Pending' };
}

/** The status strategy's PrepareForUpdate: a phase change moves lastPhaseTransitionTime to now. */
export function preparePersistentVolumeStatusUpdate(cur: Json, next: Json, now: string): void {
  if ((cur.status?.phase ?? '') !== (next.status?.phase ?? '')) next.status = { ...next.status, lastPhaseTransitionTime: now };
}
