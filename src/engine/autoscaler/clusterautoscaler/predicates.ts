// Will a pod fit on a node (real or imagined)? The autoscaler asks the scheduler's own Filter plugins,
// as cluster-autoscaler's PredicateChecker runs the scheduler framework over its ClusterSnapshot.
// UPSTREAM: cluster-autoscaler/simulator/clustersnapshot/predicate (PredicateSnapshot.CheckPredicates)
// SIMPLIFICATION: a subset of the default Filter plugins: NodeUnschedulable, NodeName, TaintToleration,
// NodeAffinity, NodePorts and NodeResourcesFit. InterPodAffinity, PodTopologySpread and the volume
// plugins are not simulated: a pod they alone keep Pending may look as if it fits.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { CycleState } from '../../scheduler/framework/cycle-state';
import { newNodeInfo, type NodeInfo } from '../../scheduler/framework/node-info';
import { isSuccess, isSkip, reasonsOf, type Status } from '../../scheduler/framework/status';
import { nodeAffinity } from '../../scheduler/plugins/nodeaffinity/node-affinity';
import { nodeName } from '../../scheduler/plugins/nodename/node-name';
import { nodePorts } from '../../scheduler/plugins/nodeports/node-ports';
import { nodeResourcesFit } from '../../scheduler/plugins/noderesources/fit';
import { nodeUnschedulable } from '../../scheduler/plugins/nodeunschedulable/node-unschedulable';
import { taintToleration } from '../../scheduler/plugins/tainttoleration/taint-toleration';

interface FilterOnly {
  name: string;
  filter(state: CycleState, pod: Pod, ni: NodeInfo): Status;
}

/** The Filter plugins the simulation runs, in the default profile's order. */
const FILTERS: readonly FilterOnly[] = [nodeUnschedulable, nodeName, taintToleration, nodeAffinity, nodePorts, nodeResourcesFit] as unknown as FilterOnly[];

/** The reasons the pod does not fit on `ni` (empty: it fits), as the scheduler words them. */
export function checkPredicates(pod: Pod, ni: NodeInfo): string[] {
  const state = new CycleState();
  for (const f of FILTERS) {
    const s = f.filter(state, pod, ni);
    if (isSuccess(s) || isSkip(s)) continue;
    return [...reasonsOf(s)];
  }
  return [];
}

/** A NodeInfo for a node with the given pods counted on it. */
export function nodeInfoOf(node: Node, pods: readonly Pod[]): NodeInfo {
  return newNodeInfo(node, ...pods);
}

/** The pod as the scheduler would place it: not bound anywhere yet. */
export function unbound(pod: Pod): Pod {
  return { ...pod, spec: { ...pod.spec!, nodeName: undefined } };
}
