import { describe, expect, it } from 'vitest';
import { beginDrag, endDrag, placementStore, setVerdict, summarizeVerdict } from './placement-store';

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
});
