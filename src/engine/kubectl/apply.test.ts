import { describe, expect, it } from 'vitest';
import type { ApiStatus, KubeObject } from '../api/meta';
import type { ResourceInfo } from '../api/resources';
import { applyManifests, applyOutput, LAST_APPLIED_ANNOTATION, type ApplyTarget } from './apply';

// Fixtures are JSON that each case edits freely (deep paths), which `unknown` would only obscure.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

/**
 * A tiny API server: a map of objects, resourceVersions, a uid per object, a clusterIP for
 * Services, status the "controllers" filled in, namespaces that must exist, and a call log.
 */
class FakeServer implements ApplyTarget {
  readonly objects = new Map<string, KubeObject>();
  readonly calls: string[] = [];
  private rv = 100;

  constructor(namespaces = ['default']) {
    for (const ns of namespaces) this.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  }

  private keyOf(kind: string, namespace: string | undefined, name: string): string {
    return `${kind}/${namespace ?? ''}/${name}`;
  }

  private put(obj: KubeObject): KubeObject {
    const stored = JSON.parse(JSON.stringify(obj)) as KubeObject;
    stored.metadata.resourceVersion = String(++this.rv);
    this.objects.set(this.keyOf(obj.kind, obj.metadata.namespace, obj.metadata.name!), stored);
    return stored;
  }

  find(kind: string, namespace: string | undefined, name: string): Obj | undefined {
    return this.objects.get(this.keyOf(kind, namespace, name)) as Obj | undefined;
  }

  get(resource: ResourceInfo, namespace: string | undefined, name: string): KubeObject | undefined {
    this.calls.push(`get ${resource.resource} ${namespace ?? ''}/${name}`);
    return this.objects.get(this.keyOf(resource.kind, namespace, name));
  }

