// The creation chain the kubelet records per pod: names, order, simulated times, bound, snapshots.
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../../testing/test-cluster';
import { World } from '../../sim/world';
import type { RuntimePod } from '../runtime';
import { MAX_CREATION_STEPS, recordStep } from './creation-chain';

const pod = (name: string, extra = '') => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  nodeName: node-1\n  containers:\n  - name: web\n    image: nginx:1.27\n${extra}`;

describe('creation chain', () => {
  it('records SyncPod, the sandbox (CRI, containerd, shim, runc), CNI ADD, then PullImage, CreateContainer and StartContainer', () => {
    const c = new TestCluster();
    c.applyOk(pod('web'));
    c.settle();
    const chain = c.world.podCreationChain('default/web')!;
    expect(chain.nodeName).toBe('node-1');
    expect(chain.steps.map((s) => `${s.component} ${s.call}${s.container ? ` ${s.container}` : ''}`)).toEqual([
      'kubelet SyncPod',
      'CRI RunPodSandbox',
      'containerd create sandbox container',
      'containerd-shim-runc-v2 start shim',
      'runc runc create',
      'runc runc start',
      'CRI RunPodSandbox',
      'CNI ADD',
      'CRI PullImage web',
      'CRI CreateContainer web',
      'runc runc create web',
      'CRI StartContainer web',
      'runc runc start web',
    ]);
    // Simulated times never go backwards, and the pull took as long as the Pulled event says.
    const times = chain.steps.map((s) => s.atMs);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const pull = chain.steps.find((s) => s.call === 'PullImage')!;
    expect(pull.durationMs).toBeGreaterThan(0);
    expect(pull.detail).toBe('docker.io/library/nginx:1.27');
    expect(chain.steps.find((s) => s.component === 'CNI')?.detail).toBe(`pod IP ${c.pod('web').status?.podIP}`);
    // Invented timings are marked.
    expect(chain.steps.filter((s) => s.estimated).every((s) => ['containerd', 'containerd-shim-runc-v2', 'runc'].includes(s.component))).toBe(true);
  });

  it('a second pod with the same image: ImageStatus (already present) instead of PullImage', () => {
    const c = new TestCluster();
    c.applyOk(pod('a'));
    c.settle();
    c.applyOk(pod('b'));
    c.settle();
    const calls = c.world.podCreationChain('default/b')!.steps.map((s) => s.call);
    expect(calls).toContain('ImageStatus');
    expect(calls).not.toContain('PullImage');
  });

  it('a failed generateContainerConfig is a failed step with the kubelet error', () => {
    const c = new TestCluster();
    c.applyOk(pod('cfg', '    envFrom:\n    - configMapRef: {name: missing}\n'));
    c.settle();
    const failed = () => c.world.podCreationChain('default/cfg')!.steps.filter((s) => s.failed);
    expect(failed()).toEqual([expect.objectContaining({ component: 'kubelet', call: 'generateContainerConfig', container: 'web', detail: 'configmap "missing" not found' })]);
    // The pod worker's retries count on the same step instead of filling the chain.
    const before = c.world.podCreationChain('default/cfg')!.steps.length;
    c.step(25_000);
    expect(failed()).toEqual([expect.objectContaining({ call: 'generateContainerConfig', repeats: 3 })]);
    expect(c.world.podCreationChain('default/cfg')!.steps).toHaveLength(before);
  });

  it('is bounded', () => {
    const rp = { key: 'default/x', uid: 'u', admitted: true, startTime: '', containers: [] } as RuntimePod;
    for (let i = 0; i < MAX_CREATION_STEPS + 5; i++) recordStep(rp, { atMs: i, component: 'kubelet', call: 'SyncPod' });
    expect(rp.chain).toHaveLength(MAX_CREATION_STEPS);
    expect(rp.chainTruncated).toBe(true);
  });

  it('lives in the snapshot: a restored world returns the same chain; unknown pods have none', () => {
    const c = new TestCluster();
    c.applyOk(pod('web'));
    c.settle();
    const copy = World.restore(c.world.snapshot());
    expect(copy.podCreationChain('default/web')).toEqual(c.world.podCreationChain('default/web'));
    expect(c.world.podCreationChain('default/nope')).toBeUndefined();
  });
});
