// The pod garbage collector (PodGC): every 20 s it force-deletes pods nobody else will clean up.
//  - gcTerminated: terminated pods (Succeeded/Failed) beyond --terminated-pod-gc-threshold (12500),
//    oldest first;
//  - gcTerminating: terminating pods on a NotReady node tainted node.kubernetes.io/out-of-service;
//  - gcOrphaned: pods bound to a node that no longer exists, once the node has stayed missing for the
//    40 s quarantine: marked Failed with DisruptionTarget (DeletionByPodGC), then deleted with grace 0;
//  - gcUnscheduledTerminating: terminating pods that were never scheduled.
// A pod it deletes that a controller owns is replaced by that controller; a bare pod is simply gone.
// UPSTREAM: pkg/controller/podgc/gc_controller.go (gc, gcTerminated, gcTerminating, gcOrphaned,
// discoverDeletedNodes, gcUnscheduledTerminating, markFailedAndDeletePodWithCondition)
// SIMPLIFICATION: the quarantine is a map of node name -> due time kept in the controller's state (upstream:
// a delaying queue); the "is the node really gone?" GET reads the API server directly, as upstream does.

import type { Node, Pod, PodCondition } from 'kubernetes-types/core/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import { structuredCopy } from '../../apiserver/store';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { JsonValue } from '../../sim/clock';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';

type PodObject = Pod & KubeObject;
type NodeObject = Node & KubeObject;

/** gcCheckPeriod: how often the main loop runs. */
export const GC_CHECK_PERIOD_MS = 20_000;
/** quarantineTime: how long a missing node must stay missing before its pods are deleted. */
export const QUARANTINE_TIME_MS = 40_000;
/** kube-controller-manager --terminated-pod-gc-threshold default. */
export const TERMINATED_POD_GC_THRESHOLD = 12_500;
/** The taint that tells PodGC a NotReady node's terminating pods may go (non-graceful node shutdown). */
export const OUT_OF_SERVICE_TAINT = 'node.kubernetes.io/out-of-service';

export const DELETION_BY_POD_GC = 'DeletionByPodGC';
export const NODE_NO_LONGER_EXISTS = 'PodGC: node no longer exists';

const GC_KEY = '@gc';
const POD_RESOURCE = resourceForKind('Pod')!;
const NODE_RESOURCE = resourceForKind('Node')!;

interface PodGCState {
  /** when the next gc pass is due (guards the periodic chain on a restored world) */
  nextGcMs: number;
  /** node name -> when its quarantine ends (nodeQueue.AddAfter(name, quarantineTime)) */
  quarantine: Record<string, number>;
}

export interface PodGCOptions {
  terminatedPodThreshold?: number;
}

export class PodGCController implements Controller {
  readonly name = 'pod-garbage-collector';
  readonly queue: WorkQueue;
  private readonly state: PodGCState;
  private readonly threshold: number;
  private pods!: Informer<PodObject>;
  private nodes!: Informer<NodeObject>;

  constructor(private readonly ctx: ControllerContext, opts: PodGCOptions = {}) {
    this.queue = ctx.queue;
    const saved = ctx.state as unknown as PodGCState | undefined;
    this.state = saved ? { nextGcMs: saved.nextGcMs, quarantine: { ...saved.quarantine } } : { nextGcMs: 0, quarantine: {} };
    this.threshold = opts.terminatedPodThreshold ?? TERMINATED_POD_GC_THRESHOLD;
  }

  start(informers: SharedInformerFactory): void {
    this.pods = informers.informerFor<PodObject>('pods');
    this.nodes = informers.informerFor<NodeObject>('nodes');
    // wait.UntilWithContext(gcc.gc, gcCheckPeriod): a periodic pass, no event handlers. On a restored
    // world the timer already exists; the nextGcMs guard keeps this kick from starting a second chain.
    this.queue.add(GC_KEY);
  }

  save(): JsonValue {
    return structuredCopy(this.state) as unknown as JsonValue;
  }

  sync(key: ObjectKey): SyncResult {
    if (key !== GC_KEY) return DONE;
    const now = this.ctx.now();
    if (now < this.state.nextGcMs) return DONE;
    this.state.nextGcMs = now + GC_CHECK_PERIOD_MS;
    this.gc();
    // Periodic, not pending work: settle() does not wait for it.
    return { kind: 'requeueAfter', delayMs: GC_CHECK_PERIOD_MS, background: true };
  }

  /** One pass, in upstream's order. */
  gc(): void {
    const pods = this.pods.list();
    const nodes = this.nodes.list();
    if (this.threshold > 0) this.gcTerminated(pods);
    this.gcTerminating(pods);
    this.gcOrphaned(pods, nodes);
    this.gcUnscheduledTerminating(pods);
  }

  /** Nodes waiting out their quarantine (name -> ms when it ends), for tests and the UI. */
  quarantined(): Record<string, number> {
    return { ...this.state.quarantine };
  }

