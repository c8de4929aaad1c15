// What the scheduler knows about one node: the Node, the pods counted on it (bound and assumed),
// the sum of their requests, its allocatable resources and the host ports in use.
// UPSTREAM: pkg/scheduler/framework/types.go (NodeInfo, Resource, PodInfo), framework/types.go (HostPortInfo)
// SIMPLIFICATION: no image states here (the Snapshot counts images across nodes), no PVC ref counts,
// no pod (anti-)affinity lists, no generation numbers (the snapshot is rebuilt by reference each cycle).

import type { Container, ContainerPort, Node, Pod } from 'kubernetes-types/core/v1';
import { podRequests } from '../../api/resource';
import { bytes, cpuMillis } from '../../api/quantity';

/** Resource amounts in base units: millicores, bytes, pod count, and scalar (extended) resources. */
export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  allowedPodNumber: number;
  /** extended resources and hugepages, e.g. { 'nvidia.com/gpu': 1 } */
  scalar: Record<string, number>;
}

export function newResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: {} };
}

export function cloneResource(r: Resource): Resource {
  return { ...r, scalar: { ...r.scalar } };
}

/** Resource from a ResourceList such as node.status.allocatable. */
export function resourceFromList(list: Record<string, string | number> | undefined): Resource {
  const r = newResource();
  for (const [name, q] of Object.entries(list ?? {})) {
    switch (name) {
      case 'cpu': r.milliCPU += cpuMillis(q); break;
      case 'memory': r.memory += bytes(q); break;
      case 'pods': r.allowedPodNumber += bytes(q); break;
      case 'ephemeral-storage': r.ephemeralStorage += bytes(q); break;
      default: r.scalar[name] = (r.scalar[name] ?? 0) + bytes(q);
    }
  }
  return r;
}

/** The request a container gets for scoring when it names none (pkg/scheduler/util/pod_resources.go). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** 200 MB */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** Everything the scheduler reads from a pod often, computed once. */
export interface PodInfo {
  readonly pod: Pod;
  /** the cache key: the UID, or namespace/name for pods not yet created (drag-and-drop templates) */
  readonly key: string;
  /** the pod's effective requests (PodRequests: max of init containers vs sum of containers, plus overhead) */
  readonly requests: Resource;
  /** requests with 100m CPU / 200MB memory for each container that names none: used by scoring only */
  readonly nonZeroCPU: number;
  readonly nonZeroMemory: number;
  readonly hostPorts: readonly ContainerPort[];
}

