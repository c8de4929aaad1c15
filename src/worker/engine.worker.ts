// The Web Worker that owns the engine: maps wall time to simulated time, turns watch records into
// view deltas (one squashed message per frame at most) and answers the UI's commands. The UI never
// sees engine objects, only views and replies (protocol.ts). Nothing thrown by the engine may kill
// the worker: commands reply `{kind:'error'}`, the clock loop posts `fault` and pauses.

import { keyOf, METRICS_RESOLUTION_MS, resourceForKind, World, type KubeObject, type ObjectRef, type WatchRecord } from '../engine/index';
import { DeltaBatcher, MAX_ATTEMPTS_PER_DELTA, MAX_BACKLOG_VIEWS, splitSnapshot } from './delta-batcher';
import type {
  ClockState, ClusterSettings, ClusterSnapshot, Command, EventView, ExtraChange, InspectResult, MetricsView, ReplyBody, SavedClusterState, SchedulingQueueView, ServiceView, WorkerMessage,
} from './protocol';
import { assertNever, EMPTY_METRICS, extraId, MAX_QUEUE_PODS, PROTOCOL_VERSION } from './protocol';
import { diffMetrics, metricsView } from './metrics-view';
import { ViewTracker } from './views';
import { ExtraTracker } from './extra-views';
import { TimeTravel } from './timeline-host';
import { evaluateChecks } from './lessons-checks';
import { exportManifests } from './persist';
import { KubectlWatches } from './kubectl-watch';

const TICK_MS = 16;
/** After a stall (tab in background, long step) do not try to catch up more than this much wall time. */
const MAX_WALL_PER_TICK_MS = 100;
/** At 100x a tick could ask for seconds of simulation; cap it so the worker stays responsive. */
const MAX_SIM_PER_TICK_MS = 2000;
/** A running clock with nothing else to report updates the UI's time display at most this often. */
const CLOCK_ONLY_INTERVAL_MS = 100;

export const DEFAULT_SETTINGS: ClusterSettings = { seed: 1, workerNodes: 3, cni: 'flannel-vxlan', proxyMode: 'iptables' };

type Post = (msg: WorkerMessage) => void;

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Everything the worker does, separated from `self` so it can run under a test harness. */
export class EngineHost {
  private world!: World;
  private tracker!: ViewTracker;
  /** storage objects, custom resources and the CRDs' kinds (extra-views.ts) */
  private extras!: ExtraTracker;
  /** extra view changes since the last message, squashed per id (the last one wins) */
  private pendingExtras = new Map<string, ExtraChange>();
  private kindsChanged = false;
  private unsubscribe: (() => void) | undefined;
  private readonly batcher = new DeltaBatcher();
  private settings: ClusterSettings = DEFAULT_SETTINGS;
  /** false until a World exists (boot may throw); ticks and commands wait for it */
  private booted = false;
  private running = true;
  private speed = 1;
  private lastWallMs: number;
  private lastPostWallMs: number;
  /** the newest scheduling attempt already sent */
  private lastAttemptId = 0;
  private lastQueueJson = '';
  private lastQueueRv = -1;
  /** fraction of a simulated ms not stepped yet: the engine steps whole milliseconds */
  private simCarryMs = 0;
  /** the metrics the UI holds (snapshot plus deltas sent), and the scrape they were read at */
  private metricsSent: MetricsView = EMPTY_METRICS;
  private metricsScrape = -1;
  /** a load was set since: read the metrics again before the next message */
  private metricsDirty = false;
  /** time travel (timeline-host.ts): records user actions, checkpoints, shows past worlds */
  private readonly time = new TimeTravel({
    world: () => this.world,
    show: (world) => {
      this.unsubscribe?.();
      this.install(world);
    },
    isRunning: () => this.running,
    setRunning: (running) => {
      this.running = running;
      this.lastWallMs = this.wallNow();
    },
  });
  /** set by time travel before a user action runs: records its outcome and checkpoints after it */
  private afterReply: ((body: ReplyBody) => void) | undefined;
  /** running `kubectl get -w` sessions (kubectl-watch.ts) */
  private readonly watches = new KubectlWatches();

  constructor(
    private readonly post: Post,
    private readonly wallNow: () => number,
  ) {
    this.lastWallMs = wallNow();
    this.lastPostWallMs = this.lastWallMs;
  }

