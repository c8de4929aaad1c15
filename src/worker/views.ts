// Engine objects -> the small views the UI draws (protocol.ts), plus the worker-side indexes a view
// needs beyond its own object: a Node's `requested` sums the pods bound to it, a Service's endpoints
// come from its EndpointSlices. Pure functions and one plain class; no timers, no postMessage.
// UPSTREAM: pkg/printers/internalversion/printers.go (STATUS/READY/PORT(S) columns).
// SIMPLIFICATION: a Node's `requested` counts CPU and memory only (no extended resources).

import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { ContainerStatus, Event, Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import { bytes, cpuMillis, formatHPAMetrics, keyOf, podReady, podRequests as enginePodRequests, podStatus, type KubeObject } from '../engine/index';
import type {
  ContainerView,
  DaemonSetView,
  StatefulSetView,
  DeploymentView,
  EndpointView,
  EventView,
  HorizontalPodAutoscalerView,
  NodeView,
  ObjectView,
  PodView,
  ReplicaSetView,
  ResourceAmounts,
  ServiceView,
  ViewChange,
  ViewKind,
} from './protocol';
import { viewId } from './protocol';

/** The image kubelet's runtime uses for the sandbox; shown greyed as the first chip of every pod. */
export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const ROLE_PREFIX = 'node-role.kubernetes.io/';

/** Simulated ms of an RFC 3339 timestamp, given the epoch of simulated time 0. */
function simMs(timestamp: string | undefined, epochMs: number): number {
  if (!timestamp) return 0;
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? 0 : t - epochMs;
}

function controllerOwner(meta: { ownerReferences?: Array<{ kind: string; name: string; controller?: boolean }> }) {
  const refs = meta.ownerReferences ?? [];
  const ref = refs.find((r) => r.controller) ?? refs[0];
  return ref ? { kind: ref.kind, name: ref.name } : undefined;
}

/** The first host address of a CIDR: the cni0 bridge's address (10.244.1.0/24 -> 10.244.1.1). */
export function bridgeAddress(cidr: string | undefined): string {
  if (!cidr) return '';
  const [ip, len] = cidr.split('/');
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => Number.isNaN(p))) return '';
  const n = ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3] + 1;
  const out = [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  return len ? `${out}/${len}` : out;
}

/** What the scheduler counts for a pod (the engine's computePodResourceRequest), CPU and memory only. */
export function podRequests(pod: Pod): { cpuMillis: number; memoryBytes: number } {
  const r = enginePodRequests(pod);
  return { cpuMillis: r.cpuMillis, memoryBytes: r.memoryBytes };
}

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

function containerViews(pod: Pod): ContainerView[] {
  const sandboxUp = pod.status?.conditions?.some((c) => c.type === 'PodReadyToStartContainers' && c.status === 'True') ?? false;
  const out: ContainerView[] = [
    { name: 'pause', image: PAUSE_IMAGE, type: 'sandbox', state: sandboxUp ? 'running' : 'waiting', ready: sandboxUp, restartCount: 0 },
  ];
  const add = (type: 'init' | 'app', specs: Array<{ name: string; image?: string }>, statuses: ContainerStatus[] | undefined) => {
    for (const spec of specs) {
      const st = statuses?.find((s) => s.name === spec.name);
      const state = st?.state?.running ? 'running' : st?.state?.terminated ? 'terminated' : 'waiting';
      const reason = st?.state?.waiting?.reason ?? st?.state?.terminated?.reason;
      out.push({
        name: spec.name,
        image: spec.image ?? '',
        type,
        state,
        ...(reason ? { reason } : {}),
        ...(st?.state?.waiting?.message ? { message: st.state.waiting.message } : {}),
        ...(st?.lastState?.terminated ? { lastExitCode: st.lastState.terminated.exitCode, ...(st.lastState.terminated.reason ? { lastReason: st.lastState.terminated.reason } : {}) } : {}),
        ready: st?.ready ?? false,
        restartCount: st?.restartCount ?? 0,
      });
    }
  };
  add('init', pod.spec?.initContainers ?? [], pod.status?.initContainerStatuses);
  add('app', pod.spec?.containers ?? [], pod.status?.containerStatuses);
  return out;
}

