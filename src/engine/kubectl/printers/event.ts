// `kubectl get events`: LAST SEEN TYPE REASON OBJECT MESSAGE; wide interleaves SUBOBJECT SOURCE
// (before MESSAGE) and FIRST SEEN COUNT NAME (after it), in column-definition order.
// UPSTREAM: pkg/printers/internalversion/printers.go (printEvent, formatEventSource)

import type { Event } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { translateTimestampSince } from '../duration';
import type { TableHandler } from './table';

/** `component, host`, falling back to reportingController / reportingInstance (events.k8s.io style). */
export function formatEventSource(event: Event): string {
  const component = event.source?.component || event.reportingComponent || '';
  const instance = event.source?.host || event.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

export const eventTable: TableHandler = {
  columns: [
    { name: 'Last Seen' },
    { name: 'Type' },
    { name: 'Reason' },
    { name: 'Object' },
    { name: 'Subobject', priority: 1 },
    { name: 'Source', priority: 1 },
    { name: 'Message' },
    { name: 'First Seen', priority: 1 },
    { name: 'Count', priority: 1 },
    { name: 'Name', priority: 1, format: 'name' },
  ],
  row(obj: KubeObject, nowMs: number): string[] {
    const event = obj as unknown as Event;
    let firstSeen = translateTimestampSince(event.firstTimestamp, nowMs);
    if (!event.firstTimestamp) firstSeen = translateTimestampSince(event.eventTime, nowMs);
    let lastSeen = event.lastTimestamp ? translateTimestampSince(event.lastTimestamp, nowMs) : firstSeen;
    let count = event.count ?? 0;
    if (event.series) {
      lastSeen = translateTimestampSince(event.series.lastObservedTime, nowMs);
      count = event.series.count ?? 0;
    } else if (count === 0) {
      count = 1; // singleton events of the events.k8s.io API carry no count
    }
    const involved = event.involvedObject;
    const kind = (involved?.kind ?? '').toLowerCase();
    const target = involved?.name ? `${kind}/${involved.name}` : kind;
    return [
      lastSeen,
      event.type ?? '',
      event.reason ?? '',
      target,
      involved?.fieldPath ?? '',
      formatEventSource(event),
      (event.message ?? '').trim(),
      firstSeen,
      String(count),
      obj.metadata.name ?? '',
    ];
  },
};
