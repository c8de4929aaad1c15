import { describe, expect, it } from 'vitest';
import type { Affinity, Namespace, Node, Pod, PodAffinityTerm } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/meta';
import { asKubeObject, makeNamespace, makeNodeWithCapacity, makeSchedulingPod } from '../../../testing/builders';
import { CycleState } from '../../framework/cycle-state';
import type { Handle } from '../../framework/interface';
import { newNodeInfo, type NodeInfo } from '../../framework/node-info';
import type { Status } from '../../framework/status';
import { SUCCESS } from '../../framework/status';
import {
  ErrReasonAffinityRulesNotMatch, ErrReasonAntiAffinityRulesNotMatch, ErrReasonExistingAntiAffinityRulesNotMatch, newInterPodAffinity,
} from './plugin';

const NAMESPACES: Namespace[] = [
  makeNamespace({ name: 'default' }),
  makeNamespace({ name: 'subteam1.team1', labels: { team: 'team1' } }),
  makeNamespace({ name: 'subteam2.team1', labels: { team: 'team1' } }),
  makeNamespace({ name: 'subteam1.team2', labels: { team: 'team2' } }),
  makeNamespace({ name: 'subteam2.team2', labels: { team: 'team2' } }),
];

function handleFor(nodes: NodeInfo[], namespaces: Namespace[] = NAMESPACES): Handle {
  const objs: KubeObject[] = namespaces.map(asKubeObject);
  return {
    objects: () => ({
      list: (resource) => (resource === 'namespaces' ? objs : []),
      get: (resource, _ns, name) => (resource === 'namespaces' ? objs.find((o) => o.metadata.name === name) : undefined),
    }),
    snapshotSharedLister: () => ({ list: () => nodes, get: (n) => nodes.find((x) => x.name === n), numNodesWithImage: () => 0 }),
    runFilterPlugins: () => SUCCESS,
    nominatedPodsForNode: () => [],
  };
}

type Op = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

/** A term whose selector is one expression (a list of [key, op, values] for several). */
function term(exprs: Array<[string, Op, string[]?]>, topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm {
  return {
    labelSelector: { matchExpressions: exprs.map(([key, operator, values]) => ({ key, operator, ...(values ? { values } : {}) })) },
    topologyKey,
    ...extra,
  };
}

function affinity(required: PodAffinityTerm[] = [], antiRequired: PodAffinityTerm[] = []): Affinity {
  return {
    ...(required.length ? { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: required } } : {}),
    ...(antiRequired.length ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: antiRequired } } : {}),
  };
}

let seq = 0;
function pod(o: { labels?: Record<string, string>; namespace?: string; node?: string; affinity?: Affinity; name?: string }): Pod {
  return makeSchedulingPod({ name: o.name ?? `p${++seq}`, namespace: o.namespace, labels: o.labels, nodeName: o.node, affinity: o.affinity });
}

function node(name: string, labels: Record<string, string>): Node {
  return makeNodeWithCapacity({ name, labels });
}

/** Each node's NodeInfo with the pods bound to it (pods on nodes not listed are nowhere). */
function nodeInfos(nodes: Node[], pods: Pod[]): NodeInfo[] {
  return nodes.map((n) => newNodeInfo(n, ...pods.filter((p) => p.spec?.nodeName === n.metadata?.name)));
}

type Want = 'fits' | 'affinity' | 'anti' | 'existing';

const WANT: Record<Exclude<Want, 'fits'>, [string, string]> = {
  affinity: ['UnschedulableAndUnresolvable', ErrReasonAffinityRulesNotMatch],
  anti: ['Unschedulable', ErrReasonAntiAffinityRulesNotMatch],
  existing: ['Unschedulable', ErrReasonExistingAntiAffinityRulesNotMatch],
};

function verdict(s: Status): Want | string {
  if (s.code === 'Success') return 'fits';
  for (const [want, [code, reason]] of Object.entries(WANT)) {
    if (s.code === code && 'reasons' in s && s.reasons.length === 1 && s.reasons[0] === reason) return want;
  }
  return JSON.stringify(s);
}

