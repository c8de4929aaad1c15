// The bridge CNI plugin: a Linux bridge (cni0) on the host holding the gateway address, and per pod
// a veth pair, `eth0` in the pod's namespace and `vethXXXXXXXX` enslaved to the bridge.
// UPSTREAM: containernetworking/plugins plugins/main/bridge/bridge.go (cmdAdd: setupBridge,
// setupVeth, isGateway/isDefaultGateway, hairpinMode), pkg/ip/link_linux.go (SetupVeth,
// RandomVethName = "veth" + 4 random bytes in hex), pkg/ipam (ConfigureIface)
// SIMPLIFICATION: names and MACs are hashes of the pod UID instead of random (see linux/hash.ts):
// host veth `veth` + stableHex("veth-name/<uid>", 8), MACs stableMac("veth/<uid>") and
// stableMac("eth0/<uid>"), netns `cni-` + stableUuid("netns/<uid>"), bridge stableMac("cni0/<node>").

import { addressAt, broadcastOf, linkLocalFromMac, solicitedNodeMac, toPrefix } from '../../../../linux/inet';
import { stableHex, stableMac, stableUuid } from '../../../../linux/hash';
import type { FdbEntry, Link, NetNamespace } from '../../../../linux/netns';
import { addLink, addLoopback, linkByName, newNetNamespace } from '../../../../linux/netns';
import type { HostLocalConf } from '../../ipam/host-local/host-local';
import { hostLocalResult } from '../../ipam/host-local/host-local';

export interface BridgeNetConf {
  /** the bridge device (flannel: cni0) */
  bridge: string;
  mtu: number;
  /** the bridge holds the gateway address */
  isGateway: boolean;
  /** the pod's default route goes via the gateway */
  isDefaultGateway: boolean;
  hairpinMode: boolean;
  ipam: HostLocalConf;
}

export interface BridgeAddArgs {
  /** seeds the bridge's MAC */
  nodeName: string;
  podUID: string;
  podIP: string;
  /** CNI_IFNAME */
  ifName: string;
  /** the host-side veth's ifindex */
  hostIfindex: number;
}

/** The multicast filter entries every Ethernet-like device lists in `bridge fdb` (all-nodes, all-hosts, solicited-node). */
export function multicastFdb(dev: string, mac: string): FdbEntry[] {
  return [
    { mac: '33:33:00:00:00:01', dev, self: true, permanent: true },
    { mac: '01:00:5e:00:00:01', dev, self: true, permanent: true },
    { mac: solicitedNodeMac(mac), dev, self: true, permanent: true },
  ];
}

export function hostVethName(podUID: string): string {
  return `veth${stableHex(`veth-name/${podUID}`, 8)}`;
}

export function sandboxNetnsName(podUID: string): string {
  return `cni-${stableUuid(`netns/${podUID}`)}`;
}

const ETHER_FLAGS = ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'];

/** setupBridge + the gateway address (isGateway): created on the first ADD, kept afterwards. */
function ensureBridge(host: NetNamespace, conf: BridgeNetConf, nodeName: string): Link {
  const existing = linkByName(host, conf.bridge);
  if (existing) return existing;
  const mac = stableMac(`${conf.bridge}/${nodeName}`);
  const gw = addressAt(conf.ipam.subnet, 1);
  const { prefixLen, network } = toPrefix(conf.ipam.subnet);
  const br = addLink(host, {
    name: conf.bridge, kind: 'bridge', mac, mtu: conf.mtu, flags: [...ETHER_FLAGS], qdisc: 'noqueue', state: 'UP', qlen: 1000,
    addresses: [
      ...(conf.isGateway ? [{ family: 'inet' as const, local: gw, prefixLen, broadcast: broadcastOf(gw, prefixLen), scope: 'global' as const }] : []),
      { family: 'inet6', local: linkLocalFromMac(mac), prefixLen: 64, scope: 'link', flags: ['proto', 'kernel_ll'] },
    ],
  });
  if (conf.isGateway) host.routes.push({ dst: `${network}/${prefixLen}`, dev: conf.bridge, proto: 'kernel', scope: 'link', src: gw });
  host.fdb.push(
    ...multicastFdb(conf.bridge, mac),
    { mac, dev: conf.bridge, vlan: 1, master: conf.bridge, permanent: true },
    { mac, dev: conf.bridge, master: conf.bridge, permanent: true },
  );
  return br;
}

/** cmdAdd: returns the pod's namespace, with lo and eth0 configured from the IPAM result. */
export function cmdAdd(host: NetNamespace, conf: BridgeNetConf, args: BridgeAddArgs): NetNamespace {
  ensureBridge(host, conf, args.nodeName);
  const ipam = hostLocalResult(conf.ipam, args.podIP);
  const ipc = ipam.ips[0];
  const netnsName = sandboxNetnsName(args.podUID);
  const pod = newNetNamespace(netnsName);
  addLoopback(pod);

  // SetupVeth inside the sandbox: the container end is created there (ifindex 2 after lo), the
  // host end is moved to the root namespace and enslaved to the bridge.
  const podMac = stableMac(`eth0/${args.podUID}`);
  const hostMac = stableMac(`veth/${args.podUID}`);
  const vethName = hostVethName(args.podUID);
  const podIfindex = 2;
  addLink(pod, {
    index: podIfindex, name: args.ifName, kind: 'veth', mac: podMac, mtu: conf.mtu, flags: [...ETHER_FLAGS], qdisc: 'noqueue', state: 'UP', qlen: 1000,
    peer: { ifindex: args.hostIfindex, netnsId: 0 },
    addresses: [
      { family: 'inet', local: ipc.ip, prefixLen: ipc.prefixLen, broadcast: broadcastOf(ipc.ip, ipc.prefixLen), scope: 'global' },
      { family: 'inet6', local: linkLocalFromMac(podMac), prefixLen: 64, scope: 'link', flags: ['proto', 'kernel_ll'] },
    ],
  });
  addLink(host, {
    index: args.hostIfindex, name: vethName, kind: 'veth', mac: hostMac, mtu: conf.mtu, flags: [...ETHER_FLAGS], qdisc: 'noqueue', state: 'UP', qlen: 1000,
    master: conf.bridge,
    peer: { ifindex: podIfindex, netns: netnsName },
    addresses: [{ family: 'inet6', local: linkLocalFromMac(hostMac), prefixLen: 64, scope: 'link', flags: ['proto', 'kernel_ll'] }],
  });
  host.fdb.push(
    { mac: hostMac, dev: vethName, vlan: 1, master: conf.bridge, permanent: true },
    { mac: hostMac, dev: vethName, master: conf.bridge, permanent: true },
    ...multicastFdb(vethName, hostMac),
  );

  // ConfigureIface: the connected route the kernel adds with the address, then the IPAM routes
  // (isDefaultGateway adds 0.0.0.0/0 via the gateway).
  const { network } = toPrefix(`${ipc.ip}/${ipc.prefixLen}`);
  pod.routes.push({ dst: `${network}/${ipc.prefixLen}`, dev: args.ifName, proto: 'kernel', scope: 'link', src: ipc.ip });
  const routes = [...ipam.routes];
  if (conf.isDefaultGateway) routes.push({ dst: '0.0.0.0/0' });
  for (const r of routes) {
    pod.routes.push({ dst: r.dst === '0.0.0.0/0' ? 'default' : r.dst, via: r.gw ?? ipc.gateway, dev: args.ifName });
  }
  return pod;
}
