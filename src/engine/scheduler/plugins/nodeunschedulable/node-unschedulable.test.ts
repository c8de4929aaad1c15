import { describe, expect, it } from 'vitest';
import type { Toleration } from 'kubernetes-types/core/v1';
import { makeNodeWithCapacity, makeSchedulingPod } from '../../../testing/builders';
import { CycleState } from '../../framework/cycle-state';
import { newNodeInfo } from '../../framework/node-info';
import { ErrReasonUnschedulable, nodeUnschedulable } from './node-unschedulable';

describe('NodeUnschedulable Filter', () => {
  it.each<[string, boolean, Toleration[] | undefined, string]>([
    ['a schedulable node fits', false, undefined, 'Success'],
    ['a cordoned node rejects, unresolvably', true, undefined, 'UnschedulableAndUnresolvable'],
    ['a pod tolerating node.kubernetes.io/unschedulable may go on a cordoned node', true, [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }], 'Success'],
    ['a toleration for another key does not help', true, [{ key: 'other', operator: 'Exists' }], 'UnschedulableAndUnresolvable'],
  ])('%s', (_name, unschedulable, tolerations, code) => {
    const s = nodeUnschedulable.filter(new CycleState(), makeSchedulingPod({ tolerations }), newNodeInfo(makeNodeWithCapacity({ unschedulable })));
    expect(s.code).toBe(code);
    if (code !== 'Success') expect(s).toMatchObject({ reasons: [ErrReasonUnschedulable] });
  });

  it('requeues a pod when its node is uncordoned', () => {
    const hint = nodeUnschedulable.eventsToRegister().find((e) => e.event === 'NodeTaintChange')!.hint!;
    expect(hint(makeSchedulingPod(), makeNodeWithCapacity({ unschedulable: true }), makeNodeWithCapacity())).toBe('Queue');
    expect(hint(makeSchedulingPod(), makeNodeWithCapacity(), makeNodeWithCapacity({ unschedulable: true }))).toBe('QueueSkip');
  });
});
