// Indexed Jobs: completion indexes kept as ordered intervals ("1,3-5,7"), the index of a pod, the
// first indexes still to run, and the per-index failure count of backoffLimitPerIndex.
// UPSTREAM: pkg/controller/job/indexed_job_utils.go

import type { Job } from 'kubernetes-types/batch/v1';
import type { PodObject } from '../controller-utils';

export const COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
export const INDEX_FAILURE_COUNT_ANNOTATION = 'batch.kubernetes.io/job-index-failure-count';
export const INDEX_IGNORED_FAILURE_COUNT_ANNOTATION = 'batch.kubernetes.io/job-index-ignored-failure-count';
export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
const MAX_GENERATED_NAME_LENGTH = 58; // names.MaxGeneratedNameLength: 63 - 5 random characters

export interface Interval { first: number; last: number }

export function isIndexedJob(job: Job): boolean {
  return job.spec?.completionMode === 'Indexed';
}

export function hasBackoffLimitPerIndex(job: Job): boolean {
  return isIndexedJob(job) && job.spec?.backoffLimitPerIndex != null;
}

/** The pod's completion index, or -1 (unknownCompletionIndex) when absent or not a number. */
export function completionIndex(pod: PodObject): number {
  const v = pod.metadata.annotations?.[COMPLETION_INDEX_ANNOTATION];
  if (v === undefined || !/^\d+$/.test(v)) return -1;
  return Number(v);
}

function parseCount(v: string | undefined): number {
  if (v === undefined || !/^\d+$/.test(v)) return 0;
  const n = Number(v);
  return n > 2_147_483_647 ? 0 : n;
}

/** batch.kubernetes.io/job-index-failure-count (0 when absent or invalid, as upstream). */
export function indexFailureCount(pod: PodObject): number {
  return parseCount(pod.metadata.annotations?.[INDEX_FAILURE_COUNT_ANNOTATION]);
}

/** Failures counted plus failures ignored by the pod failure policy (getIndexAbsoluteFailureCount). */
export function indexAbsoluteFailureCount(pod: PodObject): number {
  return indexFailureCount(pod) + parseCount(pod.metadata.annotations?.[INDEX_IGNORED_FAILURE_COUNT_ANNOTATION]);
}

/** Merge two ordered interval lists (orderedIntervals.merge). */
export function mergeIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  const push = (iv: Interval) => {
    const last = out[out.length - 1];
    if (!last || iv.first > last.last + 1) out.push({ ...iv });
    else if (last.last < iv.last) last.last = iv.last;
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i].first < b[j].first) push(a[i++]);
    else push(b[j++]);
  }
  while (i < a.length) push(a[i++]);
  while (j < b.length) push(b[j++]);
  return out;
}

/** The intervals plus `indexes` (any order). */
export function withIndexes(iv: readonly Interval[], indexes: Iterable<number>): Interval[] {
  const sorted = [...new Set(indexes)].sort((x, y) => x - y);
  return mergeIntervals(iv, sorted.map((n) => ({ first: n, last: n })));
}

export function totalOf(iv: readonly Interval[]): number {
  return iv.reduce((n, x) => n + x.last - x.first + 1, 0);
}

export function hasIndex(iv: readonly Interval[], ix: number): boolean {
  return iv.some((x) => x.first <= ix && ix <= x.last);
}

/** "0-2,4,6,7" as the API writes status.completedIndexes: two neighbours are listed with a comma. */
export function formatIntervals(iv: readonly Interval[]): string {
  return iv.map((x) => (x.last === x.first ? `${x.first}` : x.last === x.first + 1 ? `${x.first},${x.last}` : `${x.first}-${x.last}`)).join(',');
}

/** parseIndexesFromString: corrupt parts are skipped; indexes at or past `completions` are dropped. */
export function parseIntervals(s: string | undefined, completions: number): Interval[] {
  if (!s) return [];
  const out: Interval[] = [];
  for (const part of s.split(',')) {
    const [a, b] = part.split('-');
    if (!/^\d+$/.test(a ?? '')) continue;
    const first = Number(a);
    if (first >= completions) break;
    let last = first;
    if (b !== undefined) {
      if (!/^\d+$/.test(b)) continue;
      last = Math.min(Number(b), completions - 1);
    }
    const prev = out[out.length - 1];
    if (prev && prev.last === first - 1) prev.last = last;
    else out.push({ first, last });
  }
  return out;
}

/**
 * firstPendingIndexes: `count` indexes below `completions` that are neither succeeded, failed nor
 * held by an active pod, lowest first.
 */
export function firstPendingIndexes(nonPending: readonly Interval[], count: number, completions: number): number[] {
  const out: number[] = [];
  let candidate = 0;
  for (const iv of nonPending) {
    for (; candidate < completions && out.length < count && candidate < iv.first; candidate++) out.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && out.length < count; candidate++) out.push(candidate);
  return out;
}

/** podGenerateNameWithIndex: `<job>-<index>-`, the job name cut so the prefix fits. */
export function generateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  return prefix.length > MAX_GENERATED_NAME_LENGTH ? jobName.slice(0, MAX_GENERATED_NAME_LENGTH - suffix.length) + suffix : prefix;
}
