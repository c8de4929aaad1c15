// Preemption end to end in a whole World: PriorityClass, Priority admission, the scheduler's
// PostFilter, the victim's graceful deletion by its kubelet, and the preemptor's binding.

import { describe, expect, it } from 'vitest';
import type { Event, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/meta';
import { TestCluster } from '../../../testing/test-cluster';

const filler = (name: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: c, image: nginx:1.27, resources: {requests: {cpu: 1500m}}}]
`;
const HIGH = `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000000
description: for pods that must run
---
apiVersion: v1
kind: Pod
metadata: {name: vip}
spec:
  priorityClassName: high
  containers: [{name: c, image: nginx:1.27, resources: {requests: {cpu: 1500m}}}]
`;

function watchNominations(c: TestCluster): string[] {
  const seen: string[] = [];
  c.world.onWatch((rec) => {
    const p = rec.object as Pod & KubeObject;
    if (rec.type !== 'DELETED' && p.kind === 'Pod' && p.metadata.name === 'vip' && !p.spec?.nodeName && p.status?.nominatedNodeName) {
      if (seen[seen.length - 1] !== p.status.nominatedNodeName) seen.push(p.status.nominatedNodeName);
    }
  });
  return seen;
}

const events = (c: TestCluster, reason: string) => (c.world.list('Event', 'default') as unknown as Event[]).filter((e) => e.reason === reason);

describe('preemption in a full cluster', () => {
  it('a high-priority pod that fits nowhere preempts a priority-0 pod and takes its node', () => {
    const c = new TestCluster();
    c.applyOk(filler('filler', 3));
    c.settle();
    const before = c.pods({ app: 'filler' });
    expect(before.map((p) => p.spec?.priority)).toEqual([0, 0, 0]);
    expect(new Set(before.map((p) => p.spec?.nodeName))).toEqual(new Set(['node-1', 'node-2', 'node-3']));

    const nominations = watchNominations(c);
    const victimConditions: Array<{ name: string; reason?: string; message?: string }> = [];
    c.world.onWatch((rec) => {
      const p = rec.object as Pod & KubeObject;
      const cond = p.kind === 'Pod' && p.metadata.labels?.app === 'filler' ? p.status?.conditions?.find((x) => x.type === 'DisruptionTarget') : undefined;
      if (cond && !victimConditions.some((v) => v.name === p.metadata.name)) victimConditions.push({ name: p.metadata.name!, reason: cond.reason, message: cond.message });
    });
    c.applyOk(HIGH);
    c.settle();

    const vip = c.pod('vip');
    expect(vip.spec).toMatchObject({ priorityClassName: 'high', priority: 1000000, preemptionPolicy: 'PreemptLowerPriority' });
    // exactly one victim, marked DisruptionTarget by the scheduler, announced by a Preempted event
    expect(victimConditions).toHaveLength(1);
    expect(victimConditions[0]).toMatchObject({ reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod' });
    const victim = before.find((p) => p.metadata.name === victimConditions[0].name)!;
    const node = victim.spec!.nodeName!;
    const [preempted] = events(c, 'Preempted');
    expect(preempted).toMatchObject({ type: 'Normal', involvedObject: { name: victim.metadata.name }, message: `Preempted by pod ${vip.metadata.uid} on node ${node}` });
    // the preemptor was nominated to that node while the victim terminated, and runs there now
    expect(nominations).toEqual([node]);
    expect(vip.status?.phase).toBe('Running');
    expect(vip.spec?.nodeName).toBe(node);
    expect(c.world.getObject({ kind: 'Pod', namespace: 'default', name: victim.metadata.name! })).toBeUndefined();
    // the ReplicaSet's replacement for the victim has nowhere to go
    const pending = c.pods({ app: 'filler' }).filter((p) => p.status?.phase === 'Pending');
    expect(pending).toHaveLength(1);
    expect(pending[0].status?.conditions?.find((x) => x.type === 'PodScheduled')?.message).toContain('3 Insufficient cpu');
  });

  it('spares the pod a PodDisruptionBudget protects and preempts an unprotected one', () => {
    const c = new TestCluster();
    // db starts last, so without its budget it would be the victim (the latest-started pod is
    // preferred when everything else ties)
    c.applyOk(filler('web', 2));
    c.settle();
    c.step(10_000);
    c.applyOk(filler('db', 1));
    c.applyOk('apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: db}\nspec: {minAvailable: 1, selector: {matchLabels: {app: db}}}\n');
    c.settle();
    expect(c.world.getObject({ kind: 'PodDisruptionBudget', namespace: 'default', name: 'db' })).toMatchObject({ status: { disruptionsAllowed: 0 } });
    const [db] = c.pods({ app: 'db' });
    c.applyOk(HIGH);
    c.settle();
    const [preempted] = events(c, 'Preempted');
    expect(preempted.involvedObject.name).toMatch(/^web-/);
    expect(c.pod(db.metadata.name!).metadata.deletionTimestamp).toBeUndefined();
    expect(c.pod('vip').status?.phase).toBe('Running');
    expect(c.pod('vip').spec?.nodeName).not.toBe(db.spec?.nodeName);
  });

  it('a more important preemptor takes over a lower-priority pod\'s nomination; the other looks again', () => {
    const c = new TestCluster();
    // The fillers take 5 s to stop (a preStop hook), so a victim is still terminating a second later.
    c.applyOk(filler('filler', 3).replace('resources: {requests: {cpu: 1500m}}}]', "resources: {requests: {cpu: 1500m}}, lifecycle: {preStop: {exec: {command: [sh, -c, 'sleep 5']}}}}]"));
    c.settle();
    const pod = (name: string, cls: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  priorityClassName: ${cls}
  containers: [{name: c, image: nginx:1.27, resources: {requests: {cpu: 1500m}}}]
`;
    c.applyOk(`apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: low}
value: 100
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
`);
    c.applyOk(pod('p1', 'low'));
    c.step(1000);
    const n1 = (c.pod('p1').status as { nominatedNodeName?: string }).nominatedNodeName;
    expect(n1).toMatch(/^node-/);
    // p1's victim is still terminating (its preStop hook) when a more important pod arrives.
    c.applyOk(pod('p2', 'high'));
    c.step(1000);
    expect((c.pod('p2').status as { nominatedNodeName?: string }).nominatedNodeName).toBe(n1);
    expect((c.pod('p1').status as { nominatedNodeName?: string }).nominatedNodeName).not.toBe(n1);
    c.settle();
    expect(c.pod('p2').spec?.nodeName).toBe(n1);
    // p1 preempted another filler elsewhere and runs there.
    expect(c.pod('p1').spec?.nodeName).toMatch(/^node-/);
    expect(c.pod('p1').spec?.nodeName).not.toBe(n1);
    expect(c.pod('p1').status?.phase).toBe('Running');
  });
});
