// Probe workers: one per (container, probe type), ticking every periodSeconds on the simulated clock;
// each tick probes, counts consecutive results against success/failureThreshold and sets the result
// the kubelet reads (readiness -> container ready, startup -> started, liveness/startup failure -> kill).
// UPSTREAM: pkg/kubelet/prober/worker.go (doProbe), prober_manager.go (AddPod, UpdatePodStatus),
//           prober.go (the Unhealthy events), pkg/kubelet/kuberuntime/kuberuntime_manager.go (computePodActions)
// SIMPLIFICATION: workers are plain data on the RuntimePod (snapshot-safe) and tick from pod admission
// without upstream's random first-tick jitter; probes never error (no "probe errored"), only fail.

import type { Container, Pod, Probe } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import type { RuntimeDeps } from '../kuberuntime/kuberuntime-manager';
import type { RuntimeContainer, RuntimePod } from '../runtime';
import { SHELLS } from '../runtime/program';
import { runProbeHandler, type ProbeResult } from './handlers';

export type ProbeType = 'liveness' | 'readiness' | 'startup';
export const PROBE_TYPES: readonly ProbeType[] = ['liveness', 'readiness', 'startup'];

/** results.Result: what the results manager holds for the current container (Unknown before a startup probe decides). */
export type ResultValue = ProbeResult | 'unknown';

/** One probe worker's state (worker.go fields), JSON-safe. */
export interface ProbeWorkerState {
  container: string;
  type: ProbeType;
  /** the container instance the result belongs to; a new one resets the worker */
  containerID?: string;
  /** the results manager's value for containerID */
  result: ResultValue;
  lastResult?: ProbeResult;
  resultRun: number;
  /** after a liveness/startup failure: stop probing until a new container instance */
  onHold?: boolean;
  /** a probe has crossed a threshold for this instance (settle() need not wait for this worker) */
  decided?: boolean;
}

/** The probe timer's payload fields (a PodTimer with step 'probe'). */
export interface ProbeTimerFields {
  uid: string;
  step: 'probe';
  container: string;
  probeType: ProbeType;
  /** the worker has nothing pending that could change what the pod reports (a background timer) */
  steady?: boolean;
}

const TITLE: Record<ProbeType, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };
/** worker.go initialValue: readiness starts failed, liveness succeeded, startup unknown. */
const INITIAL: Record<ProbeType, ResultValue> = { liveness: 'success', readiness: 'failure', startup: 'unknown' };

export function probeOf(c: Container | undefined, type: ProbeType): Probe | undefined {
  if (!c) return undefined;
  return type === 'liveness' ? c.livenessProbe : type === 'readiness' ? c.readinessProbe : c.startupProbe;
}

function workerKey(container: string, type: ProbeType): string {
  return `${container}/${type}`;
}

