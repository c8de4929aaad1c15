// `--sort-by=.metadata.creationTimestamp`: order objects by one JSONPath field.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/get/sorter.go (RuntimeSort, isLess) and
// github.com/fvbommel/sortorder (NaturalLess)
// SIMPLIFICATION: only dotted field paths with [N] indexes (`.status.containerStatuses[0].restartCount`).

type Step = string | number;

/** Parse `.a.b[0].c`, `{.a.b}` or `a.b` into steps; undefined when the path uses other JSONPath syntax. */
export function parseFieldPath(expr: string): Step[] | undefined {
  let path = expr.trim();
  if (path.startsWith('{') && path.endsWith('}')) path = path.slice(1, -1);
  if (!path.startsWith('.')) path = `.${path}`;
  const steps: Step[] = [];
  const re = /\.([A-Za-z0-9_-]+)|\[(\d+)\]/y;
  let at = 0;
  while (at < path.length) {
    re.lastIndex = at;
    const m = re.exec(path);
    if (!m) return undefined;
    steps.push(m[1] !== undefined ? m[1] : Number(m[2]));
    at = re.lastIndex;
  }
  return steps.length > 0 ? steps : undefined;
}

export function fieldValue(obj: unknown, steps: readonly Step[]): unknown {
  let v: unknown = obj;
  for (const step of steps) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[step];
  }
  return v;
}

/** Stable sort by the field; objects without it come first, as kubectl's isLess puts them. */
export function sortByField<T>(items: readonly T[], steps: readonly Step[], objectOf: (item: T) => unknown): T[] {
  const keyed = items.map((item, index) => ({ item, index, value: fieldValue(objectOf(item), steps) }));
  keyed.sort((a, b) => compareValues(a.value, b.value) || a.index - b.index);
  return keyed.map((k) => k.item);
}

function compareValues(a: unknown, b: unknown): number {
  const aMissing = a === undefined || a === null;
  const bMissing = b === undefined || b === null;
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const as = typeof a === 'string' ? a : JSON.stringify(a);
  const bs = typeof b === 'string' ? b : JSON.stringify(b);
  return naturalLess(as, bs) ? -1 : naturalLess(bs, as) ? 1 : 0;
}

const isDigit = (c: string) => c >= '0' && c <= '9';

/** Natural order: digit runs compare as numbers and sort before other characters (`pod-2` < `pod-10`). */
export function naturalLess(s1: string, s2: string): boolean {
  let i1 = 0;
  let i2 = 0;
  while (i1 < s1.length && i2 < s2.length) {
    const c1 = s1[i1];
    const c2 = s2[i2];
    const d1 = isDigit(c1);
    const d2 = isDigit(c2);
    if (d1 !== d2) return d1;
    if (!d1) {
      if (c1 !== c2) return c1 < c2;
      i1++;
      i2++;
      continue;
    }
    while (i1 < s1.length && s1[i1] === '0') i1++;
    while (i2 < s2.length && s2[i2] === '0') i2++;
    const nz1 = i1;
    const nz2 = i2;
    while (i1 < s1.length && isDigit(s1[i1])) i1++;
    while (i2 < s2.length && isDigit(s2[i2])) i2++;
    if (i1 - nz1 !== i2 - nz2) return i1 - nz1 < i2 - nz2;
    const n1 = s1.slice(nz1, i1);
    const n2 = s2.slice(nz2, i2);
    if (n1 !== n2) return n1 < n2;
    if (nz1 !== nz2) return nz1 < nz2;
  }
  return s1.length < s2.length;
}
