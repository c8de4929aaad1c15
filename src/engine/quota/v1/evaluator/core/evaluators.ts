// Quota evaluators: what a pod, a claim, a service or any other object counts against a quota, which
// quota resources and scopes concern it, and the pod constraints ("must specify limits.cpu for: c").
// UPSTREAM: pkg/quota/v1/evaluator/core/{pods.go,persistent_volume_claims.go,services.go,registry.go},
//           staging/src/k8s.io/apiserver/pkg/quota/v1/generic/{evaluator.go,registry.go}
// SIMPLIFICATION: pod requests/limits sum the containers and sidecars and take the max with each plain
// init container (no pod-level resources); PVCs and object counts match unscoped quotas only; no
// VolumeAttributesClass scope.

import type { KubeObject } from '../../../../api/meta';
import type { ResourceInfo } from '../../../../api/resources';
import { getPersistentVolumeClaimClass, type PersistentVolumeClaimObject } from '../../../../api/volume';
import { add, milliValue, type Usage } from '../../resources';

export interface ScopeSelectorRequirement {
  scopeName: string;
  operator: string;
  values?: string[];
}

export interface ResourceQuotaObject extends KubeObject {
  spec?: { hard?: Record<string, string>; scopes?: string[]; scopeSelector?: { matchExpressions?: ScopeSelectorRequirement[] } };
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

/** The quota's scopes and scopeSelector as one list (getScopeSelectorsFromQuota): a scope is `Exists`. */
export function scopeSelectorsOf(q: ResourceQuotaObject): ScopeSelectorRequirement[] {
  return [
    ...(q.spec?.scopes ?? []).map((scopeName) => ({ scopeName, operator: 'Exists' })),
    ...(q.spec?.scopeSelector?.matchExpressions ?? []),
  ];
}

export interface Evaluator {
  /** which of the quota's resource names this evaluator accounts for */
  matchingResources(names: readonly string[]): string[];
  /** whether the object falls under every one of the quota's scope selectors */
  matchesScopes(obj: KubeObject, selectors: readonly ScopeSelectorRequirement[]): boolean;
  /** the object's usage; `nowMs`/`epochMs` decide whether a terminating pod still counts */
  usage(obj: KubeObject, nowMs?: number, epochMs?: number): Usage;
  /** admission-time requirements the object must meet when a quota limits `required` */
  constraints?(required: readonly string[], obj: KubeObject): string | undefined;
  /** whether updates are charged (the delta between old and new usage) */
  readonly chargesUpdates: boolean;
}

// ----- pods ------------------------------------------------------------------------------------

interface ContainerLike {
  name: string;
  restartPolicy?: string;
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
}
interface PodLike extends KubeObject {
  spec?: {
    containers?: ContainerLike[];
    initContainers?: ContainerLike[];
    activeDeadlineSeconds?: number;
    priorityClassName?: string;
    overhead?: Record<string, string>;
    affinity?: { podAffinity?: AffinityBlock; podAntiAffinity?: AffinityBlock };
  };
  status?: { phase?: string };
}
interface AffinityTerm { namespaces?: string[]; namespaceSelector?: unknown }
interface AffinityBlock {
  requiredDuringSchedulingIgnoredDuringExecution?: AffinityTerm[];
  preferredDuringSchedulingIgnoredDuringExecution?: Array<{ podAffinityTerm?: AffinityTerm }>;
}

const POD_RESOURCES = new Set([
  'pods', 'count/pods', 'cpu', 'memory', 'ephemeral-storage',
  'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
]);
/** the resources that oblige every container to state a request or limit (validationSet) */
const VALIDATION_SET = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

function isExtendedResourceName(name: string): boolean {
  return name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.');
}

function isPodQuotaResource(name: string): boolean {
  if (POD_RESOURCES.has(name)) return true;
  if (name.startsWith('hugepages-') || name.startsWith('requests.hugepages-')) return true;
  // requests.<extended>, e.g. requests.nvidia.com/gpu
  return name.startsWith('requests.') && isExtendedResourceName(name.slice('requests.'.length));
}

type Quantities = Record<string, string | number>;

/** podComputeUsageHelper: quota names for one set of requests and limits. */
function podComputeUsageHelper(requests: Quantities, limits: Quantities): Usage {
  const u: Usage = new Map([['pods', 1000]]);
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    if (requests[r] !== undefined) {
      u.set(r, milliValue(requests[r]));
      u.set(`requests.${r}`, milliValue(requests[r]));
    }
    if (limits[r] !== undefined) u.set(`limits.${r}`, milliValue(limits[r]));
  }
  for (const [r, q] of Object.entries(requests)) {
    if (r.startsWith('hugepages-')) {
      u.set(r, milliValue(q));
      u.set(`requests.${r}`, milliValue(q));
    }
    if (isExtendedResourceName(r)) u.set(`requests.${r}`, milliValue(q));
  }
  return u;
}

