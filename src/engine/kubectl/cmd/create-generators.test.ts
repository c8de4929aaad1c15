import { describe, expect, it } from 'vitest';
import { resourceForKind } from '../../api/resources';
import { apiKubectlContext } from '../../testing/api-kubectl-context';

const get = (k: ReturnType<typeof apiKubectlContext>, kind: string, name: string, ns: string | undefined = 'default') => k.api.get(resourceForKind(kind)!, ns, name);
const out = (stdout: string, stderr = '', exitCode = stderr ? 1 : 0) => ({ stdout, stderr, exitCode });

describe('kubectl create deployment', () => {
  it('creates a Deployment labelled app=NAME with a container named after the image', () => {
    const k = apiKubectlContext();
    expect(k.run('kubectl create deployment web --image=registry.local/team/nginx:1.27 --replicas=3 --port=80')).toEqual(out('deployment.apps/web created\n'));
    expect(get(k, 'Deployment', 'web')).toMatchObject({
      metadata: { labels: { app: 'web' } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'registry.local/team/nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] }] },
        },
      },
    });
    expect(k.run('kubectl create deploy web --image=nginx')).toEqual(out('', 'Error from server (AlreadyExists): deployments.apps "web" already exists\n'));
  });

  it('prints it with --dry-run=client -o yaml, with the namespace only when -n is given', () => {
    const k = apiKubectlContext();
    const y = k.run('kubectl create deployment web --image=nginx --dry-run=client -o yaml').stdout;
    expect(y).toBe(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    app: web\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  strategy: {}\n' +
        '  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - image: nginx\n        name: nginx\n        resources: {}\nstatus: {}\n',
    );
    expect(k.run('kubectl create deployment web --image=nginx --dry-run=client -o yaml -n dev').stdout).toContain('  name: web\n  namespace: dev\n');
    expect(get(k, 'Deployment', 'web')).toBeUndefined();
  });

  it('needs exactly one name', () => {
    expect(apiKubectlContext().run('kubectl create deployment --image=nginx')).toEqual(
      out('', "error: exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples\n"),
    );
  });
});

describe('kubectl create namespace|configmap|secret|service', () => {
  it('creates a namespace', () => {
    const k = apiKubectlContext();
    expect(k.run('kubectl create namespace dev')).toEqual(out('namespace/dev created\n'));
    expect(get(k, 'Namespace', 'dev', undefined)).toBeDefined();
  });

  it('creates a ConfigMap from literals, splitting at the first =', () => {
    const k = apiKubectlContext();
    expect(k.run('kubectl create configmap app --from-literal=mode=prod --from-literal=url=http://x/?a=b')).toEqual(out('configmap/app created\n'));
    expect((get(k, 'ConfigMap', 'app') as { data?: unknown } | undefined)?.data).toEqual({ mode: 'prod', url: 'http://x/?a=b' });
    expect(k.run('kubectl create cm bad --from-literal=novalue')).toEqual(out('', 'error: invalid literal source novalue, expected key=value\n'));
  });

  it('creates a generic Secret with base64 data', () => {
    const k = apiKubectlContext();
    expect(k.run('kubectl create secret generic db --from-literal=password=s3cr3t')).toEqual(out('secret/db created\n'));
    expect(get(k, 'Secret', 'db')).toMatchObject({ type: 'Opaque', data: { password: 'czNjcjN0' } });
    expect(k.run('kubectl create secret tls t')).toEqual(out('', 'error: "kubectl create secret tls" is not available in this sandbox yet; write the object as YAML and use kubectl create -f\n'));
  });

  it('creates ClusterIP and NodePort services from --tcp', () => {
    const k = apiKubectlContext();
    expect(k.run('kubectl create service clusterip api --tcp=80:8080')).toEqual(out('service/api created\n'));
    expect(get(k, 'Service', 'api')?.spec).toMatchObject({ type: 'ClusterIP', selector: { app: 'api' }, ports: [{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 }] });
    expect(k.run('kubectl create service nodeport edge --tcp=443 --node-port=30443')).toEqual(out('service/edge created\n'));
    expect(get(k, 'Service', 'edge')?.spec).toMatchObject({ type: 'NodePort', ports: [{ name: '443', port: 443, targetPort: 443, nodePort: 30443 }] });
    expect(k.run('kubectl create service')).toEqual(
      out('', "error: a subcommand is required: clusterip, nodeport, loadbalancer, externalname\nSee 'kubectl create service -h' for help and examples\n"),
    );
  });
});