  boot(settings: ClusterSettings): void {
    this.unsubscribe?.();
    this.booted = false;
    this.settings = { ...settings, cni: settings.cni ?? 'flannel-vxlan', proxyMode: settings.proxyMode ?? 'iptables' };
    // One subnet is the default and is left out of the settings, as the snapshot always had it.
    const nodeSubnets = settings.nodeSubnets && settings.nodeSubnets > 1 ? settings.nodeSubnets : undefined;
    if (!nodeSubnets) delete this.settings.nodeSubnets;
    const ca = settings.clusterAutoscaler;
    this.install(World.create({ seed: settings.seed, workerNodes: settings.workerNodes, cni: this.settings.cni, proxyMode: this.settings.proxyMode, ...(nodeSubnets ? { nodeSubnets } : {}), ...(ca ? { clusterAutoscaler: { minNodes: ca.minNodes, maxNodes: ca.maxNodes } } : {}) }));
  }

  /** The cluster as plain JSON, for IndexedDB (src/ui/persistence): the live world, not a past one on show. */
  saveState(): SavedClusterState {
    return { settings: { ...this.settings }, running: this.running, speed: this.speed, world: this.time.liveWorld().snapshot() };
  }

  /** Boot from a saved state; it continues exactly where it was saved (World.restore). */
  restoreState(state: SavedClusterState): void {
    const world = World.restore(state.world);
    this.unsubscribe?.();
    this.booted = false;
    this.settings = { ...state.settings };
    this.running = state.running;
    if (Number.isFinite(state.speed) && state.speed > 0) this.speed = state.speed;
    this.install(world);
  }

  private install(world: World): void {
    this.watches.endAll();
    this.world = world;
    this.tracker = new ViewTracker(this.world.creationEpochMs);
    this.extras = new ExtraTracker();
    for (const obj of this.world.listAll()) {
      this.tracker.observe({ type: 'ADDED', object: obj });
      this.extras.observe({ type: 'ADDED', object: obj });
      // a restored world may have stopped kubelets: the view says so (boot's fresh world has none)
      if (obj.kind === 'Node' && this.world.isNodeStopped(obj.metadata?.name ?? '')) this.tracker.setNodeStopped(obj.metadata?.name ?? '', true);
    }
    this.unsubscribe = this.world.onWatch((rec) => this.onWatch(rec));
    this.booted = true;
    this.postReady();
  }

  private clock(): ClockState {
    return { simTimeMs: this.world.now(), running: this.running, speed: this.speed, ...this.time.clockExtra() };
  }

  private postReady(): void {
    // The snapshot already holds whatever was pending.
    this.batcher.clear();
    this.pendingExtras.clear();
    this.kindsChanged = false;
    const extras = this.extras.allViews();
    const customKinds = this.extras.customKinds();
    // A big cluster's views do not go in one message (10,000 pods are ~15 MB of JSON, seconds of
    // main-thread work to receive): the rest follow as created upserts in the next deltas.
    const views = splitSnapshot(this.tracker.allViews());
    this.post({
      kind: 'ready',
      protocol: PROTOCOL_VERSION,
      seq: this.batcher.takeSeq(),
      snapshot: {
        clock: this.clock(),
        metrics: this.readMetrics(),
        views: views.now,
        events: this.tracker.allEvents().slice(-500),
        settings: this.currentSettings(),
        scheduler: this.schedulerSnapshot(),
        ...(extras.length ? { extras } : {}),
        ...(customKinds.length ? { customKinds } : {}),
      },
    });
    for (const view of views.later) this.batcher.add({ type: 'upsert', view }, true);
    this.lastPostWallMs = this.wallNow();
  }

  /** The settings as the shown world runs now: the autoscaler is the world's (it may change at run time). */
  private currentSettings(): ClusterSettings {
    const { clusterAutoscaler: _ca, ...settings } = this.settings;
    // (a test stand-in for the World may have no options)
    const ca = (this.world as Partial<World>).options?.clusterAutoscaler;
    return { ...settings, ...(ca ? { clusterAutoscaler: { minNodes: ca.minNodes, maxNodes: ca.maxNodes } } : {}) };
  }

