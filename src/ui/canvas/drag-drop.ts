// Drag and drop onto nodes, with native HTML5 DnD (Playwright's `dragTo` drives it). Sources: the
// palette's Pod template and pod cards. Targets: anything marked `data-drop-node="<node>"` (node
// boxes and the pod cards inside them, which React Flow renders as siblings, not children). When a
// drag of a Pending pod or the palette template starts, one placement report gives every node its
// verdict and score at once (shown on every node); if the report fails, the hovered node's verdict
// is asked node by node (debounced). After a hand placement the drag's report compares the chosen
// node with the scheduler's pick.

import { createElement, type DragEvent as ReactDragEvent } from 'react';
import { viewId } from '../../worker/protocol';
import { kubectlEquivalent } from '../app/kubectl-equivalent';
import { engineClient } from '../bridge/engine-client';
import { tNow } from '../i18n/use-t';
import { CompareToast } from '../panels/SchedulerPanelCompare';
import { compareHandPlacement } from '../panels/scheduler-compare';
import { setHandPlacement } from '../panels/scheduler-store';
import {
  applyReport,
  beginDrag,
  clearVerdict,
  endDrag,
  placementStore,
  reportFailed,
  setHoverNode,
  setReportLoading,
  setVerdict,
  summarizeVerdict,
  type DragPayload,
  type NodeVerdict,
} from '../stores/placement-store';
import { clusterStore } from '../stores/cluster-store';
import { uiStore } from '../stores/ui-store';

const MIME = 'application/x-kube-sandbox';
const CHECK_DEBOUNCE_MS = 80;
const STICKY_MS = 6000;

const timers = new Map<string, ReturnType<typeof setTimeout>>();

export function startDrag(e: ReactDragEvent, payload: DragPayload): void {
  e.dataTransfer.setData(MIME, JSON.stringify(payload));
  e.dataTransfer.setData('text/plain', payload.type === 'pod' ? payload.name : 'pod');
  e.dataTransfer.effectAllowed = payload.type === 'template' ? 'copy' : 'move';
  beginDrag(payload);
  // A bound pod never moves: no report, its refusal is shown where it hovers.
  if (payload.type === 'template' || !payload.nodeName) requestReport(payload);
}

/** Every node's verdict and score for what is dragged, in one request. */
function requestReport(payload: DragPayload): void {
  setReportLoading();
  const cmd =
    payload.type === 'template' ? ({ kind: 'placementReport', template: payload.template } as const) : ({ kind: 'placementReport', podKey: payload.podKey } as const);
  engineClient.request(cmd).then(
    (reply) => {
      if (placementStore.getState().drag !== payload) return; // a later drag owns the verdicts now
      // An empty report means the pod is gone: fall back to asking node by node.
      if (reply.kind === 'placementReport' && reply.report.nodes.length > 0) applyReport(reply.report);
      else reportFailed();
    },
    () => {
      if (placementStore.getState().drag === payload) reportFailed();
    },
  );
}

export function finishDrag(): void {
  for (const t of timers.values()) clearTimeout(t);
  timers.clear();
  endDrag();
}

function currentPayload(e: ReactDragEvent): DragPayload | null {
  const held = placementStore.getState().drag;
  if (held) return held;
  try {
    const raw = e.dataTransfer.getData(MIME);
    return raw ? (JSON.parse(raw) as DragPayload) : null;
  } catch {
    return null;
  }
}

/** The node under the pointer: the target's marked ancestor, else whatever is stacked beneath it. */
export function dropNodeAt(target: EventTarget | null, clientX: number, clientY: number): string | null {
  const direct = target instanceof Element ? target.closest('[data-drop-node]') : null;
  if (direct) return direct.getAttribute('data-drop-node');
  for (const el of document.elementsFromPoint(clientX, clientY)) {
    const marked = el.closest('[data-drop-node]');
    if (marked) return marked.getAttribute('data-drop-node');
  }
  return null;
}

/** The node's banner is short (it must not cover the Services row); the toast explains. */
function refusedMove(): NodeVerdict {
  return { status: 'done', fits: false, refused: true, message: tNow('drop.podsNeverMoveShort') };
}

function requestVerdict(nodeName: string, payload: DragPayload): void {
  if (placementStore.getState().verdicts.has(nodeName) || timers.has(nodeName)) return;
  if (payload.type === 'pod' && payload.nodeName) {
    if (payload.nodeName !== nodeName) setVerdict(nodeName, refusedMove());
    return;
  }
  setVerdict(nodeName, { status: 'checking' });
  // The drag's report is on its way (it replaces this placeholder), or it came without this node
  // (added during the drag) or failed: then ask for this node alone.
  if (placementStore.getState().report.status === 'loading') return;
  timers.set(
    nodeName,
    setTimeout(() => {
      timers.delete(nodeName);
      const cmd =
        payload.type === 'template'
          ? ({ kind: 'checkPlacement', template: payload.template, nodeName } as const)
          : ({ kind: 'checkPlacement', podKey: payload.podKey, nodeName } as const);
      engineClient.request(cmd).then(
        (reply) => {
          if (placementStore.getState().drag !== payload) return; // a later drag owns the verdicts now
          if (reply.kind === 'checkPlacement') setVerdict(nodeName, summarizeVerdict(reply.verdict));
          else clearVerdict(nodeName);
        },
        () => clearVerdict(nodeName),
      );
    }, CHECK_DEBOUNCE_MS),
  );
}

