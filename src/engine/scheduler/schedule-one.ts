// One attempt for one pod: filter, score, pick, assume, bind; or, when no node fits, explain why
// (event and PodScheduled condition) and requeue it.
// UPSTREAM: pkg/scheduler/schedule_one.go
// SIMPLIFICATION: the binding cycle runs synchronously right after the scheduling cycle unless a
// PreBind plugin waits (VolumeBinding waiting for the PV controller): then it is resumed at later
// instants (resumeBindingCycle). Permit allows or rejects (waiting at Permit is not simulated: no
// in-tree plugin waits); no extenders; while PreBind waits the pod's
// status.nominatedNodeName is not set (NominatedNodeNameForExpectation is not modelled).

import type { Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/meta';
import { keyOf } from '../api/meta';
import { resourceForKind } from '../api/resources';
import { structuredCopy } from '../apiserver/store';
import type { Client } from '../client/clientset';
import type { Informer } from '../client/informer';
import type { EventRecorder } from '../client/record';
import type { SimClock } from '../sim/clock';
import type { Rng } from '../sim/rng';
import type { Cache } from './cache/cache';
import { CycleState } from './framework/cycle-state';
import type { NodeInfo } from './framework/node-info';
import type { Framework, NodePluginScores, PreBindOutcome } from './framework/runtime/framework';
import type { Status } from './framework/status';
import { asError, isRejected, isSuccess, messageOf, pluginOf, unresolvable } from './framework/status';
import type { JsonValue } from '../sim/clock';
import type { Diagnosis } from './framework/types';
import { addPluginStatus, fitErrorMessage, newDiagnosis } from './framework/types';
import type { PriorityQueue, QueuedPodInfo } from './queue/scheduling-queue';
import type { AttemptInput, AttemptLog } from './explain/attempts';

export const ErrNoNodesAvailable = 'no nodes available to schedule pods';

/** Below this many nodes every node is evaluated; above it, at least this many feasible nodes are sought. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** Event messages are cut to this length (the PodScheduled condition keeps the whole text). */
const MAX_EVENT_MESSAGE_LENGTH = 1024;

/** What one cycle needs from the Scheduler that owns it. */
export interface SchedulingContext {
  framework: Framework;
  cache: Cache;
  queue: PriorityQueue;
  client: Client;
  recorder: EventRecorder;
  clock: SimClock;
  rng: Rng;
  /** the pods informer: the latest version of a pod as the scheduler knows it */
  pods: Informer<KubeObject>;
  /** where the next cycle starts walking the node list, so every node gets its turn */
  cursor: { nextStartNodeIndex: number };
  /** keeps each attempt for explanations (the scheduler panel) */
  log?: AttemptLog;
  /** unbound pods whose status.nominatedNodeName is this node (the PodNominator) */
  nominatedPodsOn?: (nodeName: string) => readonly Pod[];
  /**
   * A PreBind plugin must wait: keep `w` and call resumeBindingCycle later (on a poll tick after a
   * relevant change, or at the deadline). `record` logs the attempt once the binding cycle ends.
   * Absent: waiting is not possible and the binding cycle fails.
   */
  onPreBindWait?: (w: WaitingBinding, record: AttemptRecorder) => void;
}

/** Logs a finished attempt (the scheduling cycle's explanation is already bound in). */
export type AttemptRecorder = (r: { result: AttemptInput['result']; node?: string; message: string }) => void;

/**
 * A binding cycle parked on a PreBind plugin. Plain JSON: it is part of the scheduler's saved state.
 * The cycle's CycleState is not kept: resuming uses the plugin's token and a fresh state.
 */
export interface WaitingBinding {
  pInfo: QueuedPodInfo;
  podCycle: number;
  host: string;
  schedulerName: string;
  /** the waiting plugin: its index among the profile's PreBind plugins, and its name */
  pluginIndex: number;
  plugin: string;
  token: JsonValue;
  /** sim ms when PreBind first waited; checks fall on startedMs + k * pollMs */
  startedMs: number;
  pollMs: number;
  deadlineMs: number;
  /** the next check already scheduled, if any */
  checkAtMs?: number;
}

export interface ScheduleResult {
  suggestedHost: string;
  /** nodes filtered: the feasible ones plus the rejected ones */
  evaluatedNodes: number;
  feasibleNodes: number;
  /** per node and plugin, when more than one node was feasible */
  scores?: NodePluginScores[];
  /** the feasible nodes' names, and every rejection (for explanations) */
  feasible: string[];
  diagnosis: Diagnosis;
  /** the pod's nominated node was tried first and fitted: no other node was looked at */
  nominatedFastPath: boolean;
}

export type ScheduleOutcome =
  | { kind: 'scheduled'; result: ScheduleResult }
  | { kind: 'unschedulable'; numAllNodes: number; diagnosis: Diagnosis }
  | { kind: 'error'; message: string };

/** How the failure handler should set status.nominatedNodeName: undefined leaves it alone. */
type NominatingInfo = { nominatedNodeName: string } | undefined;

interface Failure {
  /** Unschedulable (rejected by plugins) rather than an error */
  rejected: boolean;
  message: string;
  unschedulablePlugins: string[];
}

/** Run one pod through the scheduling and binding cycles. */
export function scheduleOne(ctx: SchedulingContext, pInfo: QueuedPodInfo): void {
  const pod = pInfo.pod;
  const podCycle = ctx.queue.currentSchedulingCycle;
  if (skipPodSchedule(ctx, pod)) return;

  const state = new CycleState();
  const snapshot = ctx.cache.snapshot();
  ctx.framework.setSnapshot(snapshot);
  const outcome = schedulePod(ctx, state, pod);
  const fw = ctx.framework;
  const record = (r: Omit<AttemptInput, 'pod' | 'atMs' | 'cycle' | 'attempt' | 'schedulerName' | 'nodes' | 'filterPlugins' | 'scorePlugins'>) =>
    ctx.log?.record({
      pod,
      atMs: ctx.clock.now(),
      cycle: podCycle,
      attempt: pInfo.attempts,
      schedulerName: fw.profile.schedulerName,
      // The snapshot's list is replaced, never changed, when nodes come and go: keep the reference.
      nodes: snapshot.list(),
      filterPlugins: fw.filterPlugins.map((p) => p.name),
      scorePlugins: fw.scorePlugins.map((p) => p.plugin.name),
      ...r,
    });

  if (outcome.kind === 'error') {
    handleSchedulingFailure(ctx, pInfo, podCycle, { rejected: false, message: outcome.message, unschedulablePlugins: [] }, undefined);
    record({ result: 'Error', message: outcome.message, feasible: [] });
    return;
  }
  if (outcome.kind === 'unschedulable') {
    const { diagnosis, numAllNodes } = outcome;
    let nominating: NominatingInfo;
    let preemption: AttemptInput['preemption'];
    if (fw.hasPostFilterPlugins()) {
      // PostFilter (preemption) tries to make room for a later cycle; its message follows the histogram.
      const r = fw.runPostFilterPlugins(state, pod, diagnosis.nodeToStatus);
      diagnosis.postFilterMsg = messageOf(r.status);
      if (r.nominatedNodeName !== undefined) nominating = { nominatedNodeName: r.nominatedNodeName };
      preemption = { status: r.status, ...(r.nominatedNodeName ? { nominatedNode: r.nominatedNodeName } : {}), ...(r.victims ? { victims: r.victims } : {}) };
    }
    const failure = { rejected: true, message: fitErrorMessage(numAllNodes, diagnosis), unschedulablePlugins: [...diagnosis.unschedulablePlugins] };
    handleSchedulingFailure(ctx, pInfo, podCycle, failure, nominating);
    record({ result: 'Unschedulable', message: failure.message, feasible: [], diagnosis, ...(preemption ? { preemption } : {}) });
    return;
  }
  const explained = {
    feasible: outcome.result.feasible,
    diagnosis: outcome.result.diagnosis,
    nominatedFastPath: outcome.result.nominatedFastPath,
    ...(outcome.result.scores ? { scores: outcome.result.scores } : {}),
  };

  // Assume: count the pod on the chosen node now, so the next cycle sees the room as taken even
  // though the informer has not reported the binding yet.
  const host = outcome.result.suggestedHost;
  const assumed: Pod = { ...pod, spec: { ...pod.spec!, nodeName: host } };
  ctx.cache.assumePod(assumed);
  const recordEnd: AttemptRecorder = (r) => record({ ...r, ...explained });

  // Reserve: plugins account for the pod in their own caches (VolumeBinding assumes its bindings).
  const reserved = fw.runReservePluginsReserve(state, assumed, host);
  if (!isSuccess(reserved)) {
    fw.runReservePluginsUnreserve(state, assumed, host);
    ctx.cache.forgetPod(assumed);
    let failure: Failure;
    if (isRejected(reserved)) {
      // A rejection at Reserve is reported as the chosen node not fitting (FitError with one node).
      const d = newDiagnosis();
      d.nodeToStatus.set(host, reserved);
      addPluginStatus(d, reserved);
      failure = { rejected: true, message: fitErrorMessage(1, d), unschedulablePlugins: [...d.unschedulablePlugins] };
    } else {
      failure = { rejected: false, message: messageOf(reserved), unschedulablePlugins: [] };
    }
    handleSchedulingFailure(ctx, pInfo, podCycle, failure, { nominatedNodeName: '' });
    recordEnd({ result: failure.rejected ? 'Unschedulable' : 'Error', message: failure.message });
    return;
  }

  // Permit: a plugin may still reject the reserved node (none does in the default profile).
  const permitted = fw.runPermitPlugins(state, assumed, host);
  if (!isSuccess(permitted)) {
    fw.runReservePluginsUnreserve(state, assumed, host);
    ctx.cache.forgetPod(assumed);
    const failure: Failure = isRejected(permitted)
      ? { rejected: true, message: messageOf(permitted), unschedulablePlugins: [pluginOf(permitted) ?? ''].filter(Boolean) }
      : { rejected: false, message: messageOf(permitted), unschedulablePlugins: [] };
    handleSchedulingFailure(ctx, pInfo, podCycle, failure, { nominatedNodeName: '' });
    recordEnd({ result: failure.rejected ? 'Unschedulable' : 'Error', message: failure.message });
    return;
  }

  // The binding cycle: PreBind (may wait), then Bind.
  const bc: BindingCycle = { pInfo, podCycle, assumed, host };
  const preFlight = fw.runPreBindPreFlights(state, assumed, host);
  if (preFlight.code === 'Error' || isRejected(preFlight)) {
    handleBindingCycleError(ctx, bc, state, preFlight, recordEnd);
    return;
  }
  continueBindingCycle(ctx, bc, state, fw.runPreBindPlugins(state, assumed, host), recordEnd);
}

/** What the binding cycle of one pod works on. */
interface BindingCycle {
  pInfo: QueuedPodInfo;
  podCycle: number;
  /** the pod with spec.nodeName set to `host`, as the cache holds it */
  assumed: Pod;
  host: string;
}

/** After PreBind: park the cycle when a plugin waits, fail it on an error, else Bind. */
function continueBindingCycle(ctx: SchedulingContext, bc: BindingCycle, state: CycleState, outcome: PreBindOutcome, record: AttemptRecorder): void {
  if (outcome.code === 'Error') {
    handleBindingCycleError(ctx, bc, state, outcome.status, record);
    return;
  }
  if (outcome.code === 'Wait') {
    if (!ctx.onPreBindWait) {
      handleBindingCycleError(ctx, bc, state, asError(`running PreBind plugin "${outcome.plugin}": waiting is not supported here`), record);
      return;
    }
    const now = ctx.clock.now();
    ctx.onPreBindWait({
      pInfo: bc.pInfo,
      podCycle: bc.podCycle,
      host: bc.host,
      schedulerName: ctx.framework.profile.schedulerName,
      pluginIndex: outcome.index,
      plugin: outcome.plugin,
      token: outcome.token,
      startedMs: now,
      pollMs: outcome.pollMs,
      deadlineMs: now + outcome.timeoutMs,
    }, record);
    return;
  }
  bind(ctx, bc, state, record);
}

/**
 * Resume a binding cycle parked on a PreBind plugin: ask the plugin again (`timedOut` once its
 * deadline passed). Returns true while it still waits (`w.token` is updated), false once the cycle
 * ended (bound, or failed and the pod requeued).
 */
export function resumeBindingCycle(ctx: SchedulingContext, w: WaitingBinding, timedOut: boolean, record: AttemptRecorder = () => {}): boolean {
  const assumed: Pod = { ...w.pInfo.pod, spec: { ...w.pInfo.pod.spec!, nodeName: w.host } };
  const bc: BindingCycle = { pInfo: w.pInfo, podCycle: w.podCycle, assumed, host: w.host };
  const state = new CycleState();
  const outcome = ctx.framework.resumePreBindPlugin(w.pluginIndex, w.token, state, assumed, w.host, timedOut);
  if (outcome.code === 'Wait') {
    w.token = outcome.token;
    return true;
  }
  continueBindingCycle(ctx, bc, state, outcome, record);
  return false;
}

/** Bind (DefaultBinder): POST pods/<name>/binding. */
function bind(ctx: SchedulingContext, bc: BindingCycle, state: CycleState, record: AttemptRecorder): void {
  const pod = bc.pInfo.pod;
  const ns = pod.metadata?.namespace ?? 'default';
  const name = pod.metadata?.name ?? '';
  const res = ctx.client.bind(ns, name, bc.host);
  if (!res.ok) {
    handleBindingCycleError(ctx, bc, state, asError(`running Bind plugin "DefaultBinder": ${res.status.message}`), record);
    return;
  }
  const message = `Successfully assigned ${ns}/${name} to ${bc.host}`;
  ctx.recorder.event(pod as unknown as KubeObject, 'Normal', 'Scheduled', message);
  record({ result: 'Scheduled', node: bc.host, message });
}

/**
 * handleBindingCycleError: undo Reserve, forget the assumed pod (its room is free again: a pod-delete
 * event for the queue) and fail the attempt, clearing status.nominatedNodeName.
 */
function handleBindingCycleError(ctx: SchedulingContext, bc: BindingCycle, state: CycleState, status: Status, record: AttemptRecorder): void {
  ctx.framework.runReservePluginsUnreserve(state, bc.assumed, bc.host);
  ctx.cache.forgetPod(bc.assumed);
  const message = messageOf(status);
  const rejected = isRejected(status);
  handleSchedulingFailure(ctx, bc.pInfo, bc.podCycle, { rejected, message, unschedulablePlugins: rejected && status.plugin ? [status.plugin] : [] }, { nominatedNodeName: '' });
  ctx.queue.moveAllToActiveOrBackoffQueue('AssignedPodDelete', bc.assumed, undefined);
  record({ result: rejected ? 'Unschedulable' : 'Error', message });
}

/** A pod being deleted, or one this scheduler already bound, is not scheduled (again). */
function skipPodSchedule(ctx: SchedulingContext, pod: Pod): boolean {
  return !!pod.metadata?.deletionTimestamp || ctx.cache.isAssumedPod(pod);
}

/**
 * Find the node for the pod: filter, then (with several feasible nodes) score and pick.
 * The framework's snapshot must be set.
 */
export function schedulePod(ctx: SchedulingContext, state: CycleState, pod: Pod): ScheduleOutcome {
  const all = ctx.framework.snapshotSharedLister().list();
  if (all.length === 0) return { kind: 'error', message: ErrNoNodesAvailable };
  const found = findNodesThatFitPod(ctx, state, pod);
  if ('error' in found) return { kind: 'error', message: found.error };
  const { feasible, diagnosis, nominatedFastPath } = found;
  if (feasible.length === 0) return { kind: 'unschedulable', numAllNodes: all.length, diagnosis };
  const evaluatedNodes = feasible.length + diagnosis.nodeToStatus.size;
  const explained = { feasible: feasible.map((ni) => ni.name), diagnosis, nominatedFastPath };
  if (feasible.length === 1) {
    return { kind: 'scheduled', result: { suggestedHost: feasible[0].name, evaluatedNodes, feasibleNodes: 1, ...explained } };
  }
  const scores = prioritizeNodes(ctx.framework, state, pod, feasible);
  if (!Array.isArray(scores)) return { kind: 'error', message: messageOf(scores) };
  return { kind: 'scheduled', result: { suggestedHost: selectHost(scores, ctx.rng), evaluatedNodes, feasibleNodes: feasible.length, scores, ...explained } };
}

/** PreFilter, then Filter over the nodes (a nominated node first), recording every rejection. */
export function findNodesThatFitPod(ctx: SchedulingContext, state: CycleState, pod: Pod): { feasible: NodeInfo[]; diagnosis: Diagnosis; nominatedFastPath: boolean } | { error: string } {
  const fw = ctx.framework;
  const lister = fw.snapshotSharedLister();
  const all = lister.list();
  const diagnosis = newDiagnosis();

  const pre = fw.runPreFilterPlugins(state, pod);
  for (const p of pre.unschedulablePlugins) diagnosis.unschedulablePlugins.add(p);
  if (!isSuccess(pre.status)) {
    if (!isRejected(pre.status)) return { error: messageOf(pre.status) };
    // Every node shares the PreFilter's verdict; the message names it once instead of per node.
    diagnosis.nodeToStatus.absentNodesStatus = pre.status;
    diagnosis.preFilterMsg = messageOf(pre.status);
    addPluginStatus(diagnosis, pre.status);
    return { feasible: [], diagnosis, nominatedFastPath: false };
  }

  // A pod that preempted before tries its nominated node first.
  const nominated = pod.status?.nominatedNodeName;
  if (nominated) {
    const ni = lister.get(nominated);
    if (ni && (!pre.nodeNames || pre.nodeNames.has(nominated)) && isSuccess(filterWithNominated(ctx, state, pod, ni))) {
      return { feasible: [ni], diagnosis, nominatedFastPath: true };
    }
  }

  let nodes = all;
  if (pre.nodeNames) {
    const names = pre.nodeNames;
    nodes = all.filter((ni) => names.has(ni.name));
    diagnosis.nodeToStatus.absentNodesStatus = unresolvable(`node(s) didn't satisfy plugin(s) [${[...diagnosis.unschedulablePlugins].sort().join(' ')}]`);
  }
  const passed = findNodesThatPassFilters(ctx, state, pod, diagnosis, nodes);
  // Move the starting point on by what this cycle looked at, so the next pod starts elsewhere.
  const processed = ('error' in passed ? 0 : passed.length) + diagnosis.nodeToStatus.size;
  ctx.cursor.nextStartNodeIndex = (ctx.cursor.nextStartNodeIndex + processed) % all.length;
  if ('error' in passed) return passed;
  return { feasible: passed, diagnosis, nominatedFastPath: false };
}

/**
 * How many feasible nodes are enough (numFeasibleNodesToFind). Under 100 nodes: all of them.
 * Otherwise percentageOfNodesToScore, whose default (0) is adaptive: 50% - nodes/125, at least 5%,
 * and never fewer than 100 nodes. Example: 5000 nodes -> 50 - 40 = 10% -> 500 nodes.
 */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return numNodes < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : numNodes;
}

