// This suite reads the fidelity corpus's CRD from disk (Node only); engine code itself never may.
/* eslint-disable no-restricted-imports */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
/* eslint-enable no-restricted-imports */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../testing/test-cluster';
import { impersonatedUser } from './authorized-kubectl';

const CRD = readFileSync(join(__dirname, '../../../fidelity/examples/customresourcedefinition/shirt-resource-definition.yaml'), 'utf8');
const SHIRT = 'apiVersion: stable.example.com/v1\nkind: Shirt\nmetadata: {name: example1, namespace: default}\nspec: {color: blue, size: S}\n';
const files: Record<string, string> = { 'shirt.yaml': SHIRT };
const readFile = (p: string) => {
  if (!(p in files)) throw new Error(`open ${p}: no such file or directory`);
  return files[p];
};

function shirtCluster(): TestCluster {
  const c = new TestCluster();
  c.applyOk(CRD);
  c.settle();
  return c;
}

describe('authorized kubectl: custom resources', () => {
  it('denies reading and creating a custom resource to a user without a grant, before it reaches storage', () => {
    const c = shirtCluster();
    // apply reads the live object first.
    let out = c.world.kubectl('apply -f shirt.yaml --as jane', readFile);
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toContain('from server for: "shirt.yaml": shirts.stable.example.com "example1" is forbidden: User "jane" cannot get resource "shirts" in API group "stable.example.com" in the namespace "default"');
    c.kubectl('create role shirt-getter --verb=get --resource=shirts.stable.example.com');
    c.kubectl('create rolebinding jane-gets-shirts --role=shirt-getter --user=jane');
    out = c.world.kubectl('apply -f shirt.yaml --as jane', readFile);
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toContain('shirts.stable.example.com is forbidden: User "jane" cannot create resource "shirts" in API group "stable.example.com" in the namespace "default"');
    expect(c.world.getObject({ kind: 'Shirt', namespace: 'default', name: 'example1' })).toBeUndefined();
    const denied = c.world.lastRequestPaths().find((p) => p.verb === 'create');
    expect(denied?.code).toBe(403);
    expect(denied?.url).toBe('/apis/stable.example.com/v1/namespaces/default/shirts');
    expect(denied?.stages.at(-1)).toMatchObject({ stage: 'authorization', outcome: 'denied' });
  });

  it('allows it once a Role grants the custom resource, and records its etcd key under the group', () => {
    const c = shirtCluster();
    c.kubectl('create role shirt-editor --verb=get,list,create,patch,delete --resource=shirts.stable.example.com');
    c.kubectl('create rolebinding jane-shirts --role=shirt-editor --user=jane');
    expect(c.world.kubectl('auth can-i create shirts --as jane')).toMatchObject({ stdout: 'yes\n', stderr: '', exitCode: 0 });
    expect(c.world.kubectl('apply -f shirt.yaml --as jane', readFile)).toMatchObject({ stdout: 'shirt.stable.example.com/example1 created\n', exitCode: 0 });
    const created = c.world.lastRequestPaths().find((p) => p.verb === 'create');
    expect(created).toMatchObject({ code: 201, ok: true });
    expect(created?.stages.find((s) => s.stage === 'authorization')).toMatchObject({ outcome: 'allowed' });
    expect(created?.stages.at(-1)).toMatchObject({ stage: 'storage', outcome: 'stored', etcdKey: '/registry/stable.example.com/shirts/default/example1' });

    expect(c.world.kubectl('get shirts --as jane').exitCode).toBe(0);
    const list = c.world.lastRequestPaths()[0];
    expect(list.stages.at(-1)).toMatchObject({ stage: 'storage', outcome: 'read', etcdKey: '/registry/stable.example.com/shirts/default' });
    // A re-apply of a changed object is a PATCH, authorized as patch.
    files['shirt.yaml'] = SHIRT.replace('size: S', 'size: M');
    expect(c.world.kubectl('apply -f shirt.yaml --as jane', readFile).stdout).toBe('shirt.stable.example.com/example1 configured\n');
    expect(c.world.lastRequestPaths().some((p) => p.verb === 'patch' && p.code === 200)).toBe(true);
    files['shirt.yaml'] = SHIRT;
    // Another user still cannot.
    expect(c.world.kubectl('delete shirt example1 --as bob').stderr).toContain('User "bob" cannot delete resource "shirts" in API group "stable.example.com"');
    expect(c.world.kubectl('delete shirt example1 --as jane').exitCode).toBe(0);
  });
});

describe('authorized kubectl: describe', () => {
  it('describes a pod to a user who may read pods but not events, leaving the events out (describe.go ignores that error)', () => {
    const c = new TestCluster();
    c.applyOk(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader}
rules: [{apiGroups: [""], resources: [pods], verbs: [get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: jane-reads-pods}
subjects: [{kind: User, name: jane, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: Role, name: pod-reader, apiGroup: rbac.authorization.k8s.io}
`);
    c.settle();
    const admin = c.world.kubectl('describe pod p');
    expect(admin.stdout).toMatch(/^Events:/m);
    const jane = c.world.kubectl('describe pod p --as jane');
    expect(jane.stderr).toBe('');
    expect(jane.exitCode).toBe(0);
    expect(jane.stdout).toMatch(/^Name:\s+p$/m);
    expect(jane.stdout).not.toMatch(/^Events:/m);
    expect(c.world.lastRequestPaths().some((p) => p.code === 403 && p.url.includes('/events'))).toBe(true);
  });
});

describe('impersonatedUser', () => {
  it('adds the ServiceAccount groups and system:authenticated', () => {
    expect(impersonatedUser('system:serviceaccount:dev:app', [])).toEqual({ username: 'system:serviceaccount:dev:app', groups: ['system:serviceaccounts', 'system:serviceaccounts:dev', 'system:authenticated'] });
    expect(impersonatedUser('jane', ['devs'])).toEqual({ username: 'jane', groups: ['devs', 'system:authenticated'] });
    expect(impersonatedUser('system:anonymous', [])).toEqual({ username: 'system:anonymous', groups: [] });
  });
});
