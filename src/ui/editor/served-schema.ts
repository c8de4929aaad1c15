// The editor's schema covers only the kinds this API server serves (RESOURCES), so completion and
// hover never offer a kind that Apply then refuses with "no matches for kind". Derived from the
// generated manifest schema (every built-in kind) and the engine's list of served resources.
// `*List` wrappers stay: kubectl applies their items one by one (FlattenListVisitor).
// Kinds of established CRDs join it with the openAPIV3Schema of each served version (customKindBranches),
// so a Website gets completion, hover (the schema's descriptions) and markers like a Deployment.
// SIMPLIFICATION: a structural schema's `format` is dropped (the editor knows only JSON Schema's own).

import { apiVersionOf, type ResourceInfo } from '../../engine/api/resources';
import { KUBE_SCHEDULER_CONFIGURATION_SCHEMA } from '../../engine/api/schemas/kube-scheduler-config';
import type { CustomKindInfo } from '../../worker/protocol';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function constOf(cond: Json | undefined, prop: string): string | undefined {
  if (!isObject(cond) || !isObject(cond.properties)) return undefined;
  const p = cond.properties[prop];
  return isObject(p) && typeof p.const === 'string' ? p.const : undefined;
}

/** Names of the definitions `node` refers to (`#/definitions/<name>`), directly. */
function collectRefs(node: Json, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const v of node) collectRefs(v, out);
  } else if (isObject(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/definitions/')) out.add(v.slice('#/definitions/'.length));
      else collectRefs(v, out);
    }
  }
}

/**
 * The manifest schema narrowed to the served (apiVersion, kind) pairs: the `kind` and `apiVersion`
 * enums, the per-kind `allOf` branches, and only the definitions those branches reach.
 */
export function servedManifestSchema(schema: unknown, resources: readonly ResourceInfo[], customKinds: readonly CustomKindInfo[] = []): JsonObject {
  if (!isObject(schema as Json)) throw new Error('the manifest schema is not an object');
  const root = schema as JsonObject;
  const served = new Set(resources.map((r) => `${apiVersionOf(r)} ${r.kind}`));
  const isList = (kind: string | undefined) => kind !== undefined && kind.endsWith('List');

  const allOf = (Array.isArray(root.allOf) ? root.allOf : []).filter((branch) => {
    if (!isObject(branch)) return false;
    const kind = constOf(branch.if, 'kind');
    const apiVersion = constOf(branch.if, 'apiVersion');
    if (apiVersion === undefined) return isList(kind);
    return served.has(`${apiVersion} ${kind}`);
  });
  const kinds = new Set<string>();
  const apiVersions = new Set<string>();
  for (const branch of allOf) {
    if (!isObject(branch)) continue;
    const kind = constOf(branch.if, 'kind');
    const apiVersion = constOf(branch.if, 'apiVersion');
    if (kind) kinds.add(kind);
    if (apiVersion) apiVersions.add(apiVersion);
  }
  for (const r of resources) apiVersions.add(apiVersionOf(r));

  const properties: JsonObject = { ...(isObject(root.properties) ? root.properties : {}) };
  const narrow = (prop: string, keep: Set<string>) => {
    const p = properties[prop];
    if (isObject(p) && Array.isArray(p.enum)) properties[prop] = { ...p, enum: p.enum.filter((v) => typeof v === 'string' && keep.has(v)) };
  };
  narrow('kind', kinds);
  narrow('apiVersion', apiVersions);

  // Keep the definitions reachable from what is left.
  const definitions = isObject(root.definitions) ? root.definitions : {};
  const keep = new Set<string>();
  const queue = new Set<string>();
  collectRefs(allOf, queue);
  collectRefs(properties, queue);
  while (queue.size > 0) {
    const [name] = queue;
    queue.delete(name);
    if (keep.has(name) || !(name in definitions)) continue;
    keep.add(name);
    collectRefs(definitions[name], queue);
  }
  const kept: JsonObject = {};
  for (const name of Object.keys(definitions)) if (keep.has(name)) kept[name] = definitions[name];

  // Component configuration files the simulator also accepts (see World.apply).
  properties.kind = withEnumValue(properties.kind, 'KubeSchedulerConfiguration');
  properties.apiVersion = withEnumValue(properties.apiVersion, 'kubescheduler.config.k8s.io/v1');
  const componentConfigs: Json[] = [
    {
      if: { properties: { kind: { const: 'KubeSchedulerConfiguration' } }, required: ['kind'] },
      then: KUBE_SCHEDULER_CONFIGURATION_SCHEMA as unknown as Json,
    },
  ];

  const custom = customKindBranches(customKinds, 'ObjectMeta' in kept ? '#/definitions/ObjectMeta' : undefined);
  for (const k of customKinds) {
    properties.kind = withEnumValue(properties.kind, k.kind);
    for (const v of k.versions) properties.apiVersion = withEnumValue(properties.apiVersion, `${k.group}/${v.name}`);
  }

  return { ...root, properties, allOf: [...allOf, ...componentConfigs, ...custom], definitions: kept };
}

