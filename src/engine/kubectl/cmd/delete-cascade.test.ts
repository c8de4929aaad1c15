import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/meta';
import { webApp } from '../../testing/manifests';
import { TestCluster } from '../../testing/test-cluster';
import { parse } from 'yaml';

const WEB = webApp({ replicas: 2, noService: true });

function running(): TestCluster {
  const c = new TestCluster();
  c.applyOk(WEB);
  c.settle();
  expect(c.pods({ app: 'web' })).toHaveLength(2);
  return c;
}

const list = (c: TestCluster, kind: string) => c.world.list(kind, 'default') as KubeObject[];

describe('kubectl delete --cascade', () => {
  it('orphan: the Deployment goes; the ReplicaSet and pods stay, no longer owned by it', () => {
    const c = running();
    const out = c.world.kubectl('delete deploy web --cascade=orphan');
    expect(out).toEqual({ stdout: 'deployment.apps "web" deleted from default namespace\n', stderr: '', exitCode: 0 });
    c.settle();
    expect(list(c, 'Deployment')).toHaveLength(0);
    const rs = list(c, 'ReplicaSet');
    expect(rs).toHaveLength(1);
    expect(rs[0].metadata.ownerReferences).toBeUndefined();
    const pods = c.pods({ app: 'web' });
    expect(pods).toHaveLength(2);
    expect(pods.every((p) => p.metadata.ownerReferences?.[0].uid === rs[0].metadata.uid && !p.metadata.deletionTimestamp)).toBe(true);
  });

  it('foreground: the Deployment stays with deletionTimestamp and the finalizer until its ReplicaSet and pods are gone', () => {
    const c = running();
    expect(c.kubectl('delete deploy web --cascade=foreground')).toBe('deployment.apps "web" deleted from default namespace\n');
    c.step(100);
    const yaml = c.world.kubectl('get deploy web -o yaml');
    expect(yaml.exitCode).toBe(0);
    const d = parse(yaml.stdout) as KubeObject;
    expect(d.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(d.metadata.deletionTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(yaml.stdout).toContain('  finalizers:\n  - foregroundDeletion\n');
    // Meanwhile the ReplicaSet is deleted in the foreground too and its pods terminate.
    expect(list(c, 'ReplicaSet').map((rs) => rs.metadata.finalizers)).toEqual([['foregroundDeletion']]);
    expect(c.pods({ app: 'web' }).map((p) => p.metadata.deletionTimestamp !== undefined)).toEqual([true, true]);
    expect(c.kubectl('get deploy')).toMatch(/^NAME +READY/);
    // Track when each kind disappears: the Deployment last.
    let deploymentGoneWith: { rs: number; pods: number } | undefined;
    for (let t = 0; t < 120 && !deploymentGoneWith; t++) {
      c.step(500);
      if (list(c, 'Deployment').length === 0) deploymentGoneWith = { rs: list(c, 'ReplicaSet').length, pods: c.pods({ app: 'web' }).length };
      else expect(list(c, 'Deployment')[0].metadata.deletionTimestamp).toBeDefined();
    }
    expect(deploymentGoneWith).toEqual({ rs: 0, pods: 0 });
  });

  it('background (the default): the Deployment goes at once, the ReplicaSet and pods after', () => {
    const c = running();
    expect(c.kubectl('delete deploy web')).toBe('deployment.apps "web" deleted from default namespace\n');
    expect(list(c, 'Deployment')).toHaveLength(0);
    expect(list(c, 'ReplicaSet')).toHaveLength(1);
    c.settle();
    expect(list(c, 'ReplicaSet')).toHaveLength(0);
    expect(c.pods({ app: 'web' })).toHaveLength(0);
  });

  it('a bare --cascade means background', () => {
    const c = running();
    expect(c.world.kubectl('delete --cascade deploy web').exitCode).toBe(0);
    c.settle();
    expect(list(c, 'ReplicaSet')).toHaveLength(0);
  });

  it.each([
    ['false', 'orphan', 1],
    ['true', 'background', 0],
  ])('the deprecated --cascade=%s warns and means %s', (value, replacement, replicaSets) => {
    const c = running();
    const out = c.world.kubectl(`delete deploy web --cascade=${value}`);
    expect(out).toEqual({
      stdout: 'deployment.apps "web" deleted from default namespace\n',
      stderr: `warning: --cascade=${value} is deprecated (boolean value) and can be replaced with --cascade=${replacement}.\n`,
      exitCode: 0,
    });
    c.settle();
    expect(list(c, 'ReplicaSet')).toHaveLength(replicaSets);
  });

  it('refuses an unknown value', () => {
    const c = running();
    expect(c.world.kubectl('delete deploy web --cascade=yes')).toEqual({
      stdout: '',
      stderr: 'error: invalid cascade value (yes). Must be "background", "foreground", or "orphan"\n',
      exitCode: 1,
    });
    expect(list(c, 'Deployment')).toHaveLength(1);
  });
});
