// StatefulSet pod identity and storage: `<set>-<ordinal>` names, hostname/subdomain, the identity
// labels, claims `<template>-<set>-<ordinal>`, and the revisions a pod belongs to.
// UPSTREAM: pkg/controller/statefulset/stateful_set_utils.go
// SIMPLIFICATION: the revision hash is FNV-1a of the stable JSON of the template (computeHash), not
// upstream's hash of the ControllerRevision patch bytes; no claim-template "stale claim" checks.

import type { ControllerRevision, StatefulSet } from 'kubernetes-types/apps/v1';
import type { PersistentVolumeClaim, PodTemplateSpec, Volume } from 'kubernetes-types/core/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { KubeObject } from '../../api/meta';
import type { PodObject } from '../controller-utils';
import { getPodFromTemplate, isPodReady, isPodAvailable } from '../controller-utils';

export type StatefulSetObject = StatefulSet & KubeObject;
export type ControllerRevisionObject = ControllerRevision & KubeObject;
export type PersistentVolumeClaimObject = PersistentVolumeClaim & KubeObject;

export const STATEFULSET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';

const STATEFUL_POD_REGEX = /^(.*)-([0-9]+)$/;

/** getParentNameAndOrdinal: ('web', 1) for `web-1`; ordinal -1 when the name has no ordinal. */
export function getParentNameAndOrdinal(pod: { metadata: { name?: string } }): { parent: string; ordinal: number } {
  const m = STATEFUL_POD_REGEX.exec(pod.metadata.name ?? '');
  if (!m) return { parent: '', ordinal: -1 };
  return { parent: m[1], ordinal: Number.parseInt(m[2], 10) };
}

export function getOrdinal(pod: { metadata: { name?: string } }): number {
  return getParentNameAndOrdinal(pod).ordinal;
}

export function getPodName(set: StatefulSetObject, ordinal: number): string {
  return `${set.metadata.name}-${ordinal}`;
}

/** getStartOrdinal: spec.ordinals.start (0 by default). */
export function getStartOrdinal(set: StatefulSet): number {
  return set.spec?.ordinals?.start ?? 0;
}

/** isMemberOf: the pod's name is `<set>-<ordinal>`. */
export function isMemberOf(set: StatefulSetObject, pod: PodObject): boolean {
  return getParentNameAndOrdinal(pod).parent === set.metadata.name;
}

/** getPersistentVolumeClaimName: `<template>-<set>-<ordinal>`. */
export function getPersistentVolumeClaimName(set: StatefulSetObject, claimName: string, ordinal: number): string {
  return `${claimName}-${set.metadata.name}-${ordinal}`;
}

/**
 * getPersistentVolumeClaims: one claim per volumeClaimTemplate for the pod's ordinal, labelled with
 * the set's selector matchLabels (as upstream does) on top of the template's own labels.
 */
export function getPersistentVolumeClaims(set: StatefulSetObject, pod: PodObject): Map<string, PersistentVolumeClaimObject> {
  const ordinal = getOrdinal(pod);
  const claims = new Map<string, PersistentVolumeClaimObject>();
  for (const t of set.spec?.volumeClaimTemplates ?? []) {
    const templateName = t.metadata?.name ?? '';
    const labels = { ...(t.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) };
    const claim: PersistentVolumeClaimObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: getPersistentVolumeClaimName(set, templateName, ordinal), namespace: set.metadata.namespace },
      spec: JSON.parse(JSON.stringify(t.spec ?? {})),
    };
    if (Object.keys(labels).length > 0) claim.metadata.labels = labels;
    if (t.metadata?.annotations) claim.metadata.annotations = { ...t.metadata.annotations };
    claims.set(templateName, claim);
  }
  return claims;
}

/** updateStorage: each claim template replaces the pod volume of the same name with a PVC volume. */
export function updateStorage(set: StatefulSetObject, pod: PodObject): void {
  const claims = getPersistentVolumeClaims(set, pod);
  const volumes: Volume[] = [];
  for (const [name, claim] of claims) volumes.push({ name, persistentVolumeClaim: { claimName: claim.metadata.name ?? '' } });
  for (const v of pod.spec?.volumes ?? []) if (!claims.has(v.name)) volumes.push(v);
  if (volumes.length > 0) pod.spec = { ...pod.spec!, volumes };
}

