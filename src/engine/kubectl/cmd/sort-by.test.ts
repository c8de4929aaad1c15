import { describe, expect, it } from 'vitest';
import { ago, makeEvent, makeRunningPod, running } from '../../testing/builders';
import { fakeKubectlContext } from '../../testing/fake-kubectl-context';
import { runKubectl } from '../kubectl';
import { naturalLess, parseFieldPath } from './sort-by';

describe('parseFieldPath', () => {
  it.each([
    ['.metadata.name', ['metadata', 'name']],
    ['{.metadata.name}', ['metadata', 'name']],
    ['metadata.name', ['metadata', 'name']],
    ['.status.containerStatuses[0].restartCount', ['status', 'containerStatuses', 0, 'restartCount']],
    ['.items[*].name', undefined],
    ["{.metadata.labels['app']}", undefined],
  ])('%s', (expr, steps) => {
    expect(parseFieldPath(expr)).toEqual(steps);
  });
});

describe('naturalLess', () => {
  it.each([
    ['pod-2', 'pod-10'],
    ['a', 'b'],
    ['1', 'a'],
    ['x01', 'x001'],
    ['abc', 'abcd'],
  ])('%s < %s', (a, b) => {
    expect(naturalLess(a, b)).toBe(true);
    expect(naturalLess(b, a)).toBe(false);
  });
});

describe('kubectl get --sort-by', () => {
  it('orders events by lastTimestamp', () => {
    const ctx = fakeKubectlContext([
      makeEvent({ name: 'a.1', reason: 'Late', last: ago(10) }),
      makeEvent({ name: 'b.1', reason: 'Early', last: ago(300) }),
      makeEvent({ name: 'c.1', reason: 'Middle', last: ago(60) }),
    ]);
    const out = runKubectl(ctx, 'kubectl get events --sort-by=.lastTimestamp');
    const reasons = out.stdout.split('\n').slice(1, -1).map((l) => l.split(/ +/)[2]);
    expect(reasons).toEqual(['Early', 'Middle', 'Late']);
  });

  it('orders pods by restart count numerically, missing values first', () => {
    const ctx = fakeKubectlContext([
      makeRunningPod({ name: 'ten', containerStatuses: [running('app', true, 10)] }),
      makeRunningPod({ name: 'two', containerStatuses: [running('app', true, 2)] }),
      makeRunningPod({ name: 'none', containerStatuses: [] }),
    ]);
    expect(runKubectl(ctx, "get pods -o name --sort-by='{.status.containerStatuses[0].restartCount}'").stdout).toBe('pod/none\npod/two\npod/ten\n');
  });

  it.each([
    ['get pods --sort-by=.status.nothing', 'error: couldn\'t find any field with path "{.status.nothing}" in the list of objects\n'],
    ['get pods --sort-by=.items[*]', 'error: --sort-by ".items[*]" is not supported here; use a field path such as .metadata.creationTimestamp\n'],
  ])('%s', (command, stderr) => {
    expect(runKubectl(fakeKubectlContext([makeRunningPod()]), command)).toEqual({ stdout: '', stderr, exitCode: 1 });
  });
});
