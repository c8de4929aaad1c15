// What every workload controller shares: owner references and adoption (ControllerRefManager),
// expectations (so a lagging informer does not cause double creates), pod readiness, the pod
// deletion ranking, ReplicaSet orderings and the pod-template hash.
// UPSTREAM: pkg/controller/controller_utils.go, pkg/controller/controller_ref_manager.go,
//           pkg/api/v1/pod/util.go (IsPodReady, IsPodAvailable)
// SIMPLIFICATION: adoption/release "patches" are read-modify-write updates on a fresh GET (the API
// server here has no strategic-merge patch); the template hash is FNV-1a of stable JSON, not
// byte-identical to upstream's spew-based hash.

import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { KubeObject, Meta, ObjectKey } from '../api/meta';
import { keyOf } from '../api/meta';
import type { LabelSelectorLike, Selector } from '../api/labels';
import { labelSelectorAsSelector } from '../api/labels';
import type { ResourceInfo } from '../api/resources';
import { resourceForKind } from '../api/resources';
import type { Result } from '../apiserver/apiserver';
import type { Client } from '../client/clientset';
import type { Informer } from '../client/informer';
import type { JsonValue } from '../sim/clock';
import { fnv1a32, safeEncode } from '../sim/rng';
import type { ControllerContext } from './types';

export type PodObject = Pod & KubeObject;
export type ReplicaSetObject = ReplicaSet & KubeObject;

// ---------------------------------------------------------------------------------------------
// Owner references

export interface GroupVersionKind {
  apiVersion: string;
  kind: string;
}

