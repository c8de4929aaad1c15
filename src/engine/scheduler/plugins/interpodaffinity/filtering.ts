// InterPodAffinity's PreFilter and Filter: the incoming pod's required affinity and anti-affinity, and
// the required anti-affinity of the pods already running (symmetry).
// UPSTREAM: pkg/scheduler/framework/plugins/interpodaffinity/filtering.go
// SIMPLIFICATION: no PreFilterExtensions (AddPod/RemovePod); instead Filter notices a what-if NodeInfo
// (preemption's dry run, a drag-and-drop check) and corrects the counts for that node's pods itself.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { Labels } from '../../../api/labels';
import type { CycleState } from '../../framework/cycle-state';
import type { AffinityTerm, NodeInfo, PodInfo } from '../../framework/node-info';
import { affinityTermMatches, podAffinityTerms, podNamespace } from '../../framework/node-info';
import type { Status } from '../../framework/status';
import { asError, SKIP, SUCCESS, unresolvable } from '../../framework/status';
import { names } from '../names';
import { NO_CONTRIBUTION, type Contribution } from './memo';
import {
  addCount, getNamespaceLabelsSnapshot, labelsSignature, mergeAffinityTermNamespacesIfNotEmpty, nodeLabels,
  podMatchesAllAffinityTerms, termsSignature, topologyValue, updateCount, type PluginContext, type TopologyCounts,
} from './terms';

export const preFilterStateKey = `PreFilter${names.InterPodAffinity}`;

export const ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
export const ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

/**
 * Topology-pair counts and their sum (0 when nothing matched anywhere). Often a live memo index that
 * the next cycle's PreFilter updates in place: read them during this cycle only.
 */
interface Counts {
  readonly counts: TopologyCounts;
  readonly total: number;
}

const NO_COUNTS: Counts = Object.freeze({ counts: new Map(), total: 0 });

/** Computed once per cycle in PreFilter so that Filter costs O(terms) per node. */
export interface PreFilterState {
  readonly pod: Pod;
  /** the incoming pod's required terms, namespaceSelector resolved */
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly namespaceLabels: Labels;
  /** pairs where an existing pod's required anti-affinity term matches the incoming pod */
  readonly existingAntiAffinity: Counts;
  /** pairs where an existing pod matches all the incoming pod's affinity terms (one count per term) */
  readonly affinity: Counts;
  /** pairs where an existing pod matches one of the incoming pod's anti-affinity terms */
  readonly antiAffinity: Counts;
  /** antiAffinity.counts of each anti-affinity term's topology key (one map lookup less per node) */
  readonly antiAffinityByTerm: ReadonlyArray<ReadonlyMap<string, number> | undefined>;
  /** the incoming pod matches its own affinity terms (it may start a group) */
  readonly matchesOwnAffinity: boolean;
}

/**
 * Count, per topology pair, what Filter needs: existing pods whose anti-affinity rejects the incoming
 * pod (only nodes holding such pods contribute), and existing pods matching the incoming pod's
 * affinity and anti-affinity terms (only when the pod has such terms). Skip when the pod has no
 * required terms and no existing pod's anti-affinity matches it.
 */
