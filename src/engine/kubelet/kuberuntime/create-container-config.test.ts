// CreateContainerConfigError: env and envFrom references to a missing ConfigMap or Secret (or key).
// UPSTREAM: pkg/kubelet/kubelet_pods.go (makeEnvironmentVariables), kuberuntime_container.go (startContainer)
import { describe, expect, it } from 'vitest';
import type { ConfigMap, Pod, Secret } from 'kubernetes-types/core/v1';
import type { CoreEvent } from '../../client/record';
import { TestCluster } from '../../testing/test-cluster';
import { environmentError, type EnvSources } from '../envvars/envvars';

function events(c: TestCluster, name: string): string[] {
  return (c.world.list('Event', 'default') as CoreEvent[])
    .filter((e) => e.involvedObject.name === name && e.source?.component === 'kubelet' && e.type === 'Warning')
    .map((e) => `${e.reason}: ${e.message}`);
}
const waiting = (c: TestCluster, name: string) => c.pod(name).status?.containerStatuses?.[0]?.state?.waiting;

const podWith = (name: string, env: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  nodeName: node-1\n  containers:\n  - name: app\n    image: nginx:1.27\n${env}`;

describe('makeEnvironmentVariables errors (environmentError)', () => {
  const cm: ConfigMap = { metadata: { name: 'cfg', namespace: 'default' }, data: { color: 'blue' } };
  const secret: Secret = { metadata: { name: 'sec', namespace: 'default' }, data: { pw: 'cHc=' } };
  const sources: EnvSources = {
    configMap: (_ns, n) => (n === 'cfg' ? cm : undefined),
    secret: (_ns, n) => (n === 'sec' ? secret : undefined),
  };
  const pod = (c: Record<string, unknown>): Pod => ({ metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'app', ...c }] } });
  it.each([
    ['envFrom configMapRef missing', { envFrom: [{ configMapRef: { name: 'x' } }] }, 'configmap "x" not found'],
    ['envFrom configMapRef missing but optional', { envFrom: [{ configMapRef: { name: 'x', optional: true } }] }, undefined],
    ['envFrom secretRef missing', { envFrom: [{ secretRef: { name: 's' } }] }, 'secret "s" not found'],
    ['configMapKeyRef to a missing ConfigMap', { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'x', key: 'k' } } }] }, 'configmap "x" not found'],
    ['configMapKeyRef to a missing key', { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }] }, "couldn't find key k in ConfigMap default/cfg"],
    ['configMapKeyRef to a missing key, optional', { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k', optional: true } } }] }, undefined],
    ['configMapKeyRef that resolves', { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'color' } } }] }, undefined],
    ['secretKeyRef to a missing Secret', { env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'nope', key: 'pw' } } }] }, 'secret "nope" not found'],
    ['secretKeyRef to a missing key', { env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'sec', key: 'user' } } }] }, "couldn't find key user in Secret default/sec"],
    ['envFrom is read before env', { envFrom: [{ secretRef: { name: 'first' } }], env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'x', key: 'k' } } }] }, 'secret "first" not found'],
  ])('%s', (_name, container, want) => {
    expect(environmentError(pod(container), 'app', sources)).toBe(want);
  });
});

describe('CreateContainerConfigError in a cluster', () => {
  it('a missing ConfigMap: Waiting with the kubelet message and a Failed event; the container starts once the ConfigMap appears', () => {
    const c = new TestCluster();
    c.applyOk(podWith('web', '    envFrom:\n    - configMapRef: {name: app-config}\n'));
    c.settle();
    expect(waiting(c, 'web')).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "app-config" not found' });
    expect(c.pod('web').status?.phase).toBe('Pending');
    expect(c.kubectl('get pod web --no-headers')).toMatch(/^web\s+0\/1\s+CreateContainerConfigError\s+0\s/);
    expect(events(c, 'web')).toEqual(['Failed: Error: configmap "app-config" not found']);
    // The pod worker retries every 10 s: the same event counts up.
    c.step(25_000);
    const failed = (c.world.list('Event', 'default') as CoreEvent[]).find((e) => e.involvedObject.name === 'web' && e.reason === 'Failed');
    expect(failed?.count).toBe(3);
    c.applyOk('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app-config}\ndata: {COLOR: blue}\n');
    c.step(11_000);
    expect(c.pod('web').status?.containerStatuses?.[0]?.state?.running).toBeDefined();
    expect(c.pod('web').status?.phase).toBe('Running');
  });

  it('a missing key in a Secret gives the key message', () => {
    const c = new TestCluster();
    c.applyOk('apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {user: admin}\n');
    c.applyOk(podWith('db', '    env:\n    - name: PW\n      valueFrom: {secretKeyRef: {name: db, key: password}}\n'));
    c.settle();
    expect(waiting(c, 'db')).toEqual({ reason: 'CreateContainerConfigError', message: "couldn't find key password in Secret default/db" });
  });

  it('an optional reference to a missing ConfigMap does not stop the container', () => {
    const c = new TestCluster();
    c.applyOk(podWith('ok', '    envFrom:\n    - configMapRef: {name: nothing, optional: true}\n'));
    c.settle();
    expect(c.pod('ok').status?.phase).toBe('Running');
  });
});