  private gcTerminated(pods: PodObject[]): void {
    const terminated = pods.filter(isPodTerminated);
    const deleteCount = terminated.length - this.threshold;
    if (deleteCount <= 0) return;
    terminated.sort(byEvictionAndCreationTimestamp);
    for (let i = 0; i < deleteCount; i++) this.markFailedAndDeletePod(terminated[i]);
  }

  /** Terminating pods on a NotReady node with the out-of-service taint (non-graceful node shutdown). */
  private gcTerminating(pods: PodObject[]): void {
    const terminating: PodObject[] = [];
    for (const pod of pods) {
      if (!isPodTerminating(pod) || !pod.spec?.nodeName) continue;
      const node = this.nodes.get(pod.spec.nodeName);
      if (!node || isNodeReady(node) || !(node.spec?.taints ?? []).some((t) => t.key === OUT_OF_SERVICE_TAINT)) continue;
      terminating.push(pod);
    }
    terminating.sort(byEvictionAndCreationTimestamp);
    for (const pod of terminating) this.markFailedAndDeletePod(pod);
  }

  private gcOrphaned(pods: PodObject[], nodes: NodeObject[]): void {
    const now = this.ctx.now();
    const existing = new Set(nodes.map((n) => n.metadata.name ?? ''));
    // Add newly found unknown nodes to quarantine (AddAfter keeps the earliest due time).
    for (const pod of pods) {
      const nodeName = pod.spec?.nodeName;
      if (nodeName && !existing.has(nodeName) && this.state.quarantine[nodeName] === undefined) this.state.quarantine[nodeName] = now + QUARANTINE_TIME_MS;
    }
    // discoverDeletedNodes: nodes whose quarantine ended and that are still missing (checked with a GET).
    const deleted = new Set<string>();
    for (const name of Object.keys(this.state.quarantine).sort()) {
      if (this.state.quarantine[name] > now) continue;
      delete this.state.quarantine[name];
      if (existing.has(name)) continue;
      if (!this.ctx.client.get(NODE_RESOURCE, undefined, name)) deleted.add(name);
    }
    for (const pod of pods) {
      if (!deleted.has(pod.spec?.nodeName ?? '')) continue;
      this.markFailedAndDeletePod(pod, {
        type: 'DisruptionTarget',
        status: 'True',
        reason: DELETION_BY_POD_GC,
        message: NODE_NO_LONGER_EXISTS,
      });
    }
  }

  private gcUnscheduledTerminating(pods: PodObject[]): void {
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp == null || pod.spec?.nodeName) continue;
      this.markFailedAndDeletePod(pod);
    }
  }

  /**
   * markFailedAndDeletePodWithCondition: a pod not yet Succeeded or Failed is patched to Failed (with
   * `condition` when given) so it does not stay Running forever with no kubelet left to say otherwise,
   * then deleted with grace period 0.
   */
  private markFailedAndDeletePod(pod: PodObject, condition?: Omit<PodCondition, 'lastTransitionTime'>): void {
    const ns = pod.metadata.namespace;
    const name = pod.metadata.name ?? '';
    const live = this.ctx.client.get(POD_RESOURCE, ns, name) as PodObject | undefined;
    if (!live || live.metadata.uid !== pod.metadata.uid) return;
    const phase = live.status?.phase;
    if (phase !== 'Succeeded' && phase !== 'Failed') {
      let conditions = live.status?.conditions ?? [];
      if (condition) {
        const old = conditions.find((c) => c.type === condition.type);
        const same = old && old.status === condition.status;
        const c = { ...condition, lastProbeTime: null, lastTransitionTime: same ? old.lastTransitionTime : this.ctx.timestamp() } as unknown as PodCondition;
        conditions = old ? conditions.map((x) => (x.type === condition.type ? c : x)) : [...conditions, c];
      }
      const { resourceVersion: _rv, ...metadata } = live.metadata;
      this.ctx.client.updateStatus({ ...live, metadata, status: { ...live.status, phase: 'Failed', conditions } } as KubeObject);
    }
    this.ctx.client.delete(POD_RESOURCE, ns, name, { gracePeriodSeconds: 0 });
  }
}

/** isPodTerminated: a phase other than Pending, Running and Unknown. */
export function isPodTerminated(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== undefined && phase !== 'Pending' && phase !== 'Running' && phase !== 'Unknown';
}

function isPodTerminating(pod: PodObject): boolean {
  return pod.metadata.deletionTimestamp != null;
}

function isNodeReady(node: Node): boolean {
  return (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** byEvictionAndCreationTimestamp: evicted pods first, then the oldest first (then by name). */
function byEvictionAndCreationTimestamp(a: PodObject, b: PodObject): number {
  const ea = isEvicted(a);
  const eb = isEvicted(b);
  if (ea !== eb) return ea ? -1 : 1;
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = a.metadata.name ?? '';
  const kb = b.metadata.name ?? '';
  if (ka !== kb) return ka < kb ? -1 : 1;
  const na = a.metadata.namespace ?? '';
  const nb = b.metadata.namespace ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** eviction.PodIsEvicted: Failed with reason Evicted. */
function isEvicted(pod: Pod): boolean {
  return pod.status?.phase === 'Failed' && pod.status.reason === 'Evicted';
}
