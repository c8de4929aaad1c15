import { describe, expect, it } from 'vitest';
import type { Container } from 'kubernetes-types/core/v1';
import { TestCluster } from '../../testing/test-cluster';
import { oomKillAfterMs, programMemoryBytes, stressBytes } from './memory';

const stress = (vmBytes: string, limit?: string): Container => ({
  name: 'c', image: 'polinux/stress', command: ['stress'], args: ['--vm', '1', '--vm-bytes', vmBytes, '--vm-hang', '1'],
  ...(limit ? { resources: { limits: { memory: limit } } } : {}),
});

describe('program memory (stress)', () => {
  it.each([
    ['250M', 262_144_000], ['150M', 157_286_400], ['1g', 1_073_741_824], ['512k', 524_288], ['4096', 4096], ['12x', undefined],
  ])('stress --vm-bytes %s = %s bytes', (s, want) => {
    expect(stressBytes(s)).toBe(want);
  });

  it('multiplies by --vm workers, defaults --vm-bytes to 256M, and knows nothing of other programs', () => {
    expect(programMemoryBytes({ command: ['stress'], args: ['--vm', '2', '--vm-bytes', '100M'] })).toBe(2 * 100 * 1024 * 1024);
    expect(programMemoryBytes({ command: ['stress-ng', '--vm', '1'] })).toBe(256 * 1024 * 1024);
    expect(programMemoryBytes({ command: ['stress', '--cpu', '2'] })).toBeUndefined();
    expect(programMemoryBytes({ command: ['nginx'] })).toBeUndefined();
  });

  it('OOM-kills only above limits.memory, once the limit is reached at 1 GiB/s', () => {
    expect(oomKillAfterMs(stress('250M', '100Mi'))).toBe(100 + Math.round((100 / 1024) * 1000));
    expect(oomKillAfterMs(stress('150M', '200Mi'))).toBeUndefined();
    expect(oomKillAfterMs(stress('250M'))).toBeUndefined(); // no limit: the node's memory is the limit
  });
});

describe('OOMKilled in a cluster', () => {
  const pod = (policy: string) => `apiVersion: v1
kind: Pod
metadata: {name: oom}
spec:
  restartPolicy: ${policy}
  containers:
  - name: c
    image: polinux/stress
    resources: {requests: {memory: 50Mi}, limits: {memory: 100Mi}}
    command: [stress]
    args: [--vm, "1", --vm-bytes, 250M, --vm-hang, "1"]
`;

  it('restartPolicy Always: OOMKilled (137), restarted, then CrashLoopBackOff with lastState OOMKilled', () => {
    const c = new TestCluster();
    c.applyOk(pod('Always'));
    c.settle();
    const cs = c.pod('oom').status!.containerStatuses![0];
    expect(cs.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(cs.restartCount).toBeGreaterThanOrEqual(1);
    c.step(60_000);
    expect(c.pod('oom').status!.containerStatuses![0].restartCount).toBeGreaterThanOrEqual(3);
    expect(c.pod('oom').status?.phase).toBe('Running');
  });

  it('restartPolicy Never: the pod Failed, the container terminated OOMKilled; kubectl shows OOMKilled', () => {
    const c = new TestCluster();
    c.applyOk(pod('Never'));
    c.settle();
    const p = c.pod('oom');
    expect(p.status?.phase).toBe('Failed');
    expect(p.status!.containerStatuses![0].state?.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(c.kubectl('get pod oom --no-headers')).toMatch(/^oom\s+0\/1\s+OOMKilled\s+0\s/);
  });
});
