import { describe, expect, it } from 'vitest';
import type { EventView } from '../../worker/protocol';
import { eventObject, eventRows, eventsFor, humanDuration } from './events-table';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration (apimachinery duration_test.go cases)', () => {
  it.each([
    [-2 * S, '<invalid>'], [0, '0s'], [999, '0s'], [S, '1s'], [70 * S, '70s'], [2 * M - 1, '119s'],
    [2 * M, '2m'], [2 * M + S, '2m1s'], [190 * S, '3m10s'], [10 * M - 1, '9m59s'], [10 * M, '10m'],
    [10 * M + S, '10m'], [70 * M, '70m'], [3 * H - 1, '179m'], [3 * H, '3h'], [3 * H + M, '3h1m'],
    [8 * H - 1, '7h59m'], [8 * H, '8h'], [8 * H + 59 * M, '8h'], [47 * H, '47h'], [48 * H, '2d'],
    [49 * H, '2d1h'], [8 * D - 1, '7d23h'], [8 * D, '8d'], [8 * D + 2 * H, '8d'], [367 * D, '367d'],
    [730 * D - 1, '729d'], [730 * D, '2y'], [730 * D + 25 * H, '2y1d'], [8 * 365 * D - 1, '7y364d'],
    [8 * 365 * D, '8y'], [9 * 365 * D, '9y'],
  ])('%d ms prints %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

function ev(p: Partial<EventView> & { id: string; lastMs: number }): EventView {
  return {
    type: 'Normal',
    reason: 'Scheduled',
    message: 'Successfully assigned default/web-1 to node-1',
    involved: { kind: 'Pod', namespace: 'default', name: 'web-1' },
    source: 'default-scheduler',
    count: 1,
    ...p,
  };
}

describe('eventRows', () => {
  const events = [
    ev({ id: 'c', lastMs: 30 * S, type: 'Warning', reason: 'FailedScheduling', message: '0/4 nodes are available: 3 Insufficient cpu.', involved: { kind: 'Pod', namespace: 'default', name: 'big-1' } }),
    ev({ id: 'a', lastMs: 10 * S }),
    ev({ id: 'b', lastMs: 20 * S, reason: 'ScalingReplicaSet', involved: { kind: 'Deployment', namespace: 'default', name: 'web' }, source: 'deployment-controller', message: 'Scaled up replica set web-5d4f8 from 0 to 3' }),
  ];

  it('orders rows newest last and prints LAST SEEN relative to the clock', () => {
    const rows = eventRows(events, 200 * S, '');
    expect(rows.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(rows.map((r) => r.lastSeen)).toEqual(['3m10s', '3m', '2m50s']);
  });

  it('prints OBJECT as lowercase kind/name', () => {
    expect(eventObject(events[2])).toBe('deployment/web');
  });

  it.each([
    ['warning', ['c']],
    ['insufficient CPU', ['c']],
    ['deployment/', ['b']],
    ['pod/web-1 scheduled', ['a']],
    ['no-such-thing', []],
  ])('filter %j keeps %j', (filter, ids) => {
    expect(eventRows(events, 100 * S, filter).map((r) => r.id)).toEqual(ids);
  });

  it('eventsFor selects the events of one object', () => {
    expect(eventsFor(events, { kind: 'Pod', namespace: 'default', name: 'web-1' }).map((e) => e.id)).toEqual(['a']);
    expect(eventsFor(events, { kind: 'Pod', name: 'web-1' })).toEqual([]);
  });
});
