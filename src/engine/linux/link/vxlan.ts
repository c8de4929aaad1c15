// VXLAN encapsulation on flannel.1: the route's gateway (the peer's VTEP address) is resolved to
// the peer VTEP's MAC by the neighbour table, and that MAC to the peer node's underlay IP by the
// device's FDB; the frame then travels in UDP (8472, VNI 1) between the two node IPs.
// UPSTREAM: drivers/net/vxlan/vxlan_core.c (vxlan_xmit: vxlan_find_mac, vxlan_xmit_one),
// flannel-io/flannel pkg/backend/vxlan (AddARP, AddFDB)
// SIMPLIFICATION: the outer UDP source port is a hash of the inner flow, as the kernel's, but not its value.

import type { OuterHeaders, PacketHeaders } from '../../api/trace';
import { formatFdbEntry, formatNeighbour } from '../iproute2/format';
import type { FdbEntry, Link, NetNamespace, Neighbour } from '../netns';

export interface VxlanEncap {
  neigh: Neighbour;
  neighRule: string;
  fdb: FdbEntry;
  fdbRule: string;
  outer: OuterHeaders;
}

/** A stable source port in the kernel's default range for VXLAN (udp_flow_src_port: 32768-60999). */
export function flowSourcePort(p: PacketHeaders): number {
  const key = `${p.ip.src}|${p.ip.dst}|${p.ip.proto}|${p.l4?.sport ?? 0}|${p.l4?.dport ?? 0}`;
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  return 32768 + (h % (60999 - 32768 + 1));
}

/** Resolve the encapsulation for a packet routed via `gateway` on the VTEP `dev`; undefined when ARP or FDB has no entry. */
export function vxlanEncap(ns: NetNamespace, dev: Link, gateway: string, inner: PacketHeaders, underlayMac: (ip: string) => string | undefined): VxlanEncap | undefined {
  const neigh = ns.neighbours.find((n) => n.dev === dev.name && n.dst === gateway && n.lladdr);
  if (!neigh || !dev.vxlan) return undefined;
  const fdb = ns.fdb.find((e) => e.dev === dev.name && e.mac === neigh.lladdr && e.dst);
  if (!fdb?.dst) return undefined;
  const eth0 = ns.links.find((l) => l.name === dev.vxlan!.dev);
  const dstMac = underlayMac(fdb.dst);
  return {
    neigh, neighRule: formatNeighbour(neigh), fdb, fdbRule: formatFdbEntry(fdb),
    outer: {
      kind: 'vxlan',
      ...(eth0 && dstMac ? { eth: { src: eth0.mac, dst: dstMac } } : {}),
      ip: { src: dev.vxlan.local, dst: fdb.dst, proto: 'UDP' },
      udp: { sport: flowSourcePort(inner), dport: dev.vxlan.dstPort },
      vni: dev.vxlan.id,
    },
  };
}
