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
import type { KubeObject } from '../../../api/meta';
import {
  AnnDynamicallyProvisioned, AnnSelectedNode, claimReference, ReadWriteOnce, ReadWriteOncePod,
  type PersistentVolumeClaimObject, type PersistentVolumeObject, type StorageClassObject,
} from '../../../api/volume';
import type { Informer, SharedInformerFactory } from '../../../client/informer';
import { fnv1a32, safeEncode } from '../../../sim/rng';
import type { ControllerContext, SyncResult } from '../../types';
import { ProvisionController } from '../provisioner/provision-controller';

export const LOCAL_PATH_PROVISIONER = 'rancher.io/local-path';
/** The node the volume lives on, as the provisioner records it. */
export const AnnLocalPathSelectedNode = 'local.path.provisioner/selected-node';
export const LOCAL_PATH_ROOT = '/var/local-path-provisioner';
/** How long its helper pod takes to create (or remove) the directory on the node. */
export const HELPER_POD_MS = 2_000;
/** After a failure the library retries with back-off; here every 15 s (a background re-check). */
const RETRY_MS = 15_000;

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

export class LocalPathProvisioner extends ProvisionController {
  readonly name = 'local-path-provisioner';
  private nodes!: Informer<NodeObject>;

  constructor(ctx: ControllerContext) {
    super(ctx, LOCAL_PATH_PROVISIONER, HELPER_POD_MS, HELPER_POD_MS);
  }

  override start(informers: SharedInformerFactory): void {
    super.start(informers);
    this.nodes = informers.informerFor<NodeObject>('nodes');
  }

  /** Provision's own checks: its access modes, and a node to put the directory on. */
  protected override checkProvisionable(claim: PersistentVolumeClaimObject): string | undefined {
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
  protected override provisioningFailed(claim: PersistentVolumeClaimObject, sc: StorageClassObject, err: string): SyncResult {
    this.ctx.recorder.event(claim, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${sc.metadata.name}": ${err}`);
    const ann = claim.metadata.annotations ?? {};
    if (ann[AnnSelectedNode] !== undefined) {
      const { [AnnSelectedNode]: _n, ...rest } = ann;
      this.ctx.client.update({ ...claim, metadata: { ...claim.metadata, annotations: rest } });
    }
    return { kind: 'requeueAfter', delayMs: RETRY_MS, background: true };
  }

  /** createPV: a hostPath directory on the selected node, pinned there, sized as the claim asks. */
  protected volumeFor(claim: PersistentVolumeClaimObject, sc: StorageClassObject, pvName: string): PersistentVolumeObject {
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
}
