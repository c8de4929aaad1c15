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
    const readyIPs = world.list('Pod').filter((p) => (p as { status?: { conditions?: Array<{ type: string; status: string }> } }).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
      .map((p) => (p as { status?: { podIP?: string } }).status!.podIP!);
    expect(readyIPs).toHaveLength(3);

    const nat = world.nodeShell('node-1', 'iptables-save -t nat');
    expect(nat.exitCode).toBe(0);
    const svcChain = `KUBE-SVC-${portProtoHash('default/web', 'tcp')}`;
    expect(nat.stdout).toContain(`:${svcChain} - [0:0]`);
    const jumps = nat.stdout.split('\n').filter((l) => l.startsWith(`-A ${svcChain} `) && l.includes('-j KUBE-SEP-'));
    expect(jumps).toHaveLength(3);
    for (const ip of readyIPs) expect(jumps.some((l) => l.includes(`"default/web -> ${ip}:80"`))).toBe(true);
    expect(nat.stdout.split('\n').filter((l) => l.startsWith(':KUBE-SEP-'))).toHaveLength(4); // + the kubernetes Service's

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
    const p = world.list('Pod')[0] as { metadata: { name: string }; status?: { podIP?: string } };
    expect(world.podShell(`default/${p.metadata.name}`, 'ip -4 -br addr').stdout).toContain(`${p.status!.podIP}/24`);
    expect(world.nodeShell('nope', 'ip addr').exitCode).toBe(1);
    expect(world.nodeShell('node-1', 'frob').stderr).toBe('bash: frob: command not found\n');
  });
});
