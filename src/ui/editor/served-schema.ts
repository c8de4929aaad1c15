// The editor's schema covers only the kinds this API server serves (RESOURCES), so completion and
// hover never offer a kind that Apply then refuses with "no matches for kind". Derived from the
// generated manifest schema (every built-in kind) and the engine's list of served resources.
// `*List` wrappers stay: kubectl applies their items one by one (FlattenListVisitor).

import { apiVersionOf, type ResourceInfo } from '../../engine/api/resources';
import { KUBE_SCHEDULER_CONFIGURATION_SCHEMA } from '../../engine/api/schemas/kube-scheduler-config';

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
export function servedManifestSchema(schema: unknown, resources: readonly ResourceInfo[]): JsonObject {
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

  return { ...root, properties, allOf: [...allOf, ...componentConfigs], definitions: kept };
}

function withEnumValue(prop: Json | undefined, value: string): Json {
  if (!isObject(prop) || !Array.isArray(prop.enum)) return prop ?? null;
  return prop.enum.includes(value) ? prop : { ...prop, enum: [...prop.enum, value] };
}
