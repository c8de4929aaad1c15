// The external-resizer sidecar of the simulated network-disk driver: for a claim the expand controller
// handed to its driver, it marks the resize in progress (condition Resizing), calls
// ControllerExpandVolume (a fixed delay), grows the PersistentVolume, and then either asks the kubelet
// to grow the file system (condition FileSystemResizePending) or, for a raw block volume, finishes.
// UPSTREAM: kubernetes-csi/external-resizer pkg/controller/controller.go (resizePVC, markPVCResizeInProgress,
//           markPVCAsFSResizeRequired, markPVCResizeFinished)
// SIMPLIFICATION: ControllerExpandVolume never fails (no ControllerResizeFailed); no resize of a claim
// whose class forbids it gets here (admission refuses it first).

import type { PersistentVolumeClaimCondition } from 'kubernetes-types/core/v1';
import type { ObjectKey } from '../../../api/meta';
import { claimKey, type PersistentVolumeClaimObject, type PersistentVolumeObject } from '../../../api/volume';
import { SANDBOX_DISK_DRIVER } from '../../../api/volumeattachment';
import type { Informer, SharedInformerFactory } from '../../../client/informer';
import type { WorkQueue } from '../../../client/workqueue';
import type { JsonValue } from '../../../sim/clock';
import type { Controller, ControllerContext, SyncResult } from '../../types';
import { DONE } from '../../types';
import { AnnStorageResizer, needsResize } from '../expand/expand-controller';

/** How long ControllerExpandVolume takes. */
export const EXPAND_MS = 3_000;
export const ControllerResizeInProgress = 'ControllerResizeInProgress';
export const NodeResizePending = 'NodeResizePending';

interface State {
  /** claim key -> sim ms ControllerExpandVolume started */
  started: Record<string, number>;
}

export class CSIExternalResizer implements Controller {
  readonly name = 'csi-resizer';
  readonly queue: WorkQueue;
  private claims!: Informer<PersistentVolumeClaimObject>;
  private volumes!: Informer<PersistentVolumeObject>;
  private readonly state: State;

  constructor(private readonly ctx: ControllerContext, readonly driver = SANDBOX_DISK_DRIVER) {
    this.queue = ctx.queue;
    const saved = ctx.state as unknown as State | undefined;
    this.state = { started: { ...(saved?.started ?? {}) } };
  }

  start(informers: SharedInformerFactory): void {
    this.claims = informers.informerFor<PersistentVolumeClaimObject>('persistentvolumeclaims');
    this.volumes = informers.informerFor<PersistentVolumeObject>('persistentvolumes');
    this.claims.addEventHandler({ add: (c) => this.queue.add(claimKey(c)), update: (_o, c) => this.queue.add(claimKey(c)) });
  }

  save(): JsonValue {
    return { started: { ...this.state.started } };
  }

  private condition(type: string, message = ''): PersistentVolumeClaimCondition {
    return { type, status: 'True', lastProbeTime: null as unknown as string, lastTransitionTime: this.ctx.timestamp(), ...(message ? { message } : {}) };
  }

  sync(key: ObjectKey): SyncResult {
    const pvc = this.claims.get(key);
    const inProgress = (pvc?.status?.allocatedResourceStatuses as Record<string, string> | undefined)?.storage === ControllerResizeInProgress;
    if (!pvc || pvc.metadata.annotations?.[AnnStorageResizer] !== this.driver || (!needsResize(pvc) && !inProgress)) {
      delete this.state.started[key];
      return DONE;
    }
    const pv = this.volumes.get(pvc.spec?.volumeName ?? '');
    if (!pv || pv.spec?.csi?.driver !== this.driver) return DONE;
    const size = pvc.spec?.resources?.requests?.storage ?? '0';
    const now = this.ctx.now();
    const started = this.state.started[key];
    if (started === undefined) {
      // markPVCResizeInProgress
      const res = this.ctx.client.updateStatus({
        ...pvc,
        status: {
          ...pvc.status,
          conditions: [...(pvc.status?.conditions ?? []).filter((c) => c.type !== 'Resizing'), this.condition('Resizing')],
          allocatedResources: { ...pvc.status?.allocatedResources, storage: size },
          allocatedResourceStatuses: { ...pvc.status?.allocatedResourceStatuses, storage: ControllerResizeInProgress },
        },
      });
      if (!res.ok) return { kind: 'retry', reason: res.status.message };
      this.ctx.recorder.event(pvc, 'Normal', 'Resizing', `External resizer is resizing volume ${pv.metadata.name}`);
      this.state.started[key] = now;
      return { kind: 'requeueAfter', delayMs: EXPAND_MS };
    }
    if (now < started + EXPAND_MS) return { kind: 'requeueAfter', delayMs: started + EXPAND_MS - now };
    delete this.state.started[key];
    const target = (pvc.status?.allocatedResources?.storage as string | undefined) ?? size;
    const pvRes = this.ctx.client.update({ ...pv, spec: { ...pv.spec, capacity: { ...pv.spec?.capacity, storage: target } } });
    if (!pvRes.ok) return { kind: 'retry', reason: pvRes.status.message };
    const others = (pvc.status?.conditions ?? []).filter((c) => c.type !== 'Resizing' && c.type !== 'FileSystemResizePending');
    if (pv.spec?.volumeMode === 'Block') {
      // markPVCResizeFinished: nothing for the node to do.
      const { storage: _s, ...rest } = (pvc.status?.allocatedResourceStatuses ?? {}) as Record<string, string>;
      const res = this.ctx.client.updateStatus({ ...pvc, status: { ...pvc.status, capacity: { ...pvc.status?.capacity, storage: target }, conditions: others, allocatedResourceStatuses: rest } });
      if (!res.ok) return { kind: 'retry', reason: res.status.message };
      this.ctx.recorder.event(pvc, 'Normal', 'VolumeResizeSuccessful', 'Resize volume succeeded');
      return DONE;
    }
    // markPVCAsFSResizeRequired
    const res = this.ctx.client.updateStatus({
      ...pvc,
      status: {
        ...pvc.status,
        conditions: [...others, this.condition('FileSystemResizePending', 'Waiting for user to (re-)start a pod to finish file system resize of volume on node.')],
        allocatedResourceStatuses: { ...pvc.status?.allocatedResourceStatuses, storage: NodeResizePending },
      },
    });
    if (!res.ok) return { kind: 'retry', reason: res.status.message };
    this.ctx.recorder.event(pvc, 'Normal', 'FileSystemResizeRequired', 'Require file system resize of volume on node');
    return DONE;
  }
}
