// The ONLY contract between the UI and the engine. Everything here is plain JSON (no classes, Maps,
// Dates or functions) because it crosses postMessage. The UI holds views, never engine objects:
// a view is a small summary the worker derives from watch events; full objects travel only when
// the inspector asks for one (`inspect`).

import type { ApplyResult, AttemptDetail, DocumentDiff, AttemptSummary, CniBackendName, CommandOutput, ObjectRef, ProxyMode, PlacementReport, PlacementVerdict, QueuedPod, WorkloadRef } from '../engine/index';
import type { WorldSnapshot } from '../engine/index';

export type {
  DnsLookup, HopKind, L4Proto, PacketHeaders, PacketTrace, TraceEndpoint, TraceHop, TraceLocation, TraceOutcome, TraceRequest,
} from '../engine/api/trace';
import type { PacketTrace, TraceRequest } from '../engine/api/trace';
import type { CheckResult, LessonCheck } from '../engine/api/lesson';
import type { EtcdKeyInfo } from '../engine/api/etcd';
import type { RequestPath } from '../engine/api/request-path';
import type { PodInsideView } from '../engine/api/pod-inside';

export type {
  ApplyResult, AttemptDetail, AttemptSummary, CommandOutput, Diagnostic, DocumentChange, DocumentDiff, DocumentResult, FilterVerdict, NodeAttemptDetail,
  NodeScoreDetail, ObjectRef, PlacementReport, PlacementVerdict, PluginVerdict, PreemptionDetail, QueuedPod, ScoreBreakdown, WorkloadRef,
} from '../engine/index';

export const PROTOCOL_VERSION = 2;

// ---------------------------------------------------------------------------------------------
// Views: what the canvas and panels draw. Keyed by `${kind}:${namespace/name}` (see viewId).

export type ViewKind = 'Node' | 'Pod' | 'Service' | 'Deployment' | 'ReplicaSet' | 'DaemonSet' | 'StatefulSet' | 'HorizontalPodAutoscaler';

export interface ResourceAmounts {
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
}

export interface NodeView {
  kind: 'Node';
  key: string;
  name: string;
  /** status.addresses InternalIP */
  internalIP: string;
  podCIDR: string;
  /** the cni0 bridge's address: the first host address of podCIDR (the pods' gateway) */
  bridgeIP: string;
  /** node-role.kubernetes.io/* labels, e.g. ['control-plane'] */
  roles: string[];
  /** Ready condition status (Unknown once the node lifecycle controller stopped hearing from it) */
  ready: 'True' | 'False' | 'Unknown';
  /** the node's kubelet is stopped (the `nodePower` command): not an API field, a fact of the simulation */
  stopped: boolean;
  unschedulable: boolean;
  /** formatted as kubectl describe does: `key=value:Effect` or `key:Effect` */
  taints: string[];
  allocatable: ResourceAmounts;
  /** sum of requests of the non-terminated pods bound to this node */
  requested: ResourceAmounts;
  kubeletVersion: string;
  rv: string;
}

export type ContainerType = 'sandbox' | 'init' | 'app';
export interface ContainerView {
  name: string;
  image: string;
  type: ContainerType;
  state: 'waiting' | 'running' | 'terminated';
  /** waiting/terminated reason, e.g. ContainerCreating, Completed */
  reason?: string;
  /** the waiting message, e.g. 'back-off 40s restarting failed container=app pod=crash_default(...)' */
  message?: string;
  /** lastState.terminated: how the previous run ended */
  lastExitCode?: number;
  lastReason?: string;
  ready: boolean;
  restartCount: number;
}

export interface PodView {
  kind: 'Pod';
  key: string;
  namespace: string;
  name: string;
  uid: string;
  nodeName?: string;
  /** status.phase */
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  /** the STATUS column of `kubectl get pods` (ContainerCreating, Terminating, OutOfcpu...) */
  status: string;
  /** READY column, e.g. '1/1' */
  ready: string;
  podIP?: string;
  deleting: boolean;
  labels: Record<string, string>;
  /** the controller owner, e.g. { kind: 'ReplicaSet', name: 'web-5d4f8' } */
  owner?: { kind: string; name: string };
  /** the sandbox ('pause') first, then init containers, then app containers */
  containers: ContainerView[];
  restarts: number;
  /** PodScheduled=False message, e.g. '0/4 nodes are available: ...' */
  schedulingMessage?: string;
  /** status.nominatedNodeName: the node preemption freed for this pod, while it is not bound yet */
  nominatedNodeName?: string;
  cpuMillis: number;
  memoryBytes: number;
  creationMs: number;
  rv: string;
}