export function onCanvasDragOver(e: ReactDragEvent): void {
  const payload = currentPayload(e);
  if (!payload) return;
  const node = dropNodeAt(e.target, e.clientX, e.clientY);
  setHoverNode(node);
  if (!node) return;
  e.preventDefault(); // accept the drop here
  e.dataTransfer.dropEffect = payload.type === 'template' ? 'copy' : 'move';
  requestVerdict(node, payload);
}

export function onCanvasDragLeave(e: ReactDragEvent): void {
  const to = e.relatedTarget;
  if (!(to instanceof Node) || !(e.currentTarget as Element).contains(to)) setHoverNode(null);
}

function stick(nodeName: string, verdict: NodeVerdict): void {
  setVerdict(nodeName, verdict.status === 'done' ? { ...verdict, sticky: true } : verdict);
  setTimeout(() => {
    const v = placementStore.getState().verdicts.get(nodeName);
    if (v?.status === 'done' && v.sticky && !placementStore.getState().drag) clearVerdict(nodeName);
  }, STICKY_MS);
}

function toastError(text: string): void {
  uiStore.getState().pushToast({ kind: 'error', text });
}

/** `kubectl run` for the palette pod just created, from its view when the delta came first. */
function createdPodEquivalent(podKey: string, nodeName: string) {
  const [namespace, name] = podKey.split('/');
  const view = clusterStore.getState().objects.get(viewId('Pod', podKey));
  const app = view?.kind === 'Pod' ? view.containers.find((c) => c.type === 'app') : undefined;
  return kubectlEquivalent({
    type: 'createPodOnNode',
    namespace,
    name,
    image: app?.image ?? 'nginx:1.27', // the palette template's image (engine/sim/manual-scheduling.ts)
    labels: view?.kind === 'Pod' ? view.labels : { run: 'nginx' },
    nodeName,
  });
}

export function onCanvasDrop(e: ReactDragEvent): void {
  const payload = currentPayload(e);
  const node = dropNodeAt(e.target, e.clientX, e.clientY);
  if (!payload || !node) return;
  e.preventDefault();
  const hovered = placementStore.getState().verdicts.get(node);
  void performDrop(payload, node, hovered?.status === 'done' ? hovered : undefined);
}

/** Act on a drop: create, bind, or explain why a bound pod cannot move (with a way out). */
export async function performDrop(payload: DragPayload, nodeName: string, hovered?: NodeVerdict): Promise<void> {
  const { pushToast } = uiStore.getState();
  // Read before the first await: the drag (and its report) ends right after the drop.
  const report = placementStore.getState().report;
  try {
    if (payload.type === 'template') {
      const reply = await engineClient.request({ kind: 'createPodOnNode', template: payload.template, nodeName });
      if (reply.kind === 'error') return toastError(tNow('drop.requestFailed', { message: reply.message }));
      if (reply.ok) {
        clearVerdict(nodeName);
        pushToast({ kind: 'info', text: reply.message, ...(reply.podKey ? { kubectl: createdPodEquivalent(reply.podKey, nodeName) } : {}) });
      } else {
        stick(nodeName, hovered ?? { status: 'done', fits: false, message: reply.message });
        toastError(tNow('drop.failed', { node: nodeName, message: reply.message }));
      }
      return;
    }
    if (payload.nodeName) {
      if (payload.nodeName === nodeName) return;
      stick(nodeName, refusedMove());
      const [namespace, name] = payload.podKey.split('/');
      pushToast({
        kind: 'error',
        // A bare pod has no controller to replace it: say so rather than promise a replacement.
        text: tNow(payload.owned ? 'drop.podsNeverMove' : 'drop.podsNeverMoveBare'),
        action: {
          label: tNow('drop.deletePod', { name }),
          run: () => {
            void engineClient.request({ kind: 'delete', ref: { kind: 'Pod', namespace, name } }).then((r) => {
              if (r.kind === 'delete') pushToast({ kind: r.ok ? 'info' : 'error', text: r.message, ...(r.ok ? { kubectl: kubectlEquivalent({ type: 'delete', ref: { kind: 'Pod', namespace, name } }) } : {}) });
              else toastError(tNow('drop.requestFailed', { message: r.message }));
            });
          },
        },
      });
      return;
    }
    const reply = await engineClient.request({ kind: 'bindPod', podKey: payload.podKey, nodeName });
    if (reply.kind === 'error') return toastError(tNow('drop.requestFailed', { message: reply.message }));
    if (reply.ok) {
      clearVerdict(nodeName);
      const [podNamespace, podName] = payload.podKey.split('/');
      const kubectl = kubectlEquivalent({ type: 'bindPod', namespace: podNamespace, name: podName, nodeName });
      if (report.status === 'ready') {
        // You against the scheduler: the node chosen and the scheduler's pick, from the drag's report.
        const placement = compareHandPlacement(report.report, payload.podKey, nodeName);
        setHandPlacement(placement);
        let toastId = 0;
        const onOpen = () => uiStore.getState().dismissToast(toastId);
        toastId = pushToast({ kind: 'info', text: createElement(CompareToast, { placement, onOpen }), kubectl, durationMs: 12_000 });
      } else {
        pushToast({ kind: 'info', text: reply.message || tNow('drop.bound', { name: payload.name, node: nodeName }), kubectl });
      }
    } else {
      const v = summarizeVerdict(reply.verdict);
      stick(nodeName, v);
      const why = v.plugin ? `${v.plugin}: ${v.message}` : v.message || reply.message;
      toastError(tNow('drop.failed', { node: nodeName, message: why }));
    }
  } catch (err) {
    toastError(tNow('drop.requestFailed', { message: err instanceof Error ? err.message : String(err) }));
  }
}
