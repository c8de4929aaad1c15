// The garbage collector: an object whose every owner (by uid) is gone is deleted, so deleting a
// Deployment removes its ReplicaSets, and those their pods; an owner reference to a vanished owner
// is removed when other owners remain. It also runs the two GC finalizers: `orphan` (strip the
// owner's references from its dependents, then the finalizer) and `foregroundDeletion` (delete the
// dependents, then drop the finalizer once no dependent with blockOwnerDeletion remains).
// UPSTREAM: pkg/controller/garbagecollector/garbagecollector.go (attemptToDeleteItem, classifyReferences,
//           processDeletingDependentsItem, attemptToOrphanWorker, orphanDependents), graph_builder.go
// SIMPLIFICATION: no dependency graph: dependents are found through an informer index on owner uid
// and owners are checked with a live GET (as isDangling does); deletes carry no uid precondition.

import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { DeletionPropagation, KubeObject, ObjectKey } from '../../api/meta';
import { FINALIZER_DELETE_DEPENDENTS, FINALIZER_ORPHAN_DEPENDENTS, keyOf, splitKey } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { RESOURCES, resourceForKind } from '../../api/resources';
import { isCustomResource, storageResourceOf } from '../../api/discovery';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';
import { semanticEqual } from '../controller-utils';

const OWNER_UID_INDEX = 'gc-owner-uid';
/** Prefix of attemptToOrphan queue keys (the upstream attemptToOrphan queue). */
const ORPHAN_PREFIX = 'orphan:';

export interface GarbageCollectorOptions {
  /** REST resources whose objects may be collected; default every resource in RESOURCES but events */
  resources?: string[];
}

/** Queue keys name the resource too: `replicasets|default/web-5d4f8`. */
export function gcKey(resource: string, key: ObjectKey): string {
  return `${resource}|${key}`;
}

function hasFinalizer(o: KubeObject, f: string): boolean {
  return (o.metadata.finalizers ?? []).includes(f);
}

/** node.isDeletingDependents: marked for deletion and holding the foregroundDeletion finalizer. */
function isDeletingDependents(o: KubeObject): boolean {
  return o.metadata.deletionTimestamp != null && hasFinalizer(o, FINALIZER_DELETE_DEPENDENTS);
}

interface Dependent {
  resource: ResourceInfo;
  object: KubeObject;
}

export class GarbageCollector implements Controller {
  readonly name = 'generic-garbage-collector';
  readonly queue: WorkQueue;
  private readonly resources: ResourceInfo[];
  private readonly informers = new Map<string, Informer>();
  private factory!: SharedInformerFactory;

  constructor(private readonly ctx: ControllerContext, opts: GarbageCollectorOptions = {}) {
    this.queue = ctx.queue;
    const names = opts.resources ?? RESOURCES.filter((r) => r.resource !== 'events').map((r) => r.resource);
    this.resources = names.map((n) => RESOURCES.find((r) => r.resource === n)).filter((r): r is ResourceInfo => r !== undefined);
  }

  start(informers: SharedInformerFactory): void {
    this.factory = informers;
    for (const res of this.resources) this.monitor(res);
    // A World restored from a snapshot already serves custom kinds.
    this.monitorCustomResources();
    // The graph builder's resync of monitors: custom kinds join once their CRD is established.
    informers.informerFor('customresourcedefinitions').addEventHandler({ add: () => this.monitorCustomResources(), update: () => this.monitorCustomResources() });
  }

  /** Start watching the custom kinds discovery serves that are not watched yet. */
  private monitorCustomResources(): void {
    for (const r of this.ctx.client.resources()) {
      if (!isCustomResource(r) || this.informers.has(storageResourceOf(r))) continue;
      this.resources.push(r);
      const existed = this.factory.all().some((i) => i.resource === storageResourceOf(r));
      const inf = this.monitor(r);
      // Created after the World's initial list: fill it from a LIST, as a new reflector would.
      if (!existed) inf.replace(this.ctx.client.list(r));
      for (const o of inf.list()) if (o.metadata.ownerReferences?.length) this.queue.add(gcKey(storageResourceOf(r), keyOf(o.metadata)));
    }
  }

