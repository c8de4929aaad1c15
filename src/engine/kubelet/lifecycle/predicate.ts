// Pod admission on the node: the kubelet re-runs the scheduler's GeneralPredicates on every pod bound
// to it, because a pod created with spec.nodeName set never went through the scheduler.
// UPSTREAM: pkg/kubelet/lifecycle/predicate.go (predicateAdmitHandler.Admit, GeneralPredicates)
// SIMPLIFICATION: resource fit and required node affinity only (no host ports, no NoExecute taints).

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { newNodeInfo } from '../../scheduler/framework/node-info';
import { getRequiredNodeAffinity, requiredNodeAffinityMatches } from '../../scheduler/plugins/nodeaffinity/node-selector';
import { fits, insufficientResourceError } from '../../scheduler/plugins/noderesources/fit';

/** PodAdmitResult: on rejection, the event reason and the predicate's message. */
export type PodAdmitResult = { admit: true } | { admit: false; reason: string; message: string };

/**
 * Whether `pod` may run on `node` next to `admittedPods` (the node's other admitted, unfinished pods).
 * Without a Node object (not registered yet) everything is admitted.
 */
export function admitPod(pod: Pod, node: Node | undefined, admittedPods: Pod[]): PodAdmitResult {
  const insufficient = node ? fits(pod, newNodeInfo(node, ...admittedPods)) : [];
  const affinityOk = !node || requiredNodeAffinityMatches(getRequiredNodeAffinity(pod), node);
  if (insufficient.length === 0 && affinityOk) return { admit: true };
  if (insufficient.length) return { admit: false, reason: `OutOf${insufficient[0].resourceName}`, message: insufficientResourceError(insufficient[0]) };
  return { admit: false, reason: 'NodeAffinity', message: 'Predicate NodeAffinity failed' };
}
