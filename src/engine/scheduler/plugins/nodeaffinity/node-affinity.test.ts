import { describe, expect, it } from 'vitest';
import type { Affinity, NodeSelectorRequirement, PreferredSchedulingTerm } from 'kubernetes-types/core/v1';
import { makeNodeWithCapacity, makeSchedulingPod } from '../../../testing/builders';
import { CycleState } from '../../framework/cycle-state';
import { newNodeInfo } from '../../framework/node-info';
import { ErrReasonPod, nodeAffinity } from './node-affinity';
import { requirementMatchesLabels } from './node-selector';

const labels = { 'disktype': 'ssd', 'zone': 'a', 'cores': '8' };

describe('node selector requirements', () => {
  it.each<[string, NodeSelectorRequirement, boolean]>([
    ['In matches a listed value', { key: 'disktype', operator: 'In', values: ['hdd', 'ssd'] }, true],
    ['In needs the label', { key: 'gpu', operator: 'In', values: ['true'] }, false],
    ['NotIn matches other values', { key: 'disktype', operator: 'NotIn', values: ['hdd'] }, true],
    ['NotIn matches a missing label', { key: 'gpu', operator: 'NotIn', values: ['true'] }, true],
    ['Exists', { key: 'zone', operator: 'Exists' }, true],
    ['DoesNotExist', { key: 'zone', operator: 'DoesNotExist' }, false],
    ['Gt compares integers', { key: 'cores', operator: 'Gt', values: ['4'] }, true],
    ['Lt compares integers', { key: 'cores', operator: 'Lt', values: ['4'] }, false],
    ['Gt with a non-integer value matches nothing', { key: 'zone', operator: 'Gt', values: ['1'] }, false],
  ])('%s', (_name, req, want) => {
    expect(requirementMatchesLabels(req, labels)).toBe(want);
  });
});

function required(...matchExpressions: NodeSelectorRequirement[]): Affinity {
  return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } };
}

describe('NodeAffinity Filter', () => {
  it.each<[string, { nodeSelector?: Record<string, string>; affinity?: Affinity }, boolean]>([
    ['a pod without selector or affinity fits (PreFilter skips the plugin)', {}, true],
    ['a matching nodeSelector fits', { nodeSelector: { disktype: 'ssd' } }, true],
    ['a nodeSelector value mismatch does not', { nodeSelector: { disktype: 'hdd' } }, false],
    ['nodeSelector and affinity must both match', { nodeSelector: { disktype: 'ssd' }, affinity: required({ key: 'zone', operator: 'In', values: ['b'] }) }, false],
    ['required terms are ORed', {
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
        { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] },
        { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
      ] } } },
    }, true],
    ['a term\'s expressions are ANDed', { affinity: required({ key: 'zone', operator: 'In', values: ['a'] }, { key: 'gpu', operator: 'Exists' }) }, false],
  ])('%s', (_name, o, fits) => {
    const pod = makeSchedulingPod(o);
    const state = new CycleState();
    const pre = nodeAffinity.preFilter(state, pod);
    const ni = newNodeInfo(makeNodeWithCapacity({ labels }));
    const s = pre.code === 'Skip' ? { code: 'Success' } : nodeAffinity.filter(state, pod, ni);
    expect(s.code).toBe(fits ? 'Success' : 'UnschedulableAndUnresolvable');
    if (!fits) expect(s).toMatchObject({ reasons: [ErrReasonPod] });
  });

  it('narrows the candidates to the named nodes in PreFilter (DaemonSet pods)', () => {
    const pod = makeSchedulingPod({
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] }] } } },
    });
    const r = nodeAffinity.preFilter(new CycleState(), pod);
    expect('nodeNames' in r && [...r.nodeNames]).toEqual(['node-2']);
  });

  it('reports conflicting matchFields terms as unresolvable', () => {
    const pod = makeSchedulingPod({
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [
        { key: 'metadata.name', operator: 'In', values: ['node-1'] },
        { key: 'metadata.name', operator: 'In', values: ['node-2'] },
      ] }] } } },
    });
    expect(nodeAffinity.preFilter(new CycleState(), pod)).toMatchObject({ code: 'UnschedulableAndUnresolvable', reasons: ['pod affinity terms conflict'] });
  });
});

describe('NodeAffinity Score', () => {
  const preferred: PreferredSchedulingTerm[] = [
    { weight: 10, preference: { matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] } },
    { weight: 30, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
  ];
  it.each<[string, Record<string, string>[], number[]]>([
    ['the best match gets 100, the others in proportion', [{ disktype: 'ssd', zone: 'a' }, { zone: 'a' }, { disktype: 'ssd' }, {}], [100, 75, 25, 0]],
    ['no node matches: all 0', [{}, {}], [0, 0]],
  ])('%s', (_name, nodeLabels, want) => {
    const pod = makeSchedulingPod({ affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: preferred } } });
    const state = new CycleState();
    expect(nodeAffinity.preScore(state, pod).code).toBe('Success');
    const scores = nodeLabels.map((l, i) => ({ name: `n${i}`, score: nodeAffinity.score(state, pod, newNodeInfo(makeNodeWithCapacity({ name: `n${i}`, labels: l }))) }));
    nodeAffinity.normalizeScore(state, pod, scores);
    expect(scores.map((s) => s.score)).toEqual(want);
  });

  it('skips scoring for pods without preferred terms', () => {
    expect(nodeAffinity.preScore(new CycleState(), makeSchedulingPod()).code).toBe('Skip');
  });
});
