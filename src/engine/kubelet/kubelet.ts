// The kubelet of one node: registers its Node, admits pods bound to it, runs them through the fake
// runtime (pause sandbox first, then init containers one by one, then app containers), reports pod
// status, stops pods that are being deleted, and heartbeats (Lease renewals, node status posts).
// UPSTREAM: pkg/kubelet/kubelet.go (syncPod, HandlePodAdditions), pkg/kubelet/lifecycle/predicate.go
//           (admission), pkg/kubelet/status/status_manager.go, pkg/kubelet/kuberuntime,
//           pkg/kubelet/kubelet_node_status.go (updateNodeStatus), pkg/kubelet/nodelease (lease controller)
// Containers run the program runtime/program.ts reads from their command; exits follow restartPolicy
// with the crash-loop back-off (restart.ts); sidecars are stopped once the app containers are done.
// SIMPLIFICATION: no probes; image pulls are serialized per node only in the sense that each pull is
// its own timer. A stopped kubelet (World.stopNode) freezes:
// on start its containers are as they were (no reboot, no container restarts), like a kubelet that
// lost its connection rather than a machine that lost power.

import type { Pod, Node, Container } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/meta';
import { keyOf, splitKey } from '../api/meta';
import { resourceForKind } from '../api/resources';
import { newNodeInfo } from '../scheduler/framework/node-info';
import { fits, insufficientResourceError } from '../scheduler/plugins/noderesources/fit';
import { getRequiredNodeAffinity, requiredNodeAffinityMatches } from '../scheduler/plugins/nodeaffinity/node-selector';
import type { Client } from '../client/clientset';
import type { Informer, SharedInformerFactory } from '../client/informer';
import type { EventRecorder } from '../client/record';
import { WorkQueue, type WorkQueueState } from '../client/workqueue';
import { formatDuration, type JsonValue, type SimClock } from '../sim/clock';
import type { Rng } from '../sim/rng';
import { intToIp, parseCidr } from '../apiserver/ipallocator';
import { structuredCopy } from '../apiserver/store';
import { initialNode, NETWORK_NOT_READY, type NodeConfig } from './nodestatus/setters';
import { generatePodStatus } from './status/generate';
import { imageSizeBytes, runtimeId, terminationReason, type RuntimeContainer, type RuntimePod } from './runtime';
import { containerProgram } from './runtime/program';
import { backOffEventMessage, formatPod, isInBackOffSince, nextBackOff, shouldRestart, type RestartPolicy } from './restart';

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
}

type TimerPayload = {
  uid: string;
  step: 'sandbox' | 'pulled' | 'created' | 'started' | 'exited' | 'backOff' | 'killed' | 'sidecarsStopped';
  container?: string;
  /** which run of the container the timer belongs to (its restartCount when scheduled) */
  run?: number;
  /** for `exited`: the code the program ends with */
  exitCode?: number;
};

/** Simulated latencies (ms): [minimum, random extra]. */
const LATENCY = {
  sandbox: [400, 600],
  pull: [1500, 2500],
  create: [100, 150],
  start: [150, 250],
  kill: [400, 600],
} as const;

/** KubeletConfiguration nodeLeaseDurationSeconds (default 40). */
export const NODE_LEASE_DURATION_SECONDS = 40;
/** The lease is renewed every leaseDuration x NodeLeaseRenewIntervalFraction (0.25) = 10 s. */
export const NODE_LEASE_RENEW_INTERVAL_MS = 10_000;
/**
 * nodeStatusUpdateFrequency (10 s): how often the kubelet computes node status. It equals the lease
 * renew interval, so one heartbeat timer drives both.
 */
export const NODE_STATUS_UPDATE_FREQUENCY_MS = 10_000;
/** nodeStatusReportFrequency (5 min): post the node status this often even when nothing changed. */
export const NODE_STATUS_REPORT_FREQUENCY_MS = 5 * 60_000;
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** Payload of the kubelet's periodic heartbeat timer (World.settle treats it as background work). */
export const HEARTBEAT_TIMER = { op: 'heartbeat' } as const;

export function isHeartbeatTimer(payload: JsonValue): boolean {
  return (payload as { op?: string } | null)?.op === HEARTBEAT_TIMER.op;
}

/**
 * Kubelet timers that World.settle() does not wait for: heartbeats, and the end of a crash-loop
 * back-off (a crashing container restarts forever, so a crash loop is a steady state).
 */
