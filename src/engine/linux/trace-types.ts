// What the packet walker (linux/trace.ts) needs from the rest of the world: every node's derived
// network, who owns which address and which ports listen there, the CNI's policy hook and the
// simulation's randomness. Kept apart so the walker stays a pure function of its inputs.

import type { L4Proto, PacketTrace, TraceEndpoint, TraceHop, TraceOutcome } from '../api/trace';
import type { NodeNetwork, UnderlayFacts } from '../cni/types';
import type { CniBackendName, ProxyMode } from '../cni/types';
import type { ConntrackEntry } from './conntrack';

/** A pod as the datapath sees it. */
export interface PodFacts {
  /** `namespace/name` */
  key: string;
  node: string;
  ip: string;
  hostNetwork: boolean;
  /** what sockets listen in the pod: `TCP/80`, `UDP/53` (see kubelet/runtime/images.ts) */
  listening: ReadonlySet<string>;
}

/** One node: its name, IP and derived network. */
export interface NodeDatapath {
  name: string;
  internalIP: string;
  podCIDR?: string;
  network: NodeNetwork;
  /** sockets listening in the node's root namespace (`TCP/10250` kubelet, `TCP/6443` on the control plane) */
  listening: ReadonlySet<string>;
}

/** A NetworkPolicy question at the CNI's enforcement point, asked for the pod whose policies apply. */
export interface PolicyQuery {
  direction: 'ingress' | 'egress';
  /** the pod whose isolation is checked (the destination for ingress, the source for egress) */
  pod: string;
  /** the other end: its IP, and its pod key when it is a pod in the cluster */
  peerIP: string;
  peerPod?: string;
  port: number;
  protocol: L4Proto;
}

export interface PolicyVerdict {
  allowed: boolean;
  /** NetworkPolicies (`namespace/name`) that select the pod for this direction: the pod is isolated when non-empty */
  isolatedBy: string[];
  /** the policy whose rule allowed the packet */
  allowedBy?: string;
  /** one English sentence for the trace: 'pod default/db is isolated for ingress by default/deny-all and no rule allows TCP/5432 from 10.244.1.3' */
  reason: string;
}

export type PolicyCheck = (q: PolicyQuery) => PolicyVerdict;

/** A persistence template of IPVS (sessionAffinity ClientIP): the real server a client was sent to. */
export interface IpvsPersistence {
  /** `ip:port` of the real server */
  rs: string;
  /** simulated ms when a connection last used it */
  at: number;
  /** seconds: the virtual server's `persistent` timeout */
  timeout: number;
}

/**
 * Kernel state that outlives a connection and decides the next one: session affinity. Per node (the
 * root namespace, where kube-proxy's rules live): xt_recent lists (`KUBE-SEP-*` -> client IP -> when
 * last seen, simulated ms) and IPVS persistence templates (`TCP/10.96.0.5:80|10.244.1.3` -> template).
 */
export interface AffinityState {
  recent: Record<string, Record<string, Record<string, number>>>;
  ipvs: Record<string, Record<string, IpvsPersistence>>;
}

export function emptyAffinity(): AffinityState {
  return { recent: {}, ipvs: {} };
}

/** sessionAffinityConfig.clientIP.timeoutSeconds is at most 86400: an older xt_recent stamp matches no rule. */
const MAX_AFFINITY_SECONDS = 86400;

/** The state without what can no longer match: stale xt_recent stamps, expired IPVS templates. */
export function pruneAffinity(a: AffinityState, now: number): AffinityState {
  const recent: AffinityState['recent'] = {};
  for (const [where, lists] of Object.entries(a.recent)) {
    for (const [name, srcs] of Object.entries(lists)) {
      for (const [src, at] of Object.entries(srcs)) {
        if (now - at <= MAX_AFFINITY_SECONDS * 1000) ((recent[where] ??= {})[name] ??= {})[src] = at;
      }
    }
  }
  const ipvs: AffinityState['ipvs'] = {};
  for (const [where, templates] of Object.entries(a.ipvs)) {
    for (const [k, t] of Object.entries(templates)) if (now - t.at <= t.timeout * 1000) (ipvs[where] ??= {})[k] = t;
  }
  return { recent, ipvs };
}

/** Everything the walker reads. Build one per trace (or per store revision). */
export interface Datapath {
  cni: CniBackendName;
  proxyMode: ProxyMode;
  underlay: UnderlayFacts;
  clusterCIDR: string;
  serviceCIDR: string;
  nodes: ReadonlyMap<string, NodeDatapath>;
  /** pod IP -> pod (running pods with a sandbox network; hostNetwork pods are found by node IP) */
  podsByIP: ReadonlyMap<string, PodFacts>;
  pods: ReadonlyMap<string, PodFacts>;
  /** present only when the CNI enforces NetworkPolicy (calico-*, canal) */
  policy?: PolicyCheck;
  /** the Services' load-balancer ingress IPs and externalIPs: only these make the router look for serving nodes */
  externalVIPs?: ReadonlySet<string>;
  /** a uniform integer in [0, n): iptables' `statistic --mode random` and IPVS' first pick draw from it */
  randomInt(n: number): number;
  /** simulated ms now (conntrack timeouts) */
  now: number;
  /**
   * The cloud load balancer's health check (GET :healthCheckNodePort/healthz, answered 200 by kube-proxy
   * only on nodes with a local endpoint of an externalTrafficPolicy Local Service): may it send a
   * packet for `vip:port` to `node`? Absent, or undefined for a VIP: every node that serves the VIP.
   */
  lbHealthy?(node: string, vip: string, port: number): { healthy: boolean; healthCheckNodePort: number } | undefined;
  /** session-affinity state the walk reads and updates in place (absent: every connection is a fresh pick) */
  affinity?: AffinityState;
  /**
   * IPVS' active connections on `node` to `realServer` (`ip:port`), for the least-connection
   * schedulers (lc, wlc, sed, nq, lblc, lblcr). Absent: the IPVS table's own counts (0).
   */
  ipvsActiveConnections?(node: string, realServer: string): number;
}

/** A resolved request: addresses only (DNS happened before). */
export interface DatapathRequest {
  from: TraceEndpoint;
  dstIP: string;
  dstPort: number;
  protocol: L4Proto;
  payload?: string;
  /** the source port the sender's kernel picked (ephemeral range 32768-60999) */
  srcPort: number;
}

export interface DatapathResult {
  hops: TraceHop[];
  outcome: TraceOutcome;
  /** the conntrack entries the request created, per node (the flow as `conntrack -L` would list it) */
  conntrack: { node: string; netns: string; entry: ConntrackEntry }[];
}

export type { PacketTrace };
