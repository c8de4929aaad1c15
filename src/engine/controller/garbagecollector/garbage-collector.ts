// The garbage collector: an object whose every owner (by uid) is gone is deleted, so deleting a
// Deployment removes its ReplicaSets, and those their pods; an owner reference to a vanished owner
// is removed when other owners remain.
// UPSTREAM: pkg/controller/garbagecollector/garbagecollector.go (attemptToDeleteItem, classifyReferences),
//           graph_builder.go
// SIMPLIFICATION: no dependency graph: dependents are found through an informer index on owner uid
// and owners are checked with a live GET (as isDangling does). Background propagation only (no
// foregroundDeletion / orphan finalizers).

import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import { keyOf, splitKey } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { RESOURCES, resourceForApiVersionKind, resourceForKind } from '../../api/resources';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';
import { semanticEqual } from '../controller-utils';

const OWNER_UID_INDEX = 'gc-owner-uid';

export interface GarbageCollectorOptions {
  /** REST resources whose objects may be collected; default every resource in RESOURCES but events */
  resources?: string[];
}

/** Queue keys name the resource too: `replicasets|default/web-5d4f8`. */
export function gcKey(resource: string, key: ObjectKey): string {
  return `${resource}|${key}`;
}

export class GarbageCollector implements Controller {
  readonly name = 'generic-garbage-collector';
  readonly queue: WorkQueue;
  private readonly resources: ResourceInfo[];
  private readonly informers = new Map<string, Informer>();

  constructor(private readonly ctx: ControllerContext, opts: GarbageCollectorOptions = {}) {
    this.queue = ctx.queue;
    const names = opts.resources ?? RESOURCES.filter((r) => r.resource !== 'events').map((r) => r.resource);
    this.resources = names.map((n) => RESOURCES.find((r) => r.resource === n)).filter((r): r is ResourceInfo => r !== undefined);
  }

  start(informers: SharedInformerFactory): void {
    for (const res of this.resources) {
      const inf = informers.informerFor(res.resource);
      this.informers.set(res.resource, inf);
      inf.addIndexer(OWNER_UID_INDEX, (o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid));
      const enqueue = (o: KubeObject) => this.queue.add(gcKey(res.resource, keyOf(o.metadata)));
      inf.addEventHandler({
        add: (o) => {
          if (o.metadata.ownerReferences?.length) enqueue(o);
        },
        update: (old, cur) => {
          if (cur.metadata.ownerReferences?.length && !semanticEqual(old.metadata.ownerReferences, cur.metadata.ownerReferences)) enqueue(cur);
        },
        // An owner went away: look at everything that named it.
        delete: (o) => this.enqueueDependents(o.metadata.uid ?? ''),
      });
    }
  }

  private enqueueDependents(uid: string): void {
    if (!uid) return;
    for (const [resource, inf] of this.informers) {
      for (const dep of inf.byIndex(OWNER_UID_INDEX, uid)) this.queue.add(gcKey(resource, keyOf(dep.metadata)));
    }
  }

  sync(key: string): SyncResult {
    const bar = key.indexOf('|');
    const resource = this.resources.find((r) => r.resource === key.slice(0, bar));
    if (!resource) return DONE;
    return this.attemptToDeleteItem(resource, key.slice(bar + 1));
  }

  /**
   * attemptToDeleteItem: read the dependent live, classify its owners; no solid owner left ->
   * delete it (background); some solid, some dangling -> drop the dangling references.
   */
  private attemptToDeleteItem(resource: ResourceInfo, objectKey: ObjectKey): SyncResult {
    const { namespace, name } = splitKey(objectKey);
    const latest = this.ctx.client.get(resource, namespace, name);
    if (!latest) return DONE;
    // Being deleted already: the deletion will finish without us.
    if (latest.metadata.deletionTimestamp) return DONE;
    const refs = latest.metadata.ownerReferences ?? [];
    if (refs.length === 0) return DONE;
    const { solid, dangling } = this.classifyReferences(resource, latest, refs);
    if (solid.length > 0) {
      if (dangling.length === 0) return DONE;
      const gone = new Set(dangling.map((r) => r.uid));
      const next = { ...latest, metadata: { ...latest.metadata, ownerReferences: refs.filter((r) => !gone.has(r.uid)) } };
      const r = this.ctx.client.update(next);
      if (!r.ok && r.status.reason !== 'NotFound') return { kind: 'retry', reason: r.status.message };
      return DONE;
    }
    const r = this.ctx.client.delete(resource, latest.metadata.namespace, latest.metadata.name ?? '', { propagationPolicy: 'Background' });
    if (!r.ok && r.status.reason !== 'NotFound') return { kind: 'retry', reason: r.status.message };
    return DONE;
  }

  /** classifyReferences: an owner is dangling when it does not exist with that uid (a live GET). */
  private classifyReferences(resource: ResourceInfo, obj: KubeObject, refs: OwnerReference[]): { solid: OwnerReference[]; dangling: OwnerReference[] } {
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    for (const ref of refs) {
      const ownerRes = resourceForApiVersionKind(ref.apiVersion, ref.kind) ?? resourceForKind(ref.kind);
      // An owner kind we cannot resolve, or a namespaced owner of a cluster-scoped object, can
      // never be proven absent: such references keep the object.
      if (!ownerRes || (ownerRes.namespaced && !resource.namespaced)) {
        solid.push(ref);
        continue;
      }
      const owner = this.ctx.client.get(ownerRes, ownerRes.namespaced ? obj.metadata.namespace : undefined, ref.name);
      if (!owner || owner.metadata.uid !== ref.uid) dangling.push(ref);
      else solid.push(ref);
    }
    return { solid, dangling };
  }
}
