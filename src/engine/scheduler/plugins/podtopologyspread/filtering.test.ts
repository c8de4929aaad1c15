import { describe, expect, it } from 'vitest';
import type { Node, Pod, Taint, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/meta';
import { ago, makeNodeWithCapacity, makeSchedulingPod, type SchedulingPodOptions } from '../../../testing/builders';
import { CycleState } from '../../framework/cycle-state';
import type { Handle } from '../../framework/interface';
import { newNodeInfo, type NodeInfo } from '../../framework/node-info';
import { SUCCESS, type Code } from '../../framework/status';
import { preFilterStateKey, updateCriticalPaths, type CriticalPaths, type PreFilterState } from './filtering';
import { ErrReasonConstraintsNotMatch, ErrReasonNodeLabelNotMatch, newPodTopologySpread } from './plugin';

// ----- fixtures (upstream's st.MakePod / st.MakeNode, in small) ---------------------------------

const exists = (key: string) => ({ matchExpressions: [{ key, operator: 'Exists' }] });
const hard = (maxSkew: number, topologyKey: string, labelSelector = exists('foo'), extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint =>
  ({ maxSkew, topologyKey, whenUnsatisfiable: 'DoNotSchedule', labelSelector, ...extra });

function incoming(labels: Record<string, string>, spread: TopologySpreadConstraint[], o: SchedulingPodOptions = {}): Pod {
  const pod = makeSchedulingPod({ name: 'p', labels, ...o });
  return { ...pod, spec: { ...pod.spec!, topologySpreadConstraints: spread } };
}

function node(name: string, labels: Record<string, string>, taints?: Taint[]): Node {
  return makeNodeWithCapacity({ name, labels, taints });
}

/** A pod bound to `nodeName`; `labels` default foo="" (upstream's .Label("foo", "")). */
function on(nodeName: string, name: string, labels: Record<string, string> = { foo: '' }, o: { namespace?: string; terminating?: boolean } = {}): Pod {
  return makeSchedulingPod({ name, nodeName, labels, namespace: o.namespace, ...(o.terminating ? { deletionTimestamp: ago(1) } : {}) });
}

function cluster(nodes: Node[], pods: Pod[], objects: KubeObject[] = []): { infos: NodeInfo[]; handle: Handle } {
  const infos = nodes.map((n) => newNodeInfo(n, ...pods.filter((p) => p.spec?.nodeName === n.metadata?.name)));
  const handle: Handle = {
    snapshotSharedLister: () => ({ list: () => infos, get: (name) => infos.find((ni) => ni.name === name), numNodesWithImage: () => 0 }),
    objects: () => ({
      list: (resource, ns) => objects.filter((o) => resourceOf(o) === resource && (ns === undefined || o.metadata.namespace === ns)),
      get: (resource, ns, name) => objects.find((o) => resourceOf(o) === resource && o.metadata.namespace === ns && o.metadata.name === name),
    }),
    runFilterPlugins: () => SUCCESS,
    nominatedPodsForNode: () => [],
  };
  return { infos, handle };
}

function resourceOf(o: KubeObject): string {
  return `${o.kind.toLowerCase()}s`;
}

/** PreFilter once, then Filter on every node: node name -> status code. */
function filterCodes(pod: Pod, nodes: Node[], pods: Pod[]): Record<string, Code> {
  const { infos, handle } = cluster(nodes, pods);
  const pl = newPodTopologySpread(handle);
  const state = new CycleState();
  expect(pl.preFilter(state, pod)).toEqual(SUCCESS);
  return Object.fromEntries(infos.map((ni) => [ni.name, pl.filter(state, pod, ni).code]));
}

const S = 'Success';
const U = 'Unschedulable';
const UU = 'UnschedulableAndUnresolvable';

/** node-a, node-b in zone1; node-x, node-y in zone2; each labelled node=<name>. */
const fourNodes = [
  node('node-a', { zone: 'zone1', node: 'node-a' }),
  node('node-b', { zone: 'zone1', node: 'node-b' }),
  node('node-x', { zone: 'zone2', node: 'node-x' }),
  node('node-y', { zone: 'zone2', node: 'node-y' }),
];
/** matching pods spread over the nodes as 2/1/0/3 (zones 3/3) */
const spread2103 = [on('node-a', 'p-a1'), on('node-a', 'p-a2'), on('node-b', 'p-b1'), on('node-y', 'p-y1'), on('node-y', 'p-y2'), on('node-y', 'p-y3')];

// ----- Filter ------------------------------------------------------------------------------------

describe('PodTopologySpread Filter: one constraint (upstream TestSingleConstraint)', () => {
  it.each<[string, Pod, Node[], Pod[], Record<string, Code>]>([
    ['no existing pods', incoming({ foo: '' }, [hard(1, 'zone')]), fourNodes, [], { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S }],
    ["no existing pods, incoming pod doesn't match itself", incoming({ foo: '' }, [hard(1, 'zone', exists('bar'))]), fourNodes, [],
      { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S }],
    ['existing pods in a different namespace do not count', incoming({ foo: '' }, [hard(1, 'zone')]), fourNodes,
      [on('node-a', 'p-a1', { foo: '' }, { namespace: 'ns1' }), on('node-a', 'p-b1', { foo: '' }, { namespace: 'ns2' }), on('node-x', 'p-x1'), on('node-y', 'p-y1')],
      { 'node-a': S, 'node-b': S, 'node-x': U, 'node-y': U }],
    ['pods spread across zones as 3/3, all nodes fit', incoming({ foo: '' }, [hard(1, 'zone')]), fourNodes, spread2103,
      { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S }],
    ["pods spread across zones as 1/2 due to absence of label 'zone' on node-b", incoming({ foo: '' }, [hard(1, 'zone')]),
      [fourNodes[0], node('node-b', { zon: 'zone1', node: 'node-b' }), fourNodes[2], fourNodes[3]],
      [on('node-a', 'p-a1'), on('node-b', 'p-b1'), on('node-x', 'p-x1'), on('node-y', 'p-y1')],
      { 'node-a': S, 'node-b': UU, 'node-x': U, 'node-y': U }],
    ["pod cannot be scheduled as all nodes don't have label 'rack'", incoming({ foo: '' }, [hard(1, 'rack')]), [fourNodes[0], fourNodes[2]], [],
      { 'node-a': UU, 'node-x': UU }],
    ['pods spread across nodes as 2/1/0/3, only node-x fits', incoming({ foo: '' }, [hard(1, 'node')]), fourNodes, spread2103,
      { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U }],
    ['pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit', incoming({ foo: '' }, [hard(2, 'node')]), fourNodes, spread2103,
      { 'node-a': U, 'node-b': S, 'node-x': S, 'node-y': U }],
    ["pods spread across nodes as 2/1/0/3, but pod doesn't match itself", incoming({ bar: '' }, [hard(1, 'node')]), fourNodes, spread2103,
      { 'node-a': U, 'node-b': S, 'node-x': S, 'node-y': U }],
    // Only node-a and node-y are domains (2/~1~/~0~/3): the minimum is 2, so node-a fits. node-b and
    // node-x would be removed by NodeAffinity, which this test does not run.
    ['incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits',
      incoming({ foo: '' }, [hard(1, 'node')], { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'node', operator: 'In', values: ['node-a', 'node-y'] }] }] } } } }),
      fourNodes, spread2103, { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': U }],
    ['terminating Pods should be excluded', incoming({ foo: '' }, [hard(1, 'node')]),
      [node('node-a', { node: 'node-a' }), node('node-b', { node: 'node-b' })],
      [on('node-a', 'p-a', { foo: '' }, { terminating: true }), on('node-b', 'p-b')], { 'node-a': S, 'node-b': U }],
  ])('%s', (_name, pod, nodes, pods, want) => {
    expect(filterCodes(pod, nodes, pods)).toEqual(want);
  });

  it("the docs' scenario: 2 foo=bar pods in zoneA, 1 in zoneB -> mypod only fits zoneB", () => {
    const nodes = [node('node1', { zone: 'zoneA' }), node('node2', { zone: 'zoneA' }), node('node3', { zone: 'zoneB' }), node('node4', { zone: 'zoneB' })];
    const pods = [on('node1', 'p1', { foo: 'bar' }), on('node2', 'p2', { foo: 'bar' }), on('node3', 'p3', { foo: 'bar' })];
    const pod = incoming({ foo: 'bar' }, [hard(1, 'zone', { matchLabels: { foo: 'bar' } } as never)]);
    expect(filterCodes(pod, nodes, pods)).toEqual({ node1: U, node2: U, node3: S, node4: S });
  });

  it('rejects with upstream reason strings: skew is Unschedulable, a missing key UnschedulableAndUnresolvable', () => {
    const nodes = [node('node-a', { zone: 'zone1' }), node('node-b', { zone: 'zone2' }), node('node-c', {})];
    const { infos, handle } = cluster(nodes, [on('node-a', 'p1'), on('node-a', 'p2')]);
    const pl = newPodTopologySpread(handle);
    const pod = incoming({ foo: '' }, [hard(1, 'zone')]);
    const state = new CycleState();
    pl.preFilter(state, pod);
    expect(pl.filter(state, pod, infos[0])).toMatchObject({
      code: U, reasons: [ErrReasonConstraintsNotMatch], detail: 'zone=zone1: 2 matching pod(s) + 1 (this pod) - global minimum 0 = skew 3 > maxSkew 1',
    });
    expect(pl.filter(state, pod, infos[1]).code).toBe(S);
    expect(pl.filter(state, pod, infos[2])).toMatchObject({ code: UU, reasons: [ErrReasonNodeLabelNotMatch] });
    expect(ErrReasonNodeLabelNotMatch).toBe("node(s) didn't match pod topology spread constraints (missing required label)");
  });
});

