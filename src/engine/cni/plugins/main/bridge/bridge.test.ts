import { describe, expect, it } from 'vitest';
import { addLoopback, linkByName, newNetNamespace } from '../../../../linux/netns';
import type { BridgeNetConf } from './bridge';
import { cmdAdd, hostVethName, sandboxNetnsName } from './bridge';

const conf: BridgeNetConf = { bridge: 'cni0', mtu: 1450, isGateway: true, isDefaultGateway: true, hairpinMode: true, ipam: { subnet: '10.244.1.0/24', routes: [{ dst: '10.244.0.0/16' }] } };

function host() {
  const ns = newNetNamespace('');
  addLoopback(ns);
  return ns;
}

describe('bridge plugin cmdAdd', () => {
  it('creates cni0 with the gateway address on the first ADD only', () => {
    const h = host();
    cmdAdd(h, conf, { nodeName: 'node-1', podUID: 'uid-a', podIP: '10.244.1.2', ifName: 'eth0', hostIfindex: 5 });
    cmdAdd(h, conf, { nodeName: 'node-1', podUID: 'uid-b', podIP: '10.244.1.3', ifName: 'eth0', hostIfindex: 6 });
    expect(h.links.filter((l) => l.kind === 'bridge')).toHaveLength(1);
    const br = linkByName(h, 'cni0')!;
    expect(br.addresses[0]).toMatchObject({ local: '10.244.1.1', prefixLen: 24, broadcast: '10.244.1.255' });
    expect(h.routes).toEqual([{ dst: '10.244.1.0/24', dev: 'cni0', proto: 'kernel', scope: 'link', src: '10.244.1.1' }]);
  });

  it('wires a veth pair: eth0@if<host index> in the sandbox, veth<8 hex>@if2 on cni0', () => {
    const h = host();
    const pod = cmdAdd(h, conf, { nodeName: 'node-1', podUID: 'uid-a', podIP: '10.244.1.2', ifName: 'eth0', hostIfindex: 7 });
    const eth0 = linkByName(pod, 'eth0')!;
    const veth = linkByName(h, hostVethName('uid-a'))!;
    expect(veth.name).toMatch(/^veth[0-9a-f]{8}$/);
    expect(eth0).toMatchObject({ index: 2, peer: { ifindex: 7, netnsId: 0 }, mtu: 1450 });
    expect(veth).toMatchObject({ index: 7, master: 'cni0', peer: { ifindex: 2, netns: sandboxNetnsName('uid-a') } });
    expect(pod.name).toMatch(/^cni-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(eth0.addresses[0]).toMatchObject({ local: '10.244.1.2', prefixLen: 24, broadcast: '10.244.1.255', scope: 'global' });
    expect(eth0.mac).not.toBe(veth.mac);
  });

  it('gives the pod a connected route, the flannel network and a default route via cni0', () => {
    const pod = cmdAdd(host(), conf, { nodeName: 'node-1', podUID: 'uid-a', podIP: '10.244.1.2', ifName: 'eth0', hostIfindex: 5 });
    expect(pod.routes).toEqual([
      { dst: '10.244.1.0/24', dev: 'eth0', proto: 'kernel', scope: 'link', src: '10.244.1.2' },
      { dst: '10.244.0.0/16', via: '10.244.1.1', dev: 'eth0' },
      { dst: 'default', via: '10.244.1.1', dev: 'eth0' },
    ]);
  });

  it('is deterministic: the same pod gets the same names and MACs, another pod different ones', () => {
    const a1 = cmdAdd(host(), conf, { nodeName: 'node-1', podUID: 'uid-a', podIP: '10.244.1.2', ifName: 'eth0', hostIfindex: 5 });
    const a2 = cmdAdd(host(), conf, { nodeName: 'node-1', podUID: 'uid-a', podIP: '10.244.1.2', ifName: 'eth0', hostIfindex: 5 });
    const b = cmdAdd(host(), conf, { nodeName: 'node-1', podUID: 'uid-b', podIP: '10.244.1.2', ifName: 'eth0', hostIfindex: 5 });
    expect(a1).toEqual(a2);
    expect(linkByName(b, 'eth0')!.mac).not.toBe(linkByName(a1, 'eth0')!.mac);
    expect(hostVethName('uid-a')).not.toBe(hostVethName('uid-b'));
  });

  it('lists the port and the bridge in the FDB as bridge fdb shows them', () => {
    const h = host();
    cmdAdd(h, conf, { nodeName: 'node-1', podUID: 'uid-a', podIP: '10.244.1.2', ifName: 'eth0', hostIfindex: 5 });
    const veth = hostVethName('uid-a');
    const mac = linkByName(h, veth)!.mac;
    expect(h.fdb.filter((e) => e.dev === veth)).toEqual([
      { mac, dev: veth, vlan: 1, master: 'cni0', permanent: true },
      { mac, dev: veth, master: 'cni0', permanent: true },
      { mac: '33:33:00:00:00:01', dev: veth, self: true, permanent: true },
      { mac: '01:00:5e:00:00:01', dev: veth, self: true, permanent: true },
      { mac: `33:33:ff:${mac.slice(9)}`, dev: veth, self: true, permanent: true },
    ]);
  });
});
