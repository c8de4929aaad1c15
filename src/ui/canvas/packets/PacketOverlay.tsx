// The packet overlay: an HTML canvas above the flow that draws the selected trace's packet at its
// current hop (a bright dot with a short trail moving from the previous hop), rings the device it is
// at, labels it with the hop's summary and dashes the tunnel between VTEPs while it is encapsulated.
// With "play all" on, every listed trace also loops as a plain dot (packet-swarm.ts), batched into
// one path per colour. Positions come from the DOM (pod cards `data-pod-key`, strip chips `data-dev`):
// elements are found once and kept until the DOM under the flow changes, and measured once per
// location per frame, so the dots follow pan and zoom. Per-frame work runs in requestAnimationFrame
// off store subscriptions; React renders the <canvas> once.

import { useStoreApi } from '@xyflow/react';
import { memo, useEffect, useRef } from 'react';
import type { TraceHop } from '../../../worker/protocol';
import { clusterStore } from '../../stores/cluster-store';
import { hopDurationMs, selectedEntry, traceStore, type TraceState } from '../../stores/trace-store';
import { flightFrames, flightMs, TRAIL_POINTS, type Flight, type FlightFrame } from './packet-flight';
import { anchorOf, hopPath, tunnelEnds, tunnelPath, type Rect } from './packet-geometry';
import { frameScene, swarmDots, type LocationKey, type SwarmColor, type SwarmDot } from './packet-swarm';
import './packet-overlay.css';

const CLUSTER_REDRAW_MS = 200;
const COLORS = { request: '#f97316', reply: '#0ea5e9', drop: '#dc2626' } as const;

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

function selectorOf(key: LocationKey): string {
  if (key === 'bus') return '.network-bus';
  const rest = key.slice(key.indexOf(':') + 1);
  if (key.startsWith('pod:')) return `[data-pod-key="${CSS.escape(rest)}"]`;
  if (key.startsWith('dev:')) return `[data-dev="${CSS.escape(rest)}"]`;
  return `[data-testid="${CSS.escape(`node-${rest}`)}"]`;
}

/**
 * The elements that stand for locations, found by selector once and kept until the DOM under `root`
 * changes (a MutationObserver clears the map): with 25k DOM nodes a querySelector per location per
 * frame was the profile's top entry. Rectangles are still measured every frame (pan and zoom move them).
 */
function elementIndex(root: HTMLElement): { find(key: LocationKey): Element | null; stop(): void } {
  const elements = new Map<LocationKey, Element | null>();
  const observer = typeof MutationObserver === 'undefined' ? undefined : new MutationObserver(() => elements.clear());
  observer?.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-pod-key', 'data-dev', 'data-testid', 'class'] });
  return {
    find(key) {
      const known = elements.get(key);
      if (known !== undefined && (known === null ? observer !== undefined : known.isConnected)) return known;
      const el = root.querySelector(selectorOf(key));
      elements.set(key, el);
      return el;
    },
    stop: () => observer?.disconnect(),
  };
}

/** Measure a location's element relative to `origin` (the overlay's top-left corner). */
function measureWith(index: ReturnType<typeof elementIndex>, origin: DOMRect) {
  return (key: LocationKey): Rect | undefined => {
    const r = index.find(key)?.getBoundingClientRect();
    return r && r.width > 0 && r.height > 0 ? { x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height } : undefined;
  };
}

function roundRect(ctx: CanvasRenderingContext2D, r: Rect, radius: number): void {
  ctx.beginPath();
  ctx.roundRect(r.x, r.y, r.w, r.h, radius);
}

function drawDot(ctx: CanvasRenderingContext2D, f: FlightFrame, color: string, dropped: boolean): void {
  f.trail.forEach((p, i) => {
    ctx.globalAlpha = ((i + 1) / (f.trail.length + 1)) * 0.55;
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.arc(p.x, p.y, 2 + (3 * (i + 1)) / f.trail.length, 0, Math.PI * 2);
    ctx.fill();
  });
  ctx.globalAlpha = 1;
  ctx.shadowColor = color;
  ctx.shadowBlur = 12;
  ctx.fillStyle = color;
  ctx.beginPath();
  ctx.arc(f.at.x, f.at.y, 6, 0, Math.PI * 2);
  ctx.fill();
  ctx.shadowBlur = 0;
  ctx.lineWidth = 2;
  ctx.strokeStyle = '#ffffff';
  ctx.stroke();
  if (dropped && !f.moving) {
    ctx.strokeStyle = '#ffffff';
    ctx.beginPath();
    ctx.moveTo(f.at.x - 3, f.at.y - 3);
    ctx.lineTo(f.at.x + 3, f.at.y + 3);
    ctx.moveTo(f.at.x + 3, f.at.y - 3);
    ctx.lineTo(f.at.x - 3, f.at.y + 3);
    ctx.stroke();
  }
}

