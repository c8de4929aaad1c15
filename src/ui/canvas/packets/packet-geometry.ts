// Where a packet is drawn at each hop of a trace: from the hop's location (a pod's namespace, a node
// device, the node network between two nodes) and the screen rectangles of the canvas elements that
// stand for them, to an anchor point, the path from the previous hop, and the tunnel between VTEPs.
// Pure: the overlay measures the DOM and hands the rectangles in through a `Scene`.

import type { TraceHop } from '../../../worker/protocol';
import { POD_W, VETH_W } from '../layout/geometry';

export interface Pt {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Screen rectangles, relative to the overlay's top-left corner. */
export interface Scene {
  width: number;
  height: number;
  /** a pod card, by pod key `namespace/name` */
  pod(key: string): Rect | undefined;
  /** a chip of a node's network strip: 'eth0', 'cni0' (also Calico's cali* block), a tunnel device */
  device(node: string, device: string): Rect | undefined;
  /** a node's box */
  node(name: string): Rect | undefined;
  /** the node network bus under the nodes */
  bus(): Rect | undefined;
}

export interface Anchor {
  at: Pt;
  /** what to ring as the current device */
  ring?: Rect;
  /** the element is a pod card (paths leave and enter it sideways, through its veth) */
  pod?: Rect;
}

export const center = (r: Rect): Pt => ({ x: r.x + r.w / 2, y: r.y + r.h / 2 });

/** veth pairs (flannel's bridge ports) and Calico's routed cali* interfaces on the host side. */
export function isVethDevice(device: string | undefined): boolean {
  return device !== undefined && (device.startsWith('veth') || device.startsWith('cali'));
}

/**
 * The pod a root-namespace veth hop belongs to: the nearest hop on the same node whose namespace is
 * a pod (the hop before when entering the node, after when leaving toward the pod).
 */
export function vethPod(hops: readonly TraceHop[], index: number): string | undefined {
  const node = hops[index]?.location.node;
  for (let d = 1; d < hops.length; d++) {
    for (const j of [index - d, index + d]) {
      const h = hops[j];
      if (h && h.location.node === node && h.location.netns && !h.location.wire) return h.location.netns;
    }
  }
  return undefined;
}

function busY(scene: Scene): number {
  const bus = scene.bus();
  return bus ? bus.y + bus.h / 2 : scene.height - 24;
}

/** A device chip, else the node's eth0, else the node box's bottom middle. */
function deviceAnchor(scene: Scene, node: string, device: string | undefined): Anchor | undefined {
  const chip = (device && scene.device(node, device)) || scene.device(node, 'eth0');
  if (chip) return { at: center(chip), ring: chip };
  const box = scene.node(node);
  return box ? { at: { x: box.x + box.w / 2, y: box.y + box.h - 12 }, ring: box } : undefined;
}

/** The x of a pod's channel (its veth's line down to cni0): VETH_W/2 left of the card, scaled by the zoom. */
export function channelX(pod: Rect): number {
  return pod.x - (VETH_W / 2) * (pod.w / POD_W);
}

/** Where hop `index` of `hops` happens on screen, or undefined when its element is not drawn. */
export function anchorOf(hops: readonly TraceHop[], index: number, scene: Scene): Anchor | undefined {
  const hop = hops[index];
  if (!hop) return undefined;
  const loc = hop.location;
  // toward '' (the router, or a client outside the cluster): the canvas edge, on the node network
  if (loc.wire) return loc.wire.toNode ? deviceAnchor(scene, loc.wire.toNode, 'eth0') : { at: { x: 10, y: busY(scene) } };
  if (!loc.node) return { at: { x: 10, y: busY(scene) } }; // outside the cluster: the canvas edge, on the node network
  if (loc.netns) {
    const pod = scene.pod(loc.netns);
    if (pod) return { at: center(pod), ring: pod, pod };
    return deviceAnchor(scene, loc.node, 'cni0');
  }
  if (isVethDevice(loc.device)) {
    const podKey = vethPod(hops, index);
    const pod = podKey ? scene.pod(podKey) : undefined;
    const bridge = scene.device(loc.node, 'cni0');
    if (pod && bridge) {
      const x = channelX(pod);
      const top = pod.y + pod.h / 2;
      const y = (top + bridge.y) / 2;
      return { at: { x, y }, ring: { x: x - 5, y: top, w: 10, h: bridge.y - top } };
    }
    return deviceAnchor(scene, loc.node, 'cni0');
  }
  return deviceAnchor(scene, loc.node, loc.device);
}

/**
 * The points the packet follows from hop `index - 1` to hop `index` (the first hop: its anchor only).
 * Across the wire it drops from one eth0 onto the bus, runs along it and rises to the other eth0;
 * out of (into) a pod card it leaves (enters) sideways through its veth, then runs down (up) the channel.
 */
export function hopPath(hops: readonly TraceHop[], index: number, scene: Scene): Pt[] {
  const to = anchorOf(hops, index, scene);
  if (!to) return [];
  const from = index > 0 ? anchorOf(hops, index - 1, scene) : undefined;
  if (!from) return [to.at];
  const a = from.at;
  const b = to.at;
  const wire = hops[index].location.wire;
  if (wire) {
    const start = deviceAnchor(scene, wire.fromNode, 'eth0')?.at ?? a;
    const y = busY(scene);
    return dedupe([a, start, { x: start.x, y }, { x: b.x, y }, b]);
  }
  if (!hops[index - 1].location.node && !hops[index].location.wire) {
    // from outside: along the bus to under the node, then up
    const y = busY(scene);
    return dedupe([a, { x: b.x, y }, b]);
  }
  if (from.pod && !to.pod) {
    const x = channelX(from.pod);
    return dedupe([a, { x, y: a.y }, { x, y: b.y }, b]);
  }
  if (to.pod && !from.pod) {
    const x = channelX(to.pod);
    return dedupe([a, { x, y: a.y }, { x, y: b.y }, b]);
  }
  return dedupe([a, b]);
}

function dedupe(points: Pt[]): Pt[] {
  const out: Pt[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || Math.abs(last.x - p.x) > 0.5 || Math.abs(last.y - p.y) > 0.5) out.push(p);
  }
  return out;
}

