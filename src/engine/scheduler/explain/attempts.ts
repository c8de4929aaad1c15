// Every scheduling attempt as a learner can read it: which nodes each filter rejected (and which it
// never reached), every score plugin's raw, normalized and weighted score, the winner, preemption.
// Not upstream as such: kube-scheduler shows this only in its logs at high verbosity (-v=10 prints
// per-plugin scores); the simulator keeps the last attempts for the scheduler panel.
// SIMPLIFICATION: the log is a diagnostic, not cluster state: snapshot()/restore() start it empty.

import type { Pod } from 'kubernetes-types/core/v1';
import type { Diagnosis } from '../framework/types';
import type { NodePluginScores } from '../framework/runtime/framework';
import { isRejected, pluginOf, reasonsOf, type Status } from '../framework/status';

export type AttemptResult = 'Scheduled' | 'Unschedulable' | 'Error';

/** What travels with every attempt: enough for a list row and the queue animation. */
export interface AttemptSummary {
  /** rises by one per attempt in this World */
  id: number;
  /** simulated ms */
  atMs: number;
  /** the scheduling queue's cycle counter when the pod was popped */
  cycle: number;
  pod: { namespace: string; name: string; uid: string; priority: number };
  schedulerName: string;
  /** this pod's attempts so far, this one included */
  attempt: number;
  result: AttemptResult;
  /** the node bound (Scheduled) */
  node?: string;
  /** the FailedScheduling text, or `Successfully assigned ns/name to node` */
  message: string;
  numAllNodes: number;
  /** nodes filtered this cycle (feasible ones plus rejected ones) */
  evaluatedNodes: number;
  feasibleNodes: number;
  /** status.nominatedNodeName set by preemption in this attempt */
  nominatedNode?: string;
}

/** One filter plugin's verdict on one node. */
export interface FilterVerdict {
  plugin: string;
  /** Success | Unschedulable | UnschedulableAndUnresolvable | Error | Skip | NotRun */
  code: string;
  reasons: string[];
}

export interface NodeScoreDetail {
  plugin: string;
  raw: number;
  normalized: number;
  weight: number;
  weighted: number;
}

export interface NodeAttemptDetail {
  node: string;
  /**
   * `feasible`: every filter passed; `rejected`: a filter (or PreFilter) failed; `not-evaluated`:
   * the cycle stopped looking once it had enough feasible nodes (percentageOfNodesToScore), or the
   * nominated node was tried first and fitted.
   */
  outcome: 'feasible' | 'rejected' | 'not-evaluated';
  /** each filter plugin in the order it runs; those after the first rejection are NotRun */
  filters: FilterVerdict[];
  scores?: NodeScoreDetail[];
  totalScore?: number;
  selected: boolean;
}

export interface PreemptionDetail {
  /** PostFilter's message when it could not help */
  message?: string;
  nominatedNode?: string;
  /** the chosen node's victims, most important first */
  victims: Array<{ namespace: string; name: string; priority: number }>;
}

export interface AttemptDetail extends AttemptSummary {
  filterPlugins: string[];
  /** every enabled score plugin; one whose PreScore returned Skip has no entry in a node's scores */
  scorePlugins: string[];
  /** a PreFilter that rejected the pod on every node, or narrowed the nodes */
  preFilter?: FilterVerdict;
  /** the nominated node was tried first, and fitted */
  nominatedFastPath: boolean;
  nodes: NodeAttemptDetail[];
  preemption?: PreemptionDetail;
}

/** What one cycle hands the log: references to what it computed anyway, rendered only on demand. */
export interface AttemptInput {
  pod: Pod;
  atMs: number;
  cycle: number;
  attempt: number;
  schedulerName: string;
  result: AttemptResult;
  node?: string;
  message: string;
  /** every node of the snapshot, in walking order (names are read only when rendering) */
  nodes: ReadonlyArray<{ readonly name: string }>;
  filterPlugins: readonly string[];
  scorePlugins: readonly string[];
  feasible: readonly string[];
  diagnosis?: Diagnosis;
  scores?: readonly NodePluginScores[];
  nominatedFastPath?: boolean;
  preemption?: { status?: Status; nominatedNode?: string; victims?: readonly Pod[] };
}

interface Entry {
  summary: AttemptSummary;
  input: AttemptInput;
}

export const DEFAULT_ATTEMPT_LOG_CAPACITY = 200;

/** A ring of the last attempts. Recording is O(1) beyond what the cycle already built. */
export class AttemptLog {
  private readonly entries: Entry[] = [];
  private nextId = 1;

  constructor(private readonly capacity = DEFAULT_ATTEMPT_LOG_CAPACITY) {}

