// The StatefulSet controller: pods with stable names `<set>-<ordinal>`, created in order (OrderedReady:
// N+1 only once N is Running and Ready) or all at once (Parallel), removed from the highest ordinal,
// each with its own claims `<template>-<set>-<ordinal>`; rolling updates from the highest ordinal down
// to the partition. UPSTREAM: pkg/controller/statefulset/{stateful_set.go,stateful_set_control.go,stateful_pod_control.go}
// SIMPLIFICATION: no orphan ControllerRevision adoption; spec.updateStrategy.rollingUpdate.maxUnavailable
// is treated as 1; status counts the pods seen at the start of a sync (the next sync corrects them).

import type { StatefulSetStatus } from 'kubernetes-types/apps/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import { keyOf } from '../../api/meta';
import { labelSelectorAsSelector } from '../../api/labels';
import { resourceForKind } from '../../api/resources';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';
import type { PodObject } from '../controller-utils';
import {
  addControllerUIDIndexer, claimObjects, computeHash, getControllerOf, newControllerRef,
  ownedAndOrphans, patchObject, resolveControllerRef, selectingControllers, semanticEqual,
  wallClock,
} from '../controller-utils';
import type { ControllerRevisionObject, PersistentVolumeClaimObject, StatefulSetObject } from './stateful-set-utils';
import {
  getOrdinal, getPersistentVolumeClaims, getPodRevision, getStartOrdinal, identityMatches, isCreated, isFailed,
  isHealthy, isMemberOf, isRunningAndAvailable, isRunningAndReady, isSucceeded, isTerminating, newStatefulSetPod,
  storageMatches, templateOfRevision, updateIdentity, updateStorage,
} from './stateful-set-utils';

export const STATEFULSET_KIND = { apiVersion: 'apps/v1', kind: 'StatefulSet' };
const POD_RESOURCE = resourceForKind('Pod')!;
const PVC_RESOURCE = resourceForKind('PersistentVolumeClaim')!;
const REVISION_RESOURCE = resourceForKind('ControllerRevision')!;
const STATEFULSET_RESOURCE = resourceForKind('StatefulSet')!;

