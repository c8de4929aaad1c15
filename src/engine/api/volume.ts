// What every storage component shares: the binding annotations, a claim's and a volume's class,
// access modes, the smallest volume that fits a claim, a PersistentVolume's node affinity.
// UPSTREAM: staging/src/k8s.io/component-helpers/storage/volume/{pv_helpers.go,helpers.go},
//           pkg/apis/core/v1/helper (GetAccessModesAsString), pkg/volume/util/storageclass.go
// SIMPLIFICATION: quantities are JS numbers (bytes); volumeAttributesClassName is not matched.

import type { NodeSelectorRequirement, NodeSelectorTerm, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { CSINode, StorageClass } from 'kubernetes-types/storage/v1';
import type { KubeObject } from './meta';
import { labelSelectorAsSelector, requirementMatches, type Operator } from './labels';
import { parseQuantity } from './quantity';

export type PersistentVolumeObject = PersistentVolume & KubeObject;
export type PersistentVolumeClaimObject = PersistentVolumeClaim & KubeObject;
export type StorageClassObject = StorageClass & KubeObject;
export type CSINodeObject = CSINode & KubeObject;

/** On a claim: the binding went through its first setup (the value does not matter). */
export const AnnBindCompleted = 'pv.kubernetes.io/bind-completed';
/** On a volume or claim: the controller (not the user) set the binding. */
export const AnnBoundByController = 'pv.kubernetes.io/bound-by-controller';
/** On a claim: the node the scheduler chose; a WaitForFirstConsumer provisioner provisions there. */
export const AnnSelectedNode = 'volume.kubernetes.io/selected-node';
/** On a volume: the provisioner that created it. */
export const AnnDynamicallyProvisioned = 'pv.kubernetes.io/provisioned-by';
/** On a claim: the provisioner that should provision it (both spellings are written). */
export const AnnBetaStorageProvisioner = 'volume.beta.kubernetes.io/storage-provisioner';
export const AnnStorageProvisioner = 'volume.kubernetes.io/storage-provisioner';
/** The class annotation older manifests use instead of spec.storageClassName. */
export const BetaStorageClassAnnotation = 'volume.beta.kubernetes.io/storage-class';
export const IsDefaultStorageClassAnnotation = 'storageclass.kubernetes.io/is-default-class';
export const BetaIsDefaultStorageClassAnnotation = 'storageclass.beta.kubernetes.io/is-default-class';
/** A class whose volumes are created by hand: nothing provisions them. */
export const NotSupportedProvisioner = 'kubernetes.io/no-provisioner';
export const PVCProtectionFinalizer = 'kubernetes.io/pvc-protection';
export const PVProtectionFinalizer = 'kubernetes.io/pv-protection';

export const ReadWriteOnce = 'ReadWriteOnce';
export const ReadOnlyMany = 'ReadOnlyMany';
export const ReadWriteMany = 'ReadWriteMany';
export const ReadWriteOncePod = 'ReadWriteOncePod';
/** The access modes in the order kubectl abbreviates them. */
export const ACCESS_MODES = [ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod] as const;
const ABBREVIATIONS: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };

/** `namespace/name` of a claim. */
export function claimKey(claim: { metadata?: { namespace?: string; name?: string } }): string {
  return `${claim.metadata?.namespace ?? 'default'}/${claim.metadata?.name ?? ''}`;
}

/** GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName; '' = no class. */
export function getPersistentVolumeClaimClass(claim: PersistentVolumeClaim): string {
  const ann = claim.metadata?.annotations?.[BetaStorageClassAnnotation];
  if (ann !== undefined) return ann;
  return claim.spec?.storageClassName ?? '';
}

/** PersistentVolumeClaimHasClass: the class is set at all (an explicit '' counts: it means "no class"). */
export function persistentVolumeClaimHasClass(claim: PersistentVolumeClaim): boolean {
  return claim.metadata?.annotations?.[BetaStorageClassAnnotation] !== undefined || claim.spec?.storageClassName != null;
}

export function getPersistentVolumeClass(pv: PersistentVolume): string {
  const ann = pv.metadata?.annotations?.[BetaStorageClassAnnotation];
  if (ann !== undefined) return ann;
  return pv.spec?.storageClassName ?? '';
}

/** GetAccessModesAsString: `RWO,RWX` in a fixed order, each mode once. */
export function accessModesAsString(modes: readonly string[] | undefined): string {
  const set = new Set(modes ?? []);
  return ACCESS_MODES.filter((m) => set.has(m)).map((m) => ABBREVIATIONS[m]).join(',');
}

export function isDefaultStorageClass(sc: { metadata?: { annotations?: Record<string, string> } }): boolean {
  const a = sc.metadata?.annotations ?? {};
  return a[IsDefaultStorageClassAnnotation] === 'true' || a[BetaIsDefaultStorageClassAnnotation] === 'true';
}