export function pathLength(path: readonly Pt[]): number {
  let len = 0;
  for (let i = 1; i < path.length; i++) len += Math.hypot(path[i].x - path[i - 1].x, path[i].y - path[i - 1].y);
  return len;
}

/** The point a fraction `t` (0..1, clamped) of the way along `path`, by length. */
export function pointAt(path: readonly Pt[], t: number): Pt | undefined {
  if (path.length === 0) return undefined;
  const total = pathLength(path);
  if (total === 0 || t >= 1) return path[path.length - 1];
  let left = Math.max(0, t) * total;
  for (let i = 1; i < path.length; i++) {
    const seg = Math.hypot(path[i].x - path[i - 1].x, path[i].y - path[i - 1].y);
    if (left <= seg) {
      const f = seg === 0 ? 0 : left / seg;
      return { x: path[i - 1].x + (path[i].x - path[i - 1].x) * f, y: path[i - 1].y + (path[i].y - path[i - 1].y) * f };
    }
    left -= seg;
  }
  return path[path.length - 1];
}

/**
 * How the tunnel is drawn between two VTEPs: down from each to just above the node network bus and
 * along it (the tunnel rides on the underlay), so it never crosses another node's devices.
 */
export function tunnelPath(ends: [Pt, Pt], scene: Scene): Pt[] {
  const [a, b] = ends;
  const bus = scene.bus();
  if (!bus) return [a, b];
  const y = bus.y + Math.min(5, bus.h / 4);
  return dedupe([a, { x: a.x, y }, { x: b.x, y }, b]);
}

/**
 * The two VTEPs while the packet at hop `index` travels inside a tunnel (it carries outer headers
 * after the hop, or it is the decapsulation): the encap hop's device and the decap hop's device.
 */
export function tunnelEnds(hops: readonly TraceHop[], index: number, scene: Scene): [Pt, Pt] | undefined {
  const hop = hops[index];
  if (!hop || !(hop.after.outer || hop.kind === 'decap')) return undefined;
  let encap = -1;
  for (let j = index; j >= 0 && hops[j].direction === hop.direction; j--) if (hops[j].kind === 'encap') { encap = j; break; }
  let decap = -1;
  for (let j = index; j < hops.length && hops[j].direction === hop.direction; j++) if (hops[j].kind === 'decap') { decap = j; break; }
  if (encap < 0) return undefined;
  const from = deviceAnchor(scene, hops[encap].location.node, hops[encap].location.device);
  let to: Anchor | undefined;
  if (decap >= 0) to = deviceAnchor(scene, hops[decap].location.node, hops[decap].location.device);
  else {
    // no decap (dropped on the way): toward the node the outer header is addressed to, if a wire hop names it
    const wire = hops.slice(encap).find((h) => h.location.wire && h.direction === hop.direction)?.location.wire;
    if (wire) to = deviceAnchor(scene, wire.toNode, hops[encap].location.device);
  }
  return from && to ? [from.at, to.at] : undefined;
}
