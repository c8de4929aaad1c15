// Strategic merge patch for the built-in kinds: maps merge, lists with a patchMergeKey merge by that
// key, `$patch: replace|delete` and `$deleteFromPrimitiveList/<field>` directives.
// UPSTREAM: staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go (StrategicMergeMapPatch,
//           mergeMap, mergeSlice) and the patchStrategy/patchMergeKey tags of k8s.io/api types.
// SIMPLIFICATION: the schema is the table below, not the Go types: lists not in it are replaced
// (as upstream does for lists without patchStrategy, e.g. tolerations, taints, args, command).
// `$retainKeys` keeps only the listed keys; `$setElementOrder/<field>` is accepted and ignored
// (merged lists keep the live order, new elements are appended).

type Obj = Record<string, unknown>;

/** A list field's strategy: merge by `key`, or (no key) merge a list of scalars as a set. */
interface ListStrategy {
  mergeKey?: string;
  item?: Schema;
}
interface Schema {
  maps?: Record<string, Schema>;
  lists?: Record<string, ListStrategy>;
}

const objectMeta: Schema = { lists: { finalizers: {}, ownerReferences: { mergeKey: 'uid' } } };
const container: Schema = {
  lists: {
    ports: { mergeKey: 'containerPort' },
    env: { mergeKey: 'name' },
    volumeMounts: { mergeKey: 'mountPath' },
    volumeDevices: { mergeKey: 'devicePath' },
  },
};
const podSpec: Schema = {
  lists: {
    containers: { mergeKey: 'name', item: container },
    initContainers: { mergeKey: 'name', item: container },
    ephemeralContainers: { mergeKey: 'name', item: container },
    volumes: { mergeKey: 'name' },
    imagePullSecrets: { mergeKey: 'name' },
    hostAliases: { mergeKey: 'ip' },
    topologySpreadConstraints: { mergeKey: 'topologyKey' },
    schedulingGates: { mergeKey: 'name' },
    resourceClaims: { mergeKey: 'name' },
  },
};
const podTemplate: Schema = { maps: { metadata: objectMeta, spec: podSpec } };
const conditionsStatus: Schema = { lists: { conditions: { mergeKey: 'type' } } };
const workload: Schema = { maps: { metadata: objectMeta, spec: { maps: { template: podTemplate } }, status: conditionsStatus } };

/** patchMergeKey/patchStrategy tags of the kinds people patch, by kind. */
const KIND_SCHEMAS: Readonly<Record<string, Schema>> = {
  Pod: { maps: { metadata: objectMeta, spec: podSpec, status: conditionsStatus } },
  PodTemplate: { maps: { metadata: objectMeta, template: podTemplate } },
  Deployment: workload,
  ReplicaSet: workload,
  StatefulSet: workload,
  DaemonSet: workload,
  ReplicationController: workload,
  Job: workload,
  CronJob: { maps: { metadata: objectMeta, spec: { maps: { jobTemplate: { maps: { metadata: objectMeta, spec: { maps: { template: podTemplate } } } } } } } },
  Service: { maps: { metadata: objectMeta, spec: { lists: { ports: { mergeKey: 'port' } } } } },
  Node: {
    maps: {
      metadata: objectMeta,
      spec: { lists: { podCIDRs: {} } },
      status: { lists: { conditions: { mergeKey: 'type' }, addresses: { mergeKey: 'type' } } },
    },
  },
  Namespace: { maps: { metadata: objectMeta, status: conditionsStatus } },
};

export function schemaForKind(kind: string): Schema {
  return KIND_SCHEMAS[kind] ?? { maps: { metadata: objectMeta } };
}

export type StrategicPatchResult = { ok: true; doc: Obj } | { ok: false; error: string };

class PatchError extends Error {}

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';
const SET_ORDER = '$setElementOrder/';

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Go's %v of a decoded JSON value: `map[image:nginx name:web]`, `[a b]`. */
export function goValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (isObj(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goValue(v[k])}`).join(' ')}]`;
  if (v === null || v === undefined) return '<nil>';
  return String(v);
}

