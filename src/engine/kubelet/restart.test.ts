import { describe, expect, it } from 'vitest';
import type { Pod, PodStatus } from 'kubernetes-types/core/v1';
import type { CoreEvent } from '../client/record';
import { TestCluster } from '../testing/test-cluster';
import { isInBackOffSince, nextBackOff, shouldRestart } from './restart';
import type { RuntimeContainer } from './runtime';

const pod = (name: string, policy: string | undefined, command: string, image = 'busybox:1.36') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
${policy ? `  restartPolicy: ${policy}\n` : ''}  containers:
  - name: c
    image: ${image}
    command: ['sh', '-c', '${command}']
`;

/** Every status the kubelets wrote for pod `name`, with the simulated time of the write. */
function statusesOf(c: TestCluster, name: string): Array<{ t: number; s: PodStatus }> {
  const out: Array<{ t: number; s: PodStatus }> = [];
  c.world.onWatch((rec) => {
    if (rec.resource === 'pods' && rec.object.metadata.name === name && rec.writer.startsWith('kubelet/')) out.push({ t: c.world.now(), s: (rec.object as Pod).status! });
  });
  return out;
}

const row = (c: TestCluster, name: string) => c.kubectl(`get pod ${name} --no-headers`).trim().split(/\s{2,}/);

describe('restartPolicy and container exits', () => {
  it('a Never pod whose container exits 0 Succeeds and prints Completed', () => {
    const c = new TestCluster();
    c.applyOk(pod('done', 'Never', 'echo hi; sleep 2'));
    c.settle();
    const p = c.pod('done');
    expect(p.status?.phase).toBe('Succeeded');
    expect(p.status?.containerStatuses?.[0]).toMatchObject({ ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } });
    expect(p.status?.conditions?.find((x) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(row(c, 'done').slice(1, 4)).toEqual(['0/1', 'Completed', '0']);
  });

  it('a Never pod whose container exits 1 Fails and prints Error', () => {
    const c = new TestCluster();
    c.applyOk(pod('bad', 'Never', 'exit 1'));
    c.settle();
    const p = c.pod('bad');
    expect(p.status?.phase).toBe('Failed');
    expect(p.status?.containerStatuses?.[0].state?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(row(c, 'bad').slice(1, 4)).toEqual(['0/1', 'Error', '0']);
  });

  it('an OnFailure pod whose container exits 0 Succeeds without a restart', () => {
    const c = new TestCluster();
    c.applyOk(pod('ok', 'OnFailure', 'sleep 1; exit 0'));
    c.settle();
    expect(c.pod('ok').status?.phase).toBe('Succeeded');
    expect(c.pod('ok').status?.containerStatuses?.[0].restartCount).toBe(0);
  });

  it('an OnFailure pod whose container exits 2 is restarted and stays Running', () => {
    const c = new TestCluster();
    c.applyOk(pod('retry', 'OnFailure', 'exit 2'));
    c.settle();
    const p = c.pod('retry');
    expect(p.status?.phase).toBe('Running');
    expect(p.status?.containerStatuses?.[0].restartCount).toBeGreaterThanOrEqual(1);
    expect(p.status?.containerStatuses?.[0].lastState?.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
  });

  it('an Always pod that exits 1 crash-loops: restart at once, then back-off 10s, 20s, 40s', () => {
    const c = new TestCluster();
    const seen = statusesOf(c, 'crash');
    c.applyOk(pod('crash', undefined, 'exit 1'));
    c.step(120_000);
    const starts: number[] = [];
    const messages: string[] = [];
    let prevRunning = false;
    for (const { t, s } of seen) {
      const cs = s.containerStatuses![0];
      if (cs.state?.running && !prevRunning) starts.push(t);
      prevRunning = !!cs.state?.running;
      const m = cs.state?.waiting?.message;
      if (cs.state?.waiting?.reason === 'CrashLoopBackOff' && m && messages[messages.length - 1] !== m) messages.push(m);
    }
    const gaps = starts.slice(1).map((t, i) => t - starts[i]);
    // Each run lasts ~0.1 s plus create/start latency (~0.25-0.65 s): gaps are back-off + a little.
    expect(gaps[0]).toBeLessThan(2_000);
    expect(gaps[1]).toBeGreaterThanOrEqual(10_000);
    expect(gaps[1]).toBeLessThan(12_000);
    expect(gaps[2]).toBeGreaterThanOrEqual(20_000);
    expect(gaps[2]).toBeLessThan(22_000);
    expect(gaps[3]).toBeGreaterThanOrEqual(40_000);
    expect(gaps[3]).toBeLessThan(42_000);
    const uid = c.pod('crash').metadata.uid;
    expect(messages.slice(0, 3)).toEqual(['10s', '20s', '40s'].map((d) => `back-off ${d} restarting failed container=c pod=crash_default(${uid})`));
    const p = c.pod('crash');
    expect(p.status?.phase).toBe('Running');
    const cs = p.status!.containerStatuses![0];
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(cs.restartCount).toBe(starts.length - 1);
    const events = (c.world.list('Event', 'default') as CoreEvent[]).filter((e) => e.involvedObject.name === 'crash' && e.reason === 'BackOff');
    expect(events[0]).toMatchObject({ type: 'Warning', message: `Back-off restarting failed container c in pod crash_default(${uid})` });
  });

  it('prints CrashLoopBackOff and RESTARTS "N (Xs ago)" while backing off', () => {
    const c = new TestCluster();
    c.applyOk(pod('crash', 'Always', 'exit 1'));
    c.step(5_000); // ran twice (the first restart is immediate), now in the 10 s back-off
    const cs = c.pod('crash').status!.containerStatuses![0];
    expect(cs.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(cs.restartCount).toBe(1);
    const finished = Date.parse(cs.lastState!.terminated!.finishedAt!) - c.world.creationEpochMs;
    const [, ready, status, restarts] = row(c, 'crash');
    expect([ready, status]).toEqual(['0/1', 'CrashLoopBackOff']);
    const agoS = Math.floor((c.world.now() - finished) / 1000);
    expect(restarts).toBe(`1 (${agoS}s ago)`);
    c.step(20_000); // restarted after 10 s, crashed again, in the 20 s back-off
    expect(row(c, 'crash')[3]).toMatch(/^2 \(\d+s ago\)$/);
  });

  it('a Deployment pod that crashes keeps crashing: the ReplicaSet does not replace it', () => {
    const c = new TestCluster();
    c.applyOk(`apiVersion: apps/v1
