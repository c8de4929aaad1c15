// The external-provisioner sidecar of the simulated network-disk driver (disk.csi.kube-sandbox.dev):
// for a claim the PV controller handed to the driver (the storage-provisioner annotation), placed by
// the scheduler when its class waits for the first consumer, it creates a CSI PersistentVolume (a
// new volumeHandle, the claim's size and access modes); it deletes the volumes it made once they are
// Released with reclaim policy Delete.
// UPSTREAM: kubernetes-csi/external-provisioner pkg/controller/controller.go (Provision, Delete),
//           sigs.k8s.io/sig-storage-lib-external-provisioner controller/controller.go
// SIMPLIFICATION: CreateVolume and DeleteVolume take a fixed delay and never fail; no topology (a
// network disk reaches every node); no external-provisioner.volume.kubernetes.io/finalizer on the PV.

import type { KubeObject, ObjectKey } from '../../../api/meta';
import { resourceForKind } from '../../../api/resources';
import {
  AnnBetaStorageProvisioner, AnnDynamicallyProvisioned, AnnSelectedNode, AnnStorageProvisioner, claimKey, claimReference,
  getPersistentVolumeClaimClass, type PersistentVolumeClaimObject, type PersistentVolumeObject, type StorageClassObject,
} from '../../../api/volume';
import { SANDBOX_DISK_DRIVER } from '../../../api/volumeattachment';
import type { Informer, SharedInformerFactory } from '../../../client/informer';
import type { WorkQueue } from '../../../client/workqueue';
import { stableHex, stableUuid } from '../../../linux/hash';
import type { JsonValue } from '../../../sim/clock';
import type { Controller, ControllerContext, SyncResult } from '../../types';
import { DONE } from '../../types';

/** How long the driver's CreateVolume / DeleteVolume call takes. */
export const CREATE_VOLUME_MS = 1_500;
export const DELETE_VOLUME_MS = 1_000;
/** volumeAttributes key the sidecar stamps on every volume it creates. */
export const AnnProvisionerIdentity = 'storage.kubernetes.io/csiProvisionerIdentity';

const PV = resourceForKind('PersistentVolume')!;

/** The identity events carry: `<driver>_<controller pod>_<uuid>`, stable for a seed. */
export function diskControllerIdentity(seed: number): string {
  return `${SANDBOX_DISK_DRIVER}_disk-csi-controller-${stableHex(`disk-csi/pod/${seed}`, 10)}-${stableHex(`disk-csi/rs/${seed}`, 5)}_${stableUuid(`disk-csi/${seed}`)}`;
}

/** The volume handle the simulated backend gives a claim's disk (`vol-` and 17 hex, as cloud disks look). */
export function volumeHandleFor(claimUid: string): string {
  return `vol-${stableHex(`disk/${claimUid}`, 17)}`;
}

interface State {
  /** claim uid -> sim ms CreateVolume started */
  provisioning: Record<string, number>;
  /** volume name -> sim ms DeleteVolume started */
  deleting: Record<string, number>;
}

const CLAIM = 'claim:';
const VOLUME = 'volume:';

export class CSIExternalProvisioner implements Controller {
  readonly name: string = 'csi-provisioner';
  readonly queue: WorkQueue;
  private claims!: Informer<PersistentVolumeClaimObject>;
  private volumes!: Informer<PersistentVolumeObject>;
  private classes!: Informer<StorageClassObject>;
  private readonly state: State;

  constructor(protected readonly ctx: ControllerContext, readonly driver: string = SANDBOX_DISK_DRIVER) {
    this.queue = ctx.queue;
    const saved = ctx.state as unknown as State | undefined;
    this.state = { provisioning: { ...(saved?.provisioning ?? {}) }, deleting: { ...(saved?.deleting ?? {}) } };
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

  /** shouldProvision: unbound, handed to this driver, of its class, and placed when the class waits. */
  private shouldProvision(claim: PersistentVolumeClaimObject): StorageClassObject | undefined {
    if (claim.spec?.volumeName || claim.metadata.deletionTimestamp) return undefined;
    const ann = claim.metadata.annotations ?? {};
    if ((ann[AnnStorageProvisioner] ?? ann[AnnBetaStorageProvisioner]) !== this.driver) return undefined;
    const sc = this.classes.get(getPersistentVolumeClaimClass(claim));
    if (sc?.provisioner !== this.driver) return undefined;
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
      this.state.provisioning[uid] = now;
      return { kind: 'requeueAfter', delayMs: CREATE_VOLUME_MS };
    }
    if (now < started + CREATE_VOLUME_MS) return { kind: 'requeueAfter', delayMs: started + CREATE_VOLUME_MS - now };
    delete this.state.provisioning[uid];
    const res = this.ctx.client.create(this.volumeFor(claim, sc, pvName));
    if (!res.ok && res.status.reason !== 'AlreadyExists') {
      this.ctx.recorder.event(claim, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${sc.metadata.name}": ${res.status.message}`);
      return { kind: 'retry', reason: res.status.message };
    }
    this.ctx.recorder.event(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`);
    return DONE;
  }

  /** The PersistentVolume for a new disk: CSI source, the claim's size and modes, pre-bound to it. */
  protected volumeFor(claim: PersistentVolumeClaimObject, sc: StorageClassObject, pvName: string): KubeObject {
    const pv: PersistentVolumeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: pvName, annotations: { [AnnDynamicallyProvisioned]: this.driver, 'volume.kubernetes.io/provisioner-deletion-secret-name': '', 'volume.kubernetes.io/provisioner-deletion-secret-namespace': '' } },
      spec: {
        accessModes: claim.spec?.accessModes,
        capacity: { storage: claim.spec?.resources?.requests?.storage ?? '0' },
        claimRef: claimReference(claim),
        csi: {
          driver: this.driver,
          fsType: 'ext4',
          volumeHandle: volumeHandleFor(claim.metadata.uid ?? ''),
          volumeAttributes: { [AnnProvisionerIdentity]: `0-8081-${this.driver}`, ...(sc.parameters ?? {}) },
        },
        persistentVolumeReclaimPolicy: (sc.reclaimPolicy ?? 'Delete'),
        storageClassName: sc.metadata.name,
        volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
      },
    };
    return pv;
  }

  /** Delete: a Released volume it made, with reclaim policy Delete: DeleteVolume, then the object. */
  private syncVolume(name: string): SyncResult {
    const pv = this.volumes.get(name);
    const mine = pv && pv.metadata.annotations?.[AnnDynamicallyProvisioned] === this.driver;
    if (!pv || !mine || pv.status?.phase !== 'Released' || pv.spec?.persistentVolumeReclaimPolicy !== 'Delete' || pv.metadata.deletionTimestamp) {
      delete this.state.deleting[name];
      return DONE;
    }
    const now = this.ctx.now();
    const started = this.state.deleting[name];
    if (started === undefined) {
      this.state.deleting[name] = now;
      return { kind: 'requeueAfter', delayMs: DELETE_VOLUME_MS };
    }
    if (now < started + DELETE_VOLUME_MS) return { kind: 'requeueAfter', delayMs: started + DELETE_VOLUME_MS - now };
    delete this.state.deleting[name];
    const res = this.ctx.client.delete(PV, undefined, name);
    if (!res.ok && res.status.reason !== 'NotFound') return { kind: 'retry', reason: res.status.message };
    return DONE;
  }
}
