import { afterEach, describe, expect, it, vi } from 'vitest';
import { REFUSED_TRACE, WEB_TRACE } from '../panels/packet-fixture';
import { clusterStore } from './cluster-store';
import {
  add, deselect, EMPTY_TRACES, hopDurationMs, isQuietHop, MAX_TRACES, pause, play, prefill, seek, select, selectedEntry, setCompare, setHideQuiet, setPlayAll, setSpeed,
  startTracePlayback, stepBack, stepForward, tick, traceActions, traceStore,
} from './trace-store';

const last = WEB_TRACE.hops.length - 1;

describe('trace store reducers', () => {
  it('keeps at least 200 traces for play-all and switches it on and off without touching the selection', () => {
    expect(MAX_TRACES).toBeGreaterThanOrEqual(200);
    let s = EMPTY_TRACES;
    for (let i = 0; i < 200; i++) s = add(s, WEB_TRACE, 'form');
    expect(s.entries).toHaveLength(200);
    const on = setPlayAll(s, true);
    expect(on.playAll).toBe(true);
    expect(on.selected).toBe(s.selected);
    expect(setPlayAll(on, true)).toBe(on);
    expect(setPlayAll(on, false).playAll).toBe(false);
  });

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

describe('quiet hops, compare and the form prefill', () => {
  // WEB_TRACE with a quiet FORWARD hook after hop 2 (the DNAT) and a quiet POSTROUTING after hop 3.
  const quietOf = (i: number, hook: string) => ({ ...WEB_TRACE.hops[i], kind: 'netfilter' as const, summary: `${hook}: no rule acted on it, policy ACCEPT`, rule: undefined, verdict: 'ACCEPT' as const });
  const hops = [...WEB_TRACE.hops.slice(0, 3), quietOf(2, 'FORWARD'), WEB_TRACE.hops[3], quietOf(3, 'POSTROUTING'), ...WEB_TRACE.hops.slice(4)];
  const QUIET = { ...WEB_TRACE, hops };

  it('folds quiet hops by default: stepping and playback skip them; shown, they are stepped', () => {
    let s = seek(add(EMPTY_TRACES, QUIET, 'form'), 2);
    expect(s.hideQuiet).toBe(true);
    s = stepForward(s);
    expect(s.hop).toBe(4);
    s = stepForward(s);
    expect(s.hop).toBe(6);
    s = stepBack(s);
    expect(s.hop).toBe(4);
    s = tick(play(seek(s, 2)));
    expect(s.hop).toBe(4);
    s = setHideQuiet(seek(s, 2), false);
    expect(stepForward(s).hop).toBe(3);
  });

  it('folding while a quiet hop is on stage moves back to the hop it folds into', () => {
    const s = setHideQuiet(seek(setHideQuiet(add(EMPTY_TRACES, QUIET, 'form'), false), 5), true);
    expect(s).toMatchObject({ hideQuiet: true, hop: 4 });
    expect(isQuietHop(QUIET.hops[5])).toBe(true);
  });

  it('plays to the last shown hop and stops there', () => {
    let s = play(seek(add(EMPTY_TRACES, QUIET, 'form'), hops.length - 3));
    while (s.playing) s = tick(s);
    expect(s.hop).toBe(hops.length - 1);
  });

  it('remembers the dataplane and the trace a what-if replays; compare picks another entry, never itself', () => {
    let s = add(EMPTY_TRACES, WEB_TRACE, 'form', { dataplane: { cni: 'flannel-vxlan', proxyMode: 'iptables' } });
    s = add(s, { ...WEB_TRACE, whatIf: { cni: 'calico-ipip' } }, 'form', { dataplane: { cni: 'calico-ipip', proxyMode: 'iptables' }, whatIfOf: 1 });
    expect(s.entries[0]).toMatchObject({ uid: 2, whatIfOf: 1, dataplane: { cni: 'calico-ipip' } });
    expect(setCompare(s, 2)).toBe(s);
    expect(setCompare(s, 42)).toBe(s);
    s = setCompare(s, 1);
    expect(s.compare).toBe(1);
    expect(select(s, 1).compare).toBeNull();
    expect(deselect(s).compare).toBeNull();
  });

  it('prefills the form with a rising sequence number', () => {
    const a = prefill(EMPTY_TRACES, { source: 'pod:default/client' });
    const b = prefill(a, { destination: 'web', port: '80', protocol: 'TCP' });
    expect(a.draft).toEqual({ source: 'pod:default/client', seq: 1 });
    expect(b.draft).toEqual({ destination: 'web', port: '80', protocol: 'TCP', seq: 2 });
  });

  it('traceActions.add records the running cluster\'s dataplane with the what-if overrides', () => {
    clusterStore.setState({ settings: { seed: 1, workerNodes: 3, cni: 'flannel-host-gw', proxyMode: 'iptables' } });
    traceStore.setState(EMPTY_TRACES, true);
    traceActions.add(WEB_TRACE, 'terminal');
    traceActions.add({ ...WEB_TRACE, whatIf: { proxyMode: 'ipvs' } }, 'terminal', 1);
    const [whatIf, plain] = traceStore.getState().entries;
    expect(plain.dataplane).toEqual({ cni: 'flannel-host-gw', proxyMode: 'iptables' });
    expect(whatIf).toMatchObject({ whatIfOf: 1, dataplane: { cni: 'flannel-host-gw', proxyMode: 'ipvs' } });
    traceStore.setState(EMPTY_TRACES, true);
    clusterStore.setState({ settings: null });
  });
});