export interface EndpointView {
  ip: string;
  ready: boolean;
  /** `namespace/name` of the pod, when the endpoint has a targetRef */
  podKey?: string;
  nodeName?: string;
}

export interface ServiceView {
  kind: 'Service';
  key: string;
  namespace: string;
  name: string;
  type: string;
  clusterIP: string;
  /** as the PORT(S) column prints them: '80/TCP', '80:30080/TCP' */
  ports: string;
  selector: Record<string, string>;
  /** merged from every EndpointSlice labelled kubernetes.io/service-name=<name> */
  endpoints: EndpointView[];
  rv: string;
}

export interface DeploymentView {
  kind: 'Deployment';
  key: string;
  namespace: string;
  name: string;
  replicas: number;
  readyReplicas: number;
  updatedReplicas: number;
  availableReplicas: number;
  rv: string;
}

export interface ReplicaSetView {
  kind: 'ReplicaSet';
  key: string;
  namespace: string;
  name: string;
  replicas: number;
  readyReplicas: number;
  owner?: { kind: string; name: string };
  rv: string;
}

export interface DaemonSetView {
  kind: 'DaemonSet';
  key: string;
  namespace: string;
  name: string;
  /** status.desiredNumberScheduled: nodes that should run the pod */
  desired: number;
  /** status.numberReady */
  ready: number;
  /** status.updatedNumberScheduled */
  updated: number;
  rv: string;
}

export interface StatefulSetView {
  kind: 'StatefulSet';
  key: string;
  namespace: string;
  name: string;
  /** spec.replicas */
  replicas: number;
  /** status.readyReplicas */
  ready: number;
  /** status.updatedReplicas */
  updated: number;
  rv: string;
}

export interface HpaConditionView {
  /** AbleToScale, ScalingActive, ScalingLimited */
  type: string;
  status: string;
  reason: string;
  message: string;
}

/** A HorizontalPodAutoscaler: not drawn on the canvas; the inspector of its target shows it. */
export interface HorizontalPodAutoscalerView {
  kind: 'HorizontalPodAutoscaler';
  key: string;
  namespace: string;
  name: string;
  /** spec.scaleTargetRef */
  target: { kind: string; name: string };
  minReplicas: number;
  maxReplicas: number;
  /** status.currentReplicas */
  currentReplicas: number;
  /** status.desiredReplicas */
  desiredReplicas: number;
  /** the TARGETS column of `kubectl get hpa`, e.g. 'cpu: 250%/50%' ('<unknown>' until measured) */
  targets: string;
  /** the first Resource cpu metric with a Utilization target: percent of the pods' requests */
  cpu?: { targetUtilization: number; currentUtilization?: number };
  conditions: HpaConditionView[];
  rv: string;
}

export type ObjectView =
  | NodeView | PodView | ServiceView | DeploymentView | ReplicaSetView | DaemonSetView | StatefulSetView | HorizontalPodAutoscalerView;

// ---------------------------------------------------------------------------------------------
// Storage objects, custom resources and the served custom kinds. Kept apart from ObjectView (the
// inspector and indexes switch over that union): the canvas's storage and custom-resource lanes read
// these, the editor's schema reads `customKinds`. Keyed by extraId.

/** A PersistentVolumeClaim, with the pods that mount it. */
export interface PersistentVolumeClaimView {
  kind: 'PersistentVolumeClaim';
  key: string;
  namespace: string;
  name: string;
  /** status.phase: Pending, Bound, Lost */
  phase: string;
  /** spec.volumeName: the bound PersistentVolume */
  volumeName?: string;
  /** status.capacity.storage, else spec.resources.requests.storage */
  capacity: string;
  storageClass?: string;
  /** the owner (a StatefulSet's claims have none; a claim created by a controller may) */
  owner?: { kind: string; name: string };
  /** pods (namespace/name) whose spec.volumes name this claim */
  pods: string[];
  rv: string;
}

