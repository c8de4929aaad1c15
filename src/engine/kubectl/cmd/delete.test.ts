import { describe, expect, it } from 'vitest';
import { makeDeployment, makeNamespace, makeRunningPod } from '../../testing/builders';
import { fakeKubectlContext } from '../../testing/fake-kubectl-context';
import { runKubectl } from '../kubectl';

function world() {
  return fakeKubectlContext([
    makeRunningPod({ name: 'web-1', labels: { app: 'web' } }),
    makeRunningPod({ name: 'web-2', labels: { app: 'web' } }),
    makeRunningPod({ name: 'db', labels: { app: 'db' } }),
    makeRunningPod({ name: 'api', namespace: 'shop' }),
    makeDeployment({ name: 'web' }),
    makeNamespace({ name: 'shop' }),
  ]);
}

describe('kubectl delete', () => {
  it.each([
    ['delete pod db', 'pod "db" deleted from default namespace\n', '', 0],
    ['delete po/db', 'pod "db" deleted from default namespace\n', '', 0],
    ['delete deploy web', 'deployment.apps "web" deleted from default namespace\n', '', 0],
    ['delete pod api -n shop', 'pod "api" deleted from shop namespace\n', '', 0],
    ['delete namespace shop', 'namespace "shop" deleted\n', '', 0],
    ['delete pods -l app=web', 'pod "web-1" deleted from default namespace\npod "web-2" deleted from default namespace\n', '', 0],
    ['delete pods -l app=none', 'No resources found\n', '', 0],
    ['delete pods -l "app in (web"', '', 'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "app in (web", field selector "": unable to parse requirement: found \'\', expected: \',\' or \')\'\n', 1],
    ['delete pod nope', '', 'Error from server (NotFound): pods "nope" not found\n', 1],
    ['delete pod db nope', 'pod "db" deleted from default namespace\n', 'Error from server (NotFound): pods "nope" not found\n', 1],
    ['delete pods', '', 'error: resource(s) were provided, but no name was specified\n', 1],
    ['delete foo x', '', 'error: the server doesn\'t have a resource type "foo"\n', 1],
  ])('%s', (command, stdout, stderr, exitCode) => {
    expect(runKubectl(world(), command)).toEqual({ stdout, stderr, exitCode });
  });

  it('--all deletes every object of the type in the namespace, and only those', () => {
    const ctx = world();
    const out = runKubectl(ctx, 'delete pods --all');
    expect(out.stdout).toBe(
      'pod "db" deleted from default namespace\npod "web-1" deleted from default namespace\npod "web-2" deleted from default namespace\n',
    );
    expect(ctx.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Pod/api', 'Deployment/web', 'Namespace/shop']);
  });

  it('asks for something to delete', () => {
    const out = runKubectl(world(), 'delete');
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toBe(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n" +
        "   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\nSee 'kubectl delete -h' for help and examples\n",
    );
  });
});
