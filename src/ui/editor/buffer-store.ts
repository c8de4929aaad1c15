// The editor buffer survives reloads and errors: it is saved to localStorage as the learner types
// (synchronously, so an unload cannot cut it off) and mirrored to IndexedDB by src/ui/persistence,
// which hands back its copy (`setBufferMirror`) when localStorage has none. Storage may be missing
// or full (private windows, quota): then the buffer just lives in memory.

import { DEFAULT_MANIFEST } from './samples';

export const BUFFER_KEY = 'kube-sandbox.editor.buffer';

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

function defaultStorage(): KeyValueStorage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // access denied (e.g. sandboxed iframe)
  }
}

interface BufferMirror {
  /** the text IndexedDB held at startup */
  text: string | undefined;
  save: (text: string) => void;
}
let mirror: BufferMirror | undefined;
const replaceListeners = new Set<(text: string) => void>();

/** src/ui/persistence: the IndexedDB copy read at startup, and where to mirror each save. */
export function setBufferMirror(m: BufferMirror | undefined): void {
  mirror = m;
}

/** Put `text` in the editor (a scenario import): saved, and an open editor model is updated. */
export function replaceBuffer(text: string): void {
  saveBuffer(text);
  for (const l of replaceListeners) l(text);
}

/** The editor listens for replaceBuffer. Returns the unsubscribe function. */
export function onBufferReplaced(listener: (text: string) => void): () => void {
  replaceListeners.add(listener);
  return () => replaceListeners.delete(listener);
}

/** The saved buffer, or the default manifest on a first visit. An empty saved buffer stays empty. */
export function loadBuffer(storage: KeyValueStorage | undefined = defaultStorage()): string {
  try {
    const saved = storage?.getItem(BUFFER_KEY);
    return saved ?? mirror?.text ?? DEFAULT_MANIFEST;
  } catch {
    return mirror?.text ?? DEFAULT_MANIFEST;
  }
}

/**
 * Whether replacing the buffer with `incoming` would lose the learner's own text: the buffer holds
 * something other than the first-visit default, an empty editor or `incoming` itself.
 */
export function bufferAtRisk(incoming: string, storage: KeyValueStorage | undefined = defaultStorage()): boolean {
  const current = loadBuffer(storage);
  return current.trim() !== '' && current !== DEFAULT_MANIFEST && current !== incoming;
}

/** Returns false when the text could not be stored. */
export function saveBuffer(text: string, storage: KeyValueStorage | undefined = defaultStorage()): boolean {
  if (mirror) {
    mirror.text = text;
    mirror.save(text);
  }
  if (!storage) return false;
  try {
    storage.setItem(BUFFER_KEY, text);
    return true;
  } catch {
    return false;
  }
}