function findNodesThatPassFilters(
  ctx: SchedulingContext, state: CycleState, pod: Pod, diagnosis: Diagnosis, nodes: readonly NodeInfo[],
): NodeInfo[] | { error: string } {
  const numAll = nodes.length;
  const numToFind = numFeasibleNodesToFind(ctx.framework.profile.percentageOfNodesToScore, numAll);
  const feasible: NodeInfo[] = [];
  for (let i = 0; i < numAll && feasible.length < numToFind; i++) {
    const ni = nodes[(ctx.cursor.nextStartNodeIndex + i) % numAll];
    const s = filterWithNominated(ctx, state, pod, ni);
    if (isSuccess(s)) {
      feasible.push(ni);
      continue;
    }
    if (!isRejected(s)) return { error: messageOf(s) };
    diagnosis.nodeToStatus.set(ni.name, s);
    addPluginStatus(diagnosis, s);
  }
  return feasible;
}

function filterWithNominated(ctx: SchedulingContext, state: CycleState, pod: Pod, ni: NodeInfo): Status {
  const nominated = ctx.nominatedPodsOn?.(ni.name);
  return nominated && nominated.length ? ctx.framework.runFilterPluginsWithNominatedPods(state, pod, ni, nominated) : ctx.framework.runFilterPlugins(state, pod, ni);
}

