// Every CNI back end on a 3-worker cluster: node routes, devices and pod wiring, in the formats the
// reference outputs (shared/reference/node-network.md sections 3-4) show.
import { describe, expect, it } from 'vitest';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { cniBackend, runNodeShell, runPodShell } from '../node-network';
import type { ClusterNetworkState, CniBackendName } from '../types';
import { CNI_BACKEND_NAMES } from '../types';
import { caliVethName } from '../plugins/main/calico/calico';
import { felixRuleId } from './calico';

function node(name: string, ip: string, podCIDR: string, controlPlane = false): Node {
  return {
    metadata: { name, labels: controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {} },
    spec: { podCIDR, podCIDRs: [podCIDR] },
    status: { addresses: [{ type: 'InternalIP', address: ip }] },
  };
}

function pod(name: string, nodeName: string, podIP: string): Pod {
  return { metadata: { namespace: 'default', name, uid: `uid-${name}` }, spec: { nodeName, containers: [{ name: 'app', image: 'nginx' }] }, status: { phase: 'Running', podIP, podIPs: [{ ip: podIP }] } };
}

function state(cni: CniBackendName): ClusterNetworkState {
  return {
    nodes: [node('control-plane', '192.168.49.2', '10.244.0.0/24', true), node('node-1', '192.168.49.3', '10.244.1.0/24'), node('node-2', '192.168.49.4', '10.244.2.0/24'), node('node-3', '192.168.49.5', '10.244.3.0/24')],
    pods: [pod('a', 'node-1', '10.244.1.2'), pod('b', 'node-1', '10.244.1.3'), pod('c', 'node-2', '10.244.2.2')],
    services: [],
    endpointSlices: [],
    clusterCIDR: '10.244.0.0/16',
    serviceCIDR: '10.96.0.0/12',
    epochMs: 0,
    cni,
  };
}

const routes = (cni: CniBackendName, nodeName = 'node-1') => runNodeShell(state(cni), nodeName, 'ip route').stdout;
const UNDERLAY = ['default via 192.168.49.1 dev eth0 proto static', '192.168.49.0/24 dev eth0 proto kernel scope link src 192.168.49.3'];
const CNI0 = '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1';
const caliA = caliVethName('default/a');
const caliB = caliVethName('default/b');

