// Human-readable ages, exactly as kubectl prints them in AGE, LAST SEEN and "(Ns ago)" cells.
// UPSTREAM: staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go (HumanDuration) and
// pkg/printers/internalversion/printers.go (translateTimestampSince).

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * HumanDuration: a duration in milliseconds as `70s`, `3m10s`, `179m`, `7h59m`, `2d1h`, `2y1d`...
 * Every division truncates toward zero, as Go's integer conversions do, so 119.999s is `119s`.
 * Up to one second in the future counts as now (`0s`, clock skew); further is `<invalid>`.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 3 * 60) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/** Epoch ms of an RFC 3339 timestamp (`2026-11-23T10:00:00Z`, MicroTime too), or undefined when absent or unparsable. */
export function parseTimestamp(timestamp: string | null | undefined): number | undefined {
  if (!timestamp) return undefined;
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The age of a timestamp at `nowMs`: HumanDuration(now - t), or `<unknown>` when the timestamp is unset. */
export function translateTimestampSince(timestamp: string | null | undefined, nowMs: number): string {
  const t = parseTimestamp(timestamp);
  return t === undefined ? '<unknown>' : humanDuration(nowMs - t);
}
