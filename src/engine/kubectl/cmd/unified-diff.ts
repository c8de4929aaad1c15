// A line diff printed as GNU `diff -u` prints it (the program `kubectl diff` runs by default).
// UPSTREAM: GNU diffutils src/analyze.c (Myers' O(ND) algorithm) and src/context.c (unified hunks)
// SIMPLIFICATION: plain Myers without diffutils' heuristics; texts are assumed to end with a newline.

/** One edit of a line script: kept, deleted from `a` or inserted from `b`. */
export type LineEdit = { op: 'equal' | 'delete' | 'insert'; line: string };

/**
 * The shortest edit script from `a` to `b` (Myers 1986). Within a run of changes deletions come
 * before insertions, as diff prints them.
 */
export function diffLines(a: readonly string[], b: readonly string[]): LineEdit[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Array<number>(2 * max + 3).fill(0);
  const trace: number[][] = [];
  let found = max === 0;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      // Go down (an insertion) at the lower edge or when the diagonal above reaches further.
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk back through the saved frontiers, collecting the edits in reverse.
  const out: LineEdit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const vd = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && vd[offset + k - 1] < vd[offset + k + 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK];
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ op: 'equal', line: a[--x] });
      y--;
    }
    if (d === 0) break;
    if (down) out.push({ op: 'insert', line: b[--y] });
    else out.push({ op: 'delete', line: a[--x] });
  }
  out.reverse();
  return deletionsFirst(out);
}

/** Reorder each run of changes so that its deletions precede its insertions. */
function deletionsFirst(edits: LineEdit[]): LineEdit[] {
  const out: LineEdit[] = [];
  for (let i = 0; i < edits.length; ) {
    if (edits[i].op === 'equal') {
      out.push(edits[i++]);
      continue;
    }
    const run: LineEdit[] = [];
    while (i < edits.length && edits[i].op !== 'equal') run.push(edits[i++]);
    out.push(...run.filter((e) => e.op === 'delete'), ...run.filter((e) => e.op === 'insert'));
  }
  return out;
}

/** Split a text into lines without their newlines ('' is no lines at all). */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** diff's range in a hunk header: `start,count`, `start` alone when count is 1, the line before when 0. */
function range(start: number, count: number): string {
  if (count === 1) return String(start + 1);
  return `${count === 0 ? start : start + 1},${count}`;
}

/**
 * The hunks of `diff -u` (3 lines of context, hunks closer than 2*3 lines merged) from `a` to `b`,
 * without the `---`/`+++` header; '' when the texts are equal.
 */
export function unifiedHunks(a: string, b: string, context = 3): string {
  const edits = diffLines(splitLines(a), splitLines(b));
  const changed = edits.map((e, i) => (e.op === 'equal' ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return '';
  // Group change positions whose gap of equal lines is at most 2*context.
  const groups: Array<[number, number]> = [];
  for (const i of changed) {
    const last = groups[groups.length - 1];
    const gapEquals = last ? edits.slice(last[1] + 1, i).filter((e) => e.op === 'equal').length : Infinity;
    if (last && gapEquals <= 2 * context) last[1] = i;
    else groups.push([i, i]);
  }
  // Line numbers in a and b before each edit.
  const aAt: number[] = [];
  const bAt: number[] = [];
  let ai = 0;
  let bi = 0;
  for (const e of edits) {
    aAt.push(ai);
    bAt.push(bi);
    if (e.op !== 'insert') ai++;
    if (e.op !== 'delete') bi++;
  }
  let out = '';
  for (const [first, last] of groups) {
    let from = first;
    for (let c = 0; c < context && from > 0 && edits[from - 1].op === 'equal'; c++) from--;
    let to = last;
    for (let c = 0; c < context && to < edits.length - 1 && edits[to + 1].op === 'equal'; c++) to++;
    const slice = edits.slice(from, to + 1);
    const aCount = slice.filter((e) => e.op !== 'insert').length;
    const bCount = slice.filter((e) => e.op !== 'delete').length;
    out += `@@ -${range(aAt[from], aCount)} +${range(bAt[from], bCount)} @@\n`;
    for (const e of slice) out += `${e.op === 'equal' ? ' ' : e.op === 'delete' ? '-' : '+'}${e.line}\n`;
  }
  return out;
}
