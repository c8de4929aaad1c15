// The scheduling queue: activeQ (pods to try now, by priority then age), backoffQ (pods waiting out
// their backoff after a failure) and unschedulablePods (pods parked until a cluster event may help).
// UPSTREAM: pkg/scheduler/backend/queue/scheduling_queue.go (PriorityQueue)
// SIMPLIFICATION: timers instead of upstream's 1s/30s flush loops (backoff ends exactly on time; the
// 5-minute leftover flush runs on a 30s grid from sim time 0); no in-flight event list (a cycle
// runs to completion before any event); no SchedulerPopFromBackoffQ (a backing-off pod waits even
// when activeQ is empty); no nominator.

// Backoff: attempts 1, 2, 3, 4, 5+ wait 1s, 2s, 4s, 8s, 10s after the failure (podInitialBackoffSeconds=1,
// podMaxBackoffSeconds=10). A pod rejected by plugins waits in unschedulablePods until an event those
// plugins registered for says it may now fit (e.g. a node was added that fits its requests), or 5
// minutes pass; it then goes to backoffQ if its backoff has not ended yet, else straight to activeQ.

import type { Pod } from 'kubernetes-types/core/v1';
import { keyOf } from '../../api/meta';
import type { JsonValue, SimClock } from '../../sim/clock';
import type { ClusterEventLabel, ClusterEventWithHint } from '../framework/events';
import { WILDCARD_EVENTS } from '../framework/events';
import { less } from '../plugins/queuesort/priority-sort';
import { KeyedHeap } from './heap';

export const DEFAULT_POD_INITIAL_BACKOFF_MS = 1_000;
export const DEFAULT_POD_MAX_BACKOFF_MS = 10_000;
/** podMaxInUnschedulablePodsDuration */
export const DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_MS = 5 * 60_000;
/** how often upstream runs flushUnschedulablePodsLeftover */
export const UNSCHEDULABLE_FLUSH_PERIOD_MS = 30_000;
/** the World routes timers with this target to Scheduler.handleTimer */
export const TIMER_TARGET = 'scheduler';

export type QueueName = 'activeQ' | 'backoffQ' | 'unschedulablePods';

/** A pod in the queue, plain JSON so the queue saves as data. */
export interface QueuedPodInfo {
  pod: Pod;
  /** sim ms when the pod entered the queue or last failed: activeQ order and backoff start */
  timestamp: number;
  /** scheduling attempts so far (incremented on pop) */
  attempts: number;
  /** sim ms of the first attempt */
  initialAttemptTimestamp?: number;
  /** the plugins that rejected it last time: only their registered events move it */
  unschedulablePlugins: string[];
  /** waiting for spec.schedulingGates to be removed */
  gated: boolean;
  /** insertion order, to break ties deterministically */
  seq: number;
}

export interface SchedulingQueueState {
  activeQ: QueuedPodInfo[];
  backoffQ: QueuedPodInfo[];
  unschedulablePods: QueuedPodInfo[];
  schedulingCycle: number;
  moveRequestCycle: number;
  nextSeq: number;
}

/** The events a plugin registered (Framework.eventsToRegister). */
export type EventRegistrations = (plugin: string) => readonly ClusterEventWithHint[];

type TimerPayload = { op: 'backoff'; pod: string } | { op: 'unschedulableLeftover' };

function isGated(pod: Pod): boolean {
  return (pod.spec?.schedulingGates ?? []).length > 0;
}

function queueKey(pod: Pod): string {
  return keyOf(pod.metadata ?? {});
}

export class PriorityQueue {
  private readonly activeQ = new KeyedHeap<QueuedPodInfo>(
    (p) => queueKey(p.pod),
    (a, b) => less(a, b) || (!less(b, a) && a.seq < b.seq),
  );
  private readonly backoffQ = new Map<string, QueuedPodInfo>();
  private readonly unschedulablePods = new Map<string, QueuedPodInfo>();
  /** incremented on every pop */
  private schedulingCycle = 0;
  /** the cycle during which the last move event arrived */
  private moveRequestCycle = -1;
  private nextSeq = 1;

  constructor(
    private readonly clock: SimClock,
    private readonly registrations: EventRegistrations,
    state?: SchedulingQueueState,
  ) {
    if (state) {
      for (const p of state.activeQ) this.activeQ.addOrUpdate(p);
      for (const p of state.backoffQ) this.backoffQ.set(queueKey(p.pod), p);
      for (const p of state.unschedulablePods) this.unschedulablePods.set(queueKey(p.pod), p);
      this.schedulingCycle = state.schedulingCycle;
      this.moveRequestCycle = state.moveRequestCycle;
      this.nextSeq = state.nextSeq;
    }
  }

