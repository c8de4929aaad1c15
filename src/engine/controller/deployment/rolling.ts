// RollingUpdate: grow the new ReplicaSet into the surge room, shrink old ones as far as
// availability allows, repeat as pods become available.
// UPSTREAM: pkg/controller/deployment/rolling.go
// SIMPLIFICATION (a guard upstream lacks): when deciding how far old ReplicaSets may shrink, a
// ReplicaSet counts at most spec.replicas available pods. Its status can still report pods it is
// about to delete (the ReplicaSet controller has not yet seen the new spec); upstream's informers
// make that window milliseconds, the sim's watch latency makes it 100 ms.

import type { ReplicaSetObject } from '../controller-utils';
import { byCreationTimestamp, filterActiveReplicaSets, replicasOf } from '../controller-utils';
import type { SyncResult } from '../types';
import { syncRolloutStatus } from './progress';
import type { DeploymentDeps } from './sync';
import { allOf, cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent, SyncError } from './sync';
import type { DeploymentObject } from './util';
import {
  deploymentComplete, deploymentReplicas, getReplicaCountForReplicaSets, maxUnavailable,
  newRSNewReplicas,
} from './util';

/**
 * rolloutRolling: one step of a rolling update. Scale up first; if nothing could be scaled up,
 * scale down; when the rollout is complete, clean up old ReplicaSets beyond the history limit.
 *
 * Worked example, replicas=4, maxSurge=25% (-> 1), maxUnavailable=25% (-> 1), all old pods ready:
 *   step 1: new RS 0 -> 1 (5 pods = 4 + surge 1); the sync ends there.
 *   step 2: nothing to scale up (5 >= 5); minAvailable = 4 - 1 = 3; new RS has 1 unavailable pod, so
 *           maxScaledDown = 5 - 3 - 1 = 1; available = 4 > 3 -> old RS 4 -> 3.
 *   step 3: new RS 1 -> 2 (3 + 2 = 5 pods) ... and so on as new pods become available, until
 *           new RS = 4 and old RS = 0. At no point are there more than 5 pods or fewer than 3 available.
 */
export function rolloutRolling(dc: DeploymentDeps, d: DeploymentObject, rsList: ReplicaSetObject[]): SyncResult {
  const nao = getAllReplicaSetsAndSyncRevision(dc, d, rsList, true);
  const newRS = nao.newRS!;
  let allRSs = allOf(nao);

  const up = reconcileNewReplicaSet(dc, allRSs, newRS, d);
  if (up.scaled) {
    allRSs = allOf({ newRS: up.rs, oldRSs: nao.oldRSs });
    return syncRolloutStatus(dc, allRSs, up.rs, d);
  }
  const scaledDown = reconcileOldReplicaSets(dc, allRSs, filterActiveReplicaSets(nao.oldRSs), newRS, d);
  if (scaledDown) return syncRolloutStatus(dc, allRSs, newRS, d);

  if (deploymentComplete(d, d.status ?? {})) cleanupDeployment(dc, nao.oldRSs, d);
  return syncRolloutStatus(dc, allRSs, newRS, d);
}

/** reconcileNewReplicaSet: scale the new RS down to replicas if above, else up by newRSNewReplicas. */
export function reconcileNewReplicaSet(dc: DeploymentDeps, allRSs: ReplicaSetObject[], newRS: ReplicaSetObject, d: DeploymentObject): { scaled: boolean; rs: ReplicaSetObject } {
  const replicas = deploymentReplicas(d);
  if (replicasOf(newRS) === replicas) return { scaled: false, rs: newRS };
  if (replicasOf(newRS) > replicas) return scaleReplicaSetAndRecordEvent(dc, newRS, replicas, d);
  return scaleReplicaSetAndRecordEvent(dc, newRS, newRSNewReplicas(d, allRSs, newRS), d);
}

