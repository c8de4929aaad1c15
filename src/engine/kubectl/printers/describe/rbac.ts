// `kubectl describe role|clusterrole|rolebinding|clusterrolebinding`.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/describe/describe.go (RoleDescriber, ClusterRoleDescriber,
// RoleBindingDescriber, ClusterRoleBindingDescriber)

import type { ClusterRoleObject, RoleBindingObject } from '../../../api/rbac';
import { ruleRows } from '../rbac-rules';
import { printAnnotationsMultiline, printLabelsMultiline } from './common';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './tabwriter';

/** Role and ClusterRole: the rules broken down, compacted and sorted as `auth can-i --list` shows them. */
export function describeRole(role: ClusterRoleObject): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${role.metadata.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', role.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', role.metadata.annotations);
  w.write(LEVEL_0, 'PolicyRule:\n');
  w.write(LEVEL_1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
  w.write(LEVEL_1, '---------\t-----------------\t--------------\t-----\n');
  for (const row of ruleRows(role.rules ?? [])) w.write(LEVEL_1, `${row.join('\t')}\n`);
  return w.toString();
}

/** RoleBinding and ClusterRoleBinding: the role reference and the subjects. */
export function describeRoleBinding(binding: RoleBindingObject): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${binding.metadata.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', binding.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', binding.metadata.annotations);
  w.write(LEVEL_0, 'Role:\n');
  w.write(LEVEL_1, `Kind:\t${binding.roleRef?.kind ?? ''}\n`);
  w.write(LEVEL_1, `Name:\t${binding.roleRef?.name ?? ''}\n`);
  w.write(LEVEL_0, 'Subjects:\n');
  w.write(LEVEL_1, 'Kind\tName\tNamespace\n');
  w.write(LEVEL_1, '----\t----\t---------\n');
  for (const s of binding.subjects ?? []) w.write(LEVEL_1, `${s.kind}\t${s.name}\t${s.namespace ?? ''}\n`);
  return w.toString();
}
