// The World wires one simulated cluster: the store and API server, the watch hub and informers,
// kube-controller-manager's controllers, the scheduler and one kubelet per node, all driven by the
// simulated clock. It is the engine's only entry point for the worker, the CLI and tests.
// UPSTREAM: cmd/kube-controller-manager, cmd/kube-scheduler, cmd/kubelet (what runs, in what order)
// Determinism: the clock and the seeded RNG streams are the only sources of time and randomness, and
// components run in a fixed order at each instant, so (seed, commands, time) decide the whole state.

import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { KubeObject, ObjectRef } from '../api/meta';
import { keyOf, splitKey } from '../api/meta';
import { resourceForKind } from '../api/resources';
import { ApiServer } from '../apiserver/apiserver';
import { validateObject } from '../apiserver/validation/validate';
import { Store, structuredCopy, type StoreState, type WatchRecord } from '../apiserver/store';
import { Client } from '../client/clientset';
import { SharedInformerFactory } from '../client/informer';
import { EventRecorder, rebuildEventCache, type CoreEvent, type EventCache } from '../client/record';
import { WorkQueue, type WorkQueueState } from '../client/workqueue';
import type { Controller, ControllerContext } from '../controller/types';
import { DeploymentController } from '../controller/deployment/deployment-controller';
import { EndpointSliceController } from '../controller/endpointslice/endpointslice-controller';
import { EndpointController } from '../controller/endpoint/endpoints-controller';
import { EndpointSliceMirroringController } from '../controller/endpointslicemirroring/endpointslicemirroring-controller';
import { GarbageCollector } from '../controller/garbagecollector/garbage-collector';
import { NodeIpamController } from '../controller/nodeipam/node-ipam-controller';
import { NodeLifecycleController } from '../controller/nodelifecycle/node-lifecycle-controller';
import { TaintEvictionController } from '../controller/tainteviction/taint-eviction';
import { ReplicaSetController } from '../controller/replicaset/replica-set';
import { ReplicationManager } from '../controller/replication/replication-controller';
import { DaemonSetsController } from '../controller/daemon/daemon-controller';
import { StatefulSetController } from '../controller/statefulset/stateful-set';
import { NamespaceController } from '../controller/namespace/namespace-controller';
import { JobController } from '../controller/job/job-controller';
import { CronJobController } from '../controller/cronjob/cronjob-controller';
import { TTLAfterFinishedController } from '../controller/ttlafterfinished/ttl-after-finished';
import { DisruptionController } from '../controller/disruption/disruption';
import { HorizontalController } from '../controller/podautoscaler/horizontal';
import { badRequest, groupResource, notFound } from '../apiserver/errors';
import { LOAD_KINDS, MetricsServer, type MetricsState, type NodeMetrics, type PodMetrics, type WorkloadRef } from '../metrics/metrics-server';
import { ServiceAccountsController } from '../controller/serviceaccount/serviceaccounts-controller';
import { Publisher as RootCACertPublisher } from '../controller/certificates/rootcacertpublisher/publisher';
import { PersistentVolumeController } from '../controller/volume/persistentvolume/pv-controller';
import { PVCProtectionController } from '../controller/volume/pvcprotection/pvc-protection-controller';
import { PVProtectionController } from '../controller/volume/pvprotection/pv-protection-controller';
import { ResourceQuotaController } from '../controller/resourcequota/resource-quota-controller';
import { LocalPathProvisioner, localPathProvisionerIdentity } from '../controller/volume/localpath/local-path-provisioner';
import { AttachDetachController } from '../controller/volume/attachdetach/attach-detach-controller';
import { ExpandController } from '../controller/volume/expand/expand-controller';
import { CSIExternalAttacher } from '../controller/volume/csi/external-attacher';
import { CSIExternalProvisioner, diskControllerIdentity } from '../controller/volume/csi/external-provisioner';
import { CSIExternalResizer } from '../controller/volume/csi/external-resizer';
import { MinikubeHostPathProvisioner, minikubeProvisionerIdentity } from '../controller/volume/hostpath/minikube-hostpath-provisioner';
import { ServiceController } from '../controller/service/controller';
import { IngressNginxController, INGRESS_NGINX_COMPONENT } from '../ingress/nginx/controller';
import { WebsiteOperator, WEBSITE_OPERATOR_COMPONENT } from '../operator/website/website-operator';
import { isBackgroundTimer, Kubelet, type KubeletState } from '../kubelet/kubelet';
import type { CreationStep } from '../kubelet/runtime';
import { applyManifests, type ApplyTarget } from '../kubectl/apply';
import { deletedLine } from '../kubectl/cmd/delete';
import { apiErrorLine } from '../kubectl/cmd/errors';
import { runKubectl, type KubectlContext } from '../kubectl/kubectl';
import { etcdKey } from '../etcd/keys';
import { runEtcdctl, type EtcdKeyValue, type EtcdReader } from '../etcd/etcdctl';
import type { EtcdKeyInfo } from '../api/etcd';
import { diffManifests, type DiffResult, type DryRunApply } from '../kubectl/cmd/diff';
import type { ApplyResult, CommandOutput } from '../kubectl/results';
import type { PlacementReport, PlacementVerdict } from '../scheduler/framework/verdict';
import { Scheduler, type QueuedPod, type SchedulerState } from '../scheduler/scheduler';
import type { AttemptDetail, AttemptSummary } from '../scheduler/explain/attempts';
import { CONFIG_KIND, parseSchedulerConfig, type SchedulerConfig } from '../scheduler/apis/config/config';
import { inTreeRegistry } from '../scheduler/plugins/registry';
import { SimClock, type ClockState, type JsonValue } from './clock';
import { RngStreams } from './rng';
import type { DnsLookup, PacketTrace, TraceEndpoint, TraceRequest } from '../api/trace';
import { dnsServerFrom, lookupFrom, resolvConfOf, traceNetwork, type TraceEnv, type TracedFlow } from './network-trace';
import type { Ingress, IngressClass, NetworkPolicy } from 'kubernetes-types/networking/v1';
import type { ConfigMap, Namespace, Secret } from 'kubernetes-types/core/v1';
import type { ConntrackEntry } from '../linux/conntrack';
import { emptyAffinity, pruneAffinity, type AffinityState } from '../linux/trace-types';
import type { ExecOutput } from '../kubectl/results';
import { defaultIndexHtml, execInContainer } from '../kubelet/cri/exec';
import { Filesystems, type FilesystemsState } from '../kubelet/runtime/files/filesystems';
import { containerEnvironment, type EnvSources } from '../kubelet/envvars/envvars';
import { podContainerLogs } from '../kubelet/kuberuntime/logs';
import type { PodLogOptions, PodLogResponse } from '../kubectl/cmd/logs';

/** Trace as if the cluster ran another CNI back end or kube-proxy mode (same objects, same addresses). */
export interface TraceWhatIf {
  cni?: CniBackendName;
  proxyMode?: ProxyMode;
}