kind: Deployment
metadata: {name: crashy}
spec:
  replicas: 1
  selector: {matchLabels: {app: crashy}}
  template:
    metadata: {labels: {app: crashy}}
    spec:
      containers:
      - {name: app, image: busybox, command: [sh, -c, "sleep 1; exit 1"]}
`);
    c.step(60_000);
    const pods = c.pods({ app: 'crashy' });
    expect(pods).toHaveLength(1);
    expect(pods[0].status?.phase).toBe('Running');
    expect(pods[0].status?.containerStatuses?.[0].restartCount).toBeGreaterThanOrEqual(2);
    c.step(60_000);
    expect(c.pods({ app: 'crashy' }).map((p) => p.metadata.uid)).toEqual([pods[0].metadata.uid]);
  });

  it('a failed init container under restartPolicy Never fails the pod (Init:Error)', () => {
    const c = new TestCluster();
    c.applyOk(`apiVersion: v1
kind: Pod
metadata: {name: initfail}
spec:
  restartPolicy: Never
  initContainers:
  - {name: setup, image: busybox, command: [sh, -c, "exit 3"]}
  containers:
  - {name: app, image: nginx}
`);
    c.settle();
    expect(c.pod('initfail').status?.phase).toBe('Failed');
    expect(row(c, 'initfail')[2]).toBe('Init:Error');
  });

  it('runs a native sidecar beside the app and stops it once the app is done', () => {
    const c = new TestCluster();
    c.applyOk(`apiVersion: v1
kind: Pod
metadata: {name: job-like}
spec:
  restartPolicy: Never
  initContainers:
  - {name: logshipper, image: alpine, restartPolicy: Always, command: [sh, -c, "tail -F /opt/logs.txt"]}
  containers:
  - {name: main, image: alpine, command: [sh, -c, "sleep 10"]}
`);
    c.step(8_000);
    expect(row(c, 'job-like').slice(1, 3)).toEqual(['2/2', 'Running']);
    c.settle();
    const p = c.pod('job-like');
    expect(p.status?.phase).toBe('Succeeded');
    expect(p.status?.initContainerStatuses?.[0].state?.terminated).toBeDefined();
    expect(row(c, 'job-like')[2]).toBe('Completed');
  });
});

describe('the back-off entry (flowcontrol.Backoff)', () => {
  const container = (): RuntimeContainer => ({ name: 'c', init: false, phase: 'exited', containerID: 'x' });

  it('doubles from 10 s to the 5 minute cap and resets after 10 minutes', () => {
    const c = container();
    const periods: number[] = [];
    for (let i = 0; i < 7; i++) {
      nextBackOff(c, i * 1000);
      periods.push(c.backOffMs!);
    }
    expect(periods).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    expect(isInBackOffSince(c, 6000, 6000 + 299_999)).toBe(true);
    expect(isInBackOffSince(c, 6000, 6000 + 300_000)).toBe(false);
    nextBackOff(c, 6000 + 600_001);
    expect(c.backOffMs).toBe(10_000);
  });

  it.each<[string, Partial<RuntimeContainer>, 'Always' | 'OnFailure' | 'Never', boolean]>([
    ['Always restarts a clean exit', { exitCode: 0 }, 'Always', true],
    ['OnFailure restarts a failure', { exitCode: 1 }, 'OnFailure', true],
    ['OnFailure leaves a clean exit', { exitCode: 0 }, 'OnFailure', false],
    ['Never leaves a failure', { exitCode: 1 }, 'Never', false],
    ['a sidecar restarts even under Never', { exitCode: 0, init: true, sidecar: true }, 'Never', true],
    ['a failed init container restarts under Always', { exitCode: 1, init: true }, 'Always', true],
    ['a failed init container fails the pod under Never', { exitCode: 1, init: true }, 'Never', false],
  ])('%s', (_n, fields, policy, expected) => {
    expect(shouldRestart({ ...container(), ...fields }, policy)).toBe(expected);
  });
});