export function podView(pod: Pod, epochMs: number): PodView {
  const meta = pod.metadata ?? {};
  const key = keyOf(meta);
  const containers = containerViews(pod);
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  const owner = controllerOwner(meta);
  const req = podRequests(pod);
  return {
    kind: 'Pod',
    key,
    namespace: meta.namespace ?? 'default',
    name: meta.name ?? '',
    uid: meta.uid ?? '',
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    phase: (pod.status?.phase as PodView['phase']) ?? 'Pending',
    status: podStatus(pod),
    ready: podReady(pod),
    ...(pod.status?.podIP ? { podIP: pod.status.podIP } : {}),
    deleting: Boolean(meta.deletionTimestamp),
    labels: { ...(meta.labels ?? {}) },
    ...(owner ? { owner } : {}),
    containers,
    restarts: containers.reduce((n, c) => n + c.restartCount, 0),
    ...(scheduled?.status === 'False' && scheduled.message ? { schedulingMessage: scheduled.message } : {}),
    ...(!pod.spec?.nodeName && (pod.status as { nominatedNodeName?: string } | undefined)?.nominatedNodeName
      ? { nominatedNodeName: (pod.status as { nominatedNodeName: string }).nominatedNodeName }
      : {}),
    cpuMillis: req.cpuMillis,
    memoryBytes: req.memoryBytes,
    creationMs: simMs(meta.creationTimestamp, epochMs),
    rv: meta.resourceVersion ?? '0',
  };
}

