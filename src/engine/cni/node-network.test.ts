import { describe, expect, it } from 'vitest';
import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { ClusterNetworkState } from './types';
import { deriveNodeNetwork, nodeNetwork, runNodeShell, runPodShell, underlayOf } from './node-network';
import { hostVethName } from './plugins/main/bridge/bridge';

function node(name: string, ip: string, podCIDR?: string, controlPlane = false): Node {
  return {
    metadata: { name, labels: controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {} },
    spec: podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {},
    status: { addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }] },
  };
}

function pod(name: string, nodeName: string | undefined, podIP?: string, extra: Partial<Pod['spec']> = {}, phase = 'Running'): Pod {
  return {
    metadata: { namespace: 'default', name, uid: `uid-${name}` },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...(nodeName ? { nodeName } : {}), ...extra },
    status: { phase, ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}) },
  };
}

const services: Service[] = [{ metadata: { namespace: 'default', name: 'web' }, spec: { clusterIP: '10.96.50.50', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } }];
const slices: EndpointSlice[] = [{
  addressType: 'IPv4', metadata: { namespace: 'default', name: 'web-x', labels: { 'kubernetes.io/service-name': 'web' } },
  ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
  endpoints: [{ addresses: ['10.244.1.2'], nodeName: 'node-1', conditions: { ready: true } }, { addresses: ['10.244.2.2'], nodeName: 'node-2', conditions: { ready: true } }],
}];

function state(over: Partial<ClusterNetworkState> = {}): ClusterNetworkState {
  return {
    nodes: [node('control-plane', '192.168.49.2', '10.244.0.0/24', true), node('node-1', '192.168.49.3', '10.244.1.0/24'), node('node-2', '192.168.49.4', '10.244.2.0/24'), node('node-3', '192.168.49.5', '10.244.3.0/24')],
    pods: [
      pod('web-a', 'node-1', '10.244.1.2'),
      pod('web-c', 'node-1', '10.244.1.4'),
      pod('web-b', 'node-2', '10.244.2.2'),
      pod('pending', undefined),
      pod('creating', 'node-1'),
      pod('done', 'node-1', '10.244.1.3', {}, 'Succeeded'),
      pod('hostnet', 'node-1', '192.168.49.3', { hostNetwork: true }),
    ],
    services,
    endpointSlices: slices,
    clusterCIDR: '10.244.0.0/16',
    serviceCIDR: '10.96.0.0/12',
    epochMs: Date.UTC(2026, 0, 5, 9, 0, 0),
    ...over,
  };
}

describe('deriveNodeNetwork', () => {
  it.each([
    ['node-1', '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1', ['10.244.0.0', '10.244.2.0', '10.244.3.0']],
    ['node-2', '10.244.2.0/24 dev cni0 proto kernel scope link src 10.244.2.1', ['10.244.0.0', '10.244.1.0', '10.244.3.0']],
    ['node-3', undefined, ['10.244.0.0', '10.244.1.0', '10.244.2.0']],
  ])('gives %s its bridge route (when it has pods) and a flannel.1 route to each other node', (name, bridgeRoute, peers) => {
    const out = runNodeShell(state(), name, 'ip route').stdout.split('\n').filter(Boolean);
    expect(out[0]).toBe('default via 192.168.49.1 dev eth0 proto static');
    for (const p of peers) expect(out).toContain(`${p}/24 via ${p} dev flannel.1 onlink`);
    if (bridgeRoute) expect(out).toContain(bridgeRoute);
    else expect(out.some((l) => l.includes('cni0'))).toBe(false);
    expect(out[out.length - 1]).toMatch(/^192\.168\.49\.0\/24 dev eth0 proto kernel scope link src 192\.168\.49\.\d$/);
  });

  it('numbers lo, eth0, flannel.1, cni0, then one veth per running pod in address order', () => {
    const net = deriveNodeNetwork(state(), 'node-1')!;
    expect(net.host.links.map((l) => `${l.index}:${l.name}`)).toEqual(['1:lo', '2:eth0', '3:flannel.1', '4:cni0', `5:${hostVethName('uid-web-a')}`, `7:${hostVethName('uid-web-c')}`]);
    expect(Object.keys(net.pods).sort()).toEqual(['default/web-a', 'default/web-c']);
    expect(net.pods['default/web-c'].links[1].peer).toEqual({ ifindex: 7, netnsId: 0 });
  });

  it('gives two sandboxes with the same address (one still terminating) distinct veth indexes', () => {
    const s = state({ pods: [pod('old', 'node-1', '10.244.1.2'), pod('new', 'node-1', '10.244.1.2')] });
    const idx = deriveNodeNetwork(s, 'node-1')!.host.links.filter((l) => l.kind === 'veth').map((l) => l.index);
    expect(idx).toEqual([5, 6]);
  });

  it('is a pure function of the objects', () => {
    expect(deriveNodeNetwork(state(), 'node-1')).toEqual(deriveNodeNetwork(state(), 'node-1'));
  });

  it('knows the underlay from the node IPs', () => {
    expect(underlayOf([{ name: 'a', internalIP: '192.168.49.2' }, { name: 'b', internalIP: '192.168.49.200' }])).toEqual({ cidr: '192.168.49.0/24', gateway: '192.168.49.1', mtu: 1500 });
    expect(underlayOf([{ name: 'a', internalIP: '192.168.49.2' }, { name: 'b', internalIP: '192.168.50.1' }]).cidr).toBe('192.168.48.0/22');
  });

  it('leaves a node without a podCIDR with only lo and eth0', () => {
    const s = state({ nodes: [...state().nodes, node('node-9', '192.168.49.9')] });
    expect(runNodeShell(s, 'node-9', 'ip -br link').stdout.split('\n').filter(Boolean).map((l) => l.split(' ')[0])).toEqual(['lo', 'eth0']);
    expect(runNodeShell(s, 'node-1', 'ip route').stdout).not.toContain('via 192.168.49.9');
  });

  it('caches per revision and recomputes when the revision changes', () => {
    const key = {};
    const a = nodeNetwork(state({ revision: 7 }), 'node-1', key);
    expect(nodeNetwork(state({ revision: 7 }), 'node-1', key)).toBe(a);
    expect(nodeNetwork(state({ revision: 8 }), 'node-1', key)).not.toBe(a);
  });
});

