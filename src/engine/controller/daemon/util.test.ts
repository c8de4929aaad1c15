import { describe, expect, it } from 'vitest';
import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Node, Taint, Toleration } from 'kubernetes-types/core/v1';
import {
  addOrUpdateDaemonPodTolerations, createPodTemplate, getTargetNodeName, isPodUpdated, nodeShouldRunDaemonPod,
  replaceDaemonSetPodNodeNameNodeAffinity,
} from './util';

function node(name: string, labels: Record<string, string> = {}, taints: Taint[] = []): Node {
  return { metadata: { name, labels }, spec: { taints } };
}

function ds(spec: { nodeSelector?: Record<string, string>; tolerations?: Toleration[]; nodeName?: string } = {}): DaemonSet {
  return {
    metadata: { name: 'agent', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'busybox' }], ...spec } },
    },
  };
}

const cpTaint: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

describe('nodeShouldRunDaemonPod', () => {
  it.each<[string, Node, DaemonSet, boolean, boolean]>([
    ['an untainted node runs the pod', node('n1'), ds(), true, true],
    ['a NoSchedule taint stops new pods but keeps running ones', node('cp', {}, [cpTaint]), ds(), false, true],
    ['a tolerated taint is no obstacle', node('cp', {}, [cpTaint]), ds({ tolerations: [{ key: cpTaint.key, effect: 'NoSchedule', operator: 'Exists' }] }), true, true],
    ['the old master toleration does not cover the control-plane taint', node('cp', {}, [cpTaint]), ds({ tolerations: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }] }), false, true],
    ['an untolerated NoExecute taint evicts', node('n1', {}, [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }]), ds(), false, false],
    ['unreachable NoExecute is tolerated automatically', node('n1', {}, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }]), ds(), true, true],
    ['unschedulable (cordon) is tolerated automatically', node('n1', {}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]), ds(), true, true],
    ['a nodeSelector mismatch means neither', node('n1'), ds({ nodeSelector: { ssd: 'true' } }), false, false],
    ['a matching nodeSelector runs', node('n1', { ssd: 'true' }), ds({ nodeSelector: { ssd: 'true' } }), true, true],
    ['a template nodeName for another node means neither', node('n1'), ds({ nodeName: 'n2' }), false, false],
  ])('%s', (_name, n, d, shouldRun, shouldContinueRunning) => {
    expect(nodeShouldRunDaemonPod(n, d)).toEqual({ shouldRun, shouldContinueRunning });
  });
});

describe('daemon pod template', () => {
  it('adds the automatic tolerations in upstream order, network-unavailable only for hostNetwork', () => {
    const keys = (hostNetwork: boolean) => addOrUpdateDaemonPodTolerations({ containers: [], hostNetwork }).tolerations!.map((t) => `${t.key}:${t.effect}`);
    expect(keys(false)).toEqual([
      'node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    expect(keys(true)).toContain('node.kubernetes.io/network-unavailable:NoSchedule');
  });

  it('replaces a matching toleration instead of duplicating it (drops its tolerationSeconds)', () => {
    const spec = addOrUpdateDaemonPodTolerations({
      containers: [],
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    });
    const notReady = spec.tolerations!.filter((t) => t.key === 'node.kubernetes.io/not-ready');
    expect(notReady).toEqual([{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }]);
  });

  it('labels the template with the revision hash and templateGeneration', () => {
    const t = createPodTemplate(ds().spec!.template, 2, 'abc123');
    expect(t.metadata!.labels).toEqual({ app: 'agent', 'controller-revision-hash': 'abc123', 'pod-template-generation': '2' });
  });

  it('pins the pod to one node by matchFields, keeping preferred terms', () => {
    const preferred = [{ weight: 1, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } }];
    const a = replaceDaemonSetPodNodeNameNodeAffinity({ nodeAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: preferred,
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'ssd', operator: 'Exists' }] }] },
    } }, 'node-2');
    expect(a.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
      nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] }],
    });
    expect(a.nodeAffinity!.preferredDuringSchedulingIgnoredDuringExecution).toEqual(preferred);
    expect(getTargetNodeName({ spec: { containers: [], affinity: a } })).toBe('node-2');
    expect(getTargetNodeName({ spec: { containers: [], nodeName: 'node-3', affinity: a } })).toBe('node-3');
  });

  it.each<[string, Record<string, string>, boolean]>([
    ['the current hash', { 'controller-revision-hash': 'h2' }, true],
    ['the current templateGeneration', { 'controller-revision-hash': 'h1', 'pod-template-generation': '2' }, true],
    ['neither', { 'controller-revision-hash': 'h1', 'pod-template-generation': '1' }, false],
  ])('a pod with %s is updated: %s', (_name, labels, want) => {
    expect(isPodUpdated({ metadata: { labels } }, 'h2', 2)).toBe(want);
  });
});
