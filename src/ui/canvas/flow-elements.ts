// Layout boxes/edges -> React Flow nodes/edges, reusing last frame's objects where nothing changed.
// React Flow keeps a node's internals (and skips re-rendering it) when it gets the very same object
// back, so reuse is what keeps one new pod from re-rendering every card on the canvas.

import type { Edge, Node } from '@xyflow/react';
import type { Box, EdgeSpec } from './layout/cluster-layout';

export type FlowNodeData = { id: string; rows: number; leaving?: boolean };
export type FlowNode = Node<FlowNodeData>;
export type FlowEdge = Edge<Record<string, string | number>>;

function sameBox(n: FlowNode, b: Box): boolean {
  return (
    n.type === b.type &&
    n.position.x === b.x &&
    n.position.y === b.y &&
    n.width === b.width &&
    n.height === b.height &&
    n.parentId === b.parentId &&
    n.data.rows === (b.rows ?? 0) &&
    Boolean(n.data.leaving) === Boolean(b.leaving)
  );
}

function sameEdge(old: FlowEdge, e: EdgeSpec): boolean {
  if (old.source !== e.source || old.target !== e.target) return false;
  if ((old.sourceHandle ?? undefined) !== e.sourceHandle || (old.targetHandle ?? undefined) !== e.targetHandle) return false;
  const data = old.data ?? {};
  const keys = new Set([...Object.keys(data), ...Object.keys(e.data)]);
  for (const k of keys) if (data[k] !== e.data[k as keyof EdgeSpec['data']]) return false;
  return true;
}

export function toFlowNodes(boxes: readonly Box[], prev: ReadonlyMap<string, FlowNode>): FlowNode[] {
  return boxes.map((b) => {
    const old = prev.get(b.id);
    if (old && sameBox(old, b)) return old;
    return {
      id: b.id,
      type: b.type,
      position: { x: b.x, y: b.y },
      width: b.width,
      height: b.height,
      ...(b.parentId ? { parentId: b.parentId, extent: 'parent' as const } : {}),
      data: { id: b.id, rows: b.rows ?? 0, ...(b.leaving ? { leaving: true } : {}) },
      draggable: false,
      connectable: false,
      selectable: false,
      deletable: false,
      focusable: !b.leaving && (b.type === 'pod' || b.type === 'nodeGroup' || b.type === 'service'),
    };
  });
}

export function toFlowEdges(specs: readonly EdgeSpec[], prev: ReadonlyMap<string, FlowEdge>): FlowEdge[] {
  return specs.map((e) => {
    const old = prev.get(e.id);
    if (old && sameEdge(old, e)) return old;
    const data: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(e.data)) if (v !== undefined) data[k] = v;
    return {
      id: e.id,
      type: e.type,
      source: e.source,
      target: e.target,
      ...(e.sourceHandle ? { sourceHandle: e.sourceHandle } : {}),
      ...(e.targetHandle ? { targetHandle: e.targetHandle } : {}),
      data,
      selectable: false,
      focusable: false,
      deletable: false,
    };
  });
}