  record(input: AttemptInput): AttemptSummary | undefined {
    if (this.capacity <= 0) return undefined;
    const rejected = input.diagnosis?.nodeToStatus.size ?? 0;
    const summary: AttemptSummary = {
      id: this.nextId++,
      atMs: input.atMs,
      cycle: input.cycle,
      pod: {
        namespace: input.pod.metadata?.namespace ?? 'default',
        name: input.pod.metadata?.name ?? '',
        uid: input.pod.metadata?.uid ?? '',
        priority: input.pod.spec?.priority ?? 0,
      },
      schedulerName: input.schedulerName,
      attempt: input.attempt,
      result: input.result,
      ...(input.node ? { node: input.node } : {}),
      message: input.message,
      numAllNodes: input.nodes.length,
      evaluatedNodes: input.diagnosis?.preFilterMsg ? 0 : input.feasible.length + rejected,
      feasibleNodes: input.feasible.length,
      ...(input.preemption?.nominatedNode ? { nominatedNode: input.preemption.nominatedNode } : {}),
    };
    this.entries.push({ summary, input });
    if (this.entries.length > this.capacity) this.entries.shift();
    return summary;
  }

  /** The id the next attempt will get. */
  get nextAttemptId(): number {
    return this.nextId;
  }

  /** Attempts with id > `afterId`, oldest first. */
  since(afterId: number): AttemptSummary[] {
    const out: AttemptSummary[] = [];
    for (const e of this.entries) if (e.summary.id > afterId) out.push(e.summary);
    return out;
  }

  detail(id: number): AttemptDetail | undefined {
    const e = this.entries.find((x) => x.summary.id === id);
    return e ? renderDetail(e.summary, e.input) : undefined;
  }
}

function verdict(plugin: string, s: Status): FilterVerdict {
  return { plugin, code: s.code, reasons: [...reasonsOf(s)] };
}

/** Filters run in order and stop at the first rejection: earlier ones passed, later ones never ran. */
function filtersForRejection(filterPlugins: readonly string[], s: Status): FilterVerdict[] {
  const failed = pluginOf(s);
  const i = failed ? filterPlugins.indexOf(failed) : -1;
  if (i < 0) {
    // Rejected before any Filter ran (a PreFilter): no filter plugin reached this node.
    return filterPlugins.map((p) => ({ plugin: p, code: 'NotRun', reasons: [] }));
  }
  return filterPlugins.map((p, j) =>
    j < i ? { plugin: p, code: 'Success', reasons: [] } : j === i ? verdict(p, s) : { plugin: p, code: 'NotRun', reasons: [] },
  );
}

export function renderDetail(summary: AttemptSummary, input: AttemptInput): AttemptDetail {
  const feasible = new Set(input.feasible);
  const d = input.diagnosis;
  const byNode = new Map(d ? [...d.nodeToStatus.entries()] : []);
  const scores = new Map((input.scores ?? []).map((s) => [s.name, s]));
  const preFilterRejected = !!d?.preFilterMsg;
  const absent = d?.nodeToStatus.absentNodesStatus;
  const narrowed = !preFilterRejected && absent && isRejected(absent) && reasonsOf(absent).length > 0;

  const nodes: NodeAttemptDetail[] = input.nodes.map(({ name: node }) => {
    const selected = node === input.node;
    if (feasible.has(node)) {
      const s = scores.get(node);
      return {
        node,
        outcome: 'feasible',
        filters: input.filterPlugins.map((p) => ({ plugin: p, code: 'Success', reasons: [] })),
        ...(s
          ? {
              scores: s.scores.map((x) => ({ plugin: x.plugin, raw: x.raw, normalized: x.normalized, weight: x.weight, weighted: x.score })),
              totalScore: s.totalScore,
            }
          : {}),
        selected,
      };
    }
    const st = byNode.get(node) ?? (preFilterRejected || narrowed ? absent : undefined);
    if (st) return { node, outcome: 'rejected', filters: filtersForRejection(input.filterPlugins, st), selected };
    return { node, outcome: 'not-evaluated', filters: input.filterPlugins.map((p) => ({ plugin: p, code: 'NotRun', reasons: [] })), selected };
  });

  const pre = preFilterRejected || narrowed ? absent : undefined;
  const p = input.preemption;
  return {
    ...summary,
    filterPlugins: [...input.filterPlugins],
    scorePlugins: [...input.scorePlugins],
    ...(pre ? { preFilter: verdict(pluginOf(pre) ?? [...(d?.unschedulablePlugins ?? [])].sort().join(', '), pre) } : {}),
    nominatedFastPath: !!input.nominatedFastPath,
    nodes,
    ...(p
      ? {
          preemption: {
            ...(p.status && isRejected(p.status) ? { message: reasonsOf(p.status).join(', ') } : {}),
            ...(p.nominatedNode ? { nominatedNode: p.nominatedNode } : {}),
            victims: (p.victims ?? []).map((v) => ({ namespace: v.metadata?.namespace ?? 'default', name: v.metadata?.name ?? '', priority: v.spec?.priority ?? 0 })),
          },
        }
      : {}),
  };
}