/** PreFilter then Filter on every node; 'skip' when PreFilter skips the plugin. */
function run(incoming: Pod, pods: Pod[], nodes: Node[]): Array<Want | string> | 'skip' {
  const infos = nodeInfos(nodes, pods);
  const pl = newInterPodAffinity(handleFor(infos));
  const state = new CycleState();
  const pre = pl.preFilter(state, incoming);
  if (pre.code === 'Skip') return 'skip';
  expect(pre).toEqual(SUCCESS);
  return infos.map((ni) => verdict(pl.filter(state, incoming, ni)));
}

describe('InterPodAffinity Filter on a single node', () => {
  const podLabel = { service: 'securityscan' };
  const podLabel2 = { security: 'S1' };
  const node1 = node('node1', { region: 'r1', zone: 'z11' });
  const existing = pod({ name: 'existing', labels: podLabel, node: 'node1' });

  it.each<[string, Pod, Pod[], Want | 'skip']>([
    ['A pod that has no required pod affinity scheduling rules can schedule onto a node with no existing pods',
      pod({}), [], 'skip'],
    ['satisfies with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In operator that matches the existing pod',
      pod({ labels: podLabel2, affinity: affinity([term([['service', 'In', ['securityscan', 'value2']]], 'region')]) }), [existing], 'fits'],
    ['satisfies the pod with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using not in operator in labelSelector that matches the existing pod',
      pod({ labels: podLabel2, affinity: affinity([term([['service', 'NotIn', ['securityscan3', 'value3']]], 'region')]) }), [existing], 'fits'],
    ['Does not satisfy the PodAffinity with labelSelector because of diff Namespace',
      pod({ labels: podLabel2, affinity: affinity([term([['service', 'In', ['securityscan', 'value2']]], 'region', { namespaces: ['DiffNameSpace'] })]) }),
      [pod({ namespace: 'ns', labels: podLabel, node: 'node1' })], 'affinity'],
    ["Doesn't satisfy the PodAffinity because of unmatching labelSelector with the existing pod",
      pod({ labels: podLabel, affinity: affinity([term([['service', 'In', ['antivirusscan', 'value2']]], 'region')]) }), [existing], 'affinity'],
    ['satisfies the PodAffinity with different label Operators in multiple RequiredDuringSchedulingIgnoredDuringExecution',
      pod({ labels: podLabel2, affinity: affinity([
        term([['service', 'Exists'], ['wrongkey', 'DoesNotExist']], 'region'),
        term([['service', 'In', ['securityscan']], ['service', 'NotIn', ['WrongValue']]], 'region'),
      ]) }), [existing], 'fits'],
    ["The labelSelector requirements(items of matchExpressions) are ANDed, the pod cannot schedule onto the node because one of the matchExpression item don't match.",
      pod({ labels: podLabel2, affinity: affinity([
        term([['service', 'Exists'], ['wrongkey', 'DoesNotExist']], 'region'),
        term([['service', 'In', ['securityscan2']], ['service', 'NotIn', ['WrongValue']]], 'region'),
      ]) }), [existing], 'affinity'],
    ['satisfies the PodAffinity and PodAntiAffinity with the existing pod',
      pod({ labels: podLabel2, affinity: affinity(
        [term([['service', 'In', ['securityscan', 'value2']]], 'region')],
        [term([['service', 'In', ['antivirusscan', 'value2']]], 'node')]) }), [existing], 'fits'],
    ['satisfies the PodAffinity and PodAntiAffinity and PodAntiAffinity symmetry with the existing pod',
      pod({ labels: podLabel2, affinity: affinity(
        [term([['service', 'In', ['securityscan', 'value2']]], 'region')],
        [term([['service', 'In', ['antivirusscan', 'value2']]], 'node')]) }),
      [pod({ labels: podLabel, node: 'node1', affinity: affinity([], [term([['service', 'In', ['antivirusscan', 'value2']]], 'node')]) })], 'fits'],
    ["satisfies the PodAffinity but doesn't satisfy the PodAntiAffinity with the existing pod",
      pod({ labels: podLabel2, affinity: affinity(
        [term([['service', 'In', ['securityscan', 'value2']]], 'region')],
        [term([['service', 'In', ['securityscan', 'value2']]], 'zone')]) }), [existing], 'anti'],
    ["satisfies the PodAffinity and PodAntiAffinity but doesn't satisfy PodAntiAffinity symmetry with the existing pod",
      pod({ labels: podLabel, affinity: affinity(
        [term([['service', 'In', ['securityscan', 'value2']]], 'region')],
        [term([['service', 'In', ['antivirusscan', 'value2']]], 'node')]) }),
      [pod({ labels: podLabel, node: 'node1', affinity: affinity([], [term([['service', 'In', ['securityscan', 'value2']]], 'zone')]) })], 'existing'],
    ['pod matches its own Label in PodAffinity and that matches the existing pod Labels',
      pod({ labels: podLabel, affinity: affinity([term([['service', 'NotIn', ['securityscan', 'value2']]], 'region')]) }),
      [pod({ labels: podLabel, node: 'node2' })], 'affinity'],
    ["verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. doesn't satisfy PodAntiAffinity symmetry with the existing pod",
      pod({ labels: podLabel }),
      [pod({ labels: podLabel, node: 'node1', affinity: affinity([], [term([['service', 'In', ['securityscan', 'value2']]], 'zone')]) })], 'existing'],
    ['verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. satisfy PodAntiAffinity symmetry with the existing pod',
      pod({ labels: podLabel }),
      [pod({ labels: podLabel, node: 'node1', affinity: affinity([], [term([['service', 'NotIn', ['securityscan', 'value2']]], 'zone')]) })], 'skip'],
    ["satisfies the PodAntiAffinity with existing pod but doesn't satisfy PodAntiAffinity symmetry with incoming pod",
      pod({ labels: podLabel, affinity: affinity([], [term([['service', 'Exists']], 'region'), term([['security', 'Exists']], 'region')]) }),
      [pod({ labels: podLabel2, node: 'node1', affinity: affinity([], [term([['security', 'Exists']], 'zone')]) })], 'anti'],
    ['PodAntiAffinity symmetry check a1: incoming pod and existing pod partially match each other on AffinityTerms',
      pod({ labels: podLabel, affinity: affinity([], [term([['service', 'Exists']], 'zone'), term([['security', 'Exists']], 'zone')]) }),
      [pod({ labels: podLabel2, node: 'node1', affinity: affinity([], [term([['security', 'Exists']], 'zone')]) })], 'anti'],
    ['PodAntiAffinity symmetry check a2: incoming pod and existing pod partially match each other on AffinityTerms',
      pod({ labels: podLabel2, affinity: affinity([], [term([['security', 'Exists']], 'zone')]) }),
      [pod({ labels: podLabel, node: 'node1', affinity: affinity([], [term([['service', 'Exists']], 'zone'), term([['security', 'Exists']], 'zone')]) })], 'existing'],
    ['PodAntiAffinity symmetry check b1: incoming pod and existing pod partially match each other on AffinityTerms',
      pod({ labels: { abc: '', xyz: '' }, affinity: affinity([], [term([['abc', 'Exists']], 'zone'), term([['def', 'Exists']], 'zone')]) }),
      [pod({ labels: { def: '', xyz: '' }, node: 'node1', affinity: affinity([], [term([['abc', 'Exists']], 'zone'), term([['def', 'Exists']], 'zone')]) })], 'anti'],
    ['affinity with NamespaceSelector',
      pod({ labels: podLabel2, affinity: affinity([term([['service', 'In', ['securityscan', 'value2']]], 'region', { namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] } })]) }),
      [pod({ namespace: 'subteam1.team1', labels: podLabel, node: 'node1' })], 'fits'],
    ['affinity with non-matching NamespaceSelector',
      pod({ labels: podLabel2, affinity: affinity([term([['service', 'In', ['securityscan', 'value2']]], 'region', { namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] } })]) }),
      [pod({ namespace: 'subteam1.team2', labels: podLabel, node: 'node1' })], 'affinity'],
    ['anti-affinity with matching NamespaceSelector',
      pod({ namespace: 'subteam1.team1', labels: podLabel2, affinity: affinity([], [term([['service', 'In', ['securityscan', 'value2']]], 'zone', { namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] } })]) }),
      [pod({ namespace: 'subteam2.team1', labels: podLabel, node: 'node1' })], 'anti'],
    ['anti-affinity with matching all NamespaceSelector',
      pod({ namespace: 'subteam1.team1', labels: podLabel2, affinity: affinity([], [term([['service', 'In', ['securityscan', 'value2']]], 'zone', { namespaceSelector: {} })]) }),
      [pod({ namespace: 'subteam2.team1', labels: podLabel, node: 'node1' })], 'anti'],
    ['anti-affinity with non-matching NamespaceSelector',
      pod({ namespace: 'subteam1.team1', labels: podLabel2, affinity: affinity([], [term([['service', 'In', ['securityscan', 'value2']]], 'zone', { namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] } })]) }),
      [pod({ namespace: 'subteam1.team2', labels: podLabel, node: 'node1' })], 'fits'],
    ['namespaces and namespaceSelector are a union',
      pod({ namespace: 'subteam1.team1', labels: podLabel2, affinity: affinity([], [term([['service', 'Exists']], 'zone', { namespaces: ['subteam1.team2'], namespaceSelector: { matchLabels: { team: 'nobody' } } })]) }),
      [pod({ namespace: 'subteam1.team2', labels: podLabel, node: 'node1' })], 'anti'],
    ["an existing pod's anti-affinity with a namespaceSelector matches the incoming pod's namespace labels",
      pod({ namespace: 'subteam1.team2', labels: podLabel }),
      [pod({ namespace: 'subteam1.team1', labels: podLabel2, node: 'node1', affinity: affinity([], [term([['service', 'Exists']], 'zone', { namespaceSelector: { matchLabels: { team: 'team2' } } })]) })], 'existing'],
    ["an existing pod's anti-affinity without namespaces applies to its own namespace only",
      pod({ namespace: 'subteam1.team2', labels: podLabel }),
      [pod({ namespace: 'subteam1.team1', labels: podLabel2, node: 'node1', affinity: affinity([], [term([['service', 'Exists']], 'zone')]) })], 'skip'],
  ])('%s', (_name, incoming, pods, want) => {
    const got = run(incoming, pods, [node1]);
    expect(got).toEqual(want === 'skip' ? 'skip' : [want]);
  });

  it('PodAffinity fails PreFilter with an invalid label selector', () => {
    const incoming = pod({ labels: podLabel, affinity: affinity([term([['service', 'In', []]], 'region')]) });
    const pl = newInterPodAffinity(handleFor(nodeInfos([node1], [])));
    expect(pl.preFilter(new CycleState(), incoming)).toEqual({
      code: 'UnschedulableAndUnresolvable',
      reasons: ["parsing pod: requiredAffinityTerms: for 'in', 'notin' operators, values set can't be empty"],
    });
  });

  it('a missing labelSelector selects no pod', () => {
    const incoming = pod({ labels: podLabel, affinity: affinity([], [{ topologyKey: 'zone' }]) });
    expect(run(incoming, [existing], [node1])).toEqual(['fits']);
  });
});

