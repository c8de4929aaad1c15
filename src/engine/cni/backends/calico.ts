// Calico: Felix programs each pod's /32 route to its cali veth and the iptables policy chains;
// BIRD announces the node's address block to every other node (node-to-node BGP mesh) and installs
// their blocks (`proto bird`), plus a blackhole route for the node's own block so addresses not in
// use are dropped locally. BGP mode routes remote blocks via the peer's IP on eth0; IPIP mode
// (ipipMode Always) via `tunl0`, which holds the block's first address and MTU underlay - 20.
// Canal reuses Felix's policy chains and the calico CNI plugin with flannel VXLAN routing.
// UPSTREAM: projectcalico/calico felix/rules (static.go, dispatch.go, endpoints.go),
// confd/etc/calico/confd/templates/bird.cfg.template (blackhole static routes, krt_tunnel),
// felix/dataplane/linux/ipip_mgr.go (tunl0), docs maintenance/troubleshoot/commands.md
// SIMPLIFICATION: each node's podCIDR is its one IPAM block (Calico's `usePodCidr` host-local
// IPAM, as canal and kubeadm set-ups use), not /26 blocks from a pool; Felix's rule comments are
// `cali:` + a stable hash; policy chains hold the per-namespace profile (allow) only: NetworkPolicy
// rules are not rendered yet; ipsets are written as CIDR matches; no BIRD process or calicoctl;
// across subnets (nodeSubnets > 1) BGP mode resolves a peer's block via the node's gateway, IPIP
// mode keeps the peer's IP (the outer header is routed by the router).

import { toPrefix } from '../../linux/inet';
import type { NetNamespace } from '../../linux/netns';
import { addLink } from '../../linux/netns';
import type { Rule, TableName } from '../../linux/netfilter/types';
import { appendRule, comment, ensureChain, findChain, jump, prependRule } from '../../linux/netfilter/types';
import { sha256 } from '../../linux/hash';
import { calicoCmdAdd, caliVethName } from '../plugins/main/calico/calico';
import type { ClusterFacts, CniBackend, NodeFacts, PodSandbox, UnderlayFacts } from '../types';
import { onSameSegment, segmentOf } from '../types';
import { FlannelVxlan, prefixOf } from './flannel-vxlan';

export const TUNL_NAME = 'tunl0';
/** Outer IP header. */
export const IPIP_OVERHEAD = 20;
/** Felix's "accept" mark bit. */
const MARK_ACCEPT = 0x10000;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Felix's rule comment: `cali:` + 16 URL-safe base64 characters hashing the rule's position. */
export function felixRuleId(seed: string): string {
  const b = sha256(`felix/${seed}`);
  let s = '';
  for (let i = 0; i < 16; i++) s += B64[b[i] & 63];
  return `cali:${s}`;
}

type Felix = (table: TableName, chain: string, rule: Omit<Rule, 'matches'> & { matches?: Rule['matches'] }) => void;

function felixWriter(host: NetNamespace): Felix {
  return (table, chain, rule) => {
    const n = ensureChain(host.netfilter, table, chain).rules.length;
    const key = `${table}/${chain}`;
    appendRule(host.netfilter, table, chain, { ...rule, matches: [comment(felixRuleId(`${key}/${n}`)), ...(rule.matches ?? [])] });
  };
}

const FELIX_HOOKS: ReadonlyArray<[TableName, string, string]> = [
  ['filter', 'INPUT', 'cali-INPUT'], ['filter', 'FORWARD', 'cali-FORWARD'], ['filter', 'OUTPUT', 'cali-OUTPUT'],
  ['nat', 'PREROUTING', 'cali-PREROUTING'], ['nat', 'POSTROUTING', 'cali-POSTROUTING'], ['nat', 'OUTPUT', 'cali-OUTPUT'],
];

/**
 * Felix's jumps into its chains (ChainInsertMode insert): Felix keeps them at the top of the
 * built-in chains, re-inserting them when kube-proxy prepends its own, so they run after kube-proxy.
 */
export function felixHooks(host: NetNamespace): void {
  if (!findChain(host.netfilter, 'filter', 'cali-INPUT')) return; // Felix has not set this node up
  for (const [table, builtin, chain] of FELIX_HOOKS) {
    prependRule(host.netfilter, table, builtin, { matches: [comment(felixRuleId(`${table}/${builtin}/hook`))], target: jump(chain) });
  }
}