/** Traced flows kept for `conntrack -L` (the oldest are forgotten first). */
const MAX_TRACED_FLOWS = 500;
import { WatchHub, type PendingRecord } from './watch-hub';
import { DEFAULT_OPTIONS, nextWorkerIndexOf, workerIndexesOf, type ClusterAutoscalerOptions, type ClusterOptions } from './options';
import { createSystemObjects, nodeConfigs, workerConfig } from './bootstrap';
import type { NodeConfig } from '../kubelet/nodestatus/setters';
import { PodGCController } from '../controller/podgc/gc-controller';
import { ClusterAutoscaler, CLUSTER_AUTOSCALER } from '../autoscaler/clusterautoscaler/static-autoscaler';
import { authorizedContext, KUBEADM_ADMIN } from './authorized-kubectl';
import type { RequestPath } from '../api/request-path';
import type { ClusterRoleObject, RoleBindingObject, RoleObject } from '../api/rbac';
import type { RbacLister } from '../apiserver/authorization/rbac';
import { createBootstrapPolicy } from '../apiserver/authorization/bootstrappolicy/bootstrap';
import { validateRbacUpdate } from '../apiserver/validation/rbac';
import { ClusterRoleAggregationController } from '../controller/clusterroleaggregation/clusterroleaggregation-controller';
import { kubeletAdmissionVerdict, paletteTemplate, type PodTemplateName } from './manual-scheduling';
import { runNodeShell, runPodShell } from '../cni/node-network';
import type { ClusterNetworkState, CniBackendName, ProxyMode } from '../cni/types';
import { podInside } from '../kubelet/podinside/pod-inside';
import type { PodInsideView } from '../api/pod-inside';

export { DEFAULT_OPTIONS, type ClusterOptions };

export const SNAPSHOT_VERSION = 1;

export interface WorldSnapshot {
  version: typeof SNAPSHOT_VERSION;
  options: ClusterOptions;
  clock: ClockState;
  rng: ReturnType<RngStreams['save']>;
  store: StoreState;
  watch: PendingRecord[];
  queues: Record<string, WorkQueueState>;
  controllers: Record<string, JsonValue>;
  scheduler: SchedulerState;
  kubelets: Record<string, KubeletState>;
  /** the simulated load on workloads (metrics-server stand-in) */
  metrics?: MetricsState;
  /** traced flows still in the nodes' conntrack tables, and the trace counter */
  network?: { traces: number; flows: Array<TracedFlow & { at: number }>; affinity?: AffinityState };
  /** the containers' and volumes' files (kubelet/runtime/files/filesystems.ts) */
  files?: FilesystemsState;
}

export type { WatchRecord };

/** Who writes when a person acts (editor, terminal, drag and drop). */
export const USER_AGENT = 'kubectl';

/** Bound on component passes within one simulated instant (a guard against a feedback loop). */
const MAX_PASSES_PER_INSTANT = 10_000;

export class World {
  readonly options: ClusterOptions;
  private readonly clock: SimClock;
  private readonly rngs: RngStreams;
  private readonly store: Store;
  readonly api: ApiServer;
  private readonly hub: WatchHub;
  private readonly informers = new SharedInformerFactory();
  private readonly eventCache: EventCache;
  private readonly controllers: Controller[];
  private readonly scheduler: Scheduler;
  private readonly kubelets: Kubelet[];
  /** removes the informer handlers each kubelet registered (World.removeNode) */
  private readonly kubeletHandlers = new Map<string, () => void>();
  private readonly metricsServer: MetricsServer;
  private readonly watchers = new Set<(rec: WatchRecord) => void>();
  private readonly user: Client;
  /** how many packet traces were taken (their ids) and the flows they left in conntrack */
  private traceCount = 0;
  private tracedFlows: Array<TracedFlow & { at: number }> = [];
  /** session affinity the nodes' kernels remember between connections (xt_recent lists, IPVS persistence) */
  private affinity: AffinityState = emptyAffinity();
  /** every file on the cluster's disks: container layers, emptyDirs, hostPaths, volumes */
  private readonly files: Filesystems;
  private readonly whatIfCacheKeys = new Map<string, object>();
  private whatIfCount = 0;
  private requestPaths: RequestPath[] = [];

  static create(opts: Partial<ClusterOptions> = {}): World {
    const world = new World({ ...DEFAULT_OPTIONS, ...opts });
    world.bootstrap();
    return world;
  }

  static restore(s: WorldSnapshot): World {
    if (s.version !== SNAPSHOT_VERSION) throw new Error(`unsupported snapshot version ${String(s.version)}`);
    return new World(s.options, structuredCopy(s));
  }

