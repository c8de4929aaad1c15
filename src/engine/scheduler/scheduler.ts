// kube-scheduler: watches pods and nodes, keeps its cache and queue, and places each pending pod of
// `schedulerName: default-scheduler` on a node (or explains why none fits).
// UPSTREAM: pkg/scheduler/scheduler.go (New, Run), cmd/kube-scheduler
// Every profile of its KubeSchedulerConfiguration is a framework serving one schedulerName; they share
// the queue and the cache, as upstream.
// SIMPLIFICATION: the informers are shared with the rest of the World and are read lazily on first use
// (the World lists them into their caches after starting components). Reconfiguring swaps the
// frameworks in place and retries every pending pod, as a restarted kube-scheduler would.

import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/meta';
import { keyOf } from '../api/meta';
import { resourceForKind } from '../api/resources';
import type { Client } from '../client/clientset';
import type { Informer, SharedInformerFactory } from '../client/informer';
import type { EventRecorder } from '../client/record';
import type { JsonValue, SimClock } from '../sim/clock';
import type { Rng } from '../sim/rng';
import { Cache, type CacheState } from './cache/cache';
import * as handlers from './eventhandlers';
import { CycleState } from './framework/cycle-state';
import type { ObjectLister, PreFilterResult } from './framework/interface';
import type { NodeInfo } from './framework/node-info';
import { podKey } from './framework/node-info';
import { Framework, type NodePluginScores } from './framework/runtime/framework';
import type { Status } from './framework/status';
import { isRejected, isSkip, isSuccess, reasonsOf, unresolvable, withPlugin } from './framework/status';
import type { PlacementVerdict, PluginVerdict } from './framework/verdict';
import type { PreemptionActions } from './plugins/defaultpreemption/default-preemption';
import { defaultProfile, inTreeRegistry, type Profile } from './plugins/registry';
import type { SchedulerConfig } from './apis/config/config';
import { PriorityQueue, TIMER_TARGET, type QueueName, type SchedulingQueueState } from './queue/scheduling-queue';
import { prioritizeNodes, resumeBindingCycle, scheduleOne, type AttemptRecorder, type SchedulingContext, type WaitingBinding } from './schedule-one';
import type { ClusterEventLabel } from './framework/events';
import { VolumeBinder, type VolumeBinderState } from './plugins/volumebinding/binder';
import { AttemptLog, DEFAULT_ATTEMPT_LOG_CAPACITY, type AttemptDetail, type AttemptSummary } from './explain/attempts';

export { TIMER_TARGET };

/** The pods informer's index of unbound pods by status.nominatedNodeName (upstream's PodNominator). */
const NOMINATED_INDEX = 'nominatedNodeName';
const NO_PODS: readonly Pod[] = Object.freeze([]);

/** Resources whose informers plugins read (ObjectLister); pods and nodes for the volume binder. */
const LISTED_RESOURCES = ['namespaces', 'services', 'replicasets', 'statefulsets', 'replicationcontrollers', 'poddisruptionbudgets', 'priorityclasses',
  'persistentvolumeclaims', 'persistentvolumes', 'storageclasses', 'csinodes', 'pods', 'nodes'];

/** Storage informers whose changes may make a parked pod schedulable: (resource, add event, update event). */
const STORAGE_EVENTS: ReadonlyArray<readonly [string, ClusterEventLabel, ClusterEventLabel]> = [
  ['persistentvolumeclaims', 'PersistentVolumeClaimAdd', 'PersistentVolumeClaimUpdate'],
  ['persistentvolumes', 'PersistentVolumeAdd', 'PersistentVolumeUpdate'],
  ['storageclasses', 'StorageClassAdd', 'StorageClassUpdate'],
  ['csinodes', 'CSINodeAdd', 'CSINodeUpdate'],
];

/** Scheduler timers of a binding cycle waiting on PreBind: a check, and the plugin's deadline. */
type BindingTimer = { op: 'preBindCheck' | 'preBindTimeout'; pod: string; uid: string };

