// The etcd view's pure part: which keys a filter shows, how a key splits into its registry prefix
// and the object's path, and which keys changed since the view opened.

import type { EtcdKeyInfo } from '../../engine/api/etcd';

/** At most this many rows are drawn; the rest are counted ("n more keys: narrow the filter"). */
export const MAX_ROWS = 300;

/**
 * Keys matching the filter: a filter starting with `/` is a prefix (as `etcdctl get --prefix`),
 * anything else matches anywhere in the key, case-insensitively.
 */
export function filterKeys(keys: readonly EtcdKeyInfo[], filter: string): EtcdKeyInfo[] {
  const f = filter.trim();
  if (!f) return [...keys];
  if (f.startsWith('/')) return keys.filter((k) => k.key.startsWith(f));
  const lower = f.toLowerCase();
  return keys.filter((k) => k.key.toLowerCase().includes(lower));
}

/** `/registry/pods/default/web` -> { prefix: '/registry/pods/', path: 'default/web' } */
export function splitKey(k: EtcdKeyInfo): { prefix: string; path: string } {
  const path = k.namespace ? `${k.namespace}/${k.name}` : k.name;
  return k.key.endsWith(path) ? { prefix: k.key.slice(0, k.key.length - path.length), path } : { prefix: '', path: k.key };
}

/** The etcdctl command that lists the same keys (for the "same from a shell" hint). */
export function etcdctlFor(filter: string): string {
  const f = filter.trim();
  const prefix = f.startsWith('/') ? f : '/registry/';
  return `etcdctl get ${prefix} --prefix --keys-only`;
}

/** Keys whose mod revision is newer than `sinceRevision`: written after the view opened. */
export function changedSince(keys: readonly EtcdKeyInfo[], sinceRevision: number): Set<string> {
  const out = new Set<string>();
  for (const k of keys) if (k.modRevision > sinceRevision) out.add(k.key);
  return out;
}
