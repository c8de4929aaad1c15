// `kubectl describe job|cronjob`.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/describe/describe.go (describeJob, capIndexesListOrNone,
// describeCronJob, describeJobTemplate, printActiveJobs, printBoolPtr)
// SIMPLIFICATION: no Pod Failure Policy / Success Policy sections (upstream has none either in 1.35).

import type { CronJob, Job, JobTemplateSpec } from 'kubernetes-types/batch/v1';
import type { Event } from 'kubernetes-types/core/v1';
import { labelSelectorAsSelector } from '../../../api/labels';
import { humanDuration, parseTimestamp } from '../../duration';
import { describeEvents, formatRFC1123Z, printAnnotationsMultiline, printController, printLabelsMultiline } from './common';
import { describePodTemplate } from './pod';
import { LEVEL_0, PrefixWriter } from './tabwriter';

/** Go's `%v` of a bool. */
const goBool = (b: boolean): string => (b ? 'true' : 'false');

/** printBoolPtr: `True`/`False`, `<unset>` for nil. */
function printBoolPtr(b: boolean | undefined | null): string {
  if (b === undefined || b === null) return '<unset>';
  return b ? 'True' : 'False';
}

const isSet = <T>(v: T | undefined | null): v is T => v !== undefined && v !== null;

export function describeJob(job: Job, events: readonly Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  const spec = job.spec ?? { template: {} };
  const status = job.status ?? {};
  w.write(LEVEL_0, `Name:\t${job.metadata?.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${job.metadata?.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Selector:\t${labelSelectorAsSelector(spec.selector).toString()}\n`);
  printLabelsMultiline(w, 'Labels', job.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', job.metadata?.annotations);
  const controlledBy = printController(job as never);
  if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
  if (isSet(spec.parallelism)) w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
  w.write(LEVEL_0, isSet(spec.completions) ? `Completions:\t${spec.completions}\n` : 'Completions:\t<unset>\n');
  if (isSet(spec.completionMode)) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
  if (isSet(spec.suspend)) w.write(LEVEL_0, `Suspend:\t${goBool(spec.suspend)}\n`);
  if (isSet(spec.backoffLimit)) w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
  if (isSet(spec.ttlSecondsAfterFinished)) w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
  const start = parseTimestamp(status.startTime);
  const completed = parseTimestamp(status.completionTime);
  if (start !== undefined) w.write(LEVEL_0, `Start Time:\t${formatRFC1123Z(status.startTime)}\n`);
  if (completed !== undefined) w.write(LEVEL_0, `Completed At:\t${formatRFC1123Z(status.completionTime)}\n`);
  if (start !== undefined && completed !== undefined) w.write(LEVEL_0, `Duration:\t${humanDuration(completed - start)}\n`);
  if (isSet(spec.activeDeadlineSeconds)) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  const active = status.active ?? 0;
  const succeeded = status.succeeded ?? 0;
  const failed = status.failed ?? 0;
  w.write(
    LEVEL_0,
    isSet(status.ready)
      ? `Pods Statuses:\t${active} Active (${status.ready} Ready) / ${succeeded} Succeeded / ${failed} Failed\n`
      : `Pods Statuses:\t${active} Active / ${succeeded} Succeeded / ${failed} Failed\n`,
  );
  if (spec.completionMode === 'Indexed') w.write(LEVEL_0, `Completed Indexes:\t${capIndexesListOrNone(status.completedIndexes ?? '', 50)}\n`);
  describePodTemplate(w, spec.template);
  if (events) describeEvents(w, events, nowMs);
  return w.toString();
}

/** `1,3-5,7`: cut after the first comma at or beyond `softLimit` characters, then `...`. */
export function capIndexesListOrNone(indexes: string, softLimit: number): string {
  if (indexes.length === 0) return '<none>';
  let ix = softLimit;
  while (ix < indexes.length && indexes[ix] !== ',') ix++;
  return ix >= indexes.length ? indexes : `${indexes.slice(0, ix + 1)}...`;
}

export function describeCronJob(cj: CronJob, events: readonly Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  const spec = cj.spec ?? { schedule: '', jobTemplate: {} };
  w.write(LEVEL_0, `Name:\t${cj.metadata?.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${cj.metadata?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', cj.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', cj.metadata?.annotations);
  w.write(LEVEL_0, `Schedule:\t${spec.schedule}\n`);
  w.write(LEVEL_0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
  w.write(LEVEL_0, `Suspend:\t${printBoolPtr(spec.suspend)}\n`);
  const limit = (v: number | undefined | null) => (isSet(v) ? String(v) : '<unset>');
  w.write(LEVEL_0, `Successful Job History Limit:\t${limit(spec.successfulJobsHistoryLimit)}\n`);
  w.write(LEVEL_0, `Failed Job History Limit:\t${limit(spec.failedJobsHistoryLimit)}\n`);
  w.write(LEVEL_0, `Starting Deadline Seconds:\t${isSet(spec.startingDeadlineSeconds) ? `${spec.startingDeadlineSeconds}s` : '<unset>'}\n`);
  describeJobTemplate(w, spec.jobTemplate);
  const last = cj.status?.lastScheduleTime;
  w.write(LEVEL_0, `Last Schedule Time:\t${parseTimestamp(last) !== undefined ? formatRFC1123Z(last) : '<unset>'}\n`);
  const active = cj.status?.active ?? [];
  w.write(LEVEL_0, `Active Jobs:\t${active.length === 0 ? '<none>' : active.map((j) => j.name ?? '').join(', ')}\n`);
  if (events) describeEvents(w, events, nowMs);
  return w.toString();
}

function describeJobTemplate(w: PrefixWriter, t: JobTemplateSpec | undefined): void {
  const spec = t?.spec;
  w.write(LEVEL_0, `Selector:\t${spec?.selector ? labelSelectorAsSelector(spec.selector).toString() : '<unset>'}\n`);
  w.write(LEVEL_0, `Parallelism:\t${isSet(spec?.parallelism) ? spec.parallelism : '<unset>'}\n`);
  w.write(LEVEL_0, `Completions:\t${isSet(spec?.completions) ? spec.completions : '<unset>'}\n`);
  if (isSet(spec?.activeDeadlineSeconds)) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  describePodTemplate(w, spec?.template);
}
