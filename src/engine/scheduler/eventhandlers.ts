// How informer events reach the scheduler: bound pods update the cache, unbound pods of this
// scheduler go to the queue, and node or pod changes move parked pods back to be retried.
// UPSTREAM: pkg/scheduler/eventhandlers.go (addAllEventHandlers)

// The scheduler's pod informer upstream lists with the field selector
// `status.phase!=Succeeded,status.phase!=Failed`, so a pod that finishes (or that the kubelet
// rejects) disappears from its view like a deletion; the shared informer here has no field
// selectors, so `isVisible` applies the same filter.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { Cache } from './cache/cache';
import { nodeSchedulingPropertiesChange } from './framework/events';
import type { PriorityQueue } from './queue/scheduling-queue';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

export function assignedPod(pod: Pod): boolean {
  return !!pod.spec?.nodeName;
}

export function isVisible(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

export function responsibleForPod(pod: Pod, schedulerName = DEFAULT_SCHEDULER_NAME): boolean {
  return (pod.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME) === schedulerName;
}

/** In the cache's view: bound and not finished. */
function inCache(pod: Pod): boolean {
  return assignedPod(pod) && isVisible(pod);
}

export interface HandlerTarget {
  cache: Cache;
  queue: PriorityQueue;
  /** whether one of this scheduler's profiles serves the pod's schedulerName (default: default-scheduler) */
  responsible?: (pod: Pod) => boolean;
}

/** In the queue's view: not bound, ours, not finished. */
function inQueue(t: HandlerTarget, pod: Pod): boolean {
  return !assignedPod(pod) && (t.responsible ?? responsibleForPod)(pod) && isVisible(pod);
}

export function addNode(t: HandlerTarget, node: Node): void {
  t.cache.addNode(node);
  t.queue.moveAllToActiveOrBackoffQueue('NodeAdd', undefined, node);
}

export function updateNode(t: HandlerTarget, oldNode: Node, newNode: Node): void {
  t.cache.updateNode(oldNode, newNode);
  for (const event of nodeSchedulingPropertiesChange(newNode, oldNode)) t.queue.moveAllToActiveOrBackoffQueue(event, oldNode, newNode);
}

export function deleteNode(t: HandlerTarget, node: Node): void {
  t.cache.removeNode(node);
}

export function addPod(t: HandlerTarget, pod: Pod): void {
  if (inCache(pod)) {
    t.cache.addPod(pod);
    t.queue.moveAllToActiveOrBackoffQueue('AssignedPodAdd', undefined, pod);
  } else if (inQueue(t, pod) && !t.cache.isAssumedPod(pod)) {
    t.queue.add(pod);
  }
}

/**
 * Like a FilteringResourceEventHandler: a pod entering a view is an add, leaving it a delete, staying
 * in it an update. Binding moves a pod from the queue's view to the cache's.
 */
export function updatePod(t: HandlerTarget, oldPod: Pod, newPod: Pod): void {
  const wasCached = inCache(oldPod);
  const isCached = inCache(newPod);
  if (wasCached && isCached) {
    t.cache.updatePod(oldPod, newPod);
    t.queue.moveAllToActiveOrBackoffQueue('AssignedPodUpdate', oldPod, newPod);
  } else if (!wasCached && isCached) {
    t.cache.addPod(newPod);
    t.queue.moveAllToActiveOrBackoffQueue('AssignedPodAdd', undefined, newPod);
  } else if (wasCached && !isCached) {
    t.cache.removePod(oldPod);
    t.queue.moveAllToActiveOrBackoffQueue('AssignedPodDelete', oldPod, undefined);
  }

  const wasQueued = inQueue(t, oldPod);
  const isQueued = inQueue(t, newPod);
  if (isQueued) {
    // An identical object (a resync) or an update of a pod this scheduler just bound changes nothing.
    if (oldPod.metadata?.resourceVersion === newPod.metadata?.resourceVersion && wasQueued) return;
    if (t.cache.isAssumedPod(newPod)) return;
    if (wasQueued) t.queue.update(oldPod, newPod);
    else t.queue.add(newPod);
  } else if (wasQueued) {
    t.queue.delete(newPod);
  }
}

export function deletePod(t: HandlerTarget, pod: Pod): void {
  if (inCache(pod)) {
    t.cache.removePod(pod);
    t.queue.moveAllToActiveOrBackoffQueue('AssignedPodDelete', pod, undefined);
  } else if (inQueue(t, pod)) {
    t.queue.delete(pod);
    // An assumed pod deleted before the informer saw its binding: the room it took is free again.
    if (t.cache.isAssumedPod(pod)) {
      t.cache.removePod(pod);
      t.queue.moveAllToActiveOrBackoffQueue('AssignedPodDelete', pod, undefined);
    }
  }
}
