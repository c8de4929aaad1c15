// The scoring half of the noderesources plugins: per-resource (requested, allocatable) pairs and the
// strategies that turn them into a 0..100 score.
// UPSTREAM: pkg/scheduler/framework/plugins/noderesources/{resource_allocation.go,least_allocated.go,
//           most_allocated.go,requested_to_capacity_ratio.go,balanced_allocation.go}, plugins/helper/shape_score.go

import type { Pod } from 'kubernetes-types/core/v1';
import { MAX_NODE_SCORE } from '../../framework/interface';
import type { NodeInfo, PodInfo } from '../../framework/node-info';
import { newPodInfo } from '../../framework/node-info';

import type { ResourceSpec, ScoringStrategy } from '../../apis/config/config';
import { DEFAULT_RESOURCES } from '../../apis/config/config';

export type { ResourceSpec };
/** NodeResourcesFitArgs.ScoringStrategy.Resources and NodeResourcesBalancedAllocationArgs.Resources defaults. */
export { DEFAULT_RESOURCES };

/**
 * The pod's request per resource for scoring. With `useRequested` false (LeastAllocated) containers
 * that name no cpu/memory count 100m / 200MB, so BestEffort pods still spread out.
 */
export function podRequestsForScoring(pod: Pod | PodInfo, resources: readonly ResourceSpec[], useRequested: boolean): number[] {
  const pi = 'key' in pod ? pod : newPodInfo(pod);
  return resources.map(({ name }) => {
    if (name === 'cpu') return useRequested ? pi.requests.milliCPU : pi.nonZeroCPU;
    if (name === 'memory') return useRequested ? pi.requests.memory : pi.nonZeroMemory;
    if (name === 'ephemeral-storage') return pi.requests.ephemeralStorage;
    return pi.requests.scalar[name] ?? 0;
  });
}

/** [allocatable, requested-including-this-pod] for one resource; [0, 0] skips the resource. */
export function allocatableAndRequested(nodeInfo: NodeInfo, resource: string, podRequest: number, useRequested: boolean): [number, number] {
  const requested = useRequested ? nodeInfo.requested : nodeInfo.nonZeroRequested;
  switch (resource) {
    case 'cpu':
      return [nodeInfo.allocatable.milliCPU, requested.milliCPU + podRequest];
    case 'memory':
      return [nodeInfo.allocatable.memory, requested.memory + podRequest];
    case 'ephemeral-storage':
      return [nodeInfo.allocatable.ephemeralStorage, nodeInfo.requested.ephemeralStorage + podRequest];
    default:
      // An extended resource the pod does not request does not count.
      if (podRequest === 0 || !(resource in nodeInfo.allocatable.scalar)) return [0, 0];
      return [nodeInfo.allocatable.scalar[resource], (nodeInfo.requested.scalar[resource] ?? 0) + podRequest];
  }
}

let scratchRequested: number[] = [];
let scratchAllocatable: number[] = [];

/** Collect the pairs and apply `scorer` (resources with zero allocatable are left out). */
export function resourceAllocationScore(
  nodeInfo: NodeInfo,
  resources: readonly ResourceSpec[],
  podRequests: readonly number[],
  useRequested: boolean,
  scorer: (requested: number[], allocatable: number[]) => number,
): number {
  // Scratch arrays reused across calls: scorers read them synchronously and keep nothing.
  const n = resources.length;
  if (scratchRequested.length !== n) {
    scratchRequested = new Array<number>(n);
    scratchAllocatable = new Array<number>(n);
  }
  const requested = scratchRequested.fill(0);
  const allocatable = scratchAllocatable.fill(0);
  for (let i = 0; i < n; i++) {
    const [alloc, req] = allocatableAndRequested(nodeInfo, resources[i].name, podRequests[i], useRequested);
    if (alloc === 0) continue;
    allocatable[i] = alloc;
    requested[i] = req;
  }
  return scorer(requested, allocatable);
}

/** (capacity - requested) * 100 / capacity in integers; 0 when over capacity. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/**
 * LeastAllocated: the weighted mean of each resource's free fraction.
 * Example: 2 CPUs with 500m requested after placing the pod, 4Gi with 1Gi requested:
 * cpu (2000-500)*100/2000 = 75, memory 75 -> (75*1 + 75*1) / 2 = 75.
 */
