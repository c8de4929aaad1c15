// `kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]` and `kubectl logs -l SELECTOR`: pick the
// pods and containers as kubectl does, then GET pods/<name>/log for each.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/logs/logs.go (Complete, Validate, RunLogs),
// staging/src/k8s.io/kubectl/pkg/polymorphichelpers/logsforobject.go, .../podcmd/podcmd.go
// SIMPLIFICATION: -f prints what the log holds now and says that following is not simulated; no
// --limit-bytes; a workload with no pods fails at once instead of waiting --pod-running-timeout.

import type { Pod } from 'kubernetes-types/core/v1';
import { parseSelector } from '../../api/labels';
import type { ApiStatus } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { boolFlag, stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { apiErrorLine, fail, flagError, selectorBadRequest, usageError } from './errors';
import { defaultContainer, goTypeName, podsForObject } from './pods-for-object';
import { compareStrings } from '../../api/meta';

/** The query parameters of GET pods/<name>/log (core/v1 PodLogOptions). */
export interface PodLogOptions {
  container: string;
  previous?: boolean;
  /** the last N lines; undefined = all */
  tailLines?: number;
  sinceSeconds?: number;
  /** RFC 3339 */
  sinceTime?: string;
  timestamps?: boolean;
}

export type PodLogResponse = { ok: true; text: string } | { ok: false; status: ApiStatus };

export const logsFlags: readonly FlagSpec[] = [
  { name: 'container', shorthand: 'c', kind: 'string' },
  { name: 'previous', shorthand: 'p', kind: 'bool' },
  { name: 'follow', shorthand: 'f', kind: 'bool' },
  { name: 'tail', kind: 'string' },
  { name: 'since', kind: 'string' },
  { name: 'since-time', kind: 'string' },
  { name: 'timestamps', kind: 'bool' },
  { name: 'selector', shorthand: 'l', kind: 'string' },
  { name: 'all-containers', kind: 'bool' },
  { name: 'prefix', kind: 'bool' },
  { name: 'max-log-requests', kind: 'string' },
  { name: 'ignore-errors', kind: 'bool' },
  { name: 'pod-running-timeout', kind: 'string' },
  { name: 'limit-bytes', kind: 'string' },
  { name: 'insecure-skip-tls-verify-backend', kind: 'bool' },
];

export const logsHelp =
  'Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is optional.\n\nExamples:\n' +
  '  # Return snapshot logs from pod nginx with only one container\n  kubectl logs nginx\n\n' +
  '  # Return snapshot logs from pod nginx, prefixing each line with the source pod and container name\n  kubectl logs nginx --prefix\n\n' +
  '  # Return snapshot logs from all containers in pods defined by label app=nginx\n  kubectl logs -l app=nginx --all-containers=true\n\n' +
  '  # Return snapshot of previous terminated ruby container logs from pod web-1\n  kubectl logs -p -c ruby web-1\n\n' +
  '  # Display only the most recent 20 lines of output in pod nginx\n  kubectl logs --tail=20 nginx\n\n' +
  '  # Show all logs from pod nginx written in the last hour\n  kubectl logs --since=1h nginx\n\n' +
  '  # Return snapshot logs from first container of a job named hello\n  kubectl logs job/hello\n\n' +
  'Options: -c CONTAINER, -p, --tail=N, --since=DURATION, --since-time=RFC3339, --timestamps, -l SELECTOR, --all-containers, --prefix, -f\n\n' +
  'Usage:\n  kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]\n';

const USAGE = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";
export const FOLLOW_NOTE = 'note: following (-f) is not simulated in the sandbox; the log above is what the container has written so far\n';

export function runLogs(ctx: KubectlContext, { args, flags }: ParsedArgs, namespace: string): CommandOutput {
  const selectorText = stringFlag(flags, 'selector');
  let resourceArg = '';
  let container = stringFlag(flags, 'container') ?? '';
  if (args.length === 0 && selectorText === undefined) return usageError('logs', USAGE);
  if (args.length === 1) {
    if (selectorText !== undefined) return usageError('logs', 'only a selector (-l) or a POD name is allowed');
    resourceArg = args[0];
  } else if (args.length === 2) {
    resourceArg = args[0];
    container = args[1];
  } else if (args.length > 2) {
    return usageError('logs', USAGE);
  }

  // Flag values as pflag parses them.
  const tailText = stringFlag(flags, 'tail');
  let tail = -1;
  if (tailText !== undefined) {
    if (!/^-?\d+$/.test(tailText)) return flagError('logs', `invalid argument "${tailText}" for "--tail" flag: strconv.ParseInt: parsing "${tailText}": invalid syntax`);
    tail = Number(tailText);
  }
  const sinceText = stringFlag(flags, 'since');
  let sinceSeconds: number | undefined;
  if (sinceText !== undefined) {
    const ms = parseGoDuration(sinceText);
    if (ms === undefined) return flagError('logs', `invalid argument "${sinceText}" for "--since" flag: time: invalid duration "${sinceText}"`);
    // RoundUp to whole seconds, at least 1 (logs.go ToLogOptions).
    if (ms !== 0) sinceSeconds = Math.max(1, Math.ceil(ms / 1000));
  }
  const sinceTime = stringFlag(flags, 'since-time');
  const allContainers = boolFlag(flags, 'all-containers');

  // Validate
  if (sinceTime !== undefined && sinceSeconds !== undefined) return fail('at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (sinceTime !== undefined && Number.isNaN(Date.parse(sinceTime))) return fail(`parsing time "${sinceTime}" as "2006-01-02T15:04:05Z07:00": cannot parse "${sinceTime}" as "2006"`);
  if (tail < -1) return fail('--tail must be greater than or equal to -1');
  if (allContainers && container !== '') return fail(`--all-containers=true should not be specified with container name ${container}`);

  const podResource = resourceForKind('Pod')!;
  let pods: Pod[];
  let stderr = '';
  if (selectorText !== undefined) {
    const sel = parseSelector(selectorText);
    if (!sel.ok) return selectorBadRequest(podResource, selectorText, sel.error);
    pods = (ctx.list(podResource, namespace) as unknown as Pod[])
      .filter((p) => sel.selector.matches(p.metadata?.labels ?? {}))
      .sort((a, b) => compareStrings(a.metadata?.name ?? '', b.metadata?.name ?? ''));
    if (pods.length === 0) return { stdout: '', stderr: `No resources found in ${namespace} namespace.\n`, exitCode: 0 };
    // With a selector the default is the last 10 lines of each container.
    if (tailText === undefined) tail = 10;
  } else {
    const found = findPod(ctx, resourceArg, namespace);
    if ('error' in found) return found.error;
    pods = [found.pod];
    stderr += found.notice ?? '';
  }

  const prefix = boolFlag(flags, 'prefix');
  let stdout = '';
  for (const pod of pods) {
    const podName = pod.metadata?.name ?? '';
    let names: string[];
    if (allContainers) names = allContainerNames(pod);
    else if (container !== '') names = [container];
    else {
      const chosen = defaultContainer(pod);
      if (!chosen) return fail(`pod ${pod.metadata?.namespace}/${podName} does not have any containers`);
      names = [chosen.name];
      stderr += chosen.notice ?? '';
    }
    for (const c of names) {
      const opts: PodLogOptions = {
        container: c,
        ...(boolFlag(flags, 'previous') ? { previous: true } : {}),
        ...(tail >= 0 ? { tailLines: tail } : {}),
        ...(sinceSeconds !== undefined ? { sinceSeconds } : {}),
        ...(sinceTime !== undefined ? { sinceTime } : {}),
        ...(boolFlag(flags, 'timestamps') ? { timestamps: true } : {}),
      };
      if (!ctx.logs) return fail('"kubectl logs" is not available here');
      const res = ctx.logs(`${pod.metadata?.namespace ?? namespace}/${podName}`, opts);
      if (!res.ok) {
        // Without --ignore-errors the first failing request ends the command; with it the error is printed in line.
        if (!boolFlag(flags, 'ignore-errors')) return { stdout, stderr: `${stderr}${apiErrorLine(res.status)}\n`, exitCode: 1 };
        stdout += `error: ${res.status.message}\n`;
        continue;
      }
      const tag = prefix ? `[pod/${podName}/${c}] ` : '';
      stdout += tag ? res.text.replace(/^(?=.)/gm, tag) : res.text;
    }
  }
  if (boolFlag(flags, 'follow')) stderr += FOLLOW_NOTE;
  return { stdout, stderr, exitCode: 0 };
}

/** Go's time.ParseDuration (`10s`, `1h30m`, `1.5m`, `300ms`), in ms; undefined when invalid. */
export function parseGoDuration(s: string): number | undefined {
  if (s === '0') return 0;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let i = s.startsWith('-') || s.startsWith('+') ? 1 : 0;
  if (i === s.length) return undefined;
  let total = 0;
  while (i < s.length) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * units[m[2]];
    i = re.lastIndex;
  }
  return s.startsWith('-') ? -total : total;
}

type Found = { pod: Pod; notice?: string } | { error: CommandOutput };

/** LogsForObject: the pod named, or for TYPE/NAME of a workload, Job or Service the first of its pods by ByLogging. */
function findPod(ctx: KubectlContext, arg: string, namespace: string): Found {
  const found = podsForObject(ctx, arg, namespace, (obj) => `cannot get the logs from *${goTypeName(obj)}`);
  if ('error' in found) return found;
  const pod = [...found.pods].sort(byLogging)[0];
  return { pod, ...(found.pods.length > 1 ? { notice: `Found ${found.pods.length} pods, using pod/${pod.metadata?.name}\n` } : {}) };
}

/**
 * podutils.ByLogging: assigned before unassigned, Running before not, ready before not ready, more
 * restarts first, older first; then by name for a stable order.
 */
function byLogging(a: Pod, b: Pod): number {
  const assigned = (p: Pod) => (p.spec?.nodeName ? 1 : 0);
  const running = (p: Pod) => (p.status?.phase === 'Running' ? 1 : 0);
  const ready = (p: Pod) => (p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 1 : 0);
  const restarts = (p: Pod) => Math.max(0, ...(p.status?.containerStatuses ?? []).map((s) => s.restartCount));
  const created = (p: Pod) => p.metadata?.creationTimestamp ?? '';
  return (
    assigned(b) - assigned(a) || running(b) - running(a) || ready(b) - ready(a) || restarts(b) - restarts(a) ||
    compareStrings(created(a), created(b)) || compareStrings(a.metadata?.name ?? '', b.metadata?.name ?? '')
  );
}


/** --all-containers: init containers, then containers, then ephemeral ones (the pod's order). */
function allContainerNames(pod: Pod): string[] {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].map((c) => c.name);
}
