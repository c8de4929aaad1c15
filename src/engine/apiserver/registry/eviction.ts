// POST pods/<name>/eviction: delete a pod only if its PodDisruptionBudget allows it. A pod whose PDB
// has no disruption left is refused with 429 TooManyRequests; an allowed eviction takes one from
// disruptionsAllowed, records the pod in status.disruptedPods (so the disruption controller stops
// counting it before the kubelet has it gone), marks the pod DisruptionTarget and deletes it.
// UPSTREAM: pkg/registry/core/pod/storage/eviction.go
// SIMPLIFICATION: no retries on conflict and no resourceVersion preconditions (every write here
// happens at one simulated instant, nothing can interleave); the PDB's status is written by the API
// server itself ('kube-apiserver').

import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import type { ApiStatus, KubeObject } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { pdbsForPod, updateDisruptionAllowedCondition, type PodDisruptionBudgetObject } from '../../api/poddisruptionbudget';
import { forbidden } from '../errors';
import { structuredCopy } from '../store';

/** MaxDisruptedPodSize: more unconfirmed evictions than this and the API server stops approving them. */
export const MAX_DISRUPTED_POD_SIZE = 2000;
export const EVICTION_REFUSED_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";

export interface EvictionOptions {
  gracePeriodSeconds?: number;
  /** check and report, change nothing (`--dry-run=server`) */
  dryRun?: boolean;
}

/** What the eviction handler needs from the API server. */
export interface EvictionStorage {
  pods: ResourceInfo;
  pdbs: ResourceInfo;
  getPod(namespace: string, name: string): KubeObject | undefined;
  listPDBs(namespace: string): KubeObject[];
  /** PUT poddisruptionbudgets/<name>/status */
  updatePDBStatus(pdb: KubeObject): { ok: true } | { ok: false; status: ApiStatus };
  /** add the DisruptionTarget condition, then DELETE the pod */
  addConditionAndDeletePod(pod: KubeObject, condition: PodCondition, gracePeriodSeconds?: number): { ok: true } | { ok: false; status: ApiStatus };
  timestamp(): string;
}

export type EvictionResult = { ok: true } | { ok: false; status: ApiStatus };

/** errors.NewTooManyRequests with a DisruptionBudget cause. */
export function tooManyRequests(causeMessage: string, retryAfterSeconds = 0): ApiStatus {
  return {
    kind: 'Status', apiVersion: 'v1', status: 'Failure', message: EVICTION_REFUSED_MESSAGE, reason: 'TooManyRequests', code: 429,
    details: { ...(retryAfterSeconds ? { retryAfterSeconds } : {}), causes: [{ reason: 'DisruptionBudget', message: causeMessage }] },
  };
}

/** canIgnorePDB: terminal, Pending and terminating pods are deleted without asking their budget. */
function canIgnorePDB(pod: Pod & KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.metadata.deletionTimestamp !== undefined;
}

function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

const EVICTION_CONDITION: PodCondition = { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' };

/** checkAndDecrement: refuse, or take one disruption and record the pod in disruptedPods. */
function checkAndDecrement(s: EvictionStorage, podName: string, live: PodDisruptionBudgetObject, dryRun: boolean): EvictionResult {
  const pdb = structuredCopy(live) as PodDisruptionBudgetObject;
  const name = pdb.metadata.name ?? '';
  const status = pdb.status ?? { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 };
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) {
    return { ok: false, status: tooManyRequests(`The disruption budget ${name} is still being processed by the server.`, 10) };
  }
  if (status.disruptionsAllowed < 0) return { ok: false, status: forbidden({ ...s.pdbs, resource: 'poddisruptionbudget' }, name, 'pdb disruptions allowed is negative') };
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
    return { ok: false, status: forbidden({ ...s.pdbs, resource: 'poddisruptionbudget' }, name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller') };
  }
  if (status.disruptionsAllowed === 0) {
    return { ok: false, status: tooManyRequests(`The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`) };
  }
  status.disruptionsAllowed--;
  pdb.status = status;
  if (status.disruptionsAllowed === 0) updateDisruptionAllowedCondition(pdb, s.timestamp());
  if (dryRun) return { ok: true };
  status.disruptedPods = { ...(status.disruptedPods ?? {}), [podName]: s.timestamp() };
  return s.updatePDBStatus(pdb);
}

/**
 * EvictionREST.Create. `namespace`/`name` name the pod. Success means the pod is now being deleted
 * (gracefully, like any DELETE); failure carries the Status a real server answers.
 */
export function evictPod(s: EvictionStorage, namespace: string, name: string, opts: EvictionOptions = {}): EvictionResult {
  const pod = s.getPod(namespace, name) as (Pod & KubeObject) | undefined;
  if (!pod) {
    return { ok: false, status: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: `pods "${name}" not found`, reason: 'NotFound', code: 404, details: { name, kind: 'pods' } } };
  }
  const remove = (): EvictionResult => (opts.dryRun ? { ok: true } : s.addConditionAndDeletePod(pod, EVICTION_CONDITION, opts.gracePeriodSeconds));
  if (canIgnorePDB(pod)) return remove();

  const pdbs = pdbsForPod(s.listPDBs(namespace), pod);
  if (pdbs.length > 1) {
    return { ok: false, status: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.', reason: 'InternalError', code: 500 } };
  }
  if (pdbs.length === 1) {
    const pdb = pdbs[0];
    // An unready pod does not count as healthy: deleting it takes nothing from the budget when the
    // policy says AlwaysAllow, or (IfHealthyBudget, the default) while the application is healthy.
    const unhealthyMayGo = !isPodReady(pod) && (
      pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow' ||
      ((pdb.status?.currentHealthy ?? 0) >= (pdb.status?.desiredHealthy ?? 0) && (pdb.status?.desiredHealthy ?? 0) > 0));
    if (!unhealthyMayGo) {
      const r = checkAndDecrement(s, name, pdb, opts.dryRun === true);
      if (!r.ok) return r;
    }
  }
  return remove();
}
