// TaintToleration: a node's NoSchedule/NoExecute taints keep off pods that do not tolerate them
// (Filter), and PreferNoSchedule taints make a node less attractive (Score, weight 3).
// UPSTREAM: pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go,
//           pkg/apis/core/v1/helper/helpers.go (TolerationsTolerateTaint, FindMatchingUntoleratedTaint),
//           staging/src/k8s.io/api/core/v1/toleration.go (ToleratesTaint)
// SIMPLIFICATION: no Gt/Lt toleration operators (alpha in 1.35, off by default).

import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import type { CycleState } from '../../framework/cycle-state';
import type { QueueingHintFn } from '../../framework/events';
import type { EnqueueExtensions, FilterPlugin, NodeScore, PreScorePlugin, ScorePlugin } from '../../framework/interface';
import { MAX_NODE_SCORE } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import { SUCCESS, unresolvable } from '../../framework/status';
import { defaultNormalizeScore } from '../helper/normalize-score';
import { names } from '../names';

export const Name = names.TaintToleration;
/** Since 1.35 the taint itself is no longer named (kubernetes PR #134740). */
export const ErrReasonNotMatch = 'node(s) had untolerated taint(s)';

const preScoreStateKey = `PreScore${Name}`;

/** Toleration.ToleratesTaint: effect and key must match when set; Equal compares values, Exists does not. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** The first taint (in the node's order) that passes `inclusion` and no toleration tolerates. */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  inclusion: (t: Taint) => boolean,
): Taint | undefined {
  for (const taint of taints ?? []) {
    if (!inclusion(taint)) continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

/** Taints the scheduler enforces: NoSchedule and NoExecute (PreferNoSchedule only scores). */
export const doNotScheduleTaintsFilter = (t: Taint): boolean => t.effect === 'NoSchedule' || t.effect === 'NoExecute';

/** A taint as `kubectl taint` writes it: key=value:Effect, or key:Effect without a value. */
export function formatTaint(t: Taint): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}

function untoleratedTaint(pod: Pod, node: Node | undefined): Taint | undefined {
  return findMatchingUntoleratedTaint(node?.spec?.taints, pod.spec?.tolerations, doNotScheduleTaintsFilter);
}

export const taintToleration = {
  name: Name,

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo) {
    const taint = untoleratedTaint(pod, nodeInfo.node);
    if (!taint) return SUCCESS;
    return unresolvable(ErrReasonNotMatch, `untolerated taint ${formatTaint(taint)}`);
  },

  preScore(state: CycleState, pod: Pod) {
    // Only tolerations that can apply to PreferNoSchedule taints matter for scoring.
    const tolerations = (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    state.write(preScoreStateKey, tolerations);
    return SUCCESS;
  },

  /** The number of PreferNoSchedule taints the pod does not tolerate (normalized: fewer is better). */
  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo) {
    const tolerations = state.read<Toleration[]>(preScoreStateKey) ?? [];
    let n = 0;
    for (const taint of nodeInfo.node.spec?.taints ?? []) {
      if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, taint)) n++;
    }
    return n;
  },

  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]) {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
  },

  eventsToRegister() {
    // Retry when a node appears or its taints change such that the pod is now tolerated.
    const hint: QueueingHintFn = (pod, oldObj, newObj) => {
      const wasUntolerated = oldObj === undefined || untoleratedTaint(pod, oldObj as Node) !== undefined;
      const isUntolerated = untoleratedTaint(pod, newObj as Node) !== undefined;
      return wasUntolerated && !isUntolerated ? 'Queue' : 'QueueSkip';
    };
    return [
      { event: 'NodeAdd', hint },
      { event: 'NodeTaintChange', hint },
      { event: 'UnscheduledPodUpdate' },
    ];
  },
} satisfies FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions;
