// VolumeRestrictions: volumes two pods cannot share. A ReadWriteOncePod claim already used by a
// scheduled pod anywhere rejects the pod on every node (preemption of that pod might help); the same
// GCE PD, AWS EBS, iSCSI or RBD disk mounted read-write by a pod on the node is a disk conflict.
// UPSTREAM: pkg/scheduler/framework/plugins/volumerestrictions/volume_restrictions.go
// SIMPLIFICATION: no PreFilter AddPod/RemovePod (the framework has none), so preemption's dry run
// does not see victims release a ReadWriteOncePod claim.

import type { Pod, Volume } from 'kubernetes-types/core/v1';
import { ReadWriteOncePod, type PersistentVolumeClaimObject } from '../../../api/volume';
import type { CycleState } from '../../framework/cycle-state';
import type { QueueingHintFn } from '../../framework/events';
import type { EnqueueExtensions, FilterPlugin, Handle, PreFilterPlugin } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import { asError, SKIP, SUCCESS, unresolvable, unschedulable, type Status } from '../../framework/status';
import { names } from '../names';

export const Name = names.VolumeRestrictions;
const STATE_KEY = `PreFilter${Name}`;

export const ErrReasonDiskConflict = 'node(s) had no available disk';
export const ErrReasonReadWriteOncePodConflict = 'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';

interface PreFilterState {
  /** names of the pod's claims with the ReadWriteOncePod access mode */
  readWriteOncePodPVCs: ReadonlySet<string>;
  /** how many of them a scheduled pod already uses */
  conflictingPVCRefCount: number;
}

function needsRestrictionsCheck(v: Volume): boolean {
  return !!(v.gcePersistentDisk || v.awsElasticBlockStore || v.rbd || v.iscsi);
}

function haveOverlap(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const s = new Set(a ?? []);
  return (b ?? []).some((x) => s.has(x));
}

/** isVolumeConflict: the same disk, and not every user mounts it read-only (EBS: any second user). */
export function isVolumeConflict(volume: Volume, pod: Pod): boolean {
  for (const ev of pod.spec?.volumes ?? []) {
    if (volume.gcePersistentDisk && ev.gcePersistentDisk && volume.gcePersistentDisk.pdName === ev.gcePersistentDisk.pdName &&
      !(volume.gcePersistentDisk.readOnly && ev.gcePersistentDisk.readOnly)) return true;
    if (volume.awsElasticBlockStore && ev.awsElasticBlockStore && volume.awsElasticBlockStore.volumeID === ev.awsElasticBlockStore.volumeID) return true;
    if (volume.iscsi && ev.iscsi && volume.iscsi.iqn === ev.iscsi.iqn && !(volume.iscsi.readOnly && ev.iscsi.readOnly)) return true;
    if (volume.rbd && ev.rbd && haveOverlap(volume.rbd.monitors, ev.rbd.monitors) && (volume.rbd.pool ?? 'rbd') === (ev.rbd.pool ?? 'rbd') &&
      volume.rbd.image === ev.rbd.image && !(volume.rbd.readOnly && ev.rbd.readOnly)) return true;
  }
  return false;
}

function satisfyVolumeConflicts(pod: Pod, nodeInfo: NodeInfo): boolean {
  for (const v of pod.spec?.volumes ?? []) {
    if (!needsRestrictionsCheck(v)) continue;
    for (const pi of nodeInfo.pods) if (isVolumeConflict(v, pi.pod)) return false;
  }
  return true;
}

export function newVolumeRestrictions(handle: Handle) {
  /** readWriteOncePodPVCsForPod: a missing claim is an error the pod cannot get past. */
  function readWriteOncePodPVCs(pod: Pod): Set<string> | string {
    const out = new Set<string>();
    const ns = pod.metadata?.namespace ?? 'default';
    for (const v of pod.spec?.volumes ?? []) {
      const name = v.persistentVolumeClaim?.claimName;
      if (name === undefined) continue;
      const pvc = handle.objects().get('persistentvolumeclaims', ns, name) as PersistentVolumeClaimObject | undefined;
      if (!pvc) return `persistentvolumeclaim "${name}" not found`;
      if ((pvc.spec?.accessModes ?? []).includes(ReadWriteOncePod)) out.add(name);
    }
    return out;
  }

  /** IsPVCUsedByPods: some pod the scheduler counts on a node (bound or assumed) uses the claim. */
  function isPVCUsedByPods(namespace: string, claim: string): boolean {
    for (const ni of handle.snapshotSharedLister().list()) {
      for (const pi of ni.pods) {
        if ((pi.pod.metadata?.namespace ?? 'default') !== namespace) continue;
        if ((pi.pod.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === claim)) return true;
      }
    }
    return false;
  }

  return {
    name: Name,

    preFilter(state: CycleState, pod: Pod): Status {
      const needsCheck = (pod.spec?.volumes ?? []).some(needsRestrictionsCheck);
      const pvcs = readWriteOncePodPVCs(pod);
      if (typeof pvcs === 'string') return unresolvable(pvcs);
      const ns = pod.metadata?.namespace ?? 'default';
      let conflicts = 0;
      for (const name of pvcs) if (isPVCUsedByPods(ns, name)) conflicts++;
      if (!needsCheck && conflicts === 0) return SKIP;
      state.write(STATE_KEY, { readWriteOncePodPVCs: pvcs, conflictingPVCRefCount: conflicts } satisfies PreFilterState);
      return SUCCESS;
    },

    filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
      if (!satisfyVolumeConflicts(pod, nodeInfo)) return unschedulable(ErrReasonDiskConflict);
      const s = state.read<PreFilterState>(STATE_KEY);
      if (!s) return asError(`cannot read "${STATE_KEY}" from cycleState`);
      // Unschedulable, not unresolvable: preempting the pod that holds the claim would help.
      if (s.conflictingPVCRefCount > 0) return unschedulable(ErrReasonReadWriteOncePodConflict);
      return SUCCESS;
    },

    eventsToRegister() {
      const claimAdded: QueueingHintFn = (pod, _old, newObj) => {
        const pvc = newObj as PersistentVolumeClaimObject;
        if ((pvc.metadata.namespace ?? 'default') !== (pod.metadata?.namespace ?? 'default')) return 'QueueSkip';
        return (pod.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name) ? 'Queue' : 'QueueSkip';
      };
      const podDeleted: QueueingHintFn = (pod, oldObj) => {
        const deleted = oldObj as Pod;
        if ((deleted.metadata?.namespace ?? 'default') !== (pod.metadata?.namespace ?? 'default')) return 'QueueSkip';
        for (const v of pod.spec?.volumes ?? []) if (needsRestrictionsCheck(v) && isVolumeConflict(v, deleted)) return 'Queue';
        const claims = new Set<string>();
        for (const v of pod.spec?.volumes ?? []) if (v.persistentVolumeClaim) claims.add(v.persistentVolumeClaim.claimName);
        return (deleted.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim && claims.has(v.persistentVolumeClaim.claimName)) ? 'Queue' : 'QueueSkip';
      };
      return [
        { event: 'AssignedPodDelete' as const, hint: podDeleted },
        { event: 'NodeAdd' as const },
        { event: 'PersistentVolumeClaimAdd' as const, hint: claimAdded },
      ];
    },
  } satisfies PreFilterPlugin & FilterPlugin & EnqueueExtensions;
}
