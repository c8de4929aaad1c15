// PodTopologySpread's PreFilter and Filter: DoNotSchedule constraints. PreFilter counts the matching
// pods per domain once per cycle; Filter then judges a node in O(#constraints).
// UPSTREAM: pkg/scheduler/framework/plugins/podtopologyspread/filtering.go
// SIMPLIFICATION: no PreFilterExtensions (AddPod/RemovePod); Filter instead notices a what-if NodeInfo
// (preemption's dry run, a drag-and-drop check) and corrects that one node's counts itself.

// Worked example (the docs' scenario): maxSkew 1 over `zone`; zoneA holds 2 foo=bar pods, zoneB 1.
// The incoming pod (foo=bar, so it counts itself: selfMatch 1) on a zoneA node: 2 + 1 - min 1 = 2 > 1,
// rejected; on a zoneB node: 1 + 1 - 1 = 1 <= 1, fits. With minDomains 3 and only these 2 domains the
// global minimum is taken as 0: zoneB gives 1 + 1 - 0 = 2 > 1, and no node fits until a third zone exists.

import type { Pod } from 'kubernetes-types/core/v1';
import type { CycleState } from '../../framework/cycle-state';
import type { Handle, PreFilterPlugin } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import type { Status } from '../../framework/status';
import { asError, SKIP, SUCCESS, unresolvable, unschedulable } from '../../framework/status';
import { getRequiredNodeAffinity } from '../nodeaffinity/node-selector';
import {
  countPodsMatchSelector, ErrReasonConstraintsNotMatch, ErrReasonNodeLabelNotMatch, getConstraints, Name, namespaceOf,
  NodeInclusion, nodeLabelsMatchSpreadConstraints, type Constraint, type SpreadContext,
} from './common';

export const preFilterStateKey = `PreFilter${Name}`;

const MAX_INT32 = 2147483647;

/**
 * The two domains with the fewest matching pods, fewest first. Only slot 0 (the global minimum) is read;
 * slot 1 lets the minimum be updated when one domain's count changes without rescanning every domain.
 * As upstream: after an update slot 1 is at least slot 0 but not necessarily the second minimum.
 */
export type CriticalPaths = readonly [{ value: string; matchNum: number }, { value: string; matchNum: number }];

function newCriticalPaths(): CriticalPaths {
  return [{ value: '', matchNum: MAX_INT32 }, { value: '', matchNum: MAX_INT32 }];
}

/** The paths after domain `value` has `num` matching pods (a new array; the input is not changed). */
export function updateCriticalPaths(p: CriticalPaths, value: string, num: number): CriticalPaths {
  if (value === p[0].value || value === p[1].value) {
    const a = value === p[0].value ? { value, matchNum: num } : p[0];
    const b = value === p[0].value ? p[1] : { value, matchNum: num };
    return a.matchNum > b.matchNum ? [b, a] : [a, b];
  }
  if (num < p[0].matchNum) return [{ value, matchNum: num }, p[0]];
  if (num < p[1].matchNum) return [p[0], { value, matchNum: num }];
  return p;
}

/** What PreFilter computes for Filter. Read-only once written (CycleState clones share it). */
export interface PreFilterState {
  readonly constraints: readonly Constraint[];
  /** per constraint: eligible domain (topology value) -> matching pods in it */
  readonly tpValueToMatchNum: readonly ReadonlyMap<string, number>[];
  /** per constraint */
  readonly criticalPaths: readonly CriticalPaths[];
}

/**
 * Count, for each DoNotSchedule constraint, the pods its selector matches in each eligible domain.
 * A node is counted only if it carries every constraint's key and passes the constraint's inclusion
 * policies; its pods count only if in the pod's namespace and not terminating.
 */
export function calPreFilterState(ctx: SpreadContext, handle: Handle, pod: Pod): PreFilterState | { error: string } {
  const r = getConstraints(ctx, pod, 'DoNotSchedule');
  if ('error' in r) return { error: `get constraints from pod: ${r.error}` };
  const constraints = r.constraints;
  if (constraints.length === 0) return { constraints, tpValueToMatchNum: [], criticalPaths: [] };
  const counts = constraints.map(() => new Map<string, number>());
  const inclusion = new NodeInclusion(pod, getRequiredNodeAffinity(pod), constraints);
  const ns = namespaceOf(pod);
  // The hot loop of a constrained pod's cycle: every node, every constraint (plain loops, no allocation per node).
  for (const ni of handle.snapshotSharedLister().list()) {
    const node = ni.node;
    const labels = node.metadata?.labels;
    if (!labels || !nodeLabelsMatchSpreadConstraints(labels, constraints)) continue;
    inclusion.forNode(node);
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i];
      if (!inclusion.matches(c)) continue;
      const value = labels[c.topologyKey];
      counts[i].set(value, (counts[i].get(value) ?? 0) + countPodsMatchSelector(ni.pods, c.selector, ns));
    }
  }
  const criticalPaths = counts.map((m) => {
    let p = newCriticalPaths();
    for (const [value, num] of m) p = updateCriticalPaths(p, value, num);
    return p;
  });
  return { constraints, tpValueToMatchNum: counts, criticalPaths };
}

