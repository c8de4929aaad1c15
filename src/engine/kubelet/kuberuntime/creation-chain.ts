// The calls that create one pod, as data a timeline can show: the kubelet's SyncPod, the CRI
// RunPodSandbox (containerd creates the pause container, starts its containerd-shim-runc-v2, which
// runs `runc create` and `runc start`), CNI ADD, then per container PullImage (or ImageStatus),
// CreateContainer (runc create) and StartContainer (runc start).
// UPSTREAM: pkg/kubelet/kuberuntime/kuberuntime_manager.go (SyncPod: createPodSandbox, then
//           startContainer: EnsureImageExists, CreateContainer, StartContainer),
//           pkg/kubelet/kuberuntime/kuberuntime_sandbox.go (RunPodSandbox),
//           containerd internal/cri/server (RunPodSandbox, CreateContainer, StartContainer),
//           containerd cmd/containerd-shim-runc-v2, opencontainers/runc (create, start)
// SIMPLIFICATION: the runtime is not simulated below the CRI: when the sandbox's latency has passed,
// the containerd, shim and runc steps inside it are placed at invented fractions of it (marked
// `estimated`). containerd sets the pod's network up (CNI ADD) inside RunPodSandbox; here the pod
// worker does it once the sandbox is ready, so CNI ADD follows it. Only the first MAX_CREATION_STEPS steps are kept (restarts add more).

import type { CreationStep, RuntimePod } from '../runtime';

export type { CreationStep };

/** A pod keeps at most this many steps (the creation, and the first restarts). */
export const MAX_CREATION_STEPS = 48;

/** The pause image containerd runs as the sandbox (containerd 2.1's default sandbox image). */
export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';

/** Append a step to the pod's chain (dropped once the chain is full). */
export function recordStep(rp: RuntimePod, step: CreationStep): void {
  const chain = (rp.chain ??= []);
  if (chain.length >= MAX_CREATION_STEPS) {
    rp.chainTruncated = true;
    return;
  }
  chain.push(step);
}

/**
 * The sandbox is ready at `readyMs` after RunPodSandbox was called at `calledMs`: containerd's steps
 * inside the call, placed at fixed fractions of it (SIMPLIFICATION: invented timing).
 */
export function recordSandboxReady(rp: RuntimePod, calledMs: number, readyMs: number): void {
  const d = Math.max(0, readyMs - calledMs);
  const at = (f: number) => calledMs + Math.round(d * f);
  recordStep(rp, { atMs: at(0.05), component: 'containerd', call: 'create sandbox container', detail: PAUSE_IMAGE, estimated: true });
  recordStep(rp, { atMs: at(0.3), component: 'containerd-shim-runc-v2', call: 'start shim', detail: `sandbox ${rp.sandbox?.id.slice(0, 13) ?? ''}`, estimated: true });
  recordStep(rp, { atMs: at(0.5), component: 'runc', call: 'runc create', detail: 'pause', estimated: true });
  recordStep(rp, { atMs: at(0.8), component: 'runc', call: 'runc start', detail: 'pause', estimated: true });
  recordStep(rp, { atMs: readyMs, component: 'CRI', call: 'RunPodSandbox', detail: 'sandbox ready' });
}