/** metav1.GetControllerOf: the owner reference with controller=true, if any. */
export function getControllerOf(obj: { metadata?: Meta | KubeObject['metadata'] }): OwnerReference | undefined {
  return (obj.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
}

/** metav1.NewControllerRef: controller=true, blockOwnerDeletion=true. */
export function newControllerRef(owner: KubeObject, gvk: GroupVersionKind): OwnerReference {
  return {
    apiVersion: gvk.apiVersion,
    kind: gvk.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Index name (on any informer) mapping an object to its controller's uid, or `orphan/<ns>` for orphans. */
export const CONTROLLER_UID_INDEX = 'controllerUID';

/**
 * resolveControllerRef: the object of `kind` a controller reference points at, if the informer holds
 * it with the same UID (a recreated object of the same name is not the owner).
 */
export function resolveControllerRef<T extends KubeObject>(
  inf: Informer<T>,
  kind: string,
  namespace: string | undefined,
  ref: { kind: string; name: string; uid: string } | undefined,
): T | undefined {
  if (!ref || ref.kind !== kind) return undefined;
  const obj = inf.get(keyOf({ namespace, name: ref.name }));
  return obj && obj.metadata.uid === ref.uid ? obj : undefined;
}

/**
 * The controllers in `inf` whose non-empty spec.selector matches an orphan's labels, in its
 * namespace (getPodReplicaSets, getDaemonSetsForPod, getDeploymentsForReplicaSet...).
 */
export function selectingControllers<T extends KubeObject & { spec?: { selector?: LabelSelectorLike } }>(
  inf: Informer<T>,
  orphan: { metadata: { namespace?: string; labels?: Record<string, string> } },
): T[] {
  return inf.list(orphan.metadata.namespace).filter((c) => {
    const sel = labelSelectorAsSelector(c.spec?.selector);
    return !sel.isEverything() && sel.matches(orphan.metadata.labels);
  });
}

export function orphanIndexValue(namespace: string | undefined): string {
  return `orphan/${namespace ?? ''}`;
}

/** Add the controllerUID index to an informer (idempotent: re-adding rebuilds the same index). */
export function addControllerUIDIndexer<T extends KubeObject>(inf: Informer<T>): void {
  inf.addIndexer(CONTROLLER_UID_INDEX, (o) => {
    const ref = getControllerOf(o);
    return [ref?.uid ? ref.uid : orphanIndexValue(o.metadata.namespace)];
  });
}

/**
 * Objects owned by `owner` plus the orphans of its namespace: the only ones it may claim.
 * UPSTREAM: controller.FilterPodsByOwner (with includeOrphanedObjects)
 */
export function ownedAndOrphans<T extends KubeObject>(inf: Informer<T>, owner: KubeObject): T[] {
  return [
    ...inf.byIndex(CONTROLLER_UID_INDEX, owner.metadata.uid ?? ''),
    ...inf.byIndex(CONTROLLER_UID_INDEX, orphanIndexValue(owner.metadata.namespace)),
  ];
}

// ---------------------------------------------------------------------------------------------
// ControllerRefManager: adopt and release

export interface ClaimOptions {
  client: Client;
  /** the controller object (a ReplicaSet, a Deployment, ...) */
  controller: KubeObject;
  controllerKind: GroupVersionKind;
  selector: Selector;
  /** the REST resource of the objects being claimed */
  resource: ResourceInfo;
}

export interface ClaimResult<T> {
  claimed: T[];
  /** messages of failed adopt/release writes (the caller retries the sync) */
  errors: string[];
}

/**
 * ClaimObjects as BaseControllerRefManager.ClaimObject does, for each object:
 * - owned by someone else: ignore;
 * - owned by us and matching: claimed; owned by us and not matching: release (unless we are being deleted);
 * - orphan, matching, neither side being deleted: adopt (after re-checking with a fresh GET that the
 *   controller still exists with the same uid, as RecheckDeletionTimestamp does).
 */
export function claimObjects<T extends KubeObject>(objs: readonly T[], o: ClaimOptions): ClaimResult<T> {
  const claimed: T[] = [];
  const errors: string[] = [];
  const uid = o.controller.metadata.uid;
  const controllerDeleting = o.controller.metadata.deletionTimestamp != null;
  let canAdopt: boolean | undefined;
  const recheck = (): boolean => {
    if (canAdopt === undefined) {
      const res = resourceForKind(o.controller.kind);
      const fresh = res ? o.client.get(res, o.controller.metadata.namespace, o.controller.metadata.name ?? '') : undefined;
      canAdopt = fresh !== undefined && fresh.metadata.uid === uid && fresh.metadata.deletionTimestamp == null;
    }
    return canAdopt;
  };
  for (const obj of objs) {
    const ref = getControllerOf(obj);
    const matches = o.selector.matches(obj.metadata.labels);
    if (ref) {
      if (ref.uid !== uid) continue;
      if (matches) {
        claimed.push(obj);
        continue;
      }
      if (controllerDeleting) continue;
      const r = releaseObject(o, obj);
      if (!r.ok && r.status.reason !== 'NotFound') errors.push(r.status.message);
      continue;
    }
    if (controllerDeleting || !matches || obj.metadata.deletionTimestamp != null) continue;
    if (!recheck()) continue;
    const r = adoptObject(o, obj);
    if (r.ok) {
      if (r.object) claimed.push(r.object as T);
    } else if (r.status.reason !== 'NotFound') {
      errors.push(r.status.message);
    }
  }
  return { claimed, errors };
}

type AdoptResult = { ok: true; object?: KubeObject } | { ok: false; status: { reason: string; message: string } };

/** A "patch" on the live object: GET it fresh, check the uid precondition, change, update. */
export function patchObject(
  client: Client,
  resource: ResourceInfo,
  obj: KubeObject,
  mutate: (fresh: KubeObject) => KubeObject | undefined,
): Result | { ok: true; object: KubeObject } {
  const fresh = client.get(resource, obj.metadata.namespace, obj.metadata.name ?? '');
  if (!fresh || fresh.metadata.uid !== obj.metadata.uid) {
    return {
      ok: false,
      status: {
        kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404,
        message: `${resource.resource} "${obj.metadata.name}" not found`,
      },
    };
  }
  const next = mutate(fresh);
  if (!next) return { ok: true, object: fresh };
  return client.update(next);
}

function adoptObject(o: ClaimOptions, obj: KubeObject): AdoptResult {
  let adopted = true;
  const r = patchObject(o.client, o.resource, obj, (fresh) => {
    const ref = getControllerOf(fresh);
    if (ref) {
      // Someone (maybe our own earlier adoption, not yet seen by the informer) owns it already.
      adopted = ref.uid === o.controller.metadata.uid;
      return undefined;
    }
    const refs = (fresh.metadata.ownerReferences ?? []).filter((x) => x.uid !== o.controller.metadata.uid);
    refs.push(newControllerRef(o.controller, o.controllerKind));
    return { ...fresh, metadata: { ...fresh.metadata, ownerReferences: refs } };
  });
  if (!r.ok) return r;
  return { ok: true, object: adopted ? r.object : undefined };
}

function releaseObject(o: ClaimOptions, obj: KubeObject): Result | { ok: true; object: KubeObject } {
  return patchObject(o.client, o.resource, obj, (fresh) => {
    const refs = fresh.metadata.ownerReferences ?? [];
    if (!refs.some((x) => x.uid === o.controller.metadata.uid)) return undefined;
    const rest = refs.filter((x) => x.uid !== o.controller.metadata.uid);
    const meta: Meta = { ...fresh.metadata, ownerReferences: rest };
    if (rest.length === 0) delete meta.ownerReferences;
    return { ...fresh, metadata: meta };
  });
}

// ---------------------------------------------------------------------------------------------
// Expectations

/** ExpectationsTimeout: expectations older than this are treated as satisfied (a lost watch event). */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Expectation {
  add: number;
  del: number;
  /** sim ms when set */
  at: number;
  /** pod keys whose deletion we wait to observe (UIDTrackingControllerExpectations) */
  deleting: string[];
}

/**
 * UIDTrackingControllerExpectations: after a controller asks for N creations (or these deletions),
 * it must not act on that controller key again until its informer has observed them, because the
 * informer lags the writes (here: the World's watch latency). Each observed create/delete lowers the
 * count; a deletion is counted once per pod key even though both the deletionTimestamp update and
 * the final DELETE are observed.
 * State is plain JSON, saved with the controller.
 */
export class ControllerExpectations {
  private readonly items: Record<string, Expectation>;

  constructor(private readonly now: () => number, state?: JsonValue) {
    this.items = state && typeof state === 'object' && !Array.isArray(state)
      ? (JSON.parse(JSON.stringify(state)) as Record<string, Expectation>)
      : {};
  }

  /** SatisfiedExpectations: true when nothing is pending, the counts reached zero, or they expired. */
  satisfiedExpectations(key: string): boolean {
    const e = this.items[key];
    if (!e) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.now() - e.at > EXPECTATIONS_TIMEOUT_MS;
  }

  expectCreations(key: string, adds: number): void {
    this.items[key] = { add: adds, del: 0, at: this.now(), deleting: [] };
  }

  expectDeletions(key: string, podKeys: readonly string[]): void {
    this.items[key] = { add: 0, del: podKeys.length, at: this.now(), deleting: [...podKeys] };
  }

  creationObserved(key: string): void {
    const e = this.items[key];
    if (e) e.add--;
  }

  /** Counts only pod keys we are waiting for, and each of them once. */
  deletionObserved(key: string, podKey: string): void {
    const e = this.items[key];
    if (!e) return;
    const i = e.deleting.indexOf(podKey);
    if (i < 0) return;
    e.deleting.splice(i, 1);
    e.del--;
  }

  /** LowerExpectations: a create/delete we expected failed, so it will never be observed. */
  lowerExpectations(key: string, adds: number, podKeysNotDeleted: readonly string[] = []): void {
    const e = this.items[key];
    if (!e) return;
    e.add -= adds;
    for (const k of podKeysNotDeleted) this.deletionObserved(key, k);
  }

  deleteExpectations(key: string): void {
    delete this.items[key];
  }

  /** For tests and the UI: the pending counts of one key. */
  get(key: string): { add: number; del: number } | undefined {
    const e = this.items[key];
    return e ? { add: e.add, del: e.del } : undefined;
  }

  save(): JsonValue {
    return JSON.parse(JSON.stringify(this.items)) as JsonValue;
  }
}

// ---------------------------------------------------------------------------------------------
// Pods

export function podKey(pod: { metadata?: Meta }): ObjectKey {
  return keyOf({ namespace: pod.metadata?.namespace, name: pod.metadata?.name });
}

export function getPodReadyCondition(pod: Pod) {
  return (pod.status?.conditions ?? []).find((c) => c.type === 'Ready');
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return getPodReadyCondition(pod)?.status === 'True';
}

/** Epoch ms when the pod last became Ready, or undefined when not ready / unknown. */
export function podReadyTimeMs(pod: Pod): number | undefined {
  const c = getPodReadyCondition(pod);
  if (c?.status !== 'True' || !c.lastTransitionTime) return undefined;
  const t = Date.parse(c.lastTransitionTime);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * podutil.IsPodAvailable: ready, and ready for longer than minReadySeconds.
 * `nowMs` is wall-clock-looking epoch ms (comparable to the pod's timestamps), see `wallClock`.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(pod)) return false;
  if (!minReadySeconds) return true;
  const t = podReadyTimeMs(pod);
  return t !== undefined && t + minReadySeconds * 1000 < nowMs;
}

export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** controller.IsPodActive: not Succeeded/Failed and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  return !isPodTerminal(pod) && pod.metadata?.deletionTimestamp == null;
}

export function filterActivePods<T extends Pod>(pods: readonly T[]): T[] {
  return pods.filter(isPodActive);
}

/**
 * A function giving "now" as epoch ms of the simulated cluster's wall clock, so it compares with
 * the RFC 3339 timestamps stored in objects. Assumes ctx.timestamp(0) is the cluster's epoch.
 */
export function wallClock(ctx: Pick<ControllerContext, 'now' | 'timestamp'>): () => number {
  const epoch = Date.parse(ctx.timestamp(0));
  return () => epoch + ctx.now();
}

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function maxContainerRestarts(pod: Pod): number {
  let m = 0;
  for (const c of pod.status?.containerStatuses ?? []) m = Math.max(m, c.restartCount ?? 0);
  // Restartable init containers (sidecars) count as well (compareMaxContainerRestarts).
  const sidecars = new Set((pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  for (const c of pod.status?.initContainerStatuses ?? []) if (sidecars.has(c.name)) m = Math.max(m, c.restartCount ?? 0);
  return m;
}

function deletionCost(pod: Pod): number {
  const v = pod.metadata?.annotations?.['controller.kubernetes.io/pod-deletion-cost'];
  if (v === undefined || !/^-?\d+$/.test(v)) return 0;
  return Number(v);
}

function timeMs(ts: string | undefined): number | undefined {
  if (!ts) return undefined;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? undefined : t;
}

/** afterOrZero: a zero (missing) time sorts first, otherwise the later time does. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/** logarithmicRankDiff: compare floor(log2(age in ns)), so pods of similar age tie. */
function logarithmicRankDiff(t1: number, t2: number, nowMs: number): number {
  const rank = (t: number) => {
    const dNs = (nowMs - t) * 1e6;
    return dNs > 0 ? Math.floor(Math.log2(dNs)) : -1;
  };
  return rank(t1) - rank(t2);
}

export interface RankedPod<T extends Pod = Pod> {
  pod: T;
  /** number of active related pods on the same node ("doubled up") */
  rank: number;
}

/**
 * ActivePodsWithRanks.Less: true when `a` should be deleted before `b`.
 * 1. unassigned < assigned; 2. Pending < Unknown < Running; 3. not ready < ready;
 * 4. lower pod-deletion-cost first; 5. more colocated related pods first;
 * 6. both ready: more recently ready first (log2 buckets, LogarithmicScaleDown);
 * 7. more container restarts first; 8. newer first (log2 buckets); ties by uid.
 */
export function activePodsWithRanksLess(a: RankedPod, b: RankedPod, nowMs: number): boolean {
  const pa = a.pod;
  const pb = b.pod;
  const na = pa.spec?.nodeName ?? '';
  const nb = pb.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '';
  const oa = PHASE_ORDINAL[pa.status?.phase ?? ''] ?? 0;
  const ob = PHASE_ORDINAL[pb.status?.phase ?? ''] ?? 0;
  if (oa !== ob) return oa < ob;
  const ra = isPodReady(pa);
  const rb = isPodReady(pb);
  if (ra !== rb) return !ra;
  const ca = deletionCost(pa);
  const cb = deletionCost(pb);
  if (ca !== cb) return ca < cb;
  if (a.rank !== b.rank) return a.rank > b.rank;
  const uidLess = (pa.metadata?.uid ?? '') < (pb.metadata?.uid ?? '');
  if (ra && rb) {
    const ta = podReadyTimeMs(pa);
    const tb = podReadyTimeMs(pb);
    if (ta !== tb) {
      if (ta === undefined || tb === undefined) return afterOrZero(ta, tb);
      const d = logarithmicRankDiff(ta, tb, nowMs);
      if (d === 0) return uidLess;
      return d < 0;
    }
  }
  const xa = maxContainerRestarts(pa);
  const xb = maxContainerRestarts(pb);
  if (xa !== xb) return xa > xb;
  const ta = timeMs(pa.metadata?.creationTimestamp);
  const tb = timeMs(pb.metadata?.creationTimestamp);
  if (ta !== tb) {
    if (ta === undefined || tb === undefined) return afterOrZero(ta, tb);
    const d = logarithmicRankDiff(ta, tb, nowMs);
    if (d === 0) return uidLess;
    return d < 0;
  }
  // Equal on every rule: the uid decides, so the order never depends on the order pods were listed
  // in (an informer rebuilt from a snapshot lists them in another order than the live one).
  return uidLess;
}

/** Sort pods so that the ones to delete first come first. */
export function sortPodsForDeletion<T extends Pod>(ranked: RankedPod<T>[], nowMs: number): T[] {
  const sorted = [...ranked].sort((a, b) => (activePodsWithRanksLess(a, b, nowMs) ? -1 : activePodsWithRanksLess(b, a, nowMs) ? 1 : 0));
  return sorted.map((r) => r.pod);
}

/**
 * controller.GetPodFromTemplate: a pod from a template, named `<owner>-<random>` by the API
 * server's generateName, with the owner as its controller.
 */
export function getPodFromTemplate(template: PodTemplateSpec | undefined, parent: KubeObject, controllerRef: OwnerReference): PodObject {
  const t = JSON.parse(JSON.stringify(template ?? {})) as PodTemplateSpec;
  const meta: Meta = {
    generateName: `${parent.metadata.name}-`,
    namespace: parent.metadata.namespace,
    ownerReferences: [controllerRef],
  };
  if (t.metadata?.labels) meta.labels = t.metadata.labels;
  if (t.metadata?.annotations) meta.annotations = t.metadata.annotations;
  if (t.metadata?.finalizers) meta.finalizers = t.metadata.finalizers;
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: t.spec ?? { containers: [] } } as PodObject;
}

// ---------------------------------------------------------------------------------------------
// ReplicaSet orderings

function creationMs(o: { metadata?: Meta }): number {
  return timeMs(o.metadata?.creationTimestamp) ?? 0;
}

/** ReplicaSetsByCreationTimestamp: oldest first, names break ties. */
export function byCreationTimestamp(a: { metadata?: Meta }, b: { metadata?: Meta }): number {
  const d = creationMs(a) - creationMs(b);
  if (d !== 0) return d;
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

export function replicasOf(rs: ReplicaSet): number {
  return rs.spec?.replicas ?? 1;
}

/** ReplicaSetsBySizeOlder: larger first; among equals, older first. */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  if (replicasOf(a) !== replicasOf(b)) return replicasOf(b) - replicasOf(a);
  return byCreationTimestamp(a, b);
}

/** ReplicaSetsBySizeNewer: larger first; among equals, newer first. */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  if (replicasOf(a) !== replicasOf(b)) return replicasOf(b) - replicasOf(a);
  return byCreationTimestamp(b, a);
}

/** FilterActiveReplicaSets: the ones that have (or ought to have) pods. */
export function filterActiveReplicaSets<T extends ReplicaSet>(list: readonly (T | undefined)[]): T[] {
  return list.filter((rs): rs is T => rs !== undefined && replicasOf(rs) > 0);
}

// ---------------------------------------------------------------------------------------------
// Hashing and semantic equality

/** JSON with object keys sorted, so equal values always print the same. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableStringify(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(',')}}`;
}

/** Drop null, undefined, empty maps and empty lists: apiequality.Semantic treats nil and empty alike. */
export function semanticNormalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(semanticNormalize);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    const n = semanticNormalize(v);
    if (Array.isArray(n) && n.length === 0) continue;
    if (n && typeof n === 'object' && !Array.isArray(n) && Object.keys(n).length === 0) continue;
    out[k] = n;
  }
  return out;
}

export function semanticEqual(a: unknown, b: unknown): boolean {
  return stableStringify(semanticNormalize(a)) === stableStringify(semanticNormalize(b));
}

/**
 * controller.ComputeHash: the pod-template-hash of a template (and the Deployment's collisionCount),
 * encoded with the safe alphabet as `rand.SafeEncodeString(fmt.Sprint(hash))` does.
 */
export function computeHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  let h = fnv1a32(stableStringify(semanticNormalize(template ?? {})));
  if (collisionCount !== undefined && collisionCount !== null) h = fnv1a32(`collisionCount:${collisionCount}`, h);
  return safeEncode(String(h));
}
