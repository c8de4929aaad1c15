// The fake container runtime (containerd behind CRI): sandboxes and containers as plain data.
// UPSTREAM: staging/src/k8s.io/cri-api (PodSandbox, Container states), pkg/kubelet/kuberuntime
// SIMPLIFICATION: what a container's process does is decided by runtime/program.ts (no real
// processes); images are "pulled" after a seeded delay and cached per node.

import { fnv1a32 } from '../sim/rng';
import { imageSize } from './images/image-manager';
import type { ProbeWorkerState } from './prober/worker';
import type { VolumeWaitState } from './volumemanager/volume-manager';

/** `backoff`: exited and waiting out the kubelet's restart back-off (CrashLoopBackOff). */
export type ContainerPhase = 'pulling' | 'creating' | 'running' | 'exited' | 'backoff';

/** One finished run of a container, as lastState.terminated reports it. */
export interface TerminatedRun {
  exitCode: number;
  reason: string;
  startedAt: string;
  finishedAt: string;
  containerID: string;
}

export interface RuntimeContainer {
  name: string;
  init: boolean;
  phase: ContainerPhase;
  containerID: string;
  startedAt?: string;
  /** simulated ms of startedAt (probes' initialDelaySeconds) */
  startedAtMs?: number;
  /** the run (restartCount) that a failed liveness/startup probe is killing */
  probeKilledRun?: number;
  finishedAt?: string;
  exitCode?: number;
  /** terminated.reason of the run that ended when the runtime knows better than the exit code (OOMKilled) */
  reason?: string;
  /** simulated ms of finishedAt (the back-off's event time) */
  finishedAtMs?: number;
  /** a sidecar (init container with restartPolicy Always) */
  sidecar?: boolean;
  /** runs that ended before the current one was started */
  restartCount?: number;
  /** the run before the current one */
  lastTerminated?: TerminatedRun;
  /** the kubelet's per-container back-off entry (flowcontrol.Backoff): current period and last update */
  backOffMs?: number;
  backOffLastUpdateMs?: number;
  /** the image pull (or the "already present" check) has begun */
  pullStarted?: boolean;
  /** how long the pull took, for the Pulled event */
  pullMs?: number;
  /** why the container cannot be created yet (ErrImagePull, ImagePullBackOff, InvalidImageName, ...) */
  waiting?: { reason: string; message: string };
  /**
   * the postStart hook of run `run` is still running (the container does not count as running yet),
   * or it failed (`failed`: handlers.go's message) and the container is being killed
   */
  postStart?: { run: number; ok: boolean; message: string; failed?: boolean };
  /** simulated ms of the last CreateContainer call (the creation chain) */
  createCalledMs?: number;
  /** the image pull back-off entry (images/image-manager.ts) and the last pull's error */
  imageBackOff?: { backOffMs?: number; updatedMs?: number; error?: string };
}

export interface RuntimeSandbox {
  /** `stopped`: the pod reached Succeeded or Failed and its sandbox was torn down */
  state: 'creating' | 'ready' | 'stopped';
  ip?: string;
  id: string;
  /** simulated ms of the RunPodSandbox call (the creation chain's timing) */
  calledMs?: number;
}

/** One step of a pod's creation chain (kuberuntime/creation-chain.ts). */
export interface CreationStep {
  /** simulated ms */
  atMs: number;
  /** who acts: the kubelet, the CRI call it makes, containerd, the shim, runc, the CNI plugin */
  component: 'kubelet' | 'CRI' | 'containerd' | 'containerd-shim-runc-v2' | 'runc' | 'CNI';
  /** the upstream name of the call: SyncPod, RunPodSandbox, PullImage, CreateContainer, runc start... */
  call: string;
  container?: string;
  detail?: string;
  /** how long the call took, when known */
  durationMs?: number;
  /** the call returned an error (`detail` is it) */
  failed?: boolean;
  /** the same failure came back this many times in all (the pod worker's retries), counted on one step */
  repeats?: number;
  /** the time is invented (steps inside the runtime, which is not simulated below the CRI) */
  estimated?: boolean;
}

/** The kubelet's eviction of a pod under node pressure (eviction/eviction-manager.ts). */
export interface PodEviction {
  message: string;
}

/** One pod as the kubelet's runtime sees it. Keyed by pod uid in KubeletState.pods. */
export interface RuntimePod {
  key: string;
  uid: string;
  admitted: boolean;
  /** set when admission failed: the pod is done for this node */
  rejected?: boolean;
  startTime: string;
  sandbox?: RuntimeSandbox;
  containers: RuntimeContainer[];
  /** graceful termination in progress */
  killing?: boolean;
  killed?: boolean;
  /** the pod reached Succeeded or Failed: nothing runs or restarts any more */
  terminal?: boolean;
  /** the app containers are done for good and the sidecars are being stopped */
  sidecarsStopping?: boolean;
  /** waiting for volumes to mount (volumemanager/volume-manager.ts): no sandbox yet */
  volumes?: VolumeWaitState;
  /** probe workers by `<container>/<type>` (prober/worker.ts), created when the pod is admitted */
  probes?: Record<string, ProbeWorkerState>;
  /** the calls that created the pod, oldest first (kuberuntime/creation-chain.ts), bounded */
  chain?: CreationStep[];
  /** steps were dropped: the chain is full */
  chainTruncated?: boolean;
  /** evicted by the kubelet under node pressure: Failed, reason Evicted, with this message */
  evicted?: PodEviction;
}

/** terminated.reason as the runtime reports it: Completed for exit 0, Error otherwise. */
export function terminationReason(exitCode: number): string {
  return exitCode === 0 ? 'Completed' : 'Error';
}

/** A fixed-looking 64-hex-digit id derived from a seed string (container and sandbox ids). */
export function runtimeId(seed: string): string {
  let out = '';
  let h = fnv1a32(seed);
  while (out.length < 64) {
    h = fnv1a32(String(h), h);
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 64);
}

/** `nginx` -> `docker.io/library/nginx:latest`, `foo/bar:1` -> `docker.io/foo/bar:1` (containerd's normalization). */
export function normalizeImage(image: string): string {
  let name = image;
  const firstSlash = name.indexOf('/');
  const first = firstSlash < 0 ? '' : name.slice(0, firstSlash);
  if (firstSlash < 0) name = `docker.io/library/${name}`;
  else if (!first.includes('.') && !first.includes(':') && first !== 'localhost') name = `docker.io/${name}`;
  const lastSlash = name.lastIndexOf('/');
  if (!name.slice(lastSlash).includes(':') && !name.includes('@')) name += ':latest';
  return name;
}

/** imageID as containerStatuses report it: repository@sha256:digest. */
export function imageID(image: string): string {
  const norm = normalizeImage(image);
  const repo = norm.replace(/:[^/:]*$/, '');
  return `${repo}@sha256:${runtimeId(`image:${norm}`)}`;
}

/** The image's size in bytes, for the Pulled event: the catalogue's figure, else a stable 10-200 MB. */
export function imageSizeBytes(image: string): number {
  return imageSize(normalizeImage(image));
}