export function preFilter(pl: PluginContext, cycleState: CycleState, pod: Pod): Status {
  const parsed = podAffinityTerms(pod);
  if (parsed.affinityParseError) return unresolvable(`parsing pod: ${parsed.affinityParseError}`);
  const requiredAffinityTerms = parsed.requiredAffinityTerms.map((t) => mergeAffinityTermNamespacesIfNotEmpty(pl.handle, t));
  const requiredAntiAffinityTerms = parsed.requiredAntiAffinityTerms.map((t) => mergeAffinityTermNamespacesIfNotEmpty(pl.handle, t));
  const namespaceLabels = getNamespaceLabelsSnapshot(pl.handle, podNamespace(pod));
  const nodes = pl.handle.snapshotSharedLister().list();

  let existingAntiAffinity = NO_COUNTS;
  if (nodes.some((ni) => ni.podsWithRequiredAntiAffinity.length > 0)) {
    const signature = `existing\u0003${podNamespace(pod)}\u0003${labelsSignature(pod.metadata?.labels)}\u0003${labelsSignature(namespaceLabels)}`;
    existingAntiAffinity = memoized(pl, signature, (ni) => existingAntiAffinityContribution(ni, pod, namespaceLabels));
  }
  if (existingAntiAffinity.total === 0 && requiredAffinityTerms.length === 0 && requiredAntiAffinityTerms.length === 0) return SKIP;

  // The incoming pod's terms have their namespaceSelector merged into namespaces, so the existing
  // pods' namespace labels are not needed.
  const affinity = requiredAffinityTerms.length === 0 ? NO_COUNTS
    : memoized(pl, `affinity\u0003${termsSignature(requiredAffinityTerms)}`, (ni) => affinityContribution(ni, requiredAffinityTerms));
  const antiAffinity = requiredAntiAffinityTerms.length === 0 ? NO_COUNTS
    : memoized(pl, `anti\u0003${termsSignature(requiredAntiAffinityTerms)}`, (ni) => antiAffinityContribution(ni, requiredAntiAffinityTerms));

  const s: PreFilterState = {
    pod, requiredAffinityTerms, requiredAntiAffinityTerms, namespaceLabels, existingAntiAffinity, affinity, antiAffinity,
    antiAffinityByTerm: requiredAntiAffinityTerms.map((t) => antiAffinity.counts.get(t.topologyKey)),
    matchesOwnAffinity: podMatchesAllAffinityTerms(requiredAffinityTerms, pod, undefined),
  };
  cycleState.write(preFilterStateKey, s);
  return SUCCESS;
}

/** The index for `signature`, brought up to date with the snapshot. */
function memoized(pl: PluginContext, signature: string, compute: (ni: NodeInfo) => Contribution): Counts {
  const index = pl.filterMemo.index(signature);
  index.refresh(pl.handle.snapshotSharedLister().list(), compute);
  return index;
}

/** Each required anti-affinity term of the node's pods that matches the incoming pod, at the node's pair. */
function existingAntiAffinityContribution(ni: NodeInfo, pod: Pod, nsLabels: Labels): Contribution {
  let out: Array<[string, string, number]> | undefined;
  const labels = nodeLabels(ni.node);
  for (const existing of ni.podsWithRequiredAntiAffinity) {
    for (const t of existing.requiredAntiAffinityTerms) {
      const v = topologyValue(labels, t.topologyKey);
      if (v !== undefined && affinityTermMatches(t, pod, nsLabels)) (out ??= []).push([t.topologyKey, v, 1]);
    }
  }
  return out ?? NO_CONTRIBUTION;
}

/** Each pod of the node matching all the terms counts once at the node's pair of every term. */
function affinityContribution(ni: NodeInfo, terms: readonly AffinityTerm[]): Contribution {
  let matching = 0;
  for (const existing of ni.pods) if (podMatchesAllAffinityTerms(terms, existing.pod, undefined)) matching++;
  if (matching === 0) return NO_CONTRIBUTION;
  const labels = nodeLabels(ni.node);
  const out: Array<[string, string, number]> = [];
  for (const t of terms) {
    const v = topologyValue(labels, t.topologyKey);
    if (v !== undefined) out.push([t.topologyKey, v, matching]);
  }
  return out;
}

/** Each pod of the node counts at the node's pair of every term it matches. */
function antiAffinityContribution(ni: NodeInfo, terms: readonly AffinityTerm[]): Contribution {
  let out: Array<[string, string, number]> | undefined;
  const labels = nodeLabels(ni.node);
  for (const t of terms) {
    const v = topologyValue(labels, t.topologyKey);
    if (v === undefined) continue;
    let n = 0;
    for (const existing of ni.pods) if (affinityTermMatches(t, existing.pod, undefined)) n++;
    if (n > 0) (out ??= []).push([t.topologyKey, v, n]);
  }
  return out ?? NO_CONTRIBUTION;
}

