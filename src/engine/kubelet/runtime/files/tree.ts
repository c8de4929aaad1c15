// A directory tree as plain JSON (a flat map from relative path to entry) and the overlay of a
// writable layer on a read-only one, as overlayfs stacks a container's layer on its image.
// UPSTREAM: none (the kernel's VFS and overlayfs, containerd's snapshotter, as a learner sees them)
// SIMPLIFICATION: no inodes, owners or hard links; a symlink resolves only inside its own mount;
// sizes are string lengths; a deleted lower entry is a whiteout entry `{ t: 'w' }` in the upper layer.

/** One entry: a file (`c` its content), a directory, a symlink (`c` its target) or a whiteout. */
export interface FsEntry {
  t: 'f' | 'd' | 'l' | 'w';
  c?: string;
  /** permission bits (0o644 files, 0o755 directories when absent) */
  m?: number;
  /** modification time, simulated epoch ms */
  at?: number;
}

/** Relative path (no leading slash; '' is the root of the tree) -> entry. Plain JSON. */
export type FsTree = Record<string, FsEntry>;

/** What a mount's contents offer: read, write and list by path relative to the mount's root. */
export interface Layer {
  get(rel: string): FsEntry | undefined;
  set(rel: string, e: FsEntry): void;
  remove(rel: string): void;
  /** names directly inside directory `rel` */
  children(rel: string): string[];
}

export const parentOf = (rel: string): string => (rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '');
export const joinRel = (dir: string, name: string): string => (dir === '' ? name : `${dir}/${name}`);

/** `/a/./b//c/../d/` -> `/a/b/d` (an absolute path; `cwd` resolves a relative one). */
export function normalizePath(path: string, cwd = '/'): string {
  const abs = path.startsWith('/') ? path : `${cwd}/${path}`;
  const parts: string[] = [];
  for (const p of abs.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return `/${parts.join('/')}`;
}

/** A tree on its own: `rel === ''` is always a directory. */
export function treeLayer(tree: FsTree, prefix = ''): Layer {
  const key = (rel: string) => (prefix === '' ? rel : rel === '' ? prefix : `${prefix}/${rel}`);
  return {
    get: (rel) => (key(rel) === '' ? (tree[''] ?? { t: 'd' }) : tree[key(rel)]),
    set: (rel, e) => {
      tree[key(rel)] = e;
    },
    remove: (rel) => {
      const k = key(rel);
      for (const p of Object.keys(tree)) if (p === k || p.startsWith(`${k}/`)) delete tree[p];
    },
    children: (rel) => childNames(Object.keys(tree), key(rel)),
  };
}

/** A writable upper tree over a read-only lower one (overlayfs). */
export function overlayLayer(lower: FsTree, upper: FsTree): Layer {
  const get = (rel: string): FsEntry | undefined => {
    if (rel === '') return { t: 'd' };
    const u = upper[rel];
    if (u) return u.t === 'w' ? undefined : u;
    // A whiteout on an ancestor hides everything below it.
    for (let p = parentOf(rel); p !== ''; p = parentOf(p)) if (upper[p]?.t === 'w' || (upper[p] && upper[p].t !== 'd')) return undefined;
    return lower[rel];
  };
  return {
    get,
    set: (rel, e) => {
      upper[rel] = e;
    },
    remove: (rel) => {
      for (const p of Object.keys(upper)) if (p.startsWith(`${rel}/`)) delete upper[p];
      if (rel in lower) upper[rel] = { t: 'w' };
      else delete upper[rel];
    },
    children: (rel) => {
      const names = new Set([...childNames(Object.keys(lower), rel), ...childNames(Object.keys(upper), rel)]);
      return [...names].filter((n) => get(joinRel(rel, n)) !== undefined).sort();
    },
  };
}

function childNames(keys: string[], dir: string): string[] {
  const prefix = dir === '' ? '' : `${dir}/`;
  const out = new Set<string>();
  for (const k of keys) {
    if (k === '' || !k.startsWith(prefix)) continue;
    const rest = k.slice(prefix.length);
    if (rest === '') continue;
    out.add(rest.split('/')[0]);
  }
  return [...out].sort();
}

/** Build a tree from `{ '/etc/os-release': 'text', '/bin/': null }`: parents become directories. */
export function treeOf(files: Record<string, string | null>, mode?: number): FsTree {
  const tree: FsTree = {};
  for (const [path, content] of Object.entries(files)) {
    const rel = normalizePath(path).slice(1);
    for (let p = parentOf(rel); p !== ''; p = parentOf(p)) tree[p] ??= { t: 'd' };
    if (content === null) tree[rel] = { t: 'd' };
    else tree[rel] = { t: 'f', c: content, ...(mode !== undefined ? { m: mode } : {}) };
  }
  return tree;
}
