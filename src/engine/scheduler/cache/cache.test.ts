import { describe, expect, it } from 'vitest';
import { makeNodeWithCapacity, makeSchedulingPod } from '../../testing/builders';
import { Cache } from './cache';

const node = makeNodeWithCapacity({ name: 'node-1' });

function requestedCPU(c: Cache, name = 'node-1'): number {
  return c.snapshot().get(name)?.requested.milliCPU ?? -1;
}

describe('scheduler cache', () => {
  it('counts an assumed pod at once, and its confirmation does not count it twice', () => {
    const c = new Cache();
    c.addNode(node);
    const pod = makeSchedulingPod({ name: 'web', cpu: '500m', nodeName: 'node-1' });
    c.assumePod(pod);
    expect(c.isAssumedPod(pod)).toBe(true);
    expect(requestedCPU(c)).toBe(500);
    c.addPod(pod);
    expect(c.isAssumedPod(pod)).toBe(false);
    expect(requestedCPU(c)).toBe(500);
  });

  it('forgets an assumed pod whose binding failed', () => {
    const c = new Cache();
    c.addNode(node);
    const pod = makeSchedulingPod({ name: 'web', cpu: '500m', nodeName: 'node-1' });
    c.assumePod(pod);
    c.forgetPod(pod);
    expect(requestedCPU(c)).toBe(0);
    expect(c.isAssumedPod(pod)).toBe(false);
  });

  it('refuses to assume a pod it already counts', () => {
    const c = new Cache();
    const pod = makeSchedulingPod({ name: 'web', nodeName: 'node-1' });
    c.addPod(pod);
    expect(() => c.assumePod(pod)).toThrow(/can't be assumed/);
  });

  it('keeps the pods of a removed node until they go, without offering the node', () => {
    const c = new Cache();
    c.addNode(node);
    const pod = makeSchedulingPod({ name: 'web', cpu: '1', nodeName: 'node-1' });
    c.addPod(pod);
    c.removeNode(node);
    expect(c.snapshot().list()).toEqual([]);
    c.addNode(node);
    expect(requestedCPU(c)).toBe(1000);
    c.removePod(pod);
    expect(requestedCPU(c)).toBe(0);
  });

  it('walks nodes round-robin across zones', () => {
    const c = new Cache();
    const zoned = (name: string, zone: string) => makeNodeWithCapacity({ name, labels: { 'topology.kubernetes.io/zone': zone } });
    for (const [n, z] of [['a1', 'a'], ['a2', 'a'], ['b1', 'b'], ['a3', 'a'], ['b2', 'b']]) c.addNode(zoned(n, z));
    expect(c.snapshot().list().map((ni) => ni.name)).toEqual(['a1', 'b1', 'a2', 'b2', 'a3']);
  });

  it('saves assumed pods and the node order, and restores them', () => {
    const c = new Cache();
    c.addNode(makeNodeWithCapacity({ name: 'b' }));
    c.addNode(makeNodeWithCapacity({ name: 'a' }));
    c.assumePod(makeSchedulingPod({ name: 'web', cpu: '250m', nodeName: 'a' }));
    const restored = new Cache(JSON.parse(JSON.stringify(c.save())));
    // Nodes arrive in another order (the informer's list), but the walking order is kept.
    restored.addNode(makeNodeWithCapacity({ name: 'a' }));
    restored.addNode(makeNodeWithCapacity({ name: 'b' }));
    expect(restored.snapshot().list().map((ni) => ni.name)).toEqual(['b', 'a']);
    expect(requestedCPU(restored, 'a')).toBe(250);
  });
});