  private onWatch(rec: WatchRecord): void {
    const { changes, events } = this.tracker.observe(rec);
    for (const c of changes) this.batcher.add(c.change, c.created);
    for (const e of events) this.batcher.addEvent(e);
    const extra = this.extras.observe(rec);
    for (const c of extra.changes) this.pendingExtras.set(c.type === 'upsert' ? extraId(c.view) : c.id, c);
    if (extra.kindsChanged) this.kindsChanged = true;
    const node = nodeOfWrite(rec);
    this.batcher.addWrite({ component: rec.writer, verb: rec.verb, kind: rec.object.kind, key: keyOf(rec.object.metadata ?? {}), ...(node ? { node } : {}) });
  }

  /** Every attempt the scheduler still keeps (the newest MAX_ATTEMPTS_PER_DELTA) and the queue, for `ready`. */
  private schedulerSnapshot(): ClusterSnapshot['scheduler'] {
    const attempts = this.world.schedulingAttempts(0).slice(-MAX_ATTEMPTS_PER_DELTA);
    this.lastAttemptId = attempts.length ? attempts[attempts.length - 1].id : this.world.schedulingAttempts(0).at(-1)?.id ?? 0;
    const queue = this.queueView();
    this.lastQueueJson = JSON.stringify(queue);
    return { attempts, queue };
  }

  private queueView(): SchedulingQueueView {
    const pending = this.world.schedulingQueue();
    return { pods: pending.slice(0, MAX_QUEUE_PODS), total: pending.length };
  }

  /** New scheduling attempts, and the queue if it changed, join the next delta. */
  private collectScheduler(): void {
    const attempts = this.world.schedulingAttempts(this.lastAttemptId);
    if (attempts.length) {
      this.lastAttemptId = attempts[attempts.length - 1].id;
      this.batcher.addAttempts(attempts);
    }
    // The queue changes only with a write (a pod added, bound, deleted, a node changed) or an
    // attempt (a backoff or flush timer moves a pod to activeQ, which is tried in the same instant):
    // a running clock alone changes nothing, so frames without either skip the work.
    const rv = this.world.resourceVersion;
    if (attempts.length === 0 && rv === this.lastQueueRv) return;
    this.lastQueueRv = rv;
    const queue = this.queueView();
    const json = JSON.stringify(queue);
    if (json !== this.lastQueueJson) {
      this.lastQueueJson = json;
      this.batcher.setQueue(queue);
    }
  }

  /** The metrics now, remembered as what the UI holds. */
  private readMetrics(): MetricsView {
    this.metricsScrape = Math.floor(this.world.now() / METRICS_RESOLUTION_MS);
    this.metricsDirty = false;
    this.metricsSent = metricsView(this.world.loads(), this.world.podMetrics());
    return this.metricsSent;
  }

  /**
   * Pod usage moves only at a metrics-server scrape (every 15 s simulated) or when a load is set, so
   * the metrics are read then and only their difference goes out: a running clock alone sends nothing.
   */
  private collectMetrics(): void {
    const scrape = Math.floor(this.world.now() / METRICS_RESOLUTION_MS);
    if (scrape === this.metricsScrape && !this.metricsDirty) return;
    const prev = this.metricsSent;
    const delta = diffMetrics(prev, this.readMetrics());
    if (delta) this.batcher.addMetrics(delta);
  }

  /**
   * Send what is pending now, at most one budget-bounded delta (see DeltaBatcher.flush); `force` also
   * sends a clock-only delta. `drain`: keep sending bounded deltas until nothing is pending (a
   * command's changes go out before its reply).
   */
  private flush(force = false, drain = false): void {
    this.flushOne(force);
    while (drain && this.batcher.hasPendingChanges) this.flushOne(true);
  }

  private flushOne(force: boolean): void {
    this.collectScheduler();
    this.collectMetrics();
    const hasExtras = this.pendingExtras.size > 0 || this.kindsChanged;
    const msg = this.batcher.flush(this.clock(), force || hasExtras);
    // `kubectl get -w` rows follow the frame's delta, so the canvas and the terminal change together.
    if (!msg) return this.watches.flush(this.post);
    if (hasExtras) {
      if (this.pendingExtras.size > 0) msg.extras = [...this.pendingExtras.values()];
      if (this.kindsChanged) msg.customKinds = this.extras.customKinds();
      this.pendingExtras.clear();
      this.kindsChanged = false;
    }
    this.post(msg);
    this.lastPostWallMs = this.wallNow();
    this.watches.flush(this.post);
  }

