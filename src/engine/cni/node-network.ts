// A node's Linux network, derived from the cluster's objects exactly as the machine, the kubelet,
// flanneld (or another CNI back end) and kube-proxy would have programmed it: a pure function of
// (nodes with podCIDR and InternalIP, running pods with their podIP, Services, EndpointSlices),
// recomputed when asked and cached per store revision.
// UPSTREAM: pkg/kubelet/kubelet_network_linux.go (KUBE-IPTABLES-HINT, KUBE-KUBELET-CANARY,
// KUBE-FIREWALL), containerd's CNI ADD per sandbox, cmd/kube-proxy (one proxier per node)
// SIMPLIFICATION: the underlay is one L2 segment (every node IP in one prefix, gateway .1, MTU
// 1500), or with nodeSubnets > 1 one /24 segment per subnet behind a single router (gateway .1 on
// each) that knows only the connected subnets; a host veth's ifindex is 5 + (podIP offset - 2) in the node's podCIDR (host-local hands
// addresses out in order, so this follows creation order and never changes while the pod lives;
// a real kernel's counter also counts deleted pods); cni0 exists only while the node has pods;
// neighbour entries are the permanent ones plus the gateway and control-plane peers (no ARP
// from traced traffic yet); conntrack holds only what traced traffic left (passed in by the World).

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { addressAt, broadcastOf, cidrContains, intToIp, ipToInt, linkLocalFromMac, parseCidr, toPrefix } from '../linux/inet';
import { stableMac } from '../linux/hash';
import { runtimeId } from '../kubelet/runtime';
import type { ConntrackEntry } from '../linux/conntrack';
import type { NetNamespace } from '../linux/netns';
import { addLink, addLoopback, newNetNamespace } from '../linux/netns';
import { ensureChain, jump } from '../linux/netfilter/types';
import type { ShellResult } from '../linux/shell';
import { runShell, type ShellTarget } from '../linux/shell';
import { ensureRulePrepended, IptablesProxier, kubeletFirewallChain, kubeletFirewallRule } from '../proxy/iptables/proxier';
import { ensureDummyDevice, IpvsProxier } from '../proxy/ipvs/proxier';
import { CalicoBgp, CalicoIpip, Canal } from './backends/calico';
import { FlannelHostGw } from './backends/flannel-host-gw';
import { FlannelUdp } from './backends/flannel-udp';
import { FlannelVxlan } from './backends/flannel-vxlan';
import { multicastFdb } from './plugins/main/bridge/bridge';
import * as portmap from './plugins/meta/portmap/portmap';
import type { ClusterFacts, ClusterNetworkState, CniBackend, CniBackendName, NodeFacts, NodeNetwork, UnderlayFacts } from './types';
import { onSameSegment, segmentOf } from './types';

const LabelControlPlane = 'node-role.kubernetes.io/control-plane';
const KubeIPTablesHintChain = 'KUBE-IPTABLES-HINT';
const KubeletMonitorChain = 'KUBE-KUBELET-CANARY';

/** The first host-side veth index: after lo (1), eth0 (2), the back end's device (3) and cni0 (4); kept when a back end has no device or no bridge; one more in IPVS mode (kube-ipvs0). */
export const FIRST_VETH_INDEX = 5;

export function cniBackend(name: CniBackendName = 'flannel-vxlan'): CniBackend {
  switch (name) {
    case 'flannel-vxlan':
      return new FlannelVxlan();
    case 'flannel-udp':
      return new FlannelUdp();
    case 'flannel-host-gw':
      return new FlannelHostGw();
    case 'calico-bgp':
      return new CalicoBgp();
    case 'calico-ipip':
      return new CalicoIpip();
    case 'canal':
      return new Canal();
  }
}

export function nodeFacts(node: Node): NodeFacts {
  const internalIP = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
  return { name: node.metadata?.name ?? '', internalIP, ...(node.spec?.podCIDR ? { podCIDR: node.spec.podCIDR } : {}) };
}

/**
 * The node network. One subnet (the default): the smallest prefix (at most /24) holding every node
 * IP, one L2 segment whose gateway is the .1 of the first node's /24. More subnets: every /24 that
 * holds a node IP is its own segment with its own gateway (.1), all joined by one router.
 */
