import { describe, expect, it } from 'vitest';
import type { Affinity, Namespace, Node, Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/meta';
import { asKubeObject, makeNamespace, makeNodeWithCapacity, makeSchedulingPod } from '../../../testing/builders';
import { CycleState } from '../../framework/cycle-state';
import type { Handle, NodeScore } from '../../framework/interface';
import { newNodeInfo, type NodeInfo } from '../../framework/node-info';
import { SUCCESS } from '../../framework/status';
import { newInterPodAffinity, type InterPodAffinityArgs } from './plugin';

const NAMESPACES: Namespace[] = [
  makeNamespace({ name: 'default' }),
  makeNamespace({ name: 'subteam1.team1', labels: { team: 'team1' } }),
  makeNamespace({ name: 'subteam2.team1', labels: { team: 'team1' } }),
  makeNamespace({ name: 'subteam1.team2', labels: { team: 'team2' } }),
  makeNamespace({ name: 'subteam2.team2', labels: { team: 'team2' } }),
];

function handleFor(nodes: NodeInfo[]): Handle {
  const objs: KubeObject[] = NAMESPACES.map(asKubeObject);
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

function term(security: { op: 'In' | 'NotIn' | 'Exists'; values?: string[] }[], topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm {
  return {
    labelSelector: { matchExpressions: security.map(({ op, values }) => ({ key: 'security', operator: op, ...(values ? { values } : {}) })) },
    topologyKey,
    ...extra,
  };
}
const weighted = (weight: number, podAffinityTerm: PodAffinityTerm): WeightedPodAffinityTerm => ({ weight, podAffinityTerm });

// The upstream test's affinities: prefer (or avoid) pods labelled security=S1/S2 in a region or az.
const stayWithS1InRegion: Affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, term([{ op: 'In', values: ['S1'] }], 'region'))] } };
const stayWithS2InRegion: Affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(6, term([{ op: 'In', values: ['S2'] }], 'region'))] } };
const affinity3: Affinity = {
  podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
    weighted(8, term([{ op: 'NotIn', values: ['S1'] }, { op: 'In', values: ['S2'] }], 'region')),
    weighted(2, { labelSelector: { matchExpressions: [{ key: 'security', operator: 'Exists' }, { key: 'wrongkey', operator: 'DoesNotExist' }] }, topologyKey: 'region' }),
  ] },
};
const hardAffinity: Affinity = {
  podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [
    term([{ op: 'In', values: ['S1', 'value2'] }], 'region'),
    { labelSelector: { matchExpressions: [{ key: 'security', operator: 'Exists' }, { key: 'wrongkey', operator: 'DoesNotExist' }] }, topologyKey: 'region' },
  ] },
};
const awayFromS1InAz: Affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, term([{ op: 'In', values: ['S1'] }], 'az'))] } };
const awayFromS2InAz: Affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, term([{ op: 'In', values: ['S2'] }], 'az'))] } };
const stayWithS1InRegionAwayFromS2InAz: Affinity = {
  podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(8, term([{ op: 'In', values: ['S1'] }], 'region'))] },
  podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, term([{ op: 'In', values: ['S2'] }], 'az'))] },
};
const nsSelectorTeam1 = { namespaces: ['subteam2.team2'], namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] } };
const affinityNamespaceSelector: Affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, term([{ op: 'In', values: ['S1'] }], 'region', nsSelectorTeam1))] } };
const antiAffinityNamespaceSelector: Affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, term([{ op: 'In', values: ['S1'] }], 'region', nsSelectorTeam1))] } };

const S1 = { security: 'S1' };
const S2 = { security: 'S2' };
const rgChina = { region: 'China' };
const rgIndia = { region: 'India' };
const azAz1 = { az: 'az1' };
const azAz2 = { az: 'az2' };
const rgChinaAzAz1 = { region: 'China', az: 'az1' };

let seq = 0;
function pod(o: { labels?: Record<string, string>; node?: string; affinity?: Affinity; namespace?: string }): Pod {
  return makeSchedulingPod({ name: `p${++seq}`, labels: o.labels, nodeName: o.node, affinity: o.affinity, namespace: o.namespace });
}