  /** One frame: advance simulated time by wall time x speed, then post at most one delta. */
  tick(): void {
    if (!this.booted) return;
    const wall = this.wallNow();
    const wallDelta = Math.min(Math.max(wall - this.lastWallMs, 0), MAX_WALL_PER_TICK_MS);
    this.lastWallMs = wall;
    // Backpressure: while the UI is still receiving a big backlog (bounded deltas, one per tick),
    // simulated time waits rather than racing ahead of what the canvas shows.
    const caughtUp = this.batcher.pendingViews <= MAX_BACKLOG_VIEWS;
    if (this.running && wallDelta > 0 && caughtUp) {
      this.simCarryMs = Math.min(this.simCarryMs + wallDelta * this.speed, MAX_SIM_PER_TICK_MS);
      const stepMs = Math.floor(this.simCarryMs);
      this.simCarryMs -= stepMs;
      try {
        if (stepMs > 0) this.world.step(stepMs);
        if (stepMs > 0) this.time.afterStep();
      } catch (err) {
        this.running = false;
        this.post({ kind: 'fault', message: `The simulation stopped: ${errorMessage(err)}` });
        this.flush(true);
        return;
      }
    }
    const clockDue = this.running && wall - this.lastPostWallMs >= CLOCK_ONLY_INTERVAL_MS;
    this.flush(clockDue);
  }