describe('PodTopologySpread Filter: two constraints (upstream TestMultipleConstraints)', () => {
  it.each<[string, Pod, Pod[], Record<string, Code>]>([
    // zone: any node (3/3); node: only node-x (2/1/0/3); both -> node-x.
    ['two Constraints on zone and node, spreads = [3/3, 2/1/0/3]', incoming({ foo: '' }, [hard(1, 'zone'), hard(1, 'node')]), spread2103,
      { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U }],
    // zone: zone1 only (3/4); node: node-x only (2/1/0/4): the intersection is empty.
    ['two Constraints on zone and node, spreads = [3/4, 2/1/0/4]: no node satisfies both', incoming({ foo: '' }, [hard(1, 'zone'), hard(1, 'node')]),
      [...spread2103, on('node-y', 'p-y4')], { 'node-a': U, 'node-b': U, 'node-x': U, 'node-y': U }],
    // zone: zone1 only (3/4); node at maxSkew 2: node-b and node-x (2/1/0/4): both -> node-b.
    ['two Constraints on zone and node, spreads = [3/4, 2/1/0/4], node maxSkew 2', incoming({ foo: '' }, [hard(1, 'zone'), hard(2, 'node')]),
      [...spread2103, on('node-y', 'p-y4')], { 'node-a': U, 'node-b': S, 'node-x': U, 'node-y': U }],
    // Different selectors: zone counts foo (zone1 2, zone2 1 -> zone2); node counts bar (a 0, b 1, x 0, y 1 -> a, x).
    ['two Constraints on zone and node, with different labelSelectors',
      incoming({ foo: '', bar: '' }, [hard(1, 'zone', exists('foo')), hard(1, 'node', exists('bar'))]),
      [on('node-a', 'p-a1', { foo: '' }), on('node-b', 'p-b1', { foo: '' }), on('node-y', 'p-y1', { foo: '' }), on('node-y', 'p-y2', { bar: '' })],
      { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U }],
  ])('%s', (_name, pod, pods, want) => {
    expect(filterCodes(pod, fourNodes, pods)).toEqual(want);
  });
});

