// Runs one pod's containers on the fake runtime: pause sandbox, init containers one by one, app
// containers, restarts under restartPolicy with the crash-loop back-off, sidecars stopped last.
// UPSTREAM: pkg/kubelet/kuberuntime/kuberuntime_manager.go (computePodActions, SyncPod, doBackOff),
//           pkg/kubelet/kuberuntime/kuberuntime_container.go (startContainer, killContainer)
// SIMPLIFICATION: every runtime step is a timer back to the kubelet (seeded latencies; pull times from
// images/image-manager.ts); pulls never queue.

import type { Container, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { splitKey } from '../../api/meta';
import type { Informer } from '../../client/informer';
import type { EventRecorder } from '../../client/record';
import { formatDuration } from '../../sim/clock';
import { backOffEventMessage, formatPod, isInBackOffSince, nextBackOff, shouldRestart, type RestartPolicy } from '../restart';
import { runtimeId, terminationReason, type RuntimeContainer, type RuntimePod } from '../runtime';
import { containerProgram } from '../runtime/program';
import {
  ERR_IMAGE_PULL_RESYNC_MS, imageSize, isInImageBackOff, messages as imageMessages, nextImageBackOff, parseImageReference,
  PULL_CACHED_MS, PULL_FAIL_MS, pullDurationMs, pullOutcome, pullPolicyOf, shouldPullImage,
} from '../images/image-manager';
import { killFailedProbeContainers, type ProbeType } from '../prober/worker';
import { runHandler } from '../lifecycle/handlers';
import { oomKillAfterMs } from '../runtime/memory';
import { containerEnvironment, environmentError, type EnvSources } from '../envvars/envvars';
import { recordSandboxReady, recordStep } from './creation-chain';

/** A runtime timer of one pod (the payload the kubelet's handleTimer receives). */
export type PodTimer = {
  uid: string;
  step: 'sandbox' | 'pulled' | 'pullFailed' | 'pullResync' | 'pullBackOff' | 'created' | 'started' | 'postStartDone' | 'exited' | 'backOff' | 'killed' | 'sidecarsStopped' | 'volumes' | 'probe' | 'configResync';
  container?: string;
  /** which run of the container the timer belongs to (its restartCount when scheduled) */
  run?: number;
  /** for `exited`: the code the program ends with */
  exitCode?: number;
  /** for `exited`: the runtime's reason when the exit code does not tell (OOMKilled) */
  reason?: string;
  /** for `probe`: which of the container's probe workers ticks (prober/worker.ts) */
  probeType?: ProbeType;
  /** for `probe`: the worker has decided; settle() need not wait for it */
  steady?: boolean;
};

/** Simulated latencies (ms): [minimum, random extra]. */
export const LATENCY = {
  sandbox: [400, 600],
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
  /** the kubelet's configmap and secret managers (env and envFrom references); none: every reference resolves */
  readonly envSources?: EnvSources;
}

/**
 * The pod worker's back-off after a failed sync (pod_workers.go backOffPeriod: 10 s): a container
 * stuck in CreateContainerConfigError is tried again this long after. SIMPLIFICATION: no jitter.
 */
export const SYNC_ERROR_BACKOFF_MS = 10_000;

/** A runtime container for a container in the pod spec, waiting for its image. */
export function newRuntimeContainer(rp: RuntimePod, c: Container, init: boolean): RuntimeContainer {
  const sidecar = init && c.restartPolicy === 'Always';
  return { name: c.name, init, ...(sidecar ? { sidecar } : {}), phase: 'pulling', containerID: `containerd://${runtimeId(`${rp.uid}:${c.name}`)}` };
}

/** RunPodSandbox: the pause container and its network namespace; a `sandbox` timer reports it ready. */
export function runPodSandbox(rt: RuntimeDeps, rp: RuntimePod): void {
  rp.sandbox = { state: 'creating', id: runtimeId(`${rp.uid}:sandbox`), calledMs: rt.now() };
  recordStep(rp, { atMs: rt.now(), component: 'CRI', call: 'RunPodSandbox', detail: 'pause' });
  rt.schedule(rt.latency('sandbox'), { uid: rp.uid, step: 'sandbox' });
}

/**
 * A runtime timer fell due: move the runtime pod on. The caller then re-queues the pod so its worker
 * writes the new status and takes the next step.
 */
export function handlePodTimer(rt: RuntimeDeps, rp: RuntimePod, p: PodTimer): void {
  // An evicted pod's containers are gone: a pull, create or start still in flight finds nothing to do.
  if (rp.evicted && p.step !== 'killed') return;
  const c = p.container ? rp.containers.find((x) => x.name === p.container) : undefined;
  const now = rt.timestamp();
  switch (p.step) {
    case 'sandbox':
      if (rp.sandbox) {
        rp.sandbox.state = 'ready';
        recordSandboxReady(rp, rp.sandbox.calledMs ?? rt.now(), rt.now());
      }
      break;
    case 'pulled':
      if (c && c.phase === 'pulling') {
        const image = imageOf(rt, rp, c.name) ?? '';
        const ref = parseImageReference(image);
        const normalized = ref.ok ? ref.normalized : image;
        if (!rt.images.includes(normalized)) rt.images.push(normalized);
        delete c.waiting;
        delete c.imageBackOff;
        recordStep(rp, { atMs: rt.now() - (c.pullMs ?? 0), durationMs: c.pullMs ?? 0, component: 'CRI', call: 'PullImage', container: c.name, detail: normalized });
        // SIMPLIFICATION: pulls never queue behind each other, so the time including waiting is the pull time.
        const pod = rt.pods.get(rp.key);
        if (pod && pod.metadata?.uid === rp.uid) {
          rt.recorder.event(pod, 'Normal', 'Pulled', imageMessages.pulled(image, c.pullMs ?? 0, c.pullMs ?? 0, imageSize(normalized), formatDuration), fieldPath(c));
          createContainer(rt, pod, rp, c);
        }
      }
      break;
    case 'pullFailed':
      if (c && c.phase === 'pulling') pullFailed(rt, rp, c);
      break;
    case 'pullResync':
      // The pod worker's next sync after ErrImagePull: it finds the image in back-off.
      if (c && c.phase === 'pulling') c.pullStarted = false;
      break;
    case 'pullBackOff':
      break; // the image back-off is over: the pod's next sync pulls again
    case 'created':
      if (c) {
        const called = c.createCalledMs ?? rt.now();
        recordStep(rp, { atMs: called, durationMs: rt.now() - called, component: 'CRI', call: 'CreateContainer', container: c.name });
        recordStep(rp, { atMs: called + Math.round((rt.now() - called) / 2), component: 'runc', call: 'runc create', container: c.name, estimated: true });
        recordStep(rp, { atMs: rt.now(), component: 'CRI', call: 'StartContainer', container: c.name });
        withPod(rt, rp, (pod) => rt.recorder.event(pod, 'Normal', 'Created', 'Container created', fieldPath(c)));
        rt.schedule(rt.latency('start'), { uid: rp.uid, step: 'started', container: c.name });
      }
      break;
    case 'configResync':
      // The pod worker's retry after CreateContainerConfigError: the next sync starts the container again.
      if (c && c.phase === 'pulling' && c.waiting?.reason === CREATE_CONTAINER_CONFIG_ERROR) c.pullStarted = false;
      break;
    case 'started':
      if (c) started(rt, rp, c, now);
      break;
    case 'postStartDone':
      if (c && c.phase === 'running' && (c.restartCount ?? 0) === p.run && c.postStart?.run === p.run) postStartDone(rt, rp, c);
      break;
    case 'exited':
      if (c && c.phase === 'running' && (c.restartCount ?? 0) === p.run) exited(rt, c, p.exitCode ?? 0, now, p.reason);
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

/**
 * KillPod: stop every running container within the grace period; a `killed` timer reports the end.
 * killContainer runs a container's preStop hook first (cut at the grace period), then sends SIGTERM
 * with what is left of the grace period, but at least 2 s (minimumGracePeriodInSeconds).
 *
 * Worked example (pod-with-graceful-termination: grace 120 s, preStop `sleep 180`): the hook is cut
 * at 120 s, SIGTERM gets the 2 s minimum, nginx exits within a second: the pod is gone at ~120.5 s.
 */
export function killPod(rt: RuntimeDeps, pod: Pod & KubeObject, rp: RuntimePod): void {
  const grace = (pod.metadata?.deletionGracePeriodSeconds ?? 30) * 1000;
  const { name, namespace } = splitKey(rp.key);
  const podRef = formatPod(name, namespace ?? 'default', rp.uid);
  let doneMs = 0;
  for (const c of rp.containers) {
    if (c.phase !== 'running') continue;
    rt.recorder.event(pod, 'Normal', 'Killing', `Stopping container ${c.name}`, fieldPath(c));
    const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((x) => x.name === c.name);
    const preStop = spec?.lifecycle?.preStop;
    let hookMs = 0;
    if (preStop && spec && grace > 0) {
      const outcome = runHandler(preStop, spec, podRef, rp.sandbox?.ip ?? '');
      hookMs = Math.min(outcome.ms, grace);
      if (!outcome.ok && outcome.ms <= grace) rt.recorder.event(pod, 'Warning', 'FailedPreStopHook', outcome.error, fieldPath(c));
    }
    const termMs = hookMs > 0 ? Math.max(grace - hookMs, MINIMUM_GRACE_PERIOD_MS) : grace;
    doneMs = Math.max(doneMs, hookMs + Math.min(termMs, rt.latency('kill')));
  }
  if (doneMs === 0) doneMs = Math.min(grace, rt.latency('kill'));
  rt.schedule(doneMs, { uid: rp.uid, step: 'killed' });
}

/**
 * The eviction manager's killPodFunc with grace period 0 (a hard threshold): every running container
 * is SIGKILLed at once (exit 137) and the pod is marked evicted, so nothing restarts it and its
 * status turns Failed with reason Evicted and `message`.
 */
export function evictPod(rt: RuntimeDeps, pod: Pod & KubeObject, rp: RuntimePod, message: string): void {
  rp.evicted = { message };
  for (const c of rp.containers) {
    if (c.phase !== 'running') continue;
    rt.recorder.event(pod, 'Normal', 'Killing', `Stopping container ${c.name}`, fieldPath(c));
    exited(rt, c, 137, rt.timestamp());
  }
}

/** minimumGracePeriodInSeconds: SIGTERM after a preStop hook always gets at least this long. */
const MINIMUM_GRACE_PERIOD_MS = 2_000;

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
    c.lastTerminated = { exitCode: c.exitCode ?? 0, reason: c.reason ?? terminationReason(c.exitCode ?? 0), startedAt: c.startedAt ?? now, finishedAt: c.finishedAt, containerID: c.containerID };
    c.restartCount = (c.restartCount ?? 0) + 1;
    c.containerID = `containerd://${runtimeId(`${rp.uid}:${c.name}:${c.restartCount}`)}`;
    delete c.exitCode;
    delete c.reason;
    delete c.finishedAt;
    delete c.finishedAtMs;
  }
  c.phase = 'running';
  c.startedAt = now;
  c.startedAtMs = rt.now();
  recordStep(rp, { atMs: rt.now(), component: 'runc', call: 'runc start', container: c.name, estimated: true });
  const pod = rt.pods.get(rp.key);
  if (!pod || pod.metadata?.uid !== rp.uid) return;
  rt.recorder.event(pod, 'Normal', 'Started', 'Container started', fieldPath(c));
  const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((x) => x.name === c.name);
  // The program may read its environment (a `python -c` script reading JOB_COMPLETION_INDEX).
  // SIMPLIFICATION: without the service-link variables (the kubelet's runtime has no Service lister).
  const program = containerProgram({ ...(spec ?? {}), environment: containerEnvironment(pod, c.name, [], rt.envSources) });
  if (program.kind === 'exits') {
    rt.schedule(program.afterMs, { uid: rp.uid, step: 'exited', container: c.name, run: c.restartCount ?? 0, exitCode: program.exitCode });
  }
  // A program that allocates more than limits.memory is killed by the cgroup OOM killer (SIGKILL: 137).
  const oomMs = spec ? oomKillAfterMs(spec) : undefined;
  if (oomMs !== undefined && (program.kind === 'forever' || oomMs < program.afterMs)) {
    rt.schedule(oomMs, { uid: rp.uid, step: 'exited', container: c.name, run: c.restartCount ?? 0, exitCode: 137, reason: 'OOMKilled' });
  }
  // The postStart hook runs right after the start; until it returns the container is not running.
  const postStart = spec?.lifecycle?.postStart;
  if (postStart && spec) {
    const run = c.restartCount ?? 0;
    const { name, namespace } = splitKey(rp.key);
    const outcome = runHandler(postStart, spec, formatPod(name, namespace ?? 'default', rp.uid), rp.sandbox?.ip ?? '');
    c.postStart = { run, ok: outcome.ok, message: outcome.message };
    // A handler that never returns holds the container in ContainerCreating for good (as upstream).
    if (Number.isFinite(outcome.ms)) rt.schedule(outcome.ms, { uid: rp.uid, step: 'postStartDone', container: c.name, run });
  }
}

/**
 * The postStart hook returned: the container counts as running, or (the hook failed) it is killed
 * with FailedPostStartHook and restarted under the pod's restartPolicy.
 */
function postStartDone(rt: RuntimeDeps, rp: RuntimePod, c: RuntimeContainer): void {
  const hook = c.postStart!;
  if (hook.ok) {
    delete c.postStart;
    return;
  }
  hook.failed = true;
  withPod(rt, rp, (pod) => {
    // "do not record the message in the event so that secrets won't leak from the server"
    rt.recorder.event(pod, 'Warning', 'FailedPostStartHook', 'PostStartHook failed', fieldPath(c));
    rt.recorder.event(pod, 'Normal', 'Killing', 'FailedPostStartHook', fieldPath(c));
  });
  // SIMPLIFICATION: the killed process always ends as SIGKILLed (137), whatever its SIGTERM handling.
  rt.schedule(rt.latency('kill'), { uid: rp.uid, step: 'exited', container: c.name, run: hook.run, exitCode: 137 });
}

function exited(rt: RuntimeDeps, c: RuntimeContainer, exitCode: number, now: string, reason?: string): void {
  delete c.postStart;
  c.phase = 'exited';
  c.exitCode = exitCode;
  if (reason) c.reason = reason;
  else delete c.reason;
  c.finishedAt = now;
  c.finishedAtMs = rt.now();
}

/**
 * EnsureImageExists, once per container instance: skip the pull when the policy allows and the image
 * is present, wait out the image back-off, or pull. Failures leave the container waiting with the
 * kubelet's reason (InvalidImageName, ErrImageNeverPull, ErrImagePull, ImagePullBackOff).
 */
function startContainer(rt: RuntimeDeps, pod: Pod & KubeObject, rp: RuntimePod, c: RuntimeContainer): void {
  if (c.phase !== 'pulling' || c.pullStarted) return;
  const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((x) => x.name === c.name);
  const image = spec?.image ?? '';
  const ref = parseImageReference(image);
  if (!ref.ok) {
    // Retried on every sync upstream; the message never changes, so the events are written once.
    c.pullStarted = true;
    waitWith(rt, pod, c, 'InvalidImageName', ref.message, 'InspectFailed');
    return;
  }
  const present = rt.images.includes(ref.normalized);
  const policy = pullPolicyOf(image, spec?.imagePullPolicy);
  if (!shouldPullImage(policy, present)) {
    if (!present) {
      // Never, and absent: re-checked on every sync, in case another pod's pull brings the image.
      waitWith(rt, pod, c, 'ErrImageNeverPull', imageMessages.neverPull(image), 'ErrImageNeverPull');
      return;
    }
    c.pullStarted = true;
    rt.recorder.event(pod, 'Normal', 'Pulled', imageMessages.present(image), fieldPath(c));
    // A retry after CreateContainerConfigError repeats the same calls: the chain counts the failure instead.
    if (c.waiting?.reason !== CREATE_CONTAINER_CONFIG_ERROR) recordStep(rp, { atMs: rt.now(), component: 'CRI', call: 'ImageStatus', container: c.name, detail: `${ref.normalized} already present` });
    createContainer(rt, pod, rp, c);
    return;
  }
  const backOff = c.imageBackOff;
  if (backOff && isInImageBackOff(backOff, rt.now())) {
    if (c.waiting?.reason !== 'ImagePullBackOff') {
      waitWith(rt, pod, c, 'ImagePullBackOff', imageMessages.backOffWaiting(image, backOff.error ?? ''), undefined);
      rt.recorder.event(pod, 'Normal', 'BackOff', imageMessages.backOffEvent(image), fieldPath(c));
      rt.recorder.event(pod, 'Warning', 'Failed', imageMessages.error('ImagePullBackOff'), fieldPath(c));
      rt.schedule(backOff.updatedMs! + backOff.backOffMs! - rt.now(), { uid: rp.uid, step: 'pullBackOff', container: c.name });
    }
    return;
  }
  c.pullStarted = true;
  rt.recorder.event(pod, 'Normal', 'Pulling', imageMessages.pulling(image), fieldPath(c));
  const outcome = pullOutcome(ref.normalized);
  if (!outcome.ok) {
    c.imageBackOff = { ...c.imageBackOff, error: outcome.error };
    rt.schedule(PULL_FAIL_MS, { uid: rp.uid, step: 'pullFailed', container: c.name });
    return;
  }
  // Always on a cached image only checks the manifest; otherwise the layers are downloaded.
  const ms = present ? PULL_CACHED_MS : pullDurationMs(outcome.sizeBytes);
  c.pullMs = ms;
  rt.schedule(ms, { uid: rp.uid, step: 'pulled', container: c.name });
}

/** The waiting reason of a container whose config (env, envFrom) cannot be generated. */
export const CREATE_CONTAINER_CONFIG_ERROR = 'CreateContainerConfigError';

/**
 * The image is there: generateContainerConfig (its env from ConfigMaps and Secrets), then the CRI
 * CreateContainer. A config that cannot be generated leaves the container waiting with
 * CreateContainerConfigError and the error, records `Failed` `Error: <err>`, and the pod worker tries
 * again after its back-off (kuberuntime_container.go startContainer: ErrCreateContainerConfig).
 */
function createContainer(rt: RuntimeDeps, pod: Pod & KubeObject, rp: RuntimePod, c: RuntimeContainer): void {
  const err = rt.envSources ? environmentError(pod, c.name, rt.envSources) : undefined;
  if (err !== undefined) {
    c.phase = 'pulling';
    c.pullStarted = true;
    c.waiting = { reason: CREATE_CONTAINER_CONFIG_ERROR, message: err };
    const last = rp.chain?.filter((s) => s.container === c.name).at(-1);
    if (last?.failed && last.call === 'generateContainerConfig' && last.detail === err) last.repeats = (last.repeats ?? 1) + 1;
    else recordStep(rp, { atMs: rt.now(), component: 'kubelet', call: 'generateContainerConfig', container: c.name, detail: err, failed: true });
    rt.recorder.event(pod, 'Warning', 'Failed', `Error: ${err}`, fieldPath(c));
    rt.schedule(SYNC_ERROR_BACKOFF_MS, { uid: rp.uid, step: 'configResync', container: c.name });
    return;
  }
  delete c.waiting;
  c.phase = 'creating';
  c.createCalledMs = rt.now();
  rt.schedule(rt.latency('create'), { uid: rp.uid, step: 'created', container: c.name });
}

/** The pull failed: ErrImagePull with the registry's error, the back-off armed, a resync soon. */
function pullFailed(rt: RuntimeDeps, rp: RuntimePod, c: RuntimeContainer): void {
  const image = imageOf(rt, rp, c.name) ?? '';
  const error = c.imageBackOff?.error ?? '';
  c.imageBackOff = { ...nextImageBackOff(c.imageBackOff ?? {}, rt.now()), error };
  c.waiting = { reason: 'ErrImagePull', message: error };
  withPod(rt, rp, (pod) => {
    rt.recorder.event(pod, 'Warning', 'Failed', imageMessages.failed(image, error), fieldPath(c));
    rt.recorder.event(pod, 'Warning', 'Failed', imageMessages.error('ErrImagePull'), fieldPath(c));
  });
  rt.schedule(ERR_IMAGE_PULL_RESYNC_MS, { uid: rp.uid, step: 'pullResync', container: c.name });
}

/** Leave the container waiting with `reason`; the events are written when the reason is new. */
function waitWith(rt: RuntimeDeps, pod: Pod & KubeObject, c: RuntimeContainer, reason: string, message: string, eventReason: string | undefined): void {
  const fresh = c.waiting?.reason !== reason;
  c.waiting = { reason, message };
  if (!fresh || !eventReason) return;
  rt.recorder.event(pod, 'Warning', eventReason, message, fieldPath(c));
  rt.recorder.event(pod, 'Warning', 'Failed', imageMessages.error(reason), fieldPath(c));
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
