// Pieces every describer shares: multi-line labels/annotations/taints/tolerations, RFC1123Z
// timestamps, the Events table and the owner line.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/describe/describe.go (printLabelsMultiline,
// printAnnotationsMultiline, printTaintsMultiline, printTolerationsMultiline, DescribeEvents)
// SIMPLIFICATION: times print in UTC (+0000), as a kubectl running in a UTC container would.

import type { Event, Taint, Toleration } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/meta';
import { parseTimestamp, translateTimestampSince } from '../../duration';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './tabwriter';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MAX_ANNOTATION_LEN = 140;
const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

/** Go's time.RFC1123Z (`Mon, 02 Jan 2006 15:04:05 -0700`); an unset time prints Go's zero time. */
export function formatRFC1123Z(timestamp: string | null | undefined): string {
  const ms = parseTimestamp(timestamp);
  if (ms === undefined) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** Byte-wise string order, as Go's sort.Strings. */
export function goCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `Labels:  a=b` then one `k=v` per line under the first value; `<none>` when empty. */
export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined | null, initialIndent = ''): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort(goCompare);
  if (keys.length === 0) {
    w.write(LEVEL_0, '<none>\n');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}\t`);
    w.write(LEVEL_0, `${key}=${labels![key]}\n`);
  });
}

/** `key: value` lines; long or multi-line values go below their key, cut at 138 chars + `...`. */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined | null): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {}).filter((k) => !SKIP_ANNOTATIONS.has(k)).sort(goCompare);
  if (keys.length === 0) {
    w.write(LEVEL_0, '<none>\n');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    const value = annotations![key].replace(/\n$/, '');
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `\t  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}...` : s;
}

/** Taint.ToString: `key=value:Effect`, `key:Effect`. */
export function taintString(t: Taint): string {
  let s = t.key;
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  return s;
}

/** Taints sorted by effect then key, one per line. */
export function printTaintsMultiline(w: PrefixWriter, title: string, taints: readonly Taint[] | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!taints || taints.length === 0) {
    w.write(LEVEL_0, '<none>\n');
    return;
  }
  const sorted = [...taints].sort((a, b) => goCompare(`${a.effect},${a.key}`, `${b.effect},${b.key}`));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

/** `key[=value][:Effect][ op=Exists][ for Ns]`, sorted by key (stable, as sort.Slice is for short lists). */
export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: readonly Toleration[] | undefined, initialIndent = ''): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  if (!tolerations || tolerations.length === 0) {
    w.write(LEVEL_0, '<none>\n');
    return;
  }
  const sorted = [...tolerations].sort((a, b) => goCompare(a.key ?? '', b.key ?? ''));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}\t`);
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

/** `ReplicaSet/web-5d8f7b9c6d` for the controlling owner, or '' when there is none. */
export function printController(obj: KubeObject): string {
  const owner = obj.metadata.ownerReferences?.find((r) => r.controller);
  return owner ? `${owner.kind}/${owner.name}` : '';
}

/**
 * The Events an object's describe shows: those whose involvedObject names it (kind, name,
 * namespace and, when both carry one, uid), oldest last-seen first. The input order breaks ties
 * (kubectl's insertion sort is stable over the API's name order, and event names grow with time).
 */
export function eventsFor(obj: KubeObject, events: readonly KubeObject[]): Event[] {
  const uid = obj.metadata.uid;
  const matching = (events as unknown as Event[]).filter((e) => {
    const io = e.involvedObject;
    if (!io || io.kind !== obj.kind || io.name !== obj.metadata.name) return false;
    if (obj.metadata.namespace && io.namespace !== obj.metadata.namespace) return false;
    return !uid || !io.uid || io.uid === uid;
  });
  const byName = [...matching].sort((a, b) => goCompare(a.metadata?.name ?? '', b.metadata?.name ?? ''));
  const last = (e: Event) => parseTimestamp(e.lastTimestamp ?? undefined) ?? parseTimestamp(e.eventTime ?? undefined) ?? 0;
  return byName.map((e, i) => ({ e, i })).sort((a, b) => last(a.e) - last(b.e) || a.i - b.i).map((x) => x.e);
}

/**
 * The Events section: `Events:  <none>`, or a Type/Reason/Age/From/Message table. Age is the first
 * time seen, or `<last> (x<count> over <first>)` for repeated events. kubectl >= 1.35 puts the
 * event's fieldPath (`spec.containers{nginx}: `) in front of its message.
 */
export function describeEvents(w: PrefixWriter, events: readonly Event[], nowMs: number): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of events) {
    const firstSeen = e.eventTime ? translateTimestampSince(e.eventTime, nowMs) : translateTimestampSince(e.firstTimestamp, nowMs);
    let interval = firstSeen;
    if (e.series) interval = `${translateTimestampSince(e.series.lastObservedTime, nowMs)} (x${e.series.count ?? 0} over ${firstSeen})`;
    else if ((e.count ?? 0) > 1) interval = `${translateTimestampSince(e.lastTimestamp, nowMs)} (x${e.count} over ${firstSeen})`;
    const source = e.source?.component || e.reportingComponent || '';
    let message = (e.message ?? '').trim();
    if (e.involvedObject?.fieldPath) message = `${e.involvedObject.fieldPath}: ${message}`;
    w.write(LEVEL_1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${message}\n`);
  }
}
