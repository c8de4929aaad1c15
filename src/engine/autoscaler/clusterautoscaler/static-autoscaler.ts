// A simple cluster-autoscaler: one node group ("workers") of machines like the existing workers,
// between a min and a max size. Every scan interval (10 s) RunOnce:
//  1. finishes drains it started (all pods gone: delete the machine);
//  2. scale-up: pods the scheduler marked Unschedulable that would not fit on the existing nodes
//     (nor on nodes still starting) but would fit on a new node like the others: a binpacking
//     estimate says how many nodes, capped at max. Events on the pods: TriggeredScaleUp or
//     NotTriggerScaleUp, in upstream's words;
//  3. scale-down (not within 10 min of a scale-up): a worker whose requested CPU and memory are both
//     below 50% of allocatable and whose pods can all move elsewhere is "unneeded"; unneeded for
//     10 min (and the group above min), it is tainted ToBeDeletedByClusterAutoscaler:NoSchedule, its
//     pods are evicted through the eviction API (PDBs respected), and once they are gone the machine is
//     deleted (World.removeNode: the Node object goes as the cloud node lifecycle controller deletes it).
// The status is kept in the ConfigMap kube-system/cluster-autoscaler-status.
// UPSTREAM: kubernetes/autoscaler cluster-autoscaler/core/static_autoscaler.go (RunOnce),
// core/scaleup/orchestrator, estimator/binpacking_estimator.go, core/scaledown/planner,
// simulator/drainability/rules, core/scaledown/actuation (taintNode, evictPod), FAQ.md
// SIMPLIFICATION: one node group of identical machines; at most one node is drained at a time;
// each scale-down candidate is checked on its own (upstream also accounts for pods already planned
// onto other candidates); the binpacking estimator tries pods largest first; the status ConfigMap is
// rewritten only when something in it changed (its times then move).

