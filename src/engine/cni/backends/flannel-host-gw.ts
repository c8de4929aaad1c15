// flannel's host-gw back end: no overlay device; for every other node flanneld adds a route to its
// podCIDR via that node's IP on the node's own NIC (`10.244.2.0/24 via 192.168.49.4 dev eth0`), so
// pod packets leave unencapsulated with their own addresses. Needs every node on one L2 segment.
// UPSTREAM: flannel-io/flannel pkg/backend/hostgw (hostgw.go: RouteNetwork with GetRoute
// Dst=lease subnet, Gw=lease PublicIP, LinkIndex=extIface), pkg/backend/route_network.go
// SIMPLIFICATION: the underlay is always one segment here, so the "network is unreachable" failure
// for peers on another subnet is not reproduced.

import type { NetNamespace } from '../../linux/netns';
import type { ClusterFacts, CniBackend, NodeFacts, PodSandbox, UnderlayFacts } from '../types';
import { flannelBridgeAdd, flannelIptables, prefixOf } from './flannel-vxlan';

export class FlannelHostGw implements CniBackend {
  readonly name = 'flannel-host-gw' as const;

  mtu(underlay: UnderlayFacts): number {
    return underlay.mtu; // no encapsulation
  }

  setUpNode(host: NetNamespace, node: NodeFacts, cluster: ClusterFacts): void {
    if (!node.podCIDR) return;
    for (const peer of cluster.nodes) {
      if (peer.name === node.name || !peer.podCIDR || !peer.internalIP) continue;
      host.routes.push({ dst: prefixOf(peer.podCIDR), via: peer.internalIP, dev: 'eth0' });
    }
    flannelIptables(host, node.podCIDR, cluster.clusterCIDR);
  }

  addPod(host: NetNamespace, pod: PodSandbox, node: NodeFacts, cluster: ClusterFacts): NetNamespace {
    return flannelBridgeAdd(host, pod, node, cluster, this.mtu(cluster.underlay));
  }
}
