// ClusterIP allocation from the service CIDR.
// UPSTREAM: pkg/registry/core/service/ipallocator (bitmap allocator with the static/dynamic split
// of KEP-3070: dynamic allocations prefer the upper band, leaving the lower band for static IPs).
// The allocator's state is derived from the stored Services, so it needs no state of its own.

import type { Rng } from '../sim/rng';

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export function parseCidr(cidr: string): { base: number; bits: number; size: number } {
  const [ip, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const size = 2 ** (32 - bits);
  return { base: Math.floor(ipToInt(ip) / size) * size, bits, size };
}

export function cidrContains(cidr: string, ip: string): boolean {
  const { base, size } = parseCidr(cidr);
  const n = ipToInt(ip);
  return n >= base && n < base + size;
}

/** The first usable address of a CIDR: the `kubernetes` Service's IP (10.96.0.0/12 -> 10.96.0.1). */
export function firstIP(cidr: string): string {
  return intToIp(parseCidr(cidr).base + 1);
}

export class ClusterIPAllocator {
  private readonly base: number;
  private readonly size: number;
  private readonly used = new Set<number>();

  constructor(readonly cidr: string) {
    const p = parseCidr(cidr);
    this.base = p.base;
    this.size = p.size;
  }

  contains(ip: string): boolean {
    return cidrContains(this.cidr, ip);
  }

  isAllocated(ip: string): boolean {
    return this.used.has(ipToInt(ip));
  }

  /** Reserve a specific address; false when taken or outside the range. */
  allocate(ip: string): boolean {
    const n = ipToInt(ip);
    if (!this.contains(ip) || n === this.base || n === this.base + this.size - 1 || this.used.has(n)) return false;
    this.used.add(n);
    return true;
  }

  /**
   * Pick a free address at random, upper band first (KEP-3070). Addresses are indexed from the first
   * usable one (network + 1) to the last before broadcast; the lower band is the first `offset` of
   * them: a /12 keeps 10.96.0.1-10.96.1.0 for static IPs, and a range under 16 addresses has no band.
   */
  allocateNext(rng: Rng): string | undefined {
    const usable = Math.max(0, this.size - 2);
    const offset = rangeOffset(this.size);
    const bands: Array<[number, number]> = [[offset, usable], [0, offset]];
    for (const [lo, hi] of bands) {
      if (hi <= lo) continue;
      const start = rng.int(hi - lo);
      for (let i = 0; i < hi - lo; i++) {
        const n = this.base + 1 + lo + ((start + i) % (hi - lo));
        if (!this.used.has(n)) {
          this.used.add(n);
          return intToIp(n);
        }
      }
    }
    return undefined;
  }

  release(ip: string): void {
    this.used.delete(ipToInt(ip));
  }
}

/** calculateRangeOffset: size/16, at least 16 and at most 256; no lower band under 16 addresses. */
function rangeOffset(size: number): number {
  if (size < 16) return 0;
  return Math.min(Math.max(16, Math.floor(size / 16)), 256);
}
