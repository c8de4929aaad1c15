// DefaultPreemption (PostFilter): when no node fits, look for a node where evicting lower-priority
// pods would make room, evict them and nominate that node; otherwise explain why preemption cannot help.
// UPSTREAM: pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go,
//           pkg/scheduler/framework/preemption/preemption.go (Evaluator.Preempt, findCandidates, DryRunPreemption)
// SIMPLIFICATION: no PodDisruptionBudgets (no victim ever violates one); every potential node is
// dry-run (no candidate sampling); nominated pods do not reserve room on their node for later cycles.

// Worked example (the message this builds): 4 nodes, the control plane tainted, 3 workers full of
// priority-0 pods, an incoming priority-0 pod. The tainted node failed UnschedulableAndUnresolvable:
// "Preemption is not helpful for scheduling". The workers failed Unschedulable (Insufficient cpu), so
// they are dry-run, but no pod there has a lower priority: "No preemption victims found for incoming pod".
//   preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.

import type { Pod } from 'kubernetes-types/core/v1';
import type { CycleState } from '../../framework/cycle-state';
import type { Handle, PostFilterPlugin, PostFilterResult } from '../../framework/interface';
import type { NodeInfo, PodInfo } from '../../framework/node-info';
import type { Status } from '../../framework/status';
import { asError, isSuccess, SUCCESS, unresolvable, unschedulable } from '../../framework/status';
import { fitErrorMessage, newDiagnosis, NodeToStatus } from '../../framework/types';
import { names } from '../names';
import { podPriority } from '../queuesort/priority-sort';

export const Name = names.DefaultPreemption;
export const ReasonNotHelpful = 'Preemption is not helpful for scheduling';
export const ReasonNoVictims = 'No preemption victims found for incoming pod';

/** How the plugin evicts a victim: DELETE the pod and record `Preempted` on it. */
export interface PreemptionActions {
  preemptPod(victim: Pod, preemptor: Pod, nodeName: string): boolean;
}

export interface Candidate {
  nodeName: string;
  /** ordered most important first */
  victims: Pod[];
}

/** MoreImportantPod: higher priority, then the one that started earlier. */
export function moreImportantPod(a: Pod, b: Pod): boolean {
  const pa = podPriority(a);
  const pb = podPriority(b);
  if (pa !== pb) return pa > pb;
  return startTime(a) < startTime(b);
}

function startTime(p: Pod): number {
  const t = p.status?.startTime ?? p.metadata?.creationTimestamp;
  return t ? Date.parse(t) : Number.MAX_SAFE_INTEGER;
}

