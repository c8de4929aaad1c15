// The Deployment controller's shared steps: find/create the new ReplicaSet, scale, clean up old
// ReplicaSets, compute and write the status.
// UPSTREAM: pkg/controller/deployment/sync.go
// SIMPLIFICATION: the revision annotation is written with a main-resource update before the status
// update (upstream's status strategy keeps metadata changes; this API server's status subresource
// takes status only). After an AlreadyExists on create, the ReplicaSet is read live, not from the lister.

import type { DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { KubeObject, Meta } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import { structuredCopy } from '../../apiserver/store';
import type { Client } from '../../client/clientset';
import type { EventRecorder } from '../../client/record';
import type { ReplicaSetObject } from '../controller-utils';
import {
  bySizeNewer, bySizeOlder, computeHash, filterActiveReplicaSets, getControllerOf, newControllerRef,
  replicasOf, semanticEqual,
} from '../controller-utils';
import type { DeploymentObject } from './util';
import {
  byRevision, DefaultDeploymentUniqueLabelKey, deploymentReplicas, equalIgnoreHash, FailedRSCreateReason, findActiveOrLatest,
  findNewReplicaSet, findOldReplicaSets, FoundNewRSReason, getActualReplicaCountForReplicaSets,
  getAvailableReplicaCountForReplicaSets, getDeploymentCondition, getDesiredReplicasAnnotation, getMaxReplicasAnnotation,
  getReadyReplicaCountForReplicaSets, getReplicaCountForReplicaSets, hasProgressDeadline, hasRevisionHistoryLimit,
  isRollingUpdate, isSaturated, maxRevision, maxSurge, maxUnavailable, MinimumReplicasAvailable, MinimumReplicasUnavailable,
  newDeploymentCondition, NewReplicaSetReason, newRSNewReplicas, replicasAnnotationsNeedUpdate, setDeploymentCondition,
  setDeploymentRevision, setNewReplicaSetAnnotations, setReplicasAnnotations, PausedDeployReason, ResumedDeployReason,
  RevisionAnnotation, TimedOutReason,
} from './util';

export const DEPLOYMENT_KIND = { apiVersion: 'apps/v1', kind: 'Deployment' };
const RS_RESOURCE = resourceForKind('ReplicaSet')!;

/** What the sync steps use: the controller's client and recorder, and the clock. */
export interface DeploymentDeps {
  client: Client;
  recorder: EventRecorder;
  /** RFC 3339 timestamp of now */
  timestamp(): string;
  /** epoch ms of now, comparable with stored timestamps */
  wallNow(): number;
  /** told about every ReplicaSet this controller wrote (created/updated), to detect a stale cache */
  wroteReplicaSet(rs: KubeObject): void;
}

/** A step failed (a write was refused): the sync stops and the key is retried with backoff. */
export class SyncError extends Error {}

function must<T extends KubeObject>(r: { ok: true; object: KubeObject } | { ok: false; status: { message: string } }): T {
  if (!r.ok) throw new SyncError(r.status.message);
  return r.object as T;
}

/**
 * Write the Deployment's status (and its annotations when they changed), keeping `d`'s
 * resourceVersion current so later writes in the same sync do not conflict with our own.
 */
export function writeDeploymentStatus(dc: DeploymentDeps, d: DeploymentObject, annotationsChanged = false): void {
  if (annotationsChanged) {
    const updated = must(dc.client.update<KubeObject>(d));
    (d.metadata as Meta).resourceVersion = updated.metadata.resourceVersion;
  }
  const updated = must(dc.client.updateStatus<KubeObject>(d));
  (d.metadata as Meta).resourceVersion = updated.metadata.resourceVersion;
}

export interface NewAndOld {
  newRS: ReplicaSetObject | undefined;
  /** all old ReplicaSets, oldest first */
  oldRSs: ReplicaSetObject[];
}

export function allOf({ newRS, oldRSs }: NewAndOld): ReplicaSetObject[] {
  return newRS ? [...oldRSs, newRS] : [...oldRSs];
}

/** getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created if asked) and every old one. */
export function getAllReplicaSetsAndSyncRevision(dc: DeploymentDeps, d: DeploymentObject, rsList: ReplicaSetObject[], createIfNotExisted: boolean): NewAndOld {
  const { all } = findOldReplicaSets(d, rsList);
  const newRS = getNewReplicaSet(dc, d, rsList, all, createIfNotExisted);
  return { newRS, oldRSs: all };
}

function cloneSelectorAndAddLabel(sel: LabelSelector | undefined, key: string, value: string): LabelSelector {
  const out = structuredCopy(sel ?? {}) as { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
  out.matchLabels = { ...(out.matchLabels ?? {}), [key]: value };
  return out as LabelSelector;
}

/**
 * getNewReplicaSet: the ReplicaSet whose template equals the Deployment's, with its revision synced
 * to max(old revisions)+1; or a new one named `<deployment>-<pod-template-hash>` when asked.
 */
export function getNewReplicaSet(
  dc: DeploymentDeps, d: DeploymentObject, rsList: ReplicaSetObject[], oldRSs: ReplicaSetObject[], createIfNotExisted: boolean,
): ReplicaSetObject | undefined {
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = String(maxRevision(oldRSs) + 1);
  const stamp = dc.timestamp();

  if (existing) {
    const rsCopy = structuredCopy(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true);
    const minReady = d.spec?.minReadySeconds ?? 0;
    const minReadyNeedsUpdate = (rsCopy.spec?.minReadySeconds ?? 0) !== minReady;
    if (annotationsUpdated || minReadyNeedsUpdate) {
      if (minReady) rsCopy.spec!.minReadySeconds = minReady;
      else delete rsCopy.spec!.minReadySeconds;
      const updated = must<ReplicaSetObject>(dc.client.update<KubeObject>(rsCopy));
      dc.wroteReplicaSet(updated);
      return updated;
    }
    // The revision in the ReplicaSet's annotation is the one that counts.
    const annotationsChanged = setDeploymentRevision(d, rsCopy.metadata.annotations?.[RevisionAnnotation] ?? '');
    let needsUpdate = annotationsChanged;
    if (hasProgressDeadline(d) && !getDeploymentCondition(d.status, 'Progressing')) {
      const cond = newDeploymentCondition('Progressing', 'True', FoundNewRSReason, `Found new replica set "${rsCopy.metadata.name}"`, stamp);
      d.status ??= {};
      setDeploymentCondition(d.status, cond);
      needsUpdate = true;
    }
    if (needsUpdate) writeDeploymentStatus(dc, d, annotationsChanged);
    return rsCopy;
  }
  if (!createIfNotExisted) return undefined;

  // No ReplicaSet for this template yet: create one named after the template's hash.
  const template = structuredCopy(d.spec?.template ?? {});
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [DefaultDeploymentUniqueLabelKey]: hash } };
  const newRS = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      ownerReferences: [newControllerRef(d, DEPLOYMENT_KIND)],
      labels: template.metadata.labels,
    },
    spec: {
      replicas: 0,
      ...(d.spec?.minReadySeconds ? { minReadySeconds: d.spec.minReadySeconds } : {}),
      selector: cloneSelectorAndAddLabel(d.spec?.selector, DefaultDeploymentUniqueLabelKey, hash),
      template,
    },
  } as ReplicaSetObject;
  const newReplicasCount = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec!.replicas = newReplicasCount;
  setNewReplicaSetAnnotations(d, newRS, newRevision, false);

  let created: ReplicaSetObject;
  let alreadyExists = false;
  const r = dc.client.create<KubeObject>(newRS);
  if (r.ok) {
    created = r.object as ReplicaSetObject;
    dc.wroteReplicaSet(created);
  } else if (r.status.reason === 'AlreadyExists') {
    alreadyExists = true;
    const rs = dc.client.get(RS_RESOURCE, newRS.metadata.namespace, newRS.metadata.name ?? '') as ReplicaSetObject | undefined;
    if (!rs) throw new SyncError(r.status.message);
    const ref = getControllerOf(rs);
    if (ref && ref.uid === d.metadata.uid && equalIgnoreHash(d.spec?.template, rs.spec?.template)) {
      created = rs;
    } else {
      // A hash collision: bump collisionCount so the next sync computes a different name.
      d.status ??= {};
      d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
      writeDeploymentStatus(dc, d);
      throw new SyncError(r.status.message);
    }
  } else {
    const msg = `Failed to create new replica set "${newRS.metadata.name}": ${r.status.message}`;
    if (hasProgressDeadline(d)) {
      d.status ??= {};
      setDeploymentCondition(d.status, newDeploymentCondition('Progressing', 'False', FailedRSCreateReason, msg, stamp));
      try {
        writeDeploymentStatus(dc, d);
      } catch {
        // the bigger problem is reported below
      }
    }
    dc.recorder.event(d, 'Warning', FailedRSCreateReason, msg);
    throw new SyncError(r.status.message);
  }
  if (!alreadyExists && newReplicasCount > 0) {
    dc.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${newReplicasCount}`);
  }
  const annotationsChanged = setDeploymentRevision(d, newRevision);
  let needsUpdate = annotationsChanged;
  if (!alreadyExists && hasProgressDeadline(d)) {
    d.status ??= {};
    setDeploymentCondition(d.status, newDeploymentCondition('Progressing', 'True', NewReplicaSetReason, `Created new replica set "${created.metadata.name}"`, stamp));
    needsUpdate = true;
  }
  if (needsUpdate) writeDeploymentStatus(dc, d, annotationsChanged);
  return created;
}

/**
 * scaleReplicaSet: set spec.replicas (and the desired/max-replicas annotations) and record
 * `Scaled up replica set web-5d4f8 from 0 to 3`.
 */
export function scaleReplicaSetAndRecordEvent(dc: DeploymentDeps, rs: ReplicaSetObject, newScale: number, d: DeploymentObject): { scaled: boolean; rs: ReplicaSetObject } {
  if (replicasOf(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(dc, rs, newScale, d);
}

export function scaleReplicaSet(dc: DeploymentDeps, rs: ReplicaSetObject, newScale: number, d: DeploymentObject): { scaled: boolean; rs: ReplicaSetObject } {
  const replicas = deploymentReplicas(d);
  const max = replicas + maxSurge(d);
  const sizeNeedsUpdate = replicasOf(rs) !== newScale;
  const annotationsNeedUpdate = replicasAnnotationsNeedUpdate(rs, replicas, max);
  if (!sizeNeedsUpdate && !annotationsNeedUpdate) return { scaled: false, rs };
  const oldScale = replicasOf(rs);
  const rsCopy = structuredCopy(rs);
  rsCopy.spec!.replicas = newScale;
  setReplicasAnnotations(rsCopy, replicas, max);
  const updated = must<ReplicaSetObject>(dc.client.update<KubeObject>(rsCopy));
  dc.wroteReplicaSet(updated);
  if (!sizeNeedsUpdate) return { scaled: false, rs: updated };
  const op = oldScale < newScale ? 'up' : 'down';
  dc.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${op} replica set ${updated.metadata.name} from ${oldScale} to ${newScale}`);
  return { scaled: true, rs: updated };
}

