// rancher.io/local-path: the provisioner kind clusters ship with their default StorageClass. For a
// claim the PV controller handed to it (the storage-provisioner annotation) and the scheduler placed
// (the selected-node annotation), it creates a node-local hostPath volume under
// /var/local-path-provisioner/pvc-<uid>_<namespace>_<name>, pinned to that node by node affinity; it
// deletes the volumes it made once they are Released with reclaim policy Delete.
// UPSTREAM: rancher/local-path-provisioner provisioner.go (Provision, Delete, createPV),
//           sigs.k8s.io/sig-storage-lib-external-provisioner controller/controller.go
// SIMPLIFICATION: runs in the control plane, not as the local-path-provisioner pod in
// local-path-storage; its helper pods (mkdir, rm -rf) are a fixed delay; wording of its own errors
// is unverified.

import type { Node } from 'kubernetes-types/core/v1';
import type { KubeObject, ObjectKey } from '../../../api/meta';
import { resourceForKind } from '../../../api/resources';
import {
  AnnBetaStorageProvisioner, AnnDynamicallyProvisioned, AnnSelectedNode, AnnStorageProvisioner, claimKey, claimReference,
  getPersistentVolumeClaimClass, ReadWriteOnce, ReadWriteOncePod,
  type PersistentVolumeClaimObject, type PersistentVolumeObject, type StorageClassObject,
} from '../../../api/volume';
import type { Informer, SharedInformerFactory } from '../../../client/informer';
import type { WorkQueue } from '../../../client/workqueue';
import type { JsonValue } from '../../../sim/clock';
import { fnv1a32, safeEncode } from '../../../sim/rng';
import type { Controller, ControllerContext, SyncResult } from '../../types';
import { DONE } from '../../types';

export const LOCAL_PATH_PROVISIONER = 'rancher.io/local-path';
/** The node the volume lives on, as the provisioner records it. */
export const AnnLocalPathSelectedNode = 'local.path.provisioner/selected-node';
export const LOCAL_PATH_ROOT = '/var/local-path-provisioner';
/** How long its helper pod takes to create (or remove) the directory on the node. */
export const HELPER_POD_MS = 2_000;
/** After a failure the library retries with back-off; here every 15 s (a background re-check). */
const RETRY_MS = 15_000;

const PV = resourceForKind('PersistentVolume')!;

type NodeObject = Node & KubeObject;

/**
 * The identity its events carry as their source: `<provisioner>_<pod name>_<uuid>`, derived from the
 * cluster's seed so it is stable across snapshots, e.g.
 * `rancher.io/local-path_local-path-provisioner-7dc846544d-x2v4q_4b1c...`.
 */
export function localPathProvisionerIdentity(seed: number): string {
  const hex = (s: string) => (fnv1a32(s) >>> 0).toString(16).padStart(8, '0');
  const rs = safeEncode(String(fnv1a32(`local-path/rs/${seed}`))).slice(0, 10);
  const pod = safeEncode(String(fnv1a32(`local-path/pod/${seed}`))).slice(0, 5);
  const h = hex(`a${seed}`) + hex(`b${seed}`) + hex(`c${seed}`) + hex(`d${seed}`);
  const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return `${LOCAL_PATH_PROVISIONER}_local-path-provisioner-${rs}-${pod}_${uuid}`;
}

interface State {
  /** claim uid -> sim ms its helper pod started (provisioning in progress) */
  provisioning: Record<string, number>;
  /** volume name -> sim ms its delete helper pod started */
  deleting: Record<string, number>;
}

const CLAIM = 'claim:';
const VOLUME = 'volume:';

