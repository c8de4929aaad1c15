/* eslint-disable no-restricted-imports */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
/* eslint-enable no-restricted-imports */
import { describe, expect, it } from 'vitest';
import type { ControllerRevision, StatefulSet } from 'kubernetes-types/apps/v1';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import type { WatchRecord } from '../../apiserver/store';
import { TestCluster } from '../../testing/test-cluster';

type PodK = Pod & KubeObject;
type StsK = StatefulSet & KubeObject;

interface StsOptions {
  replicas?: number;
  policy?: 'OrderedReady' | 'Parallel';
  cpu?: string;
  image?: string;
  partition?: number;
  onDelete?: boolean;
  whenScaled?: 'Retain' | 'Delete';
  whenDeleted?: 'Retain' | 'Delete';
  claims?: boolean;
}

function stsYaml(o: StsOptions = {}): string {
  const strategy = o.onDelete ? '{type: OnDelete}' : `{type: RollingUpdate, rollingUpdate: {partition: ${o.partition ?? 0}}}`;
  const retention = o.whenScaled || o.whenDeleted ? `  persistentVolumeClaimRetentionPolicy: {whenScaled: ${o.whenScaled ?? 'Retain'}, whenDeleted: ${o.whenDeleted ?? 'Retain'}}\n` : '';
  const claims = o.claims === false ? '' : `  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`;
  const mounts = o.claims === false ? '' : ', volumeMounts: [{name: data, mountPath: /data}]';
  const resources = o.cpu ? `, resources: {requests: {cpu: '${o.cpu}'}}` : '';
  return `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: ${o.replicas ?? 3}
  podManagementPolicy: ${o.policy ?? 'OrderedReady'}
  updateStrategy: ${strategy}
${retention}  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: ${o.image ?? 'nginx:1.27'}${resources}${mounts}}]
${claims}`;
}

const live = (pods: PodK[]) => pods.filter((p) => !p.metadata.deletionTimestamp);
const names = (objs: KubeObject[]) => objs.map((o) => o.metadata.name).sort();
const getSts = (c: TestCluster, name = 'db') => c.world.getObject({ kind: 'StatefulSet', namespace: 'default', name }) as StsK;
const claims = (c: TestCluster) => c.world.list('PersistentVolumeClaim', 'default') as Array<PersistentVolumeClaim & KubeObject>;
const isReady = (p: Pod) => p.status?.phase === 'Running' && p.status.conditions?.some((x) => x.type === 'Ready' && x.status === 'True');

/** Record the watch stream for the assertions on ordering. */
function record(c: TestCluster): WatchRecord[] {
  const recs: WatchRecord[] = [];
  c.world.onWatch((r) => recs.push(r));
  return recs;
}

