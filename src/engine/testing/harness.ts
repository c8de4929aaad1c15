// A small headless control plane for controller tests: a real Store + ApiServer, shared informers
// fed by the store's watch, a SimClock, seeded Rng streams, event recorders, and a loop that drains
// the controllers' queues until nothing is left to do. A fake scheduler/kubelet moves pods along.
// Test-only (STYLE.md §3 rule 7). The World wires the same parts for real.
// SIMPLIFICATION: the "kubelet" here jumps a bound pod straight to Running (and Ready on request).

import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject, ObjectKey } from '../api/meta';
import { keyOf, splitKey } from '../api/meta';
import { resourceForKind, RESOURCES } from '../api/resources';
import type { ResourceInfo } from '../api/resources';
import { ApiServer } from '../apiserver/apiserver';
import type { WatchRecord } from '../apiserver/store';
import { Store } from '../apiserver/store';
import { Client } from '../client/clientset';
import { SharedInformerFactory } from '../client/informer';
import type { CoreEvent, EventCache } from '../client/record';
import { EventRecorder } from '../client/record';
import { WorkQueue } from '../client/workqueue';
import type { Controller, ControllerContext } from '../controller/types';
import type { JsonValue } from '../sim/clock';
import { SimClock } from '../sim/clock';
import { RngStreams } from '../sim/rng';

export const HARNESS_EPOCH = '2026-11-23T10:00:00Z';

export interface HarnessOptions {
  seed?: number;
  /** simulated watch latency; 0 (default) delivers each write right after the sync or call that made it */
  watchLatencyMs?: number;
  namespaces?: string[];
}

export interface RunOptions {
  /** also run the fake scheduler + kubelet between rounds */
  kubelet?: boolean | KubeletOptions;
  maxRounds?: number;
}

export interface KubeletOptions {
  /** make started pods Ready (default true) */
  ready?: boolean;
  /** node names to bind to, round-robin (default node-1..node-3) */
  nodes?: string[];
  /** finish terminating pods (default true) */
  reap?: boolean;
}

function resource(name: string): ResourceInfo {
  const r = RESOURCES.find((x) => x.resource === name);
  if (!r) throw new Error(`unknown resource ${name}`);
  return r;
}

export class ControllerHarness {
  readonly clock = new SimClock();
  readonly rngs: RngStreams;
  readonly store = new Store();
  readonly api: ApiServer;
  readonly informers = new SharedInformerFactory();
  readonly epochMs = Date.parse(HARNESS_EPOCH);
  readonly controllers: Controller[] = [];
  /** every write, in order */
  readonly writes: WatchRecord[] = [];
  readonly latencyMs: number;
  private pending: { at: number; rec: WatchRecord }[] = [];
  /** resources whose watch events are held back ('*' = all) */
  private readonly held = new Set<string>();
  private readonly eventCache: EventCache = new Map();
  private readonly states = new Map<string, JsonValue | undefined>();
  private nextRoundRobin = 0;
  private readonly podIPs = new Map<string, number>();
  private readonly watchers: ((rec: WatchRecord) => void)[] = [];
  /** background re-checks (SyncResult.background): step() runs them, settle() does not wait for them */
  private background: { at: number; c: Controller; key: string }[] = [];

