// Deployment helpers: annotations, revisions, surge/unavailability arithmetic, conditions.
// UPSTREAM: pkg/controller/deployment/util/deployment_util.go
// SIMPLIFICATION: an invalid maxSurge/maxUnavailable string (not a percentage) resolves to 0
// instead of an error (upstream relies on validation to reject it).

import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet, ReplicaSetCondition } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { byCreationTimestamp, filterActiveReplicaSets, replicasOf, semanticEqual } from '../controller-utils';

export type DeploymentObject = Deployment & KubeObject;

export const RevisionAnnotation = 'deployment.kubernetes.io/revision';
export const RevisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
export const DesiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
export const MaxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';
export const LastAppliedConfigAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';
export const DeprecatedRollbackTo = 'deprecated.deployment.rollback.to';
/** apps.DefaultDeploymentUniqueLabelKey */
export const DefaultDeploymentUniqueLabelKey = 'pod-template-hash';

// Condition reasons, exactly as upstream.
export const ReplicaSetUpdatedReason = 'ReplicaSetUpdated';
export const FailedRSCreateReason = 'ReplicaSetCreateError';
export const NewReplicaSetReason = 'NewReplicaSetCreated';
export const FoundNewRSReason = 'FoundNewReplicaSet';
export const NewRSAvailableReason = 'NewReplicaSetAvailable';
export const TimedOutReason = 'ProgressDeadlineExceeded';
export const PausedDeployReason = 'DeploymentPaused';
export const ResumedDeployReason = 'DeploymentResumed';
export const MinimumReplicasAvailable = 'MinimumReplicasAvailable';
export const MinimumReplicasUnavailable = 'MinimumReplicasUnavailable';

/** Limit of the revision-history annotation (maxRevHistoryLengthInChars). */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;
const MAX_INT32 = 2147483647;

const annotationsToSkip = new Set([
  LastAppliedConfigAnnotation, RevisionAnnotation, RevisionHistoryAnnotation, DesiredReplicasAnnotation, MaxReplicasAnnotation,
  DeprecatedRollbackTo,
]);

export function deploymentReplicas(d: Deployment): number {
  return d.spec?.replicas ?? 1;
}

