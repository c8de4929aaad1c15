import { describe, expect, it } from 'vitest';
import { chainRows, formatOffset } from './creation-chain-model';
import { chainText } from './creation-chain-messages';

describe('creation chain rows', () => {
  it('orders by time, offsets from the first step and groups by container', () => {
    const rows = chainRows({
      podKey: 'default/web', nodeName: 'node-1', truncated: false,
      steps: [
        { atMs: 1000, component: 'kubelet', call: 'SyncPod' },
        { atMs: 1600, component: 'CRI', call: 'PullImage', container: 'web', durationMs: 3500, detail: 'docker.io/library/nginx:1.27' },
        { atMs: 1000, component: 'CRI', call: 'RunPodSandbox', detail: 'pause' },
        { atMs: 1250, component: 'runc', call: 'runc create', estimated: true },
      ],
    });
    expect(rows.map((r) => `${r.offset} ${r.component} ${r.call} ${r.group}${r.estimated ? ' ~' : ''}`)).toEqual([
      '+0 ms kubelet SyncPod pod',
      '+0 ms CRI RunPodSandbox pod',
      '+250 ms runc runc create pod ~',
      '+600 ms CRI PullImage web',
    ]);
    expect(rows[3].durationMs).toBe(3500);
  });

  it('keeps a retried failure\'s count', () => {
    const [row] = chainRows({ podKey: 'default/x', nodeName: 'node-1', truncated: false, steps: [{ atMs: 5, component: 'kubelet', call: 'generateContainerConfig', container: 'app', failed: true, repeats: 4, detail: 'configmap "x" not found' }] });
    expect(row).toMatchObject({ failed: true, repeats: 4, group: 'app', offset: '+0 ms' });
  });

  it.each([[0, '+0 ms'], [412, '+412 ms'], [1234, '+1.23 s'], [125_000, '+2 min 5 s']])('formats %i ms as %s', (ms, want) => {
    expect(formatOffset(ms)).toBe(want);
  });

  it('has both languages, with parameters', () => {
    expect(chainText('en', 'chain.explain', { node: 'node-1' })).toContain('node-1');
    expect(chainText('zh', 'chain.title')).toBe('创建链');
  });
});
