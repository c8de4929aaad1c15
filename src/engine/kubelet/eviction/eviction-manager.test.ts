// The eviction manager under memory pressure: ranking (helpers_test.go's cases), the message, and a
// cluster where stress pods fill a node: MemoryPressure, the taint, EvictionThresholdMet, Evicted.
// UPSTREAM: pkg/kubelet/eviction/helpers_test.go, pkg/kubelet/eviction/eviction_manager_test.go (TestMemoryPressure)
import { describe, expect, it } from 'vitest';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { CoreEvent } from '../../client/record';
import { TestCluster } from '../../testing/test-cluster';
import { World } from '../../sim/world';
import { evictionMessage, isCriticalPod, memoryThresholdMet, rankMemoryPressure, type PodMemoryStats } from './helpers';
import { isUnderMemoryPressure } from './eviction-manager';
import { admitUnderPressure } from './admit';

const Mi = 1024 * 1024;
function stats(name: string, usageMi: number, opts: { requestMi?: number; priority?: number } = {}): PodMemoryStats {
  const pod: Pod = {
    metadata: { name, namespace: 'default' },
    spec: {
      ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
      containers: [{ name: 'c', ...(opts.requestMi !== undefined ? { resources: { requests: { memory: `${opts.requestMi}Mi` } } } : {}) }],
    },
  };
  return { pod, containers: [{ name: 'c', workingSetBytes: usageMi * Mi }] };
}
const names = (s: PodMemoryStats[]) => s.map((x) => x.pod.metadata!.name);

describe('rankMemoryPressure (helpers_test.go)', () => {
  it.each([
    // TestOrderedByExceedsRequestMemory: below-request pods go last
    ['TestOrderedByExceedsRequestMemory', [stats('below-requests', 50, { requestMi: 100 }), stats('above-requests', 200, { requestMi: 100 })], ['above-requests', 'below-requests']],
    // TestOrderedByPriority: lower priority first (all exceeding)
    ['TestOrderedByPriority', [stats('high', 200, { priority: 1 }), stats('low', 100, { priority: -1 }), stats('none', 100)], ['low', 'none', 'high']],
    // TestOrderedByMemory: larger usage above request first
    ['TestOrderedByMemory', [stats('small', 100), stats('large', 300), stats('medium', 200)], ['large', 'medium', 'small']],
    // TestOrderedbyPriorityMemory: exceeding requests beats priority; within, priority beats usage
    [
      'TestOrderedbyPriorityMemory',
      [stats('best-effort-high', 500, { priority: 10 }), stats('burstable-below', 90, { requestMi: 100, priority: -5 }), stats('best-effort-low', 100, { priority: 0 })],
      ['best-effort-low', 'best-effort-high', 'burstable-below'],
    ],
  ])('%s', (_name, input, want) => {
    expect(names(rankMemoryPressure(input))).toEqual(want);
  });
});

describe('eviction helpers', () => {
  it('memory.available<100Mi is met strictly below 100Mi', () => {
    expect(memoryThresholdMet(99 * Mi)).toBe(true);
    expect(memoryThresholdMet(100 * Mi)).toBe(false);
  });

  it('critical pods: system priority and static pods', () => {
    expect(isCriticalPod({ spec: { priority: 2_000_000_000, containers: [] } })).toBe(true);
    expect(isCriticalPod({ metadata: { annotations: { 'kubernetes.io/config.mirror': 'x' } }, spec: { containers: [] } })).toBe(true);
    expect(isCriticalPod({ spec: { priority: 1_000_000_000, containers: [] } })).toBe(false);
  });

  it('the message names the threshold, what was available and each container above its request', () => {
    const s = stats('p', 1208, { requestMi: 64 });
    expect(evictionMessage(s, 100 * Mi, 52 * Mi)).toBe(
      'The node was low on resource: memory. Threshold quantity: 100Mi, available: 52Mi. Container c was using 1208Mi, request is 64Mi, has larger consumption of memory. ',
    );
    // usage below the request: no container sentence; an odd figure prints in Ki (or bytes)
    expect(evictionMessage(stats('q', 10, { requestMi: 64 }), 100 * Mi, 53_249 * 1024)).toBe('The node was low on resource: memory. Threshold quantity: 100Mi, available: 53249Ki. ');
  });

  it('MemoryPressure lasts the pressure transition period (5 min) after the last observation', () => {
    expect(isUnderMemoryPressure({ pressureLastObservedMs: 1000 }, 1000 + 299_999)).toBe(true);
    expect(isUnderMemoryPressure({ pressureLastObservedMs: 1000 }, 1000 + 300_000)).toBe(false);
    expect(isUnderMemoryPressure({}, 0)).toBe(false);
  });
});

