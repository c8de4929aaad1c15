// NodePort allocation from --service-node-port-range (default 30000-32767).
// UPSTREAM: pkg/registry/core/service/portallocator (random pick, static/dynamic bands as KEP-3668)
// Like the ClusterIP allocator, its state is derived from stored Services.

import type { Rng } from '../sim/rng';

export class NodePortAllocator {
  private readonly used = new Set<number>();

  constructor(readonly min = 30000, readonly max = 32767) {}

  get rangeText(): string {
    return `${this.min}-${this.max}`;
  }

  inRange(port: number): boolean {
    return port >= this.min && port <= this.max;
  }

  allocate(port: number): boolean {
    if (!this.inRange(port) || this.used.has(port)) return false;
    this.used.add(port);
    return true;
  }

  /** Random free port, the upper (dynamic) band first. */
  allocateNext(rng: Rng): number | undefined {
    const size = this.max - this.min + 1;
    const offset = Math.min(Math.max(16, Math.floor(size / 32)), 128);
    for (const [lo, hi] of [[offset, size], [0, offset]] as const) {
      const start = rng.int(hi - lo);
      for (let i = 0; i < hi - lo; i++) {
        const p = this.min + lo + ((start + i) % (hi - lo));
        if (!this.used.has(p)) {
          this.used.add(p);
          return p;
        }
      }
    }
    return undefined;
  }

  release(port: number): void {
    this.used.delete(port);
  }
}
