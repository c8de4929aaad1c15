import { describe, expect, it } from 'vitest';
import { firstPendingIndexes, formatIntervals, generateNameWithIndex, parseIntervals, totalOf, withIndexes } from './indexed';

describe('completion index intervals (indexed_job_utils.go)', () => {
  it.each([
    ['', 10, ''],
    ['0-2,4', 10, '0-2,4'],
    ['1,2', 10, '1,2'],
    ['0,1,2', 10, '0-2'],
    ['3-8', 5, '3,4'],
    ['x,1', 10, '1'],
    ['7,12', 10, '7'],
  ])('parseIntervals(%j, %i) formats back as %j', (s, completions, want) => {
    expect(formatIntervals(parseIntervals(s, completions))).toBe(want);
  });

  it('withIndexes merges neighbours and keeps order', () => {
    const iv = withIndexes(parseIntervals('1,3', 10), [2, 9, 0]);
    expect(formatIntervals(iv)).toBe('0-3,9');
    expect(totalOf(iv)).toBe(5);
  });

  it('firstPendingIndexes skips succeeded, failed and active indexes', () => {
    expect(firstPendingIndexes(parseIntervals('0,2-4', 10), 3, 10)).toEqual([1, 5, 6]);
    expect(firstPendingIndexes(parseIntervals('0-8', 10), 3, 10)).toEqual([9]);
    expect(firstPendingIndexes([], 0, 10)).toEqual([]);
  });

  it('podGenerateNameWithIndex cuts the job name, not the index', () => {
    expect(generateNameWithIndex('pi', 3)).toBe('pi-3-');
    const long = generateNameWithIndex('a'.repeat(70), 12);
    expect(long).toHaveLength(58);
    expect(long.endsWith('-12-')).toBe(true);
  });
});
