import { describe, expect, it } from 'vitest';
import { WEBSITE_EXAMPLE, WEBSITE_OPERATOR } from '../engine/api/samples/website-operator';
import { World } from '../engine/index';
import { ExtraTracker, isCustomKind } from './extra-views';
import type { CustomObjectView, ExtraView, PersistentVolumeClaimView, VolumeAttachmentView } from './protocol';
import { extraId } from './protocol';

/** A world with an ExtraTracker fed as the worker feeds it: a listAll replay, then every watch record. */
function setup() {
  const world = World.create({ seed: 7, workerNodes: 2 });
  const tracker = new ExtraTracker();
  const held = new Map<string, ExtraView>();
  let kindsChanges = 0;
  const feed = (r: ReturnType<ExtraTracker['observe']>) => {
    for (const c of r.changes) {
      if (c.type === 'upsert') held.set(extraId(c.view), c.view);
      else held.delete(c.id);
    }
    if (r.kindsChanged) kindsChanges++;
  };
  for (const obj of world.listAll()) feed(tracker.observe({ type: 'ADDED', object: obj }));
  world.onWatch((rec) => feed(tracker.observe(rec)));
  const apply = (yaml: string) => {
    const res = world.apply(yaml);
    expect(res.documents.filter((d) => !d.ok).map((d) => d.message)).toEqual([]);
  };
  return { world, tracker, held, apply, kindsChanges: () => kindsChanges };
}

describe('ExtraTracker', () => {
  it('tells built-in kinds from custom ones', () => {
    expect(isCustomKind('v1', 'Pod')).toBe(false);
    expect(isCustomKind('autoscaling/v1', 'HorizontalPodAutoscaler')).toBe(false);
    expect(isCustomKind('learn.kube-sandbox.dev/v1', 'Website')).toBe(true);
  });

  it('serves a CRD\'s kinds with their schema once Established, and drops them when the CRD is deleted', () => {
    const s = setup();
    expect(s.tracker.customKinds()).toEqual([]);
    s.apply(WEBSITE_OPERATOR);
    s.world.step(2000);
    const kinds = s.tracker.customKinds();
    expect(kinds.map((k) => k.kind)).toEqual(['Website']);
    expect(kinds[0]).toMatchObject({ group: 'learn.kube-sandbox.dev', plural: 'websites', singular: 'website', shortNames: ['ws'], namespaced: true });
    expect(kinds[0].versions[0].name).toBe('v1');
    expect(JSON.stringify(kinds[0].versions[0].schema)).toContain('Container image that serves the site.');
    const changes = s.kindsChanges();
    expect(changes).toBeGreaterThan(0);
    s.world.kubectl('delete crd websites.learn.kube-sandbox.dev');
    s.world.step(5000);
    expect(s.tracker.customKinds()).toEqual([]);
    expect(s.kindsChanges()).toBeGreaterThan(changes);
  });

  it('draws a Website with the Deployment and Service its operator creates for it', () => {
    const s = setup();
    s.apply(WEBSITE_OPERATOR);
    s.world.step(30_000);
    s.apply(WEBSITE_EXAMPLE);
    s.world.step(30_000);
    const site = s.held.get('Custom:Website:default/blog') as CustomObjectView | undefined;
    expect(site).toBeDefined();
    expect(site!.apiVersion).toBe('learn.kube-sandbox.dev/v1');
    expect(site!.owns.map((o) => `${o.kind}/${o.name}`)).toEqual(['Deployment/blog', 'Service/blog']);
    // No Ready condition or phase: the CRD's printer columns (Age left out).
    expect(site!.status).toContain('Image nginx:1.27');
    // The incremental view equals a fresh replay.
    const fresh = new ExtraTracker();
    const replay = new Map<string, ExtraView>();
    for (const obj of s.world.listAll()) for (const c of fresh.observe({ type: 'ADDED', object: obj }).changes) if (c.type === 'upsert') replay.set(extraId(c.view), c.view);
    expect(replay.get('Custom:Website:default/blog')).toEqual(site);
    s.world.kubectl('delete website blog');
    s.world.step(10_000);
    expect(s.held.has('Custom:Website:default/blog')).toBe(false);
  });

  it('shows a claim, its volume, the pod mounting it and the attachment to the pod\'s node', () => {
    const s = setup();
    s.apply(`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: db
        image: postgres:16
        volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      storageClassName: network-disk
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
`);
    s.world.step(60_000);
    const pvc = s.held.get('PersistentVolumeClaim:default/data-db-0') as PersistentVolumeClaimView | undefined;
    expect(pvc).toMatchObject({ phase: 'Bound', pods: ['default/db-0'], storageClass: 'network-disk' });
    expect(pvc!.volumeName).toBeTruthy();
    expect(s.held.get(`PersistentVolume:${pvc!.volumeName}`)).toMatchObject({ phase: 'Bound', claim: 'default/data-db-0', source: 'disk.csi.kube-sandbox.dev' });
    const va = [...s.held.values()].find((v): v is VolumeAttachmentView => v.kind === 'VolumeAttachment');
    const pod = s.world.getObject({ kind: 'Pod', namespace: 'default', name: 'db-0' }) as unknown as { spec: { nodeName: string } };
    expect(va).toMatchObject({ pvName: pvc!.volumeName, attached: true, nodeName: pod.spec.nodeName });
    // The pod goes: the claim stays (StatefulSet claims outlive their pods), with no pod on it.
    s.world.kubectl('scale statefulset db --replicas=0');
    s.world.step(60_000);
    expect((s.held.get('PersistentVolumeClaim:default/data-db-0') as PersistentVolumeClaimView).pods).toEqual([]);
  });
});