function sumInto(acc: Map<string, number>, list: Quantities | undefined): void {
  for (const [k, v] of Object.entries(list ?? {})) acc.set(k, (acc.get(k) ?? 0) + milliValue(v));
}
function maxInto(acc: Map<string, number>, list: Quantities | undefined): void {
  for (const [k, v] of Object.entries(list ?? {})) acc.set(k, Math.max(acc.get(k) ?? 0, milliValue(v)));
}

/** PodRequests / PodLimits, back as quantities in milli-units keyed by resource name. */
function podResources(pod: PodLike, which: 'requests' | 'limits'): Quantities {
  const acc = new Map<string, number>();
  for (const c of pod.spec?.containers ?? []) sumInto(acc, c.resources?.[which]);
  for (const c of pod.spec?.initContainers ?? []) if (c.restartPolicy === 'Always') sumInto(acc, c.resources?.[which]);
  for (const c of pod.spec?.initContainers ?? []) if (c.restartPolicy !== 'Always') maxInto(acc, c.resources?.[which]);
  if (which === 'requests') sumInto(acc, pod.spec?.overhead);
  const out: Quantities = {};
  // milliValue of `${n}m` gives n back, so these re-enter podComputeUsageHelper unchanged.
  for (const [k, v] of acc) out[k] = `${v}m`;
  return out;
}

/**
 * QuotaV1Pod: terminal pods do not count, nor pods stuck terminating past their grace period (a lost
 * node must not block scaling up).
 */
export function isPodChargeable(pod: PodLike, nowMs?: number, epochMs?: number): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return false;
  const del = pod.metadata.deletionTimestamp;
  const grace = pod.metadata.deletionGracePeriodSeconds;
  if (del && grace !== undefined && nowMs !== undefined && epochMs !== undefined) {
    if (epochMs + nowMs > Date.parse(del) + grace * 1000) return false;
  }
  return true;
}

function isBestEffort(pod: PodLike): boolean {
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  return all.every((c) => {
    const names = [...Object.keys(c.resources?.requests ?? {}), ...Object.keys(c.resources?.limits ?? {})];
    return !names.some((n) => n === 'cpu' || n === 'memory');
  });
}

function usesCrossNamespacePodAffinity(pod: PodLike): boolean {
  const crosses = (t: AffinityTerm | undefined) => !!t && ((t.namespaces?.length ?? 0) > 0 || t.namespaceSelector !== undefined);
  for (const block of [pod.spec?.affinity?.podAffinity, pod.spec?.affinity?.podAntiAffinity]) {
    if (!block) continue;
    if ((block.requiredDuringSchedulingIgnoredDuringExecution ?? []).some(crosses)) return true;
    if ((block.preferredDuringSchedulingIgnoredDuringExecution ?? []).some((w) => crosses(w.podAffinityTerm))) return true;
  }
  return false;
}

/** podMatchesScopeFunc for one selector. */
function podMatchesScope(pod: PodLike, sel: ScopeSelectorRequirement): boolean {
  switch (sel.scopeName) {
    case 'Terminating':
      return pod.spec?.activeDeadlineSeconds !== undefined && pod.spec.activeDeadlineSeconds >= 0;
    case 'NotTerminating':
      return !(pod.spec?.activeDeadlineSeconds !== undefined && pod.spec.activeDeadlineSeconds >= 0);
    case 'BestEffort':
      return isBestEffort(pod);
    case 'NotBestEffort':
      return !isBestEffort(pod);
    case 'CrossNamespacePodAffinity':
      return usesCrossNamespacePodAffinity(pod);
    case 'PriorityClass': {
      const pc = pod.spec?.priorityClassName ?? '';
      // Exists checks for a class name; the others evaluate a label selector over {PriorityClass: name},
      // where the key is always present.
      switch (sel.operator) {
        case 'Exists': return pc !== '';
        case 'DoesNotExist': return false;
        case 'In': return (sel.values ?? []).includes(pc);
        case 'NotIn': return !(sel.values ?? []).includes(pc);
        default: return false;
      }
    }
    default:
      return false;
  }
}