  /** A new unscheduled pod: activeQ, or unschedulablePods while it has scheduling gates. Idempotent. */
  add(pod: Pod): void {
    const key = queueKey(pod);
    if (this.where(key)) {
      this.update(undefined, pod);
      return;
    }
    const pInfo: QueuedPodInfo = { pod, timestamp: this.clock.now(), attempts: 0, unschedulablePlugins: [], gated: isGated(pod), seq: this.nextSeq++ };
    if (pInfo.gated) this.unschedulablePods.set(key, pInfo);
    else this.activeQ.addOrUpdate(pInfo);
  }

  /** The pod changed: keep the newest object; a change to its spec may make it schedulable. */
  update(oldPod: Pod | undefined, newPod: Pod): void {
    const key = queueKey(newPod);
    const active = this.activeQ.get(key);
    if (active) {
      this.activeQ.addOrUpdate({ ...active, pod: newPod });
      return;
    }
    const backoff = this.backoffQ.get(key);
    if (backoff) {
      this.backoffQ.set(key, { ...backoff, pod: newPod });
      return;
    }
    const parked = this.unschedulablePods.get(key);
    if (parked) {
      const pInfo = { ...parked, pod: newPod };
      this.unschedulablePods.set(key, pInfo);
      if (pInfo.gated) {
        if (!isGated(newPod)) this.moveToActiveOrBackoff({ ...pInfo, gated: false });
        return;
      }
      if (oldPod && schedulingPropertiesChanged(oldPod, newPod) && this.isPodWorthRequeuing(pInfo, 'UnscheduledPodUpdate', oldPod, newPod)) {
        this.moveRequestCycle = this.schedulingCycle;
        this.moveToActiveOrBackoff(pInfo);
      }
      return;
    }
    this.add(newPod);
  }

  delete(pod: Pod): void {
    const key = queueKey(pod);
    this.activeQ.delete(key);
    this.backoffQ.delete(key);
    this.unschedulablePods.delete(key);
  }

  /** The next pod to schedule (it is then "in flight" until requeued or bound). */
  pop(): QueuedPodInfo | undefined {
    const p = this.activeQ.pop();
    if (!p) return undefined;
    this.schedulingCycle++;
    return { ...p, attempts: p.attempts + 1, initialAttemptTimestamp: p.initialAttemptTimestamp ?? this.clock.now() };
  }

  get currentSchedulingCycle(): number {
    return this.schedulingCycle;
  }

  /**
   * Requeue a pod that failed in cycle `podSchedulingCycle`. Rejected by plugins: unschedulablePods,
   * unless a move event arrived during its cycle. Failed with an error (no rejecting plugins): backoffQ.
   */
  addUnschedulableIfNotPresent(pInfo: QueuedPodInfo, podSchedulingCycle: number): void {
    const key = queueKey(pInfo.pod);
    if (this.where(key)) return;
    const p: QueuedPodInfo = { ...pInfo, timestamp: this.clock.now(), gated: isGated(pInfo.pod) };
    if (!p.gated && (p.unschedulablePlugins.length === 0 || this.moveRequestCycle >= podSchedulingCycle)) {
      this.moveToActiveOrBackoff(p);
      return;
    }
    this.unschedulablePods.set(key, p);
    this.scheduleLeftoverFlush(p);
  }

  /** A cluster event: move every parked pod that one of its rejecting plugins says may now fit. */
  moveAllToActiveOrBackoffQueue(event: ClusterEventLabel, oldObj?: unknown, newObj?: unknown): void {
    this.moveRequestCycle = this.schedulingCycle;
    for (const pInfo of [...this.unschedulablePods.values()]) {
      if (pInfo.gated) continue;
      if (this.isPodWorthRequeuing(pInfo, event, oldObj, newObj)) this.moveToActiveOrBackoff(pInfo);
    }
  }

  /** Backoff timers and the leftover flush. Stale timers are harmless: they re-check the time. */
  handleTimer(payload: JsonValue): void {
    const p = payload as TimerPayload;
    if (p?.op === 'backoff') this.flushBackoffQCompleted();
    else if (p?.op === 'unschedulableLeftover') this.flushUnschedulablePodsLeftover();
  }

  /** Move pods whose backoff has ended to activeQ. */
  flushBackoffQCompleted(): void {
    const now = this.clock.now();
    const done = [...this.backoffQ.values()].filter((p) => this.backoffExpiry(p) <= now);
    done.sort((a, b) => this.backoffExpiry(a) - this.backoffExpiry(b) || a.seq - b.seq);
    for (const p of done) {
      this.backoffQ.delete(queueKey(p.pod));
      this.activeQ.addOrUpdate(p);
    }
  }

