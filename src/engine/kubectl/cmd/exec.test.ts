import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { makeDeployment, makePod, makeRunningPod, makeService, running, terminated, waiting } from '../../testing/builders';
import { fakeKubectlContext } from '../../testing/fake-kubectl-context';
import { runKubectl } from '../kubectl';
import type { ExecOutput } from '../results';

interface Call {
  podKey: string;
  container: string;
  argv: string[];
  opts?: { stdin: boolean; tty: boolean };
}

/** A kubectl context whose exec echoes what it was asked to run, or returns `reply`. */
function setup(objects: object[], reply?: ExecOutput) {
  const calls: Call[] = [];
  const ctx = fakeKubectlContext(objects);
  ctx.exec = (podKey, container, argv, opts) => {
    calls.push({ podKey, container, argv, opts });
    return reply ?? { stdout: `${argv.join(' ')}\n`, stderr: '', exitCode: 0 };
  };
  return { calls, run: (line: string) => runKubectl(ctx, line) };
}

const web = makeRunningPod({ name: 'web', labels: { app: 'web' } });

describe('kubectl exec', () => {
  it('runs the command after -- in the pod\'s only container', () => {
    const k = setup([web]);
    expect(k.run('kubectl exec web -- curl -s http://db')).toEqual({ stdout: 'curl -s http://db\n', stderr: '', exitCode: 0 });
    expect(k.calls).toEqual([{ podKey: 'default/web', container: 'app', argv: ['curl', '-s', 'http://db'], opts: { stdin: false, tty: false } }]);
  });

  it('-it asks for stdin and a TTY; -t alone gets no TTY', () => {
    const k = setup([web]);
    k.run('kubectl exec -it web -- ls');
    k.run('kubectl exec -t web -- ls');
    expect(k.calls.map((c) => c.opts)).toEqual([{ stdin: true, tty: true }, { stdin: false, tty: false }]);
  });

  it('-n picks the namespace', () => {
    const k = setup([makeRunningPod({ name: 'coredns-x', namespace: 'kube-system' })]);
    expect(k.run('kubectl exec -n kube-system coredns-x -- ls').exitCode).toBe(0);
    expect(k.calls[0].podKey).toBe('kube-system/coredns-x');
  });

  it.each([
    ['no command', 'kubectl exec web', 'error: you must specify at least one command for the container\n'],
    ['nothing after --', 'kubectl exec web --', 'error: you must specify at least one command for the container\n'],
    ['no pod', 'kubectl exec -- ls', 'error: pod, type/name or --filename must be specified\n'],
    ['the old form without --', 'kubectl exec web ls', "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n"],
    ['a missing pod', 'kubectl exec nope -- ls', 'Error from server (NotFound): pods "nope" not found\n'],
    ['a missing deployment', 'kubectl exec deploy/nope -- ls', 'Error from server (NotFound): deployments.apps "nope" not found\n'],
    ['an unknown type', 'kubectl exec foo/bar -- ls', 'error: the server doesn\'t have a resource type "foo"\n'],
    ['an unknown container', 'kubectl exec web -c nope -- ls', 'Error from server (BadRequest): container nope is not valid for pod web\n'],
  ])('%s', (_name, line, stderr) => {
    const k = setup([web]);
    expect(k.run(line)).toEqual({ stdout: '', stderr, exitCode: 1 });
    expect(k.calls).toEqual([]);
  });

  it.each(['Succeeded', 'Failed'])('refuses a completed pod (%s)', (phase) => {
    const k = setup([makePod({ name: 'job-x', phase, nodeName: 'node-1', containerStatuses: [terminated('app', phase === 'Failed' ? 1 : 0)] })]);
    expect(k.run('kubectl exec job-x -- ls').stderr).toBe(`error: cannot exec into a container in a completed pod; current phase is ${phase}\n`);
  });

  it('a pod not yet scheduled has no host', () => {
    const k = setup([makePod({ name: 'p' })]);
    expect(k.run('kubectl exec p -- ls').stderr).toBe('Error from server (BadRequest): pod p does not have a host assigned\n');
  });

  it('a container that is not running is not found by the kubelet', () => {
    const k = setup([makePod({ name: 'p', nodeName: 'node-1', containerStatuses: [waiting('app', 'ContainerCreating')] })]);
    expect(k.run('kubectl exec p -- ls')).toEqual({ stdout: '', stderr: 'error: unable to upgrade connection: container not found ("app")\n', exitCode: 1 });
  });

  it('defaults to the first of several containers and says so on stderr', () => {
    const pod = makeRunningPod({ name: 'multi', containers: ['web', 'sidecar'] });
    const k = setup([pod]);
    expect(k.run('kubectl exec multi -- hostname')).toEqual({ stdout: 'hostname\n', stderr: 'Defaulted container "web" out of: web, sidecar\n', exitCode: 0 });
    expect(k.run('kubectl exec multi -q -- hostname').stderr).toBe('');
    k.run('kubectl exec multi -c sidecar -- hostname');
    expect(k.calls.map((c) => c.container)).toEqual(['web', 'web', 'sidecar']);
  });

  it('names init containers in the notice and honours the default-container annotation', () => {
    const pod = makeRunningPod({ name: 'p', containers: ['a'], initContainers: [{ name: 'setup', image: 'busybox' }] });
    expect(setup([pod]).run('kubectl exec p -- ls').stderr).toBe('Defaulted container "a" out of: a, setup (init)\n');
    const annotated: Pod = { ...makeRunningPod({ name: 'q', containers: ['a', 'b'] }) };
    annotated.metadata = { ...annotated.metadata, annotations: { 'kubectl.kubernetes.io/default-container': 'b' } };
    const k = setup([annotated]);
    expect(k.run('kubectl exec q -- ls').stderr).toBe('');
    expect(k.calls[0].container).toBe('b');
  });

  it('deployment/web runs in its most available pod', () => {
    const pending = makePod({ name: 'web-pending', labels: { app: 'web' } });
    const notReady = makeRunningPod({ name: 'web-starting', labels: { app: 'web' }, containerStatuses: [running('app', false)], conditions: [] });
    const ready = makeRunningPod({ name: 'web-ready', labels: { app: 'web' } });
    const other = makeRunningPod({ name: 'db', labels: { app: 'db' } });
    const k = setup([pending, notReady, other, ready, makeDeployment({ name: 'web' })]);
    expect(k.run('kubectl exec deployment/web -- ls').exitCode).toBe(0);
    expect(k.run('kubectl exec deploy/web -- ls').exitCode).toBe(0);
    expect(k.calls.map((c) => c.podKey)).toEqual(['default/web-ready', 'default/web-ready']);
  });

  it('svc/NAME uses the Service selector; a selector-less Service cannot be attached to', () => {
    const k = setup([makeRunningPod({ name: 'web-1', labels: { app: 'web' } }), makeService({ name: 'web', selector: { app: 'web' } }), makeService({ name: 'bare' })]);
    expect(k.run('kubectl exec svc/web -- ls').exitCode).toBe(0);
    expect(k.calls[0].podKey).toBe('default/web-1');
    expect(k.run('kubectl exec svc/bare -- ls').stderr).toBe("error: invalid service 'bare': Service is defined without a selector\n");
  });

  it('a non-zero exit is reported as kubectl does, with that exit code', () => {
    const k = setup([web], { stdout: '', stderr: 'curl: (6) Could not resolve host: nope\n', exitCode: 6 });
    expect(k.run('kubectl exec web -- curl -sS http://nope')).toEqual({
      stdout: '',
      stderr: 'curl: (6) Could not resolve host: nope\ncommand terminated with exit code 6\n',
      exitCode: 6,
    });
  });

  it('a process that could not start is an error with exit code 1', () => {
    const startError = 'Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "abc": OCI runtime exec failed: exec failed: unable to start container process: exec: "ping": executable file not found in $PATH: unknown';
    const k = setup([web], { stdout: '', stderr: '', exitCode: 1, startError });
    expect(k.run('kubectl exec web -- ping db')).toEqual({ stdout: '', stderr: `error: ${startError}\n`, exitCode: 1 });
  });

  it('with a TTY the remote stderr shows on the terminal (stdout)', () => {
    const k = setup([web], { stdout: 'out\n', stderr: 'err\n', exitCode: 0 });
    expect(k.run('kubectl exec -it web -- x')).toEqual({ stdout: 'out\nerr\n', stderr: '', exitCode: 0 });
  });

  it('passes the trace through', () => {
    const trace = { id: 'trace-1', request: { from: { kind: 'pod' as const, pod: 'default/web' }, to: 'db', protocol: 'TCP' as const }, hops: [], outcome: { delivered: false, replied: false }, at: 0 };
    const k = setup([web], { stdout: '', stderr: '', exitCode: 7, trace });
    expect(k.run('kubectl exec web -- curl db').trace).toBe(trace);
  });

  it('an interactive shell is explained instead of hanging', () => {
    const k = setup([web]);
    const r = k.run('kubectl exec -it web -- sh');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('interactive shells are not simulated');
    expect(k.calls).toEqual([]);
  });

  it('a context without exec says so', () => {
    expect(runKubectl(fakeKubectlContext([web]), 'kubectl exec web -- ls').stderr).toBe('error: "kubectl exec" is not available here\n');
  });
});
