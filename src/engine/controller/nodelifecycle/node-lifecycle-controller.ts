// The node lifecycle controller: watches each node's heartbeats (its Lease renewTime and its Ready
// condition's lastHeartbeatTime); a node silent for longer than the grace period turns Unknown, gets
// the unreachable taints (NoSchedule at once, NoExecute on the next pass), and its pods turn not ready.
// UPSTREAM: pkg/controller/nodelifecycle/node_lifecycle_controller.go (monitorNodeHealth, tryUpdateNodeHealth,
//           processTaintBaseEviction, doNoScheduleTaintingPass), pkg/controller/util/node/controller_utils.go
// SIMPLIFICATION: one zone and no eviction rate limits (the NoExecute taint is written in the monitor pass
// rather than by the rate-limited zone tainter); the NoSchedule pass manages the unreachable and the
// pressure taints (the kubelet manages not-ready:NoSchedule here); no node startup grace (nodes post
// Ready at once).

import type { Node, NodeCondition, Pod, Taint } from 'kubernetes-types/core/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import { keyOf } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { JsonValue } from '../../sim/clock';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';
import { structuredCopy } from '../../apiserver/store';

/** --node-monitor-period: how often node health is checked. */
export const NODE_MONITOR_PERIOD_MS = 5_000;
/**
 * --node-monitor-grace-period: how long a node may stay silent before it is marked Unknown. 50 s since
 * v1.32 (it was 40 s): five 10 s kubelet status/lease intervals plus slack for reconnection.
 */
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;

export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const NODE_STATUS_UNKNOWN_REASON = 'NodeStatusUnknown';
export const NODE_STATUS_UNKNOWN_MESSAGE = 'Kubelet stopped posting node status.';
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';

/**
 * TaintNodesByCondition (nodeConditionToTaintKeyStatusMap): a pressure condition that is True puts
 * its NoSchedule taint on the node; the taint goes when the condition does.
 */
const PRESSURE_TAINTS: ReadonlyArray<[condition: string, taintKey: string]> = [
  ['MemoryPressure', TAINT_MEMORY_PRESSURE],
  ['DiskPressure', 'node.kubernetes.io/disk-pressure'],
  ['PIDPressure', 'node.kubernetes.io/pid-pressure'],
];

/** The conditions the controller turns Unknown when the kubelet goes silent. */
const MONITORED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

/** The single key of the periodic monitor pass (node names never start with '@'). */
const MONITOR_KEY = '@monitor';

type NodeObject = Node & KubeObject;
type PodObject = Pod & KubeObject;

interface NodeHealth {
  /** when this controller last saw a heartbeat (simulated ms; upstream's probeTimestamp) */
  probeMs: number;
  readyHeartbeat?: string;
  leaseRenewTime?: string;
}

interface LifecycleState {
  nextMonitorMs: number;
  health: Record<string, NodeHealth>;
}

const NODE_RESOURCE = resourceForKind('Node')!;
const POD_RESOURCE = resourceForKind('Pod')!;

