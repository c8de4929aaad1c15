import { describe, expect, it } from 'vitest';
import { TestCluster } from '../../../testing/test-cluster';

describe('describe Role / RoleBinding', () => {
  it('prints a role\'s PolicyRule table, rules broken down, compacted and sorted as kubectl does', () => {
    const c = new TestCluster();
    c.applyOk('apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {namespace: default, name: pod-reader, labels: {team: a}}\n' +
      'rules: [{apiGroups: ["apps"], resources: ["deployments"], resourceNames: ["web"], verbs: ["get"]}, {apiGroups: [""], resources: ["pods"], verbs: ["get", "watch", "list"]}]\n');
    expect(c.kubectl('describe role pod-reader')).toBe(
      'Name:         pod-reader\nLabels:       team=a\nAnnotations:  <none>\nPolicyRule:\n' +
      '  Resources         Non-Resource URLs  Resource Names  Verbs\n' +
      '  ---------         -----------------  --------------  -----\n' +
      '  pods              []                 []              [get watch list]\n' +
      '  deployments.apps  []                 [web]           [get]\n',
    );
  });

  it('prints a binding\'s role and subjects', () => {
    const c = new TestCluster();
    c.applyOk('apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {namespace: default, name: read-pods}\n' +
      'subjects: [{kind: User, name: jane, apiGroup: rbac.authorization.k8s.io}, {kind: ServiceAccount, name: app, namespace: default}]\n' +
      'roleRef: {kind: Role, name: pod-reader, apiGroup: rbac.authorization.k8s.io}\n');
    expect(c.kubectl('describe rolebinding read-pods')).toBe(
      'Name:         read-pods\nLabels:       <none>\nAnnotations:  <none>\nRole:\n  Kind:  Role\n  Name:  pod-reader\nSubjects:\n' +
      '  Kind            Name  Namespace\n  ----            ----  ---------\n  User            jane  \n  ServiceAccount  app   default\n',
    );
  });

  it('describes a bootstrap ClusterRole with its non-resource URLs', () => {
    const out = new TestCluster().kubectl('describe clusterrole system:discovery');
    expect(out).toMatch(/^Name:\s+system:discovery\n/);
    expect(out).toContain('Labels:       kubernetes.io/bootstrapping=rbac-defaults\nAnnotations:  rbac.authorization.kubernetes.io/autoupdate: true\n');
    expect(out).toContain('  Resources  Non-Resource URLs  Resource Names  Verbs\n  ---------  -----------------  --------------  -----\n             [/api/*]           []              [get]\n');
    expect(out).toContain('\n             [/healthz]         []              [get]\n');
  });
});