export const podEvaluator: Evaluator = {
  chargesUpdates: false,
  matchingResources: (names) => names.filter(isPodQuotaResource),
  matchesScopes: (obj, selectors) => selectors.every((s) => podMatchesScope(obj as PodLike, s)),
  usage(obj, nowMs, epochMs) {
    const pod = obj as PodLike;
    // count/pods tracks every pod in storage; `pods` and compute only those not at end of life.
    const result: Usage = new Map([['count/pods', 1000]]);
    if (!isPodChargeable(pod, nowMs, epochMs)) return result;
    return add(result, podComputeUsageHelper(podResources(pod, 'requests'), podResources(pod, 'limits')));
  },
  constraints(required, obj) {
    const pod = obj as PodLike;
    const requiredSet = required.filter((r) => VALIDATION_SET.has(r));
    const missing = new Map<string, Set<string>>();
    for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
      const have = podComputeUsageHelper(c.resources?.requests ?? {}, c.resources?.limits ?? {});
      for (const r of requiredSet) {
        if (!have.has(r)) (missing.get(r) ?? missing.set(r, new Set()).get(r)!).add(c.name);
      }
    }
    if (missing.size === 0) return undefined;
    const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
    return `must specify ${parts.join('; ')}`;
  },
};

// ----- persistent volume claims ----------------------------------------------------------------

const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';

export const persistentVolumeClaimEvaluator: Evaluator = {
  chargesUpdates: true,
  matchingResources: (names) => names.filter((n) =>
    n === 'persistentvolumeclaims' || n === 'count/persistentvolumeclaims' || n === 'requests.storage' ||
    (n.includes(STORAGE_CLASS_SUFFIX) && (n.endsWith('/requests.storage') || n.endsWith('/persistentvolumeclaims')))),
  matchesScopes: (_obj, selectors) => selectors.length === 0,
  usage(obj) {
    const claim = obj as PersistentVolumeClaimObject & { status?: { allocatedResources?: Record<string, string> } };
    const u: Usage = new Map([['persistentvolumeclaims', 1000], ['count/persistentvolumeclaims', 1000]]);
    const cls = getPersistentVolumeClaimClass(claim);
    if (cls) u.set(`${cls}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`, 1000);
    const requested = claim.spec?.resources?.requests?.storage;
    const allocated = claim.status?.allocatedResources?.storage;
    if (requested !== undefined || allocated !== undefined) {
      const storage = Math.max(milliValue(requested), milliValue(allocated));
      u.set('requests.storage', storage);
      if (cls) u.set(`${cls}${STORAGE_CLASS_SUFFIX}requests.storage`, storage);
    }
    return u;
  },
};

// ----- services and object counts --------------------------------------------------------------

export const serviceEvaluator: Evaluator = {
  chargesUpdates: true,
  matchingResources: (names) => names.filter((n) => ['services', 'count/services', 'services.loadbalancers', 'services.nodeports'].includes(n)),
  matchesScopes: (_obj, selectors) => selectors.length === 0,
  usage(obj) {
    const spec = (obj as { spec?: { type?: string; ports?: unknown[] } }).spec;
    const u: Usage = new Map([['services', 1000], ['count/services', 1000], ['services.loadbalancers', 0], ['services.nodeports', 0]]);
    const ports = spec?.ports?.length ?? 0;
    if (spec?.type === 'NodePort') u.set('services.nodeports', ports * 1000);
    if (spec?.type === 'LoadBalancer') {
      u.set('services.loadbalancers', 1000);
      u.set('services.nodeports', ports * 1000);
    }
    return u;
  },
};

/** Names the legacy core object counts still answer to (`configmaps` as well as `count/configmaps`). */
const LEGACY_COUNT_NAMES = new Set(['configmaps', 'secrets', 'resourcequotas', 'replicationcontrollers']);

/** The object-count evaluator for any other namespaced resource: `count/<resource>[.<group>]`. */
export function objectCountEvaluator(r: ResourceInfo): Evaluator {
  const countName = r.group ? `count/${r.resource}.${r.group}` : `count/${r.resource}`;
  const names = [countName, ...(!r.group && LEGACY_COUNT_NAMES.has(r.resource) ? [r.resource] : [])];
  return {
    chargesUpdates: false,
    matchingResources: (hard) => hard.filter((n) => names.includes(n)),
    matchesScopes: (_obj, selectors) => selectors.length === 0,
    usage: () => new Map(names.map((n) => [n, 1000])),
  };
}

/** The evaluator the quota system uses for a resource. */
export function evaluatorFor(r: ResourceInfo): Evaluator {
  if (r.group === '' && r.resource === 'pods') return podEvaluator;
  if (r.group === '' && r.resource === 'persistentvolumeclaims') return persistentVolumeClaimEvaluator;
  if (r.group === '' && r.resource === 'services') return serviceEvaluator;
  return objectCountEvaluator(r);
}
