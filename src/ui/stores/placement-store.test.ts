import { describe, expect, it } from 'vitest';
import { applyReport, beginDrag, endDrag, placementStore, reportFailed, setReportLoading, setVerdict, summarizeVerdict, verdictsFromReport } from './placement-store';

describe('placement store', () => {
  it('names the first failing filter plugin once', () => {
    const v = summarizeVerdict({
      fits: false,
      nodeName: 'node-1',
      plugins: [
        { plugin: 'NodeUnschedulable', code: 'Success', reasons: [] },
        { plugin: 'NodeResourcesFit', code: 'Unschedulable', reasons: ['Insufficient cpu'] },
        { plugin: 'TaintToleration', code: 'UnschedulableAndUnresolvable', reasons: ['untolerated taint'] },
      ],
      message: 'NodeResourcesFit: Insufficient cpu',
    });
    expect(v).toEqual({ status: 'done', fits: false, plugin: 'NodeResourcesFit', message: 'Insufficient cpu' });
  });

  it('falls back to the plugin reasons when the verdict has no message', () => {
    const v = summarizeVerdict({ fits: false, nodeName: 'n', plugins: [{ plugin: 'TaintToleration', code: 'UnschedulableAndUnresolvable', reasons: ['a', 'b'] }], message: '' });
    expect(v.message).toBe('a; b');
  });

  it('keeps only sticky verdicts when a drag ends and clears all when a new drag starts', () => {
    beginDrag({ type: 'template', template: 'pod' });
    setVerdict('node-1', { status: 'done', fits: true, message: '' });
    setVerdict('node-2', { status: 'done', fits: false, message: 'no', sticky: true });
    setVerdict('node-3', { status: 'checking' });
    endDrag();
    expect([...placementStore.getState().verdicts.keys()]).toEqual(['node-2']);
    expect(placementStore.getState().drag).toBeNull();
    beginDrag({ type: 'pod', podKey: 'default/p', name: 'p' });
    expect(placementStore.getState().verdicts.size).toBe(0);
  });

  it('fills every node from one report: reason where it fails, score where it fits, the best marked', () => {
    const fitting = (nodeName: string, totalScore: number) => ({ verdict: { fits: true, nodeName, plugins: [], message: '' }, totalScore, scores: [] });
    const report = {
      nodes: [
        {
          verdict: {
            fits: false,
            nodeName: 'control-plane',
            plugins: [{ plugin: 'TaintToleration', code: 'UnschedulableAndUnresolvable', reasons: ['untolerated taint'] }],
            message: 'TaintToleration: untolerated taint',
          },
        },
        fitting('node-1', 287),
        fitting('node-2', 241),
      ],
      best: ['node-1'],
    };
    const v = verdictsFromReport(report);
    expect(v.get('control-plane')).toEqual({ status: 'done', fits: false, plugin: 'TaintToleration', message: 'untolerated taint' });
    expect(v.get('node-1')).toEqual({ status: 'done', fits: true, message: '', score: 287, best: true });
    expect(v.get('node-2')).toEqual({ status: 'done', fits: true, message: '', score: 241 });
    expect(verdictsFromReport({ ...report, best: ['node-1', 'node-2'] }).get('node-2')).toMatchObject({ best: true, tie: true });

    beginDrag({ type: 'pod', podKey: 'default/p', name: 'p' });
    setReportLoading();
    setVerdict('node-1', { status: 'checking' });
    applyReport(report);
    expect(placementStore.getState().report.status).toBe('ready');
    expect(placementStore.getState().verdicts.size).toBe(3);
    endDrag();
    expect(placementStore.getState().report.status).toBe('none');
  });

  it('drops the checking placeholders when the report fails, so hovering asks node by node', () => {
    beginDrag({ type: 'template', template: 'pod' });
    setReportLoading();
    setVerdict('node-1', { status: 'checking' });
    setVerdict('node-2', { status: 'done', fits: true, message: '' });
    reportFailed();
    expect(placementStore.getState().report.status).toBe('failed');
    expect([...placementStore.getState().verdicts.keys()]).toEqual(['node-2']);
  });
});
