// What the kubelet reports as a pod's status, computed from the runtime's view of the pod.
// UPSTREAM: pkg/kubelet/kubelet_pods.go (generateAPIPodStatus, convertToAPIContainerStatuses),
//           pkg/kubelet/status/generate.go (the pod conditions)
// Pure: the same pod, runtime state and time give the same status; the kubelet writes it only when
// it changed (status_manager.go).

import type { Container, ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1';
import { imageID, normalizeImage, type RuntimePod } from '../runtime';

/** `now` is the RFC 3339 time of this sync; `hostIP` the node's InternalIP. */
export function generatePodStatus(pod: Pod, rp: RuntimePod, hostIP: string, now: string): NonNullable<Pod['status']> {
  const spec = pod.spec!;
  const old = pod.status ?? {};
  const byName = new Map(rp.containers.map((c) => [c.name, c]));
  const initsDone = (spec.initContainers ?? []).every((c) => byName.get(c.name)?.phase === 'exited');
  // A container the runtime has not started yet waits with the default reason, which is
  // PodInitializing for every container (init or app) of a pod that has init containers.
  const defaultWaitingReason = (spec.initContainers ?? []).length > 0 ? 'PodInitializing' : 'ContainerCreating';
  const status = (c: Container, init: boolean): ContainerStatus => {
    const rc = byName.get(c.name)!;
    // lastState is a struct, not a pointer, in the API: always present, `{}` until a restart.
    const base = { name: c.name, image: c.image ?? '', imageID: '', lastState: {}, ready: false, restartCount: 0, started: false } as ContainerStatus;
    // Once the container exists, image and imageID are what the runtime reports (the normalized reference).
    const created = { containerID: rc.containerID, image: normalizeImage(c.image ?? ''), imageID: imageID(c.image ?? '') };
    if (rc.phase === 'running') {
      // prober manager: started without a startup probe; ready without a readiness probe, init containers never.
      return { ...base, ...created, ready: !init, started: true, state: { running: { startedAt: rc.startedAt! } } };
    }
    if (rc.phase === 'exited') {
      const exitCode = rc.exitCode ?? 0;
      const terminated = { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: rc.startedAt!, finishedAt: rc.finishedAt!, containerID: rc.containerID };
      // An init container that exited 0 counts as ready (prober_manager.go UpdatePodStatus).
      return { ...base, ...created, ready: init && exitCode === 0, state: { terminated } };
    }
    return { ...base, state: { waiting: { reason: defaultWaitingReason } } };
  };
  const initStatuses = (spec.initContainers ?? []).map((c) => status(c, true));
  const appStatuses = (spec.containers ?? []).map((c) => status(c, false));
  const allReady = appStatuses.length > 0 && appStatuses.every((s) => s.ready);
  const unready = appStatuses.filter((s) => !s.ready).map((s) => s.name);
  const sandboxReady = rp.sandbox?.state === 'ready' && !!rp.sandbox.ip;
  const prevConds = new Map((old.conditions ?? []).map((c) => [c.type, c]));
  const mk = (type: string, ok: boolean, reason?: string, message?: string): PodCondition => {
    const prev = prevConds.get(type);
    const statusText = ok ? 'True' : 'False';
    const since = prev && prev.status === statusText ? prev.lastTransitionTime : now;
    return { type, status: statusText, lastProbeTime: null as unknown as undefined, lastTransitionTime: since, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
  };
  const uninit = (spec.initContainers ?? []).filter((c) => byName.get(c.name)?.phase !== 'exited').map((c) => c.name);
  const conditions: PodCondition[] = [
    mk('PodReadyToStartContainers', sandboxReady),
    mk('Initialized', initsDone, initsDone ? undefined : 'ContainersNotInitialized', initsDone ? undefined : `containers with incomplete status: [${uninit.join(' ')}]`),
    mk('Ready', allReady, allReady ? undefined : 'ContainersNotReady', allReady ? undefined : `containers with unready status: [${unready.join(' ')}]`),
    mk('ContainersReady', allReady, allReady ? undefined : 'ContainersNotReady', allReady ? undefined : `containers with unready status: [${unready.join(' ')}]`),
    prevConds.get('PodScheduled') ?? mk('PodScheduled', true),
  ];
  const running = appStatuses.length > 0 && appStatuses.every((s) => s.state?.running);
  const next: NonNullable<Pod['status']> = {
    ...old,
    phase: running ? 'Running' : 'Pending',
    conditions,
    hostIP,
    hostIPs: [{ ip: hostIP }],
    ...(sandboxReady ? { podIP: rp.sandbox!.ip, podIPs: [{ ip: rp.sandbox!.ip! }] } : {}),
    startTime: old.startTime ?? rp.startTime,
    ...(initStatuses.length ? { initContainerStatuses: initStatuses } : {}),
    containerStatuses: appStatuses,
    qosClass: old.qosClass,
  };
  return next;
}
