// The PV protection controller: a volume being deleted keeps its kubernetes.io/pv-protection
// finalizer (and so stays Terminating) while it is Bound; then the finalizer goes and the API server
// deletes it. A volume without the finalizer gets it.
// UPSTREAM: pkg/controller/volume/pvprotection/pv_protection_controller.go

import type { ObjectKey } from '../../../api/meta';
import { PVProtectionFinalizer, type PersistentVolumeObject } from '../../../api/volume';
import type { Informer, SharedInformerFactory } from '../../../client/informer';
import type { WorkQueue } from '../../../client/workqueue';
import type { Controller, ControllerContext, SyncResult } from '../../types';
import { DONE } from '../../types';

export class PVProtectionController implements Controller {
  readonly name = 'persistentvolume-protection-controller';
  readonly queue: WorkQueue;
  private volumes!: Informer<PersistentVolumeObject>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
  }

  start(informers: SharedInformerFactory): void {
    this.volumes = informers.informerFor<PersistentVolumeObject>('persistentvolumes');
    this.volumes.addEventHandler({
      add: (v) => this.queue.add(v.metadata.name ?? ''),
      update: (_o, v) => this.queue.add(v.metadata.name ?? ''),
    });
  }

  sync(key: ObjectKey): SyncResult {
    const pv = this.volumes.get(key);
    if (!pv) return DONE;
    const finalizers = pv.metadata.finalizers ?? [];
    const has = finalizers.includes(PVProtectionFinalizer);
    // isBeingUsed: a Bound volume is in use.
    if (pv.metadata.deletionTimestamp && has && pv.status?.phase !== 'Bound') return this.setFinalizers(pv, finalizers.filter((f) => f !== PVProtectionFinalizer));
    if (!pv.metadata.deletionTimestamp && !has) return this.setFinalizers(pv, [...finalizers, PVProtectionFinalizer]);
    return DONE;
  }

  private setFinalizers(pv: PersistentVolumeObject, finalizers: string[]): SyncResult {
    const res = this.ctx.client.update({ ...pv, metadata: { ...pv.metadata, finalizers } });
    if (!res.ok && res.status.reason !== 'NotFound') return { kind: 'retry', reason: res.status.message };
    return DONE;
  }
}
