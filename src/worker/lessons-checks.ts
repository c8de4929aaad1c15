// Evaluates a lesson step's checks (src/engine/api/lesson.ts) against the live cluster: object
// queries with label selectors and field conditions, kubectl output, a packet traced now, Events.
// Read-only: a check never changes the cluster (kubectl checks should be get/describe/exec curl).

import type { KubeObject } from '../engine/index';
import { compareStrings } from '../engine/api/meta';
import { parseSelector } from '../engine/api/labels';
import {
  checkKind, countMatches, formatCount, parseFieldPath,
  type CheckResult, type EventCheck, type FieldCondition, type KubectlCheck, type LessonCheck, type NodeShellCheck, type ObjectQuery, type ObjectsCheck, type Scalar, type TraceCheck,
} from '../engine/api/lesson';
import type { CommandOutput, PacketTrace, TraceEndpoint, TraceRequest } from './protocol';

/** What the checks read: the World's public surface. */
export interface CheckTarget {
  list(kind: string, namespace?: string): KubeObject[];
  kubectl(commandLine: string): CommandOutput;
  /** a trace that leaves the cluster as it was (World.probeTrace) */
  probeTrace(request: TraceRequest): PacketTrace;
  /** a command on a node's root shell (read-only: ip, bridge, iptables-save, conntrack...) */
  nodeShell(nodeName: string, command: string): CommandOutput;
}

/** The values a path yields in `obj` (several with `[*]`, none when absent). */
export function fieldValues(obj: unknown, path: string): unknown[] {
  const segs = parseFieldPath(path);
  if (!segs) return [];
  let current: unknown[] = [obj];
  for (const seg of segs) {
    const next: unknown[] = [];
    for (const v of current) {
      if (seg === '*') {
        if (Array.isArray(v)) next.push(...v);
        else if (v && typeof v === 'object') next.push(...Object.values(v));
      } else if (typeof seg === 'object') {
        if (Array.isArray(v)) next.push(...v.filter((e) => e && typeof e === 'object' && String((e as Record<string, unknown>)[seg.key]) === seg.value));
      } else if (typeof seg === 'number') {
        if (Array.isArray(v) && seg < v.length) next.push(v[seg]);
      } else if (v && typeof v === 'object' && !Array.isArray(v) && seg in v) {
        next.push((v as Record<string, unknown>)[seg]);
      }
    }
    current = next;
  }
  return current.filter((v) => v !== undefined);
}

function scalarEquals(value: unknown, want: Scalar): boolean {
  if (value === want) return true;
  // YAML authors write `equals: "3"` or `equals: 3` alike; quantities and ports compare as text.
  return value !== null && want !== null && typeof value !== 'object' && String(value) === String(want);
}

/** Whether a condition holds for `obj`: any of the path's values satisfies it. */
export function conditionHolds(obj: unknown, c: FieldCondition): boolean {
  const values = fieldValues(obj, c.path);
  if (c.exists !== undefined) return c.exists ? values.length > 0 : values.length === 0;
  if (c.notEquals !== undefined) return values.every((v) => !scalarEquals(v, c.notEquals as Scalar));
  return values.some((v) => {
    if (c.equals !== undefined) return scalarEquals(v, c.equals);
    if (c.matches !== undefined) return typeof v !== 'object' && new RegExp(c.matches).test(String(v));
    if (c.in !== undefined) return c.in.some((w) => scalarEquals(v, w));
    if (c.gte !== undefined || c.lte !== undefined) {
      const n = typeof v === 'number' ? v : Number(v);
      return Number.isFinite(n) && (c.gte === undefined || n >= c.gte) && (c.lte === undefined || n <= c.lte);
    }
    return false;
  });
}

/** The objects a query selects, or an error (an unparsable selector). */
export function queryObjects(target: CheckTarget, q: ObjectQuery): { objects: KubeObject[] } | { error: string } {
  const ns = q.namespace === '*' ? undefined : (q.namespace ?? 'default');
  let objects = target.list(q.kind, ns);
  // A cluster-scoped kind lists the same whatever the namespace asked; a namespaced list is already filtered.
  if (q.name !== undefined) objects = objects.filter((o) => o.metadata?.name === q.name);
  if (q.selector !== undefined) {
    const parsed = parseSelector(q.selector);
    if (!parsed.ok) return { error: `selector "${q.selector}": ${parsed.error}` };
    objects = objects.filter((o) => parsed.selector.matches(o.metadata?.labels ?? {}));
  }
  if (!q.includeDeleting) objects = objects.filter((o) => !o.metadata?.deletionTimestamp);
  for (const c of q.where ?? []) objects = objects.filter((o) => conditionHolds(o, c));
  return { objects };
}

