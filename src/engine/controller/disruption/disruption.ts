// The disruption controller: keep each PodDisruptionBudget's status true to its pods, so evictions
// (and the scheduler's preemption) know how many pods may go now.
// UPSTREAM: pkg/controller/disruption/disruption.go
// SIMPLIFICATION: a pod change enqueues every PDB that selects it (upstream: the first one), and the
// MultiplePodDisruptionBudgets event is not recorded; the stale DisruptionTarget condition cleanup
// (stalePodDisruptionTimeout) is not modelled; ReplicationControllers are not served, so a pod they
// own finds no controller.
//
// Worked example (what sync computes). Deployment web, replicas 4, all 4 pods Ready, one of them
// just evicted (in status.disruptedPods, not yet terminating):
//   minAvailable 2     -> expectedPods 4 (the pods found), desiredHealthy 2
//   minAvailable "60%" -> expectedPods 4 (the Deployment's scale), desiredHealthy ceil(2.4) = 3
//   maxUnavailable 1   -> expectedPods 4 (the scale), desiredHealthy 4 - 1 = 3
//   currentHealthy 3 (Ready, not terminating, not recently disrupted)
//   disruptionsAllowed = currentHealthy - desiredHealthy, never below 0: 1, 0, 0.

import type { Condition } from 'kubernetes-types/meta/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import { keyOf } from '../../api/meta';
import { labelSelectorAsSelector } from '../../api/labels';
import { resourceForKind } from '../../api/resources';
import { groupResource } from '../../apiserver/errors';
import {
  conditionsAreUpToDate, DISRUPTION_ALLOWED_CONDITION, pdbsForPod, setStatusCondition, SYNC_FAILED_REASON,
  updateDisruptionAllowedCondition, type PodDisruptionBudgetObject,
} from '../../api/poddisruptionbudget';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import { structuredCopy } from '../../apiserver/store';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';
import { getControllerOf, isPodReady, semanticEqual, wallClock } from '../controller-utils';
import { getScaledValueFromIntOrPercent } from '../deployment/util';

/**
 * DeletionTimeout: how long an eviction's entry in status.disruptedPods keeps the pod out of
 * currentHealthy while the controller waits to see it terminating.
 */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

type PodObject = Pod & KubeObject;
interface ScalableObject extends KubeObject {
  spec?: { replicas?: number };
}

/** The informer of each kind whose scale a PDB's percentage is resolved against. */
const SCALE_RESOURCES: Record<string, string> = {
  ReplicationController: 'replicationcontrollers',
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
  StatefulSet: 'statefulsets',
};

interface ControllerAndScale {
  uid: string;
  scale: number;
}

class SyncError extends Error {}