  handle(cmd: Command): void {
    if (!this.booted && cmd.kind !== 'reset') {
      if ('requestId' in cmd) this.post({ kind: 'reply', requestId: cmd.requestId, body: { kind: 'error', message: 'The cluster is not running.' } });
      return;
    }
    if (cmd.kind === 'control' && this.time.interceptControl(cmd)) {
      this.flush(true);
      return;
    }
    this.afterReply = this.time.beforeCommand(cmd);
    switch (cmd.kind) {
      case 'timeline':
        this.respond(cmd.requestId, () => this.time.handle(cmd.op));
        return;
      case 'control':
        this.control(cmd);
        this.flush(true);
        return;
      case 'resync':
        this.postReady();
        return;
      case 'reset':
        this.respond(cmd.requestId, () => {
          this.boot(cmd.settings);
          return { kind: 'reset', ok: true };
        });
        return;
      case 'apply':
        this.respond(cmd.requestId, () => ({ kind: 'apply', result: this.world.apply(cmd.yaml) }));
        return;
      case 'diff':
        this.respond(cmd.requestId, () => ({ kind: 'diff', ...this.world.diff(cmd.yaml) }));
        return;
      case 'delete':
        this.respond(cmd.requestId, () => ({ kind: 'delete', ...this.world.deleteObject(cmd.ref) }));
        return;
      case 'createPodOnNode':
        this.respond(cmd.requestId, () => ({ kind: 'createPodOnNode', ...this.world.createPodOnNode(cmd.template, cmd.nodeName) }));
        return;
      case 'bindPod':
        this.respond(cmd.requestId, () => ({ kind: 'bindPod', ...this.world.bindPod(cmd.podKey, cmd.nodeName) }));
        return;
      case 'checkPlacement':
        this.respond(cmd.requestId, () => ({
          kind: 'checkPlacement',
          verdict: this.world.checkPlacement(
            { ...(cmd.podKey ? { podKey: cmd.podKey } : {}), ...(cmd.template ? { template: cmd.template } : {}) },
            cmd.nodeName,
          ),
        }));
        return;
      case 'placementReport':
        this.respond(cmd.requestId, () => ({
          kind: 'placementReport',
          report: this.world.placementReport({ ...(cmd.podKey ? { podKey: cmd.podKey } : {}), ...(cmd.template ? { template: cmd.template } : {}) }),
        }));
        return;
      case 'schedulingAttempt':
        this.respond(cmd.requestId, () => {
          const detail = this.world.schedulingAttempt(cmd.id);
          return { kind: 'schedulingAttempt', ...(detail ? { detail } : {}) };
        });
        return;
      case 'kubectl':
        this.respond(cmd.requestId, () => {
          const { watch, ...output } = this.world.kubectl(cmd.command);
          const requests = this.world.lastRequestPaths();
          const watchId = watch ? this.watches.start(this.world, watch) : undefined;
          return { kind: 'kubectl', output, ...(requests.length ? { requests } : {}), ...(watchId !== undefined ? { watchId } : {}) };
        });
        return;
      case 'nodeShell':
        this.respond(cmd.requestId, () => ({ kind: 'nodeShell', output: this.world.nodeShell(cmd.nodeName, cmd.command) }));
        return;
      case 'trace':
        this.respond(cmd.requestId, () => {
          try {
            return { kind: 'trace', trace: this.world.trace(cmd.request, cmd.whatIf) };
          } catch (e) {
            return { kind: 'trace', error: e instanceof Error ? e.message : String(e) };
          }
        });
        return;
      case 'inspect':
        this.respond(cmd.requestId, () => ({ kind: 'inspect', result: this.inspect(cmd.ref) }));
        return;
      case 'etcdKeys':
        this.respond(cmd.requestId, () => ({ kind: 'etcdKeys', ...this.world.etcdKeys(cmd.prefix) }));
        return;
      case 'podInside':
        this.respond(cmd.requestId, () => {
          const view = this.world.podInside(cmd.podKey);
          return { kind: 'podInside', ...(view ? { view } : {}) };
        });
        return;
      case 'creationChain':
        this.respond(cmd.requestId, () => {
          const chain = this.world.podCreationChain(cmd.podKey);
          return { kind: 'creationChain', ...(chain ? { chain } : {}) };
        });
        return;
      case 'nodePower':
        this.respond(cmd.requestId, () => {
          const r = cmd.action === 'stop' ? this.world.stopNode(cmd.nodeName) : this.world.startNode(cmd.nodeName);
          for (const c of this.tracker.setNodeStopped(cmd.nodeName, this.world.isNodeStopped(cmd.nodeName))) this.batcher.add(c.change, c.created);
          return { kind: 'nodePower', ...r };
        });
        return;
      case 'nodeLifecycle':
        this.respond(cmd.requestId, () => {
          if (cmd.action === 'add') return { kind: 'nodeLifecycle', ...this.world.addNode() };
          return { kind: 'nodeLifecycle', ...this.world.removeNode(cmd.nodeName), nodeName: cmd.nodeName };
        });
        return;
      case 'clusterAutoscaler':
        this.respond(cmd.requestId, () => {
          const r = this.world.setClusterAutoscaler(cmd.settings);
          const ca = this.world.options.clusterAutoscaler;
          if (r.ok) this.settings = { ...this.settings, ...(ca ? { clusterAutoscaler: { ...ca } } : {}) };
          if (r.ok && !ca) delete this.settings.clusterAutoscaler;
          return { kind: 'clusterAutoscaler', ...r, ...(ca ? { settings: { minNodes: ca.minNodes, maxNodes: ca.maxNodes } } : {}) };
        });
        return;
      case 'saveState':
        this.respond(cmd.requestId, () => ({ kind: 'saveState', state: this.saveState() }));
        return;
      case 'restoreState':
        this.respond(cmd.requestId, () => {
          this.restoreState(cmd.state);
          return { kind: 'restoreState', ok: true, message: 'restored' };
        });
        return;
      case 'exportManifests':
        this.respond(cmd.requestId, () => ({ kind: 'exportManifests', manifests: exportManifests(this.time.liveWorld()) }));
        return;
      case 'stopWatch':
        this.watches.stop(cmd.watchId);
        return;
      case 'testCrash':
        return; // the worker wiring below crashes on it; a harness host ignores it
      case 'setLoad':
        this.respond(cmd.requestId, () => {
          const r = this.world.setLoad(cmd.workload, cmd.rps);
          if (r.ok) this.metricsDirty = true;
          return { kind: 'setLoad', ...r };
        });
        return;
      case 'lessonChecks':
        this.respond(cmd.requestId, () => ({ kind: 'lessonChecks', results: evaluateChecks(this.world, cmd.checks) }));
        return;
      default:
        assertNever(cmd);
    }
  }

  private control(cmd: Extract<Command, { kind: 'control' }>): void {
    switch (cmd.action) {
      case 'play':
        this.running = true;
        this.lastWallMs = this.wallNow();
        return;
      case 'pause':
        this.running = false;
        return;
      case 'step':
        try {
          this.world.step(Math.max(0, Math.round(cmd.stepMs)));
          this.time.afterStep();
        } catch (err) {
          this.post({ kind: 'fault', message: `The simulation stopped: ${errorMessage(err)}` });
        }
        return;
      case 'speed':
        if (Number.isFinite(cmd.speed) && cmd.speed > 0) this.speed = cmd.speed;
        return;
      default:
        assertNever(cmd);
    }
  }

