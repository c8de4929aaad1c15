// InterPodAffinity's PreScore, Score and NormalizeScore: preferred affinity pulls a pod toward the
// topology domains of the pods it likes, preferred anti-affinity pushes it away, and existing pods'
// terms toward the incoming pod count too (symmetry).
// UPSTREAM: pkg/scheduler/framework/plugins/interpodaffinity/scoring.go

import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { Labels } from '../../../api/labels';
import type { CycleState } from '../../framework/cycle-state';
import type { NodeScore } from '../../framework/interface';
import { MAX_NODE_SCORE } from '../../framework/interface';
import type { AffinityTerm, NodeInfo, PodInfo, WeightedAffinityTerm } from '../../framework/node-info';
import { affinityTermMatches, podAffinityTerms, podNamespace } from '../../framework/node-info';
import type { Status } from '../../framework/status';
import { asError, SKIP, SUCCESS } from '../../framework/status';
import { names } from '../names';
import { NO_CONTRIBUTION, type Contribution } from './memo';
import {
  getNamespaceLabelsSnapshot, labelsSignature, mergeAffinityTermNamespacesIfNotEmpty, nodeLabels, termsSignature, topologyValue, type PluginContext,
} from './terms';

export const preScoreStateKey = `PreScore${names.InterPodAffinity}`;

/** topologyKey -> value -> summed weight. */
type ScoreMap = Map<string, Map<string, number>>;

interface PreScoreState {
  /** a live memo index's counts (entries that sum to 0 are absent): read them during this cycle only */
  readonly topologyScore: ScoreMap;
}

interface IncomingPod {
  readonly pod: Pod;
  readonly namespaceLabels: Labels;
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
}

/** If `target` matches the term, add weight*multiplier at the pair of `node` (no pair without the label). */
function processTerm(m: ScoreMap, term: AffinityTerm, weight: number, target: Pod, nsLabels: Labels, node: Node, multiplier: number): void {
  if (!affinityTermMatches(term, target, nsLabels)) return;
  const v = topologyValue(nodeLabels(node), term.topologyKey);
  if (v === undefined) return;
  let byValue = m.get(term.topologyKey);
  if (!byValue) m.set(term.topologyKey, (byValue = new Map()));
  byValue.set(v, (byValue.get(v) ?? 0) + weight * multiplier);
}

function processTerms(m: ScoreMap, terms: readonly WeightedAffinityTerm[], target: Pod, nsLabels: Labels, node: Node, multiplier: number): void {
  for (const t of terms) processTerm(m, t, t.weight, target, nsLabels, node, multiplier);
}

/**
 * What one existing pod on `node` adds to every node in its topology domains:
 * + weight of each incoming preferred affinity term it matches, - weight of each preferred anti-affinity
 * term it matches; + hardPodAffinityWeight for each of its required affinity terms the incoming pod
 * matches; + / - weight of each of its preferred affinity / anti-affinity terms the incoming pod matches.
 */
function processExistingPod(pl: PluginContext, m: ScoreMap, incoming: IncomingPod, existing: PodInfo, node: Node): void {
  // The incoming pod's terms have namespaceSelector merged into namespaces: no namespace labels needed.
  processTerms(m, incoming.preferredAffinityTerms, existing.pod, undefined, node, 1);
  processTerms(m, incoming.preferredAntiAffinityTerms, existing.pod, undefined, node, -1);
  if (pl.args.hardPodAffinityWeight > 0) {
    for (const t of existing.requiredAffinityTerms) processTerm(m, t, pl.args.hardPodAffinityWeight, incoming.pod, incoming.namespaceLabels, node, 1);
  }
  processTerms(m, existing.preferredAffinityTerms, incoming.pod, incoming.namespaceLabels, node, 1);
  processTerms(m, existing.preferredAntiAffinityTerms, incoming.pod, incoming.namespaceLabels, node, -1);
}

/**
 * Sum the weights per topology pair. Without preferred terms of its own, only the existing pods' terms
 * toward the incoming pod count. Skip when nothing matched anywhere (every node would score the same).
 * The sums are memoized per node (see memo.ts), keyed by everything they depend on.
 */
