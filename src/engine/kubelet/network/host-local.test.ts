import { describe, expect, it } from 'vitest';
import { allocateIP, LAST_RESERVED_KEY, releaseIP } from './host-local';

describe('host-local IPAM', () => {
  it('starts at .2 (.1 is the bridge) and continues after the last reserved address', () => {
    const ipam: Record<string, string> = {};
    expect(allocateIP(ipam, '10.244.1.0/24', 'a')).toBe('10.244.1.2');
    expect(allocateIP(ipam, '10.244.1.0/24', 'b')).toBe('10.244.1.3');
    releaseIP(ipam, '10.244.1.2');
    expect(allocateIP(ipam, '10.244.1.0/24', 'c')).toBe('10.244.1.4');
    expect(ipam[LAST_RESERVED_KEY]).toBe('10.244.1.4');
  });

  it('wraps round to freed addresses when it reaches the end, and never hands out broadcast', () => {
    const ipam: Record<string, string> = {};
    const got = [1, 2, 3, 4, 5].map((i) => allocateIP(ipam, '10.0.0.0/29', `p${i}`)); // .2 .. .6 usable
    expect(got).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']);
    expect(allocateIP(ipam, '10.0.0.0/29', 'full')).toBeUndefined();
    releaseIP(ipam, '10.0.0.3');
    expect(allocateIP(ipam, '10.0.0.0/29', 'again')).toBe('10.0.0.3');
  });

  it('needs a podCIDR', () => {
    expect(allocateIP({}, undefined, 'a')).toBeUndefined();
  });
});