describe('StatefulSet controller: ordered creation (OrderedReady)', () => {
  it('creates web-0, waits for it to be Running and Ready, then creates web-1 (fidelity web.yaml)', () => {
    const c = new TestCluster();
    const recs = record(c);
    c.applyOk(readFileSync(join(__dirname, '../../../../fidelity/examples/application/web/web.yaml'), 'utf8'));
    c.settle();
    const web1Created = recs.findIndex((r) => r.type === 'ADDED' && r.object.kind === 'Pod' && r.object.metadata.name === 'web-1');
    const web0Ready = recs.findIndex((r) => r.object.kind === 'Pod' && r.object.metadata.name === 'web-0' && isReady(r.object as Pod));
    expect(web0Ready).toBeGreaterThan(-1);
    expect(web1Created).toBeGreaterThan(web0Ready);
    // Each claim is created before its pod.
    for (const i of [0, 1]) {
      const claimAt = recs.findIndex((r) => r.type === 'ADDED' && r.object.kind === 'PersistentVolumeClaim' && r.object.metadata.name === `www-web-${i}`);
      const podAt = recs.findIndex((r) => r.type === 'ADDED' && r.object.kind === 'Pod' && r.object.metadata.name === `web-${i}`);
      expect(claimAt).toBeGreaterThan(-1);
      expect(claimAt).toBeLessThan(podAt);
    }
    const pods = c.pods({ app: 'nginx' });
    expect(names(pods)).toEqual(['web-0', 'web-1']);
    const sts = getSts(c, 'web');
    for (const p of pods) {
      expect(isReady(p)).toBe(true);
      expect(p.spec?.hostname).toBe(p.metadata.name);
      expect(p.spec?.subdomain).toBe('nginx');
      expect(p.metadata.labels).toMatchObject({
        'statefulset.kubernetes.io/pod-name': p.metadata.name,
        'apps.kubernetes.io/pod-index': p.metadata.name!.slice(4),
        'controller-revision-hash': sts.status?.updateRevision,
      });
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'StatefulSet', name: 'web', controller: true, blockOwnerDeletion: true });
      expect(p.spec?.volumes?.find((v) => v.name === 'www')?.persistentVolumeClaim?.claimName).toBe(`www-${p.metadata.name}`);
    }
    const pvcs = claims(c);
    expect(names(pvcs)).toEqual(['www-web-0', 'www-web-1']);
    for (const pvc of pvcs) {
      expect(pvc.status?.phase).toBe('Bound');
      expect(pvc.spec?.storageClassName).toBe('standard');
      expect(pvc.metadata.labels).toEqual({ app: 'nginx' });
    }
    expect(c.readyEndpoints('nginx')).toHaveLength(2);
    expect(sts.status).toMatchObject({ replicas: 2, readyReplicas: 2, currentReplicas: 2, updatedReplicas: 2, availableReplicas: 2, observedGeneration: 1, collisionCount: 0 });
    expect(sts.status?.currentRevision).toBe(sts.status?.updateRevision);
    expect(sts.status?.updateRevision).toMatch(/^web-[a-z0-9]+$/);
    const rev = c.world.getObject({ kind: 'ControllerRevision', namespace: 'default', name: sts.status!.updateRevision! }) as ControllerRevision & KubeObject;
    expect(rev.revision).toBe(1);
    expect(rev.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'StatefulSet', name: 'web', controller: true });
    expect(c.kubectl('get statefulset')).toMatch(/^NAME\s+READY\s+AGE\nweb\s+2\/2\s+\d+s\n$/);
    expect(c.kubectl('get sts -o wide')).toMatch(/^NAME\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\nweb\s+2\/2\s+\d+s\s+nginx\s+registry\.k8s\.io\/nginx-slim:0\.7\n$/);
    const described = c.kubectl('describe statefulset web');
    expect(described).toMatch(/^Replicas:\s+2 desired \| 2 total$/m);
    expect(described).toMatch(/^Pods Status:\s+2 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed$/m);
    expect(described).toMatch(/Normal\s+SuccessfulCreate\s+.*statefulset-controller\s+create Pod web-0 in StatefulSet web successful/);
    expect(described).toMatch(/create Claim www-web-1 Pod web-1 in StatefulSet web success/);
  });

  it('does not create pod N+1 while pod N is not Running and Ready', () => {
    // Each worker (2 CPUs) fits one 1500m pod: db-0..2 run, db-3 stays Pending, db-4 is never created.
    const c = new TestCluster();
    c.applyOk(stsYaml({ replicas: 5, cpu: '1500m', claims: false }));
    c.settle();
    expect(names(c.pods({ app: 'db' }))).toEqual(['db-0', 'db-1', 'db-2', 'db-3']);
    expect(c.pod('db-3').status?.phase).toBe('Pending');
    expect(getSts(c).status).toMatchObject({ replicas: 4, readyReplicas: 3 });
    expect(c.kubectl('get sts db --no-headers')).toMatch(/^db\s+3\/5\s/);
  });

  it('Parallel creates every pod without waiting', () => {
    const c = new TestCluster();
    const recs = record(c);
    c.applyOk(stsYaml({ replicas: 5, cpu: '1500m', policy: 'Parallel', claims: false }));
    c.settle();
    expect(names(c.pods({ app: 'db' }))).toEqual(['db-0', 'db-1', 'db-2', 'db-3', 'db-4']);
    expect(c.pods({ app: 'db' }).filter((p) => p.status?.phase === 'Pending')).toHaveLength(2);
    // All five were created before any of them was ready.
    const firstReady = recs.findIndex((r) => r.object.kind === 'Pod' && isReady(r.object as Pod));
    const creates = recs.map((r, i) => (r.type === 'ADDED' && r.object.kind === 'Pod' ? i : -1)).filter((i) => i >= 0);
    expect(creates).toHaveLength(5);
    for (const i of creates) expect(i).toBeLessThan(firstReady);
  });
});

