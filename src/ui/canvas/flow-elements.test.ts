import { describe, expect, it } from 'vitest';
import { toFlowNodes, type FlowNode } from './flow-elements';
import { EMPTY_MEMORY, layoutCluster, type LayoutInput } from './layout/cluster-layout';

const base: LayoutInput = {
  controlPlane: 'Node:control-plane',
  workers: ['Node:node-1', 'Node:node-2'],
  podsByContainer: new Map([['Node:node-1', ['Pod:d/a', 'Pod:d/b']]]),
  services: [],
  endpointPods: new Map(),
};

describe('toFlowNodes', () => {
  it('hands back the same node objects for boxes that did not change (a new pod re-renders only itself)', () => {
    const first = layoutCluster(base, EMPTY_MEMORY);
    const nodes1 = toFlowNodes(first.boxes, new Map());
    const second = layoutCluster({ ...base, podsByContainer: new Map([['Node:node-1', ['Pod:d/a', 'Pod:d/b', 'Pod:d/c']]]) }, first.memory);
    const nodes2 = toFlowNodes(second.boxes, new Map(nodes1.map((n): [string, FlowNode] => [n.id, n])));
    const prev = new Map(nodes1.map((n) => [n.id, n]));
    const changed = nodes2.filter((n) => prev.get(n.id) !== n).map((n) => n.id);
    expect(changed).toEqual(['Pod:d/c']);
  });

  it('makes pods children of their node and keeps them inside it', () => {
    const nodes = toFlowNodes(layoutCluster(base, EMPTY_MEMORY).boxes, new Map());
    const pod = nodes.find((n) => n.id === 'Pod:d/a');
    expect(pod).toMatchObject({ type: 'pod', parentId: 'Node:node-1', extent: 'parent', draggable: false, data: { id: 'Pod:d/a' } });
  });
});
