import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/meta';
import type { CSINodeObject } from '../../../api/volume';
import { makeNodeWithCapacity } from '../../../testing/builders';
import { makePodWithClaims, makePV, makePVC, makeStorageClass, storageHandle } from '../../../testing/storage-builders';
import { CycleState } from '../../framework/cycle-state';
import { newNodeInfo } from '../../framework/node-info';
import { ErrReasonMaxVolumeCountExceeded, newCSILimits } from './csi';

const DRIVER = 'ebs.csi.aws.com';
const csiNode = (count?: number): CSINodeObject => ({
  apiVersion: 'storage.k8s.io/v1', kind: 'CSINode', metadata: { name: 'node-1' },
  spec: { drivers: [{ name: DRIVER, nodeID: 'i-1', ...(count !== undefined ? { allocatable: { count } } : {}) }] },
});
/** Claims ebs-<i> bound to CSI volumes vol-<i>, and an unbound claim of a class of that driver. */
const objects = (): KubeObject[] => [
  ...[1, 2, 3].flatMap((i) => [
    makePVC({ name: `ebs-${i}`, storageClassName: 'ebs', volumeName: `vol-${i}` }),
    makePV({ name: `vol-${i}`, storageClassName: 'ebs', csiDriver: DRIVER }),
  ]),
  makePVC({ name: 'hostpath', storageClassName: '', volumeName: 'hp' }),
  makePV({ name: 'hp', storageClassName: '' }),
  makePVC({ name: 'unbound', storageClassName: 'ebs' }),
  makeStorageClass({ name: 'ebs', provisioner: DRIVER }),
];

function filter(pod: ReturnType<typeof makePodWithClaims>, existing: ReturnType<typeof makePodWithClaims>[], extra: KubeObject[], allocatable?: Record<string, string>) {
  const ni = newNodeInfo(makeNodeWithCapacity({ name: 'node-1', extended: allocatable }), ...existing);
  const pl = newCSILimits(storageHandle([...objects(), ...extra], [ni]));
  const state = new CycleState();
  const pre = pl.preFilter(state, pod);
  return pre.code === 'Skip' ? pre : pl.filter(state, pod, ni);
}

describe('NodeVolumeLimits (CSI)', () => {
  const on = (name: string, claims: string[]) => makePodWithClaims(name, claims, { nodeName: 'node-1' });
  it.each<[string, ReturnType<typeof makePodWithClaims>, ReturnType<typeof makePodWithClaims>[], KubeObject[], string]>([
    ['a pod without claims skips', makePodWithClaims('p', []), [], [csiNode(1)], 'Skip'],
    ['no CSINode and no allocatable limit: no limit', makePodWithClaims('p', ['ebs-1']), [on('a', ['ebs-2'])], [], 'Success'],
    ['below the driver limit', makePodWithClaims('p', ['ebs-1']), [on('a', ['ebs-2'])], [csiNode(2)], 'Success'],
    ['at the driver limit', makePodWithClaims('p', ['ebs-1']), [on('a', ['ebs-2']), on('b', ['ebs-3'])], [csiNode(2)], 'Unschedulable'],
    ['a volume already attached for another pod counts once', makePodWithClaims('p', ['ebs-2']), [on('a', ['ebs-2'])], [csiNode(1)], 'Success'],
    ['an unbound claim counts by its class provisioner', makePodWithClaims('p', ['unbound']), [on('a', ['ebs-1'])], [csiNode(1)], 'Unschedulable'],
    ['non-CSI volumes are not counted', makePodWithClaims('p', ['hostpath']), [on('a', ['ebs-1'])], [csiNode(1)], 'Success'],
    ['a driver without an allocatable count has no limit', makePodWithClaims('p', ['ebs-1']), [on('a', ['ebs-2'])], [csiNode()], 'Success'],
    ['a missing claim is unresolvable', makePodWithClaims('p', ['nope']), [], [csiNode(1)], 'UnschedulableAndUnresolvable'],
  ])('%s', (_name, pod, existing, extra, code) => {
    const s = filter(pod, existing, extra);
    expect(s.code).toBe(code);
    if (code === 'Unschedulable') expect(s).toMatchObject({ reasons: [ErrReasonMaxVolumeCountExceeded] });
    if (code === 'UnschedulableAndUnresolvable') expect(s).toMatchObject({ reasons: ['looking up PVC default/nope: persistentvolumeclaim "nope" not found'] });
  });

  it('reads a legacy attachable-volumes-csi-<driver> limit from node allocatable', () => {
    const s = filter(makePodWithClaims('p', ['ebs-1']), [makePodWithClaims('a', ['ebs-2'], { nodeName: 'node-1' })], [], { [`attachable-volumes-csi-${DRIVER}`]: '1' });
    expect(s).toMatchObject({ code: 'Unschedulable', reasons: [ErrReasonMaxVolumeCountExceeded] });
  });
});
