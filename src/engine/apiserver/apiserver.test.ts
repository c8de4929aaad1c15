import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/meta';
import { resourceForKind } from '../api/resources';
import { RngStreams } from '../sim/rng';
import { ApiServer } from './apiserver';
import { Store } from './store';

function server() {
  let now = 0;
  const store = new Store();
  const api = new ApiServer(store, new RngStreams(1), () => now, { serviceCIDR: '10.96.0.0/12', epochMs: Date.UTC(2026, 0, 1) });
  api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }, 'test');
  return { api, store, advance: (ms: number) => (now += ms) };
}
const pods = resourceForKind('Pod')!;
const podObj = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...extra },
});

describe('ApiServer.create', () => {
  it('fills system fields and pod defaults as a real API server does', () => {
    const { api } = server();
    const r = api.create(podObj('p'), 'test');
    if (!r.ok) throw new Error(r.status.message);
    const o = r.object as KubeObject & { spec: Record<string, any>; status: Record<string, unknown> }; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(o.metadata).toMatchObject({ namespace: 'default', generation: 1, creationTimestamp: '2026-01-01T00:00:00Z' });
    expect(o.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(o.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30, serviceAccountName: 'default', priority: 0, enableServiceLinks: true });
    expect(o.spec.containers[0].imagePullPolicy).toBe('Always'); // no tag means :latest
    expect(o.spec.tolerations.map((t: { key: string }) => t.key)).toEqual(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
    expect(o.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('generates names from generateName with the API server alphabet', () => {
    const { api } = server();
    const r = api.create({ ...podObj(''), metadata: { generateName: 'web-' } }, 'test');
    expect(r.ok && r.object.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('rejects duplicates and missing namespaces with the real messages', () => {
    const { api } = server();
    api.create(podObj('p'), 'test');
    const dup = api.create(podObj('p'), 'test');
    expect(!dup.ok && dup.status).toMatchObject({ reason: 'AlreadyExists', code: 409, message: 'pods "p" already exists' });
    const nons = api.create({ ...podObj('q'), metadata: { name: 'q', namespace: 'nope' } }, 'test');
    expect(!nons.ok && nons.status.message).toBe('namespaces "nope" not found');
  });

  it('allocates a ClusterIP in the service CIDR and defaults the Service', () => {
    const { api } = server();
    const r = api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }] } }, 'test');
    if (!r.ok) throw new Error(r.status.message);
    const spec = r.object.spec as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(spec.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\./);
    expect(spec).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster' });
    expect(spec.clusterIPs).toEqual([spec.clusterIP]);
    expect(spec.ports[0]).toEqual({ port: 80, protocol: 'TCP', targetPort: 80 });
  });

  it('answers InternalError when the service CIDR has no address left, as alloc.go does', () => {
    const store = new Store();
    const api = new ApiServer(store, new RngStreams(1), () => 0, { serviceCIDR: '10.96.0.0/30', epochMs: 0 });
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }, 'test');
    const svc = (name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }] } });
    expect(api.create(svc('a'), 'test').ok).toBe(true);
    expect(api.create(svc('b'), 'test').ok).toBe(true);
    const full = api.create(svc('c'), 'test');
    expect(!full.ok && full.status).toMatchObject({ reason: 'InternalError', code: 500, message: 'Internal error occurred: failed to allocate a serviceIP: range is full' });
  });
});

describe('ApiServer.update', () => {
  it('rejects a stale resourceVersion with a Conflict', () => {
    const { api } = server();
    const r = api.create(podObj('p'), 'test');
    if (!r.ok) throw new Error();
    api.update({ ...r.object, metadata: { ...r.object.metadata, labels: { a: 'b' } } }, 'test');
    const stale = api.update({ ...r.object, metadata: { ...r.object.metadata, labels: { a: 'c' } } }, 'test');
    expect(!stale.ok && stale.status.message).toBe('Operation cannot be fulfilled on pods "p": the object has been modified; please apply your changes to the latest version and try again');
  });

  it('keeps status on main-resource updates and spec on status updates, bumping generation on spec changes', () => {
    const { api } = server();
    const created = api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } } } }, 'test');
    if (!created.ok) throw new Error();
    const st = api.updateStatus({ ...created.object, spec: { replicas: 99 }, status: { replicas: 1 } }, 'ctrl');
    if (!st.ok) throw new Error();
    expect((st.object.spec as { replicas: number }).replicas).toBe(1);
    expect(st.object.metadata.generation).toBe(1);
    const up = api.update({ ...st.object, spec: { ...(st.object.spec as object), replicas: 3 }, status: {} }, 'user');
    if (!up.ok) throw new Error();
    expect(up.object.status).toEqual({ replicas: 1 });
    expect(up.object.metadata.generation).toBe(2);
  });

  it('writes nothing when nothing changed', () => {
    const { api, store } = server();
    const r = api.create(podObj('p'), 'test');
    if (!r.ok) throw new Error();
    const rev = store.currentRevision;
    api.update(r.object, 'test');
    expect(store.currentRevision).toBe(rev);
  });
});

