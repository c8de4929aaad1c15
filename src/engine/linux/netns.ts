// A network namespace as the kernel keeps it: links (with their addresses), the main routing table,
// the neighbour (ARP) table, the bridge forwarding database, netfilter's tables and conntrack.
// Values are plain data so a namespace can be derived, compared and sent to the UI as JSON.
// UPSTREAM: include/uapi/linux/if_link.h, rtnetlink.h, neighbour.h (the attributes iproute2 prints)
// SIMPLIFICATION: IPv4 routing only (IPv6 link-local addresses are shown, not routed); one routing
// table (main) plus the local addresses; no VLANs beyond the bridge's default vlan 1.

import type { ConntrackEntry } from './conntrack';
import type { Netfilter } from './netfilter/types';
import { newNetfilter } from './netfilter/types';

/** `tun`: flannel0 (flannel's UDP back end); `ipip`: tunl0 (Calico IPIP); `dummy`: kube-ipvs0. */
export type LinkKind = 'loopback' | 'ethernet' | 'bridge' | 'veth' | 'vxlan' | 'tun' | 'ipip' | 'dummy';
export type OperState = 'UP' | 'DOWN' | 'UNKNOWN' | 'LOWERLAYERDOWN';

export interface InetAddress {
  family: 'inet' | 'inet6';
  local: string;
  prefixLen: number;
  /** IPv4 broadcast (`brd`), when the address has one */
  broadcast?: string;
  scope: 'host' | 'link' | 'global';
  /** printed after the scope, in order: `noprefixroute`, `proto kernel_ll`, ... */
  flags?: string[];
}

export interface VethPeer {
  /** the peer's ifindex in its namespace: printed as `name@if<N>` */
  ifindex: number;
  /** the peer namespace's name (`link-netns cni-...`) when it has one, else `link-netnsid <id>` */
  netns?: string;
  netnsId?: number;
}

export interface VxlanInfo {
  /** VNI: flannel uses 1, hence the device name flannel.1 */
  id: number;
  /** the underlay source address (the node IP) */
  local: string;
  /** the underlay device */
  dev: string;
  /** UDP destination port: 8472 is the Linux kernel default flannel keeps; IANA's is 4789 */
  dstPort: number;
  /** false: flanneld programs the FDB and ARP entries itself (`nolearning`) */
  learning: boolean;
}

export interface Link {
  index: number;
  name: string;
  kind: LinkKind;
  mac: string;
  mtu: number;
  /** the flags between <...>, in iproute2's order: LOOPBACK, BROADCAST, MULTICAST, UP, LOWER_UP */
  flags: string[];
  qdisc: string;
  state: OperState;
  qlen?: number;
  /** the bridge this device is a port of */
  master?: string;
  peer?: VethPeer;
  vxlan?: VxlanInfo;
  addresses: InetAddress[];
}

export interface Route {
  /** unicast unless said otherwise; `blackhole` routes have no device */
  type?: 'unicast' | 'blackhole' | 'unreachable' | 'prohibit';
  /** `default` or a network in CIDR form (`10.244.1.0/24`; a /32 prints as a bare address) */
  dst: string;
  via?: string;
  dev?: string;
  /** who installed it: `kernel` (connected routes), `static`, `dhcp`, `bird`; `boot` (the default) is not printed */
  proto?: string;
  scope?: 'link' | 'host' | 'global';
  src?: string;
  metric?: number;
  /** the gateway is reachable on the device even though no prefix covers it (flannel.1's routes) */
  onlink?: boolean;
}

export type NeighbourState = 'PERMANENT' | 'REACHABLE' | 'STALE' | 'DELAY' | 'PROBE' | 'FAILED' | 'INCOMPLETE' | 'NOARP';

export interface Neighbour {
  dst: string;
  dev: string;
  lladdr?: string;
  state: NeighbourState;
}

export interface FdbEntry {
  mac: string;
  dev: string;
  vlan?: number;
  /** VXLAN: the remote VTEP's underlay address */
  dst?: string;
  /** the bridge, for entries in a bridge's FDB */
  master?: string;
  /** the entry lives in the device's own table (multicast filters, VXLAN remote entries) */
  self?: boolean;
  /** `permanent` (local or static entries); learned entries have no state word */
  permanent?: boolean;
}

/** An IPVS real server (`-> 10.244.1.5:80 Masq 1 0 0`). */
export interface IpvsRealServer {
  address: string;
  port: number;
  /** kube-proxy always uses masquerading (NAT) */
  forward: 'Masq' | 'Route' | 'Tunnel';
  weight: number;
  activeConn: number;
  inActConn: number;
}

/** An IPVS virtual server (`TCP  10.96.0.1:443 rr`). */
export interface IpvsVirtualServer {
  protocol: 'TCP' | 'UDP' | 'SCTP';
  address: string;
  port: number;
  /** rr (kube-proxy's default), lc, dh, sh, sed, nq */
  scheduler: string;
  /** sessionAffinity ClientIP: `persistent <seconds>` */
  persistentSeconds?: number;
  realServers: IpvsRealServer[];
}

export interface NetNamespace {
  /** '' for a node's root namespace; containerd names pod sandboxes `cni-<uuid>` */
  name: string;
  links: Link[];
  routes: Route[];
  neighbours: Neighbour[];
  fdb: FdbEntry[];
  netfilter: Netfilter;
  conntrack: ConntrackEntry[];
  /** the IPVS table (kube-proxy's IPVS mode); empty otherwise */
  ipvs?: IpvsVirtualServer[];
}

export function newNetNamespace(name: string): NetNamespace {
  return { name, links: [], routes: [], neighbours: [], fdb: [], netfilter: newNetfilter(), conntrack: [], ipvs: [] };
}

export function linkByName(ns: NetNamespace, name: string): Link | undefined {
  return ns.links.find((l) => l.name === name);
}

export function linkByIndex(ns: NetNamespace, index: number): Link | undefined {
  return ns.links.find((l) => l.index === index);
}

/** Add a link; its index is the one given or the next free one (the kernel never reuses an index while up). */
export function addLink(ns: NetNamespace, link: Omit<Link, 'index'> & { index?: number }): Link {
  const index = link.index ?? ns.links.reduce((m, l) => Math.max(m, l.index), 0) + 1;
  if (ns.links.some((l) => l.index === index || l.name === link.name)) throw new Error(`link ${link.name} (index ${index}) already exists in netns "${ns.name}"`);
  const created: Link = { ...link, index };
  ns.links.push(created);
  ns.links.sort((a, b) => a.index - b.index);
  return created;
}

/** The loopback device every namespace starts with (index 1). */
export function addLoopback(ns: NetNamespace): Link {
  return addLink(ns, {
    index: 1, name: 'lo', kind: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536,
    flags: ['LOOPBACK', 'UP', 'LOWER_UP'], qdisc: 'noqueue', state: 'UNKNOWN', qlen: 1000,
    addresses: [
      { family: 'inet', local: '127.0.0.1', prefixLen: 8, scope: 'host' },
      { family: 'inet6', local: '::1', prefixLen: 128, scope: 'host', flags: ['noprefixroute'] },
    ],
  });
}
