import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { errorBody, invalid, invalidStatus } from './field-errors';
import { base64ErrorOffset, compareTraversal } from './decode';
import { nameIsDNSSubdomain, regexError } from './names';
import { validateObject } from './validate';

// Fixtures are JSON that each case edits freely (deep paths), which `unknown` would only obscure.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Mutable = Record<string, any>;

const R = {
  deployment: { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments', singular: 'deployment', namespaced: true, shortNames: [] },
  replicaset: { group: 'apps', version: 'v1', kind: 'ReplicaSet', resource: 'replicasets', singular: 'replicaset', namespaced: true, shortNames: [] },
  pod: { group: '', version: 'v1', kind: 'Pod', resource: 'pods', singular: 'pod', namespaced: true, shortNames: [] },
  service: { group: '', version: 'v1', kind: 'Service', resource: 'services', singular: 'service', namespaced: true, shortNames: [] },
  namespace: { group: '', version: 'v1', kind: 'Namespace', resource: 'namespaces', singular: 'namespace', namespaced: false, shortNames: [] },
  configmap: { group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps', singular: 'configmap', namespaced: true, shortNames: [] },
  secret: { group: '', version: 'v1', kind: 'Secret', resource: 'secrets', singular: 'secret', namespaced: true, shortNames: [] },
  job: { group: 'batch', version: 'v1', kind: 'Job', resource: 'jobs', singular: 'job', namespaced: true, shortNames: [] },
  cronjob: { group: 'batch', version: 'v1', kind: 'CronJob', resource: 'cronjobs', singular: 'cronjob', namespaced: true, shortNames: [] },
  hpa: { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', resource: 'horizontalpodautoscalers', singular: 'horizontalpodautoscaler', namespaced: true, shortNames: [] },
  rolebinding: { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', resource: 'rolebindings', singular: 'rolebinding', namespaced: true, shortNames: [] },
} satisfies Record<string, ResourceInfo>;

function deployment(): Mutable {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '250m', memory: 64 * 1024 * 1024 } } }],
        },
      },
    },
  };
}

function pod(): Mutable {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'busybox' }] } };
}

function service(): Mutable {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
  };
}

function validate(obj: Mutable, r: ResourceInfo) {
  return validateObject(obj as KubeObject, r);
}

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('validateObject: decoding (BadRequest)', () => {
  it.each<[string, () => Mutable, ResourceInfo, string, string]>([
    [
      'a string where an int32 goes',
      () => { const d = deployment(); d.spec.replicas = '3'; return d; }, R.deployment,
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
      'spec.replicas',
    ],
    [
      'a fraction into an int32 (Go quotes the literal)',
      () => { const d = deployment(); d.spec.replicas = 1.5; return d; }, R.deployment,
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
      'spec.replicas',
    ],
    [
      'an int32 overflow',
      () => { const d = deployment(); d.spec.replicas = 3_000_000_000; return d; }, R.deployment,
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32',
      'spec.replicas',
    ],
    [
      'a number as a label value (map key left out of the Go field path)',
      () => { const d = deployment(); d.metadata.labels.version = 2; return d; }, R.deployment,
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
      'metadata.labels[version]',
    ],
    [
      'a number as an env value (array index left out of the Go field path)',
      () => { const d = deployment(); d.spec.template.spec.containers[0].env = [{ name: 'PORT', value: 8080 }]; return d; }, R.deployment,
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string',
      'spec.template.spec.containers[0].env[0].value',
    ],
    [
      'a string as a container',
      () => { const d = deployment(); d.spec.template.spec.containers = ['nginx']; return d; }, R.deployment,
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.containers of type v1.Container',
      'spec.template.spec.containers[0]',
    ],
    [
      'a map where a list goes',
      () => { const p = pod(); p.spec.containers = { name: 'app', image: 'busybox' }; return p; }, R.pod,
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container',
      'spec.containers',
    ],
    [
      'a malformed quantity',
      () => { const p = pod(); p.spec.containers[0].resources = { limits: { memory: '128MB' } }; return p; }, R.pod,
      "Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
      'spec.containers[0].resources.limits[memory]',
    ],
    [
      'a boolean as an int-or-string port',
      () => { const s = service(); s.spec.ports[0].targetPort = true; return s; }, R.service,
      'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32',
      'spec.ports[0].targetPort',
    ],
    [
      'Secret data that is not base64',
      () => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data: { password: 'hello' } }), R.secret,
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4',
      'data[password]',
    ],
    [
      'an unknown field (strict field validation)',
      () => { const d = deployment(); d.spec.replica = 3; return d; }, R.deployment,
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"',
      'spec.replica',
    ],
  ])('reports %s', (_name, make, resource, message, field) => {
    const status = validate(make(), resource);
    expect(status).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400, message });
    expect(status?.details?.causes?.[0]?.field).toBe(field);
  });

  it('lists every unknown field in the order the decoder meets them (sorted keys)', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].imagee = 'nginx';
    d.spec.replica = 3;
    d.metadata.labelz = {};
    const status = validate(d, R.deployment);
    expect(status?.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "metadata.labelz", unknown field "spec.replica", unknown field "spec.template.spec.containers[0].imagee"',
    );
    expect(status?.details?.causes?.map((c) => c.field)).toEqual(['metadata.labelz', 'spec.replica', 'spec.template.spec.containers[0].imagee']);
  });

  it('reports a type error before unknown fields, and the first in sorted-key order', () => {
    const d = deployment();
    d.spec.replica = 3;
    d.spec.template.spec.containers[0].image = 42;
    d.spec.replicas = 'two';
    expect(validate(d, R.deployment)?.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });

  it('lets an error from a custom unmarshaler (Quantity) win over an earlier type error, as encoding/json returns it at once', () => {
    const p = pod();
    p.metadata.labels = { tier: 1 }; // saved error, met first
    p.spec.containers[0].resources = { requests: { cpu: 'lots' } }; // Quantity.UnmarshalJSON error, met later
    expect(validate(p, R.pod)?.message).toMatch(/cannot be handled as a Pod: quantities must match/);
  });

  it('ignores nulls as Go does', () => {
    const d = deployment();
    d.metadata.creationTimestamp = null;
    d.spec.template.metadata.creationTimestamp = null;
    d.spec.replicas = null;
    expect(validate(d, R.deployment)).toBeUndefined();
  });

  it('accepts quantities and int-or-strings as numbers or strings', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].resources = { requests: { cpu: 0.5, memory: '64Mi' }, limits: { cpu: 1, memory: '128Mi' } };
    d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } };
    expect(validate(d, R.deployment)).toBeUndefined();
  });
});

