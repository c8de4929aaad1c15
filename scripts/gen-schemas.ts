// Generates src/engine/api/schemas/{manifest.schema.json,kinds.ts}: JSON schemas (draft-07) with the
// API's field descriptions, made from the `kubernetes-types` interfaces by ts-json-schema-generator.
// UPSTREAM: the shape of api/openapi-spec/swagger.json (int32/int64 formats, int-or-string, Quantity)
// SIMPLIFICATION: kubernetes-types is 1.30; a small overlay below adds the newer fields the sandbox uses.
// Run: `npm run gen:schemas` (tsx scripts/gen-schemas.ts). The output is committed.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = { [k: string]: Json };

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const typesDir = join(root, 'node_modules', 'kubernetes-types');
const outDir = join(root, 'src', 'engine', 'api', 'schemas');

/** The kinds we publish, by kubernetes-types module (`<group or core>/<version>`). */
const MODULES: { module: string; group: string; version: string; kinds: string[] }[] = [
  {
    module: 'core/v1', group: '', version: 'v1',
    kinds: ['Namespace', 'Node', 'Pod', 'Service', 'Event', 'ConfigMap', 'Secret', 'ServiceAccount', 'Endpoints',
      'PersistentVolume', 'PersistentVolumeClaim', 'LimitRange', 'ResourceQuota', 'ReplicationController', 'PodTemplate'],
  },
  { module: 'apps/v1', group: 'apps', version: 'v1', kinds: ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ControllerRevision'] },
  { module: 'batch/v1', group: 'batch', version: 'v1', kinds: ['Job', 'CronJob'] },
  { module: 'autoscaling/v2', group: 'autoscaling', version: 'v2', kinds: ['HorizontalPodAutoscaler'] },
  { module: 'networking/v1', group: 'networking.k8s.io', version: 'v1', kinds: ['Ingress', 'IngressClass', 'NetworkPolicy'] },
  { module: 'discovery/v1', group: 'discovery.k8s.io', version: 'v1', kinds: ['EndpointSlice'] },
  { module: 'storage/v1', group: 'storage.k8s.io', version: 'v1', kinds: ['StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment'] },
  { module: 'rbac/v1', group: 'rbac.authorization.k8s.io', version: 'v1', kinds: ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'] },
  { module: 'scheduling/v1', group: 'scheduling.k8s.io', version: 'v1', kinds: ['PriorityClass'] },
  { module: 'policy/v1', group: 'policy', version: 'v1', kinds: ['PodDisruptionBudget'] },
  { module: 'apiextensions/v1', group: 'apiextensions.k8s.io', version: 'v1', kinds: ['CustomResourceDefinition'] },
  { module: 'coordination/v1', group: 'coordination.k8s.io', version: 'v1', kinds: ['Lease'] },
];

/**
 * Integer fields that are int64 in Go (everything else numeric is int32, as in the OpenAPI spec).
 * Keys are `Definition.property` or `*.property`; `[]` marks the element of an array.
 */
const INT64: ReadonlySet<string> = new Set([
  '*.generation', '*.observedGeneration', '*.deletionGracePeriodSeconds', '*.terminationGracePeriodSeconds',
  '*.activeDeadlineSeconds', '*.runAsUser', '*.runAsGroup', '*.fsGroup', '*.tolerationSeconds',
  '*.expirationSeconds', '*.startingDeadlineSeconds', '*.remainingItemCount', 'SleepAction.seconds',
  '*.supplementalGroups[]', 'ControllerRevision.revision', 'JSONSchemaProps.maxLength', 'JSONSchemaProps.minLength',
  'JSONSchemaProps.maxItems', 'JSONSchemaProps.minItems', 'JSONSchemaProps.maxProperties', 'JSONSchemaProps.minProperties',
]);
const FLOAT64: ReadonlySet<string> = new Set(['JSONSchemaProps.maximum', 'JSONSchemaProps.minimum', 'JSONSchemaProps.multipleOf']);

/** Fields newer than kubernetes-types 1.30 that a 1.35 server accepts and the sandbox may write. */
const OVERLAY: Record<string, Record<string, Schema>> = {
  PodSpec: {
    resources: {
      $ref: '#/definitions/ResourceRequirements',
      description: 'Resources is the total amount of CPU and Memory resources required by all containers in the pod. It supports specifying Requests and Limits for "cpu" and "memory" resource names only. ResourceClaims are not supported.',
    },
  },
  PodStatus: {
    observedGeneration: { type: 'integer', format: 'int64', description: 'If set, this represents the .metadata.generation that the pod status was set based upon.' },
  },
  PodCondition: {
    observedGeneration: { type: 'integer', format: 'int64', description: 'If set, this represents the .metadata.generation that the pod condition was set based upon.' },
  },
  DeploymentStatus: {
    terminatingReplicas: { type: 'integer', format: 'int32', description: 'Total number of terminating pods targeted by this deployment. Terminating pods have a non-null .metadata.deletionTimestamp and have not yet reached the Failed or Succeeded .status.phase.' },
  },
  ReplicaSetStatus: {
    terminatingReplicas: { type: 'integer', format: 'int32', description: 'The number of terminating pods for this replica set. Terminating pods have a non-null .metadata.deletionTimestamp and have not yet reached the Failed or Succeeded .status.phase.' },
  },
};

const QUANTITY_PATTERN = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

// ---------------------------------------------------------------------------------------------
// Which module declares a type name, and which module a module imports a name from: this gives
// each definition its Go package (`v1.PodSpec`, `v2.MetricSpec`, `resource.Quantity`).

const declared = new Map<string, Set<string>>(); // module -> names
const imports = new Map<string, Map<string, string>>(); // module -> name -> module

function scanModule(module: string): void {
  if (declared.has(module)) return;
  const text = readFileSync(join(typesDir, `${module}.d.ts`), 'utf8');
  declared.set(module, new Set([...text.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1])));
  const imported = new Map<string, string>();
  for (const m of text.matchAll(/^import \{([^}]*)\} from "([^"]+)";/gm)) {
    const target = join(dirname(module), m[2]).replace(/\\/g, '/');
    for (const name of m[1].split(',').map((s) => s.trim()).filter(Boolean)) imported.set(name, target);
    scanModule(target);
  }
  imports.set(module, imported);
}

