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
  /** a uniform integer in [0, n): iptables' `statistic --mode random` and IPVS' first pick draw from it */
  randomInt(n: number): number;
  /** simulated ms now (conntrack timeouts) */
  now: number;
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
