import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { podRequests } from './resource';

const pod = (containers: Array<[string, string]>, init: Array<[string, string, boolean?]> = []): Pod => ({
  spec: {
    containers: containers.map(([cpu, mem], i) => ({ name: `c${i}`, resources: { requests: { cpu, memory: mem } } })),
    initContainers: init.map(([cpu, mem, sidecar], i) => ({
      name: `i${i}`, resources: { requests: { cpu, memory: mem } }, ...(sidecar ? { restartPolicy: 'Always' } : {}),
    })),
  },
});

describe('podRequests', () => {
  it('sums app containers', () => {
    expect(podRequests(pod([['100m', '64Mi'], ['200m', '64Mi']]))).toMatchObject({ cpuMillis: 300, memoryBytes: 128 * 2 ** 20 });
  });
  it('takes the largest init container when it exceeds the app sum', () => {
    expect(podRequests(pod([['100m', '64Mi'], ['200m', '64Mi']], [['500m', '32Mi']]))).toMatchObject({ cpuMillis: 500, memoryBytes: 128 * 2 ** 20 });
  });
  it('adds restartable init containers (sidecars) to the app sum', () => {
    expect(podRequests(pod([['100m', '64Mi']], [['50m', '16Mi', true]]))).toMatchObject({ cpuMillis: 150, memoryBytes: 80 * 2 ** 20 });
  });
  it('counts no requests as zero', () => {
    expect(podRequests({ spec: { containers: [{ name: 'a' }] } })).toMatchObject({ cpuMillis: 0, memoryBytes: 0 });
  });
});
