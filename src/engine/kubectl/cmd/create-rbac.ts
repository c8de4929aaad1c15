// `kubectl create role|clusterrole|rolebinding|clusterrolebinding|serviceaccount NAME ...`.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/create/{create_role.go,create_clusterrole.go,
// create_rolebinding.go,create_clusterrolebinding.go,create_serviceaccount.go}
// SIMPLIFICATION: no --aggregation-rule for clusterroles.

import type { KubeObject } from '../../api/meta';
import { RBAC_GROUP, type PolicyRule, type Subject } from '../../api/rbac';
import { resolveResourceArgIn } from '../../api/discovery';
import { RESOURCES, type ResourceInfo } from '../../api/resources';
import { stringArrayFlag, stringFlag, type FlagSpec, type FlagValues } from './args';

export const RBAC_GENERATORS = ['role', 'clusterrole', 'rolebinding', 'clusterrolebinding', 'serviceaccount'];
export const RBAC_GENERATOR_ALIASES: Readonly<Record<string, string>> = { sa: 'serviceaccount' };

export const createRbacFlags: readonly FlagSpec[] = [
  { name: 'verb', kind: 'stringArray' },
  { name: 'resource', kind: 'stringArray' },
  { name: 'resource-name', kind: 'stringArray' },
  { name: 'non-resource-url', kind: 'stringArray' },
  { name: 'role', kind: 'string' },
  { name: 'clusterrole', kind: 'string' },
  { name: 'user', kind: 'stringArray' },
  { name: 'group', kind: 'stringArray' },
  { name: 'serviceaccount', kind: 'stringArray' },
];

const VALID_RESOURCE_VERBS = ['*', 'get', 'delete', 'list', 'create', 'update', 'patch', 'watch', 'proxy', 'deletecollection', 'use', 'bind', 'escalate', 'impersonate'];
const VALID_NON_RESOURCE_VERBS = ['*', 'get', 'post', 'put', 'delete', 'patch', 'head', 'options'];

/** A stringSlice flag: repeated and comma-separated values, in order. */
function slice(flags: FlagValues, name: string): string[] {
  return stringArrayFlag(flags, name).flatMap((v) => v.split(',')).filter((v) => v !== '');
}

/** generateResourcePolicyRules: one rule per API group (sorted), resources resolved to their plural names. */
function resourceRules(verbs: string[], resources: string[], names: string[], served: readonly ResourceInfo[]): PolicyRule[] | { error: string } {
  const byGroup = new Map<string, string[]>();
  for (const typed of resources) {
    const slash = typed.indexOf('/');
    const base = slash < 0 ? typed : typed.slice(0, slash);
    const sub = slash < 0 ? '' : typed.slice(slash + 1);
    let group = '';
    let resource = base;
    if (base !== '*') {
      const info = resolveResourceArgIn(served, base);
      if (!info) return { error: `the server doesn't have a resource type "${base.split('.')[0]}"` };
      group = info.group;
      resource = info.resource;
    }
    if (sub) resource += `/${sub}`;
    const list = byGroup.get(group) ?? [];
    if (!list.includes(resource)) list.push(resource);
    byGroup.set(group, list);
  }
  return [...byGroup.keys()].sort().map((g) => ({ verbs, apiGroups: [g], resources: byGroup.get(g)!, ...(names.length ? { resourceNames: names } : {}) }));
}

function role(kind: 'Role' | 'ClusterRole', name: string, flags: FlagValues, served: readonly ResourceInfo[]): KubeObject | { error: string } {
  const verbs = slice(flags, 'verb');
  const resources = slice(flags, 'resource');
  const urls = kind === 'ClusterRole' ? slice(flags, 'non-resource-url') : [];
  if (verbs.length === 0) return { error: 'at least one verb must be specified' };
  if (resources.length === 0 && urls.length === 0) {
    return { error: kind === 'Role' ? 'at least one resource must be specified' : 'one of resource or nonResourceURL must be specified' };
  }
  const resourceVerbs = verbs.includes('*') ? ['*'] : verbs;
  if (resources.length > 0) for (const v of verbs) if (!VALID_RESOURCE_VERBS.includes(v)) return { error: `invalid verb: '${v}'` };
  if (urls.length > 0) {
    for (const v of verbs) if (!VALID_NON_RESOURCE_VERBS.includes(v)) return { error: `invalid verb: '${v}' for nonResourceURL` };
    for (const u of urls) {
      if (!u.startsWith('/')) return { error: `nonResourceURL should start with /` };
      if (u.slice(0, -1).includes('*')) return { error: `nonResourceURL only supports wildcard matches when '*' is at the end` };
    }
  }
  const rules: PolicyRule[] = [];
  if (resources.length > 0) {
    const r = resourceRules(resourceVerbs, resources, slice(flags, 'resource-name'), served);
    if ('error' in r) return r;
    rules.push(...r);
  }
  if (urls.length > 0) rules.push({ verbs, nonResourceURLs: urls });
  return { apiVersion: `${RBAC_GROUP}/v1`, kind, metadata: { name }, rules } as KubeObject;
}

function binding(kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, flags: FlagValues): KubeObject | { error: string } {
  const roleName = stringFlag(flags, 'role') ?? '';
  const clusterRoleName = stringFlag(flags, 'clusterrole') ?? '';
  if (kind === 'ClusterRoleBinding' && !clusterRoleName) return { error: 'required flag(s) "clusterrole" not set' };
  if (kind === 'RoleBinding' && (roleName === '') === (clusterRoleName === '')) return { error: 'exactly one of clusterrole or role must be specified' };
  const subjects: Subject[] = [];
  for (const u of stringArrayFlag(flags, 'user')) subjects.push({ kind: 'User', apiGroup: RBAC_GROUP, name: u });
  for (const g of stringArrayFlag(flags, 'group')) subjects.push({ kind: 'Group', apiGroup: RBAC_GROUP, name: g });
  for (const sa of stringArrayFlag(flags, 'serviceaccount')) {
    const parts = sa.split(':');
    if (parts.length !== 2) return { error: `serviceaccount must be <namespace>:<name>` };
    subjects.push({ kind: 'ServiceAccount', namespace: parts[0], name: parts[1] });
  }
  const roleRef = clusterRoleName ? { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: clusterRoleName } : { apiGroup: RBAC_GROUP, kind: 'Role', name: roleName };
  return { apiVersion: `${RBAC_GROUP}/v1`, kind, metadata: { name }, roleRef, ...(subjects.length ? { subjects } : {}) } as KubeObject;
}

/**
 * The object `kubectl create <generator> NAME` sends, or kubectl's complaint about the flags;
 * `--resource` names are resolved against `served` (discovery: built-ins and custom kinds).
 */
export function rbacGenerated(generator: string, name: string, flags: FlagValues, served: readonly ResourceInfo[] = RESOURCES): KubeObject | { error: string } {
  switch (generator) {
    case 'role':
      return role('Role', name, flags, served);
    case 'clusterrole':
      return role('ClusterRole', name, flags, served);
    case 'rolebinding':
      return binding('RoleBinding', name, flags);
    case 'clusterrolebinding':
      return binding('ClusterRoleBinding', name, flags);
    default:
      return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } } as KubeObject;
  }
}
