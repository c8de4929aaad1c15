// The ResourceQuota admission plugin: a create (or a charged update) must fit every quota of its
// namespace that matches it; the quotas' status.used is raised at once, before the object is stored,
// so two creates in a row cannot both squeeze under the limit. The quota controller later recomputes.
// UPSTREAM: plugin/pkg/admission/resourcequota/{admission.go,controller.go (checkRequest)}
// SIMPLIFICATION: no admission configuration (limitedResources); charges are written straight to the
// quotas' status instead of being batched by a per-namespace worker.

import type { ApiStatus, KubeObject } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { forbidden } from '../errors';
import { evaluatorFor, scopeSelectorsOf, type ResourceQuotaObject } from '../../quota/v1/evaluator/core/evaluators';
import { add, lessThanOrEqual, mask, prettyPrint, removeZeros, subtract, toResourceList, toUsage } from '../../quota/v1/resources';

/** What the plugin reads and writes (upstream: its quota lister and the quota status client). */
export interface ResourceQuotaAccessor {
  list(namespace: string): readonly ResourceQuotaObject[];
  /** write the quota's status (status subresource); returns an error message on failure */
  updateStatus(quota: ResourceQuotaObject): string | undefined;
}

/** hasUsageStats: every hard resource the request cares about has a used value already. */
function hasUsageStats(q: ResourceQuotaObject, interesting: readonly string[]): boolean {
  const hard = q.status?.hard ?? {};
  return interesting.every((r) => !(r in hard) || (q.status?.used ?? {})[r] !== undefined);
}

/**
 * Validate a create (`old` undefined) or an update of `obj` against the namespace's quotas, charging
 * them on success. Returns the Forbidden status when a quota refuses.
 */
export function admitResourceQuota(
  resource: ResourceInfo, obj: KubeObject, old: KubeObject | undefined, quotas: ResourceQuotaAccessor, displayName: string,
): ApiStatus | undefined {
  if (!resource.namespaced) return undefined;
  const evaluator = evaluatorFor(resource);
  if (old && !evaluator.chargesUpdates) return undefined;
  const namespace = obj.metadata.namespace ?? 'default';
  const all = quotas.list(namespace);
  if (all.length === 0) return undefined;

  const interesting: ResourceQuotaObject[] = [];
  for (const q of all) {
    const hardNames = Object.keys(q.status?.hard ?? {});
    const restricted = evaluator.matchingResources(hardNames);
    if (restricted.length === 0 || !evaluator.matchesScopes(obj, scopeSelectorsOf(q))) continue;
    const failed = evaluator.constraints?.(restricted, obj);
    if (failed) return forbidden(resource, displayName, `failed quota: ${q.metadata.name}: ${failed}`);
    if (!hasUsageStats(q, restricted)) {
      return forbidden(resource, displayName, `status unknown for quota: ${q.metadata.name}, resources: ${[...restricted].sort().join(',')}`);
    }
    interesting.push(q);
  }
  if (interesting.length === 0) return undefined;

  // Only the delta is charged: on update, what the object already used is subtracted.
  let delta = evaluator.usage(obj);
  if (old) {
    delta = subtract(delta, evaluator.usage(old));
    // An update never gives quota back here; the controller does that.
    for (const [k, v] of delta) if (v < 0) delta.delete(k);
  }
  delta = removeZeros(delta);
  if (delta.size === 0) return undefined;

  const updates: ResourceQuotaObject[] = [];
  for (const q of interesting) {
    const hard = q.status?.hard ?? {};
    const hardUsage = toUsage(hard);
    const used = toUsage(q.status?.used);
    const requested = mask(delta, Object.keys(hard));
    const newUsage = add(used, requested);
    const check = lessThanOrEqual(mask(newUsage, requested.keys()), hardUsage);
    if (!check.allowed) {
      return forbidden(resource, displayName, `exceeded quota: ${q.metadata.name}, requested: ${prettyPrint(toResourceList(mask(requested, check.exceeded), hard))}, ` +
        `used: ${prettyPrint(toResourceList(mask(used, check.exceeded), hard))}, limited: ${prettyPrint(toResourceList(mask(hardUsage, check.exceeded), hard))}`);
    }
    if (requested.size > 0) updates.push({ ...q, status: { ...q.status, used: toResourceList(mask(newUsage, Object.keys(hard)), hard) } });
  }
  for (const q of updates) {
    const err = quotas.updateStatus(q);
    if (err) return forbidden(resource, displayName, err);
  }
  return undefined;
}
