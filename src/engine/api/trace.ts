// A packet's journey as the simulated kernels saw it: the hops a request (and its reply) took through
// pod and node network namespaces, the devices it crossed, the tables and rules that acted on it,
// and its headers before and after each hop. Plain data: the engine produces it, the worker sends it,
// the UI animates it and the terminal prints it.
// SIMPLIFICATION: one packet per direction stands for a whole connection (the first packet of the
// request, i.e. a TCP SYN / UDP datagram / ICMP echo, and the first reply); no fragmentation, no
// retransmission, no MTU discovery.

/** A layer-2 header. */
export interface EthHeader {
  src: string;
  dst: string;
}

export type L4Proto = 'TCP' | 'UDP' | 'ICMP';

/** The addresses and ports of one packet (the inner packet when encapsulated). */
export interface IpHeader {
  src: string;
  dst: string;
  proto: L4Proto;
  ttl: number;
}

export interface L4Header {
  sport: number;
  dport: number;
  /** TCP: 'SYN', 'SYN,ACK'... */
  flags?: string;
}

export interface IcmpHeader {
  type: 'echo-request' | 'echo-reply' | 'destination-unreachable';
  id: number;
  seq: number;
  /** destination-unreachable's code text, e.g. 'port-unreachable' (iptables REJECT's default) */
  code?: string;
}

/** An encapsulation's outer headers. */
export interface OuterHeaders {
  kind: 'vxlan' | 'udp' | 'ipip';
  eth?: EthHeader;
  ip: { src: string; dst: string; proto: 'UDP' | 'IPIP' };
  /** VXLAN: UDP/8472 (Linux default, what flannel keeps); flannel's UDP back end: UDP/8285 */
  udp?: { sport: number; dport: number };
  /** VXLAN network identifier (flannel.1 -> 1) */
  vni?: number;
}

export interface PacketHeaders {
  eth?: EthHeader;
  ip: IpHeader;
  l4?: L4Header;
  icmp?: IcmpHeader;
  outer?: OuterHeaders;
  /** the application payload, summarised: 'GET / HTTP/1.1 (Host: web)', 'DNS query A web.default.svc.cluster.local' */
  payload?: string;
  /** the packet's netfilter mark (kube-proxy's 0x4000 masquerade mark), when set */
  mark?: number;
}

/**
 * Where a hop happens, for drawing: a node (or '' outside the cluster: an external client, a cloud
 * load balancer), a network namespace on it (a pod key `namespace/name`, or '' for the node's root
 * namespace) and a device in that namespace ('eth0', 'cni0', 'vethab12cd34', 'flannel.1', 'tunl0',
 * 'kube-ipvs0'); `wire` is the node network between two nodes' eth0.
 */
export interface TraceLocation {
  node: string;
  netns: string;
  device?: string;
  /** between `node` and `peerNode` on the underlay (the physical network) */
  wire?: { fromNode: string; toNode: string };
}

/**
 * What happened at a hop:
 * - send / deliver: the packet leaves a socket / reaches the listening socket
 * - veth: crossed a veth pair into the other namespace
 * - bridge: the bridge forwarded it (FDB lookup)
 * - route: the routing decision (the route that matched)
 * - neigh: the next hop's MAC from the neighbour table (ARP)
 * - netfilter: a chain's verdict (the rule that matched, in iptables-save syntax)
 * - ipvs: an IPVS virtual server picked a real server
 * - conntrack: an entry created, or a reply un-NATed by an existing one
 * - encap / decap: entered or left a tunnel (VXLAN, flannel UDP, IPIP)
 * - userspace: a user-space process handled it (flanneld's TUN read/write, an Ingress controller, CoreDNS)
 * - wire: crossed the node network from one node to another
 * - policy: a NetworkPolicy decision at the CNI's enforcement point
 * - dns: a name was resolved (the query's own trace is in PacketTrace.dns)
 * - drop: the packet went no further (see TraceOutcome.reason)
 */
export type HopKind =
  | 'send' | 'deliver' | 'veth' | 'bridge' | 'route' | 'neigh' | 'netfilter' | 'ipvs' | 'conntrack'
  | 'encap' | 'decap' | 'userspace' | 'wire' | 'policy' | 'dns' | 'drop';