  private monitor(res: ResourceInfo): Informer {
    const inf = this.factory.informerFor(storageResourceOf(res));
    this.informers.set(storageResourceOf(res), inf);
    inf.addIndexer(OWNER_UID_INDEX, (o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid));
    const enqueue = (o: KubeObject) => this.queue.add(gcKey(storageResourceOf(res), keyOf(o.metadata)));
    inf.addEventHandler({
      add: (o) => {
        if (o.metadata.ownerReferences?.length) enqueue(o);
        this.processOwnerState(res, o);
      },
      update: (old, cur) => {
        if (cur.metadata.ownerReferences?.length && !semanticEqual(old.metadata.ownerReferences, cur.metadata.ownerReferences)) enqueue(cur);
        // addUnblockedOwnersToDeleteQueue: an owner waiting on this object may now be free.
        this.enqueueUnblockedOwners(res, old, cur);
        this.processOwnerState(res, cur);
      },
      // An owner went away: look at everything that named it; owners deleting their dependents
      // in the foreground may be able to go now.
      delete: (o) => {
        this.enqueueDependents(o.metadata.uid ?? '');
        this.enqueueDeletingOwners(res, o);
      },
    });
    return inf;
  }

  /**
   * graph_builder's startsWaitingForDependentsOrphaned / startsWaitingForDependentsDeleted, made
   * level-triggered: an object marked for deletion with a GC finalizer is queued for it.
   */
  private processOwnerState(res: ResourceInfo, o: KubeObject): void {
    if (!o.metadata.deletionTimestamp) return;
    const key = gcKey(storageResourceOf(res), keyOf(o.metadata));
    if (hasFinalizer(o, FINALIZER_ORPHAN_DEPENDENTS)) this.queue.add(ORPHAN_PREFIX + key);
    if (hasFinalizer(o, FINALIZER_DELETE_DEPENDENTS)) {
      this.enqueueDependents(o.metadata.uid ?? '');
      this.queue.add(key);
    }
  }

  private enqueueDependents(uid: string): void {
    for (const { resource, object } of this.dependentsOf(uid)) this.queue.add(gcKey(storageResourceOf(resource), keyOf(object.metadata)));
  }

  private dependentsOf(uid: string): Dependent[] {
    if (!uid) return [];
    const out: Dependent[] = [];
    for (const [name, inf] of this.informers) {
      const resource = this.resources.find((r) => storageResourceOf(r) === name)!;
      for (const object of inf.byIndex(OWNER_UID_INDEX, uid)) out.push({ resource, object });
    }
    return out;
  }

  /** The cached owner a reference names (same uid), or undefined. */
  private cachedOwner(dependentRes: ResourceInfo, dependent: KubeObject, ref: OwnerReference): { resource: ResourceInfo; object: KubeObject } | undefined {
    const resource = this.ctx.client.resourceFor(ref.apiVersion, ref.kind) ?? resourceForKind(ref.kind);
    if (!resource) return undefined;
    const inf = this.informers.get(storageResourceOf(resource));
    if (!inf) return undefined;
    const ns = resource.namespaced ? (dependentRes.namespaced ? dependent.metadata.namespace : undefined) : undefined;
    if (resource.namespaced && !ns) return undefined;
    const object = inf.get(keyOf({ namespace: ns, name: ref.name }));
    return object && object.metadata.uid === ref.uid ? { resource, object } : undefined;
  }

  private enqueueOwnerIfDeletingDependents(res: ResourceInfo, dependent: KubeObject, ref: OwnerReference): void {
    const owner = this.cachedOwner(res, dependent, ref);
    if (owner && isDeletingDependents(owner.object)) this.queue.add(gcKey(storageResourceOf(owner.resource), keyOf(owner.object.metadata)));
  }

  private enqueueDeletingOwners(res: ResourceInfo, o: KubeObject): void {
    for (const ref of o.metadata.ownerReferences ?? []) this.enqueueOwnerIfDeletingDependents(res, o, ref);
  }

