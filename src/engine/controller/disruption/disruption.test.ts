import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import type { PodDisruptionBudgetObject } from '../../api/poddisruptionbudget';
import { ControllerHarness } from '../../testing/harness';
import { DeploymentController } from '../deployment/deployment-controller';
import { ReplicaSetController } from '../replicaset/replica-set';
import { DELETION_TIMEOUT_MS, DisruptionController, goLabelSelectorString } from './disruption';

function setup() {
  const h = new ControllerHarness();
  h.add('deployment-controller', (ctx) => new DeploymentController(ctx));
  h.add('replicaset-controller', (ctx) => new ReplicaSetController(ctx));
  h.add('disruption-controller', (ctx) => new DisruptionController(ctx));
  return h;
}

const template = (app: string) => ({ metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
const deployment = (name: string, replicas: number) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: template(name) },
});
const replicaSet = (name: string, replicas: number) => ({
  apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'default' },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: template(name) },
});
const pdb = (name: string, app: string, spec: Record<string, unknown>) => ({
  apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' },
  spec: { selector: { matchLabels: { app } }, ...spec },
});
const get = (h: ControllerHarness, name: string) => h.get<PodDisruptionBudgetObject>('poddisruptionbudgets', `default/${name}`)!;
const counts = (p: PodDisruptionBudgetObject) => {
  const { expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed } = p.status!;
  return { expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed };
};

