// Rescale raw plugin scores to [0, maxPriority], optionally reversed (fewer is better).
// UPSTREAM: pkg/scheduler/framework/plugins/helper/normalize_score.go
// Example (reverse, TaintToleration counting untolerated PreferNoSchedule taints): raw [0, 1, 2]
// -> max 2 -> 100*raw/2 = [0, 50, 100] -> reversed [100, 50, 0]. All raw 0 -> all 100 when reversed.

import type { NodeScore } from '../../framework/interface';

export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: NodeScore[]): void {
  let maxCount = 0;
  for (const s of scores) if (s.score > maxCount) maxCount = s.score;
  if (maxCount === 0) {
    if (reverse) for (const s of scores) s.score = maxPriority;
    return;
  }
  for (const s of scores) {
    // Go integer division truncates toward zero; scores are non-negative here.
    let score = Math.trunc((maxPriority * s.score) / maxCount);
    if (reverse) score = maxPriority - score;
    s.score = score;
  }
}
