// One container's view of files: its mount table (the overlay root, the kubelet's /etc/hosts,
// /etc/hostname and /etc/resolv.conf, the pod's volumes) and path resolution over it, with the
// errors the kernel returns (ENOENT, ENOTDIR, EISDIR, EROFS, ENOTEMPTY).
// UPSTREAM: pkg/kubelet/kubelet_pods.go (makeMounts: etc-hosts, subPath, readOnly), the kernel's
//           path walk (follow symlinks, longest mount prefix wins)
// SIMPLIFICATION: no permissions checks (every process is root); sizes in df are fixed per fstype.

import { joinRel, normalizePath, parentOf, type FsEntry, type Layer } from './tree';

export interface Mount {
  /** absolute mount point */
  path: string;
  layer: Layer;
  readOnly: boolean;
  /** `overlay`, `ext4`, `tmpfs`, `proc` ... */
  fstype: string;
  /** what `mount` prints as the source: `overlay`, `/dev/vda1`, `tmpfs` */
  source: string;
  /** the filesystem's size for `df` */
  sizeBytes: number;
}

export type FsErrorCode = 'ENOENT' | 'ENOTDIR' | 'EISDIR' | 'EROFS' | 'ENOTEMPTY' | 'EEXIST' | 'ELOOP';

export const ERROR_TEXT: Record<FsErrorCode, string> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EROFS: 'Read-only file system',
  ENOTEMPTY: 'Directory not empty',
  EEXIST: 'File exists',
  ELOOP: 'Too many levels of symbolic links',
};

export interface FsError {
  error: FsErrorCode;
}

export const isFsError = (x: unknown): x is FsError => typeof x === 'object' && x !== null && 'error' in x;

interface Resolved {
  mount: Mount;
  rel: string;
  /** the absolute path after following symlinks */
  abs: string;
}

/** Mount points sorted so that the longest prefix is found first. */
export class ContainerFs {
  private readonly mounts: Mount[];
  private readonly order: Mount[];

  constructor(
    mounts: Mount[],
    /** simulated epoch ms for new files' mtime */
    private readonly epochMs: () => number,
  ) {
    this.order = mounts;
    this.mounts = [...mounts].sort((a, b) => b.path.length - a.path.length);
  }

  /** The mount table in mount order (root first), as /proc/mounts lists it. */
  mountTable(): Mount[] {
    return this.order;
  }

  private mountOf(abs: string): { mount: Mount; rel: string } {
    for (const m of this.mounts) {
      if (m.path === '/') return { mount: m, rel: abs.slice(1) };
      if (abs === m.path) return { mount: m, rel: '' };
      if (abs.startsWith(`${m.path}/`)) return { mount: m, rel: abs.slice(m.path.length + 1) };
    }
    throw new Error('no root mount');
  }

  /** Walk `path`, following symlinks in every component (and in the last when `follow`). */
  resolve(path: string, follow = true, depth = 0): Resolved | FsError {
    if (depth > 20) return { error: 'ELOOP' };
    const abs = normalizePath(path);
    const { mount, rel } = this.mountOf(abs);
    const parts = rel === '' ? [] : rel.split('/');
    let cur = '';
    for (let i = 0; i < parts.length; i++) {
      const next = joinRel(cur, parts[i]);
      const e = mount.layer.get(next);
      const last = i === parts.length - 1;
      if (!e) {
        // A missing parent is ENOENT for the caller too; a missing last component is for it to decide.
        if (!last) return { error: 'ENOENT' };
        return { mount, rel: next, abs };
      }
      if (e.t === 'l' && (!last || follow)) {
        const base = mount.path === '/' ? `/${cur}` : cur === '' ? mount.path : `${mount.path}/${cur}`;
        const target = (e.c ?? '').startsWith('/') ? e.c! : `${base}/${e.c ?? ''}`;
        return this.resolve([target, ...parts.slice(i + 1)].join('/'), follow, depth + 1);
      }
      if (e.t === 'f' && !last) return { error: 'ENOTDIR' };
      cur = next;
    }
    return { mount, rel: cur, abs };
  }