export interface SchedulerDeps {
  informers: SharedInformerFactory;
  /** writes as 'kube-scheduler' */
  client: Client;
  /** events from 'default-scheduler' */
  recorder: EventRecorder;
  /** events from another profile's schedulerName (default: `recorder`) */
  recorderFor?: (schedulerName: string) => EventRecorder;
  clock: SimClock;
  /** breaks score ties */
  rng: Rng;
  profile?: Profile;
  /** all profiles (overrides `profile`) */
  config?: SchedulerConfig;
  /** how many attempts to keep for explanations (0 = none); default DEFAULT_ATTEMPT_LOG_CAPACITY */
  attemptLogCapacity?: number;
}

/** Everything a restored scheduler needs to continue identically (plain JSON). */
export interface SchedulerState {
  queue: SchedulingQueueState;
  cache: CacheState;
  nextStartNodeIndex: number;
  /** the configuration last applied (absent: the defaults) */
  config?: SchedulerConfig;
  /** binding cycles parked on a PreBind plugin (VolumeBinding waiting for the PV controller) */
  waitingBindings?: WaitingBinding[];
  /** the volume binder's assumed PersistentVolumes and claims */
  volumeBinder?: VolumeBinderState;
}

/** A pending pod and the scheduling queue that holds it. */
export interface QueuedPod {
  podKey: string;
  queue: QueueName;
  attempts: number;
  unschedulablePlugins: string[];
}

/** One node's verdict for a pod, with the score breakdown when it is feasible (for explanations). */
export interface NodeReport {
  verdict: PlacementVerdict;
  scores?: NodePluginScores;
}

export class Scheduler {
  readonly name = handlers.DEFAULT_SCHEDULER_NAME;
  /** one per profile, by schedulerName; the first is used to explain pods no profile serves */
  private frameworks = new Map<string, Framework>();
  private config: SchedulerConfig;
  private readonly objects: ObjectLister;
  private readonly preemption: PreemptionActions;
  private readonly cache: Cache;
  private readonly queue: PriorityQueue;
  private readonly pods: Informer<KubeObject>;
  private readonly nodes: Informer<KubeObject>;
  private readonly cursor: { nextStartNodeIndex: number };
  private readonly restored: boolean;
  private readonly log: AttemptLog;
  private synced = false;
  private readonly volumeBinder: VolumeBinder;
  private readonly waitingBindings: WaitingBinding[];
  /** how each waiting binding logs its attempt when it ends (a diagnostic: not saved) */
  private readonly waitingRecorders = new Map<string, AttemptRecorder>();

  constructor(private readonly deps: SchedulerDeps, state?: SchedulerState) {
    const preemption: PreemptionActions = {
      preemptPod: (v, p, n) => this.preemptPod(v, p, n),
      clearNominatedNodeName: (p) => this.clearNominatedNodeName(p),
    };
    const watched = new Map(LISTED_RESOURCES.map((r) => [r, deps.informers.informerFor<KubeObject>(r)]));
    const objects: ObjectLister = {
      list: (resource, namespace) => watched.get(resource)?.list(namespace) ?? [],
      get: (resource, namespace, name) => watched.get(resource)?.get(namespace ? `${namespace}/${name}` : name),
    };
    this.objects = objects;
    this.preemption = preemption;
    this.volumeBinder = new VolumeBinder(() => this.objects, deps.client, state?.volumeBinder);
    this.waitingBindings = structuredCopyWaiting(state?.waitingBindings);
    this.config = state?.config ?? deps.config ?? { profiles: [deps.profile ?? defaultProfile] };
    this.buildFrameworks(this.config);
    this.cache = new Cache(state?.cache);
    this.queue = new PriorityQueue(deps.clock, (plugin) => this.eventsFor(plugin), state?.queue);
    this.cursor = { nextStartNodeIndex: state?.nextStartNodeIndex ?? 0 };
    this.log = new AttemptLog(deps.attemptLogCapacity ?? DEFAULT_ATTEMPT_LOG_CAPACITY);
    this.restored = state !== undefined;
    this.pods = deps.informers.informerFor<KubeObject>('pods');
    this.pods.addIndexer(NOMINATED_INDEX, (p) => {
      const pod = p as Pod & { status?: { nominatedNodeName?: string } };
      return !pod.spec?.nodeName && pod.status?.nominatedNodeName && !pod.metadata?.deletionTimestamp ? [pod.status.nominatedNodeName] : [];
    });
    this.nodes = deps.informers.informerFor<KubeObject>('nodes');
  }

