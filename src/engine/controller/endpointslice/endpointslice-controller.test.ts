import { describe, expect, it } from 'vitest';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { KubeObject } from '../../api/meta';
import { ControllerHarness } from '../../testing/harness';
import { EndpointSliceController } from './endpointslice-controller';

type Slice = EndpointSlice & KubeObject;

function setup(opts: { watchLatencyMs?: number } = {}) {
  const h = new ControllerHarness(opts);
  h.add('endpointslice-controller', (ctx) => new EndpointSliceController(ctx));
  return h;
}

function service(name: string, extra: Record<string, unknown> = {}): object {
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name, namespace: 'default', labels: { team: 'blue' } },
    spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080 }], ...extra },
  };
}

function pod(h: ControllerHarness, name: string, o: { app?: string; node?: string; ready?: boolean; running?: boolean; ports?: { name: string; containerPort: number }[] } = {}) {
  h.mustCreate({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: o.app ?? 'web' } },
    spec: { containers: [{ name: 'c', image: 'nginx', ports: o.ports ?? [{ name: 'http-alt', containerPort: 8080 }] }] },
  });
  if (o.node) h.api.bind('default', name, o.node, 'default-scheduler');
  if (o.running ?? Boolean(o.node)) h.startPod(`default/${name}`, o.ready ?? true);
}

const slicesOf = (h: ControllerHarness, svc = 'web') =>
  h.list<Slice>('endpointslices', 'default').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc);
const sliceWrites = (h: ControllerHarness) => h.writes.filter((w) => w.resource === 'endpointslices').length;

