// Pure layout: the cluster's structure (which nodes, which pods where, which services) -> boxes and
// edges for React Flow. Positions come from slots that survive between calls (`LayoutMemory`), so a
// node keeps its place and adding or removing a pod never moves another pod.
//
//   [unscheduled pods] [control plane (the control-plane node)] [workloads]
//   [service] [service] ...
//   - - - lanes of the Service lines - - -
//  |[node-1]|[node-2]|[node-3] ...       (side by side, NODES_PER_ROW per row)
//   ============ node network bus ============
// A Service's line to an endpoint pod runs down from the pill to its lane, along it to the gap
// beside the pod's node, down that gap and into the pod's side: it never crosses a node's header,
// system strip or another pod.

import * as g from './geometry';
import { assignSlots, slotExtent, type SlotMap } from './slots';
import { placeLanes } from '../storage/lanes-model';

export type CanvasNodeType = 'controlPlane' | 'nodeGroup' | 'pod' | 'service' | 'pending' | 'workloads' | 'networkBus' | 'hint' | 'storageLane' | 'customLane';
export type CanvasEdgeType = 'endpoint' | 'link';

export const PENDING_ID = 'pending';
export const WORKLOADS_ID = 'workloads';
export const NETWORK_ID = 'network';
export const HINT_ID = 'hint';
const HINT_MIN_W = 320;
const HINT_MAX_W = 560;
/** the control plane box's id when no node carries the control-plane role */
export const CONTROL_PLANE_ID = 'control-plane-box';

export interface LayoutInput {
  /** Node view id drawn as the control plane box, or null */
  controlPlane: string | null;
  /** the other Node view ids */
  workers: readonly string[];
  /** container id (a Node view id, or PENDING_ID) -> Pod view ids in it */
  podsByContainer: ReadonlyMap<string, readonly string[]>;
  /** Service view ids */
  services: readonly string[];
  /** Service view id -> Pod view ids of its endpoints (pods not on the canvas are ignored) */
  endpointPods: ReadonlyMap<string, readonly string[]>;
  /** show the first-step hint card (in the services row, after the services) */
  hint?: boolean;
  /** rows of the workloads list (Deployments plus ReplicaSets): its box grows with them */
  workloadRows?: number;
  /** Pod view ids that left the cluster and are fading out (they keep their cell meanwhile) */
  leaving?: ReadonlySet<string>;
  /** rows of the storage and custom-resource lanes below the node network (storage/lanes-model.ts) */
  extraLanes?: { storage: number; custom: number };
}

export interface LayoutMemory {
  nodeSlots: SlotMap;
  serviceSlots: SlotMap;
  podSlots: ReadonlyMap<string, SlotMap>;
  laneSlots?: SlotMap;
}

export const EMPTY_MEMORY: LayoutMemory = { nodeSlots: new Map(), serviceSlots: new Map(), podSlots: new Map() };

export interface Box {
  id: string;
  type: CanvasNodeType;
  x: number;
  y: number;
  width: number;
  height: number;
  /** for pods: the container box; x/y are then relative to it */
  parentId?: string;
  /** for containers: rows of pod cells drawn */
  rows?: number;
  /** for pods: fading out, no longer in the cluster */
  leaving?: boolean;
}

export interface EdgeSpec {
  id: string;
  type: CanvasEdgeType;
  source: string;
  target: string;
  sourceHandle?: string;
  targetHandle?: string;
  /** endpoint edges: the service and pod view ids, the y of the lane the line runs along and the
   *  x of the gap beside the pod's container it goes down; link edges: the writer link name and
   *  the y of their horizontal run (in the gap above the services, not through them) */
  data: { serviceId?: string; podId?: string; link?: string; centerY?: number; laneY?: number; gapX?: number };
}

/** How far outside its container's side a Service line runs down to a pod (within NODE_GAP). */
export const GAP_LANE_OFFSET = 8;

export interface Layout {
  boxes: Box[];
  edges: EdgeSpec[];
  memory: LayoutMemory;
}

/** 'node-2' before 'node-10', as people count. */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function rowsFor(slots: SlotMap | undefined, cols: number, min: number): number {
  return Math.max(min, Math.ceil(slotExtent(slots ?? new Map()) / cols));
}

