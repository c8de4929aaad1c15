// Wires persistence into the running app: opens IndexedDB, brings back the editor text and the layout
// before the first render, restores the saved cluster into the worker (snapshot + journal replay)
// while the bridge holds, journals user commands through the bridge's hooks, saves periodically while
// the clock runs, and restarts a crashed worker from the saved state.

import { engineClient } from '../bridge/engine-client';
import { setBufferMirror } from '../editor/buffer-store';
import { testHooksEnabled } from '../editor/test-hook';
import { clusterStore } from '../stores/cluster-store';
import { DOCK_DEFAULTS, DOCK_MIN, uiStore, type DockTab, type UiState } from '../stores/ui-store';
import type { ObjectRef } from '../../worker/protocol';
import { ClusterPersistence } from './cluster-persistence';
import { openIdb, type SandboxDb } from './db';
import { setKvDatabase } from './kv';
import { persistTNow } from './persist-messages';
import { showNotice } from './persist-store';
import { openShareLink } from './scenario-actions';

/** While the clock runs, the cluster is saved this often (wall time). */
export const PERIODIC_SAVE_MS = 5000;
const OPEN_TIMEOUT_MS = 3000;
const LAYOUT_KEY = 'layout';
const BUFFER_KV_KEY = 'editor.buffer';
/** more crashes than this within CRASH_WINDOW_MS: stop restarting */
const MAX_CRASHES = 3;
const CRASH_WINDOW_MS = 60_000;

export interface SandboxPersistHook {
  /** make the worker crash (an uncaught exception in the worker) */
  crashWorker(): void;
  /** save the cluster now; resolves when it is durable */
  saveNow(): Promise<void>;
  /** how many user actions the saved cluster holds since the last reset */
  actionCount(): number;
}

declare global {
  interface Window {
    __sandboxPersist?: SandboxPersistHook;
  }
}

let persistence: ClusterPersistence | undefined;

/** The running persistence (undefined when IndexedDB is unavailable: nothing is saved). */
export function currentPersistence(): ClusterPersistence | undefined {
  return persistence;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('IndexedDB did not answer')), ms))]);
}

// ---------------------------------------------------------------------------------------------
// Layout

type SavedLayout = Pick<UiState, 'lang' | 'dockTab' | 'dockOpen' | 'dockHeights' | 'inspectorOpen' | 'selected'>;

function layoutOf(s: UiState): SavedLayout {
  return { lang: s.lang, dockTab: s.dockTab, dockOpen: s.dockOpen, dockHeights: s.dockHeights, inspectorOpen: s.inspectorOpen, selected: s.selected };
}

function isDockTab(v: unknown): v is DockTab {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(DOCK_DEFAULTS, v);
}

/** Apply a saved layout, field by field: a value an older version saved, or a broken one, is skipped. */
export function restoreLayout(raw: unknown): void {
  if (typeof raw !== 'object' || raw === null) return;
  const l = raw as Partial<Record<keyof SavedLayout, unknown>>;
  const s = uiStore.getState();
  if (l.lang === 'en' || l.lang === 'zh') s.setLang(l.lang);
  const heights = { ...s.dockHeights };
  if (typeof l.dockHeights === 'object' && l.dockHeights !== null) {
    for (const [tab, h] of Object.entries(l.dockHeights)) if (isDockTab(tab) && typeof h === 'number' && Number.isFinite(h) && h >= DOCK_MIN) heights[tab] = h;
  }
  const tab = isDockTab(l.dockTab) ? l.dockTab : s.dockTab;
  const sel = l.selected as ObjectRef | null | undefined;
  const selected = sel && typeof sel === 'object' && typeof sel.kind === 'string' && typeof sel.name === 'string' ? sel : null;
  uiStore.setState({
    dockHeights: heights,
    dockTab: tab,
    dockHeight: heights[tab],
    ...(typeof l.dockOpen === 'boolean' ? { dockOpen: l.dockOpen } : {}),
    selected,
    inspectorOpen: typeof l.inspectorOpen === 'boolean' ? l.inspectorOpen : selected !== null,
  });
}

function watchLayout(db: SandboxDb): void {
  let last = JSON.stringify(layoutOf(uiStore.getState()));
  let timer: ReturnType<typeof setTimeout> | undefined;
  uiStore.subscribe((s) => {
    const next = JSON.stringify(layoutOf(s));
    if (next === last) return;
    last = next;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void db.putKv(LAYOUT_KEY, JSON.parse(next)).catch(() => undefined), 250);
  });
}