function formatTaint(t: { key: string; value?: string; effect: string }): string {
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

export function nodeView(node: Node, requested: ResourceAmounts, stopped = false): NodeView {
  const meta = node.metadata ?? {};
  const alloc = node.status?.allocatable ?? node.status?.capacity ?? {};
  const readyCond = node.status?.conditions?.find((c) => c.type === 'Ready');
  const ready = readyCond?.status === 'True' || readyCond?.status === 'False' ? readyCond.status : 'Unknown';
  return {
    kind: 'Node',
    key: keyOf(meta),
    name: meta.name ?? '',
    internalIP: node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '',
    podCIDR: node.spec?.podCIDR ?? '',
    bridgeIP: bridgeAddress(node.spec?.podCIDR),
    roles: Object.keys(meta.labels ?? {})
      .filter((l) => l.startsWith(ROLE_PREFIX))
      .map((l) => l.slice(ROLE_PREFIX.length))
      .sort(),
    ready,
    stopped,
    unschedulable: node.spec?.unschedulable ?? false,
    taints: (node.spec?.taints ?? []).map(formatTaint),
    allocatable: {
      cpuMillis: cpuMillis(alloc.cpu),
      memoryBytes: bytes(alloc.memory),
      pods: Number(alloc.pods ?? 0),
    },
    requested,
    kubeletVersion: node.status?.nodeInfo?.kubeletVersion ?? '',
    rv: meta.resourceVersion ?? '0',
  };
}

/** The PORT(S) column of `kubectl get svc`: '80/TCP', '80:30080/TCP', joined by commas, '<none>' if empty. */
export function formatServicePorts(svc: Service): string {
  const ports = svc.spec?.ports ?? [];
  if (ports.length === 0) return '<none>';
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

export function serviceView(svc: Service, slices: Iterable<EndpointSlice>): ServiceView {
  const meta = svc.metadata ?? {};
  const endpoints: EndpointView[] = [];
  for (const slice of slices) {
    for (const ep of slice.endpoints ?? []) {
      const ref = ep.targetRef;
      for (const ip of ep.addresses) {
        endpoints.push({
          ip,
          // EndpointConditions: a nil `ready` means "unknown", which consumers treat as ready.
          ready: ep.conditions?.ready ?? true,
          ...(ref?.kind === 'Pod' && ref.name ? { podKey: `${ref.namespace ?? meta.namespace ?? 'default'}/${ref.name}` } : {}),
          ...(ep.nodeName ? { nodeName: ep.nodeName } : {}),
        });
      }
    }
  }
  endpoints.sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
  return {
    kind: 'Service',
    ...identity(meta),
    type: svc.spec?.type ?? 'ClusterIP',
    clusterIP: svc.spec?.clusterIP ?? '',
    ports: formatServicePorts(svc),
    selector: { ...(svc.spec?.selector ?? {}) },
    endpoints,
  };
}

/** The fields every namespaced view shares: key, namespace, name and the resourceVersion it shows. */
function identity(meta: { namespace?: string; name?: string; resourceVersion?: string }) {
  return { key: keyOf(meta), namespace: meta.namespace ?? 'default', name: meta.name ?? '', rv: meta.resourceVersion ?? '0' };
}

export function deploymentView(d: Deployment): DeploymentView {
  const meta = d.metadata ?? {};
  return {
    kind: 'Deployment',
    ...identity(meta),
    replicas: d.spec?.replicas ?? 1,
    readyReplicas: d.status?.readyReplicas ?? 0,
    updatedReplicas: d.status?.updatedReplicas ?? 0,
    availableReplicas: d.status?.availableReplicas ?? 0,
  };
}

export function replicaSetView(rs: ReplicaSet): ReplicaSetView {
  const meta = rs.metadata ?? {};
  const owner = controllerOwner(meta);
  return {
    kind: 'ReplicaSet',
    ...identity(meta),
    replicas: rs.spec?.replicas ?? 1,
    readyReplicas: rs.status?.readyReplicas ?? 0,
    ...(owner ? { owner } : {}),
  };
}

export function daemonSetView(ds: DaemonSet): DaemonSetView {
  const meta = ds.metadata ?? {};
  return {
    kind: 'DaemonSet',
    ...identity(meta),
    desired: ds.status?.desiredNumberScheduled ?? 0,
    ready: ds.status?.numberReady ?? 0,
    updated: ds.status?.updatedNumberScheduled ?? 0,
  };
}

export function statefulSetView(sts: StatefulSet): StatefulSetView {
  const meta = sts.metadata ?? {};
  return {
    kind: 'StatefulSet',
    ...identity(meta),
    replicas: sts.spec?.replicas ?? 1,
    ready: sts.status?.readyReplicas ?? 0,
    updated: sts.status?.updatedReplicas ?? 0,
  };
}

/** What the inspector of an HPA's target shows: the TARGETS column, replicas and conditions. */
export function horizontalPodAutoscalerView(hpa: HorizontalPodAutoscaler): HorizontalPodAutoscalerView {
  const meta = hpa.metadata ?? {};
  const metrics = hpa.spec?.metrics ?? [];
  const i = metrics.findIndex((m) => m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target.averageUtilization !== undefined);
  const targetUtilization = i >= 0 ? metrics[i].resource?.target.averageUtilization : undefined;
  const current = i >= 0 ? hpa.status?.currentMetrics?.[i]?.resource?.current.averageUtilization : undefined;
  return {
    kind: 'HorizontalPodAutoscaler',
    ...identity(meta),
    target: { kind: hpa.spec?.scaleTargetRef.kind ?? '', name: hpa.spec?.scaleTargetRef.name ?? '' },
    minReplicas: hpa.spec?.minReplicas ?? 1,
    maxReplicas: hpa.spec?.maxReplicas ?? 0,
    currentReplicas: hpa.status?.currentReplicas ?? 0,
    desiredReplicas: hpa.status?.desiredReplicas ?? 0,
    targets: formatHPAMetrics(hpa.spec?.metrics, hpa.status?.currentMetrics),
    ...(targetUtilization !== undefined ? { cpu: { targetUtilization, ...(current !== undefined ? { currentUtilization: current } : {}) } } : {}),
    conditions: (hpa.status?.conditions ?? []).map((c) => ({ type: c.type, status: c.status, reason: c.reason ?? '', message: c.message ?? '' })),
  };
}

export function eventView(ev: Event, epochMs: number): EventView {
  const meta = ev.metadata ?? {};
  const io = ev.involvedObject ?? {};
  const last = ev.lastTimestamp ?? ev.eventTime ?? ev.firstTimestamp ?? meta.creationTimestamp;
  return {
    id: keyOf(meta),
    type: ev.type === 'Warning' ? 'Warning' : 'Normal',
    reason: ev.reason ?? '',
    message: ev.message ?? '',
    involved: { kind: io.kind ?? '', ...(io.namespace ? { namespace: io.namespace } : {}), name: io.name ?? '' },
    source: ev.reportingComponent || ev.source?.component || '',
    count: ev.count ?? ev.series?.count ?? 1,
    lastMs: simMs(last, epochMs),
  };
}

// ---------------------------------------------------------------------------------------------

/** A store change as the engine's watch reports it (structurally a subset of WatchRecord). */
export interface WatchChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
}

/** A view change plus whether the view did not exist before it (lets the batcher cancel add+delete). */
export interface TrackedChange {
  change: ViewChange;
  created: boolean;
}

interface PodCharge {
  cpuMillis: number;
  memoryBytes: number;
  /** terminal pods (Succeeded/Failed) stay on the node but no longer hold resources */
  counted: boolean;
}

const MAX_EVENTS = 1000;

/**
 * Turns watch records into view changes. Keeps the indexes a view needs beyond its own object.
 * Contract: feed it every record in rv order (a `listAll()` replay as ADDED first); it never reads
 * the engine itself, so the same records always give the same changes.
 */
export class ViewTracker {
  private readonly views = new Map<string, ObjectView>();
  private readonly nodes = new Map<string, Node>();
  /** nodeName -> podKey -> what the pod holds there */
  private readonly podsByNode = new Map<string, Map<string, PodCharge>>();
  private readonly nodeOfPod = new Map<string, string>();
  private readonly services = new Map<string, Service>();
  /** service key -> slice key -> slice */
  private readonly slicesByService = new Map<string, Map<string, EndpointSlice>>();
  private readonly serviceOfSlice = new Map<string, string>();
  private readonly eventViews = new Map<string, EventView>();
  /** nodes whose kubelet is stopped: told by the host (World.isNodeStopped), not by a watch record */
  private readonly stoppedNodes = new Set<string>();

  constructor(private readonly epochMs: number) {}

  /** Every current view, for a snapshot. */
  allViews(): ObjectView[] {
    return [...this.views.values()];
  }

  getView(kind: ViewKind, key: string): ObjectView | undefined {
    return this.views.get(viewId(kind, key));
  }

  /** The most recent events, oldest first. */
  allEvents(): EventView[] {
    return [...this.eventViews.values()];
  }

  /** Handle one watch record; returns the view changes and events it causes. */
  observe(rec: WatchChange): { changes: TrackedChange[]; events: EventView[] } {
    const changes: TrackedChange[] = [];
    const events: EventView[] = [];
    const deleted = rec.type === 'DELETED';
    const key = keyOf(rec.object.metadata ?? {});
    switch (rec.object.kind) {
      case 'Pod':
        this.observePod(rec.object as unknown as Pod, key, deleted, changes);
        break;
      case 'Node':
        this.observeNode(rec.object as unknown as Node, key, deleted, changes);
        break;
      case 'Service':
        if (deleted) {
          this.services.delete(key);
          this.remove('Service', key, rec.object, changes);
        } else {
          this.services.set(key, rec.object as unknown as Service);
          this.refreshService(key, changes);
        }
        break;
      case 'EndpointSlice':
        this.observeSlice(rec.object as unknown as EndpointSlice, key, deleted, changes);
        break;
      case 'Deployment':
        if (deleted) this.remove('Deployment', key, rec.object, changes);
        else this.put(deploymentView(rec.object as unknown as Deployment), changes);
        break;
      case 'ReplicaSet':
        if (deleted) this.remove('ReplicaSet', key, rec.object, changes);
        else this.put(replicaSetView(rec.object as unknown as ReplicaSet), changes);
        break;
      case 'DaemonSet':
        if (deleted) this.remove('DaemonSet', key, rec.object, changes);
        else this.put(daemonSetView(rec.object as unknown as DaemonSet), changes);
        break;
      case 'StatefulSet':
        if (deleted) this.remove('StatefulSet', key, rec.object, changes);
        else this.put(statefulSetView(rec.object as unknown as StatefulSet), changes);
        break;
      case 'HorizontalPodAutoscaler':
        if (deleted) this.remove('HorizontalPodAutoscaler', key, rec.object, changes);
        else this.put(horizontalPodAutoscalerView(rec.object as unknown as HorizontalPodAutoscaler), changes);
        break;
      case 'Event':
        if (!deleted) {
          const ev = eventView(rec.object as unknown as Event, this.epochMs);
          this.eventViews.delete(ev.id);
          this.eventViews.set(ev.id, ev);
          if (this.eventViews.size > MAX_EVENTS) this.eventViews.delete(this.eventViews.keys().next().value as string);
          events.push(ev);
        }
        break;
      default:
        break;
    }
    return { changes, events };
  }

  private put(view: ObjectView, changes: TrackedChange[]): void {
    const id = viewId(view.kind, view.key);
    const created = !this.views.has(id);
    this.views.set(id, view);
    changes.push({ change: { type: 'upsert', view }, created });
  }

  private remove(kind: ViewKind, key: string, obj: KubeObject, changes: TrackedChange[]): void {
    const id = viewId(kind, key);
    if (!this.views.delete(id)) return;
    changes.push({ change: { type: 'delete', kind, key, rv: obj.metadata?.resourceVersion ?? '0' }, created: false });
  }

  private observePod(pod: Pod, key: string, deleted: boolean, changes: TrackedChange[]): void {
    const oldNode = this.nodeOfPod.get(key);
    if (oldNode !== undefined) {
      this.podsByNode.get(oldNode)?.delete(key);
      this.nodeOfPod.delete(key);
    }
    const newNode = deleted ? undefined : pod.spec?.nodeName;
    if (newNode) {
      let onNode = this.podsByNode.get(newNode);
      if (!onNode) this.podsByNode.set(newNode, (onNode = new Map()));
      onNode.set(key, { ...podRequests(pod), counted: !isTerminal(pod) });
      this.nodeOfPod.set(key, newNode);
    }
    if (deleted) this.remove('Pod', key, pod as unknown as KubeObject, changes);
    else this.put(podView(pod, this.epochMs), changes);
    if (oldNode !== undefined) this.refreshNode(oldNode, changes);
    if (newNode && newNode !== oldNode) this.refreshNode(newNode, changes);
  }

  private observeNode(node: Node, name: string, deleted: boolean, changes: TrackedChange[]): void {
    if (deleted) {
      this.nodes.delete(name);
      this.remove('Node', name, node as unknown as KubeObject, changes);
      return;
    }
    this.nodes.set(name, node);
    this.put(nodeView(node, this.requestedOn(name), this.stoppedNodes.has(name)), changes);
  }

  /** Record whether a node's kubelet is stopped; returns the node view change, if any. */
  setNodeStopped(name: string, stopped: boolean): TrackedChange[] {
    const changes: TrackedChange[] = [];
    if (stopped) this.stoppedNodes.add(name);
    else this.stoppedNodes.delete(name);
    const current = this.views.get(viewId('Node', name)) as NodeView | undefined;
    if (current && current.stopped !== stopped) this.put({ ...current, stopped }, changes);
    return changes;
  }

  private requestedOn(nodeName: string): ResourceAmounts {
    const sum: ResourceAmounts = { cpuMillis: 0, memoryBytes: 0, pods: 0 };
    for (const charge of this.podsByNode.get(nodeName)?.values() ?? []) {
      if (!charge.counted) continue;
      sum.cpuMillis += charge.cpuMillis;
      sum.memoryBytes += charge.memoryBytes;
      sum.pods += 1;
    }
    return sum;
  }

  /** Re-derive a node view after its pods changed; emits nothing if `requested` is unchanged. */
  private refreshNode(nodeName: string, changes: TrackedChange[]): void {
    const node = this.nodes.get(nodeName);
    const current = this.views.get(viewId('Node', nodeName)) as NodeView | undefined;
    if (!node || !current) return;
    const requested = this.requestedOn(nodeName);
    const r = current.requested;
    if (r.cpuMillis === requested.cpuMillis && r.memoryBytes === requested.memoryBytes && r.pods === requested.pods) return;
    this.put({ ...current, requested }, changes);
  }

  private observeSlice(slice: EndpointSlice, key: string, deleted: boolean, changes: TrackedChange[]): void {
    const oldService = this.serviceOfSlice.get(key);
    if (oldService !== undefined) {
      this.slicesByService.get(oldService)?.delete(key);
      this.serviceOfSlice.delete(key);
    }
    const name = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
    const newService = !deleted && name ? keyOf({ namespace: slice.metadata?.namespace, name }) : undefined;
    if (newService) {
      let slices = this.slicesByService.get(newService);
      if (!slices) this.slicesByService.set(newService, (slices = new Map()));
      slices.set(key, slice);
      this.serviceOfSlice.set(key, newService);
    }
    if (oldService !== undefined && oldService !== newService) this.refreshService(oldService, changes);
    if (newService) this.refreshService(newService, changes);
  }

  private refreshService(key: string, changes: TrackedChange[]): void {
    const svc = this.services.get(key);
    if (!svc) return;
    this.put(serviceView(svc, this.slicesByService.get(key)?.values() ?? []), changes);
  }
}
