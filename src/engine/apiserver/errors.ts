// Constructors for the API server's failure Status objects, with the real message formats.
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

export const OptimisticLockErrorMsg =
  'the object has been modified; please apply your changes to the latest version and try again';

export function conflict(r: ResourceInfo, name: string, err: string = OptimisticLockErrorMsg): ApiStatus {
  return {
    kind: 'Status', apiVersion: 'v1', status: 'Failure',
    message: `Operation cannot be fulfilled on ${groupResource(r)} "${name}": ${err}`,
    reason: 'Conflict', code: 409,
    details: { name, ...(r.group ? { group: r.group } : {}), kind: r.resource },
  };
}

/** One field error, rendered as field/errors.go does: `<path>: <Type>[: <value>][: <detail>]`. */
export interface FieldError {
  type: 'Required' | 'Invalid' | 'NotSupported' | 'Duplicate' | 'Forbidden' | 'TooLong' | 'NotFound';
  field: string;
  value?: unknown;
  detail?: string;
}

const TYPE_TEXT: Record<FieldError['type'], [string, string]> = {
  Required: ['Required value', 'FieldValueRequired'],
  Invalid: ['Invalid value', 'FieldValueInvalid'],
  NotSupported: ['Unsupported value', 'FieldValueNotSupported'],
  Duplicate: ['Duplicate value', 'FieldValueDuplicate'],
  Forbidden: ['Forbidden', 'FieldValueForbidden'],
  TooLong: ['Too long', 'FieldValueTooLong'],
  NotFound: ['Not found', 'FieldValueNotFound'],
};

/** Bad values: strings %q-quoted, numbers/bools bare, anything else as JSON (1.34+). */
export function renderValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

export function fieldErrorBody(e: FieldError): string {
  const [text] = TYPE_TEXT[e.type];
  const showValue = e.type !== 'Required' && e.type !== 'Forbidden' && e.type !== 'TooLong' && e.value !== undefined;
  let s = text;
  if (showValue) s += `: ${renderValue(e.value)}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

export function invalid(r: ResourceInfo, name: string, errs: FieldError[]): ApiStatus {
  const bodies = errs.map((e) => `${e.field}: ${fieldErrorBody(e)}`);
  const unique = [...new Set(bodies)];
  const agg = unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
  const causes: StatusCause[] = errs.map((e) => ({
    reason: TYPE_TEXT[e.type][1], message: fieldErrorBody(e), field: e.field,
  }));
  return {
    kind: 'Status', apiVersion: 'v1', status: 'Failure',
    message: `${r.group ? `${r.kind}.${r.group}` : r.kind} "${name}" is invalid: ${agg}`,
    reason: 'Invalid', code: 422,
    details: { name, ...(r.group ? { group: r.group } : {}), kind: r.kind, causes },
  };
}

export function badRequest(message: string): ApiStatus {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason: 'BadRequest', code: 400 };
}

export function forbidden(r: ResourceInfo, name: string, err: string): ApiStatus {
  return {
    kind: 'Status', apiVersion: 'v1', status: 'Failure',
    message: name ? `${groupResource(r)} "${name}" is forbidden: ${err}` : `${groupResource(r)} is forbidden: ${err}`,
    reason: 'Forbidden', code: 403,
    details: { name, ...(r.group ? { group: r.group } : {}), kind: r.resource },
  };
}

export function internalError(message: string): ApiStatus {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason: 'InternalError', code: 500 };
}
