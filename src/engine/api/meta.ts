// API machinery types shared by every kind: object identity, metadata and the Status error shape.
// UPSTREAM: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go
// The built-in kinds themselves come from `kubernetes-types` (generated from the real OpenAPI, with
// the API's field docs); this file adds what the engine needs on top.

import type { ObjectMeta } from 'kubernetes-types/meta/v1';

/** Drop `readonly` (kubernetes-types marks server-set fields readonly; the server itself sets them). */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export type Meta = Mutable<ObjectMeta>;

/** Any API object as JSON: the fields every kind has. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  [field: string]: unknown;
}

/** `namespace/name` for namespaced objects, `name` for cluster-scoped ones (client-go's MetaNamespaceKey). */
export type ObjectKey = string;

/** How a caller names one object across kinds. */
export interface ObjectRef {
  /** e.g. 'apps/v1'; optional when the kind is unambiguous. */
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name: string;
}

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'Timeout'
  | 'TooManyRequests'
  | 'MethodNotAllowed'
  | 'InternalError';

export interface StatusCause {
  /** e.g. 'FieldValueInvalid', 'FieldValueRequired', 'FieldValueNotSupported' */
  reason?: string;
  message?: string;
  /** JSON path of the offending field, e.g. 'spec.replicas' or 'metadata.name' */
  field?: string;
}

/** metav1.Status with status Failure: what the API server answers when a request fails. */
export interface ApiStatus {
  kind: 'Status';
  apiVersion: 'v1';
  status: 'Failure';
  message: string;
  reason: StatusReason;
  code: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: StatusCause[];
    /** seconds a client should wait before retrying (429 TooManyRequests) */
    retryAfterSeconds?: number;
  };
}

export function keyOf(meta: { namespace?: string; name?: string }): ObjectKey {
  return meta.namespace ? `${meta.namespace}/${meta.name ?? ''}` : (meta.name ?? '');
}

export function splitKey(key: ObjectKey): { namespace?: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** Byte-wise string order, as Go's sort.Strings (not localeCompare), for output that must match. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** metav1.FinalizerOrphanDependents: the garbage collector orphans the dependents, then removes it. */
export const FINALIZER_ORPHAN_DEPENDENTS = 'orphan';
/** metav1.FinalizerDeleteDependents: the garbage collector deletes the dependents, then removes it. */
export const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';

/** metav1.DeletionPropagation */
export type DeletionPropagation = 'Background' | 'Foreground' | 'Orphan';
