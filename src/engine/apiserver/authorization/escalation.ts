// RBAC privilege-escalation prevention, as the rbac registry's policy-based storage does it: a user
// may create or update a Role/ClusterRole only with rules they already hold (or with the `escalate`
// verb on it), and a RoleBinding/ClusterRoleBinding only to a role whose rules they hold (or with the
// `bind` verb on it). system:masters is never checked.
// UPSTREAM: pkg/registry/rbac/{role,clusterrole,rolebinding,clusterrolebinding}/policybased/storage.go,
// pkg/registry/rbac/escalation_check.go (EscalationAllowed, RoleEscalationAuthorized, BindingAuthorized),
// pkg/registry/rbac/validation/rule.go (ConfirmNoEscalation), validation/policy_comparator.go (Covers),
// pkg/apis/rbac/v1/helpers.go (CompactString), pkg/registry/rbac/validation/internal_version_adapter.go
// SIMPLIFICATION: only requests a person sends (kubectl) are checked; the controllers' writes (the
// clusterrole aggregation controller) are trusted, as they are not authorized at all here. A request's
// path shows the refusal at the admission stage (upstream: the registry's Create/Update).

import type { ApiStatus, KubeObject } from '../../api/meta';
import type { ClusterRoleObject, PolicyRule, RoleBindingObject, RoleObject, UserInfo } from '../../api/rbac';
import type { ResourceInfo } from '../../api/resources';
import { forbidden } from '../errors';
import { authorize, roleReferenceRules, rulesFor, type RbacLister } from './rbac';

/** user.SystemPrivilegedGroup */
export const SYSTEM_PRIVILEGED_GROUP = 'system:masters';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const ROLE_RESOURCES = new Set(['roles', 'clusterroles']);
const BINDING_RESOURCES = new Set(['rolebindings', 'clusterrolebindings']);

/** Whether a write of this resource goes through the policy-based storage. */
export function isPolicyBasedResource(r: ResourceInfo): boolean {
  return r.group === RBAC_GROUP && (ROLE_RESOURCES.has(r.resource) || BINDING_RESOURCES.has(r.resource));
}

/** EscalationAllowed: members of system:masters can always do anything. */
export function escalationAllowed(user: UserInfo): boolean {
  return user.groups.includes(SYSTEM_PRIVILEGED_GROUP);
}

/** RoleEscalationAuthorized: the user holds `escalate` on the role being written. */
export function roleEscalationAuthorized(lister: RbacLister, user: UserInfo, resource: string, namespace: string | undefined, name: string): boolean {
  if (!ROLE_RESOURCES.has(resource)) return false;
  return authorize(lister, { user, verb: 'escalate', apiGroup: RBAC_GROUP, resource, ...(namespace ? { namespace } : {}), ...(name ? { name } : {}) }).allowed;
}

/** BindingAuthorized: the user holds `bind` on the referenced role, in the binding's namespace. */
export function bindingAuthorized(lister: RbacLister, user: UserInfo, roleRef: RoleBindingObject['roleRef'], bindingNamespace: string | undefined): boolean {
  const resource = roleRef.kind === 'ClusterRole' ? 'clusterroles' : roleRef.kind === 'Role' ? 'roles' : undefined;
  if (!resource) return false;
  return authorize(lister, { user, verb: 'bind', apiGroup: roleRef.apiGroup, resource, name: roleRef.name, ...(bindingNamespace ? { namespace: bindingNamespace } : {}) }).allowed;
}

/** BreakdownRule: one rule per group x resource x verb (x resourceName), and per URL x verb. */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs ?? []) {
        if ((rule.resourceNames ?? []).length > 0) {
          for (const name of rule.resourceNames!) out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
        } else {
          out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) {
    for (const verb of rule.verbs ?? []) out.push({ nonResourceURLs: [url], verbs: [verb] });
  }
  return out;
}

const has = (set: readonly string[] | undefined, x: string) => (set ?? []).includes(x);
const hasAll = (set: readonly string[] | undefined, xs: readonly string[] | undefined) => (xs ?? []).every((x) => has(set, x));

function resourceCoversAll(owner: readonly string[] | undefined, covers: readonly string[] | undefined): boolean {
  if (has(owner, '*') || hasAll(owner, covers)) return true;
  for (const path of covers ?? []) {
    if (has(owner, path)) continue;
    const slash = path.indexOf('/');
    // Not a subresource: no match. A subresource is covered by `*/<subresource>`.
    if (slash < 0 || !has(owner, `*/${path.slice(slash + 1)}`)) return false;
  }
  return true;
}

function nonResourceURLCovers(ownerPath: string, subPath: string): boolean {
  if (ownerPath === subPath) return true;
  return ownerPath.endsWith('*') && subPath.startsWith(ownerPath.replace(/\*+$/, ''));
}

/** ruleCovers: whether an owner rule covers an atomic (broken down) rule. */
function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = has(owner.verbs, '*') || hasAll(owner.verbs, sub.verbs);
  const groups = has(owner.apiGroups, '*') || hasAll(owner.apiGroups, sub.apiGroups);
  const resources = resourceCoversAll(owner.resources, sub.resources);
  const urls = (sub.nonResourceURLs ?? []).every((p) => (owner.nonResourceURLs ?? []).some((o) => nonResourceURLCovers(o, p)));
  const names = (sub.resourceNames ?? []).length === 0 ? (owner.resourceNames ?? []).length === 0 : (owner.resourceNames ?? []).length === 0 || hasAll(owner.resourceNames, sub.resourceNames);
  return verbs && groups && resources && names && urls;
}