describe('PodTopologySpread Filter: minDomains', () => {
  const threeNodes = [node('node-1', { node: 'node-1', zone: 'zone1' }), node('node-2', { node: 'node-2', zone: 'zone1' }), node('node-3', { node: 'node-3', zone: 'zone2' })];
  const spread221 = [on('node-1', 'p1a'), on('node-1', 'p1b'), on('node-2', 'p2a'), on('node-2', 'p2b'), on('node-3', 'p3')];
  it.each<[string, Pod, Pod[], Record<string, Code>]>([
    ['pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains < minDomains, then the third node fits',
      incoming({ foo: '' }, [hard(2, 'node', exists('foo'), { minDomains: 4 })]), spread221, { 'node-1': U, 'node-2': U, 'node-3': S }],
    ['pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains > minDomains, then the all nodes fit',
      incoming({ foo: '' }, [hard(2, 'node', exists('foo'), { minDomains: 2 })]), spread221, { 'node-1': S, 'node-2': S, 'node-3': S }],
    ['two zones with 2/1 pods and minDomains 3: the global minimum is 0, so only the emptier zone fits at maxSkew 2',
      incoming({ foo: '' }, [hard(2, 'zone', exists('foo'), { minDomains: 3 })]), [on('node-1', 'a'), on('node-2', 'b'), on('node-3', 'c')],
      { 'node-1': U, 'node-2': U, 'node-3': S }],
    ['minDomains equal to the number of domains leaves the minimum as counted',
      incoming({ foo: '' }, [hard(1, 'zone', exists('foo'), { minDomains: 2 })]), [on('node-1', 'a'), on('node-3', 'c')],
      { 'node-1': S, 'node-2': S, 'node-3': S }],
  ])('%s', (_name, pod, pods, want) => {
    expect(filterCodes(pod, threeNodes, pods)).toEqual(want);
  });
});