  create(obj: KubeObject): { ok: true; object: KubeObject } | { ok: false; status: ApiStatus } {
    this.calls.push(`create ${obj.kind} ${obj.metadata.name}`);
    const ns = obj.metadata.namespace;
    if (ns && !this.find('Namespace', undefined, ns)) {
      return { ok: false, status: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: `namespaces "${ns}" not found`, reason: 'NotFound', code: 404, details: { name: ns, kind: 'namespaces' } } };
    }
    const o = JSON.parse(JSON.stringify(obj)) as Obj;
    o.metadata.uid = `uid-${obj.metadata.name}`;
    o.metadata.creationTimestamp = '2025-01-01T00:00:00Z';
    if (o.kind === 'Service') o.spec = { clusterIP: '10.96.0.10', ...o.spec };
    if (o.kind === 'Deployment') o.status = { replicas: 0 };
    return { ok: true, object: this.put(o as KubeObject) };
  }

  update(obj: KubeObject): { ok: true; object: KubeObject } | { ok: false; status: ApiStatus } {
    this.calls.push(`update ${obj.kind} ${obj.metadata.name}`);
    const live = this.objects.get(this.keyOf(obj.kind, obj.metadata.namespace, obj.metadata.name!));
    if (!live || live.metadata.resourceVersion !== obj.metadata.resourceVersion) {
      return { ok: false, status: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'conflict', reason: 'Conflict', code: 409 } };
    }
    return { ok: true, object: this.put(obj) };
  }

  /** What a controller does between applies: write status. */
  setStatus(kind: string, namespace: string, name: string, status: unknown): void {
    const o = this.find(kind, namespace, name)!;
    this.put({ ...(o as KubeObject), status });
  }
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 8080
`;

function messages(text: string, server = new FakeServer()): string[] {
  return applyManifests(server, text).documents.map((d) => d.message);
}

describe('applyManifests: create, configured, unchanged', () => {
  it('creates what is absent, in the default namespace, recording the last-applied configuration', () => {
    const server = new FakeServer();
    const result = applyManifests(server, `${DEPLOYMENT}---\n${SERVICE}`);
    expect(result.ok).toBe(true);
    expect(result.documents.map((d) => [d.index, d.startLine, d.message])).toEqual([
      [0, 1, 'deployment.apps/web created'],
      [1, 19, 'service/web created'],
    ]);
    const dep = server.find('Deployment', 'default', 'web')!;
    expect(dep.metadata.namespace).toBe('default');
    expect(dep.metadata.annotations[LAST_APPLIED_ANNOTATION]).toBe(
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"name":"web","namespace":"default"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1.27","name":"web"}]}}}}\n',
    );
  });

  it('says unchanged and writes nothing when the manifest is applied again', () => {
    const server = new FakeServer();
    applyManifests(server, `${DEPLOYMENT}---\n${SERVICE}`);
    server.setStatus('Deployment', 'default', 'web', { replicas: 2, readyReplicas: 2 });
    server.calls.length = 0;
    expect(messages(`${DEPLOYMENT}---\n${SERVICE}`, server)).toEqual(['deployment.apps/web unchanged', 'service/web unchanged']);
    expect(server.calls.filter((c) => !c.startsWith('get'))).toEqual([]);
  });

  it('says configured and keeps what the server set: status, uid, creationTimestamp, clusterIP', () => {
    const server = new FakeServer();
    applyManifests(server, `${DEPLOYMENT}---\n${SERVICE}`);
    server.setStatus('Deployment', 'default', 'web', { replicas: 2 });
    const before = server.find('Deployment', 'default', 'web')!;
    const out = messages(`${DEPLOYMENT.replace('replicas: 2', 'replicas: 5')}---\n${SERVICE.replace('8080', '9090')}`, server);
    expect(out).toEqual(['deployment.apps/web configured', 'service/web configured']);
    const dep = server.find('Deployment', 'default', 'web')!;
    expect(dep.spec.replicas).toBe(5);
    expect(dep.status).toEqual({ replicas: 2 });
    expect(dep.metadata.uid).toBe(before.metadata.uid);
    expect(dep.metadata.creationTimestamp).toBe(before.metadata.creationTimestamp);
    expect(Number(dep.metadata.resourceVersion)).toBeGreaterThan(Number(before.metadata.resourceVersion));
    const svc = server.find('Service', 'default', 'web')!;
    expect(svc.spec.clusterIP).toBe('10.96.0.10');
    expect(svc.spec.ports).toEqual([{ port: 80, targetPort: 9090 }]);
  });

  it('removes a field that was applied before and is no longer in the manifest', () => {
    const server = new FakeServer();
    applyManifests(server, DEPLOYMENT.replace('spec:\n  replicas: 2', 'spec:\n  replicas: 2\n  minReadySeconds: 5'));
    expect(server.find('Deployment', 'default', 'web')!.spec.minReadySeconds).toBe(5);
    expect(messages(DEPLOYMENT, server)).toEqual(['deployment.apps/web configured']);
    expect(server.find('Deployment', 'default', 'web')!.spec).not.toHaveProperty('minReadySeconds');
  });

  it('merges containers by name, keeping fields the server defaulted', () => {
    const server = new FakeServer();
    applyManifests(server, DEPLOYMENT);
    const live = server.find('Deployment', 'default', 'web')!;
    live.spec.template.spec.containers[0].imagePullPolicy = 'IfNotPresent';
    live.spec.template.spec.containers[0].terminationMessagePath = '/dev/termination-log';
    expect(messages(DEPLOYMENT, server)).toEqual(['deployment.apps/web unchanged']);
    expect(messages(DEPLOYMENT.replace('nginx:1.27', 'nginx:1.28'), server)).toEqual(['deployment.apps/web configured']);
    expect(server.find('Deployment', 'default', 'web')!.spec.template.spec.containers).toEqual([
      { name: 'web', image: 'nginx:1.28', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log' },
    ]);
  });

  it('warns when the live object was not created by apply, then patches the annotation in', () => {
    const server = new FakeServer();
    server.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } });
    const result = applyManifests(server, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n');
    expect(result.documents[0].message).toBe('namespace/dev configured');
    expect(result.documents[0].warnings).toEqual([
      'Warning: resource namespaces/dev is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.',
    ]);
    expect(server.find('Namespace', undefined, 'dev')!.metadata.annotations[LAST_APPLIED_ANNOTATION]).toContain('"name":"dev"');
  });

  it('applies each item of a List', () => {
    const server = new FakeServer();
    const list = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: shop}\n- apiVersion: v1\n  kind: Service\n  metadata: {name: cart, namespace: shop}\n  spec: {ports: [{port: 80}]}\n';
    expect(messages(list, server)).toEqual(['namespace/shop created', 'service/cart created']);
    expect(server.find('Service', 'shop', 'cart')).toBeDefined();
  });
});

describe('applyManifests: bad input points at the right line', () => {
  it.each<[string, string, string, number]>([
    [
      'a YAML syntax error',
      DEPLOYMENT.replace('image: nginx:1.27', 'image: nginx: 1.27'),
      'error: error parsing STDIN: error converting YAML to JSON: yaml: line 17: mapping values are not allowed in this context',
      17,
    ],
    [
      'a document without apiVersion and kind',
      'metadata:\n  name: web\n',
      'error: error validating "STDIN": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false',
      1,
    ],
    [
      'an unknown kind',
      'apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n',
      'error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first',
      2,
    ],
    [
      'a kind in a version the server does not serve',
      DEPLOYMENT.replace('apps/v1', 'apps/v1beta2'),
      'error: resource mapping not found for name: "web" namespace: "" from "STDIN": no matches for kind "Deployment" in version "apps/v1beta2"\nensure CRDs are installed first',
      2,
    ],
    [
      'a wrong field type',
      DEPLOYMENT.replace('replicas: 2', 'replicas: "2"'),
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
      6,
    ],
    [
      'an unknown field',
      DEPLOYMENT.replace('image: nginx:1.27', 'image: nginx:1.27\n        imagePullPolice: Always'),
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolice"',
      18,
    ],
    [
      'a label of the wrong type (kubectl itself refuses it)',
      DEPLOYMENT.replace('  name: web\n', '  name: web\n  labels:\n    version: 2\n'),
      'error: unable to decode "STDIN": json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
      6,
    ],
    [
      'an invalid name',
      DEPLOYMENT.replace('name: web\nspec', 'name: My_App\nspec'),
      `The Deployment "My_App" is invalid: metadata.name: Invalid value: "My_App": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      4,
    ],
    [
      'a selector that does not match the template',
      DEPLOYMENT.replace('      labels:\n        app: web', '      labels:\n        app: api'),
      'The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: {"app":"api"}: `selector` does not match template `labels`',
      12,
    ],
    [
      'a container without an image',
      DEPLOYMENT.replace('        image: nginx:1.27\n', ''),
      'The Deployment "web" is invalid: spec.template.spec.containers[0].image: Required value',
      16,
    ],
    [
      'a bad label value (pointing at the offending label)',
      SERVICE.replace('  name: web\n', '  name: web\n  labels:\n    tier: -front\n'),
      `The Service "web" is invalid: metadata.labels: Invalid value: "-front": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      6,
    ],
    [
      'a namespace that does not exist (a server error without a field)',
      DEPLOYMENT.replace('  name: web\n', '  name: web\n  namespace: shop\n'),
      'Error from server (NotFound): error when creating "STDIN": namespaces "shop" not found',
      1,
    ],
    [
      'an object without a name',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  namespace: default\nspec:\n  containers:\n  - name: a\n    image: busybox\n',
      'error: error when retrieving current configuration of:\nResource: "/v1, Resource=pods", GroupVersionKind: "/v1, Kind=Pod"\nName: "", Namespace: "default"\nfrom server for: "STDIN": resource name may not be empty',
      3,
    ],
  ])('%s', (_name, text, message, line) => {
    const server = new FakeServer();
    const result = applyManifests(server, text);
    expect(result.ok).toBe(false);
    expect(result.documents).toHaveLength(1);
    expect(result.documents[0].message).toBe(message);
    expect(result.documents[0].diagnostics[0].line).toBe(line);
    expect(server.calls.filter((c) => c.startsWith('create') || c.startsWith('update'))).toEqual(text.includes('namespace: shop') ? ['create Deployment web'] : []);
  });

  it('prints several causes as kubectl does, one diagnostic each', () => {
    const result = applyManifests(new FakeServer(), DEPLOYMENT.replace('  selector:\n    matchLabels:\n      app: web\n', ''));
    expect(result.documents[0].message).toBe(
      'The Deployment "web" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    );
    expect(result.documents[0].diagnostics.map((d) => [d.line, d.message])).toEqual([
      [5, 'spec.selector: Required value'],
      [9, 'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`'],
    ]);
  });

  it('reports an invalid update as a failed patch, and changes nothing', () => {
    const server = new FakeServer();
    applyManifests(server, DEPLOYMENT);
    const before = JSON.stringify(server.find('Deployment', 'default', 'web'));
    const bad = applyManifests(server, `${DEPLOYMENT.replace('replicas: 2', 'replicas: -1')}---\napiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n`);
    expect(bad.documents[0].message).toBe(
      'Error from server (Invalid): error when applying patch:\n' +
        `{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":${JSON.stringify(
          '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"name":"web","namespace":"default"},"spec":{"replicas":-1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1.27","name":"web"}]}}}}\n',
        )}}},"spec":{"replicas":-1}}\n` +
        'to:\nResource: "apps/v1, Resource=deployments", GroupVersionKind: "apps/v1, Kind=Deployment"\nName: "web", Namespace: "default"\n' +
        'for: "STDIN": error when patching "STDIN": Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
    expect(bad.documents[0].diagnostics[0].line).toBe(6);
    expect(JSON.stringify(server.find('Deployment', 'default', 'web'))).toBe(before);
  });
});

