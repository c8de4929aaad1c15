// IPv4 prefixes and IPv6 link-local addresses, as the kernel and iproute2 show them.
// UPSTREAM: net/ipv6/addrconf.c (EUI-64 interface identifiers), RFC 5952 (IPv6 text form)

import { cidrContains, intToIp, ipToInt, parseCidr } from '../apiserver/ipallocator';

export { cidrContains, intToIp, ipToInt, parseCidr };

export interface Prefix {
  /** network address, dotted quad */
  network: string;
  prefixLen: number;
}

/** `10.244.1.7/24` -> { network: '10.244.1.0', prefixLen: 24 } (the host bits cleared). */
export function toPrefix(cidr: string): Prefix {
  const p = parseCidr(cidr.includes('/') ? cidr : `${cidr}/32`);
  return { network: intToIp(p.base), prefixLen: p.bits };
}

export function prefixString(p: Prefix): string {
  return `${p.network}/${p.prefixLen}`;
}

/** The broadcast address of `ip/prefixLen` (the kernel computes it for prefixes shorter than /31). */
export function broadcastOf(ip: string, prefixLen: number): string | undefined {
  if (prefixLen >= 31) return undefined;
  const size = 2 ** (32 - prefixLen);
  return intToIp(Math.floor(ipToInt(ip) / size) * size + size - 1);
}

/** The address at `offset` from the network address of `cidr` (offset 1 = the gateway, `.1`). */
export function addressAt(cidr: string, offset: number): string {
  return intToIp(parseCidr(cidr).base + offset);
}

export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** RFC 5952 text form of eight 16-bit groups: lowercase, no leading zeros, longest zero run as `::`. */
export function formatIPv6(groups: number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hexes = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hexes.join(':');
  return `${hexes.slice(0, bestStart).join(':')}::${hexes.slice(bestStart + bestLen).join(':')}`;
}

/** The EUI-64 link-local address the kernel gives an Ethernet-like device (`fe80::7ce7:1ff:fed7:1f7c`). */
export function linkLocalFromMac(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  const groups = [0xfe80, 0, 0, 0, ((b[0] ^ 0x02) << 8) | b[1], (b[2] << 8) | 0xff, 0xfe00 | b[3], (b[4] << 8) | b[5]];
  return formatIPv6(groups);
}

/** The IPv6 solicited-node multicast MAC for an address ending in the MAC's last 3 bytes (`33:33:ff:d7:1f:7c`). */
export function solicitedNodeMac(mac: string): string {
  return `33:33:ff:${mac.split(':').slice(3).join(':')}`;
}
