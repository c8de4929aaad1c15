// Whether an exited container is restarted, and the kubelet's crash-loop back-off.
// UPSTREAM: pkg/kubelet/kuberuntime/kuberuntime_manager.go (computePodActions, doBackOff),
//           pkg/kubelet/container/helpers.go (ShouldContainerBeRestarted), client-go/util/flowcontrol/backoff.go
// SIMPLIFICATION: the back-off entry lives on the runtime container, not in a kubelet-wide map keyed by
// pod and container hash, so a changed container spec does not get a fresh back-off.

import { formatDuration } from '../sim/clock';
import type { RuntimeContainer } from './runtime';

/** The first delay before restarting a crashed container (kubelet backOffPeriod). */
export const INITIAL_BACK_OFF_MS = 10_000;
/** MaxContainerBackOff: the delay doubles up to 5 minutes. */
export const MAX_BACK_OFF_MS = 300_000;

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

/**
 * ShouldContainerBeRestarted for a container that has exited: sidecars always restart; regular init
 * containers restart after a failure unless the pod's policy is Never; app containers follow the pod's
 * restartPolicy (Always: any exit, OnFailure: non-zero exits, Never: none).
 */
export function shouldRestart(c: RuntimeContainer, policy: RestartPolicy): boolean {
  const failed = (c.exitCode ?? 0) !== 0;
  if (c.sidecar) return true;
  if (c.init) return failed && policy !== 'Never';
  if (policy === 'Always') return true;
  if (policy === 'OnFailure') return failed;
  return false;
}

/**
 * flowcontrol.Backoff.IsInBackOffSince: the container exited at `eventMs` and its current back-off
 * period has not passed yet. An entry older than twice the maximum has expired.
 */
export function isInBackOffSince(c: RuntimeContainer, eventMs: number, nowMs: number): boolean {
  if (c.backOffMs === undefined || c.backOffLastUpdateMs === undefined) return false;
  if (hasExpired(eventMs, c.backOffLastUpdateMs)) return false;
  return nowMs - eventMs < c.backOffMs;
}

/**
 * flowcontrol.Backoff.Next, called when the kubelet restarts the container: the first restart is
 * immediate and arms 10 s; each later one doubles the period (10 s, 20 s, 40 s, ... 5 min). A container
 * that ran for more than 10 minutes (2 x max) since the last update starts again from 10 s.
 *
 * Worked example (exit 1 after ~0.1 s each run): exit at t=0 -> restart at once, period 10 s; exit at
 * t=0.5 -> CrashLoopBackOff "back-off 10s" until t=10.5 -> restart, period 20 s; exit at t=11 ->
 * "back-off 20s" until t=31 -> restart, period 40 s.
 */
export function nextBackOff(c: RuntimeContainer, eventMs: number): void {
  if (c.backOffMs === undefined || c.backOffLastUpdateMs === undefined || hasExpired(eventMs, c.backOffLastUpdateMs)) {
    c.backOffMs = INITIAL_BACK_OFF_MS;
  } else {
    c.backOffMs = Math.min(c.backOffMs * 2, MAX_BACK_OFF_MS);
  }
  c.backOffLastUpdateMs = eventMs;
}

function hasExpired(eventMs: number, lastUpdateMs: number): boolean {
  return eventMs - lastUpdateMs > 2 * MAX_BACK_OFF_MS;
}

/** format.Pod: `<name>_<namespace>(<uid>)`. */
export function formatPod(name: string, namespace: string, uid: string): string {
  return `${name}_${namespace}(${uid})`;
}

/** state.waiting.message of a container in CrashLoopBackOff (doBackOff). */
export function crashLoopMessage(backOffMs: number, container: string, pod: string): string {
  return `back-off ${formatDuration(backOffMs)} restarting failed container=${container} pod=${pod}`;
}

/** The BackOff event's message (kuberuntime_container.go). */
export function backOffEventMessage(container: string, pod: string): string {
  return `Back-off restarting failed container ${container} in pod ${pod}`;
}
