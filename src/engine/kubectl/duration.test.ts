import { describe, expect, it } from 'vitest';
import { humanDuration, translateTimestampSince } from './duration';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration', () => {
  // The boundary table of apimachinery's duration_test.go (kubectl-get.md §1).
  it.each([
    [-2 * s, '<invalid>'],
    [-1999, '0s'],
    [-1 * s, '0s'],
    [0, '0s'],
    [999, '0s'],
    [1 * s, '1s'],
    [70 * s, '70s'],
    [2 * m - 1, '119s'],
    [2 * m, '2m'],
    [2 * m + 1 * s, '2m1s'],
    [190 * s, '3m10s'],
    [10 * m - 1, '9m59s'],
    [10 * m, '10m'],
    [10 * m + 1 * s, '10m'],
    [70 * m, '70m'],
    [3 * h - 1, '179m'],
    [3 * h, '3h'],
    [3 * h + 1 * m, '3h1m'],
    [8 * h - 1, '7h59m'],
    [8 * h, '8h'],
    [8 * h + 59 * m, '8h'],
    [47 * h, '47h'],
    [48 * h, '2d'],
    [49 * h, '2d1h'],
    [8 * d - 1, '7d23h'],
    [8 * d, '8d'],
    [8 * d + 2 * h, '8d'],
    [367 * d, '367d'],
    [730 * d - 1, '729d'],
    [730 * d, '2y'],
    [730 * d + 25 * h, '2y1d'],
    [8 * 365 * d - 1, '7y364d'],
    [8 * 365 * d, '8y'],
    [9 * 365 * d, '9y'],
  ])('%d ms -> %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe('translateTimestampSince', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  it.each([
    ['2026-11-23T09:59:47Z', '13s'],
    ['2026-11-23T09:52:45Z', '7m15s'],
    ['2026-11-23T09:59:59.500000Z', '0s'],
    [undefined, '<unknown>'],
    ['', '<unknown>'],
    ['not a time', '<unknown>'],
  ])('%s -> %s', (t, want) => {
    expect(translateTimestampSince(t, now)).toBe(want);
  });
});
