// The etcd-like object store: one global revision, per-resource maps, and a watch stream.
// UPSTREAM: staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go (revision = resourceVersion)
// Objects are frozen once stored: readers share them, and a writer must build a new object.

import type { KubeObject, ObjectKey } from '../api/meta';
import { keyOf } from '../api/meta';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export type WriteVerb = 'create' | 'update' | 'patch' | 'delete';

export interface WatchRecord {
  type: WatchEventType;
  /** REST resource ('pods') */
  resource: string;
  /** the new object; for DELETED the last state */
  object: KubeObject;
  oldObject?: KubeObject;
  /** the store's global revision after this change */
  rv: string;
  /** component that wrote it: 'kubectl', 'kube-scheduler', 'kubelet/node-1', ... */
  writer: string;
  verb: WriteVerb;
}

export interface StoreState {
  revision: number;
  /** resource -> objects, in key order */
  objects: Record<string, KubeObject[]>;
  /** resource -> [key, createRevision, version] per stored object (etcd's key metadata); absent in old snapshots */
  keyMeta?: Record<string, Array<[ObjectKey, number, number]>>;
}

/** etcd's metadata of one key: the revision that created it, the last one that changed it, and how many writes it has seen. */
export interface KeyMeta {
  createRevision: number;
  modRevision: number;
  version: number;
}

export class Store {
  private revision: number;
  private readonly data = new Map<string, Map<ObjectKey, KubeObject>>();
  /** resource -> key -> [createRevision, version]: what etcd keeps beside each value */
  private readonly meta = new Map<string, Map<ObjectKey, [number, number]>>();
  private readonly listeners = new Set<(rec: WatchRecord) => void>();

  constructor(state?: StoreState) {
    this.revision = state?.revision ?? 0;
    for (const [resource, objs] of Object.entries(state?.objects ?? {})) {
      const m = this.bucket(resource);
      for (const o of objs) m.set(keyOf(o.metadata), deepFreeze(structuredCopy(o)));
    }
    for (const [resource, entries] of Object.entries(state?.keyMeta ?? {})) {
      const mm = this.metaBucket(resource);
      for (const [key, create, version] of entries) mm.set(key, [create, version]);
    }
  }

  /**
   * etcd's view of a key: create and mod revisions and its version. A snapshot from before key
   * metadata was kept answers with the object's resourceVersion as both revisions and version 1.
   */
  keyMeta(resource: string, key: ObjectKey): KeyMeta | undefined {
    const obj = this.get(resource, key);
    if (!obj) return undefined;
    const modRevision = Number(obj.metadata.resourceVersion);
    const m = this.meta.get(resource)?.get(key);
    return m ? { createRevision: m[0], modRevision, version: m[1] } : { createRevision: modRevision, modRevision, version: 1 };
  }

  get currentRevision(): number {
    return this.revision;
  }

  get(resource: string, key: ObjectKey): KubeObject | undefined {
    return this.data.get(resource)?.get(key);
  }

  /** Objects of a resource, optionally in one namespace. Order: insertion (stable, deterministic). */
  list(resource: string, namespace?: string): KubeObject[] {
    const m = this.data.get(resource);
    if (!m) return [];
    const out: KubeObject[] = [];
    for (const o of m.values()) if (namespace === undefined || o.metadata.namespace === namespace) out.push(o);
    return out;
  }

  count(resource: string): number {
    return this.data.get(resource)?.size ?? 0;
  }

  resources(): string[] {
    return [...this.data.keys()];
  }

  /**
   * Store a new version of an object. Sets metadata.resourceVersion to the next revision.
   * The caller has already decided create vs update and checked preconditions.
   */
  put(resource: string, obj: KubeObject, writer: string, verb: WriteVerb): KubeObject {
    const key = keyOf(obj.metadata);
    const m = this.bucket(resource);
    const old = m.get(key);
    this.revision++;
    const stored = deepFreeze({
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: String(this.revision) },
    });
    m.set(key, stored);
    const mm = this.metaBucket(resource);
    const prev = old ? mm.get(key) : undefined;
    mm.set(key, prev ? [prev[0], prev[1] + 1] : [old ? Number(old.metadata.resourceVersion) : this.revision, old ? 2 : 1]);
    this.emit({ type: old ? 'MODIFIED' : 'ADDED', resource, object: stored, oldObject: old, rv: String(this.revision), writer, verb });
    return stored;
  }

  remove(resource: string, key: ObjectKey, writer: string): KubeObject | undefined {
    const m = this.data.get(resource);
    const old = m?.get(key);
    if (!m || !old) return undefined;
    m.delete(key);
    this.meta.get(resource)?.delete(key);
    this.revision++;
    // The DELETED event carries the last state with the deletion's revision, as etcd3's watcher does.
    const last = deepFreeze({ ...old, metadata: { ...old.metadata, resourceVersion: String(this.revision) } });
    this.emit({ type: 'DELETED', resource, object: last, oldObject: old, rv: String(this.revision), writer, verb: 'delete' });
    return last;
  }

  /** Subscribe to every change, synchronously, in revision order. Returns the unsubscribe function. */
  watch(listener: (rec: WatchRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  save(): StoreState {
    const objects: Record<string, KubeObject[]> = {};
    for (const [resource, m] of this.data) objects[resource] = [...m.values()];
    const keyMeta: Record<string, Array<[ObjectKey, number, number]>> = {};
    for (const [resource, mm] of this.meta) if (mm.size) keyMeta[resource] = [...mm].map(([k, [c, v]]) => [k, c, v]);
    return { revision: this.revision, objects, keyMeta };
  }

  private metaBucket(resource: string): Map<ObjectKey, [number, number]> {
    let m = this.meta.get(resource);
    if (!m) this.meta.set(resource, (m = new Map()));
    return m;
  }

  private bucket(resource: string): Map<ObjectKey, KubeObject> {
    let m = this.data.get(resource);
    if (!m) {
      m = new Map();
      this.data.set(resource, m);
    }
    return m;
  }

  private emit(rec: WatchRecord): void {
    for (const l of this.listeners) l(rec);
  }
}

/** Freeze an object graph so shared readers cannot change stored state by accident. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

/** A deep, mutable copy of JSON data. */
export function structuredCopy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
