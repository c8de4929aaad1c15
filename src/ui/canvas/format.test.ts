import { describe, expect, it } from 'vitest';
import { formatCpu, formatMemory, formatSimTime, schedulingReason, shortName } from './format';

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

describe('schedulingReason', () => {
  it('keeps the filter summary, most common reason first, without the preemption part and the 0/N lead-in', () => {
    expect(
      schedulingReason('0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.'),
    ).toBe('3 Insufficient cpu, 1 node(s) had untolerated taint(s)');
    expect(schedulingReason('0/3 nodes are available: 1 Insufficient memory, 2 Insufficient cpu.')).toBe('2 Insufficient cpu, 1 Insufficient memory');
    expect(schedulingReason('0/3 nodes are available: 3 Insufficient memory.')).toBe('3 Insufficient memory');
  });
  it('passes other messages through and is empty without one', () => {
    expect(schedulingReason('no nodes available to schedule pods')).toBe('no nodes available to schedule pods');
    expect(schedulingReason(undefined)).toBe('');
    expect(schedulingReason('')).toBe('');
  });
});