/** Felix's static chains and the workload dispatch (the hooks into the built-in chains: felixHooks). */
export function felixStaticChains(host: NetNamespace, clusterCIDR: string, natOutgoing: boolean): void {
  const nf = host.netfilter;
  const felix = felixWriter(host);
  for (const [table, , chain] of FELIX_HOOKS) ensureChain(nf, table, chain);
  felix('filter', 'cali-FORWARD', { matches: [{ module: 'mark', value: 0, mask: MARK_ACCEPT }], target: jump('cali-from-hep-forward') });
  felix('filter', 'cali-FORWARD', { inIface: { name: 'cali+' }, target: jump('cali-from-wl-dispatch') });
  felix('filter', 'cali-FORWARD', { outIface: { name: 'cali+' }, target: jump('cali-to-wl-dispatch') });
  felix('filter', 'cali-FORWARD', { matches: [{ module: 'mark', value: MARK_ACCEPT, mask: MARK_ACCEPT }], target: { kind: 'ACCEPT' } });
  ensureChain(nf, 'filter', 'cali-from-hep-forward');
  felix('filter', 'cali-INPUT', { inIface: { name: 'cali+' }, target: { kind: 'goto', chain: 'cali-wl-to-host' } });
  felix('filter', 'cali-wl-to-host', { target: jump('cali-from-wl-dispatch') });
  felix('filter', 'cali-wl-to-host', { target: { kind: 'ACCEPT' } });
  felix('filter', 'cali-OUTPUT', { matches: [{ module: 'mark', value: MARK_ACCEPT, mask: MARK_ACCEPT }], target: { kind: 'ACCEPT' } });
  ensureChain(nf, 'filter', 'cali-from-wl-dispatch');
  ensureChain(nf, 'filter', 'cali-to-wl-dispatch');
  if (natOutgoing) {
    const pool = prefixOf(clusterCIDR);
    felix('nat', 'cali-POSTROUTING', { target: jump('cali-nat-outgoing') });
    felix('nat', 'cali-nat-outgoing', { src: { cidr: pool }, dst: { cidr: pool, negate: true }, target: { kind: 'MASQUERADE', randomFully: true } });
  }
}

/** Felix's per-workload chains: dispatch by cali interface, conntrack, the namespace profile (allow). */
export function felixWorkloadChains(host: NetNamespace, podKey: string): void {
  const felix = felixWriter(host);
  const veth = caliVethName(podKey);
  const ns = podKey.slice(0, podKey.indexOf('/'));
  const suffix = veth.slice(4);
  const fw = `cali-fw-cali${suffix}`;
  const tw = `cali-tw-cali${suffix}`;
  felix('filter', 'cali-from-wl-dispatch', { inIface: { name: veth }, target: { kind: 'goto', chain: fw } });
  felix('filter', 'cali-to-wl-dispatch', { outIface: { name: veth }, target: { kind: 'goto', chain: tw } });
  for (const [chain, profile] of [[fw, `cali-pro-kns.${ns}`], [tw, `cali-pri-kns.${ns}`]] as const) {
    felix('filter', chain, { matches: [{ module: 'conntrack', ctstate: ['RELATED', 'ESTABLISHED'] }], target: { kind: 'ACCEPT' } });
    felix('filter', chain, { matches: [{ module: 'conntrack', ctstate: ['INVALID'] }], target: { kind: 'DROP' } });
    felix('filter', chain, { target: { kind: 'MARK', value: 0, mask: MARK_ACCEPT } });
    felix('filter', chain, { target: jump(profile) });
    felix('filter', chain, { matches: [{ module: 'mark', value: MARK_ACCEPT, mask: MARK_ACCEPT }, comment('Return if profile accepted')], target: { kind: 'RETURN' } });
    felix('filter', chain, { matches: [comment('Drop if no profiles matched')], target: { kind: 'DROP' } });
    if (!findChain(host.netfilter, 'filter', profile)) {
      felix('filter', profile, { target: { kind: 'MARK', value: MARK_ACCEPT, mask: MARK_ACCEPT } });
    }
  }
}

abstract class CalicoBase implements CniBackend {
  abstract readonly name: 'calico-bgp' | 'calico-ipip';
  abstract mtu(underlay: UnderlayFacts): number;
  /** the device BIRD routes remote blocks through */
  protected abstract readonly routeDev: string;