  private constructor(options: ClusterOptions, snap?: WorldSnapshot) {
    // A copy: addNode/removeNode and the autoscaler setting change it, never the caller's object.
    this.options = structuredCopy(options);
    options = this.options;
    this.clock = new SimClock(snap?.clock);
    this.rngs = new RngStreams(options.seed, snap?.rng.states);
    if (snap?.network) {
      this.traceCount = snap.network.traces;
      this.tracedFlows = snap.network.flows;
      if (snap.network.affinity) this.affinity = snap.network.affinity;
    }
    this.store = new Store(snap?.store);
    const now = () => this.clock.now();
    this.files = new Filesystems(
      {
        now,
        epochAt: (ms) => options.epochMs + ms,
        get: (kind, ns, name) => this.store.get(resourceForKind(kind)!.resource, keyOf({ namespace: ns, name })),
        indexHtml: defaultIndexHtml,
      },
      snap?.files,
    );
    this.store.watch((rec) => this.files.observe(rec));
    this.api = new ApiServer(this.store, this.rngs, now, { serviceCIDR: options.serviceCIDR, epochMs: options.epochMs });
    this.api.addValidator((obj, resource, old) => validateObject(obj, resource, old), (writer) => writer === USER_AGENT);
    this.api.addValidator(validateRbacUpdate);
    this.hub = new WatchHub(options.watchLatencyMs, snap?.watch);
    this.store.watch((rec) => this.hub.push(rec, this.clock.now()));
    this.store.watch((rec) => {
      for (const w of this.watchers) w(rec);
    });
    this.eventCache = rebuildEventCache(this.store.list('events') as CoreEvent[]);
    this.user = new Client(this.api, USER_AGENT);
    this.metricsServer = new MetricsServer(
      {
        pods: () => this.store.list('pods') as Pod[],
        nodes: () => this.store.list('nodes') as Node[],
        workload: (ref) => {
          const r = resourceForKind(ref.kind);
          return r ? this.store.get(r.resource, keyOf({ namespace: ref.namespace ?? 'default', name: ref.name })) : undefined;
        },
        now,
        epochMs: options.epochMs,
      },
      snap?.metrics,
    );

    const ctx = (name: string, component = name): ControllerContext => {
      const client = new Client(this.api, name);
      return {
        informers: this.informers,
        client,
        recorder: this.recorder(client, component),
        queue: new WorkQueue(name, this.clock, snap?.queues[name]),
        rng: this.rngs.stream(name),
        now,
        timestamp: (ms?: number) => this.api.timestamp(ms),
        state: snap?.controllers[name],
      };
    };
    // Fixed order: the order components run within one instant.
    this.controllers = [
      new NodeIpamController(ctx('node-ipam-controller'), { clusterCIDR: options.clusterCIDR, nodeCIDRMaskSize: options.nodeCIDRMaskSize, serviceCIDR: options.serviceCIDR }),
      new NodeLifecycleController(ctx('node-lifecycle-controller', 'node-controller')),
      new TaintEvictionController(ctx('taint-eviction-controller')),
      new DeploymentController(ctx('deployment-controller')),
      new ReplicaSetController(ctx('replicaset-controller')),
      new ReplicationManager(ctx('replication-controller')),
      new DaemonSetsController(ctx('daemonset-controller')),
      new StatefulSetController(ctx('statefulset-controller')),
      new EndpointSliceController(ctx('endpointslice-controller')),
      new EndpointController(ctx('endpoint-controller')),
      new EndpointSliceMirroringController(ctx('endpointslice-mirroring-controller', 'endpoint-slice-mirroring-controller')),
      new GarbageCollector(ctx('generic-garbage-collector', 'garbage-collector-controller')),
      new PodGCController(ctx('pod-garbage-collector', 'pod-garbage-collector')),
      new NamespaceController(ctx('namespace-controller')),
      new ServiceAccountsController(ctx('serviceaccount-controller')),
      new RootCACertPublisher(ctx('root-ca-cert-publisher')),
      new ClusterRoleAggregationController(ctx('clusterrole-aggregation-controller')),
      new JobController(ctx('job-controller')),
      new CronJobController(ctx('cronjob-controller')),
      new TTLAfterFinishedController(ctx('ttl-after-finished-controller')),
      new DisruptionController(ctx('disruption-controller', 'controllermanager')),
      new HorizontalController(ctx('horizontal-pod-autoscaler-controller', 'horizontal-pod-autoscaler'), { podMetrics: (ns) => this.metricsServer.podMetrics(ns) }),
      new PersistentVolumeController(ctx('persistentvolume-binder-controller', 'persistentvolume-controller')),
      new PVCProtectionController(ctx('persistentvolumeclaim-protection-controller')),
      new PVProtectionController(ctx('persistentvolume-protection-controller')),
      new AttachDetachController(ctx('attachdetach-controller')),
      new ExpandController(ctx('expand-controller', 'volume_expand')),
      new ResourceQuotaController(ctx('resourcequota-controller')),
      // Not kube-controller-manager: kind's local-path-provisioner, for the default StorageClass.
      new LocalPathProvisioner(ctx('local-path-provisioner', localPathProvisionerIdentity(options.seed))),
      // Not kube-controller-manager: the sidecars of the simulated network-disk CSI driver (class network-disk).
      new CSIExternalProvisioner(ctx('csi-provisioner', diskControllerIdentity(options.seed))),
      new CSIExternalAttacher(ctx('csi-attacher', 'csi-attacher')),
      new CSIExternalResizer(ctx('csi-resizer', 'external-resizer disk.csi.kube-sandbox.dev')),
      ...(options.minikubeHostPath ? [new MinikubeHostPathProvisioner(ctx('minikube-hostpath-provisioner', minikubeProvisionerIdentity(options.seed)))] : []),
      // Not kube-controller-manager: cloud-controller-manager's service controller over a simulated L2 pool.
      ...((options.loadBalancer ?? DEFAULT_OPTIONS.loadBalancer) ? [new ServiceController(ctx('service-lb-controller', 'service-controller'))] : []),
      // Not a Kubernetes component: ingress-nginx's control loop, active while its controller pod runs.
      new IngressNginxController(ctx('ingress-nginx-controller', INGRESS_NGINX_COMPONENT)),
      // Not a Kubernetes component: the sample Website operator, active while its pod runs.
      new WebsiteOperator(ctx(WEBSITE_OPERATOR_COMPONENT)),
      // Not kube-controller-manager: kubernetes/autoscaler's cluster-autoscaler, off unless options.clusterAutoscaler.
      new ClusterAutoscaler(ctx(CLUSTER_AUTOSCALER), {
        options: () => this.options.clusterAutoscaler,
        workerConfig: () => workerConfig(this.options, nextWorkerIndexOf(this.options)),
        addNode: () => this.addNode(),
        removeNode: (name) => this.removeNode(name),
      }),
    ];
    const schedClient = new Client(this.api, 'kube-scheduler');
    const schedRecorders = new Map<string, EventRecorder>();
    this.scheduler = new Scheduler(
      {
        informers: this.informers,
        client: schedClient,
        recorder: this.recorder(schedClient, 'default-scheduler'),
        recorderFor: (name) => (schedRecorders.get(name) ?? schedRecorders.set(name, this.recorder(schedClient, name)).get(name)!),
        clock: this.clock,
        rng: this.rngs.stream('kube-scheduler'),
      },
      snap?.scheduler,
    );
    this.kubelets = nodeConfigs(this.options).map((cfg) => this.newKubelet(cfg, snap?.kubelets[cfg.name]));

    for (const c of this.controllers) c.start(this.informers);
    this.scheduler.start();
    for (const k of this.kubelets) this.startKubelet(k);
    // List, then watch: each informer starts from the store, minus what it has not been told yet.
    for (const inf of this.informers.all()) inf.replace(this.store.list(inf.resource));
    const undelivered = this.hub.undelivered();
    for (let i = undelivered.length - 1; i >= 0; i--) this.informers.revert(undelivered[i].rec);
  }

  private newKubelet(cfg: NodeConfig, state?: KubeletState): Kubelet {
    const client = new Client(this.api, `kubelet/${cfg.name}`);
    return new Kubelet(cfg, client, this.recorder(client, 'kubelet', cfg.name), this.clock, this.rngs.stream(`kubelet/${cfg.name}`), state);
  }

  /** Start a kubelet, remembering its informer handlers so removeNode can end its watches. */
  private startKubelet(k: Kubelet): void {
    this.kubeletHandlers.set(k.name, this.informers.collectHandlers(() => k.start(this.informers)));
  }

  // ----- time -----------------------------------------------------------------------------------

  /** Simulated milliseconds since the cluster started. */
  now(): number {
    return this.clock.now();
  }

  get creationEpochMs(): number {
    return this.options.epochMs;
  }

  /** Advance simulated time by `ms`, running everything that falls due, in time order. */
  step(ms: number): void {
    const target = this.clock.now() + Math.max(0, ms);
    for (;;) {
      this.runInstant();
      const next = this.nextDue();
      if (next === undefined || next > target) break;
      this.clock.advanceTo(next);
    }
    this.clock.advanceTo(target);
  }

  /**
   * Step until the cluster is quiet (true) or `maxMs` of simulated time passed (false). Quiet means no
   * watch event in flight, no queued work and no timer pending except the scheduler's retries of
   * unschedulable pods: upstream retries those forever (every 10 s to 5 min), so a cluster with a
   * Pending pod is still "settled" once nothing else can change.
   */
  settle(maxMs = 60 * 60 * 1000): boolean {
    const deadline = this.clock.now() + maxMs;
    for (;;) {
      this.runInstant();
      const foreground = this.nextForegroundDue();
      if (foreground === undefined) return true;
      if (foreground > deadline) {
        this.step(deadline - this.clock.now());
        return false;
      }
      this.clock.advanceTo(Math.min(foreground, this.nextDue() ?? foreground));
    }
  }

  private nextForegroundDue(): number | undefined {
    const a = this.clock.nextDueWhere((t) => !isBackgroundRetry(t.target, t.payload));
    const b = this.hub.nextDue();
    if (a === undefined) return b;
    if (b === undefined) return a;
    return Math.min(a, b);
  }

