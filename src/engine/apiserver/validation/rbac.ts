// Validation of Role, ClusterRole, RoleBinding and ClusterRoleBinding, with the API server's messages.
// UPSTREAM: pkg/apis/rbac/validation/validation.go, pkg/registry/rbac/{rolebinding,clusterrolebinding}/strategy.go
// A binding may name a role that does not exist (it is resolved when a request is authorized). The
// escalation check (you may only grant what you hold) is not modelled: SIMPLIFICATION.

import type { ApiStatus, KubeObject } from '../../api/meta';
import { RBAC_GROUP } from '../../api/rbac';
import type { ResourceInfo } from '../../api/resources';
import { child, index, invalid, invalidStatus, notSupported, required, type ErrorList, type FieldError } from './field-errors';
import { asArray, asObj, asString, validateLabelSelector, type Obj } from './object-meta';
import { isDNS1123Subdomain, isValidPathSegmentName } from './names';

/** ValidatePolicyRule: verbs always; either resource rules (apiGroups + resources) or nonResourceURLs. */
export function validatePolicyRule(rule: Obj, isNamespaced: boolean, path: string): ErrorList {
  const errs: ErrorList = [];
  if (asArray(rule.verbs).length === 0) errs.push(required(child(path, 'verbs'), 'verbs must contain at least one value'));
  const urls = asArray(rule.nonResourceURLs);
  if (urls.length > 0) {
    if (isNamespaced) {
      errs.push(invalid(child(path, 'nonResourceURLs'), urls, 'namespaced rules cannot apply to non-resource URLs'));
    }
    if (asArray(rule.apiGroups).length > 0 || asArray(rule.resources).length > 0) {
      errs.push(invalid(child(path, 'nonResourceURLs'), urls, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (asArray(rule.apiGroups).length === 0) errs.push(required(child(path, 'apiGroups'), 'resource rules must supply at least one api group'));
  if (asArray(rule.resources).length === 0) errs.push(required(child(path, 'resources'), 'resource rules must supply at least one resource'));
  return errs;
}

function validateRules(obj: Obj, isNamespaced: boolean): ErrorList {
  return asArray(obj.rules).flatMap((r, i) => validatePolicyRule(asObj(r) ?? {}, isNamespaced, index('rules', i)));
}

export function validateRole(obj: Obj): ErrorList {
  return validateRules(obj, true);
}

export function validateClusterRole(obj: Obj): ErrorList {
  const errs = validateRules(obj, false);
  const agg = asObj(obj.aggregationRule);
  if (agg) {
    const selectors = asArray(agg.clusterRoleSelectors);
    if (selectors.length === 0) errs.push(required(child('aggregationRule', 'clusterRoleSelectors'), 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    selectors.forEach((s, i) => errs.push(...validateLabelSelector(s, index(child('aggregationRule', 'clusterRoleSelectors'), i))));
  }
  return errs;
}

function validateBinding(obj: Obj, isNamespaced: boolean): ErrorList {
  const errs: ErrorList = [];
  const ref = asObj(obj.roleRef) ?? {};
  // Before defaulting here: an absent apiGroup is the rbac group the server would fill in.
  const apiGroup = ref.apiGroup === undefined || ref.apiGroup === '' ? RBAC_GROUP : asString(ref.apiGroup);
  if (apiGroup !== RBAC_GROUP) errs.push(notSupported('roleRef.apiGroup', apiGroup, [RBAC_GROUP]));
  const kinds = isNamespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(asString(ref.kind))) errs.push(notSupported('roleRef.kind', asString(ref.kind), kinds));
  const name = asString(ref.name);
  if (!name) errs.push(required('roleRef.name'));
  else for (const msg of isValidPathSegmentName(name)) errs.push(invalid('roleRef.name', name, msg));
  asArray(obj.subjects).forEach((s, i) => errs.push(...validateSubject(asObj(s) ?? {}, isNamespaced, index('subjects', i))));
  return errs;
}

/** ValidateRoleBindingSubject. */
export function validateSubject(s: Obj, isNamespaced: boolean, path: string): ErrorList {
  const errs: ErrorList = [];
  const name = asString(s.name);
  if (!name) errs.push(required(child(path, 'name')));
  const apiGroup = s.apiGroup === undefined ? undefined : asString(s.apiGroup);
  switch (asString(s.kind)) {
    case 'ServiceAccount':
      if (name) for (const msg of isDNS1123Subdomain(name)) errs.push(invalid(child(path, 'name'), name, msg));
      if (apiGroup) errs.push(notSupported(child(path, 'apiGroup'), apiGroup, ['']));
      if (!isNamespaced && !asString(s.namespace)) errs.push(required(child(path, 'namespace')));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== undefined && apiGroup !== RBAC_GROUP) errs.push(notSupported(child(path, 'apiGroup'), apiGroup, [RBAC_GROUP]));
      break;
    default:
      errs.push(notSupported(child(path, 'kind'), asString(s.kind), ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

export function validateRoleBinding(obj: Obj): ErrorList {
  return validateBinding(obj, true);
}

export function validateClusterRoleBinding(obj: Obj): ErrorList {
  return validateBinding(obj, false);
}

/** The Go form (`%#v` of the internal rbac.RoleRef) the API server prints the old roleRef in. */
function goRoleRef(ref: Obj): string {
  const group = ref.apiGroup === undefined || ref.apiGroup === '' ? RBAC_GROUP : asString(ref.apiGroup);
  return `rbac.RoleRef{APIGroup:${JSON.stringify(group)}, Kind:${JSON.stringify(asString(ref.kind))}, Name:${JSON.stringify(asString(ref.name))}}`;
}

/**
 * ValidateRoleBindingUpdate / ValidateClusterRoleBindingUpdate: roleRef is immutable (delete and
 * re-create the binding to point it elsewhere). Runs for every writer, as upstream.
 */
export function validateRbacUpdate(obj: KubeObject, resource: ResourceInfo, old?: KubeObject): ApiStatus | undefined {
  if (!old || (resource.resource !== 'rolebindings' && resource.resource !== 'clusterrolebindings')) return undefined;
  const next = asObj((obj as unknown as Obj).roleRef) ?? {};
  const prev = asObj((old as unknown as Obj).roleRef) ?? {};
  if (goRoleRef(next) === goRoleRef(prev)) return undefined;
  // The value prints unquoted (a Go struct), so it travels in the detail.
  const err: FieldError = { type: 'FieldValueInvalid', field: 'roleRef', hasValue: false, detail: `${goRoleRef(next)}: cannot change roleRef` };
  return invalidStatus(resource, obj.metadata?.name ?? '', [err]);
}
