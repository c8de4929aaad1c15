import { describe, expect, it } from 'vitest';
import { resourceForKind } from '../../api/resources';
import { apiKubectlContext } from '../../testing/api-kubectl-context';

const pods = resourceForKind('Pod')!;
const out = (stdout: string, stderr = '', exitCode = stderr ? 1 : 0) => ({ stdout, stderr, exitCode });

function withPods() {
  const k = apiKubectlContext();
  for (const [name, labels] of [['web', { app: 'web', tier: 'front' }], ['db', { app: 'db' }]] as const) {
    k.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { ...labels } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, 'test');
  }
  return k;
}
const labelsOf = (k: ReturnType<typeof withPods>, name: string) => k.api.get(pods, 'default', name)!.metadata.labels;
const annotationsOf = (k: ReturnType<typeof withPods>, name: string) => k.api.get(pods, 'default', name)!.metadata.annotations;

describe('kubectl label', () => {
  it('adds a label, and refuses to change one without --overwrite', () => {
    const k = withPods();
    expect(k.run('kubectl label pods db tier=back')).toEqual(out('pod/db labeled\n'));
    expect(labelsOf(k, 'db')).toEqual({ app: 'db', tier: 'back' });
    expect(k.run('kubectl label pods web tier=back')).toEqual(out('', "error: 'tier' already has a value (front), and --overwrite is false\n"));
    expect(labelsOf(k, 'web')!.tier).toBe('front');
    expect(k.run('kubectl label --overwrite pod/web tier=back')).toEqual(out('pod/web labeled\n'));
    expect(labelsOf(k, 'web')!.tier).toBe('back');
  });

  it('says "not labeled" when nothing changes, and "unlabeled" when a label is removed', () => {
    const k = withPods();
    // validateNoOverwrites refuses any key that is set, even to the same value
    expect(k.run('kubectl label pods web tier=front')).toEqual(out('', "error: 'tier' already has a value (front), and --overwrite is false\n"));
    expect(k.run('kubectl label pods web tier=front --overwrite')).toEqual(out('pod/web not labeled\n'));
    expect(k.run('kubectl label pods web tier-')).toEqual(out('pod/web unlabeled\n'));
    expect(labelsOf(k, 'web')).toEqual({ app: 'web' });
    expect(k.run('kubectl label pods web tier-')).toEqual(out('label "tier" not found.\npod/web not labeled\n'));
  });

  it('labels by selector, --all and several names', () => {
    const k = withPods();
    expect(k.run('kubectl label pods -l app=web env=prod')).toEqual(out('pod/web labeled\n'));
    expect(labelsOf(k, 'db')!.env).toBeUndefined();
    expect(k.run('kubectl label pods --all env=dev --overwrite')).toEqual(out('pod/db labeled\npod/web labeled\n'));
    expect(k.run('kubectl label pods web db nope team=a')).toEqual(out('pod/web labeled\npod/db labeled\n', 'Error from server (NotFound): pods "nope" not found\n'));
    expect(labelsOf(k, 'db')).toEqual({ app: 'db', env: 'dev', team: 'a' });
  });

  it('prints several errors one a line without the error: prefix, as checkErr does for an aggregate', () => {
    const k = withPods();
    expect(k.run('kubectl label pods web db nope app=x')).toEqual(
      out('', 'Error from server (NotFound): pods "nope" not found\n\'app\' already has a value (web), and --overwrite is false\n\'app\' already has a value (db), and --overwrite is false\n'),
    );
  });

  const errors: Array<[string, string, string]> = [
    ['no update', 'kubectl label pods web', "error: at least one label update is required\nSee 'kubectl label -h' for help and examples\n"],
    ['no resource', 'kubectl label tier=x', "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\nSee 'kubectl label -h' for help and examples\n"],
    ['resource after update', 'kubectl label pods web a=b db', 'error: all resources must be specified before label changes: db\n'],
    ['two equals', 'kubectl label pods web a=b=c', 'error: invalid label spec: a=b=c\n'],
    ['modify and remove', 'kubectl label pods web a=b a-', 'error: can not both modify and remove a label in the same command\n'],
    ['--all with -l', 'kubectl label pods --all -l app=web a=b', 'error: cannot set --all and --selector at the same time\n'],
    [
      'bad value',
      'kubectl label pods web a=-x',
      "error: invalid label value: \"a=-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')\n",
    ],
  ];
  it.each(errors)('%s', (_name, line, stderr) => {
    const k = withPods();
    expect(k.run(line)).toEqual(out('', stderr));
    expect(labelsOf(k, 'web')).toEqual({ app: 'web', tier: 'front' });
  });

  it('reports a bad key as the API server validates it', () => {
    const k = withPods();
    const r = k.run('kubectl label pods web bad_key!=x');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^The Pod "web" is invalid: metadata.labels: Invalid value: "bad_key!": name part must consist of alphanumeric characters/);
    expect(labelsOf(k, 'web')).toEqual({ app: 'web', tier: 'front' });
  });
});

describe('kubectl annotate', () => {
  it('adds, refuses to overwrite, overwrites and removes', () => {
    const k = withPods();
    expect(k.run("kubectl annotate pods web description='my frontend'")).toEqual(out('pod/web annotated\n'));
    expect(annotationsOf(k, 'web')).toEqual({ description: 'my frontend' });
    expect(k.run('kubectl annotate pods web description=other')).toEqual(
      out('', "error: --overwrite is false but found the following declared annotation(s): 'description' already has a value (my frontend)\n"),
    );
    k.run('kubectl annotate pods web owner=team-a');
    expect(k.run('kubectl annotate pods web description=x owner=y')).toEqual(
      out('', "error: --overwrite is false but found the following declared annotation(s): 'description' already has a value (my frontend); 'owner' already has a value (team-a)\n"),
    );
    expect(k.run('kubectl annotate pods web description=other owner- --overwrite')).toEqual(out('pod/web annotated\n'));
    expect(annotationsOf(k, 'web')).toEqual({ description: 'other' });
    expect(k.run('kubectl annotate pods web description-')).toEqual(out('pod/web annotated\n'));
    expect(annotationsOf(k, 'web') ?? {}).toEqual({});
  });

  it('keeps everything after the first = as the value', () => {
    const k = withPods();
    expect(k.run('kubectl annotate pods db url=http://x/?a=b')).toEqual(out('pod/db annotated\n'));
    expect(annotationsOf(k, 'db')).toEqual({ url: 'http://x/?a=b' });
    expect(k.run('kubectl annotate pods db')).toEqual(out('', "error: at least one annotation update is required\nSee 'kubectl annotate -h' for help and examples\n"));
  });
});
