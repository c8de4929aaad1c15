import { describe, expect, it } from 'vitest';
import { TestCluster } from '../../testing/test-cluster';
import { gracePeriodOf, IMMEDIATE_DELETION_WARNING } from './delete';
import type { FlagValues } from './args';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: web, image: nginx}]\n';

function running(): TestCluster {
  const c = new TestCluster();
  c.applyOk(POD);
  c.settle();
  expect(c.pod('web').status?.phase).toBe('Running');
  return c;
}

const flags = (f: Record<string, string | boolean>): FlagValues => new Map(Object.entries(f));

describe('kubectl delete --grace-period / --now / --force', () => {
  it('--force --grace-period=0 deletes at once, with the warning and "force deleted"', () => {
    const c = running();
    const out = c.world.kubectl('delete pod web --force --grace-period=0');
    expect(out).toEqual({ stdout: 'pod "web" force deleted from default namespace\n', stderr: IMMEDIATE_DELETION_WARNING, exitCode: 0 });
    expect(IMMEDIATE_DELETION_WARNING).toBe('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
    expect(c.world.getObject({ kind: 'Pod', namespace: 'default', name: 'web' })).toBeUndefined();
  });

  it('--force alone means a grace period of 0', () => {
    const c = running();
    const out = c.world.kubectl('delete pod web --force');
    expect(out.stdout).toBe('pod "web" force deleted from default namespace\n');
    expect(out.stderr).toBe(IMMEDIATE_DELETION_WARNING);
    expect(c.world.getObject({ kind: 'Pod', namespace: 'default', name: 'web' })).toBeUndefined();
  });

  it('--grace-period=0 without --force is treated as 1: the pod terminates for a second', () => {
    const c = running();
    expect(c.world.kubectl('delete pod web --grace-period=0')).toEqual({ stdout: 'pod "web" deleted from default namespace\n', stderr: '', exitCode: 0 });
    expect(c.pod('web').metadata.deletionGracePeriodSeconds).toBe(1);
    c.settle();
    expect(c.world.getObject({ kind: 'Pod', namespace: 'default', name: 'web' })).toBeUndefined();
  });

  it('--now is a grace period of 1; --grace-period=N is passed on', () => {
    const c = running();
    c.world.kubectl('delete pod web --now');
    expect(c.pod('web').metadata.deletionGracePeriodSeconds).toBe(1);
    const d = running();
    d.world.kubectl('delete pod web --grace-period=7');
    expect(d.pod('web').metadata.deletionGracePeriodSeconds).toBe(7);
    const e = running();
    e.world.kubectl('delete pod web');
    expect(e.pod('web').metadata.deletionGracePeriodSeconds).toBe(30);
  });

  it('refuses the combinations kubectl refuses, deleting nothing', () => {
    const c = running();
    expect(c.world.kubectl('delete pod web --force --grace-period=5')).toEqual({ stdout: '', stderr: 'error: --force and --grace-period greater than 0 cannot be specified together\n', exitCode: 1 });
    expect(c.world.kubectl('delete pod web --now --grace-period=5')).toEqual({ stdout: '', stderr: 'error: --now and --grace-period cannot be specified together\n', exitCode: 1 });
    expect(c.world.kubectl('delete pod web --now --force')).toEqual({ stdout: '', stderr: 'error: --force and --grace-period greater than 0 cannot be specified together\n', exitCode: 1 });
    expect(c.world.kubectl('delete pod web --grace-period=soon').stderr).toBe('error: invalid argument "soon" for "--grace-period" flag: strconv.ParseInt: parsing "soon": invalid syntax\nSee \'kubectl delete --help\' for usage.\n');
    expect(c.pod('web').metadata.deletionTimestamp).toBeUndefined();
  });

  it('Complete(): the grace period each flag combination settles on', () => {
    expect(gracePeriodOf(flags({}))).toEqual({ ok: true, gracePeriod: -1, force: false });
    expect(gracePeriodOf(flags({ 'grace-period': '0' }))).toEqual({ ok: true, gracePeriod: 1, force: false });
    expect(gracePeriodOf(flags({ 'grace-period': '0', force: true }))).toEqual({ ok: true, gracePeriod: 0, force: true });
    expect(gracePeriodOf(flags({ now: true }))).toEqual({ ok: true, gracePeriod: 1, force: false });
  });
});
