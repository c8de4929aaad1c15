// The loop every external provisioner runs, whatever its storage: for a claim the PV controller handed
// to it (the storage-provisioner annotation), of one of its classes and placed by the scheduler when
// the class waits for the first consumer, provision a volume (which takes a while) and create the
// PersistentVolume pre-bound to the claim; delete the volumes it made once they are Released with
// reclaim policy Delete. Subclasses say how long their storage takes and what the volume looks like.
// UPSTREAM: sigs.k8s.io/sig-storage-lib-external-provisioner controller/controller.go (shouldProvision,
// provisionClaimOperation, deleteVolumeOperation), used by every external provisioner.
// SIMPLIFICATION: the storage calls are a fixed delay; no provisioner finalizer on the PV.

import type { KubeObject, ObjectKey } from '../../../api/meta';
import { resourceForKind } from '../../../api/resources';
import {
  AnnBetaStorageProvisioner, AnnDynamicallyProvisioned, AnnSelectedNode, AnnStorageProvisioner, claimKey,
  getPersistentVolumeClaimClass, type PersistentVolumeClaimObject, type PersistentVolumeObject, type StorageClassObject,
} from '../../../api/volume';
import type { Informer, SharedInformerFactory } from '../../../client/informer';
import type { WorkQueue } from '../../../client/workqueue';
import type { JsonValue } from '../../../sim/clock';
import type { Controller, ControllerContext, SyncResult } from '../../types';
import { DONE } from '../../types';

const PV = resourceForKind('PersistentVolume')!;

interface State {
  /** claim uid -> sim ms provisioning started */
  provisioning: Record<string, number>;
  /** volume name -> sim ms deleting started */
  deleting: Record<string, number>;
}

const CLAIM = 'claim:';
const VOLUME = 'volume:';

export abstract class ProvisionController implements Controller {
  abstract readonly name: string;
  readonly queue: WorkQueue;
  protected claims!: Informer<PersistentVolumeClaimObject>;
  protected volumes!: Informer<PersistentVolumeObject>;
  protected classes!: Informer<StorageClassObject>;
  private readonly state: State;

  /**
   * `provisioner`: the name classes use (`provisioner:`) and the PVs it makes carry;
   * `createMs`/`deleteMs`: how long its storage takes to make or remove a volume.
   */
  constructor(
    protected readonly ctx: ControllerContext,
    readonly provisioner: string,
    private readonly createMs: number,
    private readonly deleteMs: number,
  ) {
    this.queue = ctx.queue;
    const saved = ctx.state as unknown as State | undefined;
    this.state = { provisioning: { ...(saved?.provisioning ?? {}) }, deleting: { ...(saved?.deleting ?? {}) } };
  }

  /** The PersistentVolume for a newly provisioned volume, pre-bound to `claim`. */
  protected abstract volumeFor(claim: PersistentVolumeClaimObject, sc: StorageClassObject, pvName: string): KubeObject;

  /** Provision's own checks before and after the storage call (an error message, or undefined). */
  protected checkProvisionable(_claim: PersistentVolumeClaimObject): string | undefined {
    return undefined;
  }