  private buildFrameworks(config: SchedulerConfig): void {
    const frameworks = new Map<string, Framework>();
    // Most cycles have no nominated pod anywhere: answer without building a list per node.
    const nominator = (nodeName: string): readonly Pod[] =>
      this.pods.hasIndexEntries(NOMINATED_INDEX) ? (this.pods.byIndex(NOMINATED_INDEX, nodeName) as Pod[]) : NO_PODS;
    for (const profile of config.profiles) {
      frameworks.set(profile.schedulerName, new Framework(profile, inTreeRegistry, this.preemption, this.objects, nominator, { volumeBinder: this.volumeBinder }));
    }
    this.frameworks = frameworks;
  }

  /** The cluster events after which a pod `plugin` rejected may fit (any profile's instance of it). */
  private eventsFor(plugin: string) {
    for (const fw of this.frameworks.values()) {
      const ev = fw.eventsToRegister(plugin);
      if (ev.length) return ev;
    }
    return [];
  }

  /** The framework of the pod's schedulerName, or the first profile's (to explain pods no profile serves). */
  private frameworkFor(pod: Pod): Framework {
    return this.frameworks.get(pod.spec?.schedulerName ?? handlers.DEFAULT_SCHEDULER_NAME) ?? this.frameworks.values().next().value!;
  }

  private readonly responsible = (pod: Pod): boolean => this.frameworks.has(pod.spec?.schedulerName ?? handlers.DEFAULT_SCHEDULER_NAME);

  /** The configuration the scheduler runs (profiles after defaulting). */
  configuration(): SchedulerConfig {
    return this.config;
  }

  /**
   * Run with another configuration, as kube-scheduler restarted with a new --config: new frameworks,
   * pods of schedulerNames now served join the queue, and every pending pod is retried.
   */
  reconfigure(config: SchedulerConfig): void {
    this.ensureSynced();
    this.config = config;
    this.buildFrameworks(config);
    const t = this.handlerTarget();
    for (const obj of this.pods.list()) {
      const pod = obj as Pod;
      if (!handlers.isVisible(pod) || handlers.assignedPod(pod) || this.cache.isAssumedPod(pod)) continue;
      if (!this.responsible(pod)) this.queue.delete(pod);
      else if (!this.queue.where(keyOf(pod.metadata ?? {}))) handlers.addPod(t, pod);
    }
    this.queue.moveAllToActiveOrBackoffQueue('UnschedulableTimeout');
  }

  private handlerTarget(): handlers.HandlerTarget {
    return { cache: this.cache, queue: this.queue, responsible: this.responsible };
  }

  /** Register the informer handlers. Handlers only update the cache and the queue. */
  start(): void {
    const t = this.handlerTarget();
    this.nodes.addEventHandler({
      add: (n) => { this.ensureSynced(); handlers.addNode(t, n as never); },
      update: (o, n) => { this.ensureSynced(); handlers.updateNode(t, o as never, n as never); },
      delete: (n) => { this.ensureSynced(); handlers.deleteNode(t, n as never); },
    });
    this.pods.addEventHandler({
      add: (p) => { this.ensureSynced(); handlers.addPod(t, p as never); },
      update: (o, p) => { this.ensureSynced(); handlers.updatePod(t, o as never, p as never); },
      delete: (p) => { this.ensureSynced(); handlers.deletePod(t, p as never); this.pokeWaitingBindings(); },
    });
    this.nodes.addEventHandler({ update: () => this.pokeWaitingBindings() });
    for (const [resource, addEvent, updateEvent] of STORAGE_EVENTS) {
      this.deps.informers.informerFor<KubeObject>(resource).addEventHandler({
        add: (o) => { this.ensureSynced(); this.queue.moveAllToActiveOrBackoffQueue(addEvent, undefined, o); this.pokeWaitingBindings(); },
        update: (old, o) => { this.ensureSynced(); this.queue.moveAllToActiveOrBackoffQueue(updateEvent, old, o); this.pokeWaitingBindings(); },
        delete: () => this.pokeWaitingBindings(),
      });
    }
  }

