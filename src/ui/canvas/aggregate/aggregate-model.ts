// Level of detail for big clusters: which containers (worker nodes, the control plane, the
// unscheduled area) draw their pods as one aggregate element (counts by state, capacity bars, a cell
// per pod painted on one canvas) instead of one React Flow node per pod card. React Flow's own
// guidance puts its comfortable limit near 1,000 DOM-heavy nodes; a pod card is ~20 DOM elements, so
// a zoomed-out 1,000-pod canvas is ~25k elements for text nobody can read at that zoom.
//
// Rules (pure, unit-tested in aggregate-model.test.ts):
// - fewer than AGGREGATE_MIN_PODS pods on the canvas: always detail (small clusters never change);
// - otherwise, zoomed out (below DETAIL_ZOOM; back to aggregates below AGGREGATE_ZOOM, a hysteresis so
//   a wheel tick at the boundary does not flip every node back and forth): every container aggregated;
// - zoomed in: the containers the viewport shows (plus a margin) draw their pods; the ones off screen
//   stay aggregated, so a 10,000-pod cluster never mounts more than a screenful of cards.

import type { PodView } from '../../../worker/protocol';
import { phaseTone, type PhaseTone } from '../phase';

/** Below this many pods on the canvas the detail view is always drawn. */
export const AGGREGATE_MIN_PODS = 500;
/** Zooming in to this level (or more) switches to detail. */
export const DETAIL_ZOOM = 0.5;
/** Zooming out below this level switches back to aggregates. */
export const AGGREGATE_ZOOM = 0.45;
/** Screen pixels around the viewport whose containers are drawn in detail too (a pan shows them ready). */
export const VIEWPORT_MARGIN_PX = 200;

export type DetailMode = 'detail' | 'aggregate';