/** storageMatches: every claim template is mounted from its `<template>-<set>-<ordinal>` claim. */
export function storageMatches(set: StatefulSetObject, pod: PodObject): boolean {
  const ordinal = getOrdinal(pod);
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  for (const t of set.spec?.volumeClaimTemplates ?? []) {
    const v = volumes.get(t.metadata?.name ?? '');
    if (v?.persistentVolumeClaim?.claimName !== getPersistentVolumeClaimName(set, t.metadata?.name ?? '', ordinal)) return false;
  }
  return true;
}

/** updateIdentity: hostname = pod name, subdomain = serviceName, the pod-name and pod-index labels. */
export function updateIdentity(set: StatefulSetObject, pod: PodObject): void {
  const name = pod.metadata.name ?? '';
  const ordinal = getOrdinal(pod);
  pod.metadata = {
    ...pod.metadata,
    namespace: set.metadata.namespace,
    labels: { ...(pod.metadata.labels ?? {}), [STATEFULSET_POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal) },
  };
  const spec = { ...pod.spec!, hostname: name };
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  else delete spec.subdomain;
  pod.spec = spec;
}

/** identityMatches: name, namespace, hostname, subdomain and the identity labels are as updateIdentity sets them. */
export function identityMatches(set: StatefulSetObject, pod: PodObject): boolean {
  const { parent, ordinal } = getParentNameAndOrdinal(pod);
  const labels = pod.metadata.labels ?? {};
  return (
    ordinal >= 0 &&
    parent === set.metadata.name &&
    pod.metadata.namespace === set.metadata.namespace &&
    pod.spec?.hostname === pod.metadata.name &&
    (pod.spec?.subdomain ?? '') === (set.spec?.serviceName ?? '') &&
    labels[STATEFULSET_POD_NAME_LABEL] === pod.metadata.name &&
    labels[POD_INDEX_LABEL] === String(ordinal)
  );
}

/** newVersionedStatefulSetPod: the pod for `ordinal` from a revision's template, identity, storage and revision label. */
export function newStatefulSetPod(
  set: StatefulSetObject,
  template: PodTemplateSpec | undefined,
  revisionName: string,
  ordinal: number,
  controllerRef: OwnerReference,
): PodObject {
  const pod = getPodFromTemplate(template, set, controllerRef);
  delete pod.metadata.generateName;
  pod.metadata.name = getPodName(set, ordinal);
  updateIdentity(set, pod);
  updateStorage(set, pod);
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: revisionName };
  return pod;
}

export function getPodRevision(pod: PodObject): string {
  return pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '';
}

export function isCreated(pod: PodObject | undefined): pod is PodObject {
  return pod?.status?.phase !== undefined || pod?.metadata.uid !== undefined;
}

export function isTerminating(pod: PodObject): boolean {
  return pod.metadata.deletionTimestamp != null;
}

export function isRunningAndReady(pod: PodObject): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod);
}

export function isRunningAndAvailable(pod: PodObject, minReadySeconds: number, nowMs: number): boolean {
  return pod.status?.phase === 'Running' && isPodAvailable(pod, minReadySeconds, nowMs);
}

export function isFailed(pod: PodObject): boolean {
  return pod.status?.phase === 'Failed';
}

export function isSucceeded(pod: PodObject): boolean {
  return pod.status?.phase === 'Succeeded';
}

/** isHealthy: running, ready and not terminating. */
export function isHealthy(pod: PodObject): boolean {
  return isRunningAndReady(pod) && !isTerminating(pod);
}

/** The template a revision records (`data.spec.template`, as upstream's getPatch stores it). */
export function templateOfRevision(rev: ControllerRevisionObject): PodTemplateSpec | undefined {
  const data = rev.data as { spec?: { template?: PodTemplateSpec & { $patch?: string } } } | undefined;
  const t = data?.spec?.template;
  if (!t) return undefined;
  const { $patch: _patch, ...rest } = t;
  return rest;
}
