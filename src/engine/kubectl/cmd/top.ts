// `kubectl top pod|node`: CPU and memory from the resource metrics API (metrics.k8s.io).
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/top/{top_pod.go,top_node.go},
//           staging/src/k8s.io/kubectl/pkg/metricsutil/metrics_printer.go
// SIMPLIFICATION: no --sum, --show-capacity, --use-protocol-buffers or --show-swap; nodes whose
// metrics are missing print in name order (upstream: map order).

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { parseSelector } from '../../api/labels';
import { resourceForKind } from '../../api/resources';
import type { NodeMetrics, PodMetrics } from '../../metrics/metrics-server';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { boolFlag, stringFlag, type FlagSpec, type ParsedArgs } from './args';
import { fail, usageError } from './errors';

export const topFlags: readonly FlagSpec[] = [
  { name: 'all-namespaces', shorthand: 'A', kind: 'bool' },
  { name: 'selector', shorthand: 'l', kind: 'string' },
  { name: 'containers', kind: 'bool' },
  { name: 'no-headers', kind: 'bool' },
  { name: 'sort-by', kind: 'string' },
];

export const topHelp =
  'Display resource (CPU/memory) usage.\n\nThe top command allows you to see the resource consumption for nodes or pods.\n\n' +
  'Examples:\n  kubectl top pod\n  kubectl top pod -A\n  kubectl top pod web-0 --containers\n  kubectl top pod -l app=web --sort-by=cpu\n  kubectl top node\n\n' +
  'Available Commands:\n  node          Display resource (CPU/memory) usage of nodes\n  pod           Display resource (CPU/memory) usage of pods\n\n' +
  'Usage:\n  kubectl top [flags] [options]\n';

/** metricsCreationDelay: a pod younger than this may simply not have been scraped yet. */
const METRICS_CREATION_DELAY_MS = 2 * 60 * 1000;
const Mi = 1024 * 1024;

/** printers.GetNewTabWriter (minwidth 6, padding 3) over lines whose every cell ends in a tab. */
function tabbed(rows: readonly string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, Math.max(c.length + 3, 6))));
  return rows.map((r) => `${r.map((c, i) => c.padEnd(widths[i])).join('')}\n`).join('');
}

