// Hand-built API objects for unit tests: `makePod({ name: 'web', phase: 'Running' })`.
// Objects look like what the API server stores after defaulting (namespace, uid, creationTimestamp),
// with only the fields a test names filled beyond that. Test-only (STYLE.md §3 rule 7).

import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Affinity, Container, ContainerStatus, Event, Namespace, Node, Pod, PodCondition, Service, ServicePort, Taint, Toleration } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { KubeObject } from '../api/meta';

/** The wall-clock instant tests call "now" unless they say otherwise. */
export const NOW = '2026-11-23T10:00:00Z';
export const NOW_MS = Date.parse(NOW);

/** RFC 3339 timestamp (whole seconds, UTC) `offsetMs` after NOW; negative for the past. */
export function ts(offsetMs: number): string {
  return new Date(NOW_MS + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** RFC 3339 timestamp `seconds` before NOW, the usual way to give an object an age. */
export function ago(seconds: number): string {
  return ts(-seconds * 1000);
}

export function asKubeObject<T extends { metadata?: unknown }>(obj: T): KubeObject {
  return obj as unknown as KubeObject;
}

interface MetaOptions {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  /** creationTimestamp; default 60s before NOW */
  created?: string;
  deletionTimestamp?: string;
}

function meta(o: MetaOptions, defaultName: string, namespaced = true) {
  const name = o.name ?? defaultName;
  return {
    name,
    ...(namespaced ? { namespace: o.namespace ?? 'default' } : {}),
    uid: `uid-${name}`,
    resourceVersion: '1',
    creationTimestamp: o.created ?? ago(60),
    ...(o.labels ? { labels: o.labels } : {}),
    ...(o.deletionTimestamp ? { deletionTimestamp: o.deletionTimestamp } : {}),
  };
}

export interface PodOptions extends MetaOptions {
  phase?: string;
  reason?: string;
  nodeName?: string;
  podIP?: string;
  /** container names, default ['app'] */
  containers?: string[];
  initContainers?: Container[];
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
  conditions?: PodCondition[];
}

export function makePod(o: PodOptions = {}): Pod {
  const containers = (o.containers ?? ['app']).map((name) => ({ name, image: 'nginx' }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(o, 'pod'),
    spec: {
      containers,
      ...(o.initContainers ? { initContainers: o.initContainers } : {}),
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
    },
    status: {
      phase: o.phase ?? 'Pending',
      ...(o.reason ? { reason: o.reason } : {}),
      ...(o.conditions ? { conditions: o.conditions } : {}),
      ...(o.podIP ? { podIP: o.podIP, podIPs: [{ ip: o.podIP }] } : {}),
      ...(o.initContainerStatuses ? { initContainerStatuses: o.initContainerStatuses } : {}),
      ...(o.containerStatuses ? { containerStatuses: o.containerStatuses } : {}),
    },
  };
}

/** A container status that is running and (by default) ready. */
export function running(name = 'app', ready = true, restartCount = 0): ContainerStatus {
  return { name, image: 'nginx', imageID: '', ready, restartCount, started: true, state: { running: { startedAt: ago(30) } } };
}

export function waiting(name: string, reason: string): ContainerStatus {
  return { name, image: 'nginx', imageID: '', ready: false, restartCount: 0, started: false, state: { waiting: { reason } } };
}

export function terminated(name: string, exitCode: number, reason?: string): ContainerStatus {
  return {
    name, image: 'nginx', imageID: '', ready: false, restartCount: 0, started: false,
    state: { terminated: { exitCode, ...(reason ? { reason } : {}), finishedAt: ago(5) } },
  };
}

export function condition(type: string, status: 'True' | 'False', reason?: string): PodCondition {
  return { type, status, ...(reason ? { reason } : {}) };
}

/** A Running pod whose containers are all running and ready, with the usual conditions. */
export function makeRunningPod(o: PodOptions = {}): Pod {
  const names = o.containers ?? ['app'];
  return makePod({
    phase: 'Running',
    nodeName: 'node-1',
    podIP: '10.244.1.5',
    containerStatuses: names.map((n) => running(n)),
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((t) => condition(t, 'True')),
    ...o,
  });
}

export interface NodeOptions extends MetaOptions {
  ready?: boolean | 'Unknown';
  unschedulable?: boolean;
  internalIP?: string;
  kubeletVersion?: string;
}

export function makeNode(o: NodeOptions = {}): Node {
  const ready = o.ready ?? true;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(o, 'node-1', false),
    spec: { ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: {
      conditions: [{ type: 'Ready', status: ready === 'Unknown' ? 'Unknown' : ready ? 'True' : 'False' }],
      addresses: [
        { type: 'InternalIP', address: o.internalIP ?? '192.168.49.3' },
        { type: 'Hostname', address: o.name ?? 'node-1' },
      ],
      nodeInfo: {
        kubeletVersion: o.kubeletVersion ?? 'v1.35.0',
        osImage: 'Ubuntu 24.04.1 LTS',
        kernelVersion: '6.8.0-sandbox',
        containerRuntimeVersion: 'containerd://2.1.0',
        architecture: 'amd64', bootID: '', kubeProxyVersion: '', machineID: '', operatingSystem: 'linux', systemUUID: '',
      },
    },
  };
}

export interface ServiceOptions extends MetaOptions {
  type?: string;
  clusterIP?: string;
  ports?: ServicePort[];
  selector?: Record<string, string>;
  externalIPs?: string[];
  externalName?: string;
  loadBalancerIngress?: { ip?: string; hostname?: string }[];
}

export function makeService(o: ServiceOptions = {}): Service {
  const type = o.type ?? 'ClusterIP';
  const clusterIP = o.clusterIP ?? (type === 'ExternalName' ? undefined : '10.96.0.10');
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(o, 'svc'),
    spec: {
      type,
      ...(clusterIP ? { clusterIP, clusterIPs: [clusterIP] } : {}),
      ports: o.ports ?? [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      ...(o.selector ? { selector: o.selector } : {}),
      ...(o.externalIPs ? { externalIPs: o.externalIPs } : {}),
      ...(o.externalName ? { externalName: o.externalName } : {}),
    },
    status: { loadBalancer: o.loadBalancerIngress ? { ingress: o.loadBalancerIngress } : {} },
  };
}

export interface WorkloadOptions extends MetaOptions {
  replicas?: number;
  selector?: Record<string, string>;
  image?: string;
  status?: Record<string, number>;
}

export function makeDeployment(o: WorkloadOptions = {}): Deployment {
  const selector = o.selector ?? { app: o.name ?? 'web' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(o, 'web'),
    spec: {
      replicas: o.replicas ?? 1,
      selector: { matchLabels: selector },
      template: { metadata: { labels: selector }, spec: { containers: [{ name: 'nginx', image: o.image ?? 'nginx:1.27' }] } },
    },
    status: { ...(o.status ?? {}) },
  };
}

export function makeReplicaSet(o: WorkloadOptions = {}): ReplicaSet {
  const selector = o.selector ?? { app: 'web', 'pod-template-hash': '5d8f7b9c6d' };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta(o, 'web-5d8f7b9c6d'),
    spec: {
      replicas: o.replicas ?? 1,
      selector: { matchLabels: selector },
      template: { metadata: { labels: selector }, spec: { containers: [{ name: 'nginx', image: o.image ?? 'nginx:1.27' }] } },
    },
    status: { replicas: 0, ...(o.status ?? {}) },
  };
}

export function makeNamespace(o: MetaOptions & { phase?: string } = {}): Namespace {
  const name = o.name ?? 'default';
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: meta({ labels: { 'kubernetes.io/metadata.name': name }, ...o }, name, false),
    spec: { finalizers: ['kubernetes'] },
    status: { phase: o.phase ?? 'Active' },
  };
}

export interface EndpointSliceOptions extends MetaOptions {
  addresses?: string[];
  ports?: number[];
}

export function makeEndpointSlice(o: EndpointSliceOptions = {}): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: meta(o, 'web-abcde'),
    addressType: 'IPv4',
    endpoints: (o.addresses ?? []).map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports: (o.ports ?? [80]).map((port) => ({ name: '', port, protocol: 'TCP' })),
  };
}

