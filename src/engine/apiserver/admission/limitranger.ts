// The LimitRanger admission plugin: containers of a new pod get the LimitRanges' default requests and
// limits (and the kubernetes.io/limit-ranger annotation saying so); then pods and claims are held to
// each range's min, max and maxLimitRequestRatio. Also the LimitRange defaulting the API server applies.
// UPSTREAM: plugin/pkg/admission/limitranger/admission.go, pkg/apis/core/v1/defaults.go (SetDefaults_LimitRangeItem)
// SIMPLIFICATION: Go iterates resource maps in random order; here resources go in name order. No
// pod-level resources; no LimitRange validation (min <= default <= max).

import type { ApiStatus, KubeObject } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { forbidden } from '../errors';
import { canonicalQuantity, milliValue } from '../../quota/v1/resources';

type Quantities = Record<string, string>;

export interface LimitRangeItem {
  type: string;
  min?: Quantities;
  max?: Quantities;
  default?: Quantities;
  defaultRequest?: Quantities;
  maxLimitRequestRatio?: Quantities;
}
export interface LimitRangeObject extends KubeObject {
  spec?: { limits?: LimitRangeItem[] };
}

/** Read access to a namespace's LimitRanges (upstream: the plugin's lister). */
export type LimitRangeLister = (namespace: string) => readonly LimitRangeObject[];

export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

interface Container {
  name: string;
  resources?: { requests?: Quantities; limits?: Quantities };
}
interface PodLike extends KubeObject {
  spec?: { containers?: Container[]; initContainers?: Container[] };
}

/**
 * SetDefaults_LimitRangeItem: for a Container item a missing default limit comes from max, a missing
 * default request from the default limit, then from min.
 */
export function defaultLimitRange(lr: LimitRangeObject): void {
  for (const item of lr.spec?.limits ?? []) {
    if (item.type !== 'Container') continue;
    const def = (item.default = { ...item.default });
    const req = (item.defaultRequest = { ...item.defaultRequest });
    for (const [k, v] of Object.entries(item.max ?? {})) def[k] ??= v;
    for (const [k, v] of Object.entries(def)) req[k] ??= v;
    for (const [k, v] of Object.entries(item.min ?? {})) req[k] ??= v;
  }
}

/** Both admission phases skip pod updates (containers cannot change) and objects being deleted. */
function supports(resource: ResourceInfo, obj: KubeObject, old: KubeObject | undefined): boolean {
  if (resource.group !== '' || obj.metadata.deletionTimestamp) return false;
  if (resource.resource === 'pods') return old === undefined;
  return resource.resource === 'persistentvolumeclaims';
}

/** defaultContainerResourceRequirements: the Container items' defaultRequest and default, merged. */
function defaultRequirements(lr: LimitRangeObject): { requests: Quantities; limits: Quantities } {
  const requests: Quantities = {};
  const limits: Quantities = {};
  for (const item of lr.spec?.limits ?? []) {
    if (item.type !== 'Container') continue;
    Object.assign(requests, item.defaultRequest);
    Object.assign(limits, item.default);
  }
  return { requests, limits };
}

/** mergeContainerResources: fill what the container leaves out; the annotation notes what was set. */
function mergeContainerResources(c: Container, defaults: { requests: Quantities; limits: Quantities }, prefix: string, notes: string[]): void {
  const limits: Quantities = { ...c.resources?.limits };
  const requests: Quantities = { ...c.resources?.requests };
  const setLimits: string[] = [];
  const setRequests: string[] = [];
  for (const [k, v] of Object.entries(defaults.limits)) if (!(k in limits)) { limits[k] = v; setLimits.push(k); }
  for (const [k, v] of Object.entries(defaults.requests)) if (!(k in requests)) { requests[k] = v; setRequests.push(k); }
  if (setLimits.length || setRequests.length) {
    c.resources = { ...c.resources };
    if (Object.keys(limits).length) c.resources.limits = limits;
    if (Object.keys(requests).length) c.resources.requests = requests;
  }
  if (setRequests.length) notes.push(`${setRequests.sort().join(', ')} request for ${prefix} ${c.name}`);
  if (setLimits.length) notes.push(`${setLimits.sort().join(', ')} limit for ${prefix} ${c.name}`);
}

