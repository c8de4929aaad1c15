import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { makeNodeWithCapacity, makeSchedulingPod, type CapacityNodeOptions } from '../testing/builders';
import { SchedulerHarness } from '../testing/scheduler-harness';
import { numFeasibleNodesToFind, selectHost, truncateMessage } from './schedule-one';

const controlPlaneTaint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

/** The default World layout: a tainted control plane and `workers` worker nodes. */
function cluster(workers = 3, o: CapacityNodeOptions = {}, h = new SchedulerHarness()): SchedulerHarness {
  h.createNode(makeNodeWithCapacity({ name: 'control-plane', taints: [controlPlaneTaint], labels: { 'node-role.kubernetes.io/control-plane': '' } }));
  for (let i = 1; i <= workers; i++) h.createNode(makeNodeWithCapacity({ name: `node-${i}`, ...o }));
  return h;
}

function scheduledOn(h: SchedulerHarness, name: string): string | undefined {
  return h.pod(name).spec?.nodeName;
}

function podScheduled(p: Pod) {
  return p.status?.conditions?.find((c) => c.type === 'PodScheduled');
}

describe('scheduling one pod', () => {
  it('binds a pod and records Scheduled, as kube-scheduler does', () => {
    const h = cluster(1);
    h.createPod(makeSchedulingPod({ name: 'web', cpu: '100m' }));
    expect(h.run()).toBe(1);
    expect(scheduledOn(h, 'web')).toBe('node-1');
    expect(podScheduled(h.pod('web'))).toMatchObject({ status: 'True' });
    const ev = h.lastEvent('web', 'Scheduled')!;
    expect(ev).toMatchObject({ type: 'Normal', message: 'Successfully assigned default/web to node-1', source: { component: 'default-scheduler' } });
  });

  it('explains a pod that fits nowhere in the upstream FailedScheduling format', () => {
    const h = cluster(3);
    for (let i = 1; i <= 3; i++) h.createPod(makeSchedulingPod({ name: `hog-${i}`, cpu: '1800m', nodeName: `node-${i}` }));
    h.createPod(makeSchedulingPod({ name: 'web', cpu: '1' }));
    h.run();
    const message =
      '0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Insufficient cpu. ' +
      'preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.';
    expect(h.lastEvent('web', 'FailedScheduling')).toMatchObject({ type: 'Warning', message, source: { component: 'default-scheduler' } });
    expect(podScheduled(h.pod('web'))).toMatchObject({ status: 'False', reason: 'Unschedulable', message, lastProbeTime: null });
    expect(scheduledOn(h, 'web')).toBeUndefined();
    expect(h.scheduler.pendingPods()).toEqual([{ podKey: 'default/web', queue: 'unschedulablePods', attempts: 1, unschedulablePlugins: ['TaintToleration', 'NodeResourcesFit'] }]);
  });

  it('counts repeated identical failures on one event and leaves the condition as it was', () => {
    const h = cluster(1, { cpu: '1' });
    h.createPod(makeSchedulingPod({ name: 'web', cpu: '2' }));
    h.run();
    const cond = podScheduled(h.pod('web'));
    const rv = h.pod('web').metadata?.resourceVersion;
    h.step(6 * 60_000); // the 5-minute flush retries it
    expect(h.events('FailedScheduling')).toHaveLength(1);
    expect(h.events('FailedScheduling')[0].count).toBe(2);
    expect(podScheduled(h.pod('web'))).toEqual(cond);
    expect(h.pod('web').metadata?.resourceVersion).toBe(rv);
  });

  it('spreads identical pods over the least allocated nodes', () => {
    const h = cluster(3);
    for (let i = 0; i < 6; i++) h.createPod(makeSchedulingPod({ name: `web-${i}`, cpu: '500m', memory: '256Mi' }));
    h.run();
    const perNode = new Map<string, number>();
    for (let i = 0; i < 6; i++) {
      const n = scheduledOn(h, `web-${i}`)!;
      perNode.set(n, (perNode.get(n) ?? 0) + 1);
    }
    expect([...perNode.entries()].sort()).toEqual([['node-1', 2], ['node-2', 2], ['node-3', 2]]);
  });

  const prefer = { key: 'maintenance', effect: 'PreferNoSchedule' };
  const ssd = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } }] } };
  it.each<[string, CapacityNodeOptions[], Partial<Parameters<typeof makeSchedulingPod>[0]>, string]>([
    ['avoids PreferNoSchedule taints (TaintToleration)', [{ name: 'node-1', taints: [prefer] }, { name: 'node-2' }], {}, 'node-2'],
    ['follows preferred node affinity (NodeAffinity)', [{ name: 'node-1' }, { name: 'node-2', labels: { disk: 'ssd' } }], { affinity: ssd }, 'node-2'],
    ['weighs TaintToleration (3 x 100) over preferred NodeAffinity (2 x 100)', [{ name: 'node-1', labels: { disk: 'ssd' }, taints: [prefer] }, { name: 'node-2' }], { affinity: ssd }, 'node-2'],
    ['obeys nodeSelector', [{ name: 'node-1' }, { name: 'node-2', labels: { disk: 'ssd' } }], { nodeSelector: { disk: 'ssd' } }, 'node-2'],
  ])('%s', (_name, nodes, podOpts, want) => {
    const h = new SchedulerHarness();
    for (const n of nodes) h.createNode(makeNodeWithCapacity(n));
    // the wanted node carries a little more load, so that only the plugin under test can pick it
    h.createPod(makeSchedulingPod({ name: 'load', cpu: '100m', nodeName: want }));
    h.createPod(makeSchedulingPod({ name: 'web', cpu: '100m', ...podOpts }));
    h.run();
    expect(scheduledOn(h, 'web')).toBe(want);
  });

  it('counts a pod it just bound before the informer reports the binding (assume)', () => {
    const h = cluster(2, {}, new SchedulerHarness({ manualDelivery: true }));
    h.deliver();
    h.createPod(makeSchedulingPod({ name: 'a', cpu: '1500m' }));
    h.createPod(makeSchedulingPod({ name: 'b', cpu: '1500m' }));
    h.deliver();
    // Both are scheduled in one pass, with no watch event in between.
    expect(h.scheduler.runOnce()).toBe(2);
    expect(h.pendingWatchCount()).toBeGreaterThan(0);
    expect(new Set([scheduledOn(h, 'a'), scheduledOn(h, 'b')])).toEqual(new Set(['node-1', 'node-2']));
    h.deliver();
    const counted = h.scheduler.cachedPodsByNode();
    expect([...counted.values()].map((ps) => ps.length).sort()).toEqual([0, 1, 1]);
  });

  it('forgets the pod and backs off when the binding fails', () => {
    const h = cluster(1, {}, new SchedulerHarness({ manualDelivery: true }));
    h.createPod(makeSchedulingPod({ name: 'web', cpu: '1' }));
    h.deliver();
    h.deletePod('web'); // the scheduler's informer has not seen the deletion yet
    h.scheduler.runOnce();
    expect(h.lastEvent('web', 'FailedScheduling')?.message).toBe('running Bind plugin "DefaultBinder": pods "web" not found');
    expect(h.scheduler.pendingPods()).toMatchObject([{ podKey: 'default/web', queue: 'backoffQ' }]);
    expect(h.scheduler.cachedPodsByNode().get('node-1')).toEqual([]);
    h.deliver();
    expect(h.scheduler.pendingPods()).toEqual([]);
  });

  it('retries a parked pod when a node that fits joins', () => {
    const h = cluster(1, { cpu: '1' });
    h.createPod(makeSchedulingPod({ name: 'big', cpu: '3' }));
    h.run();
    expect(scheduledOn(h, 'big')).toBeUndefined();
    h.step(2000);
    h.createNode(makeNodeWithCapacity({ name: 'node-big', cpu: '4' }));
    h.run();
    expect(scheduledOn(h, 'big')).toBe('node-big');
  });

  it('frees the room of a pod that finished or was rejected by its kubelet', () => {
    const h = cluster(1);
    const hog = h.createPod(makeSchedulingPod({ name: 'hog', cpu: '2', nodeName: 'node-1' }));
    h.createPod(makeSchedulingPod({ name: 'web', cpu: '1' }));
    h.run();
    expect(scheduledOn(h, 'web')).toBeUndefined();
    h.step(2000);
    h.user.updateStatus({ ...hog, status: { phase: 'Failed', reason: 'OutOfcpu' } } as never);
    h.run();
    expect(scheduledOn(h, 'web')).toBe('node-1');
  });

  it('leaves pods of other schedulers alone', () => {
    const h = cluster(1);
    h.createPod(makeSchedulingPod({ name: 'web', schedulerName: 'my-scheduler' }));
    expect(h.run()).toBe(0);
    expect(scheduledOn(h, 'web')).toBeUndefined();
  });

  it('reports no nodes as an error and backs off', () => {
    const h = new SchedulerHarness();
    h.createPod(makeSchedulingPod({ name: 'web' }));
    h.run();
    expect(h.lastEvent('web', 'FailedScheduling')?.message).toBe('no nodes available to schedule pods');
    expect(podScheduled(h.pod('web'))).toMatchObject({ status: 'False', reason: 'SchedulerError' });
    expect(h.scheduler.pendingPods()).toMatchObject([{ queue: 'backoffQ' }]);
  });
});