describe('ApiServer.delete and bind', () => {
  it('deletes a bound pod gracefully and an unbound pod at once', () => {
    const { api } = server();
    api.create(podObj('bound', { nodeName: 'n1' }), 'test');
    api.create(podObj('free'), 'test');
    const g = api.delete(pods, 'default', 'bound', 'test');
    expect(g.ok && g.object.metadata).toMatchObject({ deletionGracePeriodSeconds: 30, deletionTimestamp: '2026-01-01T00:00:30Z' });
    expect(api.get(pods, 'default', 'bound')).toBeDefined();
    api.delete(pods, 'default', 'free', 'test');
    expect(api.get(pods, 'default', 'free')).toBeUndefined();
    api.delete(pods, 'default', 'bound', 'kubelet', { gracePeriodSeconds: 0 });
    expect(api.get(pods, 'default', 'bound')).toBeUndefined();
  });

  it.each([
    ['an unbound pod', {}],
    ['a bound pod after the kubelet\'s final delete', { nodeName: 'n1' }],
  ])('removes %s with a finalizer once the last finalizer is gone', (_name, spec) => {
    const { api } = server();
    api.create({ ...podObj('p', spec), metadata: { name: 'p', finalizers: ['example.com/hold'] } }, 'test');
    api.delete(pods, 'default', 'p', 'test');
    api.delete(pods, 'default', 'p', 'kubelet', { gracePeriodSeconds: 0 });
    const held = api.get(pods, 'default', 'p')!;
    expect(held.metadata).toMatchObject({ deletionGracePeriodSeconds: 0 });
    expect(held.metadata.deletionTimestamp).toBeDefined();
    const r = api.update({ ...held, metadata: { ...held.metadata, finalizers: [] } }, 'test');
    expect(r.ok).toBe(true);
    expect(api.get(pods, 'default', 'p')).toBeUndefined();
  });

  it('binds once: sets nodeName and PodScheduled, then refuses a second binding', () => {
    const { api } = server();
    api.create(podObj('p'), 'test');
    const b = api.bind('default', 'p', 'node-1', 'kube-scheduler');
    if (!b.ok) throw new Error();
    expect((b.object.spec as { nodeName: string }).nodeName).toBe('node-1');
    expect((b.object.status as { conditions: Array<{ type: string; status: string }> }).conditions).toContainEqual(expect.objectContaining({ type: 'PodScheduled', status: 'True' }));
    const again = api.bind('default', 'p', 'node-2', 'kube-scheduler');
    expect(!again.ok && again.status.message).toBe('Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "node-1"');
  });
});

describe('ApiServer.delete propagation policies', () => {
  const cms = resourceForKind('ConfigMap')!;
  const create = (api: ApiServer, finalizers?: string[]) => {
    const r = api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', finalizers } }, 'test');
    if (!r.ok) throw new Error(r.status.message);
  };

  it('Background deletes at once; Foreground and Orphan mark the object and add their finalizer', () => {
    const { api, store, advance } = server();
    create(api);
    expect(api.delete(cms, 'default', 'c', 'test', { propagationPolicy: 'Background' }).ok).toBe(true);
    expect(store.get('configmaps', 'default/c')).toBeUndefined();
    for (const [policy, finalizer] of [['Foreground', 'foregroundDeletion'], ['Orphan', 'orphan']] as const) {
      create(api);
      advance(1000);
      const r = api.delete(cms, 'default', 'c', 'test', { propagationPolicy: policy });
      if (!r.ok) throw new Error(r.status.message);
      expect(r.object.metadata).toMatchObject({ finalizers: [finalizer], deletionGracePeriodSeconds: 0 });
      expect(r.object.metadata.deletionTimestamp).toBeDefined();
      // The finalizer's removal (the garbage collector's update) completes the deletion.
      const u = api.update({ ...r.object, metadata: { ...r.object.metadata, finalizers: [] } }, 'test');
      expect(u.ok).toBe(true);
      expect(store.get('configmaps', 'default/c')).toBeUndefined();
    }
  });

  it('a second DELETE may switch the policy of an object already marked, keeping its deletionTimestamp', () => {
    const { api, advance } = server();
    create(api, ['example.com/hold']);
    const first = api.delete(cms, 'default', 'c', 'test', { propagationPolicy: 'Foreground' });
    if (!first.ok) throw new Error(first.status.message);
    advance(5000);
    const second = api.delete(cms, 'default', 'c', 'test', { propagationPolicy: 'Orphan' });
    if (!second.ok) throw new Error(second.status.message);
    expect(second.object.metadata.finalizers).toEqual(['example.com/hold', 'orphan']);
    expect(second.object.metadata.deletionTimestamp).toBe(first.object.metadata.deletionTimestamp);
    const third = api.delete(cms, 'default', 'c', 'test', {});
    expect(third.ok && third.object.metadata.resourceVersion).toBe(second.object.metadata.resourceVersion);
  });

  it('marking bumps generation once, as markAsDeleting does', () => {
    const { api } = server();
    const d = api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } }, 'test');
    if (!d.ok) throw new Error(d.status.message);
    const r = api.delete(resourceForKind('Deployment')!, 'default', 'web', 'test', { propagationPolicy: 'Foreground' });
    expect(r.ok && r.object.metadata.generation).toBe((d.object.metadata.generation ?? 0) + 1);
  });
});