describe('PodTopologySpread Filter: node inclusion policies', () => {
  const nodes = [
    node('node-1', { node: 'node-1', zone: 'zone-1', foo: '' }),
    node('node-2', { node: 'node-2', zone: 'zone-1', foo: '' }),
    node('node-3', { node: 'node-3', zone: 'zone-2' }, [{ key: 'taint', value: 'v', effect: 'NoSchedule' }]),
    node('node-4', { node: 'node-4', zone: 'zone-2', foo: '' }),
  ];
  const onePerNode = [on('node-1', 'p1a'), on('node-2', 'p2a'), on('node-3', 'p3a'), on('node-4', 'p4a')];
  it.each<[string, Pod, Record<string, Code>]>([
    // Honor (default): node-3 fails the nodeSelector, so zone-2 counts 1 against zone-1's 2: zone-2 fits.
    // (node-3 is removed by NodeAffinity and TaintToleration in a real cycle.)
    ['NodeAffinityPolicy honored with labelSelectors, pods spread across zone as 2/1',
      incoming({ foo: '' }, [hard(1, 'zone')], { nodeSelector: { foo: '' } }), { 'node-1': U, 'node-2': U, 'node-3': S, 'node-4': S }],
    // Ignore: every node counts: 2/2, all fit.
    ['NodeAffinityPolicy ignored with labelSelectors, pods spread across zone as 2/2',
      incoming({ foo: '' }, [hard(1, 'zone', exists('foo'), { nodeAffinityPolicy: 'Ignore' })], { nodeSelector: { foo: '' } }),
      { 'node-1': S, 'node-2': S, 'node-3': S, 'node-4': S }],
    // Honor: the tainted node-3 is no domain: zone-2 counts 1: zone-2 fits.
    ['NodeTaintsPolicy honored, pods spread across zone as 2/1', incoming({ foo: '' }, [hard(1, 'zone', exists('foo'), { nodeTaintsPolicy: 'Honor' })]),
      { 'node-1': U, 'node-2': U, 'node-3': S, 'node-4': S }],
    ['NodeTaintsPolicy honored, but the pod tolerates the taint: 2/2',
      incoming({ foo: '' }, [hard(1, 'zone', exists('foo'), { nodeTaintsPolicy: 'Honor' })], { tolerations: [{ key: 'taint', operator: 'Exists' }] }),
      { 'node-1': S, 'node-2': S, 'node-3': S, 'node-4': S }],
    ['NodeTaintsPolicy ignored, pods spread across zone as 2/2', incoming({ foo: '' }, [hard(1, 'zone')]),
      { 'node-1': S, 'node-2': S, 'node-3': S, 'node-4': S }],
  ])('%s', (_name, pod, want) => {
    expect(filterCodes(pod, nodes, onePerNode)).toEqual(want);
  });
});

