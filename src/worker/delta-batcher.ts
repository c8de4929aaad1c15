// Collects view changes, events and writes between two frames and squashes them into one `delta`
// message (tldraw's squashRecordDiffs idea): per view the last upsert wins, and a view created and
// deleted inside one frame is never sent at all. `seq` rises by one per message so the UI can spot a
// gap and ask for a resync.
// A delta is bounded (MAX_DELTA_CHANGE_CHARS, MAX_DELTA_EVENT_CHARS): what does not fit stays pending,
// still squashed, for the next frame, so a 10,000-pod burst (or a big snapshot, see splitSnapshot)
// reaches the UI as many small messages instead of one multi-megabyte one that blocks the main thread.

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

/**
 * Budget for one delta's view changes, in JSON characters (about bytes: views are ASCII). A pod view is
 * ~1.5 KB, so ~20 pods a frame. With the events' budget, 200 writes (~22 KiB), 50 scheduling attempts
 * and a changed queue of 300 pods (~24 KiB) a delta stays under 100 KiB.
 */
export const MAX_DELTA_CHANGE_CHARS = 32 * 1024;
/** Budget for one delta's events, in JSON characters; older events wait for the next frame. */
export const MAX_DELTA_EVENT_CHARS = 8 * 1024;
/**
 * More pending views than this and the worker stops advancing simulated time until the UI has
 * caught up (engine.worker.ts tick): at 100x a 10,000-pod rollout would otherwise pile up changes
 * faster than bounded deltas carry them, and the canvas would show a past that keeps receding.
 */
export const MAX_BACKLOG_VIEWS = 300;
/**
 * Pending events beyond this many are dropped oldest first: the UI keeps only its latest 500
 * (cluster-store MAX_EVENTS), so anything older would be pushed out by the newer ones anyway.
 */
export const MAX_PENDING_EVENTS = 500;

/**
 * Take changes from the front of `pending` while they fit in `budget` JSON characters (always at
 * least one, so a single huge view still goes out). Taken entries leave `pending`; the rest keep their
 * order and their `created` flags, so later frames continue where this one stopped.
 */
function takeBudgeted(pending: Map<string, Pending>, budget: number): ViewChange[] {
  const out: ViewChange[] = [];
  let used = 0;
  for (const [id, p] of pending) {
    // Added and deleted within the batch: the receiver never saw it, so there is nothing to say.
    if (p.last.type === 'delete' && p.created) {
      pending.delete(id);
      continue;
    }
    const size = JSON.stringify(p.last).length;
    if (out.length > 0 && used + size > budget) break;
    used += size;
    out.push(p.last);
    pending.delete(id);
  }
  return out;
}

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

/** Per-delta budgets in JSON characters (tests use small ones to split small batches). */
export interface DeltaBudget {
  changeChars: number;
  eventChars: number;
}

export class DeltaBatcher {
  private pending = new Map<string, Pending>();
  private events = new Map<string, EventView>();
  private writes: WriteActivity[] = [];
  private attempts: AttemptSummary[] = [];
  private queue: SchedulingQueueView | undefined;
  private metrics: MetricsDelta | undefined;
  private seq: number;
  private readonly budget: DeltaBudget;

  constructor(startSeq = 0, budget: DeltaBudget = { changeChars: MAX_DELTA_CHANGE_CHARS, eventChars: MAX_DELTA_EVENT_CHARS }) {
    this.seq = startSeq;
    this.budget = budget;
  }

  add(change: ViewChange, created: boolean): void {
    merge(this.pending, { change, created });
  }

  addEvent(ev: EventView): void {
    // An Event object updated twice in a frame (count 2, then 3): only the latest matters.
    this.events.delete(ev.id);
    this.events.set(ev.id, ev);
    if (this.events.size > MAX_PENDING_EVENTS) this.events.delete(this.events.keys().next().value!);
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

  /** Whether view changes are still pending after a flush (they did not fit its budget). */
  get hasPendingChanges(): boolean {
    return this.pending.size > 0;
  }

  /** How many views have changes pending (each one is sent once, however often it changed). */
  get pendingViews(): number {
    return this.pending.size;
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

  /**
   * Build the next delta: the view changes and events that fit their budgets (the rest stay pending,
   * see hasPendingChanges) and everything else; `force` sends a clock-only delta when nothing changed.
   * `unbounded` takes every pending change at once (tests and callers that must not split).
   */
  flush(clock: ClockState, force = false, unbounded = false): Extract<WorkerMessage, { kind: 'delta' }> | null {
    if (!this.hasContent && !force) return null;
    const changes = unbounded ? emit(this.pending) : takeBudgeted(this.pending, this.budget.changeChars);
    if (unbounded) this.pending = new Map();
    const msg: Extract<WorkerMessage, { kind: 'delta' }> = {
      kind: 'delta',
      seq: this.takeSeq(),
      clock: { ...clock },
      changes,
      events: unbounded ? [...this.events.values()] : this.takeEvents(),
      writes: this.writes.slice(-MAX_WRITES_PER_DELTA),
      ...(this.attempts.length || this.queue ? { scheduler: { attempts: this.attempts, ...(this.queue ? { queue: this.queue } : {}) } } : {}),
      ...(this.metrics ? { metrics: this.metrics } : {}),
    };
    if (unbounded) this.events = new Map();
    this.writes = [];
    this.attempts = [];
    this.queue = undefined;
    this.metrics = undefined;
    return msg;
  }

  /** The oldest pending events that fit the events' budget (at least one); the rest wait. */
  private takeEvents(): EventView[] {
    const out: EventView[] = [];
    let used = 0;
    for (const [id, ev] of this.events) {
      const size = JSON.stringify(ev).length;
      if (out.length > 0 && used + size > this.budget.eventChars) break;
      used += size;
      out.push(ev);
      this.events.delete(id);
    }
    return out;
  }
}

/** Budget for the views a `ready` snapshot carries itself, in JSON characters; the rest follow as deltas. */
export const MAX_SNAPSHOT_VIEW_CHARS = 96 * 1024;

/**
 * Split a snapshot's views into those the `ready` message carries and those that follow as `upsert`
 * changes in the next deltas (queued in the batcher as created, so a view deleted before it was sent
 * is never sent at all). Everything but pods goes first (nodes, Services, workloads: the canvas's
 * frame), then pods, in the given order, while they fit `budget`.
 */
export function splitSnapshot<V extends { kind: string }>(views: readonly V[], budget = MAX_SNAPSHOT_VIEW_CHARS): { now: V[]; later: V[] } {
  const ordered = [...views.filter((v) => v.kind !== 'Pod'), ...views.filter((v) => v.kind === 'Pod')];
  let used = 0;
  let i = 0;
  for (; i < ordered.length; i++) {
    // Non-pod views always go in the snapshot: a node or Service arriving late would move things around.
    if (ordered[i].kind !== 'Pod') continue;
    const size = JSON.stringify(ordered[i]).length;
    if (used + size > budget) break;
    used += size;
  }
  return { now: ordered.slice(0, i), later: ordered.slice(i) };
}
