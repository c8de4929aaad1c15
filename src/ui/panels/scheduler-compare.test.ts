import { describe, expect, it } from 'vitest';
import type { PlacementReport, ScoreBreakdown } from '../../worker/protocol';
import { translate } from '../i18n/use-t';
import { compareHandPlacement, comparisonMessage, type HandPlacement } from './scheduler-compare';

function scores(fit: number, spread: number): ScoreBreakdown[] {
  return [
    { plugin: 'TaintToleration', raw: 0, normalized: 100, weight: 3, weighted: 300 },
    { plugin: 'NodeResourcesFit', raw: fit, normalized: fit, weight: 1, weighted: fit },
    { plugin: 'PodTopologySpread', raw: 0, normalized: spread, weight: 2, weighted: spread * 2 },
  ];
}

function fits(nodeName: string, s: ScoreBreakdown[]): PlacementReport['nodes'][number] {
  return { verdict: { fits: true, nodeName, plugins: [], message: '' }, scores: s, totalScore: s.reduce((a, x) => a + x.weighted, 0) };
}

const report: PlacementReport = {
  nodes: [
    { verdict: { fits: false, nodeName: 'control-plane', plugins: [{ plugin: 'TaintToleration', code: 'UnschedulableAndUnresolvable', reasons: ['untolerated taint'] }], message: 'TaintToleration: untolerated taint' } },
    fits('node-1', scores(96, 100)),
    fits('node-2', scores(93, 50)),
    fits('node-3', scores(90, 0)),
  ],
  best: ['node-1'],
};

const text = (c: HandPlacement, lang: 'en' | 'zh' = 'en') =>
  comparisonMessage(c)
    .map((m) => translate(lang, m.id, m.params))
    .join(' ');

describe('hand placement against the scheduler', () => {
  it('compares the chosen node with the scheduler pick, plugin by plugin', () => {
    const c = compareHandPlacement(report, 'default/web-x', 'node-3');
    expect(c).toMatchObject({ pod: 'web-x', placed: { node: 'node-3', total: 390 }, pick: { node: 'node-1', total: 596, nodes: ['node-1'] }, agrees: false });
    expect(c.rows).toEqual([
      { plugin: 'TaintToleration', placed: 300, pick: 300 },
      { plugin: 'NodeResourcesFit', placed: 90, pick: 96 },
      { plugin: 'PodTopologySpread', placed: 0, pick: 200 },
    ]);
    expect(text(c)).toBe('You placed web-x on node-3 (score 390). The scheduler would have picked node-1 (score 596).');
    expect(text(c, 'zh')).toBe('你把 web-x 放到了 node-3（得分 390）。 调度器会选择 node-1（得分 596）。');
  });

  it('agrees when the learner chose the best node', () => {
    const c = compareHandPlacement(report, 'default/web-x', 'node-1');
    expect(c.agrees).toBe(true);
    expect(text(c)).toBe('You placed web-x on node-1 (score 596). The scheduler would have picked it too.');
  });

  it('names every tied best node', () => {
    const tie = { ...report, best: ['node-1', 'node-2'] };
    expect(text(compareHandPlacement(tie, 'default/w', 'node-3'))).toContain('one of node-1, node-2 (score 596; a tie is broken at random)');
    expect(text(compareHandPlacement(tie, 'default/w', 'node-2'))).toContain('it too (a tie between node-1, node-2');
  });

  it('says the pod would have stayed Pending when no node passes the filters', () => {
    const c = compareHandPlacement({ nodes: report.nodes.slice(0, 1), best: [] }, 'default/w', 'node-9');
    expect(c.pick).toBeUndefined();
    expect(c.rows).toEqual([]);
    expect(text(c)).toBe("You placed w on node-9 (score —). The scheduler's filters pass no node for this pod: it would have stayed Pending.");
  });
});
