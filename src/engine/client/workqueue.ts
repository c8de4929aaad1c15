// A rate-limited, delaying work queue with client-go's contract: fair (FIFO), a key is never handed
// out twice at once, repeated adds of a waiting key merge, and a key added while being processed is
// queued again when done.
// UPSTREAM: staging/src/k8s.io/client-go/util/workqueue/{queue.go,delaying_queue.go,default_rate_limiters.go}
// Delays run on the simulated clock (timer target `queue/<name>`), so the queue serializes as data.

import type { SimClock } from '../sim/clock';

export interface WorkQueueState {
  queue: string[];
  failures: Record<string, number>;
}

/** ItemExponentialFailureRateLimiter(5ms, 1000s), the controllers' default per-item backoff. */
const BASE_DELAY_MS = 5;
const MAX_DELAY_MS = 1_000_000;

export class WorkQueue {
  private queue: string[] = [];
  private head = 0;
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private failures: Record<string, number> = {};

  constructor(readonly name: string, private readonly clock: SimClock, state?: WorkQueueState) {
    for (const k of state?.queue ?? []) this.add(k);
    this.failures = { ...(state?.failures ?? {}) };
  }

  get timerTarget(): string {
    return `queue/${this.name}`;
  }

  add(key: string): void {
    if (this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return; // re-queued by done()
    this.queue.push(key);
  }

  addAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) this.add(key);
    else this.clock.schedule(delayMs, this.timerTarget, key);
  }

  addRateLimited(key: string): void {
    const n = this.failures[key] ?? 0;
    this.failures[key] = n + 1;
    this.addAfter(key, Math.min(BASE_DELAY_MS * 2 ** n, MAX_DELAY_MS));
  }

  forget(key: string): void {
    delete this.failures[key];
  }

  numRequeues(key: string): number {
    return this.failures[key] ?? 0;
  }

  /** Next key to process, or undefined when empty. Call done(key) after processing. */
  get(): string | undefined {
    if (this.head >= this.queue.length) return undefined;
    const key = this.queue[this.head++];
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.processing.add(key);
    this.dirty.delete(key);
    return key;
  }

  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) this.queue.push(key);
  }

  get length(): number {
    return this.queue.length - this.head;
  }

  save(): WorkQueueState {
    return { queue: this.queue.slice(this.head), failures: { ...this.failures } };
  }
}
