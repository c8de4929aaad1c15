import { describe, expect, it } from 'vitest';
import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Node, Pod, ReplicationController, Taint, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/meta';
import { ago, asKubeObject, makeNodeWithCapacity, makeReplicaSet, makeSchedulingPod, makeService, type SchedulingPodOptions } from '../../../testing/builders';
import { CycleState } from '../../framework/cycle-state';
import type { Handle } from '../../framework/interface';
import { newNodeInfo, type NodeInfo } from '../../framework/node-info';
import { SUCCESS } from '../../framework/status';
import { defaultSelector } from './common';
import { newPodTopologySpread } from './plugin';
import { preScoreStateKey, topologyNormalizingWeight, type PreScoreState } from './scoring';

// ----- fixtures (as in filtering.test.ts) ---------------------------------------------------------

const exists = (key: string) => ({ matchExpressions: [{ key, operator: 'Exists' }] });
/** `labelSelector` null = a constraint without one (a nil selector selects nothing) */
const soft = (maxSkew: number, topologyKey: string, labelSelector: TopologySpreadConstraint['labelSelector'] | null = exists('foo'), extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint =>
  ({ maxSkew, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', ...(labelSelector ? { labelSelector } : {}), ...extra });
const HOST = 'kubernetes.io/hostname';

function incoming(labels: Record<string, string>, spread: TopologySpreadConstraint[], o: SchedulingPodOptions = {}): Pod {
  const pod = makeSchedulingPod({ name: 'p', labels, ...o });
  return spread.length ? { ...pod, spec: { ...pod.spec!, topologySpreadConstraints: spread } } : pod;
}

function node(name: string, labels: Record<string, string>, taints?: Taint[]): Node {
  return makeNodeWithCapacity({ name, labels, taints });
}

function on(nodeName: string, name: string, labels: Record<string, string> = { foo: '' }, o: { namespace?: string; terminating?: boolean } = {}): Pod {
  return makeSchedulingPod({ name, nodeName, labels, namespace: o.namespace, ...(o.terminating ? { deletionTimestamp: ago(1) } : {}) });
}

/** `count` pods on `nodeName` named <prefix>1..n */
function many(nodeName: string, prefix: string, count: number, labels: Record<string, string> = { foo: '' }): Pod[] {
  return Array.from({ length: count }, (_, i) => on(nodeName, `${prefix}${i + 1}`, labels));
}

const RESOURCES: Record<string, string> = { Service: 'services', ReplicaSet: 'replicasets', StatefulSet: 'statefulsets', ReplicationController: 'replicationcontrollers' };

function cluster(nodes: Node[], pods: Pod[], objects: KubeObject[] = []): { infos: NodeInfo[]; handle: Handle } {
  const infos = nodes.map((n) => newNodeInfo(n, ...pods.filter((p) => p.spec?.nodeName === n.metadata?.name)));
  const handle: Handle = {
    snapshotSharedLister: () => ({ list: () => infos, get: (name) => infos.find((ni) => ni.name === name), numNodesWithImage: () => 0 }),
    objects: () => ({
      list: (resource, ns) => objects.filter((o) => RESOURCES[o.kind] === resource && (ns === undefined || o.metadata.namespace === ns)),
      get: (resource, ns, name) => objects.find((o) => RESOURCES[o.kind] === resource && o.metadata.namespace === ns && o.metadata.name === name),
    }),
    runFilterPlugins: () => SUCCESS,
    nominatedPodsForNode: () => [],
  };
  return { infos, handle };
}

/** PreScore over the feasible nodes (`all` minus `failed`), Score each, NormalizeScore: name -> score. */
function scores(pod: Pod, all: Node[], pods: Pod[], failed: string[] = [], objects: KubeObject[] = []): Record<string, number> {
  const { infos, handle } = cluster(all, pods, objects);
  const pl = newPodTopologySpread(handle);
  const state = new CycleState();
  const feasible = infos.filter((ni) => !failed.includes(ni.name));
  expect(pl.preScore(state, pod, feasible)).toEqual(SUCCESS);
  const list = feasible.map((ni) => ({ name: ni.name, score: pl.score(state, pod, ni) }));
  pl.normalizeScore(state, pod, list);
  return Object.fromEntries(list.map((s) => [s.name, s.score]));
}

const hostNodes = (...names: string[]) => names.map((n) => node(n, { [HOST]: n }));
const zoneNodes = [
  node('node-a', { zone: 'zone1', [HOST]: 'node-a' }),
  node('node-b', { zone: 'zone1', [HOST]: 'node-b' }),
  node('node-x', { zone: 'zone2', [HOST]: 'node-x' }),
  node('node-y', { zone: 'zone2', [HOST]: 'node-y' }),
];
const spread2103 = [...many('node-a', 'p-a', 2), ...many('node-b', 'p-b', 1), ...many('node-d', 'p-d', 3)];
const spread4321 = [...many('node-a', 'p-a', 4), ...many('node-b', 'p-b', 3), ...many('node-c', 'p-c', 2), ...many('node-d', 'p-d', 1)];
const spread4213 = [...many('node-a', 'p-a', 4), ...many('node-b', 'p-b', 2), ...many('node-x', 'p-x', 1), ...many('node-y', 'p-y', 3)];
const fooBar = [on('node-a', 'p-a1', { foo: '' }), on('node-b', 'p-b1', { foo: '', bar: '' }), on('node-y', 'p-y1', { foo: '' }), on('node-y', 'p-y2', { bar: '' })];
const twoSelectors = [soft(1, 'zone', exists('foo')), soft(1, HOST, exists('bar'))];
const tainted: Taint[] = [{ key: 'taint', value: 'v', effect: 'NoSchedule' }];
const policyNodes = [node('node-a', { node: 'node-a', foo: '' }), node('node-b', { node: 'node-b', foo: '' }), node('node-c', { node: 'node-c' }, tainted)];
const policyPods = [...many('node-a', 'p-a', 2), on('node-b', 'p-b1'), on('node-c', 'p-c1')];
const fooIn: SchedulingPodOptions = { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'foo', operator: 'In', values: [''] }] }] } } } };

