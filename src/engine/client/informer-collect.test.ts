// SharedInformerFactory.collectHandlers: what a component registered can be removed again (a removed
// node's kubelet leaves no live handlers behind).
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/meta';
import { SharedInformerFactory } from './informer';

const pod = (name: string, node: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: node } } as KubeObject);

describe('collectHandlers', () => {
  it('removes plain and routed handlers registered inside it, on informers old and new, and nothing else', () => {
    const f = new SharedInformerFactory();
    const seen: string[] = [];
    f.informerFor('pods').addEventHandler({ add: (p) => seen.push(`other:${p.metadata.name}`) });
    const undo = f.collectHandlers(() => {
      f.informerFor('pods').addEventHandler({ add: (p) => seen.push(`mine:${p.metadata.name}`) });
      f.informerFor<KubeObject & { spec?: { nodeName?: string } }>('pods').addRoutedEventHandler('spec.nodeName', (p) => p.spec?.nodeName, 'node-1', {
        add: (p) => seen.push(`routed:${p.metadata.name}`),
      });
      f.informerFor('configmaps').addEventHandler({ add: (c) => seen.push(`cm:${c.metadata.name}`) });
    });
    f.deliver({ type: 'ADDED', resource: 'pods', object: pod('a', 'node-1'), rv: '1' } as never);
    expect(seen).toEqual(['other:a', 'mine:a', 'routed:a']);
    undo();
    seen.length = 0;
    f.deliver({ type: 'ADDED', resource: 'pods', object: pod('b', 'node-1'), rv: '2' } as never);
    f.deliver({ type: 'ADDED', resource: 'configmaps', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } }, rv: '3' } as never);
    expect(seen).toEqual(['other:b']);
    // Registrations after the call are not collected.
    f.informerFor('pods').addEventHandler({ add: (p) => seen.push(`later:${p.metadata.name}`) });
    undo();
    f.deliver({ type: 'ADDED', resource: 'pods', object: pod('d', 'node-2'), rv: '4' } as never);
    expect(seen).toEqual(['other:b', 'other:d', 'later:d']);
  });
});
