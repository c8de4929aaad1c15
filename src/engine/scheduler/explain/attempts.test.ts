import { describe, expect, it } from 'vitest';
import { makeNodeWithCapacity, makeSchedulingPod } from '../../testing/builders';
import { SchedulerHarness } from '../../testing/scheduler-harness';
import { AttemptLog } from './attempts';

const controlPlaneTaint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const };

function cluster(): SchedulerHarness {
  const h = new SchedulerHarness();
  h.createNode(makeNodeWithCapacity({ name: 'control-plane', taints: [controlPlaneTaint] }));
  h.createNode(makeNodeWithCapacity({ name: 'node-1', cpu: '2' }));
  h.createNode(makeNodeWithCapacity({ name: 'node-2', cpu: '4' }));
  return h;
}

describe('the attempt log', () => {
  it('records a successful attempt with every feasible node scored and the bound node selected', () => {
    const h = cluster();
    h.createPod(makeSchedulingPod({ name: 'web', cpu: '1' }));
    h.run();
    const [a] = h.scheduler.attempts();
    expect(a).toMatchObject({ id: 1, result: 'Scheduled', pod: { namespace: 'default', name: 'web' }, attempt: 1, numAllNodes: 3, evaluatedNodes: 3, feasibleNodes: 2 });
    expect(a.node).toBe(h.pod('web').spec?.nodeName);
    expect(a.message).toBe(`Successfully assigned default/web to ${a.node}`);

    const d = h.scheduler.attemptDetail(a.id)!;
    const cp = d.nodes.find((n) => n.node === 'control-plane')!;
    expect(cp.outcome).toBe('rejected');
    // Filters run in order and stop at the first rejection: the ones before passed, the rest never ran.
    const taintAt = d.filterPlugins.indexOf('TaintToleration');
    expect(cp.filters[taintAt]).toMatchObject({ code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint(s)'] });
    expect(cp.filters.slice(0, taintAt).every((f) => f.code === 'Success')).toBe(true);
    expect(cp.filters.slice(taintAt + 1).every((f) => f.code === 'NotRun')).toBe(true);

    const feasible = d.nodes.filter((n) => n.outcome === 'feasible');
    expect(feasible.map((n) => n.node).sort()).toEqual(['node-1', 'node-2']);
    for (const n of feasible) {
      // Plugins whose PreScore returned Skip give no score (NodeAffinity: the pod has no preferred
      // node affinity); the others appear in the order they run.
      const scored = n.scores!.map((s) => s.plugin);
      expect(scored).toEqual(d.scorePlugins.filter((p) => scored.includes(p)));
      expect(scored).not.toContain('NodeAffinity');
      expect(scored).toEqual(expect.arrayContaining(['TaintToleration', 'NodeResourcesFit', 'NodeResourcesBalancedAllocation', 'ImageLocality']));
      for (const s of n.scores!) expect(s.weighted).toBe(s.normalized * s.weight);
      expect(n.totalScore).toBe(n.scores!.reduce((t, s) => t + s.weighted, 0));
    }
    // node-2 has twice the CPU: LeastAllocated prefers it, and the winner has the top total.
    const winner = d.nodes.find((n) => n.selected)!;
    expect(winner.node).toBe('node-2');
    expect(winner.totalScore).toBe(Math.max(...feasible.map((n) => n.totalScore!)));
  });

  it('records an unschedulable attempt with the FailedScheduling text and each node rejection', () => {
    const h = cluster();
    h.createPod(makeSchedulingPod({ name: 'big', cpu: '8' }));
    h.run();
    const [a] = h.scheduler.attempts();
    expect(a.result).toBe('Unschedulable');
    expect(a.node).toBeUndefined();
    expect(a.message).toBe(h.pod('big').status?.conditions?.find((c) => c.type === 'PodScheduled')?.message);
    const d = h.scheduler.attemptDetail(a.id)!;
    const fitAt = d.filterPlugins.indexOf('NodeResourcesFit');
    for (const name of ['node-1', 'node-2']) {
      const n = d.nodes.find((x) => x.node === name)!;
      expect(n.outcome).toBe('rejected');
      // More than the node's whole allocatable: no preemption could help (upstream's Unresolvable case).
      expect(n.filters[fitAt]).toMatchObject({ code: 'UnschedulableAndUnresolvable', reasons: ['Insufficient cpu'] });
      expect(n.scores).toBeUndefined();
    }
    expect(d.preemption?.message).toMatch(/^preemption: 0\/3 nodes are available/);
  });

  it('marks a PreFilter rejection on every node, with no filter reaching any node', () => {
    const h = cluster();
    h.createPod(makeSchedulingPod({
      name: 'pinned', cpu: '100m',
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['nowhere'] }] }] } } },
    }));
    h.run();
    const d = h.scheduler.attemptDetail(h.scheduler.attempts()[0].id)!;
    expect(d.result).toBe('Unschedulable');
    expect(d.preFilter?.plugin).toBe('NodeAffinity');
    expect(d.nodes.every((n) => n.outcome === 'rejected' && n.filters.every((f) => f.code === 'NotRun'))).toBe(true);
  });

  it('keeps only the newest attempts and returns those after an id', () => {
    const log = new AttemptLog(2);
    const input = { pod: {}, atMs: 0, cycle: 1, attempt: 1, schedulerName: 'default-scheduler', result: 'Error' as const, message: 'x', nodes: [], filterPlugins: [], scorePlugins: [], feasible: [] };
    for (let i = 0; i < 3; i++) log.record(input);
    expect(log.since(0).map((a) => a.id)).toEqual([2, 3]);
    expect(log.since(2).map((a) => a.id)).toEqual([3]);
    expect(log.detail(1)).toBeUndefined();
    expect(new AttemptLog(0).record(input)).toBeUndefined();
  });
});