  /** The entry at `path` (symlinks followed unless `follow` is false). */
  stat(path: string, follow = true): FsEntry | FsError {
    const r = this.resolve(path, follow);
    if (isFsError(r)) return r;
    return r.mount.layer.get(r.rel) ?? { error: 'ENOENT' };
  }

  read(path: string): string | FsError {
    const e = this.stat(path);
    if (isFsError(e)) return e;
    if (e.t === 'd') return { error: 'EISDIR' };
    return e.c ?? '';
  }

  /** Names inside a directory (a file lists as itself, as ls does). */
  list(path: string): string[] | FsError {
    const r = this.resolve(path);
    if (isFsError(r)) return r;
    const e = r.mount.layer.get(r.rel);
    if (!e) return { error: 'ENOENT' };
    if (e.t !== 'd') return { error: 'ENOTDIR' };
    const names = new Set(r.mount.layer.children(r.rel));
    // Mount points show in their parent directory even when the lower tree has no such entry.
    for (const m of this.mounts) if (m.path !== '/' && normalizePath(`${m.path}/..`) === r.abs) names.add(m.path.slice(m.path.lastIndexOf('/') + 1));
    return [...names].sort();
  }

  /** Create or truncate (`append` false) a file and write `text` to it. */
  write(path: string, text: string, append = false, mode?: number): true | FsError {
    const r = this.resolve(path);
    if (isFsError(r)) return r;
    const e = r.mount.layer.get(r.rel);
    if (e?.t === 'd') return { error: 'EISDIR' };
    if (!e && !this.isDir(r.mount, parentOf(r.rel))) return { error: 'ENOENT' };
    if (r.mount.readOnly) return { error: 'EROFS' };
    const m = e?.m ?? mode;
    r.mount.layer.set(r.rel, { t: 'f', c: append && e ? `${e.c ?? ''}${text}` : text, ...(m !== undefined ? { m } : {}), at: this.epochMs() });
    return true;
  }

  /** touch: create an empty file or update the mtime. */
  touch(path: string): true | FsError {
    const e = this.stat(path);
    if (isFsError(e)) return e.error === 'ENOENT' ? this.write(path, '') : e;
    const r = this.resolve(path) as Resolved;
    if (r.mount.readOnly) return { error: 'EROFS' };
    r.mount.layer.set(r.rel, { ...e, at: this.epochMs() });
    return true;
  }

  mkdir(path: string, parents = false): true | FsError {
    const abs = normalizePath(path);
    if (parents && abs !== '/') {
      const up = this.stat(normalizePath(`${abs}/..`));
      if (isFsError(up)) {
        const made = this.mkdir(normalizePath(`${abs}/..`), true);
        if (made !== true) return made;
      }
    }
    const r = this.resolve(abs);
    if (isFsError(r)) return r;
    const e = r.mount.layer.get(r.rel);
    if (e) return parents && e.t === 'd' ? true : { error: 'EEXIST' };
    if (!this.isDir(r.mount, parentOf(r.rel))) return { error: 'ENOENT' };
    if (r.mount.readOnly) return { error: 'EROFS' };
    r.mount.layer.set(r.rel, { t: 'd', at: this.epochMs() });
    return true;
  }

  /** rm (recursive for directories); a symlink itself is removed, not its target. */
  remove(path: string, recursive: boolean): true | FsError {
    const r = this.resolve(path, false);
    if (isFsError(r)) return r;
    const e = r.mount.layer.get(r.rel);
    if (!e) return { error: 'ENOENT' };
    if (e.t === 'd' && !recursive) return { error: 'EISDIR' };
    if (r.rel === '' || r.mount.readOnly) return { error: r.rel === '' ? 'EISDIR' : 'EROFS' };
    r.mount.layer.remove(r.rel);
    return true;
  }

  private isDir(mount: Mount, rel: string): boolean {
    return mount.layer.get(rel)?.t === 'd';
  }
}
