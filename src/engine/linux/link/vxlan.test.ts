// VXLAN encapsulation from flanneld's neighbour and FDB entries.
import { describe, expect, it } from 'vitest';
import { addLink, newNetNamespace } from '../netns';
import { newPacket } from '../packet';
import { flowSourcePort, vxlanEncap } from './vxlan';

describe('vxlanEncap', () => {
  const ns = newNetNamespace('');
  addLink(ns, { name: 'eth0', kind: 'ethernet', mac: '02:00:00:00:00:01', mtu: 1500, flags: [], qdisc: 'fq_codel', state: 'UP', addresses: [{ family: 'inet', local: '192.168.49.3', prefixLen: 24, scope: 'global' }] });
  const vtep = addLink(ns, {
    name: 'flannel.1', kind: 'vxlan', mac: '02:00:00:00:00:02', mtu: 1450, flags: [], qdisc: 'noqueue', state: 'UNKNOWN', addresses: [],
    vxlan: { id: 1, local: '192.168.49.3', dev: 'eth0', dstPort: 8472, learning: false },
  });
  ns.neighbours.push({ dst: '10.244.2.0', dev: 'flannel.1', lladdr: '0e:00:00:00:00:22', state: 'PERMANENT' });
  ns.fdb.push({ mac: '0e:00:00:00:00:22', dev: 'flannel.1', dst: '192.168.49.4', self: true, permanent: true });
  const inner = newPacket({ src: '10.244.1.2', dst: '10.244.2.5', proto: 'TCP', sport: 40000, dport: 80 });

  it('neighbour gives the inner MAC, FDB the remote VTEP; UDP/8472 VNI 1 between node IPs', () => {
    const enc = vxlanEncap(ns, vtep, '10.244.2.0', inner, (ip) => (ip === '192.168.49.4' ? '02:00:00:00:00:44' : undefined))!;
    expect(enc.neighRule).toBe('10.244.2.0 dev flannel.1 lladdr 0e:00:00:00:00:22 PERMANENT');
    expect(enc.fdbRule).toBe('0e:00:00:00:00:22 dev flannel.1 dst 192.168.49.4 self permanent');
    expect(enc.outer).toMatchObject({ kind: 'vxlan', ip: { src: '192.168.49.3', dst: '192.168.49.4', proto: 'UDP' }, udp: { dport: 8472 }, vni: 1, eth: { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:44' } });
    expect(enc.outer.udp!.sport).toBe(flowSourcePort(inner));
    expect(enc.outer.udp!.sport).toBeGreaterThanOrEqual(32768);
  });

  it('no neighbour entry: no encapsulation', () => {
    expect(vxlanEncap(ns, vtep, '10.244.9.0', inner, () => undefined)).toBeUndefined();
  });
});
