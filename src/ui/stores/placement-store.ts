// Drag-and-drop state: what is being dragged, which node is under the pointer, and the placement
// verdict per node (asked once per node per drag, then cached). A verdict from a failed drop stays
// on its node for a few seconds after the drag ends so the learner can read it.

import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { PlacementVerdict } from '../../worker/protocol';

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
    };

export interface PlacementState {
  drag: DragPayload | null;
  hoverNode: string | null;
  verdicts: ReadonlyMap<string, NodeVerdict>;
}

export const placementStore = createStore<PlacementState>()(() => ({ drag: null, hoverNode: null, verdicts: new Map() }));

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
  placementStore.setState({ drag, hoverNode: null, verdicts: new Map() });
}

export function setHoverNode(hoverNode: string | null): void {
  if (placementStore.getState().hoverNode !== hoverNode) placementStore.setState({ hoverNode });
}

/** The drag ended (dropped or cancelled): keep only sticky verdicts. */
export function endDrag(): void {
  const kept = new Map([...placementStore.getState().verdicts].filter(([, v]) => v.status === 'done' && v.sticky));
  placementStore.setState({ drag: null, hoverNode: null, verdicts: kept });
}
