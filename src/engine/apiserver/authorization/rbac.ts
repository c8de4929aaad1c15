// The RBAC authorizer: which bindings apply to a user, which rules their roles hold, and whether a
// rule covers a request. The same visitor answers `kubectl auth can-i` and `--list`.
// UPSTREAM: plugin/pkg/auth/authorizer/rbac/rbac.go (Authorize, RulesFor), pkg/registry/rbac/validation/rule.go
// (VisitRulesFor, appliesTo), pkg/apis/rbac/v1/evaluation_helpers.go (VerbMatches, ResourceMatches ...),
// staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go (forbiddenMessage)
// SIMPLIFICATION: RBAC is the only authorizer (no Node authorizer, no system:masters short cut: the
// cluster-admin binding covers it); controllers, the scheduler and kubelets are not authorized at all.

import { compareStrings, type ApiStatus } from '../../api/meta';
import type { AuthorizationDecision, AuthorizationGrant, ClusterRoleObject, PolicyRule, RequestAttributes, RoleBindingObject, RoleObject, Subject, UserInfo } from '../../api/rbac';
import { RESOURCES, type ResourceInfo } from '../../api/resources';
import { forbidden } from '../errors';

/** What the authorizer reads (upstream: its informers' listers). */
export interface RbacLister {
  role(namespace: string, name: string): RoleObject | undefined;
  clusterRole(name: string): ClusterRoleObject | undefined;
  roleBindings(namespace: string): RoleBindingObject[];
  clusterRoleBindings(): RoleBindingObject[];
}

export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/** `system:serviceaccount:<ns>:<name>` -> [ns, name], or undefined for other user names. */
export function splitServiceAccountUsername(username: string): [string, string] | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_PREFIX.length).split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return [parts[0], parts[1]];
}

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === '*' || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === '*' || g === group);
}

/** `*`, the resource (`pods`), the resource with its subresource (`pods/log`), or `*\/log`. */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === '*' || r === combined) return true;
    if (!subresource) continue;
    if (r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === '*' || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.slice(0, -1))) return true;
  }
  return false;
}

export function ruleAllows(attrs: RequestAttributes, rule: PolicyRule): boolean {
  if (attrs.resource !== undefined) {
    const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
    return verbMatches(rule, attrs.verb) && apiGroupMatches(rule, attrs.apiGroup ?? '') && resourceMatches(rule, combined, attrs.subresource ?? '') && resourceNameMatches(rule, attrs.name ?? '');
  }
  return verbMatches(rule, attrs.verb) && nonResourceURLMatches(rule, attrs.path ?? '');
}

/** appliesTo: the first subject of a binding that names this user (directly, by group, or as a ServiceAccount). */
export function appliesTo(user: UserInfo, subjects: readonly Subject[], bindingNamespace: string): Subject | undefined {
  return subjects.find((s) => {
    switch (s.kind) {
      case 'User':
        return s.name === user.username;
      case 'Group':
        return user.groups.includes(s.name);
      case 'ServiceAccount': {
        const ns = s.namespace || bindingNamespace;
        return !!ns && user.username === `${SERVICE_ACCOUNT_PREFIX}${ns}:${s.name}`;
      }
      default:
        return false;
    }
  });
}

type Visitor = (source: Omit<AuthorizationGrant, 'rule'> & { subject: Subject } | undefined, rule: PolicyRule | undefined, err: string | undefined) => boolean;

/** GetRoleReferenceRules: the rules of the role a binding refers to, or the lookup error. */
export function roleReferenceRules(lister: RbacLister, ref: RoleBindingObject['roleRef'], namespace: string): { rules: PolicyRule[] } | { err: string } {
  if (ref.kind === 'Role') {
    const role = lister.role(namespace, ref.name);
    return role ? { rules: role.rules ?? [] } : { err: `role.rbac.authorization.k8s.io "${ref.name}" not found` };
  }
  if (ref.kind === 'ClusterRole') {
    const role = lister.clusterRole(ref.name);
    return role ? { rules: role.rules ?? [] } : { err: `clusterrole.rbac.authorization.k8s.io "${ref.name}" not found` };
  }
  return { err: `unsupported role reference kind: "${ref.kind}"` };
}

/**
 * VisitRulesFor: every rule that applies to `user` in `namespace` (ClusterRoleBindings first, then
 * the namespace's RoleBindings, in name order), with where it came from. Stops when `visit` returns false.
 */
