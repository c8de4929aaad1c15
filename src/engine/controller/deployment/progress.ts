// Rollout progress: the Progressing condition (ReplicaSetUpdated / NewReplicaSetAvailable /
// ProgressDeadlineExceeded), ReplicaFailure copied from the ReplicaSets, and the requeue that
// notices a stuck rollout when progressDeadlineSeconds runs out.
// UPSTREAM: pkg/controller/deployment/progress.go

import type { DeploymentCondition } from 'kubernetes-types/apps/v1';
import type { ReplicaSetObject } from '../controller-utils';
import type { SyncResult } from '../types';
import { DONE } from '../types';
import type { DeploymentDeps } from './sync';
import { calculateStatus, statusEqual, writeDeploymentStatus } from './sync';
import type { DeploymentObject } from './util';
import {
  deploymentComplete, deploymentProgressing, deploymentTimedOut, getDeploymentCondition, hasProgressDeadline,
  newDeploymentCondition, NewRSAvailableReason, removeDeploymentCondition, replicaSetToDeploymentCondition,
  ReplicaSetUpdatedReason, setDeploymentCondition, TimedOutReason,
} from './util';

/**
 * syncRolloutStatus: the status of a Deployment that is (or may be) rolling out. The Progressing
 * condition's lastUpdateTime moves whenever progress is seen; without progress for
 * progressDeadlineSeconds it turns False/ProgressDeadlineExceeded.
 */
export function syncRolloutStatus(dc: DeploymentDeps, allRSs: ReplicaSetObject[], newRS: ReplicaSetObject | undefined, d: DeploymentObject): SyncResult {
  const stamp = dc.timestamp();
  const newStatus = calculateStatus(allRSs, newRS, d, stamp);
  if (!hasProgressDeadline(d)) removeDeploymentCondition(newStatus, 'Progressing');

  const currentCond = getDeploymentCondition(d.status, 'Progressing');
  const isCompleteDeployment = (newStatus.replicas ?? 0) === (newStatus.updatedReplicas ?? 0) && currentCond?.reason === NewRSAvailableReason;
  if (hasProgressDeadline(d) && !isCompleteDeployment) {
    if (deploymentComplete(d, newStatus)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
      setDeploymentCondition(newStatus, newDeploymentCondition('Progressing', 'True', NewRSAvailableReason, msg, stamp));
    } else if (deploymentProgressing(d, newStatus)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
      const cond = newDeploymentCondition('Progressing', 'True', ReplicaSetUpdatedReason, msg, stamp);
      // Same reason, but lastUpdateTime must move: replace the condition, keeping the transition time.
      if (currentCond) {
        if (currentCond.status === 'True') cond.lastTransitionTime = currentCond.lastTransitionTime;
        removeDeploymentCondition(newStatus, 'Progressing');
      }
      setDeploymentCondition(newStatus, cond);
    } else if (deploymentTimedOut(d, newStatus, dc.wallNow())) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
      setDeploymentCondition(newStatus, newDeploymentCondition('Progressing', 'False', TimedOutReason, msg, stamp));
    }
  }

  const failures = getReplicaFailures(allRSs, newRS);
  if (failures.length > 0) setDeploymentCondition(newStatus, failures[0]);
  else removeDeploymentCondition(newStatus, 'ReplicaFailure');

  if (statusEqual(d.status, newStatus)) return requeueStuckDeployment(dc, d, newStatus);
  d.status = newStatus;
  writeDeploymentStatus(dc, d);
  return DONE;
}

/** getReplicaFailures: the new ReplicaSet's ReplicaFailure conditions first, else any old one's. */
function getReplicaFailures(allRSs: ReplicaSetObject[], newRS: ReplicaSetObject | undefined): DeploymentCondition[] {
  const of = (rs: ReplicaSetObject) => (rs.status?.conditions ?? []).filter((c) => c.type === 'ReplicaFailure').map(replicaSetToDeploymentCondition);
  if (newRS) {
    const own = of(newRS);
    if (own.length) return own;
  }
  return allRSs.flatMap(of);
}

/**
 * requeueStuckDeployment: with no sign of progress, come back when the deadline passes
 * (lastUpdateTime + progressDeadlineSeconds - now, plus a second), to mark it timed out.
 * Example: last progress 3 minutes ago, deadline 10 minutes -> look again in 7 minutes and 1 second.
 */
function requeueStuckDeployment(dc: DeploymentDeps, d: DeploymentObject, newStatus: DeploymentObject['status']): SyncResult {
  const cond = getDeploymentCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !cond) return DONE;
  if (deploymentComplete(d, newStatus ?? {}) || cond.reason === TimedOutReason) return DONE;
  const last = Date.parse(cond.lastUpdateTime ?? '');
  if (Number.isNaN(last)) return DONE;
  const after = last + d.spec!.progressDeadlineSeconds! * 1000 - dc.wallNow();
  if (after < 1000) return { kind: 'retry', reason: 'progress deadline check' };
  return { kind: 'requeueAfter', delayMs: after + 1000, background: true };
}
