// NodeResourcesFit: the pod's requests must fit in what the node's allocatable leaves after the
// requests of the pods already counted there (Filter); nodes score by the configured strategy
// (LeastAllocated by default: emptier nodes score higher; MostAllocated packs; RequestedToCapacityRatio).
// UPSTREAM: pkg/scheduler/framework/plugins/noderesources/fit.go
// SIMPLIFICATION: no ignoredResources/ignoredResourceGroups, no DRA-backed extended resources.

// Worked example: a node with 2000m allocatable and 1800m requested by its pods, and a pod requesting
// 500m: 500 > 2000 - 1800 -> "Insufficient cpu" (Unschedulable: evicting pods could make room). A pod
// requesting 4000m: 4000 > 2000 even on an empty node -> the same reason, but UnschedulableAndUnresolvable.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { formatBytes, formatCpuMillis } from '../../../api/quantity';
import type { CycleState } from '../../framework/cycle-state';
import type { QueueingHintFn } from '../../framework/events';
import type { EnqueueExtensions, FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interface';
import type { NodeInfo, Resource } from '../../framework/node-info';
import { newNodeInfo, newPodInfo } from '../../framework/node-info';
import type { Status } from '../../framework/status';
import { SUCCESS, unresolvable, unschedulable } from '../../framework/status';
import { names } from '../names';
import type { NodeResourcesFitArgs } from '../../apis/config/config';
import { DEFAULT_RESOURCES, podRequestsForScoring, resourceAllocationScore, strategyScorer } from './resource-allocation';

export const Name = names.NodeResourcesFit;
export const ErrReasonTooManyPods = 'Too many pods';

const preFilterStateKey = `PreFilter${Name}`;
const preScoreStateKey = `PreScore${Name}`;

/** One resource the node lacks for the pod; cpu in millicores, memory and storage in bytes. */
export interface InsufficientResource {
  resourceName: string;
  /** "Insufficient cpu", "Too many pods": the reason string in FailedScheduling */
  reason: string;
  requested: number;
  used: number;
  capacity: number;
  /** the pod does not fit even on an empty node: preemption cannot help */
  unresolvable: boolean;
}

/**
 * The pod's effective request: the sum over app containers (plus sidecars) or the largest init
 * container, whichever is larger per resource, plus overhead. Example: init containers of 2 CPU and
 * 2 CPU, app containers of 2 CPU and 1 CPU -> max(2, 3) = 3 CPU.
 */
export function computePodResourceRequest(pod: Pod): Resource {
  return newPodInfo(pod).requests;
}

/** Every resource the node lacks for `podRequest`, in the order pods, cpu, memory, ephemeral-storage, extended. */
export function fitsRequest(podRequest: Resource, nodeInfo: NodeInfo): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  // The common case, checked without building anything: room for the pod and every request.
  if (fitsQuickly(podRequest, nodeInfo)) return out;
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  const allowedPods = alloc.allowedPodNumber;
  if (nodeInfo.pods.length + 1 > allowedPods) {
    out.push({ resourceName: 'pods', reason: ErrReasonTooManyPods, requested: 1, used: nodeInfo.pods.length, capacity: allowedPods, unresolvable: false });
  }
  const scalarNames = Object.keys(podRequest.scalar).filter((k) => podRequest.scalar[k] !== 0).sort();
  if (podRequest.milliCPU === 0 && podRequest.memory === 0 && podRequest.ephemeralStorage === 0 && scalarNames.length === 0) return out;
  checkResource(out, 'cpu', podRequest.milliCPU, used.milliCPU, alloc.milliCPU);
  checkResource(out, 'memory', podRequest.memory, used.memory, alloc.memory);
  checkResource(out, 'ephemeral-storage', podRequest.ephemeralStorage, used.ephemeralStorage, alloc.ephemeralStorage);
  for (const name of scalarNames) checkResource(out, name, podRequest.scalar[name], used.scalar[name] ?? 0, alloc.scalar[name] ?? 0);
  return out;
}

function fitsQuickly(req: Resource, nodeInfo: NodeInfo): boolean {
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  if (nodeInfo.pods.length + 1 > alloc.allowedPodNumber) return false;
  if (req.milliCPU > alloc.milliCPU - used.milliCPU) return false;
  if (req.memory > alloc.memory - used.memory) return false;
  if (req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) return false;
  for (const k in req.scalar) if (req.scalar[k] > (alloc.scalar[k] ?? 0) - (used.scalar[k] ?? 0)) return false;
  return true;
}

