// A node network of two subnets joined by a router (nodeSubnets: 2): which CNI back ends still link
// the nodes. Encapsulating ones (flannel vxlan/udp, calico-ipip, canal) cross the router inside an
// outer header between node IPs; the ones that route pod addresses directly (flannel host-gw,
// Calico BGP) need one L2 segment and fail visibly at the router.
import { describe, expect, it } from 'vitest';
import type { PacketTrace } from '../api/trace';
import type { CniBackendName } from '../cni/types';
import { World } from './world';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      nodeSelector: {kubernetes.io/hostname: node-2}
      containers: [{name: nginx, image: nginx:1.27}]
`;

const CLIENT = `apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  nodeSelector: {kubernetes.io/hostname: node-1}
  containers: [{name: shell, image: nicolaka/netshoot:v0.13, command: [sleep, infinity]}]
`;

function cluster(cni: CniBackendName, workerNodes = 2, nodeSubnets = 2, webNode = 'node-2'): World {
  const w = World.create({ workerNodes, nodeSubnets, cni, seed: 3 });
  for (const m of [DEPLOYMENT.replace('node-2', webNode), CLIENT]) {
    const r = w.apply(m);
    expect(r.ok, JSON.stringify(r.documents.filter((d) => !d.ok))).toBe(true);
  }
  w.settle();
  return w;
}

function webPod(w: World): { name: string; ip: string; node: string } {
  const state = w.networkState();
  const p = state.pods.find((x) => x.metadata?.name?.startsWith('web-'));
  if (!p?.status?.podIP) throw new Error('web pod has no IP');
  return { name: `default/${p.metadata!.name}`, ip: p.status.podIP, node: p.spec!.nodeName! };
}

function toWeb(w: World): PacketTrace {
  return w.trace({ from: { kind: 'pod', pod: 'default/client' }, to: webPod(w).ip, port: 80, protocol: 'TCP' });
}

const routerHops = (t: PacketTrace) => t.hops.filter((h) => h.location.node === '' && h.location.device === 'router');

describe('node IPs with two subnets', () => {
  it('alternates workers between 192.168.49.0/24 and 192.168.50.0/24; the control plane stays on 49', () => {
    const w = World.create({ workerNodes: 3, nodeSubnets: 2 });
    const ips = Object.fromEntries(w.nodes().map((n) => [n.metadata.name, n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address]));
    expect(ips).toEqual({ 'control-plane': '192.168.49.2', 'node-1': '192.168.49.3', 'node-2': '192.168.50.3', 'node-3': '192.168.49.4' });
  });

  it('gives each node its own /24 on eth0 and its own gateway', () => {
    const w = cluster('flannel-vxlan');
    const r2 = w.nodeShell('node-2', 'ip route').stdout;
    expect(r2).toContain('default via 192.168.50.1 dev eth0 proto static');
    expect(r2).toContain('192.168.50.0/24 dev eth0 proto kernel scope link src 192.168.50.3');
    expect(w.nodeShell('node-2', 'ip -br addr show eth0').stdout).toContain('192.168.50.3/24');
    expect(w.nodeShell('node-1', 'ip route').stdout).toContain('default via 192.168.49.1 dev eth0 proto static');
  });
});

describe('flannel host-gw across subnets', () => {
  const w = cluster('flannel-host-gw');
  const web = webPod(w);

  it('installs no route to node-2\'s podCIDR on node-1, and flanneld logged why', () => {
    expect(web.node).toBe('node-2');
    const routes = w.nodeShell('node-1', 'ip route').stdout;
    expect(routes).not.toMatch(/^10\.244\.\d+\.0\/24 via 192\.168\.50\.3/m);
    // The control plane is on the same subnet: its route is there.
    expect(routes).toMatch(/^10\.244\.\d+\.0\/24 via 192\.168\.49\.2 dev eth0/m);
    const journal = w.nodeShell('node-1', 'journalctl -u flanneld --no-pager').stdout;
    expect(journal).toMatch(/node-1 flanneld\[\d+\]: E\d{4} [\d:.]+ +\d+ route_network\.go\] Error adding route to 10\.244\.\d+\.0\/24 via 192\.168\.50\.3: network is unreachable/);
    expect(w.nodeShell('node-1', 'journalctl -u kubelet').stdout).toBe('-- No entries --\n');
  });

  it('sends the pod packet to the default gateway, where the router drops it with the reason', () => {
    const t = toWeb(w);
    const podCIDR = w.networkState().nodes.find((n) => n.metadata?.name === 'node-2')?.spec?.podCIDR;
    expect(t.outcome.delivered).toBe(false);
    expect(t.outcome.reason).toContain(`router 192.168.49.1 has no route to ${podCIDR}: flannel host-gw needs every node on one L2 segment (node-2 192.168.50.3 is in another subnet, so flanneld on node-1 could not add the route)`);
    expect(t.outcome.reason).toContain(`flanneld on node-1 logged: Error adding route to ${podCIDR} via 192.168.50.3: network is unreachable`);
    const drop = t.hops[t.outcome.dropHop!];
    expect(drop.kind).toBe('drop');
    expect(drop.location).toEqual({ node: '', netns: '', device: 'router' });
    expect(t.hops.some((h) => h.kind === 'route' && h.location.node === 'node-1' && h.rule?.startsWith('default via 192.168.49.1'))).toBe(true);
  });
});

describe('flannel host-gw on one subnet of a routed node network', () => {
  it('still delivers between two workers of 192.168.49.0/24, without the router', () => {
    const w = cluster('flannel-host-gw', 3, 2, 'node-3');
    const t = toWeb(w);
    expect(t.outcome).toMatchObject({ delivered: true, replied: true });
    expect(routerHops(t)).toEqual([]);
    expect(t.hops.some((h) => h.kind === 'wire' && h.location.wire?.fromNode === 'node-1' && h.location.wire.toNode === 'node-3')).toBe(true);
  });
});

describe.each<CniBackendName>(['flannel-vxlan', 'flannel-udp', 'calico-ipip', 'canal'])('%s across subnets', (cni) => {
  const w = cluster(cni);

  it('delivers through the router, which routes only the outer header between node IPs', () => {
    const t = toWeb(w);
    expect(t.outcome).toMatchObject({ delivered: true, replied: true });
    const viaRouter = routerHops(t).filter((h) => h.kind === 'route');
    expect(viaRouter.map((h) => h.direction)).toEqual(['request', 'reply']);
    expect(viaRouter[0].before.outer?.ip).toMatchObject({ src: '192.168.49.3', dst: '192.168.50.3' });
    expect(viaRouter[0].rule).toBe('192.168.50.0/24 dev eth1 proto kernel scope link src 192.168.50.1');
    expect(viaRouter[1].rule).toBe('192.168.49.0/24 dev eth0 proto kernel scope link src 192.168.49.1');
    // The node routes the outer packet to its gateway first.
    const outerRoute = t.hops.find((h) => h.kind === 'route' && h.location.node === 'node-1' && h.summary.startsWith('routing (outer header)'));
    expect(outerRoute?.rule).toMatch(/^default via 192\.168\.49\.1 dev eth0/);
    expect(t.hops.some((h) => h.kind === 'wire' && h.location.wire?.fromNode === 'node-1' && h.location.wire.toNode === '')).toBe(true);
    expect(t.hops.some((h) => h.kind === 'wire' && h.location.wire?.fromNode === '' && h.location.wire.toNode === 'node-2')).toBe(true);
  });
});

describe('Calico BGP across subnets', () => {
  const w = cluster('calico-bgp');
  const web = webPod(w);

  it('BIRD can only resolve node-2\'s block via the gateway', () => {
    const podCIDR = w.networkState().nodes.find((n) => n.metadata?.name === 'node-2')?.spec?.podCIDR;
    expect(w.nodeShell('node-1', 'ip route').stdout).toContain(`${podCIDR} via 192.168.49.1 dev eth0 proto bird onlink`);
  });

  it('fails at the router like host-gw', () => {
    const t = w.trace({ from: { kind: 'pod', pod: 'default/client' }, to: web.ip, port: 80, protocol: 'TCP' });
    expect(t.outcome.delivered).toBe(false);
    expect(t.outcome.reason).toMatch(/router 192\.168\.49\.1 has no route to 10\.244\.\d+\.0\/24: Calico BGP without encapsulation needs every node on one L2 segment/);
    expect(t.hops[t.outcome.dropHop!].location.device).toBe('router');
  });
});

describe('node to node across the router', () => {
  it('reaches the kubelet of a node on the other subnet, routed both ways', () => {
    const w = cluster('flannel-host-gw');
    const t = w.trace({ from: { kind: 'node', node: 'node-1' }, to: '192.168.50.3', port: 10250, protocol: 'TCP' });
    expect(t.outcome).toMatchObject({ delivered: true, replied: true, servedBy: { kind: 'node', node: 'node-2' } });
    const r = routerHops(t).filter((h) => h.kind === 'route');
    expect(r).toHaveLength(2);
    expect(r[0].after.ip.ttl).toBe(r[0].before.ip.ttl - 1);
  });
});
