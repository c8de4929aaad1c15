import { describe, expect, it } from 'vitest';
import { unresolvable, unschedulable } from './status';
import { fitErrorMessage, newDiagnosis } from './types';

describe('fitErrorMessage', () => {
  it('sorts the histogram as Go strings: counts first, and uppercase before lowercase', () => {
    const d = newDiagnosis();
    d.nodeToStatus.set('cp', unresolvable('node(s) had untolerated taint(s)'));
    for (const n of ['a', 'b', 'c']) d.nodeToStatus.set(n, unschedulable('Insufficient cpu'));
    expect(fitErrorMessage(4, d)).toBe('0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Insufficient cpu.');
    d.nodeToStatus.set('cp', unresolvable("node(s) didn't match Pod's node affinity/selector"));
    d.nodeToStatus.set('c', unresolvable("node(s) didn't match Pod's node affinity/selector"));
    expect(fitErrorMessage(4, d)).toBe("0/4 nodes are available: 2 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector.");
  });

  it('counts every reason of a node (cpu and memory both)', () => {
    const d = newDiagnosis();
    d.nodeToStatus.set('a', unschedulable(['Insufficient cpu', 'Insufficient memory']));
    d.nodeToStatus.set('b', unschedulable(['Insufficient memory']));
    expect(fitErrorMessage(2, d)).toBe('0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.');
  });

  it('uses the PreFilter message instead of a histogram, and appends the PostFilter message', () => {
    const d = newDiagnosis();
    d.preFilterMsg = 'pod has unbound immediate PersistentVolumeClaims';
    d.postFilterMsg = 'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.';
    expect(fitErrorMessage(1, d)).toBe('0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
  });

  it('counts nodes without an explicit status with the absent status', () => {
    const d = newDiagnosis();
    d.nodeToStatus.set('a', unschedulable('Too many pods'));
    d.nodeToStatus.absentNodesStatus = unresolvable("node(s) didn't satisfy plugin(s) [NodeAffinity]");
    expect(fitErrorMessage(4, d)).toBe("0/4 nodes are available: 1 Too many pods, 3 node(s) didn't satisfy plugin(s) [NodeAffinity].");
  });
});