export interface PersistentVolumeView {
  kind: 'PersistentVolume';
  key: string;
  name: string;
  /** status.phase: Pending, Available, Bound, Released, Failed */
  phase: string;
  capacity: string;
  /** spec.claimRef as namespace/name */
  claim?: string;
  /** the CSI driver, hostPath or local: where the data lives */
  source: string;
  storageClass?: string;
  rv: string;
}

/** A VolumeAttachment: the attach phase (attach/detach controller, then the CSI attacher). */
export interface VolumeAttachmentView {
  kind: 'VolumeAttachment';
  key: string;
  name: string;
  nodeName: string;
  /** spec.source.persistentVolumeName */
  pvName?: string;
  /** status.attached */
  attached: boolean;
  /** status.attachError.message / detachError.message */
  error?: string;
  deleting: boolean;
  rv: string;
}

/** An object of a custom kind (a CRD's), with what it owns (ownerReferences pointing at it). */
export interface CustomObjectView {
  kind: 'Custom';
  /** the object's own kind, e.g. Website */
  objectKind: string;
  apiVersion: string;
  key: string;
  namespace?: string;
  name: string;
  /** objects whose ownerReferences name this object's uid */
  owns: Array<{ apiVersion: string; kind: string; namespace?: string; name: string }>;
  /** a short status line: status.conditions Ready, else status.phase, else '' */
  status: string;
  rv: string;
}

export type ExtraView = PersistentVolumeClaimView | PersistentVolumeView | VolumeAttachmentView | CustomObjectView;

/** 'PersistentVolumeClaim:default/data-db-0', 'Custom:Website:default/blog'. */
export function extraId(v: Pick<ExtraView, 'kind' | 'key'> & { objectKind?: string }): string {
  return v.kind === 'Custom' ? `Custom:${v.objectKind}:${v.key}` : `${v.kind}:${v.key}`;
}

export type ExtraChange = { type: 'upsert'; view: ExtraView } | { type: 'delete'; id: string };

/**
 * A kind an established CRD serves, with the schema of each served version: what the editor needs
 * for completion, hover and markers. Sent whole, only when the set of CRDs changes.
 */
export interface CustomKindInfo {
  group: string;
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  /** the preferred (storage) version first */
  versions: Array<{ name: string; schema?: unknown }>;
}

export function viewId(kind: ViewKind, key: string): string {
  return `${kind}:${key}`;
}

export interface EventView {
  /** the Event object's key, stable across count updates */
  id: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  involved: { kind: string; namespace?: string; name: string };
  /** reporting component, e.g. 'default-scheduler', 'kubelet' */
  source: string;
  count: number;
  lastMs: number;
}

/** One API write, for the control-plane pulses: who wrote what. */
export interface WriteActivity {
  /** the writer's component name: 'kube-scheduler', 'replicaset-controller', 'kubelet/node-1', 'kubectl'... */
  component: string;
  verb: 'create' | 'update' | 'patch' | 'delete';
  kind: string;
  key: string;
  /** a Pod's node (spec.nodeName) or a Node's name: whose kubelet watches this object */
  node?: string;
}

export type ViewChange =
  | { type: 'upsert'; view: ObjectView }
  | { type: 'delete'; kind: ViewKind; key: string; rv: string };

export interface ClockState {
  simTimeMs: number;
  running: boolean;
  /** simulated ms per wall ms */
  speed: number;
  /** set while the UI shows a past state (time travel): the paused live world's time; `simTimeMs` is the viewed time */
  liveMs?: number;
}

/** The scheduling queue as the scheduler panel draws it. */
export interface SchedulingQueueView {
  /** pending pods with the queue that holds each (activeQ in the order they will be tried), at most MAX_QUEUE_PODS */
  pods: QueuedPod[];
  /** how many pods are pending in all */
  total: number;
}

export const MAX_QUEUE_PODS = 300;

/** What the scheduler did since the last message: new attempts, and the queue when it changed. */
export interface SchedulerDelta {
  /** oldest first; a frame at high speed may carry many, the UI keeps the latest */
  attempts: AttemptSummary[];
  queue?: SchedulingQueueView;
}

// ---------------------------------------------------------------------------------------------
// Metrics: the simulated load put on workloads and what metrics-server measured at its last scrape.

/** A load on a workload, in requests per second (World.setLoad). */
export interface LoadView {
  workload: WorkloadRef;
  rps: number;
}

