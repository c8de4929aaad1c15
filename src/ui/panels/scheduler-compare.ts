// Hand placement versus the scheduler: after a learner drops a Pending pod on a node, compare that
// node with the one kube-scheduler would have picked, plugin by plugin, from the placement report
// taken when the drag started (the cluster it describes is the one the learner saw).

import type { PlacementReport, ScoreBreakdown } from '../../worker/protocol';
import type { MessageId, MessageParams } from '../i18n/use-t';

export interface PluginComparison {
  plugin: string;
  /** weighted score on the node the learner chose (undefined: the plugin did not score it) */
  placed?: number;
  /** weighted score on the scheduler's pick */
  pick?: number;
}

export interface HandPlacement {
  podKey: string;
  pod: string;
  placed: { node: string; total?: number };
  /** the scheduler's choice: every best node (a tie is broken at random), the first one compared */
  pick?: { nodes: readonly string[]; node: string; total?: number };
  /** the learner chose one of the scheduler's best nodes */
  agrees: boolean;
  rows: PluginComparison[];
}

function weighted(scores: readonly ScoreBreakdown[] | undefined): Map<string, number> {
  return new Map((scores ?? []).map((s) => [s.plugin, s.weighted]));
}

/** Compare `placedNode` with the report's best node. */
export function compareHandPlacement(report: PlacementReport, podKey: string, placedNode: string): HandPlacement {
  const pod = podKey.slice(podKey.indexOf('/') + 1);
  const placed = report.nodes.find((n) => n.verdict.nodeName === placedNode);
  const agrees = report.best.includes(placedNode);
  const pickNode = agrees ? placedNode : report.best[0];
  const pickEntry = pickNode ? report.nodes.find((n) => n.verdict.nodeName === pickNode) : undefined;
  const a = weighted(placed?.scores);
  const b = weighted(pickEntry?.scores);
  const order = [...(placed?.scores ?? []), ...(pickEntry?.scores ?? [])].map((s) => s.plugin);
  const plugins = order.filter((p, i) => order.indexOf(p) === i);
  return {
    podKey,
    pod,
    placed: { node: placedNode, ...(placed?.totalScore !== undefined ? { total: placed.totalScore } : {}) },
    ...(pickNode
      ? { pick: { nodes: report.best, node: pickNode, ...(pickEntry?.totalScore !== undefined ? { total: pickEntry.totalScore } : {}) } }
      : {}),
    agrees,
    rows: plugins.map((plugin) => ({
      plugin,
      ...(a.has(plugin) ? { placed: a.get(plugin) } : {}),
      ...(b.has(plugin) ? { pick: b.get(plugin) } : {}),
    })),
  };
}

/** The sentence for the toast and the panel, as message ids and parameters (translated by the caller). */
export function comparisonMessage(c: HandPlacement): Array<{ id: MessageId; params: MessageParams }> {
  const score = (total?: number) => (total === undefined ? '—' : String(total));
  const placed: { id: MessageId; params: MessageParams } = {
    id: 'sched.cmp.placed',
    params: { pod: c.pod, node: c.placed.node, score: score(c.placed.total) },
  };
  if (!c.pick) return [placed, { id: 'sched.cmp.noPick', params: {} }];
  if (c.agrees) {
    return [placed, { id: c.pick.nodes.length > 1 ? 'sched.cmp.agreesTie' : 'sched.cmp.agrees', params: { nodes: c.pick.nodes.join(', ') } }];
  }
  if (c.pick.nodes.length > 1) {
    return [placed, { id: 'sched.cmp.wouldPickTie', params: { nodes: c.pick.nodes.join(', '), score: score(c.pick.total) } }];
  }
  return [placed, { id: 'sched.cmp.wouldPick', params: { node: c.pick.node, score: score(c.pick.total) } }];
}
