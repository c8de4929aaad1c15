// flannel's VXLAN back end (the default): flanneld creates the VTEP `flannel.1` (VNI 1, UDP 8472,
// MTU = underlay - 50, address <podCIDR network>/32), and for every other node a route to its
// podCIDR via its VTEP address (onlink), a permanent ARP entry VTEP address -> VTEP MAC and an FDB
// entry VTEP MAC -> node IP; plus its iptables masquerade (FLANNEL-POSTRTG) and forward
// (FLANNEL-FWD) rules. Pods are wired by the flannel CNI plugin delegating to bridge + host-local.
// UPSTREAM: flannel-io/flannel pkg/backend/vxlan (vxlan.go, vxlan_network.go handleSubnetEvents,
// device.go newVXLANDevice/AddARP/AddFDB), pkg/trafficmngr/iptables (masqRules, forwardRules),
// flannel-io/cni-plugin (delegate: bridge cni0, isDefaultGateway, hairpinMode, routes [Network])
// SIMPLIFICATION: the VTEP MAC is stableMac("flannel.1/<node>") instead of random and is not
// written to the node's flannel.alpha.coreos.com/backend-data annotation; no DirectRouting.

import { linkLocalFromMac, toPrefix } from '../../linux/inet';
import { stableMac } from '../../linux/hash';
import type { NetNamespace } from '../../linux/netns';
import { addLink } from '../../linux/netns';
import { appendRule, comment, ensureChain, jump } from '../../linux/netfilter/types';
import { cmdAdd } from '../plugins/main/bridge/bridge';
import type { ClusterFacts, CniBackend, NodeFacts, PodSandbox, UnderlayFacts } from '../types';

export const VTEP_NAME = 'flannel.1';
export const VXLAN_VNI = 1;
/** The Linux kernel's default VXLAN port, which flannel keeps (IANA's 4789 is used on Windows). */
export const VXLAN_PORT = 8472;
/** Outer Ethernet 14 + IP 20 + UDP 8 + VXLAN 8 bytes. */
export const VXLAN_OVERHEAD = 50;
/** trafficmngr.KubeProxyMark: flannel leaves kube-proxy's masquerade to kube-proxy. */
const KUBE_PROXY_MARK = 0x4000;

export function vtepMac(nodeName: string): string {
  return stableMac(`${VTEP_NAME}/${nodeName}`);
}

/** The VTEP address flannel gives a node: its podCIDR's network address (10.244.2.0 for 10.244.2.0/24). */
export function vtepAddress(podCIDR: string): string {
  return toPrefix(podCIDR).network;
}

export class FlannelVxlan implements CniBackend {
  readonly name = 'flannel-vxlan' as const;

  mtu(underlay: UnderlayFacts): number {
    return underlay.mtu - VXLAN_OVERHEAD;
  }

  setUpNode(host: NetNamespace, node: NodeFacts, cluster: ClusterFacts): void {
    if (!node.podCIDR) return; // flanneld waits for the node's podCIDR (kube subnet manager)
    const mac = vtepMac(node.name);
    addLink(host, {
      name: VTEP_NAME, kind: 'vxlan', mac, mtu: this.mtu(cluster.underlay), flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], qdisc: 'noqueue', state: 'UNKNOWN',
      vxlan: { id: VXLAN_VNI, local: node.internalIP, dev: 'eth0', dstPort: VXLAN_PORT, learning: false },
      addresses: [
        { family: 'inet', local: vtepAddress(node.podCIDR), prefixLen: 32, scope: 'global' },
        { family: 'inet6', local: linkLocalFromMac(mac), prefixLen: 64, scope: 'link', flags: ['proto', 'kernel_ll'] },
      ],
    });

    // handleSubnetEvents: one lease per remote node.
    for (const peer of cluster.nodes) {
      if (peer.name === node.name || !peer.podCIDR) continue;
      const peerVtep = vtepAddress(peer.podCIDR);
      const peerMac = vtepMac(peer.name);
      host.routes.push({ dst: prefixOf(peer.podCIDR), via: peerVtep, dev: VTEP_NAME, onlink: true });
      host.neighbours.push({ dst: peerVtep, dev: VTEP_NAME, lladdr: peerMac, state: 'PERMANENT' });
      host.fdb.push({ mac: peerMac, dev: VTEP_NAME, dst: peer.internalIP, self: true, permanent: true });
    }