/** isScalingEvent: an active ReplicaSet's desired-replicas annotation differs from spec.replicas. */
export function isScalingEvent(dc: DeploymentDeps, d: DeploymentObject, rsList: ReplicaSetObject[]): boolean {
  const all = allOf(getAllReplicaSetsAndSyncRevision(dc, d, rsList, false));
  for (const rs of filterActiveReplicaSets(all)) {
    const desired = getDesiredReplicasAnnotation(rs);
    if (desired === undefined) continue;
    if (desired !== deploymentReplicas(d)) return true;
  }
  return false;
}

/**
 * getReplicaSetFraction / GetReplicaSetProportion: during a rollout, a scale of the Deployment is
 * spread over the active ReplicaSets in proportion to their size. Example: 10 replicas, maxSurge 3
 * (max 13), a stalled rollout at old 8 / new 5 (max-replicas annotation 13); scaling to 20 (max 23)
 * gives the old RS 8*23/13 = 14.2 -> 14 (+6) and the new RS 5*23/13 = 8.8 -> 9 (+4): 10 added of the
 * 10 allowed (23 - 13). Any rounding leftover goes to the largest ReplicaSet.
 */
function getReplicaSetFraction(rs: ReplicaSet, d: DeploymentObject): number {
  if (deploymentReplicas(d) === 0) return -replicasOf(rs);
  const deploymentMaxReplicas = deploymentReplicas(d) + maxSurge(d);
  let before = getMaxReplicasAnnotation(rs);
  if (before === undefined || before === 0) {
    before = d.status?.replicas ?? 0;
    if (before === 0) return 0;
  }
  const newSize = (replicasOf(rs) * deploymentMaxReplicas) / before;
  // integer.RoundToInt32: round half away from zero
  return Math.sign(newSize) * Math.round(Math.abs(newSize)) - replicasOf(rs);
}