/**
 * Where a Service line to `pod` (inside `container`) runs: pods in the left half of their box are
 * entered from the left, the others from the right, so the line never crosses a neighbour pod.
 * `gapX` is just outside that side of the container; `laneY` is the Service's own lane (one of
 * EP_LANES) in the gap above the nodes, or in the gap above the Services for top-row containers.
 */
export function endpointRoute(
  pod: Box,
  container: Box,
  serviceSlot: number,
  lanes: { belowServices: number; aboveServices: number },
): { side: 'left' | 'right'; above: boolean; gapX: number; laneY: number } {
  const side = pod.x + pod.width / 2 < container.width / 2 ? 'left' : 'right';
  const gapX = side === 'left' ? container.x - GAP_LANE_OFFSET : container.x + container.width + GAP_LANE_OFFSET;
  const lane = serviceSlot % g.EP_LANES;
  const above = container.y < lanes.aboveServices;
  const laneY = above ? lanes.aboveServices - 6 - lane * g.EP_LANE_STEP : lanes.belowServices - 6 - lane * g.EP_LANE_STEP;
  return { side, above, gapX, laneY };
}

export function layoutCluster(input: LayoutInput, memory: LayoutMemory): Layout {
  const containers = [PENDING_ID, ...(input.controlPlane ? [input.controlPlane] : []), ...input.workers];
  const podSlots = new Map<string, SlotMap>();
  for (const c of containers) {
    const ids = input.podsByContainer.get(c) ?? [];
    podSlots.set(c, assignSlots(memory.podSlots.get(c) ?? new Map(), ids));
  }
  const nodeSlots = assignSlots(memory.nodeSlots, [...input.workers].sort(naturalCompare));
  const serviceSlots = assignSlots(memory.serviceSlots, [...input.services].sort(naturalCompare));

  const boxes: Box[] = [];
  const pods: Box[] = [];
  const placePods = (container: string, cols: number, podsTop: number) => {
    for (const [podId, slot] of podSlots.get(container) ?? []) {
      const cell = g.podCell(slot, cols, podsTop);
      pods.push({
        id: podId,
        type: 'pod',
        parentId: container,
        x: cell.x,
        y: cell.y,
        width: g.POD_W,
        height: g.POD_H,
        ...(input.leaving?.has(podId) ? { leaving: true } : {}),
      });
    }
  };

  // Top row: each box only as tall as its content; the row is as tall as the tallest.
  const pendingRows = rowsFor(podSlots.get(PENDING_ID), g.PENDING_COLS, 0);
  const cpId = input.controlPlane ?? CONTROL_PLANE_ID;
  const cpRows = input.controlPlane ? rowsFor(podSlots.get(input.controlPlane), g.CP_COLS, 0) : 0;
  const cpHeight = g.controlPlaneHeight(cpRows);
  const pendingH = g.pendingHeight(pendingRows);
  const topHeight = Math.max(cpHeight, pendingH);
  const cpX = g.PENDING_W + g.TOP_GAP;
  const workloadsX = cpX + g.CP_W + g.TOP_GAP;
  const topWidth = workloadsX + g.WORKLOADS_W;
  boxes.push({ id: PENDING_ID, type: 'pending', x: 0, y: 0, width: g.PENDING_W, height: pendingH, rows: pendingRows });
  boxes.push({ id: cpId, type: 'controlPlane', x: cpX, y: 0, width: g.CP_W, height: cpHeight, rows: cpRows });
  boxes.push({ id: WORKLOADS_ID, type: 'workloads', x: workloadsX, y: 0, width: g.WORKLOADS_W, height: g.workloadsHeight(input.workloadRows ?? 0, topHeight) });
  placePods(PENDING_ID, g.PENDING_COLS, g.PENDING_HEADER_H);
  if (input.controlPlane) placePods(input.controlPlane, g.CP_COLS, g.CP_PODS_TOP);

  // Services row(s): left-aligned so a new service never shifts the others.
  const nodeColumns = Math.min(g.NODES_PER_ROW, Math.max(slotExtent(nodeSlots), 1));
  const width = Math.max(topWidth, nodeColumns * g.NODE_W + (nodeColumns - 1) * g.NODE_GAP);
  const perRow = Math.max(1, Math.floor((width + g.SVC_GAP) / (g.SVC_W + g.SVC_GAP)));
  const servicesY = topHeight + g.ROW_GAP;
  const serviceRows = Math.max(1, Math.ceil(slotExtent(serviceSlots) / perRow));
  for (const [id, slot] of serviceSlots) {
    boxes.push({
      id,
      type: 'service',
      x: (slot % perRow) * (g.SVC_W + g.SVC_GAP),
      y: servicesY + Math.floor(slot / perRow) * (g.SVC_H + g.SVC_GAP),
      width: g.SVC_W,
      height: g.SVC_H,
    });
  }
  const lastRowUsed = slotExtent(serviceSlots) - (serviceRows - 1) * perRow;
  const hintX = lastRowUsed * (g.SVC_W + g.SVC_GAP);
  if (input.hint && width - hintX >= HINT_MIN_W) {
    const hintY = servicesY + (serviceRows - 1) * (g.SVC_H + g.SVC_GAP);
    boxes.push({ id: HINT_ID, type: 'hint', x: hintX, y: hintY, width: Math.min(HINT_MAX_W, width - hintX), height: g.SVC_H });
  }

  // Worker nodes: one shared pod-row count so every network strip sits on the same line.
  const nodesY = servicesY + serviceRows * (g.SVC_H + g.SVC_GAP) - g.SVC_GAP + g.ROW_GAP + g.EP_LANES_H;
  let workerRows = g.MIN_POD_ROWS;
  for (const w of input.workers) workerRows = Math.max(workerRows, rowsFor(podSlots.get(w), g.NODE_COLS, g.MIN_POD_ROWS));
  const nodeH = g.nodeHeight(workerRows);
  for (const [id, slot] of nodeSlots) {
    const row = Math.floor(slot / g.NODES_PER_ROW);
    boxes.push({
      id,
      type: 'nodeGroup',
      x: (slot % g.NODES_PER_ROW) * (g.NODE_W + g.NODE_GAP),
      y: nodesY + row * (nodeH + g.ROW_GAP),
      width: g.NODE_W,
      height: nodeH,
      rows: workerRows,
    });
    placePods(id, g.NODE_COLS, g.NODE_PODS_TOP);
  }
  const nodeRowCount = Math.max(1, Math.ceil(slotExtent(nodeSlots) / g.NODES_PER_ROW));
  const busY = nodesY + nodeRowCount * (nodeH + g.ROW_GAP) - g.ROW_GAP + g.BUS_GAP;
  boxes.push({ id: NETWORK_ID, type: 'networkBus', x: 0, y: busY, width, height: g.BUS_H });
  const extraLanes = placeLanes(input.extraLanes ?? { storage: 0, custom: 0 }, memory.laneSlots ?? new Map(), busY + g.BUS_H, width);
  boxes.push(...extraLanes.boxes);

  // Parents must precede their children in React Flow's node array.
  boxes.push(...pods);

  const podBoxes = new Map(pods.map((p) => [p.id, p]));
  const containerBoxes = new Map(boxes.map((b) => [b.id, b]));
  const edges: EdgeSpec[] = [];
  for (const worker of input.workers) {
    edges.push({ id: `link:${worker}`, type: 'link', source: cpId, sourceHandle: 'apiserver', target: worker, targetHandle: 'kubelet', data: { link: `kubelet/${worker.slice(worker.indexOf(':') + 1)}`, centerY: topHeight + g.ROW_GAP / 2 } });
  }
  const lanes = { belowServices: nodesY, aboveServices: servicesY };
  for (const svc of input.services) {
    for (const podId of input.endpointPods.get(svc) ?? []) {
      const pod = podBoxes.get(podId);
      const container = pod?.parentId ? containerBoxes.get(pod.parentId) : undefined;
      if (!pod || !container || pod.leaving) continue;
      const route = endpointRoute(pod, container, serviceSlots.get(svc) ?? 0, lanes);
      edges.push({
        id: `ep:${svc}->${podId}`,
        type: 'endpoint',
        source: svc,
        sourceHandle: route.above ? 'top' : 'bottom',
        target: podId,
        targetHandle: route.side,
        data: { serviceId: svc, podId, laneY: route.laneY, gapX: route.gapX },
      });
    }
  }

  return { boxes, edges, memory: { nodeSlots, serviceSlots, podSlots, laneSlots: extraLanes.slots } };
}
