import { describe, expect, it } from 'vitest';
import type { Node, Pod, Taint, Toleration, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/meta';
import { makeNodeWithCapacity, makeSchedulingPod } from '../../../testing/builders';
import { TestCluster } from '../../../testing/test-cluster';
import type { ClusterEventLabel, QueueingHint } from '../../framework/events';
import type { Handle } from '../../framework/interface';
import { SUCCESS } from '../../framework/status';
import { newPodTopologySpread } from './plugin';

const handle: Handle = {
  snapshotSharedLister: () => ({ list: () => [], get: () => undefined, numNodesWithImage: () => 0 }),
  objects: () => ({ list: () => [], get: () => undefined }),
  runFilterPlugins: () => SUCCESS,
  nominatedPodsForNode: () => [],
};
const plugin = newPodTopologySpread(handle);
const hint = (event: ClusterEventLabel) => plugin.eventsToRegister().find((e) => e.event === event)!.hint!;

const zoneSpread = (extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint =>
  ({ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, ...extra });

function pending(extra: Partial<TopologySpreadConstraint> = {}, tolerations?: Toleration[]): Pod {
  const p = makeSchedulingPod({ name: 'pending', labels: { app: 'web' }, tolerations });
  return { ...p, spec: { ...p.spec!, topologySpreadConstraints: [zoneSpread(extra)] } };
}

const assigned = (labels: Record<string, string>, o: { namespace?: string; nodeName?: string } = {}) =>
  makeSchedulingPod({ name: 'other', labels, nodeName: o.nodeName ?? 'node-1', namespace: o.namespace });
const nodeWith = (labels: Record<string, string>, taints?: Taint[]): Node => makeNodeWithCapacity({ name: 'n', labels, taints });

describe('PodTopologySpread EnqueueExtensions', () => {
  it('registers assigned Pod add/update/delete and Node add/label/taint/delete', () => {
    expect(plugin.eventsToRegister().map((e) => e.event)).toEqual([
      'AssignedPodAdd', 'AssignedPodUpdate', 'AssignedPodDelete', 'UnscheduledPodUpdate', 'NodeAdd', 'NodeLabelChange', 'NodeTaintChange', 'NodeDelete',
    ]);
  });

  it.each<[string, ClusterEventLabel, Pod | undefined, Pod | undefined, QueueingHint]>([
    ['an assigned matching pod was added', 'AssignedPodAdd', undefined, assigned({ app: 'web' }), 'Queue'],
    ['an assigned pod the selector does not match was added', 'AssignedPodAdd', undefined, assigned({ app: 'db' }), 'QueueSkip'],
    ['a matching pod in another namespace was added', 'AssignedPodAdd', undefined, assigned({ app: 'web' }, { namespace: 'other' }), 'QueueSkip'],
    ['a matching assigned pod was deleted', 'AssignedPodDelete', assigned({ app: 'web' }), undefined, 'Queue'],
    ['a relabel made a pod match the selector', 'AssignedPodUpdate', assigned({ app: 'db' }), assigned({ app: 'web' }), 'Queue'],
    ['a relabel that changes no match', 'AssignedPodUpdate', assigned({ app: 'web' }), assigned({ app: 'web', extra: 'x' }), 'QueueSkip'],
    ['an update without label changes', 'AssignedPodUpdate', assigned({ app: 'web' }), assigned({ app: 'web' }), 'QueueSkip'],
  ])('pod hint: %s -> %s', (_name, event, oldPod, newPod, want) => {
    expect(hint(event)(pending(), oldPod, newPod)).toBe(want);
  });

  it.each<[string, Pod, Pod, QueueingHint]>([
    ['new tolerations on the pod itself while a constraint honors taints', pending({ nodeTaintsPolicy: 'Honor' }),
      pending({ nodeTaintsPolicy: 'Honor' }, [{ key: 'k', operator: 'Exists' }]), 'Queue'],
    ['new tolerations without a taint-honoring constraint', pending(), pending({}, [{ key: 'k', operator: 'Exists' }]), 'QueueSkip'],
  ])('unscheduled pod hint: %s -> %s', (_name, oldPod, newPod, want) => {
    expect(hint('UnscheduledPodUpdate')(newPod, oldPod, newPod)).toBe(want);
  });

  const noSchedule: Taint[] = [{ key: 'k', effect: 'NoSchedule' }];
  it.each<[string, ClusterEventLabel, Node | undefined, Node | undefined, QueueingHint]>([
    ['a node with the topology key was added', 'NodeAdd', undefined, nodeWith({ zone: 'a' }), 'Queue'],
    ['a node without it was added', 'NodeAdd', undefined, nodeWith({ rack: '1' }), 'QueueSkip'],
    ['a node gained the key', 'NodeLabelChange', nodeWith({}), nodeWith({ zone: 'a' }), 'Queue'],
    ['a node lost the key', 'NodeLabelChange', nodeWith({ zone: 'a' }), nodeWith({}), 'Queue'],
    ["a node's key changed value", 'NodeLabelChange', nodeWith({ zone: 'a' }), nodeWith({ zone: 'b' }), 'Queue'],
    ['an unrelated label changed', 'NodeLabelChange', nodeWith({ zone: 'a' }), nodeWith({ zone: 'a', disk: 'ssd' }), 'QueueSkip'],
    ["a labelled node's taints changed", 'NodeTaintChange', nodeWith({ zone: 'a' }, noSchedule), nodeWith({ zone: 'a' }), 'Queue'],
    ["an unlabelled node's taints changed", 'NodeTaintChange', nodeWith({}, noSchedule), nodeWith({}), 'QueueSkip'],
    ['a labelled node was deleted', 'NodeDelete', nodeWith({ zone: 'a' }), undefined, 'Queue'],
    ['an unlabelled node was deleted', 'NodeDelete', nodeWith({}), undefined, 'QueueSkip'],
  ])('node hint: %s -> %s', (_name, event, oldNode, newNode, want) => {
    expect(hint(event)(pending(), oldNode, newNode)).toBe(want);
  });
});

function labelNode(c: TestCluster, name: string, labels: Record<string, string>): void {
  const n = c.world.getObject({ kind: 'Node', name }) as Node & KubeObject;
  const r = c.world.api.update({ ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, ...labels } } }, 'kubectl');
  if (!r.ok) throw new Error(r.status.message);
}

