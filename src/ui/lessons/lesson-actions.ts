// What the lesson panel's buttons do: put YAML in the editor, a command in the terminal prompt,
// stop or start a node, move the clock. Each goes through the same doors as the rest of the UI.

import { lessonDurationMs, loadWorkload, type ClusterChange, type LoadChange } from '../../engine/api/lesson';
import { rebuildLessonCluster } from './lesson-store';
import { engineClient } from '../bridge/engine-client';
import { replaceBuffer } from '../editor/buffer-store';
import { tNow } from '../i18n/use-t';
import { pasteIntoTerminal } from '../panels/terminal-bus';
import { uiStore } from '../stores/ui-store';

/** Replace the editor's text with `yaml` (undo is the editor's) and show the Editor tab. */
export function loadIntoEditor(yaml: string): void {
  replaceBuffer(yaml);
  const ui = uiStore.getState();
  ui.setDockOpen(true);
  ui.setDockTab('editor');
  ui.pushToast({ kind: 'info', text: tNow('lesson.loaded') });
}

/** Open `node`'s root shell in the terminal with `command` at the prompt: Enter runs it. */
export function runOnNode(node: string, command: string): void {
  pasteIntoTerminal(command);
  // pasteIntoTerminal leaves a node shell; enter this node's afterwards
  uiStore.getState().setShellNode(node);
}

/** "Rebuild the cluster" with other settings: asks first, as the header's selects do (the cluster is replaced). */
export async function rebuildCluster(change: ClusterChange, summary: string): Promise<void> {
  if (!window.confirm(tNow('lesson.rebuildConfirm', { settings: summary }))) return;
  const err = await rebuildLessonCluster(change);
  const ui = uiStore.getState();
  ui.pushToast(err === undefined ? { kind: 'info', text: tNow('lesson.rebuilt', { settings: summary }) } : { kind: 'error', text: err });
}

/** `cni flannel-udp · 2 subnets`: what a rebuild changes, for its button and confirmation. */
export function clusterChangeSummary(change: ClusterChange): string {
  return [change.cni, change.proxyMode, change.nodeSubnets ? `${change.nodeSubnets === 1 ? '1 subnet' : `${change.nodeSubnets} subnets`}` : undefined].filter(Boolean).join(' · ');
}

/** The Load slider's action: `rps` simulated requests per second to a workload. */
export async function sendLoad(change: LoadChange): Promise<void> {
  const workload = loadWorkload(change.workload);
  if (!workload) return;
  const reply = await engineClient.request({ kind: 'setLoad', workload, rps: change.rps });
  const ui = uiStore.getState();
  if (reply.kind === 'error') ui.pushToast({ kind: 'error', text: reply.message });
  else if (reply.kind === 'setLoad') ui.pushToast({ kind: reply.ok ? 'info' : 'error', text: reply.message });
}

/** Put `kubectl <command>` in the terminal's prompt and focus it: Enter runs it. */
export function runInTerminal(command: string): void {
  pasteIntoTerminal(`kubectl ${command}`);
}

export async function setNodePower(nodeName: string, action: 'stop' | 'start'): Promise<void> {
  const reply = await engineClient.request({ kind: 'nodePower', nodeName, action });
  const ui = uiStore.getState();
  if (reply.kind === 'error') ui.pushToast({ kind: 'error', text: reply.message });
  else ui.pushToast({ kind: reply.ok ? 'info' : 'error', text: reply.message });
}

/** Advance simulated time by a duration such as `6m` (the worker runs everything due meanwhile). */
export function advanceClock(duration: string): void {
  const ms = lessonDurationMs(duration);
  if (ms === undefined) return;
  engineClient.send({ kind: 'control', action: 'step', stepMs: ms });
}