describe('runNodeShell', () => {
  it('shows kube-proxy, flannel and kubelet rules in iptables-save, KUBE-FIREWALL after kube-proxy\'s jumps', () => {
    const r = runNodeShell(state(), 'node-1', 'iptables-save');
    expect(r.stdout.split('\n')[0]).toBe('# Generated by iptables-save v1.8.10 (nf_tables) on Mon Jan  5 09:00:00 2026');
    expect(r.stdout.match(/^\*\w+$/gm)).toEqual(['*mangle', '*filter', '*nat']);
    const input = r.stdout.split('\n').filter((l) => l.startsWith('-A INPUT '));
    expect(input[input.length - 1]).toBe('-A INPUT -j KUBE-FIREWALL');
    expect(r.stdout).toContain('-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG');
    expect(r.stdout).toContain('-A KUBE-SERVICES -d 10.96.50.50/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-');
  });

  it('shows flannel\'s neighbours and FDB entries, and bridge ports', () => {
    expect(runNodeShell(state(), 'node-1', 'ip neigh show dev flannel.1').stdout.split('\n').filter(Boolean)).toHaveLength(3);
    expect(runNodeShell(state(), 'node-1', 'bridge fdb show dev flannel.1').stdout).toMatch(/^([0-9a-f:]{17} dst 192\.168\.49\.\d self permanent\n){3}$/);
    expect(runNodeShell(state(), 'node-1', 'bridge link').stdout).toContain(`5: ${hostVethName('uid-web-a')}@eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 master cni0 state forwarding priority 32 cost 2`);
  });

  it('answers an unknown node as kubectl would', () => {
    expect(runNodeShell(state(), 'node-9', 'ip addr')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): nodes "node-9" not found\n', exitCode: 1 });
  });
});

describe('runPodShell', () => {
  it('shows the pod side of the veth and its routes', () => {
    const addr = runPodShell(state(), 'default/web-c', 'ip addr').stdout;
    expect(addr).toContain('2: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000');
    expect(addr).toContain('link-netnsid 0');
    expect(addr).toContain('    inet 10.244.1.4/24 brd 10.244.1.255 scope global eth0');
    expect(runPodShell(state(), 'web-c', 'ip route').stdout).toBe('default via 10.244.1.1 dev eth0\n10.244.0.0/16 via 10.244.1.1 dev eth0\n10.244.1.0/24 dev eth0 proto kernel scope link src 10.244.1.4\n');
  });

  it('runs hostNetwork pods in the node\'s namespace', () => {
    expect(runPodShell(state(), 'default/hostnet', 'ip -br addr').stdout).toContain('flannel.1');
  });

  it('refuses pods without a sandbox network and unknown pods', () => {
    expect(runPodShell(state(), 'default/creating', 'ip addr')).toEqual({ stdout: '', stderr: 'error: unable to upgrade connection: container not found ("app")\n', exitCode: 1 });
    expect(runPodShell(state(), 'default/done', 'ip addr').exitCode).toBe(1);
    expect(runPodShell(state(), 'default/nope', 'ip addr')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 1 });
  });
});
