// Cluster events that may make an unschedulable pod schedulable, and the hints plugins give on them.
// UPSTREAM: pkg/scheduler/framework/events.go, staging/src/k8s.io/kube-scheduler/framework/types.go
// (ClusterEvent, ActionType, QueueingHint)
// SIMPLIFICATION: events are named by upstream's labels instead of (resource, action-type bit masks);
// a node's spec.unschedulable change is reported as NodeTaintChange, as its action type is UpdateNodeTaint.

import type { Node, Pod } from 'kubernetes-types/core/v1';

export type ClusterEventLabel =
  | 'NodeAdd'
  | 'NodeDelete'
  | 'NodeAllocatableChange'
  | 'NodeLabelChange'
  | 'NodeTaintChange'
  | 'NodeConditionChange'
  | 'NodeAnnotationChange'
  | 'AssignedPodAdd'
  | 'AssignedPodUpdate'
  | 'AssignedPodDelete'
  /** the unschedulable pod's own spec or labels changed */
  | 'UnscheduledPodUpdate'
  /** the pod sat in unschedulablePods for podMaxInUnschedulablePodsDuration (wildcard) */
  | 'UnschedulableTimeout'
  // storage objects (VolumeBinding, VolumeRestrictions, NodeVolumeLimits, VolumeZone register them)
  | 'PersistentVolumeClaimAdd'
  | 'PersistentVolumeClaimUpdate'
  | 'PersistentVolumeAdd'
  | 'PersistentVolumeUpdate'
  | 'StorageClassAdd'
  | 'StorageClassUpdate'
  | 'CSINodeAdd'
  | 'CSINodeUpdate';

/** Events every registration matches (upstream's WildCard resource). */
export const WILDCARD_EVENTS: ReadonlySet<ClusterEventLabel> = new Set(['UnschedulableTimeout']);

/** Queue: the event may make the pod schedulable, retry it. QueueSkip: it cannot, leave the pod be. */
export type QueueingHint = 'Queue' | 'QueueSkip';

/**
 * Decide whether `event` can make `pod` (rejected by the registering plugin) schedulable.
 * `oldObj` is undefined for additions, `newObj` undefined for deletions.
 */
export type QueueingHintFn = (pod: Pod, oldObj: unknown, newObj: unknown) => QueueingHint;

export interface ClusterEventWithHint {
  event: ClusterEventLabel;
  /** no hint = always Queue */
  hint?: QueueingHintFn;
}

/** The changes of a node update that scheduling cares about (heartbeats and images are not among them). */
export function nodeSchedulingPropertiesChange(newNode: Node, oldNode: Node): ClusterEventLabel[] {
  const events: ClusterEventLabel[] = [];
  if (!!newNode.spec?.unschedulable !== !!oldNode.spec?.unschedulable) events.push('NodeTaintChange');
  if (!sameJson(newNode.status?.allocatable, oldNode.status?.allocatable)) events.push('NodeAllocatableChange');
  if (!sameJson(newNode.metadata?.labels, oldNode.metadata?.labels)) events.push('NodeLabelChange');
  if (!sameJson(newNode.spec?.taints, oldNode.spec?.taints) && !events.includes('NodeTaintChange')) events.push('NodeTaintChange');
  if (!sameJson(conditionStatuses(newNode), conditionStatuses(oldNode))) events.push('NodeConditionChange');
  if (!sameJson(newNode.metadata?.annotations, oldNode.metadata?.annotations)) events.push('NodeAnnotationChange');
  return events;
}

/** type -> status, ignoring heartbeat and transition times */
function conditionStatuses(node: Node): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of node.status?.conditions ?? []) out[c.type] = c.status;
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
