// The kubelet's volume manager, as far as it gates a pod: before the sandbox and containers start,
// every volume a container mounts must be mounted. A claim must be Bound to an existing volume (else
// the pod sync fails at once with the populator's error); a configMap or secret must exist (the
// reconciler retries the mount with back-off, saying "MountVolume.SetUp failed" each time, and the
// pod worker gives up waiting after 2m3s and tries again).
// UPSTREAM: pkg/kubelet/volumemanager/volume_manager.go (WaitForAttachAndMount),
//           populator/desired_state_of_world_populator.go (getPVCExtractPV),
//           pkg/volume/configmap, pkg/volume/secret (SetUp), pkg/kubelet/kubelet.go (SyncPod)
// An attachable CSI volume (its CSIDriver says attachRequired) must first be attached to the node by
// the attach/detach controller: the pod waits, listing it under "unattached volumes", until the
// VolumeAttachment says attached. A claim waiting for a file-system resize finishes it on mount (or
// at once for a running pod: online expansion).
// UPSTREAM (attach, resize): reconciler/reconciler.go (VerifyControllerAttachedVolume),
//           operationexecutor/operation_generator.go (nodeExpandVolume)
// SIMPLIFICATION: the attach is read from the VolumeAttachment, not node.status.volumesAttached;
// a running pod's volume is expanded online when its claim changes; no real mounts; projected,
// downwardAPI, emptyDir and hostPath volumes mount at once; items of projected volumes are not
// checked; after a timed-out wait the next one starts at once (upstream: after the worker's back-off).

import type { ConfigMap, Pod, Secret, Volume } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import type { PersistentVolumeClaimObject, PersistentVolumeObject } from '../../api/volume';
import { attachmentName, isAttachRequired, type CSIDriverObject, type VolumeAttachmentObject } from '../../api/volumeattachment';
import { finishFileSystemResize } from './expand';
import type { Client } from '../../client/clientset';
import type { EventRecorder } from '../../client/record';
import type { PodTimer } from '../kuberuntime/kuberuntime-manager';
import type { RuntimePod } from '../runtime';

/** podAttachAndMountTimeout: how long one pod sync waits for its volumes. */
export const POD_ATTACH_AND_MOUNT_TIMEOUT_MS = 2 * 60_000 + 3_000;
/** The pod worker's back-off after a failed sync. */
export const POD_WORKER_BACKOFF_MS = 10_000;
/** The operation executor's exponential back-off for a failing mount: 500ms doubling to 2m2s. */
export const MOUNT_INITIAL_BACKOFF_MS = 500;
export const MOUNT_MAX_BACKOFF_MS = 2 * 60_000 + 2_000;

/** What the volume manager remembers about a pod still waiting for its volumes (plain JSON). */
export interface VolumeWaitState {
  /** sim ms the current WaitForAttachAndMount began */
  waitStartMs: number;
  /** volume name -> the reconciler's next mount attempt and current back-off */
  mounts: Record<string, { nextRetryMs: number; backoffMs: number }>;
  /** sim ms of the pod worker's next sync after a sync failed at once */
  nextSyncMs?: number;
  /** the end-of-wait timer already scheduled (one per wait) */
  waitTimerMs?: number;
}

export interface VolumeManagerDeps {
  readonly client: Client;
  readonly recorder: EventRecorder;
  now(): number;
  schedule(delayMs: number, timer: PodTimer): void;
}

/** The volumes some (init) container mounts: only those are mounted and waited for. */
export function mountedVolumes(pod: Pod): Volume[] {
  const used = new Set<string>();
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const m of c.volumeMounts ?? []) used.add(m.name);
    for (const d of c.volumeDevices ?? []) used.add(d.name);
  }
  return (pod.spec?.volumes ?? []).filter((v) => used.has(v.name));
}

const get = <T>(client: Client, kind: string, ns: string | undefined, name: string) => client.get(resourceForKind(kind)!, ns, name) as (T & KubeObject) | undefined;

/** getPVCExtractPV: why the populator cannot add a claim's volume ('' when it can). */
function processClaim(client: Client, ns: string, claimName: string): string {
  const pvc = get<PersistentVolumeClaimObject>(client, 'PersistentVolumeClaim', ns, claimName);
  if (!pvc) return `failed to fetch PVC from API server: persistentvolumeclaims "${claimName}" not found`;
  if (pvc.metadata.deletionTimestamp) return 'PVC is being deleted';
  if (pvc.status?.phase !== 'Bound') return 'PVC is not bound';
  const pvName = pvc.spec?.volumeName ?? '';
  if (pvName === '') return 'PVC has empty pvc.Spec.VolumeName';
  if (!get(client, 'PersistentVolume', undefined, pvName)) return `failed to fetch PV ${pvName} from API server: persistentvolumes "${pvName}" not found`;
  return '';
}

/**
 * VerifyControllerAttachedVolume: '' when the claim's volume needs no attach or is attached to this
 * node, else the PersistentVolume's name (the volume is still unattached).
 */
function unattachedVolume(client: Client, ns: string, claimName: string, nodeName: string): string {
  const pvc = get<PersistentVolumeClaimObject>(client, 'PersistentVolumeClaim', ns, claimName);
  const pv = get<PersistentVolumeObject>(client, 'PersistentVolume', undefined, pvc?.spec?.volumeName ?? '');
  if (!pv?.spec?.csi || !isAttachRequired(pv, (n) => get<CSIDriverObject>(client, 'CSIDriver', undefined, n))) return '';
  const va = get<VolumeAttachmentObject>(client, 'VolumeAttachment', undefined, attachmentName(pv.spec.csi.volumeHandle, pv.spec.csi.driver, nodeName));
  return va?.status?.attached && !va.metadata.deletionTimestamp ? '' : (pv.metadata.name ?? '');
}