export function isBackgroundTimer(payload: JsonValue): boolean {
  return isHeartbeatTimer(payload) || (payload as { step?: string } | null)?.step === 'backOff';
}

export { KUBELET_VERSION, type NodeConfig } from './nodestatus/setters';

export class Kubelet {
  readonly queue: WorkQueue;
  private readonly state: KubeletState;
  private pods!: Informer<Pod & KubeObject>;
  private nodes!: Informer<Node & KubeObject>;

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
    const mine = (p: Pod) => p.spec?.nodeName === this.config.name;
    this.pods.addEventHandler({
      add: (p) => mine(p) && this.queue.add(keyOf(p.metadata!)),
      update: (o, p) => (mine(p) || mine(o)) && this.queue.add(keyOf(p.metadata!)),
      delete: (p) => mine(p) && this.queue.add(keyOf(p.metadata!)),
    });
    // The node's podCIDR arrives from node-ipam-controller; Ready follows it.
    this.nodes.addEventHandler({
      add: (n) => n.metadata?.name === this.config.name && this.queue.add(NODE_KEY),
      update: (_o, n) => n.metadata?.name === this.config.name && this.queue.add(NODE_KEY),
    });
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
      this.renewLease(res.object);
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
    this.renewLease();
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
    const p = payload as TimerPayload;
    const rp = this.state.pods[p.uid];
    if (!rp) return;
    const c = p.container ? rp.containers.find((x) => x.name === p.container) : undefined;
    const now = this.client.timestamp();
    switch (p.step) {
      case 'sandbox':
        if (rp.sandbox) rp.sandbox.state = 'ready';
        break;
      case 'pulled':
        if (c) {
          const image = this.imageOf(rp, c.name);
          if (image && !this.state.images.includes(image)) this.state.images.push(image);
          c.phase = 'creating';
          // SIMPLIFICATION: pulls never queue behind each other, so the time including waiting is the pull time.
          const took = formatDuration(c.pullMs ?? 0);
          this.withPod(rp, (pod) => {
            this.recorder.event(pod, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${imageSizeBytes(image ?? '')} bytes.`, fieldPath(c));
          });
          this.clock.schedule(this.latency('create'), this.timerTarget, { uid: rp.uid, step: 'created', container: c.name });
        }
        break;
      case 'created':
        if (c) {
          this.withPod(rp, (pod) => this.recorder.event(pod, 'Normal', 'Created', 'Container created', fieldPath(c)));
          this.clock.schedule(this.latency('start'), this.timerTarget, { uid: rp.uid, step: 'started', container: c.name });
        }
        break;
      case 'started':
        if (c) this.started(rp, c, now);
        break;
      case 'exited':
        if (c && c.phase === 'running' && (c.restartCount ?? 0) === p.run) this.exited(c, p.exitCode ?? 0, now);
        break;
      case 'backOff':
        break; // the back-off period is over: the sync below restarts the container
      case 'killed':
        rp.killed = true;
        for (const x of rp.containers) if (x.phase === 'running') this.exited(x, 0, now);
        break;
      case 'sidecarsStopped':
        for (const x of rp.containers) if (x.sidecar && x.phase === 'running') this.exited(x, 0, now);
        break;
    }
    this.queue.add(rp.key);
  }

  /** Process the pod-worker queue until empty. Returns the number of keys synced. */
  runOnce(): number {
    if (this.state.stopped) return 0;
    let n = 0;
    for (let key = this.queue.get(); key !== undefined; key = this.queue.get()) {
      n++;
      try {
        if (key === NODE_KEY) this.syncNode();
        else this.syncPod(key);
      } finally {
        this.queue.done(key);
      }
    }
    return n;
  }

  save(): KubeletState {
    return structuredCopy({ ...this.state, queue: this.queue.save() });
  }

  /** Pods this kubelet has admitted and not yet finished with (what admission counts as "used"). */
  private admittedPods(exceptUid: string): Pod[] {
    const out: Pod[] = [];
    for (const rp of Object.values(this.state.pods)) {
      if (!rp.admitted || rp.rejected || rp.terminal || rp.uid === exceptUid) continue;
      const p = this.pods.get(rp.key);
      if (p && p.metadata?.uid === rp.uid) out.push(p);
    }
    return out;
  }

  /**
   * One heartbeat (every 10 s): renew the Lease and compute node status; the status is posted only
   * when it changed or nodeStatusReportFrequency passed. The timer re-arms itself even while stopped,
   * so exactly one heartbeat chain exists per kubelet.
   */
  private heartbeat(): void {
    this.clock.schedule(NODE_LEASE_RENEW_INTERVAL_MS, this.timerTarget, HEARTBEAT_TIMER);
    if (this.state.stopped) return;
    this.renewLease();
    this.queue.add(NODE_KEY);
  }

  /** The node lease controller: create the Lease (owned by the Node) or move its renewTime. */
  private renewLease(node?: Node & KubeObject): void {
    const leases = resourceForKind('Lease')!;
    const name = this.config.name;
    const renewTime = this.client.microTime();
    const cur = this.client.get(leases, NODE_LEASE_NAMESPACE, name);
    const spec = { holderIdentity: name, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS, renewTime };
    if (cur) {
      this.client.update({ ...cur, spec: { ...(cur.spec as object), ...spec } } as KubeObject);
      return;
    }
    const owner = node ?? (this.client.get(resourceForKind('Node')!, undefined, name) as (Node & KubeObject) | undefined);
    this.client.create({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name,
        namespace: NODE_LEASE_NAMESPACE,
        ...(owner?.metadata.uid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: owner.metadata.uid }] } : {}),
      },
      spec,
    } as KubeObject);
  }

  /**
   * updateNodeStatus: the condition setters (memory, disk, PID pressure never, Ready once the node has
   * a podCIDR, i.e. the CNI is configured). Every posted condition carries a fresh lastHeartbeatTime;
   * lastTransitionTime moves only when the status changes, and each change records an event.
   */
  private syncNode(): void {
    const node = this.nodes.get(this.config.name);
    if (!node) return;
    const nowMs = this.clock.now();
    const now = this.client.timestamp();
    const desired: Array<[type: string, status: string, reason: string, message: string, event: string]> = [
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', 'NodeHasSufficientMemory'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', 'NodeHasNoDiskPressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', 'NodeHasSufficientPID'],
      node.spec?.podCIDR
        ? ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', 'NodeReady']
        : ['Ready', 'False', 'KubeletNotReady', NETWORK_NOT_READY, 'NodeNotReady'],
    ];
    const old = node.status?.conditions ?? [];
    let changed = false;
    const events: string[] = [];
    const conditions = desired.map(([type, status, reason, message, event]) => {
      const prev = old.find((c) => c.type === type);
      const transitioned = prev?.status !== status;
      if (transitioned || prev?.reason !== reason || prev?.message !== message) changed = true;
      if (transitioned && prev) events.push(event);
      return { type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: transitioned ? now : (prev?.lastTransitionTime ?? now) };
    });
    const due = nowMs - (this.state.lastStatusReportMs ?? -Infinity) >= NODE_STATUS_REPORT_FREQUENCY_MS;
    if (!changed && !due) return;
    const copy = structuredCopy(node) as Node & KubeObject;
    const next = { ...copy, status: { ...copy.status, conditions: [...conditions, ...old.filter((c) => !desired.some(([t]) => t === c.type))] } } as Node & KubeObject;
    const updated = this.client.updateStatus(next);
    if (!updated.ok) {
      this.queue.addRateLimited(NODE_KEY);
      return;
    }
    this.state.lastStatusReportMs = nowMs;
    for (const e of events) this.recorder.event(updated.object, 'Normal', e, `Node ${this.config.name} status is now: ${e}`);
    const hasNotReadyTaint = (updated.object.spec?.taints ?? []).some((t) => t.key === 'node.kubernetes.io/not-ready');
    if (node.spec?.podCIDR && hasNotReadyTaint) {
      const untainted = structuredCopy(updated.object) as Node & KubeObject;
      untainted.spec!.taints = (untainted.spec!.taints ?? []).filter((t) => t.key !== 'node.kubernetes.io/not-ready');
      if (!untainted.spec!.taints.length) delete untainted.spec!.taints;
      this.client.update(untainted);
    }
  }

  private syncPod(key: string): void {
    const pod = this.pods.get(key);
    const rp = pod?.metadata?.uid ? this.state.pods[pod.metadata.uid] : undefined;
    // Runtime pods whose API object is gone (or was replaced under the same name) are cleaned up.
    for (const other of Object.values(this.state.pods)) {
      if (other.key === key && other.uid !== pod?.metadata?.uid) this.forget(other);
    }
    if (!pod || pod.spec?.nodeName !== this.config.name) return;
    const phase = pod.status?.phase;
    if (!rp) {
      if (phase === 'Succeeded' || phase === 'Failed') return;
      this.admit(pod);
      return;
    }
    if (rp.rejected) return;
    if (pod.metadata?.deletionTimestamp) {
      this.terminate(pod, rp);
      return;
    }
    this.advance(pod, rp);
    const written = this.writeStatus(pod, rp);
    if ((written === 'Succeeded' || written === 'Failed') && !rp.terminal) {
      // A terminal pod's sandbox is stopped and its IP released (CNI DEL); the status keeps the IP.
      rp.terminal = true;
      if (rp.sandbox) rp.sandbox.state = 'stopped';
      if (rp.sandbox?.ip) delete this.state.ipam[rp.sandbox.ip];
    }
  }

  /**
   * pkg/kubelet/lifecycle/predicate.go: the kubelet re-runs the scheduler's GeneralPredicates on every
   * pod bound to it, because a pod with spec.nodeName set never went through the scheduler.
   * SIMPLIFICATION: resource fit and required node affinity only (no host ports, no NoExecute taints).
   */
  private admit(pod: Pod & KubeObject): void {
    const uid = pod.metadata!.uid!;
    const node = this.nodes.get(this.config.name);
    const insufficient = node ? fits(pod, newNodeInfo(node, ...this.admittedPods(uid))) : [];
    const affinityOk = !node || requiredNodeAffinityMatches(getRequiredNodeAffinity(pod), node);
    const rp: RuntimePod = {
      key: keyOf(pod.metadata!),
      uid,
      admitted: insufficient.length === 0 && affinityOk,
      startTime: this.client.timestamp(),
      containers: [],
    };
    this.state.pods[uid] = rp;
    if (!rp.admitted) {
      rp.rejected = true;
      // rejectPod: the event carries the predicate's message, the status prefixes it.
      const reason = insufficient.length ? `OutOf${insufficient[0].resourceName}` : 'NodeAffinity';
      const message = insufficient.length ? insufficientResourceError(insufficient[0]) : 'Predicate NodeAffinity failed';
      this.recorder.event(pod, 'Warning', reason, message);
      this.client.updateStatus({ ...pod, status: { ...pod.status, phase: 'Failed', reason, message: `Pod was rejected: ${message}`, startTime: rp.startTime } } as Pod & KubeObject);
      return;
    }
    const spec = pod.spec!;
    for (const c of spec.initContainers ?? []) rp.containers.push(this.newContainer(rp, c, true));
    for (const c of spec.containers ?? []) rp.containers.push(this.newContainer(rp, c, false));
    // RunPodSandbox: the pause container and its network namespace (CNI ADD assigns the IP).
    rp.sandbox = { state: 'creating', id: runtimeId(`${uid}:sandbox`) };
    this.clock.schedule(this.latency('sandbox'), this.timerTarget, { uid, step: 'sandbox' });
    this.writeStatus(pod, rp);
  }

  private newContainer(rp: RuntimePod, c: Container, init: boolean): RuntimeContainer {
    const sidecar = init && c.restartPolicy === 'Always';
    return { name: c.name, init, ...(sidecar ? { sidecar } : {}), phase: 'pulling', containerID: `containerd://${runtimeId(`${rp.uid}:${c.name}`)}` };
  }

  /**
   * computePodActions: after the sandbox, init containers in order (a sidecar only has to have started,
   * a regular one to have exited 0), then every app container; exited containers restart as their
   * policy says; once the app containers are done for good, the sidecars are stopped.
   */
  private advance(pod: Pod & KubeObject, rp: RuntimePod): void {
    if (rp.terminal || !rp.sandbox || rp.sandbox.state !== 'ready') return;
    if (!rp.sandbox.ip) rp.sandbox.ip = this.allocateIP(rp.uid);
    if (!rp.sandbox.ip) return; // SIMPLIFICATION: a full podCIDR leaves the pod in ContainerCreating
    const policy = (pod.spec?.restartPolicy ?? 'Always') as RestartPolicy;
    const done = (c: RuntimeContainer) => c.phase === 'exited' || c.phase === 'backoff';
    for (const c of rp.containers.filter((x) => x.init)) {
      if (c.sidecar) {
        if (done(c) && !rp.sidecarsStopping) this.restartIfDue(pod, rp, c);
        if (hasRun(c)) continue;
        this.startContainer(pod, rp, c);
        return;
      }
      if (done(c) && (c.exitCode ?? 0) === 0) continue;
      if (done(c)) {
        // A failed init container: retried with back-off, or (Never) the pod has failed.
        if (shouldRestart(c, policy)) this.restartIfDue(pod, rp, c);
        return;
      }
      this.startContainer(pod, rp, c);
      return;
    }
    const apps = rp.containers.filter((c) => !c.init);
    for (const c of apps) {
      if (!done(c)) this.startContainer(pod, rp, c);
      else if (shouldRestart(c, policy)) this.restartIfDue(pod, rp, c);
    }
    const finished = apps.every((c) => c.phase === 'exited' && !shouldRestart(c, policy));
    const sidecars = rp.containers.filter((c) => c.sidecar && c.phase === 'running');
    if (finished && !rp.sidecarsStopping && rp.containers.some((c) => c.sidecar)) {
      rp.sidecarsStopping = true;
      for (const c of sidecars) this.recorder.event(pod, 'Normal', 'Killing', `Stopping container ${c.name}`, fieldPath(c));
      this.clock.schedule(this.latency('kill'), this.timerTarget, { uid: rp.uid, step: 'sidecarsStopped' });
    }
  }

  /**
   * doBackOff: restart an exited container now, or hold it in CrashLoopBackOff until its back-off
   * period (counted from when it exited) has passed; a timer wakes the pod worker then.
   */
  private restartIfDue(pod: Pod & KubeObject, rp: RuntimePod, c: RuntimeContainer): void {
    const nowMs = this.clock.now();
    const exitedMs = c.finishedAtMs ?? nowMs;
    if (isInBackOffSince(c, exitedMs, nowMs)) {
      if (c.phase === 'backoff') return;
      c.phase = 'backoff';
      this.clock.schedule(exitedMs + c.backOffMs! - nowMs, this.timerTarget, { uid: rp.uid, step: 'backOff', container: c.name, run: c.restartCount ?? 0 });
      const { namespace, name } = splitKey(rp.key);
      this.recorder.event(pod, 'Warning', 'BackOff', backOffEventMessage(c.name, formatPod(name, namespace ?? 'default', rp.uid)), fieldPath(c));
      return;
    }
    nextBackOff(c, exitedMs);
    // A new container instance: "already present" (or a pull under imagePullPolicy Always), create, start.
    c.phase = 'pulling';
    c.pullStarted = false;
    this.startContainer(pod, rp, c);
  }

  /** The container's process is up: a restarted one moves its last run to lastState; its program may end it. */
  private started(rp: RuntimePod, c: RuntimeContainer, now: string): void {
    if (c.finishedAt !== undefined) {
      c.lastTerminated = { exitCode: c.exitCode ?? 0, reason: terminationReason(c.exitCode ?? 0), startedAt: c.startedAt ?? now, finishedAt: c.finishedAt, containerID: c.containerID };
      c.restartCount = (c.restartCount ?? 0) + 1;
      c.containerID = `containerd://${runtimeId(`${rp.uid}:${c.name}:${c.restartCount}`)}`;
      delete c.exitCode;
      delete c.finishedAt;
      delete c.finishedAtMs;
    }
    c.phase = 'running';
    c.startedAt = now;
    const pod = this.pods.get(rp.key);
    if (!pod || pod.metadata?.uid !== rp.uid) return;
    this.recorder.event(pod, 'Normal', 'Started', 'Container started', fieldPath(c));
    const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((x) => x.name === c.name);
    const program = containerProgram(spec ?? {});
    if (program.kind === 'exits') {
      this.clock.schedule(program.afterMs, this.timerTarget, { uid: rp.uid, step: 'exited', container: c.name, run: c.restartCount ?? 0, exitCode: program.exitCode });
    }
  }

  private exited(c: RuntimeContainer, exitCode: number, now: string): void {
    c.phase = 'exited';
    c.exitCode = exitCode;
    c.finishedAt = now;
    c.finishedAtMs = this.clock.now();
  }

  /** Kick off the pull (or skip it when the image is present) once per container. */
  private startContainer(pod: Pod & KubeObject, rp: RuntimePod, c: RuntimeContainer): void {
    if (c.phase !== 'pulling' || c.pullStarted) return;
    c.pullStarted = true;
    const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((x) => x.name === c.name);
    const image = spec?.image ?? '';
    const present = this.state.images.includes(image);
    if (present && spec?.imagePullPolicy !== 'Always') {
      this.recorder.event(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine and can be accessed by the pod`, fieldPath(c));
      c.phase = 'creating';
      this.clock.schedule(this.latency('create'), this.timerTarget, { uid: rp.uid, step: 'created', container: c.name });
      return;
    }
    this.recorder.event(pod, 'Normal', 'Pulling', `Pulling image "${image}"`, fieldPath(c));
    const ms = this.latency('pull');
    c.pullMs = ms;
    this.clock.schedule(ms, this.timerTarget, { uid: rp.uid, step: 'pulled', container: c.name });
  }

  private terminate(pod: Pod & KubeObject, rp: RuntimePod): void {
    if (!rp.killing) {
      rp.killing = true;
      for (const c of rp.containers) {
        if (c.phase === 'running') this.recorder.event(pod, 'Normal', 'Killing', `Stopping container ${c.name}`, fieldPath(c));
      }
      const grace = (pod.metadata?.deletionGracePeriodSeconds ?? 30) * 1000;
      this.clock.schedule(Math.min(grace, this.latency('kill')), this.timerTarget, { uid: rp.uid, step: 'killed' });
      return;
    }
    if (!rp.killed) return;
    // Containers stopped and the sandbox torn down (CNI DEL frees the IP): remove the API object.
    const { namespace, name } = splitKey(rp.key);
    const res = this.client.delete(resourceForKind('Pod')!, namespace, name, { gracePeriodSeconds: 0 });
    if (res.ok || res.status.reason === 'NotFound') this.forget(rp);
  }

  private forget(rp: RuntimePod): void {
    if (rp.sandbox?.ip) delete this.state.ipam[rp.sandbox.ip];
    delete this.state.pods[rp.uid];
  }

  /** host-local IPAM over the node's podCIDR: .1 is the cni0 gateway, pods get the lowest free address. */
  private allocateIP(uid: string): string | undefined {
    const cidr = this.nodes.get(this.config.name)?.spec?.podCIDR;
    if (!cidr) return undefined;
    const { base, size } = parseCidr(cidr);
    for (let i = 2; i < size - 1; i++) {
      const ip = intToIp(base + i);
      if (!this.state.ipam[ip]) {
        this.state.ipam[ip] = uid;
        return ip;
      }
    }
    return undefined;
  }

  /** The status manager: compute the pod's status from the runtime and write it when it changed. Returns the phase. */
  private writeStatus(pod: Pod & KubeObject, rp: RuntimePod): string | undefined {
    const old = pod.status ?? {};
    const next = generatePodStatus(pod, rp, this.config.internalIP, this.client.timestamp());
    if (JSON.stringify(next) === JSON.stringify(old)) return next.phase;
    const res = this.client.updateStatus({ ...pod, status: next } as Pod & KubeObject);
    if (!res.ok) {
      this.queue.addRateLimited(rp.key);
      return old.phase;
    }
    return next.phase;
  }

  private withPod(rp: RuntimePod, fn: (pod: Pod & KubeObject) => void): void {
    const pod = this.pods.get(rp.key);
    if (pod && pod.metadata?.uid === rp.uid) fn(pod);
  }

  private imageOf(rp: RuntimePod, container: string): string | undefined {
    const pod = this.pods.get(rp.key);
    return [...(pod?.spec?.initContainers ?? []), ...(pod?.spec?.containers ?? [])].find((c) => c.name === container)?.image;
  }

  private latency(kind: keyof typeof LATENCY): number {
    const [min, extra] = LATENCY[kind];
    return Math.round(min + this.rng.float() * extra);
  }
}

/** The kubelet's own key in its queue for node-level work (not a pod key: pod keys contain '/'). */
const NODE_KEY = '@node';

/** Whether a container has been started at least once (a sidecar that did no longer blocks the next init container). */
function hasRun(c: RuntimeContainer): boolean {
  return c.startedAt !== undefined;
}

function fieldPath(c: RuntimeContainer): string {
  return c.init ? `spec.initContainers{${c.name}}` : `spec.containers{${c.name}}`;
}


