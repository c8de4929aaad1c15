import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/meta';
import type { PersistentVolumeClaimObject, PersistentVolumeObject } from '../../../api/volume';
import { makeNodeWithCapacity } from '../../../testing/builders';
import { ControllerHarness } from '../../../testing/harness';
import { makePodWithClaims, makePV, makePVC, makeStorageClass, storageHandle } from '../../../testing/storage-builders';
import { CycleState } from '../../framework/cycle-state';
import type { ObjectLister } from '../../framework/interface';
import { newNodeInfo } from '../../framework/node-info';
import { ErrReasonBindConflict, ErrReasonNodeConflict, ErrReasonPVNotExist, VolumeBinder, type BindingToken } from './binder';
import { ErrReasonUnboundImmediate, newVolumeBinding } from './volume-binding';

const node = (name: string, labels: Record<string, string> = {}) => newNodeInfo(makeNodeWithCapacity({ name, labels: { 'kubernetes.io/hostname': name, ...labels } }));
const wffc = makeStorageClass({ name: 'wait', bindingMode: 'WaitForFirstConsumer', provisioner: 'kubernetes.io/no-provisioner' });
const wffcProvisioned = makeStorageClass({ name: 'wait-prov', bindingMode: 'WaitForFirstConsumer', provisioner: 'rancher.io/local-path' });
const immediate = makeStorageClass({ name: 'immediate' });
const bound = (name: string, pv: string, o: { phase?: string } = {}) =>
  makePVC({ name, storageClassName: 'wait', volumeName: pv, phase: o.phase ?? 'Bound', annotations: { 'pv.kubernetes.io/bind-completed': 'yes' } });