export function underlayOf(nodes: readonly NodeFacts[], nodeSubnets = 1): UnderlayFacts {
  const ips = nodes.map((n) => n.internalIP).filter((ip) => ip);
  if (ips.length === 0) return { cidr: '192.168.49.0/24', gateway: '192.168.49.1', mtu: 1500 };
  let bits = 24;
  const covers = (b: number) => ips.every((ip) => cidrContains(`${ips[0]}/${b}`, ip));
  while (bits > 0 && !covers(bits)) bits--;
  const network = intToIp(parseCidr(`${ips[0]}/${bits}`).base);
  const gateway = intToIp(parseCidr(`${ips[0]}/24`).base + 1);
  const underlay: UnderlayFacts = { cidr: `${network}/${bits}`, gateway, mtu: 1500 };
  if (nodeSubnets <= 1) return underlay;
  const bases = [...new Set(ips.map((ip) => parseCidr(`${ip}/24`).base))].sort((a, b) => a - b);
  if (bases.length < 2) return underlay;
  const segments = bases.map((base, i) => ({ cidr: `${intToIp(base)}/24`, gateway: intToIp(base + 1), routerPort: `eth${i}` }));
  return { ...underlay, segments };
}

/** Pods with a sandbox network on `nodeName` now: bound there, an IP assigned, not hostNetwork, not finished. */
export function networkedPods(pods: readonly Pod[], nodeName: string): Pod[] {
  return pods.filter((p) => p.spec?.nodeName === nodeName && !!p.status?.podIP && !p.spec?.hostNetwork && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
}

/** The network's name in the back end's CNI conflist (portmap hashes it into its chain names). */
export function cniNetworkName(name: CniBackendName): string {
  return name.startsWith('flannel-') ? 'cbr0' : 'k8s-pod-network';
}

/** CNI_CONTAINERID: containerd passes the pod sandbox's id, the one the kubelet's runtime gives it. */
export function sandboxID(podUID: string): string {
  return runtimeId(`${podUID}:sandbox`);
}

function podKey(p: Pod): string {
  return `${p.metadata?.namespace ?? 'default'}/${p.metadata?.name ?? ''}`;
}

/** The machine: lo, eth0 on its segment of the node network, the default route via that segment's gateway, ARP for the gateway and peers. */
function setUpUnderlay(host: NetNamespace, node: NodeFacts, nodes: readonly (NodeFacts & { controlPlane: boolean })[], underlay: UnderlayFacts): void {
  addLoopback(host);
  const mac = stableMac(`eth0/${node.name}`);
  const segment = segmentOf(underlay, node.internalIP);
  const { prefixLen, network } = toPrefix(segment.cidr);
  addLink(host, {
    index: 2, name: 'eth0', kind: 'ethernet', mac, mtu: underlay.mtu, flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], qdisc: 'fq_codel', state: 'UP', qlen: 1000,
    addresses: [
      { family: 'inet', local: node.internalIP, prefixLen, broadcast: broadcastOf(node.internalIP, prefixLen), scope: 'global' },
      { family: 'inet6', local: linkLocalFromMac(mac), prefixLen: 64, scope: 'link', flags: ['proto', 'kernel_ll'] },
    ],
  });
  host.routes.push(
    { dst: 'default', via: segment.gateway, dev: 'eth0', proto: 'static' },
    { dst: `${network}/${prefixLen}`, dev: 'eth0', proto: 'kernel', scope: 'link', src: node.internalIP },
  );
  host.neighbours.push({ dst: segment.gateway, dev: 'eth0', lladdr: stableMac(`gateway/${segment.cidr}`), state: 'REACHABLE' });
  // The kubelet and the API server talk all the time: workers know the control plane's MAC and vice
  // versa (on one segment; across the router only the gateway's MAC is ever learned).
  const self = nodes.find((n) => n.name === node.name);
  for (const peer of nodes) {
    if (peer.name === node.name || !peer.internalIP) continue;
    if (!(self?.controlPlane || peer.controlPlane)) continue;
    if (!onSameSegment(underlay, node.internalIP, peer.internalIP)) continue;
    host.neighbours.push({ dst: peer.internalIP, dev: 'eth0', lladdr: stableMac(`eth0/${peer.name}`), state: 'REACHABLE' });
  }
  host.fdb.push(...multicastFdb('eth0', mac));
}

/**
 * syncIPTablesRules (kubelet): the iptables-nft hint, the canary and the localnet guard. The kubelet
 * starts before kube-proxy, so kube-proxy's prepended jumps end up above `-j KUBE-FIREWALL`
 * (k3s, which runs both in one process, shows the opposite order).
 */
function setUpKubeletIptables(host: NetNamespace): void {
  const nf = host.netfilter;
  ensureChain(nf, 'mangle', KubeIPTablesHintChain);
  ensureChain(nf, 'filter', kubeletFirewallChain).rules = [kubeletFirewallRule()];
  ensureRulePrepended(nf, 'filter', 'INPUT', { matches: [], target: jump(kubeletFirewallChain) });
  ensureRulePrepended(nf, 'filter', 'OUTPUT', { matches: [], target: jump(kubeletFirewallChain) });
  for (const t of ['mangle', 'nat', 'filter'] as const) ensureChain(nf, t, KubeletMonitorChain);
}

