// flannel's host-gw back end: no overlay device; for every other node flanneld adds a route to its
// podCIDR via that node's IP on the node's own NIC (`10.244.2.0/24 via 192.168.49.4 dev eth0`), so
// pod packets leave unencapsulated with their own addresses. Needs every node on one L2 segment.
// UPSTREAM: flannel-io/flannel pkg/backend/hostgw (hostgw.go: RouteNetwork with GetRoute
// Dst=lease subnet, Gw=lease PublicIP, LinkIndex=extIface), pkg/backend/route_network.go
// A peer on another subnet (nodeSubnets > 1) cannot be a next hop: the kernel refuses the route
// (ENETUNREACH) and flanneld logs the error and goes on, so that podCIDR has no route at all.
// SIMPLIFICATION: the error is returned once as a log line (real flanneld retries on the next lease event).

import type { NetNamespace } from '../../linux/netns';
import type { ClusterFacts, CniBackend, NodeAgentLog, NodeFacts, PodSandbox, UnderlayFacts } from '../types';
import { onSameSegment } from '../types';
import { flannelBridgeAdd, flannelIptables, prefixOf } from './flannel-vxlan';

export class FlannelHostGw implements CniBackend {
  readonly name = 'flannel-host-gw' as const;

  mtu(underlay: UnderlayFacts): number {
    return underlay.mtu; // no encapsulation
  }

  setUpNode(host: NetNamespace, node: NodeFacts, cluster: ClusterFacts): NodeAgentLog[] {
    if (!node.podCIDR) return [];
    const log: NodeAgentLog[] = [];
    for (const peer of cluster.nodes) {
      if (peer.name === node.name || !peer.podCIDR || !peer.internalIP) continue;
      const dst = prefixOf(peer.podCIDR);
      // RTM_NEWROUTE with a gateway that is not on a connected subnet: ENETUNREACH.
      if (!onSameSegment(cluster.underlay, node.internalIP, peer.internalIP)) {
        log.push({ unit: 'flanneld', source: 'route_network.go', message: hostGwRouteError(dst, peer.internalIP) });
        continue;
      }
      host.routes.push({ dst, via: peer.internalIP, dev: 'eth0' });
    }
    flannelIptables(host, node.podCIDR, cluster.clusterCIDR);
    return log;
  }

  addPod(host: NetNamespace, pod: PodSandbox, node: NodeFacts, cluster: ClusterFacts): NetNamespace {
    return flannelBridgeAdd(host, pod, node, cluster, this.mtu(cluster.underlay));
  }
}

/** flanneld's log line when the kernel refuses a host-gw route (the peer's IP is not on a connected subnet). */
export function hostGwRouteError(dst: string, gateway: string): string {
  return `Error adding route to ${dst} via ${gateway}: network is unreachable`;
}
