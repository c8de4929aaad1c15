// Namespace lifecycle in the API server: the NamespaceLifecycle admission plugin (no new content in
// a terminating namespace, immortal namespaces) and the namespace REST's two-phase delete.
// UPSTREAM: staging/src/k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle/admission.go,
//           pkg/registry/core/namespace/storage/storage.go (Delete, finalize, ShouldDeleteNamespaceDuringUpdate)
// SIMPLIFICATION: the lifecycle check runs after schema validation (upstream: admission first).

import type { ApiStatus, KubeObject } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { forbidden } from '../errors';

/** The finalizer the API server puts in every Namespace's spec; the namespace controller removes it. */
export const FINALIZER_KUBERNETES = 'kubernetes';

/**
 * Namespaces that may not be deleted.
 * SIMPLIFICATION: upstream's immortal set is default, kube-system and kube-public; kube-node-lease
 * is protected here as well, so a learner cannot break node heartbeats.
 */
export const IMMORTAL_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export function isTerminating(ns: KubeObject): boolean {
  return ns.metadata.deletionTimestamp !== undefined || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating';
}

export function specFinalizers(ns: KubeObject): string[] {
  return (ns.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [];
}

/** NamespaceLifecycle on create in a terminating namespace (Forbidden, with the NamespaceTerminating cause). */
export function namespaceTerminating(resource: ResourceInfo, name: string, namespace: string): ApiStatus {
  return forbidden(resource, name, `unable to create new content in namespace ${namespace} because it is being terminated`, [
    { reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' },
  ]);
}

/** NamespaceLifecycle on delete of an immortal namespace. */
export function namespaceImmortal(resource: ResourceInfo, name: string): ApiStatus {
  return forbidden(resource, name, 'this namespace may not be deleted');
}

/** The first DELETE of a namespace: deletionTimestamp and phase Terminating; the object stays. */
export function markTerminating(ns: KubeObject, timestamp: string): KubeObject {
  return {
    ...ns,
    metadata: { ...ns.metadata, deletionTimestamp: ns.metadata.deletionTimestamp ?? timestamp },
    status: { ...(ns.status as object | undefined), phase: 'Terminating' },
  } as KubeObject;
}

/** ShouldDeleteNamespaceDuringUpdate: marked, and neither spec nor metadata finalizers remain. */
export function isNamespaceFinished(ns: KubeObject): boolean {
  return ns.metadata.deletionTimestamp !== undefined && specFinalizers(ns).length === 0 && (ns.metadata.finalizers ?? []).length === 0;
}
