import { describe, expect, it } from 'vitest';
import { makeNodeWithCapacity, makeSchedulingPod } from '../../../testing/builders';
import { CycleState } from '../../framework/cycle-state';
import { newNodeInfo } from '../../framework/node-info';
import { ErrReason, nodeName } from './node-name';

describe('NodeName Filter', () => {
  it.each<[string, string | undefined, string, string]>([
    ['a pod without spec.nodeName fits any node', undefined, 'node-1', 'Success'],
    ['a pod naming this node fits', 'node-1', 'node-1', 'Success'],
    ['a pod naming another node does not', 'node-2', 'node-1', 'UnschedulableAndUnresolvable'],
  ])('%s', (_name, wanted, actual, code) => {
    const s = nodeName.filter(new CycleState(), makeSchedulingPod({ nodeName: wanted }), newNodeInfo(makeNodeWithCapacity({ name: actual })));
    expect(s.code).toBe(code);
    if (code !== 'Success') expect(s).toMatchObject({ reasons: [ErrReason] });
  });
});