function describeCondition(c: FieldCondition): string {
  const op = c.exists !== undefined ? (c.exists ? 'exists' : 'absent')
    : c.equals !== undefined ? `= ${String(c.equals)}`
    : c.notEquals !== undefined ? `!= ${String(c.notEquals)}`
    : c.matches !== undefined ? `~ /${c.matches}/`
    : c.in !== undefined ? `in (${c.in.join(', ')})`
    : `${c.gte !== undefined ? `>= ${c.gte}` : ''}${c.lte !== undefined ? ` <= ${c.lte}` : ''}`;
  return `${c.path} ${op}`;
}

function evaluateObjects(target: CheckTarget, c: ObjectsCheck): CheckResult {
  const r = queryObjects(target, c.objects);
  if ('error' in r) return { passed: false, detail: r.error };
  const objs = r.objects;
  const count = c.count ?? { min: 1 };
  if (!countMatches(count, objs.length)) return { passed: false, detail: `found ${objs.length} ${c.objects.kind}, want ${formatCount(count)}` };
  for (const cond of c.all ?? []) {
    const failing = objs.filter((o) => !conditionHolds(o, cond));
    if (failing.length) return { passed: false, detail: `${failing.length} of ${objs.length} not ${describeCondition(cond)} (${failing[0].metadata?.name ?? ''})` };
  }
  if (c.any && !objs.some((o) => c.any!.every((cond) => conditionHolds(o, cond)))) {
    return { passed: false, detail: `none of ${objs.length} has ${c.any.map(describeCondition).join(', ')}` };
  }
  if (c.distinct) {
    const values = new Set<string>();
    for (const o of objs) for (const v of fieldValues(o, c.distinct.path)) values.add(JSON.stringify(v));
    if (!countMatches(c.distinct.count, values.size)) return { passed: false, detail: `${values.size} distinct ${c.distinct.path}, want ${formatCount(c.distinct.count)}` };
  }
  return { passed: true, detail: `${objs.length} ${c.objects.kind}` };
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

function evaluateKubectl(target: CheckTarget, c: KubectlCheck): CheckResult {
  const out = target.kubectl(c.kubectl);
  const text = out.exitCode === 0 ? out.stdout : `${out.stdout}${out.stderr}`;
  const fail = (why: string): CheckResult => ({ passed: false, detail: `${why}: ${firstLine(out.stderr || out.stdout) || '(no output)'}` });
  if (c.exitCode !== undefined && out.exitCode !== c.exitCode) return fail(`exit code ${out.exitCode}`);
  if (c.contains !== undefined && !text.includes(c.contains)) return fail(`no "${c.contains}"`);
  if (c.notContains !== undefined && text.includes(c.notContains)) return fail(`has "${c.notContains}"`);
  if (c.matches !== undefined && !new RegExp(c.matches, 'm').test(text)) return fail(`no match for /${c.matches}/`);
  if (c.equals !== undefined && text.trimEnd() !== c.equals.trimEnd()) return fail('output differs');
  return { passed: true, detail: firstLine(text) };
}

function evaluateNodeShell(target: CheckTarget, c: NodeShellCheck): CheckResult {
  const out = target.nodeShell(c.nodeShell.node, c.nodeShell.command);
  const text = `${out.stdout}${out.stderr}`;
  const fail = (why: string): CheckResult => ({ passed: false, detail: `${why}: ${firstLine(text) || '(no output)'}` });
  if (c.contains !== undefined && !text.includes(c.contains)) return fail(`no "${c.contains}"`);
  if (c.notContains !== undefined && text.includes(c.notContains)) return fail(`has "${c.notContains}"`);
  if (c.matches !== undefined && !new RegExp(c.matches, 'm').test(text)) return fail(`no match for /${c.matches}/`);
  return { passed: true, detail: firstLine(text) };
}

/** Whether a walk has a hop of this mark (TRACE_MARKS): a hop kind, or `encap:<vxlan|udp|ipip>`. */
export function traceHasMark(trace: PacketTrace, mark: string): boolean {
  if (mark.startsWith('encap:')) {
    const kind = mark.slice('encap:'.length);
    return trace.hops.some((h) => h.kind === 'encap' && h.after.outer?.kind === kind);
  }
  return trace.hops.some((h) => h.kind === mark);
}

function isRunning(o: KubeObject): boolean {
  return (o.status as { phase?: string } | undefined)?.phase === 'Running' && !o.metadata?.deletionTimestamp;
}

/** The trace's source endpoint, or why there is none yet. */
export function traceSource(target: CheckTarget, from: string): TraceEndpoint | { error: string } {
  if (from === 'external') return { kind: 'external', ip: '192.168.49.100' };
  if (from.startsWith('node/')) return { kind: 'node', node: from.slice(5) };
  if (from.startsWith('pod:')) {
    const parsed = parseSelector(from.slice(4));
    if (!parsed.ok) return { error: `selector "${from.slice(4)}": ${parsed.error}` };
    const pod = target.list('Pod').filter((p) => isRunning(p) && parsed.selector.matches(p.metadata?.labels ?? {}))
      .sort((a, b) => compareStrings(a.metadata?.name ?? '', b.metadata?.name ?? ''))[0];
    if (!pod) return { error: `no Running pod matches ${from.slice(4)}` };
    return { kind: 'pod', pod: `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}` };
  }
  const parts = from.slice(4).split('/');
  const key = parts.length === 2 ? `${parts[0]}/${parts[1]}` : `default/${parts[0]}`;
  const [ns, name] = key.split('/');
  if (!target.list('Pod', ns).some((p) => p.metadata?.name === name && isRunning(p))) return { error: `pod ${key} is not Running` };
  return { kind: 'pod', pod: key };
}

function evaluateTrace(target: CheckTarget, c: TraceCheck): CheckResult {
  const from = traceSource(target, c.trace.from);
  if ('error' in from) return { passed: false, detail: from.error };
  let trace: PacketTrace;
  try {
    trace = target.probeTrace({ from, to: c.trace.to, protocol: c.trace.protocol ?? 'TCP', ...(c.trace.port !== undefined ? { port: c.trace.port } : {}) });
  } catch (e) {
    return { passed: false, detail: e instanceof Error ? e.message : String(e) };
  }
  const o = trace.outcome;
  const seen = o.delivered ? `delivered${o.servedBy?.kind === 'pod' ? ` to ${o.servedBy.pod}` : ''}` : `dropped: ${o.reason ?? ''}`;
  const missing = (c.crosses ?? []).filter((m) => !traceHasMark(trace, m));
  if (missing.length) return { passed: false, detail: `${seen}; the walk has no ${missing.join(', ')}` };
  const unwanted = (c.notCrosses ?? []).filter((m) => traceHasMark(trace, m));
  if (unwanted.length) return { passed: false, detail: `${seen}; the walk has ${unwanted.join(', ')}` };
  if (c.outcome === 'dropped') return { passed: !o.delivered, detail: seen };
  if (!o.delivered) return { passed: false, detail: seen };
  if (c.servedBySelector !== undefined) {
    const parsed = parseSelector(c.servedBySelector);
    if (!parsed.ok) return { passed: false, detail: parsed.error };
    const served = o.servedBy?.kind === 'pod' ? o.servedBy.pod : undefined;
    const pod = served ? target.list('Pod', served.split('/')[0]).find((p) => p.metadata?.name === served.split('/')[1]) : undefined;
    if (!pod || !parsed.selector.matches(pod.metadata?.labels ?? {})) return { passed: false, detail: `${seen}, not a pod with ${c.servedBySelector}` };
  }
  return { passed: true, detail: seen };
}

function evaluateEvent(target: CheckTarget, c: EventCheck): CheckResult {
  const ns = c.event.namespace === '*' ? undefined : (c.event.namespace ?? 'default');
  const events = target.list('Event', ns).filter((e) => {
    const ev = e as KubeObject & { reason?: string; type?: string; involvedObject?: { kind?: string; name?: string } };
    return ev.reason === c.event.reason
      && (c.event.type === undefined || ev.type === c.event.type)
      && (c.event.kind === undefined || ev.involvedObject?.kind === c.event.kind)
      && (c.event.namePrefix === undefined || (ev.involvedObject?.name ?? '').startsWith(c.event.namePrefix));
  });
  const count = c.count ?? { min: 1 };
  const passed = countMatches(count, events.length);
  const first = events[0] as (KubeObject & { message?: string }) | undefined;
  return { passed, detail: passed && first?.message ? first.message : `${events.length} ${c.event.reason} event(s), want ${formatCount(count)}` };
}

/** One check now. Never throws: an engine error is a failed check with the message as detail. */
export function evaluateCheck(target: CheckTarget, check: LessonCheck): CheckResult {
  try {
    switch (checkKind(check)) {
      case 'objects':
        return evaluateObjects(target, check as ObjectsCheck);
      case 'kubectl':
        return evaluateKubectl(target, check as KubectlCheck);
      case 'trace':
        return evaluateTrace(target, check as TraceCheck);
      case 'event':
        return evaluateEvent(target, check as EventCheck);
      case 'nodeShell':
        return evaluateNodeShell(target, check as NodeShellCheck);
    }
  } catch (e) {
    return { passed: false, detail: e instanceof Error ? e.message : String(e) };
  }
}

export function evaluateChecks(target: CheckTarget, checks: readonly LessonCheck[]): CheckResult[] {
  return checks.map((c) => evaluateCheck(target, c));
}
