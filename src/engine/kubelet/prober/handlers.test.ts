import { describe, expect, it } from 'vitest';
import type { Container, Probe } from 'kubernetes-types/core/v1';
import { fileExists, fileTimeline, listeningPorts, runProbeHandler } from './handlers';

const LIVENESS_EXEC: Container = {
  name: 'liveness',
  image: 'registry.k8s.io/busybox:1.27.2',
  args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
};
const NGINX: Container = { name: 'web', image: 'nginx:1.27' };
const IP = '10.244.1.7';
const at = (container: Container, runningMs: number) => ({ container, podIP: IP, runningMs });
const probe = (p: Probe) => p;

describe('exec probe (pkg/probe/exec) against the container script', () => {
  it('reads the files the script creates and removes, in time order', () => {
    expect(fileTimeline(LIVENESS_EXEC)).toEqual([
      { atMs: 0, path: '/tmp/healthy', exists: true },
      { atMs: 30_000, path: '/tmp/healthy', exists: false },
    ]);
    expect(fileExists(LIVENESS_EXEC, '/tmp/healthy', 29_999)).toBe(true);
    expect(fileExists(LIVENESS_EXEC, '/tmp/healthy', 30_000)).toBe(false);
    // A path the script never names: image files exist, /tmp starts empty.
    expect(fileExists(LIVENESS_EXEC, '/etc/hosts', 0)).toBe(true);
    expect(fileExists(LIVENESS_EXEC, '/tmp/other', 0)).toBe(false);
  });

  it('`cat /tmp/healthy` succeeds while the file exists and fails with busybox\'s message after', () => {
    const p = probe({ exec: { command: ['cat', '/tmp/healthy'] } });
    expect(runProbeHandler(p, at(LIVENESS_EXEC, 10_000)).result).toBe('success');
    expect(runProbeHandler(p, at(LIVENESS_EXEC, 31_000))).toEqual({ result: 'failure', output: "cat: can't open '/tmp/healthy': No such file or directory\n" });
    // GNU coreutils (debian) words it differently.
    const debian = { ...LIVENESS_EXEC, image: 'debian:12', args: undefined, command: LIVENESS_EXEC.args };
    expect(runProbeHandler(p, at(debian, 31_000)).output).toBe('cat: /tmp/healthy: No such file or directory\n');
  });

  it('follows `echo > file` redirections, `test -f`, `sh -c` probes and `exit`', () => {
    const c: Container = { name: 'c', image: 'busybox', command: ['sh', '-c', 'sleep 5; echo ok > /tmp/ready; sleep 3600'] };
    const test = probe({ exec: { command: ['test', '-f', '/tmp/ready'] } });
    expect(runProbeHandler(test, at(c, 4_000)).result).toBe('failure');
    expect(runProbeHandler(test, at(c, 5_000)).result).toBe('success');
    const sh = probe({ exec: { command: ['sh', '-c', '[ -f /tmp/ready ] && exit 0 || exit 1'] } });
    expect(runProbeHandler(sh, at(c, 6_000)).result).toBe('success');
    expect(runProbeHandler(probe({ exec: { command: ['sh', '-c', 'exit 3'] } }), at(c, 6_000)).result).toBe('failure');
    expect(runProbeHandler(probe({ exec: { command: ['false'] } }), at(c, 6_000)).result).toBe('failure');
  });

  it('fails a command that outlives timeoutSeconds', () => {
    const p = probe({ exec: { command: ['sleep', '5'] }, timeoutSeconds: 2 });
    expect(runProbeHandler(p, at(NGINX, 1_000))).toEqual({ result: 'failure', output: 'command "sleep 5" timed out' });
    expect(runProbeHandler({ ...p, timeoutSeconds: 10 }, at(NGINX, 1_000)).result).toBe('success');
  });
});

describe('httpGet, tcpSocket and grpc probes (pkg/probe/http, tcp, grpc)', () => {
  it('knows which containers listen: servers on their image and declared ports, never shells or sleeps', () => {
    expect(listeningPorts(NGINX)).toEqual([80]);
    expect(listeningPorts({ name: 'g', image: 'registry.k8s.io/goproxy:0.1', ports: [{ containerPort: 8080 }] })).toEqual([8080]);
    expect(listeningPorts({ name: 's', image: 'busybox', command: ['sleep', '3600'], ports: [{ containerPort: 80 }] })).toEqual([]);
    expect(listeningPorts({ name: 'l', image: 'busybox', command: ['sh', '-c', 'while true; do sleep 1; done'] })).toEqual([]);
    expect(listeningPorts({ name: 'p', image: 'python:3', command: ['python', '-m', 'http.server', '9000'] })).toContain(9000);
  });

  it('httpGet: 200 from a listener, connection refused elsewhere, named ports resolved', () => {
    expect(runProbeHandler({ httpGet: { path: '/', port: 80 } }, at(NGINX, 0)).result).toBe('success');
    expect(runProbeHandler({ httpGet: { path: '/healthz', port: 8080 } }, at(NGINX, 0))).toEqual({
      result: 'failure',
      output: `Get "http://${IP}:8080/healthz": dial tcp ${IP}:8080: connect: connection refused`,
    });
    const named = { ...NGINX, ports: [{ name: 'http', containerPort: 80 }] };
    expect(runProbeHandler({ httpGet: { path: '/', port: 'http' } }, at(named, 0)).result).toBe('success');
  });

  it('httpGet: agnhost liveness answers 200 for 10 s, then 500 (the docs http-liveness example)', () => {
    const agn: Container = { name: 'liveness', image: 'registry.k8s.io/e2e-test-images/agnhost:2.40', args: ['liveness'] };
    const p: Probe = { httpGet: { path: '/healthz', port: 8080 } };
    expect(runProbeHandler(p, at(agn, 9_000)).result).toBe('success');
    expect(runProbeHandler(p, at(agn, 11_000))).toEqual({ result: 'failure', output: 'HTTP probe failed with statuscode: 500' });
  });

  it('tcpSocket: connects to a listener, refused otherwise', () => {
    const goproxy: Container = { name: 'goproxy', image: 'registry.k8s.io/goproxy:0.1', ports: [{ containerPort: 8080 }] };
    expect(runProbeHandler({ tcpSocket: { port: 8080 } }, at(goproxy, 0)).result).toBe('success');
    expect(runProbeHandler({ tcpSocket: { port: 9090 } }, at(goproxy, 0))).toEqual({ result: 'failure', output: `dial tcp ${IP}:9090: connect: connection refused` });
  });

  it('grpc: SERVING from a listener; a closed port runs into the timeout', () => {
    const etcd: Container = { name: 'etcd', image: 'registry.k8s.io/etcd:3.5.1-0', command: ['/usr/local/bin/etcd'] };
    expect(runProbeHandler({ grpc: { port: 2379 } }, at(etcd, 0)).result).toBe('success');
    expect(runProbeHandler({ grpc: { port: 2380 }, timeoutSeconds: 2 }, at(etcd, 0))).toEqual({
      result: 'failure',
      output: `timeout: failed to connect service "${IP}:2380" within 2s: context deadline exceeded`,
    });
  });
});
