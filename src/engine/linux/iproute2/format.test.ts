import { describe, expect, it } from 'vitest';
import type { Link, NetNamespace } from '../netns';
import { addLink, addLoopback, newNetNamespace } from '../netns';
import { linkLocalFromMac } from '../inet';
import { formatBridgeFdb, formatIpAddr, formatIpAddrBrief, formatIpLink, formatIpNeigh, formatIpRoute, lookupRoute } from './format';

const ETHER = ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'];
const ll = (mac: string) => ({ family: 'inet6' as const, local: linkLocalFromMac(mac), prefixLen: 64, scope: 'link' as const, flags: ['proto', 'kernel_ll'] });

/** The flannel node of reference section 1 (kubeadm v1.32 + flannel v0.27.3), rebuilt as data. */
function referenceNode(): NetNamespace {
  const ns = newNetNamespace('');
  addLoopback(ns);
  const links: Array<Omit<Link, 'index'> & { index: number }> = [
    { index: 4, name: 'flannel.1', kind: 'vxlan', mac: '7e:e7:01:d7:1f:7c', mtu: 1450, flags: ETHER, qdisc: 'noqueue', state: 'UNKNOWN', addresses: [{ family: 'inet', local: '10.244.0.0', prefixLen: 32, scope: 'global' }, ll('7e:e7:01:d7:1f:7c')] },
    { index: 5, name: 'cni0', kind: 'bridge', mac: '3e:e8:01:b2:63:62', mtu: 1450, flags: ETHER, qdisc: 'noqueue', state: 'UP', qlen: 1000, addresses: [{ family: 'inet', local: '10.244.0.1', prefixLen: 24, broadcast: '10.244.0.255', scope: 'global' }, ll('3e:e8:01:b2:63:62')] },
    { index: 6, name: 'veth53312fac', kind: 'veth', mac: 'aa:13:48:30:b8:7e', mtu: 1450, flags: ETHER, qdisc: 'noqueue', state: 'UP', qlen: 1000, master: 'cni0', peer: { ifindex: 2, netns: 'cni-c5fa40d6-dead-4495-2cf4-80cb324188d5' }, addresses: [ll('aa:13:48:30:b8:7e')] },
  ];
  for (const l of links) addLink(ns, l);
  return ns;
}

describe('ip addr', () => {
  it('prints flannel.1, cni0 and a veth exactly as the reference node does', () => {
    const ns = referenceNode();
    expect(formatIpAddr(ns.links.filter((l) => l.index >= 4), undefined)).toBe(`4: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default
    link/ether 7e:e7:01:d7:1f:7c brd ff:ff:ff:ff:ff:ff
    inet 10.244.0.0/32 scope global flannel.1
       valid_lft forever preferred_lft forever
    inet6 fe80::7ce7:1ff:fed7:1f7c/64 scope link proto kernel_ll
       valid_lft forever preferred_lft forever
5: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000
    link/ether 3e:e8:01:b2:63:62 brd ff:ff:ff:ff:ff:ff
    inet 10.244.0.1/24 brd 10.244.0.255 scope global cni0
       valid_lft forever preferred_lft forever
    inet6 fe80::3ce8:1ff:feb2:6362/64 scope link proto kernel_ll
       valid_lft forever preferred_lft forever
6: veth53312fac@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP group default qlen 1000
    link/ether aa:13:48:30:b8:7e brd ff:ff:ff:ff:ff:ff link-netns cni-c5fa40d6-dead-4495-2cf4-80cb324188d5
    inet6 fe80::a813:48ff:fe30:b87e/64 scope link proto kernel_ll
       valid_lft forever preferred_lft forever
`);
  });

  it('prints the loopback device as the kernel sets it up', () => {
    const ns = newNetNamespace('x');
    addLoopback(ns);
    expect(formatIpAddr(ns.links, undefined)).toBe(`1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
    inet6 ::1/128 scope host noprefixroute
       valid_lft forever preferred_lft forever
`);
  });

  it('keeps only IPv4 lines and links with -4, and prints one line per link with -br', () => {
    const ns = referenceNode();
    const v4 = formatIpAddr(ns.links, 'inet');
    expect(v4).not.toContain('veth53312fac');
    expect(v4).not.toContain('link/ether');
    expect(v4).toContain('    inet 10.244.0.1/24 brd 10.244.0.255 scope global cni0');
    expect(formatIpAddrBrief(ns.links, undefined).split('\n')[2]).toBe('cni0             UP             10.244.0.1/24 fe80::3ce8:1ff:feb2:6362/64 ');
  });

  it('adds mode DEFAULT in ip link and the VXLAN parameters with -d', () => {
    const ns = referenceNode();
    const vtep = ns.links.find((l) => l.name === 'flannel.1')!;
    vtep.vxlan = { id: 1, local: '192.168.66.212', dev: 'ens33', dstPort: 8472, learning: false };
    expect(formatIpLink([vtep], true)).toBe(`4: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default
    link/ether 7e:e7:01:d7:1f:7c brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535
    vxlan id 1 local 192.168.66.212 dev ens33 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 65536 tso_max_segs 65535 gro_max_size 65536
`);
  });
});

