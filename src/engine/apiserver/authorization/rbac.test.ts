import { describe, expect, it } from 'vitest';
import { TestCluster } from '../../testing/test-cluster';
import { forbiddenMessage, resourceMatches } from './rbac';

const ROLE = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: pod-reader, namespace: default}\nrules:\n- apiGroups: [""]\n  resources: ["pods"]\n  verbs: ["get", "watch", "list"]\n';
const BINDING = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: read-pods, namespace: default}\nsubjects:\n- kind: User\n  name: jane\n  apiGroup: rbac.authorization.k8s.io\nroleRef:\n  kind: Role\n  name: pod-reader\n  apiGroup: rbac.authorization.k8s.io\n';

describe('RBAC authorizer', () => {
  it.each([
    ['pods', 'pods', '', true],
    ['pods/log', 'pods/log', 'log', true],
    ['*/log', 'pods/log', 'log', true],
    ['pods', 'pods/log', 'log', false],
  ])('rule resource %s vs request %s', (rule, combined, sub, want) => {
    expect(resourceMatches({ verbs: ['get'], resources: [rule] }, combined, sub)).toBe(want);
  });

  it('words denials as the API server does', () => {
    expect(forbiddenMessage({ user: { username: 'jane', groups: [] }, verb: 'list', apiGroup: '', resource: 'nodes' }))
      .toBe('User "jane" cannot list resource "nodes" in API group "" at the cluster scope');
  });

  it('a RoleBinding to a missing Role is accepted and grants once the Role exists', () => {
    const c = new TestCluster();
    c.applyOk(BINDING);
    expect(c.world.kubectl('auth can-i list pods --as jane').stdout).toBe('no - RBAC: role.rbac.authorization.k8s.io "pod-reader" not found\n');
    c.applyOk(ROLE);
    expect(c.world.kubectl('auth can-i list pods --as jane')).toEqual({ stdout: 'yes\n', stderr: '', exitCode: 0 });
    expect(c.world.kubectl('auth can-i list pods --as jane -n kube-system').exitCode).toBe(1);
    const denied = c.world.kubectl('get nodes --as jane');
    expect(denied.stderr).toBe('Error from server (Forbidden): nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope\n');
    const path = c.world.lastRequestPaths();
    expect(path[0].stages.map((s) => `${s.stage}:${s.outcome}`)).toEqual(['authentication:passed', 'impersonation:passed', 'authorization:denied']);
  });

  it('the default identity is kubeadm admin, cluster-admin through kubeadm:cluster-admins', () => {
    const c = new TestCluster();
    expect(c.world.kubectl('auth whoami').stdout).toBe('ATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [kubeadm:cluster-admins system:authenticated]\n');
    expect(c.world.kubectl('auth can-i "*" "*"').stdout).toBe('yes\n');
  });

  it('aggregates a labelled ClusterRole into view', () => {
    const c = new TestCluster();
    c.applyOk('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: crontab-reader\n  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}\nrules:\n- apiGroups: ["stable.example.com"]\n  resources: ["crontabs"]\n  verbs: ["get"]\n');
    c.settle();
    expect(c.kubectl('describe clusterrole view')).toContain('crontabs.stable.example.com');
  });

  it('roleRef is immutable', () => {
    const c = new TestCluster();
    c.applyOk(BINDING);
    const r = c.world.apply(BINDING.replace('name: pod-reader', 'name: other'));
    expect(r.documents[0].message).toContain('roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"other"}: cannot change roleRef');
  });
});