  /**
   * A binding cycle parks on a PreBind plugin: check it on its first poll tick, and again on the next
   * tick after any change it may be waiting for; give up at its deadline. Upstream polls every
   * pollMs; checking only on the ticks after a change gives the same answers, since nothing it
   * reads changes otherwise.
   */
  private parkBinding(w: WaitingBinding, record: AttemptRecorder): void {
    this.waitingBindings.push(w);
    const key = keyOf(w.pInfo.pod.metadata ?? {});
    const uid = w.pInfo.pod.metadata?.uid ?? '';
    this.waitingRecorders.set(uid, record);
    w.checkAtMs = w.startedMs + w.pollMs;
    this.deps.clock.schedule(w.pollMs, TIMER_TARGET, { op: 'preBindCheck', pod: key, uid } satisfies BindingTimer);
    this.deps.clock.schedule(w.deadlineMs - this.deps.clock.now(), TIMER_TARGET, { op: 'preBindTimeout', pod: key, uid } satisfies BindingTimer);
  }

  /** Something a waiting binding reads changed: check it at its next poll tick. */
  private pokeWaitingBindings(): void {
    const now = this.deps.clock.now();
    for (const w of this.waitingBindings) {
      if (w.checkAtMs !== undefined) continue;
      const at = w.startedMs + Math.max(1, Math.ceil((now - w.startedMs) / w.pollMs)) * w.pollMs;
      w.checkAtMs = at;
      this.deps.clock.schedule(at - now, TIMER_TARGET, { op: 'preBindCheck', pod: keyOf(w.pInfo.pod.metadata ?? {}), uid: w.pInfo.pod.metadata?.uid ?? '' } satisfies BindingTimer);
    }
  }

  private handleBindingTimer(t: BindingTimer): void {
    const i = this.waitingBindings.findIndex((w) => (w.pInfo.pod.metadata?.uid ?? '') === t.uid);
    if (i < 0) return; // the cycle ended already: a stale timer
    const w = this.waitingBindings[i];
    const now = this.deps.clock.now();
    if (t.op === 'preBindCheck') {
      if (w.checkAtMs === undefined || w.checkAtMs > now) return;
      delete w.checkAtMs;
    }
    const timedOut = now >= w.deadlineMs;
    if (t.op === 'preBindTimeout' && !timedOut) return;
    const fw = this.frameworks.get(w.schedulerName) ?? this.frameworkFor(w.pInfo.pod);
    if (resumeBindingCycle(this.context(fw), w, timedOut, this.waitingRecorders.get(t.uid))) return;
    this.waitingBindings.splice(i, 1);
    this.waitingRecorders.delete(t.uid);
  }

  /** Schedule every pod in activeQ (including pods moved there meanwhile). Returns how many were attempted. */
  runOnce(): number {
    this.ensureSynced();
    let n = 0;
    for (let p = this.queue.pop(); p; p = this.queue.pop()) {
      n++;
      scheduleOne(this.context(this.frameworkFor(p.pod)), p);
    }
    return n;
  }

  /** Pods are waiting in activeQ (backoff and parked pods wait for timers or events). */
  hasWork(): boolean {
    this.ensureSynced();
    return this.queue.activeLength > 0;
  }

  /** Timers with target 'scheduler': backoff expiry and the unschedulable-pods flush. */
  handleTimer(payload: JsonValue): void {
    this.ensureSynced();
    const op = (payload as { op?: string } | null)?.op;
    if (op === 'preBindCheck' || op === 'preBindTimeout') this.handleBindingTimer(payload as BindingTimer);
    else this.queue.handleTimer(payload);
  }

  save(): SchedulerState {
    this.ensureSynced();
    return {
      queue: this.queue.save(),
      cache: this.cache.save(),
      nextStartNodeIndex: this.cursor.nextStartNodeIndex,
      config: this.config,
      ...(this.waitingBindings.length ? { waitingBindings: structuredCopyWaiting(this.waitingBindings) } : {}),
      volumeBinder: this.volumeBinder.save(),
    };
  }

