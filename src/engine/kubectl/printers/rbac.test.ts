import { describe, expect, it } from 'vitest';
import { TestCluster } from '../../testing/test-cluster';

const ROLE = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {namespace: default, name: pod-reader}\nrules: [{apiGroups: [""], resources: ["pods"], verbs: ["get", "watch", "list"]}]\n';
const BINDING = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {namespace: default, name: read-pods}\n' +
  'subjects: [{kind: User, name: jane, apiGroup: rbac.authorization.k8s.io}, {kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io}, {kind: ServiceAccount, name: app, namespace: default}]\n' +
  'roleRef: {kind: Role, name: pod-reader, apiGroup: rbac.authorization.k8s.io}\n';

const rows = (text: string) => text.split('\n').filter(Boolean).map((l) => l.split(/\s{2,}/).map((s) => s.trim()));

describe('RBAC table printers', () => {
  it('roles and clusterroles: NAME, CREATED AT (the same with -o wide)', () => {
    const c = new TestCluster();
    c.applyOk(ROLE);
    const t = rows(c.kubectl('get roles'));
    expect(t[0]).toEqual(['NAME', 'CREATED AT']);
    expect(t[1][0]).toBe('pod-reader');
    expect(t[1][1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(c.kubectl('get roles -o wide')).toBe(c.kubectl('get roles'));
    expect(rows(c.kubectl('get clusterrole view'))[1][0]).toBe('view');
  });

  it('rolebindings: NAME, ROLE, AGE; -o wide adds USERS, GROUPS, SERVICEACCOUNTS', () => {
    const c = new TestCluster();
    c.applyOk(ROLE);
    c.applyOk(BINDING);
    c.step(5_000);
    expect(c.kubectl('get rolebindings')).toBe('NAME        ROLE              AGE\nread-pods   Role/pod-reader   5s\n');
    expect(c.kubectl('get rolebindings -o wide')).toBe(
      'NAME        ROLE              AGE   USERS   GROUPS   SERVICEACCOUNTS\nread-pods   Role/pod-reader   5s    jane    devs     default/app\n',
    );
  });

  it('clusterrolebindings -o wide leaves empty subject columns blank', () => {
    const c = new TestCluster();
    const t = rows(c.kubectl('get clusterrolebinding cluster-admin -o wide'));
    expect(t[0]).toEqual(['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS']);
    expect(t[1][0]).toBe('cluster-admin');
    expect(t[1][1]).toBe('ClusterRole/cluster-admin');
    expect(t[1].slice(3).filter(Boolean)).toEqual(['system:masters']);
  });
});
