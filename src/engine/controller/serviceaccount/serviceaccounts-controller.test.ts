import { describe, expect, it } from 'vitest';
import { ControllerHarness } from '../../testing/harness';
import { TestCluster } from '../../testing/test-cluster';
import { ServiceAccountsController } from './serviceaccounts-controller';

describe('ServiceAccountsController', () => {
  it('gives each of the four system namespaces a default ServiceAccount at bootstrap', () => {
    const c = new TestCluster();
    const sas = c.world.list('ServiceAccount').map((sa) => `${sa.metadata.namespace}/${sa.metadata.name}`).sort();
    // kubeadm's CoreDNS addon brings its own ServiceAccount, as in a real kube-system.
    expect(sas).toEqual(['default/default', 'kube-node-lease/default', 'kube-public/default', 'kube-system/coredns', 'kube-system/default']);
    expect(c.kubectl('get sa -A --no-headers').split('\n').filter(Boolean).map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'default default 0', 'kube-node-lease default 0', 'kube-public default 0', 'kube-system coredns 0', 'kube-system default 0',
    ]);
  });

  it('creates default in a new namespace before the watch latency has passed twice, and written by the controller', () => {
    const c = new TestCluster();
    const writers: string[] = [];
    c.world.onWatch((rec) => {
      if (rec.object.kind === 'ServiceAccount') writers.push(`${rec.writer} ${rec.object.metadata.namespace}/${rec.object.metadata.name}`);
    });
    c.applyOk('apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n');
    c.step(100);
    expect(writers).toEqual(['serviceaccount-controller team-a/default']);
  });

  it('re-creates a deleted default ServiceAccount', () => {
    const c = new TestCluster();
    const before = c.world.getObject({ kind: 'ServiceAccount', namespace: 'default', name: 'default' })!;
    expect(c.kubectl('delete sa default')).toMatch(/^serviceaccount "default" deleted/);
    c.settle();
    const after = c.world.getObject({ kind: 'ServiceAccount', namespace: 'default', name: 'default' });
    expect(after).toBeDefined();
    expect(after!.metadata.uid).not.toBe(before.metadata.uid);
  });

  it('leaves other ServiceAccounts and terminating namespaces alone', () => {
    const h = new ControllerHarness({ namespaces: [] });
    h.add('serviceaccount-controller', (ctx) => new ServiceAccountsController(ctx));
    h.mustCreate({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    h.mustCreate({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder', namespace: 'default' } });
    h.runControllers();
    expect(h.list('serviceaccounts').map((s) => s.metadata.name).sort()).toEqual(['builder', 'default']);
    h.mustCreate({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    h.client().delete({ group: '', version: 'v1', kind: 'Namespace', resource: 'namespaces', singular: 'namespace', namespaced: false, shortNames: ['ns'] }, undefined, 'doomed');
    h.runControllers();
    expect(h.list('serviceaccounts').map((s) => s.metadata.namespace)).toEqual(['default', 'default']);
  });
});
