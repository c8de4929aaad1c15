// The event recorder: components record what they did as core/v1 Events, aggregated by
// (object, type, reason, message, source) into one Event with a count, as the EventCorrelator does.
// UPSTREAM: staging/src/k8s.io/client-go/tools/record/{event.go,events_cache.go}
// SIMPLIFICATION: no rate limiting (spam filter) and no similar-message aggregation
// ("(combined from similar events)"); identical events within 10 minutes increment the count.

import type { KubeObject } from '../api/meta';
import type { Client } from './clientset';
import type { ApiServer } from '../apiserver/apiserver';
import { resourceForKind } from '../api/resources';

export type EventType = 'Normal' | 'Warning';

const AGGREGATE_WINDOW_MS = 10 * 60 * 1000;

export interface CoreEvent extends KubeObject {
  involvedObject: { kind: string; namespace?: string; name: string; uid?: string; apiVersion?: string; resourceVersion?: string; fieldPath?: string };
  reason: string;
  message: string;
  source: { component: string; host?: string };
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
  type: EventType;
  eventTime: null;
  reportingComponent: string;
  reportingInstance: string;
}

export class EventRecorder {
  constructor(
    private readonly client: Client,
    private readonly api: ApiServer,
    private readonly now: () => number,
    private readonly epochMs: number,
    /** events.source.component, e.g. 'default-scheduler', 'kubelet', 'replicaset-controller' */
    private readonly component: string,
    private readonly cache: EventCache,
    private readonly host?: string,
  ) {}

  event(obj: KubeObject, type: EventType, reason: string, message: string, fieldPath?: string): void {
    const ns = obj.metadata.namespace ?? 'default';
    const involved = {
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name ?? '',
      uid: obj.metadata.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: obj.metadata.resourceVersion,
      ...(fieldPath ? { fieldPath } : {}),
    };
    if (!involved.namespace) delete involved.namespace;
    const eventsResource = resourceForKind('Event')!;
    const stamp = this.client.timestamp();
    // Aggregate with an identical recent event (the cache maps the aggregate key to the Event's key;
    // it is derived from stored Events, so it is rebuilt rather than saved).
    const aggKey = aggregateKey(involved, type, reason, message, this.component, this.host);
    const existingKey = this.cache.get(aggKey);
    const existing = existingKey ? (this.api.get(eventsResource, ns, existingKey.slice(ns.length + 1)) as CoreEvent | undefined) : undefined;
    if (existing && this.epochMs + this.now() - Date.parse(existing.lastTimestamp) <= AGGREGATE_WINDOW_MS) {
      this.client.update({ ...existing, count: existing.count + 1, lastTimestamp: stamp });
      return;
    }
    // Name: <object>.<hex of the event time in ns>, as the recorder names them.
    let nanos = BigInt(Math.floor(this.epochMs + this.now())) * 1_000_000n;
    let name = `${involved.name}.${nanos.toString(16)}`;
    while (this.api.get(eventsResource, ns, name)) {
      nanos += 1n;
      name = `${involved.name}.${nanos.toString(16)}`;
    }
    const event: CoreEvent = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: involved,
      reason,
      message,
      source: this.host ? { component: this.component, host: this.host } : { component: this.component },
      firstTimestamp: stamp,
      lastTimestamp: stamp,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: this.component,
      reportingInstance: this.host ?? '',
    };
    const created = this.client.create(event);
    if (created.ok) this.cache.set(aggKey, `${ns}/${name}`);
  }
}

/** Maps an event's aggregate key to the `namespace/name` of the Event that counts it. */
export type EventCache = Map<string, string>;

function aggregateKey(
  involved: { kind: string; namespace?: string; name: string; uid?: string; fieldPath?: string },
  type: string, reason: string, message: string, component: string, host?: string,
): string {
  return [involved.kind, involved.namespace ?? '', involved.name, involved.uid ?? '', involved.fieldPath ?? '', type, reason, message, component, host ?? ''].join('\u0000');
}

/** Rebuild the aggregation cache from stored Events (after restoring a snapshot). */
export function rebuildEventCache(events: readonly CoreEvent[]): EventCache {
  const cache: EventCache = new Map();
  for (const ev of events) {
    const key = aggregateKey(ev.involvedObject, ev.type, ev.reason, ev.message, ev.source.component, ev.source.host);
    cache.set(key, `${ev.metadata.namespace}/${ev.metadata.name}`);
  }
  return cache;
}
