// The expand controller: a bound claim asking for more than it has, whose volume is a CSI volume,
// is handed to the driver's external-resizer (the storage-resizer annotation) with an
// ExternalExpanding event; the resizer does the work.
// UPSTREAM: pkg/controller/volume/expand/expand_controller.go (syncHandler), pkg/volume/util/resize_util.go (SetClaimResizer)
// SIMPLIFICATION: no in-tree expandable plugins: only CSI volumes are expanded.

import type { ObjectKey } from '../../../api/meta';
import { parseQuantity } from '../../../api/quantity';
import { claimKey, type PersistentVolumeClaimObject, type PersistentVolumeObject } from '../../../api/volume';
import type { Informer, SharedInformerFactory } from '../../../client/informer';
import type { WorkQueue } from '../../../client/workqueue';
import type { Controller, ControllerContext, SyncResult } from '../../types';
import { DONE } from '../../types';

export const AnnStorageResizer = 'volume.kubernetes.io/storage-resizer';

/** The size a claim asks for beyond what it has (status.allocatedResources, else status.capacity). */
export function needsResize(pvc: PersistentVolumeClaimObject): boolean {
  if (pvc.status?.phase !== 'Bound') return false;
  const want = parseQuantity(pvc.spec?.resources?.requests?.storage) ?? 0;
  const allocated = parseQuantity(pvc.status?.allocatedResources?.storage as string | undefined);
  const have = allocated ?? parseQuantity(pvc.status?.capacity?.storage) ?? 0;
  return want > have;
}

export class ExpandController implements Controller {
  readonly name = 'expand-controller';
  readonly queue: WorkQueue;
  private claims!: Informer<PersistentVolumeClaimObject>;
  private volumes!: Informer<PersistentVolumeObject>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
  }

  start(informers: SharedInformerFactory): void {
    this.claims = informers.informerFor<PersistentVolumeClaimObject>('persistentvolumeclaims');
    this.volumes = informers.informerFor<PersistentVolumeObject>('persistentvolumes');
    this.claims.addEventHandler({
      add: (c) => this.queue.add(claimKey(c)),
      // Only a change of the request can start an expansion (as upstream's updatePVC filter).
      update: (o, c) => {
        if (o.spec?.resources?.requests?.storage !== c.spec?.resources?.requests?.storage || o.status?.phase !== c.status?.phase) this.queue.add(claimKey(c));
      },
    });
  }

  sync(key: ObjectKey): SyncResult {
    const pvc = this.claims.get(key);
    if (!pvc || !needsResize(pvc)) return DONE;
    const pv = this.volumes.get(pvc.spec?.volumeName ?? '');
    const driver = pv?.spec?.csi?.driver;
    if (!driver) return DONE;
    if (pvc.metadata.annotations?.[AnnStorageResizer] === driver) return DONE;
    this.ctx.recorder.event(pvc, 'Normal', 'ExternalExpanding', 'waiting for an external controller to expand this PVC');
    const res = this.ctx.client.update({ ...pvc, metadata: { ...pvc.metadata, annotations: { ...pvc.metadata.annotations, [AnnStorageResizer]: driver } } });
    return res.ok ? DONE : { kind: 'retry', reason: res.status.message };
  }
}
