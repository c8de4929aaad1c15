// Recreate: scale every old ReplicaSet to 0, wait until no old pod is left running, then create
// (or scale up) the new ReplicaSet to the full count.
// UPSTREAM: pkg/controller/deployment/recreate.go

import type { Pod } from 'kubernetes-types/core/v1';
import type { ReplicaSetObject } from '../controller-utils';
import { filterActiveReplicaSets, replicasOf } from '../controller-utils';
import type { SyncResult } from '../types';
import { syncRolloutStatus } from './progress';
import type { DeploymentDeps } from './sync';
import { allOf, cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent } from './sync';
import type { DeploymentObject } from './util';
import { deploymentComplete, deploymentReplicas, getActualReplicaCountForReplicaSets } from './util';

/** Pods of the Deployment grouped by the uid of the ReplicaSet that controls them. */
export type PodMap = Map<string, Pod[]>;

export function rolloutRecreate(dc: DeploymentDeps, d: DeploymentObject, rsList: ReplicaSetObject[], podMap: () => PodMap): SyncResult {
  // Do not create the new ReplicaSet yet: nothing may scale up before the old pods are gone.
  let nao = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  let allRSs = allOf(nao);
  const activeOldRSs = filterActiveReplicaSets(nao.oldRSs);

  if (scaleDownOldReplicaSetsForRecreate(dc, activeOldRSs, d)) return syncRolloutStatus(dc, allRSs, nao.newRS, d);
  if (oldPodsRunning(nao.newRS, nao.oldRSs, podMap())) return syncRolloutStatus(dc, allRSs, nao.newRS, d);

  if (!nao.newRS) {
    nao = getAllReplicaSetsAndSyncRevision(dc, d, rsList, true);
    allRSs = allOf(nao);
  }
  const newRS = nao.newRS!;
  const { rs } = scaleReplicaSetAndRecordEvent(dc, newRS, deploymentReplicas(d), d);
  allRSs = allOf({ newRS: rs, oldRSs: nao.oldRSs });

  if (deploymentComplete(d, d.status ?? {})) cleanupDeployment(dc, nao.oldRSs, d);
  return syncRolloutStatus(dc, allRSs, rs, d);
}

function scaleDownOldReplicaSetsForRecreate(dc: DeploymentDeps, oldRSs: ReplicaSetObject[], d: DeploymentObject): boolean {
  let scaled = false;
  for (const rs of oldRSs) {
    if (replicasOf(rs) === 0) continue;
    if (scaleReplicaSetAndRecordEvent(dc, rs, 0, d).scaled) scaled = true;
  }
  return scaled;
}

/**
 * oldPodsRunning: any old ReplicaSet still reports pods, or any pod of an old ReplicaSet is not
 * terminal. Terminating pods count: Recreate means the old version is fully gone first.
 */
export function oldPodsRunning(newRS: ReplicaSetObject | undefined, oldRSs: ReplicaSetObject[], podMap: PodMap): boolean {
  if (getActualReplicaCountForReplicaSets(oldRSs) > 0) return true;
  for (const [rsUID, pods] of podMap) {
    if (newRS && newRS.metadata.uid === rsUID) continue;
    for (const pod of pods) {
      const phase = pod.status?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') continue;
      return true;
    }
  }
  return false;
}