  /** Pods parked longer than podMaxInUnschedulablePodsDuration get another try. */
  flushUnschedulablePodsLeftover(): void {
    const now = this.clock.now();
    const stale = [...this.unschedulablePods.values()].filter((p) => !p.gated && now - p.timestamp > DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_MS);
    if (stale.length === 0) return;
    this.moveRequestCycle = this.schedulingCycle;
    for (const p of stale) {
      if (this.isPodWorthRequeuing(p, 'UnschedulableTimeout')) this.moveToActiveOrBackoff(p);
    }
  }

  /** 1s, 2s, 4s, 8s, then 10s: doubling per attempt, capped. */
  backoffDuration(p: Pick<QueuedPodInfo, 'attempts'>): number {
    if (p.attempts === 0) return 0;
    let d = DEFAULT_POD_INITIAL_BACKOFF_MS;
    for (let i = 1; i < p.attempts; i++) {
      if (d > DEFAULT_POD_MAX_BACKOFF_MS - d) return DEFAULT_POD_MAX_BACKOFF_MS;
      d += d;
    }
    return d;
  }

  backoffExpiry(p: QueuedPodInfo): number {
    return p.timestamp + this.backoffDuration(p);
  }

  where(key: string): QueueName | undefined {
    if (this.activeQ.has(key)) return 'activeQ';
    if (this.backoffQ.has(key)) return 'backoffQ';
    if (this.unschedulablePods.has(key)) return 'unschedulablePods';
    return undefined;
  }

  get activeLength(): number {
    return this.activeQ.length;
  }

  get length(): number {
    return this.activeQ.length + this.backoffQ.size + this.unschedulablePods.size;
  }

  /** Every queued pod with its queue, activeQ in pop order (for explanations and tests). */
  pendingPods(): Array<{ queue: QueueName; pInfo: QueuedPodInfo }> {
    return [
      ...this.activeQ.sorted().map((pInfo) => ({ queue: 'activeQ' as const, pInfo })),
      ...[...this.backoffQ.values()].map((pInfo) => ({ queue: 'backoffQ' as const, pInfo })),
      ...[...this.unschedulablePods.values()].map((pInfo) => ({ queue: 'unschedulablePods' as const, pInfo })),
    ];
  }

  save(): SchedulingQueueState {
    return {
      activeQ: this.activeQ.sorted(),
      backoffQ: [...this.backoffQ.values()],
      unschedulablePods: [...this.unschedulablePods.values()],
      schedulingCycle: this.schedulingCycle,
      moveRequestCycle: this.moveRequestCycle,
      nextSeq: this.nextSeq,
    };
  }

  private isPodWorthRequeuing(pInfo: QueuedPodInfo, event: ClusterEventLabel, oldObj?: unknown, newObj?: unknown): boolean {
    if (WILDCARD_EVENTS.has(event)) return true;
    if (pInfo.unschedulablePlugins.length === 0) return true;
    for (const plugin of pInfo.unschedulablePlugins) {
      for (const reg of this.registrations(plugin)) {
        if (reg.event !== event) continue;
        if (!reg.hint || reg.hint(pInfo.pod, oldObj, newObj) === 'Queue') return true;
      }
    }
    return false;
  }

  private moveToActiveOrBackoff(pInfo: QueuedPodInfo): void {
    const key = queueKey(pInfo.pod);
    this.unschedulablePods.delete(key);
    const expiry = this.backoffExpiry(pInfo);
    if (expiry > this.clock.now()) {
      this.backoffQ.set(key, pInfo);
      this.clock.schedule(expiry - this.clock.now(), TIMER_TARGET, { op: 'backoff', pod: key });
    } else {
      this.activeQ.addOrUpdate(pInfo);
    }
  }

  /** Upstream checks every 30s for pods parked more than 5 minutes: fire at the first such check. */
  private scheduleLeftoverFlush(p: QueuedPodInfo): void {
    const due = p.timestamp + DEFAULT_POD_MAX_IN_UNSCHEDULABLE_PODS_MS;
    const at = (Math.floor(due / UNSCHEDULABLE_FLUSH_PERIOD_MS) + 1) * UNSCHEDULABLE_FLUSH_PERIOD_MS;
    this.clock.schedule(at - this.clock.now(), TIMER_TARGET, { op: 'unschedulableLeftover' });
  }
}

/** The fields whose change may change a scheduling result: spec (tolerations, gates, resources) and labels. */
function schedulingPropertiesChanged(oldPod: Pod, newPod: Pod): boolean {
  return JSON.stringify(oldPod.spec) !== JSON.stringify(newPod.spec) ||
    JSON.stringify(oldPod.metadata?.labels ?? {}) !== JSON.stringify(newPod.metadata?.labels ?? {});
}
