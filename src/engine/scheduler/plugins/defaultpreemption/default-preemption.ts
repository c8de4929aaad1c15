// DefaultPreemption (PostFilter): when no node fits, look for a node where evicting lower-priority
// pods would make room, evict them and nominate that node; otherwise explain why preemption cannot help.
// UPSTREAM: pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go,
//           pkg/scheduler/framework/preemption/preemption.go (Evaluator.Preempt, findCandidates, DryRunPreemption)
// PodDisruptionBudgets are honoured as upstream does: best effort. Victims whose eviction would take
// a PDB below zero disruptionsAllowed are reprieved first, and the node chosen is the one with the
// fewest such violations; the victims are then deleted anyway (the scheduler does not use the
// eviction API).
// Lower-priority pods nominated to the chosen node lose their nomination (the preemptor takes the
// room they were promised); higher-or-equal ones keep it and count in the dry run (see
// Framework.runFilterPluginsWithNominatedPods).
// SIMPLIFICATION: every potential node is dry-run (no candidate sampling); no PreFilter
// AddPod/RemovePod extensions (removing a victim does not update InterPodAffinity/PodTopologySpread
// PreFilter counts, so preemption for an anti-affinity conflict is not found).

// Worked example (the message this builds): 4 nodes, the control plane tainted, 3 workers full of
// priority-0 pods, an incoming priority-0 pod. The tainted node failed UnschedulableAndUnresolvable:
// "Preemption is not helpful for scheduling". The workers failed Unschedulable (Insufficient cpu), so
// they are dry-run, but no pod there has a lower priority: "No preemption victims found for incoming pod".
//   preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.

import type { Pod } from 'kubernetes-types/core/v1';
import { pdbsForPod, type PodDisruptionBudgetObject } from '../../../api/poddisruptionbudget';
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
  /** clear status.nominatedNodeName of a pod whose nomination a more important preemptor took */
  clearNominatedNodeName(pod: Pod): void;
}

export interface Candidate {
  nodeName: string;
  /** ordered most important first */
  victims: Pod[];
  /** how many victims would violate a PodDisruptionBudget */
  numPDBViolations: number;
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
  if (ni?.pods.some((p) => podPriority(p.pod) < prio && podTerminatingByPreemption(p.pod))) {
    return 'not eligible due to a terminating pod on the nominated node.';
  }
  return undefined;
}

/** podTerminatingByPreemption: being deleted, with DisruptionTarget=True reason PreemptionByScheduler. */
function podTerminatingByPreemption(p: Pod): boolean {
  if (!p.metadata?.deletionTimestamp) return false;
  const c = p.status?.conditions?.find((x) => x.type === 'DisruptionTarget');
  return c?.status === 'True' && c.reason === 'PreemptionByScheduler';
}

/**
 * filterPodsWithPDBViolation: split `pods` (order kept) into those whose eviction would leave a
 * matching PDB with fewer than zero allowed disruptions, and the rest. Each budget is spent as pods
 * are taken in order, so with disruptionsAllowed 1 the first matching pod is fine and the second
 * violates. A pod already in the PDB's disruptedPods was counted by the API server: it spends nothing.
 * (The scheduler's rule: a PDB with an empty selector matches nothing.)
 */
export function filterPodsWithPDBViolation<T extends { pod: Pod }>(pods: readonly T[], pdbs: readonly PodDisruptionBudgetObject[]): { violating: T[]; nonViolating: T[] } {
  const allowed = new Map(pdbs.map((p) => [p, p.status?.disruptionsAllowed ?? 0]));
  const violating: T[] = [];
  const nonViolating: T[] = [];
  for (const item of pods) {
    let violated = false;
    // A pod with no labels matches no PDB.
    if (Object.keys(item.pod.metadata?.labels ?? {}).length > 0) {
      for (const pdb of pdbsForPod(pdbs, item.pod, true)) {
        if (pdb.status?.disruptedPods?.[item.pod.metadata?.name ?? ''] !== undefined) continue;
        const left = allowed.get(pdb)! - 1;
        allowed.set(pdb, left);
        if (left < 0) violated = true;
      }
    }
    (violated ? violating : nonViolating).push(item);
  }
  return { violating, nonViolating };
}

