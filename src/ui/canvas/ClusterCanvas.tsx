// The live canvas. The canvas itself subscribes only to structure (node/pod/service id lists, the
// control-plane id, endpoint membership); every custom node subscribes to its own view by id. So a
// pod turning Running re-renders one card, and the layout runs only when something appears,
// disappears or is bound. Until the learner pans or zooms, the view keeps the whole cluster in
// sight: it re-fits when the canvas is resized (inspector, dock) or the cluster outgrows it.

import { Background, Controls, MiniMap, ReactFlow, useReactFlow, type EdgeTypes, type FitViewOptions, type NodeMouseHandler, type NodeTypes } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { UNSCHEDULED, useClusterStore } from '../stores/cluster-store';
import { startLeavingPods, useLeavingPods } from '../stores/leaving-pods';
import { useUiStore } from '../stores/ui-store';
import { onCanvasDragLeave, onCanvasDragOver, onCanvasDrop } from './drag-drop';
import { EndpointEdge, LinkEdge } from './edges/edges';
import { toFlowEdges, toFlowNodes, type FlowEdge, type FlowNode } from './flow-elements';
import { EMPTY_MEMORY, layoutCluster, PENDING_ID, type Box, type LayoutInput, type LayoutMemory } from './layout/cluster-layout';
import { HintNode, NetworkBusNode, PendingAreaNode, WorkloadsNode } from './nodes/AreaNodes';
import { ControlPlaneNode } from './nodes/ControlPlaneNode';
import { NodeGroupNode } from './nodes/NodeGroupNode';
import { PodNode } from './nodes/PodNode';
import { PacketOverlay } from './packets/PacketOverlay';
import { AggregateNode, AggregateViewport, useAggregatedFlow } from './aggregate/AggregateNode';
import { AGGREGATE_MIN_PODS } from './aggregate/aggregate-model';
import { ServiceNode } from './nodes/ServiceNode';
import { CustomLaneNode } from './nodes/CustomLaneNode';
import { StorageLaneNode } from './nodes/StorageLaneNode';
import { laneSignature, parseLaneSignature } from './storage/lanes-model';
import { startPulses } from './pulses';
import { markNodes, type MarkCache } from './search-marks';
import { useCanvasMarks } from './search-store';
import { useTheme } from '../app/theme-store';
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
  storageLane: StorageLaneNode,
  customLane: CustomLaneNode,
  nodeAggregate: AggregateNode,
} satisfies NodeTypes;
const edgeTypes = { endpoint: EndpointEdge, link: LinkEdge } satisfies EdgeTypes;

// Room on the left for the zoom controls. The minimap shows only once the learner pans or zooms:
// while the whole cluster fits, it would only cover a corner of it (node boxes, the node network).
// Never zoomed in past 1.15: on a large screen a small cluster should not look inflated.
// Room at the top for the Find / Filter toolbar (search/CanvasSearch.tsx).
const FIT_OPTIONS: FitViewOptions = { padding: { top: '42px', bottom: '10px', left: '44px', right: '16px' }, maxZoom: 1.15 };
const FIT_MS = 200;
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
  const deployments = useClusterStore((s) => s.deploymentIds.length);
  const replicaSets = useClusterStore((s) => s.replicaSetIds.length);
  const daemonSets = useClusterStore((s) => s.daemonSetIds.length);
  const statefulSets = useClusterStore((s) => s.statefulSetIds.length);
  const leaving = useLeavingPods((s) => s.pods);
  const lanes = useClusterStore((s) => laneSignature(s.extras));
  return useMemo(() => {
    const nodeSet = new Set(nodeIds);
    const podsByContainer = new Map<string, string[]>();
    const containerOf = (nodeName: string) => {
      const nodeId = `Node:${nodeName}`;
      // Pods bound to a node the store does not know (deleted node) wait in the unscheduled area.
      return nodeName !== UNSCHEDULED && nodeSet.has(nodeId) ? nodeId : PENDING_ID;
    };
    for (const [nodeName, ids] of podIdsByNode) {
      const container = containerOf(nodeName);
      const list = podsByContainer.get(container);
      if (list) list.push(...ids);
      else podsByContainer.set(container, [...ids]);
    }
    // Deleted pods stay in their cell while they fade out.
    for (const [id, pod] of leaving) {
      const container = containerOf(pod.nodeName);
      const list = podsByContainer.get(container);
      if (list) list.push(id);
      else podsByContainer.set(container, [id]);
    }
    return {
      controlPlane,
      workers: nodeIds.filter((id) => id !== controlPlane),
      podsByContainer,
      services,
      endpointPods: parseEndpointSignature(endpointSignature),
      hint,
      workloadRows: deployments + replicaSets + daemonSets + statefulSets,
      leaving: new Set(leaving.keys()),
      extraLanes: parseLaneSignature(lanes),
    };
  }, [nodeIds, controlPlane, podIdsByNode, services, endpointSignature, hint, deployments, replicaSets, daemonSets, statefulSets, leaving, lanes]);
}

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** Width and height of what the layout draws (top-level boxes). */
function layoutExtent(boxes: readonly Box[]): { w: number; h: number } {
  let w = 0;
  let h = 0;
  for (const b of boxes) {
    if (b.parentId) continue;
    w = Math.max(w, b.x + b.width);
    h = Math.max(h, b.y + b.height);
  }
  return { w, h };
}

