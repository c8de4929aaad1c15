// `kubectl get jobs` and `kubectl get cronjobs`.
// UPSTREAM: pkg/printers/internalversion/printers.go (printJob, hasJobCondition, printCronJob, printBoolPtr)

import type { CronJob, Job, JobCondition } from 'kubernetes-types/batch/v1';
import type { KubeObject } from '../../api/meta';
import { humanDuration, parseTimestamp, translateTimestampSince } from '../duration';
import { layoutContainerCells } from './apps';
import { formatLabelSelector } from '../../api/labels';
import type { TableHandler } from './table';

function hasJobCondition(conditions: readonly JobCondition[] | undefined, type: string): boolean {
  // Upstream looks at the first condition of the type only.
  return (conditions ?? []).find((c) => c.type === type)?.status === 'True';
}

/** STATUS: Complete, Failed, Terminating, Suspended, FailureTarget or Running, in that precedence. */
export function jobStatus(job: Job): string {
  const conditions = job.status?.conditions;
  if (hasJobCondition(conditions, 'Complete')) return 'Complete';
  if (hasJobCondition(conditions, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasJobCondition(conditions, 'Suspended')) return 'Suspended';
  if (hasJobCondition(conditions, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** COMPLETIONS: `succeeded/completions`, or `succeeded/1 of parallelism` for work-queue Jobs. */
export function jobCompletions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions != null) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** DURATION: start to completion, or start to now while running; empty before the Job starts. */
export function jobDuration(job: Job, nowMs: number): string {
  const start = parseTimestamp(job.status?.startTime);
  if (start === undefined) return '';
  const end = parseTimestamp(job.status?.completionTime) ?? nowMs;
  return humanDuration(end - start);
}

export const jobTable: TableHandler = {
  columns: [
    { name: 'Name', format: 'name' },
    { name: 'Status' },
    { name: 'Completions' },
    { name: 'Duration' },
    { name: 'Age' },
    { name: 'Containers', priority: 1 },
    { name: 'Images', priority: 1 },
    { name: 'Selector', priority: 1 },
  ],
  row(obj: KubeObject, nowMs: number): string[] {
    const job = obj as unknown as Job;
    const [names, images] = layoutContainerCells(job.spec?.template?.spec?.containers);
    return [
      obj.metadata.name ?? '',
      jobStatus(job),
      jobCompletions(job),
      jobDuration(job, nowMs),
      translateTimestampSince(obj.metadata.creationTimestamp, nowMs),
      names,
      images,
      formatLabelSelector(job.spec?.selector),
    ];
  },
};

function printBoolPtr(value: boolean | undefined): string {
  if (value === undefined) return '<unset>';
  return value ? 'True' : 'False';
}

export const cronJobTable: TableHandler = {
  columns: [
    { name: 'Name', format: 'name' },
    { name: 'Schedule' },
    { name: 'Timezone' },
    { name: 'Suspend' },
    { name: 'Active' },
    { name: 'Last Schedule' },
    { name: 'Age' },
    { name: 'Containers', priority: 1 },
    { name: 'Images', priority: 1 },
    { name: 'Selector', priority: 1 },
  ],
  row(obj: KubeObject, nowMs: number): string[] {
    const cj = obj as unknown as CronJob;
    const jobSpec = cj.spec?.jobTemplate?.spec;
    const [names, images] = layoutContainerCells(jobSpec?.template?.spec?.containers);
    const last = cj.status?.lastScheduleTime;
    return [
      obj.metadata.name ?? '',
      cj.spec?.schedule ?? '',
      cj.spec?.timeZone ?? '<none>',
      printBoolPtr(cj.spec?.suspend),
      String(cj.status?.active?.length ?? 0),
      last ? translateTimestampSince(last, nowMs) : '<none>',
      translateTimestampSince(obj.metadata.creationTimestamp, nowMs),
      names,
      images,
      formatLabelSelector(jobSpec?.selector),
    ];
  },
};
