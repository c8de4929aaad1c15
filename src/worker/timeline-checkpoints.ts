// Checkpoints for time travel: World snapshots taken right after each user action and every
// CHECKPOINT_INTERVAL_MS of simulated time. Between two checkpoints only the clock moved, so any
// instant can be rebuilt by restoring the latest checkpoint before it and stepping (the engine is
// deterministic). Store objects that did not change between checkpoints are shared (interned by
// branch, key and resourceVersion), so a checkpoint costs its changed objects plus ~10-20 KB of
// controller, queue and kubelet state rather than a whole copy of the store.

import type { KubeObject, WorldSnapshot } from '../engine/index';

/** A periodic checkpoint at most this often (simulated ms). */
export const CHECKPOINT_INTERVAL_MS = 15_000;
/** Checkpoints kept per branch; over it, periodic ones are thinned where they are densest, then the oldest go. */
export const MAX_CHECKPOINTS = 200;

export interface Checkpoint {
  atMs: number;
  /** taken right after a user action (never thinned: replay may not cross a user action) */
  user: boolean;
  snap: WorldSnapshot;
  /** JSON size of everything but the store's objects */
  restBytes: number;
}

interface Pooled {
  obj: KubeObject;
  bytes: number;
}

/**
 * Shares identical store objects between checkpoints. Within one branch, (resource, key,
 * resourceVersion) names one content; a fork reuses resourceVersions with other contents, so the
 * branch's id is part of the name.
 */
export class ObjectPool {
  private pool = new Map<string, Pooled>();

  /** Replace the snapshot's store objects by shared ones (the snapshot is ours: World.snapshot copies). */
  intern(snap: WorldSnapshot, branchId: number): void {
    for (const [resource, objs] of Object.entries(snap.store.objects)) {
      for (let i = 0; i < objs.length; i++) {
        const o = objs[i];
        const id = `${branchId}|${resource}|${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}@${o.metadata?.resourceVersion ?? ''}`;
        const held = this.pool.get(id);
        if (held) objs[i] = held.obj;
        else this.pool.set(id, { obj: o, bytes: JSON.stringify(o).length });
      }
    }
  }

  /** Forget objects no kept checkpoint uses. */
  prune(kept: Iterable<Checkpoint>): void {
    const used = new Set<KubeObject>();
    for (const cp of kept) for (const objs of Object.values(cp.snap.store.objects)) for (const o of objs) used.add(o);
    for (const [id, p] of this.pool) if (!used.has(p.obj)) this.pool.delete(id);
  }

  get bytes(): number {
    let n = 0;
    for (const p of this.pool.values()) n += p.bytes;
    return n;
  }

  get size(): number {
    return this.pool.size;
  }
}

/** JSON size of a snapshot without its store objects. */
export function restBytes(snap: WorldSnapshot): number {
  return JSON.stringify({ ...snap, store: { ...snap.store, objects: {} } }).length;
}

/** One branch's checkpoints, in time order. */
export class CheckpointList {
  private list: Checkpoint[] = [];

  constructor(initial: Checkpoint[] = []) {
    this.list = [...initial];
  }

  get all(): readonly Checkpoint[] {
    return this.list;
  }

  get last(): Checkpoint | undefined {
    return this.list[this.list.length - 1];
  }

  get first(): Checkpoint | undefined {
    return this.list[0];
  }

  /** Append (time never goes back within a branch); returns whether any checkpoint was dropped. */
  add(cp: Checkpoint, max = MAX_CHECKPOINTS): boolean {
    this.list.push(cp);
    let dropped = false;
    while (this.list.length > max) {
      this.thin();
      dropped = true;
    }
    return dropped;
  }

  /**
   * Drop one checkpoint: the periodic one whose neighbours are closest together (replay from the one
   * before it stays short), else the oldest. The newest is always kept.
   */
  private thin(): void {
    let best = -1;
    let bestGap = Infinity;
    for (let i = 1; i < this.list.length - 1; i++) {
      if (this.list[i].user) continue;
      const gap = this.list[i + 1].atMs - this.list[i - 1].atMs;
      if (gap < bestGap) {
        bestGap = gap;
        best = i;
      }
    }
    this.list.splice(best >= 0 ? best : 0, 1);
  }

  /** The latest checkpoint at or before `atMs` (the last of several at the same time). */
  latestAtOrBefore(atMs: number): Checkpoint | undefined {
    let lo = 0;
    let hi = this.list.length - 1;
    let found: Checkpoint | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.list[mid].atMs <= atMs) {
        found = this.list[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** The checkpoints up to `atMs`, for a branch forked there. */
  upTo(atMs: number): Checkpoint[] {
    return this.list.filter((c) => c.atMs <= atMs);
  }
}