/**
 * Keep the whole cluster in view while the learner has not taken the camera: re-fit when the
 * cluster is rebuilt, when the canvas changes size (the inspector opens, the dock is resized) and
 * when the cluster grows past what was fitted (a node gains a pod row). Shrinking does not re-fit,
 * so a rolling update does not make the view breathe.
 */
function AutoFit({ root, extent, explored }: { root: React.RefObject<HTMLDivElement | null>; extent: { w: number; h: number }; explored: boolean }) {
  const rf = useReactFlow();
  const workers = useClusterStore((s) => s.settings?.workerNodes ?? 0);
  const exploredRef = useRef(explored);
  const fitted = useRef(extent);
  const frame = useRef(0);
  useEffect(() => {
    exploredRef.current = explored;
  }, [explored]);
  const fit = useRef((force: boolean) => {
    if (exploredRef.current && !force) return;
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => void rf.fitView({ ...FIT_OPTIONS, duration: prefersReducedMotion() ? 0 : FIT_MS }));
  });
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const firstReset = useRef(true);
  useEffect(() => {
    if (firstReset.current) {
      firstReset.current = false;
      return;
    }
    fitted.current = { w: 0, h: 0 };
    fit.current(true);
  }, [workers]);

  useEffect(() => {
    const grew = extent.w > fitted.current.w + 1 || extent.h > fitted.current.h + 1;
    if (!grew) return;
    fitted.current = extent;
    fit.current(false);
  }, [extent]);

  useEffect(() => {
    const el = root.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let size = { w: el.clientWidth, h: el.clientHeight };
    const observer = new ResizeObserver(() => {
      const next = { w: el.clientWidth, h: el.clientHeight };
      if (Math.abs(next.w - size.w) < 2 && Math.abs(next.h - size.h) < 2) return;
      size = next;
      fit.current(false);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [root]);
  return null;
}

export function ClusterCanvas() {
  const input = useLayoutInput();
  const memory = useRef<LayoutMemory>(EMPTY_MEMORY);
  const prevNodes = useRef(new Map<string, FlowNode>());
  const prevEdges = useRef(new Map<string, FlowEdge>());
  const prevExtent = useRef({ w: 0, h: 0 });
  const { nodes, edges, extent } = useMemo(() => {
    const layout = layoutCluster(input, memory.current);
    memory.current = layout.memory;
    const nodes = toFlowNodes(layout.boxes, prevNodes.current);
    const edges = toFlowEdges(layout.edges, prevEdges.current);
    prevNodes.current = new Map(nodes.map((n) => [n.id, n]));
    prevEdges.current = new Map(edges.map((e) => [e.id, e]));
    const next = layoutExtent(layout.boxes);
    const extent = next.w === prevExtent.current.w && next.h === prevExtent.current.h ? prevExtent.current : next;
    prevExtent.current = extent;
    return { nodes, edges, extent };
  }, [input]);

  // Search and filter marks (dimmed / matched) as a className on the marked nodes only.
  const marks = useCanvasMarks();
  const markCache = useRef<MarkCache<FlowNode>>(new WeakMap());
  const shownNodes = useMemo(() => markNodes(nodes, marks, markCache.current), [nodes, marks]);
  // Big clusters zoomed out: one aggregate per node instead of a card per pod (aggregate/).
  const flow = useAggregatedFlow(shownNodes, edges);
  const theme = useTheme();

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
  useEffect(() => (prefersReducedMotion() ? undefined : startLeavingPods()), []);
  const [explored, setExplored] = useState(false);

  return (
    <div ref={root} className="canvas-root" data-testid="canvas" onDragOver={onCanvasDragOver} onDragLeave={onCanvasDragLeave} onDrop={onCanvasDrop}>
      <ReactFlow
        nodes={flow.nodes}
        edges={flow.edges}
        colorMode={theme}
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
        onlyRenderVisibleElements={flow.podCount >= AGGREGATE_MIN_PODS}
        minZoom={0.2}
        maxZoom={2.5}
      >
        <Background gap={24} size={1} color="var(--cv-grid, #e2e8f0)" />
        <Controls showInteractive={false} position="bottom-left" onZoomIn={() => setExplored(true)} onZoomOut={() => setExplored(true)} onFitView={() => setExplored(false)} />
        {explored && <MiniMap pannable zoomable position="bottom-right" style={{ width: 120, height: 72 }} nodeColor={(n) => MINIMAP_COLORS[n.type ?? ''] ?? '#e2e8f0'} />}
        <AutoFit root={root} extent={extent} explored={explored} />
        <PacketOverlay />
        <AggregateViewport containers={flow.containers} podCount={flow.podCount} />
      </ReactFlow>
    </div>
  );
}
