// Derived indexes over the UI's views, maintained incrementally per delta. Every list is sorted by
// view id, so an incremental update and a full rebuild give identical values (the store test checks
// exactly that). Untouched lists keep their identity, so a selector on one node's pods only fires
// when that node's pods change.

import type { EndpointView, ObjectView } from '../../worker/protocol';
import { viewId } from '../../worker/protocol';

/** Pods that no node has been chosen for yet live under this key in `podIdsByNode`. */
export const UNSCHEDULED = '';

export interface ClusterIndexes {
  /** Node view ids */
  nodeIds: readonly string[];
  /** node name -> Pod view ids bound to it; UNSCHEDULED ('') for pods without spec.nodeName */
  podIdsByNode: ReadonlyMap<string, readonly string[]>;
  serviceIds: readonly string[];
  /** Service view id -> its endpoints (from the EndpointSlices) */
  endpointsByService: ReadonlyMap<string, readonly EndpointView[]>;
  deploymentIds: readonly string[];
  replicaSetIds: readonly string[];
  /** Deployment view id -> ReplicaSet view ids it controls */
  replicaSetIdsByDeployment: ReadonlyMap<string, readonly string[]>;
  daemonSetIds: readonly string[];
  statefulSetIds: readonly string[];
}

export const EMPTY_INDEXES: ClusterIndexes = {
  nodeIds: [],
  podIdsByNode: new Map(),
  serviceIds: [],
  endpointsByService: new Map(),
  deploymentIds: [],
  replicaSetIds: [],
  replicaSetIdsByDeployment: new Map(),
  daemonSetIds: [],
  statefulSetIds: [],
};

function lowerBound(list: readonly string[], id: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function withId(list: readonly string[], id: string): readonly string[] {
  const i = lowerBound(list, id);
  if (list[i] === id) return list;
  return [...list.slice(0, i), id, ...list.slice(i)];
}

function withoutId(list: readonly string[], id: string): readonly string[] {
  const i = lowerBound(list, id);
  if (list[i] !== id) return list;
  return [...list.slice(0, i), ...list.slice(i + 1)];
}

/** Which bucket of a map-of-lists index a view falls into, or undefined if none. */
type Bucketer = (v: ObjectView) => string | undefined;

const podBucket: Bucketer = (v) => (v.kind === 'Pod' ? (v.nodeName ?? UNSCHEDULED) : undefined);
const rsBucket: Bucketer = (v) =>
  v.kind === 'ReplicaSet' && v.owner?.kind === 'Deployment' ? viewId('Deployment', `${v.namespace}/${v.owner.name}`) : undefined;

class ListMapDraft {
  private draft: Map<string, readonly string[]> | null = null;
  constructor(private readonly base: ReadonlyMap<string, readonly string[]>) {}

  private map(): Map<string, readonly string[]> {
    return (this.draft ??= new Map(this.base));
  }

  move(id: string, from: string | undefined, to: string | undefined): void {
    if (from === to) return;
    if (from !== undefined) {
      const list = withoutId(this.map().get(from) ?? [], id);
      if (list.length === 0) this.map().delete(from);
      else this.map().set(from, list);
    }
    if (to !== undefined) this.map().set(to, withId(this.map().get(to) ?? [], id));
  }

  result(): ReadonlyMap<string, readonly string[]> {
    return this.draft ?? this.base;
  }
}

/**
 * Update `prev` for the views whose ids are in `touched`, given the view maps before and after.
 * Contract: `prev` must be the indexes of `before`; the result equals buildIndexes(after).
 */
export function updateIndexes(
  prev: ClusterIndexes,
  before: ReadonlyMap<string, ObjectView>,
  after: ReadonlyMap<string, ObjectView>,
  touched: Iterable<string>,
): ClusterIndexes {
  let { nodeIds, serviceIds, deploymentIds, replicaSetIds, daemonSetIds, statefulSetIds } = prev;
  const pods = new ListMapDraft(prev.podIdsByNode);
  const rsByDeployment = new ListMapDraft(prev.replicaSetIdsByDeployment);
  let endpoints: Map<string, readonly EndpointView[]> | null = null;

  for (const id of touched) {
    const old = before.get(id);
    const cur = after.get(id);
    const kind = (cur ?? old)?.kind;
    switch (kind) {
      case 'Node':
        nodeIds = cur ? withId(nodeIds, id) : withoutId(nodeIds, id);
        break;
      case 'Pod':
        pods.move(id, old && podBucket(old), cur && podBucket(cur));
        break;
      case 'Service':
        serviceIds = cur ? withId(serviceIds, id) : withoutId(serviceIds, id);
        endpoints ??= new Map(prev.endpointsByService);
        if (cur?.kind === 'Service') endpoints.set(id, cur.endpoints);
        else endpoints.delete(id);
        break;
      case 'Deployment':
        deploymentIds = cur ? withId(deploymentIds, id) : withoutId(deploymentIds, id);
        break;
      case 'ReplicaSet':
        replicaSetIds = cur ? withId(replicaSetIds, id) : withoutId(replicaSetIds, id);
        rsByDeployment.move(id, old && rsBucket(old), cur && rsBucket(cur));
        break;
      case 'DaemonSet':
        daemonSetIds = cur ? withId(daemonSetIds, id) : withoutId(daemonSetIds, id);
        break;
      case 'StatefulSet':
        statefulSetIds = cur ? withId(statefulSetIds, id) : withoutId(statefulSetIds, id);
        break;
      case undefined:
        break;
    }
  }
  return {
    nodeIds,
    podIdsByNode: pods.result(),
    serviceIds,
    endpointsByService: endpoints ?? prev.endpointsByService,
    deploymentIds,
    replicaSetIds,
    replicaSetIdsByDeployment: rsByDeployment.result(),
    daemonSetIds,
    statefulSetIds,
  };
}

/** The indexes computed from scratch (used for snapshots, and as the tests' oracle). */
export function buildIndexes(objects: ReadonlyMap<string, ObjectView>): ClusterIndexes {
  const ids = [...objects.keys()].sort();
  const nodeIds: string[] = [];
  const serviceIds: string[] = [];
  const deploymentIds: string[] = [];
  const replicaSetIds: string[] = [];
  const daemonSetIds: string[] = [];
  const statefulSetIds: string[] = [];
  const podIdsByNode = new Map<string, string[]>();
  const replicaSetIdsByDeployment = new Map<string, string[]>();
  const endpointsByService = new Map<string, readonly EndpointView[]>();
  const push = (m: Map<string, string[]>, k: string, id: string) => {
    const list = m.get(k);
    if (list) list.push(id);
    else m.set(k, [id]);
  };
  for (const id of ids) {
    const v = objects.get(id) as ObjectView;
    switch (v.kind) {
      case 'Node':
        nodeIds.push(id);
        break;
      case 'Pod':
        push(podIdsByNode, v.nodeName ?? UNSCHEDULED, id);
        break;
      case 'Service':
        serviceIds.push(id);
        endpointsByService.set(id, v.endpoints);
        break;
      case 'Deployment':
        deploymentIds.push(id);
        break;
      case 'ReplicaSet': {
        replicaSetIds.push(id);
        const owner = rsBucket(v);
        if (owner !== undefined) push(replicaSetIdsByDeployment, owner, id);
        break;
      }
      case 'DaemonSet':
        daemonSetIds.push(id);
        break;
      case 'StatefulSet':
        statefulSetIds.push(id);
        break;
    }
  }
  return { nodeIds, podIdsByNode, serviceIds, endpointsByService, deploymentIds, replicaSetIds, replicaSetIdsByDeployment, daemonSetIds, statefulSetIds };
}
