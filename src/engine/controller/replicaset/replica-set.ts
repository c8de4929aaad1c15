// The ReplicaSet controller: keep exactly spec.replicas active pods matching the selector.
// UPSTREAM: pkg/controller/replicaset/replica_set.go, replica_set_utils.go
// SIMPLIFICATION: creates and deletes run in the sync itself (slow-start batches, no goroutines);
// no status.terminatingReplicas (feature DeploymentReplicaSetTerminatingReplicas); a status write
// that conflicts is retried once on a fresh GET keeping the observedGeneration we reconciled.
// The ReplicationManager (../replication) runs this same controller over ReplicationControllers.

import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { ReplicaSetCondition, ReplicaSetStatus } from 'kubernetes-types/apps/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import { keyOf } from '../../api/meta';
import { labelSelectorAsSelector, selectorFromSet } from '../../api/labels';
import { resourceForKind } from '../../api/resources';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { JsonValue } from '../../sim/clock';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';
import type { PodObject, RankedPod, ReplicaSetObject } from '../controller-utils';
import {
  addControllerUIDIndexer, claimObjects, CONTROLLER_UID_INDEX, ControllerExpectations,
  filterActivePods, getControllerOf, getPodFromTemplate, isPodActive, isPodAvailable, isPodReady,
  newControllerRef, ownedAndOrphans, podKey, replicasOf, resolveControllerRef, selectingControllers,
  semanticEqual, sortPodsForDeletion, wallClock,
} from '../controller-utils';

/** Upstream's BurstReplicas: at most this many creates/deletes per sync. */
export const BURST_REPLICAS = 500;
/** SlowStartInitialBatchSize: creates go 1, 2, 4, ... and stop at the first failure. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

export const REPLICASET_KIND = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };

/**
 * What the ReplicaSet controller and the ReplicationManager that reuses it differ in: the component
 * name, the kind it controls and how that kind spells its selector. Everything else is shared.
 */
export interface ReplicaSetKindConfig {
  readonly name: string;
  readonly resource: string;
  readonly kind: { apiVersion: string; kind: string };
  /** the object's selector as a LabelSelector (a ReplicationController's is a plain label map) */
  selectorOf(o: ReplicaSetObject): LabelSelector | undefined;
}

export const REPLICASET_CONFIG: ReplicaSetKindConfig = {
  name: 'replicaset-controller',
  resource: 'replicasets',
  kind: REPLICASET_KIND,
  selectorOf: (rs) => rs.spec?.selector,
};

const POD_RESOURCE = resourceForKind('Pod')!;

export class ReplicaSetController implements Controller {
  readonly name: string;
  readonly queue: WorkQueue;
  readonly expectations: ControllerExpectations;
  private rsInformer!: Informer<ReplicaSetObject>;
  private podInformer!: Informer<PodObject>;
  private readonly wallNow: () => number;

  constructor(private readonly ctx: ControllerContext, private readonly config: ReplicaSetKindConfig = REPLICASET_CONFIG) {
    this.name = config.name;
    this.queue = ctx.queue;
    const state = ctx.state as { expectations?: JsonValue } | undefined;
    this.expectations = new ControllerExpectations(ctx.now, state?.expectations);
    this.wallNow = wallClock(ctx);
  }

  start(informers: SharedInformerFactory): void {
    this.rsInformer = informers.informerFor<ReplicaSetObject>(this.config.resource);
    this.podInformer = informers.informerFor<PodObject>('pods');
    addControllerUIDIndexer(this.rsInformer);
    addControllerUIDIndexer(this.podInformer);
    this.rsInformer.addEventHandler({
      add: (rs) => this.enqueue(rs),
      update: (_old, cur) => this.enqueue(cur),
      delete: (rs) => this.enqueue(rs),
    });
    this.podInformer.addEventHandler({
      add: (pod) => this.addPod(pod),
      update: (old, cur) => this.updatePod(old, cur),
      delete: (pod) => this.deletePod(pod),
    });
  }

  save(): JsonValue {
    return { expectations: this.expectations.save() };
  }

  sync(key: ObjectKey): SyncResult {
    return this.syncReplicaSet(key);
  }

  // ---- event handlers: they only observe expectations and enqueue keys ----------------------

  private enqueue(rs: ReplicaSetObject): void {
    this.queue.add(keyOf(rs.metadata));
  }