describe('PodTopologySpread Filter: matchLabelKeys', () => {
  // Two rollouts of one app: revision r1 has 2 pods on node-a; r2 has 1 on node-b.
  const nodes = [node('node-a', { node: 'node-a' }), node('node-b', { node: 'node-b' }), node('node-c', { node: 'node-c' })];
  const pods = [on('node-a', 'r1-1', { app: 'web', rev: 'r1' }), on('node-a', 'r1-2', { app: 'web', rev: 'r1' }), on('node-b', 'r2-1', { app: 'web', rev: 'r2' })];
  const app = { matchLabels: { app: 'web' } } as never;
  it.each<[string, Pod, Record<string, Code>]>([
    ['without matchLabelKeys every app=web pod counts (2/1/0)', incoming({ app: 'web', rev: 'r2' }, [hard(1, 'node', app)]),
      { 'node-a': U, 'node-b': U, 'node-c': S }],
    ["matchLabelKeys [rev] counts only the pod's own revision (0/1/0)", incoming({ app: 'web', rev: 'r2' }, [hard(1, 'node', app, { matchLabelKeys: ['rev'] })]),
      { 'node-a': S, 'node-b': U, 'node-c': S }],
    ['a matchLabelKey the pod lacks is left out of the selector', incoming({ app: 'web', rev: 'r2' }, [hard(1, 'node', app, { matchLabelKeys: ['track'] })]),
      { 'node-a': U, 'node-b': U, 'node-c': S }],
  ])('%s', (_name, pod, want) => {
    expect(filterCodes(pod, nodes, pods)).toEqual(want);
  });
});

describe('PodTopologySpread PreFilter', () => {
  it.each<[string, Pod]>([
    ['a pod without constraints (and nothing selecting it)', makeSchedulingPod({ name: 'bare', labels: { foo: '' } })],
    ['a pod with only ScheduleAnyway constraints', incoming({ foo: '' }, [{ ...hard(1, 'zone'), whenUnsatisfiable: 'ScheduleAnyway' }])],
  ])('skips %s', (_name, pod) => {
    const { handle } = cluster(fourNodes, spread2103);
    const state = new CycleState();
    expect(newPodTopologySpread(handle).preFilter(state, pod)).toEqual({ code: 'Skip' });
    expect(state.read(preFilterStateKey)).toBeUndefined();
  });

  it('counts matching pods per eligible domain, and the two emptiest domains', () => {
    const { handle } = cluster(fourNodes, spread2103);
    const state = new CycleState();
    newPodTopologySpread(handle).preFilter(state, incoming({ foo: '' }, [hard(1, 'zone'), hard(1, 'node')]));
    const s = state.read<PreFilterState>(preFilterStateKey)!;
    expect(Object.fromEntries(s.tpValueToMatchNum[0])).toEqual({ zone1: 3, zone2: 3 });
    expect(Object.fromEntries(s.tpValueToMatchNum[1])).toEqual({ 'node-a': 2, 'node-b': 1, 'node-x': 0, 'node-y': 3 });
    expect(s.criticalPaths[1]).toEqual([{ value: 'node-x', matchNum: 0 }, { value: 'node-b', matchNum: 1 }]);
  });

  it('fails with an error for an invalid label selector', () => {
    const { handle } = cluster(fourNodes, []);
    const pod = incoming({ foo: '' }, [hard(1, 'zone', { matchExpressions: [{ key: 'foo', operator: 'In' }] })]);
    expect(newPodTopologySpread(handle).preFilter(new CycleState(), pod)).toMatchObject({ code: 'Error', message: expect.stringContaining("values set can't be empty") });
  });
});