function getReplicaSetProportion(rs: ReplicaSet, d: DeploymentObject, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = getReplicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/**
 * scale: bring the ReplicaSets to the Deployment's new size. One active (or none): it gets the
 * whole count. A saturated new RS: old ones go to 0. Otherwise (mid-rollout) proportionally.
 */
export function scale(dc: DeploymentDeps, d: DeploymentObject, newRS: ReplicaSetObject | undefined, oldRSs: ReplicaSetObject[]): void {
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (replicasOf(activeOrLatest) === deploymentReplicas(d)) return;
    scaleReplicaSetAndRecordEvent(dc, activeOrLatest, deploymentReplicas(d), d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActiveReplicaSets(oldRSs)) scaleReplicaSetAndRecordEvent(dc, old, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const allRSs = filterActiveReplicaSets([...oldRSs, newRS]);
  const allRSsReplicas = getReplicaCountForReplicaSets(allRSs);
  const allowedSize = deploymentReplicas(d) > 0 ? deploymentReplicas(d) + maxSurge(d) : 0;
  const toAdd = allowedSize - allRSsReplicas;
  // Scaling up favours newer ReplicaSets among equals, scaling down older ones.
  if (toAdd > 0) allRSs.sort(bySizeNewer);
  else if (toAdd < 0) allRSs.sort(bySizeOlder);
  let added = 0;
  const nameToSize = new Map<string, number>();
  for (const rs of allRSs) {
    if (toAdd !== 0) {
      const p = getReplicaSetProportion(rs, d, toAdd, added);
      nameToSize.set(rs.metadata.name ?? '', replicasOf(rs) + p);
      added += p;
    } else {
      nameToSize.set(rs.metadata.name ?? '', replicasOf(rs));
    }
  }
  allRSs.forEach((rs, i) => {
    const name = rs.metadata.name ?? '';
    // Leftovers (rounding) go to the largest ReplicaSet.
    if (i === 0 && toAdd !== 0) nameToSize.set(name, Math.max(0, nameToSize.get(name)! + toAdd - added));
    scaleReplicaSet(dc, rs, nameToSize.get(name)!, d);
  });
}

/** sync: scale (or a paused Deployment), clean up when paused, then write the status. */
export function sync(dc: DeploymentDeps, d: DeploymentObject, rsList: ReplicaSetObject[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  scale(dc, d, newRS, oldRSs);
  if (d.spec?.paused) cleanupDeployment(dc, oldRSs, d);
  syncDeploymentStatus(dc, allOf({ newRS, oldRSs }), newRS, d);
}

/**
 * cleanupDeployment: delete the oldest fully scaled-down ReplicaSets beyond revisionHistoryLimit
 * (their pods are gone; the ReplicaSet itself is the rollback history).
 */
export function cleanupDeployment(dc: DeploymentDeps, oldRSs: ReplicaSetObject[], d: DeploymentObject): void {
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((rs) => rs.metadata.deletionTimestamp == null);
  const diff = cleanable.length - (d.spec!.revisionHistoryLimit ?? 10);
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i];
    if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0) || rs.metadata.deletionTimestamp) continue;
    const r = dc.client.delete(RS_RESOURCE, rs.metadata.namespace, rs.metadata.name ?? '');
    if (!r.ok && r.status.reason !== 'NotFound') throw new SyncError(r.status.message);
  }
}

