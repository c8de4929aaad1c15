// The Deployment controller: one ReplicaSet per pod-template revision, scaled by the strategy.
// UPSTREAM: pkg/controller/deployment/deployment_controller.go
// SIMPLIFICATION: no rollbackTo (the deprecated extensions/v1beta1 rollback); pods are watched only
// to notice, for Recreate, that old pods are gone. Progress-deadline checks are deduplicated per key
// (one pending check per Deployment), as client-go's delaying queue would. The controller skips a
// sync until its informer has seen its own last ReplicaSet writes (upstream's informers lag by
// milliseconds, the sim's by the watch latency; without the guard a template change mid-rollout
// would size the new ReplicaSet from stale counts and overshoot maxSurge).

import type { ObjectKey } from '../../api/meta';
import { keyOf } from '../../api/meta';
import { labelSelectorAsSelector } from '../../api/labels';
import { resourceForKind } from '../../api/resources';
import { structuredCopy } from '../../apiserver/store';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { JsonValue } from '../../sim/clock';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';
import type { PodObject, ReplicaSetObject } from '../controller-utils';
import {
  addControllerUIDIndexer, claimObjects, getControllerOf, ownedAndOrphans, resolveControllerRef,
  selectingControllers, semanticEqual, wallClock,
} from '../controller-utils';
import type { PodMap } from './recreate';
import { rolloutRecreate } from './recreate';
import { rolloutRolling } from './rolling';
import type { DeploymentDeps } from './sync';
import {
  checkPausedConditions, DEPLOYMENT_KIND, isScalingEvent, sync, syncStatusOnly, SyncError, writeDeploymentStatus,
} from './sync';
import type { DeploymentObject } from './util';

const RS_RESOURCE = resourceForKind('ReplicaSet')!;

