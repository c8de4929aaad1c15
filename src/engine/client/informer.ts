// Shared informers: a local cache per resource fed by the watch stream, with event handlers and
// indexers, as client-go's SharedIndexInformer.
// UPSTREAM: staging/src/k8s.io/client-go/tools/cache/shared_informer.go, index.go
// SIMPLIFICATION: every informer of a World sees the watch stream at the same moment (one shared
// watch latency, see sim/watch-hub.ts); there are no resyncs and no relists.

import type { KubeObject, ObjectKey } from '../api/meta';
import { keyOf } from '../api/meta';
import type { WatchRecord } from '../apiserver/store';

export interface ResourceEventHandler<T> {
  add?(obj: T): void;
  update?(oldObj: T, newObj: T): void;
  delete?(obj: T): void;
}

export type IndexFunc<T> = (obj: T) => string[];

export class Informer<T extends KubeObject = KubeObject> {
  private readonly cache = new Map<ObjectKey, T>();
  /**
   * The cache's keys in key order, kept sorted as keys come and go (a binary-search insert or removal,
   * O(n) moves; re-sorting every key on the next list() after each add would be O(n log n) per add for
   * a controller that lists between creations, minutes at 30,000 pods). Lists are in key order, not
   * in the order events arrived: a cache rebuilt from a snapshot (World.restore) must list exactly as
   * the live one did, or tie-breaks that follow list order (which pod a scale-down deletes) diverge.
   */
  private sortedKeys: ObjectKey[] | null = null;
  private readonly handlers: ResourceEventHandler<T>[] = [];
  /** handlers that see only objects whose route key matches theirs (see addRoutedEventHandler) */
  private readonly routes = new Map<string, { keyOf: (obj: T) => string | undefined; byKey: Map<string, ResourceEventHandler<T>[]> }>();
  private readonly indexers = new Map<string, { fn: IndexFunc<T>; index: Map<string, Set<ObjectKey>> }>();

  /** Told how to undo each registration while a SharedInformerFactory.collectHandlers call runs. */
  registrationSink: ((undo: () => void) => void) | undefined;

  constructor(readonly resource: string) {}

  /** Register a handler. Handlers must only enqueue work (level-triggered): never write from here. */
  addEventHandler(h: ResourceEventHandler<T>): void {
    this.handlers.push(h);
    this.registrationSink?.(() => {
      const i = this.handlers.indexOf(h);
      if (i >= 0) this.handlers.splice(i, 1);
    });
  }

  /**
   * Register a handler for the objects whose `keyOf` is `key` only, as a watch with a field selector
   * (`spec.nodeName=node-1` for a kubelet) would deliver them; an update is delivered when the old or
   * the new object matches. Routed handlers run after the plain ones, in registration order per key.
   * Example: 5,000 kubelets each route on spec.nodeName, so a pod event costs one handler call, not 5,000.
   */
  addRoutedEventHandler(route: string, keyOf: (obj: T) => string | undefined, key: string, h: ResourceEventHandler<T>): void {
    let r = this.routes.get(route);
    if (!r) this.routes.set(route, (r = { keyOf, byKey: new Map() }));
    const list = r.byKey.get(key);
    if (list) list.push(h);
    else r.byKey.set(key, [h]);
    const byKey = r.byKey;
    this.registrationSink?.(() => {
      const l = byKey.get(key);
      const i = l ? l.indexOf(h) : -1;
      if (i < 0) return;
      l!.splice(i, 1);
      if (l!.length === 0) byKey.delete(key);
    });
  }

  addIndexer(name: string, fn: IndexFunc<T>): void {
    const index = new Map<string, Set<ObjectKey>>();
    for (const [k, o] of this.cache) for (const v of fn(o)) addTo(index, v, k);
    this.indexers.set(name, { fn, index });
  }

  get(key: ObjectKey): T | undefined {
    return this.cache.get(key);
  }

  list(namespace?: string): T[] {
    const out: T[] = [];
    this.sortedKeys ??= [...this.cache.keys()].sort();
    for (const k of this.sortedKeys) {
      const o = this.cache.get(k)!;
      if (namespace === undefined || o.metadata.namespace === namespace) out.push(o);
    }
    return out;
  }

  byIndex(name: string, value: string): T[] {
    const idx = this.indexers.get(name);
    if (!idx) throw new Error(`informer ${this.resource}: no indexer ${name}`);
    const keys = idx.index.get(value);
    if (!keys) return [];
    const out: T[] = [];
    // Key order, for the same reason as list(): index sets keep the order keys were (re)indexed in.
    for (const k of keys.size > 1 ? [...keys].sort() : keys) out.push(this.cache.get(k)!);
    return out;
  }

  get size(): number {
    return this.cache.size;
  }

  /** Whether any object has a value in index `name` (cheaper than byIndex when usually none does). */
  hasIndexEntries(name: string): boolean {
    const idx = this.indexers.get(name);
    if (!idx) throw new Error(`informer ${this.resource}: no indexer ${name}`);
    return idx.index.size > 0;
  }

