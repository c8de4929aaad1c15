// A small key-value area in IndexedDB for features that keep state across reloads (lesson progress,
// preferences). Values are any structured-cloneable data (plain objects, arrays, strings, numbers).
// Usage: `await saveKv('lessons.progress', { done: ['pods-1'] })`, `const p = await loadKv<Progress>('lessons.progress')`.
// Keys are namespaced by the feature (`lessons.*`); persistence itself uses `editor.buffer` and `layout`.

import type { SandboxDb } from './db';

let dbPromise: Promise<SandboxDb | undefined> = Promise.resolve(undefined);

/** src/ui/persistence/session.ts hands the opened database here (undefined: none, values live in memory). */
export function setKvDatabase(db: Promise<SandboxDb | undefined>): void {
  dbPromise = db;
}

const memory = new Map<string, unknown>();

/**
 * The value saved under `key`, or undefined. Never rejects: a database error reads as "nothing saved".
 * The caller validates the shape: what was saved by an older version may differ.
 */
export async function loadKv<T = unknown>(key: string): Promise<T | undefined> {
  const db = await dbPromise;
  if (!db) return memory.get(key) as T | undefined;
  try {
    return (await db.getKv(key)) as T | undefined;
  } catch {
    return memory.get(key) as T | undefined;
  }
}

/** Save `value` under `key`; resolves once durable. Returns false when it could only be kept in memory. */
export async function saveKv(key: string, value: unknown): Promise<boolean> {
  memory.set(key, value);
  const db = await dbPromise;
  if (!db) return false;
  try {
    await db.putKv(key, value);
    return true;
  } catch {
    return false;
  }
}

/** Forget `key`. */
export async function deleteKv(key: string): Promise<void> {
  memory.delete(key);
  const db = await dbPromise;
  await db?.deleteKv(key).catch(() => undefined);
}
