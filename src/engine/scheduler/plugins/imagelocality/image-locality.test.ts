import { describe, expect, it } from 'vitest';
import { makeNodeWithCapacity, makeSchedulingPod } from '../../../testing/builders';
import { CycleState } from '../../framework/cycle-state';
import type { Handle } from '../../framework/interface';
import { newNodeInfo, type NodeInfo } from '../../framework/node-info';
import { SUCCESS } from '../../framework/status';
import { calculatePriority, newImageLocality, normalizedImageName } from './image-locality';

const MiB = 1024 * 1024;

function handleFor(nodes: NodeInfo[]): Handle {
  return {
    objects: () => ({ list: () => [], get: () => undefined }),
    snapshotSharedLister: () => ({
      list: () => nodes,
      get: (n) => nodes.find((x) => x.name === n),
      numNodesWithImage: (img) => nodes.filter((ni) => (ni.node.status?.images ?? []).some((i) => i.names?.includes(img))).length,
    }),
    runFilterPlugins: () => SUCCESS,
    nominatedPodsForNode: () => [],
  };
}

describe('ImageLocality', () => {
  it.each<[string, string, string]>([
    ['adds :latest to an untagged name', 'nginx', 'nginx:latest'],
    ['keeps a tag', 'nginx:1.27', 'nginx:1.27'],
    ['a registry port is not a tag', 'registry:5000/app', 'registry:5000/app:latest'],
  ])('normalizedImageName %s', (_name, image, want) => {
    expect(normalizedImageName(image)).toBe(want);
  });

  it.each<[string, number, number, number]>([
    ['below the 23MiB threshold scores 0', 10 * MiB, 1, 0],
    ['250MiB for one container: 100 * (250-23)/(1000-23) = 23', 250 * MiB, 1, 23],
    ['at the per-container maximum scores 100', 1000 * MiB, 1, 100],
    ['the maximum grows with the number of containers: 100 * (1000-23)/(2000-23) = 49', 1000 * MiB, 2, 49],
  ])('calculatePriority: %s', (_name, sum, containers, want) => {
    expect(calculatePriority(sum, containers)).toBe(want);
  });

  it('prefers the node that has a large image, scaled by how many nodes have it', () => {
    const nodes = [
      newNodeInfo(makeNodeWithCapacity({ name: 'has', images: { 'docker.io/library/big:1': 500 * MiB } })),
      newNodeInfo(makeNodeWithCapacity({ name: 'lacks' })),
    ];
    const plugin = newImageLocality(handleFor(nodes));
    const pod = makeSchedulingPod({ image: 'docker.io/library/big:1' });
    // 500MiB * 1/2 nodes = 250MiB -> 23
    expect(nodes.map((ni) => plugin.score(new CycleState(), pod, ni))).toEqual([23, 0]);
  });
});
