import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { KubeObject } from '../../api/meta';
import { ControllerHarness } from '../../testing/harness';
import type { PodObject, ReplicaSetObject } from '../controller-utils';
import { getControllerOf, isPodActive } from '../controller-utils';
import { ReplicaSetController, slowStartBatch } from './replica-set';

function rs(name: string, replicas: number, labels: Record<string, string> = { app: name }, extra: Partial<ReplicaSet['spec']> = {}): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
      ...extra,
    },
  };
}

function setup(opts: { watchLatencyMs?: number } = {}) {
  const h = new ControllerHarness(opts);
  const c = h.add('replicaset-controller', (ctx) => new ReplicaSetController(ctx));
  return { h, c };
}

function ownedActive(h: ControllerHarness, owner: KubeObject): PodObject[] {
  return h.pods().filter((p) => getControllerOf(p)?.uid === owner.metadata.uid && isPodActive(p));
}

describe('ReplicaSetController', () => {
  it('creates exactly spec.replicas pods from the template, owned by the ReplicaSet', () => {
    const { h } = setup();
    const web = h.mustCreate<ReplicaSetObject>(rs('web', 3));
    h.runControllers();
    const pods = h.pods();
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.labels).toEqual({ app: 'web' });
      expect(p.metadata.ownerReferences).toEqual([
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: web.metadata.uid, controller: true, blockOwnerDeletion: true },
      ]);
    }
    expect(h.eventMessages('SuccessfulCreate').sort()).toEqual(pods.map((p) => `Created pod: ${p.metadata.name}`).sort());
    const status = h.get<ReplicaSetObject>('replicasets', 'default/web')!.status;
    expect(status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
    // every write by the controller is attributed to it
    expect(h.writes.filter((w) => w.resource === 'pods').every((w) => w.writer === 'replicaset-controller')).toBe(true);
  });

  it('does not create 2N pods while the informer lags behind its own creates', () => {
    const { h, c } = setup({ watchLatencyMs: 100 });
    h.mustCreate(rs('web', 3));
    h.step(100); // the ReplicaSet reaches the informer; the sync creates 3 pods
    expect(h.list('pods')).toHaveLength(3);
    expect(c.expectations.get('default/web')).toEqual({ add: 3, del: 0 });
    // Before the pod events arrive, the informer still shows no pods; force more syncs.
    h.step(50);
    c.queue.add('default/web');
    h.runControllers();
    c.queue.add('default/web');
    h.runControllers();
    expect(h.list('pods')).toHaveLength(3);
    h.settle();
    expect(h.list('pods')).toHaveLength(3);
    expect(c.expectations.get('default/web')).toEqual({ add: 0, del: 0 });
  });

  it('holds still while pod events are delivered late, however often it syncs', () => {
    const { h, c } = setup();
    h.hold('pods');
    h.mustCreate(rs('web', 3));
    h.runControllers(); // the sync creates 3 pods; their events are held back
    expect(h.list('pods')).toHaveLength(3);
    for (let i = 0; i < 3; i++) {
      c.queue.add('default/web');
      h.runControllers();
    }
    h.mustUpdate<ReplicaSetObject>('replicasets', 'default/web', (o) => { o.metadata.labels = { touched: 'yes' }; });
    h.runControllers();
    expect(h.list('pods')).toHaveLength(3);
    h.release();
    h.runControllers();
    expect(h.list('pods')).toHaveLength(3);
    expect(h.get<ReplicaSetObject>('replicasets', 'default/web')!.status?.replicas).toBe(3);
  });

  it('replaces a pod that failed (OutOfcpu) and keeps the failed one', () => {
    const { h } = setup();
    const web = h.mustCreate<ReplicaSetObject>(rs('web', 2));
    h.runControllers({ kubelet: true });
    const [victim] = h.pods();
    h.failPod(`default/${victim.metadata.name}`, 'OutOfcpu');
    h.runControllers();
    const pods = h.pods();
    expect(pods).toHaveLength(3);
    expect(ownedActive(h, web)).toHaveLength(2);
    expect(pods.find((p) => p.metadata.name === victim.metadata.name)?.status?.phase).toBe('Failed');
  });

  it('deletes the lowest-ranked pods on scale-down: unassigned, then pending, then not ready', () => {
    const { h } = setup();
    h.mustCreate(rs('web', 5));
    h.runControllers();
    const names = h.pods().map((p) => `default/${p.metadata.name}`);
    const [unassigned, pendingOnNode, notReady, ready1, ready2] = names;
    void unassigned;
    for (const k of [pendingOnNode, notReady, ready1, ready2]) {
      const { name } = h.get<PodObject>('pods', k)!.metadata;
      h.api.bind('default', name!, 'node-1', 'default-scheduler');
    }
    h.startPod(notReady, false);
    h.startPod(ready1, true);
    h.startPod(ready2, true);
    h.runControllers();
    h.mustUpdate<ReplicaSetObject>('replicasets', 'default/web', (o) => { o.spec!.replicas = 2; });
    h.runControllers();
    const left = h.pods().filter(isPodActive).map((p) => `default/${p.metadata.name}`).sort();
    expect(left).toEqual([ready1, ready2].sort());
    expect(h.eventMessages('SuccessfulDelete')).toHaveLength(3);
  });

  it('waits for graceful deletions to be observed instead of deleting again', () => {
    const { h, c } = setup();
    h.mustCreate(rs('web', 3));
    h.runControllers({ kubelet: { reap: false } });
    h.mustUpdate<ReplicaSetObject>('replicasets', 'default/web', (o) => { o.spec!.replicas = 1; });
    h.runControllers();
    const terminating = h.pods().filter((p) => p.metadata.deletionTimestamp);
    expect(terminating).toHaveLength(2);
    expect(c.expectations.get('default/web')).toEqual({ add: 0, del: 0 });
    // The final DELETE events must not be counted twice, nor trigger new work.
    h.reapTerminating();
    h.runControllers();
    expect(h.pods()).toHaveLength(1);
    expect(h.eventMessages('SuccessfulDelete')).toHaveLength(2);
    expect(h.get<ReplicaSetObject>('replicasets', 'default/web')!.status?.replicas).toBe(1);
  });

  it('adopts a matching orphan instead of creating a pod', () => {
    const { h } = setup();
    h.mustCreate({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    const web = h.mustCreate<ReplicaSetObject>(rs('web', 2));
    h.runControllers();
    const stray = h.get<PodObject>('pods', 'default/stray')!;
    expect(getControllerOf(stray)?.uid).toBe(web.metadata.uid);
    expect(h.pods()).toHaveLength(2);
    expect(h.eventMessages('SuccessfulCreate')).toHaveLength(1);
  });

  it('does not adopt a pod controlled by someone else', () => {
    const { h } = setup();
    const other = h.mustCreate<ReplicaSetObject>(rs('other', 1, { app: 'web' }));
    h.runControllers();
    const web = h.mustCreate<ReplicaSetObject>(rs('web', 1, { app: 'web' }));
    h.runControllers();
    expect(ownedActive(h, other)).toHaveLength(1);
    expect(ownedActive(h, web)).toHaveLength(1);
    for (const p of h.pods()) expect(p.metadata.ownerReferences?.filter((r) => r.controller)).toHaveLength(1);
  });

  it('releases a pod whose labels stop matching and replaces it', () => {
    const { h } = setup();
    const web = h.mustCreate<ReplicaSetObject>(rs('web', 2));
    h.runControllers();
    const [p] = h.pods();
    h.mustUpdate<PodObject>('pods', `default/${p.metadata.name}`, (o) => { o.metadata.labels = { app: 'debug' }; });
    h.runControllers();
    const released = h.get<PodObject>('pods', `default/${p.metadata.name}`)!;
    expect(released.metadata.ownerReferences).toBeUndefined();
    expect(ownedActive(h, web)).toHaveLength(2);
    expect(h.pods()).toHaveLength(3);
  });

  it('counts ready and available pods, requeueing until minReadySeconds passed', () => {
    const { h } = setup();
    h.mustCreate(rs('web', 2, { app: 'web' }, { minReadySeconds: 10 }));
    h.runControllers({ kubelet: true });
    let st = h.get<ReplicaSetObject>('replicasets', 'default/web')!.status!;
    expect(st.readyReplicas).toBe(2);
    expect(st.availableReplicas).toBeUndefined();
    h.step(9_000);
    expect(h.get<ReplicaSetObject>('replicasets', 'default/web')!.status!.availableReplicas).toBeUndefined();
    h.step(3_000);
    st = h.get<ReplicaSetObject>('replicasets', 'default/web')!.status!;
    expect(st.availableReplicas).toBe(2);
    expect(h.settle()).toBe(true);
  });

  it('reports a failed create in events and a ReplicaFailure condition', () => {
    const { h } = setup();
    h.mustCreate(rs('web', 2));
    // A template without labels cannot be created (RealPodControl refuses label-less pods).
    h.mustUpdate<ReplicaSetObject>('replicasets', 'default/web', (o) => {
      o.spec!.selector = {};
      o.spec!.template!.metadata = {};
    });
    h.step(100);
    const cond = h.get<ReplicaSetObject>('replicasets', 'default/web')!.status?.conditions?.[0];
    expect(cond).toMatchObject({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'unable to create pods, no labels' });
  });

  it('saves expectations as plain JSON and continues from them', () => {
    const { h, c } = setup({ watchLatencyMs: 100 });
    h.mustCreate(rs('web', 2));
    h.step(100);
    const saved = JSON.parse(JSON.stringify(c.save()));
    const h2 = new ControllerHarness();
    const c2 = h2.add('replicaset-controller', (ctx) => new ReplicaSetController(ctx), saved);
    expect(c2.expectations.get('default/web')).toEqual({ add: 2, del: 0 });
    expect(c2.expectations.satisfiedExpectations('default/web')).toBe(false);
  });
});

