// Pure helpers of the open-pod view: which container answers on which localhost port, and the
// volumes each container mounts, in the order the view lists them.

import type { PodInsideView } from '../../engine/api/pod-inside';

/** `localhost:<port>` → the container listening there (init containers have finished: not listed). */
export function localhostPorts(view: PodInsideView): Array<{ port: number; container: string }> {
  const out: Array<{ port: number; container: string }> = [];
  for (const c of view.containers) for (const port of c.listens) out.push({ port, container: c.name });
  return out.sort((a, b) => a.port - b.port || (a.container < b.container ? -1 : 1));
}

/** Containers that mount `volume`, with where. */
export function mountsOf(view: PodInsideView, volume: string): Array<{ container: string; path: string; readOnly: boolean }> {
  const out: Array<{ container: string; path: string; readOnly: boolean }> = [];
  for (const c of view.containers) for (const m of c.mounts) if (m.volume === volume) out.push({ container: c.name, path: m.path, readOnly: m.readOnly });
  return out;
}

/**
 * Two containers binding the same port in one network namespace: the second fails with "address
 * already in use" on a real node; the view warns about it.
 */
export function portClashes(view: PodInsideView): number[] {
  const seen = new Map<number, number>();
  for (const c of view.containers) for (const p of c.listens) seen.set(p, (seen.get(p) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([p]) => p).sort((a, b) => a - b);
}