/** The hop's summary in a small box above what is ringed (below it when there is no room above). */
function drawLabel(ctx: CanvasRenderingContext2D, text: string, box: Rect, color: string, width: number, height: number): void {
  ctx.font = '12px system-ui, -apple-system, "Segoe UI", "Noto Sans", "Liberation Sans", sans-serif';
  const max = Math.min(360, width - 16);
  let shown = text;
  while (shown.length > 4 && ctx.measureText(shown).width > max - 16) shown = `${shown.slice(0, -2)}…`;
  const w = ctx.measureText(shown).width + 16;
  const h = 22;
  const x = Math.max(4, Math.min(width - w - 4, box.x));
  const above = box.y - h - 6;
  const y = above >= 4 ? above : Math.min(height - h - 4, box.y + box.h + 6);
  ctx.fillStyle = 'rgba(255,255,255,0.95)';
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5;
  roundRect(ctx, { x, y, w, h }, 6);
  ctx.fill();
  ctx.stroke();
  ctx.fillStyle = '#1f2328';
  ctx.textBaseline = 'middle';
  ctx.fillText(shown, x + 8, y + h / 2 + 0.5);
}

/**
 * The play-all dots: per colour one path for each trail step and one for the heads, so 200 packets
 * cost a few dozen fills, not a thousand (no glow: shadowBlur per dot is the expensive part).
 */
function drawSwarm(ctx: CanvasRenderingContext2D, dots: readonly SwarmDot[]): void {
  const byColor = new Map<SwarmColor, SwarmDot[]>();
  for (const d of dots) {
    const list = byColor.get(d.color);
    if (list) list.push(d);
    else byColor.set(d.color, [d]);
  }
  for (const [color, list] of byColor) {
    ctx.fillStyle = COLORS[color];
    for (let k = 0; k < TRAIL_POINTS; k++) {
      // trail[k] of each dot: trails are at most TRAIL_POINTS long, oldest first; align them on the head
      ctx.globalAlpha = ((k + 1) / (TRAIL_POINTS + 1)) * 0.45;
      const radius = 1.5 + (2 * (k + 1)) / TRAIL_POINTS;
      ctx.beginPath();
      for (const d of list) {
        const p = d.trail[k - (TRAIL_POINTS - d.trail.length)];
        if (!p) continue;
        ctx.moveTo(p.x + radius, p.y);
        ctx.arc(p.x, p.y, radius, 0, Math.PI * 2);
      }
      ctx.fill();
    }
    ctx.globalAlpha = 1;
    ctx.beginPath();
    for (const d of list) {
      ctx.moveTo(d.at.x + 4.5, d.at.y);
      ctx.arc(d.at.x, d.at.y, 4.5, 0, Math.PI * 2);
    }
    ctx.fill();
    ctx.lineWidth = 1.25;
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();
  }
}

interface Motion {
  uid: number;
  hop: number;
  startMs: number;
  durationMs: number;
}

function hopColor(hop: TraceHop, dropped: boolean): string {
  return dropped ? COLORS.drop : COLORS[hop.direction];
}