/** SetUp of the volume plugins that can fail here: configMap and secret (missing object or key). */
function setUp(client: Client, ns: string, v: Volume): string {
  if (v.configMap) {
    const cm = get<ConfigMap>(client, 'ConfigMap', ns, v.configMap.name ?? '');
    if (!cm) return v.configMap.optional ? '' : `configmap "${v.configMap.name ?? ''}" not found`;
    for (const item of v.configMap.items ?? []) {
      if (!(item.key in (cm.data ?? {})) && !(item.key in (cm.binaryData ?? {})) && !v.configMap.optional) return `configmap references non-existent config key: ${item.key}`;
    }
  }
  if (v.secret) {
    const secret = get<Secret>(client, 'Secret', ns, v.secret.secretName ?? '');
    if (!secret) return v.secret.optional ? '' : `secret "${v.secret.secretName ?? ''}" not found`;
    for (const item of v.secret.items ?? []) {
      if (!(item.key in (secret.data ?? {})) && !(item.key in (secret.stringData ?? {})) && !v.secret.optional) return `references non-existent secret key: ${item.key}`;
    }
  }
  return '';
}

/** Online expansion: a running pod's claims whose volume grew get their file system grown in place. */
export function expandMountedVolumes(d: VolumeManagerDeps, pod: Pod & KubeObject): void {
  for (const v of mountedVolumes(pod)) {
    if (v.persistentVolumeClaim) finishFileSystemResize(d, pod, v.persistentVolumeClaim.claimName);
  }
}

/**
 * WaitForAttachAndMount as the pod worker's sync sees it: true once every mounted volume is mounted
 * (the sandbox may start), false while the pod must wait (timers bring the pod back; events tell why).
 */
export function waitForAttachAndMount(d: VolumeManagerDeps, pod: Pod & KubeObject, rp: RuntimePod): boolean {
  const volumes = mountedVolumes(pod);
  const ns = pod.metadata.namespace ?? 'default';
  const now = d.now();
  const st: VolumeWaitState = rp.volumes ?? { waitStartMs: now, mounts: {} };
  const failedToProcess: string[] = [];
  const processErrors: string[] = [];
  const unmounted: string[] = [];
  const unattached: string[] = [];
  const nodeName = pod.spec?.nodeName ?? '';
  for (const v of volumes) {
    if (v.persistentVolumeClaim) {
      const err = processClaim(d.client, ns, v.persistentVolumeClaim.claimName);
      if (err) {
        failedToProcess.push(v.name);
        unmounted.push(v.name);
        processErrors.push(`error processing PVC ${ns}/${v.persistentVolumeClaim.claimName}: ${err}`);
        continue;
      }
      // The attach/detach controller's part: the kubelet only waits (a VolumeAttachment change wakes it).
      if (unattachedVolume(d.client, ns, v.persistentVolumeClaim.claimName, nodeName)) {
        unattached.push(v.name);
        unmounted.push(v.name);
        continue;
      }
    }
    const err = setUp(d.client, ns, v);
    if (!err) {
      delete st.mounts[v.name];
      continue;
    }
    unmounted.push(v.name);
    // The reconciler: retry the mount with exponential back-off, an event per failed attempt.
    const m = st.mounts[v.name];
    if (!m || now >= m.nextRetryMs) {
      d.recorder.event(pod, 'Warning', 'FailedMount', `MountVolume.SetUp failed for volume "${v.name}" : ${err}`);
      const backoffMs = m ? Math.min(m.backoffMs * 2, MOUNT_MAX_BACKOFF_MS) : MOUNT_INITIAL_BACKOFF_MS;
      st.mounts[v.name] = { nextRetryMs: now + backoffMs, backoffMs };
      d.schedule(backoffMs, { uid: rp.uid, step: 'volumes' });
    }
  }
  if (unmounted.length === 0) {
    delete rp.volumes;
    for (const v of volumes) {
      if (v.persistentVolumeClaim) finishFileSystemResize(d, pod, v.persistentVolumeClaim.claimName);
    }
    return true;
  }
  rp.volumes = st;
  const failed = (cause: string) =>
    d.recorder.event(pod, 'Warning', 'FailedMount', `Unable to attach or mount volumes: unmounted volumes=[${unmounted.join(' ')}], unattached volumes=[${unattached.join(' ')}], failed to process volumes=[${failedToProcess.join(' ')}]: ${cause}`);
  if (processErrors.length > 0) {
    // The populator's errors end the wait at once; the pod worker tries again after its back-off.
    if (st.nextSyncMs === undefined || now >= st.nextSyncMs) {
      failed(processErrors.join('; '));
      st.nextSyncMs = now + POD_WORKER_BACKOFF_MS;
      st.waitStartMs = st.nextSyncMs;
      d.schedule(POD_WORKER_BACKOFF_MS, { uid: rp.uid, step: 'volumes' });
    }
    return false;
  }
  delete st.nextSyncMs;
  if (now >= st.waitStartMs + POD_ATTACH_AND_MOUNT_TIMEOUT_MS) {
    failed('context deadline exceeded');
    st.waitStartMs = now;
  }
  if (now < st.waitStartMs) st.waitStartMs = now;
  const end = st.waitStartMs + POD_ATTACH_AND_MOUNT_TIMEOUT_MS;
  if (st.waitTimerMs !== end) {
    st.waitTimerMs = end;
    d.schedule(end - now, { uid: rp.uid, step: 'volumes' });
  }
  return false;
}