/** One pod's usage at the last scrape, summed over its containers (kubectl top pods). */
export interface PodUsage {
  cpuMillis: number;
  memoryBytes: number;
  /**
   * Containers held at limits.cpu by the CFS quota (they wanted more). SIMPLIFICATION: not in the
   * metrics API; on a node it is cAdvisor's container_cpu_cfs_throttled_periods_total growing.
   */
  throttledContainers?: string[];
}

export interface MetricsView {
  /** every load set, sorted by workload */
  loads: LoadView[];
  /** pods metrics-server reports, keyed 'namespace/name' */
  pods: Record<string, PodUsage>;
}

/**
 * What changed in the metrics since the last message; sent only when a scrape (every 15 s simulated)
 * or a setLoad changed something, so a running clock alone sends nothing.
 */
export interface MetricsDelta {
  /** the whole list, when it changed (it is short: one entry per workload with a load) */
  loads?: LoadView[];
  /** pods whose usage changed or that gained metrics; `null`: no metrics any more (gone, not running) */
  pods?: Record<string, PodUsage | null>;
}

/**
 * Apply a metrics delta: what the UI keeps equals the worker's latest MetricsView. Pure; returns
 * `view` itself when the delta changes nothing.
 */
export function applyMetricsDelta(view: MetricsView, delta: MetricsDelta | undefined): MetricsView {
  if (!delta || (!delta.loads && !delta.pods)) return view;
  let pods = view.pods;
  if (delta.pods) {
    pods = { ...view.pods };
    for (const [key, usage] of Object.entries(delta.pods)) {
      if (usage) pods[key] = usage;
      else delete pods[key];
    }
  }
  return { loads: delta.loads ?? view.loads, pods };
}

export const EMPTY_METRICS: MetricsView = { loads: [], pods: {} };

export interface ClusterSnapshot {
  clock: ClockState;
  /** loads and pod usage at the last scrape (absent: none yet) */
  metrics?: MetricsView;
  views: ObjectView[];
  events: EventView[];
  settings: ClusterSettings;
  scheduler: { attempts: AttemptSummary[]; queue: SchedulingQueueView };
  /** storage objects and custom resources (absent: none) */
  extras?: ExtraView[];
  /** kinds of established CRDs (absent: none) */
  customKinds?: CustomKindInfo[];
}

export interface ClusterSettings {
  seed: number;
  workerNodes: number;
  /** the CNI back end the cluster is created with; default flannel-vxlan */
  cni?: CniBackendName;
  /** kube-proxy's mode; default iptables */
  proxyMode?: ProxyMode;
  /** the node network's subnets: 1 (default) one L2 segment; 2 workers alternate between two /24s behind a router */
  nodeSubnets?: number;
  /** the simulated cluster-autoscaler's node group bounds (absent: off); in `ready`, the running cluster's */
  clusterAutoscaler?: ClusterAutoscalerSettings;
}

/** cluster-autoscaler --nodes=<min>:<max>:workers */
export interface ClusterAutoscalerSettings {
  minNodes: number;
  maxNodes: number;
}

/** The largest node group the UI offers the cluster-autoscaler (and Add node stops there too). */
export const MAX_AUTOSCALER_NODES = 10;

/** The node-network layouts the UI offers: one L2 segment, or two subnets joined by a router. */
export const NODE_SUBNET_CHOICES: readonly number[] = [1, 2];

/** The CNI back ends a cluster can be created with (the engine's CNI_BACKEND_NAMES, for the UI). */
export const CNI_NAMES: readonly CniBackendName[] = ['flannel-vxlan', 'flannel-udp', 'flannel-host-gw', 'calico-bgp', 'calico-ipip', 'canal'];
export const DEFAULT_CNI: CniBackendName = 'flannel-vxlan';
export const PROXY_MODE_NAMES: readonly ProxyMode[] = ['iptables', 'ipvs'];
export const DEFAULT_PROXY_MODE: ProxyMode = 'iptables';

// ---------------------------------------------------------------------------------------------
// Time travel: a timeline of every change, checkpoints to go back to, branches, per-object history.

/** Who made a change, for the timeline's filter; `heartbeat` is Lease renewals and node status posts. */
export type TimelineEntryKind = 'user' | 'controller' | 'scheduler' | 'kubelet' | 'packet' | 'system' | 'heartbeat';