  /** When something next happens (a timer or a watch delivery), or undefined when the cluster is quiet. */
  nextDue(): number | undefined {
    const a = this.clock.nextDue();
    const b = this.hub.nextDue();
    if (a === undefined) return b;
    if (b === undefined) return a;
    return Math.min(a, b);
  }

  /** Run every component until none has work at the current instant. */
  private runInstant(): void {
    for (let pass = 0; pass < MAX_PASSES_PER_INSTANT; pass++) {
      let progressed = false;
      for (const rec of this.hub.takeDue(this.clock.now())) {
        this.informers.deliver(rec);
        progressed = true;
      }
      for (let t = this.clock.popDue(); t; t = this.clock.popDue()) {
        this.dispatchTimer(t.target, t.payload);
        progressed = true;
      }
      for (const c of this.controllers) {
        for (let key = c.queue.get(); key !== undefined; key = c.queue.get()) {
          progressed = true;
          try {
            const r = c.sync(key);
            if (r.kind === 'done') c.queue.forget(key);
            else if (r.kind === 'requeueAfter' && r.background) this.clock.schedule(r.delayMs, `${BACKGROUND_QUEUE_PREFIX}${c.queue.name}`, key);
            else if (r.kind === 'requeueAfter') c.queue.addAfter(key, r.delayMs);
            else c.queue.addRateLimited(key);
          } finally {
            c.queue.done(key);
          }
        }
      }
      if (this.scheduler.runOnce() > 0) progressed = true;
      for (const k of this.kubelets) if (k.runOnce() > 0) progressed = true;
      if (!progressed) return;
    }
    throw new Error(`components did not settle within one instant at t=${this.clock.now()}ms`);
  }

  private dispatchTimer(target: string, payload: JsonValue): void {
    if (target === 'scheduler') return this.scheduler.handleTimer(payload);
    if (target.startsWith('queue/') || target.startsWith(BACKGROUND_QUEUE_PREFIX)) {
      const name = target.slice(target.indexOf('/') + 1);
      const q = this.controllers.find((c) => c.queue.name === name)?.queue ?? this.kubelets.find((k) => k.queue.name === name)?.queue;
      q?.add(payload as string);
      return;
    }
    if (target.startsWith('kubelet/')) {
      this.kubelets.find((k) => k.timerTarget === target)?.handleTimer(payload);
    }
  }

  // ----- bootstrap ------------------------------------------------------------------------------

  /** What kubeadm and the API server create before anyone applies anything, then the nodes join. */
  private bootstrap(): void {
    createSystemObjects(new Client(this.api, 'kube-apiserver'), this.options);
    createBootstrapPolicy(new Client(this.api, 'kube-apiserver'), new Client(this.api, 'kubeadm'));
    for (const k of this.kubelets) k.register();
    this.settle();
  }

  private recorder(client: Client, component: string, host?: string): EventRecorder {
    return new EventRecorder(client, this.api, () => this.clock.now(), this.options.epochMs, component, this.eventCache, host);
  }

  // ----- what people do -------------------------------------------------------------------------

  /** `kubectl apply -f` over a (multi-document) manifest text. */
  apply(text: string, source = 'STDIN', wrap: (target: ApplyTarget) => ApplyTarget = (t) => t): ApplyResult {
    const target: ApplyTarget = {
      get: (r, ns, name) => this.api.get(r, ns, name),
      create: (obj) => this.user.create(obj),
      update: (obj) => this.user.update(obj),
      componentConfig: (manifest) => this.schedulerConfig(manifest),
      resources: () => this.api.resources(),
    };
    return applyManifests(wrap(target), text, source);
  }

  /** `apply` into a throwaway copy of this world (a dry run): apply's results and the copy's objects. */
  dryRunApply(text: string, source = 'STDIN'): DryRunApply {
    const copy = World.restore(this.snapshot());
    const result = copy.apply(text, source);
    return { result, get: (r, ns, name) => copy.api.get(r, ns, name) };
  }

  /** `kubectl diff` of a manifest text against the cluster (the editor's Diff); changes nothing. */
  diff(text: string, source = 'STDIN'): DiffResult {
    return diffManifests({ get: (r, ns, name) => this.api.get(r, ns, name), nowMs: () => this.options.epochMs + this.clock.now(), dryRunApply: (t, s) => this.dryRunApply(t, s), resources: () => this.api.resources() }, text, source);
  }

  /**
   * A KubeSchedulerConfiguration document: on a real cluster the file given to `kube-scheduler --config`,
   * not an API object. SIMPLIFICATION: applying it restarts the simulated kube-scheduler with it.
   */
  private schedulerConfig(manifest: Record<string, unknown>): ReturnType<NonNullable<ApplyTarget['componentConfig']>> {
    if (manifest.kind !== CONFIG_KIND || typeof manifest.apiVersion !== 'string' || !manifest.apiVersion.startsWith('kubescheduler.config.k8s.io/')) return undefined;
    const r = parseSchedulerConfig(manifest, new Set(Object.keys(inTreeRegistry)));
    if (!r.config) return { ok: false, errors: r.errors };
    this.scheduler.reconfigure(r.config);
    const names = r.config.profiles.map((p) => p.schedulerName).join(', ');
    return {
      ok: true,
      message: `kube-scheduler restarted with this KubeSchedulerConfiguration (profiles: ${names})`,
      warnings: [
        'Note: KubeSchedulerConfiguration is not an API object. On a real cluster it is the file passed to kube-scheduler --config; kubectl apply would reject it.',
        ...r.notes,
      ],
    };
  }

  /** The scheduler's configuration as it runs now (profiles after defaulting). */
  schedulerConfiguration(): SchedulerConfig {
    return this.scheduler.configuration();
  }

  kubectl(commandLine: string, readFile?: (path: string) => string): CommandOutput {
    const ctx: KubectlContext = {
      list: (r, ns) => this.api.list(r, ns),
      get: (r, ns, name) => this.api.get(r, ns, name),
      nowMs: () => this.options.epochMs + this.clock.now(),
      apply: (text, source) => this.apply(text, source),
      dryRunApply: (text, source) => this.dryRunApply(text, source),
      delete: (r, ns, name, opts) => {
        const res = this.user.delete(r, ns, name, opts);
        return res.ok ? { ok: true } : { ok: false, status: res.status };
      },
      readFile,
      create: (obj) => this.user.create(obj),
      update: (obj) => this.user.update(obj),
      patch: (r, ns, name, patch, type) => this.api.patch(r, ns, name, patch, this.user.userAgent, type),
      exec: (podKey, container, argv, opts) => this.execInPod(podKey, container, argv, opts),
      evict: (namespace, name) => this.api.evict(namespace, name, this.user.userAgent),
      podMetrics: (namespace) => this.metricsServer.podMetrics(namespace),
      nodeMetrics: () => this.metricsServer.nodeMetrics(),
      logs: (podKey, opts) => this.podLogs(podKey, opts),
      resources: () => this.api.resources(),
    };
    // Every request goes through authentication and RBAC as kubeadm's admin.conf user (or --as).
    const requests: RequestPath[] = [];
    const authorized = authorizedContext(ctx, KUBEADM_ADMIN, {
      rbac: this.rbacLister(),
      record: (path) => requests.push(path),
      applyWith: (text, source, wrap) => this.apply(text, source, wrap),
    });
    const out = runKubectl(authorized, commandLine);
    this.requestPaths = requests;
    return out;
  }

