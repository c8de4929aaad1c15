// What the Scheduler panel draws, as pure functions of the protocol's data: the queue's three lanes
// (with the attempts still being replayed put back in activeQ), the attempt list, and from one
// AttemptDetail the filter grid (nodes x filter plugins) and the score table (feasible nodes x
// score plugins). UPSTREAM: pkg/scheduler/schedule_one.go (findNodesThatFitPod, prioritizeNodes,
// selectHost), pkg/scheduler/backend/queue/scheduling_queue.go (activeQ, backoffQ, unschedulablePods).

import type { AttemptDetail, AttemptSummary, QueuedPod, SchedulingQueueView } from '../../worker/protocol';
import { formatSimTime, schedulingReason } from '../canvas/format';

export type QueueName = QueuedPod['queue'];
export const QUEUES: readonly QueueName[] = ['activeQ', 'backoffQ', 'unschedulablePods'];

export interface LaneChip {
  podKey: string;
  name: string;
  attempts: number;
  unschedulablePlugins: readonly string[];
  /** shown here because its attempt has not been replayed yet (it was in activeQ then) */
  replay: boolean;
}

export type Lanes = Record<QueueName, LaneChip[]>;

export function podKeyOf(a: AttemptSummary): string {
  return `${a.pod.namespace}/${a.pod.name}`;
}

function nameOf(podKey: string): string {
  return podKey.slice(podKey.indexOf('/') + 1);
}

/**
 * The lanes as the replay should show them: the live queue, except that pods whose attempts are
 * still waiting to be replayed sit in activeQ (where they were when popped), and the pod on stage
 * is in the scheduling path, not in a lane, until its result shows.
 */
export function queueLanes(queue: SchedulingQueueView, replay: { waiting: readonly AttemptSummary[]; onStage?: AttemptSummary }): Lanes {
  const lanes: Lanes = { activeQ: [], backoffQ: [], unschedulablePods: [] };
  const held = new Set<string>();
  if (replay.onStage) held.add(podKeyOf(replay.onStage));
  for (const a of replay.waiting) {
    const key = podKeyOf(a);
    if (held.has(key)) continue;
    held.add(key);
    lanes.activeQ.push({ podKey: key, name: a.pod.name, attempts: a.attempt - 1, unschedulablePlugins: [], replay: true });
  }
  for (const p of queue.pods) {
    if (held.has(p.podKey)) continue;
    lanes[p.queue].push({ podKey: p.podKey, name: nameOf(p.podKey), attempts: p.attempts, unschedulablePlugins: p.unschedulablePlugins, replay: false });
  }
  return lanes;
}

/** Where an unschedulable pod went: the live queue says, else unschedulablePods. */
export function destinationQueue(queue: SchedulingQueueView, a: AttemptSummary): QueueName {
  const live = queue.pods.find((p) => p.podKey === podKeyOf(a));
  return live && live.queue !== 'activeQ' ? live.queue : 'unschedulablePods';
}

// ---------------------------------------------------------------------------------------------
// The attempt list.

export interface AttemptRow {
  id: number;
  time: string;
  pod: string;
  namespace: string;
  result: AttemptSummary['result'];
  /** the node bound, or the short reason it was not */
  outcome: string;
  attempt: number;
}

/** Newest first. */
export function attemptRows(attempts: readonly AttemptSummary[]): AttemptRow[] {
  const rows: AttemptRow[] = [];
  for (let i = attempts.length - 1; i >= 0; i--) {
    const a = attempts[i];
    rows.push({
      id: a.id,
      time: formatSimTime(a.atMs),
      pod: a.pod.name,
      namespace: a.pod.namespace,
      result: a.result,
      outcome: a.result === 'Scheduled' ? (a.node ?? '') : shortReason(a),
      attempt: a.attempt,
    });
  }
  return rows;
}

/** "3 Insufficient cpu, 1 node(s) had untolerated taint(s)" from the FailedScheduling message. */
export function shortReason(a: AttemptSummary): string {
  return a.result === 'Unschedulable' ? schedulingReason(a.message) : a.message;
}

// ---------------------------------------------------------------------------------------------
// The filter grid.

export type CellMark = 'pass' | 'fail' | 'notRun' | 'skip' | 'error';

export interface FilterCell {
  plugin: string;
  mark: CellMark;
  code: string;
  reasons: readonly string[];
}

export interface FilterRow {
  node: string;
  outcome: 'feasible' | 'rejected' | 'not-evaluated';
  selected: boolean;
  cells: FilterCell[];
  /** the rejecting plugin, and its reasons joined */
  rejectedBy?: { plugin: string; reason: string };
}

export interface FilterGrid {
  plugins: readonly string[];
  rows: FilterRow[];
  feasible: number;
  rejected: number;
  notEvaluated: number;
}

