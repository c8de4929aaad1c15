// Rows of the Events panel as `kubectl get events` prints them: LAST SEEN, TYPE, REASON, OBJECT,
// MESSAGE. UPSTREAM: staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go (HumanDuration),
// pkg/printers/internalversion/printers.go (printEvent).
// SIMPLIFICATION: rows are ordered by last-seen time (oldest first, newest last) rather than
// unsorted; kubectl only sorts with --sort-by.

import type { EventView } from '../../worker/protocol';

/** apimachinery's duration.HumanDuration, the AGE / LAST SEEN format. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** The OBJECT column: `lowercase(kind)/name`. */
export function eventObject(e: EventView): string {
  return `${e.involved.kind.toLowerCase()}/${e.involved.name}`;
}

export interface EventRow {
  id: string;
  lastSeen: string;
  type: EventView['type'];
  reason: string;
  object: string;
  message: string;
  count: number;
  event: EventView;
}

/**
 * Rows for the table, newest last. `filter` matches, case-insensitively, any of the words typed
 * against type, reason, object, namespace, source and message (all words must match).
 */
export function eventRows(events: readonly EventView[], nowMs: number, filter: string): EventRow[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const rows: EventRow[] = [];
  for (const e of events) {
    const object = eventObject(e);
    if (words.length > 0) {
      const hay = `${e.type} ${e.reason} ${object} ${e.involved.namespace ?? ''} ${e.source} ${e.message}`.toLowerCase();
      if (!words.every((w) => hay.includes(w))) continue;
    }
    rows.push({
      id: e.id,
      lastSeen: humanDuration(nowMs - e.lastMs),
      type: e.type,
      reason: e.reason,
      object,
      message: e.message,
      count: e.count,
      event: e,
    });
  }
  // stable: events seen at the same instant keep the order the engine recorded them in
  return rows.sort((a, b) => a.event.lastMs - b.event.lastMs);
}

/** Events about one object, for the inspector. */
export function eventsFor(
  events: readonly EventView[],
  ref: { kind: string; namespace?: string; name: string },
): EventView[] {
  return events.filter(
    (e) =>
      e.involved.kind === ref.kind &&
      e.involved.name === ref.name &&
      (e.involved.namespace ?? '') === (ref.namespace ?? ''),
  );
}
