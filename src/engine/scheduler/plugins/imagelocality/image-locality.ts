// ImageLocality: prefer nodes that already hold the pod's images, weighted by image size and by how
// widely the image is spread (an image on every node gives no node an edge). Score, weight 1.
// UPSTREAM: pkg/scheduler/framework/plugins/imagelocality/image_locality.go
// Worked example: one container whose 100 MiB image is on 1 of 4 nodes: sum = 100 MiB * 1/4 = 25 MiB;
// clamped to [23 MiB, 1000 MiB]; score = 100 * (25 - 23) / (1000 - 23) = 0 (integer division). Small
// images barely count; a 500 MiB image on 1 of 2 nodes gives 100 * (250 - 23) / 977 = 23.

import type { Pod } from 'kubernetes-types/core/v1';
import type { CycleState } from '../../framework/cycle-state';
import type { Handle, PreScorePlugin, ScorePlugin } from '../../framework/interface';
import { SUCCESS } from '../../framework/status';
import { MAX_NODE_SCORE } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import { names } from '../names';

export const Name = names.ImageLocality;

const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** The CRI name the kubelet reports: an image without a tag gets ':latest'. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

const preScoreStateKey = `PreScore${Name}`;

/** The pod's image names as the kubelet reports them, init containers included (computed once per cycle). */
function podImages(pod: Pod): string[] {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => normalizedImageName(c.image ?? ''));
}

/** Per image of the pod: its name and the fraction of nodes that hold it (the same for every node). */
interface ImageSpread {
  images: Array<{ name: string; spread: number }>;
  containers: number;
}

function imageSpread(pod: Pod, lister: { list(): readonly unknown[]; numNodesWithImage(image: string): number }): ImageSpread {
  const names = podImages(pod);
  const total = lister.list().length;
  return {
    images: total === 0 ? [] : names.map((name) => ({ name, spread: lister.numNodesWithImage(name) / total })),
    containers: names.length,
  };
}

export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  const s = Math.min(Math.max(sumScores, MIN_THRESHOLD), maxThreshold);
  if (maxThreshold === MIN_THRESHOLD) return 0;
  return Math.floor((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

export function newImageLocality(handle: Handle) {
  return {
    name: Name,

    preScore(state: CycleState, pod: Pod) {
      state.write(preScoreStateKey, imageSpread(pod, handle.snapshotSharedLister()));
      return SUCCESS;
    },

    score(state: CycleState, pod: Pod, nodeInfo: NodeInfo) {
      const spread = state.read<ImageSpread>(preScoreStateKey) ?? imageSpread(pod, handle.snapshotSharedLister());
      const sizes = nodeInfo.imageSizes;
      let sum = 0;
      for (const { name, spread: fraction } of spread.images) {
        const size = sizes.get(name);
        if (size !== undefined) sum += Math.trunc(size * fraction);
      }
      return calculatePriority(sum, spread.containers);
    },
  } satisfies PreScorePlugin & ScorePlugin;
}
