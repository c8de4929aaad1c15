// Pure helpers of the Timeline tab: merging polled entries, filtering them, and the scrubber's
// arithmetic. No React, no engine: tested in Node.

import type { TimelineEntry, TimelineEntryKind, TimelineStatus } from '../../worker/protocol';

/** Entries the UI keeps (the newest); the worker keeps more. */
export const MAX_UI_ENTRIES = 5000;

export const ENTRY_KINDS: readonly TimelineEntryKind[] = ['user', 'controller', 'scheduler', 'kubelet', 'packet', 'system', 'heartbeat'];
/** Heartbeats (Lease renewals, node status posts) are hidden until asked for. */
export const DEFAULT_KINDS: ReadonlySet<TimelineEntryKind> = new Set(ENTRY_KINDS.filter((k) => k !== 'heartbeat'));

export interface TimelineFilter {
  kinds: ReadonlySet<TimelineEntryKind>;
  /** '' = every writer */
  writer: string;
  /** '' = every namespace; '-' = cluster-scoped objects and actions without an object */
  namespace: string;
  text: string;
}

export const DEFAULT_FILTER: TimelineFilter = { kinds: DEFAULT_KINDS, writer: '', namespace: '', text: '' };

/** Append polled entries (or replace them when the worker's generation changed), keeping the newest. */
export function mergeEntries(held: readonly TimelineEntry[], incoming: readonly TimelineEntry[], replace: boolean): TimelineEntry[] {
  const base = replace ? [] : held;
  const last = base.length ? base[base.length - 1].seq : -1;
  const merged = base.concat(incoming.filter((e) => e.seq > last));
  return merged.length > MAX_UI_ENTRIES ? merged.slice(merged.length - MAX_UI_ENTRIES) : merged;
}

export function matches(e: TimelineEntry, f: TimelineFilter): boolean {
  if (!f.kinds.has(e.kind)) return false;
  if (f.writer && e.writer !== f.writer) return false;
  if (f.namespace === '-' && e.object?.namespace) return false;
  if (f.namespace && f.namespace !== '-' && e.object?.namespace !== f.namespace) return false;
  if (f.text) {
    const hay = `${e.object?.kind ?? ''}/${e.object?.name ?? ''} ${e.object?.namespace ?? ''} ${e.detail} ${e.verb} ${e.writer}`.toLowerCase();
    if (!hay.includes(f.text.toLowerCase())) return false;
  }
  return true;
}

/** The writers and namespaces seen, sorted, for the filter menus. */
export function facets(entries: readonly TimelineEntry[]): { writers: string[]; namespaces: string[] } {
  const writers = new Set<string>();
  const namespaces = new Set<string>();
  for (const e of entries) {
    writers.add(e.writer);
    if (e.object?.namespace) namespaces.add(e.object.namespace);
  }
  return { writers: [...writers].sort(), namespaces: [...namespaces].sort() };
}

/** Fraction (0..1) of `atMs` along the reachable range. */
export function fractionOf(status: Pick<TimelineStatus, 'startMs' | 'liveMs'>, atMs: number): number {
  const span = status.liveMs - status.startMs;
  if (span <= 0) return 1;
  return Math.min(1, Math.max(0, (atMs - status.startMs) / span));
}

/** One keyboard step on the scrubber: 1 s, 10 s with Shift (clamped to the range). */
export function nudge(status: Pick<TimelineStatus, 'startMs' | 'liveMs'>, atMs: number, key: string, shift: boolean): number | undefined {
  const step = shift ? 10_000 : 1_000;
  let t: number;
  if (key === 'ArrowLeft' || key === 'ArrowDown') t = atMs - step;
  else if (key === 'ArrowRight' || key === 'ArrowUp') t = atMs + step;
  else if (key === 'Home') t = status.startMs;
  else if (key === 'End') t = status.liveMs;
  else return undefined;
  return Math.min(status.liveMs, Math.max(status.startMs, t));
}

/** The object of an entry as kubectl names it: `deployment/web` (namespace apart). */
export function objectLabel(e: Pick<TimelineEntry, 'object'>): string {
  return e.object ? `${e.object.kind}/${e.object.name}` : '';
}
