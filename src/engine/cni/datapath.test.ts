// buildDatapath: every node with its derived network and listening sockets, pods by key and IP.
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { World } from '../sim/world';
import { buildDatapath } from './datapath';

const manifest = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec: {containers: [{name: nginx, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: agent}
spec: {hostNetwork: true, containers: [{name: a, image: busybox, ports: [{containerPort: 9100}]}]}
`;

const listeningOf = (p: Pod) => new Set((p.spec?.containers ?? []).flatMap((c) => (c.ports ?? []).map((x) => `TCP/${x.containerPort}`)));

describe('buildDatapath', () => {
  it('collects nodes, pods and their sockets', () => {
    const world = World.create({ workerNodes: 2, seed: 1, cni: 'calico-bgp' });
    expect(world.apply(manifest).ok).toBe(true);
    world.settle();
    const state = world.networkState();
    const policy = () => ({ allowed: true, isolatedBy: [], reason: 'ok' });
    const dp = buildDatapath(state, { listeningOf, randomInt: () => 0, now: 5, policy });
    expect([...dp.nodes.keys()].sort()).toEqual(['control-plane', 'node-1', 'node-2']);
    expect(dp.nodes.get('control-plane')!.listening.has('TCP/6443')).toBe(true);
    expect(dp.nodes.get('node-1')!.listening.has('TCP/10250')).toBe(true);
    expect(dp.nodes.get('node-1')!.listening.has('TCP/6443')).toBe(false);
    const web = dp.pods.get('default/web')!;
    expect(web).toMatchObject({ hostNetwork: false, listening: new Set(['TCP/80']) });
    expect(dp.podsByIP.get(web.ip)).toBe(web);
    expect(dp.nodes.get(web.node)!.network.pods['default/web']).toBeDefined();
    const agent = dp.pods.get('default/agent')!;
    expect(agent).toMatchObject({ hostNetwork: true, ip: dp.nodes.get(agent.node)!.internalIP });
    expect(dp.podsByIP.has(agent.ip)).toBe(false);
    expect(dp.policy).toBe(policy);
    expect(dp).toMatchObject({ cni: 'calico-bgp', proxyMode: 'iptables', clusterCIDR: state.clusterCIDR, serviceCIDR: state.serviceCIDR, now: 5 });
  });

  it('flannel enforces no NetworkPolicy: the hook is left out', () => {
    const world = World.create({ workerNodes: 1, seed: 1 });
    world.settle();
    const dp = buildDatapath(world.networkState(), { listeningOf, randomInt: () => 0, now: 0, policy: () => ({ allowed: false, isolatedBy: [], reason: 'x' }) });
    expect(dp.policy).toBeUndefined();
  });
});
