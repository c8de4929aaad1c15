// The kubelet's half of a volume expansion: when a claim's volume was grown by the controller
// (allocatedResourceStatuses storage=NodeResizePending, condition FileSystemResizePending), mounting
// it grows the file system (NodeExpandVolume) and marks the claim resized: status.capacity takes the
// new size and the resize conditions go. A running pod does the same as soon as the claim changes.
// UPSTREAM: pkg/volume/util/operationexecutor/operation_generator.go (nodeExpandVolume),
//           pkg/volume/util/resize_util.go (MarkFSResizeFinished)
// SIMPLIFICATION: every driver here can expand online; the resize is instant.

import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import type { PersistentVolumeClaimObject, PersistentVolumeObject } from '../../api/volume';
import type { Client } from '../../client/clientset';
import type { EventRecorder } from '../../client/record';

export const NodeResizePending = 'NodeResizePending';
export const FileSystemResizePending = 'FileSystemResizePending';

interface ExpandDeps {
  readonly client: Client;
  readonly recorder: EventRecorder;
}

/** Whether a claim waits for the kubelet to finish growing its file system. */
export function isFileSystemResizePending(pvc: PersistentVolumeClaimObject): boolean {
  const statuses = pvc.status?.allocatedResourceStatuses as Record<string, string> | undefined;
  return statuses?.storage === NodeResizePending || (pvc.status?.conditions ?? []).some((c) => c.type === FileSystemResizePending && c.status === 'True');
}

/** nodeExpandVolume then MarkFSResizeFinished, for a claim the pod is mounting. True when it resized. */
export function finishFileSystemResize(d: ExpandDeps, pod: Pod & KubeObject, claimName: string): boolean {
  const ns = pod.metadata.namespace ?? 'default';
  const pvc = d.client.get(resourceForKind('PersistentVolumeClaim')!, ns, claimName) as PersistentVolumeClaimObject | undefined;
  if (!pvc || !isFileSystemResizePending(pvc)) return false;
  const pv = d.client.get(resourceForKind('PersistentVolume')!, undefined, pvc.spec?.volumeName ?? '') as PersistentVolumeObject | undefined;
  const size = pv?.spec?.capacity?.storage;
  if (!pv || size === undefined) return false;
  const { storage: _s, ...otherStatuses } = (pvc.status?.allocatedResourceStatuses ?? {}) as Record<string, string>;
  const status = {
    ...pvc.status,
    capacity: { ...pvc.status?.capacity, storage: size },
    conditions: (pvc.status?.conditions ?? []).filter((c) => c.type !== FileSystemResizePending && c.type !== 'Resizing'),
    allocatedResourceStatuses: otherStatuses,
  };
  if (status.conditions.length === 0) delete (status as { conditions?: unknown }).conditions;
  if (Object.keys(otherStatuses).length === 0) delete (status as { allocatedResourceStatuses?: unknown }).allocatedResourceStatuses;
  const res = d.client.updateStatus({ ...pvc, status });
  if (!res.ok) return false;
  const msg = `MountVolume.NodeExpandVolume succeeded for volume "${pv.metadata.name}" ${pod.spec?.nodeName ?? ''}`;
  d.recorder.event(pod, 'Normal', 'FileSystemResizeSuccessful', msg);
  d.recorder.event(res.object, 'Normal', 'FileSystemResizeSuccessful', msg);
  return true;
}