/** When `target` matches every term, count it once per term at `node`'s pairs; returns how much was added. */
function updateWithAffinityTerms(m: TopologyCounts, terms: readonly AffinityTerm[], target: Pod, nsLabels: Labels, node: Node, n: number): number {
  if (!podMatchesAllAffinityTerms(terms, target, nsLabels)) return 0;
  let added = 0;
  for (const t of terms) {
    const v = topologyValue(nodeLabels(node), t.topologyKey);
    if (v === undefined) continue;
    addCount(m, t.topologyKey, v, n);
    added += n;
  }
  return added;
}

/** Count `target` at `node`'s pair of every term it matches. */
function updateWithAntiAffinityTerms(m: TopologyCounts, terms: readonly AffinityTerm[], target: Pod, nsLabels: Labels, node: Node, n: number): void {
  for (const t of terms) if (affinityTermMatches(t, target, nsLabels)) updateCount(m, node, t.topologyKey, n);
}

/**
 * How a what-if NodeInfo's pods differ from the snapshot's (the counts of its own pairs only): what
 * upstream's AddPod/RemovePod would have applied to the state. Undefined for the snapshot's own NodeInfo.
 */
interface CountsDelta {
  existingAntiAffinity: TopologyCounts;
  affinity: TopologyCounts;
  affinityTotal: number;
  antiAffinity: TopologyCounts;
}

function whatIfDelta(pl: PluginContext, s: PreFilterState, nodeInfo: NodeInfo): CountsDelta | undefined {
  const live = pl.handle.snapshotSharedLister().get(nodeInfo.name);
  if (live === nodeInfo) return undefined;
  const d: CountsDelta = { existingAntiAffinity: new Map(), affinity: new Map(), affinityTotal: 0, antiAffinity: new Map() };
  const livePods = live?.pods ?? [];
  const liveKeys = new Set(livePods.map((p) => p.key));
  const whatIfKeys = new Set(nodeInfo.pods.map((p) => p.key));
  for (const p of nodeInfo.pods) if (!liveKeys.has(p.key)) updateWithPod(s, d, p, nodeInfo.node, 1);
  for (const p of livePods) if (!whatIfKeys.has(p.key)) updateWithPod(s, d, p, nodeInfo.node, -1);
  return d;
}

/** preFilterState.updateWithPod: the counts one pod on `node` contributes, times `n` (+1 added, -1 removed). */
function updateWithPod(s: PreFilterState, d: CountsDelta, p: PodInfo, node: Node, n: number): void {
  updateWithAntiAffinityTerms(d.existingAntiAffinity, p.requiredAntiAffinityTerms, s.pod, s.namespaceLabels, node, n);
  d.affinityTotal += updateWithAffinityTerms(d.affinity, s.requiredAffinityTerms, p.pod, undefined, node, n);
  updateWithAntiAffinityTerms(d.antiAffinity, s.requiredAntiAffinityTerms, p.pod, undefined, node, n);
}

function count(base: TopologyCounts, delta: TopologyCounts | undefined, key: string, value: string): number {
  return (base.get(key)?.get(value) ?? 0) + (delta?.get(key)?.get(value) ?? 0);
}

/**
 * Judge one node: the incoming pod's affinity (UnschedulableAndUnresolvable: evicting pods cannot
 * create a matching pod), its anti-affinity, then existing pods' anti-affinity (both Unschedulable:
 * preempting the matching pods could help).
 */
