// Runs one pod's containers on the fake runtime: pause sandbox, init containers one by one, app
// containers, restarts under restartPolicy with the crash-loop back-off, sidecars stopped last.
// UPSTREAM: pkg/kubelet/kuberuntime/kuberuntime_manager.go (computePodActions, SyncPod, doBackOff),
//           pkg/kubelet/kuberuntime/kuberuntime_container.go (startContainer, killContainer)
// SIMPLIFICATION: every runtime step is a seeded-latency timer back to the kubelet; pulls never queue.

import type { Container, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { splitKey } from '../../api/meta';
import type { Informer } from '../../client/informer';
import type { EventRecorder } from '../../client/record';
import { formatDuration } from '../../sim/clock';
import { backOffEventMessage, formatPod, isInBackOffSince, nextBackOff, shouldRestart, type RestartPolicy } from '../restart';
import { imageSizeBytes, runtimeId, terminationReason, type RuntimeContainer, type RuntimePod } from '../runtime';
import { containerProgram } from '../runtime/program';
import { killFailedProbeContainers, type ProbeType } from '../prober/worker';

/** A runtime timer of one pod (the payload the kubelet's handleTimer receives). */
export type PodTimer = {
  uid: string;
  step: 'sandbox' | 'pulled' | 'created' | 'started' | 'exited' | 'backOff' | 'killed' | 'sidecarsStopped' | 'volumes' | 'probe';
  container?: string;
  /** which run of the container the timer belongs to (its restartCount when scheduled) */
  run?: number;
  /** for `exited`: the code the program ends with */
  exitCode?: number;
  /** for `probe`: which of the container's probe workers ticks (prober/worker.ts) */
  probeType?: ProbeType;
  /** for `probe`: the worker has decided; settle() need not wait for it */
  steady?: boolean;
};

/** Simulated latencies (ms): [minimum, random extra]. */
export const LATENCY = {
  sandbox: [400, 600],
  pull: [1500, 2500],
  create: [100, 150],
  start: [150, 250],
  kill: [400, 600],
} as const;

export type RuntimeOp = keyof typeof LATENCY;

/** What the runtime side of one kubelet reads and writes. */
export interface RuntimeDeps {
  readonly recorder: EventRecorder;
  /** the kubelet's pod informer: container specs and event targets */
  readonly pods: Pick<Informer<Pod & KubeObject>, 'get'>;
  /** images present on the node (KubeletState.images); a finished pull adds one */
  readonly images: string[];
  /** simulated now, ms */
  now(): number;
  /** simulated now as an API timestamp */
  timestamp(): string;
  /** a timer back to this kubelet's handleTimer */
  schedule(delayMs: number, timer: PodTimer): void;
  /** one seeded latency draw for a runtime operation */
  latency(op: RuntimeOp): number;
}

/** A runtime container for a container in the pod spec, waiting for its image. */
export function newRuntimeContainer(rp: RuntimePod, c: Container, init: boolean): RuntimeContainer {
  const sidecar = init && c.restartPolicy === 'Always';
  return { name: c.name, init, ...(sidecar ? { sidecar } : {}), phase: 'pulling', containerID: `containerd://${runtimeId(`${rp.uid}:${c.name}`)}` };
}

/** RunPodSandbox: the pause container and its network namespace; a `sandbox` timer reports it ready. */
export function runPodSandbox(rt: RuntimeDeps, rp: RuntimePod): void {
  rp.sandbox = { state: 'creating', id: runtimeId(`${rp.uid}:sandbox`) };
  rt.schedule(rt.latency('sandbox'), { uid: rp.uid, step: 'sandbox' });
}

/**
 * A runtime timer fell due: move the runtime pod on. The caller then re-queues the pod so its worker
 * writes the new status and takes the next step.
 */
export function handlePodTimer(rt: RuntimeDeps, rp: RuntimePod, p: PodTimer): void {
  const c = p.container ? rp.containers.find((x) => x.name === p.container) : undefined;
  const now = rt.timestamp();
  switch (p.step) {
    case 'sandbox':
      if (rp.sandbox) rp.sandbox.state = 'ready';
      break;
    case 'pulled':
      if (c) {
        const image = imageOf(rt, rp, c.name);
        if (image && !rt.images.includes(image)) rt.images.push(image);
        c.phase = 'creating';
        // SIMPLIFICATION: pulls never queue behind each other, so the time including waiting is the pull time.
        const took = formatDuration(c.pullMs ?? 0);
        withPod(rt, rp, (pod) => {
          rt.recorder.event(pod, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${imageSizeBytes(image ?? '')} bytes.`, fieldPath(c));
        });
        rt.schedule(rt.latency('create'), { uid: rp.uid, step: 'created', container: c.name });
      }
      break;
    case 'created':
      if (c) {
        withPod(rt, rp, (pod) => rt.recorder.event(pod, 'Normal', 'Created', 'Container created', fieldPath(c)));
        rt.schedule(rt.latency('start'), { uid: rp.uid, step: 'started', container: c.name });
      }
      break;
    case 'started':
      if (c) started(rt, rp, c, now);
      break;
    case 'exited':
      if (c && c.phase === 'running' && (c.restartCount ?? 0) === p.run) exited(rt, c, p.exitCode ?? 0, now);
      break;
    case 'backOff':
      break; // the back-off period is over: the pod's next sync restarts the container
    case 'probe':
      break; // the kubelet hands probe ticks to the prober (prober/worker.ts)
    case 'volumes':
      break; // a mount retry or a wait's end: the pod's next sync looks at its volumes again
    case 'killed':
      rp.killed = true;
      for (const x of rp.containers) if (x.phase === 'running') exited(rt, x, 0, now);
      break;
    case 'sidecarsStopped':
      for (const x of rp.containers) if (x.sidecar && x.phase === 'running') exited(rt, x, 0, now);
      break;
  }
}

/**
 * computePodActions: after the sandbox, init containers in order (a sidecar only has to have started,
 * a regular one to have exited 0), then every app container; exited containers restart as their
 * policy says; once the app containers are done for good, the sidecars are stopped.
 * The sandbox must be ready and have its IP (the pod worker assigns it).
 */
export function syncPodContainers(rt: RuntimeDeps, pod: Pod & KubeObject, rp: RuntimePod): void {
  killFailedProbeContainers(rt, pod, rp);
  const policy = (pod.spec?.restartPolicy ?? 'Always') as RestartPolicy;
  const done = (c: RuntimeContainer) => c.phase === 'exited' || c.phase === 'backoff';
  for (const c of rp.containers.filter((x) => x.init)) {
    if (c.sidecar) {
      if (done(c) && !rp.sidecarsStopping) restartIfDue(rt, pod, rp, c);
      if (hasRun(c)) continue;
      startContainer(rt, pod, rp, c);
      return;
    }
    if (done(c) && (c.exitCode ?? 0) === 0) continue;
    if (done(c)) {
      // A failed init container: retried with back-off, or (Never) the pod has failed.
      if (shouldRestart(c, policy)) restartIfDue(rt, pod, rp, c);
      return;
    }
    startContainer(rt, pod, rp, c);
    return;
  }
  const apps = rp.containers.filter((c) => !c.init);
  for (const c of apps) {
    if (!done(c)) startContainer(rt, pod, rp, c);
    else if (shouldRestart(c, policy)) restartIfDue(rt, pod, rp, c);
  }
  const finished = apps.every((c) => c.phase === 'exited' && !shouldRestart(c, policy));
  const sidecars = rp.containers.filter((c) => c.sidecar && c.phase === 'running');
  if (finished && !rp.sidecarsStopping && rp.containers.some((c) => c.sidecar)) {
    rp.sidecarsStopping = true;
    for (const c of sidecars) rt.recorder.event(pod, 'Normal', 'Killing', `Stopping container ${c.name}`, fieldPath(c));
    rt.schedule(rt.latency('kill'), { uid: rp.uid, step: 'sidecarsStopped' });
  }
}

/** KillPod: stop every running container within the grace period; a `killed` timer reports the end. */
export function killPod(rt: RuntimeDeps, pod: Pod & KubeObject, rp: RuntimePod): void {
  for (const c of rp.containers) {
    if (c.phase === 'running') rt.recorder.event(pod, 'Normal', 'Killing', `Stopping container ${c.name}`, fieldPath(c));
  }
  const grace = (pod.metadata?.deletionGracePeriodSeconds ?? 30) * 1000;
  rt.schedule(Math.min(grace, rt.latency('kill')), { uid: rp.uid, step: 'killed' });
}

/**
 * doBackOff: restart an exited container now, or hold it in CrashLoopBackOff until its back-off
 * period (counted from when it exited) has passed; a timer wakes the pod worker then.
 */
function restartIfDue(rt: RuntimeDeps, pod: Pod & KubeObject, rp: RuntimePod, c: RuntimeContainer): void {
  const nowMs = rt.now();
  const exitedMs = c.finishedAtMs ?? nowMs;
  if (isInBackOffSince(c, exitedMs, nowMs)) {
    if (c.phase === 'backoff') return;
    c.phase = 'backoff';
    rt.schedule(exitedMs + c.backOffMs! - nowMs, { uid: rp.uid, step: 'backOff', container: c.name, run: c.restartCount ?? 0 });
    const { namespace, name } = splitKey(rp.key);
    rt.recorder.event(pod, 'Warning', 'BackOff', backOffEventMessage(c.name, formatPod(name, namespace ?? 'default', rp.uid)), fieldPath(c));
    return;
  }
  nextBackOff(c, exitedMs);
  // A new container instance: "already present" (or a pull under imagePullPolicy Always), create, start.
  c.phase = 'pulling';
  c.pullStarted = false;
  startContainer(rt, pod, rp, c);
}

/** The container's process is up: a restarted one moves its last run to lastState; its program may end it. */
function started(rt: RuntimeDeps, rp: RuntimePod, c: RuntimeContainer, now: string): void {
  if (c.finishedAt !== undefined) {
    c.lastTerminated = { exitCode: c.exitCode ?? 0, reason: terminationReason(c.exitCode ?? 0), startedAt: c.startedAt ?? now, finishedAt: c.finishedAt, containerID: c.containerID };
    c.restartCount = (c.restartCount ?? 0) + 1;
    c.containerID = `containerd://${runtimeId(`${rp.uid}:${c.name}:${c.restartCount}`)}`;
    delete c.exitCode;
    delete c.finishedAt;
    delete c.finishedAtMs;
  }
  c.phase = 'running';
  c.startedAt = now;
  c.startedAtMs = rt.now();
  const pod = rt.pods.get(rp.key);
  if (!pod || pod.metadata?.uid !== rp.uid) return;
  rt.recorder.event(pod, 'Normal', 'Started', 'Container started', fieldPath(c));
  const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((x) => x.name === c.name);
  const program = containerProgram(spec ?? {});
  if (program.kind === 'exits') {
    rt.schedule(program.afterMs, { uid: rp.uid, step: 'exited', container: c.name, run: c.restartCount ?? 0, exitCode: program.exitCode });
  }
}

function exited(rt: RuntimeDeps, c: RuntimeContainer, exitCode: number, now: string): void {
  c.phase = 'exited';
  c.exitCode = exitCode;
  c.finishedAt = now;
  c.finishedAtMs = rt.now();
}

/** Kick off the pull (or skip it when the image is present) once per container. */
function startContainer(rt: RuntimeDeps, pod: Pod & KubeObject, rp: RuntimePod, c: RuntimeContainer): void {
  if (c.phase !== 'pulling' || c.pullStarted) return;
  c.pullStarted = true;
  const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((x) => x.name === c.name);
  const image = spec?.image ?? '';
  const present = rt.images.includes(image);
  if (present && spec?.imagePullPolicy !== 'Always') {
    rt.recorder.event(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine and can be accessed by the pod`, fieldPath(c));
    c.phase = 'creating';
    rt.schedule(rt.latency('create'), { uid: rp.uid, step: 'created', container: c.name });
    return;
  }
  rt.recorder.event(pod, 'Normal', 'Pulling', `Pulling image "${image}"`, fieldPath(c));
  const ms = rt.latency('pull');
  c.pullMs = ms;
  rt.schedule(ms, { uid: rp.uid, step: 'pulled', container: c.name });
}

function withPod(rt: RuntimeDeps, rp: RuntimePod, fn: (pod: Pod & KubeObject) => void): void {
  const pod = rt.pods.get(rp.key);
  if (pod && pod.metadata?.uid === rp.uid) fn(pod);
}

function imageOf(rt: RuntimeDeps, rp: RuntimePod, container: string): string | undefined {
  const pod = rt.pods.get(rp.key);
  return [...(pod?.spec?.initContainers ?? []), ...(pod?.spec?.containers ?? [])].find((c) => c.name === container)?.image;
}

/** Whether a container has been started at least once (a sidecar that did no longer blocks the next init container). */
function hasRun(c: RuntimeContainer): boolean {
  return c.startedAt !== undefined;
}

function fieldPath(c: RuntimeContainer): string {
  return c.init ? `spec.initContainers{${c.name}}` : `spec.containers{${c.name}}`;
}
