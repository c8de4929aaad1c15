// A control plane with only the scheduler, for its tests: a real Store + ApiServer, shared informers
// fed by the store's watch (at once, or held back until `deliver()` to model watch latency), a
// SimClock whose 'scheduler' timers reach the scheduler, and helpers to create objects and read events.
// Test-only (STYLE.md §3 rule 7).

import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/meta';
import { resourceForKind } from '../api/resources';
import { ApiServer } from '../apiserver/apiserver';
import { Store, type WatchRecord } from '../apiserver/store';
import { Client } from '../client/clientset';
import { SharedInformerFactory } from '../client/informer';
import { EventRecorder, type CoreEvent } from '../client/record';
import { SimClock } from '../sim/clock';
import { RngStreams } from '../sim/rng';
import { Scheduler, type SchedulerState } from '../scheduler/scheduler';
import { NOW_MS } from './builders';

export interface SchedulerHarnessOptions {
  seed?: number;
  /** hold watch events until deliver() (default: deliver each write at once) */
  manualDelivery?: boolean;
}

export class SchedulerHarness {
  readonly clock: SimClock;
  readonly rngs: RngStreams;
  readonly store: Store;
  readonly api: ApiServer;
  readonly informers = new SharedInformerFactory();
  readonly user: Client;
  scheduler: Scheduler;
  private pending: WatchRecord[] = [];
  private readonly manual: boolean;

  constructor(opts: SchedulerHarnessOptions = {}, from?: { store: Store; clock: SimClock; rngs: RngStreams; state: SchedulerState; pending: WatchRecord[] }) {
    this.manual = opts.manualDelivery ?? false;
    this.clock = from?.clock ?? new SimClock();
    this.rngs = from?.rngs ?? new RngStreams(opts.seed ?? 1);
    this.store = from?.store ?? new Store();
    this.api = new ApiServer(this.store, this.rngs, () => this.clock.now(), { serviceCIDR: '10.96.0.0/12', epochMs: NOW_MS });
    this.user = new Client(this.api, 'test');
    this.store.watch((rec) => {
      if (this.manual) this.pending.push(rec);
      else this.informers.deliver(rec);
    });
    this.scheduler = this.build(from?.state);
    // As the World does: list into the informers after starting, then hold back what is undelivered.
    for (const inf of this.informers.all()) inf.replace(this.store.list(inf.resource));
    if (from) {
      this.pending = [...from.pending];
      for (let i = this.pending.length - 1; i >= 0; i--) this.informers.revert(this.pending[i]);
    }
    if (!from) this.user.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  }

  private build(state?: SchedulerState): Scheduler {
    const client = new Client(this.api, 'kube-scheduler');
    const recorder = new EventRecorder(client, this.api, () => this.clock.now(), NOW_MS, 'default-scheduler', new Map());
    const s = new Scheduler({ informers: this.informers, client, recorder, clock: this.clock, rng: this.rngs.stream('kube-scheduler') }, state);
    s.start();
    return s;
  }

  /** A copy of this control plane restored from the scheduler's saved state (a snapshot round trip). */
  restore(): SchedulerHarness {
    const state = JSON.parse(JSON.stringify(this.scheduler.save())) as SchedulerState;
    const store = new Store(JSON.parse(JSON.stringify(this.store.save())));
    const clock = new SimClock(JSON.parse(JSON.stringify(this.clock.save())));
    const rngs = new RngStreams(this.rngs.save().seed, this.rngs.save().states);
    return new SchedulerHarness({ manualDelivery: this.manual }, { store, clock, rngs, state, pending: JSON.parse(JSON.stringify(this.pending)) });
  }

  createNode(node: Node): Node {
    const r = this.user.create(node as unknown as KubeObject);
    if (!r.ok) throw new Error(r.status.message);
    return r.object as unknown as Node;
  }

  createPod(pod: Pod): Pod {
    const { uid: _u, resourceVersion: _rv, creationTimestamp: _c, ...metadata } = pod.metadata ?? {};
    const r = this.user.create({ ...pod, metadata, spec: this.withPriorityClass(pod.spec) } as unknown as KubeObject);
    if (!r.ok) throw new Error(r.status.message);
    return r.object as unknown as Pod;
  }

  /**
   * Priority admission refuses a pod that sets spec.priority without the PriorityClass it comes from:
   * a pod built with a priority (and preemptionPolicy) gets a class with exactly those, created once.
   */
  private withPriorityClass(spec: Pod['spec']): Pod['spec'] {
    if (!spec || spec.priority === undefined || spec.priorityClassName) return spec;
    const policy = spec.preemptionPolicy ?? 'PreemptLowerPriority';
    const name = `priority-${spec.priority}-${policy.toLowerCase()}`;
    const pcs = resourceForKind('PriorityClass')!;
    if (!this.user.get(pcs, undefined, name)) {
      const r = this.user.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value: spec.priority, preemptionPolicy: policy });
      if (!r.ok) throw new Error(r.status.message);
    }
    return { ...spec, priorityClassName: name };
  }

  updateNode(name: string, change: (n: Node) => Node): void {
    const cur = this.node(name);
    const r = this.user.update(change(JSON.parse(JSON.stringify(cur))) as unknown as KubeObject);
    if (!r.ok) throw new Error(r.status.message);
    const s = this.user.updateStatus(change(JSON.parse(JSON.stringify(this.node(name)))) as unknown as KubeObject);
    if (!s.ok) throw new Error(s.status.message);
  }

  deletePod(name: string, namespace = 'default'): void {
    this.user.delete(resourceForKind('Pod')!, namespace, name, { gracePeriodSeconds: 0 });
  }

  /** Hand held-back watch events to the informers. */
  deliver(): void {
    const recs = this.pending;
    this.pending = [];
    for (const r of recs) this.informers.deliver(r);
  }

  /** Fire the timers due now (backoff expiry, leftover flush). */
  fireTimers(): void {
    for (let t = this.clock.popDue(); t; t = this.clock.popDue()) if (t.target === 'scheduler') this.scheduler.handleTimer(t.payload);
  }

  /** Deliver, fire timers and run the scheduler until it has nothing to do at this instant. */
  run(): number {
    let total = 0;
    for (let i = 0; i < 1000; i++) {
      this.deliver();
      this.fireTimers();
      const n = this.scheduler.runOnce();
      total += n;
      if (n === 0 && this.pending.length === 0) return total;
    }
    throw new Error('scheduler did not settle');
  }

  /** Move time forward by `ms`, firing timers (and running the scheduler) at each due instant. */
  step(ms: number): void {
    const target = this.clock.now() + ms;
    this.run();
    for (let next = this.clock.nextDue(); next !== undefined && next <= target; next = this.clock.nextDue()) {
      this.clock.advanceTo(next);
      this.run();
    }
    this.clock.advanceTo(target);
    this.run();
  }

  pod(name: string, namespace = 'default'): Pod {
    return this.store.get('pods', `${namespace}/${name}`) as unknown as Pod;
  }

  node(name: string): Node {
    return this.store.get('nodes', name) as unknown as Node;
  }

  events(reason?: string): CoreEvent[] {
    return (this.store.list('events') as CoreEvent[]).filter((e) => !reason || e.reason === reason);
  }

  /** The last event with `reason` about pod `name`. */
  lastEvent(name: string, reason: string): CoreEvent | undefined {
    return this.events(reason).filter((e) => e.involvedObject.name === name).at(-1);
  }

  pendingWatchCount(): number {
    return this.pending.length;
  }
}
