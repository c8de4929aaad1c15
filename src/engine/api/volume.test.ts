import { describe, expect, it } from 'vitest';
import { makePV, makePVC } from '../testing/storage-builders';
import {
  accessModesAsString, checkNodeAffinity, findMatchingVolume, getBindVolumeToClaim, getDefaultStorageClass, getPersistentVolumeClaimClass,
  storageQuantityString, type StorageClassObject,
} from './volume';

describe('findMatchingVolume (FindMatchingVolume)', () => {
  const claim = makePVC({ name: 'c', uid: 'u1', storage: '3Gi', storageClassName: 'manual' });
  it.each<[string, Parameters<typeof makePV>[0][], string | undefined]>([
    ['takes the smallest volume that fits', [{ name: 'big', capacity: '10Gi', storageClassName: 'manual' }, { name: 'small', capacity: '5Gi', storageClassName: 'manual' }, { name: 'tiny', capacity: '1Gi', storageClassName: 'manual' }], 'small'],
    ['takes an exact fit', [{ name: 'exact', capacity: '3Gi', storageClassName: 'manual' }, { name: 'big', capacity: '4Gi', storageClassName: 'manual' }], 'exact'],
    ['skips volumes of another class', [{ name: 'other', capacity: '5Gi', storageClassName: 'fast' }, { name: 'none', capacity: '5Gi' }], undefined],
    ['skips volumes that are not Available', [{ name: 'pending', capacity: '5Gi', storageClassName: 'manual', phase: 'Pending' }], undefined],
    ['skips volumes bound to another claim', [{ name: 'taken', capacity: '5Gi', storageClassName: 'manual', claimRef: { name: 'other', uid: 'u2' } }], undefined],
    ['prefers a volume pre-bound to the claim over a smaller fit', [{ name: 'small', capacity: '3Gi', storageClassName: 'manual' }, { name: 'mine', capacity: '10Gi', storageClassName: 'other', phase: 'Pending', claimRef: { name: 'c' } }], 'mine'],
    ['ignores a pre-bound volume that is too small', [{ name: 'mine', capacity: '1Gi', storageClassName: 'manual', claimRef: { name: 'c' } }], undefined],
  ])('%s', (_n, pvs, want) => {
    expect(findMatchingVolume(claim, pvs.map(makePV), undefined, new Set(), false)?.metadata.name).toBe(want);
  });

  it('matches the claim selector against volume labels', () => {
    const sel = makePVC({ name: 'c', storage: '1Gi', storageClassName: '', selector: { matchLabels: { tier: 'gold' } } });
    const pvs = [makePV({ name: 'a', storageClassName: '', labels: { tier: 'silver' } }), makePV({ name: 'b', storageClassName: '', capacity: '2Gi', labels: { tier: 'gold' } })];
    expect(findMatchingVolume(sel, pvs, undefined, new Set(), false)?.metadata.name).toBe('b');
  });

  it('on the scheduler path checks access modes and node affinity, and skips excluded volumes', () => {
    const rwx = makePVC({ name: 'c', storageClassName: 'local', accessModes: ['ReadWriteMany'] });
    const pvs = [
      makePV({ name: 'rwo', storageClassName: 'local', accessModes: ['ReadWriteOnce'] }),
      makePV({ name: 'rwx-n2', storageClassName: 'local', accessModes: ['ReadWriteMany'], nodes: ['node-2'] }),
      makePV({ name: 'rwx-n1', storageClassName: 'local', accessModes: ['ReadWriteMany'], nodes: ['node-1'] }),
    ];
    const node1 = { 'kubernetes.io/hostname': 'node-1' };
    expect(findMatchingVolume(rwx, pvs, node1, new Set(), true)?.metadata.name).toBe('rwx-n1');
    expect(findMatchingVolume(rwx, pvs, node1, new Set(['rwx-n1']), true)).toBeUndefined();
  });

  it('leaves unbound volumes to the scheduler for WaitForFirstConsumer claims on the controller path', () => {
    const c = makePVC({ name: 'c', storageClassName: 'local' });
    expect(findMatchingVolume(c, [makePV({ name: 'v', storageClassName: 'local' })], undefined, new Set(), true)).toBeUndefined();
  });
});

describe('storage helpers', () => {
  it.each<[string[], string]>([
    [['ReadWriteOnce'], 'RWO'],
    [['ReadWriteMany', 'ReadOnlyMany', 'ReadWriteOnce'], 'RWO,ROX,RWX'],
    [['ReadWriteOncePod'], 'RWOP'],
    [[], ''],
  ])('abbreviates %j as %s', (modes, want) => expect(accessModesAsString(modes)).toBe(want));

  it.each<[string, string]>([['3Gi', '3Gi'], ['1024Mi', '1Gi'], ['1000Mi', '1000Mi'], ['1000M', '1G'], ['5000000000', '5G'], ['100Mi', '100Mi']])(
    'prints quantity %s as %s', (q, want) => expect(storageQuantityString(q)).toBe(want));

  it('reads the class from the beta annotation first', () => {
    expect(getPersistentVolumeClaimClass(makePVC({ name: 'c', storageClassName: 'a', annotations: { 'volume.beta.kubernetes.io/storage-class': 'b' } }))).toBe('b');
  });

  it('picks the newest default class, then by name', () => {
    const sc = (name: string, t: string, def = true) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', provisioner: 'x', metadata: { name, creationTimestamp: t, ...(def ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}) } }) as StorageClassObject;
    expect(getDefaultStorageClass([sc('old', '2026-01-01T00:00:00Z'), sc('new', '2026-01-02T00:00:00Z'), sc('newest', '2026-01-03T00:00:00Z', false)])?.metadata.name).toBe('new');
    expect(getDefaultStorageClass([sc('b', '2026-01-01T00:00:00Z'), sc('a', '2026-01-01T00:00:00Z')])?.metadata.name).toBe('a');
  });

  it('binds a volume to a claim, marking it bound-by-controller unless the user pre-bound it', () => {
    const claim = makePVC({ name: 'c', uid: 'u1' });
    const free = getBindVolumeToClaim(makePV({ name: 'v' }), claim);
    expect(free.dirty).toBe(true);
    expect(free.volume.spec?.claimRef).toMatchObject({ kind: 'PersistentVolumeClaim', name: 'c', namespace: 'default', uid: 'u1' });
    expect(free.volume.metadata.annotations?.['pv.kubernetes.io/bound-by-controller']).toBe('yes');
    const preBound = getBindVolumeToClaim(makePV({ name: 'v', claimRef: { name: 'c' } }), claim);
    expect(preBound.volume.metadata.annotations?.['pv.kubernetes.io/bound-by-controller']).toBeUndefined();
  });

  it('checks a volume node affinity against node labels', () => {
    const pv = makePV({ name: 'v', nodes: ['node-1', 'node-2'] });
    expect(checkNodeAffinity(pv, { 'kubernetes.io/hostname': 'node-2' })).toBe(true);
    expect(checkNodeAffinity(pv, { 'kubernetes.io/hostname': 'node-3' })).toBe(false);
    expect(checkNodeAffinity(makePV({ name: 'w' }), {})).toBe(true);
  });
});