  /**
   * Could `pod` go on `nodeName` now? Runs PreFilter and every Filter plugin on that one node with the
   * current cache and reports each plugin's status (not stopping at the first rejection). Changes nothing.
   */
  checkPlacement(pod: Pod, nodeName: string): PlacementVerdict {
    this.ensureSynced();
    const snapshot = this.cache.snapshot();
    const live = snapshot.get(nodeName);
    if (!live) return { fits: false, nodeName, plugins: [], message: `nodes "${nodeName}" not found` };
    // A pod already counted on the node (it is bound there) must not be counted twice.
    const key = podKey(pod);
    let ni: NodeInfo = live;
    if (live.hasPod(key)) {
      ni = live.clone();
      ni.removePod(key);
    }
    const fw = this.frameworkFor(pod);
    fw.setSnapshot(snapshot);
    const plugins = this.pluginVerdicts(fw, new CycleState(), pod, ni);
    const failed = plugins.find((p) => p.code !== 'Success' && p.code !== 'Skip');
    return {
      fits: !failed,
      nodeName,
      plugins,
      message: failed ? `${failed.plugin}: ${failed.reasons.join(', ')}${failed.detail ? ` (${failed.detail})` : ''}` : `fits on ${nodeName}`,
    };
  }

  /**
   * Every node's verdict for `pod`, in the scheduler's walking order, and for the nodes that fit the
   * score breakdown the scheduler would compute now. Changes nothing.
   */
  filterReport(pod: Pod): NodeReport[] {
    this.ensureSynced();
    const snapshot = this.cache.snapshot();
    const reports: NodeReport[] = snapshot.list().map((ni) => ({ verdict: this.checkPlacement(pod, ni.name) }));
    const feasible = snapshot.list().filter((_, i) => reports[i].verdict.fits);
    if (feasible.length > 1) {
      const fw = this.frameworkFor(pod);
      fw.setSnapshot(snapshot);
      const state = new CycleState();
      fw.runPreFilterPlugins(state, pod);
      const scores = prioritizeNodes(fw, state, pod, feasible);
      if (Array.isArray(scores)) for (const s of scores) reports.find((r) => r.verdict.nodeName === s.name)!.scores = s;
    }
    return reports;
  }

  /** Where each pending pod waits (activeQ in the order it will be tried). */
  pendingPods(): QueuedPod[] {
    this.ensureSynced();
    return this.queue.pendingPods().map(({ queue, pInfo }) => ({
      podKey: `${pInfo.pod.metadata?.namespace}/${pInfo.pod.metadata?.name}`,
      queue,
      attempts: pInfo.attempts,
      unschedulablePlugins: [...pInfo.unschedulablePlugins],
    }));
  }

  /** The attempts logged after `afterId` (0 = all kept), oldest first. */
  attempts(afterId = 0): AttemptSummary[] {
    return this.log.since(afterId);
  }

  /** One logged attempt in full: every node's filter verdicts and score breakdown. */
  attemptDetail(id: number): AttemptDetail | undefined {
    return this.log.detail(id);
  }

  /** Pods the cache counts per node (bound and assumed). */
  cachedPodsByNode(): Map<string, Pod[]> {
    this.ensureSynced();
    return this.cache.podsByNode();
  }

  private context(framework: Framework): SchedulingContext {
    const name = framework.profile.schedulerName;
    return {
      framework,
      cache: this.cache,
      queue: this.queue,
      client: this.deps.client,
      recorder: name === handlers.DEFAULT_SCHEDULER_NAME || !this.deps.recorderFor ? this.deps.recorder : this.deps.recorderFor(name),
      clock: this.deps.clock,
      rng: this.deps.rng,
      pods: this.pods,
      cursor: this.cursor,
      log: this.log,
      nominatedPodsOn: (nodeName) => framework.nominatedPodsForNode(nodeName),
      onPreBindWait: (w, record) => this.parkBinding(w, record),
    };
  }

