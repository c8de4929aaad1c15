// The kubelet of one node: registers its Node, feeds pod keys to the pod worker, fires runtime timers,
// and heartbeats (Lease renewal and node status) from one 10 s timer.
// UPSTREAM: pkg/kubelet/kubelet.go (Kubelet, Run, syncLoop)
// SIMPLIFICATION: a stopped kubelet (World.stopNode) freezes its containers as they are.

import type { ConfigMap, Pod, Node, Secret } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/meta';
import { keyOf } from '../api/meta';
import type { Client } from '../client/clientset';
import type { Informer, SharedInformerFactory } from '../client/informer';
import type { EventRecorder } from '../client/record';
import { WorkQueue, type WorkQueueState } from '../client/workqueue';
import type { JsonValue, SimClock } from '../sim/clock';
import type { Rng } from '../sim/rng';
import { structuredCopy } from '../apiserver/store';
import { syncNodeStatus } from './kubelet-node-status';
import { handlePodTimer, LATENCY, type PodTimer } from './kuberuntime/kuberuntime-manager';
import { NODE_LEASE_RENEW_INTERVAL_MS, renewLease } from './nodelease/controller';
import { initialNode, type NodeConfig } from './nodestatus/setters';
import { syncPod, type PodWorkerDeps } from './pod-workers';
import { handleProbeTimer, type ProbeTimerFields } from './prober/worker';
import type { CreationStep, RuntimePod } from './runtime';
import { csiNodeFor } from './volumemanager/csi-node';
import type { VolumeAttachmentObject } from '../api/volumeattachment';
import type { PersistentVolumeClaimObject } from '../api/volume';
import { isFileSystemResizePending } from './volumemanager/expand';
import { isUnderMemoryPressure, synchronize as synchronizeEviction, type EvictionState, type SynchronizeResult } from './eviction/eviction-manager';
import { evictPod } from './kuberuntime/kuberuntime-manager';

export { KUBELET_VERSION, type NodeConfig } from './nodestatus/setters';
export { NODE_LEASE_DURATION_SECONDS, NODE_LEASE_NAMESPACE, NODE_LEASE_RENEW_INTERVAL_MS } from './nodelease/controller';
export { NODE_STATUS_REPORT_FREQUENCY_MS, NODE_STATUS_UPDATE_FREQUENCY_MS } from './kubelet-node-status';

export interface KubeletState {
  registered: boolean;
  /** host-local IPAM: IP -> pod uid (as the files under /var/lib/cni/networks) */
  ipam: Record<string, string>;
  /** images present on the node */
  images: string[];
  pods: Record<string, RuntimePod>;
  queue: WorkQueueState;
  /** the kubelet is not running (World.stopNode): no heartbeats, no pod syncs */
  stopped?: boolean;
  /** pod timers that fell due while stopped, replayed when the kubelet starts again */
  deferred?: JsonValue[];
  /** simulated ms of the last node status post (for nodeStatusReportFrequency) */
  lastStatusReportMs?: number;
  /** the eviction manager's observations (eviction/eviction-manager.ts) */
  eviction?: EvictionState;
}

/** Payload of the kubelet's periodic heartbeat timer (World.settle treats it as background work). */
export const HEARTBEAT_TIMER = { op: 'heartbeat' } as const;

export function isHeartbeatTimer(payload: JsonValue): boolean {
  return (payload as { op?: string } | null)?.op === HEARTBEAT_TIMER.op;
}

/**
 * Kubelet timers that World.settle() does not wait for: heartbeats, the end of a crash-loop back-off
 * (a crashing container restarts forever, so a crash loop is a steady state), the end of an image
 * pull back-off (ImagePullBackOff is a steady state as well) and the retries of a pod
 * waiting for its volumes (it may wait forever too).
 */
export function isBackgroundTimer(payload: JsonValue): boolean {
  const step = (payload as { step?: string } | null)?.step;
  // A probe worker that has decided keeps ticking forever; it is background until something changes.
  const steadyProbe = step === 'probe' && (payload as { steady?: boolean }).steady === true;
  // An image that cannot be pulled is retried forever too: the end of its pull back-off is background.
  // A container whose ConfigMap or Secret is missing is retried forever (CreateContainerConfigError).
  return isHeartbeatTimer(payload) || step === 'backOff' || step === 'pullBackOff' || step === 'volumes' || step === 'configResync' || steadyProbe;
}

/** The kubelet's own key in its queue for node-level work (not a pod key: pod keys contain '/'). */
const NODE_KEY = '@node';

export class Kubelet {
  readonly queue: WorkQueue;
  private readonly state: KubeletState;
  private pods!: Informer<Pod & KubeObject>;
  private nodes!: Informer<Node & KubeObject>;
  /** What the pod worker and the runtime use; built in start(), once the informers exist. */
  private workers!: PodWorkerDeps;

