import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { makeNodeWithCapacity, makeSchedulingPod, type SchedulingPodOptions } from '../../../testing/builders';
import { Cache } from '../../cache/cache';
import { CycleState } from '../../framework/cycle-state';
import { Framework } from '../../framework/runtime/framework';
import { isSuccess } from '../../framework/status';
import { newDiagnosis } from '../../framework/types';
import { defaultProfile, inTreeRegistry } from '../registry';
import type { KubeObject } from '../../../api/meta';
import type { PodDisruptionBudgetObject } from '../../../api/poddisruptionbudget';
import { filterPodsWithPDBViolation, moreImportantPod, pickOneNodeForPreemption } from './default-preemption';

/** A PDB as the disruption controller leaves it: `allowed` disruptions for pods labelled app=<app>. */
function pdb(name: string, app: string, allowed: number, extra: { namespace?: string; disruptedPods?: Record<string, string>; selector?: object } = {}): PodDisruptionBudgetObject {
  return {
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget',
    metadata: { name, namespace: extra.namespace ?? 'default', generation: 1 },
    spec: { minAvailable: 1, selector: extra.selector ?? { matchLabels: { app } } },
    status: { currentHealthy: 1 + allowed, desiredHealthy: 1, expectedPods: 1 + allowed, disruptionsAllowed: allowed, observedGeneration: 1, ...(extra.disruptedPods ? { disruptedPods: extra.disruptedPods } : {}) },
  };
}

/** A framework over `nodes` (each with its bound pods) that records the victims it evicts. */
function setup(nodes: Array<{ name: string; cpu?: string; taint?: boolean; pods: SchedulingPodOptions[] }>, pdbs: PodDisruptionBudgetObject[] = [], nominated: Pod[] = []) {
  const evicted: string[] = [];
  const cleared: string[] = [];
  const objects = { list: (resource: string) => (resource === 'poddisruptionbudgets' ? (pdbs as KubeObject[]) : []), get: () => undefined };
  const actions = { preemptPod: (v: Pod) => (evicted.push(v.metadata!.name!), true), clearNominatedNodeName: (p: Pod) => void cleared.push(p.metadata!.name!) };
  const nominator = (node: string) => nominated.filter((p) => (p.status as { nominatedNodeName?: string }).nominatedNodeName === node);
  const fw = new Framework(defaultProfile, inTreeRegistry, actions, objects, nominator);
  const cache = new Cache();
  for (const n of nodes) {
    cache.addNode(makeNodeWithCapacity({ name: n.name, cpu: n.cpu, ...(n.taint ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {}) }));
    n.pods.forEach((p, i) => cache.addPod(makeSchedulingPod({ name: `${n.name}-p${i}`, nodeName: n.name, ...p })));
  }
  fw.setSnapshot(cache.snapshot());
  return { fw, evicted, cleared };
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
    expect(pickOneNodeForPreemption([{ nodeName: 'x', victims: [a], numPDBViolations: 0 }, { nodeName: 'y', victims: [b], numPDBViolations: 0 }])?.nodeName).toBe('y');
  });

  it('picks the node with the fewest PDB violations before looking at priorities', () => {
    const low = makeSchedulingPod({ name: 'low', priority: 1 });
    const high = makeSchedulingPod({ name: 'high', priority: 500 });
    const c = pickOneNodeForPreemption([
      { nodeName: 'x', victims: [low], numPDBViolations: 1 },
      { nodeName: 'y', victims: [high, low], numPDBViolations: 0 },
    ]);
    expect(c?.nodeName).toBe('y');
  });
});