export interface TimelineEntry {
  /** rises by one per entry and is never reused, across branches */
  seq: number;
  /** simulated ms */
  atMs: number;
  kind: TimelineEntryKind;
  /** 'kubectl', 'replicaset-controller', 'kube-scheduler', 'kubelet/node-1'... */
  writer: string;
  /** the API verb (create/update/patch/delete), or the user's action (apply, delete, drag, bind, stop, start, load, kubectl, trace) */
  verb: string;
  object?: { kind: string; namespace?: string; name: string };
  rv?: string;
  /** a user action (a scrubber marker), not one API write */
  action?: boolean;
  /** what changed, language-neutral: field paths and values, kubectl output, a packet's outcome */
  detail: string;
}

export interface TimelineBranch {
  id: number;
  /** the branch it forked from, and when */
  parent?: number;
  forkedAtMs?: number;
  /** simulated ms of the branch's last checkpoint (its end, for a branch not being run) */
  endMs: number;
  /** how many user actions it holds */
  actions: number;
}

export interface TimelineStatus {
  /** changes whenever the entry list is replaced (reset, fork, switching branch): the UI refetches */
  generation: number;
  branchId: number;
  branches: TimelineBranch[];
  /** the earliest reachable time (the oldest checkpoint) and the live world's time */
  startMs: number;
  liveMs: number;
  /** set while showing the past */
  viewingMs?: number;
  /** user actions on this branch (scrubber markers), oldest first */
  markers: Array<{ atMs: number; seq: number; verb: string }>;
  /** the newest entry seq */
  lastSeq: number;
  checkpoints: { count: number; approxBytes: number };
}

export type TimelineOp =
  /** the status and the entries after `sinceSeq` (all kept ones when absent or when the generation changed) */
  | { op: 'status'; sinceSeq?: number; generation?: number }
  /** show the cluster as it was at `atMs` (the live world pauses) */
  | { op: 'goto'; atMs: number }
  /** back to the live world */
  | { op: 'live' }
  /** make the viewed past the live world; the old future becomes a branch */
  | { op: 'continue' }
  | { op: 'switchBranch'; branchId: number }
  /** every kept version of one object on this branch, oldest first */
  | { op: 'history'; ref: ObjectRef };

export type DiffSection = 'metadata' | 'spec' | 'status' | 'other';
export interface FieldChange {
  /** dotted path; list items with a name or type are addressed by it: status.conditions[Ready].status */
  path: string;
  section: DiffSection;
  op: 'added' | 'removed' | 'changed';
  /** compact JSON of the values, truncated */
  from?: string;
  to?: string;
}

