// Defaulting for the rbac.authorization.k8s.io/v1 kinds.
// UPSTREAM: pkg/apis/rbac/v1/defaults.go (SetDefaults_ClusterRoleBinding, SetDefaults_RoleBinding, SetDefaults_Subject)

import { RBAC_GROUP } from '../../api/rbac';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** roleRef.apiGroup and each subject's apiGroup: rbac for User/Group, '' for ServiceAccount. */
export function defaultRoleBinding(binding: Json): void {
  if (binding.roleRef && typeof binding.roleRef === 'object' && !binding.roleRef.apiGroup) binding.roleRef.apiGroup = RBAC_GROUP;
  for (const s of Array.isArray(binding.subjects) ? binding.subjects : []) {
    if (!s || typeof s !== 'object' || s.apiGroup) continue;
    if (s.kind === 'ServiceAccount') s.apiGroup = '';
    if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = RBAC_GROUP;
  }
}
