// The taint eviction controller: deletes pods from nodes with NoExecute taints they do not tolerate,
// at once, or after the smallest tolerationSeconds of the tolerations that let them stay (300 s for
// not-ready/unreachable by the DefaultTolerationSeconds admission plugin).
// UPSTREAM: pkg/controller/tainteviction/taint_eviction.go (processPodOnNode, getMinTolerationTime,
//           addConditionAndDeletePod), pkg/apis/core/v1/helper/helpers.go (GetMatchingTolerations)
// SIMPLIFICATION: pods already being deleted are left alone (upstream re-queues them, which only
// repeats a no-op delete); scheduled evictions are plain data (pod key -> start and trigger time).

import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import { keyOf } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import { structuredCopy } from '../../apiserver/store';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { JsonValue } from '../../sim/clock';
import { toleratesTaint } from '../../scheduler/plugins/tainttoleration/taint-toleration';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';

type NodeObject = Node & KubeObject;
type PodObject = Pod & KubeObject;

interface ScheduledEviction {
  uid: string;
  /** when the eviction was first scheduled (simulated ms; upstream's CreatedAt) */
  createdMs: number;
  triggerMs: number;
}

const POD_RESOURCE = resourceForKind('Pod')!;

/**
 * GetMatchingTolerations: whether every taint is tolerated, and for each taint the first toleration
 * that tolerates it.
 */
export function getMatchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): { allTolerated: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = (tolerations ?? []).find((x) => toleratesTaint(x, taint));
    if (!t) return { allTolerated: false, used: [] };
    used.push(t);
  }
  return { allTolerated: true, used };
}

/** getMinTolerationTime in ms: the smallest tolerationSeconds (<= 0 means now), or -1 for "forever". */
export function getMinTolerationTimeMs(tolerations: readonly Toleration[]): number {
  let min = -1;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    const ms = Math.max(0, t.tolerationSeconds) * 1000;
    if (min < 0 || ms < min) min = ms;
  }
  return min;
}

export class TaintEvictionController implements Controller {
  readonly name = 'taint-eviction-controller';
  readonly queue: WorkQueue;
  private readonly evictions: Record<string, ScheduledEviction>;
  private nodes!: Informer<NodeObject>;
  private pods!: Informer<PodObject>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
    this.evictions = { ...((ctx.state as { evictions?: Record<string, ScheduledEviction> } | undefined)?.evictions ?? {}) };
  }

  start(informers: SharedInformerFactory): void {
    this.nodes = informers.informerFor<NodeObject>('nodes');
    this.pods = informers.informerFor<PodObject>('pods');
    const noExecute = (n: NodeObject) => JSON.stringify((n.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute'));
    // Node keys have no '/', pod keys do: one queue holds both.
    this.nodes.addEventHandler({
      add: (n) => this.queue.add(keyOf(n.metadata)),
      update: (o, n) => noExecute(o) !== noExecute(n) && this.queue.add(keyOf(n.metadata)),
    });
    this.pods.addEventHandler({
      add: (p) => p.spec?.nodeName && this.queue.add(keyOf(p.metadata)),
      update: (o, p) => (p.spec?.nodeName !== o.spec?.nodeName || JSON.stringify(p.spec?.tolerations) !== JSON.stringify(o.spec?.tolerations)) && this.queue.add(keyOf(p.metadata)),
      delete: (p) => this.queue.add(keyOf(p.metadata)),
    });
  }

  save(): JsonValue {
    return { evictions: structuredCopy(this.evictions) as unknown as JsonValue };
  }

  sync(key: ObjectKey): SyncResult {
    if (!key.includes('/')) {
      for (const p of this.pods.list()) if (p.spec?.nodeName === key) this.queue.add(keyOf(p.metadata));
      return DONE;
    }
    return this.processPodOnNode(key);
  }

  private processPodOnNode(key: string): SyncResult {
    const pod = this.pods.get(key);
    if (!pod || !pod.spec?.nodeName || pod.metadata.deletionTimestamp) {
      delete this.evictions[key];
      return DONE;
    }
    const scheduled = this.evictions[key]?.uid === pod.metadata.uid ? this.evictions[key] : undefined;
    const taints = (this.nodes.get(pod.spec.nodeName)?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
    if (taints.length === 0) {
      this.cancelWorkWithEvent(key, pod, scheduled);
      return DONE;
    }
    const now = this.ctx.now();
    const { allTolerated, used } = getMatchingTolerations(taints, pod.spec.tolerations);
    if (!allTolerated) return this.evict(key, pod);
    const minMs = getMinTolerationTimeMs(used);
    if (minMs < 0) {
      this.cancelWorkWithEvent(key, pod, scheduled);
      return DONE;
    }
    // An eviction already scheduled keeps its start: a repeated event does not postpone it.
    const createdMs = scheduled?.createdMs ?? now;
    const triggerMs = createdMs + minMs;
    this.evictions[key] = { uid: pod.metadata.uid ?? '', createdMs, triggerMs };
    if (now >= triggerMs) return this.evict(key, pod);
    return { kind: 'requeueAfter', delayMs: triggerMs - now };
  }

  private cancelWorkWithEvent(key: string, pod: PodObject, scheduled: ScheduledEviction | undefined): void {
    delete this.evictions[key];
    if (scheduled) this.ctx.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
  }

  /** addConditionAndDeletePod: a DisruptionTarget condition says why, then the pod is deleted (gracefully). */
  private evict(key: string, pod: PodObject): SyncResult {
    delete this.evictions[key];
    this.ctx.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    const fresh = this.ctx.client.get(POD_RESOURCE, pod.metadata.namespace, pod.metadata.name ?? '') as PodObject | undefined;
    const copy = structuredCopy(fresh ?? pod) as PodObject;
    const conditions = (copy.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
    conditions.push({
      type: 'DisruptionTarget', status: 'True', lastTransitionTime: this.ctx.timestamp(),
      reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint',
    });
    this.ctx.client.updateStatus({ ...copy, status: { ...copy.status, conditions } } as PodObject);
    const res = this.ctx.client.delete(POD_RESOURCE, pod.metadata.namespace, pod.metadata.name ?? '');
    if (!res.ok && res.status.reason !== 'NotFound') return { kind: 'retry', reason: res.status.message };
    return DONE;
  }
}