describe('slowStartBatch', () => {
  it('doubles the batch and stops at the first failing batch', () => {
    let calls = 0;
    const r = slowStartBatch(10, 1, () => (++calls === 4 ? 'quota exceeded' : undefined));
    // batches 1, 2, 4: the failure is in the third batch, which still runs to its end
    expect(calls).toBe(7);
    expect(r).toEqual({ successes: 6, error: 'quota exceeded' });
    expect(slowStartBatch(5, 1, () => undefined)).toEqual({ successes: 5 });
  });
});

describe('ReplicaSet invariants (property)', () => {
  type Op =
    | { kind: 'scale'; rs: number; replicas: number }
    | { kind: 'deletePod'; pick: number; graceful: boolean }
    | { kind: 'failPod'; pick: number }
    | { kind: 'orphan'; labelOf: number }
    | { kind: 'relabel'; pick: number }
    | { kind: 'kubelet' }
    | { kind: 'step'; ms: number };

  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('scale' as const), rs: fc.nat(2), replicas: fc.nat(5) }),
    fc.record({ kind: fc.constant('deletePod' as const), pick: fc.nat(), graceful: fc.boolean() }),
    fc.record({ kind: fc.constant('failPod' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('orphan' as const), labelOf: fc.nat(2) }),
    fc.record({ kind: fc.constant('relabel' as const), pick: fc.nat() }),
    fc.constant({ kind: 'kubelet' as const }),
    fc.record({ kind: fc.constant('step' as const), ms: fc.integer({ min: 1, max: 300 }) }),
  );

  it('after quiescence each ReplicaSet has exactly `replicas` active owned pods and no pod has two controllers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.constantFrom(0, 50, 100), fc.array(op, { maxLength: 25 }), (seed, latency, ops) => {
        const h = new ControllerHarness({ seed, watchLatencyMs: latency });
        h.add('replicaset-controller', (ctx) => new ReplicaSetController(ctx));
        // rs-a and rs-b share a selector: they compete for orphans; rs-c is separate.
        const sets = [
          h.mustCreate<ReplicaSetObject>(rs('rs-a', 2, { app: 'shared' })),
          h.mustCreate<ReplicaSetObject>(rs('rs-b', 1, { app: 'shared' })),
          h.mustCreate<ReplicaSetObject>(rs('rs-c', 3, { app: 'c' })),
        ];
        let orphanN = 0;
        for (const o of ops) {
          const pods = h.pods().filter((p) => !p.metadata.deletionTimestamp);
          const pick = <T,>(xs: T[], i: number): T | undefined => (xs.length ? xs[i % xs.length] : undefined);
          switch (o.kind) {
            case 'scale':
              h.mustUpdate<ReplicaSetObject>('replicasets', `default/${sets[o.rs].metadata.name}`, (x) => { x.spec!.replicas = o.replicas; });
              break;
            case 'deletePod': {
              const p = pick(pods, o.pick);
              if (p) h.remove('pods', `default/${p.metadata.name}`, o.graceful ? {} : { gracePeriodSeconds: 0 });
              break;
            }
            case 'failPod': {
              const p = pick(pods.filter((x) => x.spec?.nodeName && x.status?.phase !== 'Failed'), o.pick);
              if (p) h.failPod(`default/${p.metadata.name}`);
              break;
            }
            case 'orphan':
              h.mustCreate({
                apiVersion: 'v1', kind: 'Pod',
                metadata: { name: `orphan-${orphanN++}`, namespace: 'default', labels: { app: o.labelOf === 2 ? 'c' : 'shared' } },
                spec: { containers: [{ name: 'c', image: 'nginx' }] },
              });
              break;
            case 'relabel': {
              const p = pick(pods, o.pick);
              if (p) h.mustUpdate<PodObject>('pods', `default/${p.metadata.name}`, (x) => { x.metadata.labels = { app: 'elsewhere' }; });
              break;
            }
            case 'kubelet':
              h.kubelet();
              break;
            case 'step':
              h.step(o.ms);
              break;
          }
        }
        // Quiesce: let the fake kubelet finish terminations, and everything settle.
        expect(h.settle(600_000, { kubelet: true })).toBe(true);
        for (const s of sets) {
          const cur = h.get<ReplicaSetObject>('replicasets', `default/${s.metadata.name}`)!;
          expect(ownedActive(h, cur)).toHaveLength(cur.spec!.replicas!);
          expect(cur.status?.replicas ?? 0).toBe(cur.spec!.replicas);
        }
        for (const p of h.pods()) expect((p.metadata.ownerReferences ?? []).filter((r) => r.controller).length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 60 },
    );
  });
});
