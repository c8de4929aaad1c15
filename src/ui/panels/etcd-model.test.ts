import { describe, expect, it } from 'vitest';
import type { EtcdKeyInfo } from '../../engine/api/etcd';
import { changedSince, etcdctlFor, filterKeys, splitKey } from './etcd-model';

const k = (key: string, resource: string, name: string, namespace: string | undefined, mod: number): EtcdKeyInfo => ({
  key,
  resource,
  kind: 'X',
  name,
  ...(namespace ? { namespace } : {}),
  createRevision: 1,
  modRevision: mod,
  version: 1,
});

const keys = [
  k('/registry/minions/node-1', 'nodes', 'node-1', undefined, 5),
  k('/registry/pods/default/web-1', 'pods', 'web-1', 'default', 9),
  k('/registry/pods/kube-system/coredns-a', 'pods', 'coredns-a', 'kube-system', 3),
  k('/registry/services/specs/default/web', 'services', 'web', 'default', 7),
];

describe('etcd view model', () => {
  it('filters by prefix when the filter starts with a slash, else by substring', () => {
    expect(filterKeys(keys, '/registry/pods/').map((x) => x.name)).toEqual(['web-1', 'coredns-a']);
    expect(filterKeys(keys, '/pods')).toEqual([]);
    expect(filterKeys(keys, 'WEB').map((x) => x.key)).toEqual(['/registry/pods/default/web-1', '/registry/services/specs/default/web']);
    expect(filterKeys(keys, '  ')).toHaveLength(4);
  });

  it('splits a key into the registry prefix and the object path', () => {
    expect(splitKey(keys[0])).toEqual({ prefix: '/registry/minions/', path: 'node-1' });
    expect(splitKey(keys[3])).toEqual({ prefix: '/registry/services/specs/', path: 'default/web' });
  });

  it('names the etcdctl command for the filter', () => {
    expect(etcdctlFor('/registry/pods/default')).toBe('etcdctl get /registry/pods/default --prefix --keys-only');
    expect(etcdctlFor('web')).toBe('etcdctl get /registry/ --prefix --keys-only');
  });

  it('marks keys written after a revision', () => {
    expect([...changedSince(keys, 6)].sort()).toEqual(['/registry/pods/default/web-1', '/registry/services/specs/default/web']);
  });
});
