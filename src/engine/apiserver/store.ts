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
}

export class Store {
  private revision: number;
  private readonly data = new Map<string, Map<ObjectKey, KubeObject>>();
  private readonly listeners = new Set<(rec: WatchRecord) => void>();

  constructor(state?: StoreState) {
    this.revision = state?.revision ?? 0;
    for (const [resource, objs] of Object.entries(state?.objects ?? {})) {
      const m = this.bucket(resource);
      for (const o of objs) m.set(keyOf(o.metadata), deepFreeze(structuredCopy(o)));
    }
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
    this.emit({ type: old ? 'MODIFIED' : 'ADDED', resource, object: stored, oldObject: old, rv: String(this.revision), writer, verb });
    return stored;
  }

  remove(resource: string, key: ObjectKey, writer: string): KubeObject | undefined {
    const m = this.data.get(resource);
    const old = m?.get(key);
    if (!m || !old) return undefined;
    m.delete(key);
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
    return { revision: this.revision, objects };
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
