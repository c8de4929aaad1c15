// World scenarios of postStart and preStop hooks.
import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import type { CoreEvent } from '../../client/record';
import { TestCluster } from '../../testing/test-cluster';

const pod = (name: string, lifecycle: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
${extra}  containers:
  - name: app
    image: nginx:1.27
    lifecycle:
${lifecycle}`;

const events = (c: TestCluster, name: string) => (c.world.list('Event', 'default') as CoreEvent[])
  .filter((e) => e.involvedObject.name === name).map((e) => `${e.type} ${e.reason}: ${e.message}`);

function statusesOf(c: TestCluster, name: string): Array<NonNullable<Pod['status']>> {
  const out: Array<NonNullable<Pod['status']>> = [];
  c.world.onWatch((rec) => {
    if (rec.resource === 'pods' && rec.object.metadata.name === name && rec.writer.startsWith('kubelet/')) out.push((rec.object as Pod).status!);
  });
  return out;
}

describe('postStart', () => {
  it('holds the container in ContainerCreating until a slow hook returns, then Running', () => {
    const c = new TestCluster();
    c.applyOk(pod('slow', '      postStart: {exec: {command: [sh, -c, "sleep 5"]}}\n'));
    c.step(4_500);
    expect(c.pod('slow').status?.containerStatuses?.[0].state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(events(c, 'slow')).toContain('Normal Started: Container started');
    expect(c.kubectl('get pod slow --no-headers')).toMatch(/^slow\s+0\/1\s+ContainerCreating\s/);
    c.settle();
    expect(c.pod('slow').status?.phase).toBe('Running');
    expect(c.pod('slow').status?.containerStatuses?.[0].state?.running).toBeDefined();
  });

  it('a failing hook kills the container (FailedPostStartHook), which restarts into CrashLoopBackOff', () => {
    const c = new TestCluster();
    const seen = statusesOf(c, 'bad');
    c.applyOk(pod('bad', '      postStart: {exec: {command: [sh, -c, "exit 1"]}}\n'));
    c.settle();
    expect(events(c, 'bad')).toEqual(expect.arrayContaining([
      'Warning FailedPostStartHook: PostStartHook failed',
      'Normal Killing: FailedPostStartHook',
    ]));
    const waiting = seen.flatMap((s) => s.containerStatuses ?? []).map((s) => s.state?.waiting).filter((w) => w?.reason === 'PostStartHookError');
    expect(waiting[0]?.message).toMatch(/^Exec lifecycle hook \(\[sh -c exit 1\]\) for Container "app" in Pod "bad_default\(.+\)" failed - error: command 'sh -c exit 1' exited with 1: , message: ""$/);
    const cs = c.pod('bad').status!.containerStatuses![0];
    expect(cs.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });
});

describe('preStop', () => {
  it('runs before SIGTERM and is cut at the grace period (+2 s for SIGTERM at most)', () => {
    const c = new TestCluster();
    c.applyOk(pod('slowstop', '      preStop: {exec: {command: [sh, -c, "sleep 180"]}}\n', '  terminationGracePeriodSeconds: 20\n'));
    c.settle();
    c.world.deleteObject({ kind: 'Pod', namespace: 'default', name: 'slowstop' });
    c.step(19_000);
    expect(c.pod('slowstop').metadata.deletionTimestamp).toBeDefined();
    expect(c.pod('slowstop').status?.containerStatuses?.[0].state?.running).toBeDefined();
    c.step(3_100);
    expect(c.world.getObject({ kind: 'Pod', namespace: 'default', name: 'slowstop' })).toBeUndefined();
  });

  it('a failing preStop records FailedPreStopHook and the container still stops', () => {
    const c = new TestCluster();
    c.applyOk(pod('failstop', '      preStop: {httpGet: {path: /drain, port: 9999}}\n'));
    c.settle();
    const ip = c.pod('failstop').status!.podIP!;
    c.world.deleteObject({ kind: 'Pod', namespace: 'default', name: 'failstop' });
    c.settle();
    expect(events(c, 'failstop')).toContain(`Warning FailedPreStopHook: Get "http://${ip}:9999/drain": dial tcp ${ip}:9999: connect: connection refused`);
    expect(c.world.getObject({ kind: 'Pod', namespace: 'default', name: 'failstop' })).toBeUndefined();
  });
});