/** Covers: whether the owner's rules cover every servant rule, and the atomic rules that are not covered. */
export function covers(ownerRules: readonly PolicyRule[], servantRules: readonly PolicyRule[]): { covered: boolean; missing: PolicyRule[] } {
  const missing = servantRules.flatMap(breakdownRule).filter((sub) => !ownerRules.some((o) => ruleCovers(o, sub)));
  return { covered: missing.length === 0, missing };
}

/**
 * CompactRules: rules for one group and one resource (and at most one resourceName), without URLs,
 * merge their verbs; the rest stay as they are.
 */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules) {
    const isSimple = (r.resourceNames ?? []).length <= 1 && (r.nonResourceURLs ?? []).length === 0 && (r.apiGroups ?? []).length === 1 && (r.resources ?? []).length === 1;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups![0], r.resources![0], (r.resourceNames ?? []).length > 0, r.resourceNames?.[0] ?? '']);
    const existing = simple.get(key);
    if (existing) existing.verbs = [...existing.verbs, ...r.verbs];
    else simple.set(key, { ...r, verbs: [...r.verbs] });
  }
  return [...out, ...simple.values()];
}

/** Go's %q of a []string: `["" "apps"]`. */
function quoteList(xs: readonly string[]): string {
  return `[${xs.map((x) => JSON.stringify(x)).join(' ')}]`;
}

/** CompactString: `{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}`. */
export function compactString(r: PolicyRule): string {
  const parts: string[] = [];
  if ((r.apiGroups ?? []).length > 0) parts.push(`APIGroups:${quoteList(r.apiGroups!)}`);
  if ((r.resources ?? []).length > 0) parts.push(`Resources:${quoteList(r.resources!)}`);
  if ((r.nonResourceURLs ?? []).length > 0) parts.push(`NonResourceURLs:${quoteList(r.nonResourceURLs!)}`);
  if ((r.resourceNames ?? []).length > 0) parts.push(`ResourceNames:${quoteList(r.resourceNames!)}`);
  if ((r.verbs ?? []).length > 0) parts.push(`Verbs:${quoteList(r.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/**
 * ConfirmNoEscalation: undefined when the user's rules in `namespace` ('' = cluster-wide only) cover
 * `rules`; else the error text listing what is missing (sorted, one rule a line).
 */
export function confirmNoEscalation(lister: RbacLister, user: UserInfo, namespace: string, rules: readonly PolicyRule[]): string | undefined {
  const owner = rulesFor(lister, user, namespace);
  const { covered, missing } = covers(owner.rules, rules);
  if (covered) return undefined;
  const descriptions = [...new Set(compactRules(missing).map(compactString))].sort();
  let msg = `user ${JSON.stringify(user.username)} (groups=${quoteList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${descriptions.join('\n')}`;
  if (owner.errors.length > 0) msg += `; resolution errors: [${owner.errors.join(' ')}]`;
  return msg;
}

/** fullAuthorityRules: what setting an aggregationRule needs (it can gather anything). */
const FULL_AUTHORITY_RULES: PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];

/** IsOnlyMutatingGCFields: the update changes nothing but ownerReferences and finalizers. */
function isOnlyMutatingGCFields(obj: KubeObject, old: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { ownerReferences: _o, finalizers: _f, resourceVersion: _r, managedFields: _m, ...meta } = o.metadata as Record<string, unknown>;
    return JSON.stringify(sortKeys({ ...o, metadata: meta }));
  };
  return strip(obj) === strip(old);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
}

/**
 * The policy-based storage's check of a create (`old` undefined) or update of an RBAC object by
 * `user`: the Forbidden status, or undefined when the write may go on.
 */
export function checkEscalation(lister: RbacLister, user: UserInfo, r: ResourceInfo, obj: KubeObject, old?: KubeObject): ApiStatus | undefined {
  if (!isPolicyBasedResource(r) || escalationAllowed(user)) return undefined;
  const namespace = r.namespaced ? (obj.metadata?.namespace || 'default') : undefined;
  const name = obj.metadata?.name ?? '';
  if (old && isOnlyMutatingGCFields(obj, old)) return undefined;
  if (ROLE_RESOURCES.has(r.resource)) {
    // RoleEscalationAuthorized reads the request's name: none on a create (POST to the collection).
    if (roleEscalationAuthorized(lister, user, r.resource, namespace, old ? name : '')) return undefined;
    const err = confirmNoEscalation(lister, user, namespace ?? '', (obj as RoleObject).rules ?? []);
    if (err) return forbidden(r, name, err);
    if (r.resource === 'clusterroles') {
      const rule = (obj as ClusterRoleObject).aggregationRule;
      const oldRule = (old as ClusterRoleObject | undefined)?.aggregationRule;
      const hasRule = (x: ClusterRoleObject['aggregationRule']) => (x?.clusterRoleSelectors ?? []).length > 0;
      // Setting (or, on update, changing) an aggregationRule needs * on *.*.
      const touched = old ? (hasRule(rule) || hasRule(oldRule)) && JSON.stringify(sortKeys(rule ?? null)) !== JSON.stringify(sortKeys(oldRule ?? null)) : hasRule(rule);
      if (touched && confirmNoEscalation(lister, user, '', FULL_AUTHORITY_RULES)) {
        return forbidden(r, name, 'must have cluster-admin privileges to use the aggregationRule');
      }
    }
    return undefined;
  }
  const binding = obj as RoleBindingObject;
  if (!binding.roleRef) return undefined;
  if (bindingAuthorized(lister, user, binding.roleRef, namespace)) return undefined;
  const rules = roleReferenceRules(lister, binding.roleRef, namespace ?? '');
  if ('err' in rules) return forbidden(r, name, rules.err);
  const err = confirmNoEscalation(lister, user, namespace ?? '', rules.rules);
  return err ? forbidden(r, name, err) : undefined;
}