// ----- Score -------------------------------------------------------------------------------------

describe('PodTopologySpread Score (upstream TestPodTopologySpreadScore)', () => {
  it.each<[string, Pod, Node[], Pod[], string[], Record<string, number>]>([
    ['one constraint on node, no existing pods', incoming({ foo: '' }, [soft(1, HOST)]), hostNodes('node-a', 'node-b'), [], [],
      { 'node-a': 100, 'node-b': 100 }],
    ['one constraint on node, only one node is candidate', incoming({ foo: '' }, [soft(1, HOST)]), hostNodes('node-a', 'node-b'),
      [...many('node-a', 'p-a', 2), on('node-b', 'p-b1')], ['node-b'], { 'node-a': 100 }],
    ['one constraint on node, all nodes have the same number of matching pods', incoming({ foo: '' }, [soft(1, HOST)]), hostNodes('node-a', 'node-b'),
      [on('node-a', 'p-a1'), on('node-b', 'p-b1')], [], { 'node-a': 100, 'node-b': 100 }],
    // 2/1/0/3 with weight ln(4+2): raw 4/2/0/5 -> 100*(5+0-s)/5.
    ['one constraint on node, all 4 nodes are candidates', incoming({ foo: '' }, [soft(1, HOST)]), hostNodes('node-a', 'node-b', 'node-c', 'node-d'),
      spread2103, [], { 'node-a': 20, 'node-b': 60, 'node-c': 100, 'node-d': 0 }],
    ['one constraint on node, null selector', incoming({ foo: '' }, [soft(1, HOST, null)]), hostNodes('node-a', 'node-b', 'node-c', 'node-d'),
      spread2103, [], { 'node-a': 100, 'node-b': 100, 'node-c': 100, 'node-d': 100 }],
    ['one constraint on node, all 4 nodes are candidates, maxSkew=2', incoming({ foo: '' }, [soft(2, HOST)]), hostNodes('node-a', 'node-b', 'node-c', 'node-d'),
      spread2103, [], { 'node-a': 33, 'node-b': 66, 'node-c': 100, 'node-d': 16 }],
    ['one constraint on node, all 4 nodes are candidates, maxSkew=3', incoming({ foo: '' }, [soft(3, HOST)]), hostNodes('node-a', 'node-b', 'node-c', 'node-d'),
      spread4321, [], { 'node-a': 44, 'node-b': 66, 'node-c': 77, 'node-d': 100 }],
    ['one constraint on node, 3 out of 4 nodes are candidates', incoming({ foo: '' }, [soft(1, HOST)]), hostNodes('node-a', 'node-b', 'node-x', 'node-y'),
      spread4213, ['node-y'], { 'node-a': 33, 'node-b': 83, 'node-x': 100 }],
    ["one constraint on node, 3 out of 4 nodes are candidates, one node doesn't match topology key", incoming({ foo: '' }, [soft(1, HOST)]),
      [node('node-a', { [HOST]: 'node-a' }), node('node-b', { n: 'node-b' }), node('node-x', { [HOST]: 'node-x' }), node('node-y', { [HOST]: 'node-y' })],
      spread4213, ['node-y'], { 'node-a': 16, 'node-b': 0, 'node-x': 100 }],
    ['one constraint on zone, 3 out of 4 nodes are candidates', incoming({ foo: '' }, [soft(1, 'zone')]), zoneNodes, spread4213, ['node-y'],
      { 'node-a': 75, 'node-b': 75, 'node-x': 100 }],
    ['two Constraints on zone and node, 2 out of 4 nodes are candidates', incoming({ foo: '' }, [soft(1, 'zone'), soft(1, HOST)]), zoneNodes,
      [...many('node-a', 'p-a', 2), on('node-b', 'p-b1'), ...many('node-x', 'p-x', 2), ...many('node-y', 'p-y', 4)], ['node-b', 'node-y'],
      { 'node-a': 100, 'node-x': 63 }],
    ['two Constraints on zone and node, with different labelSelectors', incoming({ foo: '', bar: '' }, twoSelectors), zoneNodes, fooBar, [],
      { 'node-a': 60, 'node-b': 20, 'node-x': 100, 'node-y': 60 }],
    ['two Constraints on zone and node, with different labelSelectors, some nodes have 0 pods', incoming({ foo: '', bar: '' }, twoSelectors), zoneNodes,
      [on('node-b', 'p-b1', { bar: '' }), on('node-x', 'p-x1', { foo: '' }), on('node-y', 'p-y1', { foo: '', bar: '' })], [],
      { 'node-a': 100, 'node-b': 60, 'node-x': 40, 'node-y': 0 }],
    ['two Constraints on zone and node, with different labelSelectors, 3 out of 4 nodes are candidates', incoming({ foo: '', bar: '' }, twoSelectors), zoneNodes,
      fooBar, ['node-y'], { 'node-a': 50, 'node-b': 25, 'node-x': 100 }],
    ['existing pods in a different namespace do not count', incoming({ foo: '' }, [soft(1, HOST)]), hostNodes('node-a', 'node-b'),
      [on('node-a', 'p-a1', { foo: '' }, { namespace: 'ns1' }), on('node-a', 'p-a2'), ...many('node-b', 'p-b', 2)], [], { 'node-a': 100, 'node-b': 33 }],
    ['terminating Pods should be excluded', incoming({ foo: '' }, [soft(1, HOST)]), hostNodes('node-a', 'node-b'),
      [on('node-a', 'p-a', { foo: '' }, { terminating: true }), on('node-b', 'p-b')], [], { 'node-a': 100, 'node-b': 0 }],
    ['minDomains has no effect when ScheduleAnyway', incoming({ foo: '' }, [soft(2, 'node', exists('foo'), { minDomains: 10 })]),
      ['node-a', 'node-b', 'node-c'].map((n) => node(n, { node: n })), [...many('node-a', 'p-a', 2), ...many('node-b', 'p-b', 2), on('node-c', 'p-c1')], [],
      { 'node-a': 75, 'node-b': 75, 'node-c': 100 }],
    // node-c is not a domain (it fails the nodeSelector), so its own domain counts 0 pods.
    ['NodeAffinityPolicy honored with labelSelectors', incoming({ foo: '' }, [soft(1, 'node')], { nodeSelector: { foo: '' } }), policyNodes, policyPods, [],
      { 'node-a': 0, 'node-b': 33, 'node-c': 100 }],
    ['NodeAffinityPolicy ignored with labelSelectors', incoming({ foo: '' }, [soft(1, 'node', exists('foo'), { nodeAffinityPolicy: 'Ignore' })], { nodeSelector: { foo: '' } }),
      policyNodes, policyPods, [], { 'node-a': 66, 'node-b': 100, 'node-c': 100 }],
    ['NodeAffinityPolicy honored with nodeAffinity', incoming({ foo: '' }, [soft(1, 'node')], fooIn), policyNodes, policyPods, [],
      { 'node-a': 0, 'node-b': 33, 'node-c': 100 }],
    ['NodeTaintsPolicy honored', incoming({ foo: '' }, [soft(1, 'node', exists('foo'), { nodeTaintsPolicy: 'Honor' })]), policyNodes, policyPods, [],
      { 'node-a': 0, 'node-b': 33, 'node-c': 100 }],
    ['NodeTaintsPolicy ignored', incoming({ foo: '' }, [soft(1, 'node')]), policyNodes, policyPods, [],
      { 'node-a': 66, 'node-b': 100, 'node-c': 100 }],
    // matchLabelKeys [rev]: only revision r2's pods count: node-a 0, node-b 1.
    ['matchLabelKeys narrows the counted pods to the pod\'s own revision',
      incoming({ app: 'web', rev: 'r2' }, [soft(1, HOST, { matchLabels: { app: 'web' } }, { matchLabelKeys: ['rev'] })]), hostNodes('node-a', 'node-b'),
      [...many('node-a', 'r1-', 3, { app: 'web', rev: 'r1' }), on('node-b', 'r2-1', { app: 'web', rev: 'r2' })], [], { 'node-a': 100, 'node-b': 0 }],
  ])('%s', (_name, pod, nodes, pods, failed, want) => {
    expect(scores(pod, nodes, pods, failed)).toEqual(want);
  });

  it('the weight grows with the number of domains: ln(size + 2)', () => {
    expect(topologyNormalizingWeight(1)).toBeCloseTo(1.0986, 4);
    expect(topologyNormalizingWeight(5000)).toBeCloseTo(8.5176, 4);
  });

  it('PreScore records the domains of the feasible nodes and ignores nodes missing a key', () => {
    const nodes = [...zoneNodes, node('node-z', { [HOST]: 'node-z' })];
    const { infos, handle } = cluster(nodes, spread4213);
    const state = new CycleState();
    newPodTopologySpread(handle).preScore(state, incoming({ foo: '' }, [soft(1, 'zone')]), infos.filter((ni) => ni.name !== 'node-y'));
    const s = state.read<PreScoreState>(preScoreStateKey)!;
    expect([...s.ignoredNodes]).toEqual(['node-z']);
    // node-y is not feasible but its pods still count toward zone2.
    expect(Object.fromEntries(s.topologyValueToPodCounts[0])).toEqual({ zone1: 6, zone2: 4 });
    expect(s.topologyNormalizingWeight[0]).toBeCloseTo(Math.log(4));
  });
});

