import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { podContainerLogs, readLogs, rfc3339Nano } from './logs';

const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);
const iso = (ms: number) => new Date(T0 + ms).toISOString().replace('.000Z', 'Z');
const ENV = { nowEpochMs: T0 + 30_000, env: {}, hostname: 'p' };

function podWith(status: NonNullable<Pod['status']>['containerStatuses'], command = 'echo run; while true; do echo tick; sleep 10; done'): Pod {
  return {
    metadata: { name: 'p', namespace: 'default' },
    spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', command] }] },
    status: { containerStatuses: status },
  };
}
const base = { name: 'c', image: 'busybox', imageID: '', ready: false, restartCount: 1 };

describe('podContainerLogs', () => {
  it('replays a running container from its startedAt to now', () => {
    const pod = podWith([{ ...base, state: { running: { startedAt: iso(0) } } }]);
    expect(podContainerLogs(pod, { container: 'c' }, ENV)).toEqual({ ok: true, text: 'run\ntick\ntick\ntick\ntick\n' });
  });

  it('--previous reads lastState.terminated; a killed run stops where it was killed', () => {
    const pod = podWith([{ ...base, state: { running: { startedAt: iso(25_000) } }, lastState: { terminated: { exitCode: 137, startedAt: iso(0), finishedAt: iso(15_000) } } }]);
    expect(podContainerLogs(pod, { container: 'c', previous: true }, ENV)).toEqual({ ok: true, text: 'run\ntick\ntick\n' });
  });

  it('a waiting container after a crash shows the last run; errors follow validateContainerLogStatus', () => {
    const crashed = podWith([{ ...base, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, startedAt: iso(0), finishedAt: iso(0) } } }], 'echo bye; exit 1');
    expect(podContainerLogs(crashed, { container: 'c' }, ENV)).toEqual({ ok: true, text: 'bye\n' });
    const pulling = podWith([{ ...base, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }]);
    expect(podContainerLogs(pulling, { container: 'c' }, ENV)).toEqual({ ok: false, reason: 'BadRequest', message: 'container "c" in pod "p" is waiting to start: trying and failing to pull image' });
    expect(podContainerLogs(pulling, { container: 'c', previous: true }, ENV)).toEqual({ ok: false, reason: 'BadRequest', message: 'previous terminated container "c" in pod "p" not found' });
    expect(podContainerLogs(pulling, { container: 'x' }, ENV)).toEqual({ ok: false, reason: 'BadRequest', message: 'container x is not valid for pod p' });
  });

  it('an unscheduled pod has an empty log', () => {
    const pod = podWith(undefined);
    delete pod.spec!.nodeName;
    expect(podContainerLogs(pod, { container: 'c' }, ENV)).toEqual({ ok: true, text: '' });
  });
});

describe('readLogs', () => {
  const lines = [0, 1000, 2000, 3000].map((atMs) => ({ atMs, stream: 'stdout' as const, text: `at ${atMs}` }));
  it('applies tail, then since, then timestamps', () => {
    expect(readLogs(lines, T0, { container: 'c', tailLines: 2 }, T0 + 3000)).toBe('at 2000\nat 3000\n');
    expect(readLogs(lines, T0, { container: 'c', sinceSeconds: 1 }, T0 + 3000)).toBe('at 2000\nat 3000\n');
    expect(readLogs(lines, T0, { container: 'c', sinceTime: iso(3000) }, T0 + 9000)).toBe('at 3000\n');
    expect(readLogs(lines, T0, { container: 'c', tailLines: 1, timestamps: true }, T0)).toBe('2026-11-23T08:00:03.000000000Z at 3000\n');
    expect(rfc3339Nano(T0 + 12)).toBe('2026-11-23T08:00:00.012000000Z');
  });
});