  /**
   * The requests the last `kubectl(...)` command sent, in order, with the stages each passed
   * (authentication, impersonation, authorization, admission, validation, storage) or stopped at.
   */
  lastRequestPaths(): RequestPath[] {
    return structuredCopy(this.requestPaths);
  }

  /** What RBAC reads, straight from the store (upstream: the authorizer's informers). */
  private rbacLister(): RbacLister {
    return {
      role: (ns, name) => this.store.get('roles', `${ns}/${name}`) as RoleObject | undefined,
      clusterRole: (name) => this.store.get('clusterroles', name) as ClusterRoleObject | undefined,
      roleBindings: (ns) => this.store.list('rolebindings', ns) as RoleBindingObject[],
      clusterRoleBindings: () => this.store.list('clusterrolebindings') as RoleBindingObject[],
    };
  }

  deleteObject(ref: ObjectRef): { ok: boolean; message: string } {
    const r = this.api.resourceFor(ref.apiVersion, ref.kind) ?? resourceForKind(ref.kind);
    if (!r) return { ok: false, message: `error: the server doesn't have a resource type "${ref.kind}"` };
    const ns = r.namespaced ? (ref.namespace ?? 'default') : undefined;
    // As kubectl does: an explicit Background policy (Jobs would orphan their pods by default).
    const res = this.user.delete(r, ns, ref.name, { propagationPolicy: 'Background' });
    if (!res.ok) return { ok: false, message: apiErrorLine(res.status) };
    return { ok: true, message: deletedLine(r, ref.name, ns) };
  }

  /** The palette's Pod (see manual-scheduling.ts). */
  podTemplate(template: PodTemplateName, nodeName?: string): Pod & KubeObject {
    return paletteTemplate(template, nodeName);
  }

  createPodOnNode(template: PodTemplateName, nodeName: string): { ok: boolean; message: string; podKey?: string } {
    const res = this.user.create(this.podTemplate(template, nodeName));
    if (!res.ok) return { ok: false, message: apiErrorLine(res.status) };
    return { ok: true, message: `pod/${res.object.metadata.name} created`, podKey: keyOf(res.object.metadata) };
  }

  /** Drop a Pending pod on a node: the person acts as the scheduler, so the scheduler's filters decide. */
  bindPod(podKey: string, nodeName: string): { ok: boolean; message: string; verdict: PlacementVerdict } {
    const verdict = this.checkPlacement({ podKey }, nodeName);
    if (!verdict.fits) return { ok: false, message: verdict.message, verdict };
    const { namespace, name } = splitKey(podKey);
    const res = this.user.bind(namespace ?? 'default', name, nodeName);
    if (!res.ok) return { ok: false, message: apiErrorLine(res.status), verdict };
    return { ok: true, message: `pod/${name} bound to ${nodeName}`, verdict };
  }

  checkPlacement(target: { podKey?: string; template?: PodTemplateName }, nodeName: string): PlacementVerdict {
    if (target.podKey) {
      const pod = this.store.get('pods', target.podKey) as (Pod & KubeObject) | undefined;
      if (!pod) return { fits: false, nodeName, plugins: [], message: `pods "${splitKey(target.podKey).name}" not found` };
      if (pod.spec?.nodeName) {
        return {
          fits: false, nodeName, plugins: [],
          message: pod.spec.nodeName === nodeName
            ? `pod is already on ${nodeName}`
            : `Pods never move: this pod is bound to ${pod.spec.nodeName}. Delete it and its controller creates a replacement that the scheduler places.`,
        };
      }
      return this.scheduler.checkPlacement(pod, nodeName);
    }
    return kubeletAdmissionVerdict(this.scheduler.checkPlacement(this.podTemplate('pod'), nodeName), nodeName);
  }

  /**
   * Every node's verdict for a pending pod (or the palette template) and, for the nodes that pass, the
   * score breakdown the scheduler would compute now; `best` = the highest-scoring nodes (the
   * scheduler picks one of them at random when several tie). Changes nothing.
   */
  placementReport(target: { podKey?: string; template?: PodTemplateName }): PlacementReport {
    let pod: Pod | undefined;
    if (target.podKey) pod = this.store.get('pods', target.podKey) as Pod | undefined;
    else pod = this.podTemplate('pod');
    if (!pod) return { nodes: [], best: [] };
    const reports = this.scheduler.filterReport(pod);
    const nodes: PlacementReport['nodes'] = reports.map((r) => ({
      verdict: target.podKey ? this.checkPlacement(target, r.verdict.nodeName) : kubeletAdmissionVerdict(r.verdict, r.verdict.nodeName),
      ...(r.scores ? { totalScore: r.scores.totalScore, scores: r.scores.scores.map((x) => ({ plugin: x.plugin, raw: x.raw, normalized: x.normalized, weight: x.weight, weighted: x.score })) } : {}),
    }));
    // What the scheduler would pick: among the nodes its filters pass (a template's kubelet-only
    // verdict may let more through, e.g. a tainted control plane).
    const fit = reports.filter((r) => r.verdict.fits);
    let best: string[] = [];
    if (fit.length === 1) best = [fit[0].verdict.nodeName];
    else if (fit.length > 1) {
      const max = Math.max(...fit.map((r) => r.scores?.totalScore ?? 0));
      best = fit.filter((r) => (r.scores?.totalScore ?? 0) === max).map((r) => r.verdict.nodeName);
    }
    return { nodes, best };
  }

  /** The last scheduling attempts after `afterId` (0 = every one kept), oldest first. */
  schedulingAttempts(afterId = 0): AttemptSummary[] {
    return this.scheduler.attempts(afterId);
  }

  /** One scheduling attempt in full, while the scheduler still keeps it. */
  schedulingAttempt(id: number): AttemptDetail | undefined {
    return this.scheduler.attemptDetail(id);
  }

  /** Where each pending pod waits in the scheduling queue. */
  schedulingQueue(): QueuedPod[] {
    return this.scheduler.pendingPods();
  }

  /**
   * Stop a node's kubelet (the node "loses power"): no more Lease renewals, status posts or pod syncs.
   * Its pods keep their last status in the API until the node lifecycle controller notices.
   */
  stopNode(name: string): { ok: boolean; message: string } {
    const k = this.kubelets.find((x) => x.name === name);
    if (!k) return { ok: false, message: `Error from server (NotFound): nodes "${name}" not found` };
    if (k.stopped) return { ok: true, message: `node/${name}: kubelet already stopped` };
    k.stop();
    return { ok: true, message: `node/${name}: kubelet stopped` };
  }

  /** Start a stopped node's kubelet again: it renews its Lease and posts Ready. */
  startNode(name: string): { ok: boolean; message: string } {
    const k = this.kubelets.find((x) => x.name === name);
    if (!k) return { ok: false, message: `Error from server (NotFound): nodes "${name}" not found` };
    if (!k.stopped) return { ok: true, message: `node/${name}: kubelet already running` };
    k.restart();
    return { ok: true, message: `node/${name}: kubelet started` };
  }