  /** Run a command; changes it caused go out (as a delta) before its reply, so the UI sees them first. */
  private respond(requestId: number, run: () => ReplyBody): void {
    let body: ReplyBody;
    try {
      body = run();
    } catch (err) {
      body = { kind: 'error', message: errorMessage(err) };
    }
    const after = this.afterReply;
    this.afterReply = undefined;
    try {
      after?.(body);
    } catch (err) {
      this.post({ kind: 'fault', message: `The timeline could not record this action: ${errorMessage(err)}` });
    }
    try {
      this.flush(false, true);
    } catch (err) {
      this.post({ kind: 'fault', message: errorMessage(err) });
    }
    this.post({ kind: 'reply', requestId, body });
  }

  private inspect(ref: ObjectRef): InspectResult {
    const obj = this.world.getObject(ref);
    if (!obj) return { found: false, yaml: '', events: [], related: [] };
    const resource = resourceForKind(ref.kind);
    const nsFlag = resource?.namespaced !== false && ref.namespace ? ` -n ${ref.namespace}` : '';
    const out = this.world.kubectl(`get ${resource?.resource ?? ref.kind.toLowerCase()} ${ref.name}${nsFlag} -o yaml`);
    const events = this.tracker
      .allEvents()
      .filter((e: EventView) => e.involved.kind === ref.kind && e.involved.name === ref.name && (e.involved.namespace ?? '') === (ref.namespace ?? ''));
    return { found: true, yaml: out.exitCode === 0 ? out.stdout : out.stderr, events, related: this.related(obj, ref) };
  }