  /** A provisioning that failed: by default the event and a retry. */
  protected provisioningFailed(claim: PersistentVolumeClaimObject, sc: StorageClassObject, err: string): SyncResult {
    this.ctx.recorder.event(claim, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${sc.metadata.name}": ${err}`);
    return { kind: 'retry', reason: err };
  }

  start(informers: SharedInformerFactory): void {
    this.claims = informers.informerFor<PersistentVolumeClaimObject>('persistentvolumeclaims');
    this.volumes = informers.informerFor<PersistentVolumeObject>('persistentvolumes');
    this.classes = informers.informerFor<StorageClassObject>('storageclasses');
    this.claims.addEventHandler({
      add: (c) => this.queue.add(CLAIM + claimKey(c)),
      update: (_o, c) => this.queue.add(CLAIM + claimKey(c)),
    });
    this.volumes.addEventHandler({
      add: (v) => this.queue.add(VOLUME + (v.metadata.name ?? '')),
      update: (_o, v) => this.queue.add(VOLUME + (v.metadata.name ?? '')),
      delete: (v) => delete this.state.deleting[v.metadata.name ?? ''],
    });
  }

  save(): JsonValue {
    return { provisioning: { ...this.state.provisioning }, deleting: { ...this.state.deleting } };
  }

  sync(key: ObjectKey): SyncResult {
    if (key.startsWith(CLAIM)) return this.syncClaim(key.slice(CLAIM.length));
    return this.syncVolume(key.slice(VOLUME.length));
  }

  /** shouldProvision: unbound, handed to this provisioner, of its class, and placed when the class waits. */
  private shouldProvision(claim: PersistentVolumeClaimObject): StorageClassObject | undefined {
    if (claim.spec?.volumeName || claim.metadata.deletionTimestamp) return undefined;
    const ann = claim.metadata.annotations ?? {};
    if ((ann[AnnStorageProvisioner] ?? ann[AnnBetaStorageProvisioner]) !== this.provisioner) return undefined;
    const sc = this.classes.get(getPersistentVolumeClaimClass(claim));
    if (sc?.provisioner !== this.provisioner) return undefined;
    if (sc.volumeBindingMode === 'WaitForFirstConsumer' && ann[AnnSelectedNode] === undefined) return undefined;
    return sc;
  }

  private syncClaim(key: string): SyncResult {
    const claim = this.claims.get(key);
    const uid = claim?.metadata.uid ?? '';
    const sc = claim ? this.shouldProvision(claim) : undefined;
    if (!claim || !sc) {
      if (claim) delete this.state.provisioning[uid];
      return DONE;
    }
    const pvName = `pvc-${uid}`;
    if (this.volumes.get(pvName) || this.ctx.client.get(PV, undefined, pvName)) {
      delete this.state.provisioning[uid];
      return DONE;
    }
    const now = this.ctx.now();
    const started = this.state.provisioning[uid];
    if (started === undefined) {
      this.ctx.recorder.event(claim, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${key}"`);
      const err = this.checkProvisionable(claim);
      if (err) return this.provisioningFailed(claim, sc, err);
      this.state.provisioning[uid] = now;
      return { kind: 'requeueAfter', delayMs: this.createMs };
    }
    if (now < started + this.createMs) return { kind: 'requeueAfter', delayMs: started + this.createMs - now };
    delete this.state.provisioning[uid];
    const err = this.checkProvisionable(claim);
    if (err) return this.provisioningFailed(claim, sc, err);
    const res = this.ctx.client.create(this.volumeFor(claim, sc, pvName));
    if (!res.ok && res.status.reason !== 'AlreadyExists') return this.provisioningFailed(claim, sc, res.status.message);
    this.ctx.recorder.event(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`);
    return DONE;
  }

  /** Delete: a Released volume it made, with reclaim policy Delete: remove the storage, then the object. */
  private syncVolume(name: string): SyncResult {
    const pv = this.volumes.get(name);
    const mine = pv && pv.metadata.annotations?.[AnnDynamicallyProvisioned] === this.provisioner;
    if (!pv || !mine || pv.status?.phase !== 'Released' || pv.spec?.persistentVolumeReclaimPolicy !== 'Delete' || pv.metadata.deletionTimestamp) {
      delete this.state.deleting[name];
      return DONE;
    }
    const now = this.ctx.now();
    const started = this.state.deleting[name];
    if (started === undefined) {
      this.state.deleting[name] = now;
      return { kind: 'requeueAfter', delayMs: this.deleteMs };
    }
    if (now < started + this.deleteMs) return { kind: 'requeueAfter', delayMs: started + this.deleteMs - now };
    delete this.state.deleting[name];
    const res = this.ctx.client.delete(PV, undefined, name);
    if (!res.ok && res.status.reason !== 'NotFound') return { kind: 'retry', reason: res.status.message };
    return DONE;
  }
}