/**
 * GetDefaultClass: the class marked default; when several are (a race, or a careless admin), the
 * newest wins and equal ages go by name.
 */
export function getDefaultStorageClass(classes: readonly StorageClassObject[]): StorageClassObject | undefined {
  const defaults = classes.filter(isDefaultStorageClass);
  defaults.sort((a, b) => {
    const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
    const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
    if (ta !== tb) return tb - ta;
    const na = a.metadata.name ?? '';
    const nb = b.metadata.name ?? '';
    return na < nb ? -1 : na > nb ? 1 : 0;
  });
  return defaults[0];
}

/** The storage a claim requests, in bytes (0 when unset). */
export function claimRequestBytes(claim: PersistentVolumeClaim): number {
  return parseQuantity(claim.spec?.resources?.requests?.storage) ?? 0;
}

/** A volume's storage capacity, in bytes (0 when unset). */
export function volumeCapacityBytes(pv: PersistentVolume): number {
  return parseQuantity(pv.spec?.capacity?.storage) ?? 0;
}

/** IsVolumeBoundToClaim: the volume is pre-bound or bound to this claim (same UID when the ref has one). */
export function isVolumeBoundToClaim(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== claim.metadata?.name || (ref.namespace ?? '') !== (claim.metadata?.namespace ?? '')) return false;
  return !ref.uid || ref.uid === claim.metadata?.uid;
}

/** reference.GetReference for a claim: what a volume's spec.claimRef holds. */
export function claimReference(claim: PersistentVolumeClaimObject): NonNullable<PersistentVolume['spec']>['claimRef'] {
  return {
    kind: 'PersistentVolumeClaim',
    namespace: claim.metadata.namespace,
    name: claim.metadata.name,
    uid: claim.metadata.uid,
    apiVersion: 'v1',
    resourceVersion: claim.metadata.resourceVersion,
  };
}

/**
 * GetBindVolumeToClaim: a copy of the volume bound to the claim, and whether anything changed. A
 * volume the user pre-bound keeps no bound-by-controller annotation.
 */
export function getBindVolumeToClaim(pv: PersistentVolumeObject, claim: PersistentVolumeClaimObject): { volume: PersistentVolumeObject; dirty: boolean } {
  const shouldSetBoundByController = !isVolumeBoundToClaim(pv, claim);
  const volume = JSON.parse(JSON.stringify(pv)) as PersistentVolumeObject;
  let dirty = false;
  const ref = pv.spec?.claimRef;
  if (!ref || ref.name !== claim.metadata.name || ref.namespace !== claim.metadata.namespace || ref.uid !== claim.metadata.uid) {
    volume.spec = { ...volume.spec, claimRef: claimReference(claim) };
    dirty = true;
  }
  if (shouldSetBoundByController && volume.metadata.annotations?.[AnnBoundByController] === undefined) {
    volume.metadata.annotations = { ...volume.metadata.annotations, [AnnBoundByController]: 'yes' };
    dirty = true;
  }
  return { volume, dirty };
}

/** CheckVolumeModeMismatches: an unset mode is Filesystem on both sides. */
export function volumeModeMismatches(claim: PersistentVolumeClaim, pv: PersistentVolume): boolean {
  return (claim.spec?.volumeMode ?? 'Filesystem') !== (pv.spec?.volumeMode ?? 'Filesystem');
}

/** CheckAccessModes: the volume offers every mode the claim asks for. */
export function checkAccessModes(claim: PersistentVolumeClaim, pv: PersistentVolume): boolean {
  const offered = new Set(pv.spec?.accessModes ?? []);
  return (claim.spec?.accessModes ?? []).every((m) => offered.has(m));
}

const NODE_SELECTOR_OPERATORS: ReadonlyMap<string, Operator> = new Map([
  ['In', 'in'], ['NotIn', 'notin'], ['Exists', 'exists'], ['DoesNotExist', '!'], ['Gt', 'gt'], ['Lt', 'lt'],
]);

function requirementMatchesNodeLabels(req: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const operator = NODE_SELECTOR_OPERATORS.get(req.operator);
  return operator !== undefined && requirementMatches({ key: req.key, operator, values: req.values ?? [] }, labels);
}

/**
 * CheckNodeAffinity: does a node with these labels satisfy the volume's required node affinity? Terms
 * are ORed, requirements ANDed; the node is known only by its labels, so matchFields never match.
 */
export function checkNodeAffinity(pv: PersistentVolume, nodeLabels: Record<string, string>): boolean {
  const required = pv.spec?.nodeAffinity?.required;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some((t: NodeSelectorTerm) => {
    const exprs = t.matchExpressions ?? [];
    const fields = t.matchFields ?? [];
    if (exprs.length === 0 && fields.length === 0) return false;
    return fields.length === 0 && exprs.every((r) => requirementMatchesNodeLabels(r, nodeLabels));
  });
}