/**
 * One `if apiVersion/kind then schema` branch per served version of each custom kind: the version's
 * openAPIV3Schema as JSON Schema, with apiVersion, kind and metadata added at the root (the API
 * server adds them to every custom resource). A version without a schema accepts any fields.
 */
export function customKindBranches(kinds: readonly CustomKindInfo[], objectMetaRef?: string): JsonObject[] {
  const out: JsonObject[] = [];
  for (const k of kinds) {
    for (const v of k.versions) {
      const apiVersion = `${k.group}/${v.name}`;
      const converted = isObject(v.schema as Json) ? structuralToJsonSchema(v.schema as JsonObject) : { type: 'object' };
      const rootProps = isObject(converted.properties) ? converted.properties : {};
      const then: JsonObject = {
        ...converted,
        type: 'object',
        properties: {
          apiVersion: { type: 'string', description: `APIVersion of ${k.kind}: ${apiVersion}` },
          kind: { type: 'string', description: `${k.kind}, served by the CustomResourceDefinition ${k.plural}.${k.group}` },
          metadata: objectMetaRef ? { $ref: objectMetaRef, description: 'Standard object metadata.' } : { type: 'object' },
          ...rootProps,
        },
      };
      out.push({ if: { properties: { apiVersion: { const: apiVersion }, kind: { const: k.kind } }, required: ['apiVersion', 'kind'] }, then });
    }
  }
  return out;
}

const KEPT_KEYWORDS = ['description', 'enum', 'default', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'pattern', 'required'] as const;

/**
 * A CRD's structural schema (JSONSchemaProps) as draft-07 JSON Schema: `nullable` becomes a null
 * type, x-kubernetes-int-or-string an integer-or-string, and an object with properties refuses
 * other fields unless x-kubernetes-preserve-unknown-fields (kubectl's strict field validation
 * reports them as unknown fields).
 */
export function structuralToJsonSchema(node: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of KEPT_KEYWORDS) if (node[key] !== undefined) out[key] = node[key];
  if (node['x-kubernetes-int-or-string'] === true) {
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  } else if (typeof node.type === 'string') {
    out.type = node.nullable === true ? [node.type, 'null'] : node.type;
  }
  if (isObject(node.properties)) {
    const props: JsonObject = {};
    for (const [name, sub] of Object.entries(node.properties)) props[name] = isObject(sub) ? structuralToJsonSchema(sub) : {};
    out.properties = props;
    if (node['x-kubernetes-preserve-unknown-fields'] !== true && node.additionalProperties === undefined) out.additionalProperties = false;
  }
  if (isObject(node.additionalProperties)) out.additionalProperties = structuralToJsonSchema(node.additionalProperties);
  else if (typeof node.additionalProperties === 'boolean') out.additionalProperties = node.additionalProperties;
  if (isObject(node.items)) out.items = structuralToJsonSchema(node.items);
  return out;
}

function withEnumValue(prop: Json | undefined, value: string): Json {
  if (!isObject(prop) || !Array.isArray(prop.enum)) return prop ?? null;
  return prop.enum.includes(value) ? prop : { ...prop, enum: [...prop.enum, value] };
}
