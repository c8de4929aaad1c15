// The scheduler's volume binder: sorts a pod's claims into bound, unbound-immediate and
// unbound-WaitForFirstConsumer; finds, per node, the existing volumes that would fit the latter or
// whether they can be provisioned there; assumes those choices; writes them (a volume's claimRef, a
// claim's selected-node annotation) and checks until the PV controller has finished the binding.
// UPSTREAM: pkg/scheduler/framework/plugins/volumebinding/binder.go
// SIMPLIFICATION: no CSIStorageCapacity check (capacity tracking is not served), no in-tree to CSI
// translation, no generic ephemeral volumes; the poll of checkBindings is driven by the scheduler.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { TopologySelectorTerm } from 'kubernetes-types/core/v1';
import type { JsonValue } from '../../../sim/clock';
import type { Client } from '../../../client/clientset';
import {
  AnnBindCompleted, AnnSelectedNode, checkNodeAffinity, claimKey, claimRequestBytes, findMatchingVolume, getBindVolumeToClaim,
  getPersistentVolumeClaimClass, getPersistentVolumeClass, NotSupportedProvisioner,
  type CSINodeObject, type PersistentVolumeClaimObject, type PersistentVolumeObject, type StorageClassObject,
} from '../../../api/volume';
import type { ObjectLister } from '../../framework/interface';
import { AssumeCache } from './assume-cache';

/** Why volume binding is impossible on a node (the Filter's reasons). */
export const ErrReasonBindConflict = "node(s) didn't find available persistent volumes to bind";
/** 1.35 wording (older releases said "node(s) had volume node affinity conflict"). */
export const ErrReasonNodeConflict = "node(s) didn't match PersistentVolume's node affinity";
export const ErrReasonNotEnoughSpace = 'node(s) did not have enough free storage';
export const ErrReasonPVNotExist = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';

/** VolumeBindingArgs.bindTimeoutSeconds default: how long PreBind waits for the PV controller. */
export const DEFAULT_BIND_TIMEOUT_MS = 600_000;
/** How often BindPodVolumes checks the bindings (wait.PollUntilContextTimeout interval). */
export const BIND_POLL_MS = 1_000;

export interface BindingInfo {
  pvc: PersistentVolumeClaimObject;
  pv: PersistentVolumeObject;
}

/** What one node needs for the pod's volumes: existing volumes to bind, claims to provision there. */
export interface PodVolumes {
  staticBindings: BindingInfo[];
  dynamicProvisions: PersistentVolumeClaimObject[];
}

export interface PodVolumeClaims {
  boundClaims: PersistentVolumeClaimObject[];
  unboundClaimsDelayBinding: PersistentVolumeClaimObject[];
  unboundClaimsImmediate: PersistentVolumeClaimObject[];
  /** the volumes of each WaitForFirstConsumer claim's class */
  unboundVolumesDelayBinding: Map<string, PersistentVolumeObject[]>;
}

/** What PreBind wrote, for checking later: plain JSON (it is kept in snapshots). */
export interface BindingToken {
  bindings: Array<{ pv: string; pvc: string; pvResourceVersion: string }>;
  provisions: Array<{ pvc: string; resourceVersion: string }>;
}

export interface VolumeBinderState {
  assumedPVs: PersistentVolumeObject[];
  assumedPVCs: PersistentVolumeClaimObject[];
}

type Check = { done: true } | { done: false } | { error: string };

function version(o: { metadata?: { resourceVersion?: string } }): number {
  return Number(o.metadata?.resourceVersion ?? 0) || 0;
}

function isPVCFullyBound(pvc: PersistentVolumeClaimObject): boolean {
  return !!pvc.spec?.volumeName && pvc.metadata.annotations?.[AnnBindCompleted] !== undefined;
}

/** MatchTopologySelectorTerms: no terms match every node; otherwise any term whose every expression matches. */
export function matchTopologySelectorTerms(terms: readonly TopologySelectorTerm[] | undefined, labels: Record<string, string>): boolean {
  if (!terms || terms.length === 0) return true;
  return terms.some((t) => (t.matchLabelExpressions ?? []).every((e) => e.key in labels && e.values.includes(labels[e.key])));
}

export class VolumeBinder {
  readonly pvCache: AssumeCache<PersistentVolumeObject>;
  readonly pvcCache: AssumeCache<PersistentVolumeClaimObject>;

