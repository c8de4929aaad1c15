import { describe, expect, it } from 'vitest';
import { makeDeployment, makePod, makeRunningPod } from '../../testing/builders';
import { fakeKubectlContext } from '../../testing/fake-kubectl-context';
import { badRequest } from '../../apiserver/errors';
import { runKubectl } from '../kubectl';
import { parseGoDuration, type PodLogOptions } from './logs';

interface Call {
  podKey: string;
  opts: PodLogOptions;
}

/** A context whose log endpoint answers `<pod>/<container>` lines, or a BadRequest for container "bad". */
function setup(objects: object[]) {
  const calls: Call[] = [];
  const ctx = fakeKubectlContext(objects);
  ctx.logs = (podKey, opts) => {
    calls.push({ podKey, opts });
    if (opts.container === 'bad') return { ok: false, status: badRequest(`container "bad" in pod "${podKey.split('/')[1]}" is waiting to start: ContainerCreating`) };
    return { ok: true, text: `${podKey}/${opts.container} line 1\n${podKey}/${opts.container} line 2\n` };
  };
  return { calls, run: (line: string) => runKubectl(ctx, line) };
}

describe('kubectl logs', () => {
  it("reads the only container's log and passes the options on", () => {
    const k = setup([makeRunningPod({ name: 'web' })]);
    expect(k.run('kubectl logs web')).toEqual({ stdout: 'default/web/app line 1\ndefault/web/app line 2\n', stderr: '', exitCode: 0 });
    k.run('kubectl logs web -p --tail=5 --since=90s --timestamps');
    expect(k.calls[1]).toEqual({ podKey: 'default/web', opts: { container: 'app', previous: true, tailLines: 5, sinceSeconds: 90, timestamps: true } });
    k.run('kubectl logs web --since=1500ms');
    expect(k.calls[2].opts.sinceSeconds).toBe(2);
  });

  it('defaults to the first container and says so; -c and the second argument pick one', () => {
    const k = setup([makeRunningPod({ name: 'web', containers: ['a', 'b'] })]);
    expect(k.run('kubectl logs web').stderr).toBe('Defaulted container "a" out of: a, b\n');
    k.run('kubectl logs web -c b');
    k.run('kubectl logs web b');
    expect(k.calls.map((c) => c.opts.container)).toEqual(['a', 'b', 'b']);
    expect(k.run('kubectl logs web --all-containers --prefix').stdout).toBe(
      '[pod/web/a] default/web/a line 1\n[pod/web/a] default/web/a line 2\n[pod/web/b] default/web/b line 1\n[pod/web/b] default/web/b line 2\n',
    );
  });

  it('prints the server\'s refusal as kubectl does', () => {
    const k = setup([makeRunningPod({ name: 'web', containers: ['bad'] })]);
    expect(k.run('kubectl logs web')).toEqual({
      stdout: '', stderr: 'Error from server (BadRequest): container "bad" in pod "web" is waiting to start: ContainerCreating\n', exitCode: 1,
    });
    expect(k.run('kubectl logs nope').stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
  });

  it('TYPE/NAME picks the most active pod and names it when there are several', () => {
    const older = makeRunningPod({ name: 'web-1', labels: { app: 'web' } });
    const pending = makePod({ name: 'web-0', labels: { app: 'web' } });
    const k = setup([makeDeployment({ name: 'web' }), pending, older]);
    const out = k.run('kubectl logs deploy/web');
    expect(out.stderr).toBe('Found 2 pods, using pod/web-1\n');
    expect(k.calls[0].podKey).toBe('default/web-1');
    expect(k.run('kubectl logs deployment/nope').stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
  });

  it('-l reads every matching pod with a default tail of 10', () => {
    const k = setup([makeRunningPod({ name: 'b', labels: { app: 'x' } }), makeRunningPod({ name: 'a', labels: { app: 'x' } }), makeRunningPod({ name: 'c' })]);
    k.run('kubectl logs -l app=x');
    expect(k.calls.map((c) => [c.podKey, c.opts.tailLines])).toEqual([['default/a', 10], ['default/b', 10]]);
    expect(k.run('kubectl logs -l app=none')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
  });

  it('rejects bad usage with kubectl\'s words', () => {
    const k = setup([makeRunningPod({ name: 'web' })]);
    expect(k.run('kubectl logs').stderr).toBe(
      "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n",
    );
    expect(k.run('kubectl logs web -l app=x').stderr).toMatch(/^error: only a selector \(-l\) or a POD name is allowed\n/);
    expect(k.run('kubectl logs web --since=abc').stderr).toBe('error: invalid argument "abc" for "--since" flag: time: invalid duration "abc"\nSee \'kubectl logs --help\' for usage.\n');
    expect(k.run('kubectl logs web --tail=-2').stderr).toBe('error: --tail must be greater than or equal to -1\n');
    expect(k.run('kubectl logs web --since=1h --since-time=2026-01-01T00:00:00Z').stderr).toBe('error: at most one of `sinceTime` or `sinceSeconds` may be specified\n');
    expect(k.run('kubectl logs web --all-containers -c app').stderr).toBe('error: --all-containers=true should not be specified with container name app\n');
  });

  it('parses Go durations', () => {
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('10s')).toBe(10_000);
    expect(parseGoDuration('1.5m')).toBe(90_000);
    expect(parseGoDuration('10')).toBeUndefined();
  });
});
