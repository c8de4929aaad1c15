import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/meta';
import { WEBSITE_EXAMPLE, WEBSITE_OPERATOR } from '../../api/samples/website-operator';
import { World } from '../../sim/world';
import { TestCluster } from '../../testing/test-cluster';

type Website = KubeObject & { status?: { availableReplicas?: number; url?: string } };
const website = (c: TestCluster) => c.world.getObject({ apiVersion: 'learn.kube-sandbox.dev/v1', kind: 'Website', namespace: 'default', name: 'blog' }) as Website | undefined;
const deployment = (c: TestCluster) => c.world.getObject({ kind: 'Deployment', namespace: 'default', name: 'blog' }) as (KubeObject & { spec: { replicas: number } }) | undefined;

describe('website-operator', () => {
  it('reconciles a Website into an owned Deployment and Service, and reports status', () => {
    const c = new TestCluster();
    c.applyOk(WEBSITE_OPERATOR);
    c.applyOk(WEBSITE_EXAMPLE);
    c.settle();
    const dep = deployment(c)!;
    expect(dep.metadata.ownerReferences).toMatchObject([{ kind: 'Website', name: 'blog', controller: true }]);
    expect(c.world.getObject({ kind: 'Service', namespace: 'default', name: 'blog' })?.metadata.ownerReferences?.[0]?.uid).toBe(website(c)!.metadata.uid);
    expect(website(c)!.status).toMatchObject({ availableReplicas: 2, url: 'http://blog.default.svc.cluster.local' });
    expect(c.kubectl('get websites')).toMatch(/^NAME {3}IMAGE {8}DESIRED {3}AVAILABLE {3}AGE\nblog {3}nginx:1\.27 {3}2 {9}2 {11}\d+s\n$/);
    expect(c.kubectl('describe website blog')).toContain('Created Deployment blog');
  });

  it('heals a deleted or changed Deployment; deleting the Website deletes what it owned', () => {
    const c = new TestCluster();
    c.applyOk(WEBSITE_OPERATOR);
    c.applyOk(WEBSITE_EXAMPLE);
    c.settle();
    const uid = deployment(c)!.metadata.uid;
    c.kubectl('delete deployment blog');
    c.settle();
    expect(deployment(c)!.metadata.uid).not.toBe(uid);
    c.kubectl('scale deployment blog --replicas=5');
    c.settle();
    expect(deployment(c)!.spec.replicas).toBe(2);
    expect(c.kubectl('delete website blog')).toBe('website.learn.kube-sandbox.dev "blog" deleted from default namespace\n');
    c.settle();
    expect(deployment(c)).toBeUndefined();
    expect(c.world.getObject({ kind: 'Service', namespace: 'default', name: 'blog' })).toBeUndefined();
  });

  it('does nothing while its pod does not run', () => {
    const c = new TestCluster();
    c.applyOk(WEBSITE_OPERATOR);
    c.settle();
    c.kubectl('scale deployment website-operator -n website-operator --replicas=0');
    c.settle();
    c.applyOk(WEBSITE_EXAMPLE);
    c.settle();
    expect(deployment(c)).toBeUndefined();
    c.kubectl('scale deployment website-operator -n website-operator --replicas=1');
    c.settle();
    expect(deployment(c)).toBeDefined();
  });
});

describe('website-operator across a snapshot', () => {
  it('a restored World still serves Websites and collects what they owned', () => {
    const c = new TestCluster();
    c.applyOk(WEBSITE_OPERATOR);
    c.applyOk(WEBSITE_EXAMPLE);
    c.settle();
    const w = World.restore(c.world.snapshot());
    expect(w.kubectl('get ws blog').stdout).toMatch(/^NAME {3}IMAGE/);
    expect(w.kubectl('delete website blog').exitCode).toBe(0);
    w.settle();
    expect(w.getObject({ kind: 'Deployment', namespace: 'default', name: 'blog' })).toBeUndefined();
  });
});