  constructor(
    /** the scheduler's informers: persistentvolumes, persistentvolumeclaims, storageclasses, nodes, pods, csinodes */
    private readonly objects: () => ObjectLister,
    /** writes as kube-scheduler (PreBind's API updates) */
    private readonly client?: Client,
    state?: VolumeBinderState,
    readonly bindTimeoutMs = DEFAULT_BIND_TIMEOUT_MS,
  ) {
    this.pvCache = new AssumeCache('persistentvolumes', objects, state?.assumedPVs);
    this.pvcCache = new AssumeCache('persistentvolumeclaims', objects, state?.assumedPVCs);
  }

  save(): VolumeBinderState {
    return { assumedPVs: this.pvCache.save(), assumedPVCs: this.pvcCache.save() };
  }

  storageClass(name: string): StorageClassObject | undefined {
    return this.objects().get('storageclasses', undefined, name) as StorageClassObject | undefined;
  }

  csiNode(name: string): CSINodeObject | undefined {
    return this.objects().get('csinodes', undefined, name) as CSINodeObject | undefined;
  }

  /** IsDelayBindingMode: the claim's class exists and says WaitForFirstConsumer. */
  isDelayBindingMode(claim: PersistentVolumeClaimObject): boolean {
    const name = getPersistentVolumeClaimClass(claim);
    if (!name) return false;
    return this.storageClass(name)?.volumeBindingMode === 'WaitForFirstConsumer';
  }

  /** GetPodVolumeClaims: the pod's claims by binding state (a pre-bound claim counts as immediate). */
  getPodVolumeClaims(pod: Pod): PodVolumeClaims | { error: string } {
    const out: PodVolumeClaims = { boundClaims: [], unboundClaimsDelayBinding: [], unboundClaimsImmediate: [], unboundVolumesDelayBinding: new Map() };
    const ns = pod.metadata?.namespace ?? 'default';
    for (const v of pod.spec?.volumes ?? []) {
      const name = v.persistentVolumeClaim?.claimName;
      if (name === undefined) continue;
      const key = `${ns}/${name}`;
      const pvc = this.pvcCache.get(key);
      if (!pvc) return { error: `error getting PVC "${key}": could not find v1.PersistentVolumeClaim "${key}"` };
      if (isPVCFullyBound(pvc)) out.boundClaims.push(pvc);
      else if (this.isDelayBindingMode(pvc) && !pvc.spec?.volumeName) out.unboundClaimsDelayBinding.push(pvc);
      else out.unboundClaimsImmediate.push(pvc);
    }
    for (const pvc of out.unboundClaimsDelayBinding) {
      const cls = getPersistentVolumeClaimClass(pvc);
      if (!out.unboundVolumesDelayBinding.has(cls)) out.unboundVolumesDelayBinding.set(cls, this.pvCache.list().filter((pv) => getPersistentVolumeClass(pv) === cls));
    }
    return out;
  }

