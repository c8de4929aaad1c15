import { describe, expect, it } from 'vitest';
import type { EndpointSubset, Endpoints } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { ControllerHarness } from '../../testing/harness';
import { EndpointController, maxCapacity, truncateEndpoints } from './endpoints-controller';

type Ep = Endpoints & KubeObject;

function setup(opts: { watchLatencyMs?: number } = {}) {
  const h = new ControllerHarness(opts);
  h.add('endpoint-controller', (ctx) => new EndpointController(ctx));
  return h;
}

function service(name: string, spec: Record<string, unknown> = {}): object {
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name, namespace: 'default', labels: { team: 'blue' } },
    spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 'web' }], ...spec },
  };
}

function pod(h: ControllerHarness, name: string, o: { app?: string; node?: string; ready?: boolean; hostname?: string; subdomain?: string } = {}) {
  h.mustCreate({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: o.app ?? 'web' } },
    spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'web', containerPort: 8080 }] }], ...(o.hostname ? { hostname: o.hostname, subdomain: o.subdomain } : {}) },
  });
  if (o.node) {
    h.api.bind('default', name, o.node, 'default-scheduler');
    h.startPod(`default/${name}`, o.ready ?? true);
  }
}

const ep = (h: ControllerHarness, name = 'web') => h.get<Ep>('endpoints', `default/${name}`);
const ipOf = (h: ControllerHarness, name: string) => h.get<KubeObject & { status: { podIP: string } }>('pods', `default/${name}`)!.status.podIP;
const epWrites = (h: ControllerHarness) => h.writes.filter((w) => w.resource === 'endpoints').length;

