// veth peers across namespaces, on a node network derived from a real world.
import { describe, expect, it } from 'vitest';
import { nodeNetwork } from '../../cni/node-network';
import { World } from '../../sim/world';
import { namespaceOf, vethPeer } from './veth';

describe('vethPeer', () => {
  it('pod eth0 <-> host veth, both ways', () => {
    const world = World.create({ workerNodes: 1, seed: 1 });
    expect(world.apply('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}]}\n').ok).toBe(true);
    world.settle();
    const net = nodeNetwork(world.networkState(), 'node-1')!;
    const pod = namespaceOf(net, 'default/p')!;
    const eth0 = pod.links.find((l) => l.name === 'eth0')!;
    const out = vethPeer(net, 'default/p', eth0)!;
    expect(out.netns).toBe('');
    expect(out.link.name).toMatch(/^veth[0-9a-f]{8}$/);
    expect(out.link.master).toBe('cni0');
    const back = vethPeer(net, '', out.link)!;
    expect(back).toEqual({ netns: 'default/p', link: eth0 });
    expect(vethPeer(net, '', net.host.links.find((l) => l.name === 'eth0')!)).toBeUndefined();
  });
});