describe('VolumeBinding PreFilter and Filter', () => {
  it.each<[string, string[], KubeObject[], string, string | undefined, Record<string, string[] | 'Success'>]>([
    ['pod has not pvcs', [], [], 'Skip', undefined, {}],
    ['all bound', ['pvc-a'], [bound('pvc-a', 'pv-a'), makePV({ name: 'pv-a', storageClassName: 'wait' }), wffc], 'Success', undefined, { 'node-1': 'Success' }],
    ['all bound with local volumes', ['pvc-a'], [bound('pvc-a', 'pv-a'), makePV({ name: 'pv-a', storageClassName: 'wait', nodes: ['node-1'] }), wffc], 'Success', undefined,
      { 'node-1': 'Success', 'node-2': [ErrReasonNodeConflict] }],
    ['PVC does not exist', ['pvc-a'], [], 'UnschedulableAndUnresolvable', 'persistentvolumeclaim "pvc-a" not found', {}],
    ['immediate claims not bound', ['pvc-a'], [makePVC({ name: 'pvc-a', storageClassName: 'immediate' }), immediate], 'UnschedulableAndUnresolvable', ErrReasonUnboundImmediate, {}],
    ['pv not found claim lost', ['pvc-a'], [bound('pvc-a', 'pv-a', { phase: 'Lost' })], 'UnschedulableAndUnresolvable', 'persistentvolumeclaim "pvc-a" bound to non-existent persistentvolume "pv-a"', {}],
    ['unbound claims no matches', ['pvc-a'], [makePVC({ name: 'pvc-a', storageClassName: 'wait' }), wffc], 'Success', undefined, { 'node-1': [ErrReasonBindConflict] }],
    ['unbound claims with a match on one node', ['pvc-a'], [makePVC({ name: 'pvc-a', storageClassName: 'wait' }), wffc, makePV({ name: 'pv-a', storageClassName: 'wait', nodes: ['node-2'] })], 'Success', undefined,
      { 'node-1': [ErrReasonBindConflict], 'node-2': 'Success' }],
    ['unbound claims a class can provision', ['pvc-a'], [makePVC({ name: 'pvc-a', storageClassName: 'wait-prov' }), wffcProvisioned], 'Success', undefined, { 'node-1': 'Success' }],
    ['bound and unbound unsatisfied', ['pvc-a', 'pvc-b'], [bound('pvc-a', 'pv-a'), makePV({ name: 'pv-a', storageClassName: 'wait', nodes: ['node-2'] }), makePVC({ name: 'pvc-b', storageClassName: 'wait' }), wffc], 'Success', undefined,
      { 'node-1': [ErrReasonNodeConflict, ErrReasonBindConflict] }],
    ['pv not found', ['pvc-a'], [bound('pvc-a', 'pv-a'), wffc], 'Success', undefined, { 'node-1': [ErrReasonPVNotExist] }],
    ['a selected node other than this one', ['pvc-a'], [makePVC({ name: 'pvc-a', storageClassName: 'wait-prov', annotations: { 'volume.kubernetes.io/selected-node': 'node-2' } }), wffcProvisioned], 'Success', undefined,
      { 'node-1': [ErrReasonBindConflict], 'node-2': 'Success' }],
  ])('%s', (_name, claims, objects, preCode, preReason, perNode) => {
    const pl = newVolumeBinding(storageHandle(objects));
    const state = new CycleState();
    const pod = makePodWithClaims('pod-a', claims);
    const pre = pl.preFilter(state, pod);
    expect(pre.code).toBe(preCode);
    if (preReason) expect(pre).toMatchObject({ reasons: [preReason] });
    for (const [name, want] of Object.entries(perNode)) {
      const s = pl.filter(state, pod, node(name));
      if (want === 'Success') expect(s.code).toBe('Success');
      else expect(s).toMatchObject({ code: 'UnschedulableAndUnresolvable', reasons: want });
    }
  });

  it('gives the smallest claims the first pick of volumes', () => {
    const objects = [makePVC({ name: 'big', storage: '5Gi', storageClassName: 'wait' }), makePVC({ name: 'small', storage: '1Gi', storageClassName: 'wait' }), wffc,
      makePV({ name: 'pv-5', capacity: '5Gi', storageClassName: 'wait' }), makePV({ name: 'pv-10', capacity: '10Gi', storageClassName: 'wait' })];
    const pl = newVolumeBinding(storageHandle(objects));
    const state = new CycleState();
    const pod = makePodWithClaims('p', ['big', 'small']);
    pl.preFilter(state, pod);
    expect(pl.filter(state, pod, node('node-1')).code).toBe('Success');
    pl.reserve(state, pod, 'node-1');
    const ref = (pv: string) => pl.binder.pvCache.get(pv)?.spec?.claimRef?.name;
    expect([ref('pv-5'), ref('pv-10')]).toEqual(['small', 'big']);
  });

  it('Reserve assumes the bindings (the next pod sees the volume taken) and Unreserve forgets them', () => {
    const objects = [makePVC({ name: 'a', storageClassName: 'wait' }), makePVC({ name: 'b', storageClassName: 'wait' }), wffc, makePV({ name: 'pv', storageClassName: 'wait' })];
    const pl = newVolumeBinding(storageHandle(objects));
    const s1 = new CycleState();
    const p1 = makePodWithClaims('p1', ['a']);
    pl.preFilter(s1, p1);
    pl.filter(s1, p1, node('node-1'));
    expect(pl.reserve(s1, p1, 'node-1').code).toBe('Success');
    expect(pl.preBindPreFlight(s1, p1, 'node-1').code).toBe('Success');
    const s2 = new CycleState();
    const p2 = makePodWithClaims('p2', ['b']);
    pl.preFilter(s2, p2);
    expect(pl.filter(s2, p2, node('node-1'))).toMatchObject({ reasons: [ErrReasonBindConflict] });
    pl.unreserve(s1, p1, 'node-1');
    const s3 = new CycleState();
    pl.preFilter(s3, p2);
    expect(pl.filter(s3, p2, node('node-1')).code).toBe('Success');
  });

  it('requeues a pod when a claim it uses is added or changes', () => {
    const pl = newVolumeBinding(storageHandle([]));
    const hint = pl.eventsToRegister().find((e) => e.event === 'PersistentVolumeClaimUpdate')!.hint!;
    const pod = makePodWithClaims('p', ['mine']);
    expect(hint(pod, makePVC({ name: 'mine' }), makePVC({ name: 'mine' }))).toBe('Queue');
    expect(hint(pod, makePVC({ name: 'other' }), makePVC({ name: 'other' }))).toBe('QueueSkip');
    expect(hint(pod, makePVC({ name: 'mine', namespace: 'x' }), makePVC({ name: 'mine', namespace: 'x' }))).toBe('QueueSkip');
  });
});

