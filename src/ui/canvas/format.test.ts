import { describe, expect, it } from 'vitest';
import { formatCpu, formatMemory, formatSimTime, shortName } from './format';

describe('canvas labels', () => {
  it.each([
    [2000, '2'],
    [750, '750m'],
    [0, '0'],
  ])('cpu %d millis prints %s', (m, s) => expect(formatCpu(m)).toBe(s));

  it.each([
    [4 * 2 ** 30, '4Gi'],
    [256 * 2 ** 20, '256Mi'],
    [1.5 * 2 ** 30, '1.5Gi'],
    [512, '512'],
  ])('%d bytes print %s', (b, s) => expect(formatMemory(b)).toBe(s));

  it.each([
    [0, '0:00:00.0'],
    [61_250, '0:01:01.2'],
    [3_723_000, '1:02:03.0'],
  ])('sim time %d ms prints %s', (ms, s) => expect(formatSimTime(ms)).toBe(s));
});

describe('shortName', () => {
  it('keeps short names whole', () => expect(shortName('nginx-vn8jz', 17)).toBe('nginx-vn8jz'));
  it('cuts long names in the middle and keeps the distinguishing end', () => {
    const s = shortName('web-7c8cd7f765-wkb28', 17);
    expect(s).toHaveLength(17);
    expect(s.endsWith('-wkb28')).toBe(true);
    expect(s.startsWith('web-')).toBe(true);
  });
});
