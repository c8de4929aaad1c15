// VolumeBinding: a pod's PersistentVolumeClaims decide where it can run. Immediate claims must be
// bound before the pod is scheduled at all; WaitForFirstConsumer claims are bound (or provisioned)
// for the node the scheduler picks: Filter finds, per node, existing volumes that fit or whether the
// class can provision there; Reserve assumes the choice; PreBind writes it (claimRef, selected-node)
// and waits until the PV controller has bound every claim; only then is the pod bound.
// UPSTREAM: pkg/scheduler/framework/plugins/volumebinding/volume_binding.go
// SIMPLIFICATION: no Score (its StorageCapacityScoring gate is alpha and off in 1.35: PreScore skips).

import type { Pod, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass, CSINode } from 'kubernetes-types/storage/v1';
import type { JsonValue } from '../../../sim/clock';
import type { CycleState } from '../../framework/cycle-state';
import type { ClusterEventWithHint, QueueingHintFn } from '../../framework/events';
import type {
  EnqueueExtensions, FilterPlugin, Handle, PreBindPlugin, PreBindResult, PreFilterPlugin, PreScorePlugin, ReservePlugin, ScorePlugin,
} from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import { asError, SKIP, SUCCESS, unresolvable, type Status } from '../../framework/status';
import type { PersistentVolumeClaimObject } from '../../../api/volume';
import { names } from '../names';
import { BIND_POLL_MS, tokenToJson, VolumeBinder, type BindingToken, type PodVolumeClaims, type PodVolumes } from './binder';

export const Name = names.VolumeBinding;
const STATE_KEY = Name;

export const ErrReasonUnboundImmediate = 'pod has unbound immediate PersistentVolumeClaims';
/** CSINode annotation listing the in-tree plugins migrated to CSI on that node. */
const MIGRATED_PLUGINS_ANNOTATION = 'storage.alpha.kubernetes.io/migrated-plugins';

interface StateData {
  /** Reserve found every claim bound already: PreBind has nothing to do */
  allBound: boolean;
  /** Filter's answer per feasible node */
  podVolumesByNode: Map<string, PodVolumes>;
  claims?: PodVolumeClaims;
}

function stateOf(state: CycleState): StateData | undefined {
  return state.read<StateData>(STATE_KEY);
}

/** The claim a pod's volume refers to, and whether the pod refers to claim `name` at all. */
function podRefersToClaim(pod: Pod, name: string | undefined): boolean {
  return (pod.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === name);
}

