import { describe, expect, it } from 'vitest';
import { ContainerFs, type Mount } from './container-fs';
import { normalizePath, overlayLayer, treeLayer, treeOf, type FsTree } from './tree';

describe('trees and overlays', () => {
  it('normalizes paths', () => {
    expect(normalizePath('/a/./b//c/../d/')).toBe('/a/b/d');
    expect(normalizePath('x/y', '/srv')).toBe('/srv/x/y');
    expect(normalizePath('/..')).toBe('/');
  });

  it('an overlay writes to its upper tree and whites out lower entries it removes', () => {
    const lower = treeOf({ '/etc/os-release': 'os', '/etc/nginx/nginx.conf': 'conf' });
    const upper: FsTree = {};
    const o = overlayLayer(lower, upper);
    o.set('etc/new', { t: 'f', c: 'n' });
    o.remove('etc/nginx');
    expect(o.children('etc')).toEqual(['new', 'os-release']);
    expect(o.get('etc/nginx/nginx.conf')).toBeUndefined();
    expect(lower['etc/nginx/nginx.conf']).toBeDefined();
    expect(upper['etc/nginx']).toEqual({ t: 'w' });
  });
});

describe('a container filesystem', () => {
  const mounts = (data: FsTree): Mount[] => [
    { path: '/', layer: overlayLayer(treeOf({ '/tmp': null, '/etc/x': 'x' }), {}), readOnly: false, fstype: 'overlay', source: 'overlay', sizeBytes: 1 },
    { path: '/data', layer: treeLayer(data), readOnly: false, fstype: 'ext4', source: '/dev/vda1', sizeBytes: 1 },
    { path: '/cfg', layer: treeLayer({ '..data': { t: 'l', c: '..v1' }, '..v1': { t: 'd' }, '..v1/k': { t: 'f', c: 'v' }, k: { t: 'l', c: '..data/k' } }), readOnly: true, fstype: 'tmpfs', source: 'tmpfs', sizeBytes: 1 },
  ];

  it('the longest mount prefix wins; writes land in the volume; symlinks resolve', () => {
    const data: FsTree = {};
    const fs = new ContainerFs(mounts(data), () => 0);
    expect(fs.write('/data/f', 'hi')).toBe(true);
    expect(data.f).toMatchObject({ t: 'f', c: 'hi' });
    expect(fs.read('/cfg/k')).toBe('v');
    expect(fs.stat('/cfg/k', false)).toMatchObject({ t: 'l' });
    expect(fs.list('/')).toContain('data');
  });

  it('returns the kernel\'s errors', () => {
    const fs = new ContainerFs(mounts({}), () => 0);
    expect(fs.write('/cfg/new', 'x')).toEqual({ error: 'EROFS' });
    expect(fs.write('/nope/f', 'x')).toEqual({ error: 'ENOENT' });
    expect(fs.read('/etc/x/y')).toEqual({ error: 'ENOTDIR' });
    expect(fs.read('/tmp')).toEqual({ error: 'EISDIR' });
    expect(fs.mkdir('/tmp')).toEqual({ error: 'EEXIST' });
    expect(fs.mkdir('/a/b/c', true)).toBe(true);
    expect(fs.remove('/a', false)).toEqual({ error: 'EISDIR' });
  });
});
