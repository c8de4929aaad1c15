// Sizes of everything on the canvas, in flow units (px at zoom 1), shared by the layout functions
// and the components that draw inside the boxes (channels, strips). Chosen so a control plane,
// the Services row and three one-row worker nodes fit the canvas of a 1280x800 window (inspector
// collapsed, dock open) at about zoom 0.95, where pod names (13px) and states (12px) read at 11px+.

export const POD_W = 150;
export const POD_H = 76;
export const POD_GAP = 8;
/** room left of each pod column: the veth stub and the column's channel down to cni0 */
export const VETH_W = 12;
export const PAD = 10;
/** where a Service's line enters a pod card, below its top (clear of the veth stub at mid-height) */
export const POD_ENTRY_Y = 14;

export const NODE_COLS = 2;
export const NODE_W = 2 * PAD + NODE_COLS * (VETH_W + POD_W) + (NODE_COLS - 1) * POD_GAP;
export const NODE_GAP = 28;
export const NODES_PER_ROW = 4;
export const NODE_HEADER_H = 58;
export const SYSTEM_H = 24;
export const NODE_PODS_TOP = NODE_HEADER_H + SYSTEM_H + 6;
export const NET_H = 42;
/** pod rows a worker node shows even when it has fewer pods (more rows appear as pods arrive) */
export const MIN_POD_ROWS = 1;

export const CP_W = 470;
export const CP_COLS = 2;
/** the component diagram (the node's system and network chips share one strip below it) */
export const CP_DIAGRAM_H = 66;
export const CP_STRIP_H = 28;
export const CP_PODS_TOP = NODE_HEADER_H + CP_DIAGRAM_H + 6;

export const PENDING_W = NODE_W;
export const PENDING_HEADER_H = 50;
/** the empty unscheduled area: its header and a two-line "nothing waiting" note */
export const PENDING_EMPTY_H = 38;
export const PENDING_COLS = 2;
export const WORKLOADS_W = 190;
export const WORKLOADS_HEADER_H = 34;
/** one Deployment, ReplicaSet, DaemonSet or StatefulSet row of the workloads list: a 23px row (canvas.css
 *  .wl-head/.wl-rs) and at most the 6px gap before the next group */
export const WORKLOAD_ROW_H = 29;
/** below the last row: the list's own padding and border */
const WORKLOADS_FOOT_H = 4;
export const WORKLOADS_EMPTY_H = 76;
export const TOP_GAP = 24;

export const SVC_W = 196;
export const SVC_H = 56;
export const SVC_GAP = 16;
export const ROW_GAP = 22;
/** extra room between the Services row and the nodes: the lanes Service lines run along */
export const EP_LANES_H = 6;
export const EP_LANES = 3;
export const EP_LANE_STEP = 5;
export const BUS_GAP = 12;
export const BUS_H = 22;

/** The top-left of a pod's cell, relative to its container, for a slot in a grid of `cols`. */
export function podCell(slot: number, cols: number, podsTop: number): { x: number; y: number } {
  const col = slot % cols;
  const row = Math.floor(slot / cols);
  return { x: PAD + col * (VETH_W + POD_W + POD_GAP) + VETH_W, y: podsTop + row * (POD_H + POD_GAP) };
}

/** x of the channel (veth bus down to cni0) of a pod column, relative to the container. */
export function channelX(col: number): number {
  return PAD + col * (VETH_W + POD_W + POD_GAP) + VETH_W / 2;
}

export function rowsHeight(rows: number): number {
  return rows * (POD_H + POD_GAP);
}

export function nodeHeight(rows: number): number {
  return NODE_PODS_TOP + rowsHeight(rows) + NET_H;
}

export function controlPlaneHeight(rows: number): number {
  return CP_PODS_TOP + (rows > 0 ? rowsHeight(rows) : 0) + CP_STRIP_H + 4;
}

export function pendingHeight(rows: number): number {
  return PENDING_HEADER_H + (rows > 0 ? rowsHeight(rows) + 2 : PENDING_EMPTY_H);
}

/** The workloads list grows with its rows up to `max` (then it scrolls). */
export function workloadsHeight(rows: number, max: number): number {
  const wanted = rows > 0 ? WORKLOADS_HEADER_H + rows * WORKLOAD_ROW_H + WORKLOADS_FOOT_H : WORKLOADS_EMPTY_H;
  return Math.min(max, wanted);
}