  /** Owners whose blocking reference was removed, or turned non-blocking. */
  private enqueueUnblockedOwners(res: ResourceInfo, old: KubeObject, cur: KubeObject): void {
    const now = new Map((cur.metadata.ownerReferences ?? []).map((r) => [r.uid, r]));
    for (const ref of old.metadata.ownerReferences ?? []) {
      if (!ref.blockOwnerDeletion) continue;
      const after = now.get(ref.uid);
      if (!after || !after.blockOwnerDeletion) this.enqueueOwnerIfDeletingDependents(res, old, ref);
    }
  }

  sync(key: string): SyncResult {
    const orphan = key.startsWith(ORPHAN_PREFIX);
    const rest = orphan ? key.slice(ORPHAN_PREFIX.length) : key;
    const bar = rest.indexOf('|');
    const resource = this.resources.find((r) => storageResourceOf(r) === rest.slice(0, bar));
    if (!resource) return DONE;
    return orphan ? this.attemptToOrphan(resource, rest.slice(bar + 1)) : this.attemptToDeleteItem(resource, rest.slice(bar + 1));
  }

  /**
   * attemptToDeleteItem: read the object live. Deleting its dependents in the foreground -> see
   * whether any still block it. Otherwise classify its owners: some solid -> drop the dangling
   * references and those to owners waiting for their dependents; none solid but one waiting and
   * dependents of its own -> delete it in the foreground too; else delete it, honouring a GC
   * finalizer it already carries (background by default).
   */
  private attemptToDeleteItem(resource: ResourceInfo, objectKey: ObjectKey): SyncResult {
    const { namespace, name } = splitKey(objectKey);
    const latest = this.ctx.client.get(resource, namespace, name);
    if (!latest) return DONE;
    if (isDeletingDependents(latest)) return this.processDeletingDependentsItem(latest);
    // Being deleted already: the deletion will finish without us.
    if (latest.metadata.deletionTimestamp) return DONE;
    const refs = latest.metadata.ownerReferences ?? [];
    if (refs.length === 0) return DONE;
    const { solid, dangling, waitingForDependentsDeletion } = this.classifyReferences(resource, latest, refs);
    if (solid.length > 0) {
      const gone = new Set([...dangling, ...waitingForDependentsDeletion].map((r) => r.uid));
      if (gone.size === 0) return DONE;
      return this.updateOwnerReferences(latest, refs.filter((r) => !gone.has(r.uid)));
    }
    if (waitingForDependentsDeletion.length > 0 && this.dependentsOf(latest.metadata.uid ?? '').length > 0) {
      // A dependent of ours is itself deleting its dependents: unblock our references so that the
      // two cannot wait on each other forever (upstream's cycle breaker).
      if (this.dependentsOf(latest.metadata.uid ?? '').some((d) => isDeletingDependents(d.object)) && refs.some((r) => r.blockOwnerDeletion)) {
        const unblocked = refs.map((r) => (r.blockOwnerDeletion ? { ...r, blockOwnerDeletion: false } : r));
        const u = this.updateOwnerReferences(latest, unblocked);
        if (u !== DONE) return u;
      }
      return this.deleteObject(resource, latest, 'Foreground');
    }
    const policy: DeletionPropagation = hasFinalizer(latest, FINALIZER_ORPHAN_DEPENDENTS)
      ? 'Orphan'
      : hasFinalizer(latest, FINALIZER_DELETE_DEPENDENTS) ? 'Foreground' : 'Background';
    return this.deleteObject(resource, latest, policy);
  }

  /**
   * processDeletingDependentsItem: no dependent with blockOwnerDeletion left -> remove the
   * foregroundDeletion finalizer (the API server then deletes the object); else queue the blocking
   * dependents that are not themselves deleting theirs.
   */
  private processDeletingDependentsItem(owner: KubeObject): SyncResult {
    const uid = owner.metadata.uid ?? '';
    const blocking = this.dependentsOf(uid).filter((d) => (d.object.metadata.ownerReferences ?? []).some((r) => r.uid === uid && r.blockOwnerDeletion));
    if (blocking.length === 0) return this.removeFinalizer(owner, FINALIZER_DELETE_DEPENDENTS);
    for (const d of blocking) {
      if (!isDeletingDependents(d.object)) this.queue.add(gcKey(storageResourceOf(d.resource), keyOf(d.object.metadata)));
    }
    return DONE;
  }

