import { describe, expect, it } from 'vitest';
import type { Pod, ReplicationController } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { TestCluster } from '../../testing/test-cluster';
import { replicationControllerSelector } from './replication-controller';

// The ReplicationController of the docs (controllers/replication.yaml).
const RC = `apiVersion: v1
kind: ReplicationController
metadata:
  name: nginx
spec:
  replicas: 3
  selector:
    app: nginx
  template:
    metadata:
      name: nginx
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
        ports:
        - containerPort: 80
`;

const rc = (c: TestCluster, name = 'nginx') => c.world.getObject({ kind: 'ReplicationController', namespace: 'default', name }) as ReplicationController & KubeObject;
const owned = (c: TestCluster, uid: string) => (c.world.list('Pod', 'default') as Array<Pod & KubeObject>)
  .filter((p) => !p.metadata.deletionTimestamp && p.metadata.ownerReferences?.some((o) => o.controller && o.uid === uid));

describe('ReplicationManager (the ReplicaSet controller over ReplicationControllers)', () => {
  it('turns the label map into a LabelSelector; an empty map selects nothing', () => {
    expect(replicationControllerSelector({ metadata: {}, spec: { selector: { app: 'nginx' } } } as never)).toEqual({ matchLabels: { app: 'nginx' } });
    expect(replicationControllerSelector({ metadata: {}, spec: { selector: {} } } as never)).toBeUndefined();
  });

  it('runs 3 pods owned by the RC (controller ref kind ReplicationController, apiVersion v1)', () => {
    const c = new TestCluster();
    c.applyOk(RC);
    c.settle();
    const obj = rc(c);
    expect(obj.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
    const pods = owned(c, obj.metadata.uid!);
    expect(pods).toHaveLength(3);
    expect(pods[0].metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'ReplicationController', name: 'nginx', uid: obj.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(pods.every((p) => p.metadata.name!.startsWith('nginx-'))).toBe(true);
    const events = (c.world.list('Event', 'default') as unknown as Array<{ reason: string; source: { component: string }; involvedObject: { kind: string } }>)
      .filter((e) => e.involvedObject.kind === 'ReplicationController');
    expect(events.filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(3);
    expect(events[0].source.component).toBe('replication-controller');
    expect(c.kubectl('get rc')).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nnginx\s+3\s+3\s+3\s+\d+s\n$/);
    expect(c.kubectl('get rc -o wide')).toMatch(/^nginx\s+3\s+3\s+3\s+\d+s\s+nginx\s+nginx\s+app=nginx$/m);
  });

  it('defaults the selector and labels from the template', () => {
    const c = new TestCluster();
    c.applyOk(RC.replace('  selector:\n    app: nginx\n', ''));
    expect(rc(c).spec?.selector).toEqual({ app: 'nginx' });
    expect(rc(c).metadata.labels).toEqual({ app: 'nginx' });
  });

  it('replaces a deleted pod, adopts a matching orphan, releases a relabelled pod, and scales', () => {
    const c = new TestCluster();
    c.applyOk(RC);
    c.settle();
    const uid = rc(c).metadata.uid!;
    const victim = owned(c, uid)[0].metadata.name!;
    c.kubectl(`delete pod ${victim}`);
    c.settle();
    expect(owned(c, uid)).toHaveLength(3);
    expect(owned(c, uid).map((p) => p.metadata.name)).not.toContain(victim);
    c.kubectl('scale rc nginx --replicas=1');
    c.settle();
    expect(owned(c, uid)).toHaveLength(1);
    expect(rc(c).status?.replicas).toBe(1);
    // An orphan with the selected labels is adopted (and, being one too many, deleted).
    c.applyOk('apiVersion: v1\nkind: Pod\nmetadata: {name: stray, labels: {app: nginx}}\nspec: {containers: [{name: c, image: nginx}]}\n');
    c.settle();
    expect(owned(c, uid)).toHaveLength(1);
    // A pod relabelled out of the selector is released and replaced.
    const kept = owned(c, uid)[0].metadata.name!;
    c.kubectl(`label pod ${kept} app=other --overwrite`);
    c.settle();
    expect(c.pod(kept).metadata.ownerReferences ?? []).toEqual([]);
    expect(owned(c, uid)).toHaveLength(1);
    expect(owned(c, uid)[0].metadata.name).not.toBe(kept);
  });

  it('describes the RC as kubectl does', () => {
    const c = new TestCluster();
    c.applyOk(RC);
    c.settle();
    const out = c.kubectl('describe rc nginx');
    expect(out).toMatch(/^Name:\s+nginx\nNamespace:\s+default\nSelector:\s+app=nginx\nLabels:\s+app=nginx\nAnnotations:\s+<none>\nReplicas:\s+3 current \/ 3 desired\nPods Status:\s+3 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed\nPod Template:\n/);
    expect(out).toMatch(/Normal\s+SuccessfulCreate\s+\S+\s+replication-controller\s+Created pod: nginx-/);
  });

  it('deleting the RC removes its pods (garbage collector, background propagation)', () => {
    const c = new TestCluster();
    c.applyOk(RC);
    c.settle();
    c.kubectl('delete rc nginx');
    c.settle();
    expect(c.world.list('Pod', 'default').filter((p) => p.metadata.name?.startsWith('nginx-'))).toHaveLength(0);
  });
});