export class LocalPathProvisioner implements Controller {
  readonly name = 'local-path-provisioner';
  readonly queue: WorkQueue;
  private claims!: Informer<PersistentVolumeClaimObject>;
  private volumes!: Informer<PersistentVolumeObject>;
  private classes!: Informer<StorageClassObject>;
  private nodes!: Informer<NodeObject>;
  private readonly state: State;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
    const saved = ctx.state as unknown as State | undefined;
    this.state = { provisioning: { ...(saved?.provisioning ?? {}) }, deleting: { ...(saved?.deleting ?? {}) } };
  }

  start(informers: SharedInformerFactory): void {
    this.claims = informers.informerFor<PersistentVolumeClaimObject>('persistentvolumeclaims');
    this.volumes = informers.informerFor<PersistentVolumeObject>('persistentvolumes');
    this.classes = informers.informerFor<StorageClassObject>('storageclasses');
    this.nodes = informers.informerFor<NodeObject>('nodes');
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
    if ((ann[AnnStorageProvisioner] ?? ann[AnnBetaStorageProvisioner]) !== LOCAL_PATH_PROVISIONER) return undefined;
    const sc = this.classes.get(getPersistentVolumeClaimClass(claim));
    if (sc?.provisioner !== LOCAL_PATH_PROVISIONER) return undefined;
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
      return { kind: 'requeueAfter', delayMs: HELPER_POD_MS };
    }
    if (now < started + HELPER_POD_MS) return { kind: 'requeueAfter', delayMs: started + HELPER_POD_MS - now };
    delete this.state.provisioning[uid];
    const err = this.checkProvisionable(claim);
    if (err) return this.provisioningFailed(claim, sc, err);
    const res = this.ctx.client.create(this.volumeFor(claim, sc, pvName));
    if (!res.ok && res.status.reason !== 'AlreadyExists') return this.provisioningFailed(claim, sc, res.status.message);
    this.ctx.recorder.event(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`);
    return DONE;
  }

  /** Provision's own checks: its access modes, and a node to put the directory on. */
  private checkProvisionable(claim: PersistentVolumeClaimObject): string | undefined {
    for (const mode of claim.spec?.accessModes ?? []) {
      if (mode !== ReadWriteOnce && mode !== ReadWriteOncePod) return `Only support ReadWriteOnce and ReadWriteOncePod access modes, got ${mode}`;
    }
    const node = claim.metadata.annotations?.[AnnSelectedNode];
    if (node === undefined) return 'configuration error, no node was specified';
    if (!this.nodes.get(node)) return `nodes "${node}" not found`;
    return undefined;
  }

  /**
   * A provisioning that will not succeed as asked: say why and, for a claim the scheduler placed,
   * drop the selected node so it can choose again (the library's rescheduleProvisioning).
   */
  private provisioningFailed(claim: PersistentVolumeClaimObject, sc: StorageClassObject, err: string): SyncResult {
    this.ctx.recorder.event(claim, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${sc.metadata.name}": ${err}`);
    const ann = claim.metadata.annotations ?? {};
    if (ann[AnnSelectedNode] !== undefined) {
      const { [AnnSelectedNode]: _n, ...rest } = ann;
      this.ctx.client.update({ ...claim, metadata: { ...claim.metadata, annotations: rest } });
    }
    return { kind: 'requeueAfter', delayMs: RETRY_MS, background: true };
  }

  /** createPV: a hostPath directory on the selected node, pinned there, sized as the claim asks. */
  private volumeFor(claim: PersistentVolumeClaimObject, sc: StorageClassObject, pvName: string): PersistentVolumeObject {
    const node = claim.metadata.annotations?.[AnnSelectedNode] ?? '';
    return {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {
        name: pvName,
        annotations: { [AnnLocalPathSelectedNode]: node, [AnnDynamicallyProvisioned]: LOCAL_PATH_PROVISIONER },
      },
      spec: {
        accessModes: claim.spec?.accessModes,
        capacity: { storage: claim.spec?.resources?.requests?.storage ?? '0' },
        claimRef: claimReference(claim),
        hostPath: { path: `${LOCAL_PATH_ROOT}/${pvName}_${claim.metadata.namespace}_${claim.metadata.name}`, type: 'DirectoryOrCreate' },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
        persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
        storageClassName: sc.metadata.name,
        volumeMode: 'Filesystem',
      },
    };
  }

  /** Delete: a Released volume it made, with reclaim policy Delete: remove the directory, then the object. */
  private syncVolume(name: string): SyncResult {
    const pv = this.volumes.get(name);
    const mine = pv && pv.metadata.annotations?.[AnnDynamicallyProvisioned] === LOCAL_PATH_PROVISIONER;
    if (!pv || !mine || pv.status?.phase !== 'Released' || pv.spec?.persistentVolumeReclaimPolicy !== 'Delete' || pv.metadata.deletionTimestamp) {
      delete this.state.deleting[name];
      return DONE;
    }
    const now = this.ctx.now();
    const started = this.state.deleting[name];
    if (started === undefined) {
      this.state.deleting[name] = now;
      return { kind: 'requeueAfter', delayMs: HELPER_POD_MS };
    }
    if (now < started + HELPER_POD_MS) return { kind: 'requeueAfter', delayMs: started + HELPER_POD_MS - now };
    delete this.state.deleting[name];
    const res = this.ctx.client.delete(PV, undefined, name);
    if (!res.ok && res.status.reason !== 'NotFound') return { kind: 'retry', reason: res.status.message };
    return DONE;
  }
}
