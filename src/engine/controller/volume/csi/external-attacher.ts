// The external-attacher sidecar of the simulated network-disk driver: it watches VolumeAttachments
// whose attacher is its driver, puts its finalizer on them, calls ControllerPublishVolume (a fixed
// delay) and sets status.attached; when the attach/detach controller deletes one, it calls
// ControllerUnpublishVolume, marks it detached and removes the finalizer so the object goes away.
// UPSTREAM: kubernetes-csi/external-attacher pkg/controller/csi_handler.go (csiAttach, csiDetach)
// SIMPLIFICATION: publish and unpublish never fail (no attachError/detachError); the PV does not get
// the attacher's finalizer; status.attachmentMetadata is a made-up device path.

import type { ObjectKey } from '../../../api/meta';
import { SANDBOX_DISK_DRIVER, type VolumeAttachmentObject } from '../../../api/volumeattachment';
import type { Informer, SharedInformerFactory } from '../../../client/informer';
import type { WorkQueue } from '../../../client/workqueue';
import type { JsonValue } from '../../../sim/clock';
import type { Controller, ControllerContext, SyncResult } from '../../types';
import { DONE } from '../../types';

/** How long ControllerPublishVolume (attach) and ControllerUnpublishVolume (detach) take. */
export const ATTACH_MS = 2_000;
export const DETACH_MS = 2_000;

/** external-attacher/<driver with dots as dashes>: keeps a VolumeAttachment until the disk is detached. */
export function attacherFinalizer(driver: string): string {
  return `external-attacher/${driver.replace(/\./g, '-')}`;
}

interface State {
  /** VolumeAttachment name -> sim ms its publish (or unpublish) call started */
  started: Record<string, number>;
}

export class CSIExternalAttacher implements Controller {
  readonly name = 'csi-attacher';
  readonly queue: WorkQueue;
  private attachments!: Informer<VolumeAttachmentObject>;
  private readonly state: State;

  constructor(private readonly ctx: ControllerContext, readonly driver = SANDBOX_DISK_DRIVER) {
    this.queue = ctx.queue;
    const saved = ctx.state as unknown as State | undefined;
    this.state = { started: { ...(saved?.started ?? {}) } };
  }

  start(informers: SharedInformerFactory): void {
    this.attachments = informers.informerFor<VolumeAttachmentObject>('volumeattachments');
    this.attachments.addEventHandler({
      add: (va) => this.queue.add(va.metadata.name ?? ''),
      update: (_o, va) => this.queue.add(va.metadata.name ?? ''),
      delete: (va) => delete this.state.started[va.metadata.name ?? ''],
    });
  }

  save(): JsonValue {
    return { started: { ...this.state.started } };
  }

  sync(name: ObjectKey): SyncResult {
    const va = this.attachments.get(name);
    if (!va || va.spec?.attacher !== this.driver) {
      delete this.state.started[name];
      return DONE;
    }
    const finalizer = attacherFinalizer(this.driver);
    const finalizers = va.metadata.finalizers ?? [];
    const deleting = va.metadata.deletionTimestamp !== undefined;
    if (!deleting && va.status?.attached) return DONE;
    if (deleting && !finalizers.includes(finalizer)) return DONE;
    if (!deleting && !finalizers.includes(finalizer)) {
      // The finalizer goes on before the attach, so a deletion always waits for the detach.
      const res = this.ctx.client.update({ ...va, metadata: { ...va.metadata, finalizers: [...finalizers, finalizer] } });
      return res.ok ? DONE : { kind: 'retry', reason: res.status.message };
    }
    const now = this.ctx.now();
    const delay = deleting ? DETACH_MS : ATTACH_MS;
    const started = this.state.started[name];
    if (started === undefined) {
      this.state.started[name] = now;
      return { kind: 'requeueAfter', delayMs: delay };
    }
    if (now < started + delay) return { kind: 'requeueAfter', delayMs: started + delay - now };
    delete this.state.started[name];
    if (deleting) {
      // csiDetach: the disk is off the node; release the object.
      const res = this.ctx.client.update({ ...va, metadata: { ...va.metadata, finalizers: finalizers.filter((f) => f !== finalizer) } });
      return res.ok ? DONE : { kind: 'retry', reason: res.status.message };
    }
    const res = this.ctx.client.updateStatus({
      ...va,
      status: { attached: true, attachmentMetadata: { devicePath: `/dev/disk/by-id/virtio-${(va.spec?.source?.persistentVolumeName ?? '').slice(4, 24)}` } },
    });
    return res.ok ? DONE : { kind: 'retry', reason: res.status.message };
  }
}
