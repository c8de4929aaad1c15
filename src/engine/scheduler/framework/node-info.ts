// What the scheduler knows about one node: the Node, the pods counted on it (bound and assumed),
// the sum of their requests, its allocatable resources and the host ports in use.
// UPSTREAM: pkg/scheduler/framework/types.go (NodeInfo, Resource, PodInfo, AffinityTerm), framework/types.go (HostPortInfo)
// SIMPLIFICATION: no image states here (the Snapshot counts images across nodes), no PVC ref counts; the
// snapshot is rebuilt by reference each cycle (generations only let plugins memoize per node).
// matchLabelKeys/mismatchLabelKeys are merged into a term's selector here, from the pod's current labels
// (the API server does it at creation).

import type { Container, ContainerPort, Node, Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1';
import { podRequests } from '../../api/resource';
import { bytes, cpuMillis } from '../../api/quantity';
import { labelSelectorAsSelector, type LabelSelectorLike, type Labels, type Selector } from '../../api/labels';

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
  /** spec.affinity.podAffinity required terms, parsed (InterPodAffinity reads them every cycle) */
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  /** why a term's selector could not be parsed (such terms are left out), e.g. "requiredAffinityTerms: ..." */
  readonly affinityParseError?: string;
}

/**
 * A PodAffinityTerm, parsed. A pod P matches it when P's namespace is in `namespaces` or P's namespace's
 * labels match `namespaceSelector`, and P's labels match `selector`.
 */