describe('EndpointSliceController', () => {
  it('lists the pods that have an IP, with ready/serving/terminating, node and target', () => {
    const h = setup();
    pod(h, 'ready', { node: 'node-1', ready: true });
    pod(h, 'unready', { node: 'node-2', ready: false });
    pod(h, 'pending'); // no node, no IP
    pod(h, 'other', { app: 'api', node: 'node-1' });
    const svc = h.mustCreate<KubeObject>(service('web'));
    h.runControllers();
    const slices = slicesOf(h);
    expect(slices).toHaveLength(1);
    const s = slices[0];
    expect(s.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(s.metadata.labels).toEqual({
      team: 'blue', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    expect(s.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(s.addressType).toBe('IPv4');
    expect(s.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const byName = Object.fromEntries(s.endpoints.map((e) => [e.targetRef!.name, e]));
    expect(Object.keys(byName).sort()).toEqual(['ready', 'unready']);
    const readyPod = h.get<KubeObject & { status: { podIP: string } }>('pods', 'default/ready')!;
    expect(byName.ready).toEqual({
      addresses: [readyPod.status.podIP],
      conditions: { ready: true, serving: true, terminating: false },
      targetRef: { kind: 'Pod', namespace: 'default', name: 'ready', uid: readyPod.metadata.uid },
      nodeName: 'node-1',
    });
    expect(byName.unready.conditions).toEqual({ ready: false, serving: false, terminating: false });
    expect(h.writes.filter((w) => w.resource === 'endpointslices').every((w) => w.writer === 'endpointslice-controller')).toBe(true);
  });

  it('updates the same slice in place, and writes nothing when nothing changed', () => {
    const h = setup();
    pod(h, 'a', { node: 'node-1', ready: false });
    h.mustCreate(service('web'));
    h.runControllers();
    const [before] = slicesOf(h);
    h.setPodReady('default/a', true);
    h.runControllers();
    const [after] = slicesOf(h);
    expect(slicesOf(h)).toHaveLength(1);
    expect(after.metadata.name).toBe(before.metadata.name);
    expect(after.endpoints[0].conditions).toEqual({ ready: true, serving: true, terminating: false });
    const n = sliceWrites(h);
    h.mustUpdate('pods', 'default/a', (p) => { p.metadata.annotations = { note: 'unrelated' }; });
    h.mustUpdate('services', 'default/web', (s) => { s.metadata.annotations = { x: 'y' }; });
    h.runControllers();
    expect(sliceWrites(h)).toBe(n);
  });

  it('marks terminating pods not ready but serving, and drops Failed pods', () => {
    const h = setup();
    pod(h, 'going', { node: 'node-1' });
    pod(h, 'failed', { node: 'node-1' });
    pod(h, 'ok', { node: 'node-2' });
    h.mustCreate(service('web'));
    h.runControllers();
    h.remove('pods', 'default/going'); // graceful: deletionTimestamp set
    h.failPod('default/failed');
    h.runControllers();
    const eps = Object.fromEntries(slicesOf(h)[0].endpoints.map((e) => [e.targetRef!.name, e.conditions]));
    expect(eps).toEqual({
      going: { ready: false, serving: true, terminating: true },
      ok: { ready: true, serving: true, terminating: false },
    });
  });

  it('keeps one placeholder slice without endpoints, and reuses it when pods arrive', () => {
    const h = setup();
    h.mustCreate(service('web'));
    h.runControllers();
    const [placeholder] = slicesOf(h);
    expect(placeholder.ports).toEqual([]);
    expect(placeholder.endpoints).toEqual([]);
    pod(h, 'a', { node: 'node-1' });
    h.runControllers();
    expect(slicesOf(h)).toHaveLength(1);
    expect(slicesOf(h)[0].metadata.name).toBe(placeholder.metadata.name);
    expect(slicesOf(h)[0].endpoints).toHaveLength(1);
  });

  it('does not create a second slice while its own create is not yet in the informer', () => {
    const h = setup({ watchLatencyMs: 100 });
    pod(h, 'a', { node: 'node-1' });
    h.mustCreate(service('web'));
    h.step(50);
    pod(h, 'b', { node: 'node-2' }); // its events arrive at t=150
    h.step(50); // t=100: the Service arrives, the slice is created (its event arrives at t=200)
    expect(slicesOf(h)).toHaveLength(1);
    expect(slicesOf(h)[0].endpoints.map((e) => e.targetRef!.name)).toEqual(['a']);
    h.step(60); // t=160: pod b was seen, the slice not yet: the sync must wait, not create another
    expect(slicesOf(h)).toHaveLength(1);
    h.settle();
    expect(slicesOf(h)).toHaveLength(1);
    expect(slicesOf(h)[0].endpoints.map((e) => e.targetRef!.name).sort()).toEqual(['a', 'b']);
  });

  it('resolves a named targetPort per pod and groups pods by their port mapping', () => {
    const h = setup();
    pod(h, 'a', { node: 'node-1', ports: [{ name: 'web', containerPort: 8080 }] });
    pod(h, 'b', { node: 'node-1', ports: [{ name: 'web', containerPort: 9090 }] });
    pod(h, 'c', { node: 'node-1', ports: [] });
    h.mustCreate(service('web', { ports: [{ name: 'http', port: 80, targetPort: 'web' }] }));
    h.runControllers();
    const byPort = Object.fromEntries(slicesOf(h).map((s) => [JSON.stringify(s.ports), s.endpoints.map((e) => e.targetRef!.name)]));
    expect(byPort).toEqual({
      [JSON.stringify([{ name: 'http', port: 8080, protocol: 'TCP' }])]: ['a'],
      [JSON.stringify([{ name: 'http', port: 9090, protocol: 'TCP' }])]: ['b'],
      '[]': ['c'],
    });
  });

  it('leaves Services without a selector and ExternalName Services alone', () => {
    const h = setup();
    pod(h, 'a', { node: 'node-1' });
    h.mustCreate({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'manual', namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
    h.mustCreate({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'example.com', selector: { app: 'web' } } });
    h.runControllers();
    expect(h.list('endpointslices')).toHaveLength(0);
  });

  it('follows label changes: a pod that stops matching leaves the slice', () => {
    const h = setup();
    pod(h, 'a', { node: 'node-1' });
    pod(h, 'b', { node: 'node-1' });
    h.mustCreate(service('web'));
    h.runControllers();
    h.mustUpdate('pods', 'default/b', (p) => { p.metadata.labels = { app: 'debug' }; });
    h.runControllers();
    expect(slicesOf(h)[0].endpoints.map((e) => e.targetRef!.name)).toEqual(['a']);
  });
});
