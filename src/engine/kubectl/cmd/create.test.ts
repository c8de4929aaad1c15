import { describe, expect, it } from 'vitest';
import { apiKubectlContext, WEB } from '../../testing/api-kubectl-context';
import { resourceForKind, type ResourceInfo } from '../../api/resources';
import { writeManifests } from './create';

const resourceOf = (kind: string): ResourceInfo => resourceForKind(kind)!;



const out = (stdout: string, stderr = '', exitCode = stderr ? 1 : 0) => ({ stdout, stderr, exitCode });

describe('kubectl create -f', () => {
  it('creates, then refuses the second time with AlreadyExists', () => {
    const k = apiKubectlContext({ 'web.yaml': WEB });
    expect(k.run('kubectl create -f web.yaml')).toEqual(out('deployment.apps/web created\n'));
    expect(k.run('kubectl create -f web.yaml')).toEqual(
      out('', 'Error from server (AlreadyExists): error when creating "web.yaml": deployments.apps "web" already exists\n'),
    );
    // create does not record the last-applied annotation (only apply and --save-config do)
    expect(k.api.get(resourceOf('Deployment'), 'default', 'web')?.metadata.annotations).toBeUndefined();
  });

  const cases: Array<[string, string, ReturnType<typeof out>]> = [
    ['no -f', 'kubectl create', out('', "error: must specify one of -f and -k\nSee 'kubectl create -h' for help and examples\n")],
    ['a missing file', 'kubectl create -f nope.yaml', out('', 'error: the path "nope.yaml" does not exist\n')],
    ['a generator without its image', 'kubectl create deployment web', out('', 'error: required flag(s) "image" not set\n')],
    ['a generator not built here', 'kubectl create job j --image=busybox', out('', 'error: "kubectl create job" is not available in this sandbox yet; write the object as YAML and use kubectl create -f\n')],
  ];
  it.each(cases)('%s', (_name, line, want) => {
    expect(apiKubectlContext().run(line)).toEqual(want);
  });

  it('prints the STDIN form through writeManifests, with -n as the default namespace', () => {
    const k = apiKubectlContext();
    k.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } }, 'test');
    expect(writeManifests(k.ctx, 'create', WEB, 'STDIN', 'dev')).toEqual(out('deployment.apps/web created\n'));
    expect(k.api.get(resourceOf('Deployment'), 'dev', 'web')).toBeDefined();
    expect(writeManifests(k.ctx, 'create', WEB, 'STDIN', 'dev')).toEqual(
      out('', 'Error from server (AlreadyExists): error when creating "STDIN": deployments.apps "web" already exists\n'),
    );
  });

  it('refuses an object whose namespace differs from an explicit -n', () => {
    const k = apiKubectlContext({ 'web.yaml': WEB.replace('name: web', 'name: web\n  namespace: dev') });
    expect(k.run('kubectl create -f web.yaml -n default')).toEqual(
      out('', "error: the namespace from the provided object \"dev\" does not match the namespace \"default\". You must pass '--namespace=dev' to perform this operation.\n"),
    );
    expect(k.run('kubectl create -f web.yaml')).toEqual(out('', 'Error from server (NotFound): error when creating "web.yaml": namespaces "dev" not found\n'));
  });

  it('reports an invalid object as the API server words it', () => {
    const k = apiKubectlContext({ 'bad.yaml': WEB.replace('name: web', 'name: Web_1') });
    const r = k.run('kubectl create -f bad.yaml');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^The Deployment "Web_1" is invalid: metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain/);
  });
});

describe('kubectl replace -f', () => {
  it('is NotFound when absent, replaces when present, and conflicts on a stale resourceVersion', () => {
    const k = apiKubectlContext({ 'web.yaml': WEB });
    expect(k.run('kubectl replace -f web.yaml')).toEqual(
      out('', 'Error from server (NotFound): error when replacing "web.yaml": deployments.apps "web" not found\n'),
    );
    k.run('kubectl create -f web.yaml');
    const rv = k.api.get(resourceOf('Deployment'), 'default', 'web')!.metadata.resourceVersion!;
    k.files['web.yaml'] = WEB.replace('replicas: 2', 'replicas: 4');
    expect(k.run('kubectl replace -f web.yaml')).toEqual(out('deployment.apps/web replaced\n'));
    const live = k.api.get(resourceOf('Deployment'), 'default', 'web')!;
    expect((live.spec as { replicas: number }).replicas).toBe(4);
    expect(live.metadata.generation).toBe(2);
    k.files['stale.yaml'] = WEB.replace('name: web', `name: web\n  resourceVersion: "${rv}"`);
    expect(k.run('kubectl replace -f stale.yaml')).toEqual(
      out('', 'Error from server (Conflict): error when replacing "stale.yaml": Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again\n'),
    );
  });
});
