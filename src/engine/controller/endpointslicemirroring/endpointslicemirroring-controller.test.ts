import { describe, expect, it } from 'vitest';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { KubeObject } from '../../api/meta';
import { ControllerHarness } from '../../testing/harness';
import { EndpointSliceMirroringController } from './endpointslicemirroring-controller';

type Slice = EndpointSlice & KubeObject;

function setup() {
  const h = new ControllerHarness();
  h.add('endpointslice-mirroring-controller', (ctx) => new EndpointSliceMirroringController(ctx));
  return h;
}

const selectorless = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'default' }, spec: { ports: [{ name: 'pg', port: 5432 }] } };

function endpoints(labels: Record<string, string> = {}, subsets: unknown[] = [{ addresses: [{ ip: '10.0.0.11', nodeName: 'node-1' }, { ip: '10.0.0.12', hostname: 'b' }], notReadyAddresses: [{ ip: '10.0.0.13' }], ports: [{ name: 'pg', port: 5432 }] }]): object {
  return {
    apiVersion: 'v1', kind: 'Endpoints',
    metadata: { name: 'db', namespace: 'default', labels: { team: 'data', ...labels }, annotations: { note: 'x', 'endpoints.kubernetes.io/last-change-trigger-time': '2026-01-01T00:00:00Z' } },
    subsets,
  };
}

const mirrored = (h: ControllerHarness) =>
  h.list<Slice>('endpointslices', 'default').filter((s) => s.metadata.labels?.['endpointslice.kubernetes.io/managed-by'] === 'endpointslicemirroring-controller.k8s.io');

describe('EndpointSliceMirroringController', () => {
  it('mirrors the hand-written Endpoints of a Service without a selector into an EndpointSlice it owns', () => {
    const h = setup();
    h.mustCreate(selectorless);
    const ep = h.mustCreate<KubeObject>(endpoints());
    h.runControllers();
    const slices = mirrored(h);
    expect(slices).toHaveLength(1);
    const s = slices[0];
    expect(s.metadata.name).toMatch(/^db-[a-z0-9]{5}$/);
    expect(s.metadata.labels).toEqual({ team: 'data', 'kubernetes.io/service-name': 'db', 'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io' });
    // Every annotation but the trigger time is copied.
    expect(s.metadata.annotations).toEqual({ note: 'x' });
    expect(s.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Endpoints', name: 'db', uid: ep.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(s.addressType).toBe('IPv4');
    expect(s.ports).toEqual([{ name: 'pg', port: 5432, protocol: 'TCP' }]);
    expect(s.endpoints).toEqual([
      { addresses: ['10.0.0.11'], conditions: { ready: true }, nodeName: 'node-1' },
      { addresses: ['10.0.0.12'], conditions: { ready: true }, hostname: 'b' },
      { addresses: ['10.0.0.13'], conditions: { ready: false } },
    ]);
  });

  it('follows changes in place, and removes the slices when the Endpoints go, get skip-mirror, or the Service gets a selector', () => {
    const h = setup();
    h.mustCreate(selectorless);
    h.mustCreate(endpoints());
    h.runControllers();
    const [before] = mirrored(h);
    h.mustUpdate<KubeObject & { subsets: Array<{ addresses: Array<{ ip: string }> }> }>('endpoints', 'default/db', (e) => { e.subsets[0].addresses.push({ ip: '10.0.0.14' }); });
    h.runControllers();
    expect(mirrored(h)).toHaveLength(1);
    expect(mirrored(h)[0].metadata.name).toBe(before.metadata.name);
    expect(mirrored(h)[0].endpoints.map((e) => e.addresses[0])).toEqual(['10.0.0.11', '10.0.0.12', '10.0.0.13', '10.0.0.14']);

    h.mustUpdate('endpoints', 'default/db', (e) => { e.metadata.labels = { 'endpointslice.kubernetes.io/skip-mirror': 'true' }; });
    h.runControllers();
    expect(mirrored(h)).toEqual([]);

    h.mustUpdate('endpoints', 'default/db', (e) => { e.metadata.labels = {}; });
    h.runControllers();
    expect(mirrored(h)).toHaveLength(1);
    h.mustUpdate('services', 'default/db', (s: KubeObject & { spec: Record<string, unknown> }) => { s.spec.selector = { app: 'db' }; });
    h.runControllers();
    expect(mirrored(h)).toEqual([]);

    h.mustUpdate('services', 'default/db', (s: KubeObject & { spec: Record<string, unknown> }) => { delete s.spec.selector; });
    h.runControllers();
    expect(mirrored(h)).toHaveLength(1);
    h.remove('endpoints', 'default/db');
    h.runControllers();
    expect(mirrored(h)).toEqual([]);
  });

  it('splits the subsets by port set, and leaves skip-mirror Endpoints and Endpoints without a Service alone', () => {
    const h = setup();
    h.mustCreate(selectorless);
    h.mustCreate(endpoints({}, [
      { addresses: [{ ip: '10.0.0.11' }], ports: [{ name: 'pg', port: 5432 }] },
      { addresses: [{ ip: '10.0.0.12' }], ports: [{ name: 'metrics', port: 9187 }] },
    ]));
    // kube-apiserver's own kind of Endpoints: skip-mirror=true.
    h.mustCreate({ ...selectorless, metadata: { name: 'api', namespace: 'default' } });
    h.mustCreate({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'api', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }, subsets: [{ addresses: [{ ip: '192.168.49.2' }] }] });
    h.mustCreate({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'orphan', namespace: 'default' }, subsets: [{ addresses: [{ ip: '10.0.0.20' }] }] });
    h.runControllers();
    const slices = mirrored(h);
    expect(slices.map((s) => `${s.metadata.labels?.['kubernetes.io/service-name']}:${s.ports?.[0].port}:${s.endpoints[0].addresses[0]}`).sort()).toEqual(['db:5432:10.0.0.11', 'db:9187:10.0.0.12']);
  });
});

describe('mirroring in a whole cluster', () => {
  it('lets traffic to a Service without a selector reach the addresses its hand-written Endpoints list, and cleans up with the Service', async () => {
    const { TestCluster } = await import('../../testing/test-cluster');
    const c = new TestCluster();
    c.applyOk(`apiVersion: v1
kind: Pod
metadata: {name: backend, labels: {app: backend}}
spec: {containers: [{name: nginx, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec: {containers: [{name: c, image: nginx}]}
`);
    c.settle();
    const ip = c.pod('backend').status!.podIP!;
    c.applyOk(`apiVersion: v1
kind: Service
metadata: {name: manual}
spec: {ports: [{port: 8080, targetPort: 80}]}
---
apiVersion: v1
kind: Endpoints
metadata: {name: manual}
subsets: [{addresses: [{ip: ${ip}}], ports: [{port: 80}]}]
`);
    c.settle();
    const trace = c.world.trace({ from: { kind: 'pod', pod: 'default/client' }, to: 'manual', port: 8080, protocol: 'TCP' });
    expect(trace.outcome.delivered).toBe(true);
    expect(trace.outcome.servedBy).toEqual({ kind: 'pod', pod: 'default/backend' });
    expect(c.readyEndpoints('manual')).toEqual([ip]);

    // Deleting the Service deletes its Endpoints (endpoints controller), and the mirrored slice goes with them.
    expect(c.world.kubectl('delete svc manual').exitCode).toBe(0);
    c.settle();
    expect(c.world.list('Endpoints').map((e) => e.metadata.name)).not.toContain('manual');
    expect(c.world.list('EndpointSlice').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'manual')).toEqual([]);
  });
});