/** Containers that get probe workers: app containers and sidecars (restartable init containers). */
function probedContainers(pod: Pod): Container[] {
  return [...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'), ...(pod.spec?.containers ?? [])];
}

/**
 * prober_manager AddPod (at admission): start a worker for every probe of the pod's containers. Each worker's
 * first tick is at once; it re-arms itself every periodSeconds.
 */
export function addPod(rt: RuntimeDeps, pod: Pod & KubeObject, rp: RuntimePod): void {
  for (const c of probedContainers(pod)) {
    for (const type of PROBE_TYPES) {
      if (!probeOf(c, type)) continue;
      rp.probes ??= {}; // only pods with probes carry workers (snapshots of others are unchanged)
      rp.probes[workerKey(c.name, type)] = { container: c.name, type, result: INITIAL[type], resultRun: 0 };
      rt.schedule(0, { uid: rp.uid, step: 'probe', container: c.name, probeType: type });
    }
  }
}

/** A worker's tick fell due: probe, and re-arm unless the worker is done. */
export function handleProbeTimer(rt: RuntimeDeps, rp: RuntimePod, t: ProbeTimerFields): void {
  const w = rp.probes?.[workerKey(t.container, t.probeType)];
  if (!w) return;
  const pod = rt.pods.get(rp.key);
  if (!pod || pod.metadata?.uid !== rp.uid || rp.terminal) return stopWorker(rp, w);
  const spec = probedContainers(pod).find((c) => c.name === w.container);
  const probe = probeOf(spec, w.type);
  if (!spec || !probe) return stopWorker(rp, w);
  const rc = rp.containers.find((c) => c.name === w.container);
  const keep = doProbe(rt, pod, rp, w, spec, probe, rc);
  if (!keep) return stopWorker(rp, w);
  // Steady: the worker has decided for this instance, or the container is down between runs (its
  // back-off is background work too), or it waits for an image it cannot get (ImagePullBackOff,
  // ErrImageNeverPull...). A container that has yet to start keeps the tick in the foreground.
  const steady = w.decided === true || w.onHold === true || (rc?.phase !== 'running' && (rc?.startedAt !== undefined || rc?.waiting !== undefined));
  rt.schedule(Math.max(1, probe.periodSeconds ?? 10) * 1000, { uid: rp.uid, step: 'probe', container: w.container, probeType: w.type, ...(steady ? { steady } : {}) });
}

function stopWorker(rp: RuntimePod, w: ProbeWorkerState): void {
  delete rp.probes?.[workerKey(w.container, w.type)];
}

/** worker.go doProbe: returns whether the worker keeps running. */
function doProbe(rt: RuntimeDeps, pod: Pod & KubeObject, rp: RuntimePod, w: ProbeWorkerState, spec: Container, probe: Probe, rc: RuntimeContainer | undefined): boolean {
  if (!rc || rc.startedAt === undefined) return true; // never started: no container status to probe yet
  if (w.containerID !== rc.containerID) {
    // A new container instance: reset to the initial value and resume probing.
    w.containerID = rc.containerID;
    w.result = INITIAL[w.type];
    w.lastResult = undefined;
    w.resultRun = 0;
    w.onHold = false;
    w.decided = false;
  }
  if (w.onHold) return true;
  if (rc.phase !== 'running') {
    w.result = 'failure';
    // Abort if the container will not be restarted.
    return rc.phase !== 'exited' || pod.spec?.restartPolicy !== 'Never';
  }
  // Graceful shutdown: liveness and startup report success and stop.
  if (pod.metadata?.deletionTimestamp && w.type !== 'readiness') {
    w.result = 'success';
    return false;
  }
  const runningMs = rt.now() - (rc.startedAtMs ?? rt.now());
  if (Math.floor(runningMs / 1000) < (probe.initialDelaySeconds ?? 0)) return true;
  const started = isStarted(rp, rc.name);
  if (started ? w.type === 'startup' : w.type !== 'startup') return true;
  const out = runProbeHandler(probe, { container: spec, podIP: rp.sandbox?.ip ?? '', runningMs });
  if (out.result === 'failure') {
    const fieldPath = rc.init ? `spec.initContainers{${rc.name}}` : `spec.containers{${rc.name}}`;
    rt.recorder.event(pod, 'Warning', 'Unhealthy', `${TITLE[w.type]} probe failed: ${out.output}`, fieldPath);
  }
  if (w.lastResult === out.result) w.resultRun++;
  else {
    w.lastResult = out.result;
    w.resultRun = 1;
  }
  const failureThreshold = probe.failureThreshold ?? 3;
  const successThreshold = probe.successThreshold ?? 1;
  if ((out.result === 'failure' && w.resultRun < failureThreshold) || (out.result === 'success' && w.resultRun < successThreshold)) return true;
  w.result = out.result;
  w.decided = true;
  if (w.type !== 'readiness' && out.result === 'failure') {
    // The container will be killed: stop probing until a new instance appears.
    w.onHold = true;
    w.resultRun = 0;
  }
  return true;
}

function resultOf(rp: RuntimePod, container: string, type: ProbeType): ResultValue | undefined {
  const rc = rp.containers.find((c) => c.name === container);
  const w = rp.probes?.[workerKey(container, type)];
  if (!w) return undefined;
  // A result belongs to one container instance; a newer instance starts from the initial value.
  return w.containerID === rc?.containerID ? w.result : INITIAL[type];
}

/** ContainerStatus.started (UpdatePodStatus): running, and the startup probe (if any) has succeeded. */
export function isStarted(rp: RuntimePod, container: string): boolean {
  const rc = rp.containers.find((c) => c.name === container);
  if (rc?.phase !== 'running') return false;
  const r = resultOf(rp, container, 'startup');
  return r === undefined || r === 'success';
}

/** ContainerStatus.ready (UpdatePodStatus): started, and the readiness probe (if any) has succeeded. */
export function isReady(rp: RuntimePod, container: string): boolean {
  if (!isStarted(rp, container)) return false;
  const r = resultOf(rp, container, 'readiness');
  return r === undefined || r === 'success';
}

/** computePodActions: why a running container must be killed (liveness or startup failure), if it must. */
export function probeKillMessage(rp: RuntimePod, container: string): string | undefined {
  if (resultOf(rp, container, 'liveness') === 'failure') return `Container ${container} failed liveness probe`;
  if (resultOf(rp, container, 'startup') === 'failure') return `Container ${container} failed startup probe`;
  return undefined;
}

/**
 * computePodActions + killContainer for probe failures: a running container whose liveness (or
 * startup) probe failed is stopped, with the Killing event upstream writes ("..., will be restarted"
 * unless restartPolicy is Never); the existing restart path (and its back-off) then starts it again.
 * SIMPLIFICATION: a PID 1 that installs no SIGTERM handler (a shell script, `sleep`, `tail`) ignores
 * SIGTERM, so it is SIGKILLed at the end of the grace period (exit 137); any other process exits on
 * SIGTERM after the runtime's kill latency (exit 143).
 */
export function killFailedProbeContainers(rt: RuntimeDeps, pod: Pod & KubeObject, rp: RuntimePod): void {
  if (!rp.probes) return;
  for (const spec of probedContainers(pod)) {
    const rc = rp.containers.find((c) => c.name === spec.name);
    if (!rc || rc.phase !== 'running' || rc.probeKilledRun === (rc.restartCount ?? 0)) continue;
    const why = probeKillMessage(rp, spec.name);
    if (!why) continue;
    rc.probeKilledRun = rc.restartCount ?? 0;
    const restart = pod.spec?.restartPolicy !== 'Never';
    const fieldPath = rc.init ? `spec.initContainers{${rc.name}}` : `spec.containers{${rc.name}}`;
    rt.recorder.event(pod, 'Normal', 'Killing', restart ? `${why}, will be restarted` : why, fieldPath);
    const probe = why.includes('liveness') ? spec.livenessProbe : spec.startupProbe;
    const graceMs = (probe?.terminationGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    const ignoresTerm = ignoresSigterm(spec);
    rt.schedule(ignoresTerm ? graceMs : Math.min(graceMs, rt.latency('kill')), {
      uid: rp.uid, step: 'exited', container: rc.name, run: rc.restartCount ?? 0, exitCode: ignoresTerm ? 137 : 143,
    });
  }
}

/** PID 1 without a SIGTERM handler: the kernel does not deliver default-action signals to it. */
export function ignoresSigterm(c: Container): boolean {
  const argv = c.command?.length ? [...c.command, ...(c.args ?? [])] : (c.args ?? []);
  const prog = (argv[0] ?? '').slice((argv[0] ?? '').lastIndexOf('/') + 1);
  if (!c.command?.length && !argv.length) return false;
  return SHELLS.has(prog) || prog === 'sleep' || prog === 'tail';
}