function checkResource(out: InsufficientResource[], resourceName: string, want: number, inUse: number, capacity: number): void {
  if (want > 0 && want > capacity - inUse) {
    out.push({ resourceName, reason: `Insufficient ${resourceName}`, requested: want, used: inUse, capacity, unresolvable: want > capacity });
  }
}

/** Fits(pod, nodeInfo): fitsRequest with the pod's own request. */
export function fits(pod: Pod, nodeInfo: NodeInfo): InsufficientResource[] {
  return fitsRequest(computePodResourceRequest(pod), nodeInfo);
}

/** The kubelet's admission message (pkg/kubelet/lifecycle/predicate.go InsufficientResourceError). */
export function insufficientResourceError(r: InsufficientResource): string {
  return `Node didn't have enough resource: ${r.resourceName}, requested: ${r.requested}, used: ${r.used}, capacity: ${r.capacity}`;
}

function formatAmount(resourceName: string, n: number): string {
  if (resourceName === 'cpu') return formatCpuMillis(n);
  if (resourceName === 'memory' || resourceName === 'ephemeral-storage') return formatBytes(n);
  return String(n);
}

export function describeInsufficient(r: InsufficientResource): string {
  const f = (n: number) => formatAmount(r.resourceName, n);
  return `${r.resourceName}: requested ${f(r.requested)}, used ${f(r.used)} of ${f(r.capacity)}`;
}

function statusFor(insufficient: InsufficientResource[]): Status {
  if (insufficient.length === 0) return SUCCESS;
  const reasons = insufficient.map((r) => r.reason);
  const detail = insufficient.map(describeInsufficient).join('; ');
  return insufficient.some((r) => r.unresolvable) ? unresolvable(reasons, detail) : unschedulable(reasons, detail);
}

/** The pod would fit this node if it were empty (isFit, used by the queueing hints). */
function fitsEmptyNode(pod: Pod, node: Node): boolean {
  return fits(pod, newNodeInfo(node)).length === 0;
}

export const DEFAULT_FIT_ARGS: NodeResourcesFitArgs = { scoringStrategy: { type: 'LeastAllocated', resources: [...DEFAULT_RESOURCES] } };

export function newNodeResourcesFit(args: NodeResourcesFitArgs = DEFAULT_FIT_ARGS) {
  const resources = args.scoringStrategy.resources;
  const scorer = strategyScorer(args.scoringStrategy);
  return {
    name: Name,

    preFilter(state: CycleState, pod: Pod) {
      state.write(preFilterStateKey, computePodResourceRequest(pod));
      return SUCCESS;
    },

    filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo) {
      const req = state.read<Resource>(preFilterStateKey) ?? computePodResourceRequest(pod);
      return statusFor(fitsRequest(req, nodeInfo));
    },

    preScore(state: CycleState, pod: Pod) {
      state.write(preScoreStateKey, podRequestsForScoring(pod, resources, false));
      return SUCCESS;
    },

    score(state: CycleState, pod: Pod, nodeInfo: NodeInfo) {
      const podReqs = state.read<number[]>(preScoreStateKey) ?? podRequestsForScoring(pod, resources, false);
      return resourceAllocationScore(nodeInfo, resources, podReqs, false, scorer);
    },

    eventsToRegister() {
      const nodeHint: QueueingHintFn = (pod, oldObj, newObj) => {
        const modified = newObj as Node;
        if (!fitsEmptyNode(pod, modified)) return 'QueueSkip';
        if (oldObj === undefined) return 'Queue';
        // An update helps only if allocatable grew for something the pod requests (or the pod limit grew).
        const before = newNodeInfo(oldObj as Node).allocatable;
        const after = newNodeInfo(modified).allocatable;
        const req = computePodResourceRequest(pod);
        const grew = after.allowedPodNumber > before.allowedPodNumber ||
          (req.milliCPU > 0 && after.milliCPU > before.milliCPU) ||
          (req.memory > 0 && after.memory > before.memory) ||
          (req.ephemeralStorage > 0 && after.ephemeralStorage > before.ephemeralStorage) ||
          Object.keys(req.scalar).some((k) => req.scalar[k] > 0 && (after.scalar[k] ?? 0) > (before.scalar[k] ?? 0));
        return grew ? 'Queue' : 'QueueSkip';
      };
      return [
        // Any scheduled pod's deletion may free resources.
        { event: 'AssignedPodDelete' },
        { event: 'NodeAdd', hint: nodeHint },
        { event: 'NodeAllocatableChange', hint: nodeHint },
        { event: 'UnscheduledPodUpdate' },
      ];
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions;
}

/** NodeResourcesFit with the default args (LeastAllocated over cpu and memory). */
export const nodeResourcesFit = newNodeResourcesFit();