    flannelIptables(host, node.podCIDR, cluster.clusterCIDR);
  }

  addPod(host: NetNamespace, pod: PodSandbox, node: NodeFacts, cluster: ClusterFacts): NetNamespace {
    return flannelBridgeAdd(host, pod, node, cluster, this.mtu(cluster.underlay));
  }
}

/** flanneld's masqRules and forwardRules (iptables mode, --random-fully supported); every flannel back end writes them. */
export function flannelIptables(host: NetNamespace, podCIDR: string, clusterCIDR: string): void {
  const nf = host.netfilter;
  const cluster = prefixOf(clusterCIDR);
  const pod = prefixOf(podCIDR);
  const masq = comment('flanneld masq');
  ensureChain(nf, 'nat', 'FLANNEL-POSTRTG');
  appendRule(nf, 'nat', 'POSTROUTING', { matches: [masq], target: jump('FLANNEL-POSTRTG') });
  // Traffic kube-proxy marked for masquerade is left to KUBE-POSTROUTING (avoids double NAT).
  appendRule(nf, 'nat', 'FLANNEL-POSTRTG', { matches: [{ module: 'mark', value: KUBE_PROXY_MARK, mask: KUBE_PROXY_MARK }, masq], target: { kind: 'RETURN' } });
  // No NAT inside the overlay.
  appendRule(nf, 'nat', 'FLANNEL-POSTRTG', { src: { cidr: pod }, dst: { cidr: cluster }, matches: [masq], target: { kind: 'RETURN' } });
  appendRule(nf, 'nat', 'FLANNEL-POSTRTG', { src: { cidr: cluster }, dst: { cidr: pod }, matches: [masq], target: { kind: 'RETURN' } });
  // External traffic arriving for a pod of this node keeps its source.
  appendRule(nf, 'nat', 'FLANNEL-POSTRTG', { src: { cidr: cluster, negate: true }, dst: { cidr: pod }, matches: [masq], target: { kind: 'RETURN' } });
  // Pods going out of the cluster (not multicast) are masqueraded to the node's address.
  appendRule(nf, 'nat', 'FLANNEL-POSTRTG', { src: { cidr: cluster }, dst: { cidr: '224.0.0.0/4', negate: true }, matches: [masq], target: { kind: 'MASQUERADE', randomFully: true } });
  // The host talking to remote pods is masqueraded too.
  appendRule(nf, 'nat', 'FLANNEL-POSTRTG', { src: { cidr: cluster, negate: true }, dst: { cidr: cluster }, matches: [masq], target: { kind: 'MASQUERADE', randomFully: true } });

  const fwd = comment('flanneld forward');
  ensureChain(nf, 'filter', 'FLANNEL-FWD');
  appendRule(nf, 'filter', 'FORWARD', { matches: [fwd], target: jump('FLANNEL-FWD') });
  appendRule(nf, 'filter', 'FLANNEL-FWD', { src: { cidr: cluster }, matches: [fwd], target: { kind: 'ACCEPT' } });
  appendRule(nf, 'filter', 'FLANNEL-FWD', { dst: { cidr: cluster }, matches: [fwd], target: { kind: 'ACCEPT' } });
}

/** The flannel CNI plugin's delegate: bridge cni0 + host-local on the node's podCIDR, routes to the Network. */
export function flannelBridgeAdd(host: NetNamespace, pod: PodSandbox, node: NodeFacts, cluster: ClusterFacts, mtu: number): NetNamespace {
  if (!node.podCIDR) throw new Error(`node ${node.name} has no podCIDR: flannel cannot wire pod ${pod.key}`);
  return cmdAdd(host, {
    bridge: 'cni0',
    mtu,
    isGateway: true,
    isDefaultGateway: true,
    hairpinMode: true,
    ipam: { subnet: node.podCIDR, routes: [{ dst: prefixOf(cluster.clusterCIDR) }] },
  }, { nodeName: node.name, podUID: pod.uid, podIP: pod.podIP, ifName: 'eth0', hostIfindex: pod.hostIfindex });
}

export function prefixOf(cidr: string): string {
  const p = toPrefix(cidr);
  return `${p.network}/${p.prefixLen}`;
}
