import { describe, expect, it } from 'vitest';
import { resourceForKind } from '../../api/resources';
import { apiKubectlContext } from '../../testing/api-kubectl-context';

const nodes = resourceForKind('Node')!;
const out = (stdout: string, stderr = '', exitCode = stderr ? 1 : 0) => ({ stdout, stderr, exitCode });

function cluster() {
  const k = apiKubectlContext();
  for (const name of ['node-1', 'node-2']) k.api.create({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { zone: name === 'node-1' ? 'a' : 'b' } } }, 'test');
  return k;
}
const taints = (k: ReturnType<typeof cluster>, name = 'node-1') => (k.api.get(nodes, undefined, name)!.spec as { taints?: unknown[] } | undefined)?.taints;

describe('kubectl taint', () => {
  it('adds, refuses a second value without --overwrite, overwrites and removes', () => {
    const k = cluster();
    expect(k.run('kubectl taint nodes node-1 dedicated=gpu:NoSchedule')).toEqual(out('node/node-1 tainted\n'));
    expect(taints(k)).toEqual([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
    expect(k.run('kubectl taint nodes node-1 dedicated=web:NoSchedule')).toEqual(
      out('', 'error: node node-1 already has dedicated taint(s) with same effect(s) and --overwrite is false\n'),
    );
    // taint reads its first argument as a type only (no TYPE/NAME form)
    expect(k.run('kubectl taint node/node-1 dedicated=web:NoSchedule')).toEqual(out('', 'error: the server doesn\'t have a resource type "node/node-1"\n'));
    expect(k.run('kubectl taint no node-1 dedicated=web:NoSchedule --overwrite')).toEqual(out('node/node-1 modified\n'));
    expect(taints(k)).toEqual([{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }]);
    expect(k.run('kubectl taint nodes node-1 spot:PreferNoSchedule')).toEqual(out('node/node-1 tainted\n'));
    expect(taints(k)).toEqual([{ key: 'spot', effect: 'PreferNoSchedule' }, { key: 'dedicated', value: 'web', effect: 'NoSchedule' }]);
    expect(k.run('kubectl taint nodes node-1 dedicated:NoSchedule-')).toEqual(out('node/node-1 untainted\n'));
    expect(k.run('kubectl taint nodes node-1 spot-')).toEqual(out('node/node-1 untainted\n'));
    expect(taints(k)).toBeUndefined();
    expect(k.run('kubectl taint nodes node-1 spot-')).toEqual(out('', 'error: taint "spot" not found\n'));
  });

  it('taints every node with --all and a selection with -l', () => {
    const k = cluster();
    expect(k.run('kubectl taint nodes --all maint=true:NoExecute')).toEqual(out('node/node-1 tainted\nnode/node-2 tainted\n'));
    expect(k.run('kubectl taint nodes -l zone=b maint:NoExecute-')).toEqual(out('node/node-2 untainted\n'));
    expect(taints(k, 'node-2')).toBeUndefined();
    expect(taints(k, 'node-1')).toEqual([{ key: 'maint', value: 'true', effect: 'NoExecute' }]);
  });

  const errors: Array<[string, string, string]> = [
    ['bad effect', 'kubectl taint nodes node-1 a=b:NoWay', "error: invalid taint effect: NoWay, unsupported taint effect\nSee 'kubectl taint -h' for help and examples\n"],
    // without ':' the whole `a=b` is the key, which is not a qualified name (as in kubectl)
    [
      'no effect',
      'kubectl taint nodes node-1 a=b',
      "error: invalid taint spec: a=b, name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\nSee 'kubectl taint -h' for help and examples\n",
    ],
    ['too many colons', 'kubectl taint nodes node-1 a=b:c:d', "error: invalid taint spec: a=b:c:d\nSee 'kubectl taint -h' for help and examples\n"],
    ['not a node', 'kubectl taint pods web a=b:NoSchedule', 'error: invalid resource type pods, only node types are supported\n'],
    ['no update', 'kubectl taint nodes node-1', 'error: at least one taint update is required\n'],
    ['no node named', 'kubectl taint nodes a=b:NoSchedule', "error: at least one resource name must be specified since 'all' parameter is not set\n"],
    ['--all with -l', 'kubectl taint nodes --all -l zone=a a=b:NoSchedule', "error: setting 'all' parameter with a non empty selector is prohibited\n"],
    ['add and remove', 'kubectl taint nodes node-1 a=b:NoSchedule a-', 'error: can not both modify and remove the following taint(s) in the same command: {"a":""}\n'],
    ['missing node', 'kubectl taint nodes node-9 a=b:NoSchedule', 'Error from server (NotFound): nodes "node-9" not found\n'],
  ];
  it.each(errors)('%s', (_name, line, stderr) => {
    const k = cluster();
    expect(k.run(line)).toEqual(out('', stderr));
    expect(taints(k)).toBeUndefined();
  });
});