  /**
   * A new machine joins as a worker like the others: `node-<next>` (a name never used before), its
   * kubelet starts and registers the Node (then its Lease, a podCIDR from node-ipam-controller, the
   * DaemonSets' pods). The set of workers is part of the options, so snapshots restore it.
   */
  addNode(): { ok: boolean; message: string; nodeName?: string } {
    const i = nextWorkerIndexOf(this.options);
    const cfg = workerConfig(this.options, i);
    const indexes = [...workerIndexesOf(this.options), i].sort((a, b) => a - b);
    this.options.workerIndexes = indexes;
    this.options.nextWorkerIndex = i + 1;
    this.options.workerNodes = indexes.length;
    const k = this.newKubelet(cfg);
    this.kubelets.push(k);
    this.startKubelet(k);
    k.register();
    return { ok: true, message: `node/${cfg.name} added`, nodeName: cfg.name };
  }

  /**
   * The machine is gone (deleted in the cloud): its kubelet stops for good (no timers, no watches)
   * and the Node object is deleted, as cloud-controller-manager's node lifecycle controller does
   * when the provider reports the instance missing. Its pods stay bound to the missing node until
   * PodGC removes them (controller/podgc); their controllers then create replacements.
   * SIMPLIFICATION: the Node is deleted at once, not at the cloud controller's next 5 s monitor pass.
   */
  removeNode(name: string): { ok: boolean; message: string } {
    const k = this.kubelets.find((x) => x.name === name);
    if (!k) return { ok: false, message: `Error from server (NotFound): nodes "${name}" not found` };
    if (!/^node-\d+$/.test(name)) {
      return { ok: false, message: `error: node/${name} runs the control plane; only worker nodes can be removed` };
    }
    k.stop();
    this.kubeletHandlers.get(name)?.();
    this.kubeletHandlers.delete(name);
    this.kubelets.splice(this.kubelets.indexOf(k), 1);
    const i = Number(name.slice('node-'.length));
    const indexes = workerIndexesOf(this.options).filter((x) => x !== i);
    this.options.nextWorkerIndex = nextWorkerIndexOf(this.options);
    this.options.workerIndexes = indexes;
    this.options.workerNodes = indexes.length;
    const client = new Client(this.api, 'cloud-node-lifecycle-controller');
    const node = this.store.get('nodes', name);
    if (node) {
      this.recorder(client, 'cloud-node-lifecycle-controller').event(node, 'Normal', 'DeletingNode', `Deleting node ${name} because it does not exist in the cloud provider`);
      client.delete(resourceForKind('Node')!, undefined, name);
    }
    return { ok: true, message: `node/${name} removed` };
  }

  /** Turn the simulated cluster-autoscaler on (with its node group's bounds) or off (undefined). */
  setClusterAutoscaler(opts: ClusterAutoscalerOptions | undefined): { ok: boolean; message: string } {
    if (!opts) {
      delete this.options.clusterAutoscaler;
      return { ok: true, message: 'cluster-autoscaler disabled' };
    }
    const { minNodes, maxNodes } = opts;
    if (!Number.isInteger(minNodes) || !Number.isInteger(maxNodes) || minNodes < 0 || maxNodes < 1 || minNodes > maxNodes) {
      return { ok: false, message: `error: invalid node group bounds ${minNodes}:${maxNodes} (want 0 <= min <= max, max >= 1)` };
    }
    this.options.clusterAutoscaler = { minNodes, maxNodes };
    this.controllers.find((c) => c.name === CLUSTER_AUTOSCALER)?.queue.add(ClusterAutoscaler.LOOP_KEY);
    return { ok: true, message: `cluster-autoscaler enabled (--nodes=${minNodes}:${maxNodes}:${ClusterAutoscaler.GROUP})` };
  }

  /** The worker node names (node-<i>) that exist now. */
  workerNodeNames(): string[] {
    return workerIndexesOf(this.options).map((i) => `node-${i}`);
  }

  /**
   * Put a simulated load on a workload: `rps` requests per second, spread evenly over its Running and
   * Ready pods (0 removes it). The metrics API (kubectl top, the HPA) derives CPU and memory from it at
   * its next 15 s scrape; see metrics/metrics-server.ts for the model.
   */
  setLoad(workload: WorkloadRef, rps: number): { ok: boolean; message: string } {
    if (!(LOAD_KINDS as readonly string[]).includes(workload.kind)) {
      return { ok: false, message: `error: a load can be put on ${LOAD_KINDS.join(', ')}, not ${workload.kind}` };
    }
    if (!Number.isFinite(rps) || rps < 0) return { ok: false, message: `error: load must be a number of requests per second >= 0, got ${rps}` };
    const ref = { ...workload, namespace: workload.namespace ?? 'default' };
    const r = resourceForKind(ref.kind)!;
    if (!this.api.get(r, ref.namespace, ref.name)) return { ok: false, message: `Error from server (NotFound): ${groupResource(r)} "${ref.name}" not found` };
    this.metricsServer.setLoad(ref, rps);
    return { ok: true, message: `${ref.kind.toLowerCase()}/${ref.name}: load set to ${rps} requests/s` };
  }

  /** The load on a workload in requests per second (0 when none was set). */
  load(workload: WorkloadRef): number {
    return this.metricsServer.load({ ...workload, namespace: workload.namespace ?? 'default' });
  }

  /** Every load set, by workload. */
  loads(): Array<{ ref: WorkloadRef; rps: number }> {
    return this.metricsServer.allLoads();
  }

  /** metrics.k8s.io PodMetrics (what `kubectl top pods` reads); `namespace` undefined = all namespaces. */
  podMetrics(namespace?: string): PodMetrics[] {
    return this.metricsServer.podMetrics(namespace);
  }

  /** metrics.k8s.io NodeMetrics (what `kubectl top nodes` reads). */
  nodeMetrics(): NodeMetrics[] {
    return this.metricsServer.nodeMetrics();
  }

  /**
   * The calls the pod's kubelet made to create it (SyncPod, RunPodSandbox, containerd, shim, runc,
   * CNI ADD, PullImage, CreateContainer, StartContainer), oldest first; undefined when no kubelet has it.
   */
  podCreationChain(podKey: string): { podKey: string; nodeName: string; steps: CreationStep[]; truncated: boolean } | undefined {
    const pod = this.store.get('pods', podKey) as Pod | undefined;
    const nodeName = pod?.spec?.nodeName;
    const uid = pod?.metadata?.uid;
    if (!nodeName || !uid) return undefined;
    const chain = this.kubelets.find((k) => k.name === nodeName)?.creationChain(uid);
    return chain ? { podKey, nodeName, ...chain } : undefined;
  }

  /** What is inside a pod (the canvas's open-pod view): namespaces, containers, ports, volumes. */
  podInside(podKey: string): PodInsideView | undefined {
    const pod = this.store.get('pods', podKey) as Pod | undefined;
    return pod ? podInside(pod) : undefined;
  }

  /** Whether the node's kubelet is stopped (World.stopNode). */
  isNodeStopped(name: string): boolean {
    return this.kubelets.find((x) => x.name === name)?.stopped ?? false;
  }

  // ----- reading --------------------------------------------------------------------------------

  getObject(ref: ObjectRef): KubeObject | undefined {
    const r = this.api.resourceFor(ref.apiVersion, ref.kind) ?? resourceForKind(ref.kind);
    if (!r) return undefined;
    return this.api.get(r, r.namespaced ? (ref.namespace ?? 'default') : undefined, ref.name);
  }