export function visitRulesFor(lister: RbacLister, user: UserInfo, namespace: string, visit: Visitor): void {
  const byName = (a: RoleBindingObject, b: RoleBindingObject) => compareStrings(a.metadata.name ?? '', b.metadata.name ?? '');
  for (const crb of [...lister.clusterRoleBindings()].sort(byName)) {
    const subject = appliesTo(user, crb.subjects ?? [], '');
    if (!subject) continue;
    const r = roleReferenceRules(lister, crb.roleRef, '');
    if ('err' in r) {
      if (!visit(undefined, undefined, r.err)) return;
      continue;
    }
    const source = { bindingKind: 'ClusterRoleBinding' as const, binding: crb.metadata.name ?? '', roleKind: 'ClusterRole' as const, role: crb.roleRef.name, subject };
    for (const rule of r.rules) if (!visit(source, rule, undefined)) return;
  }
  if (!namespace) return;
  for (const rb of [...lister.roleBindings(namespace)].sort(byName)) {
    const subject = appliesTo(user, rb.subjects ?? [], namespace);
    if (!subject) continue;
    const r = roleReferenceRules(lister, rb.roleRef, namespace);
    if ('err' in r) {
      if (!visit(undefined, undefined, r.err)) return;
      continue;
    }
    const source = {
      bindingKind: 'RoleBinding' as const, binding: `${namespace}/${rb.metadata.name ?? ''}`,
      roleKind: rb.roleRef.kind === 'Role' ? 'Role' as const : 'ClusterRole' as const, role: rb.roleRef.name, subject,
    };
    for (const rule of r.rules) if (!visit(source, rule, undefined)) return;
  }
}

/** RBACAuthorizer.Authorize: allowed with the rule that matched, or denied with RBAC's reason (role lookups that failed). */
export function authorize(lister: RbacLister, attrs: RequestAttributes): AuthorizationDecision {
  let grant: AuthorizationGrant | undefined;
  const errors: string[] = [];
  visitRulesFor(lister, attrs.user, attrs.namespace ?? '', (source, rule, err) => {
    if (err) errors.push(err);
    if (source && rule && ruleAllows(attrs, rule)) {
      grant = { bindingKind: source.bindingKind, binding: source.binding, roleKind: source.roleKind, role: source.role, rule };
      return false;
    }
    return true;
  });
  if (grant) return { allowed: true, grant };
  return { allowed: false, reason: errors.length === 0 ? '' : `RBAC: ${errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`}` };
}

/** RulesFor: every rule that applies to the user in the namespace (SelfSubjectRulesReview), and lookup errors. */
export function rulesFor(lister: RbacLister, user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
  const rules: PolicyRule[] = [];
  const errors: string[] = [];
  visitRulesFor(lister, user, namespace, (_source, rule, err) => {
    if (rule) rules.push(rule);
    if (err) errors.push(err);
    return true;
  });
  return { rules, errors };
}

/** `RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"`. */
export function grantReason(g: AuthorizationGrant, subject?: Subject): string {
  const binding = g.bindingKind === 'RoleBinding' ? `RoleBinding "${g.binding.split('/')[1]}" of ${g.roleKind} "${g.role}" in namespace "${g.binding.split('/')[0]}"` : `ClusterRoleBinding "${g.binding}" of ClusterRole "${g.role}"`;
  return subject ? `RBAC: allowed by ${binding} to ${subject.kind} "${subject.name}"` : `RBAC: allowed by ${binding}`;
}

/** forbiddenMessage: `User "jane" cannot list resource "pods" in API group "" in the namespace "default"`. */
export function forbiddenMessage(attrs: RequestAttributes): string {
  const who = `User ${JSON.stringify(attrs.user.username)}`;
  if (attrs.resource === undefined) return `${who} cannot ${attrs.verb} path ${JSON.stringify(attrs.path ?? '')}`;
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const where = attrs.namespace ? `in the namespace ${JSON.stringify(attrs.namespace)}` : 'at the cluster scope';
  return `${who} cannot ${attrs.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(attrs.apiGroup ?? '')} ${where}`;
}

/** responsewriters.Forbidden: the 403 Status for a denied resource request (`pods "web" is forbidden: ...`). */
export function forbiddenStatus(attrs: RequestAttributes, reason: string): ApiStatus {
  const msg = forbiddenMessage(attrs);
  const err = reason ? `${msg}: ${reason}` : msg;
  const r: ResourceInfo = RESOURCES.find((x) => x.resource === attrs.resource && x.group === (attrs.apiGroup ?? ''))
    ?? { group: attrs.apiGroup ?? '', version: '', kind: '', resource: attrs.resource ?? '', singular: '', namespaced: false, shortNames: [] };
  if (attrs.resource === undefined) return { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: `forbidden: ${err}`, reason: 'Forbidden', code: 403, details: {} };
  return forbidden(r, attrs.name ?? '', err);
}
