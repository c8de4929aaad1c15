// GET pods/<name>/log: which run of which container (validateContainerLogStatus), then its log with
// tail, since and timestamps applied (ReadLogs). The lines are derived, not stored: the container's
// program (runtime/output.ts) replayed from the run's startedAt to its finishedAt or now.
// UPSTREAM: pkg/registry/core/pod/strategy.go (LogLocation), pkg/kubelet/kubelet_pods.go
// (validateContainerLogStatus, GetContainerLogs), pkg/kubelet/kuberuntime/logs/logs.go (ReadLogs)
// SIMPLIFICATION: run times come from the status' second-precision timestamps; only the current and
// the previous run of a container have logs (as with containerd); no limitBytes.

import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';
import type { PodLogOptions } from '../../kubectl/cmd/logs';
import { containerOutput, MAX_LOG_LINES, type LogLine } from '../runtime/output';

export type PodLogResult = { ok: true; text: string } | { ok: false; reason: 'BadRequest' | 'NotFound'; message: string };

/** What the log depends on besides the pod: now, and what the process sees. */
export interface LogEnvironment {
  nowEpochMs: number;
  env: Record<string, string>;
  hostname: string;
}

/** Exit codes of a process ended by a signal (SIGKILL, SIGTERM): it did not run to its end. */
const SIGNALLED = new Set([137, 143]);

/** The log of one container of a pod, as the API server and the kubelet serve it. */
export function podContainerLogs(pod: Pod, opts: PodLogOptions, e: LogEnvironment): PodLogResult {
  const podName = pod.metadata?.name ?? '';
  const name = opts.container;
  const specs = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? [])];
  const spec = specs.find((c) => c.name === name);
  // LogLocation: the container must be in the spec; a pod not yet on a node has no logs to serve.
  if (!spec) return { ok: false, reason: 'BadRequest', message: `container ${name} is not valid for pod ${podName}` };
  if (!pod.spec?.nodeName) return { ok: true, text: '' };
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])];
  const status = statuses.find((s) => s.name === name);
  const run = runOf(status, opts.previous === true, name, podName);
  if ('error' in run) return { ok: false, reason: 'BadRequest', message: run.error };

  const startMs = Date.parse(run.startedAt);
  if (Number.isNaN(startMs)) return { ok: true, text: '' };
  const endMs = run.finishedAt !== undefined ? Date.parse(run.finishedAt) : e.nowEpochMs;
  // A run that ended on its own printed all it had to print (its end is known to the second only);
  // a killed one stopped where it was.
  const natural = run.finishedAt !== undefined && !SIGNALLED.has(run.exitCode ?? 0) && run.reason !== 'OOMKilled';
  const untilMs = Math.max(0, endMs - startMs) + (natural ? 60_000 : 0);
  const lines = containerOutput({ ...spec, env: e.env, hostname: e.hostname }, { startEpochMs: startMs, untilMs, maxLines: MAX_LOG_LINES });
  return { ok: true, text: readLogs(lines, startMs, opts, e.nowEpochMs) };
}

interface Run {
  startedAt: string;
  finishedAt?: string;
  exitCode?: number;
  reason?: string;
}

/** validateContainerLogStatus: the run to read, or the kubelet's error. */
function runOf(s: ContainerStatus | undefined, previous: boolean, name: string, podName: string): Run | { error: string } {
  // A scheduled pod whose kubelet has not reported the container yet: it is being created.
  if (!s) return { error: `container "${name}" in pod "${podName}" is waiting to start: ContainerCreating` };
  const last = s.lastState?.terminated;
  const fromTerminated = (t: NonNullable<typeof last>): Run => ({ startedAt: t.startedAt ?? '', finishedAt: t.finishedAt ?? '', exitCode: t.exitCode, ...(t.reason ? { reason: t.reason } : {}) });
  if (previous) {
    if (!last) return { error: `previous terminated container "${name}" in pod "${podName}" not found` };
    return fromTerminated(last);
  }
  if (s.state?.running) return { startedAt: s.state.running.startedAt ?? '' };
  if (s.state?.terminated) return fromTerminated(s.state.terminated);
  if (last) return fromTerminated(last);
  const reason = s.state?.waiting?.reason;
  if (reason === 'ErrImagePull') return { error: `container "${name}" in pod "${podName}" is waiting to start: image can't be pulled` };
  if (reason === 'ImagePullBackOff') return { error: `container "${name}" in pod "${podName}" is waiting to start: trying and failing to pull image` };
  if (reason) return { error: `container "${name}" in pod "${podName}" is waiting to start: ${reason}` };
  return { error: `container "${name}" in pod "${podName}" is waiting to start - no logs yet` };
}

/** ReadLogs: the last `tailLines` lines, those not older than `since`, each with its timestamp if asked. */
export function readLogs(lines: readonly LogLine[], startEpochMs: number, opts: PodLogOptions, nowEpochMs: number): string {
  let picked = opts.tailLines !== undefined && opts.tailLines >= 0 ? lines.slice(Math.max(0, lines.length - opts.tailLines)) : lines;
  const sinceMs = opts.sinceTime !== undefined ? Date.parse(opts.sinceTime) : opts.sinceSeconds !== undefined ? nowEpochMs - opts.sinceSeconds * 1000 : undefined;
  if (sinceMs !== undefined && !Number.isNaN(sinceMs)) picked = picked.filter((l) => startEpochMs + l.atMs >= sinceMs);
  return picked.map((l) => `${opts.timestamps ? `${rfc3339Nano(startEpochMs + l.atMs)} ` : ''}${l.text}\n`).join('');
}

/** The kubelet's timeFormatOut: RFC 3339 with nine fractional digits. */
export function rfc3339Nano(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
