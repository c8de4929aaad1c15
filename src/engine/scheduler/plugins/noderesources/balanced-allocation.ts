// NodeResourcesBalancedAllocation: prefer nodes whose cpu and memory would be used in equal
// proportion after placing the pod (Score, weight 1).
// UPSTREAM: pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go

import type { Pod } from 'kubernetes-types/core/v1';
import type { CycleState } from '../../framework/cycle-state';
import type { PreScorePlugin, ScorePlugin } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import { SKIP, SUCCESS } from '../../framework/status';
import { names } from '../names';
import { balancedResourceScorer, DEFAULT_RESOURCES, podRequestsForScoring, resourceAllocationScore, type ResourceSpec } from './resource-allocation';

export const Name = names.NodeResourcesBalancedAllocation;

const preScoreStateKey = `PreScore${Name}`;

export function newBalancedAllocation(resources: readonly ResourceSpec[] = DEFAULT_RESOURCES) {
  return {
    name: Name,

    preScore(state: CycleState, pod: Pod) {
      // This plugin counts actual requests (not the 100m/200MB defaults). A pod that requests nothing
      // would score every node by its current balance alone and pile BestEffort pods onto one node, so
      // it is skipped (kubernetes issue #129138).
      const reqs = podRequestsForScoring(pod, resources, true);
      if (reqs.every((r) => r === 0)) return SKIP;
      state.write(preScoreStateKey, reqs);
      return SUCCESS;
    },

    score(state: CycleState, pod: Pod, nodeInfo: NodeInfo) {
      const reqs = state.read<number[]>(preScoreStateKey) ?? podRequestsForScoring(pod, resources, true);
      return resourceAllocationScore(nodeInfo, resources, reqs, true, balancedResourceScorer);
    },
  } satisfies PreScorePlugin & ScorePlugin;
}

export const balancedAllocation = newBalancedAllocation();
