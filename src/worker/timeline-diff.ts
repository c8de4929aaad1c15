// A compact field diff between two versions of an API object, for the per-object history: which
// paths were added, removed or changed, grouped as metadata, spec, status or other (data, rules...).
// SIMPLIFICATION: list items are matched by `name` or `type` when every item has one (containers,
// conditions), else by index; resourceVersion and managedFields are left out (they change on every write).

import type { DiffSection, FieldChange } from './protocol';

/** Values longer than this are cut with an ellipsis. */
export const MAX_VALUE_CHARS = 80;
/** A version lists at most this many changed paths (the rest is counted as truncated). */
export const MAX_CHANGES = 40;

const IGNORED = new Set(['metadata.resourceVersion', 'metadata.managedFields']);

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Compact JSON of a value, cut to MAX_VALUE_CHARS. */
export function formatValue(v: Json): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS - 1)}…` : s;
}

function sectionOf(path: string): DiffSection {
  const head = path.split(/[.[]/, 1)[0];
  return head === 'metadata' || head === 'spec' || head === 'status' ? head : 'other';
}

/** The identifying field shared by every item of a list (name, then type), if any. */
function itemKey(a: Json[], b: Json[]): 'name' | 'type' | undefined {
  const unique = (list: Json[], k: string) => {
    const ids = list.map((x) => (x as Record<string, string>)[k]);
    return new Set(ids).size === ids.length;
  };
  for (const k of ['name', 'type'] as const) {
    const all = [...a, ...b];
    if (all.length > 0 && all.every((x) => isObject(x) && typeof x[k] === 'string') && unique(a, k) && unique(b, k)) return k;
  }
  return undefined;
}

function join(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}

function walk(a: Json, b: Json, path: string, out: FieldChange[]): void {
  if (IGNORED.has(path)) return;
  if (a === b) return;
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of [...keys].sort()) walk(a[k], b[k], join(path, k), out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const k = itemKey(a, b);
    if (k) {
      const byId = (list: Json[]) => new Map(list.map((x) => [(x as Record<string, string>)[k], x]));
      const am = byId(a);
      const bm = byId(b);
      for (const id of new Set([...am.keys(), ...bm.keys()])) walk(am.get(id), bm.get(id), `${path}[${id}]`, out);
      return;
    }
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    const n = Math.max(a.length, b.length);
    // Scalars lists (finalizers, args) read better whole.
    if (a.concat(b).every((x) => !isObject(x) && !Array.isArray(x))) {
      out.push({ path, section: sectionOf(path), op: 'changed', from: formatValue(a), to: formatValue(b) });
      return;
    }
    for (let i = 0; i < n; i++) walk(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (a === undefined) {
    out.push({ path, section: sectionOf(path), op: 'added', to: formatValue(b) });
    return;
  }
  if (b === undefined) {
    out.push({ path, section: sectionOf(path), op: 'removed', from: formatValue(a) });
    return;
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  out.push({ path, section: sectionOf(path), op: 'changed', from: formatValue(a), to: formatValue(b) });
}

/**
 * The changes from `before` to `after` (undefined = the object did not exist / no longer exists, which
 * lists no paths: creation and deletion are said by the verb). At most MAX_CHANGES are listed.
 */
export function diffObjects(before: Json, after: Json): { changes: FieldChange[]; truncated: boolean } {
  if (before === undefined || after === undefined) return { changes: [], truncated: false };
  const out: FieldChange[] = [];
  walk(before, after, '', out);
  return { changes: out.slice(0, MAX_CHANGES), truncated: out.length > MAX_CHANGES };
}

/** Paths a learner looks for first (a phase, a binding, a count, an image), then the rest in path order. */
const HEADLINES = [/^status\.phase$/, /^spec\.nodeName$/, /replicas$/i, /\.image$/, /\.ready$/, /^metadata\.deletionTimestamp$/, /\.state\./, /^status\.podIP$/];

function headlineRank(path: string): number {
  const i = HEADLINES.findIndex((re) => re.test(path));
  return i < 0 ? HEADLINES.length : i;
}

/** One line for the timeline: the most telling few changes, `path: from → to`. */
export function summarizeChanges(changes: readonly FieldChange[], max = 3): string {
  const ranked = [...changes].sort((a, b) => headlineRank(a.path) - headlineRank(b.path));
  const parts = ranked.slice(0, max).map((c) => (c.op === 'added' ? `+${c.path}=${c.to}` : c.op === 'removed' ? `-${c.path}` : `${c.path}: ${c.from} → ${c.to}`));
  if (changes.length > max) parts.push(`+${changes.length - max} more`);
  return parts.join('; ');
}