  private related(obj: KubeObject, ref: ObjectRef): InspectResult['related'] {
    const related: InspectResult['related'] = [];
    const meta = obj.metadata ?? {};
    for (const owner of meta.ownerReferences ?? []) {
      related.push({ relation: 'owner', ref: { apiVersion: owner.apiVersion, kind: owner.kind, ...(meta.namespace ? { namespace: meta.namespace } : {}), name: owner.name } });
    }
    if (meta.uid) {
      for (const other of this.world.listAll()) {
        if (other.kind === 'Event') continue;
        if (other.metadata?.ownerReferences?.some((o) => o.uid === meta.uid)) {
          related.push({ relation: 'owns', ref: { apiVersion: other.apiVersion, kind: other.kind, ...(other.metadata.namespace ? { namespace: other.metadata.namespace } : {}), name: other.metadata.name ?? '' } });
        }
      }
    }
    const key = keyOf(meta);
    if (ref.kind === 'Pod') {
      const nodeName = (obj.spec as { nodeName?: string } | undefined)?.nodeName;
      if (nodeName) related.push({ relation: 'node', ref: { kind: 'Node', name: nodeName } });
      for (const v of this.tracker.allViews()) {
        if (v.kind === 'Service' && v.endpoints.some((e) => e.podKey === key)) {
          related.push({ relation: 'service', ref: { kind: 'Service', namespace: v.namespace, name: v.name } });
        }
      }
    }
    if (ref.kind === 'Service') {
      const svc = this.tracker.getView('Service', key) as ServiceView | undefined;
      for (const ep of svc?.endpoints ?? []) {
        if (!ep.podKey) continue;
        const [namespace, name] = ep.podKey.split('/');
        related.push({ relation: ep.ready ? 'endpoint' : 'endpoint (not ready)', ref: { kind: 'Pod', namespace, name } });
      }
    }
    // An HPA and the workload it scales name each other (spec.scaleTargetRef; no owner reference).
    for (const v of this.tracker.allViews()) {
      if (v.kind === 'HorizontalPodAutoscaler' && v.namespace === (ref.namespace ?? 'default') && v.target.kind === ref.kind && v.target.name === ref.name) {
        related.push({ relation: 'autoscaled by', ref: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespace: v.namespace, name: v.name } });
      }
    }
    if (ref.kind === 'HorizontalPodAutoscaler') {
      const hpa = this.tracker.getView('HorizontalPodAutoscaler', key);
      if (hpa?.kind === 'HorizontalPodAutoscaler') related.push({ relation: 'scales', ref: { kind: hpa.target.kind, namespace: hpa.namespace, name: hpa.target.name } });
    }
    this.relatedStorage(ref, key, related);
    if (ref.kind === 'Node') {
      for (const v of this.tracker.allViews()) {
        if (v.kind === 'Pod' && v.nodeName === ref.name) related.push({ relation: 'runs', ref: { kind: 'Pod', namespace: v.namespace, name: v.name } });
      }
    }
    return related;
  }

  /** A claim's volume and the pods mounting it; a volume's claim and attachments; a pod's claims. */
  private relatedStorage(ref: ObjectRef, key: string, related: InspectResult['related']): void {
    const extras = this.extras.allViews();
    for (const v of extras) {
      if (v.kind === 'PersistentVolumeClaim') {
        if (ref.kind === 'PersistentVolumeClaim' && v.key === key) {
          if (v.volumeName) related.push({ relation: 'volume', ref: { apiVersion: 'v1', kind: 'PersistentVolume', name: v.volumeName } });
          for (const pod of v.pods) related.push({ relation: 'mounted by', ref: { apiVersion: 'v1', kind: 'Pod', namespace: v.namespace, name: pod.slice(pod.indexOf('/') + 1) } });
        }
        if (ref.kind === 'Pod' && v.pods.includes(key)) related.push({ relation: 'claim', ref: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: v.namespace, name: v.name } });
      } else if (v.kind === 'PersistentVolume' && ref.kind === 'PersistentVolume' && v.name === ref.name && v.claim) {
        const [namespace, name] = v.claim.split('/');
        related.push({ relation: 'claim', ref: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name } });
      } else if (v.kind === 'VolumeAttachment') {
        if (ref.kind === 'PersistentVolume' && v.pvName === ref.name) related.push({ relation: `attached to ${v.nodeName}`, ref: { apiVersion: 'storage.k8s.io/v1', kind: 'VolumeAttachment', name: v.name } });
        if (ref.kind === 'VolumeAttachment' && v.name === ref.name) {
          if (v.pvName) related.push({ relation: 'volume', ref: { apiVersion: 'v1', kind: 'PersistentVolume', name: v.pvName } });
          related.push({ relation: 'node', ref: { kind: 'Node', name: v.nodeName } });
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Wiring to the worker global. Guarded so a Node test can import EngineHost without a worker scope.

declare const WorkerGlobalScope: { new (): unknown } | undefined;

if (typeof WorkerGlobalScope !== 'undefined' && typeof self !== 'undefined' && self instanceof WorkerGlobalScope) {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  const host = new EngineHost((msg) => scope.postMessage(msg), () => performance.now());
  try {
    host.boot(DEFAULT_SETTINGS);
  } catch (err) {
    scope.postMessage({ kind: 'fault', message: `The cluster could not start: ${errorMessage(err)}` } satisfies WorkerMessage);
  }
  scope.onmessage = (e: MessageEvent<Command>) => {
    if (e.data.kind === 'testCrash') {
      // An exception no handler catches: the page's Worker gets an `error` event, as with a real crash.
      setTimeout(() => {
        throw new Error('engine worker crashed (test)');
      });
      return;
    }
    try {
      host.handle(e.data);
    } catch (err) {
      scope.postMessage({ kind: 'fault', message: errorMessage(err) } satisfies WorkerMessage);
    }
  };
  setInterval(() => {
    try {
      host.tick();
    } catch (err) {
      scope.postMessage({ kind: 'fault', message: errorMessage(err) } satisfies WorkerMessage);
    }
  }, TICK_MS);
}

/**
 * The node whose kubelet a write concerns, for the watch pulses: a pod's node (the kubelet watches
 * pods with spec.nodeName=<itself>; a binding moves it from none to one) or the Node itself.
 */
function nodeOfWrite(rec: WatchRecord): string | undefined {
  if (rec.object.kind === 'Node') return rec.object.metadata?.name;
  if (rec.object.kind !== 'Pod') return undefined;
  const spec = (o: WatchRecord['object'] | undefined) => (o as { spec?: { nodeName?: string } } | undefined)?.spec?.nodeName;
  return spec(rec.object) ?? spec(rec.oldObject);
}
