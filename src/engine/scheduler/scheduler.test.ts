import { describe, expect, it } from 'vitest';
import { makeNodeWithCapacity, makeSchedulingPod } from '../testing/builders';
import { SchedulerHarness } from '../testing/scheduler-harness';

function cluster(o: { manualDelivery?: boolean } = {}): SchedulerHarness {
  const h = new SchedulerHarness(o);
  h.createNode(makeNodeWithCapacity({ name: 'control-plane', taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }));
  h.createNode(makeNodeWithCapacity({ name: 'node-1' }));
  h.createNode(makeNodeWithCapacity({ name: 'node-2', cpu: '1' }));
  h.run();
  return h;
}

describe('checkPlacement', () => {
  it('reports every filter plugin in order, skipping those with nothing to check', () => {
    const h = cluster();
    const v = h.scheduler.checkPlacement(makeSchedulingPod({ name: 'web', cpu: '500m' }), 'node-1');
    expect(v.fits).toBe(true);
    expect(v.plugins.map((p) => [p.plugin, p.code])).toEqual([
      ['NodeUnschedulable', 'Success'],
      ['NodeName', 'Success'],
      ['TaintToleration', 'Success'],
      ['NodeAffinity', 'Skip'],
      ['NodePorts', 'Skip'],
      ['NodeResourcesFit', 'Success'],
      ['VolumeRestrictions', 'Skip'],
      ['NodeVolumeLimits', 'Skip'],
      ['VolumeBinding', 'Skip'],
      ['VolumeZone', 'Skip'],
      ['PodTopologySpread', 'Skip'],
      ['InterPodAffinity', 'Skip'],
    ]);
  });

  it.each<[string, string, Parameters<typeof makeSchedulingPod>[0], string, string]>([
    ['the control-plane taint', 'control-plane', {}, 'TaintToleration',
      'TaintToleration: node(s) had untolerated taint(s) (untolerated taint node-role.kubernetes.io/control-plane:NoSchedule)'],
    ['too little cpu', 'node-2', { cpu: '1500m' }, 'NodeResourcesFit',
      'NodeResourcesFit: Insufficient cpu (cpu: requested 1500m, used 0 of 1)'],
    ['a nodeSelector', 'node-1', { nodeSelector: { disk: 'ssd' } }, 'NodeAffinity',
      "NodeAffinity: node(s) didn't match Pod's node affinity/selector (the node's labels do not satisfy the pod's nodeSelector disk=ssd)"],
  ])('explains %s', (_name, node, podOpts, plugin, message) => {
    const v = cluster().scheduler.checkPlacement(makeSchedulingPod({ name: 'web', ...podOpts }), node);
    expect(v.fits).toBe(false);
    expect(v.message).toBe(message);
    expect(v.plugins.find((p) => p.code !== 'Success' && p.code !== 'Skip')?.plugin).toBe(plugin);
  });

  it('reports all failing plugins, not only the first', () => {
    const v = cluster().scheduler.checkPlacement(makeSchedulingPod({ name: 'web', cpu: '3' }), 'control-plane');
    expect(v.plugins.filter((p) => p.code !== 'Success' && p.code !== 'Skip').map((p) => p.plugin)).toEqual(['TaintToleration', 'NodeResourcesFit']);
  });

  it('knows unknown nodes and changes nothing', () => {
    const h = cluster();
    const rev = h.store.currentRevision;
    const before = JSON.stringify(h.scheduler.save());
    expect(h.scheduler.checkPlacement(makeSchedulingPod(), 'nope')).toMatchObject({ fits: false, message: 'nodes "nope" not found' });
    h.scheduler.checkPlacement(makeSchedulingPod({ cpu: '1' }), 'node-1');
    expect(h.store.currentRevision).toBe(rev);
    expect(JSON.stringify(h.scheduler.save())).toBe(before);
  });

  it('does not count a pod twice on the node it is already bound to', () => {
    const h = cluster();
    const bound = h.createPod(makeSchedulingPod({ name: 'web', cpu: '1', nodeName: 'node-2' }));
    h.run();
    expect(h.scheduler.checkPlacement(bound, 'node-2').fits).toBe(true);
    expect(h.scheduler.checkPlacement(makeSchedulingPod({ name: 'other', cpu: '1' }), 'node-2').fits).toBe(false);
  });
});

describe('filterReport', () => {
  it('gives every node a verdict and the feasible ones a score breakdown', () => {
    const h = cluster();
    const report = h.scheduler.filterReport(makeSchedulingPod({ name: 'web', cpu: '100m', memory: '100Mi' }));
    expect(report.map((r) => [r.verdict.nodeName, r.verdict.fits])).toEqual([['control-plane', false], ['node-1', true], ['node-2', true]]);
    const n1 = report[1].scores!;
    expect(n1.scores.map((s) => s.plugin)).toEqual(['TaintToleration', 'NodeResourcesFit', 'NodeResourcesBalancedAllocation', 'ImageLocality']);
    expect(n1.totalScore).toBe(n1.scores.reduce((a, s) => a + s.score, 0));
    // TaintToleration: no PreferNoSchedule taints -> 100 x weight 3
    expect(n1.scores[0].score).toBe(300);
    expect(report[0].scores).toBeUndefined();
  });
});

describe('save and restore', () => {
  it('continues exactly as the original would (queues, backoff, assumed pods, tie-breaking)', () => {
    const h = cluster({ manualDelivery: true });
    for (let i = 0; i < 4; i++) h.createPod(makeSchedulingPod({ name: `web-${i}`, cpu: '400m' }));
    h.createPod(makeSchedulingPod({ name: 'big', cpu: '3' }));
    h.deliver();
    h.scheduler.runOnce(); // binds web-*, parks big; the informers have not seen the bindings yet
    h.clock.advanceTo(1500);
    h.fireTimers();
    h.createPod(makeSchedulingPod({ name: 'late', cpu: '200m' }));
    const saved = h.scheduler.save();
    expect(saved.cache.assumedPods.map((p) => p.metadata?.name).sort()).toEqual(['web-0', 'web-1', 'web-2', 'web-3']);
    expect(saved.queue.unschedulablePods.map((p) => p.pod.metadata?.name)).toEqual(['big']);

    const r = h.restore();
    const counted = (x: SchedulerHarness) => [...x.scheduler.cachedPodsByNode()].map(([n, ps]) => [n, ps.map((p) => p.metadata?.name).sort()]);
    expect(counted(r)).toEqual(counted(h));
    expect(counted(r).flatMap(([, ps]) => ps)).toHaveLength(4);
    const drive = (x: SchedulerHarness) => {
      x.scheduler.runOnce(); // 'late' is not delivered yet: nothing to do
      x.deliver();
      x.step(3000);
      x.createNode(makeNodeWithCapacity({ name: 'node-3', cpu: '4' }));
      x.step(20_000);
      x.createPod(makeSchedulingPod({ name: 'after', cpu: '100m' }));
      x.step(20_000);
    };
    drive(h);
    drive(r);
    expect(r.pod('big').spec?.nodeName).toBe('node-3');
    expect(JSON.stringify(r.store.save())).toBe(JSON.stringify(h.store.save()));
    expect(JSON.stringify(r.scheduler.save())).toBe(JSON.stringify(h.scheduler.save()));
  });

  it('saves plain JSON', () => {
    const h = cluster();
    h.createPod(makeSchedulingPod({ name: 'big', cpu: '8' }));
    h.run();
    const s = h.scheduler.save();
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});
