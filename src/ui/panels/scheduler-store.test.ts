import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AttemptDetail, AttemptSummary, WorkerMessage } from '../../worker/protocol';
import { PROTOCOL_VERSION } from '../../worker/protocol';
import { applyDelta, applySnapshot, clusterStore } from '../stores/cluster-store';
import { detailKey, schedulerStore, showAttempt, startAttemptTracking } from './scheduler-store';

const request = vi.fn();
vi.mock('../bridge/engine-client', () => ({ engineClient: { request: (...args: unknown[]) => request(...args) } }));

function attempt(id: number, uid = `uid-${id}`): AttemptSummary {
  return {
    id,
    atMs: id * 100,
    cycle: id,
    pod: { namespace: 'default', name: `web-${id}`, uid, priority: 0 },
    schedulerName: 'default-scheduler',
    attempt: 1,
    result: 'Scheduled',
    node: 'node-1',
    message: '',
    numAllNodes: 2,
    evaluatedNodes: 2,
    feasibleNodes: 1,
  };
}

const clock = { simTimeMs: 0, running: true, speed: 1 };
const ready = (attempts: AttemptSummary[]): Extract<WorkerMessage, { kind: 'ready' }> => ({
  kind: 'ready',
  protocol: PROTOCOL_VERSION,
  seq: 1,
  snapshot: { clock, views: [], events: [], settings: { seed: 1, workerNodes: 1 }, scheduler: { attempts, queue: { pods: [], total: 0 } } },
});
const delta = (seq: number, attempts: AttemptSummary[]): Extract<WorkerMessage, { kind: 'delta' }> => ({
  kind: 'delta',
  seq,
  clock,
  changes: [],
  events: [],
  writes: [],
  scheduler: { attempts },
});

const waitForReply = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('attempt details', () => {
  beforeEach(() => {
    request.mockReset();
    schedulerStore.setState({ details: new Map(), view: { mode: 'live' } });
    clusterStore.setState({ attempts: [attempt(1), attempt(2)] });
  });

  it('fetches a detail once and shows it', async () => {
    const detail = { ...attempt(2), filterPlugins: [], scorePlugins: [], nominatedFastPath: false, nodes: [] } satisfies AttemptDetail;
    request.mockResolvedValue({ kind: 'schedulingAttempt', detail });
    showAttempt(attempt(2));
    expect(schedulerStore.getState().view).toEqual({ mode: 'attempt', id: 2 });
    expect(schedulerStore.getState().details.get(detailKey(attempt(2)))).toEqual({ status: 'loading' });
    await waitForReply();
    expect(request).toHaveBeenCalledWith({ kind: 'schedulingAttempt', id: 2 });
    expect(schedulerStore.getState().details.get(detailKey(attempt(2)))).toEqual({ status: 'ready', detail });
    showAttempt(attempt(2));
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('says the detail is gone when the engine no longer keeps it, or keeps another pod under that id', async () => {
    request.mockResolvedValueOnce({ kind: 'schedulingAttempt' });
    showAttempt(attempt(1));
    await waitForReply();
    expect(schedulerStore.getState().details.get(detailKey(attempt(1)))).toEqual({ status: 'gone' });

    const other = { ...attempt(2, 'someone-else'), filterPlugins: [], scorePlugins: [], nominatedFastPath: false, nodes: [] };
    request.mockResolvedValueOnce({ kind: 'schedulingAttempt', detail: other });
    showAttempt(attempt(2));
    await waitForReply();
    expect(schedulerStore.getState().details.get(detailKey(attempt(2)))).toEqual({ status: 'gone' });
  });

  it('keeps an engine error, and asks again next time', async () => {
    request.mockResolvedValueOnce({ kind: 'error', message: 'boom' });
    showAttempt(attempt(1));
    await waitForReply();
    expect(schedulerStore.getState().details.get(detailKey(attempt(1)))).toEqual({ status: 'error', message: 'boom' });
    request.mockResolvedValueOnce({ kind: 'schedulingAttempt' });
    showAttempt(attempt(1));
    expect(request).toHaveBeenCalledTimes(2);
  });
});

describe('attempt tracking', () => {
  let stop: () => void;
  let now = 0;
  beforeEach(() => {
    clusterStore.setState({ connected: false, attempts: [] });
    now = 1000;
    stop = startAttemptTracking(() => now);
  });
  afterEach(() => stop());

  it('treats the first snapshot as history and queues what arrives after it', () => {
    applySnapshot(ready([attempt(1), attempt(2)]));
    expect(schedulerStore.getState().playback).toMatchObject({ waiting: [], lastId: 2, current: { attempt: { id: 2 } } });
    now = 2000;
    applyDelta(delta(2, [attempt(3), attempt(4)]));
    expect(schedulerStore.getState().playback.waiting.map((w) => [w.attempt.id, w.arrivedMs])).toEqual([
      [3, 2000],
      [4, 2000],
    ]);
  });

  it('starts over when the cluster is rebuilt (ids go back), forgetting the old details and view', () => {
    applySnapshot(ready([attempt(1), attempt(2), attempt(3)]));
    schedulerStore.setState({ view: { mode: 'attempt', id: 3 }, details: new Map([['3:uid-3', { status: 'gone' }]]) });
    applySnapshot(ready([attempt(1, 'new-cluster')]));
    const s = schedulerStore.getState();
    expect(s.playback).toMatchObject({ waiting: [], lastId: 1, current: { attempt: { pod: { uid: 'new-cluster' } } } });
    expect(s.view).toEqual({ mode: 'live' });
    expect(s.details.size).toBe(0);
  });
});
