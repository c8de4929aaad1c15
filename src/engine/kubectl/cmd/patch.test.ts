import { describe, expect, it } from 'vitest';
import { apiKubectlContext, WEB } from '../../testing/api-kubectl-context';
import { resourceForKind, type ResourceInfo } from '../../api/resources';
import { World } from '../../sim/world';

const resourceOf = (kind: string): ResourceInfo => resourceForKind(kind)!;



const out = (stdout: string, stderr = '', exitCode = stderr ? 1 : 0) => ({ stdout, stderr, exitCode });

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

function withWeb() {
  const k = apiKubectlContext({ 'web.yaml': WEB });
  k.run('kubectl create -f web.yaml');
  const live = () => k.api.get(resourceOf('Deployment'), 'default', 'web') as Any;
  return { ...k, live };
}

describe('kubectl patch', () => {
  const cases: Array<[string, string, ReturnType<typeof out>, ((d: Any) => unknown)?, unknown?]> = [
    ['strategic (default): containers merge by name',
      `kubectl patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}'`,
      out('deployment.apps/web patched\n'), (d) => [d.spec.template.spec.containers.length, d.spec.template.spec.containers[0].image, d.spec.template.spec.containers[0].ports], [1, 'nginx:1.27', [{ containerPort: 80, protocol: 'TCP' }]]],
    ['strategic: env merges by name',
      `kubectl patch deploy/web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","env":[{"name":"B","value":"2"}]}]}}}}'`,
      out('deployment.apps/web patched\n'), (d) => d.spec.template.spec.containers[0].env, [{ name: 'A', value: '1' }, { name: 'B', value: '2' }]],
    ['merge: lists replace',
      `kubectl patch deployment web --type merge -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}'`,
      out('deployment.apps/web patched\n'), (d) => d.spec.template.spec.containers[0].env, undefined],
    ['the patch may be YAML', `kubectl patch deployment web -p 'spec: {replicas: 5}'`, out('deployment.apps/web patched\n'), (d) => d.spec.replicas, 5],
    ['json: replace', `kubectl patch deployment web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":3}]'`, out('deployment.apps/web patched\n'), (d) => d.spec.replicas, 3],
    ['no change', `kubectl patch deployment web -p '{"spec":{"replicas":2}}'`, out('deployment.apps/web patched (no change)\n'), (d) => d.metadata.generation, 1],
    ['json: a failed test is 422 with the generic text',
      `kubectl patch deployment web --type=json -p '[{"op":"test","path":"/spec/replicas","value":9}]'`,
      out('', 'The request is invalid: the server rejected our request due to an error in our request\n')],
    ['json: not a list', `kubectl patch deployment web --type=json -p '{"spec":{}}'`,
      out('', 'Error from server (BadRequest): json: cannot unmarshal object into Go value of type jsonpatch.Patch\n')],
    ['strategic: an element without its merge key',
      `kubectl patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}'`,
      out('', 'Error from server (BadRequest): map: map[image:x] does not contain declared merge key: name\n')],
    ['NotFound', `kubectl patch deployment nope -p '{"spec":{"replicas":1}}'`, out('', 'Error from server (NotFound): deployments.apps "nope" not found\n')],
    ['bad --type', `kubectl patch deployment web --type foo -p '{}'`, out('', 'error: --type must be one of [json merge strategic], not "foo"\n')],
    ['no -p', 'kubectl patch deployment web', out('', 'error: must specify --patch or --patch-file containing the contents of the patch\n')],
    ['no name', `kubectl patch deployment -p '{}'`, out('', 'error: resource(s) were provided, but no name was specified\n')],
    ['invalid result', `kubectl patch deployment web -p '{"spec":{"replicas":-1}}'`,
      out('', 'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n')],
  ];
  it.each(cases)('%s', (_name, line, want, pick, value) => {
    const k = withWeb();
    const before = JSON.stringify(k.live());
    expect(k.run(line)).toEqual(want);
    if (pick) expect(pick(k.live())).toEqual(value);
    if (want.exitCode !== 0) expect(JSON.stringify(k.live())).toBe(before);
  });
});

describe('kubectl patch, create, replace and scale through the World', () => {
  it('patches a running Deployment and the controllers roll it out', () => {
    const w = World.create({ workerNodes: 2 });
    const files: Record<string, string> = { 'web.yaml': WEB };
    const k = (line: string) => w.kubectl(line, (p) => files[p]);
    expect(k('kubectl create -f web.yaml')).toEqual(out('deployment.apps/web created\n'));
    expect(k('kubectl create -f web.yaml').stderr).toBe('Error from server (AlreadyExists): error when creating "web.yaml": deployments.apps "web" already exists\n');
    w.settle(60_000);
    expect(k(`kubectl patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}'`)).toEqual(out('deployment.apps/web patched\n'));
    expect(k('kubectl scale deployment web --replicas=3')).toEqual(out('deployment.apps/web scaled\n'));
    w.settle(120_000);
    const pods = k('kubectl get pods --field-selector status.phase=Running -o name').stdout.trim().split('\n');
    expect(pods).toHaveLength(3);
    const images = pods.map((p) => (w.getObject({ kind: 'Pod', namespace: 'default', name: p.slice('pod/'.length) })?.spec as Any).containers[0].image);
    expect(images).toEqual(['nginx:1.27', 'nginx:1.27', 'nginx:1.27']);
    expect(k('kubectl get pods --field-selector x=y')).toEqual(
      out('', 'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "x=y": field label not supported: x\n'),
    );
  });
});