  private resolveControllerRef(namespace: string | undefined, ref: { kind: string; name: string; uid: string }): ReplicaSetObject | undefined {
    return resolveControllerRef(this.rsInformer, this.config.kind.kind, namespace, ref);
  }

  /** GetPodReplicaSets: the ReplicaSets whose (non-empty) selector matches an orphan's labels. */
  private getPodReplicaSets(pod: PodObject): ReplicaSetObject[] {
    if (this.config === REPLICASET_CONFIG) return selectingControllers(this.rsInformer, pod);
    return this.rsInformer.list(pod.metadata.namespace).filter((rs) => {
      const sel = labelSelectorAsSelector(this.config.selectorOf(rs));
      return !sel.isEverything() && sel.matches(pod.metadata.labels);
    });
  }

  private addPod(pod: PodObject): void {
    if (pod.metadata.deletionTimestamp) {
      // A pod that shows up already being deleted must not count as an observed creation.
      this.deletePod(pod);
      return;
    }
    const ref = getControllerOf(pod);
    if (ref) {
      const rs = this.resolveControllerRef(pod.metadata.namespace, ref);
      if (!rs) return;
      const key = keyOf(rs.metadata);
      this.expectations.creationObserved(key);
      this.queue.add(key);
      return;
    }
    for (const rs of this.getPodReplicaSets(pod)) this.enqueue(rs);
  }