  /**
   * FindPodVolumes: can the node serve the pod's claims? Bound claims' volumes must allow the node;
   * each WaitForFirstConsumer claim needs a matching existing volume (smallest claims choose first)
   * or a class that can provision on this node. Reasons come in upstream's order.
   */
  findPodVolumes(pod: Pod, claims: PodVolumeClaims, node: Node): { podVolumes: PodVolumes; reasons: string[] } | { error: string } {
    const podVolumes: PodVolumes = { staticBindings: [], dynamicProvisions: [] };
    const labels = node.metadata?.labels ?? {};
    let boundSatisfied = true;
    let boundPVsFound = true;
    let unboundSatisfied = true;
    const reasons = () => {
      const r: string[] = [];
      if (!boundSatisfied) r.push(ErrReasonNodeConflict);
      if (!unboundSatisfied) r.push(ErrReasonBindConflict);
      if (!boundPVsFound) r.push(ErrReasonPVNotExist);
      return { podVolumes, reasons: r };
    };
    for (const pvc of claims.boundClaims) {
      const pv = this.pvCache.get(pvc.spec?.volumeName ?? '');
      if (!pv) {
        boundPVsFound = false;
        break;
      }
      if (!checkNodeAffinity(pv, labels)) {
        boundSatisfied = false;
        break;
      }
    }
    if (claims.unboundClaimsDelayBinding.length === 0) return reasons();
    const toMatch: PersistentVolumeClaimObject[] = [];
    const toProvision: PersistentVolumeClaimObject[] = [];
    for (const pvc of claims.unboundClaimsDelayBinding) {
      const selected = pvc.metadata.annotations?.[AnnSelectedNode];
      if (selected !== undefined) {
        if (selected !== node.metadata?.name) {
          unboundSatisfied = false;
          return reasons();
        }
        toProvision.push(pvc);
      } else {
        toMatch.push(pvc);
      }
    }
    if (toMatch.length > 0) {
      // byPVCSize: the smallest claims pick first, so a big volume is not taken by a small claim.
      const sorted = [...toMatch].sort((a, b) => claimRequestBytes(a) - claimRequestBytes(b));
      const chosen = new Set<string>();
      for (const pvc of sorted) {
        const pv = findMatchingVolume(pvc, claims.unboundVolumesDelayBinding.get(getPersistentVolumeClaimClass(pvc)) ?? [], labels, chosen, true);
        if (!pv) {
          unboundSatisfied = false;
          toProvision.push(pvc);
          continue;
        }
        chosen.add(pv.metadata.name ?? '');
        podVolumes.staticBindings.push({ pv, pvc });
      }
    }
    if (toProvision.length > 0) {
      // checkVolumeProvisions: every remaining claim's class must provision, and on this node.
      let provisionSatisfied = true;
      const provisions: PersistentVolumeClaimObject[] = [];
      for (const pvc of toProvision) {
        const className = getPersistentVolumeClaimClass(pvc);
        if (!className) return { error: `no class for claim "${claimKey(pvc)}"` };
        const sc = this.storageClass(className);
        if (!sc) return { error: `failed to find storage class "${className}"` };
        if (!sc.provisioner || sc.provisioner === NotSupportedProvisioner || !matchTopologySelectorTerms(sc.allowedTopologies, labels)) {
          provisionSatisfied = false;
          break;
        }
        provisions.push(pvc);
      }
      unboundSatisfied = provisionSatisfied;
      if (provisionSatisfied) podVolumes.dynamicProvisions = provisions;
    }
    return reasons();
  }

  /** Whether every claim of the pod is fully bound now (then nothing is left to do). */
  arePodVolumesBound(pod: Pod): boolean {
    const ns = pod.metadata?.namespace ?? 'default';
    for (const v of pod.spec?.volumes ?? []) {
      const name = v.persistentVolumeClaim?.claimName;
      if (name === undefined) continue;
      const pvc = this.pvcCache.get(`${ns}/${name}`);
      if (!pvc || !isPVCFullyBound(pvc)) return false;
    }
    return true;
  }

  /**
   * AssumePodVolumes: record the node's choices in the caches (volumes bound to their claims, claims
   * with the selected node), so the next pods' cycles see them as taken. Returns the assumed objects.
   */
  assumePodVolumes(pod: Pod, nodeName: string, pv: PodVolumes): { allBound: boolean; podVolumes: PodVolumes } | { error: string } {
    if (this.arePodVolumesBound(pod)) return { allBound: true, podVolumes: pv };
    const bindings: BindingInfo[] = [];
    for (const b of pv.staticBindings) {
      const { volume, dirty } = getBindVolumeToClaim(b.pv, b.pvc);
      if (dirty) {
        const err = this.pvCache.assume(volume);
        if (err) {
          this.revertAssumed({ staticBindings: bindings, dynamicProvisions: [] });
          return { error: err };
        }
      }
      bindings.push({ pv: volume, pvc: b.pvc });
    }
    const provisions: PersistentVolumeClaimObject[] = [];
    for (const claim of pv.dynamicProvisions) {
      const clone = JSON.parse(JSON.stringify(claim)) as PersistentVolumeClaimObject;
      clone.metadata.annotations = { ...clone.metadata.annotations, [AnnSelectedNode]: nodeName };
      const err = this.pvcCache.assume(clone);
      if (err) {
        this.revertAssumed({ staticBindings: bindings, dynamicProvisions: provisions });
        return { error: err };
      }
      provisions.push(clone);
    }
    return { allBound: false, podVolumes: { staticBindings: bindings, dynamicProvisions: provisions } };
  }

