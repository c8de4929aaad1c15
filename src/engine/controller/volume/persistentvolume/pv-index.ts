// The PV controller's volume index: volumes grouped by their set of access modes, searched from the
// sets closest to what a claim asks for.
// UPSTREAM: pkg/controller/volume/persistentvolume/index.go (findByClaim, allPossibleMatchingAccessModes)

import { accessModesAsString, findMatchingVolume, type PersistentVolumeClaimObject, type PersistentVolumeObject } from '../../../api/volume';

/**
 * findBestMatchForClaim. A claim for RWO with volumes offering "RWO" and "RWO,ROX" looks at the "RWO"
 * volumes first (fewest modes: closest to the request), and within a set takes the smallest fit
 * (findMatchingVolume). Sets with the same number of modes go in name order, for determinism.
 */
export function findBestMatchForClaim(
  claim: PersistentVolumeClaimObject, volumes: readonly PersistentVolumeObject[], delayBinding: boolean,
): PersistentVolumeObject | undefined {
  const byModes = new Map<string, PersistentVolumeObject[]>();
  for (const pv of volumes) {
    const key = accessModesAsString(pv.spec?.accessModes);
    let list = byModes.get(key);
    if (!list) byModes.set(key, (list = []));
    list.push(pv);
  }
  const wanted = accessModesAsString(claim.spec?.accessModes).split(',').filter((m) => m !== '');
  const candidates = [...byModes.keys()]
    .filter((key) => {
      const have = new Set(key.split(','));
      return wanted.every((m) => have.has(m));
    })
    .sort((a, b) => a.split(',').length - b.split(',').length || (a < b ? -1 : a > b ? 1 : 0));
  for (const key of candidates) {
    const best = findMatchingVolume(claim, byModes.get(key)!, undefined, new Set(), delayBinding);
    if (best) return best;
  }
  return undefined;
}
