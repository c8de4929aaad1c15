import { describe, expect, it } from 'vitest';
import { toFlowEdges, toFlowNodes, type FlowEdge, type FlowNode } from './flow-elements';
import { EMPTY_MEMORY, layoutCluster, type LayoutInput } from './layout/cluster-layout';

const base: LayoutInput = {
  controlPlane: 'Node:control-plane',
  workers: ['Node:node-1', 'Node:node-2'],
  podsByContainer: new Map([['Node:node-1', ['Pod:d/a']]]),
  services: [],
  endpointPods: new Map(),
};

describe('toFlowNodes', () => {
  it('hands back the same node objects for boxes that did not change (a new pod re-renders only itself)', () => {
    const first = layoutCluster(base, EMPTY_MEMORY);
    const nodes1 = toFlowNodes(first.boxes, new Map());
    const second = layoutCluster({ ...base, podsByContainer: new Map([['Node:node-1', ['Pod:d/a', 'Pod:d/c']]]) }, first.memory);
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

describe('toFlowEdges', () => {
  const withService: LayoutInput = {
    ...base,
    services: ['Service:d/web'],
    endpointPods: new Map([['Service:d/web', ['Pod:d/a']]]),
  };

  it('reuses an edge whose route did not change, and replaces one whose route did', () => {
    const first = layoutCluster(withService, EMPTY_MEMORY);
    const edges1 = toFlowEdges(first.edges, new Map());
    const prev = new Map(edges1.map((e): [string, FlowEdge] => [e.id, e]));
    const same = toFlowEdges(layoutCluster(withService, first.memory).edges, prev);
    expect(same.find((e) => e.id.startsWith('ep:'))).toBe(edges1.find((e) => e.id.startsWith('ep:')));
    // An unscheduled pod makes the top row taller: the nodes and the Service lanes move down.
    const moved = layoutCluster(
      { ...withService, podsByContainer: new Map([['Node:node-1', ['Pod:d/a']], ['pending', ['Pod:d/p1', 'Pod:d/p2', 'Pod:d/p3', 'Pod:d/p4', 'Pod:d/p5']]]) },
      first.memory,
    );
    const edge = toFlowEdges(moved.edges, prev).find((e) => e.id.startsWith('ep:'))!;
    expect(edge).not.toBe(edges1.find((e) => e.id.startsWith('ep:')));
    expect(edge.data?.laneY).toBeGreaterThan(Number(edges1.find((e) => e.id.startsWith('ep:'))!.data?.laneY));
  });
});
