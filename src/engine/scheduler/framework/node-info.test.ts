import { describe, expect, it } from 'vitest';
import type { Affinity, Pod } from 'kubernetes-types/core/v1';
import { makeNodeWithCapacity, makeSchedulingPod } from '../../testing/builders';
import { affinityTermMatches, newNodeInfo, newPodInfo, type NodeInfo } from './node-info';

const anti: Affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] } };
const preferred: Affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'zone' } }] } };

function pod(name: string, affinity?: Affinity, labels?: Record<string, string>): Pod {
  return makeSchedulingPod({ name, nodeName: 'node-1', affinity, labels });
}

const names = (ni: NodeInfo) => ({
  pods: ni.pods.map((p) => p.pod.metadata?.name),
  withAffinity: ni.podsWithAffinity.map((p) => p.pod.metadata?.name),
  withRequiredAnti: ni.podsWithRequiredAntiAffinity.map((p) => p.pod.metadata?.name),
});

describe('NodeInfo pod (anti-)affinity lists', () => {
  it('keeps the pods with affinity terms and those with required anti-affinity through add, remove and clone', () => {
    const ni = newNodeInfo(makeNodeWithCapacity(), pod('plain'), pod('guard', anti), pod('fan', preferred));
    expect(names(ni)).toEqual({ pods: ['plain', 'guard', 'fan'], withAffinity: ['guard', 'fan'], withRequiredAnti: ['guard'] });

    const copy = ni.clone();
    expect(ni.removePod('uid-guard')).toBe(true);
    expect(names(ni)).toEqual({ pods: ['plain', 'fan'], withAffinity: ['fan'], withRequiredAnti: [] });
    expect(names(copy)).toEqual({ pods: ['plain', 'guard', 'fan'], withAffinity: ['guard', 'fan'], withRequiredAnti: ['guard'] });
  });

  it('an empty podAffinity stanza is not affinity', () => {
    const ni = newNodeInfo(makeNodeWithCapacity(), pod('empty', { podAffinity: {} }));
    expect(ni.podsWithAffinity).toEqual([]);
  });
});

describe('PodInfo affinity terms', () => {
  it("defaults a term's namespaces to the pod's own and keeps a namespaceSelector for matching", () => {
    const pi = newPodInfo(pod('guard', anti));
    const [t] = pi.requiredAntiAffinityTerms;
    expect([...t.namespaces]).toEqual(['default']);
    expect(t.namespaceSelector.matchesNothing).toBe(true);
    expect(affinityTermMatches(t, makeSchedulingPod({ labels: { app: 'web' } }), {})).toBe(true);
    expect(affinityTermMatches(t, makeSchedulingPod({ namespace: 'prod', labels: { app: 'web' } }), {})).toBe(false);
  });

  it('merges matchLabelKeys and mismatchLabelKeys from the pod labels into the selector', () => {
    const affinity: Affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{
      labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'zone', matchLabelKeys: ['pod-template-hash', 'missing'], mismatchLabelKeys: ['tenant'],
    }] } };
    const [t] = newPodInfo(pod('p', affinity, { app: 'web', 'pod-template-hash': 'abc', tenant: 't1' })).requiredAntiAffinityTerms;
    expect(t.selector.toString()).toBe('app=web,pod-template-hash in (abc),tenant notin (t1)');
  });

  it('records why a selector could not be parsed', () => {
    const bad: Affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchExpressions: [{ key: 'a', operator: 'Bad' }] }, topologyKey: 'zone' }] } };
    expect(newPodInfo(pod('p', bad)).affinityParseError).toBe('requiredAffinityTerms: "Bad" is not a valid label selector operator');
  });
});