function nodes(...labels: Record<string, string>[]): Node[] {
  return labels.map((l, i) => makeNodeWithCapacity({ name: `node${i + 1}`, labels: l }));
}

/** PreScore, then Score and NormalizeScore for every node; 'skip' when PreScore skips. */
function scores(incoming: Pod, pods: Pod[], ns: Node[], args: Partial<InterPodAffinityArgs> = {}): number[] | string {
  const infos = ns.map((n) => newNodeInfo(n, ...pods.filter((p) => p.spec?.nodeName === n.metadata?.name)));
  const pl = newInterPodAffinity(handleFor(infos), args);
  const state = new CycleState();
  const s = pl.preScore(state, incoming, infos);
  if (s.code === 'Skip') return 'skip';
  if (s.code !== 'Success') return JSON.stringify(s);
  const list: NodeScore[] = infos.map((ni) => ({ name: ni.name, score: pl.score(state, incoming, ni) }));
  pl.normalizeScore(state, incoming, list);
  return list.map((x) => x.score);
}

describe('InterPodAffinity Score', () => {
  it.each<[string, Pod, Pod[], Node[], number[] | 'skip']>([
    ['all nodes are same priority as Affinity is nil',
      pod({ labels: S1 }), [], nodes(rgChina, rgIndia, azAz1), 'skip'],
    ["Affinity: pod that matches topology key & pods in nodes will get high score comparing to others which doesn't match either pods in nodes or in topology key",
      pod({ labels: S1, affinity: stayWithS1InRegion }),
      [pod({ node: 'node1', labels: S1 }), pod({ node: 'node2', labels: S2 }), pod({ node: 'node3', labels: S1 })],
      nodes(rgChina, rgIndia, azAz1), [100, 0, 0]],
    ['All the nodes that have the same topology key & label value with one of them has an existing pod that match the affinity rules, have the same score',
      pod({ affinity: stayWithS1InRegion }), [pod({ node: 'node1', labels: S1 })],
      nodes(rgChina, rgChinaAzAz1, rgIndia), [100, 100, 0]],
    ['Affinity: nodes in one region has more matching pods comparing to other region, so the region which has more matches will get high score',
      pod({ labels: S1, affinity: stayWithS2InRegion }),
      ['node1', 'node1', 'node2', 'node3', 'node4', 'node5'].map((n) => pod({ node: n, labels: S2 })),
      nodes(rgChina, rgIndia, rgChina, rgChina, rgIndia), [100, 0, 100, 100, 0]],
    ['Affinity: different Label operators and values for pod affinity scheduling preference, including some match failures',
      pod({ labels: S1, affinity: affinity3 }),
      [pod({ node: 'node1', labels: S1 }), pod({ node: 'node2', labels: S2 }), pod({ node: 'node3', labels: S1 })],
      nodes(rgChina, rgIndia, azAz1), [20, 100, 0]],
    ['Affinity symmetry: considered only the preferredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry',
      pod({ labels: S2 }),
      [pod({ node: 'node1', labels: S1, affinity: stayWithS1InRegion }), pod({ node: 'node2', labels: S2, affinity: stayWithS2InRegion })],
      nodes(rgChina, rgIndia, azAz1), [0, 100, 0]],
    ['Affinity symmetry with namespace selector',
      pod({ namespace: 'subteam1.team1', labels: S1 }),
      [pod({ node: 'node1', labels: S1, affinity: affinityNamespaceSelector }), pod({ node: 'node2', labels: S2, affinity: stayWithS2InRegion })],
      nodes(rgChina, rgIndia, azAz1), [100, 0, 0]],
    ['AntiAffinity symmetry with namespace selector',
      pod({ namespace: 'subteam1.team1', labels: S1 }),
      [pod({ node: 'node1', labels: S1, affinity: antiAffinityNamespaceSelector }), pod({ node: 'node2', labels: S2, affinity: stayWithS2InRegion })],
      nodes(rgChina, rgIndia, azAz1), [0, 100, 100]],
    ['Affinity symmetry: considered RequiredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry',
      pod({ labels: S1 }),
      [pod({ node: 'node1', labels: S1, affinity: hardAffinity }), pod({ node: 'node2', labels: S2, affinity: hardAffinity })],
      nodes(rgChina, rgIndia, azAz1), [100, 100, 0]],
    ['Anti Affinity: pod that does not match existing pods in node will get high score',
      pod({ labels: S1, affinity: awayFromS1InAz }), [pod({ node: 'node1', labels: S1 }), pod({ node: 'node2', labels: S2 })],
      nodes(azAz1, rgChina), [0, 100]],
    ['Anti Affinity: pod that does not match topology key & match the pods in nodes will get higher score comparing to others',
      pod({ labels: S1, affinity: awayFromS1InAz }), [pod({ node: 'node1', labels: S1 }), pod({ node: 'node2', labels: S1 })],
      nodes(azAz1, rgChina), [0, 100]],
    ['Anti Affinity: one node has more matching pods comparing to other node, so the node which has more unmatches will get high score',
      pod({ labels: S1, affinity: awayFromS1InAz }), [pod({ node: 'node1', labels: S1 }), pod({ node: 'node1', labels: S1 }), pod({ node: 'node2', labels: S2 })],
      nodes(azAz1, rgIndia), [0, 100]],
    ['Anti Affinity symmetry: the existing pods in node which has anti affinity match will get high score',
      pod({ labels: S2 }), [pod({ node: 'node1', labels: S1, affinity: awayFromS2InAz }), pod({ node: 'node2', labels: S2, affinity: awayFromS1InAz })],
      nodes(azAz1, azAz2), [0, 100]],
    ['Affinity and Anti Affinity: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity',
      pod({ labels: S1, affinity: stayWithS1InRegionAwayFromS2InAz }), [pod({ node: 'node1', labels: S1 }), pod({ node: 'node2', labels: S1 })],
      nodes(rgChina, azAz1), [100, 0]],
    ['Affinity and Anti Affinity: considering both affinity and anti-affinity, the pod to schedule and existing pods have the same labels',
      pod({ labels: S1, affinity: stayWithS1InRegionAwayFromS2InAz }),
      ['node1', 'node1', 'node2', 'node3', 'node3', 'node4', 'node5'].map((n) => pod({ node: n, labels: S1 })),
      nodes(rgChinaAzAz1, rgIndia, rgChina, rgChina, rgIndia), [100, 0, 100, 100, 0]],
    ['Affinity and Anti Affinity and symmetry: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity & symmetry',
      pod({ labels: S1, affinity: stayWithS1InRegionAwayFromS2InAz }),
      [pod({ node: 'node1', labels: S1 }), pod({ node: 'node2', labels: S2 }), pod({ node: 'node3', affinity: stayWithS1InRegionAwayFromS2InAz }), pod({ node: 'node4', affinity: awayFromS1InAz })],
      nodes(rgChina, azAz1, rgIndia, azAz2), [100, 0, 100, 0]],
    ["Avoid panic when partial nodes in a topology don't have pods with affinity",
      pod({ labels: S1 }), [pod({ node: 'node1', labels: S1 }), pod({ node: 'node2', affinity: stayWithS1InRegionAwayFromS2InAz })],
      nodes(rgChina, rgChina), [0, 0]],
    ['Affinity with pods matching NamespaceSelector (namespaces and namespaceSelector are a union)',
      pod({ namespace: 'subteam1.team1', labels: S1, affinity: affinityNamespaceSelector }),
      [
        pod({ node: 'node1', namespace: 'subteam1.team1', labels: S1 }), pod({ node: 'node1', namespace: 'subteam1.team1', labels: S1 }),
        pod({ node: 'node1', namespace: 'subteam1.team2', labels: S1 }), pod({ node: 'node2', namespace: 'subteam2.team2', labels: S1 }),
      ],
      nodes(rgChina, rgIndia), [100, 0]],
  ])('%s', (_name, incoming, pods, ns, want) => {
    expect(scores(incoming, pods, ns)).toEqual(want);
  });

  it('normalizes attraction and repulsion with min and max: raw [-5, 0, 15] -> [0, 25, 100]', () => {
    const incoming = pod({ affinity: {
      podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(15, { labelSelector: { matchLabels: { app: 'a' } }, topologyKey: 'zone' })] },
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, { labelSelector: { matchLabels: { app: 'b' } }, topologyKey: 'zone' })] },
    } });
    const ns = nodes({ zone: 'z1' }, { zone: 'z2' }, { zone: 'z3' });
    const infos = ns.map((n) => newNodeInfo(n));
    infos[0].addPod(pod({ node: 'node1', labels: { app: 'b' } }));
    infos[2].addPod(pod({ node: 'node3', labels: { app: 'a' } }));
    const pl = newInterPodAffinity(handleFor(infos));
    const state = new CycleState();
    expect(pl.preScore(state, incoming, infos)).toEqual(SUCCESS);
    const list = infos.map((ni) => ({ name: ni.name, score: pl.score(state, incoming, ni) }));
    expect(list.map((x) => x.score)).toEqual([-5, 0, 15]);
    pl.normalizeScore(state, incoming, list);
    expect(list.map((x) => x.score)).toEqual([0, 25, 100]);
  });

  it.each<[string, Partial<InterPodAffinityArgs>, number[] | 'skip']>([
    ['hardPodAffinityWeight 1 (default): the preferred term (5) outweighs the two required ones (1 each)', {}, [0, 100]],
    ['hardPodAffinityWeight 10: the two required terms (10 each) outweigh the preferred one', { hardPodAffinityWeight: 10 }, [100, 0]],
    ['hardPodAffinityWeight 0: required terms of existing pods do not score', { hardPodAffinityWeight: 0 }, [0, 100]],
    ['ignorePreferredTermsOfExistingPods: nothing to score for a pod without preferred terms', { ignorePreferredTermsOfExistingPods: true }, 'skip'],
  ])('%s', (_name, args, want) => {
    const existing = [
      pod({ node: 'node1', labels: S2, affinity: hardAffinity }),
      pod({ node: 'node2', labels: S2, affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, term([{ op: 'In', values: ['S1'] }], 'region'))] } } }),
    ];
    expect(scores(pod({ labels: S1 }), existing, nodes(rgChina, rgIndia), args)).toEqual(want);
  });

  it('scores pods bound and removed since the previous cycle (PreScore memo)', () => {
    const infos = nodes(rgChina, rgIndia).map((n) => newNodeInfo(n));
    const pl = newInterPodAffinity(handleFor(infos));
    const incoming = pod({ labels: S1, affinity: stayWithS1InRegion });
    const cycle = () => {
      const state = new CycleState();
      if (pl.preScore(state, incoming, infos).code === 'Skip') return 'skip';
      const list = infos.map((ni) => ({ name: ni.name, score: pl.score(state, incoming, ni) }));
      pl.normalizeScore(state, incoming, list);
      return list.map((x) => x.score);
    };
    expect(cycle()).toBe('skip');
    infos[1].addPod(pod({ node: 'node2', labels: S1 }));
    expect(cycle()).toEqual([0, 100]);
    infos[0].addPod(pod({ node: 'node1', labels: S1 }));
    infos[0].addPod(pod({ node: 'node1', labels: S1 }));
    expect(cycle()).toEqual([100, 0]);
    infos[0].setNode(makeNodeWithCapacity({ name: 'node1', labels: rgIndia }));
    expect(cycle()).toEqual([0, 0]);
  });

  it('rejects a hardPodAffinityWeight outside 0..100', () => {
    expect(() => newInterPodAffinity(handleFor([]), { hardPodAffinityWeight: 101 })).toThrow('hardPodAffinityWeight: Invalid value: 101: not in valid range [0-100]');
  });

  it('invalid Affinity fails PreScore', () => {
    const bad: Affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(8, term([{ op: 'In', values: [] }], 'region'))] } };
    expect(scores(pod({ affinity: bad }), [], nodes(rgChina, rgChina))).toContain('failed to parse pod: preferredAffinityTerms:');
  });
});