  setUpNode(host: NetNamespace, node: NodeFacts, cluster: ClusterFacts): void {
    if (!node.podCIDR) return; // no block affine to this node yet
    this.setUpDevice(host, node, cluster);
    const block = prefixOf(node.podCIDR);
    host.routes.push({ type: 'blackhole', dst: block, proto: 'bird' });
    for (const peer of cluster.nodes) {
      if (peer.name === node.name || !peer.podCIDR || !peer.internalIP) continue;
      host.routes.push({ dst: prefixOf(peer.podCIDR), via: this.nextHop(node, peer, cluster), dev: this.routeDev, proto: 'bird', onlink: true });
    }
    felixStaticChains(host, cluster.clusterCIDR, true);
  }

  protected setUpDevice(_host: NetNamespace, _node: NodeFacts, _cluster: ClusterFacts): void {}

  /** The next hop BIRD installs for a peer's block: the peer's IP (tunnel endpoint or directly connected). */
  protected nextHop(_node: NodeFacts, peer: NodeFacts, _cluster: ClusterFacts): string {
    return peer.internalIP;
  }

  afterKubeProxy(host: NetNamespace): void {
    felixHooks(host);
  }

  addPod(host: NetNamespace, pod: PodSandbox, _node: NodeFacts, cluster: ClusterFacts): NetNamespace {
    const ns = calicoCmdAdd(host, { podKey: pod.key, podUID: pod.uid, podIP: pod.podIP, hostIfindex: pod.hostIfindex, mtu: this.mtu(cluster.underlay) });
    felixWorkloadChains(host, pod.key);
    return ns;
  }
}

/**
 * BGP without encapsulation: remote blocks via the peer's node IP on eth0. A peer on another subnet
 * is not a usable next hop: BIRD's mesh sessions use `gateway recursive`, so the route resolves to
 * this node's own gateway, the router, which does not peer BGP and knows no pod routes.
 */
export class CalicoBgp extends CalicoBase {
  readonly name = 'calico-bgp' as const;
  protected readonly routeDev = 'eth0';
  mtu(underlay: UnderlayFacts): number {
    return underlay.mtu;
  }
  protected override nextHop(node: NodeFacts, peer: NodeFacts, cluster: ClusterFacts): string {
    if (onSameSegment(cluster.underlay, node.internalIP, peer.internalIP)) return peer.internalIP;
    return segmentOf(cluster.underlay, node.internalIP).gateway;
  }
}

/** IPIP (ipipMode Always): remote blocks via tunl0, which holds the block's first address. */
export class CalicoIpip extends CalicoBase {
  readonly name = 'calico-ipip' as const;
  protected readonly routeDev = TUNL_NAME;
  mtu(underlay: UnderlayFacts): number {
    return underlay.mtu - IPIP_OVERHEAD;
  }
  protected override setUpDevice(host: NetNamespace, node: NodeFacts, cluster: ClusterFacts): void {
    addLink(host, {
      name: TUNL_NAME, kind: 'ipip', mac: '0.0.0.0', mtu: this.mtu(cluster.underlay), flags: ['NOARP', 'UP', 'LOWER_UP'], qdisc: 'noqueue', state: 'UNKNOWN', qlen: 1000,
      addresses: [{ family: 'inet', local: toPrefix(node.podCIDR!).network, prefixLen: 32, scope: 'global' }],
    });
  }
}

/** Canal: flannel VXLAN between nodes, the calico CNI plugin and Felix's policy chains on each node. */
export class Canal implements CniBackend {
  readonly name = 'canal' as const;
  private readonly flannel = new FlannelVxlan();

  mtu(underlay: UnderlayFacts): number {
    return this.flannel.mtu(underlay);
  }

  setUpNode(host: NetNamespace, node: NodeFacts, cluster: ClusterFacts): void {
    if (!node.podCIDR) return;
    this.flannel.setUpNode(host, node, cluster);
    felixStaticChains(host, cluster.clusterCIDR, false); // flannel masquerades
  }

  afterKubeProxy(host: NetNamespace): void {
    felixHooks(host);
  }

  addPod(host: NetNamespace, pod: PodSandbox, _node: NodeFacts, cluster: ClusterFacts): NetNamespace {
    const ns = calicoCmdAdd(host, { podKey: pod.key, podUID: pod.uid, podIP: pod.podIP, hostIfindex: pod.hostIfindex, mtu: this.mtu(cluster.underlay) });
    felixWorkloadChains(host, pod.key);
    return ns;
  }
}
