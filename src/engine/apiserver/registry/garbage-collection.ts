// The registry's half of cascading deletion: which GC finalizers a DELETE puts on the object, from
// DeleteOptions (propagationPolicy, the deprecated orphanDependents), the finalizers already there
// and the kind's default policy.
// UPSTREAM: staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go
//           (deletionFinalizersForGarbageCollection, shouldOrphanDependents, shouldDeleteDependents)
// SIMPLIFICATION: the default policy is per resource, not per request group/version (batch/v1 Jobs
// orphan by default; every other kind deletes its dependents in the background).

import type { DeletionPropagation, KubeObject } from '../../api/meta';
import { FINALIZER_DELETE_DEPENDENTS, FINALIZER_ORPHAN_DEPENDENTS } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';

export interface GarbageCollectionDeleteOptions {
  propagationPolicy?: DeletionPropagation;
  /** deprecated: true = Orphan, false = Background (takes precedence over propagationPolicy) */
  orphanDependents?: boolean;
}

/** rest.GarbageCollectionPolicy */
export type GarbageCollectionPolicy = 'DeleteDependents' | 'OrphanDependents';

/** jobStrategy.DefaultGarbageCollectionPolicy: OrphanDependents for batch/v1, for backwards compatibility. */
export function defaultGarbageCollectionPolicy(resource: ResourceInfo): GarbageCollectionPolicy {
  return resource.resource === 'jobs' ? 'OrphanDependents' : 'DeleteDependents';
}

export function shouldOrphanDependents(resource: ResourceInfo, obj: KubeObject, opts: GarbageCollectionDeleteOptions): boolean {
  if (opts.orphanDependents !== undefined) return opts.orphanDependents;
  if (opts.propagationPolicy) return opts.propagationPolicy === 'Orphan';
  for (const f of obj.metadata.finalizers ?? []) {
    if (f === FINALIZER_ORPHAN_DEPENDENTS) return true;
    if (f === FINALIZER_DELETE_DEPENDENTS) return false;
  }
  return defaultGarbageCollectionPolicy(resource) === 'OrphanDependents';
}

export function shouldDeleteDependents(obj: KubeObject, opts: GarbageCollectionDeleteOptions): boolean {
  if (opts.orphanDependents !== undefined) return false;
  if (opts.propagationPolicy) return opts.propagationPolicy === 'Foreground';
  for (const f of obj.metadata.finalizers ?? []) {
    if (f === FINALIZER_DELETE_DEPENDENTS) return true;
    if (f === FINALIZER_ORPHAN_DEPENDENTS) return false;
  }
  return false;
}

/**
 * deletionFinalizersForGarbageCollection: drop both GC finalizers, add back the one the options
 * ask for; `changed` is false when the set of finalizers stays the same.
 */
export function deletionFinalizersForGarbageCollection(resource: ResourceInfo, obj: KubeObject, opts: GarbageCollectionDeleteOptions): { changed: boolean; finalizers: string[] } {
  const existing = obj.metadata.finalizers ?? [];
  const next = existing.filter((f) => f !== FINALIZER_ORPHAN_DEPENDENTS && f !== FINALIZER_DELETE_DEPENDENTS);
  if (shouldOrphanDependents(resource, obj, opts)) next.push(FINALIZER_ORPHAN_DEPENDENTS);
  if (shouldDeleteDependents(obj, opts)) next.push(FINALIZER_DELETE_DEPENDENTS);
  const a = new Set(existing);
  const b = new Set(next);
  const same = a.size === b.size && [...a].every((f) => b.has(f));
  return same ? { changed: false, finalizers: existing } : { changed: true, finalizers: next };
}