/** Why the pod may not preempt at all, or undefined when it may. */
export function podEligibleToPreemptOthers(pod: Pod, handle: Handle, nominatedNodeStatus: Status | undefined): string | undefined {
  if (pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
  const nominated = pod.status?.nominatedNodeName;
  if (!nominated) return undefined;
  // The nominated node became impossible: preempting again elsewhere is fine.
  if (nominatedNodeStatus?.code === 'UnschedulableAndUnresolvable') return undefined;
  const ni = handle.snapshotSharedLister().get(nominated);
  const prio = podPriority(pod);
  if (ni?.pods.some((p) => podPriority(p.pod) < prio && p.pod.metadata?.deletionTimestamp)) {
    return 'not eligible due to a terminating pod on the nominated node.';
  }
  return undefined;
}

/**
 * SelectVictimsOnNode: remove every lower-priority pod; if the pod then fits, add them back one by one,
 * most important first, keeping each that still leaves room. What could not be added back are the victims.
 */
export function selectVictimsOnNode(handle: Handle, state: CycleState, pod: Pod, nodeInfo: NodeInfo): { victims: Pod[]; status: Status } {
  const prio = podPriority(pod);
  const potential: PodInfo[] = nodeInfo.pods.filter((p) => podPriority(p.pod) < prio);
  if (potential.length === 0) return { victims: [], status: unresolvable(ReasonNoVictims) };
  for (const p of potential) nodeInfo.removePod(p.key);
  const s = handle.runFilterPlugins(state, pod, nodeInfo);
  if (!isSuccess(s)) return { victims: [], status: s };
  potential.sort((a, b) => (moreImportantPod(a.pod, b.pod) ? -1 : moreImportantPod(b.pod, a.pod) ? 1 : 0));
  const victims: Pod[] = [];
  for (const p of potential) {
    nodeInfo.addPodInfo(p);
    if (!isSuccess(handle.runFilterPlugins(state, pod, nodeInfo))) {
      nodeInfo.removePod(p.key);
      victims.push(p.pod);
    }
  }
  if (victims.length === 0) return { victims, status: asError(`expected at least one victim pod on node "${nodeInfo.name}"`) };
  return { victims, status: SUCCESS };
}

/** Try every node that failed Unschedulable (resolvable); each either yields a candidate or a status. */
export function dryRunPreemption(handle: Handle, state: CycleState, pod: Pod, m: NodeToStatus): { candidates: Candidate[]; statuses: NodeToStatus } {
  const statuses = new NodeToStatus();
  const candidates: Candidate[] = [];
  const potential = m.nodesForStatusCode(handle.snapshotSharedLister().list(), 'Unschedulable');
  for (const ni of potential) {
    const { victims, status } = selectVictimsOnNode(handle, state.clone(), pod, ni.clone());
    if (isSuccess(status)) candidates.push({ nodeName: ni.name, victims });
    else statuses.set(ni.name, status);
  }
  return { candidates, statuses };
}

/**
 * pickOneNodeForPreemption: fewest PDB violations (always 0 here), then the lowest highest-priority
 * victim, the smallest sum of priorities, the fewest victims, the latest start among the most
 * important victims, and finally the first candidate.
 */
export function pickOneNodeForPreemption(candidates: readonly Candidate[]): Candidate | undefined {
  let best = [...candidates];
  const keepMin = (f: (c: Candidate) => number) => {
    const min = Math.min(...best.map(f));
    best = best.filter((c) => f(c) === min);
  };
  keepMin((c) => podPriority(c.victims[0]));
  keepMin((c) => c.victims.reduce((s, v) => s + podPriority(v) + 2 ** 31, 0));
  keepMin((c) => c.victims.length);
  keepMin((c) => {
    const top = podPriority(c.victims[0]);
    return -Math.min(...c.victims.filter((v) => podPriority(v) === top).map(startTime));
  });
  return best[0];
}

export function newDefaultPreemption(handle: Handle, actions: PreemptionActions) {
  return {
    name: Name,

    postFilter(state: CycleState, pod: Pod, m: NodeToStatus): PostFilterResult {
      const notEligible = podEligibleToPreemptOthers(pod, handle, pod.status?.nominatedNodeName ? m.get(pod.status.nominatedNodeName) : undefined);
      if (notEligible) return { status: unschedulable(`preemption: ${notEligible}`) };

      const all = handle.snapshotSharedLister().list();
      const { candidates, statuses } = dryRunPreemption(handle, state, pod, m);
      if (candidates.length === 0) {
        const d = newDiagnosis();
        statuses.absentNodesStatus = unresolvable(ReasonNotHelpful);
        d.nodeToStatus = statuses;
        return { status: unschedulable(`preemption: ${fitErrorMessage(all.length, d)}`), nominatedNodeName: '' };
      }
      const best = pickOneNodeForPreemption(candidates)!;
      for (const v of best.victims) {
        if (v.metadata?.deletionTimestamp) continue; // graceful deletion already under way
        if (!actions.preemptPod(v, pod, best.nodeName)) return { status: asError(`preemption: failed to preempt ${v.metadata?.namespace}/${v.metadata?.name}`) };
      }
      return { status: SUCCESS, nominatedNodeName: best.nodeName };
    },
  } satisfies PostFilterPlugin;
}