function originOf(module: string, name: string): string {
  // A name declared in one module only is unambiguous (ObjectMeta, ManagedFieldsEntry reached
  // through meta/v1); otherwise prefer the module itself, then what it imports.
  const candidates = [...declared.entries()].filter(([, names]) => names.has(name)).map(([m]) => m);
  if (candidates.length === 1) return candidates[0];
  if (declared.get(module)?.has(name)) return module;
  const from = imports.get(module)?.get(name);
  if (!from) throw new Error(`cannot tell where ${name} (used by ${module}) comes from`);
  return originOf(from, name);
}

/** Go package name of a kubernetes-types module: the last path segment ('v1', 'v2', 'resource', 'runtime'). */
function goPackage(module: string): string {
  return module.split('/').pop()!;
}

// ---------------------------------------------------------------------------------------------

function isObject(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function rewriteRefs(node: Json, rename: Map<string, string>): Json {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, rename));
  if (!isObject(node)) return node;
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') {
      const name = decodeURIComponent(v.replace('#/definitions/', ''));
      out[k] = `#/definitions/${rename.get(name) ?? name}`;
    } else out[k] = rewriteRefs(v, rename);
  }
  return out;
}

/** Integer formats, int-or-string and Quantity, the way the OpenAPI spec states them. */
function refineNumbers(node: Json, defName: string, propName: string | undefined): Json {
  if (Array.isArray(node)) return node.map((n) => refineNumbers(n, defName, propName));
  if (!isObject(node)) return node;
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties' && isObject(v)) {
      const props: { [k: string]: Json } = {};
      for (const [p, ps] of Object.entries(v)) props[p] = refineNumbers(ps, defName, p);
      out[k] = props;
    } else if (k === 'items') {
      out[k] = refineNumbers(v, defName, propName === undefined ? undefined : `${propName}[]`);
    } else if (k === 'additionalProperties') {
      out[k] = refineNumbers(v, defName, undefined);
    } else out[k] = refineNumbers(v, defName, propName);
  }
  const t = out.type;
  const key = propName ?? '';
  if (t === 'number') {
    if (FLOAT64.has(`${defName}.${key}`)) out.format = 'double';
    else {
      out.type = 'integer';
      out.format = INT64.has(`${defName}.${key}`) || INT64.has(`*.${key}`) ? 'int64' : 'int32';
    }
  } else if (Array.isArray(t) && t.length === 2 && t.includes('number') && t.includes('string')) {
    out.type = ['integer', 'string'];
    out['x-kubernetes-int-or-string'] = true;
  }
  return out;
}

