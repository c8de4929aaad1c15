// The CronJob controller: at each schedule time (on the simulated clock, UTC) it creates a Job
// `<cronjob>-<minutes since the Unix epoch>`, applying the concurrency policy, the starting deadline and
// suspend, tracks the active Jobs and trims finished ones to the history limits.
// UPSTREAM: pkg/controller/cronjob/cronjob_controllerv2.go, utils.go
// SIMPLIFICATION: the CronJob is read with a fresh GET at each sync (not from the informer), so a
// lagging watch never makes it create a Job twice; spec.timeZone is ignored (UTC); no
// TooManyMissedTimes / UnexpectedJob events. The requeue to the next schedule time is a background
// timer, so settle() does not wait for a CronJob's next run (step() does).

import type { CronJob, CronJobStatus, Job } from 'kubernetes-types/batch/v1';
import type { ObjectReference } from 'kubernetes-types/core/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import { keyOf, splitKey } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';
import { addControllerUIDIndexer, CONTROLLER_UID_INDEX, getControllerOf, newControllerRef, wallClock } from '../controller-utils';
import { isJobFinished } from '../job/job-controller';
import { nextTime, parseCron, type CronSchedule } from './cron';

export type CronJobObject = CronJob & KubeObject;
type JobObject = Job & KubeObject;

export const CRONJOB_KIND = { apiVersion: 'batch/v1', kind: 'CronJob' };
const CRONJOB_RESOURCE = resourceForKind('CronJob')!;
const JOB_RESOURCE = resourceForKind('Job')!;
export const CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** nextScheduleDelta: requeue a little after the schedule time. */
const NEXT_SCHEDULE_DELTA_MS = 100;
/** Bound on the missed schedule times walked through in one sync. */
const MAX_WALK = 100_000;