/** Derive one node's network from the cluster state. Unknown node: undefined. */
export function deriveNodeNetwork(state: ClusterNetworkState, nodeName: string): NodeNetwork | undefined {
  const nodeObjs = state.nodes;
  const all = nodeObjs.map((n) => ({ ...nodeFacts(n), controlPlane: n.metadata?.labels?.[LabelControlPlane] !== undefined }));
  const node = all.find((n) => n.name === nodeName);
  if (!node) return undefined;
  const underlay = underlayOf(all, state.nodeSubnets);
  const cluster: ClusterFacts = { nodes: all, clusterCIDR: state.clusterCIDR, underlay };
  const backend = cniBackend(state.cni);

  const host = newNetNamespace('');
  setUpKubeletIptables(host);
  setUpUnderlay(host, node, all, underlay);
  // flanneld (and the other agents) start when the node joins: their log lines carry that time.
  const joinedMs = Date.parse(nodeObjs.find((n) => n.metadata?.name === nodeName)?.metadata?.creationTimestamp ?? '');
  const warnings = (backend.setUpNode(host, node, cluster) ?? []).map((w) => ({ ...w, ...(Number.isFinite(joinedMs) ? { atMs: joinedMs } : {}) }));
  // kube-proxy (IPVS mode) creates kube-ipvs0 when it starts, before any pod sandbox.
  const ipvs = state.proxyMode === 'ipvs';
  if (ipvs) ensureDummyDevice(host, nodeName);
  const firstVeth = FIRST_VETH_INDEX + (ipvs ? 1 : 0);

  // CNI ADD per sandbox, in address order (host-local's allocation order).
  const pods: Record<string, NetNamespace> = {};
  const hostPorts: { uid: string; podNs: NetNamespace; portMappings: portmap.PortMapEntry[] }[] = [];
  if (node.podCIDR) {
    const base = parseCidr(node.podCIDR).base;
    const sandboxes = networkedPods(state.pods, nodeName)
      .map((p) => ({ pod: p, offset: cidrContains(node.podCIDR!, p.status!.podIP!) ? ipToInt(p.status!.podIP!) - base : Number.MAX_SAFE_INTEGER }))
      .sort((a, b) => a.offset - b.offset || (podKey(a.pod) < podKey(b.pod) ? -1 : 1));
    const used = new Set<number>();
    let next = firstVeth;
    for (const { pod, offset } of sandboxes) {
      // An address outside the podCIDR, or one still held by a terminating pod, takes the next free index.
      let hostIfindex = offset === Number.MAX_SAFE_INTEGER ? next : firstVeth + offset - 2;
      while (used.has(hostIfindex)) hostIfindex++;
      used.add(hostIfindex);
      next = Math.max(next, hostIfindex + 1);
      const key = podKey(pod);
      const uid = pod.metadata?.uid ?? key;
      pods[key] = backend.addPod(host, { key, uid, podIP: pod.status!.podIP!, hostIfindex }, node, cluster);
      const portMappings = portmap.portMappingsOf(pod);
      if (portMappings.length) hostPorts.push({ uid, podNs: pods[key], portMappings });
    }
  }

  const proxyConfig = { nodeName, nodeIP: node.internalIP, clusterCIDR: state.clusterCIDR, ...(state.ipvsScheduler ? { ipvsScheduler: state.ipvsScheduler } : {}) };
  (ipvs ? new IpvsProxier(proxyConfig) : new IptablesProxier(proxyConfig)).syncProxyRules(host, state.services, state.endpointSlices);
  // portmap, chained after the main plugin in every back end's conflist, for sandboxes with a
  // hostPort. Run after kube-proxy's sync because on a real node kube-proxy's first sync precedes
  // any such pod: its KUBE-POSTROUTING jump is already there when portmap prepends CNI-HOSTPORT-MASQ
  // (and kube-proxy's later syncs find their jumps present and leave them in place).
  for (const { uid, podNs, portMappings } of hostPorts) {
    const eth0 = podNs.links.find((l) => l.name === 'eth0')?.addresses.find((a) => a.family === 'inet');
    if (!eth0) continue;
    portmap.cmdAdd(host, { name: cniNetworkName(backend.name), runtimeConfig: { portMappings } }, { containerID: sandboxID(uid), containerNet: `${eth0.local}/${eth0.prefixLen}` });
  }
  backend.afterKubeProxy?.(host);
  return { nodeName, host, pods, ...(warnings.length ? { warnings } : {}) };
}