// ---------------------------------------------------------------------------------------------
// Crashes

let generation = 0;
let restoring = false;
const crashTimes: number[] = [];

async function recover(message: string): Promise<void> {
  const p = persistence;
  if (!p) return;
  const gen = ++generation;
  const now = Date.now();
  crashTimes.push(now);
  while (crashTimes.length && crashTimes[0] < now - CRASH_WINDOW_MS) crashTimes.shift();
  if (crashTimes.length > MAX_CRASHES) {
    showNotice({ kind: 'error', topic: 'crash', text: persistTNow('ps.recoverGaveUp') });
    return;
  }
  // A crash during a restore: the journal's newest command may be what crashes it, so skip the journal.
  const replay = !restoring;
  showNotice({ kind: 'busy', topic: 'crash', text: persistTNow('ps.crashed', { message }) });
  engineClient.hold(true);
  engineClient.start();
  restoring = true;
  try {
    const r = await p.restore({ replay });
    if (gen !== generation) return;
    const text = !replay ? persistTNow('ps.recoverSkipped') : r.replayed > 0 ? persistTNow('ps.recovered', { replayed: r.replayed }) : persistTNow('ps.recoveredNoReplay');
    showNotice({ kind: r.error ? 'error' : 'info', topic: 'crash', text: r.error ? persistTNow('ps.restoreFailed', { message: r.error }) : text });
  } catch {
    return; // the worker died again: the next `workerLost` takes over
  } finally {
    if (gen === generation) {
      restoring = false;
      engineClient.hold(false);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Start

/**
 * Call once, right after `engineClient.start()`. Resolves when the editor text and the layout are
 * back (render after that); the cluster restore goes on while the bridge holds the UI's commands.
 */
export async function startPersistence(): Promise<void> {
  engineClient.hold(true);
  const opened = withTimeout(openIdb(), OPEN_TIMEOUT_MS).catch(() => undefined);
  setKvDatabase(opened);
  const db = await opened;
  if (!db) {
    // No IndexedDB (private window, denied, blocked): the sandbox runs, nothing is saved.
    engineClient.hold(false);
    return;
  }
  const [layout, buffer] = await Promise.all([db.getKv(LAYOUT_KEY).catch(() => undefined), db.getKv(BUFFER_KV_KEY).catch(() => undefined)]);
  restoreLayout(layout);
  const store = db;
  setBufferMirror({ text: typeof buffer === 'string' ? buffer : undefined, save: (text) => void store.putKv(BUFFER_KV_KEY, text).catch(() => undefined) });
  watchLayout(db);

  const p = new ClusterPersistence(db, { request: (cmd) => engineClient.requestDirect(cmd as Parameters<typeof engineClient.requestDirect>[0]) });
  persistence = p;
  engineClient.setHooks({
    beforePost: (cmd) => p.beforePost(cmd),
    posted: (cmd) => p.posted(cmd),
    afterReply: (cmd) => p.afterReply(cmd),
    workerLost: (message) => void recover(message),
  });
  if (testHooksEnabled()) {
    window.__sandboxPersist = { crashWorker: () => engineClient.crashForTest(), saveNow: () => p.save(), actionCount: () => p.actionCount };
  }
  void restoreAtStart(p);
}

async function restoreAtStart(p: ClusterPersistence): Promise<void> {
  restoring = true;
  const gen = generation;
  try {
    const r = await p.restore();
    if (r.error) showNotice({ kind: 'error', topic: 'restore', text: persistTNow('ps.restoreFailed', { message: r.error }) });
  } catch {
    // the database failed mid-way: run on whatever the worker has
  } finally {
    if (gen === generation) {
      restoring = false;
      engineClient.hold(false);
    }
  }
  setInterval(() => {
    const { clock, connected } = clusterStore.getState();
    if (connected && clock.running && !engineClient.isHeld) void p.save().catch(() => undefined);
  }, PERIODIC_SAVE_MS);
  // A hidden tab may be killed without warning: save what the clock did since the last save.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden' && !engineClient.isHeld) void p.save().catch(() => undefined);
  });
  window.addEventListener('hashchange', () => void openShareLink());
  await openShareLink();
}
