import { describe, expect, it } from 'vitest';
import { apiKubectlContext, WEB } from '../../testing/api-kubectl-context';
import { resourceForKind, type ResourceInfo } from '../../api/resources';

const resourceOf = (kind: string): ResourceInfo => resourceForKind(kind)!;



const out = (stdout: string, stderr = '', exitCode = stderr ? 1 : 0) => ({ stdout, stderr, exitCode });


describe('kubectl scale', () => {
  const cases: Array<[string, string, ReturnType<typeof out>, number]> = [
    ['scales a deployment', 'kubectl scale deployment web --replicas=5', out('deployment.apps/web scaled\n'), 5],
    ['TYPE/NAME and flags first', 'kubectl scale --replicas 0 deploy/web', out('deployment.apps/web scaled\n'), 0],
    ['same size still prints scaled', 'kubectl scale deployment web --replicas=2', out('deployment.apps/web scaled\n'), 2],
    ['--current-replicas matches', 'kubectl scale deployment web --current-replicas=2 --replicas=3', out('deployment.apps/web scaled\n'), 3],
    ['--current-replicas mismatch', 'kubectl scale deployment web --current-replicas=4 --replicas=3', out('', 'error: Expected replicas to be 4, was 2\n'), 2],
    ['no --replicas', 'kubectl scale deployment web', out('', 'error: required flag(s) "replicas" not set\n'), 2],
    ['negative', 'kubectl scale deployment web --replicas=-1', out('', 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n'), 2],
    ['not a number', 'kubectl scale deployment web --replicas=x', out('', 'error: invalid argument "x" for "--replicas" flag: strconv.ParseInt: parsing "x": invalid syntax\nSee \'kubectl scale --help\' for usage.\n'), 2],
    ['missing', 'kubectl scale deployment nope --replicas=1', out('', 'Error from server (NotFound): deployments.apps "nope" not found\n'), 2],
    ['a kind without a scale subresource', 'kubectl scale pod web --replicas=1', out('', 'Error from server (NotFound): the server could not find the requested resource\n'), 2],
  ];
  it.each(cases)('%s', (_name, line, want, replicas) => {
    const k = apiKubectlContext({ 'web.yaml': WEB });
    k.run('kubectl create -f web.yaml');
    expect(k.run(line)).toEqual(want);
    expect((k.api.get(resourceOf('Deployment'), 'default', 'web')!.spec as { replicas: number }).replicas).toBe(replicas);
  });
});