  listAll(): KubeObject[] {
    const out: KubeObject[] = [];
    for (const r of this.api.resources()) out.push(...this.api.list(r));
    return out;
  }

  list(kind: string, namespace?: string): KubeObject[] {
    const r = this.api.resourceFor(undefined, kind);
    return r ? this.api.list(r, namespace) : [];
  }

  /** Every store change, synchronously and in revision order. Returns the unsubscribe function. */
  onWatch(handler: (rec: WatchRecord) => void): () => void {
    this.watchers.add(handler);
    return () => this.watchers.delete(handler);
  }

  get resourceVersion(): number {
    return this.store.currentRevision;
  }

  snapshot(): WorldSnapshot {
    const queues: Record<string, WorkQueueState> = {};
    const controllers: Record<string, JsonValue> = {};
    for (const c of this.controllers) {
      queues[c.queue.name] = c.queue.save();
      const s = c.save?.();
      if (s !== undefined) controllers[c.name] = s;
    }
    const kubelets: Record<string, KubeletState> = {};
    for (const k of this.kubelets) kubelets[k.name] = k.save();
    return structuredCopy({
      version: SNAPSHOT_VERSION,
      options: this.options,
      clock: this.clock.save(),
      rng: this.rngs.save(),
      store: this.store.save(),
      watch: this.hub.undelivered(),
      queues,
      controllers,
      scheduler: this.scheduler.save(),
      kubelets,
      metrics: this.metricsServer.save(),
      network: { traces: this.traceCount, flows: this.tracedFlows, affinity: this.affinity },
      files: this.files.save(),
    });
  }

  /**
   * A root shell on a node, read-only: `ip addr|route|neigh|link`, `bridge fdb`, `iptables-save [-t nat]`,
   * `iptables -S`, `conntrack -L`, piped through grep/head/tail/wc. The node's network is derived
   * from the current objects as its kubelet, flanneld and kube-proxy would have programmed it.
   */
  nodeShell(nodeName: string, command: string): CommandOutput {
    const node = this.store.get('nodes', nodeName);
    // kubeadm runs etcd on the control-plane node; etcdctl there reads the keys (as if etcd-client were installed).
    const programs = node && isControlPlaneNode(node) ? { etcdctl: (args: string[]) => runEtcdctl(this.etcdReader(node), args) } : undefined;
    return runNodeShell(this.networkState(), nodeName, command, this.store, this.conntrackOn(nodeName), programs);
  }

