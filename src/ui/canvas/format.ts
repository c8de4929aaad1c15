// Short quantity and time labels for the canvas and header.

/** 2000 -> '2', 750 -> '750m' (as Quantity prints CPU). */
export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Bytes with a binary suffix, at most one decimal: 268435456 -> '256Mi', 1.5 GiB -> '1.5Gi'. */
export function formatMemory(bytes: number): string {
  const units: Array<[string, number]> = [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]];
  for (const [suffix, size] of units) {
    if (bytes >= size) {
      const v = bytes / size;
      return `${Number.isInteger(v) ? v : v.toFixed(1)}${suffix}`;
    }
  }
  return String(bytes);
}

/** Simulated time as h:mm:ss.t (the tenth shows motion at 0.25x). */
export function formatSimTime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 100));
  const tenths = total % 10;
  const s = Math.floor(total / 10);
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  return `${hh}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}.${tenths}`;
}

/**
 * Shorten a pod name in the middle, keeping its end: the generated suffix is what tells sibling
 * pods apart ('web-7c8cd7f765-wkb28' -> 'web-7c…765-wkb28').
 */
export function shortName(name: string, maxChars: number): string {
  if (name.length <= maxChars) return name;
  const tail = Math.ceil((maxChars - 1) * 0.6);
  const head = maxChars - 1 - tail;
  return `${name.slice(0, head)}…${name.slice(name.length - tail)}`;
}

/**
 * The short reason a pod could not be scheduled, from its PodScheduled=False message: the filter
 * summary without the preemption part and without the "0/N nodes are available: " lead-in, the
 * reason that ruled out most nodes first, e.g.
 * "0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Insufficient cpu. preemption: ..."
 * -> "3 Insufficient cpu, 1 node(s) had untolerated taint(s)".
 */
export function schedulingReason(message: string | undefined): string {
  if (!message) return '';
  let text = message.trim();
  const cut = text.indexOf('. preemption:');
  if (cut >= 0) text = text.slice(0, cut);
  const lead = /^0\/\d+ nodes are available:\s*/.exec(text);
  if (!lead || text.length <= lead[0].length) return text.replace(/\.$/, '');
  // "1 node(s) had untolerated taint(s), 3 Insufficient cpu": the most common reason first.
  const reasons = text.slice(lead[0].length).replace(/\.$/, '').split(/, (?=\d+ )/);
  const count = (r: string) => Number(/^\d+/.exec(r)?.[0] ?? 0);
  return reasons
    .map((r, i) => ({ r, i }))
    .sort((a, b) => count(b.r) - count(a.r) || a.i - b.i)
    .map((x) => x.r)
    .join(', ');
}
