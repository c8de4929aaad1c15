// The pod worker: one sync per queued pod key admits a newly bound pod, runs it on the runtime,
// writes its status, stops it when it is being deleted, and forgets pods whose API object is gone.
// UPSTREAM: pkg/kubelet/pod_workers.go, pkg/kubelet/kubelet.go (SyncPod, SyncTerminatingPod,
//           HandlePodAdditions, rejectPod)
// SIMPLIFICATION: one sync per key from a shared queue instead of a goroutine per pod; a sync that
// must wait for volumes returns at once and is resumed by a timer (no blocked worker).

import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/meta';
import { keyOf, splitKey } from '../api/meta';
import { resourceForKind } from '../api/resources';
import type { Informer } from '../client/informer';
import { killPod, newRuntimeContainer, runPodSandbox, syncPodContainers, type RuntimeDeps } from './kuberuntime/kuberuntime-manager';
import { admitPod } from './lifecycle/predicate';
import { admitUnderPressure } from './eviction/admit';
import { addPod } from './prober/worker';
import { allocateIP, releaseIP } from './network/host-local';
import type { RuntimePod } from './runtime';
import { recordStep } from './kuberuntime/creation-chain';
import { writeStatus, type StatusManagerDeps } from './status/status-manager';
import { expandMountedVolumes, waitForAttachAndMount } from './volumemanager/volume-manager';

export interface PodWorkerDeps extends RuntimeDeps, StatusManagerDeps {
  readonly nodeName: string;
  readonly nodes: Pick<Informer<Node & KubeObject>, 'get'>;
  /** KubeletState.pods: the runtime's pods by uid */
  readonly runtimePods: Record<string, RuntimePod>;
  /** KubeletState.ipam: host-local allocations, IP -> pod uid */
  readonly ipam: Record<string, string>;
  /** the eviction manager reports MemoryPressure (its admit handler runs first) */
  memoryPressure?(): boolean;
}

/** Reconcile the pod `key` on this node from the API object and the runtime's view of it. */
export function syncPod(w: PodWorkerDeps, key: string): void {
  const pod = w.pods.get(key);
  const rp = pod?.metadata?.uid ? w.runtimePods[pod.metadata.uid] : undefined;
  // Runtime pods whose API object is gone (or was replaced under the same name) are cleaned up.
  for (const other of Object.values(w.runtimePods)) {
    if (other.key === key && other.uid !== pod?.metadata?.uid) forget(w, other);
  }
  if (!pod || pod.spec?.nodeName !== w.nodeName) return;
  const phase = pod.status?.phase;
  if (!rp) {
    if (phase === 'Succeeded' || phase === 'Failed') return;
    admit(w, pod);
    return;
  }
  if (rp.rejected) return;
  if (pod.metadata?.deletionTimestamp) {
    terminate(w, pod, rp);
    return;
  }
  // SyncPod waits for the pod's volumes before it creates the sandbox.
  if (!rp.sandbox && !rp.terminal && waitForAttachAndMount(w, pod, rp)) runPodSandbox(w, rp);
  else if (rp.sandbox && !rp.terminal) expandMountedVolumes(w, pod);
  // An evicted pod's containers were killed for good: nothing restarts them.
  if (!rp.terminal && !rp.evicted && rp.sandbox?.state === 'ready') {
    // CNI ADD once the sandbox is up. SIMPLIFICATION: a full podCIDR leaves the pod in ContainerCreating.
    if (!rp.sandbox.ip) {
      rp.sandbox.ip = allocateIP(w.ipam, w.nodes.get(w.nodeName)?.spec?.podCIDR, rp.uid);
      if (rp.sandbox.ip) recordStep(rp, { atMs: w.now(), component: 'CNI', call: 'ADD', detail: `pod IP ${rp.sandbox.ip}` });
    }
    if (rp.sandbox.ip) syncPodContainers(w, pod, rp);
  }
  const written = writeStatus(w, pod, rp);
  if ((written === 'Succeeded' || written === 'Failed') && !rp.terminal) {
    // A terminal pod's sandbox is stopped and its IP released (CNI DEL); the status keeps the IP.
    rp.terminal = true;
    if (rp.sandbox) rp.sandbox.state = 'stopped';
    releaseIP(w.ipam, rp.sandbox?.ip);
  }
}

/** HandlePodAdditions: admit the pod (or reject it: Failed, with the predicate's reason) and start its sandbox. */
function admit(w: PodWorkerDeps, pod: Pod & KubeObject): void {
  const uid = pod.metadata!.uid!;
  // The eviction manager's admit handler runs before the predicates (kubelet.go's admitHandlers order).
  const underPressure = admitUnderPressure(pod, w.memoryPressure?.() ?? false);
  const verdict = underPressure.admit ? admitPod(pod, w.nodes.get(w.nodeName), admittedPods(w, uid)) : underPressure;
  const rp: RuntimePod = {
    key: keyOf(pod.metadata!),
    uid,
    admitted: verdict.admit,
    startTime: w.client.timestamp(),
    containers: [],
  };
  w.runtimePods[uid] = rp;
  recordStep(rp, { atMs: w.now(), component: 'kubelet', call: 'SyncPod', ...(verdict.admit ? {} : { detail: verdict.message, failed: true }) });
  if (!verdict.admit) {
    rp.rejected = true;
    // rejectPod: the event carries the predicate's message, the status prefixes it.
    const { reason, message } = verdict;
    w.recorder.event(pod, 'Warning', reason, message);
    w.client.updateStatus({ ...pod, status: { ...pod.status, phase: 'Failed', reason, message: `Pod was rejected: ${message}`, startTime: rp.startTime } } as Pod & KubeObject);
    return;
  }
  const spec = pod.spec!;
  for (const c of spec.initContainers ?? []) rp.containers.push(newRuntimeContainer(rp, c, true));
  for (const c of spec.containers ?? []) rp.containers.push(newRuntimeContainer(rp, c, false));
  // prober_manager AddPod: the probe workers start with the pod.
  addPod(w, pod, rp);
  if (waitForAttachAndMount(w, pod, rp)) runPodSandbox(w, rp);
  writeStatus(w, pod, rp);
}

/** Pods this kubelet has admitted and not yet finished with (what admission counts as "used"). */
function admittedPods(w: PodWorkerDeps, exceptUid: string): Pod[] {
  const out: Pod[] = [];
  for (const rp of Object.values(w.runtimePods)) {
    if (!rp.admitted || rp.rejected || rp.terminal || rp.uid === exceptUid) continue;
    const p = w.pods.get(rp.key);
    if (p && p.metadata?.uid === rp.uid) out.push(p);
  }
  return out;
}

/** SyncTerminatingPod: kill the containers once, then (when they are gone) remove the API object. */
function terminate(w: PodWorkerDeps, pod: Pod & KubeObject, rp: RuntimePod): void {
  if (!rp.killing) {
    rp.killing = true;
    killPod(w, pod, rp);
    return;
  }
  if (!rp.killed) return;
  // Containers stopped and the sandbox torn down (CNI DEL frees the IP): remove the API object.
  const { namespace, name } = splitKey(rp.key);
  const res = w.client.delete(resourceForKind('Pod')!, namespace, name, { gracePeriodSeconds: 0 });
  if (res.ok || res.status.reason === 'NotFound') forget(w, rp);
}

function forget(w: PodWorkerDeps, rp: RuntimePod): void {
  releaseIP(w.ipam, rp.sandbox?.ip);
  delete w.runtimePods[rp.uid];
}