export class NodeLifecycleController implements Controller {
  readonly name = 'node-lifecycle-controller';
  readonly queue: WorkQueue;
  private readonly state: LifecycleState;
  private nodes!: Informer<NodeObject>;
  private pods!: Informer<PodObject>;
  private leases!: Informer;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
    const saved = ctx.state as unknown as LifecycleState | undefined;
    this.state = saved ? { nextMonitorMs: saved.nextMonitorMs, health: { ...saved.health } } : { nextMonitorMs: 0, health: {} };
  }

  start(informers: SharedInformerFactory): void {
    this.nodes = informers.informerFor<NodeObject>('nodes');
    this.pods = informers.informerFor<PodObject>('pods');
    this.leases = informers.informerFor('leases');
    // Node changes drive the NoSchedule tainting pass; health is checked by the periodic pass only.
    this.nodes.addEventHandler({
      add: (n) => this.queue.add(keyOf(n.metadata)),
      update: (_o, n) => this.queue.add(keyOf(n.metadata)),
      delete: (n) => delete this.state.health[n.metadata.name ?? ''],
    });
    // The monitor chain: on a restored world its timer already exists, and the nextMonitorMs guard
    // in sync() keeps this extra kick from starting a second chain.
    this.queue.add(MONITOR_KEY);
  }

  save(): JsonValue {
    return structuredCopy(this.state) as unknown as JsonValue;
  }

  sync(key: ObjectKey): SyncResult {
    if (key !== MONITOR_KEY) return this.doNoScheduleTaintingPass(key);
    const now = this.ctx.now();
    if (now < this.state.nextMonitorMs) return DONE;
    this.state.nextMonitorMs = now + NODE_MONITOR_PERIOD_MS;
    this.monitorNodeHealth();
    // A periodic check, not pending work: settle() does not wait for it.
    return { kind: 'requeueAfter', delayMs: NODE_MONITOR_PERIOD_MS, background: true };
  }

  /** monitorNodeHealth: update each node's health, then taint and mark its pods by what was observed. */
  private monitorNodeHealth(): void {
    for (const node of this.nodes.list()) {
      const r = this.tryUpdateNodeHealth(node);
      if (!r) continue;
      // processTaintBaseEviction acts on the condition observed *before* this pass's update, so the
      // NoExecute taint follows one monitor period after the node turned Unknown, as upstream.
      this.processTaintBaseEviction(node.metadata.name ?? '', r.observed);
      if (r.current.status !== 'True' && r.observed.status === 'True') {
        this.recordNodeStatusChange(r.node, 'NodeNotReady');
        this.markPodsNotReady(node.metadata.name ?? '');
      }
    }
  }

  /**
   * tryUpdateNodeHealth: a changed Ready heartbeat or a newer Lease renewTime moves the probe time;
   * past probe + grace the monitored conditions become Unknown (lastHeartbeatTime untouched).
   */
  private tryUpdateNodeHealth(node: NodeObject): { observed: NodeCondition; current: NodeCondition; node: NodeObject } | undefined {
    const name = node.metadata.name ?? '';
    const now = this.ctx.now();
    const observed = node.status?.conditions?.find((c) => c.type === 'Ready');
    if (!observed) return undefined;
    let health = this.state.health[name];
    if (!health) {
      health = { probeMs: now, readyHeartbeat: observed.lastHeartbeatTime };
    } else if (health.readyHeartbeat !== observed.lastHeartbeatTime) {
      health = { ...health, probeMs: now, readyHeartbeat: observed.lastHeartbeatTime };
    }
    const lease = this.leases.get(`kube-node-lease/${name}`);
    const renewTime = (lease?.spec as { renewTime?: string } | undefined)?.renewTime;
    if (renewTime && (!health.leaseRenewTime || Date.parse(health.leaseRenewTime) < Date.parse(renewTime))) {
      health = { ...health, probeMs: now, leaseRenewTime: renewTime };
    }
    this.state.health[name] = health;
    if (now <= health.probeMs + NODE_MONITOR_GRACE_PERIOD_MS) return { observed, current: observed, node };

    const stamp = this.ctx.timestamp();
    const next = structuredCopy(node) as NodeObject;
    const conditions = (next.status!.conditions ??= []);
    for (const type of MONITORED_CONDITIONS) {
      const c = conditions.find((x) => x.type === type);
      if (!c) {
        conditions.push({
          type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.',
          lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: stamp,
        });
      } else if (c.status !== 'Unknown') {
        Object.assign(c, { status: 'Unknown', reason: NODE_STATUS_UNKNOWN_REASON, message: NODE_STATUS_UNKNOWN_MESSAGE, lastTransitionTime: stamp });
      }
    }
    const current = conditions.find((c) => c.type === 'Ready')!;
    if (current.status === observed.status && current.reason === observed.reason) return { observed, current, node };
    const res = this.ctx.client.updateStatus(next);
    if (!res.ok) return { observed, current: observed, node };
    return { observed, current, node: res.object };
  }

  /** processTaintBaseEviction: NoExecute not-ready (Ready=False) or unreachable (Unknown); none when Ready. */
  private processTaintBaseEviction(nodeName: string, observed: NodeCondition): void {
    const noExecute = (key: string): Taint => ({ key, effect: 'NoExecute' });
    switch (observed.status) {
      case 'False':
        this.swapTaints(nodeName, [noExecute(TAINT_NOT_READY)], [noExecute(TAINT_UNREACHABLE)]);
        return;
      case 'Unknown':
        this.swapTaints(nodeName, [noExecute(TAINT_UNREACHABLE)], [noExecute(TAINT_NOT_READY)]);
        return;
      default:
        // markNodeAsReachable
        this.swapTaints(nodeName, [], [noExecute(TAINT_UNREACHABLE), noExecute(TAINT_NOT_READY)]);
    }
  }

  /**
   * doNoScheduleTaintingPass (see the header for not-ready): unreachable follows the Ready condition,
   * memory-, disk- and pid-pressure follow their conditions (TaintNodesByCondition).
   */
  private doNoScheduleTaintingPass(nodeName: string): SyncResult {
    const node = this.nodes.get(nodeName);
    if (!node) return DONE;
    const conditions = node.status?.conditions ?? [];
    const add: Taint[] = [];
    const remove: Taint[] = [];
    const ready = conditions.find((c) => c.type === 'Ready');
    (ready?.status === 'Unknown' ? add : remove).push({ key: TAINT_UNREACHABLE, effect: 'NoSchedule' });
    for (const [type, key] of PRESSURE_TAINTS) {
      (conditions.find((c) => c.type === type)?.status === 'True' ? add : remove).push({ key, effect: 'NoSchedule' });
    }
    const ok = this.swapTaints(nodeName, add, remove);
    return ok ? DONE : { kind: 'retry', reason: `could not update the taints of node ${nodeName}` };
  }

  /**
   * SwapNodeControllerTaint: add `add` (stamped with timeAdded) and remove `remove`, by key and
   * effect, on a fresh read of the node. Writes only when something changes. False when the write failed.
   */
  private swapTaints(nodeName: string, add: Taint[], remove: Taint[]): boolean {
    const node = this.ctx.client.get(NODE_RESOURCE, undefined, nodeName) as NodeObject | undefined;
    if (!node) return true;
    const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
    const taints = node.spec?.taints ?? [];
    const kept = taints.filter((t) => !remove.some((r) => same(r, t)));
    const added = add.filter((a) => !kept.some((t) => same(a, t))).map((a) => ({ ...a, timeAdded: this.ctx.timestamp() }));
    if (kept.length === taints.length && added.length === 0) return true;
    const next = structuredCopy(node) as NodeObject;
    next.spec = { ...next.spec, taints: [...kept, ...added] };
    if (next.spec.taints!.length === 0) delete next.spec.taints;
    return this.ctx.client.update(next).ok;
  }

  /** RecordNodeStatusChange: the event's involvedObject uid is the node's name, as upstream builds it. */
  private recordNodeStatusChange(node: NodeObject, status: string): void {
    const name = node.metadata.name ?? '';
    this.ctx.recorder.event({ ...node, metadata: { ...node.metadata, uid: name } }, 'Normal', status, `Node ${name} status is now: ${status}`);
  }

  /** MarkPodsNotReady: every pod on the node gets Ready=False (the kubelet cannot say otherwise now). */
  private markPodsNotReady(nodeName: string): void {
    for (const cached of this.pods.list()) {
      if (cached.spec?.nodeName !== nodeName) continue;
      const pod = this.ctx.client.get(POD_RESOURCE, cached.metadata.namespace, cached.metadata.name ?? '') as PodObject | undefined;
      const ready = pod?.status?.conditions?.find((c) => c.type === 'Ready');
      if (!pod || !ready || ready.status === 'False') continue;
      const next = structuredCopy(pod) as PodObject;
      const cond = next.status!.conditions!.find((c) => c.type === 'Ready')!;
      cond.status = 'False';
      cond.lastTransitionTime = this.ctx.timestamp();
      const res = this.ctx.client.updateStatus(next);
      if (res.ok) this.ctx.recorder.event(res.object, 'Warning', 'NodeNotReady', 'Node is not ready');
    }
  }
}