describe('ApiServer NodePorts', () => {
  const svc = (name: string, ports: Array<Record<string, unknown>>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { type: 'NodePort', selector: { a: 'b' }, ports } });

  it('allocates a nodePort in 30000-32767 and keeps it across updates', () => {
    const { api } = server();
    const r = api.create(svc('s', [{ port: 80 }]), 'test');
    if (!r.ok) throw new Error(r.status.message);
    const port = (r.object.spec as { ports: Array<{ nodePort: number }> }).ports[0].nodePort;
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(port).toBeLessThanOrEqual(32767);
    const u = api.update({ ...r.object, spec: { ...(r.object.spec as object), ports: [{ port: 80 }] } }, 'test');
    expect(u.ok && (u.object.spec as { ports: Array<{ nodePort: number }> }).ports[0].nodePort).toBe(port);
  });

  it('rejects a requested port out of range or taken, with the API server message', () => {
    const { api } = server();
    const out = api.create(svc('a', [{ port: 80, nodePort: 39090 }]), 'test');
    expect(!out.ok && out.status.message).toBe('Service "a" is invalid: spec.ports[0].nodePort: Invalid value: 39090: provided port is not in the valid range. The range of valid ports is 30000-32767');
    api.create(svc('b', [{ port: 80, nodePort: 30080 }]), 'test');
    const taken = api.create(svc('c', [{ port: 80, nodePort: 30080 }]), 'test');
    expect(!taken.ok && taken.status.message).toBe('Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
  });
});

describe('ApiServer.patch (JSON merge patch)', () => {
  it('merges maps, deletes fields set to null, replaces lists, and bumps generation on spec changes', () => {
    const { api, store } = server();
    const deployments = resourceForKind('Deployment')!;
    const created = api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', labels: { a: '1', b: '2' } }, spec: { replicas: 1, selector: { matchLabels: { a: '1' } }, template: { metadata: { labels: { a: '1' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } } } }, 'test');
    if (!created.ok) throw new Error(created.status.message);
    const events: string[] = [];
    store.watch((r) => events.push(`${r.type} ${r.verb} ${r.writer}`));
    const r = api.patch(deployments, 'default', 'd', { metadata: { labels: { b: null, c: '3' } }, spec: { replicas: 4 } }, 'kubectl');
    if (!r.ok) throw new Error(r.status.message);
    expect(r.object.metadata.labels).toEqual({ a: '1', c: '3' });
    expect((r.object.spec as { replicas: number }).replicas).toBe(4);
    expect(r.object.metadata.generation).toBe(2);
    expect(events).toEqual(['MODIFIED patch kubectl']);
  });

  it('treats a resourceVersion in the patch as a precondition', () => {
    const { api } = server();
    api.create(podObj('p'), 'test');
    const stale = api.patch(pods, 'default', 'p', { metadata: { resourceVersion: '1', labels: { x: 'y' } } }, 'kubectl');
    expect(!stale.ok && stale.status.reason).toBe('Conflict');
    expect(api.patch(pods, 'default', 'missing', {}, 'kubectl')).toMatchObject({ ok: false, status: { reason: 'NotFound' } });
  });
});

describe('ApiServer.patch types', () => {
  const deployments = resourceForKind('Deployment')!;
  const deploy: KubeObject = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] } } },
  };
  type Spec = { replicas: number; template: { spec: { containers: Array<{ name: string; image: string }> } } };
  const cases: Array<[string, 'merge' | 'strategic' | 'json', unknown, string[]]> = [
    ['merge replaces lists', 'merge', { spec: { template: { spec: { containers: [{ name: 'a', image: 'z' }] } } } }, ['a=z']],
    ['strategic merges lists by key', 'strategic', { spec: { template: { spec: { containers: [{ name: 'a', image: 'z' }] } } } }, ['a=z', 'b=y']],
    ['json applies operations', 'json', [{ op: 'remove', path: '/spec/template/spec/containers/0' }], ['b=y']],
  ];
  it.each(cases)('%s', (_name, type, patch, want) => {
    const { api } = server();
    api.create(deploy, 'test');
    const r = api.patch(deployments, 'default', 'web', patch, 'test', type);
    if (!r.ok) throw new Error(r.status.message);
    expect((r.object.spec as Spec).template.spec.containers.map((c) => `${c.name}=${c.image}`)).toEqual(want);
    expect(r.object.metadata.generation).toBe(2);
  });

  it('a failed JSON patch is 422 Invalid with the generic text, and changes nothing', () => {
    const { api } = server();
    const before = api.create(deploy, 'test');
    const r = api.patch(deployments, 'default', 'web', [{ op: 'test', path: '/spec/replicas', value: 3 }], 'test', 'json');
    expect(r.ok ? undefined : r.status).toMatchObject({ reason: 'Invalid', code: 422, message: 'the server rejected our request due to an error in our request' });
    expect(api.get(deployments, 'default', 'web')).toBe(before.ok ? before.object : undefined);
  });
});