  private updatePod(old: PodObject, cur: PodObject): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const labelChanged = !semanticEqual(old.metadata.labels, cur.metadata.labels);
    if (cur.metadata.deletionTimestamp) {
      // A graceful delete is the first moment we know the pod is going: count it as observed now.
      this.deletePod(cur);
      if (labelChanged) this.deletePod(old);
      return;
    }
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = !semanticEqual(curRef, oldRef);
    if (refChanged && oldRef) {
      const rs = this.resolveControllerRef(old.metadata.namespace, oldRef);
      if (rs) this.enqueue(rs);
    }
    if (curRef) {
      const rs = this.resolveControllerRef(cur.metadata.namespace, curRef);
      if (!rs) return;
      this.enqueue(rs);
      const minReady = rs.spec?.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0) {
        this.queue.addAfter(keyOf(rs.metadata), minReady * 1000 + 1000);
      }
      return;
    }
    if (labelChanged || refChanged) for (const rs of this.getPodReplicaSets(cur)) this.enqueue(rs);
  }

  private deletePod(pod: PodObject): void {
    const ref = getControllerOf(pod);
    if (!ref) return;
    const rs = this.resolveControllerRef(pod.metadata.namespace, ref);
    if (!rs) return;
    const key = keyOf(rs.metadata);
    this.expectations.deletionObserved(key, podKey(pod));
    this.queue.add(key);
  }

  // ---- sync ------------------------------------------------------------------------------

  /**
   * syncReplicaSet: claim pods (adopt matching orphans, release owned pods that stopped matching),
   * create or delete pods when the expectations are met, then write the status.
   */
  syncReplicaSet(key: ObjectKey): SyncResult {
    const rs = this.rsInformer.get(key);
    if (!rs) {
      this.expectations.deleteExpectations(key);
      return DONE;
    }
    const rsNeedsSync = this.expectations.satisfiedExpectations(key);
    const selector = labelSelectorAsSelector(this.config.selectorOf(rs));
    if (selector.error) return DONE; // invalid selectors are rejected by validation; nothing to do

    // Only pods this RS owns or that are orphans can be claimed; inactive ones never count.
    const active = filterActivePods(ownedAndOrphans(this.podInformer, rs));
    const claim = claimObjects(active, {
      client: this.ctx.client, controller: rs, controllerKind: this.config.kind, selector, resource: POD_RESOURCE,
    });
    if (claim.errors.length > 0) return { kind: 'retry', reason: claim.errors[0] };
    const filteredPods = claim.claimed as PodObject[];

    let manageErr: string | undefined;
    if (rsNeedsSync && !rs.metadata.deletionTimestamp) manageErr = this.manageReplicas(filteredPods, rs, key);

    // As upstream, pods deleted just now are still counted; the next sync (on their events) corrects it.
    const newStatus = calculateStatus(rs, filteredPods, manageErr, this.wallNow(), this.ctx.timestamp());
    const updated = this.updateReplicaSetStatus(rs, newStatus);
    if (!updated.ok) return { kind: 'retry', reason: updated.message };
    if (manageErr) return { kind: 'retry', reason: manageErr };

    // Pods that are ready but not yet available (minReadySeconds): look again once they may be.
    const minReady = rs.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && newStatus.readyReplicas === replicasOf(rs) && newStatus.availableReplicas !== replicasOf(rs)) {
      return { kind: 'requeueAfter', delayMs: minReady * 1000 };
    }
    return DONE;
  }

  /**
   * manageReplicas: create the missing pods or delete the surplus. Expectations are raised before
   * the writes, so the informer (which lags) is not read as "still missing" on the next sync.
   * Returns an error message when some write failed.
   */
  manageReplicas(filteredPods: PodObject[], rs: ReplicaSetObject, key: ObjectKey): string | undefined {
    const diff = filteredPods.length - replicasOf(rs);
    if (diff < 0) {
      const n = Math.min(-diff, BURST_REPLICAS);
      this.expectations.expectCreations(key, n);
      const ref = newControllerRef(rs, this.config.kind);
      const { successes, error } = slowStartBatch(n, SLOW_START_INITIAL_BATCH_SIZE, () => this.createPod(rs, ref));
      // Creates that were skipped or failed will never be observed.
      const skipped = n - successes;
      if (skipped > 0) this.expectations.lowerExpectations(key, skipped);
      return error;
    }
    if (diff > 0) {
      const n = Math.min(diff, BURST_REPLICAS);
      const related = this.getIndirectlyRelatedPods(rs);
      const podsToDelete = getPodsToDelete(filteredPods, related, n, this.wallNow());
      this.expectations.expectDeletions(key, podsToDelete.map(podKey));
      let firstErr: string | undefined;
      for (const pod of podsToDelete) {
        const err = this.deletePodOf(rs, pod);
        if (err !== undefined) {
          this.expectations.deletionObserved(key, podKey(pod));
          if (err !== 'NotFound') firstErr ??= err;
        }
      }
      return firstErr;
    }
    return undefined;
  }

  private createPod(rs: ReplicaSetObject, ref: ReturnType<typeof newControllerRef>): string | undefined {
    const pod = getPodFromTemplate(rs.spec?.template, rs, ref);
    if (Object.keys(pod.metadata.labels ?? {}).length === 0) {
      return 'unable to create pods, no labels';
    }
    const r = this.ctx.client.create(pod);
    if (!r.ok) {
      this.ctx.recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${r.status.message}`);
      return r.status.message;
    }
    this.ctx.recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${r.object.metadata.name}`);
    return undefined;
  }

  /** RealPodControl.DeletePod. Returns undefined on success, 'NotFound', or the error message. */
  private deletePodOf(rs: ReplicaSetObject, pod: PodObject): string | undefined {
    const name = pod.metadata.name ?? '';
    const r = this.ctx.client.delete(POD_RESOURCE, pod.metadata.namespace, name);
    if (!r.ok) {
      if (r.status.reason === 'NotFound') return 'NotFound';
      this.ctx.recorder.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${r.status.message}`);
      return r.status.message;
    }
    this.ctx.recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
    return undefined;
  }

  /**
   * getIndirectlyRelatedPods: the pods of every ReplicaSet that has the same controller (the
   * Deployment's old and new ReplicaSets), used to prefer deleting pods on crowded nodes.
   * A ReplicaSet without a controller has none, as upstream.
   */
  private getIndirectlyRelatedPods(rs: ReplicaSetObject): PodObject[] {
    const ref = getControllerOf(rs);
    if (!ref) return [];
    const out: PodObject[] = [];
    for (const sibling of this.rsInformer.byIndex(CONTROLLER_UID_INDEX, ref.uid)) {
      out.push(...this.podInformer.byIndex(CONTROLLER_UID_INDEX, sibling.metadata.uid ?? ''));
    }
    return out;
  }

  /** updateReplicaSetStatus: write only when something changed. */
  private updateReplicaSetStatus(rs: ReplicaSetObject, newStatus: ReplicaSetStatus): { ok: true } | { ok: false; message: string } {
    const cur = rs.status ?? { replicas: 0 };
    const generation = rs.metadata.generation;
    if (
      (cur.replicas ?? 0) === newStatus.replicas &&
      (cur.fullyLabeledReplicas ?? 0) === (newStatus.fullyLabeledReplicas ?? 0) &&
      (cur.readyReplicas ?? 0) === (newStatus.readyReplicas ?? 0) &&
      (cur.availableReplicas ?? 0) === (newStatus.availableReplicas ?? 0) &&
      generation === cur.observedGeneration &&
      semanticEqual(cur.conditions, newStatus.conditions)
    ) {
      return { ok: true };
    }
    const status: ReplicaSetStatus = { ...newStatus };
    if (generation) status.observedGeneration = generation;
    let r = this.ctx.client.updateStatus<KubeObject>({ ...rs, status });
    if (!r.ok && r.status.reason === 'Conflict') {
      const fresh = this.ctx.client.get(resourceForKind(this.config.kind.kind)!, rs.metadata.namespace, rs.metadata.name ?? '');
      if (!fresh || fresh.metadata.uid !== rs.metadata.uid) return { ok: true };
      r = this.ctx.client.updateStatus<KubeObject>({ ...fresh, status });
    }
    if (!r.ok) return r.status.reason === 'NotFound' ? { ok: true } : { ok: false, message: r.status.message };
    return { ok: true };
  }
}

/**
 * slowStartBatch: call fn in batches of 1, 2, 4, ... and stop at the first batch with a failure,
 * so a systematic error (quota, validation) costs one request rather than `count`.
 */
export function slowStartBatch(count: number, initialBatchSize: number, fn: () => string | undefined): { successes: number; error?: string } {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    let error: string | undefined;
    for (let i = 0; i < batch; i++) {
      const e = fn();
      if (e === undefined) successes++;
      else error ??= e;
    }
    if (error !== undefined) return { successes, error };
    remaining -= batch;
  }
  return { successes };
}

/**
 * getPodsToDelete: rank the candidates with ActivePodsWithRanks (see controller-utils
 * activePodsWithRanksLess, mirroring pkg/controller/controller_utils.go) and take the first `diff`.
 * A pod's rank is the number of active related pods on its node, so doubled-up nodes lose pods first.
 */
export function getPodsToDelete(filteredPods: PodObject[], relatedPods: PodObject[], diff: number, nowMs: number): PodObject[] {
  if (diff >= filteredPods.length) return filteredPods.slice(0, diff);
  const podsOnNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const n = p.spec?.nodeName ?? '';
    podsOnNode.set(n, (podsOnNode.get(n) ?? 0) + 1);
  }
  const ranked: RankedPod<PodObject>[] = filteredPods.map((pod) => ({ pod, rank: podsOnNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  return sortPodsForDeletion(ranked, nowMs).slice(0, diff);
}

/**
 * calculateStatus: counts over the claimed active pods. fullyLabeledReplicas counts pods carrying
 * all of the template's labels; a ReplicaFailure condition reports a failed create/delete.
 */
export function calculateStatus(
  rs: ReplicaSetObject, filteredPods: PodObject[], manageErr: string | undefined, nowMs: number, stamp: string,
): ReplicaSetStatus {
  const templateLabels = selectorFromSet(rs.spec?.template?.metadata?.labels);
  const minReady = rs.spec?.minReadySeconds ?? 0;
  let fully = 0;
  let ready = 0;
  let available = 0;
  for (const pod of filteredPods) {
    if (templateLabels.matches(pod.metadata.labels)) fully++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, nowMs)) available++;
    }
  }
  let conditions: ReplicaSetCondition[] = [...(rs.status?.conditions ?? [])];
  const failure = conditions.find((c) => c.type === 'ReplicaFailure');
  if (manageErr && !failure) {
    const diff = filteredPods.length - replicasOf(rs);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    conditions.push({ type: 'ReplicaFailure', status: 'True', lastTransitionTime: stamp, reason, message: manageErr });
  } else if (!manageErr && failure) {
    conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
  }
  // JSON as the API prints it: `replicas` always, the other counts only when non-zero (omitempty).
  const status: ReplicaSetStatus = { replicas: filteredPods.length };
  if (fully) status.fullyLabeledReplicas = fully;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (rs.status?.observedGeneration) status.observedGeneration = rs.status.observedGeneration;
  if (conditions.length) status.conditions = conditions;
  return status;
}