/** Start drawing into `canvas`; `onViewport` subscribes to pan/zoom. Returns the stop. */
export function startPacketOverlay(canvas: HTMLCanvasElement, onViewport: (cb: () => void) => () => void): () => void {
  const root = canvas.parentElement;
  const ctx = canvas.getContext('2d');
  if (!root || !ctx) return () => undefined;
  let frame = 0;
  let motion: Motion | null = null;
  const index = elementIndex(root);

  const draw = (now: number): boolean => {
    frame = 0;
    const dpr = window.devicePixelRatio || 1;
    const width = root.clientWidth;
    const height = root.clientHeight;
    if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const s = traceStore.getState();
    const scene = frameScene(measureWith(index, root.getBoundingClientRect()), width, height);
    let swarm = 0;
    if (s.playAll) {
      const others = s.entries.filter((e) => e.uid !== s.selected).map((e) => e.trace);
      const dots = swarmDots(others, now, hopDurationMs(s.speed), scene);
      drawSwarm(ctx, dots);
      swarm = dots.length;
    }
    canvas.dataset.packets = String(swarm);
    const entry = selectedEntry(s);
    const hop = entry?.trace.hops[s.hop];
    canvas.dataset.hop = entry ? String(s.hop) : '';
    if (!entry || !hop) return s.playAll;
    canvas.dataset.packets = String(swarm + 1);
    const hops = entry.trace.hops;
    const dropped = entry.trace.outcome.dropHop === s.hop || (hop.kind === 'drop' && !entry.trace.outcome.delivered);
    const color = hopColor(hop, dropped);

    const tunnel = tunnelEnds(hops, s.hop, scene);
    if (tunnel) {
      ctx.setLineDash([7, 5]);
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = color;
      ctx.globalAlpha = 0.85;
      ctx.beginPath();
      tunnelPath(tunnel, scene).forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
    }

    const anchor = anchorOf(hops, s.hop, scene);
    if (!anchor) return s.playAll;
    if (anchor.ring) {
      ctx.strokeStyle = color;
      ctx.lineWidth = 2.5;
      ctx.shadowColor = color;
      ctx.shadowBlur = 8;
      roundRect(ctx, { x: anchor.ring.x - 3, y: anchor.ring.y - 3, w: anchor.ring.w + 6, h: anchor.ring.h + 6 }, 7);
      ctx.stroke();
      ctx.shadowBlur = 0;
    }

    const m = motion && motion.uid === entry.uid && motion.hop === s.hop ? motion : null;
    const flights: Flight[] = [{ path: m ? hopPath(hops, s.hop, scene) : [anchor.at], startMs: m?.startMs ?? 0, durationMs: m?.durationMs ?? 0 }];
    const { frames, moving } = flightFrames(flights, now);
    for (const f of frames) drawDot(ctx, f, color, dropped);
    const box = anchor.ring ?? { x: anchor.at.x - 8, y: anchor.at.y - 8, w: 16, h: 16 };
    drawLabel(ctx, `${s.hop + 1}/${hops.length} · ${hop.summary}`, box, color, width, height);
    return moving || s.playAll;
  };

  const loop = (now: number) => {
    if (draw(now)) frame = requestAnimationFrame(loop);
  };
  const requestDraw = () => {
    if (!frame) frame = requestAnimationFrame(loop);
  };

  const onTraces = (s: TraceState, prev: TraceState) => {
    if (s.selected === prev.selected && s.hop === prev.hop && s.entries === prev.entries && s.playAll === prev.playAll) return;
    const entry = selectedEntry(s);
    // One step forward animates from the previous hop; a jump, a step back or a new trace lands at once.
    motion = entry && s.selected === prev.selected && s.hop === prev.hop + 1
      ? { uid: entry.uid, hop: s.hop, startMs: performance.now(), durationMs: flightMs(hopDurationMs(s.speed), prefersReducedMotion()) }
      : null;
    requestDraw();
  };
  const unsubTraces = traceStore.subscribe(onTraces);
  // Cards appear and move as the cluster changes: redraw when a packet is shown, at most every
  // CLUSTER_REDRAW_MS (a running clock changes the store every frame; measuring the DOM that often would not pay).
  let clusterTimer: ReturnType<typeof setTimeout> | undefined;
  const unsubCluster = clusterStore.subscribe(() => {
    const t = traceStore.getState();
    // while playing all, the loop redraws every frame anyway
    if (t.playAll || t.selected === null || clusterTimer !== undefined) return;
    clusterTimer = setTimeout(() => {
      clusterTimer = undefined;
      requestDraw();
    }, CLUSTER_REDRAW_MS);
  });
  const unsubViewport = onViewport(requestDraw);
  const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(requestDraw);
  observer?.observe(root);
  requestDraw();
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(clusterTimer);
    unsubTraces();
    unsubCluster();
    unsubViewport();
    observer?.disconnect();
    index.stop();
  };
}

/** Mounted inside <ReactFlow>: the overlay canvas over the whole flow, ignoring the pointer. */
export const PacketOverlay = memo(function PacketOverlay() {
  const ref = useRef<HTMLCanvasElement>(null);
  const flow = useStoreApi();
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    return startPacketOverlay(canvas, (cb) =>
      flow.subscribe((s, prev) => {
        if (s.transform !== prev.transform) cb();
      }),
    );
  }, [flow]);
  return <canvas ref={ref} className="packet-overlay" data-testid="packet-overlay" aria-hidden />;
});
