import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClockState, PodView, ViewChange, WorkerMessage } from '../../worker/protocol';
import { PROTOCOL_VERSION } from '../../worker/protocol';
import { applyDelta, applySnapshot, clusterStore } from './cluster-store';
import { departedPods, LEAVE_MS, leavingStore, startLeavingPods } from './leaving-pods';

const clock: ClockState = { simTimeMs: 0, running: true, speed: 1 };
type Delta = Extract<WorkerMessage, { kind: 'delta' }>;
let seq = 1;
const delta = (changes: ViewChange[]): Delta => ({ kind: 'delta', seq: seq++, clock, changes, events: [], writes: [] });

function pod(name: string, nodeName: string | undefined, rv: number): PodView {
  return {
    kind: 'Pod', key: `default/${name}`, namespace: 'default', name, uid: name, ...(nodeName ? { nodeName } : {}), phase: 'Running', status: 'Running', ready: '1/1',
    deleting: false, labels: {}, containers: [], restarts: 0, cpuMillis: 0, memoryBytes: 0, creationMs: 0, rv: String(rv),
  };
}
const remove = (name: string, rv: number): ViewChange => ({ type: 'delete', kind: 'Pod', key: `default/${name}`, rv: String(rv) });

describe('departedPods', () => {
  beforeEach(() => {
    applySnapshot({ kind: 'ready', protocol: PROTOCOL_VERSION, seq: 0, snapshot: { clock, views: [pod('a', 'node-1', 1), pod('b', undefined, 2)], events: [], settings: { seed: 1, workerNodes: 3 }, scheduler: { attempts: [], queue: { pods: [], total: 0 } } } });
  });

  it('lists a deleted pod with its last view and the node it was on', () => {
    const before = clusterStore.getState();
    applyDelta(delta([remove('a', 3)]));
    const gone = departedPods(before, clusterStore.getState());
    expect([...gone.keys()]).toEqual(['Pod:default/a']);
    expect(gone.get('Pod:default/a')).toMatchObject({ nodeName: 'node-1', view: { name: 'a', phase: 'Running' } });
  });

  it('does not count a pod that was bound (it moved from the unscheduled list to a node)', () => {
    const before = clusterStore.getState();
    applyDelta(delta([{ type: 'upsert', view: pod('b', 'node-2', 3) }]));
    expect(departedPods(before, clusterStore.getState()).size).toBe(0);
  });
});

describe('startLeavingPods', () => {
  let stop: () => void;
  beforeEach(() => {
    vi.useFakeTimers();
    applySnapshot({ kind: 'ready', protocol: PROTOCOL_VERSION, seq: 0, snapshot: { clock, views: [pod('a', 'node-1', 1), pod('c', 'node-2', 2)], events: [], settings: { seed: 1, workerNodes: 3 }, scheduler: { attempts: [], queue: { pods: [], total: 0 } } } });
    stop = startLeavingPods();
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('keeps a deleted pod for the length of the fade, then forgets it', () => {
    applyDelta(delta([remove('a', 3)]));
    expect([...leavingStore.getState().pods.keys()]).toEqual(['Pod:default/a']);
    vi.advanceTimersByTime(LEAVE_MS - 1);
    expect(leavingStore.getState().pods.has('Pod:default/a')).toBe(true);
    vi.advanceTimersByTime(1);
    expect(leavingStore.getState().pods.size).toBe(0);
  });

  it('drops the ghost at once when a pod of the same name comes back', () => {
    applyDelta(delta([remove('a', 3)]));
    applyDelta(delta([{ type: 'upsert', view: pod('a', 'node-3', 4) }]));
    expect(leavingStore.getState().pods.size).toBe(0);
  });

  it('forgets everything when stopped', () => {
    applyDelta(delta([remove('c', 3)]));
    stop();
    expect(leavingStore.getState().pods.size).toBe(0);
    stop = () => {};
  });
});
