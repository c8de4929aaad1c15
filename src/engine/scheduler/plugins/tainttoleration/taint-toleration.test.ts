import { describe, expect, it } from 'vitest';
import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import { makeNodeWithCapacity, makeSchedulingPod } from '../../../testing/builders';
import { CycleState } from '../../framework/cycle-state';
import { newNodeInfo } from '../../framework/node-info';
import { ErrReasonNotMatch, findMatchingUntoleratedTaint, doNotScheduleTaintsFilter, taintToleration, toleratesTaint } from './taint-toleration';

const controlPlane: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

describe('toleratesTaint', () => {
  it.each<[string, Toleration, Taint, boolean]>([
    ['an Exists toleration with the same key tolerates any value', { key: 'k', operator: 'Exists' }, { key: 'k', value: 'v', effect: 'NoSchedule' }, true],
    ['an empty key with Exists tolerates every taint', { operator: 'Exists' }, { key: 'anything', effect: 'NoExecute' }, true],
    ['Equal needs the same value', { key: 'k', operator: 'Equal', value: 'a' }, { key: 'k', value: 'b', effect: 'NoSchedule' }, false],
    ['an omitted operator means Equal', { key: 'k', value: 'a' }, { key: 'k', value: 'a', effect: 'NoSchedule' }, true],
    ['Equal with no value matches a taint with no value', { key: 'k', operator: 'Equal' }, { key: 'k', effect: 'NoSchedule' }, true],
    ['a different effect does not tolerate', { key: 'k', operator: 'Exists', effect: 'NoExecute' }, { key: 'k', effect: 'NoSchedule' }, false],
    ['an empty effect tolerates every effect', { key: 'k', operator: 'Exists' }, { key: 'k', effect: 'PreferNoSchedule' }, true],
    ['a different key does not tolerate', { key: 'other', operator: 'Exists' }, { key: 'k', effect: 'NoSchedule' }, false],
    ['an unknown operator tolerates nothing', { key: 'k', operator: 'Gt', value: '1' }, { key: 'k', value: '2', effect: 'NoSchedule' }, false],
  ])('%s', (_name, toleration, taint, want) => {
    expect(toleratesTaint(toleration, taint)).toBe(want);
  });
});

describe('TaintToleration Filter', () => {
  it.each<[string, Taint[], Toleration[] | undefined, string | undefined]>([
    ['a node without taints fits', [], undefined, undefined],
    ['the control-plane taint keeps an intolerant pod off', [controlPlane], undefined, ErrReasonNotMatch],
    ['a matching toleration lets the pod on', [controlPlane], [{ key: controlPlane.key, operator: 'Exists', effect: 'NoSchedule' }], undefined],
    ['NoExecute taints count too', [{ key: 'k', value: 'v', effect: 'NoExecute' }], undefined, ErrReasonNotMatch],
    ['PreferNoSchedule taints only score', [{ key: 'k', effect: 'PreferNoSchedule' }], undefined, undefined],
    ['every taint must be tolerated', [controlPlane, { key: 'gpu', value: 'true', effect: 'NoSchedule' }], [{ key: controlPlane.key, operator: 'Exists' }], ErrReasonNotMatch],
  ])('%s', (_name, taints, tolerations, reason) => {
    const ni = newNodeInfo(makeNodeWithCapacity({ taints }));
    const s = taintToleration.filter(new CycleState(), makeSchedulingPod({ tolerations }), ni);
    if (reason === undefined) {
      expect(s.code).toBe('Success');
    } else {
      expect(s).toMatchObject({ code: 'UnschedulableAndUnresolvable', reasons: [reason] });
    }
  });

  it('names the first untolerated taint in the detail (not in the reason, as 1.35 does)', () => {
    const ni = newNodeInfo(makeNodeWithCapacity({ taints: [{ key: 'spray', value: 'mortein', effect: 'NoSchedule' }] }));
    const s = taintToleration.filter(new CycleState(), makeSchedulingPod(), ni);
    expect(s).toMatchObject({ reasons: ['node(s) had untolerated taint(s)'], detail: 'untolerated taint spray=mortein:NoSchedule' });
  });

  it('finds the first untolerated NoSchedule/NoExecute taint in node order', () => {
    const taints: Taint[] = [{ key: 'a', effect: 'PreferNoSchedule' }, { key: 'b', effect: 'NoExecute' }, { key: 'c', effect: 'NoSchedule' }];
    expect(findMatchingUntoleratedTaint(taints, [], doNotScheduleTaintsFilter)?.key).toBe('b');
  });
});

describe('TaintToleration Score', () => {
  it.each<[string, Taint[][], Toleration[] | undefined, number[]]>([
    ['no PreferNoSchedule taints: every node 100', [[], []], undefined, [100, 100]],
    ['fewer untolerated PreferNoSchedule taints score higher', [[], [{ key: 'a', effect: 'PreferNoSchedule' }], [{ key: 'a', effect: 'PreferNoSchedule' }, { key: 'b', effect: 'PreferNoSchedule' }]], undefined, [100, 50, 0]],
    ['tolerated PreferNoSchedule taints do not count', [[{ key: 'a', effect: 'PreferNoSchedule' }], []], [{ key: 'a', operator: 'Exists', effect: 'PreferNoSchedule' }], [100, 100]],
    ['NoSchedule tolerations do not cover PreferNoSchedule taints', [[{ key: 'a', effect: 'PreferNoSchedule' }], []], [{ key: 'a', operator: 'Exists', effect: 'NoSchedule' }], [0, 100]],
  ])('%s', (_name, taintsPerNode, tolerations, want) => {
    const pod = makeSchedulingPod({ tolerations });
    const state = new CycleState();
    taintToleration.preScore(state, pod);
    const scores = taintsPerNode.map((taints, i) => ({ name: `n${i}`, score: taintToleration.score(state, pod, newNodeInfo(makeNodeWithCapacity({ name: `n${i}`, taints }))) }));
    taintToleration.normalizeScore(state, pod, scores);
    expect(scores.map((s) => s.score)).toEqual(want);
  });
});

describe('TaintToleration queueing hints', () => {
  const hint = taintToleration.eventsToRegister().find((e) => e.event === 'NodeTaintChange')!.hint!;
  it.each<[string, Taint[], Taint[], 'Queue' | 'QueueSkip']>([
    ['removing the only untolerated taint requeues', [controlPlane], [], 'Queue'],
    ['a node that still has an untolerated taint does not', [controlPlane], [controlPlane, { key: 'x', effect: 'NoSchedule' }], 'QueueSkip'],
    ['a node that was fine already does not', [], [{ key: 'x', effect: 'PreferNoSchedule' }], 'QueueSkip'],
  ])('%s', (_name, before, after, want) => {
    expect(hint(makeSchedulingPod(), makeNodeWithCapacity({ taints: before }), makeNodeWithCapacity({ taints: after }))).toBe(want);
  });
});
