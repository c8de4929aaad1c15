// The inputs a node's network is derived from, and the contract of a CNI back end (the node agent
// that links nodes, plus the CNI plugin chain that wires each pod).
// UPSTREAM: containernetworking/cni SPEC.md (ADD), flannel-io/flannel pkg/backend (Backend/Network)

import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { cidrContains } from '../linux/inet';
import type { NetNamespace } from '../linux/netns';

export const CNI_BACKEND_NAMES = ['flannel-vxlan', 'flannel-udp', 'flannel-host-gw', 'calico-bgp', 'calico-ipip', 'canal'] as const;
export type CniBackendName = (typeof CNI_BACKEND_NAMES)[number];

export function isCniBackendName(name: string): name is CniBackendName {
  return (CNI_BACKEND_NAMES as readonly string[]).includes(name);
}

/** The cluster objects and settings a node's kernel state follows from. */
export interface ClusterNetworkState {
  nodes: readonly Node[];
  pods: readonly Pod[];
  services: readonly Service[];
  endpointSlices: readonly EndpointSlice[];
  /** kube-controller-manager --cluster-cidr (flannel's Network, kube-proxy's clusterCIDR) */
  clusterCIDR: string;
  serviceCIDR: string;
  /** wall-clock ms now, for iptables-save's header */
  epochMs: number;
  /** the store revision the objects were read at: derived state is cached per revision */
  revision?: number;
  /** default flannel-vxlan */
  cni?: CniBackendName;
  /** kube-proxy's mode; default iptables */
  proxyMode?: ProxyMode;
  /** kube-proxy's --ipvs-scheduler (IPVS mode); default rr */
  ipvsScheduler?: IpvsScheduler;
  /** how many subnets the node network has (1, the default: one L2 segment; more: /24s joined by one router) */
  nodeSubnets?: number;
}

export const PROXY_MODES = ['iptables', 'ipvs'] as const;
export type ProxyMode = (typeof PROXY_MODES)[number];

/** kube-proxy's --ipvs-scheduler values (pkg/proxy/ipvs/README.md; mh: the kernel's maglev scheduler). */
export const IPVS_SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'sh', 'dh', 'sed', 'nq', 'mh'] as const;
export type IpvsScheduler = (typeof IPVS_SCHEDULERS)[number];

export function isIpvsScheduler(name: string): name is IpvsScheduler {
  return (IPVS_SCHEDULERS as readonly string[]).includes(name);
}

/** A node as the network sees it. */
export interface NodeFacts {
  name: string;
  internalIP: string;
  /** unset until the node IPAM controller assigns one: no overlay, no pods */
  podCIDR?: string;
}

/** The node (underlay) network all nodes share, e.g. 192.168.49.0/24 with gateway .1. */
export interface UnderlayFacts {
  /** the whole node network (the prefix holding every node IP) */
  cidr: string;
  /** the gateway of the control plane's segment */
  gateway: string;
  /** the MTU of every node's eth0 */
  mtu: number;
  /**
   * A routed node network: its L2 segments (one /24 each), joined by one router that holds each
   * segment's gateway address and knows only these connected subnets. Absent: one L2 segment (`cidr`).
   */
  segments?: readonly UnderlaySegment[];
}

/** One L2 segment of the node network and the router's address on it (every node there uses it as its default gateway). */
export interface UnderlaySegment {
  cidr: string;
  gateway: string;
  /** the router's interface on this segment (for its routing table's lines): eth0, eth1, ... */
  routerPort: string;
}

/** The L2 segment `ip` is on: one of `underlay.segments`, else the whole node network as one segment. */
export function segmentOf(underlay: UnderlayFacts, ip: string): UnderlaySegment {
  const found = underlay.segments?.find((s) => cidrContains(s.cidr, ip));
  return found ?? { cidr: underlay.cidr, gateway: underlay.gateway, routerPort: 'eth0' };
}

/** Two node IPs share an L2 segment (a next hop there answers ARP directly). */
export function onSameSegment(underlay: UnderlayFacts, a: string, b: string): boolean {
  if (!underlay.segments || underlay.segments.length < 2) return true;
  return segmentOf(underlay, a).cidr === segmentOf(underlay, b).cidr;
}

export interface ClusterFacts {
  nodes: readonly NodeFacts[];
  clusterCIDR: string;
  underlay: UnderlayFacts;
}

/** One pod sandbox to wire (a CNI ADD). */
export interface PodSandbox {
  /** `namespace/name` */
  key: string;
  uid: string;
  podIP: string;
  /** the host-side ifindex the veth gets (see node-network.ts for how it is chosen) */
  hostIfindex: number;
}

export interface CniBackend {
  readonly name: CniBackendName;
  /** MTU of the overlay, the bridge and the pods' eth0 */
  mtu(underlay: UnderlayFacts): number;
  /**
   * What the node agent programs once the node has its podCIDR (flanneld: the VTEP, a route,
   * ARP and FDB entry per remote node, its masquerade and forward rules). Called once per node
   * before any pod is added; a node without a podCIDR gets nothing. Returns the errors the agent
   * logged while doing it (flanneld host-gw: a route it could not add), if any.
   */
  setUpNode(host: NetNamespace, node: NodeFacts, cluster: ClusterFacts): readonly NodeAgentLog[] | void;
  /** CNI ADD for one sandbox: wires the host side in `host` and returns the pod's namespace. */
  addPod(host: NetNamespace, pod: PodSandbox, node: NodeFacts, cluster: ClusterFacts): NetNamespace;
  /** What the node agent re-asserts after kube-proxy's sync (Felix: its jumps first in the built-in chains). */
  afterKubeProxy?(host: NetNamespace): void;
}

/** A node's derived network: its root namespace and each running pod's namespace. */
export interface NodeNetwork {
  nodeName: string;
  host: NetNamespace;
  /** pod key (`namespace/name`) -> the sandbox's namespace */
  pods: Record<string, NetNamespace>;
  /** what the node agents logged as errors while programming it (shown by `journalctl -u <unit>`, quoted by traces) */
  warnings?: readonly NodeAgentLog[];
}

/** One error line a node agent logged (flanneld: `Error adding route to ... : network is unreachable`). */
export interface NodeAgentLog {
  /** the systemd unit / process name: 'flanneld' */
  unit: string;
  message: string;
  /** the agent's Go source file that logs it (klog's header): 'route_network.go' */
  source?: string;
  /** wall-clock ms it was logged (set by the derivation: when the node joined) */
  atMs?: number;
}
