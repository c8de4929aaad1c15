// Field errors and the Status objects the API server builds from them.
// UPSTREAM: staging/src/k8s.io/apimachinery/pkg/util/validation/field/{errors.go,path.go},
//           staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go (NewInvalid)
// SIMPLIFICATION: bad values render as in 1.34+ (strings quoted, numbers bare, the rest as JSON).

import type { ApiStatus, StatusCause } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';

/** metav1.CauseType values (`details.causes[].reason`). */
export type ErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueNotFound';

const TYPE_TEXT: Record<ErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueNotFound: 'Not found',
};

/** One validation failure: field.Error. `badValue` undefined means "print no value". */
export interface FieldError {
  type: ErrorType;
  /** JSON path as the API prints it: `spec.template.spec.containers[0].image`, `data[my key]` */
  field: string;
  badValue?: unknown;
  hasValue: boolean;
  detail: string;
}

export type ErrorList = FieldError[];

// Path building (field.Path): child with '.', index and map key in brackets.
export function child(path: string, ...names: string[]): string {
  return names.reduce((p, n) => (p ? `${p}.${n}` : n), path);
}
export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}
export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}

export function required(field: string, detail = ''): FieldError {
  return { type: 'FieldValueRequired', field, hasValue: false, detail };
}
export function invalid(field: string, badValue: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, badValue, hasValue: true, detail };
}
export function notSupported(field: string, badValue: unknown, validValues: readonly string[]): FieldError {
  const detail = validValues.length ? `supported values: ${validValues.map((v) => JSON.stringify(v)).join(', ')}` : '';
  return { type: 'FieldValueNotSupported', field, badValue, hasValue: true, detail };
}
export function duplicate(field: string, badValue: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, badValue, hasValue: true, detail: '' };
}
export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, hasValue: false, detail };
}
export function notFound(field: string, badValue: unknown): FieldError {
  return { type: 'FieldValueNotFound', field, badValue, hasValue: true, detail: '' };
}
export function tooLong(field: string, maxLength: number): FieldError {
  return { type: 'FieldValueTooLong', field, hasValue: false, detail: `may not be more than ${maxLength} bytes` };
}

/** How a bad value prints (1.34+): `"x"` for strings, bare numbers/bools, JSON otherwise, `null` for nil. */
export function renderValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** field.Error.ErrorBody(): `Invalid value: "x": detail`, `Required value`, `Forbidden: detail`. */
export function errorBody(e: FieldError): string {
  let s = TYPE_TEXT[e.type];
  if (e.hasValue && e.type !== 'FieldValueRequired' && e.type !== 'FieldValueForbidden' && e.type !== 'FieldValueTooLong') {
    s += `: ${renderValue(e.badValue)}`;
  }
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** field.Error.Error(): `<field>: <body>`. */
export function errorString(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}

/** `Deployment.apps`, `Pod`: how NewInvalid names the kind (Kind plus group when not core). */
export function qualifiedKind(r: ResourceInfo): string {
  return r.group ? `${r.kind}.${r.group}` : r.kind;
}

/**
 * errors.NewInvalid: 422 with `<Kind>[.<group>] "<name>" is invalid: <one error or [e1, e2]>`, one cause
 * per error. Duplicated messages are printed once (ErrorList.ToAggregate), causes keep them all.
 */
export function invalidStatus(r: ResourceInfo, name: string, errs: ErrorList): ApiStatus {
  const messages = [...new Set(errs.map(errorString))];
  const agg = messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
  const causes: StatusCause[] = errs.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field }));
  return {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    message: `${qualifiedKind(r)} ${JSON.stringify(name)} is invalid: ${agg}`,
    reason: 'Invalid',
    code: 422,
    details: { name, ...(r.group ? { group: r.group } : {}), kind: r.kind, causes },
  };
}
