import { describe, expect, it } from 'vitest';
import type { ClusterRoleObject } from '../../api/rbac';
import { TestCluster } from '../../testing/test-cluster';

const viewRules = (c: TestCluster) => (c.world.getObject({ kind: 'ClusterRole', name: 'view' }) as ClusterRoleObject).rules ?? [];
const hasShirts = (rules: ReturnType<typeof viewRules>) => rules.some((r) => r.resources?.includes('shirts') && r.apiGroups?.includes('stable.example.com'));
const SHIRT_VIEWER = (labels: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: shirt-viewer, labels: {${labels}}}\nrules: [{apiGroups: ["stable.example.com"], resources: ["shirts"], verbs: ["get", "list", "watch"]}]\n`;

describe('ClusterRole aggregation controller', () => {
  it('view aggregates the bootstrap roles labelled aggregate-to-view', () => {
    const c = new TestCluster().settle();
    const rules = viewRules(c);
    expect(rules.some((r) => r.resources?.includes('pods') && r.verbs.includes('list'))).toBe(true);
    expect(rules.some((r) => r.resources?.includes('deployments') && r.apiGroups?.includes('apps'))).toBe(true);
  });

  it('a ClusterRole labelled aggregate-to-view joins view\'s rules, and leaves them when relabelled or deleted', () => {
    const c = new TestCluster().settle();
    expect(hasShirts(viewRules(c))).toBe(false);
    c.applyOk(SHIRT_VIEWER('rbac.authorization.k8s.io/aggregate-to-view: "true"'));
    c.settle();
    expect(hasShirts(viewRules(c))).toBe(true);
    // view is itself aggregated into edit and admin, but only through their own labels' selectors.
    expect(c.world.kubectl('auth can-i list shirts.stable.example.com --as jane').exitCode).toBe(1);
    c.kubectl('create rolebinding jane-view --clusterrole=view --user=jane');
    expect(c.world.kubectl('auth can-i list shirts.stable.example.com --as jane')).toMatchObject({ exitCode: 0, stdout: 'yes\n' });

    c.applyOk(SHIRT_VIEWER('team: a'));
    c.settle();
    expect(hasShirts(viewRules(c))).toBe(false);
    c.applyOk(SHIRT_VIEWER('rbac.authorization.k8s.io/aggregate-to-view: "true"'));
    c.settle();
    expect(hasShirts(viewRules(c))).toBe(true);
    c.world.deleteObject({ kind: 'ClusterRole', name: 'shirt-viewer' });
    c.settle();
    expect(hasShirts(viewRules(c))).toBe(false);
  });
});
