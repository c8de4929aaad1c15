import { describe, expect, it } from 'vitest';
import { containerProgram, imageBase, PROCESS_MIN_MS, type ProgramInput } from './program';

type Expected = 'forever' | { exitCode: number; afterMs?: number };

const sh = (script: string, image = 'busybox:1.36'): ProgramInput => ({ image, command: ['sh', '-c', script] });

describe('containerProgram', () => {
  it.each<[string, ProgramInput, Expected]>([
    ['nginx runs its server', { image: 'nginx:1.27' }, 'forever'],
    ['redis from a registry path runs its server', { image: 'docker.io/library/redis:7@sha256:abc' }, 'forever'],
    ['the pause image runs forever', { image: 'registry.k8s.io/pause:3.10' }, 'forever'],
    ['a server image with args only runs its entrypoint with those flags', { image: 'httpd', args: ['-X'] }, 'forever'],
    ['busybox without a command exits 0 at once', { image: 'busybox' }, { exitCode: 0, afterMs: PROCESS_MIN_MS }],
    ['debian without a command exits 0 at once', { image: 'debian:12' }, { exitCode: 0 }],
    ['busybox with args runs them as the command', { image: 'busybox', args: ['sleep', '5'] }, { exitCode: 0, afterMs: 5000 }],
    ['sleep 30 exits 0 after 30 s', { image: 'busybox', command: ['sleep', '30'] }, { exitCode: 0, afterMs: 30_000 }],
    ['sleep 2m understands units', { image: 'busybox', command: ['/bin/sleep', '2m'] }, { exitCode: 0, afterMs: 120_000 }],
    ['sleep infinity never ends', { image: 'busybox', command: ['sleep', 'infinity'] }, 'forever'],
    ['tail -f /dev/null never ends', { image: 'alpine', command: ['tail', '-f', '/dev/null'] }, 'forever'],
    ['false exits 1', { image: 'busybox', command: ['false'] }, { exitCode: 1 }],
    ['echo exits 0', { image: 'busybox', command: ['echo', 'hello'] }, { exitCode: 0, afterMs: PROCESS_MIN_MS }],
    ['the Job example computes pi for a few seconds', { image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }, { exitCode: 0, afterMs: 4000 }],
    ['an unknown executable as the command is presumed long-running', { image: 'myorg/app:1', command: ['/app/server', '--port=8080'] }, 'forever'],
    ['sh -c echo exits 0', sh('echo Hello from the debian container > /pod-data/index.html', 'debian'), { exitCode: 0, afterMs: PROCESS_MIN_MS }],
    ['sh -c sleeps add up', sh('echo start; sleep 5; sleep 10; echo done'), { exitCode: 0, afterMs: PROCESS_MIN_MS + 15_000 }],
    ['sh -c exit 1 ends with that code', sh('echo failing; exit 1'), { exitCode: 1 }],
    ['exit N stops the script where it stands', sh('sleep 3; exit 42; sleep 100'), { exitCode: 42, afterMs: PROCESS_MIN_MS + 3000 }],
    ['a script ends with the status of its last command', sh('echo a; false'), { exitCode: 1 }],
    ['&& skips the rest after a failure', sh('false && sleep 100'), { exitCode: 1, afterMs: PROCESS_MIN_MS }],
    ['|| runs the fallback after a failure', sh('false || exit 3'), { exitCode: 3 }],
    ['"; exit 0" inside quotes is not a separator', sh('echo "a; exit 9"; exit 0'), { exitCode: 0 }],
    ['while true runs forever', sh('while true; do echo "logging" >> /opt/logs.txt; sleep 1; done', 'alpine'), 'forever'],
    ['until loops wait forever', sh('until nslookup myservice; do echo waiting; sleep 2; done'), 'forever'],
    ['tail -F in a script runs forever', sh('tail -F /opt/logs.txt'), 'forever'],
    ['a backgrounded server does not hold the script', sh('nginx & sleep 2'), { exitCode: 0, afterMs: PROCESS_MIN_MS + 2000 }],
    ['exec of a server never returns', sh('echo ready; exec nginx -g "daemon off;"', 'nginx'), 'forever'],
    ['bash -c works like sh -c', { image: 'ubuntu', command: ['/bin/bash', '-c', 'sleep 1 && exit 2'] }, { exitCode: 2, afterMs: PROCESS_MIN_MS + 1000 }],
    ['sh with args carrying the script', { image: 'busybox', command: ['sh'], args: ['-c', 'exit 7'] }, { exitCode: 7 }],
    ['exit codes wrap at 256', sh('exit 257'), { exitCode: 1 }],
  ])('%s', (_name, input, expected) => {
    const p = containerProgram(input);
    if (expected === 'forever') {
      expect(p.kind).toBe('forever');
      return;
    }
    expect(p).toMatchObject({ kind: 'exits', exitCode: expected.exitCode });
    if (expected.afterMs !== undefined && p.kind === 'exits') expect(p.afterMs).toBe(expected.afterMs);
  });

  it('explains its decision', () => {
    expect(containerProgram(sh('sleep 3; exit 1')).why).toBe('sleep 3; exit 1');
  });

  it.each([
    ['nginx', 'nginx'],
    ['nginx:1.27', 'nginx'],
    ['registry.k8s.io/e2e-test-images/busybox:1.36.1-1', 'busybox'],
    ['localhost:5000/app@sha256:0123', 'app'],
  ])('imageBase(%s) is %s', (image, base) => {
    expect(imageBase(image)).toBe(base);
  });
});
