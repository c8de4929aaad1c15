import { describe, expect, it } from 'vitest';
import { formatDuration, parseDurationMs, SimClock } from './clock';

describe('SimClock', () => {
  it('fires timers in (time, insertion) order and only when due', () => {
    const c = new SimClock();
    c.schedule(100, 'a', 1);
    c.schedule(50, 'b', 2);
    c.schedule(100, 'c', 3);
    expect(c.popDue()).toBeUndefined();
    expect(c.nextDue()).toBe(50);
    c.advanceTo(100);
    expect([c.popDue(), c.popDue(), c.popDue()].map((t) => t?.target)).toEqual(['b', 'a', 'c']);
    expect(c.popDue()).toBeUndefined();
  });

  it('skips cancelled timers', () => {
    const c = new SimClock();
    const id = c.schedule(10, 'x', null);
    c.schedule(20, 'y', null);
    c.cancel(id);
    expect(c.nextDue()).toBe(20);
  });

  it('never moves backwards', () => {
    const c = new SimClock();
    c.advanceTo(500);
    c.advanceTo(100);
    expect(c.now()).toBe(500);
  });

  it('restores the same pending timers from its saved state', () => {
    const c = new SimClock();
    for (const [d, t] of [[30, 'a'], [10, 'b'], [20, 'c']] as const) c.schedule(d, t, { d });
    c.cancel(2);
    const r = new SimClock(JSON.parse(JSON.stringify(c.save())));
    r.advanceTo(100);
    c.advanceTo(100);
    const drain = (k: SimClock) => [...Array(4)].map(() => k.popDue()?.target);
    expect(drain(r)).toEqual(drain(c));
  });

  it.each([
    ['90s', 90_000], ['500ms', 500], ['2m', 120_000], ['1h', 3_600_000], ['1m30s', 90_000],
  ])('parses %s', (text, ms) => expect(parseDurationMs(text)).toBe(ms));

  it.each(['', '90', 's', '1x', '10s garbage'])('rejects %j', (text) => expect(parseDurationMs(text)).toBeUndefined());
});

describe('formatDuration (Go time.Duration.String)', () => {
  it.each([
    [0, '0s'],
    [850, '850ms'],
    [1000, '1s'],
    [2345, '2.345s'],
    [2300, '2.3s'],
    [30_680, '30.68s'],
    [60_000, '1m0s'],
    [62_500, '1m2.5s'],
    [3_600_000, '1h0m0s'],
    [3_723_004, '1h2m3.004s'],
    [-1500, '-1.5s'],
  ])('%d ms is %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