export class CronJobController implements Controller {
  readonly name = 'cronjob-controller';
  readonly queue: WorkQueue;
  private cronJobInformer!: Informer<CronJobObject>;
  private jobInformer!: Informer<JobObject>;
  private readonly wallNow: () => number;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
    this.wallNow = wallClock(ctx);
  }

  start(informers: SharedInformerFactory): void {
    this.cronJobInformer = informers.informerFor<CronJobObject>('cronjobs');
    this.jobInformer = informers.informerFor<JobObject>('jobs');
    addControllerUIDIndexer(this.jobInformer);
    this.cronJobInformer.addEventHandler({
      add: (cj) => this.queue.add(keyOf(cj.metadata)),
      update: (old, cur) => {
        if (old.metadata.resourceVersion !== cur.metadata.resourceVersion) this.queue.add(keyOf(cur.metadata));
      },
    });
    const onJob = (job: JobObject) => {
      const ref = getControllerOf(job);
      if (ref?.kind === 'CronJob') this.queue.add(keyOf({ namespace: job.metadata.namespace, name: ref.name }));
    };
    this.jobInformer.addEventHandler({ add: onJob, update: (_old, cur) => onJob(cur), delete: onJob });
  }

  sync(key: ObjectKey): SyncResult {
    const { namespace, name } = splitKey(key);
    const live = this.ctx.client.get(CRONJOB_RESOURCE, namespace, name) as CronJobObject | undefined;
    if (!live) return DONE;
    const cj = live;
    const uid = cj.metadata.uid ?? '';
    const jobs = this.jobInformer.byIndex(CONTROLLER_UID_INDEX, uid);
    const status: CronJobStatus = JSON.parse(JSON.stringify(cj.status ?? {})) as CronJobStatus;
    let active = [...(status.active ?? [])];
    let err: string | undefined;

    // Reconcile the active list with the Jobs that exist.
    for (const job of jobs) {
      const i = active.findIndex((r) => r.uid === job.metadata.uid);
      if (i < 0 || !isJobFinished(job)) continue;
      active.splice(i, 1);
      const cond = (job.status?.conditions ?? []).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
      this.ctx.recorder.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata.name}, condition: ${cond?.type ?? ''}`);
      if (cond?.type === 'Complete' && job.status?.completionTime) {
        if (!status.lastSuccessfulTime || job.status.completionTime > status.lastSuccessfulTime) status.lastSuccessfulTime = job.status.completionTime;
      }
    }
    active = active.filter((r) => {
      if (jobs.some((j) => j.metadata.uid === r.uid)) return true;
      // Not in the informer: it may be a Job we just created and the watch has not delivered yet.
      const fresh = this.ctx.client.get(JOB_RESOURCE, namespace, r.name ?? '');
      if (fresh && fresh.metadata.uid === r.uid) return true;
      this.ctx.recorder.event(cj, 'Normal', 'MissingJob', `Active job went missing: ${r.name}`);
      return false;
    });

    let requeueMs: number | undefined;
    let schedule: CronSchedule | undefined;
    try {
      schedule = parseCron(cj.spec?.schedule ?? '');
    } catch (e) {
      this.ctx.recorder.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${cj.spec?.schedule ?? ''} : ${(e as Error).message}`);
    }
    const now = this.wallNow();
    if (schedule && !cj.metadata.deletionTimestamp && !cj.spec?.suspend) {
      const r = this.syncSchedule(cj, schedule, now, active, status);
      active = r.active;
      err = r.err;
      requeueMs = r.requeueMs;
    }

    status.active = active;
    if (active.length === 0) delete status.active;
    err ??= this.cleanupFinishedJobs(cj, jobs);
    const w = this.updateStatus(cj, status);
    if (w !== undefined) return { kind: 'retry', reason: w };
    if (err !== undefined) return { kind: 'retry', reason: err };
    if (requeueMs !== undefined) return { kind: 'requeueAfter', delayMs: requeueMs, background: true };
    return DONE;
  }

  /** The scheduling half of syncCronJob: maybe start the Job of the most recent unmet schedule time. */
  private syncSchedule(cj: CronJobObject, schedule: CronSchedule, now: number, activeIn: ObjectReference[], status: CronJobStatus): { active: ObjectReference[]; err?: string; requeueMs?: number } {
    let active = activeIn;
    const next = nextTime(schedule, now);
    const requeueMs = next === undefined ? undefined : next - now + NEXT_SCHEDULE_DELTA_MS;
    const scheduled = mostRecentScheduleTime(cj, schedule, now);
    if (scheduled === undefined) return { active, requeueMs };
    const sds = cj.spec?.startingDeadlineSeconds;
    if (sds != null && scheduled + sds * 1000 < now) {
      this.ctx.recorder.event(cj, 'Normal', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
      return { active, requeueMs };
    }
    const jobName = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
    const scheduledTs = new Date(scheduled).toISOString().replace('.000Z', 'Z');
    if (active.some((r) => r.name === jobName) || status.lastScheduleTime === scheduledTs) return { active, requeueMs };
    const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && active.length > 0) {
      this.ctx.recorder.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return { active, requeueMs };
    }
    if (policy === 'Replace') {
      for (const r of active) {
        const e = this.deleteJob(cj, r.name ?? '');
        if (e !== undefined) return { active, err: e, requeueMs };
      }
      active = [];
    }
    const job = this.jobFromTemplate(cj, jobName, scheduledTs);
    const res = this.ctx.client.create(job);
    if (!res.ok) {
      if (res.status.reason === 'AlreadyExists') {
        const existing = this.ctx.client.get(JOB_RESOURCE, cj.metadata.namespace, jobName);
        if (existing && getControllerOf(existing)?.uid === cj.metadata.uid) status.lastScheduleTime = scheduledTs;
        return { active, requeueMs };
      }
      this.ctx.recorder.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${res.status.message}`);
      return { active, err: res.status.message, requeueMs };
    }
    this.ctx.recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${jobName}`);
    const created = res.object;
    active = [...active, {
      apiVersion: 'batch/v1', kind: 'Job', name: created.metadata.name, namespace: created.metadata.namespace,
      resourceVersion: created.metadata.resourceVersion, uid: created.metadata.uid,
    }];
    status.lastScheduleTime = scheduledTs;
    return { active, requeueMs };
  }

  /** getJobFromTemplate2 */
  private jobFromTemplate(cj: CronJobObject, name: string, scheduledTs: string): JobObject {
    const tmpl = JSON.parse(JSON.stringify(cj.spec?.jobTemplate ?? {})) as NonNullable<CronJob['spec']>['jobTemplate'];
    const meta: KubeObject['metadata'] = {
      name,
      namespace: cj.metadata.namespace,
      labels: { ...(tmpl.metadata?.labels ?? {}) },
      annotations: { ...(tmpl.metadata?.annotations ?? {}), [CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION]: scheduledTs },
      ownerReferences: [newControllerRef(cj, CRONJOB_KIND)],
    };
    if (Object.keys(meta.labels ?? {}).length === 0) delete meta.labels;
    return { apiVersion: 'batch/v1', kind: 'Job', metadata: meta, spec: tmpl.spec } as JobObject;
  }

  private deleteJob(cj: CronJobObject, name: string): string | undefined {
    const r = this.ctx.client.delete(JOB_RESOURCE, cj.metadata.namespace, name, { propagationPolicy: 'Background' });
    if (!r.ok) {
      if (r.status.reason === 'NotFound') return undefined;
      this.ctx.recorder.event(cj, 'Warning', 'FailedDelete', `Deleted job: ${r.status.message}`);
      return r.status.message;
    }
    this.ctx.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${name}`);
    return undefined;
  }

  /** cleanupFinishedJobs: keep the newest successfulJobsHistoryLimit Complete and failedJobsHistoryLimit Failed Jobs. */
  private cleanupFinishedJobs(cj: CronJobObject, jobs: readonly JobObject[]): string | undefined {
    const finished = (type: string) => jobs
      .filter((j) => !j.metadata.deletionTimestamp && (j.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True'))
      .sort(byJobStartTime);
    let err: string | undefined;
    const trim = (list: JobObject[], limit: number | undefined) => {
      if (limit == null) return;
      for (const j of list.slice(0, Math.max(0, list.length - limit))) err ??= this.deleteJob(cj, j.metadata.name ?? '');
    };
    trim(finished('Complete'), cj.spec?.successfulJobsHistoryLimit);
    trim(finished('Failed'), cj.spec?.failedJobsHistoryLimit);
    return err;
  }

  private updateStatus(cj: CronJobObject, status: CronJobStatus): string | undefined {
    if (JSON.stringify(cj.status ?? {}) === JSON.stringify(status)) return undefined;
    const r = this.ctx.client.updateStatus<KubeObject>({ ...cj, status } as KubeObject);
    if (!r.ok && r.status.reason !== 'NotFound') return r.status.message;
    return undefined;
  }
}

/**
 * mostRecentScheduleTime: the latest schedule time in (earliest, now], where earliest is the last
 * schedule time (or the CronJob's creation), moved up to now - startingDeadlineSeconds when set.
 */
export function mostRecentScheduleTime(cj: CronJob, schedule: CronSchedule, now: number): number | undefined {
  const last = parseTs(cj.status?.lastScheduleTime) ?? parseTs(cj.metadata?.creationTimestamp) ?? now;
  let earliest = last;
  const sds = cj.spec?.startingDeadlineSeconds;
  if (sds != null && now - sds * 1000 > earliest) earliest = now - sds * 1000;
  let t = nextTime(schedule, earliest);
  if (t === undefined || t > now) return undefined;
  for (let i = 0; i < MAX_WALK; i++) {
    const n = nextTime(schedule, t);
    if (n === undefined || n > now) break;
    t = n;
  }
  return t;
}

function parseTs(ts: string | undefined | null): number | undefined {
  if (!ts) return undefined;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? undefined : t;
}

/** byJobStartTime: oldest start first; Jobs not started sort last; names break ties. */
function byJobStartTime(a: Job, b: Job): number {
  const ta = parseTs(a.status?.startTime);
  const tb = parseTs(b.status?.startTime);
  if (ta !== tb) {
    if (ta === undefined) return 1;
    if (tb === undefined) return -1;
    return ta - tb;
  }
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** Go's time.RFC1123Z in UTC: `Mon, 05 Jan 2026 09:01:00 +0000`. */
function rfc1123z(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}