const podYaml = (name: string, constraints: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: web}}
spec:
  topologySpreadConstraints: ${constraints}
  containers: [{name: c, image: registry.k8s.io/pause:3.10}]
`;

describe('PodTopologySpread in the World', () => {
  it('a pod waiting for a topology label is retried and placed once a node carries it', () => {
    const c = new TestCluster();
    c.applyOk(podYaml('web', '[{maxSkew: 1, topologyKey: rack, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}}]'));
    c.settle();
    expect(c.pod('web').status?.conditions?.find((x) => x.type === 'PodScheduled')?.message)
      .toContain("3 node(s) didn't match pod topology spread constraints (missing required label)");
    labelNode(c, 'node-2', { rack: 'r1' });
    c.settle();
    expect(c.pod('web').spec?.nodeName).toBe('node-2');
  });

  // The classic surprise: the control-plane node is tainted, but with nodeTaintsPolicy Ignore (the
  // default) it is still a hostname domain, with 0 pods: the global minimum stays 0, so once each worker
  // holds one replica a third would make skew 2.
  it.each<[string, string, string | undefined]>([
    ['nodeTaintsPolicy Ignore: the third replica stays Pending', '', '0/3 nodes are available: 1 node(s) had untolerated taint(s), ' +
      "2 node(s) didn't match pod topology spread constraints. preemption: 0/3 nodes are available: " +
      '1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.'],
    ['nodeTaintsPolicy Honor: the tainted node is no domain, the third replica lands', ', nodeTaintsPolicy: Honor', undefined],
  ])('%s', (_name, policy, message) => {
    const c = new TestCluster({ workerNodes: 2 });
    const hostSpread = `[{maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}${policy}}]`;
    for (const name of ['web-1', 'web-2', 'web-3']) {
      c.applyOk(podYaml(name, hostSpread));
      c.settle();
    }
    expect(new Set(['web-1', 'web-2'].map((n) => c.pod(n).spec?.nodeName))).toEqual(new Set(['node-1', 'node-2']));
    const third = c.pod('web-3');
    if (message) {
      expect(third.spec?.nodeName).toBeUndefined();
      expect(third.status?.conditions?.find((x) => x.type === 'PodScheduled')?.message).toBe(message);
    } else {
      expect(['node-1', 'node-2']).toContain(third.spec?.nodeName);
    }
  });
});