/**
 * reconcileOldReplicaSets: how far may the old ReplicaSets shrink?
 *   maxScaledDown = allPods - minAvailable - newRSUnavailable
 * where minAvailable = replicas - maxUnavailable. Counting the new RS's unavailable pods keeps a
 * crash-looping new version from eating the old, working pods. Example (upstream's): 10 replicas,
 * maxUnavailable 2, maxSurge 3: new RS at 5 with 5 crash-looping pods, old RS at 8: 13 - 8 - 5 = 0,
 * so the old RS is left alone. Unhealthy old pods go first (cleanupUnhealthyReplicas), then healthy
 * ones as far as availability allows (scaleDownOldReplicaSetsForRollingUpdate).
 */
export function reconcileOldReplicaSets(
  dc: DeploymentDeps, allRSs: ReplicaSetObject[], oldRSs: ReplicaSetObject[], newRS: ReplicaSetObject, d: DeploymentObject,
): boolean {
  const oldPodsCount = getReplicaCountForReplicaSets(oldRSs);
  if (oldPodsCount === 0) return false;
  const allPodsCount = getReplicaCountForReplicaSets(allRSs);
  const minAvailable = deploymentReplicas(d) - maxUnavailable(d);
  const newRSUnavailablePodCount = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPodsCount - minAvailable - newRSUnavailablePodCount;
  if (maxScaledDown <= 0) return false;

  const cleaned = cleanupUnhealthyReplicas(dc, oldRSs, d, maxScaledDown);
  const scaledDownCount = scaleDownOldReplicaSetsForRollingUpdate(dc, [...cleaned.oldRSs, newRS], cleaned.oldRSs, d);
  return cleaned.count + scaledDownCount > 0;
}

/**
 * cleanupUnhealthyReplicas: scale old ReplicaSets down by their unavailable pods (oldest first),
 * up to maxCleanupCount: removing pods that serve nothing costs no availability.
 */
export function cleanupUnhealthyReplicas(dc: DeploymentDeps, oldRSs: ReplicaSetObject[], d: DeploymentObject, maxCleanupCount: number): { oldRSs: ReplicaSetObject[]; count: number } {
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (total >= maxCleanupCount) break;
    const target = sorted[i];
    const replicas = replicasOf(target);
    const available = target.status?.availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    const scaledDownCount = Math.min(maxCleanupCount - total, replicas - available);
    const newReplicasCount = replicas - scaledDownCount;
    // A status that lags the spec (available > replicas after a scale-down) must not scale up.
    if (newReplicasCount > replicas) {
      throw new SyncError(`when cleaning up unhealthy replicas, got invalid request to scale down ${target.metadata.namespace}/${target.metadata.name} ${replicas} -> ${newReplicasCount}`);
    }
    const { rs } = scaleReplicaSetAndRecordEvent(dc, target, newReplicasCount, d);
    total += scaledDownCount;
    sorted[i] = rs;
  }
  return { oldRSs: sorted, count: total };
}

/**
 * scaleDownOldReplicaSetsForRollingUpdate: remove up to (available - minAvailable) old pods,
 * oldest ReplicaSets first.
 */
export function scaleDownOldReplicaSetsForRollingUpdate(dc: DeploymentDeps, allRSs: ReplicaSetObject[], oldRSs: ReplicaSetObject[], d: DeploymentObject): number {
  const minAvailable = deploymentReplicas(d) - maxUnavailable(d);
  const availablePodCount = allRSs.reduce((n, rs) => n + Math.min(rs.status?.availableReplicas ?? 0, replicasOf(rs)), 0);
  if (availablePodCount <= minAvailable) return 0;
  const totalScaleDownCount = availablePodCount - minAvailable;
  let total = 0;
  for (const target of [...oldRSs].sort(byCreationTimestamp)) {
    if (total >= totalScaleDownCount) break;
    if (replicasOf(target) === 0) continue;
    const scaleDownCount = Math.min(replicasOf(target), totalScaleDownCount - total);
    const newReplicasCount = replicasOf(target) - scaleDownCount;
    if (newReplicasCount > replicasOf(target)) {
      throw new SyncError(`when scaling down old replica set, got invalid request to scale down ${target.metadata.namespace}/${target.metadata.name} ${replicasOf(target)} -> ${newReplicasCount}`);
    }
    scaleReplicaSetAndRecordEvent(dc, target, newReplicasCount, d);
    total += scaleDownCount;
  }
  return total;
}
