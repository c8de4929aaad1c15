// What the kubelet reports as a pod's status, computed from the runtime's view of the pod.
// UPSTREAM: pkg/kubelet/kubelet_pods.go (generateAPIPodStatus, convertToAPIContainerStatuses),
//           pkg/kubelet/status/generate.go (the pod conditions)
// Pure: the same pod, runtime state and time give the same status; the kubelet writes it only when
// it changed (status_manager.go).

import type { Container, ContainerStateTerminated, ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1';
import { imageID, normalizeImage, terminationReason, type RuntimeContainer, type RuntimePod } from '../runtime';
import { crashLoopMessage, formatPod } from '../restart';
import { isReady, isStarted } from '../prober/worker';

/** `now` is the RFC 3339 time of this sync; `hostIP` the node's InternalIP. */
export function generatePodStatus(pod: Pod, rp: RuntimePod, hostIP: string, now: string): NonNullable<Pod['status']> {
  const spec = pod.spec!;
  const old = pod.status ?? {};
  const byName = new Map(rp.containers.map((c) => [c.name, c]));
  const podRef = formatPod(pod.metadata?.name ?? '', pod.metadata?.namespace ?? 'default', rp.uid);
  // A container the runtime has not started yet waits with the default reason, which is
  // PodInitializing for every container (init or app) of a pod that has init containers.
  const defaultWaitingReason = (spec.initContainers ?? []).length > 0 ? 'PodInitializing' : 'ContainerCreating';
  const status = (c: Container, init: boolean): ContainerStatus => {
    const rc = byName.get(c.name)!;
    const sidecar = init && c.restartPolicy === 'Always';
    // lastState is a struct, not a pointer, in the API: always present, `{}` until a restart.
    const lastState = rc.lastTerminated ? { terminated: { ...rc.lastTerminated } } : {};
    const base = { name: c.name, image: c.image ?? '', imageID: '', lastState, ready: false, restartCount: rc.restartCount ?? 0, started: false } as ContainerStatus;
    // Once the container exists, image and imageID are what the runtime reports (the normalized reference).
    const created = { containerID: rc.containerID, image: normalizeImage(c.image ?? ''), imageID: imageID(c.image ?? '') };
    if (rc.phase === 'running' && rc.postStart) {
      // startContainer has not returned: the postStart hook is running, or failed and the container is being killed.
      const waiting = rc.postStart.failed ? { reason: 'PostStartHookError', message: rc.postStart.message } : { reason: defaultWaitingReason };
      return { ...base, ...created, state: { waiting } };
    }
    if (rc.phase === 'running') {
      // prober manager UpdatePodStatus: started once the startup probe (if any) succeeded; ready once
      // started and the readiness probe (if any) succeeded; regular init containers never.
      return { ...base, ...created, ready: (!init || sidecar) && isReady(rp, c.name), started: isStarted(rp, c.name), state: { running: { startedAt: rc.startedAt! } } };
    }
    const exitedRun = lastRun(rc);
    if (rc.phase === 'pulling' && rc.waiting) {
      // The image cannot be had (yet): ErrImagePull, ImagePullBackOff, InvalidImageName, ErrImageNeverPull.
      return { ...base, ...(exitedRun ? { lastState: { terminated: exitedRun } } : {}), state: { waiting: { ...rc.waiting } } };
    }
    if (rc.phase === 'backoff' && exitedRun) {
      // The run that just ended moves to lastState while the kubelet waits out the back-off.
      const message = crashLoopMessage(rc.backOffMs ?? 0, c.name, podRef);
      return { ...base, ...created, lastState: { terminated: exitedRun }, state: { waiting: { reason: 'CrashLoopBackOff', message } } };
    }
    if (exitedRun) {
      // Exited (or about to be restarted): the runtime still reports the dead container.
      // An init container that exited 0 counts as ready (prober_manager.go UpdatePodStatus).
      return { ...base, ...created, ready: init && !sidecar && exitedRun.exitCode === 0, state: { terminated: exitedRun } };
    }
    return { ...base, state: { waiting: { reason: defaultWaitingReason } } };
  };
  const initStatuses = (spec.initContainers ?? []).map((c) => status(c, true));
  const appStatuses = (spec.containers ?? []).map((c) => status(c, false));
  const sidecarStatuses = initStatuses.filter((_s, i) => spec.initContainers![i].restartPolicy === 'Always');
  // An evicted pod is Failed (eviction_manager.go evictPod's status function), whatever its containers.
  const phase = isTerminal(old.phase) ? old.phase! : rp.evicted ? 'Failed' : getPhase(pod, initStatuses, appStatuses);
  const sandboxReady = rp.sandbox?.state === 'ready' && !!rp.sandbox.ip;
  const prevConds = new Map((old.conditions ?? []).map((c) => [c.type, c]));
  const mk = (type: string, ok: boolean, reason?: string, message?: string): PodCondition => {
    const prev = prevConds.get(type);
    const statusText = ok ? 'True' : 'False';
    const since = prev && prev.status === statusText ? prev.lastTransitionTime : now;
    return { type, status: statusText, lastProbeTime: null as unknown as undefined, lastTransitionTime: since, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
  };
  // Initialized: every regular init container exited 0 and every sidecar has started.
  const uninit = (spec.initContainers ?? []).filter((c) => {
    const rc = byName.get(c.name);
    if (c.restartPolicy === 'Always') return rc?.startedAt === undefined;
    return !(rc?.phase === 'exited' && (rc.exitCode ?? 0) === 0);
  }).map((c) => c.name);
  const initsDone = uninit.length === 0;
  // ContainersReady and Ready (GenerateContainersReadyCondition): sidecars and app containers.
  const unready = [...sidecarStatuses, ...appStatuses].filter((s) => !s.ready).map((s) => s.name);
  const allReady = appStatuses.length > 0 && unready.length === 0;
  const readyCond = (type: string): PodCondition => {
    if (phase === 'Succeeded') return mk(type, false, 'PodCompleted');
    if (phase === 'Failed') return mk(type, false, 'PodFailed');
    return mk(type, allReady, allReady ? undefined : 'ContainersNotReady', allReady ? undefined : `containers with unready status: [${unready.join(' ')}]`);
  };
  const initialized = phase === 'Succeeded'
    ? mk('Initialized', true, 'PodCompleted')
    : mk('Initialized', initsDone, initsDone ? undefined : 'ContainersNotInitialized', initsDone ? undefined : `containers with incomplete status: [${uninit.join(' ')}]`);
  const conditions: PodCondition[] = [
    mk('PodReadyToStartContainers', sandboxReady),
    initialized,
    readyCond('Ready'),
    readyCond('ContainersReady'),
    prevConds.get('PodScheduled') ?? mk('PodScheduled', true),
  ];
  // The kubelet's eviction adds DisruptionTarget (reason TerminationByKubelet) with the eviction message.
  const disruption = prevConds.get('DisruptionTarget');
  if (rp.evicted) conditions.unshift(disruption ?? { ...mk('DisruptionTarget', true, 'TerminationByKubelet', rp.evicted.message) });
  else if (disruption) conditions.unshift(disruption);
  const podIP = rp.sandbox?.ip;
  const next: NonNullable<Pod['status']> = {
    ...old,
    phase,
    conditions,
    hostIP,
    hostIPs: [{ ip: hostIP }],
    ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
    startTime: old.startTime ?? rp.startTime,
    ...(initStatuses.length ? { initContainerStatuses: initStatuses } : {}),
    containerStatuses: appStatuses,
    qosClass: old.qosClass,
    ...(rp.evicted ? { reason: 'Evicted', message: rp.evicted.message } : {}),
  };
  return next;
}

/** The run that ended most recently and has not been replaced by a new one yet. */
function lastRun(rc: RuntimeContainer): ContainerStateTerminated | undefined {
  if (rc.finishedAt === undefined) return undefined;
  const exitCode = rc.exitCode ?? 0;
  return { exitCode, reason: rc.reason ?? terminationReason(exitCode), startedAt: rc.startedAt!, finishedAt: rc.finishedAt, containerID: rc.containerID };
}

function isTerminal(phase: string | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

/**
 * getPhase (kubelet_pods.go): Pending while initializing or while any container waits for its first
 * start; Running while a container runs or will be restarted; Succeeded when every app container exited
 * 0 and none restarts; Failed when they all exited, one non-zero, and none restarts (or an init
 * container failed under restartPolicy Never). Exited sidecars do not count.
 */
export function getPhase(pod: Pod, initStatuses: ContainerStatus[], appStatuses: ContainerStatus[]): string {
  const spec = pod.spec!;
  const policy = spec.restartPolicy ?? 'Always';
  let pendingInitialization = false;
  let failedInitialization = false;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  (spec.initContainers ?? []).forEach((c, i) => {
    const s = initStatuses[i];
    const restarting = !!s.lastState?.terminated;
    if (c.restartPolicy === 'Always') {
      if (s.state?.running) running++;
      else if (s.state?.waiting && !restarting) {
        pendingInitialization = true;
        waiting++;
      }
      return;
    }
    if (s.state?.running) pendingInitialization = true;
    else if (s.state?.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInitialization = true;
    } else if (restarting) {
      if (s.lastState!.terminated!.exitCode !== 0) failedInitialization = true;
    } else pendingInitialization = true;
  });
  for (const s of appStatuses) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.lastState?.terminated) stopped++;
    else waiting++;
  }
  if (failedInitialization && policy === 'Never') return 'Failed';
  if (pendingInitialization || failedInitialization) return 'Pending';
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}
