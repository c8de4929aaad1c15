// Strict decoding of a request body into the typed object, with the errors the API server returns:
//   Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32
//   Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"
// UPSTREAM: staging/src/k8s.io/apimachinery/pkg/runtime/serializer/json/json.go (strict mode),
//           sigs.k8s.io/json (encoding/json fork), apimachinery/pkg/api/resource/quantity.go,
//           apimachinery/pkg/util/intstr/intstr.go
// SIMPLIFICATION: decides from the ajv errors of the generated schemas, ordered as Go would meet
// them (kubectl sends JSON with sorted keys). Unknown fields are reported with `.key` for map keys.

import type { ErrorObject } from 'ajv';
import type { ApiStatus, StatusCause } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { badRequest } from '../errors';
import { definitionNameAt, deref, fieldContext, goTypeOf, nodeAt, validatorFor, type FieldContext, type PathSegment, type SchemaNode } from './schema';

export type { PathSegment } from './schema';

const QUANTITY_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** One problem Go's decoder would meet, at `path`. */
export interface DecodeProblem {
  path: PathSegment[];
  /** the decoder's error text, e.g. `json: cannot unmarshal string into Go struct field ...` */
  message: string;
  /**
   * 'abort': returned at once (errors from custom UnmarshalJSON: Quantity, IntOrString);
   * 'saved': encoding/json remembers the first and keeps going (UnmarshalTypeError, bad base64).
   */
  mode: 'abort' | 'saved';
}

export interface DecodeResult {
  /** what makes decoding fail, if anything: the first abort, else the first saved problem */
  error?: DecodeProblem;
  /** every problem, in the order the decoder meets them */
  problems: DecodeProblem[];
  /** strict decoding: unknown fields in the order the decoder meets them */
  unknownFields: PathSegment[][];
  /** fields the schema marks required and the object lacks (for validation, not decoding) */
  missing: { path: PathSegment[]; definition: string }[];
}

function valueAt(obj: unknown, path: readonly PathSegment[]): unknown {
  let v: unknown = obj;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function splitInstancePath(obj: unknown, pointer: string): PathSegment[] {
  if (!pointer) return [];
  const out: PathSegment[] = [];
  let v: unknown = obj;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(v)) {
      const i = Number(seg);
      out.push(i);
      v = v[i];
    } else {
      out.push(seg);
      v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

/** Go's word for a JSON value in UnmarshalTypeError (`string`, `number`, `number 1.5`, `bool`, `array`, `object`). */
function valueWord(v: unknown, target: SchemaNode): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  const types = target.type === undefined ? [] : Array.isArray(target.type) ? target.type : [target.type];
  // Into an integer, Go quotes the literal it could not fit ("number 1.5", "number 3000000000").
  if (types.includes('integer') || target['x-kubernetes-int-or-string']) return `number ${String(v)}`;
  return 'number';
}

function typeError(definition: string, path: PathSegment[], value: unknown, at: readonly PathSegment[]): DecodeProblem {
  const ctx = withPrefix(fieldContext(definition, path), at);
  const { node } = deref(ctx.node);
  const isQuantity = ctx.node.$ref !== undefined && node['x-go-type'] === 'resource.Quantity';
  if (isQuantity) return { path, message: QUANTITY_ERROR, mode: 'abort' };
  const word = valueWord(value, node);
  const goType = goTypeOf(ctx.node);
  const message = ctx.fieldPath
    ? `json: cannot unmarshal ${word} into Go struct field ${ctx.struct}.${ctx.fieldPath} of type ${goType}`
    : `json: cannot unmarshal ${word} into Go value of type ${goType}`;
  return { path, message, mode: node['x-kubernetes-int-or-string'] ? 'abort' : 'saved' };
}

/** Field names of `at` (the decoded value's place in the request body) go in front of the Go field path. */
function withPrefix(ctx: FieldContext, at: readonly PathSegment[]): FieldContext {
  const names = at.filter((s): s is string => typeof s === 'string');
  if (!names.length) return ctx;
  return { ...ctx, fieldPath: [...names, ...(ctx.fieldPath ? [ctx.fieldPath] : [])].join('.') };
}

/** base64.StdEncoding's CorruptInputError offset for `s`, or -1 when it decodes. */
export function base64ErrorOffset(s: string): number {
  const stripped: number[] = []; // offsets of non-newline characters (the decoder skips \r and \n)
  for (let i = 0; i < s.length; i++) if (s[i] !== '\n' && s[i] !== '\r') stripped.push(i);
  const chars = stripped.map((i) => s[i]);
  for (let q = 0; q < chars.length; q += 4) {
    const quantum = chars.slice(q, q + 4);
    for (let j = 0; j < quantum.length; j++) {
      const c = quantum[j];
      if (c === '=') {
        // Padding is only valid in the last two positions of the final quantum.
        if (j < 2) return stripped[q + j];
        if (j === 2 && quantum[3] !== '=') return quantum.length < 4 ? stripped[q] : stripped[q + 3];
        if (q + 4 < chars.length) return stripped[q + 4];
        return -1;
      }
      if (!/[A-Za-z0-9+/]/.test(c)) return stripped[q + j];
    }
    if (quantum.length < 4) return stripped[q];
  }
  return -1;
}

/** Go's order of visiting fields: sorted keys (kubectl marshals maps sorted), arrays in order, parents first. */
export function compareTraversal(a: readonly PathSegment[], b: readonly PathSegment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    const sx = String(x);
    const sy = String(y);
    return sx < sy ? -1 : sx > sy ? 1 : 0;
  }
  return a.length - b.length;
}