/** Count fields are omitempty in the API: drop zeros so the status prints as a real one does. */
function omitZeroCounts(s: DeploymentStatus): DeploymentStatus {
  const out = { ...s } as Record<string, unknown>;
  for (const k of ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']) {
    if (!out[k]) delete out[k];
  }
  if (out.collisionCount === undefined) delete out.collisionCount;
  if (out.conditions === undefined) delete out.conditions;
  return out as DeploymentStatus;
}

/**
 * calculateStatus: counts summed over the ReplicaSets (updated = the new one's), and the Available
 * condition: True when available >= replicas - maxUnavailable.
 */
export function calculateStatus(allRSs: ReplicaSetObject[], newRS: ReplicaSetObject | undefined, d: DeploymentObject, stamp: string): DeploymentStatus {
  const available = getAvailableReplicaCountForReplicaSets(allRSs);
  const total = getReplicaCountForReplicaSets(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    replicas: getActualReplicaCountForReplicaSets(allRSs),
    updatedReplicas: getActualReplicaCountForReplicaSets([newRS]),
    readyReplicas: getReadyReplicaCountForReplicaSets(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    collisionCount: d.status?.collisionCount,
  };
  if (d.status?.conditions?.length) status.conditions = structuredCopy(d.status.conditions);
  if (available >= deploymentReplicas(d) - maxUnavailable(d)) {
    setDeploymentCondition(status, newDeploymentCondition('Available', 'True', MinimumReplicasAvailable, 'Deployment has minimum availability.', stamp));
  } else {
    setDeploymentCondition(status, newDeploymentCondition('Available', 'False', MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', stamp));
  }
  return omitZeroCounts(status);
}

export function statusEqual(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  return semanticEqual(omitZeroCounts(a ?? {}), b);
}

/** syncDeploymentStatus: write the calculated status when it differs. */
export function syncDeploymentStatus(dc: DeploymentDeps, allRSs: ReplicaSetObject[], newRS: ReplicaSetObject | undefined, d: DeploymentObject): void {
  const newStatus = calculateStatus(allRSs, newRS, d, dc.timestamp());
  if (statusEqual(d.status, newStatus)) return;
  d.status = newStatus;
  writeDeploymentStatus(dc, d);
}

/** syncStatusOnly: for a Deployment being deleted, only the status is kept current. */
export function syncStatusOnly(dc: DeploymentDeps, d: DeploymentObject, rsList: ReplicaSetObject[]): void {
  const nao = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  syncDeploymentStatus(dc, allOf(nao), nao.newRS, d);
}

/**
 * checkPausedConditions: Progressing becomes Unknown/DeploymentPaused while paused and
 * Unknown/DeploymentResumed on resume (unless the rollout already timed out).
 */
export function checkPausedConditions(dc: DeploymentDeps, d: DeploymentObject): void {
  if (!hasProgressDeadline(d)) return;
  const cond = getDeploymentCondition(d.status, 'Progressing');
  if (cond?.reason === TimedOutReason) return;
  const pausedCondExists = cond?.reason === PausedDeployReason;
  const stamp = dc.timestamp();
  d.status ??= {};
  if (d.spec?.paused && !pausedCondExists) {
    setDeploymentCondition(d.status, newDeploymentCondition('Progressing', 'Unknown', PausedDeployReason, 'Deployment is paused', stamp));
  } else if (!d.spec?.paused && pausedCondExists) {
    setDeploymentCondition(d.status, newDeploymentCondition('Progressing', 'Unknown', ResumedDeployReason, 'Deployment is resumed', stamp));
  } else {
    return;
  }
  writeDeploymentStatus(dc, d);
}

