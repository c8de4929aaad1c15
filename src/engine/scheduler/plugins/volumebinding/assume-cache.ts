// An informer cache with a layer of "assumed" objects on top: the scheduler's own idea of an object
// it is about to write (a volume bound to a claim, a claim given a selected node), used until the
// informer shows a newer version.
// UPSTREAM: pkg/scheduler/util/assumecache/assume_cache.go, volumebinding/assume_cache.go
// SIMPLIFICATION: the assumed layer is read lazily against the informer (no event handler), which is
// equivalent: an informer object with a newer resourceVersion wins and drops the assumed one.

import type { KubeObject } from '../../../api/meta';
import type { ObjectLister } from '../../framework/interface';

function version(obj: KubeObject | undefined): number {
  return Number(obj?.metadata.resourceVersion ?? 0) || 0;
}

export class AssumeCache<T extends KubeObject> {
  private readonly assumed = new Map<string, T>();

  constructor(
    readonly resource: string,
    private readonly lister: () => ObjectLister,
    saved?: readonly T[],
  ) {
    for (const o of saved ?? []) this.assumed.set(this.keyOf(o), o);
  }

  private keyOf(obj: T): string {
    return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : (obj.metadata.name ?? '');
  }

  private split(key: string): { namespace?: string; name: string } {
    const i = key.indexOf('/');
    return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
  }

  /** The informer's object (what the API server last said). */
  getAPIObj(key: string): T | undefined {
    const { namespace, name } = this.split(key);
    return this.lister().get(this.resource, namespace, name) as T | undefined;
  }

  /** The newest known version: the assumed object until the informer catches up. */
  get(key: string): T | undefined {
    const api = this.getAPIObj(key);
    const mine = this.assumed.get(key);
    if (!mine) return api;
    if (api && version(api) > version(mine)) {
      this.assumed.delete(key);
      return api;
    }
    return mine;
  }

  /** Every object, assumed versions in place of the informer's where they are newer. */
  list(): T[] {
    const out: T[] = [];
    const seen = new Set<string>();
    for (const o of this.lister().list(this.resource) as T[]) {
      const key = this.keyOf(o);
      seen.add(key);
      out.push(this.get(key) ?? o);
    }
    for (const [key, o] of this.assumed) if (!seen.has(key)) out.push(o);
    return out;
  }

  /**
   * Assume a new version of an object the scheduler is about to write. It must not be older than what
   * the cache holds (it is a modified copy of that).
   */
  assume(obj: T): string | undefined {
    const key = this.keyOf(obj);
    const cur = this.get(key);
    if (!cur) return `${this.resource} "${key}" not found`;
    if (version(obj) < version(cur)) return `${this.resource} "${key}" is out of sync (stored: ${version(cur)}, assume: ${version(obj)})`;
    this.assumed.set(key, obj);
    return undefined;
  }

  /** Drop the assumed version: the informer's object counts again. */
  restore(key: string): void {
    this.assumed.delete(key);
  }

  save(): T[] {
    return [...this.assumed.values()];
  }
}