export interface ObjectVersion {
  rv: string;
  atMs: number;
  writer: string;
  verb: string;
  /** the entry of this write (to jump the timeline there) */
  seq: number;
  changes: FieldChange[];
  /** more fields changed than `changes` lists */
  truncated?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Commands (UI -> worker). Every command with a requestId gets exactly one reply.

export type PodTemplateName = 'pod';

export type Command =
  | { kind: 'apply'; requestId: number; yaml: string }
  /** `kubectl diff` of the editor's text: what Apply would create or change; the cluster does not change */
  | { kind: 'diff'; requestId: number; yaml: string }
  | { kind: 'delete'; requestId: number; ref: ObjectRef }
  /** palette drop: create a Pod from a template with spec.nodeName set (manual scheduling) */
  | { kind: 'createPodOnNode'; requestId: number; template: PodTemplateName; nodeName: string }
  /** drop a Pending pod on a node: run the scheduler's filters there, bind if they pass */
  | { kind: 'bindPod'; requestId: number; podKey: string; nodeName: string }
  /** hover verdict while dragging; changes nothing */
  | { kind: 'checkPlacement'; requestId: number; podKey?: string; template?: PodTemplateName; nodeName: string }
  /** at drag start: every node's verdict and score for the dragged pod; changes nothing */
  | { kind: 'placementReport'; requestId: number; podKey?: string; template?: PodTemplateName }
  /** one scheduling attempt in full (the scheduler panel) */
  | { kind: 'schedulingAttempt'; requestId: number; id: number }
  | { kind: 'kubectl'; requestId: number; command: string }
  /** Ctrl+C on a running `kubectl get -w` (its reply carried `watchId`); no reply */
  | { kind: 'stopWatch'; watchId: number }
  /** a root shell on a node (read-only): ip, bridge, iptables-save, conntrack */
  | { kind: 'nodeShell'; requestId: number; nodeName: string; command: string }
  /** trace one packet (and its reply) from a pod, a node or an external client to an address or name */
  | { kind: 'trace'; requestId: number; request: TraceRequest; whatIf?: { cni?: CniBackendName; proxyMode?: ProxyMode } }
  | { kind: 'inspect'; requestId: number; ref: ObjectRef }
  /** read-only: the calls the pod's kubelet made to create it (the inspector's creation timeline) */
  | { kind: 'creationChain'; requestId: number; podKey: string }
  /** what is inside a pod (the open-pod view) */
  | { kind: 'podInside'; requestId: number; podKey: string }
  /** etcd's keys under `prefix` (default `/registry/`), for the etcd view */
  | { kind: 'etcdKeys'; requestId: number; prefix?: string }
  | { kind: 'control'; action: 'play' | 'pause' }
  | { kind: 'control'; action: 'step'; stepMs: number }
  | { kind: 'control'; action: 'speed'; speed: number }
  | { kind: 'reset'; requestId: number; settings: ClusterSettings }
  /** stop a node's kubelet (the node loses power) or start it again */
  | { kind: 'nodePower'; requestId: number; nodeName: string; action: 'stop' | 'start' }
  /** a new worker machine joins (`node-<next>`), or a worker's machine is gone (its Node is deleted; PodGC then removes its pods) */
  | { kind: 'nodeLifecycle'; requestId: number; action: 'add' }
  | { kind: 'nodeLifecycle'; requestId: number; action: 'remove'; nodeName: string }
  /** turn the simulated cluster-autoscaler on with its bounds, or off (settings absent) */
  | { kind: 'clusterAutoscaler'; requestId: number; settings?: ClusterAutoscalerSettings }
  /** simulated traffic on a workload, requests per second spread over its ready pods (0 removes it) */
  | { kind: 'setLoad'; requestId: number; workload: WorkloadRef; rps: number }
  /** the bridge saw a seq gap: send a fresh `ready` */
  | { kind: 'resync' }
  /** evaluate a lesson step's checks against the cluster now (src/worker/lessons-checks.ts); changes nothing */
  | { kind: 'lessonChecks'; requestId: number; checks: LessonCheck[] }
  /** persistence (src/ui/persistence): the whole cluster as plain JSON, to keep in IndexedDB; changes nothing */
  | { kind: 'saveState'; requestId: number }
  /** boot from a saved state (a reload, or a restart after the worker crashed) */
  | { kind: 'restoreState'; requestId: number; state: SavedClusterState }
  /** the manifests of the objects people created, without status or server-set fields (scenario export) */
  | { kind: 'exportManifests'; requestId: number }
  /** time travel and per-object history (src/worker/timeline*.ts) */
  | { kind: 'timeline'; requestId: number; op: TimelineOp }
  /** test builds only (the UI sends it from `window.__sandboxTest`): the worker throws outside every handler, as a crash would */
  | { kind: 'testCrash' };

/** A whole cluster as the worker keeps it: plain JSON (World.snapshot), restored by World.restore. */
export interface SavedClusterState {
  settings: ClusterSettings;
  running: boolean;
  speed: number;
  world: WorldSnapshot;
}

/**
 * One step of a pod's creation chain, as the kubelet recorded it (kubelet/kuberuntime/creation-chain.ts):
 * SyncPod, RunPodSandbox, containerd, containerd-shim-runc-v2, runc create/start, CNI ADD, PullImage,
 * CreateContainer, StartContainer. `estimated`: the time is invented (below the CRI nothing is simulated).
 */
export interface CreationStepView {
  /** simulated ms */
  atMs: number;
  component: 'kubelet' | 'CRI' | 'containerd' | 'containerd-shim-runc-v2' | 'runc' | 'CNI';
  call: string;
  container?: string;
  detail?: string;
  durationMs?: number;
  failed?: boolean;
  /** the same failure came back this many times in all (retries), counted on one step */
  repeats?: number;
  estimated?: boolean;
}

/** The creation chain of a pod on its node's kubelet; absent when no kubelet runs the pod (yet). */
export interface CreationChainView {
  podKey: string;
  nodeName: string;
  steps: CreationStepView[];
  /** later steps were dropped (the chain is bounded) */
  truncated: boolean;
}

export interface InspectResult {
  found: boolean;
  /** `kubectl get -o yaml` of the live object, status included */
  yaml: string;
  events: EventView[];
  related: Array<{ relation: string; ref: ObjectRef }>;
}

export type ReplyBody =
  | { kind: 'apply'; result: ApplyResult }
  /** `output` as the terminal prints `kubectl diff` (exit 1 = differences); `documents` per object of the text */
  | { kind: 'diff'; output: CommandOutput; documents?: DocumentDiff[] }
  | { kind: 'delete'; ok: boolean; message: string }
  | { kind: 'createPodOnNode'; ok: boolean; message: string; podKey?: string }
  | { kind: 'bindPod'; ok: boolean; message: string; verdict: PlacementVerdict }
  | { kind: 'checkPlacement'; verdict: PlacementVerdict }
  | { kind: 'placementReport'; report: PlacementReport }
  /** undefined when the scheduler no longer keeps that attempt */
  | { kind: 'schedulingAttempt'; detail?: AttemptDetail }
  /** `requests`: what kube-apiserver did with each request the command sent (the request path view) */
  /** `watchId`: the command started a watch (`get -w`): its rows follow as `watchOutput` until `stopWatch` */
  | { kind: 'kubectl'; output: CommandOutput; requests?: RequestPath[]; watchId?: number }
  | { kind: 'nodeShell'; output: CommandOutput }
  /** `error`: the request itself was invalid (unknown pod, no such node); a dropped packet is a trace with outcome.delivered false */
  | { kind: 'trace'; trace?: PacketTrace; error?: string }
  | { kind: 'inspect'; result: InspectResult }
  | { kind: 'creationChain'; chain?: CreationChainView }
  | { kind: 'podInside'; view?: PodInsideView }
  | { kind: 'etcdKeys'; revision: number; keys: EtcdKeyInfo[] }
  | { kind: 'reset'; ok: true }
  | { kind: 'nodePower'; ok: boolean; message: string }
  /** `nodeName`: the node added or removed */
  | { kind: 'nodeLifecycle'; ok: boolean; message: string; nodeName?: string }
  /** `settings`: the autoscaler as it runs now (absent: off) */
  | { kind: 'clusterAutoscaler'; ok: boolean; message: string; settings?: ClusterAutoscalerSettings }
  | { kind: 'setLoad'; ok: boolean; message: string }
  | { kind: 'saveState'; state: SavedClusterState }
  | { kind: 'restoreState'; ok: boolean; message: string }
  | { kind: 'exportManifests'; manifests: Array<Record<string, unknown>> }
  | { kind: 'timeline'; status: TimelineStatus; entries?: TimelineEntry[]; history?: ObjectVersion[]; message?: string }
  /** one result per check, in order */
  | { kind: 'lessonChecks'; results: CheckResult[] }
  /** the engine threw while handling the command; the worker stays alive */
  | { kind: 'error'; message: string };

// ---------------------------------------------------------------------------------------------
// Messages (worker -> UI)

export type WorkerMessage =
  | { kind: 'ready'; protocol: typeof PROTOCOL_VERSION; seq: number; snapshot: ClusterSnapshot }
  | {
      kind: 'delta';
      /** rises by one per message; on a gap the bridge sends `resync` */
      seq: number;
      clock: ClockState;
      changes: ViewChange[];
      events: EventView[];
      writes: WriteActivity[];
      scheduler?: SchedulerDelta;
      metrics?: MetricsDelta;
      /** storage objects and custom resources that changed */
      extras?: ExtraChange[];
      /** every kind of the established CRDs, when that set changed */
      customKinds?: CustomKindInfo[];
    }
  | { kind: 'reply'; requestId: number; body: ReplyBody }
  /** an exception escaped the engine outside a command; the UI says so and stays usable */
  | { kind: 'fault'; message: string }
  /**
   * A running `kubectl get -w` printed more (`stdout`, one or more flushes); `ended`: the watch is
   * over (the cluster was replaced: reset, restore, time travel) and prints nothing more.
   */
  | { kind: 'watchOutput'; watchId: number; stdout: string; ended?: boolean };

export function assertNever(x: never): never {
  throw new Error(`unexpected variant: ${JSON.stringify(x)}`);
}
