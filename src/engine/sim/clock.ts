// The simulated clock: the only source of time in the engine.
// Timers are plain data (a target name and a JSON payload) rather than closures, so the whole
// pending-timer list serializes with the world and a restored world fires the same timers.
// SIMPLIFICATION: time moves only when the world steps it; nothing runs "between" instants.

/** Simulated milliseconds since the cluster started. Branded so wall time cannot be passed by mistake. */
export type SimTime = number & { readonly __simTime: true };

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

export interface TimerRecord {
  at: number;
  /** insertion order: timers due at the same instant fire in the order they were scheduled */
  seq: number;
  /** who handles it, e.g. 'queue/replicaset-controller' or 'kubelet/node-1' */
  target: string;
  payload: JsonValue;
}

export interface ClockState {
  nowMs: number;
  nextSeq: number;
  timers: TimerRecord[];
}

export class SimClock {
  private nowMs: number;
  private nextSeq: number;
  /** min-heap on (at, seq) */
  private heap: TimerRecord[];
  private cancelled = new Set<number>();

  constructor(state?: ClockState) {
    this.nowMs = state?.nowMs ?? 0;
    this.nextSeq = state?.nextSeq ?? 1;
    this.heap = [];
    for (const t of state?.timers ?? []) this.push({ ...t });
  }

  now(): SimTime {
    return this.nowMs as SimTime;
  }

  /** Schedule `payload` for `target` at now + delayMs (negative delays fire now). Returns the timer id. */
  schedule(delayMs: number, target: string, payload: JsonValue): number {
    const seq = this.nextSeq++;
    this.push({ at: this.nowMs + Math.max(0, delayMs), seq, target, payload });
    return seq;
  }

  cancel(id: number): void {
    this.cancelled.add(id);
  }

  /** When the next live timer is due, or undefined when none is pending. */
  nextDue(): number | undefined {
    this.dropCancelledHead();
    return this.heap[0]?.at;
  }

  /** When the next live timer whose target passes `pred` is due (a scan: for settle(), not hot paths). */
  nextDueWhere(pred: (timer: TimerRecord) => boolean): number | undefined {
    let best: number | undefined;
    for (const t of this.heap) {
      if (this.cancelled.has(t.seq) || !pred(t)) continue;
      if (best === undefined || t.at < best) best = t.at;
    }
    return best;
  }

  /** Remove and return the next timer due at or before now. */
  popDue(): TimerRecord | undefined {
    this.dropCancelledHead();
    const head = this.heap[0];
    if (!head || head.at > this.nowMs) return undefined;
    return this.pop();
  }

  /** Move time forward (never backward). Timers are not fired here: the world pops them. */
  advanceTo(t: number): void {
    if (t > this.nowMs) this.nowMs = t;
  }

  save(): ClockState {
    const timers = this.heap.filter((t) => !this.cancelled.has(t.seq)).map((t) => ({ ...t }));
    timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    return { nowMs: this.nowMs, nextSeq: this.nextSeq, timers };
  }

  get pendingCount(): number {
    return this.heap.length - this.cancelled.size;
  }

  private dropCancelledHead(): void {
    while (this.heap.length && this.cancelled.has(this.heap[0].seq)) {
      this.cancelled.delete(this.heap[0].seq);
      this.pop();
    }
  }

  private static less(a: TimerRecord, b: TimerRecord): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(t: TimerRecord): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!SimClock.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private pop(): TimerRecord {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && SimClock.less(h[l], h[m])) m = l;
        if (r < h.length && SimClock.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

/** Parse '90s', '500ms', '2m', '1h', '1m30s' into milliseconds; undefined when malformed. */
export function parseDurationMs(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index !== consumed) return undefined;
    consumed += m[0].length;
    const n = Number(m[1]);
    total += m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000;
  }
  return consumed === text.length && consumed > 0 ? Math.round(total) : undefined;
}

/**
 * Go's time.Duration.String for whole milliseconds: `850ms`, `2s`, `2.345s`, `1m2.5s`, `1h0m0s`.
 * The kubelet prints image pull times this way (truncated to the millisecond).
 */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(Math.trunc(ms));
  if (rest === 0) return '0s';
  if (rest < 1000) return `${sign}${rest}ms`;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const fraction = rest % 1000;
  const seconds = `${Math.floor(rest / 1000)}${fraction ? `.${String(fraction).padStart(3, '0').replace(/0+$/, '')}` : ''}s`;
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}`;
  return `${sign}${seconds}`;
}