export function podKey(pod: Pod): string {
  return pod.metadata?.uid ?? `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
}

export function newPodInfo(pod: Pod): PodInfo {
  const req = podRequests(pod);
  const nonZero = podRequests(withNonMissingRequests(pod));
  return {
    pod,
    key: podKey(pod),
    requests: { milliCPU: req.cpuMillis, memory: req.memoryBytes, ephemeralStorage: req.ephemeralStorageBytes, allowedPodNumber: 0, scalar: req.scalar },
    nonZeroCPU: nonZero.cpuMillis,
    nonZeroMemory: nonZero.memoryBytes,
    hostPorts: podHostPorts(pod),
  };
}

/** A copy of the pod whose containers request the scheduler's defaults where they name no cpu/memory. */
function withNonMissingRequests(pod: Pod): Pod {
  const fill = (c: Container): Container => {
    const requests = { ...((c.resources?.requests ?? {}) as Record<string, string | number>) };
    if (!('cpu' in requests)) requests.cpu = `${DEFAULT_MILLI_CPU_REQUEST}m`;
    if (!('memory' in requests)) requests.memory = DEFAULT_MEMORY_REQUEST;
    return { ...c, resources: { ...c.resources, requests } } as Container;
  };
  const spec = pod.spec ?? { containers: [] };
  return {
    ...pod,
    spec: { ...spec, containers: (spec.containers ?? []).map(fill), ...(spec.initContainers ? { initContainers: spec.initContainers.map(fill) } : {}) },
  };
}

/** The container ports that claim a host port (hostPort > 0). */
export function podHostPorts(pod: Pod): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if ((p.hostPort ?? 0) > 0) out.push(p);
  return out;
}

const BIND_ALL = '0.0.0.0';

/** Host ports in use on a node: ip -> "PROTOCOL/port" -> how many pods hold it. */
export class HostPortInfo {
  private readonly byIp = new Map<string, Map<string, number>>();

  add(ip: string | undefined, protocol: string | undefined, port: number): void {
    if (port <= 0) return;
    const [i, pp] = sanitize(ip, protocol, port);
    let m = this.byIp.get(i);
    if (!m) this.byIp.set(i, (m = new Map()));
    m.set(pp, (m.get(pp) ?? 0) + 1);
  }

  remove(ip: string | undefined, protocol: string | undefined, port: number): void {
    if (port <= 0) return;
    const [i, pp] = sanitize(ip, protocol, port);
    const m = this.byIp.get(i);
    const n = m?.get(pp);
    if (!m || n === undefined) return;
    if (n > 1) m.set(pp, n - 1);
    else m.delete(pp);
    if (m.size === 0) this.byIp.delete(i);
  }

  /** A wildcard IP (0.0.0.0) conflicts with the port on any IP; a specific IP with itself or 0.0.0.0. */
  checkConflict(ip: string | undefined, protocol: string | undefined, port: number): boolean {
    if (port <= 0) return false;
    const [i, pp] = sanitize(ip, protocol, port);
    if (i === BIND_ALL) {
      for (const m of this.byIp.values()) if (m.has(pp)) return true;
      return false;
    }
    return !!(this.byIp.get(BIND_ALL)?.has(pp) || this.byIp.get(i)?.has(pp));
  }

  get size(): number {
    let n = 0;
    for (const m of this.byIp.values()) n += m.size;
    return n;
  }

  clone(): HostPortInfo {
    const c = new HostPortInfo();
    for (const [ip, m] of this.byIp) c.byIp.set(ip, new Map(m));
    return c;
  }
}

function sanitize(ip: string | undefined, protocol: string | undefined, port: number): [string, string] {
  return [ip || BIND_ALL, `${protocol || 'TCP'}/${port}`];
}

export class NodeInfo {
  private nodeObj: Node | undefined;
  /** pods counted on this node, in the order they were added */
  readonly pods: PodInfo[] = [];
  /** sum of the pods' requests */
  readonly requested: Resource = newResource();
  /** sum of the pods' requests with the scoring defaults for containers that name none (cpu, memory only) */
  readonly nonZeroRequested: Resource = newResource();
  allocatable: Resource = newResource();
  readonly usedPorts = new HostPortInfo();

  /** The Node. Only NodeInfos that have one reach plugins (the cache may hold pods of a node it has not seen yet). */
  get node(): Node {
    if (!this.nodeObj) throw new Error('NodeInfo has no node');
    return this.nodeObj;
  }

  get hasNode(): boolean {
    return this.nodeObj !== undefined;
  }

  get name(): string {
    return this.nodeObj?.metadata?.name ?? '';
  }

  setNode(node: Node): void {
    this.nodeObj = node;
    this.allocatable = resourceFromList(node.status?.allocatable as Record<string, string> | undefined);
  }

  removeNode(): void {
    this.nodeObj = undefined;
    this.allocatable = newResource();
  }

  addPod(pod: Pod): void {
    this.addPodInfo(newPodInfo(pod));
  }

  addPodInfo(pi: PodInfo): void {
    this.pods.push(pi);
    this.account(pi, 1);
  }

  /** Remove by cache key; false when the pod was not on this node. */
  removePod(key: string): boolean {
    const i = this.pods.findIndex((p) => p.key === key);
    if (i < 0) return false;
    const [pi] = this.pods.splice(i, 1);
    this.account(pi, -1);
    return true;
  }

  hasPod(key: string): boolean {
    return this.pods.some((p) => p.key === key);
  }

  clone(): NodeInfo {
    const c = new NodeInfo();
    c.nodeObj = this.nodeObj;
    c.allocatable = cloneResource(this.allocatable);
    for (const pi of this.pods) c.addPodInfo(pi);
    return c;
  }

  private account(pi: PodInfo, sign: 1 | -1): void {
    const r = this.requested;
    r.milliCPU += sign * pi.requests.milliCPU;
    r.memory += sign * pi.requests.memory;
    r.ephemeralStorage += sign * pi.requests.ephemeralStorage;
    for (const [k, v] of Object.entries(pi.requests.scalar)) {
      r.scalar[k] = (r.scalar[k] ?? 0) + sign * v;
      if (r.scalar[k] === 0) delete r.scalar[k];
    }
    this.nonZeroRequested.milliCPU += sign * pi.nonZeroCPU;
    this.nonZeroRequested.memory += sign * pi.nonZeroMemory;
    for (const p of pi.hostPorts) {
      if (sign > 0) this.usedPorts.add(p.hostIP, p.protocol, p.hostPort ?? 0);
      else this.usedPorts.remove(p.hostIP, p.protocol, p.hostPort ?? 0);
    }
  }
}

/** A NodeInfo for `node` with `pods` counted on it. */
export function newNodeInfo(node?: Node, ...pods: Pod[]): NodeInfo {
  const ni = new NodeInfo();
  if (node) ni.setNode(node);
  for (const p of pods) ni.addPod(p);
  return ni;
}
