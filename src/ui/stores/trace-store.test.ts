import { afterEach, describe, expect, it, vi } from 'vitest';
import { REFUSED_TRACE, WEB_TRACE } from '../panels/packet-fixture';
import {
  add, deselect, EMPTY_TRACES, hopDurationMs, MAX_TRACES, pause, play, seek, select, selectedEntry, setSpeed, startTracePlayback, stepBack, stepForward, tick,
  traceActions, traceStore,
} from './trace-store';

const last = WEB_TRACE.hops.length - 1;

describe('trace store reducers', () => {
  it('puts a new trace on top, selects it and plays it from the first hop', () => {
    const s = add(add(EMPTY_TRACES, WEB_TRACE, 'form'), REFUSED_TRACE, 'terminal');
    expect(s.entries.map((e) => e.trace.id)).toEqual(['trace-2', 'trace-1']);
    expect(selectedEntry(s)?.trace).toBe(REFUSED_TRACE);
    expect(selectedEntry(s)?.source).toBe('terminal');
    expect(s).toMatchObject({ hop: 0, playing: true });
  });

  it(`keeps the last ${MAX_TRACES} traces, with unique uids even when engine ids repeat`, () => {
    let s = EMPTY_TRACES;
    for (let i = 0; i < MAX_TRACES + 5; i++) s = add(s, WEB_TRACE, 'form');
    expect(s.entries).toHaveLength(MAX_TRACES);
    expect(new Set(s.entries.map((e) => e.uid)).size).toBe(MAX_TRACES);
    expect(s.entries[0].uid).toBe(MAX_TRACES + 5);
  });

  it('never changes the trace objects it holds', () => {
    const frozen = structuredClone(WEB_TRACE);
    let s = add(EMPTY_TRACES, WEB_TRACE, 'form');
    s = stepForward(seek(s, 4));
    s = tick(play(s));
    expect(s.hop).toBe(6);
    expect(WEB_TRACE).toEqual(frozen);
  });

  it('selecting another trace starts it at its first hop, paused; unknown uids change nothing', () => {
    let s = add(add(EMPTY_TRACES, WEB_TRACE, 'form'), REFUSED_TRACE, 'form');
    s = seek(s, 1);
    s = select(s, 1);
    expect(selectedEntry(s)?.trace).toBe(WEB_TRACE);
    expect(s).toMatchObject({ hop: 0, playing: false });
    expect(select(s, 99)).toBe(s);
  });

  it('closing the view keeps the trace in the list', () => {
    const s = deselect(seek(add(EMPTY_TRACES, WEB_TRACE, 'form'), 3));
    expect(s).toMatchObject({ selected: null, hop: 0, playing: false });
    expect(s.entries).toHaveLength(1);
    expect(selectedEntry(s)).toBeUndefined();
    expect(deselect(s)).toBe(s);
  });

  it('steps forward and back within the hops and pauses', () => {
    let s = add(EMPTY_TRACES, WEB_TRACE, 'form');
    s = stepBack(s);
    expect(s).toMatchObject({ hop: 0, playing: false });
    s = stepForward(stepForward(s));
    expect(s.hop).toBe(2);
    s = seek(s, 1000);
    expect(s.hop).toBe(last);
    expect(stepForward(s)).toBe(s);
    expect(seek(s, -3).hop).toBe(0);
  });

  it('ticks one hop at a time while playing and stops on the last hop', () => {
    let s = add(EMPTY_TRACES, WEB_TRACE, 'form');
    let ticks = 0;
    while (s.playing) {
      s = tick(s);
      ticks++;
    }
    expect(ticks).toBe(last);
    expect(s.hop).toBe(last);
    expect(tick(s)).toBe(s);
  });

  it('play at the end starts over; pause keeps the hop', () => {
    let s = seek(add(EMPTY_TRACES, WEB_TRACE, 'form'), last);
    s = play(s);
    expect(s).toMatchObject({ hop: 0, playing: true });
    s = pause(tick(s));
    expect(s).toMatchObject({ hop: 1, playing: false });
    expect(pause(s)).toBe(s);
  });

  it('accepts only the offered speeds; a hop takes proportionally less time when faster', () => {
    const s = setSpeed(EMPTY_TRACES, 2);
    expect(s.speed).toBe(2);
    expect(setSpeed(s, 3)).toBe(s);
    expect(hopDurationMs(2)).toBe(hopDurationMs(1) / 2);
    expect(hopDurationMs(0.5)).toBe(hopDurationMs(1) * 2);
  });

  it('a one-hop trace does not play', () => {
    const one = { ...REFUSED_TRACE, hops: REFUSED_TRACE.hops.slice(0, 1) };
    const s = add(EMPTY_TRACES, one, 'form');
    expect(s.playing).toBe(false);
    expect(play(s)).toBe(s);
  });
});

describe('trace playback driver', () => {
  afterEach(() => {
    vi.useRealTimers();
    traceStore.setState(EMPTY_TRACES, true);
  });

  it('moves one hop per hop duration while playing, at the chosen speed', () => {
    vi.useFakeTimers();
    const stop = startTracePlayback();
    traceActions.add(WEB_TRACE, 'form');
    traceActions.setSpeed(2);
    vi.advanceTimersByTime(hopDurationMs(2) * 3 + 1);
    expect(traceStore.getState().hop).toBe(3);
    traceActions.pause();
    vi.advanceTimersByTime(hopDurationMs(2) * 5);
    expect(traceStore.getState().hop).toBe(3);
    traceActions.play();
    vi.advanceTimersByTime(hopDurationMs(2) * 100);
    expect(traceStore.getState()).toMatchObject({ hop: last, playing: false });
    stop();
  });
});