// ----- System defaults ---------------------------------------------------------------------------

function rsOwned(name: string, nodeName: string | undefined, rs: string, hash: string): Pod {
  const pod = makeSchedulingPod({ name, nodeName, labels: { app: 'web', 'pod-template-hash': hash } });
  return {
    ...pod,
    metadata: { ...pod.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: `uid-${rs}`, controller: true }] },
  };
}

describe('PodTopologySpread system default constraints', () => {
  const rs = asKubeObject(makeReplicaSet({ name: 'web-abc', selector: { app: 'web', 'pod-template-hash': 'abc' } }));

  it('spread a ReplicaSet\'s pods over hostnames: the node with fewest of its pods scores highest', () => {
    // web-abc has 2 pods on node-a, 1 on node-b, none on node-c; an older ReplicaSet's pods on node-c do not count.
    const pods = [rsOwned('a1', 'node-a', 'web-abc', 'abc'), rsOwned('a2', 'node-a', 'web-abc', 'abc'), rsOwned('b1', 'node-b', 'web-abc', 'abc'),
      rsOwned('old1', 'node-c', 'web-old', 'old'), rsOwned('old2', 'node-c', 'web-old', 'old')];
    const got = scores(rsOwned('new', undefined, 'web-abc', 'abc'), hostNodes('node-a', 'node-b', 'node-c'), pods, [], [rs]);
    // hostname maxSkew 3, weight ln(3+2): raw round(2*1.609+2)=5, round(1.609+2)=4, 2 -> 100*(5+2-s)/5.
    expect(got).toEqual({ 'node-a': 40, 'node-b': 60, 'node-c': 100 });
  });

  it('system defaulting, nodes don\'t have zone, pods match service', () => {
    const svc = asKubeObject(makeService({ name: 'foo', selector: { foo: '' } }));
    expect(scores(incoming({ foo: '' }, []), hostNodes('node-a', 'node-b', 'node-c', 'node-d'), spread4321, [], [svc]))
      .toEqual({ 'node-a': 44, 'node-b': 66, 'node-c': 77, 'node-d': 100 });
  });

  it('with zone labels both defaults count: hostname and zone', () => {
    const svc = asKubeObject(makeService({ name: 'foo', selector: { foo: '' } }));
    const nodes = [node('n1', { [HOST]: 'n1', 'topology.kubernetes.io/zone': 'z1' }), node('n2', { [HOST]: 'n2', 'topology.kubernetes.io/zone': 'z1' }),
      node('n3', { [HOST]: 'n3', 'topology.kubernetes.io/zone': 'z2' })];
    // n1 2 pods, n2 0, n3 1: zones z1 2, z2 1. Hostname weight ln 5, zone weight ln 4.
    // n1: 2*1.609+2 + 2*1.386+4 = 11.99 -> 12; n2: 2 + 6.77 = 8.77 -> 9; n3: 3.61 + 5.39 = 9.0 -> 9.
    const got = scores(incoming({ foo: '' }, []), nodes, [...many('n1', 'a', 2), on('n3', 'c1')], [], [svc]);
    expect(got).toEqual({ n1: 75, n2: 100, n3: 100 });
  });

  it.each<[string, Pod, KubeObject[]]>([
    ['a bare pod that nothing selects', incoming({ foo: '' }, []), []],
    ['a pod whose owner ReplicaSet is not in the cache', rsOwned('x', undefined, 'gone', 'abc'), []],
    ['a pod with only DoNotSchedule constraints', incoming({ foo: '' }, [{ ...soft(1, HOST), whenUnsatisfiable: 'DoNotSchedule' }]), []],
  ])('PreScore skips %s', (_name, pod, objects) => {
    const { infos, handle } = cluster(hostNodes('node-a', 'node-b'), [], objects);
    const state = new CycleState();
    expect(newPodTopologySpread(handle).preScore(state, pod, infos)).toEqual({ code: 'Skip' });
  });

  it('defaultingType List requires every default key on a node (others are ignored)', () => {
    const { infos, handle } = cluster([node('n1', { [HOST]: 'n1', zone: 'z' }), node('n2', { [HOST]: 'n2' })], []);
    const svc = asKubeObject(makeService({ name: 'foo', selector: { foo: '' } }));
    const h: Handle = { ...handle, objects: () => ({ list: (r) => (r === 'services' ? [svc] : []), get: () => undefined }) };
    const pl = newPodTopologySpread(h, { defaultingType: 'List', defaultConstraints: [soft(1, HOST, null), soft(1, 'zone', null)] });
    const state = new CycleState();
    expect(pl.preScore(state, incoming({ foo: '' }, []), infos)).toEqual(SUCCESS);
    expect([...state.read<PreScoreState>(preScoreStateKey)!.ignoredNodes]).toEqual(['n2']);
  });
});