describe('StatefulSet controller: scale down and claims', () => {
  it('removes pods from the highest ordinal, one at a time, and keeps the claims (Retain)', () => {
    const c = new TestCluster();
    c.applyOk(stsYaml({ replicas: 3 }));
    c.settle();
    expect(names(claims(c))).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
    const recs = record(c);
    c.applyOk(stsYaml({ replicas: 1 }));
    c.settle();
    const terminating = recs.filter((r) => r.object.kind === 'Pod' && r.object.metadata.deletionTimestamp && !r.oldObject?.metadata.deletionTimestamp && r.type === 'MODIFIED').map((r) => r.object.metadata.name);
    expect(terminating).toEqual(['db-2', 'db-1']);
    // db-1 was marked for deletion only after db-2 was gone.
    const db2Gone = recs.findIndex((r) => r.type === 'DELETED' && r.object.metadata.name === 'db-2');
    const db1Marked = recs.findIndex((r) => r.object.metadata.name === 'db-1' && r.object.metadata.deletionTimestamp);
    expect(db2Gone).toBeLessThan(db1Marked);
    expect(names(c.pods({ app: 'db' }))).toEqual(['db-0']);
    expect(names(claims(c))).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
    expect(getSts(c).status).toMatchObject({ replicas: 1, readyReplicas: 1 });
    // Scaling up again reuses the retained claims.
    c.applyOk(stsYaml({ replicas: 2 }));
    c.settle();
    expect(c.pod('db-1').spec?.volumes?.[0].persistentVolumeClaim?.claimName).toBe('data-db-1');
    expect(names(claims(c))).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
  });

  it('whenScaled: Delete removes the claims of condemned pods; whenDeleted: Delete removes the rest with the set', () => {
    const c = new TestCluster();
    c.applyOk(stsYaml({ replicas: 3, whenScaled: 'Delete', whenDeleted: 'Delete' }));
    c.settle();
    const claim0 = claims(c).find((x) => x.metadata.name === 'data-db-0')!;
    expect(claim0.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'StatefulSet', name: 'db' })]);
    c.applyOk(stsYaml({ replicas: 1, whenScaled: 'Delete', whenDeleted: 'Delete' }));
    c.settle();
    expect(names(claims(c))).toEqual(['data-db-0']);
    expect(c.world.deleteObject({ kind: 'StatefulSet', namespace: 'default', name: 'db' }).ok).toBe(true);
    c.settle();
    expect(c.pods({ app: 'db' })).toHaveLength(0);
    expect(claims(c)).toHaveLength(0);
  });

  it('keeps the claims when the set is deleted under the default Retain policy', () => {
    const c = new TestCluster();
    c.applyOk(stsYaml({ replicas: 2 }));
    c.settle();
    c.world.deleteObject({ kind: 'StatefulSet', namespace: 'default', name: 'db' });
    c.settle();
    expect(c.pods({ app: 'db' })).toHaveLength(0);
    expect(names(claims(c))).toEqual(['data-db-0', 'data-db-1']);
  });

  it('recreates a deleted pod with the same name, identity and claim', () => {
    const c = new TestCluster();
    c.applyOk(stsYaml({ replicas: 2 }));
    c.settle();
    const oldUid = c.pod('db-1').metadata.uid;
    c.world.deleteObject({ kind: 'Pod', namespace: 'default', name: 'db-1' });
    c.settle();
    const p = c.pod('db-1');
    expect(p.metadata.uid).not.toBe(oldUid);
    expect(p.spec?.hostname).toBe('db-1');
    expect(p.spec?.volumes?.[0].persistentVolumeClaim?.claimName).toBe('data-db-1');
    expect(isReady(p)).toBe(true);
  });
});

