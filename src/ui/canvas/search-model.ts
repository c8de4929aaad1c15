// Finding things on the canvas: a name search (pods, nodes, Services) and a filter by namespace and
// label selector (kubectl's `-n` and `-l`). Pure: the canvas passes what it draws, gets back hits
// and, per drawn object, whether it is dimmed. The selector is parsed by the same parser `kubectl -l`
// uses in the engine (src/engine/api/labels.ts), so its syntax and its errors are kubectl's.

import { parseSelector, type Selector } from '../../engine/api/labels';

export type SearchKind = 'Pod' | 'Node' | 'Service';

/** One object the canvas draws, as search and filter see it. */
export interface SearchItem {
  /** the canvas view id, e.g. 'Pod:default/web-1', 'Node:node-1' */
  id: string;
  kind: SearchKind;
  name: string;
  /** absent for Nodes (cluster-scoped) */
  namespace?: string;
  /** Pods only: a Service or Node is never dimmed by a label selector */
  labels?: Readonly<Record<string, string>>;
}

export interface SearchHit {
  item: SearchItem;
  /** 0: exact name, 1: name starts with the query, 2: name contains it, 3: namespace/name contains it */
  rank: number;
}

const KIND_ORDER: Record<SearchKind, number> = { Pod: 0, Service: 1, Node: 2 };
export const MAX_HITS = 8;

/**
 * The objects whose name matches `query` (case-insensitive): exact names first, then prefixes, then
 * substrings (of `namespace/name` too, so `kube-system/` lists that namespace). Ties by kind, then
 * name. An empty query finds nothing.
 */
export function searchCanvas(items: readonly SearchItem[], query: string, limit = MAX_HITS): SearchHit[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const hits: SearchHit[] = [];
  for (const item of items) {
    const name = item.name.toLowerCase();
    const full = item.namespace ? `${item.namespace}/${item.name}`.toLowerCase() : name;
    const rank = name === q ? 0 : name.startsWith(q) ? 1 : name.includes(q) ? 2 : full.includes(q) ? 3 : -1;
    if (rank >= 0) hits.push({ item, rank });
  }
  hits.sort((a, b) => a.rank - b.rank || KIND_ORDER[a.item.kind] - KIND_ORDER[b.item.kind] || (a.item.namespace ?? '').localeCompare(b.item.namespace ?? '') || a.item.name.localeCompare(b.item.name));
  return hits.slice(0, limit);
}

/** The active filter: null namespace = all namespaces; '' selector = every label set. */
export interface CanvasFilter {
  namespace: string | null;
  selector: string;
}

export const NO_FILTER: CanvasFilter = { namespace: null, selector: '' };

export function isFilterActive(f: CanvasFilter): boolean {
  return f.namespace !== null || f.selector.trim() !== '';
}

export type CompiledFilter = { ok: true; matches: (item: SearchItem) => boolean } | { ok: false; error: string };

/**
 * The filter as a predicate. Pods must be in the namespace and match the selector; Services only
 * need the namespace (a selector on pod labels says nothing about them); Nodes always match.
 * An invalid selector comes back with kubectl's parse error, e.g.
 * `unable to parse requirement: found '', expected: ',' or ')'`.
 */
export function compileFilter(f: CanvasFilter): CompiledFilter {
  let selector: Selector | undefined;
  if (f.selector.trim()) {
    const parsed = parseSelector(f.selector.trim());
    if (!parsed.ok) return { ok: false, error: parsed.error };
    selector = parsed.selector;
  }
  return {
    ok: true,
    matches: (item) => {
      if (item.kind === 'Node') return true;
      if (f.namespace !== null && item.namespace !== f.namespace) return false;
      if (item.kind === 'Pod' && selector) return selector.matches(item.labels ?? {});
      return true;
    },
  };
}

export type Mark = 'dimmed' | 'match';

/**
 * Per drawn object, how the canvas shows it: 'dimmed' when an active filter excludes it, 'match'
 * for the search's highlighted hits. Objects with neither are absent (drawn as usual). An invalid
 * filter dims nothing (the filter bar shows the error instead).
 */
export function canvasMarks(items: readonly SearchItem[], filter: CanvasFilter, highlighted: ReadonlySet<string> = new Set()): Map<string, Mark> {
  const marks = new Map<string, Mark>();
  const compiled = isFilterActive(filter) ? compileFilter(filter) : undefined;
  for (const item of items) {
    if (highlighted.has(item.id)) marks.set(item.id, 'match');
    else if (compiled?.ok && !compiled.matches(item)) marks.set(item.id, 'dimmed');
  }
  return marks;
}

/** `id=mark` pairs sorted by id: a primitive a store selector can return without re-rendering on every delta. */
export function marksSignature(marks: ReadonlyMap<string, Mark>): string {
  return [...marks].map(([id, m]) => `${id}=${m}`).sort().join('\n');
}

export function parseMarksSignature(sig: string): Map<string, Mark> {
  const out = new Map<string, Mark>();
  if (!sig) return out;
  for (const line of sig.split('\n')) {
    const eq = line.lastIndexOf('=');
    out.set(line.slice(0, eq), line.slice(eq + 1) as Mark);
  }
  return out;
}

/** The chip's text: `-n shop -l app=web`, as the kubectl flags that select the same pods. */
export function filterChipText(f: CanvasFilter): string {
  const parts: string[] = [];
  if (f.namespace !== null) parts.push(`-n ${f.namespace}`);
  if (f.selector.trim()) parts.push(`-l ${f.selector.trim()}`);
  return parts.join(' ');
}

/** Namespaces of the drawn objects, sorted, for the namespace picker. */
export function namespacesOf(items: readonly SearchItem[]): string[] {
  return [...new Set(items.flatMap((i) => (i.namespace ? [i.namespace] : [])))].sort();
}
