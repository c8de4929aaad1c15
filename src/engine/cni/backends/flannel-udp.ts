// flannel's UDP back end (kept for teaching; flannel deprecated it): flanneld opens the TUN device
// `flannel0` with the node's lease address and the whole Network's prefix (10.244.1.0/16), so the
// kernel's connected route `10.244.0.0/16 dev flannel0` sends every remote pod packet up to
// flanneld in user space, which wraps it in UDP/8285 to the peer node's flanneld. MTU = underlay - 28
// (outer IP 20 + UDP 8): 1472.
// UPSTREAM: flannel-io/flannel pkg/backend/udp (udp_network_amd64.go initTun/configureIface,
// cproxy_amd64.go), Documentation/backends.md (udp, port 8285)
// SIMPLIFICATION: the TUN device's qdisc and qlen are fixed (fq_codel, 500).

import { toPrefix } from '../../linux/inet';
import type { NetNamespace } from '../../linux/netns';
import { addLink } from '../../linux/netns';
import type { ClusterFacts, CniBackend, NodeFacts, PodSandbox, UnderlayFacts } from '../types';
import { flannelBridgeAdd, flannelIptables } from './flannel-vxlan';

export const TUN_NAME = 'flannel0';
export const UDP_PORT = 8285;
/** Outer IP 20 + UDP 8 bytes. */
export const UDP_OVERHEAD = 28;

export class FlannelUdp implements CniBackend {
  readonly name = 'flannel-udp' as const;

  mtu(underlay: UnderlayFacts): number {
    return underlay.mtu - UDP_OVERHEAD;
  }

  setUpNode(host: NetNamespace, node: NodeFacts, cluster: ClusterFacts): void {
    if (!node.podCIDR) return;
    const lease = toPrefix(node.podCIDR).network;
    const network = toPrefix(cluster.clusterCIDR);
    addLink(host, {
      name: TUN_NAME, kind: 'tun', mac: '', mtu: this.mtu(cluster.underlay), flags: ['POINTOPOINT', 'MULTICAST', 'NOARP', 'UP', 'LOWER_UP'], qdisc: 'fq_codel', state: 'UNKNOWN', qlen: 500,
      addresses: [{ family: 'inet', local: lease, prefixLen: network.prefixLen, scope: 'global' }],
    });
    // configureIface: the address brings the kernel's connected route for the whole Network
    // (flanneld's own RouteAdd of the same prefix then finds it already there).
    host.routes.push({ dst: `${network.network}/${network.prefixLen}`, dev: TUN_NAME, proto: 'kernel', scope: 'link', src: lease });
    flannelIptables(host, node.podCIDR, cluster.clusterCIDR);
  }

  addPod(host: NetNamespace, pod: PodSandbox, node: NodeFacts, cluster: ClusterFacts): NetNamespace {
    return flannelBridgeAdd(host, pod, node, cluster, this.mtu(cluster.underlay));
  }
}
