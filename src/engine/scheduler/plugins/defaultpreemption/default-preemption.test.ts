import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { makeNodeWithCapacity, makeSchedulingPod, type SchedulingPodOptions } from '../../../testing/builders';
import { Cache } from '../../cache/cache';
import { CycleState } from '../../framework/cycle-state';
import { Framework } from '../../framework/runtime/framework';
import { isSuccess } from '../../framework/status';
import { newDiagnosis } from '../../framework/types';
import { defaultProfile, inTreeRegistry } from '../registry';
import { moreImportantPod, pickOneNodeForPreemption } from './default-preemption';

/** A framework over `nodes` (each with its bound pods) that records the victims it evicts. */
function setup(nodes: Array<{ name: string; cpu?: string; taint?: boolean; pods: SchedulingPodOptions[] }>) {
  const evicted: string[] = [];
  const fw = new Framework(defaultProfile, inTreeRegistry, { preemptPod: (v) => (evicted.push(v.metadata!.name!), true) });
  const cache = new Cache();
  for (const n of nodes) {
    cache.addNode(makeNodeWithCapacity({ name: n.name, cpu: n.cpu, ...(n.taint ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {}) }));
    n.pods.forEach((p, i) => cache.addPod(makeSchedulingPod({ name: `${n.name}-p${i}`, nodeName: n.name, ...p })));
  }
  fw.setSnapshot(cache.snapshot());
  return { fw, evicted };
}

/** Filter every node as the scheduling cycle does, then run PostFilter. */
function preempt(fw: Framework, pod: Pod) {
  const state = new CycleState();
  expect(isSuccess(fw.runPreFilterPlugins(state, pod).status)).toBe(true);
  const d = newDiagnosis();
  for (const ni of fw.snapshotSharedLister().list()) {
    const s = fw.runFilterPlugins(state, pod, ni);
    if (!isSuccess(s)) d.nodeToStatus.set(ni.name, s);
  }
  return fw.runPostFilterPlugins(state, pod, d.nodeToStatus);
}

describe('DefaultPreemption', () => {
  it.each<[string, Array<{ name: string; cpu?: string; taint?: boolean; pods: SchedulingPodOptions[] }>, SchedulingPodOptions, string]>([
    ['tainted nodes are not helpful, full nodes without lower-priority pods have no victims',
      [{ name: 'cp', taint: true, pods: [] }, ...['w1', 'w2', 'w3'].map((name) => ({ name, pods: [{ cpu: '2' }] }))],
      { cpu: '1' },
      'preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.'],
    ['a pod larger than any node: preemption is not helpful anywhere',
      [{ name: 'w1', pods: [{ cpu: '1' }] }, { name: 'w2', pods: [] }],
      { cpu: '3', priority: 1000 },
      'preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.'],
    ['lower-priority pods that would not free enough report the filter reason',
      [{ name: 'w1', pods: [{ cpu: '1', priority: 1000 }, { cpu: '1' }] }],
      { cpu: '1500m', priority: 1000 },
      'preemption: 0/1 nodes are available: 1 Insufficient cpu.'],
    ['preemptionPolicy Never',
      [{ name: 'w1', pods: [{ cpu: '2' }] }],
      { cpu: '1', priority: 1000, preemptionPolicy: 'Never' },
      'preemption: not eligible due to preemptionPolicy=Never.'],
  ])('%s', (_name, nodes, podOpts, message) => {
    const { fw, evicted } = setup(nodes);
    const r = preempt(fw, makeSchedulingPod({ name: 'incoming', ...podOpts }));
    expect(r.status).toMatchObject({ code: 'Unschedulable', reasons: [message] });
    expect(evicted).toEqual([]);
  });

  it('evicts the fewest, least important pods on the best node and nominates it', () => {
    const { fw, evicted } = setup([
      // evicting one priority-100 pod is enough here
      { name: 'w1', pods: [{ cpu: '1', priority: 100 }, { cpu: '1', priority: 500 }] },
      // here a priority-10 pod would do, but it is less important: the lowest top victim wins
      { name: 'w2', pods: [{ cpu: '1', priority: 10 }, { cpu: '1', priority: 2000 }] },
    ]);
    const r = preempt(fw, makeSchedulingPod({ name: 'incoming', cpu: '1', priority: 1000 }));
    expect(r).toMatchObject({ status: { code: 'Success' }, nominatedNodeName: 'w2' });
    expect(evicted).toEqual(['w2-p0']);
  });

  it('reprieves the more important victims when evicting the others is enough', () => {
    const { fw, evicted } = setup([{ name: 'w1', cpu: '3', pods: [{ cpu: '1', priority: 1 }, { cpu: '1', priority: 2 }, { cpu: '1', priority: 3 }] }]);
    preempt(fw, makeSchedulingPod({ name: 'incoming', cpu: '2', priority: 10 }));
    expect(evicted.sort()).toEqual(['w1-p0', 'w1-p1']);
  });

  it('orders by importance: priority, then start time', () => {
    const a = makeSchedulingPod({ name: 'a', priority: 5 });
    const b = makeSchedulingPod({ name: 'b', priority: 1 });
    expect(moreImportantPod(a, b)).toBe(true);
    expect(pickOneNodeForPreemption([{ nodeName: 'x', victims: [a] }, { nodeName: 'y', victims: [b] }])?.nodeName).toBe('y');
  });
});
