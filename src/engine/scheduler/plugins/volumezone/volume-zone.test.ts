import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/meta';
import { makeNodeWithCapacity } from '../../../testing/builders';
import { makePodWithClaims, makePV, makePVC, makeStorageClass, storageHandle } from '../../../testing/storage-builders';
import { CycleState } from '../../framework/cycle-state';
import { newNodeInfo } from '../../framework/node-info';
import { ErrReasonConflict, newVolumeZone } from './volume-zone';

const ZONE = 'topology.kubernetes.io/zone';
const REGION = 'topology.kubernetes.io/region';
const BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';
const BETA_REGION = 'failure-domain.beta.kubernetes.io/region';

/** Claim "<label>" bound to a volume labelled with it. */
function labelled(name: string, labels: Record<string, string>): KubeObject[] {
  return [makePVC({ name, storageClassName: '', volumeName: `pv-${name}` }), makePV({ name: `pv-${name}`, storageClassName: '', labels })];
}
const objects: KubeObject[] = [
  ...labelled('zone-a', { [ZONE]: 'us-west1-a' }),
  ...labelled('zone-ab', { [ZONE]: 'us-west1-a__us-west1-b' }),
  ...labelled('beta-zone-a', { [BETA_ZONE]: 'us-west1-a' }),
  ...labelled('region-west', { [REGION]: 'us-west1' }),
  ...labelled('beta-region-west', { [BETA_REGION]: 'us-west1' }),
  ...labelled('plain', {}),
  makePVC({ name: 'wffc', storageClassName: 'wait' }), makeStorageClass({ name: 'wait', bindingMode: 'WaitForFirstConsumer' }),
  makePVC({ name: 'immediate', storageClassName: 'now' }), makeStorageClass({ name: 'now' }),
];

describe('VolumeZone', () => {
  it.each<[string, string[], Record<string, string>, string, string?]>([
    ['pod without volume', [], { [ZONE]: 'us-west1-a' }, 'Skip'],
    ['a volume without topology labels', ['plain'], { [ZONE]: 'us-west1-b' }, 'Skip'],
    ['node without labels', ['zone-a'], {}, 'Success'],
    ['label zone failure domain matched', ['zone-a'], { [ZONE]: 'us-west1-a' }, 'Success'],
    ['label zone failure domain failed match', ['zone-a'], { [ZONE]: 'us-west1-b' }, 'UnschedulableAndUnresolvable'],
    ['one of several zones matched', ['zone-ab'], { [ZONE]: 'us-west1-b' }, 'Success'],
    ['label zone region matched', ['region-west'], { [REGION]: 'us-west1' }, 'Success'],
    ['label zone region failed match', ['region-west'], { [REGION]: 'us-east1' }, 'UnschedulableAndUnresolvable'],
    ['beta zone label matched against the GA node label', ['beta-zone-a'], { [ZONE]: 'us-west1-a' }, 'Success'],
    ['beta region label matched', ['beta-region-west'], { [BETA_REGION]: 'us-west1' }, 'Success'],
    ['an unbound WaitForFirstConsumer claim is left to VolumeBinding', ['wffc'], { [ZONE]: 'us-west1-a' }, 'Skip'],
    ['an unbound Immediate claim', ['immediate'], { [ZONE]: 'us-west1-a' }, 'UnschedulableAndUnresolvable', 'PersistentVolume had no name'],
    ['a missing claim', ['gone'], {}, 'UnschedulableAndUnresolvable', 'persistentvolumeclaim "gone" not found'],
  ])('%s', (_name, claims, nodeLabels, code, reason) => {
    const pl = newVolumeZone(storageHandle(objects));
    const pod = makePodWithClaims('p', claims);
    const state = new CycleState();
    let s = pl.preFilter(state, pod);
    if (s.code === 'Success') s = pl.filter(state, pod, newNodeInfo(makeNodeWithCapacity({ name: 'n', labels: nodeLabels })));
    expect(s.code).toBe(code);
    if (code === 'UnschedulableAndUnresolvable') expect(s).toMatchObject({ reasons: [reason ?? ErrReasonConflict] });
  });
});
