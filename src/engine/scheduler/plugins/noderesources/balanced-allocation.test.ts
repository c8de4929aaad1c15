import { describe, expect, it } from 'vitest';
import { makeNodeWithCapacity, makeSchedulingPod, type SchedulingPodOptions } from '../../../testing/builders';
import { CycleState } from '../../framework/cycle-state';
import { newNodeInfo } from '../../framework/node-info';
import { balancedAllocation } from './balanced-allocation';
import { balancedResourceScorer } from './resource-allocation';

describe('balancedResourceScorer', () => {
  it.each<[string, number[], number[], number]>([
    ['equal fractions score 100', [1000, 2 ** 30], [2000, 2 ** 31], 100],
    ['cpu 50% and memory 10%: std 0.2 -> 80', [500, 100], [1000, 1000], 80],
    ['a fraction over 1 counts as 1', [3000, 0], [2000, 1000], 50],
    ['a resource with no allocatable is left out', [500, 0], [1000, 0], 100],
  ])('%s', (_name, requested, allocatable, want) => {
    expect(balancedResourceScorer(requested, allocatable)).toBe(want);
  });
});

describe('NodeResourcesBalancedAllocation', () => {
  it.each<[string, SchedulingPodOptions, number]>([
    // node: 2 CPU, 4Gi, with a pod of 1 CPU / 512Mi. Adding 0 CPU / 1.5Gi: cpu 0.5, memory 0.5 -> 100
    ['a pod that evens out the node scores 100', { memory: '1536Mi' }, 100],
    // adding 1 CPU: cpu 1.0, memory 0.125 -> std 0.4375 -> 56
    ['a pod that skews it scores lower', { cpu: '1' }, 56],
  ])('%s', (_name, podOpts, want) => {
    const pod = makeSchedulingPod(podOpts);
    const state = new CycleState();
    expect(balancedAllocation.preScore(state, pod).code).toBe('Success');
    const ni = newNodeInfo(makeNodeWithCapacity(), makeSchedulingPod({ name: 'a', nodeName: 'node-1', cpu: '1', memory: '512Mi' }));
    expect(balancedAllocation.score(state, pod, ni)).toBe(want);
  });

  it('skips BestEffort pods, which would otherwise pile onto one node', () => {
    expect(balancedAllocation.preScore(new CycleState(), makeSchedulingPod()).code).toBe('Skip');
  });
});
