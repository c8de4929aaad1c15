import { describe, expect, it } from 'vitest';
import type { Pod, Volume } from 'kubernetes-types/core/v1';
import { makeNodeWithCapacity, makePod } from '../../../testing/builders';
import { makePodWithClaims, makePVC, storageHandle } from '../../../testing/storage-builders';
import { CycleState } from '../../framework/cycle-state';
import { newNodeInfo } from '../../framework/node-info';
import { ErrReasonDiskConflict, ErrReasonReadWriteOncePodConflict, newVolumeRestrictions } from './volume-restrictions';

const withVolumes = (name: string, volumes: Volume[], nodeName?: string): Pod => {
  const p = makePod({ name, nodeName });
  return { ...p, metadata: { ...p.metadata, uid: `uid-${name}` }, spec: { ...p.spec!, volumes } };
};

function run(pod: Pod, onNode: Pod[], claims = [] as ReturnType<typeof makePVC>[], elsewhere: Pod[] = []) {
  const ni = newNodeInfo(makeNodeWithCapacity({ name: 'node-1' }), ...onNode);
  const other = newNodeInfo(makeNodeWithCapacity({ name: 'node-2' }), ...elsewhere);
  const pl = newVolumeRestrictions(storageHandle(claims, [ni, other]));
  const state = new CycleState();
  const pre = pl.preFilter(state, pod);
  if (pre.code !== 'Success') return pre;
  return pl.filter(state, pod, ni);
}

describe('VolumeRestrictions disk conflicts', () => {
  const gce = (pdName: string, readOnly = false): Volume => ({ name: 'v', gcePersistentDisk: { pdName, readOnly } });
  const ebs = (volumeID: string): Volume => ({ name: 'v', awsElasticBlockStore: { volumeID } });
  const rbd = (monitors: string[], image: string): Volume => ({ name: 'v', rbd: { monitors, image, pool: 'rbd' } });
  const iscsi = (iqn: string, readOnly = false): Volume => ({ name: 'v', iscsi: { iqn, targetPortal: '127.0.0.1:3260', lun: 0, readOnly } });
  it.each<[string, Volume, Pod[], string]>([
    ['nothing', gce('foo'), [], 'Success'],
    ['GCE: one state', gce('foo'), [withVolumes('a', [gce('foo')], 'node-1')], 'Unschedulable'],
    ['GCE: two state', gce('foo'), [withVolumes('a', [gce('bar')], 'node-1')], 'Success'],
    ['GCE: same state read-only', gce('foo', true), [withVolumes('a', [gce('foo', true)], 'node-1')], 'Success'],
    ['AWS: same volume', ebs('vol-1'), [withVolumes('a', [ebs('vol-1')], 'node-1')], 'Unschedulable'],
    ['AWS: other volume', ebs('vol-1'), [withVolumes('a', [ebs('vol-2')], 'node-1')], 'Success'],
    ['RBD: an overlapping monitor, same image', rbd(['a', 'b'], 'img'), [withVolumes('a', [rbd(['b', 'c'], 'img')], 'node-1')], 'Unschedulable'],
    ['RBD: other image', rbd(['a'], 'img'), [withVolumes('a', [rbd(['a'], 'other')], 'node-1')], 'Success'],
    ['ISCSI: same iqn', iscsi('iqn.1'), [withVolumes('a', [iscsi('iqn.1')], 'node-1')], 'Unschedulable'],
    ['ISCSI: same iqn read-only', iscsi('iqn.1', true), [withVolumes('a', [iscsi('iqn.1', true)], 'node-1')], 'Success'],
  ])('%s', (_name, volume, onNode, code) => {
    const s = run(withVolumes('pod', [volume]), onNode);
    expect(s.code).toBe(code);
    if (code !== 'Success') expect(s).toMatchObject({ reasons: [ErrReasonDiskConflict] });
  });
});

it('a pod without disks or ReadWriteOncePod claims skips the Filter', () => {
  expect(run(withVolumes('pod', [{ name: 'e', emptyDir: {} }]), []).code).toBe('Skip');
});

describe('VolumeRestrictions ReadWriteOncePod', () => {
  const rwop = makePVC({ name: 'rwop', accessModes: ['ReadWriteOncePod'] });
  const rwx = makePVC({ name: 'rwx', accessModes: ['ReadWriteMany'] });
  it.each<[string, Pod, Pod[], Pod[], string, string?]>([
    ['nothing', makePodWithClaims('p', []), [], [], 'Skip'],
    ['failed to get PVC', makePodWithClaims('p', ['missing']), [], [], 'UnschedulableAndUnresolvable', 'persistentvolumeclaim "missing" not found'],
    ['no access mode conflict', makePodWithClaims('p', ['rwop']), [makePodWithClaims('a', ['rwx'], { nodeName: 'node-1' })], [], 'Skip'],
    ['access mode conflict, unschedulable', makePodWithClaims('p', ['rwop']), [makePodWithClaims('a', ['rwop'], { nodeName: 'node-1' })], [], 'Unschedulable', ErrReasonReadWriteOncePodConflict],
    ['a conflict on another node rejects on every node', makePodWithClaims('p', ['rwop']), [], [makePodWithClaims('a', ['rwop'], { nodeName: 'node-2' })], 'Unschedulable', ErrReasonReadWriteOncePodConflict],
    ['ReadWriteMany claims are shared freely', makePodWithClaims('p', ['rwx']), [makePodWithClaims('a', ['rwx'], { nodeName: 'node-1' })], [], 'Skip'],
  ])('%s', (_name, pod, onNode, elsewhere, code, reason) => {
    const s = run(pod, onNode, [rwop, rwx], elsewhere);
    expect(s.code).toBe(code);
    if (reason) expect(s).toMatchObject({ reasons: [reason] });
  });

  it('requeues on the deletion of a pod using the same claim', () => {
    const pl = newVolumeRestrictions(storageHandle([]));
    const hint = pl.eventsToRegister().find((e) => e.event === 'AssignedPodDelete')!.hint!;
    const pod = makePodWithClaims('p', ['rwop']);
    expect(hint(pod, makePodWithClaims('a', ['rwop'], { nodeName: 'node-1' }), undefined)).toBe('Queue');
    expect(hint(pod, makePodWithClaims('a', ['other'], { nodeName: 'node-1' }), undefined)).toBe('QueueSkip');
  });
});
