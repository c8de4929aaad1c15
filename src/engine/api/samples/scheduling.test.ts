// Each scheduling sample does what its comment promises, in a default 3-worker cluster.
import { describe, expect, it } from 'vitest';
import type { Event } from 'kubernetes-types/core/v1';
import { TestCluster } from '../../testing/test-cluster';
import { ANTI_AFFINITY, BIN_PACKING, FILL_WORKERS, PREEMPTION, SPREAD } from './scheduling';

const nodesOf = (c: TestCluster, app: string) => c.pods({ app }).map((p) => p.spec?.nodeName);

describe('scheduling samples', () => {
  it('bin packing puts a whole Deployment on one node', () => {
    const c = new TestCluster();
    c.applyOk(BIN_PACKING);
    c.applyOk(ANTI_AFFINITY.replace('replicas: 4', 'replicas: 3').replace(/ {6}affinity:[\s\S]*?hostname\n/, ''));
    c.settle();
    const nodes = nodesOf(c, 'cache');
    expect(nodes).toHaveLength(3);
    expect(nodes.every(Boolean)).toBe(true);
    expect(new Set(nodes).size).toBe(1);
  });

  it('anti-affinity: one cache pod per worker, the fourth Pending with the scheduler message', () => {
    const c = new TestCluster();
    c.applyOk(ANTI_AFFINITY);
    c.settle();
    const placed = nodesOf(c, 'cache').filter(Boolean);
    expect(new Set(placed).size).toBe(3);
    expect(placed).toHaveLength(3);
    const pending = c.pods({ app: 'cache' }).find((p) => !p.spec?.nodeName)!;
    expect(pending.status?.conditions?.find((x) => x.type === 'PodScheduled')?.message).toBe(
      '0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 node(s) didn\'t match pod anti-affinity rules. ' +
        'preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
    );
  });

  it('spread: 6 replicas, 2 per worker (nodeTaintsPolicy Honor leaves the control plane out)', () => {
    const c = new TestCluster();
    c.applyOk(SPREAD);
    c.settle();
    const counts = new Map<string, number>();
    for (const n of nodesOf(c, 'spread')) counts.set(n!, (counts.get(n!) ?? 0) + 1);
    expect([...counts.values()]).toEqual([2, 2, 2]);
    // Without Honor the tainted control plane is an empty domain: one pod per worker, 3 Pending.
    const ignore = new TestCluster();
    ignore.applyOk(SPREAD.replace('          nodeTaintsPolicy: Honor\n', ''));
    ignore.settle();
    expect(nodesOf(ignore, 'spread').filter(Boolean)).toHaveLength(3);
  });

  it('preemption: vip evicts a filler pod and runs on its node', () => {
    const c = new TestCluster();
    c.applyOk(FILL_WORKERS);
    c.settle();
    c.applyOk(PREEMPTION);
    c.settle();
    expect(c.pod('vip').status?.phase).toBe('Running');
    const preempted = (c.world.list('Event', 'default') as unknown as Event[]).filter((e) => e.reason === 'Preempted');
    expect(preempted).toHaveLength(1);
    expect(preempted[0].message).toContain(`on node ${c.pod('vip').spec?.nodeName}`);
  });
});