/** The x-kubernetes-* fields of apiextensions/v1 JSONSchemaProps. */
const JSON_SCHEMA_PROPS_EXTENSIONS: { [k: string]: Json } = {
  'x-kubernetes-embedded-resource': { type: 'boolean', description: 'x-kubernetes-embedded-resource defines that the value is an embedded Kubernetes runtime.Object, with TypeMeta and ObjectMeta.' },
  'x-kubernetes-int-or-string': { type: 'boolean', description: 'x-kubernetes-int-or-string specifies that this value is either an integer or a string.' },
  'x-kubernetes-list-map-keys': { type: 'array', items: { type: 'string' }, description: 'x-kubernetes-list-map-keys annotates an array with the x-kubernetes-list-type `map` by specifying the keys used as the index of the map.' },
  'x-kubernetes-list-type': { type: 'string', description: 'x-kubernetes-list-type annotates an array to further describe its topology: atomic, set or map.' },
  'x-kubernetes-map-type': { type: 'string', description: 'x-kubernetes-map-type annotates an object to further describe its topology: granular or atomic.' },
  'x-kubernetes-preserve-unknown-fields': { type: 'boolean', description: 'x-kubernetes-preserve-unknown-fields stops the API server decoding step from pruning fields which are not specified in the validation schema.' },
  'x-kubernetes-validations': { type: 'array', items: { type: 'object', additionalProperties: true }, description: 'x-kubernetes-validations describes a list of validation rules written in the CEL expression language.' },
};

function specialDefinition(name: string, def: Schema): Schema {
  const description = def.description;
  const keep: Schema = description === undefined ? {} : { description };
  switch (name) {
    case 'Quantity':
      return { type: ['string', 'number'], pattern: QUANTITY_PATTERN, ...keep };
    case 'FieldsV1':
      return { type: 'object', ...keep };
    case 'RawExtension':
    case 'JSON':
      return { ...keep };
    case 'JSONSchemaProps':
      // kubernetes-types leaves out the quoted x-kubernetes-* extensions; the API server accepts them.
      return { ...def, properties: { ...(def.properties as { [k: string]: Json }), ...JSON_SCHEMA_PROPS_EXTENSIONS } };
    default:
      return def;
  }
}

