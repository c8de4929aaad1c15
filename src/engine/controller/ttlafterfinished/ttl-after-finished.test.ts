import { describe, expect, it } from 'vitest';
import { TestCluster } from '../../testing/test-cluster';

const job = (ttl: number, script = 'exit 0') => `apiVersion: batch/v1
kind: Job
metadata: {name: short}
spec:
  ttlSecondsAfterFinished: ${ttl}
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox, command: ["sh", "-c", "${script}"]}]
`;

describe('TTLAfterFinishedController', () => {
  it('deletes a Complete Job and its pods ttlSecondsAfterFinished after it finished, not before', () => {
    const c = new TestCluster();
    c.applyOk(job(100));
    c.step(5_000);
    expect(c.kubectl('get jobs --no-headers')).toMatch(/^short\s+Complete/);
    const j = c.world.getObject({ kind: 'Job', namespace: 'default', name: 'short' }) as { status?: { conditions?: { type: string; lastTransitionTime?: string }[]; startTime?: string } };
    const finished = Date.parse(j.status!.conditions!.find((x) => x.type === 'Complete')!.lastTransitionTime!);
    // API timestamps are the cluster's epoch plus simulated ms: move to 99 s after it finished
    c.step(finished - c.world.creationEpochMs + 99_000 - c.world.now());
    expect(c.world.getObject({ kind: 'Job', namespace: 'default', name: 'short' })).toBeDefined();
    c.step(5_000);
    expect(c.world.getObject({ kind: 'Job', namespace: 'default', name: 'short' })).toBeUndefined();
    expect(c.pods({ 'batch.kubernetes.io/job-name': 'short' })).toEqual([]);
  });

  it('also deletes a Failed Job; a Job without the field stays', () => {
    const c = new TestCluster();
    c.applyOk(job(0, 'exit 1').replace('spec:\n  ttl', 'spec:\n  backoffLimit: 0\n  ttl'));
    c.applyOk(job(0).replace('name: short', 'name: keep').replace('  ttlSecondsAfterFinished: 0\n', ''));
    c.settle(5 * 60_000);
    expect(c.world.getObject({ kind: 'Job', namespace: 'default', name: 'short' })).toBeUndefined();
    expect(c.kubectl('get jobs --no-headers')).toMatch(/^keep\s+Complete/);
  });
});