/** The zoom-level mode after a viewport change, given the mode before it (hysteresis). */
export function nextMode(prev: DetailMode, zoom: number, podCount: number): DetailMode {
  if (podCount < AGGREGATE_MIN_PODS) return 'detail';
  if (prev === 'detail') return zoom < AGGREGATE_ZOOM ? 'aggregate' : 'detail';
  return zoom >= DETAIL_ZOOM ? 'detail' : 'aggregate';
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The flow-coordinate rectangle a viewport (React Flow's transform [x, y, zoom]) shows on a pane of `size`, with `marginPx` around it. */
export function visibleFlowRect(transform: readonly [number, number, number], size: { width: number; height: number }, marginPx = VIEWPORT_MARGIN_PX): Rect {
  const [tx, ty, zoom] = transform;
  const z = zoom > 0 ? zoom : 1;
  return { x: -(tx + marginPx) / z + 0, y: -(ty + marginPx) / z + 0, width: (size.width + 2 * marginPx) / z, height: (size.height + 2 * marginPx) / z };
}

function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** A container box in flow coordinates (top-level boxes: their position is absolute). */
export interface ContainerBox extends Rect {
  id: string;
}

/**
 * The containers that draw their pods in detail: all of them in 'detail' mode below
 * AGGREGATE_MIN_PODS; none when zoomed out; the ones intersecting `visible` when zoomed in.
 * Returns null for "every container" (the small-cluster case, no filtering at all).
 */
export function detailedContainers(mode: DetailMode, podCount: number, containers: readonly ContainerBox[], visible: Rect | null): ReadonlySet<string> | null {
  if (podCount < AGGREGATE_MIN_PODS) return null;
  if (mode === 'aggregate' || !visible) return new Set();
  const out = new Set<string>();
  for (const c of containers) if (intersects(c, visible)) out.add(c.id);
  return out;
}

/** A stable string for a set of detailed containers (null: all), so a pan that shows the same ones re-renders nothing. */
export function detailKey(set: ReadonlySet<string> | null): string {
  return set === null ? '*' : [...set].sort().join('|');
}

/** Pods per state tone, in the order the aggregate lists them (DESIGN.md's phase colours). */
export const TONES: readonly PhaseTone[] = ['running', 'pending', 'succeeded', 'failed', 'terminating', 'unknown'];

export type ToneCounts = Record<PhaseTone, number>;

export function emptyCounts(): ToneCounts {
  return { running: 0, pending: 0, succeeded: 0, failed: 0, terminating: 0, unknown: 0 };
}

/** Count pods by state tone; ids whose view is missing (or not a pod) are skipped. */
export function countTones(podIds: readonly string[], viewOf: (id: string) => Pick<PodView, 'kind' | 'phase' | 'status' | 'deleting'> | { kind: string } | undefined): ToneCounts {
  const out = emptyCounts();
  for (const id of podIds) {
    const v = viewOf(id);
    if (!v || v.kind !== 'Pod') continue;
    out[phaseTone(v as Pick<PodView, 'phase' | 'status' | 'deleting'>)] += 1;
  }
  return out;
}

/**
 * Each pod's tone as one character per pod ('r', 'p', 's', 'f', 't', 'u'), in `podIds` order: a
 * primitive a store selector can return (equal strings, no re-render) and the cells canvas paints.
 */
export function toneString(podIds: readonly string[], viewOf: (id: string) => Pick<PodView, 'kind' | 'phase' | 'status' | 'deleting'> | { kind: string } | undefined): string {
  let s = '';
  for (const id of podIds) {
    const v = viewOf(id);
    s += !v || v.kind !== 'Pod' ? 'u' : TONE_CHAR[phaseTone(v as Pick<PodView, 'phase' | 'status' | 'deleting'>)];
  }
  return s;
}

export const TONE_CHAR: Record<PhaseTone, string> = { running: 'r', pending: 'p', succeeded: 's', failed: 'f', terminating: 't', unknown: 'u' };
export const TONE_OF_CHAR: Record<string, PhaseTone> = { r: 'running', p: 'pending', s: 'succeeded', f: 'failed', t: 'terminating', u: 'unknown' };

/** Counts from a tone string (toneString). */
export function countsOf(tones: string): ToneCounts {
  const out = emptyCounts();
  for (const ch of tones) out[TONE_OF_CHAR[ch] ?? 'unknown'] += 1;
  return out;
}

/** A pod's cell inside its container (flow units, relative to the container), from the layout. */
export interface Cell {
  podId: string;
  x: number;
  y: number;
}

/** Minimal shape of a React Flow node the aggregation needs (FlowNode fits it). */
export interface FlowLike {
  id: string;
  type?: string;
  parentId?: string;
  position: { x: number; y: number };
  width?: number;
  height?: number;
}

export interface AggregateBox {
  /** `aggregate:<container id>` */
  id: string;
  container: string;
  x: number;
  y: number;
  width: number;
  height: number;
  cells: Cell[];
}

export const AGGREGATE_PREFIX = 'aggregate:';

/**
 * Replace the pod children of every container not in `detailed` (null: all detailed, nothing to do)
 * by one aggregate box covering the area their cells take. Pod boxes keep their order relative to the
 * rest; each aggregate goes where its container's first pod was (after its parent, as React Flow
 * needs). Returns the kept nodes, the aggregates (to turn into nodes by the caller) and the removed
 * pod ids (their edges go too).
 */
export function aggregateNodes<N extends FlowLike>(nodes: readonly N[], detailed: ReadonlySet<string> | null): { nodes: (N | AggregateBox)[]; removed: ReadonlySet<string> } {
  if (detailed === null) return { nodes: [...nodes], removed: new Set() };
  const byContainer = new Map<string, AggregateBox>();
  const removed = new Set<string>();
  const out: (N | AggregateBox)[] = [];
  const containerWidth = new Map<string, number>();
  for (const n of nodes) if (n.width !== undefined) containerWidth.set(n.id, n.width);
  for (const n of nodes) {
    if (n.type !== 'pod' || !n.parentId || detailed.has(n.parentId)) {
      out.push(n);
      continue;
    }
    removed.add(n.id);
    const w = n.width ?? 0;
    const h = n.height ?? 0;
    let agg = byContainer.get(n.parentId);
    if (!agg) {
      agg = { id: AGGREGATE_PREFIX + n.parentId, container: n.parentId, x: n.position.x, y: n.position.y, width: w, height: h, cells: [] };
      byContainer.set(n.parentId, agg);
      out.push(agg);
    } else {
      const right = Math.max(agg.x + agg.width, n.position.x + w);
      const bottom = Math.max(agg.y + agg.height, n.position.y + h);
      agg.x = Math.min(agg.x, n.position.x);
      agg.y = Math.min(agg.y, n.position.y);
      agg.width = right - agg.x;
      agg.height = bottom - agg.y;
    }
    agg.cells.push({ podId: n.id, x: n.position.x, y: n.position.y });
  }
  // Cells relative to the aggregate box; the box spans the container's inner width at least.
  for (const agg of byContainer.values()) {
    for (const c of agg.cells) {
      c.x -= agg.x;
      c.y -= agg.y;
    }
    const cw = containerWidth.get(agg.container);
    if (cw !== undefined && agg.x + agg.width < cw - agg.x) agg.width = cw - 2 * agg.x;
  }
  return { nodes: out, removed };
}

export function isAggregateBox(n: FlowLike | AggregateBox): n is AggregateBox {
  return 'cells' in n && 'container' in n;
}
