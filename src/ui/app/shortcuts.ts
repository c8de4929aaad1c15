// Every keyboard shortcut the sandbox has, for the `?` overlay. The global ones are handled in
// use-shortcuts.ts; the others by the panel that owns them (EditorPanel: Monaco commands;
// TerminalPanel; TimelinePanel via timeline-model `nudge`; PacketPanelTrace). Keep in step with them.

import type { DockTab } from '../stores/ui-store';
import type { PolishMessageId } from './polish-messages';

export interface Shortcut {
  /** alternatives, each a key combination: [['Ctrl', 'K'], ['/']] */
  keys: ReadonlyArray<readonly string[]>;
  label: PolishMessageId;
  /** the dock tab named in `keys.dockTab` */
  tab?: DockTab;
}

export interface ShortcutGroup {
  title: PolishMessageId;
  items: readonly Shortcut[];
}

/** Alt+<digit> opens these dock tabs, in this order (use-shortcuts.ts reads the same table). */
export const DOCK_TAB_KEYS: Readonly<Record<string, DockTab>> = { Digit1: 'editor', Digit2: 'terminal', Digit3: 'events', Digit4: 'scheduler', Digit5: 'packets', Digit6: 'timeline' };

export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  {
    title: 'keys.global',
    items: [
      ...Object.entries(DOCK_TAB_KEYS).map(([code, tab]): Shortcut => ({ keys: [['Alt', code.slice('Digit'.length)]], label: 'keys.dockTab', tab })),
      { keys: [['Ctrl', '`']], label: 'keys.dock' },
      { keys: [['Ctrl', 'K'], ['/']], label: 'keys.search' },
      { keys: [['?']], label: 'keys.help' },
      { keys: [['Esc']], label: 'keys.escape' },
    ],
  },
  {
    title: 'keys.canvas',
    items: [
      { keys: [['↑'], ['↓']], label: 'keys.pick' },
      { keys: [['Enter']], label: 'keys.select' },
    ],
  },
  {
    title: 'keys.editor',
    items: [
      { keys: [['Ctrl', 'Enter']], label: 'keys.apply' },
      { keys: [['Ctrl', 'Shift', 'Enter']], label: 'keys.diff' },
    ],
  },
  {
    title: 'keys.terminal',
    items: [
      { keys: [['Enter']], label: 'keys.run' },
      { keys: [['Tab']], label: 'keys.complete' },
      { keys: [['↑'], ['↓']], label: 'keys.history' },
      { keys: [['Ctrl', 'L']], label: 'keys.clear' },
    ],
  },
  {
    title: 'keys.timeline',
    items: [
      { keys: [['←'], ['→']], label: 'keys.step' },
      { keys: [['Shift', '←'], ['Shift', '→']], label: 'keys.stepBig' },
      { keys: [['Home'], ['End']], label: 'keys.ends' },
    ],
  },
  {
    title: 'keys.packets',
    items: [
      { keys: [['←'], ['→']], label: 'keys.hop' },
      { keys: [['Space']], label: 'keys.play' },
      { keys: [['Home'], ['End']], label: 'keys.firstLast' },
    ],
  },
];

/** Whether a key event comes from somewhere the learner types (so `?` and `/` are text there). */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as (Element & { isContentEditable?: boolean }) | null;
  if (!el || typeof el.closest !== 'function') return false;
  if (el.isContentEditable) return true;
  return el.closest('input, textarea, select, [contenteditable="true"], .monaco-editor') !== null;
}