describe('numFeasibleNodesToFind', () => {
  it.each<[number, number, number]>([
    [0, 3, 3],
    [0, 99, 99],
    [0, 100, 100],
    [0, 1000, 420], // 50 - 1000/125 = 42%
    [0, 5000, 500], // 50 - 40 = 10%
    [0, 6000, 300], // 50 - 48 = 2% -> at least 5%
    [10, 500, 100], // 10% of 500 = 50 -> at least 100
    [50, 1000, 500],
  ])('percentage %i of %i nodes -> %i', (pct, n, want) => {
    expect(numFeasibleNodesToFind(pct, n)).toBe(want);
  });
});

describe('selectHost', () => {
  const tie = ['a', 'b', 'c'].map((name) => ({ name, scores: [], totalScore: 10 }));
  it('picks the highest total', () => {
    expect(selectHost([{ name: 'a', scores: [], totalScore: 5 }, { name: 'b', scores: [], totalScore: 9 }], { int: () => 0 })).toBe('b');
  });
  it('breaks ties with the Rng, giving each tied node a chance', () => {
    let seed = 1;
    const rng = { int: (n: number) => (seed = (seed * 16807) % 2147483647) % n };
    const picked = new Set(Array.from({ length: 60 }, () => selectHost(tie, rng)));
    expect(picked).toEqual(new Set(['a', 'b', 'c']));
  });
});

describe('truncateMessage', () => {
  it('keeps short messages and cuts long ones to 1024 characters ending in " ..."', () => {
    expect(truncateMessage('short')).toBe('short');
    const cut = truncateMessage('x'.repeat(2000));
    expect(cut).toHaveLength(1024);
    expect(cut.endsWith(' ...')).toBe(true);
  });
});