function markOf(code: string): CellMark {
  switch (code) {
    case 'Success':
      return 'pass';
    case 'NotRun':
      return 'notRun';
    case 'Skip':
      return 'skip';
    case 'Error':
      return 'error';
    default:
      return 'fail'; // Unschedulable, UnschedulableAndUnresolvable
  }
}

export function filterGrid(d: AttemptDetail): FilterGrid {
  const rows = d.nodes.map((n): FilterRow => {
    const byPlugin = new Map(n.filters.map((f) => [f.plugin, f]));
    const cells = d.filterPlugins.map((plugin): FilterCell => {
      const f = byPlugin.get(plugin);
      const code = f?.code ?? 'NotRun';
      return { plugin, mark: markOf(code), code, reasons: f?.reasons ?? [] };
    });
    const failing = cells.find((c) => c.mark === 'fail' || c.mark === 'error');
    return {
      node: n.node,
      outcome: n.outcome,
      selected: n.selected,
      cells,
      ...(failing ? { rejectedBy: { plugin: failing.plugin, reason: failing.reasons.join('; ') || failing.code } } : {}),
    };
  });
  const count = (o: FilterRow['outcome']) => rows.filter((r) => r.outcome === o).length;
  return { plugins: d.filterPlugins, rows, feasible: count('feasible'), rejected: count('rejected'), notEvaluated: count('not-evaluated') };
}

// ---------------------------------------------------------------------------------------------
// The score table.

export interface ScoreCell {
  raw: number;
  normalized: number;
  weight: number;
  weighted: number;
}

export interface ScoreRow {
  node: string;
  /** per score plugin in `plugins` order; undefined where the plugin skipped this pod (PreScore Skip) */
  cells: Array<ScoreCell | undefined>;
  total: number;
  selected: boolean;
  /** has the highest total */
  best: boolean;
}

export interface ScoreTable {
  plugins: readonly string[];
  /** feasible nodes, highest total first (ties in node order) */
  rows: ScoreRow[];
  /** nodes sharing the highest total, when more than one: selectHost picked among them at random */
  tie: string[];
  /** the node chosen */
  selected?: string;
  /** only one node passed the filters: kube-scheduler does not score */
  single?: string;
}

/**
 * Feasible nodes with their per-plugin scores. Worked example (weights 3 and 1): TaintToleration
 * raw 0 normalizes to 100 (no intolerable PreferNoSchedule taints), x3 = 300; NodeResourcesFit raw
 * 96 stays 96, x1 = 96; total 396. The node with the highest total wins.
 */
export function scoreTable(d: AttemptDetail): ScoreTable {
  const feasible = d.nodes.filter((n) => n.outcome === 'feasible');
  const selected = d.nodes.find((n) => n.selected)?.node;
  if (feasible.length === 1 && !feasible[0].scores) {
    return { plugins: d.scorePlugins, rows: [], tie: [], single: feasible[0].node, ...(selected ? { selected } : {}) };
  }
  const scored = feasible.filter((n) => n.scores);
  const max = scored.length ? Math.max(...scored.map((n) => n.totalScore ?? 0)) : 0;
  const rows = scored
    .map((n, i): ScoreRow & { i: number } => {
      const byPlugin = new Map((n.scores ?? []).map((s) => [s.plugin, s]));
      return {
        i,
        node: n.node,
        cells: d.scorePlugins.map((p) => {
          const s = byPlugin.get(p);
          return s ? { raw: s.raw, normalized: s.normalized, weight: s.weight, weighted: s.weighted } : undefined;
        }),
        total: n.totalScore ?? 0,
        selected: n.selected,
        best: (n.totalScore ?? 0) === max,
      };
    })
    .sort((a, b) => b.total - a.total || a.i - b.i)
    .map(({ i: _i, ...row }) => row);
  const tie = rows.filter((r) => r.best).map((r) => r.node);
  return { plugins: d.scorePlugins, rows, tie: tie.length > 1 ? tie : [], ...(selected ? { selected } : {}) };
}

/** The FailedScheduling message split at its preemption part, as `kubectl describe pod` shows it. */
export function splitFailedScheduling(message: string): { filters: string; preemption?: string } {
  const cut = message.indexOf(' preemption:');
  if (cut < 0) return { filters: message };
  return { filters: message.slice(0, cut).trim(), preemption: message.slice(cut + 1).trim() };
}

/** "NodeResourcesFit" -> ["Node", "Resources", "Fit"], so a narrow column header can wrap. */
export function pluginWords(plugin: string): string[] {
  return plugin.match(/[A-Z][a-z]*|[a-z]+|\d+/g) ?? [plugin];
}
