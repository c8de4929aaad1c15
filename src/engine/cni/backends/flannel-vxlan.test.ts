import { describe, expect, it } from 'vitest';
import { linkByName, newNetNamespace } from '../../linux/netns';
import { iptablesSave } from '../../linux/netfilter/iptables-save';
import type { ClusterFacts, NodeFacts } from '../types';
import { FlannelVxlan, vtepMac } from './flannel-vxlan';

const nodes: NodeFacts[] = [
  { name: 'node-1', internalIP: '192.168.49.3', podCIDR: '10.244.1.0/24' },
  { name: 'node-2', internalIP: '192.168.49.4', podCIDR: '10.244.2.0/24' },
  { name: 'node-3', internalIP: '192.168.49.5', podCIDR: '10.244.3.0/24' },
  { name: 'node-4', internalIP: '192.168.49.6' },
];
const cluster: ClusterFacts = { nodes, clusterCIDR: '10.244.0.0/16', underlay: { cidr: '192.168.49.0/24', gateway: '192.168.49.1', mtu: 1500 } };

function setUp(name: string) {
  const host = newNetNamespace('');
  new FlannelVxlan().setUpNode(host, nodes.find((n) => n.name === name)!, cluster);
  return host;
}

describe('flannel VXLAN back end', () => {
  it('creates flannel.1: VNI 1, UDP 8472, no learning, MTU 1450, <podCIDR network>/32', () => {
    const vtep = linkByName(setUp('node-1'), 'flannel.1')!;
    expect(vtep).toMatchObject({ kind: 'vxlan', mtu: 1450, state: 'UNKNOWN', mac: vtepMac('node-1'), vxlan: { id: 1, local: '192.168.49.3', dev: 'eth0', dstPort: 8472, learning: false } });
    expect(vtep.addresses[0]).toEqual({ family: 'inet', local: '10.244.1.0', prefixLen: 32, scope: 'global' });
  });

  it.each([
    ['node-1', ['10.244.2.0/24', '10.244.3.0/24']],
    ['node-2', ['10.244.1.0/24', '10.244.3.0/24']],
    ['node-3', ['10.244.1.0/24', '10.244.2.0/24']],
  ])('routes %s to every other node\'s podCIDR via its VTEP address, onlink', (name, dsts) => {
    const host = setUp(name);
    expect(host.routes).toEqual(dsts.map((dst) => ({ dst, via: dst.replace('/24', ''), dev: 'flannel.1', onlink: true })));
  });

  it('programs a permanent ARP entry and an FDB entry per remote node (VTEP MAC -> node IP)', () => {
    const host = setUp('node-1');
    expect(host.neighbours).toEqual([
      { dst: '10.244.2.0', dev: 'flannel.1', lladdr: vtepMac('node-2'), state: 'PERMANENT' },
      { dst: '10.244.3.0', dev: 'flannel.1', lladdr: vtepMac('node-3'), state: 'PERMANENT' },
    ]);
    expect(host.fdb).toEqual([
      { mac: vtepMac('node-2'), dev: 'flannel.1', dst: '192.168.49.4', self: true, permanent: true },
      { mac: vtepMac('node-3'), dev: 'flannel.1', dst: '192.168.49.5', self: true, permanent: true },
    ]);
  });

  it('writes flanneld\'s masquerade rules (nat first, as SetupAndEnsureMasqRules runs first) and forward rules as the modern k3s dump shows them', () => {
    const text = iptablesSave(setUp('node-1').netfilter, { epochMs: 0 });
    const rules = text.split('\n').filter((l) => l.includes('flanneld'));
    expect(rules).toEqual([
      '-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG',
      '-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment "flanneld masq" -j RETURN',
      '-A FLANNEL-POSTRTG -s 10.244.1.0/24 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j RETURN',
      '-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.1.0/24 -m comment --comment "flanneld masq" -j RETURN',
      '-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.1.0/24 -m comment --comment "flanneld masq" -j RETURN',
      '-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully',
      '-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully',
      '-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD',
      '-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT',
      '-A FLANNEL-FWD -d 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT',
    ]);
  });

  it('does nothing on a node without a podCIDR (flanneld waits for one)', () => {
    const host = setUp('node-4');
    expect(host.links).toEqual([]);
    expect(host.routes).toEqual([]);
    expect(host.netfilter.tables).toEqual([]);
  });
});
