// `kubectl get rolebindings|clusterrolebindings`: NAME ROLE AGE, wide adds USERS GROUPS SERVICEACCOUNTS.
// Roles and ClusterRoles have no printer: the server's default table (NAME, CREATED AT).
// UPSTREAM: pkg/printers/internalversion/printers.go (printRoleBinding, printClusterRoleBinding),
// pkg/apis/rbac/helpers.go (SubjectsStrings)

import type { KubeObject } from '../../api/meta';
import type { RoleBindingObject, Subject } from '../../api/rbac';
import { translateTimestampSince } from '../duration';
import type { TableHandler } from './table';

/** SubjectsStrings: users, groups and `namespace/name` service accounts. */
export function subjectsStrings(subjects: readonly Subject[] | undefined): [string[], string[], string[]] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
    else if (s.kind === 'ServiceAccount') sas.push(s.namespace ? `${s.namespace}/${s.name}` : s.name);
  }
  return [users, groups, sas];
}

export const roleBindingTable: TableHandler = {
  columns: [
    { name: 'Name', format: 'name' }, { name: 'Role' }, { name: 'Age' },
    { name: 'Users', priority: 1 }, { name: 'Groups', priority: 1 }, { name: 'ServiceAccounts', priority: 1 },
  ],
  row(obj: KubeObject, nowMs: number): string[] {
    const b = obj as RoleBindingObject;
    const [users, groups, sas] = subjectsStrings(b.subjects);
    return [
      obj.metadata.name ?? '',
      `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`,
      translateTimestampSince(obj.metadata.creationTimestamp, nowMs),
      users.join(', '), groups.join(', '), sas.join(', '),
    ];
  },
};