const byImportance = (a: Pod, b: Pod) => (moreImportantPod(a, b) ? -1 : moreImportantPod(b, a) ? 1 : 0);

/**
 * SelectVictimsOnNode: remove every lower-priority pod; if the pod then fits, add them back one by one
 * and keep each that still leaves room. PDB-violating pods are tried first (so they are spared when
 * possible), then the others, most important first within each group. What could not be added back
 * are the victims, most important first; `numPDBViolations` counts the violating ones among them.
 */
export function selectVictimsOnNode(
  handle: Handle, state: CycleState, pod: Pod, nodeInfo: NodeInfo, pdbs: readonly PodDisruptionBudgetObject[] = [],
): { victims: Pod[]; numPDBViolations: number; status: Status } {
  const prio = podPriority(pod);
  const potential: PodInfo[] = nodeInfo.pods.filter((p) => podPriority(p.pod) < prio);
  if (potential.length === 0) return { victims: [], numPDBViolations: 0, status: unresolvable(ReasonNoVictims) };
  for (const p of potential) nodeInfo.removePod(p.key);
  const s = handle.runFilterPlugins(state, pod, nodeInfo);
  if (!isSuccess(s)) return { victims: [], numPDBViolations: 0, status: s };
  potential.sort((a, b) => byImportance(a.pod, b.pod));
  const { violating, nonViolating } = filterPodsWithPDBViolation(potential, pdbs);
  const victims: Pod[] = [];
  const reprieve = (p: PodInfo): boolean => {
    nodeInfo.addPodInfo(p);
    if (isSuccess(handle.runFilterPlugins(state, pod, nodeInfo))) return true;
    nodeInfo.removePod(p.key);
    victims.push(p.pod);
    return false;
  };
  let numPDBViolations = 0;
  for (const p of violating) if (!reprieve(p)) numPDBViolations++;
  for (const p of nonViolating) reprieve(p);
  if (violating.length > 0 && nonViolating.length > 0) victims.sort(byImportance);
  if (victims.length === 0) return { victims, numPDBViolations, status: asError(`expected at least one victim pod on node "${nodeInfo.name}"`) };
  return { victims, numPDBViolations, status: SUCCESS };
}

/** Try every node that failed Unschedulable (resolvable); each either yields a candidate or a status. */
export function dryRunPreemption(handle: Handle, state: CycleState, pod: Pod, m: NodeToStatus): { candidates: Candidate[]; statuses: NodeToStatus } {
  const statuses = new NodeToStatus();
  const candidates: Candidate[] = [];
  const potential = m.nodesForStatusCode(handle.snapshotSharedLister().list(), 'Unschedulable');
  const pdbs = handle.objects().list('poddisruptionbudgets') as PodDisruptionBudgetObject[];
  for (const ni of potential) {
    const { victims, numPDBViolations, status } = selectVictimsOnNode(handle, state.clone(), pod, ni.clone(), pdbs);
    if (isSuccess(status)) candidates.push({ nodeName: ni.name, victims, numPDBViolations });
    else statuses.set(ni.name, status);
  }
  return { candidates, statuses };
}

/**
 * pickOneNodeForPreemption: fewest PDB violations, then the lowest highest-priority victim, the
 * smallest sum of priorities, the fewest victims, the latest start among the most important victims,
 * and finally the first candidate.
 */
export function pickOneNodeForPreemption(candidates: readonly Candidate[]): Candidate | undefined {
  let best = [...candidates];
  const keepMin = (f: (c: Candidate) => number) => {
    const min = Math.min(...best.map(f));
    best = best.filter((c) => f(c) === min);
  };
  keepMin((c) => c.numPDBViolations);
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
      // prepareCandidate: lower-priority pods nominated here would no longer fit; they try again elsewhere.
      const prio = podPriority(pod);
      for (const p of handle.nominatedPodsForNode(best.nodeName)) {
        if (podPriority(p) < prio && p.metadata?.uid !== pod.metadata?.uid) actions.clearNominatedNodeName(p);
      }
      return { status: SUCCESS, nominatedNodeName: best.nodeName, victims: best.victims };
    },
  } satisfies PostFilterPlugin;
}