describe('validateObject: validation (Invalid, 422)', () => {
  it('rejects a name that is not a DNS-1123 subdomain in the API server\'s words', () => {
    const d = deployment();
    d.metadata.name = 'My_App';
    const status = validate(d, R.deployment);
    expect(status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message: `Deployment.apps "My_App" is invalid: metadata.name: Invalid value: "My_App": ${SUBDOMAIN_MSG}`,
      reason: 'Invalid',
      code: 422,
      details: {
        name: 'My_App',
        group: 'apps',
        kind: 'Deployment',
        causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: "My_App": ${SUBDOMAIN_MSG}`, field: 'metadata.name' }],
      },
    });
  });

  it.each<[string, () => Mutable, ResourceInfo, string, string[]]>([
    [
      'a Namespace name that is not a DNS-1123 label',
      () => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'App' } }), R.namespace,
      `Namespace "App" is invalid: metadata.name: Invalid value: "App": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      ['metadata.name'],
    ],
    [
      'a Service name that is not a DNS-1035 label',
      () => { const s = service(); s.metadata.name = 'PingCAP-TiDB-pd'; return s; }, R.service,
      `Service "PingCAP-TiDB-pd" is invalid: metadata.name: Invalid value: "PingCAP-TiDB-pd": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
      ['metadata.name'],
    ],
    [
      'a Service name that starts with a digit',
      () => { const s = service(); s.metadata.name = '1web'; return s; }, R.service,
      `Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
      ['metadata.name'],
    ],
    [
      'a template whose labels the selector does not match (1.34+ JSON rendering)',
      () => { const d = deployment(); d.spec.template.metadata.labels = { app: 'x' }; return d; }, R.deployment,
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: {"app":"x"}: `selector` does not match template `labels`',
      ['spec.template.metadata.labels'],
    ],
    [
      'a missing selector (which also matches no template)',
      () => { const d = deployment(); delete d.spec.selector; return d; }, R.deployment,
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`]',
      ['spec.selector', 'spec.template.metadata.labels'],
    ],
    [
      'an empty selector',
      () => { const d = deployment(); d.spec.selector = {}; return d; }, R.deployment,
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: {}: empty selector is invalid for deployment',
      ['spec.selector'],
    ],
    [
      'a container without an image',
      () => { const d = deployment(); delete d.spec.template.spec.containers[0].image; return d; }, R.deployment,
      'Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value',
      ['spec.template.spec.containers[0].image'],
    ],
    [
      'a container without a name',
      () => { const p = pod(); delete p.spec.containers[0].name; return p; }, R.pod,
      'Pod "p" is invalid: spec.containers[0].name: Required value',
      ['spec.containers[0].name'],
    ],
    [
      'a pod without containers',
      () => { const p = pod(); p.spec.containers = []; return p; }, R.pod,
      'Pod "p" is invalid: spec.containers: Required value',
      ['spec.containers'],
    ],
    [
      'an upper-case container name and a duplicate',
      () => { const p = pod(); p.spec.containers = [{ name: 'App', image: 'a' }, { name: 'App', image: 'b' }]; return p; }, R.pod,
      `Pod "p" is invalid: [spec.containers[0].name: Invalid value: "App": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?'), spec.containers[1].name: Invalid value: "App": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?'), spec.containers[1].name: Duplicate value: "App"]`,
      ['spec.containers[0].name', 'spec.containers[1].name', 'spec.containers[1].name'],
    ],
    [
      'a lower-case pull policy',
      () => { const p = pod(); p.spec.containers[0].imagePullPolicy = 'always'; return p; }, R.pod,
      'Pod "p" is invalid: spec.containers[0].imagePullPolicy: Unsupported value: "always": supported values: "Always", "IfNotPresent", "Never"',
      ['spec.containers[0].imagePullPolicy'],
    ],
    [
      'a request above its limit',
      () => { const p = pod(); p.spec.containers[0].resources = { requests: { cpu: '2' }, limits: { cpu: '1' } }; return p; }, R.pod,
      'Pod "p" is invalid: spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
      ['spec.containers[0].resources.requests'],
    ],
    [
      'a mount of a volume that does not exist',
      () => { const p = pod(); p.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }]; return p; }, R.pod,
      'Pod "p" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "data"',
      ['spec.containers[0].volumeMounts[0].name'],
    ],
    [
      'a container port of 0 and an unsupported protocol',
      () => { const p = pod(); p.spec.containers[0].ports = [{ containerPort: 70000, protocol: 'tcp' }]; return p; }, R.pod,
      'Pod "p" is invalid: [spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive, spec.containers[0].ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"]',
      ['spec.containers[0].ports[0].containerPort', 'spec.containers[0].ports[0].protocol'],
    ],
    [
      'a Deployment template that does not restart Always',
      () => { const d = deployment(); d.spec.template.spec.restartPolicy = 'Never'; return d; }, R.deployment,
      'Deployment.apps "web" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
      ['spec.template.spec.restartPolicy'],
    ],
    [
      'negative replicas',
      () => { const d = deployment(); d.spec.replicas = -1; return d; }, R.deployment,
      'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      ['spec.replicas'],
    ],
    [
      'a label value with a leading dash',
      () => { const d = deployment(); d.metadata.labels = { app: '-0' }; return d; }, R.deployment,
      `Deployment.apps "web" is invalid: metadata.labels: Invalid value: "-0": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      ['metadata.labels'],
    ],
    [
      'a label key with a space',
      () => { const d = deployment(); d.metadata.labels = { 'my app': 'x' }; return d; }, R.deployment,
      `Deployment.apps "web" is invalid: metadata.labels: Invalid value: "my app": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      ['metadata.labels'],
    ],
    [
      'a Service without ports',
      () => { const s = service(); delete s.spec.ports; return s; }, R.service,
      'Service "web" is invalid: spec.ports: Required value',
      ['spec.ports'],
    ],
    [
      'a Service port without a number',
      () => { const s = service(); s.spec.ports = [{ targetPort: 80 }]; return s; }, R.service,
      'Service "web" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      ['spec.ports[0].port'],
    ],
    [
      'two unnamed Service ports',
      () => { const s = service(); s.spec.ports = [{ port: 80 }, { port: 443 }]; return s; }, R.service,
      'Service "web" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]',
      ['spec.ports[0].name', 'spec.ports[1].name'],
    ],
    [
      'an unknown Service type',
      () => { const s = service(); s.spec.type = 'Nodeport'; return s; }, R.service,
      'Service "web" is invalid: spec.type: Unsupported value: "Nodeport": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
      ['spec.type'],
    ],
    [
      'a Job whose pods would restart Always',
      () => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'lijob', namespace: 'default' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } }), R.job,
      'Job.batch "lijob" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
      ['spec.template.spec.restartPolicy'],
    ],
    [
      'a CronJob without a schedule',
      () => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c', namespace: 'default' }, spec: { jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } } }), R.cronjob,
      'CronJob.batch "c" is invalid: spec.schedule: Required value',
      ['spec.schedule'],
    ],
    [
      'a ConfigMap key with a space',
      () => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { 'my key': 'v' } }), R.configmap,
      `ConfigMap "c" is invalid: data[my key]: Invalid value: "my key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      ['data[my key]'],
    ],
    [
      'an HPA with maxReplicas below minReplicas',
      () => ({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'default' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 3, maxReplicas: 2 } }), R.hpa,
      'HorizontalPodAutoscaler.autoscaling "h" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`',
      ['spec.maxReplicas'],
    ],
    [
      'a RoleBinding without roleRef: rbac validation reports its kind and name (no generic Required value)',
      () => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'rb', namespace: 'default' }, subjects: [{ kind: 'User' }] }), R.rolebinding,
      'RoleBinding.rbac.authorization.k8s.io "rb" is invalid: [roleRef.kind: Unsupported value: "": supported values: "Role", "ClusterRole", roleRef.name: Required value, subjects[0].name: Required value]',
      ['roleRef.kind', 'roleRef.name', 'subjects[0].name'],
    ],
    [
      'a missing name',
      () => { const p = pod(); delete p.metadata.name; return p; }, R.pod,
      'Pod "" is invalid: metadata.name: Required value: name or generateName is required',
      ['metadata.name'],
    ],
  ])('rejects %s', (_name, make, resource, message, fields) => {
    const status = validate(make(), resource);
    expect(status?.reason).toBe('Invalid');
    expect(status?.code).toBe(422);
    expect(status?.message).toBe(message);
    expect(status?.details?.causes?.map((c) => c.field)).toEqual(fields);
    expect(status?.details?.kind).toBe(resource.kind);
  });

  it.each<[string, () => Mutable, ResourceInfo]>([
    ['a Deployment', deployment, R.deployment],
    ['a Pod', pod, R.pod],
    ['a Service with named ports', () => { const s = service(); s.spec.ports = [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'https', port: 443 }]; return s; }, R.service],
    ['a headless Service without ports', () => { const s = service(); s.spec.clusterIP = 'None'; delete s.spec.ports; return s; }, R.service],
    ['a Namespace', () => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } }), R.namespace],
    ['a Secret with base64 data', () => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data: { password: 'aGVsbG8=' }, stringData: { user: 'x' } }), R.secret],
    ['a Job that restarts Never', () => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'default' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } }), R.job],
    ['a ReplicaSet with a matchExpressions selector', () => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs', namespace: 'default' }, spec: { selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'b'] }] }, template: { metadata: { labels: { app: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } }), R.replicaset],
    ['a Pod with a generateName', () => { const p = pod(); delete p.metadata.name; p.metadata.generateName = 'web-'; p.metadata.name = 'web-abcde'; return p; }, R.pod],
  ])('accepts %s', (_name, make, resource) => {
    expect(validate(make(), resource)).toBeUndefined();
  });

  it('does not modify the object it validates', () => {
    const d = deployment();
    d.metadata.annotations = null;
    const before = JSON.stringify(d);
    validate(d, R.deployment);
    expect(JSON.stringify(d)).toBe(before);
  });
});

