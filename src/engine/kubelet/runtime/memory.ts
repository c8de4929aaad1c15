// How much memory a container's program allocates, and when the kernel's cgroup OOM killer ends it.
// UPSTREAM: none in Kubernetes (the kernel's memory cgroup enforces limits.memory; the runtime reports
// reason OOMKilled, exit code 137). The programs are the docs' examples: stress (polinux/stress).
// SIMPLIFICATION: only programs that say how much they allocate are modelled (`stress --vm N
// --vm-bytes B`, `stress-ng --vm N --vm-bytes B`); any other process stays within any limit. The
// allocation runs at 1 GiB/s, so the OOM kill comes that long after the start.

import type { Container } from 'kubernetes-types/core/v1';
import { bytes } from '../../api/quantity';
import { PROCESS_MIN_MS } from './program';

/** How fast a process touches the memory it allocates, bytes per second. */
export const ALLOCATION_BYTES_PER_SECOND = 1024 * 1024 * 1024;
/** stress's default --vm-bytes (256 MiB). */
const STRESS_DEFAULT_VM_BYTES = 256 * 1024 * 1024;

/**
 * The memory the container's process holds once it is up, in bytes, or undefined when the model
 * does not know (treated as fitting any limit).
 */
export function programMemoryBytes(c: Pick<Container, 'command' | 'args'>): number | undefined {
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  const prog = (argv[0] ?? '').slice((argv[0] ?? '').lastIndexOf('/') + 1);
  if (prog !== 'stress' && prog !== 'stress-ng') return undefined;
  const workers = Number(flagValue(argv, '--vm', '-m') ?? 0);
  if (!Number.isFinite(workers) || workers <= 0) return undefined;
  const each = flagValue(argv, '--vm-bytes');
  const perWorker = each === undefined ? STRESS_DEFAULT_VM_BYTES : stressBytes(each);
  return perWorker === undefined ? undefined : workers * perWorker;
}

/** stress sizes: a number with an optional b/k/m/g suffix, in powers of 1024 (`250M` = 262144000). */
export function stressBytes(s: string): number | undefined {
  const m = /^(\d+)([bBkKmMgG]?)$/.exec(s);
  if (!m) return undefined;
  const unit = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'b' | 'k' | 'm' | 'g'];
  return Number(m[1]) * unit;
}

function flagValue(argv: string[], ...names: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    for (const n of names) {
      if (argv[i] === n) return argv[i + 1];
      if (argv[i].startsWith(`${n}=`)) return argv[i].slice(n.length + 1);
    }
  }
  return undefined;
}

/**
 * When the cgroup OOM killer ends the container (ms after its start), or undefined when it fits:
 * the program's memory exceeds limits.memory once it has allocated up to the limit.
 */
export function oomKillAfterMs(c: Pick<Container, 'command' | 'args' | 'resources'>): number | undefined {
  const limit = c.resources?.limits?.memory;
  if (limit === undefined) return undefined;
  const limitBytes = bytes(String(limit));
  const used = programMemoryBytes(c);
  if (used === undefined || !(limitBytes > 0) || used <= limitBytes) return undefined;
  return PROCESS_MIN_MS + Math.round((limitBytes / ALLOCATION_BYTES_PER_SECOND) * 1000);
}
