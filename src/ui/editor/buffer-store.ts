// The editor buffer survives reloads and errors: it is saved to localStorage as the learner types.
// Storage may be missing or full (private windows, quota): then the buffer just lives in memory.

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

/** The saved buffer, or the default manifest on a first visit. An empty saved buffer stays empty. */
export function loadBuffer(storage: KeyValueStorage | undefined = defaultStorage()): string {
  try {
    const saved = storage?.getItem(BUFFER_KEY);
    return saved ?? DEFAULT_MANIFEST;
  } catch {
    return DEFAULT_MANIFEST;
  }
}

/** Returns false when the text could not be stored. */
export function saveBuffer(text: string, storage: KeyValueStorage | undefined = defaultStorage()): boolean {
  if (!storage) return false;
  try {
    storage.setItem(BUFFER_KEY, text);
    return true;
  } catch {
    return false;
  }
}
