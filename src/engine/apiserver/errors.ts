// Constructors for the API server's failure Status objects, with the real message formats.
// NewInvalid (built from field errors) lives beside the field errors in validation/field-errors.ts.
// UPSTREAM: staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go

import type { ApiStatus, StatusCause } from '../api/meta';
import type { ResourceInfo } from '../api/resources';

/** `pods`, `deployments.apps`: the GroupResource string used in messages. */
export function groupResource(r: ResourceInfo): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

export function notFound(r: ResourceInfo, name: string): ApiStatus {
  return {
    kind: 'Status', apiVersion: 'v1', status: 'Failure',
    message: `${groupResource(r)} "${name}" not found`,
    reason: 'NotFound', code: 404,
    details: { name, ...(r.group ? { group: r.group } : {}), kind: r.resource },
  };
}

export function alreadyExists(r: ResourceInfo, name: string): ApiStatus {
  return {
    kind: 'Status', apiVersion: 'v1', status: 'Failure',
    message: `${groupResource(r)} "${name}" already exists`,
    reason: 'AlreadyExists', code: 409,
    details: { name, ...(r.group ? { group: r.group } : {}), kind: r.resource },
  };
}

const OptimisticLockErrorMsg =
  'the object has been modified; please apply your changes to the latest version and try again';

export function conflict(r: ResourceInfo, name: string, err: string = OptimisticLockErrorMsg): ApiStatus {
  return {
    kind: 'Status', apiVersion: 'v1', status: 'Failure',
    message: `Operation cannot be fulfilled on ${groupResource(r)} "${name}": ${err}`,
    reason: 'Conflict', code: 409,
    details: { name, ...(r.group ? { group: r.group } : {}), kind: r.resource },
  };
}

/**
 * errors.NewBadRequest. The real Status has no details; the sandbox may add `causes` with the field
 * so the editor can point at the line (SIMPLIFICATION, additive).
 */
export function badRequest(message: string, causes?: StatusCause[]): ApiStatus {
  return {
    kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason: 'BadRequest', code: 400,
    ...(causes && causes.length ? { details: { causes } } : {}),
  };
}

/** errors.NewInternalError: `Internal error occurred: <err>`, 500. */
export function internalError(err: string): ApiStatus {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: `Internal error occurred: ${err}`, reason: 'InternalError', code: 500 };
}

/**
 * errors.NewForbidden: `<resource> "<name>" is forbidden: <err>` (or `<resource> is forbidden: <err>`
 * without a name), 403. Admission rejections use it too (admission.NewForbidden).
 */
export function forbidden(r: ResourceInfo, name: string, err: string, causes?: StatusCause[]): ApiStatus {
  return {
    kind: 'Status', apiVersion: 'v1', status: 'Failure',
    message: name ? `${groupResource(r)} "${name}" is forbidden: ${err}` : `${groupResource(r)} is forbidden: ${err}`,
    reason: 'Forbidden', code: 403,
    details: { name, ...(r.group ? { group: r.group } : {}), kind: r.resource, ...(causes && causes.length ? { causes } : {}) },
  };
}