/** Admit (mutating phase): PodMutateLimitFunc for each LimitRange of the namespace. */
export function mutateLimitRanges(resource: ResourceInfo, obj: KubeObject, old: KubeObject | undefined, lister: LimitRangeLister): void {
  if (!supports(resource, obj, old) || resource.resource !== 'pods') return;
  const pod = obj as PodLike;
  for (const lr of lister(obj.metadata.namespace ?? 'default')) {
    const defaults = defaultRequirements(lr);
    const notes: string[] = [];
    for (const c of pod.spec?.containers ?? []) mergeContainerResources(c, defaults, 'container', notes);
    for (const c of pod.spec?.initContainers ?? []) mergeContainerResources(c, defaults, 'init container', notes);
    if (notes.length) obj.metadata.annotations = { ...obj.metadata.annotations, [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}` };
  }
}

function minConstraint(type: string, name: string, enforced: string, requests: Quantities, limits: Quantities): string | undefined {
  const e = canonicalQuantity(enforced);
  if (!(name in requests)) return `minimum ${name} usage per ${type} is ${e}.  No request is specified`;
  if (milliValue(requests[name]) < milliValue(enforced)) return `minimum ${name} usage per ${type} is ${e}, but request is ${canonicalQuantity(requests[name])}`;
  if (name in limits && milliValue(limits[name]) < milliValue(enforced)) return `minimum ${name} usage per ${type} is ${e}, but limit is ${canonicalQuantity(limits[name])}`;
  return undefined;
}

function maxConstraint(type: string, name: string, enforced: string, requests: Quantities, limits: Quantities): string | undefined {
  const e = canonicalQuantity(enforced);
  if (!(name in limits)) return `maximum ${name} usage per ${type} is ${e}.  No limit is specified`;
  if (milliValue(limits[name]) > milliValue(enforced)) return `maximum ${name} usage per ${type} is ${e}, but limit is ${canonicalQuantity(limits[name])}`;
  if (name in requests && milliValue(requests[name]) > milliValue(enforced)) return `maximum ${name} usage per ${type} is ${e}, but request is ${canonicalQuantity(requests[name])}`;
  return undefined;
}

/** maxRequestConstraint: a claim's max is checked against what it requests. */
function maxRequestConstraint(type: string, name: string, enforced: string, requests: Quantities): string | undefined {
  const e = canonicalQuantity(enforced);
  if (!(name in requests)) return `maximum ${name} usage per ${type} is ${e}.  No request is specified`;
  if (milliValue(requests[name]) > milliValue(enforced)) return `maximum ${name} usage per ${type} is ${e}, but request is ${canonicalQuantity(requests[name])}`;
  return undefined;
}

/**
 * limitRequestRatioConstraint. Worked example: ratio 2, request 100m, limit 250m: observed 2.5 > 2,
 * "cpu max limit to request ratio per Container is 2, but provided ratio is 2.500000".
 */
function limitRequestRatioConstraint(type: string, name: string, enforced: string, requests: Quantities, limits: Quantities): string | undefined {
  const e = canonicalQuantity(enforced);
  const req = name in requests ? milliValue(requests[name]) : 0;
  const lim = name in limits ? milliValue(limits[name]) : 0;
  if (req === 0) return `${name} max limit to request ratio per ${type} is ${e}, but no request is specified or request is 0`;
  if (lim === 0) return `${name} max limit to request ratio per ${type} is ${e}, but no limit is specified or limit is 0`;
  const ratio = lim / req;
  if (ratio * 1000 > milliValue(enforced)) return `${name} max limit to request ratio per ${type} is ${e}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
}

const sortedEntries = (q: Quantities | undefined) => Object.entries(q ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

function checkItem(item: LimitRangeItem, requests: Quantities, limits: Quantities, errs: string[]): void {
  for (const [k, v] of sortedEntries(item.min)) { const e = minConstraint(item.type, k, v, requests, limits); if (e) errs.push(e); }
  for (const [k, v] of sortedEntries(item.max)) { const e = maxConstraint(item.type, k, v, requests, limits); if (e) errs.push(e); }
  for (const [k, v] of sortedEntries(item.maxLimitRequestRatio)) { const e = limitRequestRatioConstraint(item.type, k, v, requests, limits); if (e) errs.push(e); }
}

/** The pod's requests (or limits): containers summed, then the max with each init container. */
function podTotals(pod: PodLike, which: 'requests' | 'limits'): Quantities {
  const acc = new Map<string, number>();
  for (const c of pod.spec?.containers ?? []) for (const [k, v] of Object.entries(c.resources?.[which] ?? {})) acc.set(k, (acc.get(k) ?? 0) + milliValue(v));
  for (const c of pod.spec?.initContainers ?? []) for (const [k, v] of Object.entries(c.resources?.[which] ?? {})) acc.set(k, Math.max(acc.get(k) ?? 0, milliValue(v)));
  const out: Quantities = {};
  for (const [k, v] of acc) out[k] = `${v}m`;
  return out;
}

function podValidateLimits(lr: LimitRangeObject, pod: PodLike): string[] {
  const errs: string[] = [];
  for (const item of lr.spec?.limits ?? []) {
    if (item.type === 'Container') {
      for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
        checkItem(item, c.resources?.requests ?? {}, c.resources?.limits ?? {}, errs);
      }
    }
    if (item.type === 'Pod') checkItem(item, podTotals(pod, 'requests'), podTotals(pod, 'limits'), errs);
  }
  return errs;
}

function claimValidateLimits(lr: LimitRangeObject, claim: KubeObject): string[] {
  const errs: string[] = [];
  const requests = ((claim.spec as { resources?: { requests?: Quantities } } | undefined)?.resources?.requests) ?? {};
  for (const item of lr.spec?.limits ?? []) {
    if (item.type !== 'PersistentVolumeClaim') continue;
    for (const [k, v] of sortedEntries(item.min)) { const e = minConstraint(item.type, k, v, requests, {}); if (e) errs.push(e); }
    for (const [k, v] of sortedEntries(item.max)) { const e = maxRequestConstraint(item.type, k, v, requests); if (e) errs.push(e); }
  }
  return errs;
}

/** utilerrors.NewAggregate(...).Error(): one message alone, several deduplicated in brackets. */
export function aggregateMessage(msgs: readonly string[]): string {
  const seen = [...new Set(msgs)];
  return seen.length === 1 ? seen[0] : `[${seen.join(', ')}]`;
}

/** Validate (validating phase): every LimitRange of the namespace, errors aggregated into one Forbidden. */
export function validateLimitRanges(resource: ResourceInfo, obj: KubeObject, old: KubeObject | undefined, lister: LimitRangeLister, displayName: string): ApiStatus | undefined {
  if (!supports(resource, obj, old)) return undefined;
  const errs: string[] = [];
  for (const lr of lister(obj.metadata.namespace ?? 'default')) {
    errs.push(...(resource.resource === 'pods' ? podValidateLimits(lr, obj as PodLike) : claimValidateLimits(lr, obj)));
  }
  return errs.length ? forbidden(resource, displayName, aggregateMessage(errs)) : undefined;
}
