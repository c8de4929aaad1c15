// Carries the store's watch stream to the informers after a fixed simulated latency, so a learner
// can see each hop (Deployment -> ReplicaSet -> Pods -> binding) instead of one instant.
// UPSTREAM: the apiserver watch cache + client-go reflector, collapsed into one delay.
// SIMPLIFICATION: one latency for every watcher; real watch delays vary by component and load.

import type { WatchRecord } from '../apiserver/store';

export interface PendingRecord {
  deliverAt: number;
  rec: WatchRecord;
}

export class WatchHub {
  private pending: PendingRecord[];
  private head = 0;

  constructor(readonly latencyMs: number, pending: PendingRecord[] = []) {
    this.pending = [...pending];
  }

  /** Called synchronously by the store on every write at simulated time `now`. */
  push(rec: WatchRecord, now: number): void {
    this.pending.push({ deliverAt: now + this.latencyMs, rec });
  }

  nextDue(): number | undefined {
    return this.head < this.pending.length ? this.pending[this.head].deliverAt : undefined;
  }

  /** Take every record due at or before `now`, in revision order. */
  takeDue(now: number): WatchRecord[] {
    const out: WatchRecord[] = [];
    while (this.head < this.pending.length && this.pending[this.head].deliverAt <= now) {
      out.push(this.pending[this.head++].rec);
    }
    if (this.head > 4096) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
    return out;
  }

  /** Records written but not yet seen by informers (oldest first). */
  undelivered(): PendingRecord[] {
    return this.pending.slice(this.head);
  }
}
