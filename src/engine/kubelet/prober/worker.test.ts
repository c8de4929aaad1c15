import { describe, expect, it } from 'vitest';
import type { ContainerStatus } from 'kubernetes-types/core/v1';
import type { CoreEvent } from '../../client/record';
import { World } from '../../sim/world';
import { TestCluster } from '../../testing/test-cluster';

const LIVENESS_EXEC = `apiVersion: v1
kind: Pod
metadata: {name: liveness-exec, labels: {test: liveness}}
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox:1.27.2
    args: [/bin/sh, -c, "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]
    livenessProbe:
      exec: {command: [cat, /tmp/healthy]}
      initialDelaySeconds: 5
      periodSeconds: 5
`;

function events(c: TestCluster, pod: string, reason?: string): CoreEvent[] {
  return (c.world.list('Event', 'default') as CoreEvent[]).filter((e) => e.involvedObject.name === pod && (!reason || e.reason === reason));
}
const status = (c: TestCluster, pod: string, i = 0): ContainerStatus => c.pod(pod).status!.containerStatuses![i];
const condition = (c: TestCluster, pod: string, type: string) => c.pod(pod).status!.conditions!.find((x) => x.type === type);

/** Step `ms` in 1 s ticks, calling `each` after every tick. */
function run(c: TestCluster, ms: number, each: () => void): void {
  for (let t = 0; t < ms; t += 1000) {
    c.step(1000);
    each();
  }
}

