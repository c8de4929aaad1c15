import { describe, expect, it } from 'vitest';
import { diffObjects, formatValue, MAX_CHANGES, MAX_VALUE_CHARS, summarizeChanges } from './timeline-diff';

const pod = (over: Record<string, unknown> = {}) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'default', resourceVersion: '10', labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
  status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False' }] },
  ...over,
});

describe('diffObjects', () => {
  it('lists changed, added and removed paths by section, ignoring resourceVersion', () => {
    const before = pod();
    const after = pod({
      metadata: { name: 'web-1', namespace: 'default', resourceVersion: '11', labels: { tier: 'front' } },
      spec: { containers: [{ name: 'c', image: 'nginx:1.28' }], nodeName: 'node-1' },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }], podIP: '10.244.1.5' },
    });
    const { changes, truncated } = diffObjects(before, after);
    expect(truncated).toBe(false);
    expect(changes).toEqual([
      { path: 'metadata.labels.app', section: 'metadata', op: 'removed', from: 'web' },
      { path: 'metadata.labels.tier', section: 'metadata', op: 'added', to: 'front' },
      { path: 'spec.containers[c].image', section: 'spec', op: 'changed', from: 'nginx:1.27', to: 'nginx:1.28' },
      { path: 'spec.nodeName', section: 'spec', op: 'added', to: 'node-1' },
      // conditions are matched by type, so reordering them is not a change
      { path: 'status.conditions[Ready].status', section: 'status', op: 'changed', from: 'False', to: 'True' },
      { path: 'status.phase', section: 'status', op: 'changed', from: 'Pending', to: 'Running' },
      { path: 'status.podIP', section: 'status', op: 'added', to: '10.244.1.5' },
    ]);
  });

  it('says nothing for creation or deletion, and nothing when only resourceVersion moved', () => {
    expect(diffObjects(undefined, pod()).changes).toEqual([]);
    expect(diffObjects(pod(), undefined).changes).toEqual([]);
    expect(diffObjects(pod(), pod({ metadata: { ...pod().metadata, resourceVersion: '99' } })).changes).toEqual([]);
  });

  it('shows scalar lists whole, cuts long values and bounds the number of paths', () => {
    const a = { kind: 'X', metadata: { finalizers: ['a'] }, data: Object.fromEntries(Array.from({ length: MAX_CHANGES + 5 }, (_, i) => [`k${i}`, 'x'])) };
    const b = { kind: 'X', metadata: { finalizers: ['a', 'b'] }, data: Object.fromEntries(Array.from({ length: MAX_CHANGES + 5 }, (_, i) => [`k${i}`, 'y'])) };
    const { changes, truncated } = diffObjects(a, b);
    expect(truncated).toBe(true);
    expect(changes).toHaveLength(MAX_CHANGES);
    expect(changes[0]).toEqual({ path: 'data.k0', section: 'other', op: 'changed', from: 'x', to: 'y' });
    expect(formatValue('z'.repeat(200))).toHaveLength(MAX_VALUE_CHARS);
    expect(diffObjects({ metadata: { finalizers: ['a'] } }, { metadata: { finalizers: ['a', 'b'] } }).changes).toEqual([
      { path: 'metadata.finalizers', section: 'metadata', op: 'changed', from: '["a"]', to: '["a","b"]' },
    ]);
  });

  it('summarizes the telling changes first', () => {
    const { changes } = diffObjects(pod(), pod({ status: { phase: 'Running', conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True' }], podIP: '10.244.1.5', hostIP: '192.168.49.3' } }));
    expect(summarizeChanges(changes, 2)).toBe('status.phase: Pending → Running; +status.podIP=10.244.1.5; +2 more');
  });
});