export function leastResourceScorer(resources: readonly ResourceSpec[]) {
  return (requested: number[], allocatable: number[]): number => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      nodeScore += leastRequestedScore(requested[i], allocatable[i]) * resources[i].weight;
      weightSum += resources[i].weight;
    }
    return weightSum === 0 ? 0 : Math.floor(nodeScore / weightSum);
  };
}

/**
 * BalancedAllocation: 100 * (1 - standard deviation of the requested fractions), so a node whose CPU
 * and memory fill evenly wins. Example: cpu 50% and memory 10% used -> std = |0.5-0.1|/2 = 0.2 -> 80.
 */
export function balancedResourceScorer(requested: number[], allocatable: number[]): number {
  const fractions: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const f = Math.min(1, requested[i] / allocatable[i]);
    total += f;
    fractions.push(f);
  }
  let std = 0;
  if (fractions.length === 2) {
    std = Math.abs((fractions[0] - fractions[1]) / 2);
  } else if (fractions.length > 2) {
    const mean = total / fractions.length;
    let sum = 0;
    for (const f of fractions) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** requested * 100 / capacity in integers (requested above capacity counts as full). */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  return Math.floor((Math.min(requested, capacity) * MAX_NODE_SCORE) / capacity);
}

/**
 * MostAllocated: the weighted mean of each resource's used fraction, so pods pack onto the fullest
 * nodes (bin packing). Example: cpu 500m of 2 after placing (25), memory 1Gi of 4Gi (25) -> 25.
 */
export function mostResourceScorer(resources: readonly ResourceSpec[]) {
  return (requested: number[], allocatable: number[]): number => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      nodeScore += mostRequestedScore(requested[i], allocatable[i]) * resources[i].weight;
      weightSum += resources[i].weight;
    }
    return weightSum === 0 ? 0 : Math.floor(nodeScore / weightSum);
  };
}

/** Upstream's MaxCustomPriorityScore: shape scores are 0..10, scaled to the scheduler's 0..100. */
const MAX_CUSTOM_PRIORITY_SCORE = 10;
const MAX_UTILIZATION = 100;

/**
 * A piecewise linear function through the shape's points (flat before the first and after the last),
 * in integer arithmetic as upstream's BuildBrokenLinearFunction.
 */
export function brokenLinearFunction(shape: ReadonlyArray<{ utilization: number; score: number }>): (p: number) => number {
  return (p: number) => {
    for (let i = 0; i < shape.length; i++) {
      if (p <= shape[i].utilization) {
        if (i === 0) return shape[0].score;
        const a = shape[i - 1];
        const b = shape[i];
        return a.score + Math.trunc(((b.score - a.score) * (p - a.utilization)) / (b.utilization - a.utilization));
      }
    }
    return shape[shape.length - 1].score;
  };
}

/**
 * RequestedToCapacityRatio: each resource's utilization (after placing the pod) mapped through the
 * configured shape, then the weighted mean of the resources that score above 0, rounded.
 * Example: shape {0: 10, 100: 0} behaves like LeastAllocated; {0: 0, 100: 10} like MostAllocated.
 */
export function requestedToCapacityRatioScorer(resources: readonly ResourceSpec[], shape: ReadonlyArray<{ utilization: number; score: number }>) {
  const f = brokenLinearFunction(shape.map((pt) => ({ utilization: pt.utilization, score: pt.score * (MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE) })));
  const resourceScore = (requested: number, capacity: number) =>
    capacity === 0 || requested > capacity ? f(MAX_UTILIZATION) : f(Math.trunc((requested * MAX_UTILIZATION) / capacity));
  return (requested: number[], allocatable: number[]): number => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const s = resourceScore(requested[i], allocatable[i]);
      if (s > 0) {
        nodeScore += s * resources[i].weight;
        weightSum += resources[i].weight;
      }
    }
    return weightSum === 0 ? 0 : Math.round(nodeScore / weightSum);
  };
}

/** The scorer NodeResourcesFit uses for a scoring strategy. */
export function strategyScorer(strategy: ScoringStrategy): (requested: number[], allocatable: number[]) => number {
  switch (strategy.type) {
    case 'MostAllocated':
      return mostResourceScorer(strategy.resources);
    case 'RequestedToCapacityRatio':
      return requestedToCapacityRatioScorer(strategy.resources, strategy.requestedToCapacityRatio?.shape ?? []);
    default:
      return leastResourceScorer(strategy.resources);
  }
}
