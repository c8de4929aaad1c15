import { describe, expect, it } from 'vitest';
import type { AttemptDetail, AttemptSummary, FilterVerdict, NodeAttemptDetail, NodeScoreDetail } from '../../worker/protocol';
import { attemptRows, destinationQueue, filterGrid, pluginWords, queueLanes, scoreTable, splitFailedScheduling } from './scheduler-model';

const FILTERS = ['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit'];
const SCORES = ['TaintToleration', 'NodeAffinity', 'NodeResourcesFit', 'NodeResourcesBalancedAllocation', 'ImageLocality'];

function summary(over: Partial<AttemptSummary> = {}): AttemptSummary {
  return {
    id: 2,
    atMs: 600,
    cycle: 2,
    pod: { namespace: 'default', name: 'web-1', uid: 'u1', priority: 0 },
    schedulerName: 'default-scheduler',
    attempt: 1,
    result: 'Scheduled',
    node: 'node-1',
    message: 'Successfully assigned default/web-1 to node-1',
    numAllNodes: 4,
    evaluatedNodes: 4,
    feasibleNodes: 3,
    ...over,
  };
}

/** Filters in run order: passed up to `failAt`, that one rejects, the rest never ran. */
function filters(failAt?: { plugin: string; reason: string }): FilterVerdict[] {
  const i = failAt ? FILTERS.indexOf(failAt.plugin) : FILTERS.length;
  return FILTERS.map((plugin, j) =>
    j < i ? { plugin, code: 'Success', reasons: [] } : j === i ? { plugin, code: 'UnschedulableAndUnresolvable', reasons: [failAt!.reason] } : { plugin, code: 'NotRun', reasons: [] },
  );
}

/** NodeAffinity skipped (no affinity terms): it has no score entry. */
function scores(fit: number, taint = 100): NodeScoreDetail[] {
  return [
    { plugin: 'TaintToleration', raw: 0, normalized: taint, weight: 3, weighted: taint * 3 },
    { plugin: 'NodeResourcesFit', raw: fit, normalized: fit, weight: 1, weighted: fit },
    { plugin: 'NodeResourcesBalancedAllocation', raw: 98, normalized: 98, weight: 1, weighted: 98 },
    { plugin: 'ImageLocality', raw: 0, normalized: 0, weight: 1, weighted: 0 },
  ];
}

function feasible(node: string, s: NodeScoreDetail[], selected = false): NodeAttemptDetail {
  return { node, outcome: 'feasible', filters: filters(), scores: s, totalScore: s.reduce((a, x) => a + x.weighted, 0), selected };
}

const controlPlane: NodeAttemptDetail = {
  node: 'control-plane',
  outcome: 'rejected',
  filters: filters({ plugin: 'TaintToleration', reason: 'node(s) had untolerated taint(s)' }),
  selected: false,
};

function detail(nodes: NodeAttemptDetail[], over: Partial<AttemptDetail> = {}): AttemptDetail {
  return { ...summary(), filterPlugins: FILTERS, scorePlugins: SCORES, nominatedFastPath: false, nodes, ...over };
}

describe('the filter grid', () => {
  it('marks passed plugins, the rejecting one with its reason, and the ones that never ran', () => {
    const grid = filterGrid(
      detail([
        controlPlane,
        feasible('node-1', scores(96), true),
        { node: 'node-2', outcome: 'not-evaluated', filters: FILTERS.map((plugin) => ({ plugin, code: 'NotRun', reasons: [] })), selected: false },
      ]),
    );
    expect(grid.plugins).toEqual(FILTERS);
    expect(grid).toMatchObject({ feasible: 1, rejected: 1, notEvaluated: 1 });
    const cp = grid.rows[0];
    expect(cp.cells.map((c) => c.mark)).toEqual(['pass', 'pass', 'fail', 'notRun', 'notRun', 'notRun']);
    expect(cp.rejectedBy).toEqual({ plugin: 'TaintToleration', reason: 'node(s) had untolerated taint(s)' });
    expect(grid.rows[1]).toMatchObject({ node: 'node-1', outcome: 'feasible', selected: true });
    expect(grid.rows[1].cells.every((c) => c.mark === 'pass')).toBe(true);
    expect(grid.rows[1].rejectedBy).toBeUndefined();
    expect(grid.rows[2].outcome).toBe('not-evaluated');
  });

  it('shows a PreFilter Skip as skipped, and a plugin missing from a node as not run', () => {
    const grid = filterGrid(
      detail([{ node: 'node-1', outcome: 'feasible', filters: [{ plugin: 'NodeUnschedulable', code: 'Success', reasons: [] }, { plugin: 'NodePorts', code: 'Skip', reasons: [] }], selected: true }]),
    );
    const marks = Object.fromEntries(grid.rows[0].cells.map((c) => [c.plugin, c.mark]));
    expect(marks).toMatchObject({ NodeUnschedulable: 'pass', NodePorts: 'skip', NodeName: 'notRun' });
  });
});

