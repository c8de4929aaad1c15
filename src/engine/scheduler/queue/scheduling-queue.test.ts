import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { makeNodeWithCapacity, makeSchedulingPod, type SchedulingPodOptions } from '../../testing/builders';
import { SimClock } from '../../sim/clock';
import { Framework } from '../framework/runtime/framework';
import { defaultProfile, inTreeRegistry } from '../plugins/registry';
import { PriorityQueue, type QueuedPodInfo, type SchedulingQueueState } from './scheduling-queue';

const framework = new Framework(defaultProfile, inTreeRegistry, { preemptPod: () => true, clearNominatedNodeName: () => undefined });

function newQueue(clock = new SimClock(), state?: SchedulingQueueState) {
  const q = new PriorityQueue(clock, (p) => framework.eventsToRegister(p), state);
  const advance = (ms: number) => {
    const target = clock.now() + ms;
    for (let next = clock.nextDue(); next !== undefined && next <= target; next = clock.nextDue()) {
      clock.advanceTo(next);
      for (let t = clock.popDue(); t; t = clock.popDue()) q.handleTimer(t.payload);
    }
    clock.advanceTo(target);
  };
  return { q, clock, advance };
}

function pod(name: string, o: SchedulingPodOptions = {}): Pod {
  return makeSchedulingPod({ name, ...o });
}

function popAll(q: PriorityQueue): string[] {
  const out: string[] = [];
  for (let p = q.pop(); p; p = q.pop()) out.push(p.pod.metadata!.name!);
  return out;
}

/** Pop `name` and fail it as the scheduling cycle would: rejected by `plugins`, or an error when none. */
function fail(q: PriorityQueue, plugins: string[] = []): QueuedPodInfo {
  const p = q.pop()!;
  const cycle = q.currentSchedulingCycle;
  q.addUnschedulableIfNotPresent({ ...p, unschedulablePlugins: plugins }, cycle);
  return p;
}

describe('activeQ order', () => {
  it('pops higher priority first, then the pod that waited longer', () => {
    const { q, advance } = newQueue();
    q.add(pod('old-low', { priority: 0 }));
    advance(1000);
    q.add(pod('high', { priority: 1000 }));
    advance(1000);
    q.add(pod('new-low', { priority: 0 }));
    q.add(pod('mid', { priority: 10 }));
    expect(popAll(q)).toEqual(['high', 'mid', 'old-low', 'new-low']);
  });

  it('keeps insertion order among pods added at the same instant with the same priority', () => {
    const { q } = newQueue();
    for (const n of ['c', 'a', 'b']) q.add(pod(n));
    expect(popAll(q)).toEqual(['c', 'a', 'b']);
  });

  it('merges a repeated add and takes the newer object', () => {
    const { q } = newQueue();
    q.add(pod('web'));
    q.add(pod('web', { labels: { v: '2' } }));
    const p = q.pop()!;
    expect(p.pod.metadata?.labels).toEqual({ v: '2' });
    expect(q.pop()).toBeUndefined();
  });
});

describe('backoff', () => {
  it('doubles from 1s per failed attempt up to 10s, on the simulated clock', () => {
    const { q, clock, advance } = newQueue();
    q.add(pod('web'));
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      fail(q); // an error: straight to backoffQ
      expect(q.where('default/web')).toBe('backoffQ');
      const failedAt = clock.now();
      while (q.activeLength === 0) advance(100);
      waits.push(clock.now() - failedAt);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  });
});