describe('criticalPaths', () => {
  const init: CriticalPaths = [{ value: '', matchNum: 2147483647 }, { value: '', matchNum: 2147483647 }];
  it.each<[string, Array<[string, number]>, CriticalPaths]>([
    ['keeps the two smallest in order', [['a', 3], ['b', 1], ['c', 2]], [{ value: 'b', matchNum: 1 }, { value: 'c', matchNum: 2 }]],
    ['a known domain growing past the other swaps them', [['a', 1], ['b', 2], ['a', 5]], [{ value: 'b', matchNum: 2 }, { value: 'a', matchNum: 5 }]],
    ['a known domain shrinking stays first', [['a', 1], ['b', 2], ['b', 0]], [{ value: 'b', matchNum: 0 }, { value: 'a', matchNum: 1 }]],
  ])('%s', (_name, updates, want) => {
    let p = init;
    for (const [v, n] of updates) p = updateCriticalPaths(p, v, n);
    expect(p).toEqual(want);
  });
});

describe('PodTopologySpread Filter on what-if NodeInfos', () => {
  it("preemption's dry run: removing a matching pod from a node's copy lowers that domain's count", () => {
    const { infos, handle } = cluster(fourNodes, spread2103);
    const pl = newPodTopologySpread(handle);
    const pod = incoming({ foo: '' }, [hard(1, 'node')]);
    const state = new CycleState();
    pl.preFilter(state, pod);
    expect(pl.filter(state, pod, infos[1]).code).toBe(U); // node-b: 1 + 1 - 0
    const copy = infos[1].clone();
    copy.removePod(copy.pods[0].key);
    expect(pl.filter(state.clone(), pod, copy).code).toBe(S); // 0 + 1 - 0
    // The snapshot's own NodeInfo is unchanged, and so is its verdict.
    expect(pl.filter(state, pod, infos[1]).code).toBe(U);
  });

  it('adding a matching pod to the emptiest node raises the global minimum', () => {
    // node-a 1, node-b 1, node-x 0. On a copy of node-x holding one more matching pod, x's domain counts
    // 1 and the minimum rises from 0 to 1 (maxSkew 0 makes Filter reject, so the detail shows it).
    const { infos, handle } = cluster(fourNodes.slice(0, 3), [on('node-a', 'a1'), on('node-b', 'b1')]);
    const pl = newPodTopologySpread(handle);
    const pod = incoming({ foo: '' }, [hard(0, 'node')]);
    const state = new CycleState();
    pl.preFilter(state, pod);
    expect(pl.filter(state, pod, infos[2])).toMatchObject({ detail: expect.stringContaining('0 matching pod(s) + 1 (this pod) - global minimum 0') });
    const copy = infos[2].clone();
    copy.addPod(on('node-x', 'x1'));
    expect(pl.filter(state, pod, copy)).toMatchObject({ detail: expect.stringContaining('1 matching pod(s) + 1 (this pod) - global minimum 1') });
  });
});