export interface TraceHop {
  kind: HopKind;
  direction: 'request' | 'reply';
  location: TraceLocation;
  /** one line, English, as a learner reads it: 'nat PREROUTING: DNAT to 10.244.2.5:80 (KUBE-SEP-ABC...)' */
  summary: string;
  /** netfilter hops: table and chain (the built-in hook chain and the chain where the verdict was taken) */
  table?: string;
  chain?: string;
  /** the matching entry as the learner would see it in its tool's output: an iptables-save rule,
   *  an `ip route` line, a `bridge fdb` line, an `ipvsadm -Ln` line, a conntrack entry */
  rule?: string;
  /** the chain walk that led to the verdict: ['KUBE-SERVICES', 'KUBE-SVC-XYZ', 'KUBE-SEP-ABC'] */
  chainPath?: string[];
  verdict?: 'ACCEPT' | 'DROP' | 'REJECT' | 'DNAT' | 'SNAT' | 'MASQUERADE' | 'RETURN';
  before: PacketHeaders;
  after: PacketHeaders;
}

export type TraceEndpoint =
  /** a pod, by key `namespace/name` */
  | { kind: 'pod'; pod: string }
  /** a node's root namespace (hostNetwork, or `curl` from the node shell) */
  | { kind: 'node'; node: string }
  /** a client outside the cluster, on the node network's side of the router (e.g. 192.168.49.100) */
  | { kind: 'external'; ip: string };

/** What to trace. */
export interface TraceRequest {
  from: TraceEndpoint;
  /** an IP address or a DNS name (resolved through the pod's resolv.conf first) */
  to: string;
  port?: number;
  protocol: L4Proto;
  /** application payload summary for display */
  payload?: string;
  /** the command that produced this request, shown in the panel: 'curl http://web' */
  command?: string;
  /** an HTTP request's method, Host header and path: what an Ingress controller routes by */
  http?: { method: string; host: string; path: string };
}

export interface TraceOutcome {
  delivered: boolean;
  /** the pod (key) or node that received the request */
  servedBy?: TraceEndpoint;
  /** why it was not delivered, in the words a learner would see (curl's, the kernel's) plus the cause */
  reason?: string;
  /** index into hops of the drop, when dropped */
  dropHop?: number;
  /** the reply made it back to the sender */
  replied: boolean;
  /** an HTTP answer a proxy on the way gave instead of the backend (ingress-nginx's 404, 503 without endpoints) */
  httpStatus?: number;
  /** a proxy on the way (an Ingress controller) passed the request on: the pod that proxied it */
  proxiedBy?: TraceEndpoint;
  /** HTTPS ended at a proxy (an Ingress controller pod), with the Secret (`namespace/name`) whose certificate it served */
  tls?: { terminatedBy: string; secret?: string };
}

export interface PacketTrace {
  /** stable within a world: 'trace-<n>' */
  id: string;
  request: TraceRequest;
  /** DNS lookups made before the request (one per query the resolver sent, ndots expansion included) */
  dns?: DnsLookup[];
  /** the request hops then the reply hops, in order */
  hops: TraceHop[];
  outcome: TraceOutcome;
  /** simulated ms when the trace was taken */
  at: number;
  /** set when the trace was taken as if the cluster ran another CNI back end or kube-proxy mode */
  whatIf?: { cni?: string; proxyMode?: string };
}

export interface DnsLookup {
  /** the fully-qualified name asked, 'web.default.svc.cluster.local.' */
  name: string;
  type: 'A' | 'AAAA' | 'SRV' | 'PTR' | 'CNAME';
  /** 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL', or 'TIMEOUT' when no server replied (not a DNS rcode) */
  rcode: string;
  /** the answer section's data, in order: an IP (A), a target name (CNAME, PTR), 'priority weight port target.' (SRV) */
  answers: string[];
  /** the answer section as records (owner name, type, TTL), for printing as nslookup/dig do */
  records?: DnsRecord[];
  /** the reply's AA bit: CoreDNS is authoritative for cluster.local; forwarded answers are not */
  authoritative?: boolean;
  /** the DNS server asked (the kube-dns ClusterIP) and the CoreDNS pod that answered */
  server: string;
  answeredBy?: string;
  /** the query's own packet trace to CoreDNS and back, when traced */
  trace?: PacketTrace;
}

/** One resource record of a DNS reply. */
export interface DnsRecord {
  /** owner name, fully qualified with the trailing dot */
  name: string;
  type: 'A' | 'AAAA' | 'SRV' | 'PTR' | 'CNAME';
  ttl: number;
  /** as `answers` holds it */
  data: string;
}
