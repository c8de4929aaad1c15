import { describe, expect, it } from 'vitest';
import type { PodView } from '../../worker/protocol';
import { formatCpu, formatMemory, isDeletable, percent, refOfView, sameRef, statusTone, viewIdOfRef } from './inspector-model';

describe('inspector model', () => {
  it('finds the view id of namespaced and cluster-scoped refs', () => {
    expect(viewIdOfRef({ kind: 'Pod', namespace: 'default', name: 'web-1' })).toBe('Pod:default/web-1');
    expect(viewIdOfRef({ kind: 'Node', name: 'node-1' })).toBe('Node:node-1');
    expect(viewIdOfRef({ kind: 'ConfigMap', namespace: 'default', name: 'x' })).toBeUndefined();
  });

  it('round-trips a view to a ref and back to its id', () => {
    const pod = { kind: 'Pod', key: 'default/web-1', namespace: 'default', name: 'web-1' } as PodView;
    const ref = refOfView(pod);
    expect(ref).toEqual({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web-1' });
    expect(viewIdOfRef(ref)).toBe('Pod:default/web-1');
    expect(sameRef(ref, { kind: 'Pod', namespace: 'default', name: 'web-1' })).toBe(true);
    expect(sameRef(ref, { kind: 'Pod', namespace: 'kube-system', name: 'web-1' })).toBe(false);
  });

  it.each([
    [{ kind: 'Pod', namespace: 'default', name: 'web-1' }, true],
    [{ kind: 'Deployment', namespace: 'default', name: 'web' }, true],
    [{ kind: 'Node', name: 'node-1' }, false],
    [{ kind: 'Service', namespace: 'default', name: 'kubernetes' }, false],
    [{ kind: 'Service', namespace: 'default', name: 'web' }, true],
  ])('deletable(%j) is %s', (ref, want) => {
    expect(isDeletable(ref)).toBe(want);
  });

  it.each([[100, '100m'], [2000, '2'], [1500, '1500m'], [0, '0']])('cpu %d prints %s', (m, s) => {
    expect(formatCpu(m)).toBe(s);
  });

  it.each([[64 * 2 ** 20, '64Mi'], [4 * 2 ** 30, '4Gi'], [1536 * 2 ** 20, '1536Mi'], [1000, '1000'], [0, '0']])(
    'memory %d prints %s',
    (b, s) => {
      expect(formatMemory(b)).toBe(s);
    },
  );

  it('truncates percentages and survives a zero total', () => {
    expect(percent(300, 2000)).toBe(15);
    expect(percent(1999, 2000)).toBe(99);
    expect(percent(1, 0)).toBe(0);
  });

  it.each([
    ['Running', false, 'running'], ['Running', true, 'terminating'], ['ContainerCreating', false, 'pending'],
    ['Pending', false, 'pending'], ['Completed', false, 'succeeded'], ['CrashLoopBackOff', false, 'failed'],
    ['OutOfcpu', false, 'failed'], ['Init:0/1', false, 'pending'], ['Init:Error', false, 'failed'],
    ['Unknown', false, 'unknown'],
  ])('status %s (deleting=%s) has tone %s', (status, deleting, tone) => {
    expect(statusTone(status, deleting)).toBe(tone);
  });
});