/** PreScore, then Score: every feasible node's weighted plugin scores and their total. */
export function prioritizeNodes(fw: Framework, state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): NodePluginScores[] | Status {
  const pre = fw.runPreScorePlugins(state, pod, nodes);
  if (!isSuccess(pre)) return pre;
  return fw.runScorePlugins(state, pod, nodes);
}

/**
 * The node with the highest total; among equals, each is equally likely (reservoir sampling with the
 * scheduler's seeded Rng, as upstream does with math/rand).
 */
export function selectHost(scores: readonly NodePluginScores[], rng: { int(n: number): number }): string {
  if (scores.length === 0) throw new Error('empty priorityList');
  let selected = 0;
  let max = scores[0].totalScore;
  let count = 1;
  for (let i = 1; i < scores.length; i++) {
    const s = scores[i].totalScore;
    if (s > max) {
      max = s;
      selected = i;
      count = 1;
    } else if (s === max) {
      count++;
      if (rng.int(count) === 0) selected = i;
    }
  }
  return scores[selected].name;
}

/**
 * Requeue the pod (unless it is gone or was bound meanwhile), record FailedScheduling and set
 * PodScheduled=False with the same message.
 */
function handleSchedulingFailure(ctx: SchedulingContext, pInfo: QueuedPodInfo, podCycle: number, failure: Failure, nominating: NominatingInfo): void {
  const pod = pInfo.pod;
  const cached = ctx.pods.get(keyOf(pod.metadata ?? {})) as Pod | undefined;
  // Requeue first: the status write below comes back as an update event, which must find the pod queued.
  if (cached && !cached.spec?.nodeName) {
    ctx.queue.addUnschedulableIfNotPresent({ ...pInfo, pod: cached, unschedulablePlugins: failure.unschedulablePlugins }, podCycle);
  }
  ctx.recorder.event(pod as unknown as KubeObject, 'Warning', 'FailedScheduling', truncateMessage(failure.message));
  updatePod(ctx, pod, {
    type: 'PodScheduled',
    status: 'False',
    reason: failure.rejected ? 'Unschedulable' : 'SchedulerError',
    message: failure.message,
  }, nominating);
}

