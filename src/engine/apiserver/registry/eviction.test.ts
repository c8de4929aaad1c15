import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import type { PodDisruptionBudgetObject } from '../../api/poddisruptionbudget';
import { Client } from '../../client/clientset';
import { apiErrorLine } from '../../kubectl/cmd/errors';
import { ControllerHarness } from '../../testing/harness';
import { TestCluster } from '../../testing/test-cluster';
import { DisruptionController } from '../../controller/disruption/disruption';
import { ReplicaSetController } from '../../controller/replicaset/replica-set';

const web = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: nginx:1.27}]
`;
const budget = (name: string, spec: string) => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: web}}\n${spec}`;

function cluster(replicas: number, ...budgets: string[]) {
  const c = new TestCluster();
  c.applyOk(web(replicas));
  for (const b of budgets) c.applyOk(b);
  c.settle();
  const user = new Client(c.world.api, 'kubectl');
  const pdb = (name = 'web') => c.world.getObject({ kind: 'PodDisruptionBudget', namespace: 'default', name }) as PodDisruptionBudgetObject;
  const running = () => c.pods({ app: 'web' }).filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp).sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  return { c, user, pdb, running };
}

describe('POST pods/<name>/eviction', () => {
  it('refuses with 429 when the budget allows no disruption, and leaves the pod alone', () => {
    const { user, pdb, running } = cluster(3, budget('web', '  minAvailable: 3\n'));
    const [victim] = running();
    const r = user.evict('default', victim.metadata.name!);
    expect(r).toEqual({
      ok: false,
      status: {
        kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 429, reason: 'TooManyRequests',
        message: "Cannot evict pod as it would violate the pod's disruption budget.",
        details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 3 healthy pods and has 3 currently' }] },
      },
    });
    if (!r.ok) expect(apiErrorLine(r.status)).toBe("Error from server (TooManyRequests): Cannot evict pod as it would violate the pod's disruption budget.");
    expect(running()).toHaveLength(3);
    expect(pdb().status?.disruptedPods).toBeUndefined();
  });

  it('evicts when allowed: takes one disruption, records the pod, marks it and deletes it', () => {
    const { c, user, pdb, running } = cluster(3, budget('web', '  minAvailable: 2\n'));
    const [victim, other] = running();
    expect(pdb().status?.disruptionsAllowed).toBe(1);
    expect(user.evict('default', victim.metadata.name!)).toEqual({ ok: true });
    const gone = c.pod(victim.metadata.name!) as Pod & KubeObject;
    expect(gone.metadata.deletionTimestamp).toBeDefined();
    expect(gone.status?.conditions?.find((x) => x.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' });
    expect(pdb().status).toMatchObject({ disruptionsAllowed: 0, disruptedPods: { [victim.metadata.name!]: expect.any(String) } });
    expect(pdb().status?.conditions?.[0]).toMatchObject({ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' });
    // the next eviction is refused at once, before the controller has caught up
    const second = user.evict('default', other.metadata.name!);
    expect(second.ok).toBe(false);
    // once the replacement pod is Ready the budget allows one disruption again
    c.settle();
    expect(running()).toHaveLength(3);
    expect(pdb().status).toMatchObject({ currentHealthy: 3, disruptionsAllowed: 1 });
    expect(pdb().status?.disruptedPods).toBeUndefined();
    expect(user.evict('default', other.metadata.name!)).toEqual({ ok: true });
  });

  it('deletes a pod no budget covers', () => {
    const { c, user, running } = cluster(2);
    const [victim] = running();
    expect(user.evict('default', victim.metadata.name!)).toEqual({ ok: true });
    expect(c.pod(victim.metadata.name!).metadata.deletionTimestamp).toBeDefined();
  });

  it('ignores the budget for a Pending pod', () => {
    const { c, user } = cluster(1, budget('web', '  minAvailable: 5\n'));
    c.applyOk('apiVersion: v1\nkind: Pod\nmetadata: {name: huge, labels: {app: web}}\nspec: {containers: [{name: c, image: nginx, resources: {requests: {cpu: "64"}}}]}\n');
    c.settle();
    expect(c.pod('huge').status?.phase).toBe('Pending');
    expect(user.evict('default', 'huge')).toEqual({ ok: true });
    expect(c.world.getObject({ kind: 'Pod', namespace: 'default', name: 'huge' })).toBeUndefined();
  });

  it('lets an unready pod go without spending the budget while the application is healthy', () => {
    // A harness without a kubelet, so a pod can be made unready (the World's kubelet owns readiness).
    const h = new ControllerHarness();
    h.add('replicaset-controller', (ctx) => new ReplicaSetController(ctx));
    h.add('disruption-controller', (ctx) => new DisruptionController(ctx));
    h.mustCreate({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } });
    h.mustCreate({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'default' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } });
    h.settle(60_000, { kubelet: true });
    const [sick, healthy] = h.pods();
    h.setPodReady(`default/${sick.metadata.name}`, false);
    h.runControllers();
    const pdb = () => h.get<PodDisruptionBudgetObject>('poddisruptionbudgets', 'default/web')!;
    expect(pdb().status).toMatchObject({ currentHealthy: 2, desiredHealthy: 1, disruptionsAllowed: 1 });
    expect(h.api.evict('default', sick.metadata.name!, 'kubectl')).toEqual({ ok: true });
    expect(pdb().status?.disruptionsAllowed).toBe(1);
    expect(pdb().status?.disruptedPods).toBeUndefined();
    // a Ready pod still spends the budget
    expect(h.api.evict('default', healthy.metadata.name!, 'kubectl')).toEqual({ ok: true });
    expect(pdb().status).toMatchObject({ disruptionsAllowed: 0, disruptedPods: { [healthy.metadata.name!]: expect.any(String) } });
  });

  it('asks the client to retry while the controller has not seen the latest spec', () => {
    const { c, user, running } = cluster(3, budget('web', '  minAvailable: 1\n'));
    c.applyOk(budget('web', '  minAvailable: 2\n')); // generation 2, not yet observed
    const r = user.evict('default', running()[0].metadata.name!);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.status).toMatchObject({ code: 429, reason: 'TooManyRequests', details: { retryAfterSeconds: 10 } });
      expect(r.status.details?.causes).toEqual([{ reason: 'DisruptionBudget', message: 'The disruption budget web is still being processed by the server.' }]);
    }
  });

  it('refuses a pod that two budgets select (500)', () => {
    const { user, running } = cluster(2, budget('a', '  minAvailable: 0\n'), budget('b', '  minAvailable: 0\n'));
    const r = user.evict('default', running()[0].metadata.name!);
    expect(r).toMatchObject({ ok: false, status: { code: 500, message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.' } });
  });

  it('changes nothing on a dry run, and reports a missing pod', () => {
    const { c, user, pdb, running } = cluster(2, budget('web', '  minAvailable: 1\n'));
    const [victim] = running();
    const rv = pdb().metadata.resourceVersion;
    expect(user.evict('default', victim.metadata.name!, { dryRun: true })).toEqual({ ok: true });
    expect(pdb().metadata.resourceVersion).toBe(rv);
    expect(c.pod(victim.metadata.name!).metadata.deletionTimestamp).toBeUndefined();
    expect(user.evict('default', 'nope')).toMatchObject({ ok: false, status: { code: 404, message: 'pods "nope" not found' } });
  });
});
