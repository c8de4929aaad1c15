// Time travel over one cluster: the live branch's entries, object histories and checkpoints, plus
// the branches left behind when the learner changed the past. Going to time t restores the latest
// checkpoint at or before t into a new World and steps it to t; this is exact because a checkpoint
// follows every user action, so only the clock moved in between (the engine is deterministic).
// SIMPLIFICATION: at most MAX_BRANCHES_WITH_DATA left-behind branches keep their entries and
// checkpoints; older ones keep only their last checkpoint (switching to one starts its timeline there),
// and beyond MAX_BRANCHES in all the oldest left-behind branch is forgotten, so memory stays bounded.

import { World, type ObjectRef, type WatchRecord, type WorldSnapshot } from '../engine/index';
import type { ObjectVersion, TimelineBranch, TimelineEntry, TimelineStatus } from './protocol';
import { CHECKPOINT_INTERVAL_MS, CheckpointList, ObjectPool, restBytes, type Checkpoint } from './timeline-checkpoints';
import { BranchRecord, historyKey } from './timeline-recorder';

export const MAX_BRANCHES_WITH_DATA = 4;
/** Branches kept in all, the live one included. */
export const MAX_BRANCHES = 12;
/** Markers sent to the scrubber (the newest user actions). */
export const MAX_MARKERS = 500;

interface Branch {
  meta: TimelineBranch;
  record: BranchRecord;
  checkpoints: CheckpointList;
}

export type Restore = (s: WorldSnapshot) => World;

export class Timeline {
  private seq = 0;
  private generation = 0;
  private nextBranchId = 1;
  private current!: Branch;
  private others: Branch[] = [];
  private readonly pool = new ObjectPool();
  private unsubscribe: (() => void) | undefined;
  private world: World | undefined;
  /** false when the world cannot be snapshotted (a test stand-in): time travel is then off */
  enabled = false;

  constructor(private readonly restore: Restore = (s) => World.restore(s)) {}