describe('defaultSelector (helper.DefaultSelector)', () => {
  const pod = (labels: Record<string, string>, owner?: { apiVersion: string; kind: string; name: string }): Pod => {
    const p = makeSchedulingPod({ name: 'p', labels });
    return owner ? { ...p, metadata: { ...p.metadata, ownerReferences: [{ ...owner, uid: 'u', controller: true }] } } : p;
  };
  const lister = (objects: KubeObject[]) => cluster([], [], objects).handle.objects();
  const svc = (name: string, selector?: Record<string, string>, namespace?: string) => asKubeObject(makeService({ name, selector, namespace }));
  const sts: StatefulSet = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'default' }, spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: {} } };
  const rc: ReplicationController = { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'old', namespace: 'default' }, spec: { selector: { tier: 'legacy' } } };
  const rs: ReplicaSet = makeReplicaSet({ name: 'web-abc', selector: { app: 'web', 'pod-template-hash': 'abc' } });

  it.each<[string, Pod, KubeObject[], string]>([
    ['nothing selects the pod: empty', pod({ app: 'web' }), [], ''],
    ['the Services selecting the pod merge their selectors', pod({ app: 'web', tier: 'fe' }), [svc('a', { app: 'web' }), svc('b', { tier: 'fe' }), svc('c', { app: 'other' })], 'app=web,tier=fe'],
    ['a Service without a selector selects nothing', pod({ app: 'web' }), [svc('headless')], ''],
    ['a Service in another namespace does not count', pod({ app: 'web' }), [svc('a', { app: 'web' }, 'other')], ''],
    ['a ReplicaSet owner adds its selector', pod({ app: 'web', 'pod-template-hash': 'abc' }, { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc' }),
      [svc('a', { app: 'web' }), asKubeObject(rs)], 'app=web,app=web,pod-template-hash=abc'],
    ['a StatefulSet owner adds its selector', pod({ app: 'db' }, { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' }), [asKubeObject(sts)], 'app=db'],
    ['a ReplicationController owner merges its selector', pod({ tier: 'legacy' }, { apiVersion: 'v1', kind: 'ReplicationController', name: 'old' }), [asKubeObject(rc)], 'tier=legacy'],
    ['a Deployment is no supported owner', pod({ app: 'web' }, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }), [], ''],
  ])('%s', (_name, p, objects, want) => {
    expect(defaultSelector(p, lister(objects)).toString()).toBe(want);
  });
});