/** Go's time.Duration.String for whole milliseconds: `1m30s`, `2m0.5s`, `45.25s`. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  if (rest < 1000) return `${neg ? '-' : ''}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = (rest / 1000).toFixed(3).replace(/\.?0+$/, '');
  return `${neg ? '-' : ''}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

const cpu = (milli: number) => `${milli}m`;
const mem = (b: number) => `${Math.trunc(b / Mi)}Mi`;

export function runTop(ctx: KubectlContext, parsed: ParsedArgs, namespace: string): CommandOutput {
  const [sub, ...args] = parsed.args;
  if (sub === undefined) return { stdout: topHelp, stderr: '', exitCode: 0 };
  if (sub === 'pod' || sub === 'pods' || sub === 'po') return topPod(ctx, parsed, args, namespace);
  if (sub === 'node' || sub === 'nodes' || sub === 'no') return topNode(ctx, parsed, args);
  return fail(`unknown command "${sub}" for "kubectl top"`);
}

function sortFlag(parsed: ParsedArgs): 'cpu' | 'memory' | '' | { error: string } {
  const v = stringFlag(parsed.flags, 'sort-by') ?? '';
  if (v === '' || v === 'cpu' || v === 'memory') return v;
  return { error: `--sort-by accepts only cpu or memory` };
}

function topPod(ctx: KubectlContext, parsed: ParsedArgs, args: string[], namespace: string): CommandOutput {
  if (!ctx.podMetrics) return fail('Metrics API not available');
  const all = boolFlag(parsed.flags, 'all-namespaces');
  const sortBy = sortFlag(parsed);
  if (typeof sortBy === 'object') return fail(sortBy.error);
  if (args.length > 1) return usageError('top pod', 'only one pod name may be given');
  const name = args[0];
  const selectorText = stringFlag(parsed.flags, 'selector') ?? '';
  if (name && selectorText) return usageError('top pod', 'only one of NAME or --selector can be provided');
  const sel = parseSelector(selectorText);
  if (!sel.ok) return fail(sel.error);
  const ns = all ? undefined : namespace;
  let metrics = ctx.podMetrics(ns);
  if (name) {
    metrics = metrics.filter((m) => m.name === name);
    if (metrics.length === 0) return { stdout: '', stderr: `Error from server (NotFound): podmetrics.metrics.k8s.io "${namespace}/${name}" not found\n`, exitCode: 1 };
  } else metrics = metrics.filter((m) => sel.selector.matches(m.labels));

  if (metrics.length === 0) {
    // verifyEmptyMetrics: pods exist but have no metrics yet (or, when old, never will).
    const podsResource = resourceForKind('Pod')!;
    const pods = (ctx.list(podsResource, ns) as unknown as Pod[]).filter((p) => sel.selector.matches(p.metadata?.labels ?? {}));
    if (pods.length > 0) {
      for (const p of pods) {
        const created = Date.parse(p.metadata?.creationTimestamp ?? '');
        const age = ctx.nowMs() - created;
        if (age > METRICS_CREATION_DELAY_MS) return fail(`Metrics not available for pod ${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}, age: ${goDuration(age)}`);
      }
      return fail('metrics not available yet');
    }
    return { stdout: '', stderr: all ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`, exitCode: 0 };
  }

  const containers = boolFlag(parsed.flags, 'containers');
  const sum = (m: PodMetrics, k: 'cpuMillis' | 'memoryBytes') => m.containers.reduce((a, c) => a + c[k], 0);
  const sorted = [...metrics].sort((a, b) => {
    if (sortBy === 'cpu') return sum(b, 'cpuMillis') - sum(a, 'cpuMillis');
    if (sortBy === 'memory') return sum(b, 'memoryBytes') - sum(a, 'memoryBytes');
    if (all && a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
  const rows: string[][] = [];
  if (!boolFlag(parsed.flags, 'no-headers')) rows.push([...(all ? ['NAMESPACE'] : []), ...(containers ? ['POD'] : []), 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
  for (const m of sorted) {
    const lead = all ? [m.namespace] : [];
    if (!containers) {
      rows.push([...lead, m.name, cpu(sum(m, 'cpuMillis')), mem(sum(m, 'memoryBytes'))]);
      continue;
    }
    const cs = [...m.containers].sort((a, b) => {
      if (sortBy === 'cpu') return b.cpuMillis - a.cpuMillis;
      if (sortBy === 'memory') return b.memoryBytes - a.memoryBytes;
      return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    });
    for (const c of cs) rows.push([...lead, m.name, c.name, cpu(c.cpuMillis), mem(c.memoryBytes)]);
  }
  return { stdout: tabbed(rows), stderr: '', exitCode: 0 };
}

function topNode(ctx: KubectlContext, parsed: ParsedArgs, args: string[]): CommandOutput {
  if (!ctx.nodeMetrics) return fail('Metrics API not available');
  const sortBy = sortFlag(parsed);
  if (typeof sortBy === 'object') return fail(sortBy.error);
  if (args.length > 1) return usageError('top node', 'only one node name may be given');
  const name = args[0];
  const sel = parseSelector(stringFlag(parsed.flags, 'selector') ?? '');
  if (!sel.ok) return fail(sel.error);
  const nodes = (ctx.list(resourceForKind('Node')!) as unknown as Node[]).filter((n) => (name ? n.metadata?.name === name : sel.selector.matches(n.metadata?.labels ?? {})));
  const wanted = new Set(nodes.map((n) => n.metadata?.name ?? ''));
  let metrics: NodeMetrics[] = ctx.nodeMetrics().filter((m) => wanted.has(m.name));
  if (name && metrics.length === 0) return { stdout: '', stderr: `Error from server (NotFound): nodemetrics.metrics.k8s.io "${name}" not found\n`, exitCode: 1 };
  if (metrics.length === 0) return fail('metrics not available yet');
  metrics = [...metrics].sort((a, b) => {
    if (sortBy === 'cpu') return b.cpuMillis - a.cpuMillis;
    if (sortBy === 'memory') return b.memoryBytes - a.memoryBytes;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
  const rows: string[][] = [];
  if (!boolFlag(parsed.flags, 'no-headers')) rows.push(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
  for (const m of metrics) {
    // fraction of allocatable, truncated: int64(usage.MilliValue() / available.MilliValue() * 100)
    const cpuPct = m.allocatableCpuMillis ? Math.trunc((m.cpuMillis / m.allocatableCpuMillis) * 100) : 0;
    const memPct = m.allocatableMemoryBytes ? Math.trunc((m.memoryBytes / m.allocatableMemoryBytes) * 100) : 0;
    rows.push([m.name, cpu(m.cpuMillis), `${cpuPct}%`, mem(m.memoryBytes), `${memPct}%`]);
  }
  const seen = new Set(metrics.map((m) => m.name));
  for (const n of [...wanted].filter((x) => !seen.has(x)).sort()) rows.push([n, '<unknown>', '<unknown>', '<unknown>', '<unknown>']);
  return { stdout: tabbed(rows), stderr: '', exitCode: 0 };
}
