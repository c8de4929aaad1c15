// JSON Patch (RFC 6902) over JSON Pointers (RFC 6901): add, remove, replace, move, copy, test,
// with the error texts of the library the API server uses.
// UPSTREAM: gopkg.in/evanphx/json-patch.v4 (patch.go), used by
//           staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go (jsonPatcher)
// SIMPLIFICATION: no operation count limit; numbers compare as JS numbers.

type Json = unknown;
type Obj = Record<string, Json>;

export interface JsonPatchOperation {
  op: string;
  path?: string;
  from?: string;
  value?: Json;
}

export type JsonPatchResult = { ok: true; doc: Json } | { ok: false; error: string };

/** jsonpatch.DecodePatch: the body must be a JSON array of objects. Undefined = decodes. */
export function decodeJsonPatch(patch: unknown): string | undefined {
  if (!Array.isArray(patch)) {
    const t = patch === null ? 'null' : typeof patch === 'object' ? 'object' : typeof patch === 'string' ? 'string' : typeof patch === 'number' ? 'number' : 'bool';
    return `json: cannot unmarshal ${t} into Go value of type jsonpatch.Patch`;
  }
  for (const op of patch) {
    if (op === null || typeof op !== 'object' || Array.isArray(op)) {
      const t = Array.isArray(op) ? 'array' : typeof op === 'string' ? 'string' : typeof op === 'number' ? 'number' : 'bool';
      return `json: cannot unmarshal ${t} into Go value of type jsonpatch.Operation`;
    }
  }
  return undefined;
}

function isObj(v: Json): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** RFC 6901 reference tokens of a pointer ("" is the whole document). */
function tokens(path: string): string[] | undefined {
  if (path === '') return [];
  if (!path.startsWith('/')) return undefined;
  return path.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The container that holds the last token, and that token; undefined when a parent is missing. */
function findObject(doc: Json, path: string): { parent: Obj | Json[]; key: string } | undefined {
  const toks = tokens(path);
  if (!toks || toks.length === 0) return undefined;
  let cur: Json = doc;
  for (const t of toks.slice(0, -1)) {
    if (Array.isArray(cur)) {
      const i = arrayIndex(t, cur.length, false);
      if (i === undefined) return undefined;
      cur = cur[i];
    } else if (isObj(cur)) {
      cur = cur[t];
    } else return undefined;
  }
  if (!Array.isArray(cur) && !isObj(cur)) return undefined;
  return { parent: cur, key: toks[toks.length - 1] };
}

function arrayIndex(t: string, length: number, forInsert: boolean): number | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(t)) return undefined;
  const i = Number(t);
  return i < length || (forInsert && i === length) ? i : undefined;
}

function get(c: { parent: Obj | Json[]; key: string }): { found: boolean; value?: Json; badIndex?: boolean } {
  if (Array.isArray(c.parent)) {
    const i = arrayIndex(c.key, c.parent.length, false);
    if (i === undefined) return { found: false, badIndex: true };
    return { found: true, value: c.parent[i] };
  }
  return Object.prototype.hasOwnProperty.call(c.parent, c.key) ? { found: true, value: c.parent[c.key] } : { found: false };
}

function equal(a: Json, b: Json): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
  }
  if (isObj(a) || isObj(b)) {
    if (!isObj(a) || !isObj(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && equal(a[k], b[k]));
  }
  return a === b;
}

/**
 * Apply `patch` to a copy of `doc`. Operations run in order; the first failure aborts the whole
 * patch (nothing of it applies).
 */
export function applyJsonPatch(doc: Json, patch: readonly JsonPatchOperation[]): JsonPatchResult {
  let root = clone(doc);
  for (const op of patch) {
    const r = applyOne(root, op);
    if (!r.ok) return r;
    root = r.doc;
  }
  return { ok: true, doc: root };
}