describe('DefaultPreemption with PodDisruptionBudgets', () => {
  // Two full workers, one 1-CPU priority-0 pod each; the incoming pod needs a whole worker's spare CPU.
  const twoWorkers = [
    { name: 'w1', pods: [{ cpu: '1500m', labels: { app: 'db' } }] },
    { name: 'w2', pods: [{ cpu: '1500m', labels: { app: 'web' } }] },
  ];

  it('without a budget both nodes tie and the first candidate is taken', () => {
    const { fw, evicted } = setup(twoWorkers);
    const r = preempt(fw, makeSchedulingPod({ name: 'incoming', cpu: '1', priority: 1000 }));
    expect(r).toMatchObject({ status: { code: 'Success' }, nominatedNodeName: 'w1' });
    expect(evicted).toEqual(['w1-p0']);
  });

  it('prefers the node whose victim no PDB protects', () => {
    const { fw, evicted } = setup(twoWorkers, [pdb('db', 'db', 0)]);
    const r = preempt(fw, makeSchedulingPod({ name: 'incoming', cpu: '1', priority: 1000 }));
    expect(r).toMatchObject({ status: { code: 'Success' }, nominatedNodeName: 'w2' });
    expect(r.victims?.map((v) => v.metadata?.name)).toEqual(['w2-p0']);
    expect(evicted).toEqual(['w2-p0']);
  });

  it('a budget with a disruption left does not protect', () => {
    const { fw, evicted } = setup(twoWorkers, [pdb('db', 'db', 1)]);
    preempt(fw, makeSchedulingPod({ name: 'incoming', cpu: '1', priority: 1000 }));
    expect(evicted).toEqual(['w1-p0']);
  });

  it('violates a budget when no other node can make room (PDBs are best effort)', () => {
    const { fw, evicted } = setup([{ name: 'w1', pods: [{ cpu: '1500m', labels: { app: 'db' } }] }], [pdb('db', 'db', 0)]);
    const r = preempt(fw, makeSchedulingPod({ name: 'incoming', cpu: '1', priority: 1000 }));
    expect(r).toMatchObject({ status: { code: 'Success' }, nominatedNodeName: 'w1' });
    expect(evicted).toEqual(['w1-p0']);
  });

  it('reprieves PDB-protected pods first, even less important ones', () => {
    // w1 is full with three 1-CPU pods; the incoming pod needs 2 CPUs, so two must go.
    const node = { name: 'w1', cpu: '3', pods: [{ cpu: '1', priority: 1, labels: { app: 'db' } }, { cpu: '1', priority: 2 }, { cpu: '1', priority: 3 }] };
    const without = setup([node]);
    preempt(without.fw, makeSchedulingPod({ name: 'incoming', cpu: '2', priority: 10 }));
    expect(without.evicted.sort()).toEqual(['w1-p0', 'w1-p1']);
    const withPdb = setup([node], [pdb('db', 'db', 0)]);
    const r = preempt(withPdb.fw, makeSchedulingPod({ name: 'incoming', cpu: '2', priority: 10 }));
    // the victims stay ordered most important first
    expect(r.victims?.map((v) => v.metadata?.name)).toEqual(['w1-p2', 'w1-p1']);
  });
});

describe('filterPodsWithPDBViolation', () => {
  const item = (name: string, labels?: Record<string, string>, namespace = 'default') => ({ pod: makeSchedulingPod({ name, namespace, ...(labels ? { labels } : {}) }) });

  it('spends each budget in order: with one disruption left the second matching pod violates', () => {
    const pods = [item('a', { app: 'db' }), item('b', { app: 'db' }), item('c', { app: 'web' })];
    const { violating, nonViolating } = filterPodsWithPDBViolation(pods, [pdb('db', 'db', 1)]);
    expect(violating.map((p) => p.pod.metadata?.name)).toEqual(['b']);
    expect(nonViolating.map((p) => p.pod.metadata?.name)).toEqual(['a', 'c']);
  });

  it.each<[string, ReturnType<typeof item>, PodDisruptionBudgetObject]>([
    ['a pod already in disruptedPods spends nothing', item('a', { app: 'db' }), pdb('db', 'db', 0, { disruptedPods: { a: '2026-01-01T00:00:00Z' } })],
    ['a PDB in another namespace does not apply', item('a', { app: 'db' }, 'other'), pdb('db', 'db', 0)],
    ['an empty selector matches nothing (the scheduler\'s rule)', item('a', { app: 'db' }), pdb('all', 'x', 0, { selector: {} })],
    ['a pod without labels matches no PDB', item('a'), pdb('all', 'x', 0, { selector: {} })],
  ])('%s', (_name, pod, budget) => {
    expect(filterPodsWithPDBViolation([pod], [budget]).violating).toEqual([]);
  });

  it('takes over the node of a less important nominated pod, which must look again; a more important one keeps its nomination', () => {
    const nominatedTo = (name: string, priority: number): Pod => {
      const p = makeSchedulingPod({ name, cpu: '500m', priority });
      return { ...p, status: { ...p.status, nominatedNodeName: 'w1' } as Pod['status'] };
    };
    const { fw, evicted, cleared } = setup([{ name: 'w1', pods: [{ cpu: '2' }] }], [], [nominatedTo('less', 100), nominatedTo('more', 5000)]);
    const r = preempt(fw, makeSchedulingPod({ name: 'incoming', cpu: '1', priority: 1000 }));
    expect(r.nominatedNodeName).toBe('w1');
    expect(evicted).toEqual(['w1-p0']);
    expect(cleared).toEqual(['less']);
  });
});