import type { ConfigMap, Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import { pdbsForPod, type PodDisruptionBudgetObject } from '../../api/poddisruptionbudget';
import { structuredCopy } from '../../apiserver/store';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { Controller, ControllerContext, SyncResult } from '../../controller/types';
import { DONE } from '../../controller/types';
import { getControllerOf } from '../../controller/controller-utils';
import { initialNode, type NodeConfig } from '../../kubelet/nodestatus/setters';
import type { JsonValue } from '../../sim/clock';
import type { ClusterAutoscalerOptions } from '../../sim/options';
import { computePodResourceRequest } from '../../scheduler/plugins/noderesources/fit';
import type { NodeInfo } from '../../scheduler/framework/node-info';
import { checkPredicates, nodeInfoOf, unbound } from './predicates';

export const CLUSTER_AUTOSCALER = 'cluster-autoscaler';
/** --scan-interval */
export const SCAN_INTERVAL_MS = 10_000;
/** --scale-down-utilization-threshold */
export const SCALE_DOWN_UTILIZATION_THRESHOLD = 0.5;
/** --scale-down-unneeded-time */
export const SCALE_DOWN_UNNEEDED_TIME_MS = 10 * 60_000;
/** --scale-down-delay-after-add */
export const SCALE_DOWN_DELAY_AFTER_ADD_MS = 10 * 60_000;
/** --max-graceful-termination-sec */
export const MAX_GRACEFUL_TERMINATION_SEC = 600;
/** MaxPodEvictionTime: how long evictions are retried before the drain is given up */
export const MAX_POD_EVICTION_TIME_MS = 2 * 60_000;
/** taints.ToBeDeletedTaint */
export const TO_BE_DELETED_TAINT = 'ToBeDeletedByClusterAutoscaler';
/** the pod annotation that overrides the drainability rules */
export const SAFE_TO_EVICT_ANNOTATION = 'cluster-autoscaler.kubernetes.io/safe-to-evict';
export const STATUS_CONFIGMAP = 'cluster-autoscaler-status';

const LOOP_KEY = '@loop';
const NODE = resourceForKind('Node')!;
const CONFIGMAP = resourceForKind('ConfigMap')!;

type PodObject = Pod & KubeObject;
type NodeObject = Node & KubeObject;

/** What the World lets the autoscaler do to the (simulated) cloud. */
export interface CloudProvider {
  /** the node group bounds; undefined = the autoscaler is off */
  options(): ClusterAutoscalerOptions | undefined;
  /** the kubelet configuration of the next machine (its template when no worker exists to copy) */
  workerConfig(): NodeConfig;
  /** create one machine; it registers its Node */
  addNode(): { ok: boolean; nodeName?: string };
  /** delete a machine and its Node */
  removeNode(name: string): { ok: boolean };
}

interface AutoscalerState {
  nextLoopMs: number;
  /** node -> since when it has been unneeded */
  unneededSince: Record<string, number>;
  /** nodes added and not Ready yet (upcoming nodes), -> when added */
  upcoming: Record<string, number>;
  /** the drain in progress: node -> when it started */
  deleting: Record<string, number>;
  lastScaleUpMs?: number;
  /** the last status written to the ConfigMap (without its times) */
  status?: string;
}

/** Why a node cannot be removed (upstream's simulator.UnremovableReason names). */
export type UnremovableReason =
  | 'NotUnderutilized' | 'NotReplicated' | 'UnmovableKubeSystemPod' | 'LocalStorageRequested' | 'NotSafeToEvictAnnotation'
  | 'NotEnoughPdb' | 'NoPlaceToMovePods' | 'MinimalResourceLimitExceeded' | 'NotUnneededLongEnough' | 'ScaleDownDisabledAnnotation';

export interface NodeVerdict {
  node: string;
  utilization: number;
  unneeded: boolean;
  reason?: UnremovableReason;
  /** the blocking pod, with upstream's wording */
  detail?: string;
}

export class ClusterAutoscaler implements Controller {
  static readonly LOOP_KEY = LOOP_KEY;
  /** the node group's id in events and --nodes */
  static readonly GROUP = 'workers';
  readonly name = CLUSTER_AUTOSCALER;
  readonly queue: WorkQueue;
  private readonly state: AutoscalerState;
  private pods!: Informer<PodObject>;
  private nodes!: Informer<NodeObject>;
  private pdbs!: Informer<PodDisruptionBudgetObject>;
  /** the verdicts of the last scale-down pass, by node */
  private lastVerdicts: NodeVerdict[] = [];

  constructor(private readonly ctx: ControllerContext, private readonly cloud: CloudProvider) {
    this.queue = ctx.queue;
    const saved = ctx.state as unknown as AutoscalerState | undefined;
    this.state = saved ? structuredCopy(saved) : { nextLoopMs: 0, unneededSince: {}, upcoming: {}, deleting: {} };
  }

  start(informers: SharedInformerFactory): void {
    this.pods = informers.informerFor<PodObject>('pods');
    this.nodes = informers.informerFor<NodeObject>('nodes');
    this.pdbs = informers.informerFor<PodDisruptionBudgetObject>('poddisruptionbudgets');
    // The loop chain: on a restored world its timer already exists; the nextLoopMs guard keeps this
    // kick from starting a second chain.
    this.queue.add(LOOP_KEY);
  }

  save(): JsonValue {
    return structuredCopy(this.state) as unknown as JsonValue;
  }

  sync(key: ObjectKey): SyncResult {
    if (key !== LOOP_KEY) return DONE;
    const opts = this.cloud.options();
    if (!opts) {
      // Off: the chain ends; enabling it again (World.setClusterAutoscaler) kicks a new one.
      this.state.nextLoopMs = 0;
      return DONE;
    }
    const now = this.ctx.now();
    if (now < this.state.nextLoopMs) return DONE;
    this.state.nextLoopMs = now + SCAN_INTERVAL_MS;
    this.runOnce(opts);
    // A periodic loop, not pending work: settle() does not wait for it.
    return { kind: 'requeueAfter', delayMs: SCAN_INTERVAL_MS, background: true };
  }

  /** The scale-down verdicts of the last loop (utilization and why a node stays). */
  verdicts(): NodeVerdict[] {
    return structuredCopy(this.lastVerdicts);
  }

  /** RunOnce: one loop of the autoscaler. */
  runOnce(opts: ClusterAutoscalerOptions): void {
    const now = this.ctx.now();
    this.finishDeletions();
    for (const name of Object.keys(this.state.upcoming)) {
      const n = this.nodes.get(name);
      if (!n || isReady(n)) delete this.state.upcoming[name];
    }
    const scaledUp = this.scaleUp(opts);
    let scaleDown = 'NoCandidates';
    if (scaledUp) {
      this.state.lastScaleUpMs = now;
      this.state.unneededSince = {};
    } else if (this.state.lastScaleUpMs !== undefined && now - this.state.lastScaleUpMs < SCALE_DOWN_DELAY_AFTER_ADD_MS) {
      // scale-down-delay-after-add: no scale-down right after a scale-up
      this.lastVerdicts = [];
    } else if (Object.keys(this.state.deleting).length === 0) {
      scaleDown = this.scaleDown(opts);
    } else {
      scaleDown = 'InProgress';
    }
    this.writeStatus(opts, scaledUp ? 'InProgress' : Object.keys(this.state.upcoming).length ? 'InProgress' : 'NoActivity', scaleDown);
  }

  // ----- scale-up --------------------------------------------------------------------------------

  /** ScaleUp: returns whether nodes were added. */
  private scaleUp(opts: ClusterAutoscalerOptions): boolean {
    const unschedulable = this.pods.list().filter(isUnschedulable);
    if (unschedulable.length === 0) return false;
    // filterOutSchedulable: pods that fit on existing nodes (or nodes still starting) wait for the
    // scheduler, not for a new node. Pods are placed in turn, each taking room from the next.
    const targets = this.existingTargets();
    const template = this.templateNodeInfo();
    const pending: PodObject[] = [];
    for (const pod of unschedulable) {
      const p = unbound(pod);
      const ni = targets.find((t) => checkPredicates(p, t).length === 0);
      if (ni) ni.addPod(p);
      else pending.push(pod);
    }
    if (pending.length === 0) return false;
    const group = this.groupNodes();
    const current = group.length;
    // Which pods a new node would help, and which not (with the predicate's reason).
    const helped: PodObject[] = [];
    for (const pod of pending) {
      const reasons = checkPredicates(unbound(pod), templateClone(template));
      if (reasons.length === 0) helped.push(pod);
      else this.ctx.recorder.event(pod, 'Normal', 'NotTriggerScaleUp', `pod didn't trigger scale-up: ${reasons.map((r) => `1 ${r}`).join(', ')}`);
    }
    if (helped.length === 0) return false;
    if (current >= opts.maxNodes) {
      for (const pod of helped) this.ctx.recorder.event(pod, 'Normal', 'NotTriggerScaleUp', "pod didn't trigger scale-up: 1 max node group size reached");
      return false;
    }
    const estimate = binpackingEstimate(helped.map(unbound), template);
    const newSize = Math.min(opts.maxNodes, current + estimate);
    const group0 = ClusterAutoscaler.GROUP;
    for (let i = current; i < newSize; i++) {
      const r = this.cloud.addNode();
      if (r.ok && r.nodeName) this.state.upcoming[r.nodeName] = this.ctx.now();
    }
    const cm = this.statusConfigMap(opts);
    if (cm) this.ctx.recorder.event(cm, 'Normal', 'ScaledUpGroup', `Scale-up: setting group ${group0} size to ${newSize} instead of ${current} (max: ${opts.maxNodes})`);
    for (const pod of helped) this.ctx.recorder.event(pod, 'Normal', 'TriggeredScaleUp', `pod triggered scale-up: [{${group0} ${current}->${newSize} (max: ${opts.maxNodes})}]`);
    return true;
  }

  /** Ready nodes that take pods, and nodes still starting (as the template with their pods). */
  private existingTargets(): NodeInfo[] {
    const out: NodeInfo[] = [];
    const byNode = this.podsByNode();
    for (const n of this.nodes.list()) {
      const name = n.metadata.name ?? '';
      if (this.state.deleting[name] !== undefined || hasToBeDeletedTaint(n)) continue;
      if (this.state.upcoming[name] !== undefined && !isReady(n)) out.push(nodeInfoOf(sanitize(n), byNode.get(name) ?? []));
      else if (isReady(n)) out.push(nodeInfoOf(n, byNode.get(name) ?? []));
    }
    return out;
  }

  /**
   * TemplateNodeInfo: a copy of a Ready worker, sanitized (no NotReady/unschedulable/ToBeDeleted
   * taints), with the DaemonSet pods that worker runs; with no worker to copy, the kubelet's own
   * initial Node for the next machine.
   */
  private templateNodeInfo(): NodeInfo {
    const byNode = this.podsByNode();
    const source = this.groupNodes().find((n) => isReady(n) && !hasToBeDeletedTaint(n) && this.state.deleting[n.metadata.name ?? ''] === undefined);
    if (source) {
      const ds = (byNode.get(source.metadata.name ?? '') ?? []).filter(isDaemonSetPod).map(unbound);
      return nodeInfoOf(sanitize(source), ds);
    }
    return nodeInfoOf(sanitize(initialNode(this.cloud.workerConfig(), this.ctx.timestamp())), []);
  }

  // ----- scale-down ------------------------------------------------------------------------------

  /** The scale-down planner and actuator: returns the status word for the ConfigMap. */
  private scaleDown(opts: ClusterAutoscalerOptions): string {
    const now = this.ctx.now();
    const group = this.groupNodes();
    const verdicts: NodeVerdict[] = [];
    const unneeded: string[] = [];
    for (const n of group) {
      if (!isReady(n) || hasToBeDeletedTaint(n)) continue;
      const v = this.checkNode(n);
      verdicts.push(v);
      const name = v.node;
      if (!v.unneeded) {
        delete this.state.unneededSince[name];
        continue;
      }
      this.state.unneededSince[name] ??= now;
      unneeded.push(name);
    }
    for (const name of Object.keys(this.state.unneededSince)) if (!unneeded.includes(name)) delete this.state.unneededSince[name];
    this.lastVerdicts = verdicts;
    if (unneeded.length === 0) return 'NoCandidates';
    const ready = unneeded.filter((name) => now - this.state.unneededSince[name] >= SCALE_DOWN_UNNEEDED_TIME_MS);
    if (ready.length === 0) {
      for (const name of unneeded) {
        const v = verdicts.find((x) => x.node === name)!;
        v.reason = 'NotUnneededLongEnough';
      }
      return 'CandidatesPresent';
    }
    if (group.length <= opts.minNodes) {
      for (const name of ready) verdicts.find((x) => x.node === name)!.reason = 'MinimalResourceLimitExceeded';
      return 'CandidatesPresent';
    }
    this.startDeletion(this.nodes.get(ready[0])!);
    return 'InProgress';
  }

  /** Is the node unneeded: low utilization and every pod able to move (drainability rules + a place). */
  checkNode(node: NodeObject): NodeVerdict {
    const name = node.metadata.name ?? '';
    const pods = (this.podsByNode().get(name) ?? []);
    const utilization = utilizationOf(node, pods);
    if (node.metadata.annotations?.['cluster-autoscaler.kubernetes.io/scale-down-disabled'] === 'true') {
      return { node: name, utilization, unneeded: false, reason: 'ScaleDownDisabledAnnotation' };
    }
    if (utilization >= SCALE_DOWN_UTILIZATION_THRESHOLD) return { node: name, utilization, unneeded: false, reason: 'NotUnderutilized' };
    const toMove = pods.filter((p) => !isDaemonSetPod(p) && !isTerminal(p) && p.metadata.deletionTimestamp == null);
    for (const pod of toMove) {
      const blocked = this.drainBlocker(pod);
      if (blocked) return { node: name, utilization, unneeded: false, ...blocked };
    }
    // Can the pods be placed on the other nodes?
    const byNode = this.podsByNode();
    const others = this.nodes.list().filter((n) => n.metadata.name !== name && isReady(n) && !hasToBeDeletedTaint(n) && this.state.deleting[n.metadata.name ?? ''] === undefined)
      .map((n) => nodeInfoOf(n, byNode.get(n.metadata.name ?? '') ?? []));
    let placed = 0;
    for (const pod of toMove) {
      const p = unbound(pod);
      const ni = others.find((o) => checkPredicates(p, o).length === 0);
      if (!ni) return { node: name, utilization, unneeded: false, reason: 'NoPlaceToMovePods', detail: `can reschedule only ${placed} out of ${toMove.length} pods` };
      ni.addPod(p);
      placed++;
    }
    return { node: name, utilization, unneeded: true };
  }

  /** The drainability rules (simulator/drainability/rules): why this pod keeps its node, if it does. */
  private drainBlocker(pod: PodObject): { reason: UnremovableReason; detail: string } | undefined {
    const ns = pod.metadata.namespace ?? 'default';
    const name = `${ns}/${pod.metadata.name ?? ''}`;
    const safe = pod.metadata.annotations?.[SAFE_TO_EVICT_ANNOTATION];
    if (safe === 'false') return { reason: 'NotSafeToEvictAnnotation', detail: `pod annotated as not safe to evict present: ${pod.metadata.name}` };
    const pdbs = pdbsForPod(this.pdbs.list(), pod, true);
    if (safe !== 'true') {
      if (!getControllerOf(pod)) return { reason: 'NotReplicated', detail: `${name} is not replicated` };
      if (ns === 'kube-system' && pdbs.length === 0) return { reason: 'UnmovableKubeSystemPod', detail: `non-daemonset, non-mirrored, non-pdb-assigned kube-system pod present: ${pod.metadata.name}` };
      if ((pod.spec?.volumes ?? []).some((v) => v.hostPath || (v.emptyDir && v.emptyDir.medium !== 'Memory'))) {
        return { reason: 'LocalStorageRequested', detail: `pod with local storage present: ${pod.metadata.name}` };
      }
    }
    for (const pdb of pdbs) {
      if ((pdb.status?.disruptionsAllowed ?? 0) < 1) return { reason: 'NotEnoughPdb', detail: `not enough pod disruption budget to move ${name}` };
    }
    return undefined;
  }

  /** Taint the node, record the events, evict its pods (actuation.taintNode, evictPod). */
  private startDeletion(node: NodeObject): void {
    const name = node.metadata.name ?? '';
    const taints = [...(node.spec?.taints ?? []).filter((t) => t.key !== TO_BE_DELETED_TAINT), { key: TO_BE_DELETED_TAINT, value: String(Math.floor(Date.parse(this.ctx.timestamp()) / 1000)), effect: 'NoSchedule' }];
    const r = this.ctx.client.patch(NODE, undefined, name, { spec: { taints } });
    if (!r.ok) {
      this.ctx.recorder.event(node, 'Warning', 'ScaleDownFailed', `failed to mark the node as toBeDeleted/unschedulable: ${r.status.message}`);
      return;
    }
    this.ctx.recorder.event(node, 'Normal', 'ScaleDown', 'marked the node as toBeDeleted/unschedulable');
    this.state.deleting[name] = this.ctx.now();
    delete this.state.unneededSince[name];
    const pods = (this.podsByNode().get(name) ?? []).filter((p) => !isDaemonSetPod(p) && !isTerminal(p) && p.metadata.deletionTimestamp == null);
    if (pods.length === 0) {
      const cm = this.statusConfigMap(this.cloud.options()!);
      if (cm) this.ctx.recorder.event(cm, 'Normal', 'ScaleDownEmpty', `Scale-down: removing empty node "${name}"`);
      this.finishDeletions();
      return;
    }
    for (const pod of pods) this.evict(pod);
  }

  private evict(pod: PodObject): boolean {
    this.ctx.recorder.event(pod, 'Normal', 'ScaleDown', 'deleting pod for node scale down');
    const grace = Math.min(pod.spec?.terminationGracePeriodSeconds ?? 30, MAX_GRACEFUL_TERMINATION_SEC);
    return this.ctx.client.evict(pod.metadata.namespace ?? 'default', pod.metadata.name ?? '', { gracePeriodSeconds: grace }).ok;
  }

  /** Drains in progress: delete the machine once its pods are gone; retry evictions; give up after 2 min. */
  private finishDeletions(): void {
    const now = this.ctx.now();
    for (const name of Object.keys(this.state.deleting).sort()) {
      const node = this.nodes.get(name);
      if (!node) {
        delete this.state.deleting[name];
        continue;
      }
      const left = (this.podsByNode().get(name) ?? []).filter((p) => !isDaemonSetPod(p) && !isTerminal(p));
      if (left.length === 0) {
        const cm = this.statusConfigMap(this.cloud.options() ?? { minNodes: 0, maxNodes: 0 });
        this.cloud.removeNode(name);
        delete this.state.deleting[name];
        if (cm) this.ctx.recorder.event(cm, 'Normal', 'ScaleDown', `Scale-down: node ${name} removed with drain`);
        continue;
      }
      const notEvicted = left.filter((p) => p.metadata.deletionTimestamp == null);
      if (notEvicted.length === 0) continue; // terminating: wait for the kubelet
      if (now - this.state.deleting[name] >= MAX_POD_EVICTION_TIME_MS) {
        // The drain failed: untaint the node and give up (CleanToBeDeleted).
        const taints = (node.spec?.taints ?? []).filter((t) => t.key !== TO_BE_DELETED_TAINT);
        this.ctx.client.patch(NODE, undefined, name, { spec: { taints } });
        this.ctx.recorder.event(node, 'Warning', 'ScaleDownFailed', 'failed to drain the node, aborting ScaleDown');
        delete this.state.deleting[name];
        continue;
      }
      for (const pod of notEvicted) this.evict(pod);
    }
  }

  // ----- status ----------------------------------------------------------------------------------

  /** The ConfigMap the status is written to (created on first use). */
  private statusConfigMap(opts: ClusterAutoscalerOptions): KubeObject | undefined {
    const existing = this.ctx.client.get(CONFIGMAP, 'kube-system', STATUS_CONFIGMAP);
    if (existing) return existing;
    const r = this.ctx.client.create({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: STATUS_CONFIGMAP, namespace: 'kube-system', annotations: { 'cluster-autoscaler.kubernetes.io/last-updated': this.ctx.timestamp() } },
      data: { status: this.statusText(opts, 'NoActivity', 'NoCandidates') },
    } as ConfigMap as KubeObject);
    return r.ok ? r.object : undefined;
  }

  private statusText(opts: ClusterAutoscalerOptions, scaleUp: string, scaleDown: string): string {
    const nodes = this.nodes.list();
    const ready = nodes.filter(isReady).length;
    const group = this.groupNodes();
    const groupReady = group.filter(isReady).length;
    const notStarted = Object.keys(this.state.upcoming).length;
    return [
      'autoscalerStatus: Running',
      'clusterWide:',
      '  health:',
      '    status: Healthy',
      '    nodeCounts:',
      '      registered:',
      `        total: ${nodes.length}`,
      `        ready: ${ready}`,
      `        notStarted: ${notStarted}`,
      '  scaleUp:',
      `    status: ${scaleUp}`,
      '  scaleDown:',
      `    status: ${scaleDown}`,
      'nodeGroups:',
      `- name: ${ClusterAutoscaler.GROUP}`,
      '  health:',
      '    status: Healthy',
      '    nodeCounts:',
      '      registered:',
      `        total: ${group.length}`,
      `        ready: ${groupReady}`,
      `        notStarted: ${notStarted}`,
      `    cloudProviderTarget: ${group.length}`,
      `    minSize: ${opts.minNodes}`,
      `    maxSize: ${opts.maxNodes}`,
      '  scaleUp:',
      `    status: ${scaleUp}`,
      '  scaleDown:',
      `    status: ${scaleDown}`,
      '',
    ].join('\n');
  }

  private writeStatus(opts: ClusterAutoscalerOptions, scaleUp: string, scaleDown: string): void {
    const text = this.statusText(opts, scaleUp, scaleDown);
    if (text === this.state.status && this.ctx.client.get(CONFIGMAP, 'kube-system', STATUS_CONFIGMAP)) return;
    this.state.status = text;
    const cm = this.statusConfigMap(opts) as (ConfigMap & KubeObject) | undefined;
    if (!cm) return;
    const ts = this.ctx.timestamp();
    this.ctx.client.patch(CONFIGMAP, 'kube-system', STATUS_CONFIGMAP, {
      metadata: { annotations: { 'cluster-autoscaler.kubernetes.io/last-updated': ts } },
      data: { status: `time: ${ts}\n${text}` },
    });
  }

  // ----- helpers ---------------------------------------------------------------------------------

  /** The node group: the workers (node-<i>), by name. */
  private groupNodes(): NodeObject[] {
    return this.nodes.list().filter((n) => /^node-\d+$/.test(n.metadata.name ?? '') && n.metadata.labels?.['node-role.kubernetes.io/control-plane'] === undefined);
  }

  private podsByNode(): Map<string, PodObject[]> {
    const m = new Map<string, PodObject[]>();
    for (const p of this.pods.list()) {
      const n = p.spec?.nodeName;
      if (!n || isTerminal(p)) continue;
      const list = m.get(n);
      if (list) list.push(p);
      else m.set(n, [p]);
    }
    return m;
  }
}

