import { describe, expect, it } from 'vitest';
import { World } from '../../sim/world';

const deployment = (replicas: number, image = 'nginx:1.27') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: nginx
          image: ${image}
`;

const service = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: { app: web }
  ports:
    - port: 80
`;

function cluster(): World {
  const w = World.create({ workerNodes: 2 });
  expect(w.apply(deployment(3)).ok).toBe(true);
  w.step(5_000);
  return w;
}

describe('kubectl diff', () => {
  it('shows a changed field, the generation bump and the new last-applied annotation, and changes nothing', () => {
    const w = cluster();
    const before = w.kubectl('get deploy web -o yaml').stdout;
    const { output, documents } = w.diff(deployment(5));
    expect(output.exitCode).toBe(1);
    expect(output.stdout).toMatch(/^diff -u -N \/tmp\/LIVE-\d+\/apps\.v1\.Deployment\.default\.web \/tmp\/MERGED-\d+\/apps\.v1\.Deployment\.default\.web\n/);
    expect(output.stdout).toMatch(/^--- \/tmp\/LIVE-\d+\/apps\.v1\.Deployment\.default\.web\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000$/m);
    expect(output.stdout).toMatch(/^\+\+\+ \/tmp\/MERGED-\d+\/apps\.v1\.Deployment\.default\.web\t/m);
    expect(output.stdout).toContain('\n-  replicas: 3\n+  replicas: 5\n');
    expect(output.stdout).toContain('\n-  generation: 1\n+  generation: 2\n');
    expect(output.stdout).toMatch(/^-.*"replicas":3/m);
    expect(output.stdout).toMatch(/^\+.*"replicas":5/m);
    // A dry run stores nothing: the resourceVersion is the live one, so it is no change.
    expect(output.stdout).not.toMatch(/^[-+]\s*resourceVersion/m);
    expect(output.stdout).not.toContain('managedFields');
    expect(documents).toEqual([expect.objectContaining({ change: 'update', ref: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' } })]);
    expect(documents[0].diff).toBe(output.stdout);
    expect(w.kubectl('get deploy web -o yaml').stdout).toBe(before);
    expect(w.kubectl('get pods --no-headers').stdout.trim().split('\n')).toHaveLength(3);
  });

  it('exits 0 with no output when the manifest is what runs', () => {
    const w = cluster();
    const { output, documents } = w.diff(deployment(3));
    expect(output).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(documents.map((d) => d.change)).toEqual(['unchanged']);
  });

  it('shows a new object against an empty file, with the server defaults and no resourceVersion', () => {
    const w = cluster();
    const { output, documents } = w.diff(`${deployment(3)}---\n${service}`);
    expect(documents.map((d) => d.change)).toEqual(['unchanged', 'create']);
    expect(output.stdout).toMatch(/^--- \/tmp\/LIVE-\d+\/v1\.Service\.default\.web\t1970-01-01 00:00:00\.000000000 \+0000$/m);
    expect(output.stdout).toMatch(/^@@ -0,0 \+1,\d+ @@$/m);
    expect(output.stdout).toMatch(/^\+  clusterIP: \d+\.\d+\.\d+\.\d+$/m);
    expect(output.stdout).toMatch(/^\+    protocol: TCP$/m);
    expect(output.stdout).not.toContain('resourceVersion');
    expect(w.kubectl('get svc web').exitCode).toBe(1);
  });

  it('prints the folders in file-name order, whatever the document order', () => {
    const w = cluster();
    const { output } = w.diff(`${service}---\n${deployment(4)}`);
    const files = [...output.stdout.matchAll(/^diff -u -N \S+\/(\S+) /gm)].map((m) => m[1]);
    expect(files).toEqual(['apps.v1.Deployment.default.web', 'v1.Service.default.web']);
  });

  it('names cluster-scoped objects with an empty namespace', () => {
    const w = cluster();
    const { output } = w.diff('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n');
    expect(output.stdout).toMatch(/^diff -u -N \/tmp\/LIVE-\d+\/v1\.Namespace\.\.dev /);
  });

  it('masks Secret values, marking those that change', () => {
    const w = cluster();
    w.apply('apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  user: YWRtaW4=\n  password: b2xk\n');
    const { output } = w.diff('apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  user: YWRtaW4=\n  password: bmV3\n');
    expect(output.stdout).toContain('-  password: '+"'*** (before)'");
    expect(output.stdout).toContain('+  password: '+"'*** (after)'");
    expect(output.stdout).toContain("\n   user: '***'\n");
    // As in kubectl, only `data` is masked: the last-applied annotation still carries the values.
    expect(output.stdout).not.toMatch(/^[-+ ]  (password|user): (b2xk|bmV3|YWRtaW4=)$/m);
  });

  it('reports a rejected document with exit code 2 and no diff', () => {
    const w = cluster();
    const { output, documents } = w.diff(`${deployment(-1)}---\n${service}`);
    expect(output.exitCode).toBe(2);
    expect(output.stdout).toBe('');
    expect(output.stderr).toContain('spec.replicas');
    expect(documents.map((d) => d.change)).toEqual(['error', 'create']);
    expect(documents[0].message).toContain('spec.replicas');
  });

  it('runs as a command line over a file', () => {
    const w = cluster();
    const files: Record<string, string> = { 'web.yaml': deployment(3, 'nginx:1.28') };
    const read = (p: string) => {
      if (!(p in files)) throw new Error('ENOENT');
      return files[p];
    };
    const out = w.kubectl('kubectl diff -f web.yaml', read);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toContain('\n-      - image: nginx:1.27\n+      - image: nginx:1.28\n');
    expect(w.kubectl('diff -f missing.yaml', read)).toEqual({ stdout: '', stderr: 'error: the path "missing.yaml" does not exist\n', exitCode: 2 });
    expect(w.kubectl('diff', read).stderr).toContain('must specify one of -f and -k');
    expect(w.kubectl('diff --help').stdout).toContain('Exit status');
  });
});
