import { describe, expect, it } from 'vitest';
import { RngStreams } from '../sim/rng';
import { ClusterIPAllocator, firstIP, ipToInt } from './ipallocator';

describe('ClusterIPAllocator.allocateNext', () => {
  it('hands out every usable address of a small range once, never the network or broadcast address', () => {
    const alloc = new ClusterIPAllocator('10.96.0.0/29');
    const rng = new RngStreams(7).stream('ips');
    const got: string[] = [];
    for (let ip = alloc.allocateNext(rng); ip !== undefined; ip = alloc.allocateNext(rng)) got.push(ip);
    expect(got.sort()).toEqual(['10.96.0.1', '10.96.0.2', '10.96.0.3', '10.96.0.4', '10.96.0.5', '10.96.0.6']);
  });

  it('takes dynamic addresses from the upper band while it has room (KEP-3070)', () => {
    const alloc = new ClusterIPAllocator('10.96.0.0/24');
    const rng = new RngStreams(3).stream('ips');
    // 256 addresses: offset 16, so the lower band is 10.96.0.1-10.96.0.16.
    for (let i = 0; i < 100; i++) {
      const n = ipToInt(alloc.allocateNext(rng)!) - ipToInt('10.96.0.0');
      expect(n).toBeGreaterThan(16);
      expect(n).toBeLessThan(255);
    }
  });
});

describe('firstIP', () => {
  it('is the address after the network address', () => {
    expect(firstIP('10.96.0.0/12')).toBe('10.96.0.1');
    expect(firstIP('10.100.7.9/16')).toBe('10.100.0.1');
  });
});
