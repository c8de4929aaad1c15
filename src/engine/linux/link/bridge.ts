// A Linux bridge (cni0) forwarding a frame: the destination MAC is looked up in the forwarding
// database; the bridge's own MAC goes up to the host's IP stack, a known MAC goes out its port, an
// unknown one is flooded to every port (and learned from the answer).
// UPSTREAM: net/bridge/br_input.c (br_handle_frame_finish), br_fdb.c (br_fdb_find_rcu, br_fdb_update)
// SIMPLIFICATION: the pods' MACs are learned from the ARP exchange that precedes the first packet,
// so a frame to a pod on the bridge is forwarded, not flooded, and the entry is shown as learned.

import type { FdbEntry, Link, NetNamespace } from '../netns';
import { formatFdbEntry } from '../iproute2/format';

export type BridgeDecision =
  /** the frame is for the bridge device itself: up to the host stack */
  | { kind: 'local'; entry: FdbEntry; rule: string }
  /** forwarded out a port */
  | { kind: 'forward'; port: Link; entry: FdbEntry; learned: boolean; rule: string }
  /** unknown destination: flooded to every port */
  | { kind: 'flood'; ports: Link[] };

export function bridgePorts(ns: NetNamespace, bridge: string): Link[] {
  return ns.links.filter((l) => l.master === bridge);
}

/**
 * The bridge's decision for a frame to `dstMac`; `macOfPort` gives the MAC behind a port (its veth
 * peer's), used to learn the destination when the FDB holds no entry yet.
 */
export function bridgeForward(ns: NetNamespace, bridge: string, dstMac: string, macOfPort: (port: Link) => string | undefined): BridgeDecision {
  const br = ns.links.find((l) => l.name === bridge);
  const entries = ns.fdb.filter((e) => e.master === bridge && e.mac === dstMac && e.vlan === undefined);
  const own = entries.find((e) => e.dev === bridge) ?? (br?.mac === dstMac ? { mac: dstMac, dev: bridge, master: bridge, permanent: true } : undefined);
  if (own) return { kind: 'local', entry: own, rule: formatFdbEntry(own) };
  const known = entries.find((e) => e.dev !== bridge);
  const ports = bridgePorts(ns, bridge);
  if (known) {
    const port = ports.find((p) => p.name === known.dev);
    if (port) return { kind: 'forward', port, entry: known, learned: false, rule: formatFdbEntry(known) };
  }
  const port = ports.find((p) => macOfPort(p) === dstMac);
  if (port) {
    const entry: FdbEntry = { mac: dstMac, dev: port.name, master: bridge };
    return { kind: 'forward', port, entry, learned: true, rule: formatFdbEntry(entry) };
  }
  return { kind: 'flood', ports };
}