  constructor(opts: HarnessOptions = {}) {
    this.rngs = new RngStreams(opts.seed ?? 1);
    this.latencyMs = opts.watchLatencyMs ?? 0;
    this.api = new ApiServer(this.store, this.rngs, () => this.clock.now(), { serviceCIDR: '10.96.0.0/12', epochMs: this.epochMs });
    this.store.watch((rec) => {
      this.writes.push(rec);
      this.pending.push({ at: this.clock.now() + this.latencyMs, rec });
      for (const w of this.watchers) w(rec);
    });
    for (const ns of opts.namespaces ?? ['default', 'kube-system']) {
      this.mustCreate({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    }
    this.deliverWatch();
  }

  /** Build a controller with a context like the World's and register it. */
  add<C extends Controller>(name: string, make: (ctx: ControllerContext) => C, state?: JsonValue): C {
    const client = new Client(this.api, name);
    const ctx: ControllerContext = {
      informers: this.informers,
      client,
      recorder: new EventRecorder(client, this.api, () => this.clock.now(), this.epochMs, name, this.eventCache),
      queue: new WorkQueue(name, this.clock),
      rng: this.rngs.stream(name),
      now: () => this.clock.now(),
      timestamp: (ms?: number) => this.api.timestamp(ms),
      state: state ?? this.states.get(name),
    };
    const c = make(ctx);
    if (c.name !== name) throw new Error(`controller name ${c.name} != ${name}`);
    c.start(this.informers);
    // Informers start with the current state (the "list" of list-watch) for their resources.
    for (const inf of this.informers.all()) {
      if (inf.size === 0) inf.replace(this.store.list(inf.resource));
    }
    this.controllers.push(c);
    return c;
  }

  /** Called with every store write, synchronously (for step-by-step invariant checks). */
  onWrite(fn: (rec: WatchRecord) => void): void {
    this.watchers.push(fn);
  }

  client(writer = 'kubectl'): Client {
    return new Client(this.api, writer);
  }

  now(): number {
    return this.clock.now();
  }

  // ---- watch delivery ---------------------------------------------------------------------

  /**
   * Stop delivering watch events of `resource` (default: all), so those informers lag until
   * `release`. Informers of different resources are independent, as client-go's are.
   */
  hold(resource = '*'): void {
    this.held.add(resource);
  }

  release(): void {
    this.held.clear();
    for (const p of this.pending) p.at = Math.min(p.at, this.clock.now());
    this.deliverWatch();
  }

  private isHeld(rec: WatchRecord): boolean {
    return this.held.has('*') || this.held.has(rec.resource);
  }

  get undelivered(): number {
    return this.pending.length;
  }

  deliverWatch(): boolean {
    let n = 0;
    const kept: { at: number; rec: WatchRecord }[] = [];
    let i = 0;
    for (; i < this.pending.length && this.pending[i].at <= this.clock.now(); i++) {
      const { rec } = this.pending[i];
      if (this.isHeld(rec)) {
        kept.push(this.pending[i]);
        continue;
      }
      this.informers.informerFor(rec.resource).deliver(rec);
      n++;
    }
    if (i > 0) this.pending = [...kept, ...this.pending.slice(i)];
    return n > 0;
  }

  // ---- running --------------------------------------------------------------------------------

  private fireTimers(): boolean {
    let fired = false;
    const now = this.clock.now();
    const due = this.background.filter((b) => b.at <= now);
    if (due.length) {
      this.background = this.background.filter((b) => b.at > now);
      for (const b of due) b.c.queue.add(b.key);
      fired = true;
    }
    for (let t = this.clock.popDue(); t; t = this.clock.popDue()) {
      const c = this.controllers.find((x) => x.queue.timerTarget === t!.target);
      if (c) c.queue.add(String(t.payload));
      fired = true;
    }
    return fired;
  }

  /** Run one sync of one key, applying the SyncResult as the World does. */
  private runOne(c: Controller, key: string): void {
    const r = c.sync(key);
    switch (r.kind) {
      case 'done':
        c.queue.forget(key);
        break;
      case 'requeueAfter':
        c.queue.forget(key);
        if (r.background) this.background.push({ at: this.clock.now() + r.delayMs, c, key });
        else c.queue.addAfter(key, r.delayMs);
        break;
      case 'retry':
        c.queue.addRateLimited(key);
        break;
    }
    c.queue.done(key);
    const s = c.save?.();
    if (s !== undefined) this.states.set(c.name, s);
  }

  /** Drain every queue (delivering due watch events between syncs) until nothing is left. Returns syncs run. */
  runControllers(opts: RunOptions = {}): number {
    let syncs = 0;
    const max = opts.maxRounds ?? 10_000;
    for (let round = 0; round < max; round++) {
      let progressed = this.deliverWatch();
      progressed = this.fireTimers() || progressed;
      for (const c of this.controllers) {
        for (let key = c.queue.get(); key !== undefined; key = c.queue.get()) {
          this.runOne(c, key);
          syncs++;
          progressed = true;
          this.deliverWatch();
        }
      }
      if (opts.kubelet) {
        const k = opts.kubelet === true ? {} : opts.kubelet;
        progressed = this.kubelet(k) || progressed;
        this.deliverWatch();
      }
      if (!progressed) return syncs;
    }
    throw new Error(`controllers did not quiesce in ${max} rounds`);
  }

  /** When the next watch delivery or timer is due, if any (background re-checks only when asked). */
  nextDue(includeBackground = true): number | undefined {
    const times = [this.pending.find((p) => !this.isHeld(p.rec))?.at, this.clock.nextDue()];
    if (includeBackground) times.push(...this.background.map((b) => b.at));
    const defined = times.filter((t): t is number => t !== undefined);
    return defined.length ? Math.min(...defined) : undefined;
  }

  /** Advance simulated time by `ms`, running everything that falls due on the way. */
  step(ms: number, opts: RunOptions = {}): void {
    const target = this.clock.now() + ms;
    this.runControllers(opts);
    for (;;) {
      const next = this.nextDue();
      if (next === undefined || next > target) break;
      this.clock.advanceTo(next);
      this.runControllers(opts);
    }
    this.clock.advanceTo(target);
    this.runControllers(opts);
  }

  /** Step until nothing but background re-checks is pending (true) or `maxMs` passed (false). */
  settle(maxMs = 60_000, opts: RunOptions = {}): boolean {
    const end = this.clock.now() + maxMs;
    this.runControllers(opts);
    for (;;) {
      const next = this.nextDue(false);
      if (next === undefined) return true;
      if (next > end) return false;
      this.clock.advanceTo(next);
      this.runControllers(opts);
    }
  }

  // ---- objects ----------------------------------------------------------------------------------

  get<T extends KubeObject = KubeObject>(res: string, key: ObjectKey): T | undefined {
    return this.store.get(res, key) as T | undefined;
  }

  list<T extends KubeObject = KubeObject>(res: string, namespace?: string): T[] {
    return this.store.list(res, namespace) as T[];
  }

  mustCreate<T extends KubeObject>(obj: T | object, writer = 'kubectl'): T {
    const r = this.api.create(obj as KubeObject, writer);
    if (!r.ok) throw new Error(`create failed: ${r.status.message}`);
    return r.object as T;
  }

  /** Read-modify-write the live object (kubectl edit/patch). */
  mustUpdate<T extends KubeObject>(res: string, key: ObjectKey, mutate: (o: T) => void, writer = 'kubectl'): T {
    const cur = this.store.get(res, key);
    if (!cur) throw new Error(`${res} ${key} not found`);
    const copy = JSON.parse(JSON.stringify(cur)) as T;
    mutate(copy);
    const r = this.api.update(copy, writer);
    if (!r.ok) throw new Error(`update failed: ${r.status.message}`);
    return r.object as T;
  }

  mustUpdateStatus<T extends KubeObject>(res: string, key: ObjectKey, mutate: (o: T) => void, writer = 'kubelet'): T {
    const cur = this.store.get(res, key);
    if (!cur) throw new Error(`${res} ${key} not found`);
    const copy = JSON.parse(JSON.stringify(cur)) as T;
    mutate(copy);
    const r = this.api.updateStatus(copy, writer);
    if (!r.ok) throw new Error(`updateStatus failed: ${r.status.message}`);
    return r.object as T;
  }

  remove(res: string, key: ObjectKey, opts: { gracePeriodSeconds?: number } = {}, writer = 'kubectl'): void {
    const { namespace, name } = splitKey(key);
    const r = this.api.delete(resource(res), namespace, name, writer, opts);
    if (!r.ok) throw new Error(`delete failed: ${r.status.message}`);
  }

  events(reason?: string): CoreEvent[] {
    const all = this.store.list('events') as CoreEvent[];
    return reason ? all.filter((e) => e.reason === reason) : all;
  }

  eventMessages(reason?: string): string[] {
    return this.events(reason).map((e) => e.message);
  }

  // ---- fake scheduler + kubelet -------------------------------------------------------------

  pods(namespace = 'default'): (Pod & KubeObject)[] {
    return this.list<Pod & KubeObject>('pods', namespace);
  }

  /** Bind every unbound, non-terminating pod, round-robin over `nodes`. */
  scheduleAll(nodes = ['node-1', 'node-2', 'node-3']): boolean {
    let did = false;
    for (const p of this.list<Pod & KubeObject>('pods')) {
      if (p.spec?.nodeName || p.metadata.deletionTimestamp || p.status?.phase !== 'Pending') continue;
      const node = nodes[this.nextRoundRobin++ % nodes.length];
      const r = this.api.bind(p.metadata.namespace ?? 'default', p.metadata.name ?? '', node, 'default-scheduler');
      if (r.ok) did = true;
    }
    return did;
  }

  /** Move a bound Pending pod to Running with an IP (and Ready when asked). */
  startPod(key: ObjectKey, ready = true): void {
    const node = this.get<Pod & KubeObject>('pods', key)?.spec?.nodeName ?? 'node-1';
    this.mustUpdateStatus<Pod & KubeObject>('pods', key, (p) => {
      const n = /(\d+)$/.exec(node)?.[1] ?? '0';
      const next = (this.podIPs.get(node) ?? 1) + 1;
      this.podIPs.set(node, next);
      const ip = `10.244.${n}.${next}`;
      const now = this.api.timestamp();
      const cond = (type: string, status: boolean) => ({ type, status: status ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now });
      (p as { status: unknown }).status = {
        ...p.status,
        phase: 'Running',
        podIP: ip,
        podIPs: [{ ip }],
        hostIP: '192.168.49.3',
        startTime: now,
        conditions: [
          cond('PodReadyToStartContainers', true),
          cond('Initialized', true),
          cond('Ready', ready),
          cond('ContainersReady', ready),
          cond('PodScheduled', true),
        ] as never,
        containerStatuses: (p.spec?.containers ?? []).map((c) => ({
          name: c.name, image: c.image ?? '', imageID: '', ready, restartCount: 0, started: true, state: { running: { startedAt: now } },
        })),
      };
    }, `kubelet/${node}`);
  }

  setPodReady(key: ObjectKey, ready: boolean): void {
    this.mustUpdateStatus<Pod & KubeObject>('pods', key, (p) => {
      const now = this.api.timestamp();
      p.status!.conditions = (p.status?.conditions ?? []).map((c) =>
        c.type === 'Ready' || c.type === 'ContainersReady'
          ? { ...c, status: ready ? 'True' : 'False', lastTransitionTime: c.status === (ready ? 'True' : 'False') ? c.lastTransitionTime : now }
          : c,
      );
      p.status!.containerStatuses = (p.status?.containerStatuses ?? []).map((c) => ({ ...c, ready }));
    });
  }

  /** The kubelet rejects or fails a pod: phase Failed with a reason (e.g. OutOfcpu). */
  failPod(key: ObjectKey, reason = 'OutOfcpu', message = 'Pod was rejected: Node didn\'t have enough resource: cpu'): void {
    this.mustUpdateStatus<Pod & KubeObject>('pods', key, (p) => {
      (p as { status: unknown }).status = { ...p.status, phase: 'Failed', reason, message };
    });
  }

  /** Remove pods whose graceful deletion was requested (the kubelet's final delete). */
  reapTerminating(): boolean {
    let did = false;
    for (const p of this.list<Pod & KubeObject>('pods')) {
      if (!p.metadata.deletionTimestamp) continue;
      this.remove('pods', keyOf(p.metadata), { gracePeriodSeconds: 0 }, `kubelet/${p.spec?.nodeName ?? ''}`);
      did = true;
    }
    return did;
  }

  /** One pass of the fake scheduler and kubelets. Returns whether anything changed. */
  kubelet(opts: KubeletOptions = {}): boolean {
    let did = this.scheduleAll(opts.nodes);
    for (const p of this.list<Pod & KubeObject>('pods')) {
      if (p.spec?.nodeName && p.status?.phase === 'Pending' && !p.metadata.deletionTimestamp) {
        this.startPod(keyOf(p.metadata), opts.ready ?? true);
        did = true;
      }
    }
    if (opts.reap ?? true) did = this.reapTerminating() || did;
    return did;
  }
}

export function resourceOf(kind: string): ResourceInfo {
  const r = resourceForKind(kind);
  if (!r) throw new Error(`unknown kind ${kind}`);
  return r;
}