describe('DisruptionController status math', () => {
  it.each<[string, Record<string, unknown>, { expectedPods: number; desiredHealthy: number; currentHealthy: number; disruptionsAllowed: number }]>([
    // Deployment of 4, all Ready.
    ['minAvailable 2: the pods found, 2 must stay', { minAvailable: 2 }, { expectedPods: 4, desiredHealthy: 2, currentHealthy: 4, disruptionsAllowed: 2 }],
    ['minAvailable 60%: the scale, ceil(2.4) = 3 must stay', { minAvailable: '60%' }, { expectedPods: 4, desiredHealthy: 3, currentHealthy: 4, disruptionsAllowed: 1 }],
    ['maxUnavailable 1: 4 - 1 must stay', { maxUnavailable: 1 }, { expectedPods: 4, desiredHealthy: 3, currentHealthy: 4, disruptionsAllowed: 1 }],
    ['maxUnavailable 30%: ceil(1.2) = 2 may go', { maxUnavailable: '30%' }, { expectedPods: 4, desiredHealthy: 2, currentHealthy: 4, disruptionsAllowed: 2 }],
    ['minAvailable 100%: none may go', { minAvailable: '100%' }, { expectedPods: 4, desiredHealthy: 4, currentHealthy: 4, disruptionsAllowed: 0 }],
    ['maxUnavailable 0: none may go', { maxUnavailable: 0 }, { expectedPods: 4, desiredHealthy: 4, currentHealthy: 4, disruptionsAllowed: 0 }],
  ])('%s', (_name, spec, want) => {
    const h = setup();
    h.mustCreate(deployment('web', 4));
    h.mustCreate(pdb('web', 'web', spec));
    h.settle(60_000, { kubelet: true });
    const p = get(h, 'web');
    expect(counts(p)).toEqual(want);
    expect(p.status?.observedGeneration).toBe(1);
    const allowed = want.disruptionsAllowed > 0;
    expect(p.status?.conditions).toEqual([{
      type: 'DisruptionAllowed', status: allowed ? 'True' : 'False', reason: allowed ? 'SufficientPods' : 'InsufficientPods',
      message: '', observedGeneration: 1, lastTransitionTime: expect.any(String),
    }]);
    // the status is written by the controller, through the status subresource
    expect(h.writes.filter((w) => w.resource === 'poddisruptionbudgets' && w.verb === 'update').every((w) => w.writer === 'disruption-controller')).toBe(true);
  });

  it('resolves percentages against the Deployment scale, not the pods that exist', () => {
    const h = setup();
    h.mustCreate(deployment('web', 5));
    h.mustCreate(pdb('web', 'web', { minAvailable: '50%' }));
    h.settle(60_000, { kubelet: true });
    // one pod stops being Ready: currentHealthy 4, desired ceil(2.5) = 3 of the scale 5
    h.setPodReady(`default/${h.pods()[0].metadata.name}`, false);
    h.runControllers();
    expect(counts(get(h, 'web'))).toEqual({ expectedPods: 5, desiredHealthy: 3, currentHealthy: 4, disruptionsAllowed: 1 });
    // the Deployment scales to 8 while only 5 pods exist: expectedPods follows the scale at once
    h.mustUpdate<KubeObject & { spec: { replicas: number } }>('deployments', 'default/web', (d) => { d.spec.replicas = 8; });
    h.runControllers();
    expect(counts(get(h, 'web'))).toMatchObject({ expectedPods: 8, desiredHealthy: 4 });
  });

  it('takes a ReplicaSet without a Deployment at its own scale', () => {
    const h = setup();
    h.mustCreate(replicaSet('cache', 3));
    h.mustCreate(pdb('cache', 'cache', { maxUnavailable: '50%' }));
    h.settle(60_000, { kubelet: true });
    expect(counts(get(h, 'cache'))).toEqual({ expectedPods: 3, desiredHealthy: 1, currentHealthy: 3, disruptionsAllowed: 2 });
  });

  it('counts neither unready nor terminating pods as healthy', () => {
    const h = setup();
    h.mustCreate(deployment('web', 3));
    h.mustCreate(pdb('web', 'web', { minAvailable: 2 }));
    h.settle(60_000, { kubelet: true });
    const [a, b] = h.pods();
    h.setPodReady(`default/${a.metadata.name}`, false);
    h.remove('pods', `default/${b.metadata.name}`); // graceful: Terminating, not reaped (no kubelet run)
    h.runControllers();
    const p = get(h, 'web');
    // the ReplicaSet's replacement is Pending, so 1 Ready pod remains
    expect(counts(p)).toEqual({ expectedPods: 4, desiredHealthy: 2, currentHealthy: 1, disruptionsAllowed: 0 });
    expect(p.status?.conditions?.[0]).toMatchObject({ status: 'False', reason: 'InsufficientPods' });
  });

  it('with no matching pods: nothing expected, nothing allowed, a NoPods event', () => {
    const h = setup();
    h.mustCreate(pdb('zk-pdb', 'zookeeper', { minAvailable: 2 }));
    h.runControllers();
    expect(counts(get(h, 'zk-pdb'))).toEqual({ expectedPods: 0, desiredHealthy: 2, currentHealthy: 0, disruptionsAllowed: 0 });
    expect(h.events('NoPods')[0]).toMatchObject({ type: 'Normal', message: 'No matching pods found', source: { component: 'disruption-controller' } });
  });

  it('follows a spec change: observedGeneration and the new budget', () => {
    const h = setup();
    h.mustCreate(deployment('web', 3));
    h.mustCreate(pdb('web', 'web', { minAvailable: 3 }));
    h.settle(60_000, { kubelet: true });
    expect(get(h, 'web').status?.disruptionsAllowed).toBe(0);
    h.mustUpdate<PodDisruptionBudgetObject>('poddisruptionbudgets', 'default/web', (p) => { p.spec = { ...p.spec, minAvailable: 1 }; });
    h.runControllers();
    const p = get(h, 'web');
    expect(p.metadata.generation).toBe(2);
    expect(p.status).toMatchObject({ observedGeneration: 2, disruptionsAllowed: 2 });
    expect(p.status?.conditions?.[0]).toMatchObject({ status: 'True', reason: 'SufficientPods', observedGeneration: 2 });
  });

  it('warns about unmanaged pods and counts only the managed scale', () => {
    const h = setup();
    h.mustCreate(deployment('web', 2));
    h.mustCreate({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    h.mustCreate(pdb('web', 'web', { maxUnavailable: 1 }));
    h.settle(60_000, { kubelet: true });
    // the stray pod is Ready but adds nothing to the expected scale
    expect(counts(get(h, 'web'))).toEqual({ expectedPods: 2, desiredHealthy: 1, currentHealthy: 3, disruptionsAllowed: 2 });
    expect(h.eventMessages('UnmanagedPods')[0]).toBe(
      'Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}) ' +
      'were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. ' +
      'To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
    );
  });

  it('fails safe when a pod\'s controller has no scale: no disruption allowed, SyncFailed', () => {
    const h = setup();
    h.mustCreate({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'worker', namespace: 'default', labels: { app: 'batch' }, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'crunch', uid: 'uid-job', controller: true }] },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    h.mustCreate(pdb('batch', 'batch', { maxUnavailable: 1 }));
    h.settle(60_000, { kubelet: true });
    const p = get(h, 'batch');
    expect(p.status?.disruptionsAllowed).toBe(0);
    expect(p.status?.conditions).toEqual([{
      type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: 'jobs.batch does not implement the scale subresource',
      lastTransitionTime: expect.any(String),
    }]);
    expect(h.eventMessages('CalculateExpectedPodCountFailed')).toContain('Failed to calculate the number of expected pods: jobs.batch does not implement the scale subresource');
  });

  it('keeps a recently disrupted pod out of currentHealthy until DeletionTimeout, then counts it again', () => {
    const h = setup();
    h.mustCreate(deployment('web', 3));
    h.mustCreate(pdb('web', 'web', { minAvailable: 1 }));
    h.settle(60_000, { kubelet: true });
    const victim = h.pods()[0].metadata.name!;
    // what the eviction subresource records when it approves an eviction
    h.mustUpdateStatus<PodDisruptionBudgetObject>('poddisruptionbudgets', 'default/web', (p) => {
      p.status!.disruptionsAllowed = 1;
      p.status!.disruptedPods = { [victim]: h.api.timestamp() };
    }, 'kube-apiserver');
    h.runControllers();
    expect(counts(get(h, 'web'))).toMatchObject({ currentHealthy: 2, disruptionsAllowed: 1 });
    expect(get(h, 'web').status?.disruptedPods).toEqual({ [victim]: expect.any(String) });
    // the pod is never deleted: after DeletionTimeout the entry goes and the pod counts again
    h.step(DELETION_TIMEOUT_MS + 1000);
    expect(counts(get(h, 'web'))).toMatchObject({ currentHealthy: 3, disruptionsAllowed: 2 });
    expect(get(h, 'web').status).not.toHaveProperty('disruptedPods');
    expect(h.eventMessages('NotDeleted')).toEqual(["Pod was expected by PDB default/default to be deleted but it wasn't"]);
  });

  it('drops a disrupted pod once it is terminating', () => {
    const h = setup();
    h.mustCreate(deployment('web', 2));
    h.mustCreate(pdb('web', 'web', { minAvailable: 1 }));
    h.settle(60_000, { kubelet: true });
    const victim = h.pods()[0] as Pod & KubeObject;
    h.mustUpdateStatus<PodDisruptionBudgetObject>('poddisruptionbudgets', 'default/web', (p) => {
      p.status!.disruptionsAllowed = 0;
      p.status!.disruptedPods = { [victim.metadata.name!]: h.api.timestamp() };
    }, 'kube-apiserver');
    h.remove('pods', `default/${victim.metadata.name}`);
    h.runControllers();
    expect(get(h, 'web').status).not.toHaveProperty('disruptedPods');
  });
});

describe('goLabelSelectorString', () => {
  it('prints matchLabels sorted and expressions as Go structs', () => {
    expect(goLabelSelectorString({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['x', 'y'] }] })).toBe(
      '&LabelSelector{MatchLabels:map[string]string{a: 1,b: 2,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:In,Values:[x y],},},}',
    );
    expect(goLabelSelectorString(undefined)).toBe('nil');
  });
});
