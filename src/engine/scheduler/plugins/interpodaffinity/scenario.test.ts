import { describe, expect, it } from 'vitest';
import { makeNodeWithCapacity, makeSchedulingPod } from '../../../testing/builders';
import { SchedulerHarness } from '../../../testing/scheduler-harness';
import { TestCluster } from '../../../testing/test-cluster';

function deployment(name: string, replicas: number, affinity: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      affinity:
${affinity}
      containers:
      - {name: nginx, image: nginx:1.27}
`;
}

const antiOnHostname = (app: string) => `        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector: {matchLabels: {app: ${app}}}
            topologyKey: kubernetes.io/hostname`;

describe('InterPodAffinity in a whole cluster', () => {
  it('spreads a Deployment with required anti-affinity on hostname one pod per node; the extra replica stays Pending', () => {
    const c = new TestCluster(); // control-plane (tainted) + node-1..node-3
    c.applyOk(deployment('web', 4, antiOnHostname('web')));
    c.settle(120_000);

    const pods = c.pods({ app: 'web' });
    expect(pods).toHaveLength(4);
    const running = pods.filter((p) => p.spec?.nodeName);
    expect(running.map((p) => p.spec?.nodeName).sort()).toEqual(['node-1', 'node-2', 'node-3']);
    expect(running.every((p) => p.status?.phase === 'Running')).toBe(true);

    const [pending] = pods.filter((p) => !p.spec?.nodeName);
    expect(pending.status?.phase).toBe('Pending');
    const scheduled = pending.status?.conditions?.find((cond) => cond.type === 'PodScheduled');
    // kube-scheduler 1.35 no longer names the taint (kubernetes PR #134740): "untolerated taint(s)".
    const message = '0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 node(s) didn\'t match pod anti-affinity rules. ' +
      'preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.';
    expect(scheduled).toMatchObject({ status: 'False', reason: 'Unschedulable', message });
    expect(c.kubectl(`describe pod ${pending.metadata.name}`)).toContain(`FailedScheduling  `);
    expect(c.kubectl(`describe pod ${pending.metadata.name}`)).toContain(message);
  });

  it("the scheduler's checkPlacement does not count a bound pod against itself on its own node", () => {
    const h = new SchedulerHarness();
    for (const n of ['n1', 'n2']) h.createNode(makeNodeWithCapacity({ name: n, labels: { 'kubernetes.io/hostname': n } }));
    const anti = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] } };
    h.createPod(makeSchedulingPod({ name: 'web-1', labels: { app: 'web' }, nodeName: 'n1', affinity: anti }));
    h.createPod(makeSchedulingPod({ name: 'web-2', labels: { app: 'web' }, nodeName: 'n2', affinity: anti }));
    h.run();
    const own = h.scheduler.checkPlacement(h.pod('web-1'), 'n1');
    expect(own.plugins.find((p) => p.plugin === 'InterPodAffinity')?.code).toBe('Success');
    const other = h.scheduler.checkPlacement(h.pod('web-1'), 'n2');
    expect(other.plugins.find((p) => p.plugin === 'InterPodAffinity')).toMatchObject({ code: 'Unschedulable', reasons: ["node(s) didn't match pod anti-affinity rules"] });
  });

  it("retries a pod rejected by an existing pod's anti-affinity as soon as that pod is deleted", () => {
    const c = new TestCluster({ workerNodes: 1 });
    c.applyOk(`apiVersion: v1
kind: Pod
metadata: {name: guard, labels: {app: guard}}
spec:
  nodeName: node-1
  affinity:
${antiOnHostname('web').replace(/^ {4}/gm, '')}
  containers: [{name: c, image: nginx:1.27}]
`);
    c.settle(60_000);
    c.applyOk(`apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  containers: [{name: c, image: nginx:1.27}]
`);
    c.settle(60_000);
    expect(c.pod('web').spec?.nodeName).toBeUndefined();
    expect(c.pod('web').status?.conditions?.find((x) => x.type === 'PodScheduled')?.message)
      .toBe("0/2 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules, 1 node(s) had untolerated taint(s). " +
        'preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.');

    const deletedAt = c.world.now();
    expect(c.world.deleteObject({ kind: 'Pod', namespace: 'default', name: 'guard' }).ok).toBe(true);
    c.settle(120_000);
    expect(c.pod('web').spec?.nodeName).toBe('node-1');
    // Requeued by the deletion event, not by the 5-minute unschedulable-pods flush.
    const scheduledAt = Date.parse(c.pod('web').status!.conditions!.find((x) => x.type === 'PodScheduled')!.lastTransitionTime!);
    expect(scheduledAt - (c.world.creationEpochMs + deletedAt)).toBeLessThan(60_000);
  });

  it('preempts a lower-priority pod that the incoming pod has anti-affinity to', () => {
    const c = new TestCluster({ workerNodes: 1 });
    c.applyOk(`apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
---
apiVersion: v1
kind: Pod
metadata: {name: old, labels: {app: web}}
spec:
  containers: [{name: c, image: nginx:1.27}]
`);
    c.settle(60_000);
    expect(c.pod('old').spec?.nodeName).toBe('node-1');
    c.applyOk(`apiVersion: v1
kind: Pod
metadata: {name: important}
spec:
  priorityClassName: high
  affinity:
${antiOnHostname('web').replace(/^ {4}/gm, '')}
  containers: [{name: c, image: nginx:1.27}]
`);
    c.settle(120_000);
    expect(c.pods({ app: 'web' })).toEqual([]);
    expect(c.pod('important').spec?.nodeName).toBe('node-1');
  });

  it('co-locates pods with required affinity on the node of their peer', () => {
    const c = new TestCluster();
    c.applyOk(`apiVersion: v1
kind: Pod
metadata: {name: cache, labels: {app: cache}}
spec:
  nodeName: node-3
  containers: [{name: redis, image: redis:7}]
`);
    c.applyOk(deployment('web', 2, `        podAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector: {matchLabels: {app: cache}}
            topologyKey: kubernetes.io/hostname`));
    c.settle(120_000);
    expect(c.pods({ app: 'web' }).map((p) => p.spec?.nodeName)).toEqual(['node-3', 'node-3']);
  });
});
