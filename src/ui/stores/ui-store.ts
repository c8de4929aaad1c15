// UI-only state: selection, language, dock and inspector layout, toasts. Nothing here reaches the
// engine; language and dock height persist in localStorage.

import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { ObjectRef } from '../../worker/protocol';
import type { KubectlEquivalent } from '../app/kubectl-equivalent';

export type Lang = 'en' | 'zh';
export type DockTab = 'editor' | 'terminal' | 'events' | 'scheduler' | 'packets' | 'timeline';

export interface ToastAction {
  label: string;
  run: () => void;
}

export interface Toast {
  id: number;
  kind: 'info' | 'error';
  text: ReactNode;
  /** optional button, e.g. "Delete pod" after a refused move */
  action?: ToastAction;
  /** the kubectl command that would do the same as the UI action (or a note why none does) */
  kubectl?: KubectlEquivalent;
}

export interface UiState {
  selected: ObjectRef | null;
  select: (ref: ObjectRef | null) => void;
  /** the inspector shows etcd's keys (the etcd chip was clicked) instead of an object */
  etcdOpen: boolean;
  openEtcd: () => void;
  lang: Lang;
  setLang: (lang: Lang) => void;
  dockTab: DockTab;
  setDockTab: (tab: DockTab) => void;
  dockOpen: boolean;
  setDockOpen: (open: boolean) => void;
  /** px, excluding the tab bar: the active tab's height (each tab remembers its own) */
  dockHeight: number;
  dockHeights: Readonly<Record<DockTab, number>>;
  setDockHeight: (px: number) => void;
  inspectorOpen: boolean;
  setInspectorOpen: (open: boolean) => void;
  /** the terminal's target: null = kubectl, else a node whose root shell it is */
  shellNode: string | null;
  /** open the terminal as a root shell on `node` (null: back to kubectl) */
  setShellNode: (node: string | null) => void;
  toasts: readonly Toast[];
  pushToast: (t: { kind: 'info' | 'error'; text: ReactNode; action?: ToastAction; kubectl?: KubectlEquivalent; durationMs?: number }) => number;
  dismissToast: (id: number) => void;
}

const LANG_KEY = 'kube-sandbox.lang';
const DOCK_KEY = 'kube-sandbox.dockHeight';
export const DOCK_MIN = 120;
export const DOCK_DEFAULT = 200;
/** the terminal starts taller: kubectl tables want ~18 lines; the scheduler's loops and grids and the packets' hop list too */
export const DOCK_DEFAULTS: Readonly<Record<DockTab, number>> = { editor: DOCK_DEFAULT, terminal: 320, events: DOCK_DEFAULT, scheduler: 320, packets: 320, timeline: 280 };
const DOCK_TABS: readonly DockTab[] = ['editor', 'terminal', 'events', 'scheduler', 'packets', 'timeline'];

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

function initialLang(): Lang {
  const saved = storage()?.getItem(LANG_KEY);
  if (saved === 'en' || saved === 'zh') return saved;
  return typeof navigator !== 'undefined' && navigator.language?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** The editor keeps the original key; the other tabs store theirs under `<key>.<tab>`. */
function dockKey(tab: DockTab): string {
  return tab === 'editor' ? DOCK_KEY : `${DOCK_KEY}.${tab}`;
}

function initialDockHeights(): Record<DockTab, number> {
  const heights = { ...DOCK_DEFAULTS };
  for (const tab of DOCK_TABS) {
    const raw = storage()?.getItem(dockKey(tab));
    const saved = raw ? Number(raw) : NaN;
    if (Number.isFinite(saved) && saved >= DOCK_MIN) heights[tab] = saved;
  }
  return heights;
}
const startHeights = initialDockHeights();

let nextToastId = 1;
const MAX_TOASTS = 4;

export const uiStore = createStore<UiState>()((set, get) => ({
  selected: null,
  // The inspector opens with a selection and folds away without one, so the canvas gets the room.
  select: (ref) => set({ selected: ref, etcdOpen: false, inspectorOpen: ref !== null }),
  etcdOpen: false,
  openEtcd: () => set({ selected: null, etcdOpen: true, inspectorOpen: true }),
  lang: initialLang(),
  setLang: (lang) => {
    storage()?.setItem(LANG_KEY, lang);
    if (typeof document !== 'undefined') document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    set({ lang });
  },
  dockTab: 'editor',
  setDockTab: (dockTab) => set({ dockTab, dockOpen: true, dockHeight: get().dockHeights[dockTab] }),
  dockOpen: true,
  setDockOpen: (dockOpen) => set({ dockOpen }),
  dockHeight: startHeights.editor,
  dockHeights: startHeights,
  setDockHeight: (px) => {
    const h = Math.round(Math.max(DOCK_MIN, px));
    const tab = get().dockTab;
    storage()?.setItem(dockKey(tab), String(h));
    set({ dockHeight: h, dockHeights: { ...get().dockHeights, [tab]: h } });
  },
  inspectorOpen: false,
  setInspectorOpen: (inspectorOpen) => set({ inspectorOpen }),
  shellNode: null,
  setShellNode: (shellNode) => {
    set({ shellNode });
    if (shellNode) get().setDockTab('terminal');
  },
  toasts: [],
  pushToast: ({ kind, text, action, kubectl, durationMs }) => {
    const id = nextToastId++;
    set({ toasts: [...get().toasts, { id, kind, text, ...(action ? { action } : {}), ...(kubectl ? { kubectl } : {}) }].slice(-MAX_TOASTS) });
    // a kubectl line is there to be read and copied: it stays longer
    const ms = durationMs ?? (action ? 12000 : kubectl ? 10000 : kind === 'error' ? 8000 : 4000);
    if (typeof setTimeout !== 'undefined') setTimeout(() => get().dismissToast(id), ms);
    return id;
  },
  dismissToast: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
}));

export function useUiStore<T>(selector: (s: UiState) => T): T {
  return useStore(uiStore, selector);
}
