// The terminal's session outside React: its output and history outlive the tab, and other parts of
// the UI write to it: "Run in terminal" pastes a command into the prompt, `kubectl edit` finishes in
// the Editor tab and prints its result under the command that started it.

import type { RequestPath } from '../../engine/api/request-path';
import { uiStore } from '../stores/ui-store';
import { emptyHistory, type History } from './terminal-history';

export interface TerminalEntry {
  id: number;
  /** what the prompt said when the command ran: `$ kubectl ` or `root@node-1:~# ` */
  prompt: string;
  command: string;
  stdout: string;
  stderr: string;
  pending: boolean;
  /** the command traced a packet: offer the Packets tab */
  traced?: boolean;
  /** what kube-apiserver did with each request the command sent */
  requests?: RequestPath[];
  /** a second Tab listed completion candidates (not a command: no prompt echo) */
  candidates?: string[];
  /** `kubectl get -w` is running: rows keep coming until Ctrl+C or Stop (terminal-watch) */
  watching?: boolean;
  /** the watch ended by itself (the cluster was replaced) */
  watchEnded?: boolean;
}

const MAX_ENTRIES = 200;

export const terminalSession: { entries: TerminalEntry[]; history: History; nextId: number; pendingInput: string | null } = {
  entries: [],
  history: emptyHistory(),
  nextId: 1,
  pendingInput: null,
};

const listeners = new Set<() => void>();

export function subscribeTerminal(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function notify(): void {
  for (const fn of listeners) fn();
}

export function setTerminalEntries(next: TerminalEntry[]): void {
  terminalSession.entries = next.slice(-MAX_ENTRIES);
  notify();
}

export function addTerminalEntry(entry: Omit<TerminalEntry, 'id'>): number {
  const id = terminalSession.nextId++;
  setTerminalEntries([...terminalSession.entries, { ...entry, id }]);
  return id;
}

export function updateTerminalEntry(id: number, patch: Partial<Omit<TerminalEntry, 'id'>>): void {
  setTerminalEntries(terminalSession.entries.map((e) => (e.id === id ? { ...e, ...patch } : e)));
}

/** Put a command in the kubectl prompt (not run: the learner presses Enter) and show the terminal. */
export function pasteIntoTerminal(command: string): void {
  terminalSession.pendingInput = command.replace(/^kubectl\s+/, '');
  const ui = uiStore.getState();
  if (ui.shellNode) ui.setShellNode(null);
  ui.setDockOpen(true);
  ui.setDockTab('terminal');
  notify();
}

/** The pasted command, once. */
export function takePendingInput(): string | null {
  const text = terminalSession.pendingInput;
  terminalSession.pendingInput = null;
  return text;
}

/** Open a root shell on `node` with `command` in its prompt (not run: the learner presses Enter). */
export function pasteIntoNodeShell(node: string, command: string): void {
  terminalSession.pendingInput = command;
  const ui = uiStore.getState();
  ui.setShellNode(node);
  ui.setDockOpen(true);
  ui.setDockTab('terminal');
  notify();
}
