// `kubectl get|delete --ignore-not-found`: NotFound is not an error and prints nothing.
import { describe, expect, it } from 'vitest';
import { makeRunningPod } from '../../testing/builders';
import { fakeKubectlContext } from '../../testing/fake-kubectl-context';
import { runKubectl } from '../kubectl';

function world() {
  return fakeKubectlContext([makeRunningPod({ name: 'web-1', labels: { app: 'web' } }), makeRunningPod({ name: 'db', labels: { app: 'db' } })]);
}

describe('kubectl delete --ignore-not-found', () => {
  it.each([
    ['delete pod nope --ignore-not-found', '', '', 0],
    ['delete pod db nope --ignore-not-found', 'pod "db" deleted from default namespace\n', '', 0],
    ['delete pod nope --ignore-not-found=false', '', 'Error from server (NotFound): pods "nope" not found\n', 1],
    // Without it, a missing name is an error.
    ['delete pod nope', '', 'Error from server (NotFound): pods "nope" not found\n', 1],
    // Nothing matched a selector: the usual message, with or without the flag.
    ['delete pods -l app=none --ignore-not-found', 'No resources found\n', '', 0],
  ])('%s', (cmd, stdout, stderr, exitCode) => {
    expect(runKubectl(world(), cmd)).toEqual({ stdout, stderr, exitCode });
  });

  it('deletes what exists and leaves the rest quietly', () => {
    const ctx = world();
    runKubectl(ctx, 'delete pod db nope --ignore-not-found');
    expect(runKubectl(ctx, 'get pods -o name').stdout).toBe('pod/web-1\n');
  });
});

describe('kubectl get --ignore-not-found', () => {
  it.each([
    ['get pod nope --ignore-not-found', '', '', 0],
    ['get pod nope --ignore-not-found -o yaml', '', '', 0],
    ['get pods -l app=none --ignore-not-found', '', '', 0],
    ['get pods -l app=none --ignore-not-found -o json', '', '', 0],
    ['get pod nope', '', 'Error from server (NotFound): pods "nope" not found\n', 1],
    ['get pods -l app=none', '', 'No resources found in default namespace.\n', 0],
  ])('%s', (cmd, stdout, stderr, exitCode) => {
    expect(runKubectl(world(), cmd)).toEqual({ stdout, stderr, exitCode });
  });

  it('still prints what it finds', () => {
    const out = runKubectl(world(), 'get pod db nope --ignore-not-found -o name');
    expect(out).toEqual({ stdout: 'pod/db\n', stderr: '', exitCode: 0 });
  });
});