export class DeploymentController implements Controller {
  readonly name = 'deployment-controller';
  readonly queue: WorkQueue;
  private dInformer!: Informer<DeploymentObject>;
  private rsInformer!: Informer<ReplicaSetObject>;
  private podInformer!: Informer<PodObject>;
  private readonly deps: DeploymentDeps;
  /** sim ms of the pending progress-deadline check per Deployment key (see requeueStuckDeployment) */
  private readonly progressChecks: Record<string, number>;
  /** per Deployment key: ReplicaSet key -> resourceVersion we wrote and wait to see in the informer */
  private readonly rsWrites: Record<string, Record<string, number>>;
  private syncing: ObjectKey | undefined;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
    const wallNow = wallClock(ctx);
    this.deps = {
      client: ctx.client, recorder: ctx.recorder, timestamp: () => ctx.timestamp(), wallNow,
      wroteReplicaSet: (rs) => {
        if (this.syncing === undefined) return;
        (this.rsWrites[this.syncing] ??= {})[keyOf(rs.metadata)] = Number(rs.metadata.resourceVersion);
      },
    };
    const state = ctx.state as { progressChecks?: Record<string, number>; rsWrites?: Record<string, Record<string, number>> } | undefined;
    this.progressChecks = { ...(state?.progressChecks ?? {}) };
    this.rsWrites = structuredCopy(state?.rsWrites ?? {});
  }

  save(): JsonValue {
    return { progressChecks: { ...this.progressChecks }, rsWrites: structuredCopy(this.rsWrites) as JsonValue };
  }

  /**
   * Has the ReplicaSet informer seen every ReplicaSet write this controller made for `key`?
   * Entries that were seen (or whose ReplicaSet is gone) are dropped.
   */
  private replicaSetsObserved(key: ObjectKey): boolean {
    const writes = this.rsWrites[key];
    if (!writes) return true;
    let fresh = true;
    for (const [rsKey, rv] of Object.entries(writes)) {
      const cached = this.rsInformer.get(rsKey);
      if (cached && Number(cached.metadata.resourceVersion) >= rv) delete writes[rsKey];
      else fresh = false;
    }
    if (fresh) delete this.rsWrites[key];
    return fresh;
  }

  start(informers: SharedInformerFactory): void {
    this.dInformer = informers.informerFor<DeploymentObject>('deployments');
    this.rsInformer = informers.informerFor<ReplicaSetObject>('replicasets');
    this.podInformer = informers.informerFor<PodObject>('pods');
    addControllerUIDIndexer(this.rsInformer);
    addControllerUIDIndexer(this.podInformer);
    this.dInformer.addEventHandler({
      add: (d) => this.enqueue(d),
      update: (_old, cur) => this.enqueue(cur),
      delete: (d) => this.enqueue(d),
    });
    this.rsInformer.addEventHandler({
      add: (rs) => this.addReplicaSet(rs),
      update: (old, cur) => this.updateReplicaSet(old, cur),
      delete: (rs) => this.deleteReplicaSet(rs),
    });
    this.podInformer.addEventHandler({ delete: (pod) => this.deletePod(pod) });
  }

  sync(key: ObjectKey): SyncResult {
    // Our own ReplicaSet writes are not in the informer yet: their events will enqueue us again.
    if (!this.replicaSetsObserved(key)) return DONE;
    this.syncing = key;
    let r: SyncResult;
    try {
      r = this.syncDeployment(key);
    } finally {
      this.syncing = undefined;
    }
    const now = this.ctx.now();
    const pending = this.progressChecks[key];
    if (pending !== undefined && pending <= now) delete this.progressChecks[key];
    if (r.kind !== 'requeueAfter') return r;
    // One pending deadline check per Deployment is enough: when it fires, the sync schedules the next.
    const due = now + r.delayMs;
    const cur = this.progressChecks[key];
    if (cur !== undefined && cur > now && cur <= due) return DONE;
    this.progressChecks[key] = due;
    return r;
  }

  // ---- event handlers ------------------------------------------------------------------------

  private enqueue(d: DeploymentObject): void {
    this.queue.add(keyOf(d.metadata));
  }

  private resolveControllerRef(namespace: string | undefined, ref: { kind: string; name: string; uid: string }): DeploymentObject | undefined {
    return resolveControllerRef(this.dInformer, 'Deployment', namespace, ref);
  }

  /** getDeploymentsForReplicaSet: Deployments whose non-empty selector matches an orphan RS. */
  private getDeploymentsForReplicaSet(rs: ReplicaSetObject): DeploymentObject[] {
    return selectingControllers(this.dInformer, rs);
  }

  private addReplicaSet(rs: ReplicaSetObject): void {
    if (rs.metadata.deletionTimestamp) return this.deleteReplicaSet(rs);
    const ref = getControllerOf(rs);
    if (ref) {
      const d = this.resolveControllerRef(rs.metadata.namespace, ref);
      if (d) this.enqueue(d);
      return;
    }
    for (const d of this.getDeploymentsForReplicaSet(rs)) this.enqueue(d);
  }

  private updateReplicaSet(old: ReplicaSetObject, cur: ReplicaSetObject): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = !semanticEqual(curRef, oldRef);
    if (refChanged && oldRef) {
      const d = this.resolveControllerRef(old.metadata.namespace, oldRef);
      if (d) this.enqueue(d);
    }
    if (curRef) {
      const d = this.resolveControllerRef(cur.metadata.namespace, curRef);
      if (d) this.enqueue(d);
      return;
    }
    const labelChanged = !semanticEqual(old.metadata.labels, cur.metadata.labels);
    if (labelChanged || refChanged) for (const d of this.getDeploymentsForReplicaSet(cur)) this.enqueue(d);
  }

  private deleteReplicaSet(rs: ReplicaSetObject): void {
    // A deleted ReplicaSet will never show our last write: stop waiting for it.
    const rsKey = keyOf(rs.metadata);
    for (const writes of Object.values(this.rsWrites)) delete writes[rsKey];
    const ref = getControllerOf(rs);
    if (!ref) return;
    const d = this.resolveControllerRef(rs.metadata.namespace, ref);
    if (d) this.enqueue(d);
  }

  /** A Recreate Deployment waits for its old pods to disappear: look again when one does. */
  private deletePod(pod: PodObject): void {
    const rsRef = getControllerOf(pod);
    if (!rsRef || rsRef.kind !== 'ReplicaSet') return;
    const rs = this.rsInformer.get(keyOf({ namespace: pod.metadata.namespace, name: rsRef.name }));
    if (!rs || rs.metadata.uid !== rsRef.uid) return;
    const dRef = getControllerOf(rs);
    if (!dRef) return;
    const d = this.resolveControllerRef(rs.metadata.namespace, dRef);
    if (d && d.spec?.strategy?.type === 'Recreate') this.enqueue(d);
  }

  // ---- sync -------------------------------------------------------------------------------------

  /** getReplicaSetsForDeployment: claim ReplicaSets (adopt matching orphans, release mismatches). */
  private getReplicaSetsForDeployment(d: DeploymentObject): ReplicaSetObject[] {
    const selector = labelSelectorAsSelector(d.spec?.selector);
    if (selector.error) throw new SyncError(`deployment ${d.metadata.name} has invalid label selector: ${selector.error}`);
    const claim = claimObjects(ownedAndOrphans(this.rsInformer, d), {
      client: this.ctx.client, controller: d, controllerKind: DEPLOYMENT_KIND, selector, resource: RS_RESOURCE,
    });
    if (claim.errors.length) throw new SyncError(claim.errors[0]);
    return claim.claimed as ReplicaSetObject[];
  }

  /** getPodMapForDeployment: the Deployment's pods grouped by the uid of their ReplicaSet. */
  private getPodMapForDeployment(d: DeploymentObject, rsList: ReplicaSetObject[]): PodMap {
    const selector = labelSelectorAsSelector(d.spec?.selector);
    const map: PodMap = new Map();
    for (const rs of rsList) map.set(rs.metadata.uid ?? '', []);
    for (const pod of this.podInformer.list(d.metadata.namespace)) {
      if (!selector.matches(pod.metadata.labels)) continue;
      const ref = getControllerOf(pod);
      if (ref && map.has(ref.uid)) map.get(ref.uid)!.push(pod);
    }
    return map;
  }

  syncDeployment(key: ObjectKey): SyncResult {
    const cached = this.dInformer.get(key);
    if (!cached) return DONE;
    const d = structuredCopy(cached);
    try {
      if (semanticEqual(d.spec?.selector ?? null, {}) && d.spec?.selector) {
        this.ctx.recorder.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
        if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
          d.status = { ...(d.status ?? {}), observedGeneration: d.metadata.generation };
          writeDeploymentStatus(this.deps, d);
        }
        return DONE;
      }
      const rsList = this.getReplicaSetsForDeployment(d);
      if (d.metadata.deletionTimestamp) {
        syncStatusOnly(this.deps, d, rsList);
        return DONE;
      }
      checkPausedConditions(this.deps, d);
      if (d.spec?.paused || isScalingEvent(this.deps, d, rsList)) {
        sync(this.deps, d, rsList);
        return DONE;
      }
      if (d.spec?.strategy?.type === 'Recreate') {
        return rolloutRecreate(this.deps, d, rsList, () => this.getPodMapForDeployment(d, rsList));
      }
      return rolloutRolling(this.deps, d, rsList);
    } catch (e) {
      if (e instanceof SyncError) return { kind: 'retry', reason: e.message };
      throw e;
    }
  }
}