describe('InterPodAffinity Filter on several nodes', () => {
  const labelRgChina = { region: 'China' };
  const labelRgChinaAzAz1 = { region: 'China', az: 'az1' };
  const labelRgIndia = { region: 'India' };

  it.each<[string, Pod, Pod[], Node[], Array<Want> | 'skip']>([
    ['A pod can be scheduled onto all the nodes that have the same topology key & label value with one of them has an existing pod that matches the affinity rules',
      pod({ affinity: affinity([term([['foo', 'In', ['bar']]], 'region')]) }),
      [pod({ node: 'node1', labels: { foo: 'bar' } })],
      [node('node1', labelRgChina), node('node2', labelRgChinaAzAz1), node('node3', labelRgIndia)],
      ['fits', 'fits', 'affinity']],
    ["The affinity rule is to schedule all of the pods of this collection to the same zone. The first pod of the collection should not be blocked from being scheduled onto any node, even there's no existing pod that matches the rule anywhere.",
      pod({ labels: { foo: 'bar', service: 'securityscan' }, affinity: affinity([term([['foo', 'In', ['bar']]], 'zone'), term([['service', 'In', ['securityscan']]], 'zone')]) }),
      [pod({ node: 'nodeA', labels: { foo: 'bar' } })],
      [node('nodeA', { zone: 'az1', hostname: 'h1' }), node('nodeB', { zone: 'az2', hostname: 'h2' })],
      ['fits', 'fits']],
    ['The first pod of the collection can only be scheduled on nodes labelled with the requested topology keys',
      pod({ labels: { foo: 'bar', service: 'securityscan' }, affinity: affinity([term([['foo', 'In', ['bar']]], 'zone'), term([['service', 'In', ['securityscan']]], 'zone')]) }),
      [pod({ node: 'nodeA', labels: { foo: 'bar' } })],
      [node('nodeA', { zoneLabel: 'az1', hostname: 'h1' }), node('nodeB', { zoneLabel: 'az2', hostname: 'h2' })],
      ['affinity', 'affinity']],
    ['once one pod of the collection runs, the next must join its zone (the first-pod rule no longer applies)',
      pod({ labels: { app: 'db' }, affinity: affinity([term([['app', 'In', ['db']]], 'zone')]) }),
      [pod({ node: 'nodeB', labels: { app: 'db' } })],
      [node('nodeA', { zone: 'az1' }), node('nodeB', { zone: 'az2' }), node('nodeC', { zone: 'az2' })],
      ['affinity', 'fits', 'fits']],
    ['a pod whose affinity does not select itself is not a first pod: it waits for a matching pod',
      pod({ labels: { app: 'web' }, affinity: affinity([term([['app', 'In', ['db']]], 'zone')]) }),
      [],
      [node('nodeA', { zone: 'az1' })],
      ['affinity']],
    ['NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB.',
      pod({ affinity: affinity([], [term([['foo', 'In', ['abc']]], 'region')]) }),
      [pod({ node: 'nodeA', labels: { foo: 'abc' } })],
      [node('nodeA', { region: 'r1', hostname: 'nodeA' }), node('nodeB', { region: 'r1', hostname: 'nodeB' })],
      ['anti', 'anti']],
    ['This test ensures that anti-affinity matches a pod when any term of the anti-affinity rule matches a pod.',
      pod({ affinity: affinity([], [term([['foo', 'In', ['abc']]], 'region'), term([['service', 'In', ['securityscan']]], 'zone')]) }),
      [pod({ node: 'nodeA', labels: { foo: 'abc', service: 'securityscan' } })],
      [node('nodeA', { region: 'r1', zone: 'z1', hostname: 'nodeA' }), node('nodeB', { region: 'r1', zone: 'z2', hostname: 'nodeB' })],
      ['anti', 'anti']],
    ['NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB but can be scheduled onto nodeC',
      pod({ affinity: affinity([], [term([['foo', 'In', ['abc']]], 'region')]) }),
      [pod({ node: 'nodeA', labels: { foo: 'abc' } })],
      [node('nodeA', labelRgChina), node('nodeB', labelRgChinaAzAz1), node('nodeC', labelRgIndia)],
      ['anti', 'anti', 'fits']],
    ['NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA, nodeB, but can be scheduled onto nodeC (NodeC has an existing pod that match the inter pod affinity rule but in different namespace)',
      pod({ namespace: 'NS1', labels: { foo: '123' }, affinity: affinity([], [term([['foo', 'In', ['bar']]], 'region')]) }),
      [pod({ node: 'nodeA', namespace: 'NS1', labels: { foo: 'bar' } }), pod({ node: 'nodeC', namespace: 'NS2', affinity: affinity([], [term([['foo', 'In', ['123']]], 'region')]) })],
      [node('nodeA', labelRgChina), node('nodeB', labelRgChinaAzAz1), node('nodeC', labelRgIndia)],
      ['anti', 'anti', 'fits']],
    ["Test existing pod's anti-affinity: if an existing pod has a term with invalid topologyKey, labelSelector of the term is firstly checked, and then topologyKey of the term is also checked",
      pod({ labels: { foo: '' } }),
      [pod({ node: 'nodeA', affinity: affinity([], [term([['foo', 'Exists']], 'invalid-node-label')]) })],
      [node('nodeA', { region: 'r1', zone: 'z1', hostname: 'nodeA' }), node('nodeB', { region: 'r1', zone: 'z1', hostname: 'nodeB' })],
      'skip'],
    ["Test incoming pod's anti-affinity: even if labelSelector matches, we still check if topologyKey matches",
      pod({ affinity: affinity([], [term([['foo', 'Exists']], 'invalid-node-label')]) }),
      [pod({ node: 'nodeA', labels: { foo: '' } })],
      [node('nodeA', { region: 'r1', zone: 'z1', hostname: 'nodeA' }), node('nodeB', { region: 'r1', zone: 'z1', hostname: 'nodeB' })],
      ['fits', 'fits']],
    ["Test existing pods' anti-affinity: each term's topology domain is checked (zone for one, region for the other)",
      pod({ labels: { foo: '', bar: '' } }),
      [pod({ node: 'nodeA', affinity: affinity([], [term([['foo', 'Exists']], 'zone')]) }), pod({ node: 'nodeA', affinity: affinity([], [term([['bar', 'Exists']], 'region')]) })],
      [node('nodeA', { region: 'r1', zone: 'z1', hostname: 'nodeA' }), node('nodeB', { region: 'r1', zone: 'z2', hostname: 'nodeB' })],
      ['existing', 'existing']],
    ['anti-affinity on kubernetes.io/hostname keeps only the node with the matching pod off',
      pod({ labels: { app: 'web' }, affinity: affinity([], [term([['app', 'In', ['web']]], 'kubernetes.io/hostname')]) }),
      [pod({ node: 'n1', labels: { app: 'web' } })],
      zoned4(), ['anti', 'fits', 'fits', 'fits']],
    ['anti-affinity on topology.kubernetes.io/zone keeps the whole zone of the matching pod off',
      pod({ labels: { app: 'web' }, affinity: affinity([], [term([['app', 'In', ['web']]], 'topology.kubernetes.io/zone')]) }),
      [pod({ node: 'n1', labels: { app: 'web' } })],
      zoned4(), ['anti', 'anti', 'fits', 'fits']],
    ['affinity on topology.kubernetes.io/zone admits every node of the zone of the matching pod',
      pod({ labels: { app: 'web' }, affinity: affinity([term([['app', 'In', ['cache']]], 'topology.kubernetes.io/zone')]) }),
      [pod({ node: 'n4', labels: { app: 'cache' } })],
      zoned4(), ['affinity', 'affinity', 'fits', 'fits']],
    ['matchLabelKeys narrow anti-affinity to the pods of the same revision',
      pod({ labels: { app: 'web', 'pod-template-hash': 'b' }, affinity: affinity([], [term([['app', 'In', ['web']]], 'kubernetes.io/hostname', { matchLabelKeys: ['pod-template-hash'] })]) }),
      [pod({ node: 'n1', labels: { app: 'web', 'pod-template-hash': 'a' } }), pod({ node: 'n2', labels: { app: 'web', 'pod-template-hash': 'b' } })],
      zoned4(), ['fits', 'anti', 'fits', 'fits']],
    ['mismatchLabelKeys exclude the pods sharing the label value',
      pod({ labels: { app: 'web', tenant: 't1' }, affinity: affinity([], [term([['app', 'In', ['web']]], 'kubernetes.io/hostname', { mismatchLabelKeys: ['tenant'] })]) }),
      [pod({ node: 'n1', labels: { app: 'web', tenant: 't1' } }), pod({ node: 'n2', labels: { app: 'web', tenant: 't2' } })],
      zoned4(), ['fits', 'anti', 'fits', 'fits']],
  ])('%s', (_name, incoming, pods, nodes, want) => {
    expect(run(incoming, pods, nodes)).toEqual(want);
  });
});

