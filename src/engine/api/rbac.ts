// rbac.authorization.k8s.io/v1 and the authentication/authorization request attributes, as plain data.
// UPSTREAM: staging/src/k8s.io/api/rbac/v1/types.go, staging/src/k8s.io/apiserver/pkg/authorization/authorizer/interfaces.go
// SIMPLIFICATION: only the fields the sandbox reads; YAML may carry more and keeps it.

import type { KubeObject } from './meta';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface AggregationRule {
  clusterRoleSelectors?: Array<{ matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> }>;
}

export interface RoleRef {
  apiGroup: string;
  kind: 'Role' | 'ClusterRole' | string;
  name: string;
}

export interface Subject {
  kind: 'User' | 'Group' | 'ServiceAccount' | string;
  name: string;
  apiGroup?: string;
  namespace?: string;
}

export type RoleObject = KubeObject & { rules?: PolicyRule[] };
export type ClusterRoleObject = KubeObject & { rules?: PolicyRule[]; aggregationRule?: AggregationRule };
export type RoleBindingObject = KubeObject & { roleRef: RoleRef; subjects?: Subject[] };

/** user.Info: who sends a request once authentication is done. */
export interface UserInfo {
  username: string;
  groups: string[];
}

/** authorizer.Attributes: what RBAC decides on. Resource requests have `resource`; others a `path`. */
export interface RequestAttributes {
  user: UserInfo;
  verb: string;
  /** resource requests */
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** non-resource requests (`/healthz`, `/api`) */
  path?: string;
}

/** The rule (in which role, granted through which binding) that allowed a request. */
export interface AuthorizationGrant {
  bindingKind: 'RoleBinding' | 'ClusterRoleBinding';
  /** `namespace/name` for RoleBindings, `name` for ClusterRoleBindings */
  binding: string;
  roleKind: 'Role' | 'ClusterRole';
  role: string;
  rule: PolicyRule;
}

export type AuthorizationDecision =
  | { allowed: true; grant: AuthorizationGrant }
  /** `reason` is the RBAC authorizer's explanation (empty when nothing matched, as upstream) */
  | { allowed: false; reason: string };