export interface EventOptions extends MetaOptions {
  type?: string;
  reason?: string;
  message?: string;
  involvedKind?: string;
  involvedName?: string;
  /** lastTimestamp, default the creation time */
  last?: string;
  count?: number;
  component?: string;
}

export function makeEvent(o: EventOptions = {}): Event {
  const m = meta(o, `${o.involvedName ?? 'web'}.18f2a1b2c3d4e5f6`);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: m,
    involvedObject: { kind: o.involvedKind ?? 'Pod', name: o.involvedName ?? 'web', namespace: m.namespace },
    type: o.type ?? 'Normal',
    reason: o.reason ?? 'Scheduled',
    message: o.message ?? 'Successfully assigned default/web to node-1',
    firstTimestamp: m.creationTimestamp,
    lastTimestamp: o.last ?? m.creationTimestamp,
    count: o.count ?? 1,
    source: { component: o.component ?? 'default-scheduler' },
  };
}

// ----- scheduling (added for the scheduler's tests) ---------------------------------------------

export interface CapacityNodeOptions extends NodeOptions {
  /** allocatable (= capacity here); defaults 2 CPUs, 4Gi, 110 pods */
  cpu?: string;
  memory?: string;
  pods?: number;
  ephemeralStorage?: string;
  /** extended resources, e.g. { 'nvidia.com/gpu': '1' } */
  extended?: Record<string, string>;
  taints?: Taint[];
  /** node.status.images: name -> size in bytes */
  images?: Record<string, number>;
}