  constructor(
    readonly config: NodeConfig,
    private readonly client: Client,
    private readonly recorder: EventRecorder,
    private readonly clock: SimClock,
    private readonly rng: Rng,
    state?: KubeletState,
  ) {
    this.state = state ? structuredCopy(state) : { registered: false, ipam: {}, images: [], pods: {}, queue: { queue: [], failures: {} } };
    this.queue = new WorkQueue(`kubelet/${config.name}`, clock, this.state.queue);
  }

  get name(): string {
    return this.config.name;
  }

  get timerTarget(): string {
    return `kubelet/${this.config.name}`;
  }

  start(informers: SharedInformerFactory): void {
    this.pods = informers.informerFor<Pod & KubeObject>('pods');
    this.nodes = informers.informerFor<Node & KubeObject>('nodes');
    const { client, recorder, clock, rng, queue, state } = this;
    const target = this.timerTarget;
    // The configmap and secret managers (watch-based): env and envFrom read them when a container is created.
    const configMaps = informers.informerFor<ConfigMap & KubeObject>('configmaps');
    const secrets = informers.informerFor<Secret & KubeObject>('secrets');
    this.workers = {
      nodeName: this.config.name,
      internalIP: this.config.internalIP,
      client,
      recorder,
      queue,
      pods: this.pods,
      nodes: this.nodes,
      // The state's records are never replaced, only mutated, so holding them here is safe.
      runtimePods: state.pods,
      ipam: state.ipam,
      images: state.images,
      now: () => clock.now(),
      timestamp: () => client.timestamp(),
      schedule: (delayMs, timer) => clock.schedule(delayMs, target, timer),
      latency: (op) => {
        const [min, extra] = LATENCY[op];
        return Math.round(min + rng.float() * extra);
      },
      memoryPressure: () => isUnderMemoryPressure(state.eviction, clock.now()),
      envSources: {
        configMap: (ns, n) => configMaps.get(`${ns}/${n}`),
        secret: (ns, n) => secrets.get(`${ns}/${n}`),
      },
    };
    // A kubelet watches its own pods only (field selector spec.nodeName=<node>) and its own Node.
    const name = this.config.name;
    this.pods.addRoutedEventHandler('spec.nodeName', (p) => p.spec?.nodeName || undefined, name, {
      add: (p) => this.queue.add(keyOf(p.metadata!)),
      update: (_o, p) => this.queue.add(keyOf(p.metadata!)),
      delete: (p) => this.queue.add(keyOf(p.metadata!)),
    });
    // A pod waiting for an attach is synced again when its node's VolumeAttachment changes (upstream:
    // the volume manager's reconciler loop re-verifies every 100 ms; a watch gives the same moment).
    informers.informerFor<VolumeAttachmentObject>('volumeattachments').addRoutedEventHandler('spec.nodeName', (va) => va.spec?.nodeName || undefined, name, {
      add: () => this.syncPodsWaitingForVolumes(),
      update: () => this.syncPodsWaitingForVolumes(),
    });
    // A claim whose volume grew: its running pods here finish the file-system resize (online expansion).
    informers.informerFor<PersistentVolumeClaimObject>('persistentvolumeclaims').addEventHandler({
      update: (_o, pvc) => {
        if (!isFileSystemResizePending(pvc)) return;
        for (const p of this.pods.list(pvc.metadata.namespace)) {
          if (p.spec?.nodeName === name && (p.spec.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name)) this.queue.add(keyOf(p.metadata));
        }
      },
    });
    // The node's podCIDR arrives from node-ipam-controller; Ready follows it.
    this.nodes.addRoutedEventHandler('metadata.name', (n) => n.metadata?.name, name, {
      add: () => this.queue.add(NODE_KEY),
      update: () => this.queue.add(NODE_KEY),
    });
  }

  private syncPodsWaitingForVolumes(): void {
    for (const rp of Object.values(this.state.pods)) if (rp.volumes) this.queue.add(rp.key);
  }

  /** Register the Node object (kubelet --register-node). */
  register(): void {
    if (this.state.registered) return;
    const c = this.config;
    const node = initialNode(c, this.client.timestamp());
    const res = this.client.create(node);
    if (res.ok) {
      this.state.registered = true;
      this.state.lastStatusReportMs = this.clock.now();
      // The lease controller starts with the kubelet; its timer is data, so it survives snapshots.
      renewLease(this.client, c.name, res.object);
      // The CSI node info manager starts with the kubelet: it registers the node's CSINode (no drivers).
      this.client.create(csiNodeFor(res.object));
      this.clock.schedule(NODE_LEASE_RENEW_INTERVAL_MS, this.timerTarget, HEARTBEAT_TIMER);
      this.recorder.event(res.object, 'Normal', 'Starting', 'Starting kubelet.');
      this.recorder.event(res.object, 'Normal', 'NodeHasSufficientMemory', `Node ${c.name} status is now: NodeHasSufficientMemory`);
      this.recorder.event(res.object, 'Normal', 'NodeHasNoDiskPressure', `Node ${c.name} status is now: NodeHasNoDiskPressure`);
      this.recorder.event(res.object, 'Normal', 'NodeHasSufficientPID', `Node ${c.name} status is now: NodeHasSufficientPID`);
    }
  }