  /** PreFilter then each Filter on one node, every plugin reported. */
  private pluginVerdicts(fw: Framework, state: CycleState, pod: Pod, ni: NodeInfo): PluginVerdict[] {
    const preStatus = new Map<string, Status>();
    for (const pl of fw.preFilterPlugins) {
      const r = pl.preFilter(state, pod);
      if ('nodeNames' in r) {
        const narrowed: PreFilterResult = r;
        if (!narrowed.nodeNames.has(ni.name)) preStatus.set(pl.name, unresolvable(`node(s) didn't satisfy plugin(s) [${pl.name}]`));
      } else if (isSkip(r)) {
        state.skipFilterPlugins.add(pl.name);
      } else if (!isSuccess(r)) {
        preStatus.set(pl.name, r);
      }
    }
    const verdicts: PluginVerdict[] = [];
    for (const pl of fw.filterPlugins) {
      let s: Status;
      if (preStatus.has(pl.name)) s = preStatus.get(pl.name)!;
      else if (state.skipFilterPlugins.has(pl.name)) s = { code: 'Skip' };
      else s = pl.filter(state, pod, ni);
      s = withPlugin(s, pl.name);
      verdicts.push({
        plugin: pl.name,
        code: s.code,
        reasons: [...reasonsOf(s)],
        ...(isRejected(s) && s.detail ? { detail: s.detail } : {}),
      });
    }
    return verdicts;
  }

  /** A more important preemptor took this pod's nominated node: it must look again. */
  private clearNominatedNodeName(pod: Pod): void {
    const live = this.deps.client.get(resourceForKind('Pod')!, pod.metadata?.namespace, pod.metadata?.name ?? '') as (Pod & KubeObject) | undefined;
    const status = live?.status as (Pod['status'] & { nominatedNodeName?: string }) | undefined;
    if (!live || live.spec?.nodeName || !status?.nominatedNodeName) return;
    const { nominatedNodeName: _n, ...rest } = status;
    const { resourceVersion: _rv, ...metadata } = live.metadata;
    this.deps.client.updateStatus({ ...live, metadata, status: rest } as KubeObject);
  }

  /** Upstream's PreemptPod: mark the victim DisruptionTarget, delete it, and record Preempted. */
  private preemptPod(victim: Pod, preemptor: Pod, nodeName: string): boolean {
    const podsResource = resourceForKind('Pod')!;
    const ns = victim.metadata?.namespace;
    const name = victim.metadata?.name ?? '';
    const live = this.deps.client.get(podsResource, ns, name) as (Pod & KubeObject) | undefined;
    if (!live) return true;
    const conditions = [...(live.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), {
      type: 'DisruptionTarget',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: this.deps.client.timestamp(),
      reason: 'PreemptionByScheduler',
      message: `${preemptor.spec?.schedulerName ?? handlers.DEFAULT_SCHEDULER_NAME}: preempting to accommodate a higher priority pod`,
    }];
    const { resourceVersion: _rv, ...metadata } = live.metadata;
    this.deps.client.updateStatus({ ...live, metadata, status: { ...live.status, conditions } } as KubeObject);
    const res = this.deps.client.delete(podsResource, ns, name);
    if (!res.ok && res.status.reason !== 'NotFound') return false;
    this.deps.recorder.event(live, 'Normal', 'Preempted', `Preempted by pod ${preemptor.metadata?.uid ?? ''} on node ${nodeName}`);
    return true;
  }

  /**
   * Build the cache and (on a fresh start) the queue from what the informers already hold, once.
   * The World fills informer caches after starting components, without calling handlers; every
   * handler and entry point calls this first, and the handlers are idempotent, so an event that
   * arrives right after the sync is simply applied twice.
   */
  private ensureSynced(): void {
    if (this.synced) return;
    this.synced = true;
    const t = this.handlerTarget();
    for (const n of this.nodes.list()) this.cache.addNode(n as never);
    for (const obj of this.pods.list()) {
      const pod = obj as Pod;
      if (!handlers.isVisible(pod)) continue;
      if (handlers.assignedPod(pod)) this.cache.addPod(pod);
      // A restored queue already holds what it held; only a fresh scheduler queues what it finds.
      else if (!this.restored) handlers.addPod(t, pod);
    }
  }
}

/** Waiting bindings are mutated in place (their next check): save and restore copies. */
function structuredCopyWaiting(w: readonly WaitingBinding[] | undefined): WaitingBinding[] {
  return w ? (JSON.parse(JSON.stringify(w)) as WaitingBinding[]) : [];
}
