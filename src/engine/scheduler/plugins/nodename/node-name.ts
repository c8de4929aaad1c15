// NodeName: a pod that names a node (spec.nodeName) fits only that node.
// UPSTREAM: pkg/scheduler/framework/plugins/nodename/node_name.go
// (The scheduler never sees pods created with spec.nodeName: they are bound already. This filter
// matters for the kubelet's admission and for drag-and-drop checks.)

import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { CycleState } from '../../framework/cycle-state';
import type { QueueingHintFn } from '../../framework/events';
import type { EnqueueExtensions, FilterPlugin } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import { SUCCESS, unresolvable } from '../../framework/status';
import { names } from '../names';

export const Name = names.NodeName;
export const ErrReason = "node(s) didn't match the requested node name";

export function fitsNodeName(pod: Pod, node: Node | undefined): boolean {
  const want = pod.spec?.nodeName;
  return !want || want === node?.metadata?.name;
}

export const nodeName = {
  name: Name,

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo) {
    if (fitsNodeName(pod, nodeInfo.node)) return SUCCESS;
    return unresolvable(ErrReason, `the pod asks for node ${pod.spec?.nodeName}`);
  },

  eventsToRegister() {
    const hint: QueueingHintFn = (pod, _old, newObj) => (fitsNodeName(pod, newObj as Node) ? 'Queue' : 'QueueSkip');
    return [{ event: 'NodeAdd', hint }];
  },
} satisfies FilterPlugin & EnqueueExtensions;
