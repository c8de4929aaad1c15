// Updates of a Service's cluster IPs: once allocated they cannot change.
// UPSTREAM: pkg/registry/core/service/strategy.go (normalizeClusterIPs: a changed spec.clusterIP with
// clusterIPs left as they were becomes clusterIPs[0]), pkg/apis/core/validation/validation.go
// (ValidateServiceUpdate -> validateServiceClusterIPsRelatedFieldsUpdate: "may not change once set").
// SIMPLIFICATION: only the primary family's address is checked (the sandbox is single-stack).

import type { KubeObject } from '../../api/meta';
import { invalid, type ErrorList } from './field-errors';

interface ServiceSpecLike {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
}

/** Normalise `next` in place as the strategy does, then return the update's errors. */
export function validateServiceClusterIPUpdate(next: KubeObject, old: KubeObject): ErrorList {
  const n = (next.spec ?? {}) as ServiceSpecLike;
  const o = (old.spec ?? {}) as ServiceSpecLike;
  if (n.type === 'ExternalName' || o.type === 'ExternalName') return [];
  const oldIPs = o.clusterIPs ?? (o.clusterIP ? [o.clusterIP] : []);
  if (oldIPs.length === 0) return [];
  const ipsUnchanged = JSON.stringify(n.clusterIPs ?? []) === JSON.stringify(oldIPs);
  if (n.clusterIP && n.clusterIP !== o.clusterIP && ipsUnchanged) n.clusterIPs = [n.clusterIP, ...oldIPs.slice(1)];
  const newIPs = n.clusterIPs ?? [];
  if (newIPs.length > 0 && newIPs[0] !== oldIPs[0]) return [invalid('spec.clusterIPs[0]', newIPs, 'may not change once set')];
  return [];
}
