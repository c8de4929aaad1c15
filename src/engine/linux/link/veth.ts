// A veth pair: what goes in one end comes out of the other, in the peer's namespace. The peer is
// named by ifindex plus the namespace (`link-netns cni-...` from the host; `link-netnsid 0`, the
// root namespace, from inside a pod).
// UPSTREAM: drivers/net/veth.c (veth_xmit -> the peer's netif_rx)

import type { NodeNetwork } from '../../cni/types';
import type { Link, NetNamespace } from '../netns';
import { linkByIndex } from '../netns';

/** '' for the node's root namespace, else the pod key. */
export type NetnsKey = string;

export function namespaceOf(net: NodeNetwork, key: NetnsKey): NetNamespace | undefined {
  return key === '' ? net.host : net.pods[key];
}

/** The other end of `link` (a veth in namespace `from`): its namespace key and link. */
export function vethPeer(net: NodeNetwork, from: NetnsKey, link: Link): { netns: NetnsKey; link: Link } | undefined {
  if (link.kind !== 'veth' || !link.peer) return undefined;
  if (from !== '') {
    // Inside a pod: the peer lives in the root namespace (link-netnsid 0).
    const peer = linkByIndex(net.host, link.peer.ifindex);
    return peer ? { netns: '', link: peer } : undefined;
  }
  for (const [key, ns] of Object.entries(net.pods)) {
    if (ns.name !== link.peer.netns) continue;
    const peer = linkByIndex(ns, link.peer.ifindex);
    if (peer) return { netns: key, link: peer };
  }
  return undefined;
}