export function preFilter(ctx: SpreadContext, handle: Handle, state: CycleState, pod: Pod): ReturnType<PreFilterPlugin['preFilter']> {
  const s = calPreFilterState(ctx, handle, pod);
  if ('error' in s) return asError(s.error);
  if (s.constraints.length === 0) return SKIP;
  state.write(preFilterStateKey, s);
  return SUCCESS;
}

/**
 * A node passes when, for every constraint, it has the topology key and
 * matching pods in its domain + 1 if the pod matches its own selector - the global minimum <= maxSkew.
 */
export function filter(handle: Handle, state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
  const s = state.read<PreFilterState>(preFilterStateKey);
  if (!s) return asError(`reading "${preFilterStateKey}" from cycleState: not found`);
  if (s.constraints.length === 0) return SUCCESS;
  const node = nodeInfo.node;
  const labels = node.metadata?.labels ?? {};
  const podLabels = pod.metadata?.labels;
  // PreFilter counted the snapshot's NodeInfo; a different object for the same node is a what-if copy
  // whose pods differ (victims removed, the pod itself taken off its node): recount that node only.
  const live = handle.snapshotSharedLister().get(nodeInfo.name);
  const whatIf = live !== nodeInfo ? new WhatIf(pod, nodeInfo, live, s.constraints) : undefined;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i];
    if (!Object.prototype.hasOwnProperty.call(labels, c.topologyKey)) {
      return unresolvable(ErrReasonNodeLabelNotMatch, `the node has no "${c.topologyKey}" label`);
    }
    const tpVal = labels[c.topologyKey];
    const counts = s.tpValueToMatchNum[i];
    let paths = s.criticalPaths[i];
    let matchNum = counts.get(tpVal) ?? 0;
    let domainsNum = counts.size;
    const delta = whatIf?.delta(i) ?? 0;
    if (delta !== 0) {
      if (!counts.has(tpVal)) domainsNum++;
      matchNum += delta;
      paths = updateCriticalPaths(paths, tpVal, matchNum);
    }
    // Fewer eligible domains than minDomains: the global minimum is taken as 0.
    const minMatchNum = domainsNum < c.minDomains ? 0 : paths[0].matchNum;
    const selfMatchNum = c.selector.matches(podLabels) ? 1 : 0;
    const skew = matchNum + selfMatchNum - minMatchNum;
    if (skew > c.maxSkew) {
      return unschedulable(ErrReasonConstraintsNotMatch,
        `${c.topologyKey}=${tpVal}: ${matchNum} matching pod(s) + ${selfMatchNum} (this pod) - global minimum ${minMatchNum} = skew ${skew} > maxSkew ${c.maxSkew}`);
    }
  }
  return SUCCESS;
}

/** How a what-if NodeInfo's matching pods differ from what PreFilter counted on the same node. */
class WhatIf {
  private readonly eligible: boolean;
  private readonly inclusion: NodeInclusion;
  private readonly ns: string;

  constructor(
    pod: Pod,
    private readonly nodeInfo: NodeInfo,
    private readonly live: NodeInfo | undefined,
    private readonly constraints: readonly Constraint[],
  ) {
    this.eligible = nodeLabelsMatchSpreadConstraints(nodeInfo.node.metadata?.labels, constraints);
    this.inclusion = new NodeInclusion(pod, getRequiredNodeAffinity(pod), constraints).forNode(nodeInfo.node);
    this.ns = namespaceOf(pod);
  }

  delta(i: number): number {
    const c = this.constraints[i];
    if (!this.eligible || !this.inclusion.matches(c)) return 0;
    const now = countPodsMatchSelector(this.nodeInfo.pods, c.selector, this.ns);
    const counted = this.live ? countPodsMatchSelector(this.live.pods, c.selector, this.ns) : 0;
    return now - counted;
  }
}