describe('the score table', () => {
  it('orders feasible nodes by total, marks the winner, leaves skipped plugins empty', () => {
    const t = scoreTable(detail([controlPlane, feasible('node-1', scores(93)), feasible('node-2', scores(96), true), feasible('node-3', scores(90))]));
    expect(t.rows.map((r) => [r.node, r.total])).toEqual([
      ['node-2', 300 + 96 + 98],
      ['node-1', 300 + 93 + 98],
      ['node-3', 300 + 90 + 98],
    ]);
    expect(t.rows[0]).toMatchObject({ selected: true, best: true });
    expect(t.rows[1].best).toBe(false);
    expect(t.tie).toEqual([]);
    expect(t.selected).toBe('node-2');
    // NodeAffinity (2nd score plugin) returned Skip at PreScore: no cell.
    expect(t.rows[0].cells[1]).toBeUndefined();
    expect(t.rows[0].cells[0]).toEqual({ raw: 0, normalized: 100, weight: 3, weighted: 300 });
  });

  it('notes a tie among the best nodes', () => {
    const t = scoreTable(detail([feasible('node-1', scores(96)), feasible('node-2', scores(96), true), feasible('node-3', scores(50))]));
    expect(t.tie).toEqual(['node-1', 'node-2']);
    expect(t.rows.filter((r) => r.best).map((r) => r.node)).toEqual(['node-1', 'node-2']);
  });

  it('says when one feasible node made scoring unnecessary', () => {
    const only: NodeAttemptDetail = { node: 'node-3', outcome: 'feasible', filters: filters(), selected: true };
    const t = scoreTable(detail([controlPlane, only], { feasibleNodes: 1, node: 'node-3' }));
    expect(t).toMatchObject({ single: 'node-3', rows: [], selected: 'node-3' });
  });
});

describe('the queue lanes', () => {
  const queue = {
    pods: [
      { podKey: 'default/a', queue: 'activeQ' as const, attempts: 0, unschedulablePlugins: [] },
      { podKey: 'default/hungry', queue: 'unschedulablePods' as const, attempts: 1, unschedulablePlugins: ['NodeResourcesFit'] },
      { podKey: 'default/b', queue: 'backoffQ' as const, attempts: 2, unschedulablePlugins: [] },
    ],
    total: 3,
  };

  it('draws the live queue when nothing is being replayed', () => {
    const lanes = queueLanes(queue, { waiting: [] });
    expect(lanes.activeQ.map((c) => c.name)).toEqual(['a']);
    expect(lanes.backoffQ.map((c) => c.name)).toEqual(['b']);
    expect(lanes.unschedulablePods).toEqual([{ podKey: 'default/hungry', name: 'hungry', attempts: 1, unschedulablePlugins: ['NodeResourcesFit'], replay: false }]);
  });

  it('puts pods still to be replayed back in activeQ and keeps the pod on stage out of every lane', () => {
    const hungry = summary({ id: 9, pod: { namespace: 'default', name: 'hungry', uid: 'h', priority: 0 }, result: 'Unschedulable' });
    const web = summary({ id: 8, pod: { namespace: 'default', name: 'web-1', uid: 'w', priority: 0 } });
    const lanes = queueLanes(queue, { waiting: [hungry], onStage: web });
    expect(lanes.activeQ.map((c) => [c.name, c.replay])).toEqual([
      ['hungry', true],
      ['a', false],
    ]);
    expect(lanes.unschedulablePods).toEqual([]);
    expect([...lanes.activeQ, ...lanes.backoffQ, ...lanes.unschedulablePods].some((c) => c.name === 'web-1')).toBe(false);
  });

  it('sends an unschedulable pod where the live queue holds it, else to unschedulablePods', () => {
    expect(destinationQueue(queue, summary({ pod: { namespace: 'default', name: 'b', uid: 'b', priority: 0 } }))).toBe('backoffQ');
    expect(destinationQueue(queue, summary({ pod: { namespace: 'default', name: 'gone', uid: 'g', priority: 0 } }))).toBe('unschedulablePods');
  });
});

describe('the attempt list', () => {
  it('lists newest first with the node or the short reason', () => {
    const rows = attemptRows([
      summary({ id: 1, atMs: 600 }),
      summary({
        id: 2,
        atMs: 4526,
        attempt: 3,
        result: 'Unschedulable',
        pod: { namespace: 'default', name: 'hungry', uid: 'h', priority: 0 },
        message: '0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Insufficient cpu. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
      }),
    ]);
    expect(rows.map((r) => r.id)).toEqual([2, 1]);
    expect(rows[0]).toMatchObject({ pod: 'hungry', result: 'Unschedulable', outcome: '3 Insufficient cpu, 1 node(s) had untolerated taint(s)', attempt: 3, time: '0:00:04.5' });
    expect(rows[1]).toMatchObject({ outcome: 'node-1', time: '0:00:00.6' });
  });
});

describe('text helpers', () => {
  it('splits the FailedScheduling message at its preemption part', () => {
    expect(splitFailedScheduling('0/4 nodes are available: 4 Insufficient cpu. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.')).toEqual({
      filters: '0/4 nodes are available: 4 Insufficient cpu.',
      preemption: 'preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
    });
    expect(splitFailedScheduling('no nodes available to schedule pods')).toEqual({ filters: 'no nodes available to schedule pods' });
  });

  it('breaks plugin names into words for narrow headers', () => {
    expect(pluginWords('NodeResourcesBalancedAllocation')).toEqual(['Node', 'Resources', 'Balanced', 'Allocation']);
    expect(pluginWords('TaintToleration')).toEqual(['Taint', 'Toleration']);
  });
});
