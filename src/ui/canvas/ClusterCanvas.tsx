// The live canvas. The canvas itself subscribes only to structure (node/pod/service id lists, the
// control-plane id, endpoint membership); every custom node subscribes to its own view by id. So a
// pod turning Running re-renders one card, and the layout runs only when something appears,
// disappears or is bound.

import { Background, Controls, MiniMap, ReactFlow, useReactFlow, type EdgeTypes, type FitViewOptions, type NodeMouseHandler, type NodeTypes } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { UNSCHEDULED, useClusterStore } from '../stores/cluster-store';
import { useUiStore } from '../stores/ui-store';
import { onCanvasDragLeave, onCanvasDragOver, onCanvasDrop } from './drag-drop';
import { EndpointEdge, LinkEdge } from './edges/edges';
import { toFlowEdges, toFlowNodes, type FlowEdge, type FlowNode } from './flow-elements';
import { EMPTY_MEMORY, layoutCluster, PENDING_ID, type LayoutInput, type LayoutMemory } from './layout/cluster-layout';
import { HintNode, NetworkBusNode, PendingAreaNode, WorkloadsNode } from './nodes/AreaNodes';
import { ControlPlaneNode } from './nodes/ControlPlaneNode';
import { NodeGroupNode } from './nodes/NodeGroupNode';
import { PodNode } from './nodes/PodNode';
import { ServiceNode } from './nodes/ServiceNode';
import { startPulses } from './pulses';
import { parseEndpointSignature, refOfViewId, selectControlPlaneId, selectEndpointSignature, selectShowHint } from './selectors';

// Module scope: a new object per render would make React Flow remount every node.
const nodeTypes = {
  controlPlane: ControlPlaneNode,
  nodeGroup: NodeGroupNode,
  pod: PodNode,
  service: ServiceNode,
  pending: PendingAreaNode,
  workloads: WorkloadsNode,
  networkBus: NetworkBusNode,
  hint: HintNode,
} satisfies NodeTypes;
const edgeTypes = { endpoint: EndpointEdge, link: LinkEdge } satisfies EdgeTypes;

// Room on the left for the zoom controls. The minimap shows only once the learner pans or zooms:
// while the whole cluster fits, it would only cover a corner of it (node boxes, the node network).
const FIT_OPTIONS: FitViewOptions = { padding: { top: '10px', bottom: '10px', left: '44px', right: '16px' } };
const MINIMAP_COLORS: Record<string, string> = {
  controlPlane: '#c7d2fe',
  nodeGroup: '#e2e8f0',
  pod: '#86efac',
  service: '#fde68a',
  pending: '#fef3c7',
  workloads: '#f1f5f9',
  networkBus: '#cbd5e1',
  hint: '#e0f2fe',
};

function useLayoutInput(): LayoutInput {
  const nodeIds = useClusterStore((s) => s.nodeIds);
  const controlPlane = useClusterStore(selectControlPlaneId);
  const podIdsByNode = useClusterStore((s) => s.podIdsByNode);
  const services = useClusterStore((s) => s.serviceIds);
  const endpointSignature = useClusterStore(selectEndpointSignature);
  const hint = useClusterStore(selectShowHint);
  return useMemo(() => {
    const nodeSet = new Set(nodeIds);
    const podsByContainer = new Map<string, string[]>();
    for (const [nodeName, ids] of podIdsByNode) {
      const nodeId = `Node:${nodeName}`;
      // Pods bound to a node the store does not know (deleted node) wait in the unscheduled area.
      const container = nodeName !== UNSCHEDULED && nodeSet.has(nodeId) ? nodeId : PENDING_ID;
      const list = podsByContainer.get(container);
      if (list) list.push(...ids);
      else podsByContainer.set(container, [...ids]);
    }
    return {
      controlPlane,
      workers: nodeIds.filter((id) => id !== controlPlane),
      podsByContainer,
      services,
      endpointPods: parseEndpointSignature(endpointSignature),
      hint,
    };
  }, [nodeIds, controlPlane, podIdsByNode, services, endpointSignature, hint]);
}

/** Re-fit the view when the cluster is rebuilt with a different number of nodes. */
function FitOnReset() {
  const rf = useReactFlow();
  const workers = useClusterStore((s) => s.settings?.workerNodes ?? 0);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const id = requestAnimationFrame(() => void rf.fitView(FIT_OPTIONS));
    return () => cancelAnimationFrame(id);
  }, [rf, workers]);
  return null;
}

export function ClusterCanvas() {
  const input = useLayoutInput();
  const memory = useRef<LayoutMemory>(EMPTY_MEMORY);
  const prevNodes = useRef(new Map<string, FlowNode>());
  const prevEdges = useRef(new Map<string, FlowEdge>());
  const { nodes, edges } = useMemo(() => {
    const layout = layoutCluster(input, memory.current);
    memory.current = layout.memory;
    const nodes = toFlowNodes(layout.boxes, prevNodes.current);
    const edges = toFlowEdges(layout.edges, prevEdges.current);
    prevNodes.current = new Map(nodes.map((n) => [n.id, n]));
    prevEdges.current = new Map(edges.map((e) => [e.id, e]));
    return { nodes, edges };
  }, [input]);

  const select = useUiStore((s) => s.select);
  const onNodeClick = useMemo<NodeMouseHandler>(
    () => (_e, node) => {
      const ref = refOfViewId(node.id);
      if (ref) select(ref);
    },
    [select],
  );

  const root = useRef<HTMLDivElement>(null);
  useEffect(() => (root.current ? startPulses(root.current) : undefined), []);
  const [explored, setExplored] = useState(false);

  return (
    <div ref={root} className="canvas-root" data-testid="canvas" onDragOver={onCanvasDragOver} onDragLeave={onCanvasDragLeave} onDrop={onCanvasDrop}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        edgesFocusable={false}
        zIndexMode="auto"
        onNodeClick={onNodeClick}
        onPaneClick={() => select(null)}
        onMove={(event) => {
          if (event) setExplored(true); // a user's pan or wheel zoom; fitView passes no event
        }}
        fitView
        fitViewOptions={FIT_OPTIONS}
        minZoom={0.2}
        maxZoom={2.5}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={24} size={1} color="#e2e8f0" />
        <Controls showInteractive={false} position="bottom-left" onZoomIn={() => setExplored(true)} onZoomOut={() => setExplored(true)} onFitView={() => setExplored(false)} />
        {explored && <MiniMap pannable zoomable position="bottom-right" style={{ width: 120, height: 72 }} nodeColor={(n) => MINIMAP_COLORS[n.type ?? ''] ?? '#e2e8f0'} />}
        <FitOnReset />
      </ReactFlow>
    </div>
  );
}
