import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../worker/protocol';
import { DEFAULT_FILTER, facets, fractionOf, matches, MAX_UI_ENTRIES, mergeEntries, nudge } from './timeline-model';

const entry = (seq: number, over: Partial<TimelineEntry> = {}): TimelineEntry => ({
  seq, atMs: seq * 100, kind: 'controller', writer: 'replicaset-controller', verb: 'create', object: { kind: 'Pod', namespace: 'default', name: `web-${seq}` }, detail: '', ...over,
});

describe('timeline model', () => {
  it('appends only newer entries, replaces on a new generation, and keeps the newest', () => {
    const held = [entry(1), entry(2)];
    expect(mergeEntries(held, [entry(2), entry(3)], false).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(mergeEntries(held, [entry(7)], true).map((e) => e.seq)).toEqual([7]);
    const many = Array.from({ length: MAX_UI_ENTRIES + 10 }, (_, i) => entry(i + 1));
    const kept = mergeEntries([], many, false);
    expect(kept).toHaveLength(MAX_UI_ENTRIES);
    expect(kept[0].seq).toBe(11);
  });

  it('filters by kind (heartbeats hidden by default), writer, namespace and text', () => {
    const beat = entry(1, { kind: 'heartbeat', writer: 'kubelet/node-1', object: { kind: 'Lease', namespace: 'kube-node-lease', name: 'node-1' } });
    const bind = entry(2, { kind: 'scheduler', writer: 'kube-scheduler', detail: 'spec.nodeName: node-2' });
    const node = entry(3, { kind: 'kubelet', writer: 'kubelet/node-1', object: { kind: 'Node', name: 'node-1' } });
    expect(matches(beat, DEFAULT_FILTER)).toBe(false);
    expect(matches(bind, DEFAULT_FILTER)).toBe(true);
    expect(matches(bind, { ...DEFAULT_FILTER, writer: 'kube-scheduler' })).toBe(true);
    expect(matches(node, { ...DEFAULT_FILTER, writer: 'kube-scheduler' })).toBe(false);
    expect(matches(node, { ...DEFAULT_FILTER, namespace: '-' })).toBe(true);
    expect(matches(bind, { ...DEFAULT_FILTER, namespace: '-' })).toBe(false);
    expect(matches(bind, { ...DEFAULT_FILTER, namespace: 'default' })).toBe(true);
    expect(matches(bind, { ...DEFAULT_FILTER, text: 'NODE-2' })).toBe(true);
    expect(matches(bind, { ...DEFAULT_FILTER, text: 'node-3' })).toBe(false);
    expect(facets([beat, bind, node])).toEqual({ writers: ['kube-scheduler', 'kubelet/node-1'], namespaces: ['default', 'kube-node-lease'] });
  });

  it('maps time to the scrubber and moves by keys within the range', () => {
    const st = { startMs: 1000, liveMs: 11_000 };
    expect(fractionOf(st, 6000)).toBe(0.5);
    expect(fractionOf(st, 0)).toBe(0);
    expect(fractionOf({ startMs: 5, liveMs: 5 }, 5)).toBe(1);
    expect(nudge(st, 6000, 'ArrowLeft', false)).toBe(5000);
    expect(nudge(st, 6000, 'ArrowRight', true)).toBe(11_000);
    expect(nudge(st, 6000, 'Home', false)).toBe(1000);
    expect(nudge(st, 6000, 'a', false)).toBeUndefined();
  });
});
