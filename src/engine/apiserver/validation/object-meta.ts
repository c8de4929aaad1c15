// ObjectMeta, labels, annotations and label selectors.
// UPSTREAM: staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go,
//           staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go
// SIMPLIFICATION: ownerReferences, finalizers and managedFields are not checked.

import { compareStrings } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { child, forbidden, index, invalid, required, tooLong, type ErrorList } from './field-errors';
import {
  isDNS1123Label,
  isQualifiedName,
  isValidLabelValue,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  nameIsPathSegment,
  type NameValidator,
} from './names';

export type Obj = Record<string, unknown>;

export function asObj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}
export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
export function asString(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
export function sortedEntries(v: unknown): [string, unknown][] {
  const o = asObj(v);
  return o ? Object.entries(o).sort(([a], [b]) => compareStrings(a, b)) : [];
}
/** A map as Go's JSON renders it in a bad value: keys sorted. */
export function sortedMap(v: unknown): Obj | null {
  const o = asObj(v);
  return o ? Object.fromEntries(sortedEntries(o)) : null;
}

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** Which name format a kind's registry strategy enforces (the `ValidateXName` funcs). */
export function nameValidatorFor(kind: string): NameValidator {
  if (kind === 'Namespace') return nameIsDNSLabel;
  if (kind === 'Service') return nameIsDNS1035Label;
  if (RBAC_KINDS.has(kind)) return nameIsPathSegment;
  return nameIsDNSSubdomain;
}

export function validateLabels(labels: unknown, path: string): ErrorList {
  const errs: ErrorList = [];
  for (const [k, v] of sortedEntries(labels)) {
    for (const msg of isQualifiedName(k)) errs.push(invalid(path, k, msg));
    for (const msg of isValidLabelValue(asString(v))) errs.push(invalid(path, asString(v), msg));
  }
  return errs;
}

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export function validateAnnotations(annotations: unknown, path: string): ErrorList {
  const errs: ErrorList = [];
  let total = 0;
  for (const [k, v] of sortedEntries(annotations)) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, msg));
    total += k.length + asString(v).length;
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

/** ValidateObjectMeta for a create or update: name (or generateName), namespace, labels, annotations. */
export function validateObjectMeta(meta: unknown, resource: ResourceInfo, path = 'metadata'): ErrorList {
  const m = asObj(meta) ?? {};
  const errs: ErrorList = [];
  const nameFn = nameValidatorFor(resource.kind);
  const generateName = asString(m.generateName);
  const name = asString(m.name);
  if (generateName) for (const msg of nameFn(generateName, true)) errs.push(invalid(child(path, 'generateName'), generateName, msg));
  if (!name) errs.push(required(child(path, 'name'), 'name or generateName is required'));
  else for (const msg of nameFn(name, false)) errs.push(invalid(child(path, 'name'), name, msg));
  const namespace = asString(m.namespace);
  if (resource.namespaced) {
    if (!namespace) errs.push(required(child(path, 'namespace')));
    else for (const msg of isDNS1123Label(namespace)) errs.push(invalid(child(path, 'namespace'), namespace, msg));
  } else if (namespace) {
    errs.push(forbidden(child(path, 'namespace'), 'not allowed on this type'));
  }
  if (typeof m.generation === 'number' && m.generation < 0) errs.push(invalid(child(path, 'generation'), m.generation, 'must be greater than or equal to 0'));
  errs.push(...validateLabels(m.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(m.annotations, child(path, 'annotations')));
  return errs;
}

const SELECTOR_OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** metav1 validation.ValidateLabelSelector. */
export function validateLabelSelector(selector: unknown, path: string): ErrorList {
  const s = asObj(selector);
  if (!s) return [];
  const errs: ErrorList = [];
  asArray(s.matchExpressions).forEach((raw, i) => {
    const expr = asObj(raw) ?? {};
    const p = index(child(path, 'matchExpressions'), i);
    const op = asString(expr.operator);
    const values = asArray(expr.values);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) errs.push(required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) errs.push(forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else if (!SELECTOR_OPERATORS.has(op)) {
      errs.push(invalid(child(p, 'operator'), op, 'not a valid selector operator'));
    }
    for (const msg of isQualifiedName(asString(expr.key))) errs.push(invalid(child(p, 'key'), asString(expr.key), msg));
  });
  errs.push(...validateLabels(s.matchLabels, child(path, 'matchLabels')));
  return errs;
}

/**
 * labels.Selector.Matches for a LabelSelector (metav1.LabelSelectorAsSelector). A nil selector
 * matches nothing; an empty one matches everything.
 */
export function selectorMatches(selector: unknown, labels: unknown): boolean {
  const s = asObj(selector);
  if (!s) return false;
  const l = asObj(labels) ?? {};
  for (const [k, v] of Object.entries(asObj(s.matchLabels) ?? {})) if (l[k] !== v) return false;
  for (const raw of asArray(s.matchExpressions)) {
    const e = asObj(raw) ?? {};
    const k = asString(e.key);
    const has = Object.prototype.hasOwnProperty.call(l, k);
    const values = asArray(e.values).map(asString);
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(asString(l[k]))) return false;
        break;
      case 'NotIn':
        if (has && values.includes(asString(l[k]))) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** True when the selector has neither matchLabels nor matchExpressions. */
export function isEmptySelector(selector: unknown): boolean {
  const s = asObj(selector) ?? {};
  return Object.keys(asObj(s.matchLabels) ?? {}).length + asArray(s.matchExpressions).length === 0;
}
