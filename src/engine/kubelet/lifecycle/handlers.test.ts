import { describe, expect, it } from 'vitest';
import type { Container, LifecycleHandler } from 'kubernetes-types/core/v1';
import { runHandler } from './handlers';

const nginx: Container = { name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: 80 }] };
const POD = 'p_default(u1)';

describe('handlerRunner.Run', () => {
  it.each<[string, LifecycleHandler, { ms: number; ok: boolean }]>([
    ['postStart echo into a file', { exec: { command: ['/bin/sh', '-c', 'echo Hello from the postStart handler > /usr/share/message'] } }, { ms: 100, ok: true }],
    ['preStop sleep 180', { exec: { command: ['/bin/sh', '-c', 'sleep 180'] } }, { ms: 180_100, ok: true }],
    ['nginx -s quit and wait for nginx to go', { exec: { command: ['/bin/sh', '-c', 'nginx -s quit; while killall -0 nginx; do sleep 1; done'] } }, { ms: 1_100, ok: true }],
    ['a loop that never ends', { exec: { command: ['sh', '-c', 'while true; do sleep 1; done'] } }, { ms: Infinity, ok: true }],
    ['a plain command', { exec: { command: ['/usr/local/bin/drain', '--fast'] } }, { ms: 100, ok: true }],
    ['exit 1', { exec: { command: ['sh', '-c', 'exit 1'] } }, { ms: 100, ok: false }],
    ['httpGet on a served named port', { httpGet: { path: '/shutdown', port: 'http' } }, { ms: 10, ok: true }],
    ['httpGet on a closed port', { httpGet: { path: '/x', port: 8080 } }, { ms: 10, ok: false }],
    ['sleep action', { sleep: { seconds: 5 } } as LifecycleHandler, { ms: 5_000, ok: true }],
  ])('%s', (_name, handler, want) => {
    expect(runHandler(handler, nginx, POD, '10.244.1.5')).toMatchObject(want);
  });

  it('words failures as handlers.go does', () => {
    expect(runHandler({ exec: { command: ['sh', '-c', 'exit 1'] } }, nginx, POD, '10.244.1.5')).toEqual({
      ms: 100,
      ok: false,
      error: "command 'sh -c exit 1' exited with 1: ",
      message: 'Exec lifecycle hook ([sh -c exit 1]) for Container "web" in Pod "p_default(u1)" failed - error: command \'sh -c exit 1\' exited with 1: , message: ""',
    });
    expect(runHandler({ httpGet: { path: '/x', port: 8080 } }, nginx, POD, '10.244.1.5')).toMatchObject({
      error: 'Get "http://10.244.1.5:8080/x": dial tcp 10.244.1.5:8080: connect: connection refused',
      message: 'HTTP lifecycle hook (/x) for Container "web" in Pod "p_default(u1)" failed - error: Get "http://10.244.1.5:8080/x": dial tcp 10.244.1.5:8080: connect: connection refused',
    });
  });
});