/** StrategicMergeMapPatch: `patch` applied to a copy of `original` of the given kind. */
export function strategicMergePatch(original: Obj, patch: Obj, kind: string): StrategicPatchResult {
  try {
    return { ok: true, doc: mergeMap(clone(original), patch, schemaForKind(kind)) };
  } catch (e) {
    if (e instanceof PatchError) return { ok: false, error: e.message };
    throw e;
  }
}

function mergeMap(original: Obj, patch: Obj, schema: Schema | undefined): Obj {
  const directive = patch[DIRECTIVE];
  if (directive !== undefined) {
    if (directive === 'replace') return stripDirectives(patch) as Obj;
    if (directive === 'delete') return {};
    throw new PatchError(`Unknown patch type: ${String(directive)} in map: ${goValue(patch)}`);
  }
  const out = original;
  let retain: string[] | undefined;
  for (const [k, v] of Object.entries(patch)) {
    if (k === RETAIN_KEYS) {
      if (!Array.isArray(v)) throw new PatchError('invalid patch: the value of $retainKeys must be a list');
      retain = v.map(String);
      continue;
    }
    if (k.startsWith(SET_ORDER)) continue;
    if (k.startsWith(DELETE_PRIMITIVE)) {
      const field = k.slice(DELETE_PRIMITIVE.length);
      if (!Array.isArray(v)) throw new PatchError('invalid patch: $deleteFromPrimitiveList value must be a list');
      const cur = out[field];
      if (Array.isArray(cur)) out[field] = cur.filter((x) => !v.some((d) => d === x));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const cur = out[k];
    const list = schema?.lists?.[k];
    if (Array.isArray(v) && list) {
      out[k] = mergeList(Array.isArray(cur) ? cur : [], v, list);
    } else if (isObj(v)) {
      out[k] = mergeMap(isObj(cur) ? cur : {}, v, schema?.maps?.[k]);
      if (isObj(v) && v[DIRECTIVE] === 'delete') delete out[k];
    } else {
      out[k] = stripDirectives(v);
    }
  }
  if (retain) for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  return out;
}

function mergeList(original: unknown[], patch: unknown[], strategy: ListStrategy): unknown[] {
  const key = strategy.mergeKey;
  if (patch.some((p) => isObj(p) && p[DIRECTIVE] === 'replace')) {
    return patch.filter((p) => !(isObj(p) && p[DIRECTIVE] === 'replace')).map(stripDirectives);
  }
  if (key === undefined) {
    // A set of scalars (finalizers): union, keeping the live order.
    const out = [...original];
    for (const p of patch) if (!out.some((o) => o === p)) out.push(p);
    return out;
  }
  const out = [...original];
  for (const p of patch) {
    if (!isObj(p)) throw new PatchError(`unable to find api field in struct for the merge key "${key}": the list item is not a map: ${goValue(p)}`);
    if (p[key] === undefined || p[key] === null) throw new PatchError(`map: ${goValue(p)} does not contain declared merge key: ${key}`);
    const at = out.findIndex((o) => isObj(o) && o[key] === p[key]);
    if (p[DIRECTIVE] === 'delete') {
      if (at >= 0) out.splice(at, 1);
      continue;
    }
    if (at >= 0) out[at] = mergeMap(out[at] as Obj, p, strategy.item);
    else out.push(mergeMap({}, p, strategy.item));
  }
  return out;
}

/** A value new to the object: directives mean nothing there and are dropped. */
function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => !(isObj(x) && x[DIRECTIVE] === 'delete')).map(stripDirectives);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === DIRECTIVE || k === RETAIN_KEYS || k.startsWith(SET_ORDER) || k.startsWith(DELETE_PRIMITIVE)) continue;
    if (x === null) continue;
    out[k] = stripDirectives(x);
  }
  return out;
}
