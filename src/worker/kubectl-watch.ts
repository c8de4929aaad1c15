// The `kubectl get -w` sessions the terminal has running: each prints into a buffer as the World's
// store changes (at the event's simulated time), and the host flushes the buffers once a frame as
// `watchOutput` messages. Replacing the World (reset, restore, time travel) ends them all, as a
// closed watch connection ends kubectl.

import { startKubectlWatch, type World, type WatchSpec } from '../engine/index';
import type { WorkerMessage } from './protocol';

/** Text a watch may hold between two flushes; a flood (thousands of pods) keeps its newest part. */
const MAX_PENDING_CHARS = 200_000;

interface Session {
  stop: () => void;
  pending: string;
  ended: boolean;
}

export class KubectlWatches {
  private nextId = 1;
  private readonly sessions = new Map<number, Session>();

  /** Start printing `spec`'s events; returns the id the terminal stops it by. */
  start(world: World, spec: WatchSpec): number {
    const id = this.nextId++;
    const session: Session = { stop: () => undefined, pending: '', ended: false };
    session.stop = startKubectlWatch(world, spec, (text) => {
      session.pending += text;
      if (session.pending.length > MAX_PENDING_CHARS) session.pending = session.pending.slice(-MAX_PENDING_CHARS);
    });
    this.sessions.set(id, session);
    return id;
  }

  /** Ctrl+C: stop at once; what it printed but was not sent yet is dropped with it. */
  stop(id: number): void {
    this.sessions.get(id)?.stop();
    this.sessions.delete(id);
  }

  /** The World is being replaced: every watch ends (the next flush tells the terminal). */
  endAll(): void {
    for (const s of this.sessions.values()) {
      s.stop();
      s.ended = true;
    }
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Post what each watch printed since the last flush (after the frame's delta). */
  flush(post: (msg: WorkerMessage) => void): void {
    for (const [watchId, s] of this.sessions) {
      if (s.pending === '' && !s.ended) continue;
      post({ kind: 'watchOutput', watchId, stdout: s.pending, ...(s.ended ? { ended: true } : {}) });
      s.pending = '';
      if (s.ended) this.sessions.delete(watchId);
    }
  }
}