export class DisruptionController implements Controller {
  readonly name = 'disruption-controller';
  readonly queue: WorkQueue;
  private pdbs!: Informer<PodDisruptionBudgetObject>;
  private pods!: Informer<PodObject>;
  private readonly scalables = new Map<string, Informer<ScalableObject>>();
  private readonly wallNow: () => number;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
    this.wallNow = wallClock(ctx);
  }

  start(informers: SharedInformerFactory): void {
    this.pdbs = informers.informerFor<PodDisruptionBudgetObject>('poddisruptionbudgets');
    this.pods = informers.informerFor<PodObject>('pods');
    for (const [kind, resource] of Object.entries(SCALE_RESOURCES)) this.scalables.set(kind, informers.informerFor<ScalableObject>(resource));
    this.pdbs.addEventHandler({
      add: (pdb) => this.enqueuePdb(pdb),
      update: (_old, cur) => this.enqueuePdb(cur),
      delete: (pdb) => this.enqueuePdb(pdb),
    });
    this.pods.addEventHandler({
      add: (pod) => this.enqueuePdbsForPod(pod),
      update: (old, cur) => {
        this.enqueuePdbsForPod(cur);
        if (!semanticEqual(old.metadata.labels, cur.metadata.labels)) this.enqueuePdbsForPod(old);
      },
      delete: (pod) => this.enqueuePdbsForPod(pod),
    });
  }

  sync(key: ObjectKey): SyncResult {
    const pdb = this.pdbs.get(key);
    if (!pdb) return DONE;
    try {
      return this.trySync(pdb);
    } catch (e) {
      if (!(e instanceof SyncError)) throw e;
      return this.failSafe(pdb, e.message);
    }
  }

  private enqueuePdb(pdb: PodDisruptionBudgetObject): void {
    this.queue.add(keyOf(pdb.metadata));
  }

  private enqueuePdbsForPod(pod: PodObject): void {
    for (const pdb of pdbsForPod(this.pdbs.list(pod.metadata.namespace), pod)) this.enqueuePdb(pdb);
  }

  /** getPodsForPdb: the pods in the PDB's namespace its selector matches (policy/v1: {} matches all). */
  private getPodsForPdb(pdb: PodDisruptionBudgetObject): PodObject[] {
    const sel = labelSelectorAsSelector(pdb.spec?.selector);
    return this.pods.list(pdb.metadata.namespace).filter((p) => sel.matches(p.metadata.labels ?? {}));
  }

  private trySync(pdb: PodDisruptionBudgetObject): SyncResult {
    const pods = this.getPodsForPdb(pdb);
    if (pods.length === 0) this.ctx.recorder.event(pdb, 'Normal', 'NoPods', 'No matching pods found');

    let counts: { expectedCount: number; desiredHealthy: number; unmanagedPods: string[] };
    try {
      counts = this.getExpectedPodCount(pdb, pods);
    } catch (e) {
      if (!(e instanceof SyncError)) throw e;
      this.ctx.recorder.event(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${e.message}`);
      throw e;
    }
    if (counts.unmanagedPods.length > 0) {
      this.ctx.recorder.event(pdb, 'Warning', 'UnmanagedPods',
        `Pods selected by this PodDisruptionBudget (selector: ${goLabelSelectorString(pdb.spec?.selector)}) were found to be unmanaged. ` +
        'As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. ' +
        'To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.');
    }

    const now = this.wallNow();
    const { disruptedPods, recheckMs } = this.buildDisruptedPodMap(pods, pdb, now);
    const currentHealthy = countHealthyPods(pods, disruptedPods, now);
    const r = this.updatePdbStatus(pdb, currentHealthy, counts.desiredHealthy, counts.expectedCount, disruptedPods);
    if (r.kind !== 'done') return r;
    // A safety re-check: if an evicted pod never starts terminating, its entry expires and the pod
    // counts as healthy again. settle() need not wait for it. (At least 1 ms: at the expiry instant
    // itself the entry is still kept, and simulated time must move for it to go.)
    if (recheckMs !== undefined) return { kind: 'requeueAfter', delayMs: Math.max(1, recheckMs - now), background: true };
    return DONE;
  }

  /**
   * getExpectedPodCount. An integer minAvailable counts the pods found; a percentage or maxUnavailable
   * is resolved against the summed scale of the pods' controllers (pods without one are "unmanaged"
   * and add nothing).
   */
  private getExpectedPodCount(pdb: PodDisruptionBudgetObject, pods: readonly PodObject[]): { expectedCount: number; desiredHealthy: number; unmanagedPods: string[] } {
    const { minAvailable, maxUnavailable } = pdb.spec ?? {};
    if (maxUnavailable !== undefined) {
      const { expectedCount, unmanagedPods } = this.getExpectedScale(pods);
      const max = getScaledValueFromIntOrPercent(maxUnavailable, expectedCount, true);
      return { expectedCount, desiredHealthy: Math.max(0, expectedCount - max), unmanagedPods };
    }
    if (typeof minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: minAvailable, unmanagedPods: [] };
    if (typeof minAvailable === 'string') {
      const { expectedCount, unmanagedPods } = this.getExpectedScale(pods);
      return { expectedCount, desiredHealthy: getScaledValueFromIntOrPercent(minAvailable, expectedCount, true), unmanagedPods };
    }
    return { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
  }

  /** getExpectedScale: the sum of the scales of the distinct controllers of `pods`. */
  private getExpectedScale(pods: readonly PodObject[]): { expectedCount: number; unmanagedPods: string[] } {
    const controllerScale = new Map<string, number>();
    const unmanagedPods: string[] = [];
    for (const pod of pods) {
      const ref = getControllerOf(pod);
      if (!ref) {
        unmanagedPods.push(pod.metadata.name ?? '');
        continue;
      }
      if (controllerScale.has(ref.uid)) continue;
      const found = this.findController(ref, pod.metadata.namespace);
      if (!found) throw new SyncError(`found no controllers for pod "${pod.metadata.name ?? ''}"`);
      controllerScale.set(found.uid, found.scale);
    }
    let expectedCount = 0;
    for (const s of controllerScale.values()) expectedCount += s;
    return { expectedCount, unmanagedPods };
  }

  /**
   * The finders, in upstream's order: a ReplicaSet answers for its Deployment when one controls it;
   * the other workloads answer for themselves (the scale subresource). A kind without a scale
   * subresource is an error; a controller that is gone (or a different one by uid) is not found.
   */
  private findController(ref: { apiVersion: string; kind: string; name: string; uid: string }, namespace: string | undefined): ControllerAndScale | undefined {
    const get = (kind: string, name: string) => this.scalables.get(kind)?.get(keyOf({ namespace, name }));
    const workload = SCALE_RESOURCES[ref.kind] ? get(ref.kind, ref.name) : undefined;
    if (!SCALE_RESOURCES[ref.kind]) {
      const group = ref.apiVersion.includes('/') ? ref.apiVersion.slice(0, ref.apiVersion.indexOf('/')) : '';
      const served = resourceForKind(ref.kind);
      if (served) throw new SyncError(`${groupResource(served)} does not implement the scale subresource`);
      throw new SyncError(`no matches for kind "${ref.kind}" in group "${group}"`);
    }
    if (!workload || workload.metadata.uid !== ref.uid) return undefined;
    if (ref.kind === 'ReplicaSet') {
      const owner = getControllerOf(workload);
      if (owner?.kind === 'Deployment') {
        const d = get('Deployment', owner.name);
        return d && d.metadata.uid === owner.uid ? { uid: d.metadata.uid ?? '', scale: d.spec?.replicas ?? 1 } : undefined;
      }
    }
    return { uid: workload.metadata.uid ?? '', scale: workload.spec?.replicas ?? 1 };
  }

  /**
   * buildDisruptedPodMap: keep the entries of pods that still exist and are not terminating yet,
   * while their DeletionTimeout runs; `recheckMs` is when the first of them expires.
   */
  private buildDisruptedPodMap(pods: readonly PodObject[], pdb: PodDisruptionBudgetObject, nowMs: number): { disruptedPods: Record<string, string>; recheckMs?: number } {
    const disruptedPods: Record<string, string> = {};
    const recorded = pdb.status?.disruptedPods ?? {};
    let recheckMs: number | undefined;
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp) continue;
      const name = pod.metadata.name ?? '';
      const at = recorded[name];
      if (at === undefined) continue;
      const expectedDeletion = Date.parse(at) + DELETION_TIMEOUT_MS;
      if (expectedDeletion < nowMs) {
        this.ctx.recorder.event(pod, 'Warning', 'NotDeleted', `Pod was expected by PDB ${pdb.metadata.namespace ?? ''}/${pdb.metadata.namespace ?? ''} to be deleted but it wasn't`);
      } else {
        if (recheckMs === undefined || expectedDeletion < recheckMs) recheckMs = expectedDeletion;
        disruptedPods[name] = at;
      }
    }
    return { disruptedPods, recheckMs };
  }

  /** updatePdbStatus: write the counts, the disruptedPods and the DisruptionAllowed condition when they changed. */
  private updatePdbStatus(pdb: PodDisruptionBudgetObject, currentHealthy: number, desiredHealthy: number, expectedCount: number, disruptedPods: Record<string, string>): SyncResult {
    // expectedCount must be > 0, so a PDB that matched no pods is safe when its first pods appear
    // before this controller has caught up.
    let disruptionsAllowed = currentHealthy - desiredHealthy;
    if (expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
    const s = pdb.status;
    if (s && s.currentHealthy === currentHealthy && s.desiredHealthy === desiredHealthy && s.expectedPods === expectedCount &&
      s.disruptionsAllowed === disruptionsAllowed && semanticEqual(s.disruptedPods ?? {}, disruptedPods) &&
      s.observedGeneration === pdb.metadata.generation && conditionsAreUpToDate(pdb)) {
      return DONE;
    }
    const next = structuredCopy(pdb) as PodDisruptionBudgetObject;
    next.status = {
      currentHealthy,
      desiredHealthy,
      expectedPods: expectedCount,
      disruptionsAllowed,
      ...(Object.keys(disruptedPods).length ? { disruptedPods } : {}),
      observedGeneration: pdb.metadata.generation,
      conditions: (pdb.status?.conditions ?? []).map((c) => ({ ...c })),
    };
    updateDisruptionAllowedCondition(next, this.ctx.timestamp());
    return this.writePdbStatus(next);
  }

  /**
   * failSafe: when the status cannot be computed, at least say no disruption is allowed, so the
   * eviction API refuses rather than approving something unsafe ("fail closed" for evictions).
   */
  private failSafe(pdb: PodDisruptionBudgetObject, message: string): SyncResult {
    const next = structuredCopy(pdb) as PodDisruptionBudgetObject;
    const status = (next.status ??= { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 });
    status.disruptionsAllowed = 0;
    const conditions = (status.conditions ??= []) as Condition[];
    setStatusCondition(conditions, {
      type: DISRUPTION_ALLOWED_CONDITION, status: 'False', reason: SYNC_FAILED_REASON, message, observedGeneration: status.observedGeneration,
    }, this.ctx.timestamp());
    return this.writePdbStatus(next);
  }

  private writePdbStatus(pdb: PodDisruptionBudgetObject): SyncResult {
    if (JSON.stringify(pdb.status) === JSON.stringify(this.pdbs.get(keyOf(pdb.metadata))?.status)) return DONE;
    const r = this.ctx.client.updateStatus(pdb);
    if (!r.ok) return r.status.reason === 'NotFound' ? DONE : { kind: 'retry', reason: r.status.message };
    return DONE;
  }
}

/** countHealthyPods: Ready pods that are neither terminating nor recently disrupted. */
export function countHealthyPods(pods: readonly Pod[], disruptedPods: Record<string, string>, nowMs: number): number {
  let n = 0;
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const at = disruptedPods[pod.metadata?.name ?? ''];
    if (at !== undefined && Date.parse(at) + DELETION_TIMEOUT_MS > nowMs) continue;
    if (isPodReady(pod)) n++;
  }
  return n;
}

/** metav1.LabelSelector's generated String(), which the UnmanagedPods event prints with %v. */
export function goLabelSelectorString(sel: { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> } | undefined): string {
  if (!sel) return 'nil';
  const labels = Object.keys(sel.matchLabels ?? {}).sort().map((k) => `${k}: ${sel.matchLabels![k]},`).join('');
  const exprs = (sel.matchExpressions ?? []).map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`).join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}