/** Pods the scheduler gave up on for now: PodScheduled=False, reason Unschedulable. */
function isUnschedulable(pod: PodObject): boolean {
  if (pod.spec?.nodeName || pod.metadata.deletionTimestamp != null || isTerminal(pod)) return false;
  if ((pod.spec?.schedulerName ?? 'default-scheduler') !== 'default-scheduler') return false;
  const c = (pod.status?.conditions ?? []).find((x) => x.type === 'PodScheduled');
  return c?.status === 'False' && c.reason === 'Unschedulable';
}

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

function isDaemonSetPod(pod: Pod): boolean {
  return getControllerOf(pod)?.kind === 'DaemonSet';
}

function isReady(node: Node): boolean {
  return (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function hasToBeDeletedTaint(node: Node): boolean {
  return (node.spec?.taints ?? []).some((t) => t.key === TO_BE_DELETED_TAINT);
}

/** A node as a fresh machine of the group would be: Ready, schedulable, without transient taints. */
function sanitize(node: Node): Node {
  const taints = (node.spec?.taints ?? []).filter((t) => t.key !== TO_BE_DELETED_TAINT && !t.key.startsWith('node.kubernetes.io/'));
  return {
    ...node,
    spec: { ...node.spec, taints, unschedulable: false },
    status: { ...node.status, conditions: [...(node.status?.conditions ?? []).filter((c) => c.type !== 'Ready'), { type: 'Ready', status: 'True' }] },
  };
}

function templateClone(template: NodeInfo): NodeInfo {
  return template.clone();
}

/**
 * The requested share of the node's allocatable CPU and memory, whichever is higher
 * (utilization.Calculate; DaemonSet pods count, as --ignore-daemonsets-utilization is false by default).
 */
export function utilizationOf(node: Node, pods: readonly Pod[]): number {
  const alloc = nodeInfoOf(node, []).allocatable;
  let cpu = 0;
  let mem = 0;
  for (const p of pods) {
    const r = computePodResourceRequest(p);
    cpu += r.milliCPU;
    mem += r.memory;
  }
  const cpuU = alloc.milliCPU > 0 ? cpu / alloc.milliCPU : 0;
  const memU = alloc.memory > 0 ? mem / alloc.memory : 0;
  return Math.max(cpuU, memU);
}

/**
 * BinpackingNodeEstimator: place the pods on new nodes like the template, opening a node only when
 * a pod fits none of those opened so far. Returns how many new nodes.
 * SIMPLIFICATION: the pods are tried largest first (CPU plus memory share of the template).
 */
export function binpackingEstimate(pods: readonly Pod[], template: NodeInfo): number {
  const alloc = template.allocatable;
  const score = (p: Pod): number => {
    const r = computePodResourceRequest(p);
    return (alloc.milliCPU ? r.milliCPU / alloc.milliCPU : 0) + (alloc.memory ? r.memory / alloc.memory : 0);
  };
  const sorted = [...pods].sort((a, b) => score(b) - score(a));
  const opened: NodeInfo[] = [];
  for (const pod of sorted) {
    const ni = opened.find((o) => checkPredicates(pod, o).length === 0);
    if (ni) {
      ni.addPod(pod);
      continue;
    }
    const fresh = template.clone();
    if (checkPredicates(pod, fresh).length > 0) continue;
    fresh.addPod(pod);
    opened.push(fresh);
  }
  return opened.length;
}
