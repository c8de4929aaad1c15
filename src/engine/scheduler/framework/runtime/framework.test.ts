import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { makeNodeWithCapacity, makeSchedulingPod } from '../../../testing/builders';
import { defaultProfile, inTreeRegistry } from '../../plugins/registry';
import { CycleState } from '../cycle-state';
import { newNodeInfo } from '../node-info';
import { Framework } from './framework';

const noPreemption = { preemptPod: () => true, clearNominatedNodeName: () => undefined };

function withUid(p: Pod, uid: string): Pod {
  return { ...p, metadata: { ...p.metadata, uid } };
}

describe('RunFilterPluginsWithNominatedPods', () => {
  const fw = new Framework(defaultProfile, inTreeRegistry, noPreemption);
  const node = makeNodeWithCapacity({ name: 'node-1', cpu: '2' });
  // A preemptor nominated to node-1 after its victims were evicted: 1500m is promised to it.
  const nominated = withUid(makeSchedulingPod({ name: 'preemptor', cpu: '1500m', priority: 1000 }), 'u-preemptor');

  function filter(pod: Pod): string {
    const ni = newNodeInfo(node);
    fw.setSnapshot({ list: () => [ni], get: () => ni, numNodesWithImage: () => 0 });
    const state = new CycleState();
    fw.runPreFilterPlugins(state, pod);
    const s = fw.runFilterPluginsWithNominatedPods(state, pod, ni, [nominated]);
    return s.code === 'Success' ? 'Success' : `${s.code}: ${'reasons' in s ? s.reasons.join(', ') : ''}`;
  }

  it('keeps the room of a nominated pod from a lower-priority pod', () => {
    expect(filter(withUid(makeSchedulingPod({ name: 'low', cpu: '1', priority: 0 }), 'u-low'))).toBe('Unschedulable: Insufficient cpu');
  });

  it('lets an equal or higher-priority pod fit only if it fits beside the nominated pod', () => {
    expect(filter(withUid(makeSchedulingPod({ name: 'same', cpu: '1', priority: 1000 }), 'u-same'))).toBe('Unschedulable: Insufficient cpu');
    expect(filter(withUid(makeSchedulingPod({ name: 'small', cpu: '400m', priority: 1000 }), 'u-small'))).toBe('Success');
  });

  it('ignores nominations of lower priority: a more important pod may take the room', () => {
    expect(filter(withUid(makeSchedulingPod({ name: 'vip', cpu: '1', priority: 2000 }), 'u-vip'))).toBe('Success');
  });

  it('does not count the pod against its own nomination', () => {
    expect(filter(nominated)).toBe('Success');
  });
});
