// The scoring half of the noderesources plugins: per-resource (requested, allocatable) pairs and the
// strategies that turn them into a 0..100 score.
// UPSTREAM: pkg/scheduler/framework/plugins/noderesources/{resource_allocation.go,least_allocated.go,balanced_allocation.go}
// SIMPLIFICATION: only the LeastAllocated strategy (the default); no MostAllocated/RequestedToCapacityRatio.

import type { Pod } from 'kubernetes-types/core/v1';
import { MAX_NODE_SCORE } from '../../framework/interface';
import type { NodeInfo, PodInfo } from '../../framework/node-info';
import { newPodInfo } from '../../framework/node-info';

export interface ResourceSpec {
  name: string;
  weight: number;
}

/** NodeResourcesFitArgs.ScoringStrategy.Resources and NodeResourcesBalancedAllocationArgs.Resources defaults. */
export const DEFAULT_RESOURCES: readonly ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

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

/** Collect the pairs and apply `scorer` (resources with zero allocatable are left out). */
export function resourceAllocationScore(
  nodeInfo: NodeInfo,
  resources: readonly ResourceSpec[],
  podRequests: readonly number[],
  useRequested: boolean,
  scorer: (requested: number[], allocatable: number[]) => number,
): number {
  const requested = resources.map(() => 0);
  const allocatable = resources.map(() => 0);
  resources.forEach((r, i) => {
    const [alloc, req] = allocatableAndRequested(nodeInfo, r.name, podRequests[i], useRequested);
    if (alloc === 0) return;
    allocatable[i] = alloc;
    requested[i] = req;
  });
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
