// The back ends on a routed node network (two /24 segments behind one router): which routes each
// node agent can install to peers on the other subnet, and what it logs when it cannot.
import { describe, expect, it } from 'vitest';
import type { Node } from 'kubernetes-types/core/v1';
import { deriveNodeNetwork, runNodeShell, underlayOf } from '../node-network';
import type { ClusterNetworkState, CniBackendName } from '../types';
import { onSameSegment, segmentOf } from '../types';

function node(name: string, ip: string, podCIDR: string, controlPlane = false): Node {
  return {
    metadata: { name, creationTimestamp: '2026-01-05T09:00:00Z', labels: controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {} },
    spec: { podCIDR, podCIDRs: [podCIDR] },
    status: { addresses: [{ type: 'InternalIP', address: ip }] },
  };
}

const NODES = [node('control-plane', '192.168.49.2', '10.244.0.0/24', true), node('node-1', '192.168.49.3', '10.244.1.0/24'), node('node-2', '192.168.50.3', '10.244.2.0/24'), node('node-3', '192.168.49.4', '10.244.3.0/24')];

function state(cni: CniBackendName, nodeSubnets = 2): ClusterNetworkState {
  return { nodes: NODES, pods: [], services: [], endpointSlices: [], clusterCIDR: '10.244.0.0/16', serviceCIDR: '10.96.0.0/12', epochMs: Date.UTC(2026, 0, 5, 9, 5), cni, nodeSubnets };
}

const routes = (cni: CniBackendName, name: string, subnets = 2) => runNodeShell(state(cni, subnets), name, 'ip route').stdout.split('\n').filter(Boolean);

describe('underlayOf', () => {
  const facts = NODES.map((n) => ({ name: n.metadata!.name!, internalIP: n.status!.addresses![0].address }));

  it('one subnet: the covering prefix as one L2 segment (today\'s behaviour)', () => {
    expect(underlayOf(facts)).toEqual({ cidr: '192.168.48.0/22', gateway: '192.168.49.1', mtu: 1500 });
    expect(onSameSegment(underlayOf(facts), '192.168.49.3', '192.168.50.3')).toBe(true);
  });

  it('two subnets: one /24 segment per subnet, each with its gateway .1 on its own router port', () => {
    const u = underlayOf(facts, 2);
    expect(u.segments).toEqual([
      { cidr: '192.168.49.0/24', gateway: '192.168.49.1', routerPort: 'eth0' },
      { cidr: '192.168.50.0/24', gateway: '192.168.50.1', routerPort: 'eth1' },
    ]);
    expect(segmentOf(u, '192.168.50.3').gateway).toBe('192.168.50.1');
    expect(onSameSegment(u, '192.168.49.3', '192.168.49.4')).toBe(true);
    expect(onSameSegment(u, '192.168.49.3', '192.168.50.3')).toBe(false);
  });

  it('two subnets asked for but every node on one: still one segment', () => {
    expect(underlayOf(facts.filter((f) => f.internalIP.startsWith('192.168.49.')), 2).segments).toBeUndefined();
  });
});

describe('the machine on its own subnet', () => {
  it('eth0 holds the node\'s /24, the default route and the ARP entry name that subnet\'s gateway', () => {
    const r = routes('flannel-vxlan', 'node-2');
    expect(r).toContain('default via 192.168.50.1 dev eth0 proto static');
    expect(r).toContain('192.168.50.0/24 dev eth0 proto kernel scope link src 192.168.50.3');
    const neigh = runNodeShell(state('flannel-vxlan'), 'node-2', 'ip neigh').stdout;
    expect(neigh).toMatch(/^192\.168\.50\.1 dev eth0 lladdr [0-9a-f:]+ REACHABLE$/m);
    // The control plane is behind the router now: its MAC is never learned on node-2.
    expect(neigh).not.toContain('192.168.49.2');
  });
});

describe('flannel host-gw', () => {
  it('routes to peers on its own subnet only; the kernel refuses the others and flanneld logs it', () => {
    expect(routes('flannel-host-gw', 'node-1').filter((l) => l.includes(' via 192.168.'))).toEqual([
      'default via 192.168.49.1 dev eth0 proto static',
      '10.244.0.0/24 via 192.168.49.2 dev eth0',
      '10.244.3.0/24 via 192.168.49.4 dev eth0',
    ]);
    expect(deriveNodeNetwork(state('flannel-host-gw'), 'node-1')?.warnings).toEqual([
      { unit: 'flanneld', source: 'route_network.go', message: 'Error adding route to 10.244.2.0/24 via 192.168.50.3: network is unreachable', atMs: Date.UTC(2026, 0, 5, 9, 0) },
    ]);
    // node-2 alone on its subnet: no route at all, three errors.
    expect(routes('flannel-host-gw', 'node-2').filter((l) => l.startsWith('10.244.') && l.includes(' via '))).toEqual([]);
    expect(deriveNodeNetwork(state('flannel-host-gw'), 'node-2')?.warnings?.map((w) => w.message)).toEqual([
      'Error adding route to 10.244.0.0/24 via 192.168.49.2: network is unreachable',
      'Error adding route to 10.244.1.0/24 via 192.168.49.3: network is unreachable',
      'Error adding route to 10.244.3.0/24 via 192.168.49.4: network is unreachable',
    ]);
  });

  it('shows the errors in the node\'s journal', () => {
    const out = runNodeShell(state('flannel-host-gw'), 'node-1', 'journalctl -u flanneld --no-pager').stdout;
    expect(out).toMatch(/^Jan 05 09:00:00 node-1 flanneld\[\d+\]: E0105 09:00:00\.000000 +\d+ route_network\.go\] Error adding route to 10\.244\.2\.0\/24 via 192\.168\.50\.3: network is unreachable\n$/);
  });

  it('on one subnet it logs nothing and routes to every peer', () => {
    expect(deriveNodeNetwork(state('flannel-host-gw', 1), 'node-1')?.warnings).toBeUndefined();
    expect(routes('flannel-host-gw', 'node-1', 1)).toContain('10.244.2.0/24 via 192.168.50.3 dev eth0');
  });
});

describe('Calico', () => {
  it('BGP: a peer on another subnet resolves via the node\'s own gateway (BIRD\'s gateway recursive)', () => {
    const r = routes('calico-bgp', 'node-1');
    expect(r).toContain('10.244.3.0/24 via 192.168.49.4 dev eth0 proto bird onlink');
    expect(r).toContain('10.244.2.0/24 via 192.168.49.1 dev eth0 proto bird onlink');
    expect(routes('calico-bgp', 'node-2')).toContain('10.244.1.0/24 via 192.168.50.1 dev eth0 proto bird onlink');
  });

  it('IPIP: every peer via tunl0 to its own IP, across the router too', () => {
    expect(routes('calico-ipip', 'node-1')).toContain('10.244.2.0/24 via 192.168.50.3 dev tunl0 proto bird onlink');
  });
});

describe.each<CniBackendName>(['flannel-vxlan', 'flannel-udp', 'canal'])('%s', (cni) => {
  it('programs peers on the other subnet like any other (the outer packet is routed) and logs nothing', () => {
    expect(deriveNodeNetwork(state(cni), 'node-1')?.warnings).toBeUndefined();
  });
});