function applyOne(root: Json, op: JsonPatchOperation): JsonPatchResult {
  const path = typeof op.path === 'string' ? op.path : undefined;
  switch (op.op) {
    case 'add': {
      if (path === undefined) return { ok: false, error: 'add operation failed to decode path: missing value' };
      if (!('value' in op)) return { ok: false, error: 'add operation failed to decode value: missing value' };
      return add(root, path, clone(op.value), 'add');
    }
    case 'remove': {
      if (path === undefined) return { ok: false, error: 'remove operation failed to decode path: missing value' };
      const c = findObject(root, path);
      if (!c) return { ok: false, error: `remove operation does not apply: doc is missing path: "${path}": missing value` };
      return remove(root, c, path, 'remove');
    }
    case 'replace': {
      if (path === undefined) return { ok: false, error: 'replace operation failed to decode path: missing value' };
      if (path === '') return { ok: true, doc: clone(op.value) };
      const c = findObject(root, path);
      if (!c) return { ok: false, error: `replace operation does not apply: doc is missing path: ${path}: missing value` };
      const cur = get(c);
      if (!cur.found) {
        return { ok: false, error: cur.badIndex ? `Unable to access invalid index: ${c.key}: invalid index referenced` : `replace operation does not apply: doc is missing key: ${path}: missing value` };
      }
      if (Array.isArray(c.parent)) c.parent[Number(c.key)] = clone(op.value);
      else c.parent[c.key] = clone(op.value);
      return { ok: true, doc: root };
    }
    case 'move':
    case 'copy': {
      const from = typeof op.from === 'string' ? op.from : undefined;
      if (from === undefined) return { ok: false, error: `${op.op} operation failed to decode from: missing value` };
      if (path === undefined) return { ok: false, error: `${op.op} operation failed to decode path: missing value` };
      const c = findObject(root, from);
      if (!c) return { ok: false, error: `${op.op} operation does not apply: doc is missing from path: ${from}: missing value` };
      const cur = get(c);
      if (!cur.found) return { ok: false, error: cur.badIndex ? `Unable to access invalid index: ${c.key}: invalid index referenced` : `${op.op} operation does not apply: doc is missing from key: ${from}: missing value` };
      if (op.op === 'move') {
        if (path.startsWith(`${from}/`)) return { ok: false, error: `move operation does not apply: cannot move ${from} into its own child ${path}` };
        const removed = remove(root, c, from, 'move');
        if (!removed.ok) return removed;
        return add(removed.doc, path, cur.value, 'move');
      }
      return add(root, path, clone(cur.value), 'copy');
    }
    case 'test': {
      if (path === undefined) return { ok: false, error: 'test operation failed to decode path: missing value' };
      if (path === '') return equal(root, op.value ?? null) ? { ok: true, doc: root } : { ok: false, error: 'testing value  failed: test failed' };
      const c = findObject(root, path);
      if (!c) return { ok: false, error: `test operation does not apply: is missing path: ${path}: missing value` };
      const cur = get(c);
      if (!cur.found || cur.value === null) {
        return (op.value ?? null) === null ? { ok: true, doc: root } : { ok: false, error: `testing value ${path} failed: test failed` };
      }
      return equal(cur.value, op.value) ? { ok: true, doc: root } : { ok: false, error: `testing value ${path} failed: test failed` };
    }
    default:
      return { ok: false, error: `Unexpected kind: ${String(op.op)}` };
  }
}

function add(root: Json, path: string, value: Json, verb: string): JsonPatchResult {
  if (path === '') return { ok: true, doc: value };
  const c = findObject(root, path);
  if (!c) return { ok: false, error: `${verb} operation does not apply: doc is missing path: "${path}": missing value` };
  if (Array.isArray(c.parent)) {
    const i = c.key === '-' ? c.parent.length : arrayIndex(c.key, c.parent.length, true);
    if (i === undefined) return { ok: false, error: `Unable to access invalid index: ${c.key}: invalid index referenced` };
    c.parent.splice(i, 0, value);
  } else {
    c.parent[c.key] = value;
  }
  return { ok: true, doc: root };
}

function remove(root: Json, c: { parent: Obj | Json[]; key: string }, path: string, verb: string): JsonPatchResult {
  if (Array.isArray(c.parent)) {
    const i = arrayIndex(c.key, c.parent.length, false);
    if (i === undefined) return { ok: false, error: `Unable to access invalid index: ${c.key}: invalid index referenced` };
    c.parent.splice(i, 1);
    return { ok: true, doc: root };
  }
  if (!Object.prototype.hasOwnProperty.call(c.parent, c.key)) {
    return { ok: false, error: `${verb} operation does not apply: doc is missing key: ${path}: missing value` };
  }
  delete c.parent[c.key];
  return { ok: true, doc: root };
}