export function preScore(pl: PluginContext, cycleState: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status {
  if (nodes.length === 0) return SKIP;
  const parsed = podAffinityTerms(pod);
  const hasConstraints = parsed.preferredAffinityTerms.length > 0 || parsed.preferredAntiAffinityTerms.length > 0;
  if (pl.args.ignorePreferredTermsOfExistingPods && !hasConstraints) return SKIP;
  if (parsed.affinityParseError) return asError(`failed to parse pod: ${parsed.affinityParseError}`);

  const incoming: IncomingPod = {
    pod,
    namespaceLabels: getNamespaceLabelsSnapshot(pl.handle, podNamespace(pod)),
    preferredAffinityTerms: parsed.preferredAffinityTerms.map((t) => mergeAffinityTermNamespacesIfNotEmpty(pl.handle, t)),
    preferredAntiAffinityTerms: parsed.preferredAntiAffinityTerms.map((t) => mergeAffinityTermNamespacesIfNotEmpty(pl.handle, t)),
  };
  const signature = [
    podNamespace(pod), labelsSignature(pod.metadata?.labels), labelsSignature(incoming.namespaceLabels),
    weightedTermsSignature(incoming.preferredAffinityTerms), weightedTermsSignature(incoming.preferredAntiAffinityTerms),
  ].join('\u0003');
  const index = pl.scoreMemo.index(signature);
  index.refresh(pl.handle.snapshotSharedLister().list(), (ni) => nodeContribution(pl, incoming, ni, hasConstraints));
  if (index.matches === 0) return SKIP;
  cycleState.write(preScoreStateKey, { topologyScore: index.counts } satisfies PreScoreState);
  return SUCCESS;
}

function weightedTermsSignature(terms: readonly WeightedAffinityTerm[]): string {
  return `${terms.map((t) => t.weight).join(',')}\u0004${termsSignature(terms)}`;
}

/** What the existing pods of one node add (one triple per matched term, even when weights cancel). */
function nodeContribution(pl: PluginContext, incoming: IncomingPod, ni: NodeInfo, hasConstraints: boolean): Contribution {
  const m: ScoreMap = new Map();
  if (hasConstraints) {
    for (const existing of ni.pods) processExistingPod(pl, m, incoming, existing, ni.node);
  } else {
    for (const existing of ni.podsWithAffinity) {
      // Without preferred terms of its own, only the existing pod's terms toward the incoming pod
      // count; a pod with nothing but required anti-affinity (common: spread replicas) has none.
      if (existing.requiredAffinityTerms.length === 0 && existing.preferredAffinityTerms.length === 0 && existing.preferredAntiAffinityTerms.length === 0) continue;
      processExistingPod(pl, m, incoming, existing, ni.node);
    }
  }
  if (m.size === 0) return NO_CONTRIBUTION;
  const out: Array<[string, string, number]> = [];
  for (const [key, byValue] of m) for (const [value, n] of byValue) out.push([key, value, n]);
  return out;
}

/** The weights of the node's topology pairs: positive is attraction, negative repulsion (normalized later). */
export function score(cycleState: CycleState, nodeInfo: NodeInfo): number {
  const s = cycleState.read<PreScoreState>(preScoreStateKey);
  if (!s) return 0;
  const labels = nodeLabels(nodeInfo.node);
  let total = 0;
  for (const [key, byValue] of s.topologyScore) {
    const v = topologyValue(labels, key);
    if (v !== undefined) total += byValue.get(v) ?? 0;
  }
  return total;
}

/**
 * Map [min, max] onto [0, 100]: 100 * (score - min) / (max - min), truncated. When all nodes score the
 * same, all get 0. Example: raw [-5, 0, 15] -> min -5, max 15 -> [0, 25, 100].
 */
export function normalizeScore(cycleState: CycleState, scores: NodeScore[]): void {
  const s = cycleState.read<PreScoreState>(preScoreStateKey);
  if (!s || s.topologyScore.size === 0) return;
  let min = Infinity;
  let max = -Infinity;
  for (const { score: v } of scores) {
    if (v > max) max = v;
    if (v < min) min = v;
  }
  const diff = max - min;
  for (const sc of scores) sc.score = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((sc.score - min) / diff)) : 0;
}