  /** Load the initial list (the "list" of list-watch) without calling handlers. */
  replace(objects: readonly T[]): void {
    this.cache.clear();
    this.sortedKeys = null;
    for (const idx of this.indexers.values()) idx.index.clear();
    for (const o of objects) this.store(keyOf(o.metadata), o);
  }

  /** Apply one watch event: update the cache, then tell the handlers. */
  deliver(rec: WatchRecord): void {
    const obj = rec.object as T;
    const key = keyOf(obj.metadata);
    const old = this.cache.get(key);
    if (rec.type === 'DELETED') {
      this.unstore(key);
      for (const h of this.handlers) h.delete?.(obj);
      for (const r of this.routes.values()) for (const h of routed(r, obj)) h.delete?.(obj);
      return;
    }
    this.store(key, obj);
    if (old) {
      for (const h of this.handlers) h.update?.(old, obj);
      for (const r of this.routes.values()) for (const h of routed(r, obj, old)) h.update?.(old, obj);
    } else {
      for (const h of this.handlers) h.add?.(obj);
      for (const r of this.routes.values()) for (const h of routed(r, obj)) h.add?.(obj);
    }
  }

  /** Undo one watch event on the cache (used to rebuild a lagging cache when restoring a snapshot). */
  revert(rec: WatchRecord): void {
    const key = keyOf(rec.object.metadata);
    if (rec.type === 'ADDED') this.unstore(key);
    else if (rec.oldObject) this.store(key, rec.oldObject as T);
  }

  private store(key: ObjectKey, obj: T): void {
    const old = this.cache.get(key);
    if (old) this.unindex(key, old);
    else if (this.sortedKeys) this.sortedKeys.splice(lowerBound(this.sortedKeys, key), 0, key);
    this.cache.set(key, obj);
    for (const { fn, index } of this.indexers.values()) for (const v of fn(obj)) addTo(index, v, key);
  }

  private unstore(key: ObjectKey): void {
    const old = this.cache.get(key);
    if (!old) return;
    this.unindex(key, old);
    this.cache.delete(key);
    if (this.sortedKeys) this.sortedKeys.splice(lowerBound(this.sortedKeys, key), 1);
  }

  private unindex(key: ObjectKey, obj: T): void {
    for (const { fn, index } of this.indexers.values()) {
      for (const v of fn(obj)) {
        const s = index.get(v);
        s?.delete(key);
        if (s && s.size === 0) index.delete(v);
      }
    }
  }
}

/** The first index of sorted `keys` whose key is not below `key` (the same order as Array.prototype.sort). */
function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The handlers routed to `obj`'s key (and `old`'s, when it differs), old key's first. */
function routed<T>(r: { keyOf: (obj: T) => string | undefined; byKey: Map<string, ResourceEventHandler<T>[]> }, obj: T, old?: T): ResourceEventHandler<T>[] {
  const k = r.keyOf(obj);
  const ok = old === undefined ? undefined : r.keyOf(old);
  const out: ResourceEventHandler<T>[] = [];
  if (ok !== undefined && ok !== k) out.push(...(r.byKey.get(ok) ?? []));
  if (k !== undefined) out.push(...(r.byKey.get(k) ?? []));
  return out;
}

function addTo(index: Map<string, Set<ObjectKey>>, value: string, key: ObjectKey): void {
  let s = index.get(value);
  if (!s) {
    s = new Set();
    index.set(value, s);
  }
  s.add(key);
}

/** One informer per resource, shared by every component of the World. */
export class SharedInformerFactory {
  private readonly informers = new Map<string, Informer>();
  /** the sink of a running collectHandlers call (an informer created meanwhile reports to it too) */
  private collecting: ((undo: () => void) => void) | undefined;

  informerFor<T extends KubeObject = KubeObject>(resource: string): Informer<T> {
    let inf = this.informers.get(resource);
    if (!inf) {
      inf = new Informer(resource);
      inf.registrationSink = this.collecting;
      this.informers.set(resource, inf);
    }
    return inf as unknown as Informer<T>;
  }

  deliver(rec: WatchRecord): void {
    this.informers.get(rec.resource)?.deliver(rec);
  }

  /**
   * Run `register` (a component's start) and return a function that removes every handler it
   * registered on this factory's informers, as a stopped process's watches end. Used for a kubelet
   * whose machine is gone (World.removeNode).
   */
  collectHandlers(register: () => void): () => void {
    const undos: Array<() => void> = [];
    const sink = (undo: () => void): void => {
      undos.push(undo);
    };
    const all = (): Informer[] => [...this.informers.values()];
    const previous = new Map(all().map((inf) => [inf, inf.registrationSink]));
    this.collecting = sink;
    for (const inf of all()) inf.registrationSink = sink;
    try {
      register();
    } finally {
      this.collecting = undefined;
      for (const inf of all()) inf.registrationSink = previous.get(inf);
    }
    return () => {
      for (const undo of undos.splice(0)) undo();
    };
  }

  revert(rec: WatchRecord): void {
    this.informers.get(rec.resource)?.revert(rec);
  }

  all(): Informer[] {
    return [...this.informers.values()];
  }
}
