import { describe, expect, it } from 'vitest';
import { resourceForKind } from '../../api/resources';
import { apiKubectlContext, WEB } from '../../testing/api-kubectl-context';

const services = resourceForKind('Service')!;
const out = (stdout: string, stderr = '', exitCode = stderr ? 1 : 0) => ({ stdout, stderr, exitCode });
const svc = (k: ReturnType<typeof apiKubectlContext>, name: string) => k.api.get(services, 'default', name) as unknown as { metadata: { labels?: Record<string, string> }; spec: Record<string, unknown> } | undefined;

function withWeb() {
  const k = apiKubectlContext({ 'web.yaml': WEB.replace('metadata:\n  name: web', 'metadata:\n  name: web\n  labels: {team: a}') });
  expect(k.run('kubectl create -f web.yaml').exitCode).toBe(0);
  return k;
}

describe('kubectl expose', () => {
  it('exposes a deployment with its selector and the given ports', () => {
    const k = withWeb();
    expect(k.run('kubectl expose deployment web --port=8080 --target-port=80 --type=NodePort')).toEqual(out('service/web exposed\n'));
    const s = svc(k, 'web')!;
    expect(s.metadata.labels).toEqual({ team: 'a' });
    expect(s.spec).toMatchObject({ type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 8080, protocol: 'TCP', targetPort: 80 }] });
  });

  it('finds the port in the pod template when --port is not given, and honours --name', () => {
    const k = withWeb();
    expect(k.run('kubectl expose deploy/web --name=web-svc')).toEqual(out('service/web-svc exposed\n'));
    expect(svc(k, 'web-svc')!.spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] });
  });

  it('prints the generated Service with --dry-run=client -o yaml', () => {
    const k = withWeb();
    expect(k.run('kubectl expose deployment web --port=80 --dry-run=client -o yaml').stdout).toBe(
      'apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    team: a\n  name: web\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: web\nstatus:\n  loadBalancer: {}\n',
    );
    expect(svc(k, 'web')).toBeUndefined();
  });

  it('exposes a pod by its labels and explains a missing port', () => {
    const k = withWeb();
    k.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', labels: { run: 'p' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, 'test');
    expect(k.run('kubectl expose pod p')).toEqual(out('', "error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples\n"));
    expect(k.run('kubectl expose pod p --port=80')).toEqual(out('service/p exposed\n'));
    expect(svc(k, 'p')!.spec.selector).toEqual({ run: 'p' });
    expect(k.run('kubectl expose deployment nope --port=80')).toEqual(out('', 'Error from server (NotFound): deployments.apps "nope" not found\n'));
  });
});
