import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Command, WorkerMessage } from '../../worker/protocol';
import { PROTOCOL_VERSION } from '../../worker/protocol';
import { clusterStore } from '../stores/cluster-store';
import { EngineClient } from './engine-client';

/** Stands in for the Web Worker: records what the client posts, lets the test answer. */
class FakeWorker {
  static last: FakeWorker | null = null;
  posted: Command[] = [];
  onmessage: ((e: MessageEvent<WorkerMessage>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  constructor() {
    FakeWorker.last = this;
  }
  postMessage(cmd: Command): void {
    this.posted.push(cmd);
  }
  emit(msg: WorkerMessage): void {
    this.onmessage?.({ data: msg } as MessageEvent<WorkerMessage>);
  }
}

const clock = { simTimeMs: 0, running: true, speed: 1 };
const ready = (seq: number): WorkerMessage => ({ kind: 'ready', protocol: PROTOCOL_VERSION, seq, snapshot: { clock, views: [], events: [], settings: { seed: 1, workerNodes: 3 }, scheduler: { attempts: [], queue: { pods: [], total: 0 } } } });
const delta = (seq: number, simTimeMs: number): WorkerMessage => ({ kind: 'delta', seq, clock: { ...clock, simTimeMs }, changes: [], events: [], writes: [] });

describe('EngineClient', () => {
  const original = globalThis.Worker;
  beforeEach(() => {
    (globalThis as { Worker: unknown }).Worker = FakeWorker;
  });
  afterEach(() => {
    (globalThis as { Worker: unknown }).Worker = original;
  });

  it('numbers requests and resolves each with its own reply', async () => {
    const client = new EngineClient();
    const a = client.request({ kind: 'kubectl', command: 'get pods' });
    const b = client.request({ kind: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'x' } });
    const worker = FakeWorker.last!;
    const [first, second] = worker.posted as Array<Extract<Command, { requestId: number }>>;
    expect(first.requestId).not.toBe(second.requestId);
    worker.emit({ kind: 'reply', requestId: second.requestId, body: { kind: 'delete', ok: true, message: 'pod "x" deleted' } });
    worker.emit({ kind: 'reply', requestId: first.requestId, body: { kind: 'kubectl', output: { stdout: 'No resources found', stderr: '', exitCode: 0 } } });
    await expect(b).resolves.toEqual({ kind: 'delete', ok: true, message: 'pod "x" deleted' });
    await expect(a).resolves.toMatchObject({ kind: 'kubectl' });
  });

  it('traces a packet: the trace, the request\'s own error, or the engine\'s', async () => {
    const client = new EngineClient();
    const request = { from: { kind: 'pod' as const, pod: 'default/client' }, to: 'web', port: 80, protocol: 'TCP' as const };
    const ok = client.trace(request);
    const bad = client.trace({ ...request, from: { kind: 'pod', pod: 'default/nope' } });
    const threw = client.trace(request);
    const worker = FakeWorker.last!;
    const posted = worker.posted as Array<Extract<Command, { kind: 'trace' }>>;
    expect(posted.map((c) => c.kind)).toEqual(['trace', 'trace', 'trace']);
    expect(posted[0].request).toEqual(request);
    const trace = { id: 'trace-1', request, hops: [], outcome: { delivered: true, replied: true }, at: 0 };
    worker.emit({ kind: 'reply', requestId: posted[0].requestId, body: { kind: 'trace', trace } });
    worker.emit({ kind: 'reply', requestId: posted[1].requestId, body: { kind: 'trace', error: 'pods "nope" not found' } });
    worker.emit({ kind: 'reply', requestId: posted[2].requestId, body: { kind: 'error', message: 'boom' } });
    await expect(ok).resolves.toEqual({ trace });
    await expect(bad).resolves.toEqual({ error: 'pods "nope" not found' });
    await expect(threw).resolves.toEqual({ error: 'boom' });
  });

  it('applies deltas in seq order and asks for a resync on a gap, ignoring deltas until the snapshot', () => {
    const client = new EngineClient();
    client.start();
    const worker = FakeWorker.last!;
    worker.emit(ready(1));
    worker.emit(delta(2, 100));
    expect(clusterStore.getState().clock.simTimeMs).toBe(100);
    worker.emit(delta(4, 300));
    expect(worker.posted).toEqual([{ kind: 'resync' }]);
    worker.emit(delta(5, 400));
    expect(clusterStore.getState().clock.simTimeMs).toBe(100);
    worker.emit(ready(6));
    worker.emit(delta(7, 700));
    expect(clusterStore.getState().clock.simTimeMs).toBe(700);
  });

  it('shows a fault from the worker in the store', () => {
    const client = new EngineClient();
    client.start();
    FakeWorker.last!.emit({ kind: 'fault', message: 'boom' });
    expect(clusterStore.getState().fault).toBe('boom');
  });
});
