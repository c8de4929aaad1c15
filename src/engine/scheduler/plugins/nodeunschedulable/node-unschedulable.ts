// NodeUnschedulable: a cordoned node (spec.unschedulable, `kubectl cordon`) takes no new pods unless
// the pod tolerates the node.kubernetes.io/unschedulable:NoSchedule taint (DaemonSet pods do).
// UPSTREAM: pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go

import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { CycleState } from '../../framework/cycle-state';
import type { QueueingHintFn } from '../../framework/events';
import type { EnqueueExtensions, FilterPlugin } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import { SUCCESS, unresolvable } from '../../framework/status';
import { names } from '../names';
import { tolerationsTolerateTaint } from '../tainttoleration/taint-toleration';

export const Name = names.NodeUnschedulable;
export const ErrReasonUnschedulable = 'node(s) were unschedulable';
export const TaintNodeUnschedulable = 'node.kubernetes.io/unschedulable';

function fits(pod: Pod, node: Node | undefined): boolean {
  if (!node?.spec?.unschedulable) return true;
  return tolerationsTolerateTaint(pod.spec?.tolerations, { key: TaintNodeUnschedulable, effect: 'NoSchedule' });
}

export const nodeUnschedulable = {
  name: Name,

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo) {
    if (fits(pod, nodeInfo.node)) return SUCCESS;
    return unresolvable(ErrReasonUnschedulable, 'node is cordoned (spec.unschedulable=true)');
  },

  eventsToRegister() {
    const hint: QueueingHintFn = (pod, oldObj, newObj) => {
      const was = oldObj !== undefined && fits(pod, oldObj as Node);
      return !was && fits(pod, newObj as Node) ? 'Queue' : 'QueueSkip';
    };
    return [
      { event: 'NodeAdd', hint },
      { event: 'NodeTaintChange', hint },
      { event: 'UnscheduledPodUpdate' },
    ];
  },
} satisfies FilterPlugin & EnqueueExtensions;
