// list() stays in key order however keys come and go (the incrementally kept sorted keys), and equals
// what a cache rebuilt from the same objects lists (World.restore relies on it for exact replay).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { KubeObject } from '../api/meta';
import { Store } from '../apiserver/store';
import { Informer } from './informer';

const pod = (name: string, ns: string, node: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns }, spec: { nodeName: node } });
const NAMES = ['a', 'b', 'c', 'web-1', 'web-10', 'web-2', 'Z', 'zz'];

describe('Informer key order', () => {
  it('list() is in key order after any sequence of adds, updates and deletes, and equals a rebuilt cache', () => {
    const op = fc.record({ name: fc.constantFrom(...NAMES), ns: fc.constantFrom('default', 'kube-system'), del: fc.boolean(), node: fc.constantFrom('n1', 'n2') });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.array(fc.nat(60), { maxLength: 10 }), (ops, listAt) => {
        const s = new Store();
        const inf = new Informer('pods');
        s.watch((r) => inf.deliver(r));
        const at = new Set(listAt);
        ops.forEach((o, i) => {
          const key = `${o.ns}/${o.name}`;
          if (o.del) {
            if (inf.get(key)) s.remove('pods', key, 't');
          } else s.put('pods', pod(o.name, o.ns, o.node), 't', inf.get(key) ? 'update' : 'create');
          // list between changes too, so the sorted keys exist while keys come and go
          if (at.has(i)) inf.list();
        });
        const keys = inf.list().map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
        expect(keys).toEqual([...keys].sort());
        const rebuilt = new Informer('pods');
        rebuilt.replace(s.list('pods'));
        expect(inf.list()).toEqual(rebuilt.list());
        expect(inf.list('default').every((p) => p.metadata.namespace === 'default')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
