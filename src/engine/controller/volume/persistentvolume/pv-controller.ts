// The PersistentVolume controller (persistentvolume-binder): binds claims to volumes (a volume the
// claim names, else the smallest Available volume of its class that fits), asks provisioners for new
// volumes, keeps both objects' phases true (Pending/Bound/Lost, Available/Bound/Released/Failed) and
// runs the reclaim policy when a claim goes away.
// UPSTREAM: pkg/controller/volume/persistentvolume/{pv_controller.go,pv_controller_base.go}
// SIMPLIFICATION: no in-tree volume plugins: every provisioner is external (kubernetes.io/* names fail
// as upstream does for unknown in-tree plugins); Delete of a static volume works for hostPath under
// /tmp/ only (the hostPath deleter's rule), Recycle scrubs instantly; no CSI migration annotations.
// The 15 s resync is per object (background requeues) for claims not yet Bound and volumes Released
// or Failed, the only objects a resync changes.

import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject, ObjectKey } from '../../../api/meta';
import { resourceForKind } from '../../../api/resources';
import {
  AnnBetaStorageProvisioner, AnnBindCompleted, AnnBoundByController, AnnDynamicallyProvisioned, AnnSelectedNode, AnnStorageProvisioner,
  checkAccessModes, claimKey, claimRequestBytes, getBindVolumeToClaim, getDefaultStorageClass, getPersistentVolumeClaimClass,
  getPersistentVolumeClass, isVolumeBoundToClaim, persistentVolumeClaimHasClass, volumeCapacityBytes, volumeModeMismatches,
  type PersistentVolumeClaimObject, type PersistentVolumeObject, type StorageClassObject,
} from '../../../api/volume';
import type { Informer, SharedInformerFactory } from '../../../client/informer';
import type { WorkQueue } from '../../../client/workqueue';
import type { JsonValue } from '../../../sim/clock';
import type { Controller, ControllerContext, SyncResult } from '../../types';
import { DONE } from '../../types';
import { findBestMatchForClaim } from './pv-index';

/** --pvclaimbinder-sync-period: how often unsettled claims and volumes are looked at again. */
export const RESYNC_PERIOD_MS = 15_000;

const PV = resourceForKind('PersistentVolume')!;

type PodObject = Pod & KubeObject;

/** Queue keys: claims and volumes share one queue (upstream has two). */
const CLAIM = 'claim:';
const VOLUME = 'volume:';

class WriteFailed extends Error {}

function version(o: KubeObject | undefined): number {
  return Number(o?.metadata.resourceVersion ?? 0) || 0;
}

/** The newer of the informer's copy and the one this controller last wrote (upstream's local cache). */
function newest<T extends KubeObject>(fromInformer: T | undefined, written: T | undefined): T | undefined {
  if (!written) return fromInformer;
  if (!fromInformer) return written;
  return version(written) > version(fromInformer) ? written : fromInformer;
}

function copy<T>(o: T): T {
  return JSON.parse(JSON.stringify(o)) as T;
}