function parseInt10(v: string | undefined): number | undefined {
  if (v === undefined || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}

/** Revision: the revision annotation as a number (0 when absent, undefined when malformed). */
export function revisionOf(rs: ReplicaSet | Deployment): number | undefined {
  const v = rs.metadata?.annotations?.[RevisionAnnotation];
  if (v === undefined) return 0;
  return parseInt10(v);
}

export function maxRevision(list: readonly ReplicaSet[]): number {
  let max = 0;
  for (const rs of list) {
    const v = revisionOf(rs);
    if (v !== undefined && v > max) max = v;
  }
  return max;
}

/** ReplicaSetsByRevision: ascending revision; creation time breaks ties and parse errors. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  if (ra === undefined || rb === undefined || ra === rb) return byCreationTimestamp(a, b);
  return ra - rb;
}

function copyDeploymentAnnotationsToReplicaSet(d: Deployment, rs: Mutable<ReplicaSet>): boolean {
  let changed = false;
  const rsAnn = (rs.metadata!.annotations ??= {});
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    // The revision is not copied: the new RS's revision is the more reliable one.
    if (annotationsToSkip.has(k) || rsAnn[k] === v) continue;
    rsAnn[k] = v;
    changed = true;
  }
  return changed;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * SetNewReplicaSetAnnotations: copy the Deployment's annotations, raise the revision to
 * `newRevision` (remembering the old one in revision-history when rolling back to this RS), and on
 * creation add desired-replicas / max-replicas. Returns whether anything changed.
 */
export function setNewReplicaSetAnnotations(d: Deployment, newRS: Mutable<ReplicaSet>, newRevision: string, exists: boolean): boolean {
  newRS.metadata ??= {};
  let changed = copyDeploymentAnnotationsToReplicaSet(d, newRS);
  const ann = (newRS.metadata.annotations ??= {});
  const oldRevision = ann[RevisionAnnotation];
  const had = oldRevision !== undefined;
  let oldRevisionInt = parseInt10(oldRevision);
  if (oldRevisionInt === undefined) {
    if (oldRevision !== undefined && oldRevision !== '') return false;
    oldRevisionInt = 0;
  }
  const newRevisionInt = parseInt10(newRevision) ?? 0;
  if (oldRevisionInt < newRevisionInt) {
    ann[RevisionAnnotation] = newRevision;
    changed = true;
  }
  if (had && oldRevisionInt < newRevisionInt) {
    const history = ann[RevisionHistoryAnnotation] ?? '';
    const oldRevisions = history.split(',');
    if (oldRevisions[0].length === 0) {
      ann[RevisionHistoryAnnotation] = oldRevision!;
    } else {
      let totalLen = history.length + oldRevision!.length + 1;
      let start = 0;
      while (totalLen > MAX_REV_HISTORY_LENGTH_IN_CHARS && start < oldRevisions.length) {
        totalLen = totalLen - oldRevisions[start].length - 1;
        start++;
      }
      if (totalLen <= MAX_REV_HISTORY_LENGTH_IN_CHARS) {
        ann[RevisionHistoryAnnotation] = [...oldRevisions.slice(start), oldRevision!].join(',');
      }
    }
  }
  if (!exists && setReplicasAnnotations(newRS, deploymentReplicas(d), deploymentReplicas(d) + maxSurge(d))) changed = true;
  return changed;
}

/** SetDeploymentRevision: returns true when the annotation changed. */
export function setDeploymentRevision(d: Mutable<Deployment>, revision: string): boolean {
  d.metadata ??= {};
  const ann = (d.metadata.annotations ??= {});
  if (ann[RevisionAnnotation] === revision) return false;
  ann[RevisionAnnotation] = revision;
  return true;
}

export function setReplicasAnnotations(rs: Mutable<ReplicaSet>, desired: number, max: number): boolean {
  rs.metadata ??= {};
  const ann = (rs.metadata.annotations ??= {});
  let updated = false;
  if (ann[DesiredReplicasAnnotation] !== String(desired)) {
    ann[DesiredReplicasAnnotation] = String(desired);
    updated = true;
  }
  if (ann[MaxReplicasAnnotation] !== String(max)) {
    ann[MaxReplicasAnnotation] = String(max);
    updated = true;
  }
  return updated;
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const ann = rs.metadata?.annotations ?? {};
  return ann[DesiredReplicasAnnotation] !== String(desired) || ann[MaxReplicasAnnotation] !== String(max);
}

export function getDesiredReplicasAnnotation(rs: ReplicaSet): number | undefined {
  return parseInt10(rs.metadata?.annotations?.[DesiredReplicasAnnotation]);
}

export function getMaxReplicasAnnotation(rs: ReplicaSet): number | undefined {
  return parseInt10(rs.metadata?.annotations?.[MaxReplicasAnnotation]);
}

// ---- surge and unavailability -----------------------------------------------------------------

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/**
 * intstr.GetScaledValueFromIntOrPercent: an int is taken as is; "25%" is 25% of `total`, rounded
 * up (surge) or down (unavailable).
 */
export function getScaledValueFromIntOrPercent(v: number | string | undefined, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (!v.endsWith('%')) return 0;
  const pct = Number(v.slice(0, -1));
  if (!Number.isFinite(pct)) return 0;
  // Integer arithmetic first (pct * total is exact), then one division: 25% of 10 = 250/100 = 2.5.
  const x = (pct * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/**
 * ResolveFenceposts: resolve maxSurge (rounded up) and maxUnavailable (rounded down) against the
 * desired replicas. If both come out 0 (possible only through rounding, since validation forbids
 * 0/0), maxUnavailable becomes 1 so the rollout can still make progress.
 *
 * Worked example, replicas=10, maxSurge=25%, maxUnavailable=25%:
 *   surge = ceil(10 * 0.25) = ceil(2.5) = 3      -> at most 13 pods exist at any time
 *   unavailable = floor(2.5) = 2                 -> at least 8 pods stay available
 * replicas=1 with the same 25%/25%: surge = ceil(0.25) = 1, unavailable = floor(0.25) = 0, so the
 * new pod is started (2 pods) before the old one is removed.
 * replicas=3, maxSurge=0, maxUnavailable=10%: both resolve to 0 -> unavailable = 1.
 */
export function resolveFenceposts(maxSurgeV: number | string | undefined, maxUnavailableV: number | string | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = getScaledValueFromIntOrPercent(maxSurgeV ?? 0, desired, true);
  let unavailable = getScaledValueFromIntOrPercent(maxUnavailableV ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** MaxUnavailable: 0 for Recreate or 0 replicas; never more than the replicas. */
export function maxUnavailable(d: Deployment): number {
  const replicas = deploymentReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  const { unavailable } = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas);
  return Math.min(unavailable, replicas);
}

export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, deploymentReplicas(d)).surge;
}

export function getReplicaCountForReplicaSets(list: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of list) if (rs) n += replicasOf(rs);
  return n;
}

export function getActualReplicaCountForReplicaSets(list: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of list) if (rs) n += rs.status?.replicas ?? 0;
  return n;
}

export function getReadyReplicaCountForReplicaSets(list: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of list) if (rs) n += rs.status?.readyReplicas ?? 0;
  return n;
}

export function getAvailableReplicaCountForReplicaSets(list: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of list) if (rs) n += rs.status?.availableReplicas ?? 0;
  return n;
}

/**
 * NewRSNewReplicas: how big the new ReplicaSet may be now. RollingUpdate: grow into the surge room
 * (replicas + maxSurge - all pods), never past the desired count. Recreate: the desired count.
 */
export function newRSNewReplicas(d: Deployment, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet): number {
  if (!isRollingUpdate(d)) return deploymentReplicas(d);
  const replicas = deploymentReplicas(d);
  const surge = getScaledValueFromIntOrPercent(d.spec?.strategy?.rollingUpdate?.maxSurge, replicas, true);
  const currentPodCount = getReplicaCountForReplicaSets(allRSs);
  const maxTotalPods = replicas + surge;
  if (currentPodCount >= maxTotalPods) return replicasOf(newRS);
  const scaleUpCount = Math.min(maxTotalPods - currentPodCount, replicas - replicasOf(newRS));
  return replicasOf(newRS) + scaleUpCount;
}