describe('unschedulable pods', () => {
  it('wait for an event their plugins care about, and a node that fits moves them', () => {
    const { q, advance } = newQueue();
    q.add(pod('big', { cpu: '4' }));
    fail(q, ['NodeResourcesFit']);
    expect(q.where('default/big')).toBe('unschedulablePods');
    // A node too small for the pod: the hint says skip.
    q.moveAllToActiveOrBackoffQueue('NodeAdd', undefined, makeNodeWithCapacity({ name: 'small', cpu: '2' }));
    expect(q.where('default/big')).toBe('unschedulablePods');
    // An event no rejecting plugin registered for.
    q.moveAllToActiveOrBackoffQueue('NodeLabelChange', makeNodeWithCapacity(), makeNodeWithCapacity({ labels: { a: 'b' } }));
    expect(q.where('default/big')).toBe('unschedulablePods');
    advance(5000); // the 1s backoff is over by now
    q.moveAllToActiveOrBackoffQueue('NodeAdd', undefined, makeNodeWithCapacity({ name: 'large', cpu: '8' }));
    expect(q.where('default/big')).toBe('activeQ');
  });

  it('go to backoffQ when the event comes before their backoff ends, then to activeQ on time', () => {
    const { q, clock, advance } = newQueue();
    q.add(pod('web', { cpu: '1' }));
    fail(q, ['NodeResourcesFit']);
    advance(300);
    q.moveAllToActiveOrBackoffQueue('AssignedPodDelete', pod('gone', { nodeName: 'node-1' }), undefined);
    expect(q.where('default/web')).toBe('backoffQ');
    advance(699);
    expect(q.where('default/web')).toBe('backoffQ');
    advance(1);
    expect(clock.now()).toBe(1000);
    expect(q.where('default/web')).toBe('activeQ');
  });

  it('get another try after 5 minutes parked (at upstream\'s next 30s flush)', () => {
    const { q, clock, advance } = newQueue();
    advance(10_000);
    q.add(pod('web', { cpu: '4' }));
    fail(q, ['NodeResourcesFit']);
    advance(300_000);
    expect(q.where('default/web')).toBe('unschedulablePods');
    while (q.where('default/web') === 'unschedulablePods') advance(1000);
    // parked at 10s; more than 5 minutes later, the first flush tick is 330s
    expect(clock.now()).toBe(330_000);
    expect(q.where('default/web')).toBe('activeQ');
  });

  it('ignore status-only updates, but a spec change may requeue them', () => {
    const { q, advance } = newQueue();
    const p = pod('web', { cpu: '1' });
    q.add(p);
    fail(q, ['TaintToleration']);
    advance(2000);
    const withStatus: Pod = { ...p, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] } };
    q.update(p, withStatus);
    expect(q.where('default/web')).toBe('unschedulablePods');
    const tolerating: Pod = { ...withStatus, spec: { ...withStatus.spec!, tolerations: [{ operator: 'Exists' }] } };
    q.update(withStatus, tolerating);
    expect(q.where('default/web')).toBe('activeQ');
  });

  it('stay out of activeQ while they have scheduling gates', () => {
    const { q } = newQueue();
    const gated = pod('web', { schedulingGates: ['example.com/wait'] });
    q.add(gated);
    expect(q.pop()).toBeUndefined();
    q.moveAllToActiveOrBackoffQueue('NodeAdd', undefined, makeNodeWithCapacity());
    expect(q.where('default/web')).toBe('unschedulablePods');
    q.update(gated, { ...gated, spec: { ...gated.spec!, schedulingGates: [] } });
    expect(popAll(q)).toEqual(['web']);
  });
});

describe('save and restore', () => {
  it('continues with the same order, backoff and parked pods', () => {
    const { q, clock, advance } = newQueue();
    q.add(pod('a'));
    q.add(pod('b', { priority: 5 }));
    q.add(pod('c', { cpu: '4' }));
    q.add(pod('d'));
    // b (priority 5) pops first: it errors into backoffQ; a is rejected into unschedulablePods.
    fail(q);
    fail(q, ['NodeResourcesFit']);
    const saved = JSON.parse(JSON.stringify(q.save())) as SchedulingQueueState;
    const clock2 = new SimClock(JSON.parse(JSON.stringify(clock.save())));
    const restored = newQueue(clock2, saved);
    for (const x of [{ q, advance }, restored]) {
      expect(x.q.where('default/b')).toBe('backoffQ');
      expect(x.q.where('default/a')).toBe('unschedulablePods');
      x.advance(1000);
      x.q.moveAllToActiveOrBackoffQueue('AssignedPodDelete', pod('gone', { nodeName: 'n' }), undefined);
    }
    expect(popAll(restored.q)).toEqual(popAll(q));
  });
});
