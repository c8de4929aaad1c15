import { describe, expect, it } from 'vitest';
import { addressAt, broadcastOf, formatIPv6, linkLocalFromMac, solicitedNodeMac, toPrefix } from './inet';

describe('linkLocalFromMac', () => {
  // Pairs from real `ip addr` output in shared/reference/node-network.md.
  it.each([
    ['7e:e7:01:d7:1f:7c', 'fe80::7ce7:1ff:fed7:1f7c'],
    ['3e:e8:01:b2:63:62', 'fe80::3ce8:1ff:feb2:6362'],
    ['aa:13:48:30:b8:7e', 'fe80::a813:48ff:fe30:b87e'],
    ['42:48:dd:ac:3a:46', 'fe80::4048:ddff:feac:3a46'],
    ['ea:9d:14:c1:00:70', 'fe80::e89d:14ff:fec1:70'],
    ['02:42:0a:e9:2b:03', 'fe80::42:aff:fee9:2b03'],
    ['ee:ee:ee:ee:ee:ee', 'fe80::ecee:eeff:feee:eeee'],
  ])('gives %s the EUI-64 address %s', (mac, addr) => {
    expect(linkLocalFromMac(mac)).toBe(addr);
  });
});

describe('formatIPv6', () => {
  it('compresses the longest run of zero groups, and only runs of two or more', () => {
    expect(formatIPv6([0, 0, 0, 0, 0, 0, 0, 1])).toBe('::1');
    expect(formatIPv6([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1])).toBe('2001:db8::1:0:0:1');
    expect(formatIPv6([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1])).toBe('2001:db8:0:1:1:1:1:1');
  });
});

describe('IPv4 prefixes', () => {
  it('normalizes, broadcasts and counts from the network address', () => {
    expect(toPrefix('10.244.1.7/24')).toEqual({ network: '10.244.1.0', prefixLen: 24 });
    expect(toPrefix('10.244.1.7')).toEqual({ network: '10.244.1.7', prefixLen: 32 });
    expect(broadcastOf('10.244.1.1', 24)).toBe('10.244.1.255');
    expect(broadcastOf('10.244.1.0', 32)).toBeUndefined();
    expect(addressAt('10.244.2.0/24', 1)).toBe('10.244.2.1');
    expect(solicitedNodeMac('3e:e8:01:b2:63:62')).toBe('33:33:ff:b2:63:62');
  });
});