/** IsSaturated: the new RS has the full count, by spec, annotation and availability. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = getDesiredReplicasAnnotation(rs);
  if (desired === undefined) return false;
  const replicas = deploymentReplicas(d);
  return replicasOf(rs) === replicas && desired === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

/** EqualIgnoreHash: templates equal apart from the pod-template-hash label. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  const strip = (t: PodTemplateSpec | undefined) => {
    const c = JSON.parse(JSON.stringify(t ?? {})) as { metadata?: { labels?: Record<string, string> } };
    if (c.metadata?.labels) delete c.metadata.labels[DefaultDeploymentUniqueLabelKey];
    return c;
  };
  return semanticEqual(strip(a), strip(b));
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. */
export function findNewReplicaSet<T extends ReplicaSet>(d: Deployment, rsList: readonly T[]): T | undefined {
  return [...rsList].sort(byCreationTimestamp).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** FindOldReplicaSets: (old ones with replicas, all old ones). */
export function findOldReplicaSets<T extends ReplicaSet>(d: Deployment, rsList: readonly T[]): { required: T[]; all: T[] } {
  const newRS = findNewReplicaSet(d, rsList);
  const all: T[] = [];
  const required: T[] = [];
  for (const rs of [...rsList].sort(byCreationTimestamp)) {
    if (newRS && rs.metadata?.uid === newRS.metadata?.uid) continue;
    all.push(rs);
    if (replicasOf(rs) !== 0) required.push(rs);
  }
  return { required, all };
}

/**
 * FindActiveOrLatest: the only active ReplicaSet, or the newest when none is active; undefined
 * when several are active (a rollout is in progress).
 */
export function findActiveOrLatest<T extends ReplicaSet>(newRS: T | undefined, oldRSs: readonly T[]): T | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const sortedOld = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  const all = filterActiveReplicaSets<T>([...sortedOld, newRS]);
  if (all.length === 0) return newRS ?? sortedOld[0];
  if (all.length === 1) return all[0];
  return undefined;
}

// ---- progress -----------------------------------------------------------------------------------

export function hasProgressDeadline(d: Deployment): boolean {
  const p = d.spec?.progressDeadlineSeconds;
  return p !== undefined && p !== null && p !== MAX_INT32;
}

export function hasRevisionHistoryLimit(d: Deployment): boolean {
  const l = d.spec?.revisionHistoryLimit;
  return l !== undefined && l !== null && l !== MAX_INT32;
}

/** DeploymentComplete: every desired replica is updated and available, and the spec was observed. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const replicas = deploymentReplicas(d);
  return (s.updatedReplicas ?? 0) === replicas && (s.replicas ?? 0) === replicas && (s.availableReplicas ?? 0) === replicas &&
    (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
}

/** DeploymentProgressing: more updated/ready/available pods, or fewer old ones, than last time. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

/** DeploymentTimedOut: no progress reported for progressDeadlineSeconds. `nowMs` is epoch ms. */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getDeploymentCondition(s, 'Progressing');
  if (!c) return false;
  if (c.reason === NewRSAvailableReason) return false;
  if (c.reason === TimedOutReason) return true;
  const from = Date.parse(c.lastUpdateTime ?? '');
  if (Number.isNaN(from)) return false;
  return from + (d.spec!.progressDeadlineSeconds! * 1000) < nowMs;
}

export function newDeploymentCondition(type: string, status: string, reason: string, message: string, stamp: string): DeploymentCondition {
  return { type, status, lastUpdateTime: stamp, lastTransitionTime: stamp, reason, message };
}

export function getDeploymentCondition(s: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return (s?.conditions ?? []).find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: no-op when status and reason are unchanged; keeps lastTransitionTime
 * when only the reason changed; the condition moves to the end of the list.
 */
export function setDeploymentCondition(s: Mutable<DeploymentStatus>, condition: DeploymentCondition): void {
  const cur = getDeploymentCondition(s, condition.type);
  if (cur && cur.status === condition.status && cur.reason === condition.reason) return;
  const c = { ...condition };
  if (cur && cur.status === c.status) c.lastTransitionTime = cur.lastTransitionTime;
  s.conditions = [...(s.conditions ?? []).filter((x) => x.type !== c.type), c];
}

export function removeDeploymentCondition(s: Mutable<DeploymentStatus>, type: string): void {
  const rest = (s.conditions ?? []).filter((c) => c.type !== type);
  if (rest.length) s.conditions = rest;
  else delete s.conditions;
}

export function replicaSetToDeploymentCondition(c: ReplicaSetCondition): DeploymentCondition {
  return {
    type: c.type, status: c.status, lastTransitionTime: c.lastTransitionTime, lastUpdateTime: c.lastTransitionTime,
    reason: c.reason, message: c.message,
  };
}
