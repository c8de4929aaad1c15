// `journalctl -u <unit>` on a node: the error lines the node agents logged while programming the
// node's network (flanneld host-gw: a route the kernel refused), in the journal's short format with
// the agent's klog header.
// UPSTREAM: systemd journalctl (--unit, --lines, --no-pager; "-- No entries --"), k8s.io/klog header
// SIMPLIFICATION: only what the simulation records (agent errors), no boot or unit start lines; the
// klog header names the source file without a line number; the PID is a stable hash of unit and node.

import { sha256 } from './hash';
import type { ShellResult } from './shell-result';
import { fail, ok } from './shell-result';

export interface JournalEntry {
  /** the systemd unit / syslog identifier: 'flanneld' */
  unit: string;
  message: string;
  /** wall-clock ms of the entry */
  atMs: number;
  /** the Go source file klog names: 'route_network.go' */
  source?: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function pidOf(unit: string, hostname: string): number {
  const b = sha256(`pid/${unit}/${hostname}`);
  return 300 + ((b[0] << 8) | b[1]) % 3000;
}

/** `Jan 05 09:00:00 node-1 flanneld[812]: E0105 09:00:00.000000     812 route_network.go] message` */
export function formatJournalLine(e: JournalEntry, hostname: string): string {
  const d = new Date(e.atMs);
  const hms = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const pid = pidOf(e.unit, hostname);
  const klog = `E${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${hms}.${pad(d.getUTCMilliseconds(), 3)}000 ${String(pid).padStart(7)} ${e.source ?? `${e.unit}.go`}]`;
  return `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${hms} ${hostname} ${e.unit}[${pid}]: ${klog} ${e.message}`;
}

/** journalctl [-u UNIT] [-n N] [--no-pager]: the entries, oldest first. */
export function runJournalctl(entries: readonly JournalEntry[], args: readonly string[], hostname: string): ShellResult {
  const units: string[] = [];
  let lines: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (short: string, long: string): string | undefined => {
      if (a === short || a === long) return args[++i];
      if (a.startsWith(`${long}=`)) return a.slice(long.length + 1);
      if (a.startsWith(short) && a.length > short.length) return a.slice(short.length);
      return undefined;
    };
    if (a === '--no-pager' || a === '-l' || a === '--full' || a === '-x' || a === '-e' || a === '--pager-end') continue;
    if (a === '-f' || a === '--follow') return fail('journalctl: --follow is not supported in this read-only shell (the journal is shown once)\n', 1);
    const unit = value('-u', '--unit');
    if (unit !== undefined) {
      units.push(unit.replace(/\.service$/, ''));
      continue;
    }
    const n = value('-n', '--lines');
    if (n !== undefined) {
      if (!/^\d+$/.test(n)) return fail(`Failed to parse lines '${n}'.\n`, 1);
      lines = Number(n);
      continue;
    }
    return fail(a.startsWith('--') ? `journalctl: unrecognized option '${a}'\n` : `journalctl: invalid option -- '${a.replace(/^-/, '').charAt(0)}'\n`, 1);
  }
  let picked = entries.filter((e) => units.length === 0 || units.includes(e.unit)).slice().sort((a, b) => a.atMs - b.atMs);
  if (lines !== undefined) picked = lines === 0 ? [] : picked.slice(-lines);
  if (picked.length === 0) return ok('-- No entries --\n');
  return ok(picked.map((e) => `${formatJournalLine(e, hostname)}\n`).join(''));
}