  /** RevertAssumedPodVolumes. */
  revertAssumed(pv: PodVolumes): void {
    for (const b of pv.staticBindings) this.pvCache.restore(b.pv.metadata.name ?? '');
    for (const c of pv.dynamicProvisions) this.pvcCache.restore(claimKey(c));
  }

  /** The same, from what a waiting PreBind kept. */
  revertToken(token: BindingToken): void {
    for (const b of token.bindings) this.pvCache.restore(b.pv);
    for (const p of token.provisions) this.pvcCache.restore(p.pvc);
  }

  /**
   * bindAPIUpdate: write the volumes' claimRefs, then the claims' selected-node annotations (which
   * start provisioning). Returns what to check, or the API's error.
   */
  bindAPIUpdate(pv: PodVolumes): { token: BindingToken } | { error: string } {
    if (!this.client) return { error: 'no API client' };
    const token: BindingToken = { bindings: [], provisions: [] };
    for (const b of pv.staticBindings) {
      const res = this.client.update(b.pv);
      if (!res.ok) return { error: res.status.message };
      token.bindings.push({ pv: b.pv.metadata.name ?? '', pvc: claimKey(b.pvc), pvResourceVersion: res.object.metadata.resourceVersion ?? '' });
    }
    for (const claim of pv.dynamicProvisions) {
      const res = this.client.update(claim);
      if (!res.ok) return { error: res.status.message };
      token.provisions.push({ pvc: claimKey(claim), resourceVersion: res.object.metadata.resourceVersion ?? '' });
    }
    return { token };
  }

  /**
   * checkBindings: are the written bindings complete, as the informers see them? Waits (done: false)
   * while an informer still shows an older version or the PV controller has not finished; fails when
   * the binding went wrong (a claimRef reset, provisioning given up, the pod gone).
   */
  checkBindings(pod: Pod, nodeName: string, token: BindingToken): Check {
    const objects = this.objects();
    const node = objects.get('nodes', undefined, nodeName) as Node | undefined;
    if (!node) return { error: `failed to get node "${nodeName}": node "${nodeName}" not found` };
    const labels = node.metadata?.labels ?? {};
    const ns = pod.metadata?.namespace ?? 'default';
    const name = pod.metadata?.name ?? '';
    if (!objects.get('pods', ns, name)) return { error: `pod does not exist any more: pod "${name}" not found` };
    for (const b of token.bindings) {
      const pv = this.pvCache.getAPIObj(b.pv);
      if (!pv) return { error: `failed to check binding: could not find v1.PersistentVolume "${b.pv}"` };
      const pvc = this.pvcCache.getAPIObj(b.pvc);
      if (!pvc) return { error: `failed to check binding: could not find v1.PersistentVolumeClaim "${b.pvc}"` };
      if (Number(b.pvResourceVersion) > version(pv)) return { done: false };
      if (!checkNodeAffinity(pv, labels)) return { error: `pv "${b.pv}" node affinity doesn't match node "${nodeName}": no matching NodeSelectorTerms` };
      if (!pv.spec?.claimRef?.uid) return { error: `ClaimRef got reset for pv "${b.pv}"` };
      if (!isPVCFullyBound(pvc)) return { done: false };
    }
    for (const p of token.provisions) {
      const pvc = this.pvcCache.getAPIObj(p.pvc);
      if (!pvc) return { error: `failed to check provisioning pvc: could not find v1.PersistentVolumeClaim "${p.pvc}"` };
      if (Number(p.resourceVersion) > version(pvc)) return { done: false };
      const selected = pvc.metadata.annotations?.[AnnSelectedNode];
      if (selected === undefined) return { error: `selectedNode annotation reset for PVC "${pvc.metadata.name}"` };
      if (selected !== nodeName) return { error: `provisioning failed for PVC "${pvc.metadata.name}"` };
      if (pvc.spec?.volumeName) {
        const pv = this.pvCache.getAPIObj(pvc.spec.volumeName);
        if (!pv) return { done: false };
        if (!checkNodeAffinity(pv, labels)) return { error: `pv "${pv.metadata.name}" node affinity doesn't match node "${nodeName}": no matching NodeSelectorTerms` };
      }
      if (!isPVCFullyBound(pvc)) return { done: false };
    }
    return { done: true };
  }
}

/** Plain-JSON form of a BindingToken, for PreBind's Wait. */
export function tokenToJson(t: BindingToken): JsonValue {
  return t as unknown as JsonValue;
}
