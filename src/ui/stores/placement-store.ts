// Drag-and-drop state: what is being dragged, which node is under the pointer, and the placement
// verdict per node. When a drag starts one placement report fills every node's verdict at once
// (with the scheduler's score and its pick); if that fails, verdicts are asked per hovered node.
// A verdict from a failed drop stays on its node for a few seconds after the drag ends.

import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { PlacementReport, PlacementVerdict } from '../../worker/protocol';

export type DragPayload =
  | { type: 'template'; template: 'pod' }
  | { type: 'pod'; podKey: string; name: string; nodeName?: string; /** has a controller owner */ owned?: boolean };

export type NodeVerdict =
  | { status: 'checking' }
  | {
      status: 'done';
      fits: boolean;
      /** the first failing filter plugin, e.g. 'NodeResourcesFit' */
      plugin?: string;
      message: string;
      /** refused by the UI's rules (a bound pod never moves), not by a filter */
      refused?: boolean;
      /** kept after the drag ends (the verdict of a failed drop) */
      sticky?: boolean;
      /** the scheduler's total score here (nodes its filters pass) */
      score?: number;
      /** one of the highest-scoring nodes: the scheduler's pick */
      best?: boolean;
      /** several nodes share the best score (the scheduler picks one at random) */
      tie?: boolean;
    };

/** The drag's placement report: asked at drag start for a Pending pod or the palette template. */
export type DragReport =
  | { status: 'none' }
  | { status: 'loading' }
  | { status: 'ready'; report: PlacementReport }
  | { status: 'failed' };

export interface PlacementState {
  drag: DragPayload | null;
  hoverNode: string | null;
  verdicts: ReadonlyMap<string, NodeVerdict>;
  report: DragReport;
}

const NO_REPORT: DragReport = { status: 'none' };

export const placementStore = createStore<PlacementState>()(() => ({ drag: null, hoverNode: null, verdicts: new Map(), report: NO_REPORT }));

export function usePlacementStore<T>(selector: (s: PlacementState) => T): T {
  return useStore(placementStore, selector);
}

/** A verdict as the node shows it: the first failing plugin and its reasons, or "fits". */
export function summarizeVerdict(v: PlacementVerdict): Extract<NodeVerdict, { status: 'done' }> {
  if (v.fits) return { status: 'done', fits: true, message: v.message };
  const failing = v.plugins.find((p) => p.code !== 'Success' && p.code !== 'Skip');
  let message = v.message || failing?.reasons.join('; ') || failing?.code || '';
  // The engine's message may already start with the plugin's name; show the name once.
  if (failing && message.startsWith(`${failing.plugin}: `)) message = message.slice(failing.plugin.length + 2);
  return { status: 'done', fits: false, ...(failing ? { plugin: failing.plugin } : {}), message };
}

export function setVerdict(nodeName: string, verdict: NodeVerdict): void {
  const verdicts = new Map(placementStore.getState().verdicts);
  verdicts.set(nodeName, verdict);
  placementStore.setState({ verdicts });
}

export function clearVerdict(nodeName: string): void {
  const verdicts = new Map(placementStore.getState().verdicts);
  if (verdicts.delete(nodeName)) placementStore.setState({ verdicts });
}

export function beginDrag(drag: DragPayload): void {
  // Verdicts depend on what is dragged: a new drag starts with none (sticky ones included).
  placementStore.setState({ drag, hoverNode: null, verdicts: new Map(), report: NO_REPORT });
}

/** Every node's verdict from one report, with the score and the scheduler's pick. */
export function verdictsFromReport(report: PlacementReport): Map<string, NodeVerdict> {
  const tie = report.best.length > 1;
  const verdicts = new Map<string, NodeVerdict>();
  for (const n of report.nodes) {
    const name = n.verdict.nodeName;
    const best = report.best.includes(name);
    verdicts.set(name, {
      ...summarizeVerdict(n.verdict),
      ...(n.verdict.fits && n.totalScore !== undefined ? { score: n.totalScore } : {}),
      ...(best ? { best: true, ...(tie ? { tie: true } : {}) } : {}),
    });
  }
  return verdicts;
}

export function setReportLoading(): void {
  placementStore.setState({ report: { status: 'loading' } });
}

/** The report arrived: fill every node's verdict (replacing "checking…" placeholders). */
export function applyReport(report: PlacementReport): void {
  placementStore.setState({ report: { status: 'ready', report }, verdicts: verdictsFromReport(report) });
}

/** The report failed: drop the placeholders so hovering asks node by node instead. */
export function reportFailed(): void {
  const verdicts = new Map([...placementStore.getState().verdicts].filter(([, v]) => v.status === 'done'));
  placementStore.setState({ report: { status: 'failed' }, verdicts });
}

export function setHoverNode(hoverNode: string | null): void {
  if (placementStore.getState().hoverNode !== hoverNode) placementStore.setState({ hoverNode });
}

/** The drag ended (dropped or cancelled): keep only sticky verdicts. */
export function endDrag(): void {
  const kept = new Map([...placementStore.getState().verdicts].filter(([, v]) => v.status === 'done' && v.sticky));
  placementStore.setState({ drag: null, hoverNode: null, verdicts: kept, report: NO_REPORT });
}