export function filter(pl: PluginContext, cycleState: CycleState, nodeInfo: NodeInfo): Status {
  const s = cycleState.read<PreFilterState>(preFilterStateKey);
  if (!s) return asError(`error reading "${preFilterStateKey}" from cycleState: not found`);
  const d = whatIfDelta(pl, s, nodeInfo);
  const labels = nodeLabels(nodeInfo.node);

  const affinity = checkPodAffinity(s, labels, d);
  if (affinity !== undefined) return { code: 'UnschedulableAndUnresolvable', reasons: AFFINITY_REASONS, detail: affinity };

  for (let i = 0; i < s.requiredAntiAffinityTerms.length; i++) {
    const t = s.requiredAntiAffinityTerms[i];
    const v = topologyValue(labels, t.topologyKey);
    // A node without the topology label cannot share a topology domain with anything: no conflict.
    if (v === undefined) continue;
    const n = (s.antiAffinityByTerm[i]?.get(v) ?? 0) + (d?.antiAffinity.get(t.topologyKey)?.get(v) ?? 0);
    if (n > 0) {
      return { code: 'Unschedulable', reasons: ANTI_AFFINITY_REASONS, detail: `pods matching ${describeSelector(t)} already run in ${t.topologyKey}=${v}` };
    }
  }

  const conflict = existingAntiAffinityConflict(s, labels, d);
  if (conflict !== undefined) {
    return { code: 'Unschedulable', reasons: EXISTING_ANTI_AFFINITY_REASONS, detail: `a pod in ${conflict} has anti-affinity against this pod` };
  }
  return SUCCESS;
}

// Shared (frozen) reason lists: most nodes of a cycle may be rejected, each with one of these.
const AFFINITY_REASONS: readonly string[] = Object.freeze([ErrReasonAffinityRulesNotMatch]);
const ANTI_AFFINITY_REASONS: readonly string[] = Object.freeze([ErrReasonAntiAffinityRulesNotMatch]);
const EXISTING_ANTI_AFFINITY_REASONS: readonly string[] = Object.freeze([ErrReasonExistingAntiAffinityRulesNotMatch]);

/**
 * satisfyPodAffinity: every term's topology label must exist on the node, and pods matching all the
 * terms must run in the node's domain of each term. Undefined when satisfied, else why not.
 * The first pod of a group whose affinity selects its own labels (e.g. app=web toward app=web) could
 * never start: it may go anywhere with the topology labels when no pod in the cluster matches yet.
 */
function checkPodAffinity(s: PreFilterState, labels: Readonly<Record<string, string>>, d: CountsDelta | undefined): string | undefined {
  let missing: string | undefined;
  for (const t of s.requiredAffinityTerms) {
    const v = topologyValue(labels, t.topologyKey);
    if (v === undefined) return `node has no label ${t.topologyKey}`;
    if (missing === undefined && count(s.affinity.counts, d?.affinity, t.topologyKey, v) <= 0) {
      missing = `no pod matching ${describeSelector(t)} runs in ${t.topologyKey}=${v}`;
    }
  }
  if (missing === undefined) return undefined;
  if (s.affinity.total + (d?.affinityTotal ?? 0) === 0 && s.matchesOwnAffinity) return undefined;
  return missing;
}

/** The node's conflicting pair ("key=value") with existing pods' anti-affinity, if any. */
function existingAntiAffinityConflict(s: PreFilterState, labels: Readonly<Record<string, string>>, d: CountsDelta | undefined): string | undefined {
  const base = s.existingAntiAffinity.counts;
  const keys = d ? new Set([...base.keys(), ...d.existingAntiAffinity.keys()]) : base.keys();
  for (const key of keys) {
    const v = topologyValue(labels, key);
    if (v !== undefined && count(base, d?.existingAntiAffinity, key, v) > 0) return `${key}=${v}`;
  }
  return undefined;
}

// Rejections are frequent (every node already holding a matching pod, every cycle), and printing a
// selector sorts and joins its requirements: print each term's selector once.
const selectorDescriptions = new WeakMap<AffinityTerm, string>();

function describeSelector(t: AffinityTerm): string {
  let d = selectorDescriptions.get(t);
  if (d === undefined) {
    d = t.selector.matchesNothing ? '<nothing>' : t.selector.toString() || '<everything>';
    selectorDescriptions.set(t, d);
  }
  return d;
}
