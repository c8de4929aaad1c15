// PodDisruptionBudget helpers the disruption controller, the eviction subresource and the scheduler
// share: which PDBs select a pod, and the DisruptionAllowed condition.
// UPSTREAM: staging/src/k8s.io/component-helpers/apps/poddisruptionbudget/helpers.go,
//           staging/src/k8s.io/apimachinery/pkg/api/meta/conditions.go (SetStatusCondition),
//           staging/src/k8s.io/client-go/listers/policy/v1/poddisruptionbudget_expansion.go

import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { Condition } from 'kubernetes-types/meta/v1';
import type { KubeObject } from './meta';
import { labelSelectorAsSelector } from './labels';

export type PodDisruptionBudgetObject = PodDisruptionBudget & KubeObject;

export const DISRUPTION_ALLOWED_CONDITION = 'DisruptionAllowed';
export const SUFFICIENT_PODS_REASON = 'SufficientPods';
export const INSUFFICIENT_PODS_REASON = 'InsufficientPods';
export const SYNC_FAILED_REASON = 'SyncFailed';

/**
 * metav1 SetStatusCondition: add the condition, or update it in place; lastTransitionTime moves only
 * when the status changes. `conditions` is modified.
 */
export function setStatusCondition(conditions: Condition[], c: Omit<Condition, 'lastTransitionTime'>, nowTimestamp: string): void {
  const existing = conditions.find((x) => x.type === c.type);
  if (!existing) {
    conditions.push({ ...c, lastTransitionTime: nowTimestamp });
    return;
  }
  if (existing.status !== c.status) {
    existing.status = c.status;
    existing.lastTransitionTime = nowTimestamp;
  }
  existing.reason = c.reason;
  existing.message = c.message;
  existing.observedGeneration = c.observedGeneration;
}

/** UpdateDisruptionAllowedCondition: True/SufficientPods when disruptions are allowed, else False/InsufficientPods. */
export function updateDisruptionAllowedCondition(pdb: PodDisruptionBudgetObject, nowTimestamp: string): void {
  const status = (pdb.status ??= { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 });
  const conditions = (status.conditions ??= []) as Condition[];
  const allowed = status.disruptionsAllowed > 0;
  setStatusCondition(conditions, {
    type: DISRUPTION_ALLOWED_CONDITION,
    status: allowed ? 'True' : 'False',
    reason: allowed ? SUFFICIENT_PODS_REASON : INSUFFICIENT_PODS_REASON,
    message: '',
    observedGeneration: status.observedGeneration,
  }, nowTimestamp);
}

/** ConditionsAreUpToDate: the DisruptionAllowed condition agrees with disruptionsAllowed and the generation. */
export function conditionsAreUpToDate(pdb: PodDisruptionBudgetObject): boolean {
  const cond = pdb.status?.conditions?.find((c) => c.type === DISRUPTION_ALLOWED_CONDITION);
  if (!cond) return false;
  if (pdb.status?.observedGeneration !== pdb.metadata.generation) return false;
  if (cond.observedGeneration !== pdb.status?.observedGeneration) return false;
  if ((pdb.status?.disruptionsAllowed ?? 0) > 0) return cond.status === 'True' && cond.reason === SUFFICIENT_PODS_REASON;
  return cond.status === 'False' && cond.reason === INSUFFICIENT_PODS_REASON;
}

/**
 * The PDBs in the pod's namespace whose selector matches its labels (the policy/v1 lister's
 * GetPodPodDisruptionBudgets and the eviction subresource): a nil selector matches nothing, an empty
 * one every pod. `emptySelectsNothing` gives the scheduler's rule instead (filterPodsWithPDBViolation
 * skips empty selectors).
 */
export function pdbsForPod(pdbs: readonly KubeObject[], pod: { metadata?: { namespace?: string; labels?: Record<string, string> } }, emptySelectsNothing = false): PodDisruptionBudgetObject[] {
  const out: PodDisruptionBudgetObject[] = [];
  for (const o of pdbs) {
    const pdb = o as PodDisruptionBudgetObject;
    if (pdb.metadata.namespace !== pod.metadata?.namespace) continue;
    const sel = labelSelectorAsSelector(pdb.spec?.selector);
    if (sel.error) continue;
    if (emptySelectsNothing && sel.isEverything()) continue;
    if (sel.matches(pod.metadata?.labels ?? {})) out.push(pdb);
  }
  return out;
}
