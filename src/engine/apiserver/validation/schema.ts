// The generated OpenAPI-like schemas (api/schemas/manifest.schema.json) compiled with ajv, plus a
// walker that answers "which Go struct and type holds the field at this JSON path" for decode errors.
// UPSTREAM: staging/src/k8s.io/apiserver/pkg/endpoints/handlers (decoding with the typed scheme)
// SIMPLIFICATION: validators are compiled lazily per kind (~0.25 s for the first, little after).

import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import manifestSchema from '../../api/schemas/manifest.schema.json' with { type: 'json' };
import { schemaDefinitionFor } from '../../api/schemas/kinds';

export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  format?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  required?: string[];
  anyOf?: SchemaNode[];
  pattern?: string;
  description?: string;
  'x-go-type'?: string;
  'x-kubernetes-int-or-string'?: boolean;
}

const SCHEMA_ID = (manifestSchema as { $id: string }).$id;
export const definitions = (manifestSchema as unknown as { definitions: Record<string, SchemaNode> }).definitions;

export { schemaDefinitionFor };

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function instance(): Ajv {
  if (!ajv) {
    // No ref inlining or code optimisation: the schema is big and each kind is validated rarely,
    // so compile time (~0.25 s instead of ~0.6 s for the first kind) matters more than speed.
    ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false, inlineRefs: false, code: { optimize: false } });
    // Range checks stand in for Go's integer overflow ("number 3000000000" into int32).
    ajv.addFormat('int32', { type: 'number', validate: (n: number) => n >= INT32_MIN && n <= INT32_MAX });
    ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
    ajv.addFormat('double', { type: 'number', validate: () => true });
    ajv.addSchema(manifestSchema as object, SCHEMA_ID);
  }
  return ajv;
}

/** The ajv validator of one definition (`Deployment`, `core.v1.EndpointPort`), compiled on first use. */
export function validatorFor(definition: string): ValidateFunction {
  let v = validators.get(definition);
  if (!v) {
    v = instance().compile({ $ref: `${SCHEMA_ID}#/definitions/${definition}` });
    validators.set(definition, v);
  }
  return v;
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** Follow `$ref`s; returns the node and the definition name it came from, if any. */
export function deref(node: SchemaNode): { node: SchemaNode; definition?: string } {
  let definition: string | undefined;
  let n = node;
  while (n.$ref) {
    definition = refName(n.$ref);
    n = definitions[definition] ?? {};
  }
  return { node: n, definition };
}

function typesOf(n: SchemaNode): string[] {
  return n.type === undefined ? [] : Array.isArray(n.type) ? n.type : [n.type];
}

/** Go's spelling of the type a schema node decodes into: `int32`, `[]v1.Container`, `map[string]string`. */
export function goTypeOf(node: SchemaNode): string {
  const { node: n, definition } = deref(node);
  if (definition && n['x-go-type']) return n['x-go-type'];
  if (n['x-kubernetes-int-or-string']) return 'int32';
  const types = typesOf(n);
  if (types.includes('array') && n.items) return `[]${goTypeOf(n.items)}`;
  if (types.includes('object')) {
    if (typeof n.additionalProperties === 'object') return `map[string]${goTypeOf(n.additionalProperties)}`;
    return 'map[string]interface {}';
  }
  if (types.includes('integer')) return n.format === 'int64' ? 'int64' : 'int32';
  if (types.includes('number')) return 'float64';
  if (types.includes('boolean')) return 'bool';
  if (types.includes('string')) return 'string';
  return 'interface {}';
}

export type PathSegment = string | number;

export interface FieldContext {
  /** innermost Go struct holding the field, e.g. `DeploymentSpec` */
  struct: string;
  /** JSON field names from the root, without indices or map keys: `spec.template.spec.containers` */
  fieldPath: string;
  /** schema of the value at the full path */
  node: SchemaNode;
}

/**
 * Walk `path` from a kind's definition the way encoding/json's errorContext does: struct fields
 * push their JSON name; array indices and map keys do not.
 */
export function fieldContext(definition: string, path: readonly PathSegment[]): FieldContext {
  let node: SchemaNode = { $ref: `#/definitions/${definition}` };
  let struct = goName(definitions[definition]?.['x-go-type'] ?? definition);
  const fields: string[] = [];
  for (const seg of path) {
    const { node: n } = deref(node);
    if (typeof seg === 'string' && n.properties && seg in n.properties) {
      struct = goName(n['x-go-type'] ?? struct);
      fields.push(seg);
      node = n.properties[seg];
    } else if (typeof seg === 'number' && n.items) {
      node = n.items;
    } else if (typeof n.additionalProperties === 'object') {
      node = n.additionalProperties;
    } else {
      node = {};
    }
  }
  return { struct, fieldPath: fields.join('.'), node };
}

function goName(goType: string): string {
  return goType.slice(goType.lastIndexOf('.') + 1);
}

/** Walk `path` from a definition: the node there (after `$ref`s) and the definition naming it, or undefined when the path leaves the schema. */
function resolveAt(definition: string, path: readonly PathSegment[]): { node: SchemaNode; definition?: string } | undefined {
  let node: SchemaNode = { $ref: `#/definitions/${definition}` };
  for (const seg of path) {
    const { node: n } = deref(node);
    if (typeof seg === 'string' && n.properties && seg in n.properties) node = n.properties[seg];
    else if (typeof seg === 'number' && n.items) node = n.items;
    else if (typeof n.additionalProperties === 'object') node = n.additionalProperties;
    else return undefined;
  }
  return deref(node);
}

/** The schema node at `path` (after `$ref`s), or undefined when the path leaves the schema. */
export function nodeAt(definition: string, path: readonly PathSegment[]): SchemaNode | undefined {
  return resolveAt(definition, path)?.node;
}

/** Name of the definition describing the value at `path` (`Container` for `spec.containers[0]`). */
export function definitionNameAt(definition: string, path: readonly PathSegment[]): string | undefined {
  return resolveAt(definition, path)?.definition;
}
