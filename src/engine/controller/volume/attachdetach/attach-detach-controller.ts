// The attach/detach controller: the attach phase of a volume. For every pod bound to a node that uses
// a claim whose volume is an attachable CSI volume, the volume must be attached to that node (a
// VolumeAttachment the driver's external-attacher acts on); once no pod there uses it, it is detached
// (the object deleted). A ReadWriteOnce volume is attached to one node at a time: a second node waits,
// with a Multi-Attach error on its pods, until the first detach.
// UPSTREAM: pkg/controller/volume/attachdetach/{attach_detach_controller.go,reconciler/reconciler.go,
//           cache/desired_state_of_world.go}, pkg/volume/csi/csi_attacher.go, pkg/volume/util/operationexecutor
// SIMPLIFICATION: one reconcile key for the whole world (the upstream reconciler is a 100 ms loop over
// both caches); a pod counts as unmounted once it is terminal or deleting with no container running
// (the kubelet's node.status.volumesInUse is not modelled); node.status.volumesAttached is not written.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject, ObjectKey } from '../../../api/meta';
import { resourceForKind } from '../../../api/resources';
import type { PersistentVolumeClaimObject, PersistentVolumeObject } from '../../../api/volume';
import {
  attachmentName, isAttachRequired, isMultiAttachAllowed, type CSIDriverObject, type VolumeAttachmentObject,
} from '../../../api/volumeattachment';
import type { Informer, SharedInformerFactory } from '../../../client/informer';
import type { WorkQueue } from '../../../client/workqueue';
import type { JsonValue } from '../../../sim/clock';
import type { Controller, ControllerContext, SyncResult } from '../../types';
import { DONE } from '../../types';

/** maxWaitForUnmountDuration: how long a volume still in use on an unreachable node is kept attached. */
export const MAX_WAIT_FOR_UNMOUNT_MS = 6 * 60_000;
/** The taint that says a node is shut down for good: its volumes detach at once. */
export const OUT_OF_SERVICE_TAINT = 'node.kubernetes.io/out-of-service';

const VA = resourceForKind('VolumeAttachment')!;
const KEY = 'reconcile';

type PodObject = Pod & KubeObject;
type NodeObject = Node & KubeObject;

/** One volume wanted on one node, and the pods there that want it (desired state of the world). */
interface VolumeToAttach {
  pv: PersistentVolumeObject;
  nodeName: string;
  pods: PodObject[];
}

interface State {
  /** attachment name -> its SuccessfulAttachVolume event was recorded */
  reported: Record<string, true>;
  /** `<pv>/<node>` -> its Multi-Attach error was reported (once, as upstream's SetMultiAttachError) */
  multiAttachReported: Record<string, true>;
  /** attachment name -> sim ms its volume left the desired state while the node was unreachable */
  detachRequested: Record<string, number>;
}

/** IsPodTerminated as the desired-state populator uses it: terminal, or deleting with nothing running. */
export function isPodTerminated(pod: Pod & KubeObject): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return true;
  if (!pod.metadata.deletionTimestamp) return false;
  return !(pod.status?.containerStatuses ?? []).some((s) => s.state?.running !== undefined);
}

function isNodeReachable(node: NodeObject | undefined): boolean {
  return node?.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
}

/** GenerateMsg: `<prefix> for volume "<pv>" <suffix>`. */
function volumeMsg(prefix: string, pvName: string, suffix: string): string {
  return `${prefix} for volume "${pvName}" ${suffix}`;
}

