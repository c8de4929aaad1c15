import { describe, expect, it } from 'vitest';
import type { UserInfo } from '../../api/rbac';
import { TestCluster } from '../../testing/test-cluster';
import { compactRules, compactString, confirmNoEscalation, covers } from './escalation';
import type { RbacLister } from './rbac';

const NO_RBAC: RbacLister = { role: () => undefined, clusterRole: () => undefined, roleBindings: () => [], clusterRoleBindings: () => [] };

/** jane may manage Roles and RoleBindings in default, and read pods; nothing more. */
function cluster(): TestCluster {
  const c = new TestCluster();
  c.applyOk(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: role-admin, namespace: default}
rules:
- apiGroups: [rbac.authorization.k8s.io]
  resources: [roles, rolebindings]
  verbs: [get, list, create, update, patch]
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: jane-role-admin, namespace: default}
subjects: [{kind: User, name: jane, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: Role, name: role-admin, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-killer, namespace: default}
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get, delete]
`);
  return c;
}

const GRANT = 'is attempting to grant RBAC permissions not currently held:';

describe('RBAC escalation prevention', () => {
  it('refuses a Role with rules the user does not hold, with the API server message', () => {
    const c = cluster();
    const out = c.world.kubectl('create role killer --verb=get,delete,list --resource=pods,services --as jane');
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toBe(
      'Error from server (Forbidden): roles.rbac.authorization.k8s.io "killer" is forbidden: user "jane" (groups=["system:authenticated"]) ' + GRANT + '\n' +
        '{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}\n' +
        '{APIGroups:[""], Resources:["services"], Verbs:["get" "delete" "list"]}\n',
    );
    expect(c.world.getObject({ kind: 'Role', namespace: 'default', name: 'killer' })).toBeUndefined();
    // Rules within what jane holds are fine.
    expect(c.world.kubectl('create role reader --verb=get --resource=pods --as jane')).toMatchObject({ stdout: 'role.rbac.authorization.k8s.io/reader created\n', exitCode: 0 });
  });

  it('checks updates and patches too, but not a change of labels on rules already held', () => {
    const c = cluster();
    c.world.kubectl('create role reader --verb=get --resource=pods --as jane');
    const patched = c.world.kubectl(`patch role reader --as jane --type=json -p '[{"op":"add","path":"/rules/0/verbs/-","value":"delete"}]'`);
    expect(patched.stderr).toContain(`roles.rbac.authorization.k8s.io "reader" is forbidden: user "jane" (groups=["system:authenticated"]) ${GRANT}\n{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}`);
    expect(c.world.kubectl(`label role reader team=a --as jane`)).toMatchObject({ exitCode: 0 });
    const applied = c.world.apply('apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: reader, namespace: default}\nrules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]\n');
    expect(applied.ok).toBe(true); // the admin holds everything
  });

  it('the escalate verb on roles lifts the check', () => {
    const c = cluster();
    c.applyOk(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: escalator, namespace: default}
rules: [{apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [escalate]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: jane-escalator, namespace: default}
subjects: [{kind: User, name: jane, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: Role, name: escalator, apiGroup: rbac.authorization.k8s.io}
`);
    expect(c.world.kubectl('create role killer --verb=delete --resource=pods --as jane')).toMatchObject({ exitCode: 0 });
  });

  it('a RoleBinding needs the role\'s permissions or the bind verb on it', () => {
    const c = cluster();
    const out = c.world.kubectl('create rolebinding bob-kills --role=pod-killer --user=bob --as jane');
    expect(out.stderr).toContain(`rolebindings.rbac.authorization.k8s.io "bob-kills" is forbidden: user "jane" (groups=["system:authenticated"]) ${GRANT}\n{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}`);
    expect(c.world.kubectl('create rolebinding bob-ghost --role=nope --user=bob --as jane').stderr).toContain('rolebindings.rbac.authorization.k8s.io "bob-ghost" is forbidden: role.rbac.authorization.k8s.io "nope" not found');
    c.applyOk(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: binder, namespace: default}
rules: [{apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [bind], resourceNames: [pod-killer]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: jane-binder, namespace: default}
subjects: [{kind: User, name: jane, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: Role, name: binder, apiGroup: rbac.authorization.k8s.io}
`);
    expect(c.world.kubectl('create rolebinding bob-kills --role=pod-killer --user=bob --as jane')).toMatchObject({ exitCode: 0 });
    expect(c.world.getObject({ kind: 'RoleBinding', namespace: 'default', name: 'bob-kills' })).toBeDefined();
  });

  it('system:masters and the cluster-admin user are not checked; aggregation still works', () => {
    const c = cluster();
    expect(c.world.kubectl('create clusterrole anything --verb=* --resource=* --as bob --as-group system:masters')).toMatchObject({ exitCode: 0 });
    expect(c.world.kubectl('create clusterrole everything --verb=* --resource=*')).toMatchObject({ exitCode: 0 });
    c.applyOk('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: extra, labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}}\nrules: [{apiGroups: [example.com], resources: [widgets], verbs: [get]}]\n');
    c.settle();
    const view = c.world.getObject({ kind: 'ClusterRole', name: 'view' }) as { rules?: Array<{ apiGroups?: string[] }> };
    expect(view.rules?.some((r) => r.apiGroups?.includes('example.com'))).toBe(true);
  });
});

describe('Covers, CompactRules, CompactString', () => {
  it('breaks rules down to atoms and finds the uncovered ones; wildcards and subresources cover', () => {
    const owner = [{ apiGroups: [''], resources: ['pods', '*/log'], verbs: ['get'] }, { nonResourceURLs: ['/healthz/*'], verbs: ['get'] }];
    expect(covers(owner, [{ apiGroups: [''], resources: ['pods', 'deployments/log'], verbs: ['get'] }, { nonResourceURLs: ['/healthz/ready'], verbs: ['get'] }]).covered).toBe(true);
    const { missing } = covers(owner, [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'watch'], resourceNames: ['a'] }, { nonResourceURLs: ['/metrics'], verbs: ['get'] }]);
    expect(missing).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['watch'], resourceNames: ['a'] }, { nonResourceURLs: ['/metrics'], verbs: ['get'] }]);
    expect(compactRules(missing).map(compactString)).toEqual(['{NonResourceURLs:["/metrics"], Verbs:["get"]}', '{APIGroups:[""], Resources:["pods"], ResourceNames:["a"], Verbs:["watch"]}']);
  });

  it('ConfirmNoEscalation names the user and groups as Go prints them', () => {
    const user: UserInfo = { username: 'jane', groups: ['dev', 'system:authenticated'] };
    expect(confirmNoEscalation(NO_RBAC, user, 'default', [])).toBeUndefined();
    expect(confirmNoEscalation(NO_RBAC, user, 'default', [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list'] }])).toBe(
      `user "jane" (groups=["dev" "system:authenticated"]) ${GRANT}\n{APIGroups:["apps"], Resources:["deployments"], Verbs:["get" "list"]}`,
    );
  });
});
