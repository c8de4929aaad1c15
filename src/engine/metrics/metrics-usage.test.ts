// metrics-server reads the kubelet's runtime usage model: stress memory, stress CPU under the CFS quota.
import { describe, expect, it } from 'vitest';
import type { Container, Node, Pod } from 'kubernetes-types/core/v1';
import { MetricsServer, NODE_SYSTEM_MEMORY_BYTES, type MetricsSource } from './metrics-server';
import { cfsQuota, containerUsage, programCpuMillis } from '../kubelet/runtime/usage';
import { TestCluster } from '../testing/test-cluster';

const EPOCH = Date.UTC(2026, 0, 5, 9, 0, 0);
const Mi = 1024 * 1024;

function running(name: string, c: Container): Pod {
  return {
    metadata: { name, namespace: 'default' },
    spec: { nodeName: 'node-1', containers: [c] },
    status: { phase: 'Running', containerStatuses: [{ name: c.name, ready: true, restartCount: 0, image: c.image ?? '', imageID: '', state: { running: { startedAt: new Date(EPOCH).toISOString() } } }] },
  };
}
function server(pods: Pod[]): MetricsServer {
  const node: Node = { metadata: { name: 'node-1', creationTimestamp: new Date(EPOCH).toISOString() }, status: { allocatable: { cpu: '2', memory: '4Gi' }, conditions: [{ type: 'Ready', status: 'True' }] } };
  const src: MetricsSource = { pods: () => pods, nodes: () => [node], workload: () => undefined, now: () => 60_000, epochMs: EPOCH };
  return new MetricsServer(src);
}
const stress = (args: string[], resources?: Container['resources']): Container => ({ name: 'stress', image: 'polinux/stress', command: ['stress'], args, ...(resources ? { resources } : {}) });

describe('usage model (runtime/usage.ts)', () => {
  it.each([
    [['--cpu', '2'], 2000],
    [['--cpu=1'], 1000],
    [['-c', '3', '--timeout', '60s'], 3000],
    [['--vm', '1'], 0],
  ])('stress %j wants %i millicores', (args, want) => {
    expect(programCpuMillis({ command: ['stress'], args })).toBe(want);
  });

  it('the CFS quota caps CPU at the limit and says when it throttled', () => {
    expect(cfsQuota(2001, 500)).toEqual({ cpuMillis: 500, throttled: true });
    expect(cfsQuota(500, 500)).toEqual({ cpuMillis: 500, throttled: false });
    expect(cfsQuota(10, Infinity)).toEqual({ cpuMillis: 10, throttled: false });
  });

  it('working set: idle base plus what stress allocates, never above limits.memory', () => {
    expect(containerUsage(stress(['--vm', '1', '--vm-bytes', '150M'])).memoryBytes).toBe(8 * Mi + 150 * Mi);
    expect(containerUsage(stress(['--vm', '1', '--vm-bytes', '150M'], { limits: { memory: '100Mi' } })).memoryBytes).toBe(100 * Mi);
  });
});

describe('MetricsServer over the usage model', () => {
  it('kubectl top shows a stress pod\'s memory (memory-request-limit example: 150M)', () => {
    const m = server([running('memory-demo', stress(['--vm', '1', '--vm-bytes', '150M', '--vm-hang', '1'], { requests: { memory: '100Mi' }, limits: { memory: '200Mi' } }))]);
    const c = m.podMetrics()[0].containers[0];
    expect(c.memoryBytes).toBe(158 * Mi);
    expect(m.nodeMetrics()[0].memoryBytes).toBe(NODE_SYSTEM_MEMORY_BYTES + 158 * Mi);
  });

  it('a CPU hog at its limit is held there and marked throttled (cpu-constraints example: --cpu 2, limit 1)', () => {
    const m = server([running('cpu-demo', stress(['--cpu', '2'], { requests: { cpu: '500m' }, limits: { cpu: '1' } }))]);
    expect(m.podMetrics()[0].containers[0]).toMatchObject({ cpuMillis: 1000, throttled: true });
    const free = server([running('free', stress(['--cpu', '1']))]);
    expect(free.podMetrics()[0].containers[0].cpuMillis).toBe(1001);
    expect(free.podMetrics()[0].containers[0].throttled).toBeUndefined();
  });

  it('in a cluster, kubectl top pod shows the stress pod\'s memory and never more CPU than the limit', () => {
    const c = new TestCluster();
    c.applyOk(`apiVersion: v1
kind: Pod
metadata: {name: hog}
spec:
  containers:
  - name: hog
    image: polinux/stress
    command: ["stress"]
    args: ["--vm", "1", "--vm-bytes", "150M", "--cpu", "2"]
    resources: {limits: {cpu: 500m, memory: 300Mi}}
`);
    c.settle();
    c.step(45_000);
    expect(c.kubectl('top pod hog --no-headers')).toMatch(/^hog\s+500m\s+158Mi\s*$/);
  });
});
