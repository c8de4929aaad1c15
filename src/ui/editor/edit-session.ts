// A `kubectl edit` in progress: the terminal opened the live object in the Editor tab; Apply there
// finishes it (patch with the edited resourceVersion, then `edited` or the error in the terminal),
// Cancel or an unchanged Apply cancels it. One edit at a time, as one shell runs one editor.

import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { engineClient } from '../bridge/engine-client';
import { updateTerminalEntry } from '../panels/terminal-bus';
import { editResult, patchCommand, planEdit, type EditTarget } from '../panels/terminal-edit';
import { uiStore } from '../stores/ui-store';

export interface EditSession {
  target: EditTarget;
  /** the live object's YAML when the edit began */
  original: string;
  /** the terminal entry that prints the outcome */
  entryId: number;
  /** the last failed attempt's error, shown in the editor's banner */
  error?: string;
  /** rises per edit, so the editor knows a new one began */
  serial: number;
}

export const editStore = createStore<{ edit: EditSession | null }>()(() => ({ edit: null }));
let serial = 0;

export function useEdit(): EditSession | null {
  return useStore(editStore, (s) => s.edit);
}

export function startEdit(target: EditTarget, original: string, entryId: number): void {
  const previous = editStore.getState().edit;
  if (previous) updateTerminalEntry(previous.entryId, { pending: false, stdout: 'Edit cancelled, no changes made.' });
  editStore.setState({ edit: { target, original, entryId, serial: ++serial } });
  const ui = uiStore.getState();
  ui.setDockOpen(true);
  ui.setDockTab('editor');
}

function end(toTerminal: boolean): void {
  editStore.setState({ edit: null });
  if (toTerminal) uiStore.getState().setDockTab('terminal');
}

export function cancelEdit(): void {
  const edit = editStore.getState().edit;
  if (!edit) return;
  updateTerminalEntry(edit.entryId, { pending: false, stdout: 'Edit cancelled, no changes made.', stderr: '' });
  end(true);
}

/** Apply the edited text. Resolves when the terminal shows the outcome. */
export async function finishEdit(text: string): Promise<void> {
  const edit = editStore.getState().edit;
  if (!edit) return;
  const plan = planEdit(edit.original, text);
  if (plan.kind === 'cancelled') {
    updateTerminalEntry(edit.entryId, { pending: false, stdout: plan.stdout, stderr: '' });
    end(true);
    return;
  }
  let out: { stdout: string; stderr: string };
  if (plan.kind === 'invalid') {
    out = { stdout: '', stderr: plan.stderr };
  } else {
    try {
      const reply = await engineClient.request({ kind: 'kubectl', command: patchCommand(edit.target, plan.patch) });
      out = reply.kind === 'kubectl' ? editResult(edit.target, reply.output) : { stdout: '', stderr: `error: ${reply.kind === 'error' ? reply.message : 'unexpected reply'}` };
    } catch (err) {
      out = { stdout: '', stderr: `error: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  updateTerminalEntry(edit.entryId, { pending: false, ...out });
  if (out.stderr === '') end(true);
  // A failed edit keeps the buffer open (errors never lose what was typed); the banner shows why.
  else editStore.setState({ edit: { ...edit, error: out.stderr.trim() } });
}