/** A Ready node with capacity and allocatable set, as the kubelet registers it. */
export function makeNodeWithCapacity(o: CapacityNodeOptions = {}): Node {
  const node = makeNode(o);
  const resources = {
    cpu: o.cpu ?? '2',
    memory: o.memory ?? '4Gi',
    pods: String(o.pods ?? 110),
    'ephemeral-storage': o.ephemeralStorage ?? '100Gi',
    ...(o.extended ?? {}),
  };
  return {
    ...node,
    spec: { ...node.spec, ...(o.taints ? { taints: o.taints } : {}) },
    status: {
      ...node.status,
      capacity: resources,
      allocatable: { ...resources },
      ...(o.images ? { images: Object.entries(o.images).map(([name, sizeBytes]) => ({ names: [name], sizeBytes })) } : {}),
    },
  };
}

export interface SchedulingPodOptions extends PodOptions {
  /** the first container's requests */
  cpu?: string;
  memory?: string;
  /** other requests of the first container, e.g. { 'nvidia.com/gpu': '1' } */
  requests?: Record<string, string>;
  priority?: number;
  preemptionPolicy?: string;
  tolerations?: Toleration[];
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  hostPort?: number;
  schedulerName?: string;
  image?: string;
  schedulingGates?: string[];
}

/** A pod with the fields the scheduler reads: requests, priority, tolerations, selectors, host ports. */
export function makeSchedulingPod(o: SchedulingPodOptions = {}): Pod {
  const pod = makePod(o);
  const requests: Record<string, string> = { ...(o.cpu ? { cpu: o.cpu } : {}), ...(o.memory ? { memory: o.memory } : {}), ...(o.requests ?? {}) };
  const [first, ...rest] = pod.spec!.containers;
  const container: Container = {
    ...first,
    ...(o.image ? { image: o.image } : {}),
    ...(Object.keys(requests).length ? { resources: { requests } } : {}),
    ...(o.hostPort ? { ports: [{ containerPort: 80, hostPort: o.hostPort, protocol: 'TCP' }] } : {}),
  };
  return {
    ...pod,
    spec: {
      ...pod.spec!,
      containers: [container, ...rest],
      ...(o.priority !== undefined ? { priority: o.priority } : {}),
      ...(o.preemptionPolicy ? { preemptionPolicy: o.preemptionPolicy } : {}),
      ...(o.tolerations ? { tolerations: o.tolerations } : {}),
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.affinity ? { affinity: o.affinity } : {}),
      ...(o.schedulerName ? { schedulerName: o.schedulerName } : {}),
      ...(o.schedulingGates ? { schedulingGates: o.schedulingGates.map((name) => ({ name })) } : {}),
    },
  };
}
