// VolumeZone: a pod whose bound volumes carry zone or region labels may only go to nodes in those
// zones/regions (a zonal disk cannot be attached elsewhere). A node without any topology label is
// taken to be anywhere. Zone values may list several zones joined by "__".
// UPSTREAM: pkg/scheduler/framework/plugins/volumezone/volume_zone.go

import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { PersistentVolumeClaimObject, PersistentVolumeObject, StorageClassObject } from '../../../api/volume';
import { getPersistentVolumeClaimClass } from '../../../api/volume';
import type { CycleState } from '../../framework/cycle-state';
import type { QueueingHintFn } from '../../framework/events';
import type { EnqueueExtensions, FilterPlugin, Handle, PreFilterPlugin } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import { asError, SKIP, SUCCESS, unresolvable, type Status } from '../../framework/status';
import { names } from '../names';

export const Name = names.VolumeZone;
const STATE_KEY = `PreFilter${Name}`;
export const ErrReasonConflict = 'node(s) had no available volume zone';

/** The GA and deprecated beta zone/region labels, in the order they are looked at. */
const TOPOLOGY_LABELS = [
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
];

const GA_LABEL: Record<string, string> = {
  'failure-domain.beta.kubernetes.io/zone': 'topology.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region': 'topology.kubernetes.io/region',
};

interface PVTopology {
  pvName: string;
  key: string;
  values: ReadonlySet<string>;
}

/** getPVTopologies: one entry per topology label of the volume; LabelZonesToSet splits on "__". */
function pvTopologies(pv: PersistentVolumeObject): PVTopology[] {
  const out: PVTopology[] = [];
  for (const key of TOPOLOGY_LABELS) {
    const v = pv.metadata.labels?.[key];
    if (v !== undefined) out.push({ pvName: pv.metadata.name ?? '', key, values: new Set(v.split('__').filter((z) => z !== '')) });
  }
  return out;
}

export function newVolumeZone(handle: Handle) {
  const get = <T>(resource: string, ns: string | undefined, name: string) => handle.objects().get(resource, ns, name) as T | undefined;

  /** getPVbyPod: the bound volumes' topologies; unbound WaitForFirstConsumer claims are VolumeBinding's. */
  function topologiesOf(pod: Pod): PVTopology[] | Status {
    const out: PVTopology[] = [];
    const ns = pod.metadata?.namespace ?? 'default';
    for (const v of pod.spec?.volumes ?? []) {
      if (!v.persistentVolumeClaim) continue;
      const claimName = v.persistentVolumeClaim.claimName;
      if (!claimName) return unresolvable('PersistentVolumeClaim had no name');
      const pvc = get<PersistentVolumeClaimObject>('persistentvolumeclaims', ns, claimName);
      if (!pvc) return unresolvable(`persistentvolumeclaim "${claimName}" not found`);
      const pvName = pvc.spec?.volumeName ?? '';
      if (pvName === '') {
        const scName = getPersistentVolumeClaimClass(pvc);
        if (scName === '') return unresolvable('PersistentVolumeClaim had no pv name and storageClass name');
        const sc = get<StorageClassObject>('storageclasses', undefined, scName);
        if (!sc) return unresolvable(`storageclass.storage.k8s.io "${scName}" not found`);
        if (!sc.volumeBindingMode) return unresolvable(`VolumeBindingMode not set for StorageClass "${scName}"`);
        if (sc.volumeBindingMode === 'WaitForFirstConsumer') continue;
        return unresolvable('PersistentVolume had no name');
      }
      const pv = get<PersistentVolumeObject>('persistentvolumes', undefined, pvName);
      if (!pv) return unresolvable(`persistentvolume "${pvName}" not found`);
      out.push(...pvTopologies(pv));
    }
    return out;
  }

  function fits(topologies: readonly PVTopology[], node: Node): boolean {
    const labels = node.metadata?.labels ?? {};
    if (!TOPOLOGY_LABELS.some((k) => k in labels)) return true;
    for (const t of topologies) {
      let v = labels[t.key];
      if (v === undefined && GA_LABEL[t.key]) v = labels[GA_LABEL[t.key]];
      if (v === undefined || !t.values.has(v)) return false;
    }
    return true;
  }

  return {
    name: Name,

    preFilter(state: CycleState, pod: Pod): Status {
      const t = topologiesOf(pod);
      if (!Array.isArray(t)) return t;
      if (t.length === 0) return SKIP;
      state.write(STATE_KEY, t);
      return SUCCESS;
    },

    filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
      if ((pod.spec?.volumes ?? []).length === 0) return SUCCESS;
      const t = state.read<PVTopology[]>(STATE_KEY);
      if (!t) return asError(`reading "${STATE_KEY}" from cycleState: not found`);
      return fits(t, nodeInfo.node) ? SUCCESS : unresolvable(ErrReasonConflict);
    },

    eventsToRegister() {
      const claimHint: QueueingHintFn = (pod, _old, newObj) => {
        const pvc = newObj as PersistentVolumeClaimObject;
        if ((pvc.metadata.namespace ?? 'default') !== (pod.metadata?.namespace ?? 'default')) return 'QueueSkip';
        return (pod.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name) ? 'Queue' : 'QueueSkip';
      };
      return [
        { event: 'StorageClassAdd' as const },
        { event: 'NodeAdd' as const },
        { event: 'NodeLabelChange' as const },
        { event: 'PersistentVolumeClaimAdd' as const, hint: claimHint },
        { event: 'PersistentVolumeClaimUpdate' as const, hint: claimHint },
        { event: 'PersistentVolumeAdd' as const },
        { event: 'PersistentVolumeUpdate' as const },
      ];
    },
  } satisfies PreFilterPlugin & FilterPlugin & EnqueueExtensions;
}