/** truncateMessage: keep events under the API's limit, ending in " ..." when cut. */
export function truncateMessage(message: string): string {
  if (message.length <= MAX_EVENT_MESSAGE_LENGTH) return message;
  const suffix = ' ...';
  return message.slice(0, MAX_EVENT_MESSAGE_LENGTH - suffix.length) + suffix;
}

/**
 * Patch the pod's status: the condition (only if it changed) and nominatedNodeName (only if asked).
 * SIMPLIFICATION: a pod that is bound by now (someone else bound it during the cycle) is left alone;
 * upstream would still patch PodScheduled=False onto it.
 */
function updatePod(ctx: SchedulingContext, pod: Pod, condition: Omit<PodCondition, 'lastTransitionTime' | 'lastProbeTime'>, nominating: NominatingInfo): void {
  const podsResource = resourceForKind('Pod')!;
  const live = ctx.client.get(podsResource, pod.metadata?.namespace, pod.metadata?.name ?? '') as (Pod & KubeObject) | undefined;
  if (!live || live.spec?.nodeName) return;
  const status = structuredCopy(live.status ?? {}) as PodStatus & { nominatedNodeName?: string };
  const conditionChanged = updatePodCondition(status, condition, ctx.client.timestamp());
  const nnnChanged = nominating !== undefined && (status.nominatedNodeName ?? '') !== nominating.nominatedNodeName;
  if (!conditionChanged && !nnnChanged) return;
  if (nnnChanged) {
    if (nominating.nominatedNodeName) status.nominatedNodeName = nominating.nominatedNodeName;
    else delete status.nominatedNodeName;
  }
  const { resourceVersion: _rv, ...metadata } = live.metadata;
  ctx.client.updateStatus({ ...live, metadata, status } as KubeObject);
}

/**
 * podutil.UpdatePodCondition: set or replace the condition; lastTransitionTime moves only when the
 * status flips. Returns whether anything changed.
 */
export function updatePodCondition(status: PodStatus, c: Omit<PodCondition, 'lastTransitionTime' | 'lastProbeTime'>, now: string): boolean {
  const conditions = (status.conditions ??= []);
  const i = conditions.findIndex((x) => x.type === c.type);
  const old = i >= 0 ? conditions[i] : undefined;
  const next: PodCondition = {
    type: c.type,
    status: c.status,
    lastProbeTime: null as unknown as undefined,
    lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : now,
    ...(c.reason ? { reason: c.reason } : {}),
    ...(c.message ? { message: c.message } : {}),
  };
  if (!old) {
    conditions.push(next);
    return true;
  }
  const same = old.status === next.status && old.reason === next.reason && old.message === next.message &&
    old.lastTransitionTime === next.lastTransitionTime && (old.lastProbeTime ?? null) === null;
  conditions[i] = next;
  return !same;
}