  /**
   * What etcd holds: every object's key (`/registry/pods/default/web`), with the revision that
   * created it, the last one that changed it (its resourceVersion) and its version. Sorted by key,
   * as etcd ranges are. `prefix` narrows to keys under it.
   */
  etcdKeys(prefix = '/registry/'): { revision: number; keys: EtcdKeyInfo[] } {
    const keys: EtcdKeyInfo[] = [];
    for (const resource of this.store.resources()) {
      for (const obj of this.store.list(resource)) {
        const key = etcdKey(resource, obj.metadata.namespace, obj.metadata.name ?? '');
        if (!key.startsWith(prefix)) continue;
        const m = this.store.keyMeta(resource, keyOf(obj.metadata))!;
        keys.push({ key, resource, kind: obj.kind, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}), name: obj.metadata.name ?? '', ...m });
      }
    }
    keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { revision: this.store.currentRevision, keys };
  }

  private etcdReader(node: KubeObject): EtcdReader {
    const addresses = (node as Node).status?.addresses ?? [];
    let memo: EtcdKeyValue[] | undefined;
    const keys = (): EtcdKeyValue[] =>
      (memo ??= this.etcdKeys().keys.map((k) => {
        const obj = this.store.get(k.resource, keyOf({ namespace: k.namespace, name: k.name }))!;
        return { key: k.key, createRevision: k.createRevision, modRevision: k.modRevision, version: k.version, value: JSON.stringify(obj) };
      }));
    return {
      revision: this.store.currentRevision,
      memberName: node.metadata.name ?? '',
      nodeIP: addresses.find((a) => a.type === 'InternalIP')?.address ?? '',
      // SIMPLIFICATION: the database size is the values' bytes (no bbolt pages, no history)
      get dbSize() {
        return keys().reduce((n, kv) => n + kv.key.length + kv.value.length, 0);
      },
      keys,
    };
  }

  /** `kubectl exec <pod> -- <command>` for the pod's network namespace (`ip addr`, `ip route`); `podKey` is `ns/name`. */
  podShell(podKey: string, command: string): CommandOutput {
    return runPodShell(this.networkState(), podKey, command, this.store);
  }

  /**
   * Trace one packet and its reply: DNS first when `to` is a name, then hop by hop through the pod
   * and node namespaces, kube-proxy's rules, the CNI's devices and tunnels and NetworkPolicy.
   * Throws (with kubectl-like words) when the request names something that does not exist.
   */
  trace(request: TraceRequest, what?: TraceWhatIf): PacketTrace {
    const { trace, flows } = traceNetwork(this.traceEnv(what), request);
    this.affinity = pruneAffinity(this.affinity, this.clock.now());
    // A what-if trace (another CNI or proxy mode than the cluster's) leaves nothing in conntrack.
    if (what?.cni || what?.proxyMode) return { ...trace, whatIf: { ...(what.cni ? { cni: what.cni } : {}), ...(what.proxyMode ? { proxyMode: what.proxyMode } : {}) } };
    const at = this.clock.now();
    this.tracedFlows = [...this.liveFlows(), ...flows.map((f) => ({ ...f, at }))].slice(-MAX_TRACED_FLOWS);
    return trace;
  }

  /**
   * A trace that changes nothing: the same walk as `trace`, then the datapath's random draws, the
   * conntrack entries, Service session affinity and trace numbering are put back. For checks (lesson
   * checks) that must not move the cluster, so a journal replay stays exact.
   */
  probeTrace(request: TraceRequest): PacketTrace {
    const restoreRng = this.rngs.checkpoint();
    const flows = this.tracedFlows;
    const affinity = structuredCopy(this.affinity);
    const traces = this.traceCount;
    try {
      return this.trace(request);
    } finally {
      restoreRng();
      this.tracedFlows = flows;
      this.affinity = affinity;
      this.traceCount = traces;
    }
  }

  /** The DNS queries a pod's resolver sends for `name` (nslookup), each traced. */
  dnsLookup(from: TraceEndpoint, name: string, type: 'A' | 'AAAA' | 'SRV' | 'PTR'): DnsLookup[] {
    return lookupFrom(this.traceEnv(), from, name, type);
  }

  private traceEnv(what: TraceWhatIf = {}): TraceEnv {
    const base = this.networkState();
    const state = { ...base, ...(what.cni ? { cni: what.cni } : {}), ...(what.proxyMode ? { proxyMode: what.proxyMode } : {}) };
    // Derived networks are cached per key and revision: a what-if derivation gets its own key.
    const whatKey = `${state.cni}/${state.proxyMode}`;
    const same = state.cni === base.cni && state.proxyMode === base.proxyMode;
    // A what-if draws from its own stream and numbers its own traces, so it changes nothing that a
    // real trace afterwards would pick.
    const rng = this.rngs.stream(same ? 'datapath' : 'datapath-what-if');
    let cacheKey: object = this.store;
    if (!same) {
      cacheKey = this.whatIfCacheKeys.get(whatKey) ?? {};
      this.whatIfCacheKeys.set(whatKey, cacheKey);
    }
    return {
      state,
      // A what-if reads the cluster's affinity but keeps its changes to itself.
      affinity: what.cni || what.proxyMode ? structuredCopy(this.affinity) : this.affinity,
      namespaces: this.store.list('namespaces') as Namespace[],
      policies: this.store.list('networkpolicies') as NetworkPolicy[],
      ingresses: this.store.list('ingresses') as Ingress[],
      ingressClasses: this.store.list('ingressclasses') as IngressClass[],
      randomInt: (n) => rng.int(n),
      now: this.clock.now(),
      ipvsActiveConnections: (node, realServer) => this.ipvsActiveConnections(node, realServer),
      cacheKey,
      nextId: () => (same ? `trace-${++this.traceCount}` : `what-if-${++this.whatIfCount}`),
    };
  }

  /** Traced flows whose conntrack entry has not timed out, with the time left. */
  private liveFlows(): Array<TracedFlow & { at: number }> {
    const now = this.clock.now();
    return this.tracedFlows.filter((f) => f.at + f.entry.timeout * 1000 > now);
  }

  /** IPVS' ActiveConn on a node for a real server (`ip:port`): its ESTABLISHED, translated (DNAT) traced flows there. */
  private ipvsActiveConnections(node: string, realServer: string): number {
    return this.liveFlows().filter(({ node: n, entry: e }) => n === node && e.state === 'ESTABLISHED' && e.reply.src !== e.original.dst && `${e.reply.src}:${e.reply.sport}` === realServer).length;
  }

  /** The conntrack entries traced flows left on a node, their timeouts counting down. */
  private conntrackOn(nodeName: string): ConntrackEntry[] {
    const now = this.clock.now();
    return this.liveFlows()
      .filter((f) => f.node === nodeName)
      .map((f) => ({ ...f.entry, timeout: Math.max(0, Math.floor(f.entry.timeout - (now - f.at) / 1000)) }));
  }

  /** GET pods/<name>/log: derived from the pod's container statuses and its containers' programs (kubelet/kuberuntime/logs.ts). */
  podLogs(podKey: string, opts: PodLogOptions): PodLogResponse {
    const pod = this.store.get('pods', podKey) as (Pod & KubeObject) | undefined;
    if (!pod) return { ok: false, status: notFound(resourceForKind('Pod')!, splitKey(podKey).name) };
    const res = podContainerLogs(pod, opts, {
      nowEpochMs: this.options.epochMs + this.clock.now(),
      env: containerEnvironment(pod, opts.container, this.store.list('services') as unknown as Service[], this.envSources()),
      hostname: pod.spec?.hostNetwork ? (pod.spec.nodeName ?? '') : (pod.spec?.hostname ?? pod.metadata.name ?? ''),
    });
    return res.ok ? res : { ok: false, status: badRequest(res.message) };
  }

  /** ConfigMaps and Secrets as the kubelet reads them for envFrom and valueFrom key references. */
  private envSources(): EnvSources {
    return {
      configMap: (ns, name) => this.store.get('configmaps', `${ns}/${name}`) as ConfigMap | undefined,
      secret: (ns, name) => this.store.get('secrets', `${ns}/${name}`) as Secret | undefined,
    };
  }

  /** `kubectl exec`: the container's userland (curl, wget, nslookup, ping, ip...) with this World as its network. */
  private execInPod(podKey: string, container: string, argv: string[], opts?: { stdin: boolean; tty: boolean }): ExecOutput {
    const pod = this.store.get('pods', podKey) as (Pod & KubeObject) | undefined;
    if (!pod) return { stdout: '', stderr: `Error from server (NotFound): pods "${splitKey(podKey).name}" not found\n`, exitCode: 1 };
    const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === container);
    const from: TraceEndpoint = { kind: 'pod', pod: podKey };
    const state = this.networkState();
    return execInContainer(
      {
        pod,
        container,
        image: spec?.image ?? '',
        trace: (req) => this.trace(req),
        lookup: (name, type) => this.dnsLookup(from, name, type),
        askDns: (server, name, type) => dnsServerFrom(this.traceEnv(), from)(server, name, type),
        resolvConf: resolvConfOf(state, from),
        env: containerEnvironment(pod, container, state.services, this.envSources()),
        hostname: pod.spec?.hostNetwork ? (pod.spec.nodeName ?? '') : (pod.spec?.hostname ?? pod.metadata.name ?? ''),
        netShell: (line) => this.podShell(podKey, line),
        podOf: (key) => this.store.get('pods', key) as Pod | undefined,
        fs: this.files.execFs(pod, container, pod.spec?.hostNetwork ? (pod.spec.nodeName ?? '') : (pod.spec?.hostname ?? pod.metadata.name ?? ''), resolvConfOf(state, from)),
        serverFile: (p, c, path) => this.files.readFile(p, c, path),
        ...(opts?.tty ? { tty: true } : {}),
        epochMs: this.options.epochMs + this.clock.now(),
      },
      argv,
    );
  }

  /** The objects and settings every node's network is derived from (read at the current revision). */
  networkState(): ClusterNetworkState {
    return {
      nodes: this.store.list('nodes') as Node[],
      pods: this.store.list('pods') as Pod[],
      services: this.store.list('services') as unknown as ClusterNetworkState['services'],
      endpointSlices: this.store.list('endpointslices') as unknown as ClusterNetworkState['endpointSlices'],
      clusterCIDR: this.options.clusterCIDR,
      serviceCIDR: this.options.serviceCIDR,
      epochMs: this.options.epochMs + this.clock.now(),
      revision: this.store.currentRevision,
      cni: this.options.cni ?? DEFAULT_OPTIONS.cni,
      proxyMode: this.options.proxyMode ?? DEFAULT_OPTIONS.proxyMode,
      ipvsScheduler: this.options.ipvsScheduler ?? 'rr',
      nodeSubnets: this.options.nodeSubnets ?? 1,
    };
  }

  /** The node objects, for callers that size things by node (bench, CLI). */
  nodes(): Array<Node & KubeObject> {
    return this.store.list('nodes') as Array<Node & KubeObject>;
  }
}


/** Timer target of a controller's background re-check (SyncResult.requeueAfter with background). */
const BACKGROUND_QUEUE_PREFIX = 'queue-background/';

/**
 * Periodic work that settle() does not wait for: the scheduler's flush of unschedulable pods (it runs
 * forever), controllers' background requeues (the Deployment progress deadline, the node monitor
 * pass) and the kubelets' heartbeats (Lease renewals every 10 s) and crash-loop back-offs.
 */
function isBackgroundRetry(target: string, payload: JsonValue): boolean {
  if (target.startsWith(BACKGROUND_QUEUE_PREFIX)) return true;
  if (target.startsWith('kubelet/') && isBackgroundTimer(payload)) return true;
  // A PreBind's deadline: a volume nobody provisions keeps its pod waiting; settle() need not wait 10 min.
  const op = (payload as { op?: string } | null)?.op;
  return target === 'scheduler' && (op === 'unschedulableLeftover' || op === 'preBindTimeout');
}

/** kubeadm labels the control-plane node (etcd and the control plane's static pods run there). */
function isControlPlaneNode(node: KubeObject): boolean {
  return node.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined;
}
