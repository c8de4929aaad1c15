import { describe, expect, it } from 'vitest';
import type { Affinity, Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/meta';
import { asKubeObject, makeNamespace, makeNodeWithCapacity, makeSchedulingPod } from '../../../testing/builders';
import type { Handle } from '../../framework/interface';
import { SUCCESS } from '../../framework/status';
import { isSchedulableAfterNodeChange, isSchedulableAfterPodChange, newInterPodAffinity } from './plugin';

const handle: Handle = {
  objects: () => {
    const objs: KubeObject[] = [makeNamespace({ name: 'default' }), makeNamespace({ name: 'prod', labels: { env: 'prod' } })].map(asKubeObject);
    return { list: () => objs, get: (_r, _ns, name) => objs.find((o) => o.metadata.name === name) };
  },
  snapshotSharedLister: () => ({ list: () => [], get: () => undefined, numNodesWithImage: () => 0 }),
  runFilterPlugins: () => SUCCESS,
  nominatedPodsForNode: () => [],
};

const toWeb = (topologyKey: string) => [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey }];
const withAffinity: Affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: toWeb('zone') } };
const withAntiAffinity: Affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: toWeb('kubernetes.io/hostname') } };

function pod(o: { name?: string; labels?: Record<string, string>; node?: string; affinity?: Affinity; namespace?: string } = {}): Pod {
  return makeSchedulingPod({ name: o.name ?? 'p', labels: o.labels, nodeName: o.node, affinity: o.affinity, namespace: o.namespace });
}

function node(labels: Record<string, string>): Node {
  return makeNodeWithCapacity({ name: 'n', labels });
}

describe('InterPodAffinity queueing hints for assigned pods', () => {
  const pendingWithAffinity = pod({ name: 'pending', affinity: withAffinity });
  const pendingWithAnti = pod({ name: 'pending', affinity: withAntiAffinity });
  const web = pod({ name: 'web', labels: { app: 'web' }, node: 'n1' });
  const other = pod({ name: 'web', labels: { app: 'other' }, node: 'n1' });

  it.each<[string, Pod, Pod | undefined, Pod | undefined, 'Queue' | 'QueueSkip']>([
    ["a scheduled pod was added and it matches the target pod's affinity", pendingWithAffinity, undefined, web, 'Queue'],
    ["a scheduled pod was added and it doesn't match the target pod's affinity", pendingWithAffinity, undefined, other, 'QueueSkip'],
    ['an added pod cannot help a pod rejected for anti-affinity', pendingWithAnti, undefined, web, 'QueueSkip'],
    ['an unscheduled pod does not make the target pod schedulable', pendingWithAffinity, undefined, pod({ labels: { app: 'web' } }), 'QueueSkip'],
    ["a scheduled pod was updated to match the target pod's affinity", pendingWithAffinity, other, web, 'Queue'],
    ["a scheduled pod was updated not to match the target pod's anti affinity", pendingWithAnti, web, other, 'Queue'],
    ['an update that changes no match is skipped', pendingWithAnti, web, { ...web, metadata: { ...web.metadata, annotations: { a: 'b' } } }, 'QueueSkip'],
    ["a scheduled pod was deleted and it matches the target pod's anti-affinity", pendingWithAnti, web, undefined, 'Queue'],
    ["a scheduled pod was deleted but it doesn't match the target pod's anti-affinity", pendingWithAnti, other, undefined, 'QueueSkip'],
    ["a scheduled pod whose own anti-affinity matched the target pod was deleted",
      pod({ name: 'pending', labels: { app: 'web' } }), pod({ name: 'guard', node: 'n1', affinity: withAntiAffinity }), undefined, 'Queue'],
    ['a pod in another namespace does not match a term limited to the own namespace',
      pendingWithAffinity, undefined, pod({ name: 'web', namespace: 'prod', labels: { app: 'web' }, node: 'n1' }), 'QueueSkip'],
  ])('%s', (_name, pending, oldPod, newPod, want) => {
    expect(isSchedulableAfterPodChange(handle, pending, oldPod, newPod)).toBe(want);
  });

  it("matches a namespaceSelector against the other pod's namespace labels", () => {
    const pending = pod({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [
      { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'zone', namespaceSelector: { matchLabels: { env: 'prod' } } },
    ] } } });
    expect(isSchedulableAfterPodChange(handle, pending, undefined, pod({ name: 'web', namespace: 'prod', labels: { app: 'web' }, node: 'n1' }))).toBe('Queue');
  });
});

describe('InterPodAffinity queueing hints for nodes', () => {
  const pendingWithAffinity = pod({ affinity: withAffinity });
  const pendingWithAnti = pod({ affinity: withAntiAffinity });

  it.each<[string, Pod, Node | undefined, Node, 'Queue' | 'QueueSkip']>([
    ['a node with matched pod affinity topologyKey was added', pendingWithAffinity, undefined, node({ zone: 'a' }), 'Queue'],
    ['a node without the pod affinity topologyKey was added', pendingWithAffinity, undefined, node({ other: 'a' }), 'QueueSkip'],
    ['any added node may help a pod with anti-affinity', pendingWithAnti, undefined, node({}), 'Queue'],
    ['a node gained the pod affinity topologyKey', pendingWithAffinity, node({}), node({ zone: 'a' }), 'Queue'],
    ['the pod affinity topology value changed', pendingWithAffinity, node({ zone: 'a' }), node({ zone: 'b' }), 'Queue'],
    ['the pod affinity topologyKey was removed', pendingWithAffinity, node({ zone: 'a' }), node({}), 'QueueSkip'],
    ['the pod anti-affinity topologyKey was removed', pendingWithAnti, node({ 'kubernetes.io/hostname': 'n' }), node({}), 'Queue'],
    ['the pod anti-affinity topologyKey was added', pendingWithAnti, node({}), node({ 'kubernetes.io/hostname': 'n' }), 'QueueSkip'],
    ['an unrelated label changed', pendingWithAffinity, node({ zone: 'a', x: '1' }), node({ zone: 'a', x: '2' }), 'QueueSkip'],
    ['a pod without pod affinity terms is not helped by a node', pod(), undefined, node({ zone: 'a' }), 'QueueSkip'],
  ])('%s', (_name, pending, oldNode, newNode, want) => {
    expect(isSchedulableAfterNodeChange(pending, oldNode, newNode)).toBe(want);
  });

  it('registers assigned-pod and node add/label events, each with a hint', () => {
    const events = newInterPodAffinity(handle).eventsToRegister();
    expect(events.map((e) => e.event)).toEqual(['AssignedPodAdd', 'AssignedPodUpdate', 'AssignedPodDelete', 'NodeAdd', 'NodeLabelChange']);
    expect(events.every((e) => typeof e.hint === 'function')).toBe(true);
  });
});