export class AttachDetachController implements Controller {
  readonly name = 'attachdetach-controller';
  readonly queue: WorkQueue;
  private pods!: Informer<PodObject>;
  private nodes!: Informer<NodeObject>;
  private claims!: Informer<PersistentVolumeClaimObject>;
  private volumes!: Informer<PersistentVolumeObject>;
  private drivers!: Informer<CSIDriverObject>;
  private attachments!: Informer<VolumeAttachmentObject>;
  private readonly state: State;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
    const saved = ctx.state as unknown as Partial<State> | undefined;
    this.state = {
      reported: { ...(saved?.reported ?? {}) },
      multiAttachReported: { ...(saved?.multiAttachReported ?? {}) },
      detachRequested: { ...(saved?.detachRequested ?? {}) },
    };
  }

  start(informers: SharedInformerFactory): void {
    this.pods = informers.informerFor<PodObject>('pods');
    this.nodes = informers.informerFor<NodeObject>('nodes');
    this.claims = informers.informerFor<PersistentVolumeClaimObject>('persistentvolumeclaims');
    this.volumes = informers.informerFor<PersistentVolumeObject>('persistentvolumes');
    this.drivers = informers.informerFor<CSIDriverObject>('csidrivers');
    this.attachments = informers.informerFor<VolumeAttachmentObject>('volumeattachments');
    const enqueue = () => this.queue.add(KEY);
    // Pods matter only once bound to a node; nodes only when they change readiness or taints.
    this.pods.addEventHandler({ add: (p) => { if (p.spec?.nodeName) enqueue(); }, update: (_o, p) => { if (p.spec?.nodeName) enqueue(); }, delete: enqueue });
    this.nodes.addEventHandler({
      add: enqueue,
      update: (o, n) => {
        if (isNodeReachable(o) !== isNodeReachable(n) || JSON.stringify(o.spec?.taints ?? []) !== JSON.stringify(n.spec?.taints ?? [])) enqueue();
      },
      delete: enqueue,
    });
    for (const inf of [this.claims, this.volumes, this.drivers, this.attachments] as Array<Informer<KubeObject>>) {
      inf.addEventHandler({ add: enqueue, update: enqueue, delete: enqueue });
    }
  }

  save(): JsonValue {
    return { reported: { ...this.state.reported }, multiAttachReported: { ...this.state.multiAttachReported }, detachRequested: { ...this.state.detachRequested } };
  }

  /** The desired state of the world: attachable volumes by `<pv>/<node>`, in pod order. */
  desiredStateOfWorld(): Map<string, VolumeToAttach> {
    const out = new Map<string, VolumeToAttach>();
    for (const pod of this.pods.list()) {
      const nodeName = pod.spec?.nodeName;
      if (!nodeName || isPodTerminated(pod)) continue;
      const ns = pod.metadata.namespace ?? 'default';
      for (const v of pod.spec?.volumes ?? []) {
        const claimName = v.persistentVolumeClaim?.claimName;
        if (!claimName) continue;
        const pvc = this.claims.get(`${ns}/${claimName}`);
        const pv = pvc?.spec?.volumeName ? this.volumes.get(pvc.spec.volumeName) : undefined;
        if (!pv || pvc?.status?.phase !== 'Bound' || !isAttachRequired(pv, (n) => this.drivers.get(n))) continue;
        const key = `${pv.metadata.name}/${nodeName}`;
        const entry = out.get(key) ?? { pv, nodeName, pods: [] };
        if (!entry.pods.includes(pod)) entry.pods.push(pod);
        out.set(key, entry);
      }
    }
    return out;
  }

  sync(_key: ObjectKey): SyncResult {
    const desired = this.desiredStateOfWorld();
    const now = this.ctx.now();
    let wakeAt = Infinity;
    const attachments = this.attachments.list().filter((va) => va.spec?.source?.persistentVolumeName);
    // Detach first: a volume leaving one node frees it for another (the reconciler's order).
    for (const va of attachments) {
      const name = va.metadata.name ?? '';
      const key = `${va.spec!.source!.persistentVolumeName}/${va.spec!.nodeName}`;
      if (desired.has(key) || va.metadata.deletionTimestamp) {
        delete this.state.detachRequested[name];
        continue;
      }
      const node = this.nodes.get(va.spec!.nodeName);
      const outOfService = (node?.spec?.taints ?? []).some((t) => t.key === OUT_OF_SERVICE_TAINT);
      if (node && !isNodeReachable(node) && !outOfService) {
        // The kubelet cannot say it unmounted: wait maxWaitForUnmountDuration, then force the detach.
        const since = this.state.detachRequested[name] ?? now;
        this.state.detachRequested[name] = since;
        if (now < since + MAX_WAIT_FOR_UNMOUNT_MS) {
          wakeAt = Math.min(wakeAt, since + MAX_WAIT_FOR_UNMOUNT_MS);
          continue;
        }
      }
      delete this.state.detachRequested[name];
      delete this.state.reported[name];
      const res = this.ctx.client.delete(VA, undefined, name);
      if (!res.ok && res.status.reason !== 'NotFound') return { kind: 'retry', reason: res.status.message };
    }
    const live = this.attachments.list().filter((va) => va.spec?.source?.persistentVolumeName);
    for (const [key, want] of desired) {
      const pvName = want.pv.metadata.name ?? '';
      const csi = want.pv.spec!.csi!;
      const name = attachmentName(csi.volumeHandle, csi.driver, want.nodeName);
      const existing = this.attachments.get(name);
      if (existing) {
        delete this.state.multiAttachReported[key];
        if (existing.status?.attached && !existing.metadata.deletionTimestamp && !this.state.reported[name]) {
          // The attach operation finished: every pod waiting for it hears so.
          this.state.reported[name] = true;
          const msg = volumeMsg('AttachVolume.Attach succeeded', pvName, '').trimEnd();
          for (const pod of want.pods) this.ctx.recorder.event(pod, 'Normal', 'SuccessfulAttachVolume', msg);
        }
        continue;
      }
      const otherNodes = live.filter((va) => va.spec?.source?.persistentVolumeName === pvName && va.spec.nodeName !== want.nodeName).map((va) => va.spec.nodeName);
      if (otherNodes.length > 0 && !isMultiAttachAllowed(want.pv)) {
        if (!this.state.multiAttachReported[key]) {
          this.state.multiAttachReported[key] = true;
          this.reportMultiAttachError(want, otherNodes, desired);
        }
        continue;
      }
      delete this.state.multiAttachReported[key];
      const va: VolumeAttachmentObject = {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'VolumeAttachment',
        metadata: { name, annotations: { 'csi.alpha.kubernetes.io/node-id': want.nodeName } },
        spec: { attacher: csi.driver, nodeName: want.nodeName, source: { persistentVolumeName: pvName } },
      };
      const res = this.ctx.client.create(va);
      if (!res.ok && res.status.reason !== 'AlreadyExists') return { kind: 'retry', reason: res.status.message };
    }
    for (const key of Object.keys(this.state.multiAttachReported)) if (!desired.has(key)) delete this.state.multiAttachReported[key];
    return wakeAt === Infinity ? DONE : { kind: 'requeueAfter', delayMs: wakeAt - now };
  }

  /**
   * reportMultiAttachError: tell each waiting pod who holds the volume. Pods of its own namespace are
   * named; pods elsewhere are only counted; when no pod wants the volume on the other node any more
   * (it is still attached there), the simple message.
   */
  private reportMultiAttachError(want: VolumeToAttach, otherNodes: string[], desired: Map<string, VolumeToAttach>): void {
    const pvName = want.pv.metadata.name ?? '';
    const holders: PodObject[] = [];
    for (const node of otherNodes) holders.push(...(desired.get(`${pvName}/${node}`)?.pods ?? []));
    for (const pod of want.pods) {
      let suffix: string;
      if (holders.length === 0) {
        suffix = "Volume is already exclusively attached to one node and can't be attached to another";
      } else {
        const local = holders.filter((p) => p.metadata.namespace === pod.metadata.namespace).map((p) => p.metadata.name ?? '');
        const others = holders.length - local.length;
        if (local.length > 0) {
          suffix = `Volume is already used by pod(s) ${local.join(', ')}`;
          if (others > 0) suffix += ` and ${others} pod(s) in different namespaces`;
        } else {
          suffix = `Volume is already used by ${others} pod(s) in different namespaces`;
        }
      }
      this.ctx.recorder.event(pod, 'Warning', 'FailedAttachVolume', volumeMsg('Multi-Attach error', pvName, suffix));
    }
  }
}