export interface AffinityTerm {
  /** term.namespaces; the pod's own namespace when neither namespaces nor namespaceSelector is set */
  readonly namespaces: ReadonlySet<string>;
  /** term.labelSelector with matchLabelKeys/mismatchLabelKeys merged in; a missing selector matches nothing */
  readonly selector: Selector;
  readonly topologyKey: string;
  /** a missing namespaceSelector matches nothing, an empty one ({}) every namespace */
  readonly namespaceSelector: Selector;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

/** The namespace a pod lives in (templates not yet created have none: they will land in default). */
export function podNamespace(pod: Pod): string {
  return pod.metadata?.namespace ?? 'default';
}

/** AffinityTerm.Matches: `nsLabels` are the labels of `pod`'s namespace (undefined when unknown). */
export function affinityTermMatches(t: AffinityTerm, pod: Pod, nsLabels: Labels): boolean {
  if (t.namespaces.has(podNamespace(pod)) || t.namespaceSelector.matches(nsLabels)) return t.selector.matches(pod.metadata?.labels);
  return false;
}

interface PodAffinityTerms {
  requiredAffinityTerms: readonly AffinityTerm[];
  requiredAntiAffinityTerms: readonly AffinityTerm[];
  preferredAffinityTerms: readonly WeightedAffinityTerm[];
  preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  affinityParseError?: string;
}

const NO_TERMS: PodAffinityTerms = Object.freeze({
  requiredAffinityTerms: [], requiredAntiAffinityTerms: [], preferredAffinityTerms: [], preferredAntiAffinityTerms: [],
});

// Pods are immutable, so a pod object's parsed terms never change: the scheduler parses each pod once
// even though the incoming pod's PodInfo is rebuilt by several plugins every cycle, and queueing hints
// run for every parked pod on every cluster event.
const termsCache = new WeakMap<Pod, PodAffinityTerms>();

/** The pod's parsed inter-pod affinity terms (upstream PodInfo.Update), cached per pod object. */
export function podAffinityTerms(pod: Pod): PodAffinityTerms {
  const a = pod.spec?.affinity;
  if (!a?.podAffinity && !a?.podAntiAffinity) return NO_TERMS;
  let t = termsCache.get(pod);
  if (!t) {
    const errors: string[] = [];
    t = {
      requiredAffinityTerms: parseTerms(pod, a.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution, 'requiredAffinityTerms', errors),
      requiredAntiAffinityTerms: parseTerms(pod, a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution, 'requiredAntiAffinityTerms', errors),
      preferredAffinityTerms: parseWeightedTerms(pod, a.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution, 'preferredAffinityTerms', errors),
      preferredAntiAffinityTerms: parseWeightedTerms(pod, a.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution, 'preferredAntiAffinityTerms', errors),
      ...(errors.length ? { affinityParseError: errors.join(', ') } : {}),
    };
    termsCache.set(pod, t);
  }
  return t;
}

function parseTerms(pod: Pod, terms: readonly PodAffinityTerm[] | undefined, field: string, errors: string[]): AffinityTerm[] {
  const out: AffinityTerm[] = [];
  for (const term of terms ?? []) {
    const t = newAffinityTerm(pod, term);
    if (typeof t === 'string') errors.push(`${field}: ${t}`);
    else out.push(t);
  }
  return out;
}

function parseWeightedTerms(pod: Pod, terms: readonly WeightedPodAffinityTerm[] | undefined, field: string, errors: string[]): WeightedAffinityTerm[] {
  const out: WeightedAffinityTerm[] = [];
  for (const wt of terms ?? []) {
    const t = newAffinityTerm(pod, wt.podAffinityTerm);
    if (typeof t === 'string') errors.push(`${field}: ${t}`);
    else out.push({ ...t, weight: wt.weight });
  }
  return out;
}

/** The parsed term, or why it could not be parsed. */
function newAffinityTerm(pod: Pod, term: PodAffinityTerm): AffinityTerm | string {
  const selector = labelSelectorAsSelector(withLabelKeys(term, pod.metadata?.labels));
  if (selector.error) return selector.error;
  const namespaceSelector = labelSelectorAsSelector(term.namespaceSelector);
  if (namespaceSelector.error) return namespaceSelector.error;
  const own = (term.namespaces ?? []).length === 0 && !term.namespaceSelector;
  return { namespaces: new Set(own ? [podNamespace(pod)] : term.namespaces), selector, topologyKey: term.topologyKey, namespaceSelector };
}

/**
 * matchLabelKeys add `key In (pod's value)` and mismatchLabelKeys `key NotIn (pod's value)` for each key
 * the pod has a label for; a missing labelSelector stays missing (it matches nothing either way).
 */
function withLabelKeys(term: PodAffinityTerm, labels: Labels): LabelSelectorLike | undefined {
  const ls = term.labelSelector;
  if (!ls || (!term.matchLabelKeys?.length && !term.mismatchLabelKeys?.length)) return ls;
  const l = labels ?? {};
  const has = (key: string) => Object.prototype.hasOwnProperty.call(l, key);
  const extra: Array<{ key: string; operator: string; values: string[] }> = [];
  for (const key of term.matchLabelKeys ?? []) if (has(key)) extra.push({ key, operator: 'In', values: [l[key]] });
  for (const key of term.mismatchLabelKeys ?? []) if (has(key)) extra.push({ key, operator: 'NotIn', values: [l[key]] });
  return { ...ls, matchExpressions: [...(ls.matchExpressions ?? []), ...extra] };
}

/** Any inter-pod affinity term at all (upstream's podWithAffinity). */
function hasAffinityTerms(pi: PodInfo): boolean {
  return pi.requiredAffinityTerms.length > 0 || pi.requiredAntiAffinityTerms.length > 0 ||
    pi.preferredAffinityTerms.length > 0 || pi.preferredAntiAffinityTerms.length > 0;
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
    ...podAffinityTerms(pod),
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

let lastGeneration = 0;

/** A number larger than every one handed out before (upstream's nextGeneration). */
function nextGeneration(): number {
  return ++lastGeneration;
}

export class NodeInfo {
  private nodeObj: Node | undefined;
  private imageSizesMemo: Map<string, number> | undefined;
  /**
   * Changes whenever the node or its pods change: a plugin may keep what it computed from this NodeInfo
   * while the generation is the same. Never compared across NodeInfo objects.
   */
  generation = nextGeneration();
  /** pods counted on this node, in the order they were added */
  readonly pods: PodInfo[] = [];
  /** sum of the pods' requests */
  readonly requested: Resource = newResource();
  /** sum of the pods' requests with the scoring defaults for containers that name none (cpu, memory only) */
  readonly nonZeroRequested: Resource = newResource();
  allocatable: Resource = newResource();
  readonly usedPorts = new HostPortInfo();
  /** the pods with any inter-pod (anti-)affinity term: InterPodAffinity's scoring looks only at these */
  readonly podsWithAffinity: PodInfo[] = [];
  /** the pods with required anti-affinity: every incoming pod must respect them (symmetry) */
  readonly podsWithRequiredAntiAffinity: PodInfo[] = [];

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

  /** image name -> size in bytes, from node.status.images (for ImageLocality), built once per Node object */
  get imageSizes(): ReadonlyMap<string, number> {
    if (!this.imageSizesMemo) {
      const m = new Map<string, number>();
      for (const img of this.nodeObj?.status?.images ?? []) for (const n of img.names ?? []) m.set(n, img.sizeBytes ?? 0);
      this.imageSizesMemo = m;
    }
    return this.imageSizesMemo;
  }

  setNode(node: Node): void {
    this.generation = nextGeneration();
    if (node !== this.nodeObj) this.imageSizesMemo = undefined;
    this.nodeObj = node;
    this.allocatable = resourceFromList(node.status?.allocatable as Record<string, string> | undefined);
  }

  removeNode(): void {
    this.generation = nextGeneration();
    this.imageSizesMemo = undefined;
    this.nodeObj = undefined;
    this.allocatable = newResource();
  }

  addPod(pod: Pod): void {
    this.addPodInfo(newPodInfo(pod));
  }

  addPodInfo(pi: PodInfo): void {
    this.generation = nextGeneration();
    this.pods.push(pi);
    if (hasAffinityTerms(pi)) this.podsWithAffinity.push(pi);
    if (pi.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity.push(pi);
    this.account(pi, 1);
  }

  /** Remove by cache key; false when the pod was not on this node. */
  removePod(key: string): boolean {
    const i = this.pods.findIndex((p) => p.key === key);
    if (i < 0) return false;
    this.generation = nextGeneration();
    const [pi] = this.pods.splice(i, 1);
    removeByKey(this.podsWithAffinity, key);
    removeByKey(this.podsWithRequiredAntiAffinity, key);
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

function removeByKey(list: PodInfo[], key: string): void {
  const i = list.findIndex((p) => p.key === key);
  if (i >= 0) list.splice(i, 1);
}

/** A NodeInfo for `node` with `pods` counted on it. */
export function newNodeInfo(node?: Node, ...pods: Pod[]): NodeInfo {
  const ni = new NodeInfo();
  if (node) ni.setNode(node);
  for (const p of pods) ni.addPod(p);
  return ni;
}