describe('field errors and names', () => {
  it('prints examples with the double space upstream leaves between them', () => {
    expect(regexError('msg', 'f', 'a', 'b')).toBe("msg (e.g. 'a',  or 'b', regex used for validation is 'f')");
  });

  it('allows a trailing dash in a generateName prefix only', () => {
    expect(nameIsDNSSubdomain('web-', true)).toEqual([]);
    expect(nameIsDNSSubdomain('web-', false)).toEqual([SUBDOMAIN_MSG]);
  });

  it('lists several causes once each in the message but keeps every cause', () => {
    const e = invalid('spec.x', 'v', 'bad');
    const status = invalidStatus(R.pod, 'p', [e, e]);
    expect(status.message).toBe('Pod "p" is invalid: spec.x: Invalid value: "v": bad');
    expect(status.details?.causes).toHaveLength(2);
    expect(status.details && 'group' in status.details).toBe(false);
    expect(errorBody(e)).toBe('Invalid value: "v": bad');
  });

  it.each([
    ['aGVsbG8=', -1],
    ['hello', 4],
    ['abc', 0],
    ['ab!d', 2],
    ['aGVs\nbG8=', -1],
  ])('finds where base64 %j breaks: %d', (s, at) => {
    expect(base64ErrorOffset(s)).toBe(at);
  });

  it('orders paths as the decoder visits them: sorted keys, indices in order, parents first', () => {
    const paths = [['spec', 'b'], ['metadata'], ['spec', 'a', 2], ['spec', 'a', 10], ['spec']];
    expect([...paths].sort(compareTraversal)).toEqual([['metadata'], ['spec'], ['spec', 'a', 2], ['spec', 'a', 10], ['spec', 'b']]);
  });
});
