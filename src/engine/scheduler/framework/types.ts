// Why a pod fits no node: each node's rejection, and the FailedScheduling message built from them.
// UPSTREAM: pkg/scheduler/framework/types.go (NodeToStatus, Diagnosis, FitError.Error)

import { compareStrings } from '../../api/meta';
import type { NodeInfo } from './node-info';
import type { Code, Status } from './status';
import { isRejected, pluginOf, reasonsOf, unresolvable } from './status';

/** Each evaluated node's rejection; nodes never evaluated report `absentNodesStatus`. */
export class NodeToStatus {
  private readonly byNode = new Map<string, Status>();
  /** e.g. every node when a PreFilter rejected the pod, or the nodes a PreFilterResult excluded */
  absentNodesStatus: Status = unresolvable([]);

  get(nodeName: string): Status {
    return this.byNode.get(nodeName) ?? this.absentNodesStatus;
  }

  set(nodeName: string, s: Status): void {
    this.byNode.set(nodeName, s);
  }

  /** how many nodes have an explicit status */
  get size(): number {
    return this.byNode.size;
  }

  entries(): IterableIterator<[string, Status]> {
    return this.byNode.entries();
  }

  /** The nodes whose status has `code`, absent nodes included when the absent status has it. */
  nodesForStatusCode(all: readonly NodeInfo[], code: Code): NodeInfo[] {
    return all.filter((ni) => this.get(ni.name).code === code);
  }
}

export interface Diagnosis {
  nodeToStatus: NodeToStatus;
  /** plugins that rejected the pod on some node (or in PreFilter): the queue retries it on their events */
  unschedulablePlugins: Set<string>;
  /** set when a PreFilter plugin rejected the pod: replaces the per-node histogram */
  preFilterMsg: string;
  /** PostFilter's (preemption's) message, appended after the histogram */
  postFilterMsg: string;
}

export function newDiagnosis(): Diagnosis {
  return { nodeToStatus: new NodeToStatus(), unschedulablePlugins: new Set(), preFilterMsg: '', postFilterMsg: '' };
}

/** Record a plugin's rejection for the queue's retry decisions (Diagnosis.AddPluginStatus). */
export function addPluginStatus(d: Diagnosis, s: Status): void {
  const plugin = pluginOf(s);
  if (plugin && isRejected(s)) d.unschedulablePlugins.add(plugin);
}

export const NO_NODE_AVAILABLE_MSG = (n: number): string => `0/${n} nodes are available`;

/**
 * FitError.Error(): `0/N nodes are available: <PreFilterMsg | histogram>. <PostFilterMsg>`.
 *
 * The histogram counts every reason of every node ("3 Insufficient cpu"), nodes without an explicit
 * status counting their absent status' reasons, and sorts the "<count> <reason>" strings as strings
 * (Go's sort.Strings: byte order, so "1 node(s)..." < "2 Insufficient..." and, at equal counts,
 * uppercase "Insufficient" < lowercase "node(s)"). Example with 4 nodes, the tainted control plane
 * and three full workers:
 *   0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Insufficient cpu. preemption: ...
 */
export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `${NO_NODE_AVAILABLE_MSG(numAllNodes)}:`;
  if (d.preFilterMsg !== '') {
    msg += ` ${d.preFilterMsg}.`;
  } else {
    const counts = new Map<string, number>();
    for (const [, s] of d.nodeToStatus.entries()) for (const r of reasonsOf(s)) counts.set(r, (counts.get(r) ?? 0) + 1);
    const absent = numAllNodes - d.nodeToStatus.size;
    if (absent > 0) for (const r of reasonsOf(d.nodeToStatus.absentNodesStatus)) counts.set(r, (counts.get(r) ?? 0) + absent);
    const histogram = [...counts].map(([r, n]) => `${n} ${r}`).sort(compareStrings);
    if (histogram.length) msg += ` ${histogram.join(', ')}.`;
  }
  if (d.postFilterMsg !== '') msg += ` ${d.postFilterMsg}`;
  return msg;
}