/** n1, n2 in zone-a and n3, n4 in zone-b, each with its hostname label. */
function zoned4(): Node[] {
  return ['n1', 'n2', 'n3', 'n4'].map((name, i) =>
    node(name, { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': i < 2 ? 'zone-a' : 'zone-b' }));
}

describe('InterPodAffinity Filter on a what-if NodeInfo', () => {
  const web = { app: 'web' };
  const antiWeb = affinity([], [term([['app', 'In', ['web']]], 'kubernetes.io/hostname')]);

  it('counts the pods of a copy, not of the snapshot (preemption removes victims from a clone)', () => {
    const victim = pod({ name: 'victim', node: 'n1', labels: web });
    const infos = nodeInfos(zoned4(), [victim]);
    const pl = newInterPodAffinity(handleFor(infos));
    const incoming = pod({ labels: web, affinity: antiWeb });
    const state = new CycleState();
    expect(pl.preFilter(state, incoming)).toEqual(SUCCESS);
    expect(verdict(pl.filter(state, incoming, infos[0]))).toBe('anti');
    const copy = infos[0].clone();
    copy.removePod(victim.metadata!.uid!);
    expect(verdict(pl.filter(state, incoming, copy))).toBe('fits');
    copy.addPod(pod({ name: 'back', node: 'n1', labels: web }));
    expect(verdict(pl.filter(state, incoming, copy))).toBe('anti');
  });

  it('corrects a copy made before PreFilter too (checkPlacement removes the dragged pod first)', () => {
    const self = pod({ name: 'self', node: 'n1', labels: web, affinity: antiWeb });
    const infos = nodeInfos(zoned4(), [self, pod({ name: 'peer', node: 'n2', labels: web, affinity: antiWeb })]);
    const pl = newInterPodAffinity(handleFor(infos));
    const without = infos[0].clone();
    without.removePod('uid-self');
    const state = new CycleState();
    expect(pl.preFilter(state, self)).toEqual(SUCCESS);
    expect(verdict(pl.filter(state, self, without))).toBe('fits');
    expect(verdict(pl.filter(state, self, infos[1]))).toBe('anti');
  });

  it("removing the pod whose own anti-affinity rejects the incoming pod clears the conflict", () => {
    const guard = pod({ name: 'guard', node: 'n1', affinity: antiWeb });
    const infos = nodeInfos(zoned4(), [guard]);
    const pl = newInterPodAffinity(handleFor(infos));
    const incoming = pod({ labels: web });
    const state = new CycleState();
    expect(pl.preFilter(state, incoming)).toEqual(SUCCESS);
    expect(verdict(pl.filter(state, incoming, infos[0]))).toBe('existing');
    const copy = infos[0].clone();
    copy.removePod(guard.metadata!.uid!);
    expect(verdict(pl.filter(state, incoming, copy))).toBe('fits');
  });

  it('a first pod of a group stays admissible when the only matching pod is removed in the copy', () => {
    const db = { app: 'db' };
    const selfAffinity = affinity([term([['app', 'In', ['db']]], 'topology.kubernetes.io/zone')]);
    const infos = nodeInfos(zoned4(), [pod({ name: 'db-0', node: 'n3', labels: db })]);
    const pl = newInterPodAffinity(handleFor(infos));
    const incoming = pod({ labels: db, affinity: selfAffinity });
    const state = new CycleState();
    pl.preFilter(state, incoming);
    expect(verdict(pl.filter(state, incoming, infos[0]))).toBe('affinity');
    const copy = infos[2].clone();
    copy.removePod('uid-db-0');
    expect(verdict(pl.filter(state, incoming, copy))).toBe('fits');
  });
});

describe('InterPodAffinity across cycles (PreFilter memo)', () => {
  const web = { app: 'web' };
  const antiWeb = affinity([], [term([['app', 'In', ['web']]], 'kubernetes.io/hostname')]);

  it('sees pods bound and removed since the previous cycle', () => {
    const infos = nodeInfos(zoned4(), []);
    const pl = newInterPodAffinity(handleFor(infos));
    const incoming = pod({ labels: web, affinity: antiWeb });
    const cycle = () => {
      const state = new CycleState();
      expect(pl.preFilter(state, incoming)).toEqual(SUCCESS);
      return infos.map((ni) => verdict(pl.filter(state, incoming, ni)));
    };
    expect(cycle()).toEqual(['fits', 'fits', 'fits', 'fits']);
    infos[1].addPod(pod({ name: 'w1', node: 'n2', labels: web }));
    expect(cycle()).toEqual(['fits', 'anti', 'fits', 'fits']);
    infos[3].addPod(pod({ name: 'g', node: 'n4', affinity: antiWeb }));
    expect(cycle()).toEqual(['fits', 'anti', 'fits', 'existing']);
    infos[1].removePod('uid-w1');
    expect(cycle()).toEqual(['fits', 'fits', 'fits', 'existing']);
  });
});

describe('InterPodAffinity Filter details', () => {
  it('names the topology domain that conflicts', () => {
    const infos = nodeInfos(zoned4(), [pod({ node: 'n1', labels: { app: 'web' } })]);
    const pl = newInterPodAffinity(handleFor(infos));
    const incoming = pod({ affinity: affinity([], [term([['app', 'In', ['web']]], 'topology.kubernetes.io/zone')]) });
    const state = new CycleState();
    pl.preFilter(state, incoming);
    expect(pl.filter(state, incoming, infos[1])).toMatchObject({ detail: 'pods matching app in (web) already run in topology.kubernetes.io/zone=zone-a' });
  });
});
