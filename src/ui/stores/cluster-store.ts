// The UI's picture of the cluster: views keyed by view id, plus derived indexes, events and the
// clock. Only the bridge writes it (applySnapshot/applyDelta); components read it through narrow
// selectors. Each delta replaces the `objects` Map once and only the index lists it touched.

import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { AttemptSummary, ClockState, ClusterSettings, CustomKindInfo, EventView, ExtraChange, ExtraView, MetricsView, ObjectView, SchedulingQueueView, ViewChange, WorkerMessage } from '../../worker/protocol';
import { applyMetricsDelta, EMPTY_METRICS, extraId, viewId } from '../../worker/protocol';
import { buildIndexes, EMPTY_INDEXES, updateIndexes, type ClusterIndexes } from './cluster-indexes';

export { UNSCHEDULED } from './cluster-indexes';

/** The events panel shows the latest ones; older events stay in the engine (kubectl get events). */
export const MAX_EVENTS = 500;
/** The scheduler panel lists the latest attempts; details are fetched by id while the engine keeps them. */
export const MAX_ATTEMPTS = 200;

export interface ClusterState extends ClusterIndexes {
  objects: ReadonlyMap<string, ObjectView>;
  events: readonly EventView[];
  clock: ClockState;
  settings: ClusterSettings | null;
  /** the scheduler's latest attempts, oldest first */
  attempts: readonly AttemptSummary[];
  /** the pending pods and the scheduling queue holding each */
  schedulingQueue: SchedulingQueueView;
  /** the loads on workloads and the pods' usage at the last metrics scrape */
  metrics: MetricsView;
  /** PVCs, PVs, VolumeAttachments and custom objects, keyed by extraId (the storage and custom-resource lanes) */
  extras: ReadonlyMap<string, ExtraView>;
  /** the kinds established CRDs serve (the editor's schema, kubectl edit) */
  customKinds: readonly CustomKindInfo[];
  /** true once the worker's first snapshot arrived */
  connected: boolean;
  /** set when the engine threw outside a command; the UI shows it and stays usable */
  fault?: string;
}

const initialState: ClusterState = {
  ...EMPTY_INDEXES,
  objects: new Map(),
  events: [],
  clock: { simTimeMs: 0, running: false, speed: 1 },
  settings: null,
  attempts: [],
  schedulingQueue: { pods: [], total: 0 },
  metrics: EMPTY_METRICS,
  extras: new Map(),
  customKinds: [],
  connected: false,
};

export const clusterStore = createStore<ClusterState>()(() => initialState);

/** Read the cluster store with a selector; never select the whole state. */
export function useClusterStore<T>(selector: (s: ClusterState) => T): T {
  return useStore(clusterStore, selector);
}

type ReadyMessage = Extract<WorkerMessage, { kind: 'ready' }>;
type DeltaMessage = Extract<WorkerMessage, { kind: 'delta' }>;

function changeId(c: ViewChange): string {
  return c.type === 'upsert' ? viewId(c.view.kind, c.view.key) : viewId(c.kind, c.key);
}

/** Whether resourceVersion `a` is strictly older than `b` (both decimal strings from one store). */
function isOlder(a: string, b: string): boolean {
  const x = Number(a);
  const y = Number(b);
  return Number.isFinite(x) && Number.isFinite(y) && x < y;
}

function mergeEvents(prev: readonly EventView[], incoming: readonly EventView[]): readonly EventView[] {
  if (incoming.length === 0) return prev;
  const ids = new Set(incoming.map((e) => e.id));
  const merged = prev.filter((e) => !ids.has(e.id)).concat(incoming);
  return merged.length > MAX_EVENTS ? merged.slice(merged.length - MAX_EVENTS) : merged;
}

function mergeAttempts(prev: readonly AttemptSummary[], incoming: readonly AttemptSummary[] | undefined): readonly AttemptSummary[] {
  if (!incoming || incoming.length === 0) return prev;
  const merged = prev.concat(incoming);
  return merged.length > MAX_ATTEMPTS ? merged.slice(merged.length - MAX_ATTEMPTS) : merged;
}

/** Replace everything with the worker's snapshot (first start, reset, or after a seq gap). */
export function applySnapshot(msg: ReadyMessage): void {
  const objects = new Map<string, ObjectView>();
  for (const v of msg.snapshot.views) objects.set(viewId(v.kind, v.key), v);
  clusterStore.setState({
    ...buildIndexes(objects),
    objects,
    events: msg.snapshot.events.slice(-MAX_EVENTS),
    clock: msg.snapshot.clock,
    settings: msg.snapshot.settings,
    attempts: msg.snapshot.scheduler.attempts.slice(-MAX_ATTEMPTS),
    schedulingQueue: msg.snapshot.scheduler.queue,
    metrics: msg.snapshot.metrics ?? EMPTY_METRICS,
    extras: new Map((msg.snapshot.extras ?? []).map((v) => [extraId(v), v])),
    customKinds: msg.snapshot.customKinds ?? [],
    connected: true,
    fault: undefined,
  });
}

/** The pure part of applyDelta: next state from state and message. */
export function reduceDelta(state: ClusterState, msg: DeltaMessage): ClusterState {
  let objects = state.objects;
  const touched = new Set<string>();
  if (msg.changes.length > 0) {
    const next = new Map(state.objects);
    for (const c of msg.changes) {
      const id = changeId(c);
      const held = next.get(id);
      // Drop a change older than what we hold (STYLE.md §4); equal rvs are re-derived views
      // (a Node whose pods changed keeps its own rv) and must apply.
      if (held && isOlder(c.type === 'upsert' ? c.view.rv : c.rv, held.rv)) continue;
      if (c.type === 'upsert') next.set(id, c.view);
      else if (!next.delete(id)) continue;
      touched.add(id);
    }
    objects = next;
  }
  const indexes = touched.size > 0 ? updateIndexes(state, state.objects, objects, touched) : state;
  return {
    ...state,
    nodeIds: indexes.nodeIds,
    podIdsByNode: indexes.podIdsByNode,
    serviceIds: indexes.serviceIds,
    endpointsByService: indexes.endpointsByService,
    deploymentIds: indexes.deploymentIds,
    replicaSetIds: indexes.replicaSetIds,
    replicaSetIdsByDeployment: indexes.replicaSetIdsByDeployment,
    daemonSetIds: indexes.daemonSetIds,
    statefulSetIds: indexes.statefulSetIds,
    objects: touched.size > 0 ? objects : state.objects,
    events: mergeEvents(state.events, msg.events),
    attempts: mergeAttempts(state.attempts, msg.scheduler?.attempts),
    schedulingQueue: msg.scheduler?.queue ?? state.schedulingQueue,
    metrics: applyMetricsDelta(state.metrics, msg.metrics),
    extras: applyExtraChanges(state.extras, msg.extras),
    customKinds: msg.customKinds ?? state.customKinds,
    clock: msg.clock,
  };
}

/** The extras after a delta's changes; the same Map when there are none. */
export function applyExtraChanges(prev: ReadonlyMap<string, ExtraView>, changes: readonly ExtraChange[] | undefined): ReadonlyMap<string, ExtraView> {
  if (!changes || changes.length === 0) return prev;
  const next = new Map(prev);
  for (const c of changes) {
    if (c.type === 'upsert') next.set(extraId(c.view), c.view);
    else next.delete(c.id);
  }
  return next;
}

export function applyDelta(msg: DeltaMessage): void {
  clusterStore.setState(reduceDelta(clusterStore.getState(), msg), true);
}

export function setFault(message: string | undefined): void {
  clusterStore.setState({ fault: message });
}
