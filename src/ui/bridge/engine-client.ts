// The UI's only door to the engine: starts the worker, sends Commands, routes replies to their
// promises and feeds `ready`/`delta` into the cluster store. A gap in `seq` means a lost message:
// ask for a resync and ignore deltas until the fresh snapshot arrives.

import type { Command, PacketTrace, ReplyBody, TraceRequest, WorkerMessage } from '../../worker/protocol';
import { assertNever, PROTOCOL_VERSION } from '../../worker/protocol';
import { publishWrites } from '../stores/activity';
import { applyDelta, applySnapshot, setFault } from '../stores/cluster-store';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Commands that get a reply, without the requestId the client assigns. */
export type RequestCommand = DistributiveOmit<Extract<Command, { requestId: number }>, 'requestId'>;
/** Commands without a reply. */
export type SendCommand = Exclude<Command, { requestId: number }>;
export type ErrorReply = Extract<ReplyBody, { kind: 'error' }>;
export type ReplyFor<K extends ReplyBody['kind']> = Extract<ReplyBody, { kind: K }> | ErrorReply;

interface Pending {
  cmd: Command;
  /** a persistence request (requestDirect): the hooks do not see its reply */
  direct?: boolean;
  resolve: (body: ReplyBody) => void;
  reject: (err: Error) => void;
}

/**
 * What persistence (src/ui/persistence/session.ts) hooks into. `beforePost` may delay a command (until
 * it is journaled); commands still reach the worker in the order they were sent. `workerLost`: the
 * worker raised an error event; the client has terminated it and failed its pending requests.
 */
export interface ClientHooks {
  beforePost(cmd: Command): Promise<void> | undefined;
  posted(cmd: Command): void;
  afterReply(cmd: Command, body: ReplyBody): void;
  workerLost(message: string): void;
}

export class EngineClient {
  private worker: Worker | null = null;
  private nextRequestId = 1;
  private readonly pending = new Map<number, Pending>();
  private lastSeq: number | null = null;
  private awaitingResync = false;
  private hooks: ClientHooks | null = null;
  /** commands waiting for their journal entry or an earlier command: they leave in order */
  private outbox: Promise<void> = Promise.resolve();
  private queued = 0;
  /** while set, snapshots and deltas are dropped and user commands wait (a restore replaces the cluster) */
  private holdGate: { promise: Promise<void>; release: () => void } | null = null;
  private readonly watchListeners = new Set<(msg: Extract<WorkerMessage, { kind: 'watchOutput' }>) => void>();

  /** What running `kubectl get -w` sessions print (the terminal). Returns the unsubscribe function. */
  onWatchOutput(fn: (msg: Extract<WorkerMessage, { kind: 'watchOutput' }>) => void): () => void {
    this.watchListeners.add(fn);
    return () => this.watchListeners.delete(fn);
  }

