import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { makeNodeWithCapacity, makeSchedulingPod, type CapacityNodeOptions, type SchedulingPodOptions } from '../../../testing/builders';
import { CycleState } from '../../framework/cycle-state';
import { newNodeInfo } from '../../framework/node-info';
import { computePodResourceRequest, fitsRequest, insufficientResourceError, nodeResourcesFit } from './fit';

function bound(o: SchedulingPodOptions): Pod {
  return makeSchedulingPod({ nodeName: 'node-1', ...o });
}

describe('computePodResourceRequest', () => {
  it('takes the larger of the app containers\' sum and the largest init container (upstream example)', () => {
    const pod = makeSchedulingPod({
      initContainers: [
        { name: 'ic1', image: 'busybox', resources: { requests: { cpu: '2', memory: '1G' } } },
        { name: 'ic2', image: 'busybox', resources: { requests: { cpu: '2', memory: '3G' } } },
      ],
    });
    pod.spec!.containers = [
      { name: 'c1', image: 'nginx', resources: { requests: { cpu: '2', memory: '1G' } } },
      { name: 'c2', image: 'nginx', resources: { requests: { cpu: '1', memory: '1G' } } },
    ];
    const r = computePodResourceRequest(pod);
    expect(r.milliCPU).toBe(3000);
    expect(r.memory).toBe(3e9);
  });

  it('adds pod overhead', () => {
    const pod = makeSchedulingPod({ cpu: '100m' });
    pod.spec!.overhead = { cpu: '250m' };
    expect(computePodResourceRequest(pod).milliCPU).toBe(350);
  });
});

describe('fitsRequest', () => {
  it.each<[string, CapacityNodeOptions, SchedulingPodOptions[], SchedulingPodOptions, Array<[string, boolean]>]>([
    ['a pod that fits', {}, [{ cpu: '1' }], { cpu: '500m' }, []],
    ['exactly full still fits', {}, [{ cpu: '1500m' }], { cpu: '500m' }, []],
    ['1m over is Insufficient cpu, resolvable by preemption', {}, [{ cpu: '1500m' }], { cpu: '501m' }, [['Insufficient cpu', false]]],
    ['more than the whole node is unresolvable', {}, [], { cpu: '4' }, [['Insufficient cpu', true]]],
    ['cpu and memory are both reported', { memory: '1Gi' }, [{ cpu: '2', memory: '1Gi' }], { cpu: '1', memory: '1Mi' }, [['Insufficient cpu', false], ['Insufficient memory', false]]],
    ['a pod that requests nothing fits a full node', {}, [{ cpu: '2', memory: '4Gi' }], {}, []],
    ['but not one whose pod count is exhausted', { pods: 1 }, [{}], {}, [['Too many pods', false]]],
    ['extended resources are checked', { extended: { 'nvidia.com/gpu': '1' } }, [{ requests: { 'nvidia.com/gpu': '1' } }], { requests: { 'nvidia.com/gpu': '1' } }, [['Insufficient nvidia.com/gpu', false]]],
    ['an extended resource the node lacks is unresolvable', {}, [], { requests: { 'example.com/foo': '1' } }, [['Insufficient example.com/foo', true]]],
    ['ephemeral storage is checked', { ephemeralStorage: '1Gi' }, [], { requests: { 'ephemeral-storage': '2Gi' } }, [['Insufficient ephemeral-storage', true]]],
  ])('%s', (_name, nodeOpts, existing, podOpts, want) => {
    const ni = newNodeInfo(makeNodeWithCapacity(nodeOpts), ...existing.map((o, i) => bound({ name: `old-${i}`, ...o })));
    const got = fitsRequest(computePodResourceRequest(makeSchedulingPod(podOpts)), ni);
    expect(got.map((r) => [r.reason, r.unresolvable])).toEqual(want);
  });

  it('reports requested/used/capacity as the kubelet prints them (cpu in millicores)', () => {
    const ni = newNodeInfo(makeNodeWithCapacity(), bound({ name: 'a', cpu: '200m' }));
    const [r] = fitsRequest(computePodResourceRequest(makeSchedulingPod({ cpu: '4' })), ni);
    expect(insufficientResourceError(r)).toBe("Node didn't have enough resource: cpu, requested: 4000, used: 200, capacity: 2000");
  });
});

describe('NodeResourcesFit Filter', () => {
  it.each<[string, SchedulingPodOptions, string, string[]]>([
    ['fits', { cpu: '1' }, 'Success', []],
    ['does not fit now: Unschedulable', { cpu: '1500m' }, 'Unschedulable', ['Insufficient cpu']],
    ['could never fit: UnschedulableAndUnresolvable', { cpu: '3' }, 'UnschedulableAndUnresolvable', ['Insufficient cpu']],
  ])('%s', (_name, podOpts, code, reasons) => {
    const pod = makeSchedulingPod(podOpts);
    const state = new CycleState();
    nodeResourcesFit.preFilter(state, pod);
    const s = nodeResourcesFit.filter(state, pod, newNodeInfo(makeNodeWithCapacity(), bound({ name: 'a', cpu: '1' })));
    expect(s.code).toBe(code);
    if (code !== 'Success') expect(s).toMatchObject({ reasons });
  });
});

describe('NodeResourcesFit Score (LeastAllocated)', () => {
  it.each<[string, SchedulingPodOptions[], SchedulingPodOptions, number]>([
    // cpu (2000-500)/2000 = 75, memory (4Gi-1Gi)/4Gi = 75 -> 75
    ['the worked example: a quarter used after placement', [], { cpu: '500m', memory: '1Gi' }, 75],
    // cpu (2000-100)/2000 = 95, memory (4Gi-200MB)/4Gi = 95.1 -> 95
    ['a pod asking for nothing counts as 100m / 200MB', [], {}, 95],
    ['a full node scores 0', [{ cpu: '2', memory: '4Gi' }], { cpu: '1', memory: '1Gi' }, 0],
  ])('%s', (_name, existing, podOpts, want) => {
    const pod = makeSchedulingPod(podOpts);
    const state = new CycleState();
    nodeResourcesFit.preScore(state, pod);
    const ni = newNodeInfo(makeNodeWithCapacity(), ...existing.map((o, i) => bound({ name: `old-${i}`, ...o })));
    expect(nodeResourcesFit.score(state, pod, ni)).toBe(want);
  });
});

describe('NodeResourcesFit queueing hints', () => {
  const nodeAdd = nodeResourcesFit.eventsToRegister().find((e) => e.event === 'NodeAdd')!.hint!;
  it.each<[string, CapacityNodeOptions, 'Queue' | 'QueueSkip']>([
    ['a new node big enough requeues', { cpu: '8' }, 'Queue'],
    ['a new node too small does not', { cpu: '1' }, 'QueueSkip'],
  ])('%s', (_name, nodeOpts, want) => {
    expect(nodeAdd(makeSchedulingPod({ cpu: '4' }), undefined, makeNodeWithCapacity(nodeOpts))).toBe(want);
  });
});
