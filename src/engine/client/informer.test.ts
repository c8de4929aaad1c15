import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { KubeObject } from '../api/meta';
import { Store } from '../apiserver/store';
import { Informer } from './informer';

const pod = (name: string, node: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: node } });
const byNode = (o: KubeObject) => [String((o.spec as { nodeName: string }).nodeName)];

describe('Informer', () => {
  it('calls add, update and delete handlers after updating its cache', () => {
    const s = new Store();
    const inf = new Informer('pods');
    const calls: string[] = [];
    inf.addEventHandler({
      add: (o) => calls.push(`add ${o.metadata.name} ${inf.get('default/' + o.metadata.name) ? 'cached' : 'missing'}`),
      update: (a, b) => calls.push(`update ${a.metadata.resourceVersion}->${b.metadata.resourceVersion}`),
      delete: (o) => calls.push(`delete ${o.metadata.name} ${inf.get('default/' + o.metadata.name) ? 'cached' : 'gone'}`),
    });
    s.watch((r) => inf.deliver(r));
    s.put('pods', pod('a', 'n1'), 't', 'create');
    s.put('pods', pod('a', 'n2'), 't', 'update');
    s.remove('pods', 'default/a', 't');
    expect(calls).toEqual(['add a cached', 'update 1->2', 'delete a gone']);
  });

  it('delivers routed events only to handlers of the object\'s key, old and new (a field-selected watch)', () => {
    const s = new Store();
    const inf = new Informer('pods');
    const calls: string[] = [];
    const nodeOf = (o: KubeObject) => (o.spec as { nodeName: string }).nodeName || undefined;
    inf.addEventHandler({ add: (o) => calls.push(`plain add ${o.metadata.name}`) });
    for (const n of ['n1', 'n2', 'n3']) {
      inf.addRoutedEventHandler('spec.nodeName', nodeOf, n, {
        add: (o) => calls.push(`${n} add ${o.metadata.name}`),
        update: (_a, b) => calls.push(`${n} update ${b.metadata.name}`),
        delete: (o) => calls.push(`${n} delete ${o.metadata.name}`),
      });
    }
    s.watch((r) => inf.deliver(r));
    s.put('pods', pod('a', ''), 't', 'create'); // no node yet: only the plain handler
    s.put('pods', pod('a', 'n2'), 't', 'update'); // bound to n2
    s.put('pods', pod('a', 'n3'), 't', 'update'); // moved: the old and the new node both hear it
    s.remove('pods', 'default/a', 't');
    expect(calls).toEqual(['plain add a', 'n2 update a', 'n2 update a', 'n3 update a', 'n3 delete a']);
  });

  it('keeps indexes equal to a full rebuild (property)', () => {
    const op = fc.record({ name: fc.constantFrom('a', 'b', 'c', 'd', 'e'), node: fc.constantFrom('n1', 'n2', 'n3', ''), del: fc.boolean() });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const s = new Store();
        const inf = new Informer('pods');
        inf.addIndexer('node', byNode);
        s.watch((r) => inf.deliver(r));
        for (const o of ops) {
          if (o.del) s.remove('pods', `default/${o.name}`, 't');
          else s.put('pods', pod(o.name, o.node), 't', 'update');
        }
        const fresh = new Informer('pods');
        fresh.addIndexer('node', byNode);
        fresh.replace(s.list('pods'));
        for (const n of ['n1', 'n2', 'n3', '']) {
          const names = (i: Informer) => i.byIndex('node', n).map((p) => p.metadata.name).sort();
          expect(names(inf)).toEqual(names(fresh));
        }
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('revert undoes delivered events (restoring a lagging cache)', () => {
    const s = new Store();
    const inf = new Informer('pods');
    const recs: Parameters<Informer['deliver']>[0][] = [];
    s.put('pods', pod('a', 'n1'), 't', 'create');
    inf.replace(s.list('pods'));
    const before = inf.list();
    s.watch((r) => recs.push(r));
    s.put('pods', pod('a', 'n2'), 't', 'update');
    s.put('pods', pod('b', 'n1'), 't', 'create');
    s.remove('pods', 'default/a', 't');
    recs.forEach((r) => inf.deliver(r));
    [...recs].reverse().forEach((r) => inf.revert(r));
    expect(inf.list()).toEqual(before);
  });
});