function main(): void {
  const tmp = mkdtempSync(join(tmpdir(), 'gen-schemas-'));
  const definitions = new Map<string, Schema>();
  const kinds: { apiVersion: string; kind: string; definition: string; group: string; version: string }[] = [];
  try {
    for (const m of MODULES) scanModule(m.module);
    const all = [...declared.entries()].filter(([mod]) => MODULES.some((m) => m.module === mod));
    const nameCount = new Map<string, number>();
    for (const [, names] of all) for (const n of names) nameCount.set(n, (nameCount.get(n) ?? 0) + 1);
    const qualified = (module: string, name: string) =>
      (nameCount.get(name) ?? 0) > 1 ? `${module.replace('/', '.')}.${name}` : name;

    for (const m of MODULES) {
      // One generator per module; the entry re-exports the kinds so the generator sees them as roots.
      const entry = join(tmp, `${m.module.replace('/', '_')}.ts`);
      const abs = join(typesDir, m.module).replace(/\\/g, '/');
      writeFileSync(entry, m.kinds.map((k) => `import type { ${k} as K_${k} } from '${abs}';\nexport interface Root_${k} { root: K_${k} }\n`).join(''));
      const generator = createGenerator({
        path: entry, type: '*', expose: 'all', topRef: false, jsDoc: 'extended', skipTypeCheck: true,
        additionalProperties: false, sortProps: true, encodeRefs: false,
      });
      const schema = generator.createSchema('*') as unknown as { definitions: Record<string, Schema> };
      const rename = new Map<string, string>();
      const origins = new Map<string, string>();
      for (const name of Object.keys(schema.definitions)) {
        if (name.startsWith('Root_')) continue;
        const origin = originOf(m.module, name);
        origins.set(name, origin);
        const q = qualified(origin, name);
        if (q !== name) rename.set(name, q);
      }
      for (const [name, raw] of Object.entries(schema.definitions)) {
        if (name.startsWith('Root_')) continue;
        const finalName = rename.get(name) ?? name;
        let def = rewriteRefs(raw, rename) as Schema;
        def = specialDefinition(name, refineNumbers(def, name, undefined) as Schema);
        const overlay = OVERLAY[name];
        if (overlay && isObject(def.properties)) def = { ...def, properties: sortKeys({ ...def.properties, ...overlay }) };
        def = { ...def, 'x-go-type': `${goPackage(origins.get(name)!)}.${name}` };
        const previous = definitions.get(finalName);
        if (previous && JSON.stringify(previous) !== JSON.stringify(def)) {
          throw new Error(`definition ${finalName} differs between modules; add it to the collision handling`);
        }
        definitions.set(finalName, def);
      }
      for (const kind of m.kinds) {
        const apiVersion = m.group ? `${m.group}/${m.version}` : m.version;
        kinds.push({ apiVersion, kind, definition: rename.get(kind) ?? kind, group: m.group, version: m.version });
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  // Every kind requires apiVersion and kind in a manifest (kubectl refuses a document without them).
  for (const k of kinds) {
    const def = definitions.get(k.definition)!;
    const required = new Set<string>(Array.isArray(def.required) ? (def.required as string[]) : []);
    required.add('apiVersion');
    required.add('kind');
    definitions.set(k.definition, { ...def, required: [...required].sort() });
  }

  const sortedDefs = [...definitions.keys()].sort();
  const manifest: Schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'kube-sandbox://schemas/manifest.schema.json',
    title: 'Kubernetes manifest',
    description: 'One Kubernetes object of a built-in kind (Kubernetes 1.30 types from kubernetes-types), chosen by apiVersion and kind.',
    type: 'object',
    required: ['apiVersion', 'kind'],
    properties: {
      apiVersion: {
        type: 'string',
        description: 'APIVersion defines the versioned schema of this representation of an object.',
        enum: [...new Set(kinds.map((k) => k.apiVersion))].sort(),
      },
      kind: {
        type: 'string',
        description: 'Kind is a string value representing the REST resource this object represents.',
        enum: [...kinds.map((k) => k.kind), 'List'].sort(),
      },
    },
    allOf: [
      ...kinds.map((k) => ({
        if: { properties: { apiVersion: { const: k.apiVersion }, kind: { const: k.kind } }, required: ['apiVersion', 'kind'] },
        then: { $ref: `#/definitions/${k.definition}` },
      })),
      {
        if: { properties: { kind: { const: 'List' } }, required: ['kind'] },
        then: { $ref: '#/definitions/List' },
      },
    ],
    definitions: {},
  };
  const listDef: Schema = {
    type: 'object',
    description: 'List holds a list of objects; kubectl applies each item.',
    properties: {
      apiVersion: { type: 'string', const: 'v1' },
      kind: { type: 'string', const: 'List' },
      metadata: { type: 'object' },
      items: { type: 'array', items: { $ref: '#' }, description: 'The objects to apply.' },
    },
    required: ['apiVersion', 'kind', 'items'],
    additionalProperties: false,
  };
  const defsText = [...sortedDefs.map((n) => [n, definitions.get(n)!] as const), ['List', listDef] as const]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([n, d]) => `${JSON.stringify(n)}:${JSON.stringify(d)}`)
    .join(',\n');
  const head = JSON.stringify(manifest).replace(/"definitions":\{\}\}$/, '');
  const text = `${head}"definitions":{\n${defsText}\n}}\n`;
  JSON.parse(text); // the hand-assembled layout (one definition a line, for readable diffs) must stay valid JSON

  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'manifest.schema.json'), text);
  const kindsTs = `// GENERATED by scripts/gen-schemas.ts from kubernetes-types; do not edit. Run \`npm run gen:schemas\`.
// Which definition of manifest.schema.json describes each (apiVersion, kind).

export interface SchemaKind {
  apiVersion: string;
  kind: string;
  /** key in manifest.schema.json's \`definitions\` */
  definition: string;
}

export const SCHEMA_KINDS: readonly SchemaKind[] = [
${kinds.map((k) => `  { apiVersion: '${k.apiVersion}', kind: '${k.kind}', definition: '${k.definition}' },`).join('\n')}
];

export function schemaDefinitionFor(apiVersion: string, kind: string): string | undefined {
  return SCHEMA_KINDS.find((k) => k.apiVersion === apiVersion && k.kind === kind)?.definition;
}
`;
  writeFileSync(join(outDir, 'kinds.ts'), kindsTs);
  console.log(`manifest.schema.json: ${definitions.size + 1} definitions, ${kinds.length} kinds, ${(text.length / 1024).toFixed(0)} KiB`);
}

function sortKeys(o: { [k: string]: Json }): { [k: string]: Json } {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

main();