export function newVolumeBinding(handle: Handle, binder: VolumeBinder = new VolumeBinder(() => handle.objects())) {
  const pvcLister = (ns: string, name: string) => handle.objects().get('persistentvolumeclaims', ns, name) as PersistentVolumeClaimObject | undefined;

  /** podHasPVCs: whether the pod uses claims, or why it cannot be scheduled because of them. */
  function podHasPVCs(pod: Pod): boolean | string {
    let has = false;
    const ns = pod.metadata?.namespace ?? 'default';
    for (const v of pod.spec?.volumes ?? []) {
      const name = v.persistentVolumeClaim?.claimName;
      if (name === undefined) continue;
      has = true;
      const pvc = pvcLister(ns, name);
      if (!pvc) return `persistentvolumeclaim "${name}" not found`;
      if (pvc.status?.phase === 'Lost') return `persistentvolumeclaim "${name}" bound to non-existent persistentvolume "${pvc.spec?.volumeName ?? ''}"`;
      if (pvc.metadata.deletionTimestamp) return `persistentvolumeclaim "${name}" is being deleted`;
    }
    return has;
  }

  return {
    name: Name,
    binder,

    preFilter(state: CycleState, pod: Pod): Status {
      const has = podHasPVCs(pod);
      if (typeof has === 'string') return unresolvable(has);
      if (!has) {
        state.write(STATE_KEY, { allBound: true, podVolumesByNode: new Map() } satisfies StateData);
        return SKIP;
      }
      const claims = binder.getPodVolumeClaims(pod);
      if ('error' in claims) return asError(claims.error);
      // Immediate claims are the PV controller's to bind; the pod is retried once they are.
      if (claims.unboundClaimsImmediate.length > 0) return unresolvable(ErrReasonUnboundImmediate);
      state.write(STATE_KEY, { allBound: false, podVolumesByNode: new Map(), claims } satisfies StateData);
      return SUCCESS;
    },

    filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
      const s = stateOf(state);
      if (!s?.claims) return asError(`reading "${STATE_KEY}" from cycleState: not found`);
      const found = binder.findPodVolumes(pod, s.claims, nodeInfo.node);
      if ('error' in found) return asError(found.error);
      if (found.reasons.length > 0) return unresolvable(found.reasons);
      s.podVolumesByNode.set(nodeInfo.name, found.podVolumes);
      return SUCCESS;
    },

    preScore(): Status {
      return SKIP;
    },

    score(): number {
      return 0;
    },

    reserve(state: CycleState, pod: Pod, nodeName: string): Status {
      const s = stateOf(state);
      if (!s) return SUCCESS;
      const podVolumes = s.podVolumesByNode.get(nodeName);
      if (!podVolumes) {
        s.allBound = true;
        return SUCCESS;
      }
      const r = binder.assumePodVolumes(pod, nodeName, podVolumes);
      if ('error' in r) return asError(r.error);
      s.allBound = r.allBound;
      s.podVolumesByNode.set(nodeName, r.podVolumes);
      return SUCCESS;
    },

    unreserve(state: CycleState, _pod: Pod, nodeName: string): void {
      const podVolumes = stateOf(state)?.podVolumesByNode.get(nodeName);
      if (podVolumes) binder.revertAssumed(podVolumes);
    },

    preBindPreFlight(state: CycleState, _pod: Pod, nodeName: string): Status {
      const s = stateOf(state);
      if (!s || s.allBound) return SKIP;
      if (!s.podVolumesByNode.has(nodeName)) return asError(`no pod volumes found for node "${nodeName}"`);
      return SUCCESS;
    },

    preBind(state: CycleState, pod: Pod, nodeName: string): PreBindResult {
      const s = stateOf(state);
      if (!s || s.allBound) return SUCCESS;
      const podVolumes = s.podVolumesByNode.get(nodeName);
      if (!podVolumes) return asError(`no pod volumes found for node "${nodeName}"`);
      const written = binder.bindAPIUpdate(podVolumes);
      if ('error' in written) {
        binder.revertAssumed(podVolumes);
        return asError(written.error);
      }
      // BindPodVolumes polls every second (not at once) until the PV controller has bound them all.
      return { code: 'Wait', token: tokenToJson(written.token), pollMs: BIND_POLL_MS, timeoutMs: binder.bindTimeoutMs };
    },

    resumePreBind(token: JsonValue, pod: Pod, nodeName: string, timedOut: boolean): PreBindResult {
      const t = token as unknown as BindingToken;
      const check = binder.checkBindings(pod, nodeName, t);
      if ('error' in check) {
        binder.revertToken(t);
        return asError(`binding volumes: ${check.error}`);
      }
      if (check.done) return SUCCESS;
      if (timedOut) {
        binder.revertToken(t);
        return asError('binding volumes: context deadline exceeded');
      }
      return { code: 'Wait', token, pollMs: BIND_POLL_MS, timeoutMs: binder.bindTimeoutMs };
    },

    eventsToRegister(): ClusterEventWithHint[] {
      const claimHint: QueueingHintFn = (pod, _old, newObj) => {
        const pvc = newObj as PersistentVolumeClaim;
        if ((pvc.metadata?.namespace ?? 'default') !== (pod.metadata?.namespace ?? 'default')) return 'QueueSkip';
        return podRefersToClaim(pod, pvc.metadata?.name) ? 'Queue' : 'QueueSkip';
      };
      const classHint: QueueingHintFn = (_pod, oldObj, newObj) => {
        if (oldObj === undefined) return 'Queue';
        return JSON.stringify((oldObj as StorageClass).allowedTopologies ?? null) !== JSON.stringify((newObj as StorageClass).allowedTopologies ?? null) ? 'Queue' : 'QueueSkip';
      };
      const csiNodeHint: QueueingHintFn = (_pod, oldObj, newObj) => {
        if (oldObj === undefined) return 'Queue';
        const a = (oldObj as CSINode).metadata?.annotations?.[MIGRATED_PLUGINS_ANNOTATION];
        const b = (newObj as CSINode).metadata?.annotations?.[MIGRATED_PLUGINS_ANNOTATION];
        return a !== b ? 'Queue' : 'QueueSkip';
      };
      return [
        { event: 'StorageClassAdd', hint: classHint },
        { event: 'StorageClassUpdate', hint: classHint },
        { event: 'PersistentVolumeClaimAdd', hint: claimHint },
        { event: 'PersistentVolumeClaimUpdate', hint: claimHint },
        { event: 'PersistentVolumeAdd' },
        { event: 'PersistentVolumeUpdate' },
        { event: 'NodeAdd' },
        { event: 'NodeLabelChange' },
        { event: 'CSINodeAdd', hint: csiNodeHint },
        { event: 'CSINodeUpdate', hint: csiNodeHint },
      ];
    },
  } satisfies PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & ReservePlugin & PreBindPlugin & EnqueueExtensions & { binder: VolumeBinder };
}
