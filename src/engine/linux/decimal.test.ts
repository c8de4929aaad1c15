import { describe, expect, it } from 'vitest';
import { toFixedExact } from './decimal';

describe('toFixedExact', () => {
  it.each([
    [1 / 3, 10, '0.3333333333'],
    [1 / 2, 10, '0.5000000000'],
    [0.1, 20, '0.10000000000000000555'],
    [2.5, 0, '2'],
    [3.5, 0, '4'],
    [-1.25, 1, '-1.2'],
    [0, 3, '0.000'],
    [1234.5, 2, '1234.50'],
  ])('prints %d with %d decimals as %s', (x, digits, text) => {
    expect(toFixedExact(x, digits)).toBe(text);
  });

  it('rounds an exact tie to even where Number.toFixed rounds up', () => {
    // 2^-12 = 0.000244140625: the 12th decimal is an exact 5.
    expect(toFixedExact(2 ** -12, 11)).toBe('0.00024414062');
    expect((2 ** -12).toFixed(11)).toBe('0.00024414063');
  });
});