  /** Start over with `world` as the live world of a single branch (boot, reset, restore). */
  attach(world: World): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.others = [];
    this.generation++;
    this.current = { meta: { id: this.nextBranchId++, endMs: world.now(), actions: 0 }, record: new BranchRecord(), checkpoints: new CheckpointList() };
    this.enabled = typeof (world as Partial<World>).snapshot === 'function';
    this.follow(world);
    if (this.enabled) this.checkpoint(false);
  }

  /** Record `world`'s writes on the current branch from now on. */
  private follow(world: World): void {
    this.unsubscribe?.();
    this.world = world;
    this.unsubscribe = world.onWatch((rec: WatchRecord) => {
      this.current.record.recordWrite(rec, world.now(), ++this.seq);
    });
  }

  get branchId(): number {
    return this.current.meta.id;
  }

  /** The time of the oldest checkpoint: nothing earlier can be rebuilt. */
  get startMs(): number {
    return this.current.checkpoints.first?.atMs ?? 0;
  }

  /** Note a user action about to run; its writes follow it. Returns the entry so its outcome can be filled in. */
  beginAction(verb: string, detail: string, object?: TimelineEntry['object'], kind: TimelineEntry['kind'] = 'user'): TimelineEntry {
    const entry: TimelineEntry = { seq: ++this.seq, atMs: this.world?.now() ?? 0, kind, writer: 'you', verb, ...(object ? { object } : {}), action: true, detail };
    this.current.record.push(entry);
    this.current.meta.actions++;
    return entry;
  }

  /** The action ran: checkpoint right after it (replay may never cross a user action). */
  endAction(entry: TimelineEntry, detail?: string): void {
    if (detail !== undefined) entry.detail = detail;
    if (this.enabled) this.checkpoint(true);
  }

  /** After the clock moved: a periodic checkpoint when one is due. */
  afterStep(): void {
    if (!this.enabled || !this.world) return;
    const last = this.current.checkpoints.last;
    if (!last || this.world.now() - last.atMs >= CHECKPOINT_INTERVAL_MS) this.checkpoint(false);
  }

  private checkpoint(user: boolean): void {
    const world = this.world!;
    const snap = world.snapshot();
    const cp: Checkpoint = { atMs: world.now(), user, snap, restBytes: restBytes(snap) };
    this.pool.intern(snap, this.current.meta.id);
    this.current.meta.endMs = cp.atMs;
    if (this.current.checkpoints.add(cp)) {
      this.current.record.dropBefore(this.startMs);
      this.pool.prune(this.allCheckpoints());
    }
  }

  private *allCheckpoints(): Iterable<Checkpoint> {
    for (const b of [this.current, ...this.others]) yield* b.checkpoints.all;
  }

  /** A new World in the state the live one had at `atMs` (clamped to the reachable range). */
  worldAt(atMs: number): World {
    if (!this.enabled) throw new Error('time travel is not available');
    const t = Math.max(this.startMs, Math.min(atMs, this.world?.now() ?? atMs));
    const cp = this.current.checkpoints.latestAtOrBefore(t);
    if (!cp) throw new Error(`no checkpoint at or before ${t} ms`);
    const w = this.restore(cp.snap);
    w.step(t - cp.atMs);
    return w;
  }

  /** Clamp a requested time to what can be shown. */
  clamp(atMs: number): number {
    return Math.max(this.startMs, Math.min(atMs, this.world?.now() ?? atMs));
  }

  /**
   * `past` (built by worldAt, at its now()) becomes the live world. The branch as it was, with its live
   * world `liveEnd`, is kept as another branch; the new branch holds what happened up to the fork.
   */
  fork(past: World): void {
    const atMs = past.now();
    const old = this.current;
    this.leave(old);
    const cps = old.checkpoints.upTo(atMs);
    this.current = {
      meta: { id: this.nextBranchId++, parent: old.meta.id, forkedAtMs: atMs, endMs: atMs, actions: 0 },
      record: old.record.upTo(atMs),
      checkpoints: new CheckpointList(cps),
    };
    this.current.meta.actions = this.current.record.entries.filter((e) => e.action).length;
    this.generation++;
    this.follow(past);
    this.checkpoint(false);
  }

  /** Put the branch being left among the others, its live world's state as its last checkpoint. */
  private leave(branch: Branch): void {
    const live = this.world!;
    if (branch.checkpoints.last?.atMs !== live.now() || !branch.checkpoints.last.user) {
      const snap = live.snapshot();
      this.pool.intern(snap, branch.meta.id);
      branch.checkpoints.add({ atMs: live.now(), user: true, snap, restBytes: restBytes(snap) });
    }
    branch.meta.endMs = live.now();
    this.others.unshift(branch);
    // The oldest branches are forgotten (others is newest first).
    if (this.others.length > MAX_BRANCHES - 1) this.others.length = MAX_BRANCHES - 1;
    // Old branches keep only their end: enough to switch back to.
    for (const b of this.others.slice(MAX_BRANCHES_WITH_DATA)) {
      const end = b.checkpoints.last!;
      b.checkpoints = new CheckpointList([end]);
      b.record = new BranchRecord();
    }
    this.pool.prune(this.allCheckpoints());
  }

  /** Switch to another branch: the current one is kept (with its live end); returns the branch's live world. */
  switchTo(branchId: number): World {
    const i = this.others.findIndex((b) => b.meta.id === branchId);
    if (i < 0) throw new Error(`no branch ${branchId}`);
    const [target] = this.others.splice(i, 1);
    this.leave(this.current);
    this.current = target;
    this.generation++;
    const world = this.restore(target.checkpoints.last!.snap);
    this.follow(world);
    return world;
  }

  /** The live world the timeline records (not a past one being shown). */
  get liveWorld(): World | undefined {
    return this.world;
  }

  status(viewingMs?: number): TimelineStatus {
    const entries = this.current.record.entries;
    const markers: TimelineStatus['markers'] = [];
    for (let i = entries.length - 1; i >= 0 && markers.length < MAX_MARKERS; i--) {
      const e = entries[i];
      if (e.action) markers.push({ atMs: e.atMs, seq: e.seq, verb: e.verb });
    }
    markers.reverse();
    const seen = new Set<Checkpoint>();
    let rest = 0;
    for (const cp of this.allCheckpoints()) {
      if (seen.has(cp)) continue;
      seen.add(cp);
      rest += cp.restBytes;
    }
    return {
      generation: this.generation,
      branchId: this.current.meta.id,
      branches: [this.current, ...this.others].map((b) => ({ ...b.meta })).sort((a, b) => a.id - b.id),
      startMs: this.startMs,
      liveMs: this.world?.now() ?? 0,
      ...(viewingMs !== undefined ? { viewingMs } : {}),
      markers,
      lastSeq: this.seq,
      checkpoints: { count: seen.size, approxBytes: rest + this.pool.bytes },
    };
  }

  /** Entries after `sinceSeq`, at most `max` (the newest). */
  entriesSince(sinceSeq: number, max = 5000): TimelineEntry[] {
    const entries = this.current.record.entries;
    let i = entries.length;
    while (i > 0 && entries[i - 1].seq > sinceSeq) i--;
    return entries.slice(Math.max(i, entries.length - max));
  }

  get currentGeneration(): number {
    return this.generation;
  }

  history(ref: ObjectRef): ObjectVersion[] {
    const h = this.current.record.history;
    // A namespaced ref without a namespace means `default`, as kubectl reads it.
    return [...(h.get(historyKey(ref.kind, ref.namespace, ref.name)) ?? (ref.namespace ? undefined : h.get(historyKey(ref.kind, 'default', ref.name))) ?? [])];
  }
}