/** Derived networks per (cache key, revision): recomputed only after the store changed. */
const caches = new WeakMap<object, { revision: number; byNode: Map<string, NodeNetwork | undefined> }>();

/**
 * deriveNodeNetwork with a cache: when `state.revision` is set, the result is kept until the
 * revision changes (keyed by `cacheKey`, e.g. the World's store). Callers must not mutate it.
 */
export function nodeNetwork(state: ClusterNetworkState, nodeName: string, cacheKey?: object): NodeNetwork | undefined {
  if (!cacheKey || state.revision === undefined) return deriveNodeNetwork(state, nodeName);
  let c = caches.get(cacheKey);
  if (!c || c.revision !== state.revision) caches.set(cacheKey, (c = { revision: state.revision, byNode: new Map() }));
  if (!c.byNode.has(nodeName)) c.byNode.set(nodeName, deriveNodeNetwork(state, nodeName));
  return c.byNode.get(nodeName);
}

/** A shell on the node (as root): ip, bridge, iptables-save, iptables -S, conntrack, journalctl (the node agents' errors). */
export function runNodeShell(
  state: ClusterNetworkState,
  nodeName: string,
  commandLine: string,
  cacheKey?: object,
  conntrack: readonly ConntrackEntry[] = [],
  programs?: ShellTarget['programs'],
): ShellResult {
  const net = nodeNetwork(state, nodeName, cacheKey);
  if (!net) return { stdout: '', stderr: `Error from server (NotFound): nodes "${nodeName}" not found\n`, exitCode: 1 };
  // Traced flows live in the World, not in the cached derivation: add them to a shallow copy.
  const ns = conntrack.length ? { ...net.host, conntrack: [...net.host.conntrack, ...conntrack], ipvs: withConnectionCounts(net.host.ipvs, conntrack) } : net.host;
  const journal = (net.warnings ?? []).map((w) => ({ unit: w.unit, message: w.message, atMs: w.atMs ?? state.epochMs, ...(w.source ? { source: w.source } : {}) }));
  return runShell({ ns, epochMs: state.epochMs, kind: 'node', hostname: nodeName, journal, ...(programs ? { programs } : {}) }, commandLine);
}

/**
 * ipvsadm's ActiveConn / InActConn from the connections traced through each virtual server: an
 * ESTABLISHED entry counts as active, any other state (SYN_SENT, TIME_WAIT, UDP) as inactive.
 */
export function withConnectionCounts(ipvs: NetNamespace['ipvs'], conntrack: readonly ConntrackEntry[]): NetNamespace['ipvs'] {
  if (!ipvs || ipvs.length === 0) return ipvs;
  return ipvs.map((vs) => ({
    ...vs,
    realServers: vs.realServers.map((rs) => {
      let active = 0;
      let inactive = 0;
      for (const e of conntrack) {
        if (e.proto !== vs.protocol.toLowerCase() || e.original.dst !== vs.address || e.original.dport !== vs.port) continue;
        if (e.reply.src !== rs.address || e.reply.sport !== rs.port) continue;
        if (e.state === 'ESTABLISHED') active++;
        else inactive++;
      }
      return { ...rs, activeConn: rs.activeConn + active, inActConn: rs.inActConn + inactive };
    }),
  }));
}

/** A shell in a pod's network namespace (`kubectl exec <pod> -- ip addr`): only `ip` and `hostname`. */
export function runPodShell(state: ClusterNetworkState, podKeyOrName: string, commandLine: string, cacheKey?: object): ShellResult {
  const key = podKeyOrName.includes('/') ? podKeyOrName : `default/${podKeyOrName}`;
  const pod = state.pods.find((p) => podKey(p) === key);
  const name = key.slice(key.indexOf('/') + 1);
  if (!pod) return { stdout: '', stderr: `Error from server (NotFound): pods "${name}" not found\n`, exitCode: 1 };
  const nodeName = pod.spec?.nodeName;
  const net = nodeName ? nodeNetwork(state, nodeName, cacheKey) : undefined;
  // hostNetwork pods share the node's namespace.
  const ns = pod.spec?.hostNetwork ? net?.host : net?.pods[key];
  if (!ns) {
    const container = pod.spec?.containers?.[0]?.name ?? name;
    return { stdout: '', stderr: `error: unable to upgrade connection: container not found ("${container}")\n`, exitCode: 1 };
  }
  return runShell({ ns, epochMs: state.epochMs, kind: 'pod', hostname: pod.spec?.hostNetwork ? (nodeName ?? name) : name }, commandLine);
}

/** The gateway address pods on a node use (cni0's address): the podCIDR's .1. */
export function podGateway(podCIDR: string): string {
  return addressAt(podCIDR, 1);
}
