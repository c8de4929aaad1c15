// PodTopologySpread: spread a pod's matching pods evenly over topology domains (zones, hostnames...).
// DoNotSchedule constraints filter (skew <= maxSkew), ScheduleAnyway constraints and the system
// defaults score (weight 2). The plugin object and its queueing hints; the phases live beside it.
// UPSTREAM: pkg/scheduler/framework/plugins/podtopologyspread/plugin.go
// SIMPLIFICATION: no SignPod (no opportunistic batching); matchLabelKeys are merged here, not also by the
// API server at pod creation as 1.34+ does (same selector either way).

import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { CycleState } from '../../framework/cycle-state';
import type { QueueingHintFn } from '../../framework/events';
import type {
  EnqueueExtensions, FilterPlugin, Handle, NodeScore, PreFilterPlugin, PreScorePlugin, ScorePlugin,
} from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import {
  getConstraints, Name, nodeLabelsMatchSpreadConstraints, podLabelsMatchSpreadConstraints, systemDefaultConstraints,
  type Constraint, type PodTopologySpreadArgs, type SpreadContext,
} from './common';
import { filter, preFilter } from './filtering';
import { normalizeScore, preScore, score } from './scoring';

export { ErrReasonConstraintsNotMatch, ErrReasonNodeLabelNotMatch, Name } from './common';

export function newPodTopologySpread(handle: Handle, args: PodTopologySpreadArgs = {}) {
  const systemDefaulted = (args.defaultingType ?? 'System') === 'System';
  const ctx: SpreadContext = {
    // Read through the handle on each call: the informers fill after the framework is built.
    get objects() {
      return handle.objects();
    },
    defaultConstraints: systemDefaulted ? systemDefaultConstraints : (args.defaultConstraints ?? []),
    systemDefaulted,
  };

  /** The constraints a pod rejected by this plugin was rejected for (its DoNotSchedule ones). */
  const hardConstraints = (pod: Pod): Constraint[] | undefined => {
    const r = getConstraints(ctx, pod, 'DoNotSchedule');
    return 'error' in r ? undefined : r.constraints;
  };

  // An assigned pod in the pod's namespace was added, deleted or relabelled such that some constraint
  // now selects it differently; or the pod itself got new tolerations while a constraint honors taints.
  const podHint: QueueingHintFn = (pod, oldObj, newObj) => {
    const oldPod = oldObj as Pod | undefined;
    const newPod = newObj as Pod | undefined;
    if ((newPod && !involvedInTopologySpreading(newPod, pod)) || (oldPod && !involvedInTopologySpreading(oldPod, pod))) return 'QueueSkip';
    const constraints = hardConstraints(pod);
    if (!constraints) return 'Queue';
    if (oldPod && newPod) {
      if (pod.metadata?.uid === newPod.metadata?.uid && !sameJson(oldPod.spec?.tolerations, newPod.spec?.tolerations) &&
        constraints.some((c) => c.nodeTaintsPolicy === 'Honor')) return 'Queue';
      if (sameJson(oldPod.metadata?.labels, newPod.metadata?.labels)) return 'QueueSkip';
      const changed = constraints.some((c) => c.selector.matches(oldPod.metadata?.labels) !== c.selector.matches(newPod.metadata?.labels));
      return changed ? 'Queue' : 'QueueSkip';
    }
    const changedPod = newPod ?? oldPod;
    return changedPod && podLabelsMatchSpreadConstraints(constraints, changedPod.metadata?.labels) ? 'Queue' : 'QueueSkip';
  };

  // A node carrying every topology key appeared or went away, gained or lost a key, changed a key's
  // value, or (still carrying them) changed its taints.
  const nodeHint: QueueingHintFn = (pod, oldObj, newObj) => {
    const oldNode = oldObj as Node | undefined;
    const newNode = newObj as Node | undefined;
    const constraints = hardConstraints(pod);
    if (!constraints) return 'Queue';
    const oldMatching = !!oldNode && nodeLabelsMatchSpreadConstraints(oldNode.metadata?.labels, constraints);
    const newMatching = !!newNode && nodeLabelsMatchSpreadConstraints(newNode.metadata?.labels, constraints);
    if (oldNode && newNode) {
      if (oldMatching !== newMatching) return 'Queue';
      const keyChanged = constraints.some((c) => oldNode.metadata?.labels?.[c.topologyKey] !== newNode.metadata?.labels?.[c.topologyKey]);
      return newMatching && (keyChanged || !sameJson(oldNode.spec?.taints, newNode.spec?.taints)) ? 'Queue' : 'QueueSkip';
    }
    return (newNode ? newMatching : oldMatching) ? 'Queue' : 'QueueSkip';
  };

  return {
    name: Name,

    preFilter(state: CycleState, pod: Pod) {
      return preFilter(ctx, handle, state, pod);
    },

    filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo) {
      return filter(handle, state, pod, nodeInfo);
    },

    preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]) {
      return preScore(ctx, handle, state, pod, nodes);
    },

    score(state: CycleState, pod: Pod, nodeInfo: NodeInfo) {
      return score(state, pod, nodeInfo);
    },

    normalizeScore(state: CycleState, _pod: Pod, scores: NodeScore[]) {
      normalizeScore(state, scores);
    },

    eventsToRegister() {
      return [
        { event: 'AssignedPodAdd', hint: podHint },
        { event: 'AssignedPodUpdate', hint: podHint },
        { event: 'AssignedPodDelete', hint: podHint },
        { event: 'UnscheduledPodUpdate', hint: podHint },
        { event: 'NodeAdd', hint: nodeHint },
        { event: 'NodeLabelChange', hint: nodeHint },
        { event: 'NodeTaintChange', hint: nodeHint },
        { event: 'NodeDelete', hint: nodeHint },
      ];
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions;
}

/** Can `changed` affect `pod`'s spreading: it is the pod itself, or an assigned pod in its namespace? */
function involvedInTopologySpreading(changed: Pod, pod: Pod): boolean {
  return (changed.metadata?.uid !== undefined && changed.metadata.uid === pod.metadata?.uid) ||
    (!!changed.spec?.nodeName && (changed.metadata?.namespace ?? 'default') === (pod.metadata?.namespace ?? 'default'));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