describe('applyManifests: several documents', () => {
  it('applies the good documents when one fails, and prints every error as kubectl does', () => {
    const server = new FakeServer();
    const text = [
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n',
      DEPLOYMENT.replace('replicas: 2', 'replicas: "two"'),
      SERVICE,
      'apiVersion: v1\nkind: Gizmo\nmetadata:\n  name: g\n',
    ].join('---\n');
    const result = applyManifests(server, text);
    expect(result.ok).toBe(false);
    expect(result.documents.map((d) => [d.index, d.ok, d.startLine])).toEqual([
      [0, true, 1],
      [1, false, 6],
      [2, true, 24],
      [3, false, 35],
    ]);
    expect(result.documents[1].message).toBe(
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
    // Among several errors kubectl prints a non-API error without `error: `.
    expect(result.documents[3].message).toBe(
      'resource mapping not found for name: "g" namespace: "" from "STDIN": no matches for kind "Gizmo" in version "v1"\nensure CRDs are installed first',
    );
    expect(result.documents[1].diagnostics[0].line).toBe(11);
    expect(result.documents[3].diagnostics[0].line).toBe(36);
    expect(server.find('Namespace', undefined, 'shop')).toBeDefined();
    expect(server.find('Service', 'default', 'web')).toBeDefined();
    expect(server.find('Deployment', 'default', 'web')).toBeUndefined();

    expect(applyOutput(result)).toEqual({
      stdout: 'namespace/shop created\nservice/web created\n',
      stderr: `${result.documents[3].message}\n${result.documents[1].message}\n`,
      exitCode: 1,
    });
  });

  it('prints an Invalid among several errors as `Error from server (Invalid): error when creating`', () => {
    const text = `${DEPLOYMENT.replace('name: web\nspec', 'name: My_App\nspec')}---\n${SERVICE.replace('port: 80', 'port: 0')}`;
    const result = applyManifests(new FakeServer(), text);
    expect(result.documents.map((d) => d.message)).toEqual([
      `Error from server (Invalid): error when creating "STDIN": Deployment.apps "My_App" is invalid: metadata.name: Invalid value: "My_App": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      'Error from server (Invalid): error when creating "STDIN": Service "web" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    ]);
    expect(result.documents.map((d) => d.diagnostics[0].line)).toEqual([4, 27]);
  });

  it('uses the file path as the source for the CLI', () => {
    const result = applyManifests(new FakeServer(), DEPLOYMENT.replace('replicas: 2', 'replicas: "2"'), 'web.yaml');
    expect(result.documents[0].message).toMatch(/^Error from server \(BadRequest\): error when creating "web.yaml": Deployment in version/);
  });

  it('applies what came before a syntax error and nothing after it, as kubectl stops reading there', () => {
    const server = new FakeServer();
    const text = `${SERVICE}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n\tlabels: {}\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: later\n`;
    const result = applyManifests(server, text);
    expect(result.documents.map((d) => d.message)).toEqual([
      'service/web created',
      'error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: found character that cannot start any token',
    ]);
    expect(result.documents[1].diagnostics[0].line).toBe(16);
    expect(server.find('Namespace', undefined, 'later')).toBeUndefined();
  });

  it('says so when there is nothing to apply', () => {
    const result = applyManifests(new FakeServer(), '# just a comment\n---\n');
    expect(result).toEqual({ ok: false, documents: [{ index: 0, startLine: 1, ok: false, message: 'error: no objects passed to apply', diagnostics: [] }] });
    expect(applyOutput(result).exitCode).toBe(1);
  });

  it('applies kinds of other API groups, named with their group', () => {
    const server = new FakeServer();
    expect(messages('apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: web-abc\naddressType: IPv4\nendpoints: []\n', server)).toEqual([
      'endpointslice.discovery.k8s.io/web-abc created',
    ]);
  });
});