const stressPod = (name: string, vmBytes: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  nodeName: node-1
  containers:
  - name: stress
    image: polinux/stress
    command: ["stress"]
    args: ["--vm", "1", "--vm-bytes", "${vmBytes}", "--vm-hang", "1"]
${extra}`;

function nodeEvents(c: TestCluster, node: string): string[] {
  return (c.world.list('Event', 'default') as CoreEvent[]).filter((e) => e.involvedObject.kind === 'Node' && e.involvedObject.name === node).map((e) => `${e.type} ${e.reason}: ${e.message}`);
}

describe('node-pressure eviction in a cluster (TestMemoryPressure)', () => {
  it('stress pods fill node-1: MemoryPressure, the taint, EvictionThresholdMet, one pod Evicted per pass; the condition clears 5 min later', () => {
    const c = new TestCluster();
    // 4Gi node: 420Mi for the node's daemons; the pods below leave less than 100Mi.
    c.applyOk(stressPod('small', '600M', '    resources: {requests: {memory: 700Mi}}\n'));
    c.applyOk(stressPod('big', '1700M'));
    c.applyOk(stressPod('medium', '1300M'));
    c.settle();
    for (const n of ['small', 'big', 'medium']) expect(c.pod(n).status?.phase).toBe('Running');
    c.step(10_000);
    const node = () => c.world.getObject({ apiVersion: 'v1', kind: 'Node', name: 'node-1' }) as Node;
    const pressure = () => node().status?.conditions?.find((x) => x.type === 'MemoryPressure');
    expect(pressure()).toMatchObject({ status: 'True', reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available' });
    c.step(1_000);
    expect(node().spec?.taints).toContainEqual(expect.objectContaining({ key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' }));
    expect(nodeEvents(c, 'node-1')).toContain('Warning EvictionThresholdMet: Attempting to reclaim memory');
    expect(nodeEvents(c, 'node-1')).toContain('Normal NodeHasInsufficientMemory: Node node-1 status is now: NodeHasInsufficientMemory');
    // The best-effort pod using the most is first: big.
    const big = c.pod('big');
    expect(big.status?.phase).toBe('Failed');
    expect(big.status?.reason).toBe('Evicted');
    expect(big.status?.message).toMatch(/^The node was low on resource: memory\. Threshold quantity: 100Mi, available: -?\d+(Ki|Mi)?\. Container stress was using 1708Mi, request is 0, has larger consumption of memory\. $/);
    expect(big.status?.conditions?.[0]).toMatchObject({ type: 'DisruptionTarget', status: 'True', reason: 'TerminationByKubelet', message: big.status?.message });
    expect(big.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(137);
    const evictedEvent = (c.world.list('Event', 'default') as CoreEvent[]).find((e) => e.involvedObject.name === 'big' && e.reason === 'Evicted');
    expect(evictedEvent?.type).toBe('Warning');
    expect(evictedEvent?.message).toBe(big.status?.message);
    // One pod per pass, and the pressure is relieved: the others keep running.
    c.step(30_000);
    expect(c.pod('small').status?.phase).toBe('Running');
    expect(c.pod('medium').status?.phase).toBe('Running');
    expect(pressure()?.status).toBe('True');
    // 5 min after the last observation, the condition and the taint go.
    c.step(5 * 60_000);
    expect(pressure()).toMatchObject({ status: 'False', reason: 'KubeletHasSufficientMemory' });
    c.step(1_000);
    expect(node().spec?.taints ?? []).not.toContainEqual(expect.objectContaining({ key: 'node.kubernetes.io/memory-pressure' }));
  });

  it('a node with room never reports pressure', () => {
    const c = new TestCluster();
    c.applyOk(stressPod('one', '500M'));
    c.settle();
    c.step(60_000);
    expect(c.pod('one').status?.phase).toBe('Running');
    expect(nodeEvents(c, 'node-1').some((e) => e.includes('EvictionThresholdMet'))).toBe(false);
  });

  it('snapshots keep the eviction state: a restored world continues identically', () => {
    const c = new TestCluster();
    c.applyOk(stressPod('a', '1700M'));
    c.applyOk(stressPod('b', '1900M'));
    c.settle();
    c.step(10_500);
    expect(c.world.snapshot().kubelets['node-1'].eviction?.pressureLastObservedMs).toBeDefined();
    const copy = World.restore(c.world.snapshot());
    c.step(300_000);
    copy.step(300_000);
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(c.world.snapshot()));
    expect(c.pod('b').status?.reason).toBe('Evicted');
  });
});

describe('admission under MemoryPressure (managerImpl.Admit)', () => {
  const p = (spec: Partial<NonNullable<Pod['spec']>>): Pod => ({ metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }], ...spec } });
  it.each([
    ['no pressure admits anything', p({}), false, true],
    ['best-effort pod is rejected', p({}), true, false],
    ['burstable pod is admitted', p({ containers: [{ name: 'c', resources: { requests: { memory: '10Mi' } } }] }), true, true],
    ['best-effort pod tolerating memory-pressure is admitted', p({ tolerations: [{ key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' }] }), true, true],
    ['best-effort pod tolerating disk-pressure only is rejected', p({ tolerations: [{ key: 'node.kubernetes.io/disk-pressure', operator: 'Exists' }] }), true, false],
    ['critical pod is admitted', p({ priority: 2_000_001_000 }), true, true],
  ])('%s', (_name, pod, pressure, admit) => {
    const r = admitUnderPressure(pod, pressure);
    expect(r.admit).toBe(admit);
    if (!r.admit) expect(r).toEqual({ admit: false, reason: 'Evicted', message: 'The node had condition: [MemoryPressure]. ' });
  });

  it('in a cluster: a best-effort pod bound to a node under pressure is rejected as Evicted', () => {
    const c = new TestCluster();
    c.applyOk(stressPod('a', '1700M'));
    c.applyOk(stressPod('b', '1900M'));
    c.settle();
    c.step(10_500);
    c.applyOk('apiVersion: v1\nkind: Pod\nmetadata: {name: late}\nspec:\n  nodeName: node-1\n  containers:\n  - {name: app, image: nginx:1.27}\n');
    c.step(1_000);
    expect(c.pod('late').status).toMatchObject({ phase: 'Failed', reason: 'Evicted', message: 'Pod was rejected: The node had condition: [MemoryPressure]. ' });
  });
});