  /**
   * attemptToOrphanWorker: remove the owner's references from all its dependents, then its
   * `orphan` finalizer.
   */
  private attemptToOrphan(resource: ResourceInfo, objectKey: ObjectKey): SyncResult {
    const { namespace, name } = splitKey(objectKey);
    const owner = this.ctx.client.get(resource, namespace, name);
    if (!owner || !owner.metadata.deletionTimestamp || !hasFinalizer(owner, FINALIZER_ORPHAN_DEPENDENTS)) return DONE;
    const uid = owner.metadata.uid ?? '';
    for (const d of this.dependentsOf(uid)) {
      const fresh = this.ctx.client.get(d.resource, d.object.metadata.namespace, d.object.metadata.name ?? '');
      if (!fresh) continue;
      const refs = fresh.metadata.ownerReferences ?? [];
      if (!refs.some((r) => r.uid === uid)) continue;
      const u = this.updateOwnerReferences(fresh, refs.filter((r) => r.uid !== uid));
      if (u !== DONE) return u;
    }
    return this.removeFinalizer(owner, FINALIZER_ORPHAN_DEPENDENTS);
  }

  private updateOwnerReferences(obj: KubeObject, refs: OwnerReference[]): SyncResult {
    const meta = { ...obj.metadata, ownerReferences: refs };
    if (refs.length === 0) delete (meta as { ownerReferences?: OwnerReference[] }).ownerReferences;
    const r = this.ctx.client.update({ ...obj, metadata: meta });
    if (!r.ok && r.status.reason !== 'NotFound') return { kind: 'retry', reason: r.status.message };
    return DONE;
  }

  private removeFinalizer(obj: KubeObject, finalizer: string): SyncResult {
    const meta = { ...obj.metadata, finalizers: (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer) };
    if (meta.finalizers.length === 0) delete (meta as { finalizers?: string[] }).finalizers;
    const r = this.ctx.client.update({ ...obj, metadata: meta });
    if (!r.ok && r.status.reason !== 'NotFound') return { kind: 'retry', reason: r.status.message };
    return DONE;
  }

  private deleteObject(resource: ResourceInfo, obj: KubeObject, propagationPolicy: DeletionPropagation): SyncResult {
    const r = this.ctx.client.delete(resource, obj.metadata.namespace, obj.metadata.name ?? '', { propagationPolicy });
    if (!r.ok && r.status.reason !== 'NotFound') return { kind: 'retry', reason: r.status.message };
    return DONE;
  }

  /**
   * classifyReferences: an owner is dangling when it does not exist with that uid (a live GET);
   * waiting for dependents' deletion when it exists and deletes them in the foreground.
   */
  private classifyReferences(resource: ResourceInfo, obj: KubeObject, refs: OwnerReference[]): { solid: OwnerReference[]; dangling: OwnerReference[]; waitingForDependentsDeletion: OwnerReference[] } {
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waitingForDependentsDeletion: OwnerReference[] = [];
    for (const ref of refs) {
      const ownerRes = this.ctx.client.resourceFor(ref.apiVersion, ref.kind) ?? resourceForKind(ref.kind);
      // An owner kind we cannot resolve, or a namespaced owner of a cluster-scoped object, can
      // never be proven absent: such references keep the object.
      if (!ownerRes || (ownerRes.namespaced && !resource.namespaced)) {
        solid.push(ref);
        continue;
      }
      const owner = this.ctx.client.get(ownerRes, ownerRes.namespaced ? obj.metadata.namespace : undefined, ref.name);
      if (!owner || owner.metadata.uid !== ref.uid) dangling.push(ref);
      else if (isDeletingDependents(owner)) waitingForDependentsDeletion.push(ref);
      else solid.push(ref);
    }
    return { solid, dangling, waitingForDependentsDeletion };
  }
}