describe('EndpointController', () => {
  it('keeps one Endpoints named like the Service: ready and not-ready addresses, the resolved port, labels and trigger time', () => {
    const h = setup();
    pod(h, 'a', { node: 'node-1' });
    pod(h, 'b', { node: 'node-2', ready: false });
    pod(h, 'pending'); // no IP: not listed
    pod(h, 'other', { app: 'api', node: 'node-1' });
    const svc = h.mustCreate<KubeObject>(service('web'));
    h.runControllers();
    const e = ep(h)!;
    expect(e.metadata.labels).toEqual({ team: 'blue', 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' });
    // The first sync of a Service: its creation is the trigger.
    expect(e.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/last-change-trigger-time': svc.metadata.creationTimestamp });
    const pa = h.get<KubeObject>('pods', 'default/a')!;
    expect(e.subsets).toEqual([
      {
        addresses: [{ ip: ipOf(h, 'a'), nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: pa.metadata.uid } }],
        notReadyAddresses: [expect.objectContaining({ ip: ipOf(h, 'b'), nodeName: 'node-2' })],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
    expect(h.writes.filter((w) => w.resource === 'endpoints').every((w) => w.writer === 'endpoint-controller')).toBe(true);
  });

  it('moves a pod to addresses when it becomes ready, stamps the trigger time, and skips no-op syncs', () => {
    const h = setup();
    pod(h, 'a', { node: 'node-1', ready: false });
    h.mustCreate(service('web'));
    h.runControllers();
    h.step(5000);
    h.setPodReady('default/a', true);
    h.runControllers();
    const e = ep(h)!;
    expect(e.subsets?.[0].addresses?.map((a) => a.ip)).toEqual([ipOf(h, 'a')]);
    expect(e.subsets?.[0].notReadyAddresses).toBeUndefined();
    const readyAt = h.get<KubeObject & { status: { conditions: Array<{ type: string; lastTransitionTime: string }> } }>('pods', 'default/a')!
      .status.conditions.find((c) => c.type === 'Ready')!.lastTransitionTime;
    expect(e.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']).toBe(readyAt);
    const n = epWrites(h);
    h.mustUpdate('pods', 'default/a', (p) => { p.metadata.annotations = { note: 'unrelated' }; });
    h.runControllers();
    expect(epWrites(h)).toBe(n);
  });

  it('drops terminating pods unless publishNotReadyAddresses, which lists every pod as ready', () => {
    const h = setup();
    pod(h, 'going', { node: 'node-1' });
    pod(h, 'unready', { node: 'node-2', ready: false });
    h.mustCreate(service('web'));
    h.mustCreate(service('all', { selector: { app: 'web' }, publishNotReadyAddresses: true }));
    h.runControllers();
    h.remove('pods', 'default/going');
    h.runControllers();
    expect(ep(h)!.subsets?.[0].addresses).toBeUndefined();
    expect(ep(h)!.subsets?.[0].notReadyAddresses?.map((a) => a.targetRef?.name)).toEqual(['unready']);
    expect(ep(h, 'all')!.subsets?.[0].addresses?.map((a) => a.targetRef?.name).sort()).toEqual(['going', 'unready']);
  });

  it('labels headless Services, sets hostnames, and lists port-less headless Services without ports', () => {
    const h = setup();
    pod(h, 'db-0', { app: 'db', node: 'node-1', hostname: 'db-0', subdomain: 'db' });
    h.mustCreate(service('db', { clusterIP: 'None', ports: [] }));
    h.runControllers();
    const e = ep(h, 'db')!;
    expect(e.metadata.labels?.['service.kubernetes.io/headless']).toBe('');
    expect(e.subsets).toEqual([{ addresses: [expect.objectContaining({ ip: ipOf(h, 'db-0'), hostname: 'db-0' })] }]);
  });

  it('leaves Services without a selector (and their hand-written Endpoints) alone, and deletes the Endpoints with its Service', () => {
    const h = setup();
    h.mustCreate({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext', namespace: 'default' }, spec: { ports: [{ port: 5432 }] } });
    h.mustCreate({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'ext', namespace: 'default' }, subsets: [{ addresses: [{ ip: '10.1.2.3' }], ports: [{ port: 5432 }] }] });
    h.mustCreate(service('web'));
    h.runControllers();
    expect(ep(h, 'ext')!.subsets).toEqual([{ addresses: [{ ip: '10.1.2.3' }], ports: [{ port: 5432, protocol: 'TCP' }] }]);
    expect(ep(h, 'ext')!.metadata.labels).toBeUndefined();
    expect(ep(h)).toBeDefined();
    h.remove('services', 'default/web');
    h.runControllers();
    expect(ep(h)).toBeUndefined();
    // Someone deletes the Endpoints of a live Service: it comes back.
    h.mustCreate(service('api'));
    h.runControllers();
    h.remove('endpoints', 'default/api');
    h.runControllers();
    expect(ep(h, 'api')).toBeDefined();
  });

  it('waits for its own write to reach the informer instead of writing over a stale copy', () => {
    const h = setup({ watchLatencyMs: 100 });
    pod(h, 'a', { node: 'node-1', ready: false });
    h.mustCreate(service('web'));
    h.settle();
    h.setPodReady('default/a', true);
    h.settle();
    expect(ep(h)!.subsets?.[0].addresses?.map((a) => a.targetRef?.name)).toEqual(['a']);
    expect(h.eventMessages('FailedToUpdateEndpoint')).toEqual([]);
    expect(h.eventMessages('FailedToCreateEndpoint')).toEqual([]);
  });
});

describe('truncateEndpoints', () => {
  const addrs = (n: number, base: string) => Array.from({ length: n }, (_, i) => ({ ip: `${base}.${Math.floor(i / 250)}.${i % 250}` }));

  it('keeps at most maxCapacity, ready first, each subset its share rounded up', () => {
    // 1200 ready in two subsets of 600: each keeps ceil(600/1200*1000) = 500; not-ready ones all go.
    const subsets: EndpointSubset[] = [
      { addresses: addrs(600, '10.1'), notReadyAddresses: addrs(5, '10.9'), ports: [{ port: 80 }] },
      { addresses: addrs(600, '10.2'), ports: [{ port: 81 }] },
    ];
    const out = truncateEndpoints(subsets)!;
    expect(out.map((s) => s.addresses?.length)).toEqual([500, 500]);
    expect(out[0].notReadyAddresses).toBeUndefined();
    // 900 ready and 300 not ready: the 100 free places go to not-ready addresses.
    const mixed = truncateEndpoints([{ addresses: addrs(900, '10.1'), notReadyAddresses: addrs(300, '10.2') }])!;
    expect(mixed[0].addresses).toHaveLength(900);
    expect(mixed[0].notReadyAddresses).toHaveLength(maxCapacity - 900);
    expect(truncateEndpoints([{ addresses: addrs(maxCapacity, '10.1') }])).toBeUndefined();
  });

  it('annotates an over-capacity Endpoints as truncated', () => {
    const h = setup();
    h.mustCreate(service('web'));
    h.runControllers();
    // Pods are many; a fake IP per pod is enough for the controller.
    for (let i = 0; i < maxCapacity + 2; i++) {
      h.mustCreate({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: 'default', labels: { app: 'web' } }, spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'web', containerPort: 8080 }] }] } });
      h.mustUpdateStatus('pods', `default/p${i}`, (p: KubeObject & { status?: object }) => { p.status = { phase: 'Running', podIP: `10.8.${Math.floor(i / 250)}.${(i % 250) + 1}`, podIPs: [{ ip: `10.8.${Math.floor(i / 250)}.${(i % 250) + 1}` }] }; });
    }
    h.runControllers();
    const e = ep(h)!;
    expect(e.metadata.annotations?.['endpoints.kubernetes.io/over-capacity']).toBe('truncated');
    expect(e.subsets?.[0].notReadyAddresses).toHaveLength(maxCapacity);
  });
});
