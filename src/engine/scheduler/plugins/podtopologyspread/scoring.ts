// PodTopologySpread's PreScore, Score and NormalizeScore: ScheduleAnyway constraints (the pod's own, or
// the system defaults spreading a workload's pods over hostnames and zones) prefer emptier domains.
// UPSTREAM: pkg/scheduler/framework/plugins/podtopologyspread/scoring.go

// Worked example: one constraint over zone, maxSkew 1; zoneA holds 3 matching pods, zoneB 1; the
// feasible nodes span both zones, so size 2 and weight ln(2 + 2) = 1.386. Raw scores: a zoneA node
// 3 * 1.386 + (1 - 1) = 4.16 -> 4; a zoneB node 1 * 1.386 = 1.39 -> 1. Normalized (fewer is better):
// 100 * (max 4 + min 1 - s) / max 4 -> zoneA 100 * 1 / 4 = 25, zoneB 100 * 4 / 4 = 100.

import type { Pod } from 'kubernetes-types/core/v1';
import type { CycleState } from '../../framework/cycle-state';
import type { Handle, NodeScore } from '../../framework/interface';
import { MAX_NODE_SCORE } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import type { Status } from '../../framework/status';
import { asError, SKIP, SUCCESS } from '../../framework/status';
import { getRequiredNodeAffinity } from '../nodeaffinity/node-selector';
import {
  countPodsMatchSelector, getConstraints, LABEL_HOSTNAME, Name, namespaceOf, NodeInclusion,
  nodeLabelsMatchSpreadConstraints, type Constraint, type SpreadContext,
} from './common';

export const preScoreStateKey = `PreScore${Name}`;

/** What PreScore computes for Score and NormalizeScore. */
export interface PreScoreState {
  readonly constraints: readonly Constraint[];
  /** feasible nodes lacking some constraint's key: they score 0 */
  readonly ignoredNodes: ReadonlySet<string>;
  /**
   * per constraint: topology value of a feasible node -> matching pods in that domain over all nodes.
   * Empty for hostname constraints: a hostname domain is one node, counted in Score.
   */
  readonly topologyValueToPodCounts: readonly ReadonlyMap<string, number>[];
  /** per constraint: ln(number of domains among the feasible nodes + 2) */
  readonly topologyNormalizingWeight: readonly number[];
}

/**
 * The weight of a topology's counts: ln(size + 2) for `size` domains, so spreading over many small
 * domains (hostnames) is not drowned by few big ones (zones). In [1.09, 8.52] for 1..5000 domains.
 */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** maxSkew - 1 is added so that small differences between domains are watered down. */
export function scoreForCount(cnt: number, maxSkew: number, tpWeight: number): number {
  return cnt * tpWeight + (maxSkew - 1);
}

export function preScore(ctx: SpreadContext, handle: Handle, state: CycleState, pod: Pod, filteredNodes: readonly NodeInfo[]): Status {
  const allNodes = handle.snapshotSharedLister().list();
  if (allNodes.length === 0) return SKIP;
  const r = getConstraints(ctx, pod, 'ScheduleAnyway');
  if ('error' in r) return asError(`calculating preScoreState: ${r.error}`);
  const constraints = r.constraints;
  if (constraints.length === 0) return SKIP;

  // Only the pod's own (or List-defaulted) constraints require every key: with system defaults a
  // node without a zone label still takes part in hostname spreading.
  const requireAllTopologies = (pod.spec?.topologySpreadConstraints ?? []).length > 0 || !ctx.systemDefaulted;
  const ignoredNodes = new Set<string>();
  const counts = constraints.map(() => new Map<string, number>());
  const topoSize = constraints.map(() => 0);
  // A node lacking a key files under value '' (as upstream), which only a node labelled key='' reads.
  const emptyValueRead = constraints.map(() => false);
  for (const ni of filteredNodes) {
    const labels = ni.node.metadata?.labels ?? {};
    if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(labels, constraints)) {
      ignoredNodes.add(ni.name);
      continue;
    }
    constraints.forEach((c, i) => {
      if (c.topologyKey === LABEL_HOSTNAME) return;
      const value = labels[c.topologyKey] ?? '';
      if (labels[c.topologyKey] === '') emptyValueRead[i] = true;
      if (!counts[i].has(value)) {
        counts[i].set(value, 0);
        topoSize[i]++;
      }
    });
  }
  const weights = constraints.map((c, i) =>
    topologyNormalizingWeight(c.topologyKey === LABEL_HOSTNAME ? filteredNodes.length - ignoredNodes.size : topoSize[i]));

  // Count every node's matching pods into the domains of the feasible nodes. Hostname domains are
  // single nodes, counted in Score, so a pod with only hostname constraints skips this loop.
  if (counts.some((m) => m.size > 0)) {
    const inclusion = new NodeInclusion(pod, getRequiredNodeAffinity(pod), constraints);
    const ns = namespaceOf(pod);
    for (const ni of allNodes) {
      const node = ni.node;
      const labels = node.metadata?.labels ?? {};
      if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(labels, constraints)) continue;
      inclusion.forNode(node);
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i];
        const has = Object.prototype.hasOwnProperty.call(labels, c.topologyKey);
        // Skipping unlabelled nodes nobody reads saves counting every pod for the zone default on zoneless clusters.
        if (!has && !emptyValueRead[i]) continue;
        const value = has ? labels[c.topologyKey] : '';
        const current = counts[i].get(value);
        // Domains no feasible node is in do not matter (and hostname maps stay empty).
        if (current === undefined || !inclusion.matches(c)) continue;
        counts[i].set(value, current + countPodsMatchSelector(ni.pods, c.selector, ns));
      }
    }
  }

  state.write(preScoreStateKey, {
    constraints, ignoredNodes, topologyValueToPodCounts: counts, topologyNormalizingWeight: weights,
  } satisfies PreScoreState);
  return SUCCESS;
}

/** The node's raw score: for each constraint whose key it has, the weighted matching pods in its domain. */
export function score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
  const s = state.read<PreScoreState>(preScoreStateKey);
  if (!s || s.ignoredNodes.has(nodeInfo.name)) return 0;
  const labels = nodeInfo.node.metadata?.labels ?? {};
  let total = 0;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i];
    if (!Object.prototype.hasOwnProperty.call(labels, c.topologyKey)) continue;
    const cnt = c.topologyKey === LABEL_HOSTNAME
      ? countPodsMatchSelector(nodeInfo.pods, c.selector, namespaceOf(pod))
      : s.topologyValueToPodCounts[i].get(labels[c.topologyKey]) ?? 0;
    total += scoreForCount(cnt, c.maxSkew, s.topologyNormalizingWeight[i]);
  }
  // Go's math.Round rounds halves away from zero; for these non-negative sums Math.round agrees.
  return Math.round(total);
}

/** Reverse: the fewest matching pods get 100; ignored nodes get 0. */
export function normalizeScore(state: CycleState, scores: NodeScore[]): void {
  const s = state.read<PreScoreState>(preScoreStateKey);
  if (!s) return;
  let minScore = Number.MAX_SAFE_INTEGER;
  let maxScore = 0;
  for (const { name, score: v } of scores) {
    if (s.ignoredNodes.has(name)) continue;
    if (v < minScore) minScore = v;
    if (v > maxScore) maxScore = v;
  }
  for (const ns of scores) {
    if (s.ignoredNodes.has(ns.name)) ns.score = 0;
    else if (maxScore === 0) ns.score = MAX_NODE_SCORE;
    else ns.score = Math.trunc((MAX_NODE_SCORE * (maxScore + minScore - ns.score)) / maxScore);
  }
}
