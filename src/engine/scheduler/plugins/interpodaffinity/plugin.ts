// InterPodAffinity: pods placed relative to other pods by topology domain. Required affinity and
// anti-affinity filter nodes (anti-affinity is symmetric: an existing pod's rule also keeps the
// incoming pod away), preferred terms score them (weight 2 in the default profile).
// UPSTREAM: pkg/scheduler/framework/plugins/interpodaffinity/plugin.go
// SIMPLIFICATION: queueing hints match namespaceSelectors against the namespace's labels (upstream passes
// none); a deleted pod whose own anti-affinity rejected the pending pod requeues it (kubernetes PR #135325).

import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { Labels } from '../../../api/labels';
import type { CycleState } from '../../framework/cycle-state';
import type { ClusterEventWithHint, QueueingHint, QueueingHintFn } from '../../framework/events';
import type { EnqueueExtensions, FilterPlugin, Handle, NodeScore, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import { affinityTermMatches, podAffinityTerms, podNamespace } from '../../framework/node-info';
import { names } from '../names';
import { filter, preFilter } from './filtering';
import { CountsMemo } from './memo';
import { normalizeScore, preScore, score } from './scoring';
import { DEFAULT_ARGS, getNamespaceLabelsSnapshot, nodeLabels, podMatchesAllAffinityTerms, topologyValue, type InterPodAffinityArgs, type PluginContext } from './terms';

export const Name = names.InterPodAffinity;
export {
  ErrReasonAffinityRulesNotMatch, ErrReasonAntiAffinityRulesNotMatch, ErrReasonExistingAntiAffinityRulesNotMatch,
} from './filtering';
export type { InterPodAffinityArgs } from './terms';

/** ValidateInterPodAffinityArgs: the hard pod affinity weight is a score weight, 0..100. */
export function validateArgs(args: InterPodAffinityArgs): string | undefined {
  const w = args.hardPodAffinityWeight;
  if (!Number.isInteger(w) || w < 0 || w > 100) return `hardPodAffinityWeight: Invalid value: ${w}: not in valid range [0-100]`;
  return undefined;
}

export function newInterPodAffinity(handle: Handle, args: Partial<InterPodAffinityArgs> = {}) {
  const pl: PluginContext = { handle, args: { ...DEFAULT_ARGS, ...args }, filterMemo: new CountsMemo(), scoreMemo: new CountsMemo() };
  const invalid = validateArgs(pl.args);
  if (invalid) throw new Error(invalid);

  return {
    name: Name,

    preFilter(state: CycleState, pod: Pod) {
      return preFilter(pl, state, pod);
    },

    filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo) {
      return filter(pl, state, nodeInfo);
    },

    preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]) {
      return preScore(pl, state, pod, nodes);
    },

    score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo) {
      return score(state, nodeInfo);
    },

    normalizeScore(state: CycleState, _pod: Pod, scores: NodeScore[]) {
      normalizeScore(state, scores);
    },

    eventsToRegister(): ClusterEventWithHint[] {
      const podHint: QueueingHintFn = (pod, oldObj, newObj) => isSchedulableAfterPodChange(handle, pod, oldObj as Pod | undefined, newObj as Pod | undefined);
      const nodeHint: QueueingHintFn = (pod, oldObj, newObj) => isSchedulableAfterNodeChange(pod, oldObj as Node | undefined, newObj as Node);
      // Assigned pods: one added may satisfy affinity, one deleted or relabelled may stop an anti-affinity
      // conflict. Nodes: a new node or new topology labels may open a domain. (With queueing hints,
      // upstream no longer registers NodeTaintChange.)
      return [
        { event: 'AssignedPodAdd', hint: podHint },
        { event: 'AssignedPodUpdate', hint: podHint },
        { event: 'AssignedPodDelete', hint: podHint },
        { event: 'NodeAdd', hint: nodeHint },
        { event: 'NodeLabelChange', hint: nodeHint },
      ];
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions;
}

function namespaceLabelsOf(handle: Handle, pod: Pod): Labels {
  return getNamespaceLabelsSnapshot(handle, podNamespace(pod));
}

/**
 * An assigned pod was added, updated or deleted. Queue when an added pod (or an update) now matches all
 * of the pending pod's affinity terms, when a deleted pod (or an update) no longer matches its
 * anti-affinity terms, or when a deleted pod's own anti-affinity matched the pending pod.
 */
export function isSchedulableAfterPodChange(handle: Handle, pod: Pod, oldPod: Pod | undefined, newPod: Pod | undefined): QueueingHint {
  if ((newPod && !newPod.spec?.nodeName) || (oldPod && !oldPod.spec?.nodeName)) return 'QueueSkip';
  const { requiredAffinityTerms: terms, requiredAntiAffinityTerms: antiTerms } = podAffinityTerms(pod);
  const matchesAll = (ts: typeof terms, other: Pod) => podMatchesAllAffinityTerms(ts, other, namespaceLabelsOf(handle, other));

  if (oldPod && newPod) {
    if (!matchesAll(terms, oldPod) && matchesAll(terms, newPod)) return 'Queue';
    if (matchesAll(antiTerms, oldPod) && !matchesAll(antiTerms, newPod)) return 'Queue';
    return 'QueueSkip';
  }
  if (newPod) return matchesAll(terms, newPod) ? 'Queue' : 'QueueSkip';
  if (!oldPod) return 'Queue';
  if (matchesAll(antiTerms, oldPod)) return 'Queue';
  const nsLabels = namespaceLabelsOf(handle, pod);
  if (podAffinityTerms(oldPod).requiredAntiAffinityTerms.some((t) => affinityTermMatches(t, pod, nsLabels))) return 'Queue';
  return 'QueueSkip';
}

/**
 * A node was added or its labels changed. Affinity: queue when the node gains a topology key of the
 * pending pod's terms, or its value changes. Anti-affinity: queue for any new node (while the pod has
 * anti-affinity terms), or when a topology key's label is removed or changes value.
 */
export function isSchedulableAfterNodeChange(pod: Pod, oldNode: Node | undefined, newNode: Node): QueueingHint {
  const { requiredAffinityTerms: terms, requiredAntiAffinityTerms: antiTerms } = podAffinityTerms(pod);
  const now = nodeLabels(newNode);
  const before = oldNode ? nodeLabels(oldNode) : undefined;
  for (const t of terms) {
    const v = topologyValue(now, t.topologyKey);
    if (!before) {
      if (v !== undefined) return 'Queue';
      continue;
    }
    const was = topologyValue(before, t.topologyKey);
    if (v !== undefined && was !== v) return 'Queue';
  }
  for (const t of antiTerms) {
    if (!before) return 'Queue';
    const was = topologyValue(before, t.topologyKey);
    if (was !== undefined && was !== topologyValue(now, t.topologyKey)) return 'Queue';
  }
  return 'QueueSkip';
}
