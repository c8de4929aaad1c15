// NodeAffinity: spec.nodeSelector and requiredDuringScheduling node affinity must match (Filter);
// preferredDuringScheduling terms add their weights (Score, weight 2).
// UPSTREAM: pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go
// SIMPLIFICATION: no profile-level addedAffinity (NodeAffinityArgs), so the
// "didn't match scheduler-enforced node affinity" reason never appears.

import type { Node, Pod, PreferredSchedulingTerm } from 'kubernetes-types/core/v1';
import type { CycleState } from '../../framework/cycle-state';
import type { QueueingHintFn } from '../../framework/events';
import type { EnqueueExtensions, FilterPlugin, NodeScore, PreFilterPlugin, PreFilterResult, PreScorePlugin, ScorePlugin } from '../../framework/interface';
import { MAX_NODE_SCORE } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import { SKIP, SUCCESS, unresolvable } from '../../framework/status';
import { defaultNormalizeScore } from '../helper/normalize-score';
import { names } from '../names';
import { getRequiredNodeAffinity, preferredTermsScore, requiredNodeAffinityMatches, type RequiredNodeAffinity } from './node-selector';

export const Name = names.NodeAffinity;
export const ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";
export const ErrReasonEnforced = "node(s) didn't match scheduler-enforced node affinity";
export const ErrReasonConflict = 'pod affinity terms conflict';

const preFilterStateKey = `PreFilter${Name}`;
const preScoreStateKey = `PreScore${Name}`;

export const nodeAffinity = {
  name: Name,

  preFilter(state: CycleState, pod: Pod): ReturnType<PreFilterPlugin['preFilter']> {
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!required && !pod.spec?.nodeSelector) return SKIP;
    state.write(preFilterStateKey, getRequiredNodeAffinity(pod));
    const terms = required?.nodeSelectorTerms ?? [];
    if (terms.length === 0) return SUCCESS;
    // Affinity to named nodes (matchFields metadata.name In [...]), as DaemonSet pods carry, narrows
    // the candidates before any Filter runs. Terms are ORed (union); a term's fields ANDed (intersection).
    let nodeNames: Set<string> | undefined;
    for (const t of terms) {
      let termNames: Set<string> | undefined;
      for (const r of t.matchFields ?? []) {
        if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
        const s = new Set(r.values ?? []);
        termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
      }
      if (!termNames) return SUCCESS; // this term may match any node
      nodeNames = new Set([...(nodeNames ?? []), ...termNames]);
    }
    if (nodeNames && nodeNames.size === 0) return unresolvable(ErrReasonConflict);
    if (nodeNames) return { code: 'Success', nodeNames } satisfies PreFilterResult;
    return SUCCESS;
  },

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo) {
    const required = state.read<RequiredNodeAffinity>(preFilterStateKey) ?? getRequiredNodeAffinity(pod);
    if (requiredNodeAffinityMatches(required, nodeInfo.node)) return SUCCESS;
    return unresolvable(ErrReasonPod, describeRequired(required));
  },

  preScore(state: CycleState, pod: Pod) {
    const preferred = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    if (preferred.length === 0) return SKIP;
    state.write(preScoreStateKey, preferred);
    return SUCCESS;
  },

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo) {
    const preferred = state.read<PreferredSchedulingTerm[]>(preScoreStateKey)
      ?? pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    return preferredTermsScore(preferred, nodeInfo.node);
  },

  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]) {
    defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
  },

  eventsToRegister() {
    const hint: QueueingHintFn = (pod, oldObj, newObj) => {
      const required = getRequiredNodeAffinity(pod);
      if (!requiredNodeAffinityMatches(required, newObj as Node)) return 'QueueSkip';
      if (oldObj === undefined) return 'Queue';
      return requiredNodeAffinityMatches(required, oldObj as Node) ? 'QueueSkip' : 'Queue';
    };
    return [
      { event: 'NodeAdd', hint },
      { event: 'NodeLabelChange', hint },
      { event: 'UnscheduledPodUpdate' },
    ];
  },
} satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions;

function describeRequired(r: RequiredNodeAffinity): string {
  const parts: string[] = [];
  if (r.labelSelector) parts.push(`nodeSelector ${Object.entries(r.labelSelector).map(([k, v]) => `${k}=${v}`).join(',')}`);
  if (r.terms) parts.push('required node affinity');
  return `the node's labels do not satisfy the pod's ${parts.join(' and ')}`;
}