describe('liveness probe (worker.go doProbe, computePodActions)', () => {
  it('fails 3 times once /tmp/healthy is removed, kills the container and restarts it with back-off', () => {
    const c = new TestCluster();
    c.applyOk(LIVENESS_EXEC);
    let firstFailure: number | undefined;
    let killedAt: number | undefined;
    let restartedAt: number | undefined;
    let crashLoop = false;
    run(c, 200_000, () => {
      if (status(c, 'liveness-exec').state?.waiting?.reason === 'CrashLoopBackOff') crashLoop = true;
      if (firstFailure === undefined && events(c, 'liveness-exec', 'Unhealthy').length) firstFailure = c.world.now();
      if (killedAt === undefined && events(c, 'liveness-exec', 'Killing').length) killedAt = c.world.now();
      if (restartedAt === undefined && status(c, 'liveness-exec').restartCount === 1) restartedAt = c.world.now();
    });
    const startedMs = Date.parse(events(c, 'liveness-exec', 'Started')[0].firstTimestamp!) - c.world.creationEpochMs;
    // The file disappears 30 s into the run; the next probe (period 5 s) fails.
    expect(firstFailure! - startedMs).toBeGreaterThanOrEqual(30_000);
    expect(firstFailure! - startedMs).toBeLessThanOrEqual(36_000);
    // failureThreshold 3: killed on the third failure, 10 s after the first.
    expect(killedAt! - firstFailure!).toBe(10_000);
    // sh as PID 1 ignores SIGTERM: SIGKILL at the end of the 30 s grace period (exit 137), then an immediate restart.
    expect(restartedAt! - killedAt!).toBeGreaterThanOrEqual(30_000);
    expect(restartedAt! - killedAt!).toBeLessThan(32_000);
    const unhealthy = events(c, 'liveness-exec', 'Unhealthy')[0];
    expect(unhealthy).toMatchObject({ type: 'Warning', message: "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n" });
    expect(unhealthy.count).toBeGreaterThanOrEqual(3);
    expect(events(c, 'liveness-exec', 'Killing')[0]).toMatchObject({ type: 'Normal', message: 'Container liveness failed liveness probe, will be restarted' });
    // The second kill lands inside the crash-loop back-off: RESTARTS keeps rising, more slowly.
    expect(crashLoop).toBe(true);
    expect(events(c, 'liveness-exec', 'BackOff')[0].message).toMatch(/^Back-off restarting failed container liveness in pod liveness-exec_default\(/);
    const s = status(c, 'liveness-exec');
    expect(s.restartCount).toBeGreaterThanOrEqual(2);
    expect(s.lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(c.kubectl('get pod liveness-exec --no-headers')).toMatch(/^liveness-exec\s+1\/1\s+Running\s+[2-9] \(/);
    expect(c.kubectl('describe pod liveness-exec')).toMatch(/Liveness:\s+exec \[cat \/tmp\/healthy\] delay=5s timeout=1s period=5s #success=1 #failure=3/);
  });

  it('under restartPolicy Never kills without restarting (no "will be restarted"), and the pod fails', () => {
    const c = new TestCluster();
    c.applyOk(LIVENESS_EXEC.replace('spec:\n', 'spec:\n  restartPolicy: Never\n'));
    c.step(120_000);
    expect(events(c, 'liveness-exec', 'Killing')[0].message).toBe('Container liveness failed liveness probe');
    expect(c.pod('liveness-exec').status?.phase).toBe('Failed');
    expect(status(c, 'liveness-exec').restartCount).toBe(0);
  });

  it('uses the probe\'s terminationGracePeriodSeconds for the kill', () => {
    const c = new TestCluster();
    c.applyOk(LIVENESS_EXEC.replace('      periodSeconds: 5\n', '      periodSeconds: 5\n      terminationGracePeriodSeconds: 2\n'));
    let killedAt: number | undefined;
    let restartedAt: number | undefined;
    run(c, 90_000, () => {
      if (killedAt === undefined && events(c, 'liveness-exec', 'Killing').length) killedAt = c.world.now();
      if (restartedAt === undefined && status(c, 'liveness-exec').restartCount === 1) restartedAt = c.world.now();
    });
    expect(restartedAt! - killedAt!).toBeGreaterThanOrEqual(2_000);
    expect(restartedAt! - killedAt!).toBeLessThan(4_000);
  });

  it('httpGet liveness against a port nothing listens on restarts a server (exit 143 on SIGTERM)', () => {
    const c = new TestCluster();
    c.applyOk(`apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    livenessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 3, failureThreshold: 2}
`);
    c.step(30_000);
    const ip = c.pod('web').status!.podIP!;
    expect(events(c, 'web', 'Unhealthy')[0].message).toBe(`Liveness probe failed: Get "http://${ip}:8080/healthz": dial tcp ${ip}:8080: connect: connection refused`);
    expect(status(c, 'web').restartCount).toBeGreaterThanOrEqual(1);
    expect(status(c, 'web').lastState?.terminated).toMatchObject({ exitCode: 143, reason: 'Error' });
  });
});

const READINESS = (probe: string, script = 'touch /tmp/ready; sleep 40; rm /tmp/ready; sleep 3600') => `apiVersion: v1
kind: Pod
metadata: {name: app, labels: {app: app}}
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, "${script}"]
    readinessProbe: ${probe}
---
apiVersion: v1
kind: Service
metadata: {name: app}
spec:
  selector: {app: app}
  ports: [{port: 80}]
`;

describe('readiness probe (ready, ContainersReady, endpoints)', () => {
  it('gates the container ready and the pod conditions, and the Service endpoints follow', () => {
    const c = new TestCluster();
    c.applyOk(READINESS('{exec: {command: [cat, /tmp/ready]}, periodSeconds: 5, failureThreshold: 2}'));
    c.step(15_000);
    const ip = c.pod('app').status!.podIP!;
    expect(status(c, 'app')).toMatchObject({ ready: true, started: true });
    expect(condition(c, 'app', 'Ready')?.status).toBe('True');
    expect(c.readyEndpoints('app')).toEqual([ip]);
    c.step(55_000);
    // /tmp/ready is gone; two failures later the container is unready, not restarted.
    expect(status(c, 'app')).toMatchObject({ ready: false, started: true, restartCount: 0 });
    expect(condition(c, 'app', 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
    expect(condition(c, 'app', 'ContainersReady')?.status).toBe('False');
    expect(c.readyEndpoints('app')).toEqual([]);
    expect(events(c, 'app', 'Unhealthy')[0].message).toBe("Readiness probe failed: cat: can't open '/tmp/ready': No such file or directory\n");
    expect(events(c, 'app', 'Killing')).toEqual([]);
    expect(c.kubectl('get pod app --no-headers')).toMatch(/^app\s+0\/1\s+Running\s+0\s/);
  });

  it('waits initialDelaySeconds and successThreshold consecutive successes before ready', () => {
    const c = new TestCluster();
    c.applyOk(READINESS('{exec: {command: [cat, /tmp/ready]}, initialDelaySeconds: 10, periodSeconds: 2, successThreshold: 3}'));
    let readyAt: number | undefined;
    let startedMs: number | undefined;
    run(c, 40_000, () => {
      if (startedMs === undefined && status(c, 'app')?.state?.running) startedMs = c.world.now();
      if (readyAt === undefined && status(c, 'app')?.ready) readyAt = c.world.now();
    });
    // First probe >= 10 s into the run, then 2 more at 2 s intervals.
    expect(readyAt! - startedMs!).toBeGreaterThanOrEqual(14_000);
    expect(readyAt! - startedMs!).toBeLessThanOrEqual(18_000);
  });

  it('settle() waits for the first readiness decision (a server behind an httpGet probe)', () => {
    const c = new TestCluster();
    c.applyOk(`apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    readinessProbe: {httpGet: {path: /, port: 80}, initialDelaySeconds: 3, periodSeconds: 10}
`);
    c.settle();
    expect(status(c, 'web').ready).toBe(true);
  });
});

describe('startup probe', () => {
  const STARTUP = (failureThreshold: number) => `apiVersion: v1
kind: Pod
metadata: {name: slow}
spec:
  containers:
  - name: slow
    image: busybox:1.36
    command: [sh, -c, "sleep 20; touch /tmp/started; sleep 3600"]
    startupProbe: {exec: {command: [cat, /tmp/started]}, periodSeconds: 5, failureThreshold: ${failureThreshold}}
    livenessProbe: {exec: {command: [cat, /tmp/started]}, periodSeconds: 5, failureThreshold: 1}
    readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 5}
`;

  it('holds liveness and readiness until it succeeds, and reports started', () => {
    const c = new TestCluster();
    c.applyOk(STARTUP(10));
    c.step(10_000);
    expect(status(c, 'slow')).toMatchObject({ started: false, ready: false });
    c.step(30_000);
    expect(status(c, 'slow')).toMatchObject({ started: true, restartCount: 0 });
    // Liveness (failureThreshold 1) never ran before startup succeeded: no kill.
    expect(events(c, 'slow', 'Killing')).toEqual([]);
    const messages = events(c, 'slow', 'Unhealthy').map((e) => e.message);
    expect(messages.some((m) => m?.startsWith('Startup probe failed: '))).toBe(true);
    expect(messages.some((m) => m?.startsWith('Liveness probe failed: '))).toBe(false);
    // Readiness ran after startup: nothing listens on 8080 in a shell script.
    expect(messages.some((m) => m?.startsWith('Readiness probe failed: dial tcp '))).toBe(true);
    expect(status(c, 'slow').ready).toBe(false);
  });

  it('kills the container when it fails failureThreshold times', () => {
    const c = new TestCluster();
    c.applyOk(STARTUP(2));
    c.step(45_000);
    expect(events(c, 'slow', 'Killing')[0].message).toBe('Container slow failed startup probe, will be restarted');
    expect(status(c, 'slow').restartCount).toBeGreaterThanOrEqual(1);
  });
});

describe('probe workers in snapshots', () => {
  it('a world restored mid-probe continues exactly as the original', () => {
    const a = new TestCluster();
    a.applyOk(LIVENESS_EXEC);
    a.step(40_000); // after the first failure, before the kill
    const b = World.restore(JSON.parse(JSON.stringify(a.world.snapshot())));
    a.step(80_000);
    b.step(80_000);
    const view = (w: World) => ({
      pod: w.kubectl('get pod liveness-exec -o json').stdout,
      events: (w.list('Event', 'default') as CoreEvent[]).map((e) => [e.reason, e.message, e.count]),
    });
    expect(view(b)).toEqual(view(a.world));
    expect(JSON.parse(view(b).pod).status.containerStatuses[0].restartCount).toBe(1);
  });
});
