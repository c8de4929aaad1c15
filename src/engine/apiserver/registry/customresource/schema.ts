// A custom resource against its version's structural openAPIV3Schema: defaulting, pruning of unknown
// fields, then validation with the API server's messages.
// UPSTREAM: staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/{defaulting,pruning}/,
//           staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/validation/validation.go (kube-openapi errors)
// SIMPLIFICATION: no formats beyond type checks, no CEL (x-kubernetes-validations), no list-type/map-keys.

import type { JSONSchemaProps } from '../../../api/discovery';
import { invalid, notSupported, required, tooLong, type ErrorList, type FieldError } from '../../validation/field-errors';

type Json = unknown;
const ROOT_KEPT = new Set(['apiVersion', 'kind', 'metadata']);

const isObj = (v: Json): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Fill `default`s of absent properties, recursively (defaulting.Default). Mutates `value`. */
export function applySchemaDefaults(value: Json, s: JSONSchemaProps | undefined): void {
  if (!s) return;
  if (isObj(value)) {
    for (const [k, p] of Object.entries(s.properties ?? {})) {
      if (value[k] === undefined && p.default !== undefined) value[k] = JSON.parse(JSON.stringify(p.default)) as Json;
      applySchemaDefaults(value[k], p);
    }
    if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      for (const k of Object.keys(value)) if (!(s.properties ?? {})[k]) applySchemaDefaults(value[k], s.additionalProperties);
    }
  } else if (Array.isArray(value) && s.items) {
    for (const v of value) applySchemaDefaults(v, s.items);
  }
}

/**
 * Drop fields the schema does not specify (pruning.Prune), unless x-kubernetes-preserve-unknown-fields.
 * At the root, apiVersion, kind and metadata are kept. Returns the pruned paths (for warnings).
 */
export function pruneUnknownFields(value: Json, s: JSONSchemaProps | undefined, path = '', root = true): string[] {
  if (!s) return [];
  const pruned: string[] = [];
  if (isObj(value)) {
    const props = s.properties ?? {};
    const extra = s.additionalProperties;
    for (const k of Object.keys(value)) {
      const p = props[k] ?? (extra && typeof extra === 'object' ? extra : undefined);
      const here = path ? `${path}.${k}` : k;
      if (p) pruned.push(...pruneUnknownFields(value[k], p, here, false));
      else if (root && ROOT_KEPT.has(k)) continue;
      else if (!(s['x-kubernetes-preserve-unknown-fields'] === true || extra === true)) {
        delete value[k];
        pruned.push(here);
      }
    }
  } else if (Array.isArray(value) && s.items) {
    value.forEach((v, i) => pruned.push(...pruneUnknownFields(v, s.items, `${path}[${i}]`, false)));
  }
  return pruned;
}

function typeOf(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: Json, s: JSONSchemaProps): boolean {
  if (s['x-kubernetes-int-or-string']) return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
  const t = typeOf(v);
  switch (s.type) {
    case undefined: return true;
    case 'number': return t === 'number' || t === 'integer';
    case 'object': return t === 'object';
    default: return t === s.type;
  }
}

/** Validate against the schema; field paths as the API server prints them (`spec.color`). */
export function validateAgainstSchema(value: Json, s: JSONSchemaProps, path = '', root = true): ErrorList {
  const errs: FieldError[] = [];
  const at = path || '<root>';
  if (value === null) {
    if (s.nullable) return [];
    return [invalid(at, 'null', `${at} in body must be of type ${s.type ?? 'object'}: "null"`)];
  }
  if (!typeMatches(value, s)) {
    const t = typeOf(value);
    const want = s['x-kubernetes-int-or-string'] ? 'integer,string' : s.type;
    return [invalid(at, t, `${at} in body must be of type ${want}: "${t}"`)];
  }
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errs.push(notSupported(at, value, s.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)))));
  }
  if (typeof value === 'number') {
    if (s.minimum !== undefined && value < s.minimum) errs.push(invalid(at, value, `${at} in body should be greater than or equal to ${s.minimum}`));
    if (s.maximum !== undefined && value > s.maximum) errs.push(invalid(at, value, `${at} in body should be less than or equal to ${s.maximum}`));
  }
  if (typeof value === 'string') {
    if (s.maxLength !== undefined && value.length > s.maxLength) errs.push(tooLong(at, s.maxLength));
    if (s.minLength !== undefined && value.length < s.minLength) errs.push(invalid(at, value, `${at} in body should be at least ${s.minLength} chars long`));
    if (s.pattern !== undefined && !safeRegExp(s.pattern)?.test(value)) errs.push(invalid(at, value, `${at} in body should match '${s.pattern}'`));
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) errs.push(invalid(at, value.length, `${at} in body should have at least ${s.minItems} items`));
    if (s.maxItems !== undefined && value.length > s.maxItems) errs.push({ type: 'FieldValueTooMany', field: at, badValue: value.length, hasValue: true, detail: `must have at most ${s.maxItems} items` });
    if (s.items) value.forEach((v, i) => errs.push(...validateAgainstSchema(v, s.items!, `${path}[${i}]`, false)));
  }
  if (isObj(value)) {
    for (const r of s.required ?? []) {
      if (value[r] === undefined) errs.push(required(path ? `${path}.${r}` : r));
    }
    for (const [k, v] of Object.entries(value)) {
      if (root && ROOT_KEPT.has(k)) continue;
      const p = (s.properties ?? {})[k] ?? (s.additionalProperties && typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
      if (p) errs.push(...validateAgainstSchema(v, p, path ? `${path}.${k}` : k, false));
    }
  }
  return errs;
}

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}
