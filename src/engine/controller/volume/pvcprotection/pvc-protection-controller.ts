// The PVC protection controller: a claim being deleted keeps its kubernetes.io/pvc-protection
// finalizer (and so stays Terminating) while a scheduled pod still uses it; then the finalizer goes
// and the API server deletes the claim. A claim without the finalizer gets it.
// UPSTREAM: pkg/controller/volume/pvcprotection/pvc_protection_controller.go
// SIMPLIFICATION: the informer is trusted (no live LIST when it finds no pod); no ephemeral volumes.

import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject, ObjectKey } from '../../../api/meta';
import { PVCProtectionFinalizer, claimKey, type PersistentVolumeClaimObject } from '../../../api/volume';
import type { Informer, SharedInformerFactory } from '../../../client/informer';
import type { WorkQueue } from '../../../client/workqueue';
import type { Controller, ControllerContext, SyncResult } from '../../types';
import { DONE } from '../../types';

type PodObject = Pod & KubeObject;

/** podUsesPVC: only a scheduled pod can use a claim (the kubelet refuses to start one on a deleting claim). */
export function podUsesPVC(pod: Pod, claimName: string): boolean {
  if (!pod.spec?.nodeName) return false;
  return (pod.spec.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === claimName);
}

export class PVCProtectionController implements Controller {
  readonly name = 'persistentvolumeclaim-protection-controller';
  readonly queue: WorkQueue;
  private claims!: Informer<PersistentVolumeClaimObject>;
  private pods!: Informer<PodObject>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
  }

  start(informers: SharedInformerFactory): void {
    this.claims = informers.informerFor<PersistentVolumeClaimObject>('persistentvolumeclaims');
    this.pods = informers.informerFor<PodObject>('pods');
    this.claims.addEventHandler({
      add: (c) => this.queue.add(claimKey(c)),
      update: (_o, c) => this.queue.add(claimKey(c)),
    });
    // A pod going away (or moving off a node) may free the claims it used.
    const enqueueClaims = (p: PodObject) => {
      for (const v of p.spec?.volumes ?? []) if (v.persistentVolumeClaim) this.queue.add(`${p.metadata.namespace ?? 'default'}/${v.persistentVolumeClaim.claimName}`);
    };
    this.pods.addEventHandler({ add: enqueueClaims, update: (_o, p) => enqueueClaims(p), delete: enqueueClaims });
  }

  sync(key: ObjectKey): SyncResult {
    const pvc = this.claims.get(key);
    if (!pvc) return DONE;
    const finalizers = pvc.metadata.finalizers ?? [];
    const has = finalizers.includes(PVCProtectionFinalizer);
    if (pvc.metadata.deletionTimestamp && has) {
      const used = this.pods.list(pvc.metadata.namespace).some((p) => podUsesPVC(p, pvc.metadata.name ?? ''));
      if (!used) return this.setFinalizers(pvc, finalizers.filter((f) => f !== PVCProtectionFinalizer));
      return DONE;
    }
    if (!pvc.metadata.deletionTimestamp && !has) return this.setFinalizers(pvc, [...finalizers, PVCProtectionFinalizer]);
    return DONE;
  }

  private setFinalizers(pvc: PersistentVolumeClaimObject, finalizers: string[]): SyncResult {
    const res = this.ctx.client.update({ ...pvc, metadata: { ...pvc.metadata, finalizers } });
    if (!res.ok && res.status.reason !== 'NotFound') return { kind: 'retry', reason: res.status.message };
    return DONE;
  }
}