  /** Create the worker (idempotent: React StrictMode may call twice). */
  start(): void {
    if (this.worker) return;
    const worker = new Worker(new URL('../../worker/engine.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<WorkerMessage>) => this.receive(e.data);
    worker.onerror = (e: ErrorEvent) => {
      if (this.hooks) {
        e.preventDefault();
        this.lose(`${e.message || 'unknown error'}`);
        return;
      }
      setFault(`The engine worker failed: ${e.message || 'unknown error'}`);
      this.failPending('The engine worker failed.');
    };
    worker.onmessageerror = () => setFault('A message from the engine could not be read.');
    this.worker = worker;
  }

  /** Send a command and resolve with its reply (or `{kind:'error'}` when the engine threw). */
  request<C extends RequestCommand>(cmd: C): Promise<ReplyFor<C['kind']>> {
    this.start();
    const requestId = this.nextRequestId++;
    return new Promise<ReplyFor<C['kind']>>((resolve, reject) => {
      const full = { ...cmd, requestId } as Command;
      this.pending.set(requestId, { cmd: full, resolve: resolve as (b: ReplyBody) => void, reject });
      this.post(full);
    });
  }

  /** Persistence's own requests (save, restore, replay): no hooks, no queue, not held. */
  requestDirect(cmd: RequestCommand): Promise<ReplyBody> {
    this.start();
    const requestId = this.nextRequestId++;
    return new Promise<ReplyBody>((resolve, reject) => {
      const full = { ...cmd, requestId } as Command;
      this.pending.set(requestId, { cmd: full, direct: true, resolve, reject });
      this.worker?.postMessage(full);
    });
  }

  setHooks(hooks: ClientHooks | null): void {
    this.hooks = hooks;
  }

  /** Hold (drop snapshots and deltas, queue user commands) while a restore replaces the cluster; release asks for a fresh snapshot. */
  hold(on: boolean): void {
    if (on && !this.holdGate) {
      let release = () => {};
      const promise = new Promise<void>((r) => (release = r));
      this.holdGate = { promise, release };
    } else if (!on && this.holdGate) {
      const gate = this.holdGate;
      this.holdGate = null;
      this.lastSeq = null;
      this.worker?.postMessage({ kind: 'resync' } satisfies Command);
      gate.release();
    }
  }

  get isHeld(): boolean {
    return this.holdGate !== null;
  }

  /** The worker is gone: drop it, fail what waited on it, and let the hooks restart it. */
  private lose(message: string): void {
    this.worker?.terminate();
    this.worker = null;
    this.lastSeq = null;
    this.awaitingResync = false;
    this.failPending(`The engine worker failed: ${message}`);
    this.hooks?.workerLost(message);
  }

  /** Test builds only: make the worker throw outside its handlers, as a crash would. */
  crashForTest(): void {
    this.worker?.postMessage({ kind: 'testCrash' } satisfies Command);
  }

  /**
   * Trace one packet: the trace, or why the request itself was invalid (an unknown pod, or the engine
   * threw). A dropped packet is a trace, not an error. `whatIf`: as if the cluster ran another CNI
   * back end or kube-proxy mode (the trace comes back with `whatIf` set; the cluster is not changed).
   */
  async trace(request: TraceRequest, whatIf?: Extract<Command, { kind: 'trace' }>['whatIf']): Promise<{ trace: PacketTrace } | { error: string }> {
    const reply = await this.request({ kind: 'trace', request, ...(whatIf ? { whatIf } : {}) });
    if (reply.kind === 'error') return { error: reply.message };
    if (reply.trace) return { trace: reply.trace };
    return { error: reply.error ?? 'no trace came back' };
  }

  /** Fire-and-forget commands: clock control and resync. */
  send(cmd: SendCommand): void {
    this.start();
    this.post(cmd);
  }

  private post(cmd: Command): void {
    const journaled = this.hooks?.beforePost(cmd);
    const gate = this.holdGate?.promise;
    if (!journaled && !gate && this.queued === 0) {
      this.postNow(cmd);
      return;
    }
    this.queued += 1;
    const before = this.outbox;
    this.outbox = Promise.all([before, journaled, gate]).then(
      () => this.postQueued(cmd),
      () => this.postQueued(cmd),
    );
  }

  private postQueued(cmd: Command): void {
    this.queued -= 1;
    this.postNow(cmd);
  }

  private postNow(cmd: Command): void {
    this.worker?.postMessage(cmd);
    this.hooks?.posted(cmd);
  }

  private failPending(message: string): void {
    for (const p of this.pending.values()) p.reject(new Error(message));
    this.pending.clear();
  }

  private receive(msg: WorkerMessage): void {
    switch (msg.kind) {
      case 'ready':
        if (this.holdGate) return;
        if (msg.protocol !== PROTOCOL_VERSION) {
          setFault(`Protocol mismatch: UI ${PROTOCOL_VERSION}, engine ${String(msg.protocol)}. Reload the page.`);
          return;
        }
        this.lastSeq = msg.seq;
        this.awaitingResync = false;
        applySnapshot(msg);
        return;
      case 'delta':
        if (this.holdGate || this.lastSeq === null || this.awaitingResync) return;
        if (msg.seq <= this.lastSeq) return;
        if (msg.seq !== this.lastSeq + 1) {
          this.awaitingResync = true;
          this.send({ kind: 'resync' });
          return;
        }
        this.lastSeq = msg.seq;
        applyDelta(msg);
        publishWrites(msg.writes);
        return;
      case 'reply': {
        const p = this.pending.get(msg.requestId);
        if (!p) return;
        this.pending.delete(msg.requestId);
        p.resolve(msg.body);
        if (!p.direct) this.hooks?.afterReply(p.cmd, msg.body);
        return;
      }
      case 'fault':
        setFault(msg.message);
        return;
      case 'watchOutput':
        for (const fn of this.watchListeners) fn(msg);
        return;
      default:
        assertNever(msg);
    }
  }
}

export const engineClient = new EngineClient();