/** `spec.template.spec.containers[0].image`, with map keys in brackets: `metadata.labels[app]`. */
export function formatFieldPath(definition: string, path: readonly PathSegment[]): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (typeof seg === 'number') {
      out += `[${seg}]`;
      continue;
    }
    const parent = nodeAt(definition, path.slice(0, i));
    const isField = !parent || (parent.properties !== undefined && seg in parent.properties) || parent.additionalProperties === false;
    out += isField ? (out ? `.${seg}` : seg) : `[${seg}]`;
  }
  return out;
}

/**
 * Run the decoder checks on `obj` against a definition (a kind's, or e.g. `ObjectMeta` for a part of
 * the body at `at`). Paths in the result are relative to `obj`. Null values are skipped as Go does.
 */
export function decodeObject(obj: unknown, definition: string, kind: string, at: readonly PathSegment[] = []): DecodeResult {
  const validate = validatorFor(definition);
  validate(obj);
  const errors: ErrorObject[] = validate.errors ?? [];
  const problems: DecodeProblem[] = [];
  const unknownFields: PathSegment[][] = [];
  const missing: DecodeResult['missing'] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const path = splitInstancePath(obj, e.instancePath);
    const value = valueAt(obj, path);
    switch (e.keyword) {
      case 'type': {
        if (value === null) break; // JSON null leaves a Go field at its zero value
        const k = JSON.stringify(path);
        if (seen.has(k)) break;
        seen.add(k);
        problems.push(typeError(definition, path, value, at));
        break;
      }
      case 'format': {
        const k = JSON.stringify(path);
        if (seen.has(k)) break;
        seen.add(k);
        const ctx = withPrefix(fieldContext(definition, path), at);
        problems.push({
          path,
          message: `json: cannot unmarshal number ${String(value)} into Go struct field ${ctx.struct}.${ctx.fieldPath} of type ${goTypeOf(ctx.node)}`,
          mode: 'saved',
        });
        break;
      }
      case 'pattern':
        problems.push({ path, message: QUANTITY_ERROR, mode: 'abort' });
        break;
      case 'additionalProperties':
        unknownFields.push([...path, (e.params as { additionalProperty: string }).additionalProperty]);
        break;
      case 'required': {
        const parentDef = definitionNameAt(definition, path) ?? '';
        missing.push({ path: [...path, (e.params as { missingProperty: string }).missingProperty], definition: parentDef });
        break;
      }
      default:
        break; // const/enum on apiVersion and kind: the REST mapping already matched them
    }
  }
  // Secret.data and ConfigMap.binaryData are []byte: JSON strings must be base64.
  const bytesField = kind === 'Secret' ? 'data' : kind === 'ConfigMap' ? 'binaryData' : undefined;
  const bytesMap = bytesField ? valueAt(obj, [bytesField]) : undefined;
  if (bytesField && bytesMap && typeof bytesMap === 'object' && !Array.isArray(bytesMap)) {
    for (const [k, v] of Object.entries(bytesMap as Record<string, unknown>)) {
      if (typeof v !== 'string') continue;
      const at = base64ErrorOffset(v);
      if (at >= 0) problems.push({ path: [bytesField, k], message: `illegal base64 data at input byte ${at}`, mode: 'saved' });
    }
  }
  problems.sort((a, b) => compareTraversal(a.path, b.path));
  unknownFields.sort(compareTraversal);
  return { error: pickError(problems), problems, unknownFields, missing };
}

/** What the decoder returns: an abort error wherever it is, else the first saved one. */
function pickError(problems: readonly DecodeProblem[]): DecodeProblem | undefined {
  return problems.find((p) => p.mode === 'abort') ?? problems[0];
}

/**
 * kubectl's own check before it sends anything (cli-runtime's metadataValidatingDecoder): the
 * body's `metadata` must decode into ObjectMeta. Returns the error with its path from the root.
 */
export function decodeMetadata(obj: unknown): DecodeProblem | undefined {
  const metadata = obj !== null && typeof obj === 'object' ? (obj as Record<string, unknown>).metadata : undefined;
  if (metadata === undefined || metadata === null) return undefined;
  const r = decodeObject(metadata, 'ObjectMeta', '', ['metadata']);
  return r.error && { ...r.error, path: ['metadata', ...r.error.path] };
}

/**
 * The BadRequest the API server answers when the body does not decode (type errors, bad
 * quantities or base64) or, with fieldValidation=Strict as kubectl sends it, has unknown fields.
 */
export function decodeStatus(obj: unknown, resource: ResourceInfo, definition: string, result?: DecodeResult): ApiStatus | undefined {
  const r = result ?? decodeObject(obj, definition, resource.kind);
  const prefix = `${resource.kind} in version ${JSON.stringify(resource.version)} cannot be handled as a ${resource.kind}: `;
  if (r.error) {
    const cause: StatusCause = { reason: 'FieldValueTypeInvalid', message: r.error.message, field: formatFieldPath(definition, r.error.path) };
    return badRequest(prefix + r.error.message, [cause]);
  }
  if (r.unknownFields.length) {
    const causes = r.unknownFields.map((p) => {
      const field = formatFieldPath(definition, p);
      return { reason: 'FieldValueInvalid', message: `unknown field ${JSON.stringify(field)}`, field };
    });
    return badRequest(`${prefix}strict decoding error: ${causes.map((c) => c.message).join(', ')}`, causes);
  }
  return undefined;
}