export class PersistentVolumeController implements Controller {
  readonly name = 'persistentvolume-binder-controller';
  readonly queue: WorkQueue;
  private claims!: Informer<PersistentVolumeClaimObject>;
  private volumes!: Informer<PersistentVolumeObject>;
  private classes!: Informer<StorageClassObject>;
  private pods!: Informer<PodObject>;
  /** what this controller wrote, until the informers show it (keyed like the queue) */
  private readonly written = new Map<string, KubeObject>();
  /** sim ms of each key's pending background resync */
  private readonly resyncDue: Record<string, number>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
    this.resyncDue = { ...((ctx.state as { resyncDue?: Record<string, number> } | undefined)?.resyncDue ?? {}) };
  }

  start(informers: SharedInformerFactory): void {
    this.claims = informers.informerFor<PersistentVolumeClaimObject>('persistentvolumeclaims');
    this.volumes = informers.informerFor<PersistentVolumeObject>('persistentvolumes');
    this.classes = informers.informerFor<StorageClassObject>('storageclasses');
    this.pods = informers.informerFor<PodObject>('pods');
    this.claims.addEventHandler({
      add: (c) => this.queue.add(CLAIM + claimKey(c)),
      update: (_o, c) => this.queue.add(CLAIM + claimKey(c)),
      delete: (c) => {
        this.written.delete(CLAIM + claimKey(c));
        // Sync the volume at once, so it is Released now rather than at the next resync.
        if (c.spec?.volumeName) this.queue.add(VOLUME + c.spec.volumeName);
      },
    });
    this.volumes.addEventHandler({
      add: (v) => this.queue.add(VOLUME + (v.metadata.name ?? '')),
      update: (_o, v) => this.queue.add(VOLUME + (v.metadata.name ?? '')),
      delete: (v) => {
        this.written.delete(VOLUME + (v.metadata.name ?? ''));
        const ref = v.spec?.claimRef;
        if (ref?.name) this.queue.add(`${CLAIM}${ref.namespace ?? 'default'}/${ref.name}`);
      },
    });
  }

  save(): JsonValue {
    return { resyncDue: { ...this.resyncDue } };
  }

  sync(key: ObjectKey): SyncResult {
    try {
      if (key.startsWith(CLAIM)) {
        const claim = this.claim(key.slice(CLAIM.length));
        if (!claim) return DONE;
        this.syncClaim(claim);
        return this.resyncIf(key, this.claim(claimKey(claim))?.status?.phase !== 'Bound');
      }
      const volume = this.volume(key.slice(VOLUME.length));
      if (!volume) return DONE;
      this.syncVolume(volume);
      const phase = this.volume(volume.metadata.name ?? '')?.status?.phase;
      return this.resyncIf(key, phase === 'Released' || phase === 'Failed');
    } catch (e) {
      if (e instanceof WriteFailed) return { kind: 'retry', reason: e.message };
      throw e;
    }
  }

  /** Come back after the resync period (one pending resync per key), or forget the key. */
  private resyncIf(key: string, unsettled: boolean): SyncResult {
    const now = this.ctx.now();
    const due = this.resyncDue[key];
    if (!unsettled) {
      delete this.resyncDue[key];
      return DONE;
    }
    if (due !== undefined && due > now) return DONE;
    this.resyncDue[key] = now + RESYNC_PERIOD_MS;
    return { kind: 'requeueAfter', delayMs: RESYNC_PERIOD_MS, background: true };
  }

  // ---- reads: informer plus this controller's own writes -------------------------------------

  private claim(key: string): PersistentVolumeClaimObject | undefined {
    return newest(this.claims.get(key), this.written.get(CLAIM + key) as PersistentVolumeClaimObject | undefined);
  }

  private volume(name: string): PersistentVolumeObject | undefined {
    return newest(this.volumes.get(name), this.written.get(VOLUME + name) as PersistentVolumeObject | undefined);
  }

  private allVolumes(): PersistentVolumeObject[] {
    return this.volumes.list().map((v) => this.volume(v.metadata.name ?? '') ?? v);
  }

  // ---- writes ---------------------------------------------------------------------------------

  private write<T extends KubeObject>(obj: T, status: boolean): T {
    const res = status ? this.ctx.client.updateStatus(obj) : this.ctx.client.update(obj);
    if (!res.ok) throw new WriteFailed(res.status.message);
    const key = obj.kind === 'PersistentVolume' ? VOLUME + (res.object.metadata.name ?? '') : CLAIM + claimKey(res.object);
    this.written.set(key, res.object);
    return res.object as T;
  }

  // ---- claims ---------------------------------------------------------------------------------

  /** syncClaim: claims that never completed binding, and claims that did. */
  syncClaim(claim: PersistentVolumeClaimObject): void {
    if (claim.metadata.annotations?.[AnnBindCompleted] === undefined) this.syncUnboundClaim(claim);
    else this.syncBoundClaim(claim);
  }

  /** IsDelayBindingMode: the claim's class exists and waits for the first consumer. */
  private isDelayBindingMode(claim: PersistentVolumeClaimObject): boolean {
    const name = getPersistentVolumeClaimClass(claim);
    return name !== '' && this.classes.get(name)?.volumeBindingMode === 'WaitForFirstConsumer';
  }

  private syncUnboundClaim(claim: PersistentVolumeClaimObject): void {
    const volumeName = claim.spec?.volumeName ?? '';
    if (volumeName === '') {
      // The user did not ask for a particular volume.
      const delayBinding = this.isDelayBindingMode(claim);
      const volume = findBestMatchForClaim(claim, this.allVolumes(), delayBinding);
      if (volume) {
        this.bind(volume, claim);
        return;
      }
      // No volume: a class assigned late (the default appeared after the claim) restarts the sync.
      if (this.assignDefaultStorageClass(claim)) return;
      if (delayBinding && claim.metadata.annotations?.[AnnSelectedNode] === undefined) {
        this.emitEventForUnboundDelayBindingClaim(claim);
      } else if (getPersistentVolumeClaimClass(claim) !== '') {
        this.provisionClaim(claim);
        return;
      } else {
        this.ctx.recorder.event(claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
      }
      this.updateClaimStatus(claim, 'Pending', undefined);
      return;
    }
    // The user asked for a particular volume.
    const volume = this.volume(volumeName);
    if (!volume) {
      this.updateClaimStatus(claim, 'Pending', undefined);
      return;
    }
    if (!volume.spec?.claimRef) {
      const mismatch = checkVolumeSatisfyClaim(volume, claim);
      if (mismatch) {
        this.ctx.recorder.event(claim, 'Warning', 'VolumeMismatch', `Cannot bind to requested volume "${volumeName}": ${mismatch}`);
        this.updateClaimStatus(claim, 'Pending', undefined);
        return;
      }
      this.bind(volume, claim);
      return;
    }
    if (isVolumeBoundToClaim(volume, claim)) {
      this.bind(volume, claim);
      return;
    }
    // The volume belongs to another claim.
    this.ctx.recorder.event(claim, 'Warning', 'FailedBinding', `volume "${volumeName}" already bound to a different claim.`);
    if (claim.metadata.annotations?.[AnnBoundByController] === undefined) this.updateClaimStatus(claim, 'Pending', undefined);
  }

  private syncBoundClaim(claim: PersistentVolumeClaimObject): void {
    const volumeName = claim.spec?.volumeName ?? '';
    if (volumeName === '') {
      this.updateClaimStatusWithEvent(claim, 'Lost', 'ClaimLost', 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
      return;
    }
    const volume = this.volume(volumeName);
    if (!volume) {
      this.updateClaimStatusWithEvent(claim, 'Lost', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
      return;
    }
    if (!volume.spec?.claimRef || volume.spec.claimRef.uid === claim.metadata.uid) {
      // Unbound volume (or our own binding): (re)bind both and set both phases.
      this.bind(volume, claim);
      return;
    }
    this.updateClaimStatusWithEvent(claim, 'Lost', 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
  }

  /** emitEventForUnboundDelayBindingClaim: what a WaitForFirstConsumer claim waits for. */
  private emitEventForUnboundDelayBindingClaim(claim: PersistentVolumeClaimObject): void {
    const waiting = this.pods.list(claim.metadata.namespace)
      .filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.spec?.nodeName)
      .filter((p) => (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === claim.metadata.name))
      .map((p) => p.metadata.name ?? '');
    if (waiting.length === 0) {
      this.ctx.recorder.event(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
    } else {
      const message = waiting.length > 1 ? `waiting for pods ${waiting.join(',')} to be scheduled` : `waiting for pod ${waiting[0]} to be scheduled`;
      this.ctx.recorder.event(claim, 'Normal', 'WaitForPodScheduled', message);
    }
  }

  /** assignDefaultStorageClass: a claim created before any default class existed gets it now. */
  private assignDefaultStorageClass(claim: PersistentVolumeClaimObject): boolean {
    if (persistentVolumeClaimHasClass(claim)) return false;
    const def = getDefaultStorageClass(this.classes.list());
    if (!def) return false;
    const next = copy(claim);
    next.spec = { ...next.spec, storageClassName: def.metadata.name };
    this.write(next, false);
    return true;
  }

  /**
   * provisionClaim. Every provisioner is external here: annotate the claim with it (that is what
   * external provisioners watch for) and say so. A class that does not exist, or an in-tree name no
   * plugin answers to, fails with ProvisioningFailed.
   */
  private provisionClaim(claim: PersistentVolumeClaimObject): void {
    const className = getPersistentVolumeClaimClass(claim);
    const sc = this.classes.get(className);
    if (!sc) {
      this.ctx.recorder.event(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
      return;
    }
    const provisioner = sc.provisioner;
    if (provisioner.startsWith('kubernetes.io/')) {
      this.ctx.recorder.event(claim, 'Warning', 'ProvisioningFailed', `no volume plugin matched name: ${provisioner}`);
      return;
    }
    let current = claim;
    if (claim.metadata.annotations?.[AnnBetaStorageProvisioner] !== provisioner) {
      const next = copy(claim);
      next.metadata.annotations = { ...next.metadata.annotations, [AnnBetaStorageProvisioner]: provisioner, [AnnStorageProvisioner]: provisioner };
      current = this.write(next, false);
    }
    this.ctx.recorder.event(current, 'Normal', 'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. ` +
      'If volume creation is delayed, please verify that the provisioner is running and correctly registered.');
  }

  /**
   * bind: the volume first (claimRef, then phase Bound), then the claim (volumeName and the
   * annotations, then phase Bound with the volume's capacity and access modes).
   */
  private bind(volume: PersistentVolumeObject, claim: PersistentVolumeClaimObject): void {
    const { volume: bound, dirty } = getBindVolumeToClaim(volume, claim);
    let v = dirty ? this.write(bound, false) : volume;
    v = this.updateVolumePhase(v, 'Bound', '');
    let c = claim;
    const annotations = { ...(c.metadata.annotations ?? {}) };
    let claimDirty = false;
    const next = copy(c);
    if (c.spec?.volumeName !== v.metadata.name) {
      next.spec = { ...next.spec, volumeName: v.metadata.name };
      if (annotations[AnnBoundByController] === undefined) annotations[AnnBoundByController] = 'yes';
      claimDirty = true;
    }
    if (annotations[AnnBindCompleted] === undefined) {
      annotations[AnnBindCompleted] = 'yes';
      claimDirty = true;
    }
    if (claimDirty) {
      next.metadata.annotations = annotations;
      c = this.write(next, false);
    }
    this.updateClaimStatus(c, 'Bound', v);
  }

  /** updateClaimStatus: phase, and the volume's access modes and capacity (capacity when it becomes Bound). */
  private updateClaimStatus(claim: PersistentVolumeClaimObject, phase: string, volume: PersistentVolumeObject | undefined): PersistentVolumeClaimObject {
    const status = { ...(claim.status ?? {}) } as NonNullable<PersistentVolumeClaimObject['status']>;
    let dirty = false;
    if (status.phase !== phase) {
      status.phase = phase;
      dirty = true;
    }
    if (!volume) {
      if (status.accessModes !== undefined) { delete status.accessModes; dirty = true; }
      if (status.capacity !== undefined) { delete status.capacity; dirty = true; }
    } else {
      if (JSON.stringify(status.accessModes ?? null) !== JSON.stringify(volume.spec?.accessModes ?? null)) {
        status.accessModes = volume.spec?.accessModes;
        dirty = true;
      }
      if (claim.status?.phase !== phase && volume.spec?.capacity?.storage !== undefined && status.capacity?.storage !== volume.spec.capacity.storage) {
        status.capacity = { ...volume.spec.capacity };
        dirty = true;
      }
    }
    if (!dirty) return claim;
    return this.write({ ...claim, status }, true);
  }

  private updateClaimStatusWithEvent(claim: PersistentVolumeClaimObject, phase: string, reason: string, message: string): void {
    if (claim.status?.phase === phase) return;
    const next = this.updateClaimStatus(claim, phase, undefined);
    this.ctx.recorder.event(next, 'Warning', reason, message);
  }

  // ---- volumes --------------------------------------------------------------------------------

  /** syncVolume: a volume's phase follows its claimRef and that claim; released volumes are reclaimed. */
  syncVolume(volume: PersistentVolumeObject): void {
    const ref = volume.spec?.claimRef;
    if (!ref) {
      this.updateVolumePhase(volume, 'Available', '');
      return;
    }
    if (!ref.uid) {
      // Pre-bound by the user to a claim not bound yet: the claim's sync binds it.
      this.updateVolumePhase(volume, 'Available', '');
      return;
    }
    const key = `${ref.namespace ?? 'default'}/${ref.name}`;
    let claim = this.claim(key);
    if (claim && claim.metadata.uid !== ref.uid) claim = undefined; // deleted and re-created under the name
    if (!claim) {
      let v = volume;
      if (v.status?.phase !== 'Released' && v.status?.phase !== 'Failed') v = this.updateVolumePhase(v, 'Released', '');
      this.reclaimVolume(v);
      return;
    }
    if (!claim.spec?.volumeName) {
      if (volumeModeMismatches(claim, volume)) {
        this.ctx.recorder.event(volume, 'Warning', 'VolumeMismatch', `Cannot bind PersistentVolume to requested PersistentVolumeClaim "${claim.metadata.name}" due to incompatible volumeMode.`);
        this.ctx.recorder.event(claim, 'Warning', 'VolumeMismatch', `Cannot bind PersistentVolume "${volume.metadata.name}" to requested PersistentVolumeClaim due to incompatible volumeMode.`);
        return;
      }
      // The volume is bound (a provisioner or the scheduler wrote its claimRef); the claim's sync
      // finishes the binding.
      this.queue.add(CLAIM + key);
      return;
    }
    if (claim.spec.volumeName === volume.metadata.name) {
      this.updateVolumePhase(volume, 'Bound', '');
      return;
    }
    // The claim got bound to another volume.
    if (volume.metadata.annotations?.[AnnDynamicallyProvisioned] !== undefined && volume.spec?.persistentVolumeReclaimPolicy === 'Delete') {
      let v = volume;
      if (v.status?.phase !== 'Released' && v.status?.phase !== 'Failed') v = this.updateVolumePhase(v, 'Released', '');
      this.reclaimVolume(v);
      return;
    }
    this.unbindVolume(volume);
  }

  private updateVolumePhase(volume: PersistentVolumeObject, phase: string, message: string): PersistentVolumeObject {
    if (volume.status?.phase === phase) return volume;
    const status = { ...(volume.status ?? {}), phase } as NonNullable<PersistentVolumeObject['status']>;
    if (message) status.message = message;
    else delete status.message;
    return this.write({ ...volume, status }, true);
  }

  private updateVolumePhaseWithEvent(volume: PersistentVolumeObject, phase: string, type: 'Normal' | 'Warning', reason: string, message: string): void {
    if (volume.status?.phase === phase) return;
    const next = this.updateVolumePhase(volume, phase, message);
    this.ctx.recorder.event(next, type, reason, message);
  }

  /** unbindVolume: forget a binding the controller made; a user's pre-binding keeps its name. */
  private unbindVolume(volume: PersistentVolumeObject): void {
    const next = copy(volume);
    if (next.metadata.annotations?.[AnnBoundByController] !== undefined) {
      delete next.spec!.claimRef;
      const { [AnnBoundByController]: _b, ...rest } = next.metadata.annotations;
      next.metadata.annotations = rest;
      if (Object.keys(rest).length === 0) delete next.metadata.annotations;
    } else if (next.spec?.claimRef) {
      next.spec.claimRef = { ...next.spec.claimRef, uid: '' };
      delete next.spec.claimRef.uid;
    }
    const written = this.write(next, false);
    this.updateVolumePhase(written, 'Available', '');
  }

  /** reclaimVolume: what persistentVolumeReclaimPolicy says to do with a released volume. */
  private reclaimVolume(volume: PersistentVolumeObject): void {
    switch (volume.spec?.persistentVolumeReclaimPolicy) {
      case 'Retain':
        return;
      case 'Recycle':
        // SIMPLIFICATION: no recycler pod; the scrub is instant.
        if (!this.isVolumeReleased(volume)) return;
        this.ctx.recorder.event(volume, 'Normal', 'VolumeRecycled', 'Volume recycled');
        this.unbindVolume(volume);
        return;
      case 'Delete':
        this.deleteVolumeOperation(volume);
        return;
      default:
        this.updateVolumePhaseWithEvent(volume, 'Failed', 'Warning', 'VolumeUnknownReclaimPolicy', 'Volume has unrecognized PersistentVolumeReclaimPolicy');
    }
  }

  /**
   * deleteVolumeOperation: a volume an external provisioner made is that provisioner's to delete (the
   * controller waits); a static hostPath under /tmp/ is deleted here; anything else fails.
   */
  private deleteVolumeOperation(volume: PersistentVolumeObject): void {
    if (volume.metadata.deletionTimestamp || !this.isVolumeReleased(volume)) return;
    const provisionedBy = volume.metadata.annotations?.[AnnDynamicallyProvisioned];
    if ((provisionedBy !== undefined && !provisionedBy.startsWith('kubernetes.io/')) || volume.spec?.csi) return;
    const err = this.deleteWithInTreePlugin(volume);
    if (err) {
      this.updateVolumePhaseWithEvent(volume, 'Failed', 'Warning', 'VolumeFailedDelete', err);
      return;
    }
    const res = this.ctx.client.delete(PV, undefined, volume.metadata.name ?? '');
    if (!res.ok && res.status.reason !== 'NotFound') throw new WriteFailed(res.status.message);
  }

  /** The in-tree deleters this simulator knows: hostPath, which only removes directories under /tmp/. */
  private deleteWithInTreePlugin(volume: PersistentVolumeObject): string | undefined {
    const hostPath = volume.spec?.hostPath;
    if (hostPath) {
      if (!/^\/tmp\/.+/.test(hostPath.path)) return `host_path deleter only supports /tmp/.+ but received provided ${hostPath.path}`;
      return undefined;
    }
    return `error getting deleter volume plugin for volume "${volume.metadata.name}": no deletable volume plugin matched`;
  }

  /** isVolumeReleased: its claim is gone (or re-created), or bound to another volume. */
  private isVolumeReleased(volume: PersistentVolumeObject): boolean {
    const ref = volume.spec?.claimRef;
    if (!ref?.uid) return false;
    const claim = this.claim(`${ref.namespace ?? 'default'}/${ref.name}`);
    if (claim && claim.metadata.uid === ref.uid) return !!claim.spec?.volumeName && claim.spec.volumeName !== volume.metadata.name;
    return true;
  }
}

/** checkVolumeSatisfyClaim: why a volume the claim names cannot serve it ('' when it can). */
export function checkVolumeSatisfyClaim(volume: PersistentVolumeObject, claim: PersistentVolumeClaimObject): string {
  if (volume.metadata.deletionTimestamp) return `the volume is marked for deletion "${volume.metadata.name}"`;
  if (volumeCapacityBytes(volume) < claimRequestBytes(claim)) return 'requested PV is too small';
  if (getPersistentVolumeClass(volume) !== getPersistentVolumeClaimClass(claim)) return 'storageClassName does not match';
  if (volumeModeMismatches(claim, volume)) return 'incompatible volumeMode';
  if (!checkAccessModes(claim, volume)) return 'incompatible accessMode';
  return '';
}