  /** Whether the kubelet is stopped (World.stopNode). */
  get stopped(): boolean {
    return this.state.stopped === true;
  }

  /**
   * Stop the kubelet: it stops renewing its Lease and posting status, and syncs no pods; timers of
   * its pods that fall due meanwhile are kept and replayed on start. What it last wrote stays in
   * the API, so the node lifecycle controller is the one who notices.
   */
  stop(): void {
    this.state.stopped = true;
  }

  /** Start a stopped kubelet again: renew the lease, post status (Ready again), resync every pod. */
  restart(): void {
    if (!this.state.stopped) return;
    this.state.stopped = false;
    for (const p of this.state.deferred ?? []) this.clock.schedule(0, this.timerTarget, p);
    delete this.state.deferred;
    const node = this.nodes.get(this.config.name);
    if (node) this.recorder.event(node, 'Normal', 'Starting', 'Starting kubelet.');
    renewLease(this.client, this.config.name);
    this.queue.add(NODE_KEY);
    for (const p of this.pods.list()) if (p.spec?.nodeName === this.config.name) this.queue.add(keyOf(p.metadata!));
    for (const rp of Object.values(this.state.pods)) this.queue.add(rp.key);
  }

  handleTimer(payload: JsonValue): void {
    if (isHeartbeatTimer(payload)) {
      this.heartbeat();
      return;
    }
    if (this.state.stopped) {
      (this.state.deferred ??= []).push(payload);
      return;
    }
    const p = payload as PodTimer;
    const rp = this.state.pods[p.uid];
    if (!rp) return;
    if (p.step === 'probe') handleProbeTimer(this.workers, rp, p as ProbeTimerFields);
    else handlePodTimer(this.workers, rp, p);
    this.queue.add(rp.key);
  }

  /** Process the pod-worker queue until empty. Returns the number of keys synced. */
  runOnce(): number {
    if (this.state.stopped) return 0;
    let n = 0;
    for (let key = this.queue.get(); key !== undefined; key = this.queue.get()) {
      n++;
      try {
        if (key === NODE_KEY) this.syncNodeStatus();
        else syncPod(this.workers, key);
      } finally {
        this.queue.done(key);
      }
    }
    return n;
  }

  /** The creation chain of the pod with `uid` on this node (kuberuntime/creation-chain.ts), oldest first. */
  creationChain(uid: string): { steps: CreationStep[]; truncated: boolean } | undefined {
    const rp = this.state.pods[uid];
    if (!rp) return undefined;
    return { steps: structuredCopy(rp.chain ?? []), truncated: rp.chainTruncated === true };
  }

  save(): KubeletState {
    return structuredCopy({ ...this.state, queue: this.queue.save() });
  }

  /**
   * One heartbeat (every 10 s): renew the Lease and compute node status; the status is posted only
   * when it changed or nodeStatusReportFrequency passed. The timer re-arms itself even while stopped,
   * so exactly one heartbeat chain exists per kubelet.
   */
  private heartbeat(): void {
    this.clock.schedule(NODE_LEASE_RENEW_INTERVAL_MS, this.timerTarget, HEARTBEAT_TIMER);
    if (this.state.stopped) return;
    renewLease(this.client, this.config.name);
    this.synchronizeEviction();
    this.queue.add(NODE_KEY);
  }

  /**
   * The eviction manager's pass (every 10 s, on the heartbeat): observe memory.available and, under
   * the hard threshold, evict one pod. The node status that follows reports MemoryPressure.
   */
  synchronizeEviction(): SynchronizeResult | undefined {
    if (!this.state.registered || this.state.stopped) return undefined;
    const w = this.workers;
    return synchronizeEviction(
      {
        nodeName: this.config.name,
        recorder: this.recorder,
        pods: this.pods,
        nodes: this.nodes,
        runtimePods: this.state.pods,
        now: () => this.clock.now(),
        evict: (rp, message) => {
          const pod = this.pods.get(rp.key);
          if (pod) evictPod(w, pod, rp, message);
          this.queue.add(rp.key);
        },
      },
      (this.state.eviction ??= {}),
    );
  }

  /** Whether the eviction manager reports MemoryPressure now. */
  get underMemoryPressure(): boolean {
    return isUnderMemoryPressure(this.state.eviction, this.clock.now());
  }

  private syncNodeStatus(): void {
    const node = this.nodes.get(this.config.name);
    if (!node) return;
    const report = { lastStatusReportMs: this.state.lastStatusReportMs, images: this.state.images, memoryPressure: this.underMemoryPressure };
    const ok = syncNodeStatus({ client: this.client, recorder: this.recorder, now: () => this.clock.now() }, node, report);
    this.state.lastStatusReportMs = report.lastStatusReportMs;
    if (!ok) this.queue.addRateLimited(NODE_KEY);
  }
}
