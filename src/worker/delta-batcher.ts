// Collects view changes, events and writes between two frames and squashes them into one `delta`
// message (tldraw's squashRecordDiffs idea): per view the last upsert wins, and a view created and
// deleted inside one frame is never sent at all. `seq` rises by one per message so the UI can spot a
// gap and ask for a resync.

import type { AttemptSummary, ClockState, EventView, MetricsDelta, SchedulingQueueView, ViewChange, WorkerMessage, WriteActivity } from './protocol';
import { mergeMetricsDeltas } from './metrics-view';
import { viewId } from './protocol';

/** A change plus whether its view did not exist before the change (see ViewTracker). */
export interface BatchedChange {
  change: ViewChange;
  created: boolean;
}

/** A frame can see thousands of writes at 100x; the pulses only need a sample of the latest. */
export const MAX_WRITES_PER_DELTA = 200;
/** The scheduler panel shows the latest attempts; older ones of a busy frame are dropped. */
export const MAX_ATTEMPTS_PER_DELTA = 50;

function idOf(change: ViewChange): string {
  return change.type === 'upsert' ? viewId(change.view.kind, change.view.key) : viewId(change.kind, change.key);
}

interface Pending {
  /** whether the view did not exist before the first change of this batch */
  created: boolean;
  last: ViewChange;
}

function merge(into: Map<string, Pending>, c: BatchedChange): void {
  const id = idOf(c.change);
  const prev = into.get(id);
  if (prev) prev.last = c.change;
  else into.set(id, { created: c.created, last: c.change });
}

function emit(pending: Map<string, Pending>): ViewChange[] {
  const out: ViewChange[] = [];
  for (const p of pending.values()) {
    // Added and deleted within the batch: the receiver never saw it, so there is nothing to say.
    if (p.last.type === 'delete' && p.created) continue;
    out.push(p.last);
  }
  return out;
}

/**
 * Squash a sequence of changes: one change per view, in order of first appearance. Applying the
 * result to any state the sequence was valid for gives the same views as applying it one by one.
 */
export function squash(changes: readonly BatchedChange[]): ViewChange[] {
  const pending = new Map<string, Pending>();
  for (const c of changes) merge(pending, c);
  return emit(pending);
}

export class DeltaBatcher {
  private pending = new Map<string, Pending>();
  private events = new Map<string, EventView>();
  private writes: WriteActivity[] = [];
  private attempts: AttemptSummary[] = [];
  private queue: SchedulingQueueView | undefined;
  private metrics: MetricsDelta | undefined;
  private seq: number;

  constructor(startSeq = 0) {
    this.seq = startSeq;
  }

  add(change: ViewChange, created: boolean): void {
    merge(this.pending, { change, created });
  }

  addEvent(ev: EventView): void {
    // An Event object updated twice in a frame (count 2, then 3): only the latest matters.
    this.events.delete(ev.id);
    this.events.set(ev.id, ev);
  }

  addWrite(w: WriteActivity): void {
    this.writes.push(w);
    if (this.writes.length > 2 * MAX_WRITES_PER_DELTA) this.writes = this.writes.slice(-MAX_WRITES_PER_DELTA);
  }

  /** Scheduling attempts since the last flush; only the newest MAX_ATTEMPTS_PER_DELTA are kept. */
  addAttempts(attempts: readonly AttemptSummary[]): void {
    if (attempts.length === 0) return;
    this.attempts.push(...attempts);
    if (this.attempts.length > MAX_ATTEMPTS_PER_DELTA) this.attempts = this.attempts.slice(-MAX_ATTEMPTS_PER_DELTA);
  }

  /** The scheduling queue changed: the latest state replaces any pending one. */
  setQueue(queue: SchedulingQueueView): void {
    this.queue = queue;
  }

  /** Loads or pod usage changed; two changes before a flush merge (the later wins per pod). */
  addMetrics(delta: MetricsDelta): void {
    this.metrics = mergeMetricsDeltas(this.metrics, delta);
  }

  get hasContent(): boolean {
    return this.pending.size > 0 || this.events.size > 0 || this.writes.length > 0 || this.attempts.length > 0 || this.queue !== undefined || this.metrics !== undefined;
  }

  /** The seq of the last message handed out. */
  get lastSeq(): number {
    return this.seq;
  }

  /** Take a seq for a message that is not a delta (`ready`), keeping one sequence for both. */
  takeSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  /** Forget what is pending (a snapshot that already contains it is about to go out). */
  clear(): void {
    this.pending = new Map();
    this.events = new Map();
    this.writes = [];
    this.attempts = [];
    this.queue = undefined;
    this.metrics = undefined;
  }

  /** Build the next delta and reset; `force` sends a clock-only delta when nothing changed. */
  flush(clock: ClockState, force = false): Extract<WorkerMessage, { kind: 'delta' }> | null {
    if (!this.hasContent && !force) return null;
    const msg: Extract<WorkerMessage, { kind: 'delta' }> = {
      kind: 'delta',
      seq: this.takeSeq(),
      clock: { ...clock },
      changes: emit(this.pending),
      events: [...this.events.values()],
      writes: this.writes.slice(-MAX_WRITES_PER_DELTA),
      ...(this.attempts.length || this.queue ? { scheduler: { attempts: this.attempts, ...(this.queue ? { queue: this.queue } : {}) } } : {}),
      ...(this.metrics ? { metrics: this.metrics } : {}),
    };
    this.clear();
    return msg;
  }
}