describe('ip route', () => {
  const ns = newNetNamespace('');
  // The VXLAN master of reference section 3, given in scrambled order.
  ns.routes.push(
    { dst: '192.168.2.0/24', dev: 'ens33', proto: 'kernel', scope: 'link', src: '192.168.2.200', metric: 100 },
    { dst: '10.244.2.0/24', via: '10.244.2.0', dev: 'flannel.1', onlink: true },
    { dst: 'default', via: '192.168.2.1', dev: 'ens33', proto: 'static', metric: 100 },
    { dst: '10.244.1.0/24', via: '10.244.1.0', dev: 'flannel.1', onlink: true },
    { dst: '10.244.0.0/24', dev: 'cni0', proto: 'kernel', scope: 'link', src: '10.244.0.1' },
    { dst: '172.17.0.0/16', dev: 'docker0', proto: 'kernel', scope: 'link', src: '172.17.0.1' },
  );

  it('prints the table in the kernel order and iproute2 format of the reference', () => {
    expect(formatIpRoute(ns.routes)).toBe(`default via 192.168.2.1 dev ens33 proto static metric 100
10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1
10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink
10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink
172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1
192.168.2.0/24 dev ens33 proto kernel scope link src 192.168.2.200 metric 100
`);
  });

  it('omits the device when filtered by it, prints /32 routes bare and blackholes without a device', () => {
    expect(formatIpRoute(ns.routes, 'flannel.1')).toBe('10.244.1.0/24 via 10.244.1.0 onlink\n10.244.2.0/24 via 10.244.2.0 onlink\n');
    expect(formatIpRoute([{ dst: '10.122.36.69/32', dev: 'cali08440ddce5b', scope: 'link' }, { type: 'blackhole', dst: '10.122.36.64/26', proto: 'bird' }]))
      .toBe('blackhole 10.122.36.64/26 proto bird\n10.122.36.69 dev cali08440ddce5b scope link\n');
  });

  it('lists a longer prefix before a shorter one with the same address', () => {
    expect(formatIpRoute([{ dst: '10.244.0.0/16', via: '10.244.0.1', dev: 'eth0' }, { dst: '10.244.0.0/24', dev: 'eth0', proto: 'kernel', scope: 'link', src: '10.244.0.5' }]))
      .toBe('10.244.0.0/24 dev eth0 proto kernel scope link src 10.244.0.5\n10.244.0.0/16 via 10.244.0.1 dev eth0\n');
  });

  it('looks up the longest matching prefix and the source address', () => {
    const node = referenceNode();
    node.routes.push(...ns.routes);
    expect(lookupRoute(node, '10.244.2.5')).toMatchObject({ route: { via: '10.244.2.0', dev: 'flannel.1' }, src: '10.244.0.0' });
    expect(lookupRoute(node, '10.244.0.9').route?.dev).toBe('cni0');
    expect(lookupRoute(node, '8.8.8.8').route?.dst).toBe('default');
    expect(lookupRoute(node, '10.244.0.1').local?.name).toBe('cni0');
  });
});

describe('ip neigh and bridge fdb', () => {
  it('prints neighbours with and without the device column', () => {
    const n = [{ dst: '10.244.2.0', dev: 'flannel.1', lladdr: '86:22:66:41:77:3d', state: 'PERMANENT' as const }, { dst: '192.168.122.1', dev: 'ens3', lladdr: '52:54:00:9b:31:ff', state: 'REACHABLE' as const }];
    expect(formatIpNeigh(n)).toBe('10.244.2.0 dev flannel.1 lladdr 86:22:66:41:77:3d PERMANENT\n192.168.122.1 dev ens3 lladdr 52:54:00:9b:31:ff REACHABLE\n');
    expect(formatIpNeigh(n, 'flannel.1')).toBe('10.244.2.0 lladdr 86:22:66:41:77:3d PERMANENT\n');
  });

  it('prints FDB entries as bridge fdb show does, dropping the dev column for `dev X`', () => {
    const fdb = [
      { mac: '92:1b:d8:d1:19:96', dev: 'flannel.1', dst: '192.168.2.201', self: true, permanent: true },
      { mac: '33:33:00:00:00:01', dev: 'cni0', self: true, permanent: true },
      { mac: '86:61:8c:f7:3e:9c', dev: 'cni0', vlan: 1, master: 'cni0', permanent: true },
      { mac: '7a:74:56:6b:40:e8', dev: 'veth8ea02941', master: 'cni0' },
    ];
    expect(formatBridgeFdb(fdb)).toBe(`92:1b:d8:d1:19:96 dev flannel.1 dst 192.168.2.201 self permanent
33:33:00:00:00:01 dev cni0 self permanent
86:61:8c:f7:3e:9c dev cni0 vlan 1 master cni0 permanent
7a:74:56:6b:40:e8 dev veth8ea02941 master cni0
`);
    expect(formatBridgeFdb(fdb, { dev: 'flannel.1' })).toBe('92:1b:d8:d1:19:96 dst 192.168.2.201 self permanent\n');
    expect(formatBridgeFdb(fdb, { br: 'cni0' }).split('\n')).toHaveLength(4);
  });
});