describe('CNI back ends', () => {
  it('builds each named back end', () => {
    for (const name of CNI_BACKEND_NAMES) expect(cniBackend(name).name).toBe(name);
  });

  it('flannel-vxlan (default): routes via flannel.1 onlink to each VTEP', () => {
    expect(routes('flannel-vxlan')).toBe([UNDERLAY[0], '10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink', CNI0, '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink', '10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink', UNDERLAY[1], ''].join('\n'));
  });

  it('flannel-host-gw: remote podCIDRs via the node IPs on eth0, no flannel.1', () => {
    expect(routes('flannel-host-gw')).toBe([UNDERLAY[0], '10.244.0.0/24 via 192.168.49.2 dev eth0', CNI0, '10.244.2.0/24 via 192.168.49.4 dev eth0', '10.244.3.0/24 via 192.168.49.5 dev eth0', UNDERLAY[1], ''].join('\n'));
    expect(runNodeShell(state('flannel-host-gw'), 'node-1', 'ip -br link').stdout).not.toContain('flannel');
    expect(runNodeShell(state('flannel-host-gw'), 'node-1', 'ip link show cni0').stdout).toContain('mtu 1500');
  });

  it('flannel-udp: flannel0 TUN holding the lease address with the Network prefix, MTU 1472', () => {
    expect(routes('flannel-udp')).toBe([UNDERLAY[0], '10.244.0.0/16 dev flannel0 proto kernel scope link src 10.244.1.0', CNI0, UNDERLAY[1], ''].join('\n'));
    const addr = runNodeShell(state('flannel-udp'), 'node-1', 'ip addr show flannel0').stdout;
    expect(addr).toBe([
      '3: flannel0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1472 qdisc fq_codel state UNKNOWN group default qlen 500',
      '    link/none',
      '    inet 10.244.1.0/16 scope global flannel0',
      '       valid_lft forever preferred_lft forever',
      '',
    ].join('\n'));
    expect(runPodShell(state('flannel-udp'), 'default/a', 'ip link show eth0').stdout).toContain('mtu 1472');
  });

  it('calico-bgp: no cni0, a /32 per local pod to its cali veth, blackhole for the own block, peers via eth0 proto bird', () => {
    expect(routes('calico-bgp')).toBe([
      UNDERLAY[0],
      '10.244.0.0/24 via 192.168.49.2 dev eth0 proto bird onlink',
      'blackhole 10.244.1.0/24 proto bird',
      `10.244.1.2 dev ${caliA} scope link`,
      `10.244.1.3 dev ${caliB} scope link`,
      '10.244.2.0/24 via 192.168.49.4 dev eth0 proto bird onlink',
      '10.244.3.0/24 via 192.168.49.5 dev eth0 proto bird onlink',
      UNDERLAY[1],
      '',
    ].join('\n'));
    expect(caliA).toMatch(/^cali[0-9a-f]{11}$/);
    const links = runNodeShell(state('calico-bgp'), 'node-1', 'ip -br link').stdout;
    expect(links).not.toContain('cni0');
    expect(links).not.toContain('tunl0');
    const veth = runNodeShell(state('calico-bgp'), 'node-1', `ip addr show ${caliA}`).stdout.split('\n');
    expect(veth[0]).toBe(`5: ${caliA}@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default`);
    expect(veth[1]).toMatch(/^ {4}link\/ether ee:ee:ee:ee:ee:ee brd ff:ff:ff:ff:ff:ff link-netns cni-/);
    expect(veth[2]).toBe('    inet6 fe80::ecee:eeff:feee:eeee/64 scope link proto kernel_ll');
  });

  it('calico pods: a /32 address and a default route via 169.254.1.1', () => {
    expect(runPodShell(state('calico-bgp'), 'default/a', 'ip -4 addr show eth0').stdout).toContain('    inet 10.244.1.2/32 scope global eth0\n');
    expect(runPodShell(state('calico-bgp'), 'default/a', 'ip route').stdout).toBe('default via 169.254.1.1 dev eth0\n169.254.1.1 dev eth0 scope link\n');
    expect(runPodShell(state('calico-bgp'), 'default/a', 'ip neigh').stdout).toBe('169.254.1.1 dev eth0 lladdr ee:ee:ee:ee:ee:ee REACHABLE\n');
  });

  it('calico-ipip: remote blocks via tunl0 proto bird onlink; tunl0 holds the block\'s first address, MTU 1480', () => {
    const r = routes('calico-ipip').split('\n');
    expect(r).toContain('10.244.2.0/24 via 192.168.49.4 dev tunl0 proto bird onlink');
    expect(r).toContain('10.244.0.0/24 via 192.168.49.2 dev tunl0 proto bird onlink');
    expect(r).toContain('blackhole 10.244.1.0/24 proto bird');
    expect(runNodeShell(state('calico-ipip'), 'node-1', 'ip route | grep bird').stdout.split('\n').filter(Boolean)).toHaveLength(4);
    expect(runNodeShell(state('calico-ipip'), 'node-1', 'ip addr show tunl0').stdout).toBe([
      '3: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1480 qdisc noqueue state UNKNOWN group default qlen 1000',
      '    link/ipip 0.0.0.0 brd 0.0.0.0',
      '    inet 10.244.1.0/32 scope global tunl0',
      '       valid_lft forever preferred_lft forever',
      '',
    ].join('\n'));
    expect(runPodShell(state('calico-ipip'), 'default/a', 'ip link show eth0').stdout).toContain('mtu 1480');
  });

  it('calico: a node without pods still has its blackhole and peers; Felix\'s chains and NAT outgoing', () => {
    expect(routes('calico-bgp', 'node-3').split('\n')).toContain('blackhole 10.244.3.0/24 proto bird');
    const save = runNodeShell(state('calico-bgp'), 'node-1', 'iptables-save').stdout;
    expect(save).toContain(`-A cali-nat-outgoing -s 10.244.0.0/16 ! -d 10.244.0.0/16 -m comment --comment "${felixRuleId('nat/cali-nat-outgoing/0')}" -j MASQUERADE --random-fully`);
    expect(save).toContain(`-A cali-from-wl-dispatch -i ${caliA} -m comment --comment "cali:`);
    expect(save).toContain(`-g cali-tw-${caliB}`);
    expect(save).not.toContain('FLANNEL');
    expect(felixRuleId('x')).toMatch(/^cali:[A-Za-z0-9_-]{16}$/);
  });

  it('canal: flannel VXLAN routing with cali veths (no cni0) and Felix\'s policy chains, flannel\'s masquerade', () => {
    const r = routes('canal').split('\n');
    expect(r).toContain('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink');
    expect(r).toContain(`10.244.1.2 dev ${caliA} scope link`);
    expect(r.some((l) => l.includes('cni0') || l.includes('bird'))).toBe(false);
    const save = runNodeShell(state('canal'), 'node-1', 'iptables-save').stdout;
    expect(save).toContain('-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD');
    expect(save).toContain(':cali-FORWARD - [0:0]');
    expect(save).not.toContain('cali-nat-outgoing');
    expect(runPodShell(state('canal'), 'default/a', 'ip link show eth0').stdout).toContain('mtu 1450');
  });
});

describe('Felix hooks', () => {
  it.each(['calico-bgp', 'calico-ipip', 'canal'] as const)('%s: Felix\'s jumps come first in INPUT, FORWARD, OUTPUT and nat PREROUTING/POSTROUTING', (cni) => {
    const save = runNodeShell(state(cni), 'node-1', 'iptables-save').stdout.split('\n');
    for (const [builtin, chain] of [['INPUT', 'cali-INPUT'], ['FORWARD', 'cali-FORWARD'], ['OUTPUT', 'cali-OUTPUT'], ['PREROUTING', 'cali-PREROUTING'], ['POSTROUTING', 'cali-POSTROUTING']]) {
      const first = save.find((l) => l.startsWith(`-A ${builtin} `));
      expect(first).toMatch(new RegExp(`^-A ${builtin} -m comment --comment "cali:[A-Za-z0-9_-]{16}" -j ${chain}$`));
    }
  });

  it('flannel back ends have no Felix chains', () => {
    for (const cni of ['flannel-vxlan', 'flannel-udp', 'flannel-host-gw'] as const) expect(runNodeShell(state(cni), 'node-1', 'iptables-save').stdout).not.toContain('cali-');
  });
});
