// World.nodeShell end to end: the network a node shows follows the objects the controllers wrote.
import { describe, expect, it } from 'vitest';
import { World } from '../sim/world';
import { portProtoHash } from '../proxy/iptables/proxier';

const manifest = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
`;

describe('World.nodeShell', () => {
  it('shows the Service chain with one KUBE-SEP per ready endpoint, and flannel routes to the other nodes', () => {
    const world = World.create();
    expect(world.apply(manifest).ok).toBe(true);
    world.settle();
    const readyIPs = world.list('Pod', 'default').filter((p) => (p as { status?: { conditions?: Array<{ type: string; status: string }> } }).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
      .map((p) => (p as { status?: { podIP?: string } }).status!.podIP!);
    expect(readyIPs).toHaveLength(3);

    const nat = world.nodeShell('node-1', 'iptables-save -t nat');
    expect(nat.exitCode).toBe(0);
    const svcChain = `KUBE-SVC-${portProtoHash('default/web', 'tcp')}`;
    expect(nat.stdout).toContain(`:${svcChain} - [0:0]`);
    const jumps = nat.stdout.split('\n').filter((l) => l.startsWith(`-A ${svcChain} `) && l.includes('-j KUBE-SEP-'));
    expect(jumps).toHaveLength(3);
    for (const ip of readyIPs) expect(jumps.some((l) => l.includes(`"default/web -> ${ip}:80"`))).toBe(true);
    // + the kubernetes Service's one, + kube-dns's six (2 CoreDNS pods x the dns, dns-tcp and metrics ports)
    expect(nat.stdout.split('\n').filter((l) => l.startsWith(':KUBE-SEP-'))).toHaveLength(10);

    const routes = world.nodeShell('node-1', 'ip route').stdout;
    for (const n of ['node-2', 'node-3']) {
      const cidr = (world.getObject({ kind: 'Node', name: n }) as { spec?: { podCIDR?: string } }).spec!.podCIDR!;
      expect(routes).toContain(`${cidr} via ${cidr.replace('/24', '')} dev flannel.1 onlink`);
    }
  });

  it('follows the objects: scaling down removes the endpoint chains on the next call', () => {
    const world = World.create();
    world.apply(manifest);
    world.settle();
    world.apply(manifest.replace('replicas: 3', 'replicas: 1'));
    world.settle();
    const svcChain = `KUBE-SVC-${portProtoHash('default/web', 'tcp')}`;
    const jumps = world.nodeShell('node-2', `iptables-save -t nat | grep -- "-A ${svcChain}" | grep -c KUBE-SEP`);
    expect(jumps.stdout).toBe('1\n');
  });

  it('answers pod shells and errors', () => {
    const world = World.create();
    world.apply(manifest);
    world.settle();
    const p = world.list('Pod', 'default')[0] as { metadata: { name: string }; status?: { podIP?: string } };
    expect(world.podShell(`default/${p.metadata.name}`, 'ip -4 -br addr').stdout).toContain(`${p.status!.podIP}/24`);
    expect(world.nodeShell('nope', 'ip addr').exitCode).toBe(1);
    expect(world.nodeShell('node-1', 'frob').stderr).toBe('bash: frob: command not found\n');
  });
});

describe('World.nodeShell per CNI back end', () => {
  function settled(cni: import('../cni/types').CniBackendName) {
    const world = World.create({ cni });
    world.apply(manifest);
    world.settle();
    const podCIDR = (n: string) => (world.getObject({ kind: 'Node', name: n }) as { spec?: { podCIDR?: string } }).spec!.podCIDR!;
    const ip = (n: string) => (world.getObject({ kind: 'Node', name: n }) as { status?: { addresses?: Array<{ type: string; address: string }> } }).status!.addresses!.find((a) => a.type === 'InternalIP')!.address;
    const onNode1 = world.list('Pod').map((p) => p as { spec?: { nodeName?: string }; status?: { podIP?: string } }).filter((p) => p.spec?.nodeName === 'node-1').map((p) => p.status!.podIP!);
    return { world, routes: world.nodeShell('node-1', 'ip route').stdout.split('\n').filter(Boolean), podCIDR, ip, onNode1 };
  }

  it('defaults to flannel-vxlan and keeps the option in snapshots', () => {
    expect(World.create().options.cni).toBe('flannel-vxlan');
    const world = World.create({ cni: 'calico-ipip' });
    world.settle();
    const restored = World.restore(JSON.parse(JSON.stringify(world.snapshot())));
    expect(restored.options.cni).toBe('calico-ipip');
    expect(restored.nodeShell('node-1', 'ip route').stdout).toContain('dev tunl0 proto bird onlink');
  });

  it('flannel-host-gw: the other nodes\' podCIDRs via their IPs on eth0', () => {
    const { routes, podCIDR, ip } = settled('flannel-host-gw');
    for (const n of ['control-plane', 'node-2', 'node-3']) expect(routes).toContain(`${podCIDR(n)} via ${ip(n)} dev eth0`);
    expect(routes.some((l) => l.includes('flannel.1'))).toBe(false);
  });

  it('flannel-udp: one route for the whole Network through flannel0', () => {
    const { routes, podCIDR } = settled('flannel-udp');
    expect(routes).toContain(`10.244.0.0/16 dev flannel0 proto kernel scope link src ${podCIDR('node-1').replace('/24', '')}`);
  });

  it.each(['calico-bgp', 'calico-ipip'] as const)('%s: /32 routes to cali veths, a blackhole, peers via BIRD, no cni0', (cni) => {
    const { routes, podCIDR, ip, onNode1 } = settled(cni);
    const dev = cni === 'calico-bgp' ? 'eth0' : 'tunl0';
    expect(routes).toContain(`blackhole ${podCIDR('node-1')} proto bird`);
    for (const n of ['control-plane', 'node-2', 'node-3']) expect(routes).toContain(`${podCIDR(n)} via ${ip(n)} dev ${dev} proto bird onlink`);
    expect(onNode1.length).toBeGreaterThan(0);
    for (const podIP of onNode1) expect(routes.some((l) => new RegExp(`^${podIP.replace(/\./g, '\\.')} dev cali[0-9a-f]{11} scope link$`).test(l))).toBe(true);
    expect(routes.some((l) => l.includes('cni0'))).toBe(false);
  });

  it('canal: flannel.1 routes and cali veths', () => {
    const { routes, podCIDR, onNode1 } = settled('canal');
    expect(routes).toContain(`${podCIDR('node-2')} via ${podCIDR('node-2').replace('/24', '')} dev flannel.1 onlink`);
    for (const podIP of onNode1) expect(routes.some((l) => l.startsWith(`${podIP} dev cali`))).toBe(true);
  });
});

describe('World.nodeShell in IPVS mode', () => {
  it('shows the web Service as an IPVS virtual server with its ready pods, and kube-ipvs0 before the veths', () => {
    const world = World.create({ proxyMode: 'ipvs' });
    world.apply(manifest);
    world.settle();
    const svc = world.getObject({ kind: 'Service', namespace: 'default', name: 'web' }) as { spec?: { clusterIP?: string } };
    const podIPs = world.list('Pod', 'default').map((p) => (p as { status?: { podIP?: string } }).status!.podIP!).sort();
    const out = world.nodeShell('node-2', 'ipvsadm -Ln').stdout.split('\n');
    const at = out.indexOf(`TCP  ${svc.spec!.clusterIP}:80 rr`);
    expect(at).toBeGreaterThan(2);
    expect(out.slice(at + 1, at + 4).map((l) => l.split(/\s+/)[2]).sort()).toEqual(podIPs.map((ip) => `${ip}:80`));
    expect(world.nodeShell('node-2', 'ip -br link').stdout.split('\n').map((l) => l.split(' ')[0]).slice(0, 5)).toEqual(['lo', 'eth0', 'flannel.1', 'kube-ipvs0', 'cni0']);
    expect(world.nodeShell('node-2', 'iptables-save -t nat').stdout).not.toContain('KUBE-SVC-');
  });
});
