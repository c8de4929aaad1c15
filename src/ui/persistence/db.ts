// The sandbox's IndexedDB database behind a small typed interface, so the persistence logic runs in
// unit tests against `memoryDb()`. Three object stores: `kv` (editor text, layout, lesson progress:
// any structured-cloneable value), `cluster` (the last saved cluster, one record) and `journal` (user
// commands written before the worker runs them; auto-increment ids give their order).

import type { Command, SavedClusterState } from '../../worker/protocol';

/** A command as journaled: without its requestId (a replay gets a new one). */
export type JournaledCommand = Record<string, unknown> & { kind: Command['kind'] };

export interface JournalEntry {
  id: number;
  cmd: JournaledCommand;
}

export interface SavedCluster {
  state: SavedClusterState;
  /** user commands that changed the cluster since it was last reset or imported ("unsaved work" when > 0) */
  actions: number;
  savedAtMs: number;
}

/**
 * Contract: every method resolves only once its write is durable (the IndexedDB transaction
 * completed), so a caller that awaited `appendJournal` may run the command knowing a killed tab
 * replays it. Methods reject when the database fails; callers decide whether that is fatal.
 */
export interface SandboxDb {
  getKv(key: string): Promise<unknown>;
  putKv(key: string, value: unknown): Promise<void>;
  deleteKv(key: string): Promise<void>;
  /** the saved cluster (if any) and the journal entries, oldest first */
  loadCluster(): Promise<{ saved?: SavedCluster; journal: JournalEntry[] }>;
  /** append a command; resolves with its id (ids rise) */
  appendJournal(cmd: JournaledCommand): Promise<number>;
  /** atomically store `saved` and drop the journal entries with id <= `journalUpTo` (they are in it) */
  commitCluster(saved: SavedCluster, journalUpTo: number): Promise<void>;
  /** forget the saved cluster and the journal (kv stays) */
  clearCluster(): Promise<void>;
}

const DB_NAME = 'kube-sandbox';
const DB_VERSION = 1;
const KV = 'kv';
const CLUSTER = 'cluster';
const JOURNAL = 'journal';
const CLUSTER_KEY = 'current';

function promised<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
}

/** Open (and create or upgrade) the database. Rejects where IndexedDB is missing or denied. */
export function openIdb(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<SandboxDb> {
  if (!factory) return Promise.reject(new Error('IndexedDB is not available'));
  return new Promise((resolve, reject) => {
    const req = factory.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(KV)) db.createObjectStore(KV);
      if (!db.objectStoreNames.contains(CLUSTER)) db.createObjectStore(CLUSTER);
      if (!db.objectStoreNames.contains(JOURNAL)) db.createObjectStore(JOURNAL, { keyPath: 'id', autoIncrement: true });
    };
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
    req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    req.onsuccess = () => resolve(idbDb(req.result));
  });
}

// Writes use 'strict' durability where supported: resolve after the data reached the disk.
const STRICT = { durability: 'strict' } as IDBTransactionOptions;

function idbDb(db: IDBDatabase): SandboxDb {
  return {
    async getKv(key) {
      return promised(db.transaction(KV, 'readonly').objectStore(KV).get(key));
    },
    async putKv(key, value) {
      const tx = db.transaction(KV, 'readwrite', STRICT);
      tx.objectStore(KV).put(value, key);
      await done(tx);
    },
    async deleteKv(key) {
      const tx = db.transaction(KV, 'readwrite', STRICT);
      tx.objectStore(KV).delete(key);
      await done(tx);
    },
    async loadCluster() {
      const tx = db.transaction([CLUSTER, JOURNAL], 'readonly');
      const saved = promised(tx.objectStore(CLUSTER).get(CLUSTER_KEY) as IDBRequest<SavedCluster | undefined>);
      const journal = promised(tx.objectStore(JOURNAL).getAll() as IDBRequest<JournalEntry[]>);
      const [s, j] = await Promise.all([saved, journal]);
      return { ...(s ? { saved: s } : {}), journal: j.sort((a, b) => a.id - b.id) };
    },
    async appendJournal(cmd) {
      const tx = db.transaction(JOURNAL, 'readwrite', STRICT);
      const id = promised(tx.objectStore(JOURNAL).add({ cmd }) as IDBRequest<number>);
      await done(tx);
      return id;
    },
    async commitCluster(saved, journalUpTo) {
      const tx = db.transaction([CLUSTER, JOURNAL], 'readwrite', STRICT);
      tx.objectStore(CLUSTER).put(saved, CLUSTER_KEY);
      if (journalUpTo > 0) tx.objectStore(JOURNAL).delete(IDBKeyRange.upperBound(journalUpTo));
      await done(tx);
    },
    async clearCluster() {
      const tx = db.transaction([CLUSTER, JOURNAL], 'readwrite', STRICT);
      tx.objectStore(CLUSTER).clear();
      tx.objectStore(JOURNAL).clear();
      await done(tx);
    },
  };
}

/** The same contract in memory: for unit tests and browsers without IndexedDB (nothing survives a reload). */
export function memoryDb(): SandboxDb & { journalIds(): number[] } {
  const kv = new Map<string, unknown>();
  let saved: SavedCluster | undefined;
  let journal: JournalEntry[] = [];
  let nextId = 1;
  const clone = <T>(v: T): T => structuredClone(v);
  return {
    journalIds: () => journal.map((e) => e.id),
    getKv: async (key) => clone(kv.get(key)),
    putKv: async (key, value) => void kv.set(key, clone(value)),
    deleteKv: async (key) => void kv.delete(key),
    loadCluster: async () => ({ ...(saved ? { saved: clone(saved) } : {}), journal: clone(journal) }),
    appendJournal: async (cmd) => {
      const id = nextId++;
      journal.push({ id, cmd: clone(cmd) });
      return id;
    },
    commitCluster: async (s, upTo) => {
      saved = clone(s);
      journal = journal.filter((e) => e.id > upTo);
    },
    clearCluster: async () => {
      saved = undefined;
      journal = [];
    },
  };
}