describe('VolumeBinding PreBind', () => {
  /** A binder over a real API server, its "informer" the store itself. */
  function setup(objects: KubeObject[]) {
    const h = new ControllerHarness();
    h.mustCreate(makeNodeWithCapacity({ name: 'node-1', labels: { 'kubernetes.io/hostname': 'node-1' } }));
    for (const o of objects) {
      h.mustCreate(o);
      // The PV controller would have made new volumes Available.
      if (o.kind === 'PersistentVolume') h.mustUpdateStatus<KubeObject>('persistentvolumes', o.metadata.name ?? '', (v) => { v.status = { phase: 'Available' }; });
    }
    const lister: ObjectLister = {
      list: (r, ns) => h.list(r, ns),
      get: (r, ns, name) => h.get(r, ns ? `${ns}/${name}` : name),
    };
    const binder = new VolumeBinder(() => lister, h.client('kube-scheduler'));
    const pl = newVolumeBinding({ ...storageHandle([]), objects: () => lister }, binder);
    const pod = h.mustCreate(makePodWithClaims('p', ['data'])) as unknown as Pod;
    const state = new CycleState();
    pl.preFilter(state, pod);
    expect(pl.filter(state, pod, node('node-1')).code).toBe('Success');
    pl.reserve(state, pod, 'node-1');
    return { h, pl, pod, state };
  }
  const claimObj = (h: ControllerHarness) => h.get<PersistentVolumeClaimObject>('persistentvolumeclaims', 'default/data')!;
  const finishBinding = (h: ControllerHarness, pv: string) =>
    h.mustUpdate<PersistentVolumeClaimObject>('persistentvolumeclaims', 'default/data', (c) => {
      c.spec = { ...c.spec, volumeName: pv };
      c.metadata.annotations = { ...c.metadata.annotations, 'pv.kubernetes.io/bind-completed': 'yes' };
    });

  it('asks for provisioning on the chosen node and waits until the claim is bound', () => {
    const { h, pl, pod, state } = setup([makeStorageClass({ name: 'wait-prov', bindingMode: 'WaitForFirstConsumer', provisioner: 'rancher.io/local-path' }), makePVC({ name: 'data', storageClassName: 'wait-prov' })]);
    const r = pl.preBind(state, pod, 'node-1');
    expect(r).toMatchObject({ code: 'Wait', pollMs: 1000, timeoutMs: 600_000 });
    expect(claimObj(h).metadata.annotations?.['volume.kubernetes.io/selected-node']).toBe('node-1');
    const token = (r as unknown as { token: BindingToken }).token;
    expect(pl.resumePreBind(token as never, pod, 'node-1', false).code).toBe('Wait');
    h.mustCreate(makePV({ name: 'pvc-1', storageClassName: 'wait-prov', claimRef: { name: 'data', uid: claimObj(h).metadata.uid }, nodes: ['node-1'] }));
    finishBinding(h, 'pvc-1');
    expect(pl.resumePreBind(token as never, pod, 'node-1', false).code).toBe('Success');
  });

  it('writes the chosen volume\'s claimRef for a static binding', () => {
    const { h, pl, pod, state } = setup([makeStorageClass({ name: 'wait', bindingMode: 'WaitForFirstConsumer', provisioner: 'kubernetes.io/no-provisioner' }),
      makePVC({ name: 'data', storageClassName: 'wait' }), makePV({ name: 'local-1', storageClassName: 'wait', nodes: ['node-1'] })]);
    expect(pl.preBind(state, pod, 'node-1').code).toBe('Wait');
    const pv = h.get<PersistentVolumeObject>('persistentvolumes', 'local-1')!;
    expect(pv.spec?.claimRef).toMatchObject({ name: 'data', uid: claimObj(h).metadata.uid });
    expect(pv.metadata.annotations?.['pv.kubernetes.io/bound-by-controller']).toBe('yes');
  });

  it.each<[string, (h: ControllerHarness) => void, boolean, string]>([
    ['times out', () => {}, true, 'binding volumes: context deadline exceeded'],
    ['fails when provisioning gave up (the selected node was removed)', (h) => h.mustUpdate<KubeObject>('persistentvolumeclaims', 'default/data', (c) => { c.metadata.annotations = {}; }), false,
      'binding volumes: selectedNode annotation reset for PVC "data"'],
    ['fails when the pod is gone', () => {}, false, 'binding volumes: pod does not exist any more: pod "p" not found'],
  ])('%s', (_name, change, timedOut, message) => {
    const { h, pl, pod, state } = setup([makeStorageClass({ name: 'wait-prov', bindingMode: 'WaitForFirstConsumer', provisioner: 'rancher.io/local-path' }), makePVC({ name: 'data', storageClassName: 'wait-prov' })]);
    const r = pl.preBind(state, pod, 'node-1') as unknown as { token: BindingToken };
    if (message.includes('pod does not exist')) h.remove('pods', 'default/p', { gracePeriodSeconds: 0 });
    change(h);
    expect(pl.resumePreBind(r.token as never, pod, 'node-1', timedOut)).toMatchObject({ code: 'Error', message });
  });
});
