import { describe, expect, it } from 'vitest';
import { SimClock } from '../sim/clock';
import { WorkQueue } from './workqueue';

describe('WorkQueue', () => {
  it('merges repeated adds of a waiting key and stays FIFO', () => {
    const q = new WorkQueue('t', new SimClock());
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.length).toBe(2);
    expect(q.get()).toBe('a');
    expect(q.get()).toBe('b');
    expect(q.get()).toBeUndefined();
  });

  it('never hands out a key being processed; re-adds it after done', () => {
    const q = new WorkQueue('t', new SimClock());
    q.add('a');
    const k = q.get()!;
    q.add('a');
    expect(q.get()).toBeUndefined();
    q.done(k);
    expect(q.get()).toBe('a');
  });

  it('addAfter schedules a timer on the simulated clock', () => {
    const clock = new SimClock();
    const q = new WorkQueue('t', clock);
    q.addAfter('a', 250);
    expect(q.length).toBe(0);
    const t = (clock.advanceTo(250), clock.popDue())!;
    expect(t).toMatchObject({ target: 'queue/t', payload: 'a', at: 250 });
  });

  it('backs off exponentially per item from 5ms, and forget resets it', () => {
    const clock = new SimClock();
    const q = new WorkQueue('t', clock);
    q.addRateLimited('a');
    q.addRateLimited('a');
    q.addRateLimited('a');
    const due: number[] = [];
    for (let i = 0; i < 3; i++) {
      clock.advanceTo(clock.nextDue()!);
      due.push(clock.popDue()!.at);
    }
    expect(due).toEqual([5, 10, 20]);
    q.forget('a');
    expect(q.numRequeues('a')).toBe(0);
  });
});
