// A metrics-server stand-in serving the resource metrics API (metrics.k8s.io/v1beta1 PodMetrics and
// NodeMetrics) that `kubectl top` and the HPA controller read.
// UPSTREAM: kubernetes-sigs/metrics-server (pkg/scraper, pkg/storage: 15 s resolution, a pod is
// reported once two scrapes saw it running), staging/src/k8s.io/metrics (the API types)
// SIMPLIFICATION: usage is not measured: it is derived from a per-workload load (requests per second,
// see `setLoad`) and the cluster's current objects, read at the last 15 s scrape boundary; no jitter.
//
// The load model, worked through for php-apache (cpu request 200m, limit 500m) at 100 rps:
//   1 ready pod   -> 100 rps each -> 1m idle + 100 * 5m = 501m, capped at the 500m limit -> 250% of request
//   5 ready pods  -> 20 rps each  -> 1m + 100m = 101m -> 50% of request (the HPA's 50% target: steady)
// Pods that are not Running and Ready (or are terminating) take no requests and use idle CPU only.
// Memory = the runtime model's working set (kubelet/runtime/usage.ts: a per-image base, plus what a
// stress program allocates) + 256 KiB per rps, capped at the container's memory limit.

import type { Container, Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/meta';
import { labelSelectorAsSelector, type LabelSelectorLike } from '../api/labels';
import { bytes, cpuMillis } from '../api/quantity';
import { containerUsage, NODE_SYSTEM_CPU_MILLIS, NODE_SYSTEM_MEMORY_BYTES } from '../kubelet/runtime/usage';

/** metrics-server's --metric-resolution: how often it scrapes the kubelets. */
export const METRICS_RESOLUTION_MS = 15_000;
/** CPU one request costs (ms of CPU time per request = millicores per request per second). */
export const CPU_MILLIS_PER_RPS = 5;
/** Memory a request per second keeps in use (buffers, sessions). */
export const MEMORY_BYTES_PER_RPS = 256 * 1024;
/** What a node's own daemons (kubelet, containerd, the OS) use besides its pods. */
export { NODE_SYSTEM_CPU_MILLIS, NODE_SYSTEM_MEMORY_BYTES };

/** Kinds whose pods a load can be put on: the workload's selector picks the pods that share it. */
export const LOAD_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Pod'] as const;
export type LoadKind = (typeof LOAD_KINDS)[number];

/** Which workload a load is put on. */
export interface WorkloadRef {
  kind: LoadKind;
  namespace?: string;
  name: string;
}

export interface ContainerMetrics {
  name: string;
  cpuMillis: number;
  memoryBytes: number;
  /**
   * The container wanted more CPU than limits.cpu and the CFS quota held it there. SIMPLIFICATION:
   * not a field of metrics.k8s.io; on a real node it is cAdvisor's
   * container_cpu_cfs_throttled_periods_total growing (the kubelet's /metrics/cadvisor).
   */
  throttled?: boolean;
}

/** PodMetrics: one pod's usage, per container, at `timestampMs` (simulated ms) over `windowMs`. */
export interface PodMetrics {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  timestampMs: number;
  windowMs: number;
  containers: ContainerMetrics[];
}

/** NodeMetrics: a node's usage with what it can allocate (for kubectl top's percentages). */
export interface NodeMetrics {
  name: string;
  timestampMs: number;
  windowMs: number;
  cpuMillis: number;
  memoryBytes: number;
  allocatableCpuMillis: number;
  allocatableMemoryBytes: number;
}

/** What the metrics server reads: the cluster's current objects and clock. */
export interface MetricsSource {
  pods(): readonly Pod[];
  nodes(): readonly Node[];
  /** the workload object a load names, or undefined when it does not exist */
  workload(ref: WorkloadRef): KubeObject | undefined;
  /** simulated ms */
  now(): number;
  /** wall-clock-looking epoch of simulated 0 (objects' timestamps are epoch + simulated ms) */
  epochMs: number;
}

/** Plain-JSON state: the loads, keyed `Kind/namespace/name`, in requests per second. */
export interface MetricsState {
  loads: Record<string, number>;
}

export function workloadKey(ref: WorkloadRef): string {
  return `${ref.kind}/${ref.namespace ?? 'default'}/${ref.name}`;
}

function parseWorkloadKey(key: string): WorkloadRef {
  const [kind, namespace, ...rest] = key.split('/');
  return { kind: kind as LoadKind, namespace, name: rest.join('/') };
}

/** Serving pods: Running, Ready, not being deleted (what a Service would send requests to). */
function isServing(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && !pod.metadata?.deletionTimestamp &&
    (pod.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function parseTime(ts: string | undefined, epochMs: number): number | undefined {
  if (!ts) return undefined;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? undefined : t - epochMs;
}

export class MetricsServer {
  private loads: Record<string, number>;

  constructor(private readonly source: MetricsSource, state?: MetricsState) {
    this.loads = { ...(state?.loads ?? {}) };
  }

  /** Put `rps` requests per second on a workload (0 removes the load). */
  setLoad(ref: WorkloadRef, rps: number): void {
    const key = workloadKey(ref);
    if (!(rps > 0)) delete this.loads[key];
    else this.loads[key] = rps;
  }

  /** The load on a workload, requests per second (0 when none). */
  load(ref: WorkloadRef): number {
    return this.loads[workloadKey(ref)] ?? 0;
  }

  /** Every load set, by workload. */
  allLoads(): Array<{ ref: WorkloadRef; rps: number }> {
    return Object.keys(this.loads).sort().map((k) => ({ ref: parseWorkloadKey(k), rps: this.loads[k] }));
  }

  save(): MetricsState {
    return { loads: { ...this.loads } };
  }

  /** The time of the last scrape (a multiple of the resolution). */
  lastScrapeMs(): number {
    return Math.floor(this.source.now() / METRICS_RESOLUTION_MS) * METRICS_RESOLUTION_MS;
  }

  /**
   * Whether two scrapes (at `scrape - 15 s` and `scrape`) both saw something that started running at
   * `startMs`; the first scrape happens 15 s after the cluster starts.
   */
  private seenTwice(startMs: number | undefined, scrape: number): boolean {
    if (startMs === undefined) return false;
    const previous = scrape - METRICS_RESOLUTION_MS;
    return previous >= METRICS_RESOLUTION_MS && previous >= startMs;
  }

  /**
   * PodMetrics of the pods in `namespace` (all namespaces when undefined) that metrics-server has
   * seen running for two scrapes, sorted by namespace and name.
   */
  podMetrics(namespace?: string): PodMetrics[] {
    const scrape = this.lastScrapeMs();
    const share = this.requestShares();
    const out: PodMetrics[] = [];
    for (const pod of this.source.pods()) {
      if (namespace !== undefined && pod.metadata?.namespace !== namespace) continue;
      const m = this.podUsage(pod, scrape, share);
      if (m) out.push(m);
    }
    return out.sort((a, b) => (a.namespace + '/' + a.name < b.namespace + '/' + b.name ? -1 : a.namespace + '/' + a.name > b.namespace + '/' + b.name ? 1 : 0));
  }

  /** NodeMetrics of every node metrics-server has scraped twice, sorted by name. */
  nodeMetrics(): NodeMetrics[] {
    const scrape = this.lastScrapeMs();
    const share = this.requestShares();
    const usageByNode = new Map<string, { cpu: number; mem: number }>();
    for (const pod of this.source.pods()) {
      const node = pod.spec?.nodeName;
      if (!node || pod.status?.phase !== 'Running') continue;
      const u = usageByNode.get(node) ?? { cpu: 0, mem: 0 };
      for (const c of this.containerUsage(pod, share)) {
        u.cpu += c.cpuMillis;
        u.mem += c.memoryBytes;
      }
      usageByNode.set(node, u);
    }
    const out: NodeMetrics[] = [];
    for (const node of this.source.nodes()) {
      const name = node.metadata?.name ?? '';
      const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
      if (ready?.status !== 'True') continue;
      if (!this.seenTwice(parseTime(node.metadata?.creationTimestamp, this.source.epochMs), scrape)) continue;
      const u = usageByNode.get(name) ?? { cpu: 0, mem: 0 };
      out.push({
        name,
        timestampMs: scrape,
        windowMs: METRICS_RESOLUTION_MS,
        cpuMillis: NODE_SYSTEM_CPU_MILLIS + u.cpu,
        memoryBytes: NODE_SYSTEM_MEMORY_BYTES + u.mem,
        allocatableCpuMillis: cpuMillis(node.status?.allocatable?.cpu),
        allocatableMemoryBytes: bytes(node.status?.allocatable?.memory),
      });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private podUsage(pod: Pod, scrape: number, share: Map<string, number>): PodMetrics | undefined {
    if (pod.status?.phase !== 'Running') return undefined;
    // metrics-server reports a pod once every container has a CPU rate: two scrapes while running.
    const statuses = pod.status.containerStatuses ?? [];
    const containers = pod.spec?.containers ?? [];
    let started = 0;
    for (const c of containers) {
      const st = statuses.find((s) => s.name === c.name);
      const t = parseTime(st?.state?.running?.startedAt, this.source.epochMs);
      if (t === undefined) return undefined;
      started = Math.max(started, t);
    }
    if (containers.length === 0 || !this.seenTwice(started, scrape)) return undefined;
    return {
      namespace: pod.metadata?.namespace ?? 'default',
      name: pod.metadata?.name ?? '',
      labels: { ...(pod.metadata?.labels ?? {}) },
      timestampMs: scrape,
      windowMs: METRICS_RESOLUTION_MS,
      containers: this.containerUsage(pod, share),
    };
  }

  /**
   * Per container: what the kubelet's runtime model says it uses (idle by image, plus its program:
   * `stress --vm` memory, `stress --cpu` cores), plus the pod's share of its workloads' requests on the
   * first container; CPU capped at limits.cpu by the CFS quota (kubelet/runtime/usage.ts).
   */
  private containerUsage(pod: Pod, share: Map<string, number>): ContainerMetrics[] {
    const rps = share.get(`${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`) ?? 0;
    return (pod.spec?.containers ?? []).map((c: Container, i) => {
      const load = i === 0 ? rps : 0;
      const u = containerUsage(c, { cpuMillis: load * CPU_MILLIS_PER_RPS, memoryBytes: load * MEMORY_BYTES_PER_RPS });
      return { name: c.name, cpuMillis: u.cpuMillis, memoryBytes: u.memoryBytes, ...(u.throttled ? { throttled: true } : {}) };
    });
  }

  /** Requests per second each serving pod receives: every load spread evenly over its workload's serving pods. */
  private requestShares(): Map<string, number> {
    const share = new Map<string, number>();
    const keys = Object.keys(this.loads);
    if (keys.length === 0) return share;
    const pods = this.source.pods();
    for (const key of keys) {
      const ref = parseWorkloadKey(key);
      const obj = this.source.workload(ref);
      if (!obj) continue;
      let serving: Pod[];
      if (ref.kind === 'Pod') serving = isServing(obj as Pod) ? [obj as Pod] : [];
      else {
        const sel = labelSelectorAsSelector((obj.spec as { selector?: LabelSelectorLike } | undefined)?.selector);
        serving = pods.filter((p) => p.metadata?.namespace === ref.namespace && isServing(p) && sel.matches(p.metadata?.labels ?? {}));
      }
      for (const p of serving) {
        const k = `${p.metadata?.namespace ?? 'default'}/${p.metadata?.name ?? ''}`;
        share.set(k, (share.get(k) ?? 0) + this.loads[key] / serving.length);
      }
    }
    return share;
  }
}
