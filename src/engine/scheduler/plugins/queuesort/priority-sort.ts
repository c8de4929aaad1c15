// PrioritySort: the activeQ order. Higher spec.priority first; at equal priority, the pod that
// entered the queue earlier.
// UPSTREAM: pkg/scheduler/framework/plugins/queuesort/priority_sort.go

import type { Pod } from 'kubernetes-types/core/v1';
import { names } from '../names';

export const Name = names.PrioritySort;

export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

/** true when `a` should be scheduled before `b` */
export function less(a: { pod: Pod; timestamp: number }, b: { pod: Pod; timestamp: number }): boolean {
  const pa = podPriority(a.pod);
  const pb = podPriority(b.pod);
  return pa > pb || (pa === pb && a.timestamp < b.timestamp);
}
