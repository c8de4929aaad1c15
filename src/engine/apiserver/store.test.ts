import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { KubeObject } from '../api/meta';
import { Store, type WatchRecord } from './store';

const obj = (name: string, data = 0): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { v: String(data) } });

describe('Store', () => {
  it('gives every write the next global revision, across resources', () => {
    const s = new Store();
    const a = s.put('configmaps', obj('a'), 'test', 'create');
    const b = s.put('pods', { ...obj('b'), kind: 'Pod' }, 'test', 'create');
    const a2 = s.put('configmaps', obj('a', 1), 'test', 'update');
    expect([a, b, a2].map((o) => o.metadata.resourceVersion)).toEqual(['1', '2', '3']);
  });

  it('freezes stored objects', () => {
    const s = new Store();
    const a = s.put('configmaps', obj('a'), 'test', 'create');
    expect(() => {
      (a.metadata as { name: string }).name = 'x';
    }).toThrow();
  });

  it('emits ADDED, MODIFIED and DELETED with the writer', () => {
    const s = new Store();
    const seen: Array<[string, string, string]> = [];
    s.watch((r) => seen.push([r.type, r.object.metadata.name!, r.writer]));
    s.put('configmaps', obj('a'), 'alice', 'create');
    s.put('configmaps', obj('a', 2), 'bob', 'update');
    s.remove('configmaps', 'default/a', 'carol');
    expect(seen).toEqual([['ADDED', 'a', 'alice'], ['MODIFIED', 'a', 'bob'], ['DELETED', 'a', 'carol']]);
  });

  it('replaying the watch stream rebuilds the same state (property)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('put' as const), name: fc.constantFrom('a', 'b', 'c', 'd'), v: fc.integer() }),
      fc.record({ kind: fc.constant('del' as const), name: fc.constantFrom('a', 'b', 'c', 'd') }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const s = new Store();
        const log: WatchRecord[] = [];
        s.watch((r) => log.push(r));
        for (const o of ops) {
          if (o.kind === 'put') s.put('configmaps', obj(o.name, o.v), 't', 'update');
          else s.remove('configmaps', `default/${o.name}`, 't');
        }
        const rebuilt = new Map<string, KubeObject>();
        let lastRv = 0;
        for (const r of log) {
          expect(Number(r.rv)).toBeGreaterThan(lastRv);
          lastRv = Number(r.rv);
          if (r.type === 'DELETED') rebuilt.delete(r.object.metadata.name!);
          else rebuilt.set(r.object.metadata.name!, r.object);
        }
        const live = new Map(s.list('configmaps').map((o) => [o.metadata.name!, o]));
        expect([...rebuilt.keys()].sort()).toEqual([...live.keys()].sort());
        for (const [k, v] of live) expect(rebuilt.get(k)).toEqual(v);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('saves and restores its objects and revision', () => {
    const s = new Store();
    s.put('configmaps', obj('a'), 't', 'create');
    s.put('configmaps', obj('b'), 't', 'create');
    const r = new Store(JSON.parse(JSON.stringify(s.save())));
    expect(r.currentRevision).toBe(2);
    expect(r.list('configmaps')).toEqual(s.list('configmaps'));
  });
});
