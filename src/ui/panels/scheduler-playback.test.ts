import { describe, expect, it } from 'vitest';
import type { AttemptSummary } from '../../worker/protocol';
import {
  advance,
  ATTEMPT_MS,
  attemptDurationMs,
  dropStale,
  EMPTY_PLAYBACK,
  KEEP_AFTER_SKIP,
  MAX_ATTEMPT_MS,
  MAX_WAITING,
  MIN_ATTEMPT_MS,
  nextWakeMs,
  progressAt,
  receive,
  RECENT_MS,
  seed,
  stagesFor,
  STAGES_SHARE,
  type PlaybackState,
} from './scheduler-playback';

function attempt(id: number, over: Partial<AttemptSummary> = {}): AttemptSummary {
  return {
    id,
    atMs: 600,
    cycle: id,
    pod: { namespace: 'default', name: `web-${id}`, uid: `uid-${id}`, priority: 0 },
    schedulerName: 'default-scheduler',
    attempt: 1,
    result: 'Scheduled',
    node: 'node-1',
    message: `Successfully assigned default/web-${id} to node-1`,
    numAllNodes: 4,
    evaluatedNodes: 4,
    feasibleNodes: 3,
    ...over,
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => attempt(from + i));

describe('playback pacing', () => {
  it('takes 1.2 s per attempt at 1x, proportionally less when faster, within bounds', () => {
    expect(attemptDurationMs(1)).toBe(ATTEMPT_MS);
    expect(attemptDurationMs(2)).toBe(ATTEMPT_MS / 2);
    expect(attemptDurationMs(10)).toBe(MIN_ATTEMPT_MS);
    expect(attemptDurationMs(100)).toBe(MIN_ATTEMPT_MS);
    expect(attemptDurationMs(0.25)).toBe(MAX_ATTEMPT_MS);
    expect(attemptDurationMs(0)).toBe(ATTEMPT_MS);
  });

  it('plays a 3-replica Deployment one attempt after another, never two at once', () => {
    let s = receive(EMPTY_PLAYBACK, range(1, 3), 0);
    expect(s.waiting.map((w) => w.attempt.id)).toEqual([1, 2, 3]);
    s = advance(s, 0, 1);
    expect(s.current?.attempt.id).toBe(1);
    expect(s.current?.skipped).toBe(0);
    // Still playing the first one just before its time is up.
    expect(advance(s, ATTEMPT_MS - 1, 1)).toBe(s);
    s = advance(s, ATTEMPT_MS, 1);
    expect(s.current?.attempt.id).toBe(2);
    expect(s.current?.startedMs).toBe(ATTEMPT_MS);
    s = advance(s, 2 * ATTEMPT_MS, 1);
    expect(s.current?.attempt.id).toBe(3);
    expect(s.waiting).toEqual([]);
    // The last one stays on stage (showing its result) when nothing else comes.
    const after = advance(s, 10 * ATTEMPT_MS, 1);
    expect(after).toBe(s);
    expect(after.current?.attempt.id).toBe(3);
  });

  it('queues only attempts it has not seen, in id order', () => {
    let s = receive(EMPTY_PLAYBACK, range(1, 2), 0);
    s = receive(s, range(1, 4), 50);
    expect(s.waiting.map((w) => [w.attempt.id, w.arrivedMs])).toEqual([
      [1, 0],
      [2, 0],
      [3, 50],
      [4, 50],
    ]);
    expect(receive(s, range(1, 4), 60)).toBe(s);
  });

  it('skips ahead when more than MAX_WAITING wait, keeps the newest and says how many it skipped', () => {
    const n = MAX_WAITING + 5;
    let s = advance(receive(EMPTY_PLAYBACK, range(1, n), 0), 0, 1);
    const skipped = n - KEEP_AFTER_SKIP - 1;
    expect(s.current?.skipped).toBe(skipped);
    expect(s.current?.attempt.id).toBe(skipped + 1);
    expect(s.waiting.map((w) => w.attempt.id)).toEqual(range(n - KEEP_AFTER_SKIP + 1, n).map((a) => a.id));
    // Exactly MAX_WAITING waiting is still followed one by one.
    s = advance(receive(EMPTY_PLAYBACK, range(1, MAX_WAITING), 0), 0, 1);
    expect(s.current).toMatchObject({ skipped: 0, attempt: { id: 1 } });
  });

  it('treats the first snapshot and a rebuilt cluster as history', () => {
    const s = seed(range(1, 7));
    expect(s).toMatchObject({ waiting: [], lastId: 7, current: { attempt: { id: 7 } } });
    // The newest is on stage already at its end: the panel shows its result, not an empty state.
    expect(progressAt(s.current!, 0, false).done).toBe(true);
    expect(nextWakeMs(s, 0)).toBeUndefined();
    expect(seed([])).toEqual({ waiting: [], current: null, lastId: 0 });
    const playing: PlaybackState = advance(receive(s, range(1, 9), 0), 0, 1);
    expect(playing.current?.attempt.id).toBe(8);
    // Ids went backwards: a new cluster. Its attempts are not replayed.
    expect(receive(playing, range(1, 2), 10)).toMatchObject({ waiting: [], lastId: 2, current: { attempt: { id: 2 } } });
  });

  it('drops attempts that arrived long before the panel was shown', () => {
    let s = receive(EMPTY_PLAYBACK, range(1, 2), 0);
    s = receive(s, range(1, 3), RECENT_MS);
    expect(dropStale(s, RECENT_MS + 1).waiting.map((w) => w.attempt.id)).toEqual([3]);
    expect(dropStale(s, RECENT_MS)).toBe(s);
    // All of them stale: nothing replays, the newest shows its result.
    const old = dropStale(s, 3 * RECENT_MS);
    expect(old.waiting).toEqual([]);
    expect(old.current?.attempt.id).toBe(3);
    expect(progressAt(old.current!, 3 * RECENT_MS, false).done).toBe(true);
  });
});

describe('stages of an attempt', () => {
  it.each([
    ['a scheduled pod with several feasible nodes', attempt(1), ['PreFilter', 'Filter', 'PreScore', 'Score', 'Reserve', 'Bind']],
    ['a scheduled pod with one feasible node (no scoring)', attempt(1, { feasibleNodes: 1 }), ['PreFilter', 'Filter', 'Reserve', 'Bind']],
    ['an unschedulable pod', attempt(1, { result: 'Unschedulable', feasibleNodes: 0 }), ['PreFilter', 'Filter', 'PostFilter']],
    ['a pod PreFilter rejected', attempt(1, { result: 'Unschedulable', feasibleNodes: 0, evaluatedNodes: 0 }), ['PreFilter', 'PostFilter']],
    ['an error', attempt(1, { result: 'Error', feasibleNodes: 0 }), ['PreFilter', 'Filter']],
  ])('%s', (_name, a, stages) => {
    expect(stagesFor(a)).toEqual(stages);
  });

  it('walks the stages in the first part of the attempt, then shows the result', () => {
    const p = { attempt: attempt(1), startedMs: 1000, durationMs: 1200, skipped: 0 };
    const walk = 1200 * STAGES_SHARE;
    const step = walk / 6;
    expect(progressAt(p, 1000, false)).toEqual({ stage: 'PreFilter', passed: [], done: false });
    expect(progressAt(p, 1000 + step * 1.5, false)).toEqual({ stage: 'Filter', passed: ['PreFilter'], done: false });
    expect(progressAt(p, 1000 + walk - 1, false).stage).toBe('Bind');
    expect(progressAt(p, 1000 + walk, false)).toMatchObject({ stage: null, done: true });
    // Reduced motion: straight to the result.
    expect(progressAt(p, 1000, true)).toMatchObject({ stage: null, done: true });
  });

  it('wakes at each stage boundary, then at the end only when more attempts wait', () => {
    let s = advance(receive(EMPTY_PLAYBACK, range(1, 1), 0), 0, 1);
    const step = (ATTEMPT_MS * STAGES_SHARE) / 6;
    expect(nextWakeMs(s, 0)).toBeCloseTo(step);
    expect(nextWakeMs(s, step * 2.5)).toBeCloseTo(step * 3);
    expect(nextWakeMs(s, ATTEMPT_MS * STAGES_SHARE)).toBe(ATTEMPT_MS);
    expect(nextWakeMs(s, ATTEMPT_MS)).toBeUndefined();
    s = receive(s, range(1, 2), ATTEMPT_MS);
    expect(nextWakeMs(s, ATTEMPT_MS + 5)).toBe(ATTEMPT_MS + 5);
    expect(nextWakeMs(EMPTY_PLAYBACK, 0)).toBeUndefined();
  });
});
