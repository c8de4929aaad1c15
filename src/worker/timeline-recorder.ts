// What the timeline records of one branch: an entry per store write (who, what verb, which object,
// which fields) and per user action, and every object's recent versions with their field diffs.
// Plain data; the Timeline (timeline.ts) decides what is recorded and when a branch is cut.

import type { WatchRecord } from '../engine/index';
import type { ObjectVersion, TimelineEntry, TimelineEntryKind } from './protocol';
import { diffObjects, summarizeChanges } from './timeline-diff';

/** Entries kept per branch; older ones are dropped in chunks. */
export const MAX_ENTRIES = 20_000;
/** Versions kept per object, and objects with a history (least recently changed dropped first). */
export const MAX_VERSIONS = 50;
export const MAX_OBJECTS = 2_000;

/** The history key of an object: `Kind:namespace/name` (cluster-scoped: `Kind:/name`). */
export function historyKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}:${namespace ?? ''}/${name}`;
}

/** Which filter an API write falls under, by its writer (and heartbeats by what they touch). */
export function entryKind(rec: Pick<WatchRecord, 'writer' | 'object'>, onlyHeartbeat: boolean): TimelineEntryKind {
  if (rec.object.kind === 'Lease' || onlyHeartbeat) return 'heartbeat';
  const w = rec.writer;
  if (w === 'kubectl') return 'user';
  if (w === 'kube-scheduler') return 'scheduler';
  if (w.startsWith('kubelet/')) return 'kubelet';
  if (w === 'kube-apiserver') return 'system';
  return 'controller';
}

export class BranchRecord {
  entries: TimelineEntry[];
  /** historyKey -> versions, oldest first; Map order = least recently changed first */
  history: Map<string, ObjectVersion[]>;

  constructor(entries: TimelineEntry[] = [], history = new Map<string, ObjectVersion[]>()) {
    this.entries = entries;
    this.history = history;
  }

  push(entry: TimelineEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES + 1000) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  /** Record one store write as an entry and a version of its object. */
  recordWrite(rec: WatchRecord, atMs: number, seq: number): TimelineEntry {
    const meta = rec.object.metadata ?? {};
    const { changes, truncated } = rec.type === 'MODIFIED' ? diffObjects(rec.oldObject, rec.object) : { changes: [], truncated: false };
    // A node's status post that only renews heartbeat times is noise next to real transitions.
    const heartbeat = rec.object.kind === 'Node' && changes.length > 0 && changes.every((c) => /(lastHeartbeatTime|renewTime)$/.test(c.path));
    let detail = summarizeChanges(changes);
    if (rec.object.kind === 'Event') {
      const ev = rec.object as unknown as { reason?: string; message?: string; count?: number };
      detail = `${ev.reason ?? ''}: ${ev.message ?? ''}${(ev.count ?? 1) > 1 ? ` (x${ev.count})` : ''}`;
    } else if (rec.type === 'ADDED' && rec.object.kind === 'Pod') {
      const node = (rec.object as { spec?: { nodeName?: string } }).spec?.nodeName;
      detail = node ? `spec.nodeName=${node}` : '';
    }
    const entry: TimelineEntry = {
      seq,
      atMs,
      kind: entryKind(rec, heartbeat),
      writer: rec.writer,
      verb: rec.verb,
      object: { kind: rec.object.kind, ...(meta.namespace ? { namespace: meta.namespace } : {}), name: meta.name ?? '' },
      rv: rec.rv,
      detail,
    };
    this.push(entry);
    if (rec.object.kind !== 'Event') {
      const key = historyKey(rec.object.kind, meta.namespace, meta.name ?? '');
      const versions = this.history.get(key) ?? [];
      this.history.delete(key);
      versions.push({ rv: rec.rv, atMs, writer: rec.writer, verb: rec.verb, seq, changes, ...(truncated ? { truncated } : {}) });
      if (versions.length > MAX_VERSIONS) versions.splice(0, versions.length - MAX_VERSIONS);
      this.history.set(key, versions);
      if (this.history.size > MAX_OBJECTS) this.history.delete(this.history.keys().next().value!);
    }
    return entry;
  }

  /** A copy holding only what happened at or before `atMs` (a branch forked there). */
  upTo(atMs: number): BranchRecord {
    const entries = this.entries.filter((e) => e.atMs <= atMs);
    const history = new Map<string, ObjectVersion[]>();
    for (const [k, versions] of this.history) {
      const kept = versions.filter((v) => v.atMs <= atMs);
      if (kept.length) history.set(k, kept);
    }
    return new BranchRecord(entries, history);
  }

  /** Forget entries before `atMs` (no checkpoint reaches them any more). */
  dropBefore(atMs: number): void {
    const i = this.entries.findIndex((e) => e.atMs >= atMs);
    if (i > 0) this.entries.splice(0, i);
    else if (i < 0) this.entries.length = 0;
  }
}
