import { describe, expect, it } from 'vitest';
import { bytes, cpuMillis, formatBytes, formatCpuMillis, parseQuantity } from './quantity';

describe('Quantity', () => {
  it.each([
    ['500m', 500], ['2', 2000], ['1.5', 1500], ['0.1', 100], ['100m', 100], [1, 1000], ['1e3', 1_000_000],
  ])('cpu %s is %i millicores', (q, m) => expect(cpuMillis(q)).toBe(m));

  it.each([
    ['128Mi', 128 * 2 ** 20], ['1Gi', 2 ** 30], ['1G', 1e9], ['64M', 64e6], ['1000', 1000], ['1.5Gi', 1.5 * 2 ** 30],
  ])('memory %s is %i bytes', (q, b) => expect(bytes(q)).toBe(b));

  it.each(['abc', '1x', '', '--1', 'Mi'])('%j does not parse', (q) => expect(parseQuantity(q)).toBeUndefined());

  it('formats canonical values', () => {
    expect(formatCpuMillis(2000)).toBe('2');
    expect(formatCpuMillis(250)).toBe('250m');
    expect(formatBytes(4 * 2 ** 30)).toBe('4Gi');
    expect(formatBytes(1000)).toBe('1000');
  });
});