/**
 * FindMatchingVolume: the volume for a claim. A volume pre-bound to the claim wins (if big enough);
 * otherwise the smallest Available, unclaimed volume of the claim's class whose labels match the
 * claim's selector and whose capacity covers the request. Example: a 3Gi claim and volumes of 1Gi,
 * 5Gi and 10Gi of its class: 1Gi is too small, 5Gi is the smallest fit.
 *
 * `nodeLabels` is given only on the scheduler's path: the volume's node affinity must match, and the
 * access modes are checked here (the PV controller's index checks them). `delayBinding` is the PV
 * controller's path for WaitForFirstConsumer classes: only pre-bound volumes are returned, the
 * scheduler binds the rest. `excluded` holds volumes already chosen for other claims of the pod.
 */
export function findMatchingVolume(
  claim: PersistentVolumeClaim,
  volumes: readonly PersistentVolumeObject[],
  nodeLabels: Record<string, string> | undefined,
  excluded: ReadonlySet<string>,
  delayBinding: boolean,
): PersistentVolumeObject | undefined {
  const requested = claimRequestBytes(claim);
  const requestedClass = getPersistentVolumeClaimClass(claim);
  const selector = claim.spec?.selector ? labelSelectorAsSelector(claim.spec.selector) : undefined;
  let smallest: PersistentVolumeObject | undefined;
  let smallestBytes = 0;
  for (const pv of volumes) {
    if (excluded.has(pv.metadata.name ?? '')) continue;
    if (volumeModeMismatches(claim, pv)) continue;
    if (pv.metadata.deletionTimestamp) continue;
    const capacity = volumeCapacityBytes(pv);
    const affinityOk = nodeLabels === undefined || checkNodeAffinity(pv, nodeLabels);
    if (isVolumeBoundToClaim(pv, claim)) {
      if (capacity < requested) continue;
      // A pre-bound volume that does not fit this node: the claim fits nowhere here.
      if (!affinityOk) return undefined;
      return pv;
    }
    if (nodeLabels === undefined && delayBinding) continue;
    if (pv.status?.phase !== 'Available' || pv.spec?.claimRef) continue;
    if (selector && (selector.error || !selector.matches(pv.metadata.labels ?? {}))) continue;
    if (getPersistentVolumeClass(pv) !== requestedClass) continue;
    if (!affinityOk) continue;
    if (nodeLabels !== undefined && !checkAccessModes(claim, pv)) continue;
    if (capacity >= requested && (!smallest || smallestBytes > capacity)) {
      smallest = pv;
      smallestBytes = capacity;
    }
  }
  return smallest;
}

/** The claim names a pod's volumes refer to, in spec order. */
export function podClaimNames(pod: Pod): string[] {
  const out: string[] = [];
  for (const v of pod.spec?.volumes ?? []) if (v.persistentVolumeClaim?.claimName !== undefined) out.push(v.persistentVolumeClaim.claimName);
  return out;
}

/** Whether a volume source field is set: `hostPath`, `nfs`, `csi`, ... (one per PersistentVolume). */
export const PERSISTENT_VOLUME_SOURCES = [
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'csi', 'fc', 'flexVolume', 'flocker',
  'gcePersistentDisk', 'glusterfs', 'hostPath', 'iscsi', 'local', 'nfs', 'photonPersistentDisk', 'portworxVolume',
  'quobyte', 'rbd', 'scaleIO', 'storageos', 'vsphereVolume',
] as const;

/**
 * Quantity.String() of a storage quantity as written: binary-suffixed values are re-expressed with the
 * largest binary suffix that divides them ('1024Mi' -> '1Gi'), decimal ones with the largest power of
 * 1000 ('1000M' -> '1G', '5000000000' -> '5G').
 */
export function storageQuantityString(q: string | number | undefined): string {
  if (q === undefined) return '0';
  const value = parseQuantity(q);
  if (value === undefined) return String(q);
  if (typeof q === 'string' && /(Ki|Mi|Gi|Ti|Pi|Ei)$/.test(q.trim()) && Number.isInteger(value)) {
    for (const [suffix, mult] of [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
      if (value >= mult && value % mult === 0) return `${value / mult}${suffix}`;
    }
    return String(value);
  }
  if (!Number.isInteger(value)) return typeof q === 'string' ? q.trim() : String(q);
  for (const [suffix, mult] of [['E', 1e18], ['P', 1e15], ['T', 1e12], ['G', 1e9], ['M', 1e6], ['k', 1e3]] as const) {
    if (value >= mult && value % mult === 0) return `${value / mult}${suffix}`;
  }
  return String(value);
}
