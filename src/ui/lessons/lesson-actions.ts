// What the lesson panel's buttons do: put YAML in the editor, a command in the terminal prompt,
// stop or start a node, move the clock. Each goes through the same doors as the rest of the UI.

import { lessonDurationMs } from '../../engine/api/lesson';
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
