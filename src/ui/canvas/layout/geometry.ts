// Sizes of everything on the canvas, in flow units (px at zoom 1), shared by the layout functions
// and the components that draw inside the boxes (channels, strips). Chosen so a control plane and
// three worker nodes fit a 1280x800 window next to the palette and inspector.

export const POD_W = 130;
export const POD_H = 66;
export const POD_GAP = 8;
/** room left of each pod column: the veth stub and the column's channel down to cni0 */
export const VETH_W = 12;
export const PAD = 10;

export const NODE_COLS = 2;
export const NODE_W = 2 * PAD + NODE_COLS * (VETH_W + POD_W) + (NODE_COLS - 1) * POD_GAP;
export const NODE_GAP = 28;
export const NODES_PER_ROW = 4;
export const NODE_HEADER_H = 58;
export const SYSTEM_H = 22;
export const NODE_PODS_TOP = NODE_HEADER_H + SYSTEM_H + 8;
export const NET_H = 40;
export const MIN_POD_ROWS = 2;

export const CP_W = 452;
export const CP_COLS = 2;
/** the component diagram (the node's system and network chips share one strip below it) */
export const CP_DIAGRAM_H = 84;
export const CP_STRIP_H = 28;
export const CP_PODS_TOP = NODE_HEADER_H + CP_DIAGRAM_H + 6;

export const PENDING_W = NODE_W;
export const PENDING_HEADER_H = 46;
export const PENDING_COLS = 2;
export const WORKLOADS_W = 168;
export const TOP_GAP = 24;

export const SVC_W = 176;
export const SVC_H = 56;
export const SVC_GAP = 16;
export const ROW_GAP = 30;
export const BUS_H = 30;

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
  return PENDING_HEADER_H + rowsHeight(rows) + 4;
}