export class StatefulSetController implements Controller {
  readonly name = 'statefulset-controller';
  readonly queue: WorkQueue;
  private setInformer!: Informer<StatefulSetObject>;
  private podInformer!: Informer<PodObject>;
  private pvcInformer!: Informer<PersistentVolumeClaimObject>;
  private revisionInformer!: Informer<ControllerRevisionObject>;
  private readonly wallNow: () => number;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
    this.wallNow = wallClock(ctx);
  }

  start(informers: SharedInformerFactory): void {
    this.setInformer = informers.informerFor<StatefulSetObject>('statefulsets');
    this.podInformer = informers.informerFor<PodObject>('pods');
    this.pvcInformer = informers.informerFor<PersistentVolumeClaimObject>('persistentvolumeclaims');
    this.revisionInformer = informers.informerFor<ControllerRevisionObject>('controllerrevisions');
    addControllerUIDIndexer(this.podInformer);
    this.setInformer.addEventHandler({
      add: (s) => this.enqueue(s),
      update: (_old, cur) => this.enqueue(cur),
      delete: (s) => this.enqueue(s),
    });
    this.podInformer.addEventHandler({
      add: (pod) => this.addPod(pod),
      update: (old, cur) => this.updatePod(old, cur),
      delete: (pod) => this.deletePod(pod),
    });
  }

  sync(key: ObjectKey): SyncResult {
    return this.syncStatefulSet(key);
  }

  // ---- event handlers: enqueue only -----------------------------------------------------------

  private enqueue(set: StatefulSetObject): void {
    this.queue.add(keyOf(set.metadata));
  }

  private resolveControllerRef(namespace: string | undefined, ref: OwnerReference): StatefulSetObject | undefined {
    return resolveControllerRef(this.setInformer, 'StatefulSet', namespace, ref);
  }

  /** getStatefulSetsForPod: sets whose selector matches an orphan's labels. */
  private setsForPod(pod: PodObject): StatefulSetObject[] {
    return selectingControllers(this.setInformer, pod);
  }

  private addPod(pod: PodObject): void {
    if (pod.metadata.deletionTimestamp) {
      this.deletePod(pod);
      return;
    }
    const ref = getControllerOf(pod);
    if (ref) {
      const set = this.resolveControllerRef(pod.metadata.namespace, ref);
      if (set) this.enqueue(set);
      return;
    }
    for (const s of this.setsForPod(pod)) this.enqueue(s);
  }

  private updatePod(old: PodObject, cur: PodObject): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    if (oldRef && !semanticEqual(curRef, oldRef)) {
      const set = this.resolveControllerRef(old.metadata.namespace, oldRef);
      if (set) this.enqueue(set);
    }
    if (curRef) {
      const set = this.resolveControllerRef(cur.metadata.namespace, curRef);
      if (!set) return;
      this.enqueue(set);
      const minReady = set.spec?.minReadySeconds ?? 0;
      if (!isRunningAndReady(old) && isRunningAndReady(cur) && minReady > 0) this.queue.addAfter(keyOf(set.metadata), minReady * 1000 + 1000);
      return;
    }
    if (!semanticEqual(old.metadata.labels, cur.metadata.labels)) for (const s of this.setsForPod(cur)) this.enqueue(s);
  }

  private deletePod(pod: PodObject): void {
    const ref = getControllerOf(pod);
    if (!ref) return;
    const set = this.resolveControllerRef(pod.metadata.namespace, ref);
    if (set) this.enqueue(set);
  }

  // ---- sync ------------------------------------------------------------------------------------

  syncStatefulSet(key: ObjectKey): SyncResult {
    const set = this.setInformer.get(key);
    if (!set) return DONE;
    const selector = labelSelectorAsSelector(set.spec?.selector);
    if (selector.error || selector.isEverything()) return DONE;

    // getPodsForStatefulSet: claim the pods that match the selector and carry this set's name.
    const candidates = ownedAndOrphans(this.podInformer, set).filter((p) => isMemberOf(set, p));
    const claim = claimObjects(candidates, { client: this.ctx.client, controller: set, controllerKind: STATEFULSET_KIND, selector, resource: POD_RESOURCE });
    if (claim.errors.length > 0) return { kind: 'retry', reason: claim.errors[0] };

    const revisions = this.getStatefulSetRevisions(set);
    if (!revisions.ok) {
      if (revisions.collisionCount !== undefined) this.updateStatus(set, { ...(set.status ?? { replicas: 0 }), collisionCount: revisions.collisionCount });
      return { kind: 'retry', reason: revisions.error };
    }
    const { current, update, collisionCount } = revisions;
    const pods = claim.claimed as PodObject[];
    let err: string | undefined;
    if (!set.metadata.deletionTimestamp) err = this.updateStatefulSet(set, current, update, pods);

    const status = this.calculateStatus(set, pods, current, update, collisionCount);
    const w = this.updateStatus(set, status);
    if (!w.ok) return { kind: 'retry', reason: w.message };
    this.truncateHistory(set, pods, current, update);
    if (err !== undefined) return { kind: 'retry', reason: err };
    const minReady = set.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && (status.availableReplicas ?? 0) < (status.readyReplicas ?? 0)) return { kind: 'requeueAfter', delayMs: minReady * 1000 };
    return DONE;
  }

  /**
   * getStatefulSetRevisions: the update revision is the one recording the current template (created,
   * or re-numbered to the newest when an older one matches: a rollback); the current revision is the
   * one named by status.currentRevision, else the update revision.
   */
  private getStatefulSetRevisions(
    set: StatefulSetObject,
  ): { ok: true; current: ControllerRevisionObject; update: ControllerRevisionObject; collisionCount: number } | { ok: false; error: string; collisionCount?: number } {
    const revisions = this.listRevisions(set);
    const collisionCount = set.status?.collisionCount ?? 0;
    const template = set.spec?.template;
    const maxRevision = revisions.reduce((m, r) => Math.max(m, r.revision ?? 0), 0);
    const equal = revisions.filter((r) => semanticEqual(templateOfRevision(r), template));
    let update: ControllerRevisionObject | undefined;
    if (equal.length > 0) {
      update = equal[equal.length - 1];
      if (update !== revisions[revisions.length - 1]) {
        const r = this.ctx.client.update<KubeObject>({ ...update, revision: maxRevision + 1 } as KubeObject);
        if (!r.ok) return { ok: false, error: r.status.message };
        update = r.object as ControllerRevisionObject;
      }
    } else {
      const name = `${set.metadata.name}-${computeHash(template, collisionCount || undefined)}`;
      const rev: ControllerRevisionObject = {
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: { name, namespace: set.metadata.namespace, ownerReferences: [newControllerRef(set, STATEFULSET_KIND)] },
        data: { spec: { template: { ...(template ?? {}), $patch: 'replace' } } },
        revision: maxRevision + 1,
      };
      if (template?.metadata?.labels) rev.metadata.labels = { ...template.metadata.labels };
      const r = this.ctx.client.create<KubeObject>(rev);
      if (r.ok) update = r.object as ControllerRevisionObject;
      else if (r.status.reason === 'AlreadyExists') {
        const fresh = this.ctx.client.get(REVISION_RESOURCE, set.metadata.namespace, name) as ControllerRevisionObject | undefined;
        if (!fresh || getControllerOf(fresh)?.uid !== set.metadata.uid || !semanticEqual(templateOfRevision(fresh), template)) {
          return { ok: false, error: `controllerrevision ${name} already exists`, collisionCount: collisionCount + 1 };
        }
        update = fresh;
      } else return { ok: false, error: r.status.message };
    }
    const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
    return { ok: true, current, update, collisionCount };
  }

  /** The set's ControllerRevisions, oldest revision first. */
  private listRevisions(set: StatefulSetObject): ControllerRevisionObject[] {
    return this.revisionInformer
      .list(set.metadata.namespace)
      .filter((r) => getControllerOf(r)?.uid === set.metadata.uid)
      .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0) || ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  }

  /**
   * updateStatefulSet (stateful_set_control.go): replicas are the ordinals [start, start+replicas);
   * pods outside are condemned. OrderedReady ("monotonic") makes one change and stops at the first
   * pod that is missing, terminating or not Running and Ready; Parallel makes them all. Only when
   * every replica is in place does RollingUpdate replace one pod, from the highest ordinal down to
   * the partition. Returns the first write error.
   */
  private updateStatefulSet(set: StatefulSetObject, current: ControllerRevisionObject, update: ControllerRevisionObject, pods: PodObject[]): string | undefined {
    const replicaCount = set.spec?.replicas ?? 1;
    const start = getStartOrdinal(set);
    const end = start + replicaCount;
    const replicas: (PodObject | undefined)[] = new Array<PodObject | undefined>(replicaCount).fill(undefined);
    const condemned: PodObject[] = [];
    for (const pod of pods) {
      const ord = getOrdinal(pod);
      if (ord >= start && ord < end) replicas[ord - start] = pod;
      else if (ord >= 0) condemned.push(pod);
    }
    // Condemned pods go highest ordinal first.
    condemned.sort((a, b) => getOrdinal(b) - getOrdinal(a));
    const monotonic = (set.spec?.podManagementPolicy ?? 'OrderedReady') !== 'Parallel';
    const minReady = set.spec?.minReadySeconds ?? 0;
    const now = this.wallNow();

    let firstUnhealthy: PodObject | undefined;
    for (const p of replicas) if (p && !isHealthy(p)) { firstUnhealthy = p; break; }
    if (!firstUnhealthy) for (const p of [...condemned].reverse()) if (!isHealthy(p)) { firstUnhealthy = p; break; }

    let firstErr: string | undefined;
    for (let i = 0; i < replicas.length; i++) {
      const ordinal = start + i;
      let pod = replicas[i];
      if (pod && (isFailed(pod) || isSucceeded(pod)) && !isTerminating(pod)) {
        // The pod is deleted here; its replacement is created on the sync its deletion triggers.
        const e = this.deleteStatefulPod(set, pod);
        firstErr ??= e;
        if (monotonic) return firstErr;
        continue;
      }
      if (!isCreated(pod)) {
        const useCurrent = (set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && ordinal < start + (set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0);
        const rev = useCurrent ? current : update;
        pod = newStatefulSetPod(set, templateOfRevision(rev), rev.metadata.name ?? '', ordinal, newControllerRef(set, STATEFULSET_KIND));
        const e = this.createStatefulPod(set, pod);
        firstErr ??= e === 'AlreadyExists' ? undefined : e;
        if (monotonic) return firstErr;
        continue;
      }
      if (isTerminating(pod)) {
        if (monotonic) return firstErr;
        continue;
      }
      if (!isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, now)) {
        if (monotonic) return firstErr;
        continue;
      }
      if (!identityMatches(set, pod) || !storageMatches(set, pod)) {
        const e = this.updateStatefulPod(set, pod);
        firstErr ??= e;
        if (e !== undefined && monotonic) return firstErr;
      }
    }

    for (const pod of condemned) {
      if (isTerminating(pod)) {
        if (monotonic) return firstErr;
        continue;
      }
      if (monotonic && !isRunningAndReady(pod) && pod !== firstUnhealthy) return firstErr;
      const e = this.deleteStatefulPod(set, pod, true);
      firstErr ??= e;
      if (monotonic) return firstErr;
    }
    if (firstErr !== undefined) return firstErr;

    if ((set.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return undefined;
    const updateMin = Math.max(0, set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0);
    for (let target = replicas.length - 1; target >= updateMin; target--) {
      const pod = replicas[target];
      if (!pod) continue;
      if (getPodRevision(pod) !== update.metadata.name && !isTerminating(pod)) return this.deleteStatefulPod(set, pod);
      if (!isHealthy(pod)) return undefined;
    }
    return undefined;
  }

  // ---- StatefulPodControl ----------------------------------------------------------------------

  /** CreateStatefulPod: the claims first, then the pod. 'AlreadyExists' when the pod is there already. */
  private createStatefulPod(set: StatefulSetObject, pod: PodObject): string | undefined {
    const e = this.createPersistentVolumeClaims(set, pod);
    if (e !== undefined) return e;
    const r = this.ctx.client.create(pod);
    if (!r.ok) {
      if (r.status.reason === 'AlreadyExists') return 'AlreadyExists';
      this.ctx.recorder.event(set, 'Warning', 'FailedCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${r.status.message}`);
      return r.status.message;
    }
    this.ctx.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
    return undefined;
  }

  /**
   * createPersistentVolumeClaims: create each missing claim. whenDeleted: Delete makes the set an
   * owner of the claim, so the garbage collector removes it with the set.
   */
  private createPersistentVolumeClaims(set: StatefulSetObject, pod: PodObject): string | undefined {
    for (const claim of getPersistentVolumeClaims(set, pod).values()) {
      const name = claim.metadata.name ?? '';
      const existing = this.pvcInformer.get(keyOf(claim.metadata)) ?? this.ctx.client.get(PVC_RESOURCE, claim.metadata.namespace, name);
      if (existing) {
        if (existing.metadata.deletionTimestamp) return `pvc ${name} is being deleted`;
        continue;
      }
      if (set.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete') {
        claim.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name ?? '', uid: set.metadata.uid ?? '' }];
      }
      const r = this.ctx.client.create(claim);
      if (!r.ok && r.status.reason !== 'AlreadyExists') {
        this.ctx.recorder.event(set, 'Warning', 'FailedCreate', `create Claim ${name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${r.status.message}`);
        return r.status.message;
      }
      if (r.ok) this.ctx.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Claim ${name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`);
    }
    return undefined;
  }

  /** UpdateStatefulPod: restore identity and storage on a pod someone changed. */
  private updateStatefulPod(set: StatefulSetObject, live: PodObject): string | undefined {
    const pod = JSON.parse(JSON.stringify(live)) as PodObject;
    updateIdentity(set, pod);
    updateStorage(set, pod);
    const e = this.createPersistentVolumeClaims(set, pod);
    if (e !== undefined) return e;
    const r = this.ctx.client.update(pod);
    if (!r.ok) {
      this.ctx.recorder.event(set, 'Warning', 'FailedUpdate', `update Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${r.status.message}`);
      return r.status.message;
    }
    this.ctx.recorder.event(set, 'Normal', 'SuccessfulUpdate', `update Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
    return undefined;
  }

  /**
   * DeleteStatefulPod. A condemned pod (scale down) under whenScaled: Delete first becomes the owner
   * of its claims (in place of the set), so they go with it.
   */
  private deleteStatefulPod(set: StatefulSetObject, pod: PodObject, condemned = false): string | undefined {
    if (condemned && set.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled === 'Delete') {
      for (const claim of getPersistentVolumeClaims(set, pod).values()) {
        const ref: OwnerReference = { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' };
        const live = this.ctx.client.get(PVC_RESOURCE, claim.metadata.namespace, claim.metadata.name ?? '');
        if (!live) continue;
        const r = patchObject(this.ctx.client, PVC_RESOURCE, live, (c) => {
          // updateClaimOwnerRefForSetAndPod: a scaled-down pod's claims belong to the pod, not the set.
          const refs = (c.metadata.ownerReferences ?? []).filter((o) => o.uid !== set.metadata.uid);
          if (refs.some((o) => o.uid === ref.uid) && refs.length === (c.metadata.ownerReferences ?? []).length) return undefined;
          if (!refs.some((o) => o.uid === ref.uid)) refs.push(ref);
          return { ...c, metadata: { ...c.metadata, ownerReferences: refs } };
        });
        if (!r.ok && r.status.reason !== 'NotFound') return r.status.message;
      }
    }
    const name = pod.metadata.name ?? '';
    const r = this.ctx.client.delete(POD_RESOURCE, pod.metadata.namespace, name);
    if (!r.ok) {
      if (r.status.reason === 'NotFound') return undefined;
      this.ctx.recorder.event(set, 'Warning', 'FailedDelete', `delete Pod ${name} in StatefulSet ${set.metadata.name} failed error: ${r.status.message}`);
      return r.status.message;
    }
    this.ctx.recorder.event(set, 'Normal', 'SuccessfulDelete', `delete Pod ${name} in StatefulSet ${set.metadata.name} successful`);
    return undefined;
  }

  // ---- status and history ----------------------------------------------------------------------

  /**
   * The status counts: replicas (created pods), readyReplicas (Running and Ready), availableReplicas
   * (ready for minReadySeconds), currentReplicas/updatedReplicas (live pods of each revision).
   * completeRollingUpdate: once every pod is updated and ready, the update revision becomes current.
   */
  private calculateStatus(set: StatefulSetObject, pods: PodObject[], current: ControllerRevisionObject, update: ControllerRevisionObject, collisionCount: number): StatefulSetStatus {
    const minReady = set.spec?.minReadySeconds ?? 0;
    const now = this.wallNow();
    let replicas = 0, ready = 0, available = 0, currentReplicas = 0, updated = 0;
    for (const pod of pods) {
      replicas++;
      if (isRunningAndReady(pod)) {
        ready++;
        if (isRunningAndAvailable(pod, minReady, now)) available++;
      }
      if (!isTerminating(pod)) {
        const rev = getPodRevision(pod);
        if (rev === current.metadata.name) currentReplicas++;
        if (rev === update.metadata.name) updated++;
      }
    }
    const status: StatefulSetStatus = {
      availableReplicas: available,
      collisionCount,
      currentReplicas,
      currentRevision: current.metadata.name,
      observedGeneration: set.metadata.generation,
      readyReplicas: ready,
      replicas,
      updateRevision: update.metadata.name,
      updatedReplicas: updated,
    };
    if ((set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && updated === replicas && ready === replicas) {
      status.currentReplicas = updated;
      status.currentRevision = update.metadata.name;
    }
    // omitempty, as the API prints it
    for (const k of ['currentReplicas', 'readyReplicas', 'updatedReplicas'] as const) if (!status[k]) delete status[k];
    if (set.status?.conditions?.length) status.conditions = set.status.conditions;
    return status;
  }

  private updateStatus(set: StatefulSetObject, status: StatefulSetStatus): { ok: true } | { ok: false; message: string } {
    if (semanticEqual(set.status, status)) return { ok: true };
    let r = this.ctx.client.updateStatus<KubeObject>({ ...set, status });
    if (!r.ok && r.status.reason === 'Conflict') {
      const fresh = this.ctx.client.get(STATEFULSET_RESOURCE, set.metadata.namespace, set.metadata.name ?? '');
      if (!fresh || fresh.metadata.uid !== set.metadata.uid) return { ok: true };
      r = this.ctx.client.updateStatus<KubeObject>({ ...fresh, status });
    }
    if (!r.ok) return r.status.reason === 'NotFound' ? { ok: true } : { ok: false, message: r.status.message };
    return { ok: true };
  }

  /** truncateHistory: keep the revisions live pods use, current and update, and revisionHistoryLimit others. */
  private truncateHistory(set: StatefulSetObject, pods: PodObject[], current: ControllerRevisionObject, update: ControllerRevisionObject): void {
    const live = new Set([current.metadata.name, update.metadata.name, ...pods.map(getPodRevision)]);
    const history = this.listRevisions(set).filter((r) => !live.has(r.metadata.name));
    const limit = set.spec?.revisionHistoryLimit ?? 10;
    for (const r of history.slice(0, Math.max(0, history.length - limit))) {
      this.ctx.client.delete(REVISION_RESOURCE, r.metadata.namespace, r.metadata.name ?? '');
    }
  }
}
