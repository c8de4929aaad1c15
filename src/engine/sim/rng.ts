// Seeded randomness: the only source of randomness in the engine.
// Each subsystem draws from its own named stream (`rngs.stream('kubelet')`), so a new draw in one
// subsystem does not shift another's numbers. Stream states are plain numbers kept in the world
// state, so a restored world continues the same sequences.

export interface Rng {
  /** uniform in [0, 1) */
  float(): number;
  /** uniform integer in [0, maxExclusive) */
  int(maxExclusive: number): number;
}

/** sfc32-like 32-bit generator state: four words. */
type StreamState = [number, number, number, number];

export class RngStreams {
  private readonly states: Record<string, StreamState>;

  constructor(private readonly seed: number, states?: Record<string, StreamState>) {
    this.states = states ? structuredCloneStates(states) : {};
  }

  stream(name: string): Rng {
    if (!this.states[name]) this.states[name] = initialState(this.seed, name);
    const st = this.states[name];
    const next = (): number => nextUint32(st);
    return {
      float: () => next() / 4294967296,
      int: (maxExclusive: number) => Math.floor((next() / 4294967296) * maxExclusive),
    };
  }

  save(): { seed: number; states: Record<string, StreamState> } {
    return { seed: this.seed, states: structuredCloneStates(this.states) };
  }

  /**
   * Remember every stream's position; the returned function puts them all back (streams created
   * since are forgotten), so a probe that draws numbers leaves no mark. Live `stream()` handles keep
   * working: their state arrays are restored in place.
   */
  checkpoint(): () => void {
    const saved = structuredCloneStates(this.states);
    return () => {
      for (const k of Object.keys(this.states)) {
        if (saved[k]) this.states[k].splice(0, 4, ...saved[k]);
        else delete this.states[k];
      }
    };
  }
}

function structuredCloneStates(s: Record<string, StreamState>): Record<string, StreamState> {
  const out: Record<string, StreamState> = {};
  for (const k of Object.keys(s)) out[k] = [...s[k]] as StreamState;
  return out;
}

/** FNV-1a over a string: used to derive a stream's initial state from (seed, name). */
export function fnv1a32(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function initialState(seed: number, name: string): StreamState {
  const a = fnv1a32(`${seed}:${name}:a`);
  const st: StreamState = [a, fnv1a32(`${seed}:${name}:b`), fnv1a32(`${seed}:${name}:c`), 1];
  for (let i = 0; i < 12; i++) nextUint32(st); // warm up
  return st;
}

function nextUint32(st: StreamState): number {
  // sfc32: small, fast, good enough for simulation (not for cryptography).
  let [a, b, c, d] = st;
  const t = (((a + b) >>> 0) + d) >>> 0;
  d = (d + 1) >>> 0;
  a = b ^ (b >>> 9);
  b = (c + (c << 3)) >>> 0;
  c = ((c << 21) | (c >>> 11)) >>> 0;
  c = (c + t) >>> 0;
  st[0] = a >>> 0;
  st[1] = b;
  st[2] = c;
  st[3] = d;
  return t;
}

/** utilrand.String's alphabet: no vowels (no words) and no confusable characters. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** A random suffix as the API server's generateName uses (5 characters). */
export function randomSuffix(rng: Rng, length = 5): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHANUMS[rng.int(ALPHANUMS.length)];
  return s;
}

/** util/rand.SafeEncodeString: map a string of digits/hex to the safe alphabet (used for pod-template-hash). */
export function safeEncode(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) out += ALPHANUMS[value.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

/** A v4-shaped UUID from the stream. */
export function uuid(rng: Rng): string {
  const hex = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += rng.int(16).toString(16);
    return s;
  };
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[rng.int(4)]}${hex(3)}-${hex(12)}`;
}
