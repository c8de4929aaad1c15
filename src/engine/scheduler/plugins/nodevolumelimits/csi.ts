// NodeVolumeLimits: a node can attach only so many volumes of each CSI driver. The limit is the
// driver's allocatable count in the node's CSINode object (or a legacy `attachable-volumes-csi-<driver>`
// entry in node allocatable); the count is the distinct CSI volumes of the pods on the node plus the
// pod's new ones. Example: CSINode says ebs.csi.aws.com count 2, the node's pods use 2 EBS volumes, a
// pod with a third claim of that driver is rejected there ("node(s) exceed max volume count").
// UPSTREAM: pkg/scheduler/framework/plugins/nodevolumelimits/csi.go
// SIMPLIFICATION: no in-tree to CSI translation (in-tree volumes are not counted), no VolumeAttachment
// counting; the limit key is `attachable-volumes-csi-<driver>` without upstream's hash for long names.

import type { Pod } from 'kubernetes-types/core/v1';
import type { CSINodeObject, PersistentVolumeClaimObject, PersistentVolumeObject, StorageClassObject } from '../../../api/volume';
import { getPersistentVolumeClaimClass } from '../../../api/volume';
import { parseQuantity } from '../../../api/quantity';
import type { CycleState } from '../../framework/cycle-state';
import type { QueueingHintFn } from '../../framework/events';
import type { EnqueueExtensions, FilterPlugin, Handle, PreFilterPlugin } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import { SKIP, SUCCESS, unresolvable, unschedulable, type Status } from '../../framework/status';
import { names } from '../names';

export const Name = names.NodeVolumeLimits;
export const ErrReasonMaxVolumeCountExceeded = 'node(s) exceed max volume count';
export const CSI_ATTACH_LIMIT_PREFIX = 'attachable-volumes-csi-';
/** Upstream draws a random prefix per scheduler so provisional handles never equal real ones. */
const PROVISIONAL_VOLUME_ID_PREFIX = 'unbound-volume';

export function csiAttachLimitKey(driver: string): string {
  return `${CSI_ATTACH_LIMIT_PREFIX}${driver}`;
}

export function newCSILimits(handle: Handle) {
  const get = <T>(resource: string, ns: string | undefined, name: string) => handle.objects().get(resource, ns, name) as T | undefined;

  /** getCSIDriverInfo: (driver, volume handle) of a claim; an unbound claim counts by its class's provisioner. */
  function csiDriverInfo(pvc: PersistentVolumeClaimObject): [string, string] | undefined {
    const fromClass = (): [string, string] | undefined => {
      const cls = getPersistentVolumeClaimClass(pvc);
      if (!cls) return undefined;
      const sc = get<StorageClassObject>('storageclasses', undefined, cls);
      if (!sc) return undefined;
      return [sc.provisioner, `${PROVISIONAL_VOLUME_ID_PREFIX}-${pvc.metadata.namespace}/${pvc.metadata.name}`];
    };
    const pvName = pvc.spec?.volumeName;
    if (!pvName) return fromClass();
    const pv = get<PersistentVolumeObject>('persistentvolumes', undefined, pvName);
    if (!pv) return fromClass();
    const csi = pv.spec?.csi;
    return csi ? [csi.driver, csi.volumeHandle] : undefined;
  }

  /** filterAttachableVolumes: unique volume name -> limit key. A missing claim fails a new pod only. */
  function attachableVolumes(pod: Pod, newPod: boolean, into: Map<string, string>): string | undefined {
    const ns = pod.metadata?.namespace ?? 'default';
    for (const v of pod.spec?.volumes ?? []) {
      const name = v.persistentVolumeClaim?.claimName;
      if (name === undefined) continue;
      const pvc = get<PersistentVolumeClaimObject>('persistentvolumeclaims', ns, name);
      if (!pvc) {
        if (newPod) return `looking up PVC ${ns}/${name}: persistentvolumeclaim "${name}" not found`;
        continue;
      }
      const info = csiDriverInfo(pvc);
      if (!info || !info[0] || !info[1]) continue;
      into.set(`${info[0]}/${info[1]}`, csiAttachLimitKey(info[0]));
    }
    return undefined;
  }

  /** getVolumeLimits: node allocatable's attachable-volumes-* entries, overridden by CSINode counts. */
  function volumeLimits(nodeInfo: NodeInfo, csiNode: CSINodeObject | undefined): Map<string, number> {
    const limits = new Map<string, number>();
    for (const [k, q] of Object.entries(nodeInfo.node.status?.allocatable ?? {})) {
      if (k.startsWith('attachable-volumes-')) limits.set(k, parseQuantity(q) ?? 0);
    }
    for (const d of csiNode?.spec?.drivers ?? []) {
      if (d.allocatable?.count !== undefined) limits.set(csiAttachLimitKey(d.name), d.allocatable.count);
    }
    return limits;
  }

  return {
    name: Name,

    preFilter(_state: CycleState, pod: Pod): Status {
      return (pod.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim || v.ephemeral) ? SUCCESS : SKIP;
    },

    filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
      if ((pod.spec?.volumes ?? []).length === 0) return SUCCESS;
      const csiNode = get<CSINodeObject>('csinodes', undefined, nodeInfo.name);
      const newVolumes = new Map<string, string>();
      const err = attachableVolumes(pod, true, newVolumes);
      if (err) return unresolvable(err);
      if (newVolumes.size === 0) return SUCCESS;
      const limits = volumeLimits(nodeInfo, csiNode);
      if (limits.size === 0) return SUCCESS;
      const attached = new Map<string, string>();
      for (const pi of nodeInfo.pods) attachableVolumes(pi.pod, false, attached);
      const attachedCount = new Map<string, number>();
      for (const [unique, key] of attached) {
        // A volume several pods share counts once.
        newVolumes.delete(unique);
        attachedCount.set(key, (attachedCount.get(key) ?? 0) + 1);
      }
      const newCount = new Map<string, number>();
      for (const key of newVolumes.values()) newCount.set(key, (newCount.get(key) ?? 0) + 1);
      for (const [key, count] of newCount) {
        const max = limits.get(key);
        if (max !== undefined && (attachedCount.get(key) ?? 0) + count > max) {
          return unschedulable(ErrReasonMaxVolumeCountExceeded, `${key}: ${attachedCount.get(key) ?? 0} attached + ${count} new > ${max}`);
        }
      }
      return SUCCESS;
    },

    eventsToRegister() {
      const podDeleted: QueueingHintFn = (_pod, oldObj) => {
        const deleted = oldObj as Pod;
        if (!deleted.spec?.nodeName) return 'QueueSkip';
        return (deleted.spec.volumes ?? []).some((v) => v.persistentVolumeClaim || v.ephemeral) ? 'Queue' : 'QueueSkip';
      };
      const claimAdded: QueueingHintFn = (pod, _old, newObj) => {
        const pvc = newObj as PersistentVolumeClaimObject;
        if ((pvc.metadata.namespace ?? 'default') !== (pod.metadata?.namespace ?? 'default')) return 'QueueSkip';
        return (pod.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name) ? 'Queue' : 'QueueSkip';
      };
      return [
        { event: 'CSINodeAdd' as const },
        { event: 'AssignedPodDelete' as const, hint: podDeleted },
        { event: 'PersistentVolumeClaimAdd' as const, hint: claimAdded },
      ];
    },
  } satisfies PreFilterPlugin & FilterPlugin & EnqueueExtensions;
}
