// The calico CNI plugin's ADD: no bridge. A veth pair per pod, `eth0` inside with the pod's /32 and
// a default route via the link-local 169.254.1.1 (answered by proxy ARP on the host side), and
// `cali<11 hex>` on the host with MAC ee:ee:ee:ee:ee:ee, no address, and a /32 route to the pod
// `10.244.1.5 dev caliXXXXXXXXXXX scope link` (Felix and the plugin both program it).
// UPSTREAM: projectcalico/calico cni-plugin/internal/pkg/utils (linux dataplane DoNetworking:
// veth, 169.254.1.1 gateway, ee:ee:ee:ee:ee:ee), libcalico-go/lib/names (VethNameForWorkload:
// "cali" + sha1("<namespace>.<pod>")[:11])
// SIMPLIFICATION: the name's hash is SHA-256 (this code base's hash), not SHA-1; pod MACs are stable hashes.

import { linkLocalFromMac } from '../../../../linux/inet';
import { stableHex, stableMac } from '../../../../linux/hash';
import type { NetNamespace } from '../../../../linux/netns';
import { addLink, addLoopback, newNetNamespace } from '../../../../linux/netns';
import { sandboxNetnsName } from '../bridge/bridge';

/** The fixed MAC of every host-side cali veth. */
export const CALI_MAC = 'ee:ee:ee:ee:ee:ee';
/** The gateway every Calico pod routes to; the host's cali veth answers ARP for it. */
export const CALI_GATEWAY = '169.254.1.1';

/** VethNameForWorkload: `cali` + 11 hex characters of a hash of `<namespace>.<pod>`. */
export function caliVethName(podKey: string): string {
  return `cali${stableHex(`cali/${podKey.replace('/', '.')}`, 11)}`;
}

export interface CalicoAddArgs {
  /** `namespace/name` */
  podKey: string;
  podUID: string;
  podIP: string;
  hostIfindex: number;
  mtu: number;
}

const ETHER_FLAGS = ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'];

export function calicoCmdAdd(host: NetNamespace, args: CalicoAddArgs): NetNamespace {
  const netnsName = sandboxNetnsName(args.podUID);
  const pod = newNetNamespace(netnsName);
  addLoopback(pod);
  const podMac = stableMac(`eth0/${args.podUID}`);
  const veth = caliVethName(args.podKey);
  const podIfindex = 2;
  addLink(pod, {
    index: podIfindex, name: 'eth0', kind: 'veth', mac: podMac, mtu: args.mtu, flags: [...ETHER_FLAGS], qdisc: 'noqueue', state: 'UP', qlen: 1000,
    peer: { ifindex: args.hostIfindex, netnsId: 0 },
    addresses: [
      { family: 'inet', local: args.podIP, prefixLen: 32, scope: 'global' },
      { family: 'inet6', local: linkLocalFromMac(podMac), prefixLen: 64, scope: 'link', flags: ['proto', 'kernel_ll'] },
    ],
  });
  pod.routes.push({ dst: 'default', via: CALI_GATEWAY, dev: 'eth0' }, { dst: `${CALI_GATEWAY}/32`, dev: 'eth0', scope: 'link' });
  pod.neighbours.push({ dst: CALI_GATEWAY, dev: 'eth0', lladdr: CALI_MAC, state: 'REACHABLE' });

  addLink(host, {
    index: args.hostIfindex, name: veth, kind: 'veth', mac: CALI_MAC, mtu: args.mtu, flags: [...ETHER_FLAGS], qdisc: 'noqueue', state: 'UP',
    peer: { ifindex: podIfindex, netns: netnsName },
    addresses: [{ family: 'inet6', local: linkLocalFromMac(CALI_MAC), prefixLen: 64, scope: 'link', flags: ['proto', 'kernel_ll'] }],
  });
  host.routes.push({ dst: `${args.podIP}/32`, dev: veth, scope: 'link' });
  return pod;
}
