import { describe, expect, it } from 'vitest';
import { diffLines, splitLines, unifiedHunks } from './unified-diff';

const lines = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `l${i + from}`);
const text = (ls: string[]) => ls.map((l) => `${l}\n`).join('');

/** Applying the script to `a` must give `b`, and it keeps every equal line it can (an LCS). */
function replay(a: string[], b: string[]) {
  const edits = diffLines(a, b);
  expect(edits.filter((e) => e.op !== 'insert').map((e) => e.line)).toEqual(a);
  expect(edits.filter((e) => e.op !== 'delete').map((e) => e.line)).toEqual(b);
  return edits;
}

describe('diffLines', () => {
  it.each([
    ['both empty', [], []],
    ['an insertion at the start', ['b', 'c'], ['a', 'b', 'c']],
    ['a deletion at the end', ['a', 'b', 'c'], ['a', 'b']],
    ['one replaced line', ['a', 'b', 'c'], ['a', 'x', 'c']],
    ['everything different', ['a', 'b'], ['c', 'd', 'e']],
    ['moved lines', ['a', 'b', 'c', 'd'], ['c', 'd', 'a', 'b']],
  ])('turns a into b for %s', (_name, a, b) => {
    replay(a, b);
  });

  it('finds the shortest script (Myers)', () => {
    // ABCABBA -> CBABAC: the classic example has an edit distance of 5.
    const edits = replay([...'ABCABBA'], [...'CBABAC']);
    expect(edits.filter((e) => e.op !== 'equal')).toHaveLength(5);
  });

  it('prints the deletions of a change before its insertions', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'x', 'c']).map((e) => e.op)).toEqual(['equal', 'delete', 'insert', 'equal']);
  });

  it('agrees with random edits of random texts', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: Math.floor(next() * 12) }, () => 'abcd'[Math.floor(next() * 4)]);
      const b = Array.from({ length: Math.floor(next() * 12) }, () => 'abcd'[Math.floor(next() * 4)]);
      replay(a, b);
    }
  });
});

describe('unifiedHunks', () => {
  it('is empty for equal texts', () => {
    expect(unifiedHunks('a\nb\n', 'a\nb\n')).toBe('');
  });

  it('prints one change with three lines of context as diff -u does', () => {
    const a = lines(10);
    const b = [...a];
    b[4] = 'changed';
    expect(unifiedHunks(text(a), text(b))).toBe('@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-l5\n+changed\n l6\n l7\n l8\n');
  });

  it('numbers a whole new file from -0,0', () => {
    expect(unifiedHunks('', 'a\nb\n')).toBe('@@ -0,0 +1,2 @@\n+a\n+b\n');
  });

  it('leaves out the count when it is one and names the line before for an empty range', () => {
    expect(unifiedHunks('a\n', 'b\n')).toBe('@@ -1 +1 @@\n-a\n+b\n');
    expect(unifiedHunks('a\nb\n', 'a\n')).toBe('@@ -1,2 +1 @@\n a\n-b\n');
    expect(unifiedHunks('a\n', 'a\nb\n')).toBe('@@ -1 +1,2 @@\n a\n+b\n');
  });

  it('merges changes at most six lines apart and splits those further apart', () => {
    const a = lines(30);
    const near = [...a];
    near[2] = 'x';
    near[9] = 'y'; // six equal lines between: one hunk
    expect(unifiedHunks(text(a), text(near)).match(/^@@/gm)).toHaveLength(1);
    const far = [...a];
    far[2] = 'x';
    far[10] = 'y'; // seven equal lines between: two hunks
    expect(unifiedHunks(text(a), text(far))).toMatch(/^@@ -1,6 \+1,6 @@\n[\s\S]*^@@ -8,7 \+8,7 @@\n/m);
  });

  it('splits text into lines without a trailing empty one', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
  });
});