describe('StatefulSet controller: updates', () => {
  const image = (c: TestCluster, name: string) => c.pod(name).spec?.containers[0].image;

  it('RollingUpdate replaces pods from the highest ordinal down to the partition', () => {
    const c = new TestCluster();
    c.applyOk(stsYaml({ replicas: 3, image: 'nginx:1.27' }));
    c.settle();
    const firstRevision = getSts(c).status?.currentRevision;
    const recs = record(c);
    c.applyOk(stsYaml({ replicas: 3, image: 'nginx:1.28', partition: 1 }));
    c.settle();
    const order = recs.filter((r) => r.type === 'DELETED' && r.object.kind === 'Pod').map((r) => r.object.metadata.name);
    expect(order).toEqual(['db-2', 'db-1']);
    expect([image(c, 'db-0'), image(c, 'db-1'), image(c, 'db-2')]).toEqual(['nginx:1.27', 'nginx:1.28', 'nginx:1.28']);
    const st = getSts(c).status!;
    expect(st.currentRevision).toBe(firstRevision);
    expect(st.updateRevision).not.toBe(firstRevision);
    expect(st).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 1, updatedReplicas: 2, observedGeneration: 2 });
    expect(c.pod('db-0').metadata.labels?.['controller-revision-hash']).toBe(firstRevision);

    // A pod below the partition that is deleted comes back at the current (old) revision.
    c.world.deleteObject({ kind: 'Pod', namespace: 'default', name: 'db-0' });
    c.settle();
    expect(image(c, 'db-0')).toBe('nginx:1.27');

    // Lowering the partition finishes the rollout, and the update revision becomes current.
    c.applyOk(stsYaml({ replicas: 3, image: 'nginx:1.28', partition: 0 }));
    c.settle();
    expect(image(c, 'db-0')).toBe('nginx:1.28');
    const done = getSts(c).status!;
    expect(done.currentRevision).toBe(done.updateRevision);
    expect(done).toMatchObject({ currentReplicas: 3, updatedReplicas: 3 });
    expect(c.world.list('ControllerRevision', 'default').map((r) => (r as unknown as ControllerRevision).revision).sort()).toEqual([1, 2]);
    const revTable = c.kubectl('get controllerrevisions');
    expect(revTable).toMatch(/^NAME\s+CONTROLLER\s+REVISION\s+AGE\n/);
    expect(revTable).toMatch(new RegExp(`^${firstRevision}\\s+statefulset\\.apps/db\\s+1\\s+\\d+s$`, 'm'));
  });

  it('rolling back to an earlier template reuses its revision with a new number', () => {
    const c = new TestCluster();
    c.applyOk(stsYaml({ replicas: 1, image: 'nginx:1.27', claims: false }));
    c.settle();
    const first = getSts(c).status!.updateRevision!;
    c.applyOk(stsYaml({ replicas: 1, image: 'nginx:1.28', claims: false }));
    c.settle();
    c.applyOk(stsYaml({ replicas: 1, image: 'nginx:1.27', claims: false }));
    c.settle();
    expect(getSts(c).status?.updateRevision).toBe(first);
    const rev = c.world.getObject({ kind: 'ControllerRevision', namespace: 'default', name: first }) as ControllerRevision & KubeObject;
    expect(rev.revision).toBe(3);
    expect(image(c, 'db-0')).toBe('nginx:1.27');
  });

  it('OnDelete only replaces pods someone deletes', () => {
    const c = new TestCluster();
    c.applyOk(stsYaml({ replicas: 2, onDelete: true, claims: false }));
    c.settle();
    c.applyOk(stsYaml({ replicas: 2, onDelete: true, claims: false, image: 'nginx:1.28' }));
    c.settle();
    expect([image(c, 'db-0'), image(c, 'db-1')]).toEqual(['nginx:1.27', 'nginx:1.27']);
    expect(getSts(c).status).toMatchObject({ currentReplicas: 2 });
    expect(getSts(c).status?.updatedReplicas).toBeUndefined();
    c.world.deleteObject({ kind: 'Pod', namespace: 'default', name: 'db-1' });
    c.settle();
    expect([image(c, 'db-0'), image(c, 'db-1')]).toEqual(['nginx:1.27', 'nginx:1.28']);
    expect(getSts(c).status).toMatchObject({ currentReplicas: 1, updatedReplicas: 1 });
    expect(live(c.pods({ app: 'db' }))).toHaveLength(2);
  });
});
