// The Job controller: runs pods until `completions` of them succeeded (at most `parallelism` at once),
// re-creates failed pods after an exponential back-off, and fails the Job past its backoffLimit or
// activeDeadlineSeconds. Conditions and status fields as upstream 1.35 writes them.
// UPSTREAM: pkg/controller/job/job_controller.go, backoff_utils.go
// SIMPLIFICATION: no `batch.kubernetes.io/job-tracking` finalizer: terminated pods are counted once by
// uid, remembered in the controller's (snapshotted) state, so status.uncountedTerminatedPods stays {};
// NonIndexed mode only (an Indexed Job runs as NonIndexed); no podFailurePolicy, successPolicy,
// backoffLimitPerIndex or ttlSecondsAfterFinished. With restartPolicy OnFailure the kubelet restarts
// containers in place and the Job fails once the container restarts of its active pods reach
// backoffLimit (pastBackoffLimitOnFailure), as upstream.

import type { Job, JobCondition, JobStatus } from 'kubernetes-types/batch/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import { keyOf } from '../../api/meta';
import { labelSelectorAsSelector } from '../../api/labels';
import { resourceForKind } from '../../api/resources';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { JsonValue } from '../../sim/clock';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';
import type { PodObject } from '../controller-utils';
import {
  addControllerUIDIndexer, claimObjects, ControllerExpectations, getControllerOf,
  getPodFromTemplate, isPodReady, newControllerRef, ownedAndOrphans, podKey, resolveControllerRef,
  semanticEqual,
} from '../controller-utils';

export type JobObject = Job & KubeObject;

export const JOB_KIND = { apiVersion: 'batch/v1', kind: 'Job' };
const POD_RESOURCE = resourceForKind('Pod')!;
const JOB_RESOURCE = resourceForKind('Job')!;

/** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff (job_controller.go). */
export const POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000;

export const BACKOFF_LIMIT_EXCEEDED_MESSAGE = 'Job has reached the specified backoff limit';
export const DEADLINE_EXCEEDED_MESSAGE = 'Job was active longer than specified deadline';
const COMPLETIONS_REACHED_MESSAGE = 'Reached expected number of succeeded pods';

/** Per Job (by uid): which terminated pods were counted, and the failure back-off record. */
interface JobRecord {
  counted: string[];
  /** failures since the last success (backoffRecord.failuresAfterLastSuccess) */
  failuresAfterLastSuccess: number;
  /** sim ms of the last counted failure */
  lastFailureMs: number;
  /**
   * status.succeeded and status.failed as last written together with `counted`: the informer's copy
   * of the Job may lag behind our own write, and counting `counted` pods against a stale status would
   * lose them (and create a pod too many).
   */
  succeeded?: number;
  failed?: number;
}

/** The pod re-creation delay after `failures` consecutive failures: 10 s doubling, capped at 10 min. */
export function podFailureBackoffMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(POD_FAILURE_BACKOFF_MS * 2 ** (failures - 1), MAX_POD_FAILURE_BACKOFF_MS);
}

export function isJobFinished(job: Job): boolean {
  return (job.status?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

export class JobController implements Controller {
  readonly name = 'job-controller';
  readonly queue: WorkQueue;
  readonly expectations: ControllerExpectations;
  private readonly records: Record<string, JobRecord>;
  private jobInformer!: Informer<JobObject>;
  private podInformer!: Informer<PodObject>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
    const state = ctx.state as { expectations?: JsonValue; records?: Record<string, JobRecord> } | undefined;
    this.expectations = new ControllerExpectations(ctx.now, state?.expectations);
    this.records = state?.records ? (JSON.parse(JSON.stringify(state.records)) as Record<string, JobRecord>) : {};
  }

  start(informers: SharedInformerFactory): void {
    this.jobInformer = informers.informerFor<JobObject>('jobs');
    this.podInformer = informers.informerFor<PodObject>('pods');
    addControllerUIDIndexer(this.podInformer);
    this.jobInformer.addEventHandler({
      add: (job) => this.queue.add(keyOf(job.metadata)),
      update: (_old, cur) => this.queue.add(keyOf(cur.metadata)),
      delete: (job) => {
        this.expectations.deleteExpectations(keyOf(job.metadata));
        delete this.records[job.metadata.uid ?? ''];
      },
    });
    this.podInformer.addEventHandler({
      add: (pod) => {
        const job = this.jobOf(pod);
        if (!job) return;
        this.expectations.creationObserved(keyOf(job.metadata));
        this.queue.add(keyOf(job.metadata));
      },
      update: (old, cur) => {
        if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
        const job = this.jobOf(cur);
        if (job) this.queue.add(keyOf(job.metadata));
      },
      delete: (pod) => {
        const job = this.jobOf(pod);
        if (!job) return;
        this.expectations.deletionObserved(keyOf(job.metadata), podKey(pod));
        this.queue.add(keyOf(job.metadata));
      },
    });
  }

  save(): JsonValue {
    return { expectations: this.expectations.save(), records: JSON.parse(JSON.stringify(this.records)) as JsonValue };
  }

  private jobOf(pod: PodObject): JobObject | undefined {
    return resolveControllerRef(this.jobInformer, 'Job', pod.metadata.namespace, getControllerOf(pod));
  }

  sync(key: ObjectKey): SyncResult {
    const job = this.jobInformer.get(key);
    if (!job) {
      this.expectations.deleteExpectations(key);
      return DONE;
    }
    if (job.metadata.deletionTimestamp || isJobFinished(job)) return DONE;
    const uid = job.metadata.uid ?? '';
    // Work on a copy: the record is kept only once the status that reflects it is written.
    const old = this.records[uid];
    const rec: JobRecord = old ? { ...old, counted: [...old.counted] } : { counted: [], failuresAfterLastSuccess: 0, lastFailureMs: 0 };

    const selector = labelSelectorAsSelector(job.spec?.selector);
    const claim = claimObjects(ownedAndOrphans(this.podInformer, job), { client: this.ctx.client, controller: job, controllerKind: JOB_KIND, selector, resource: POD_RESOURCE });
    if (claim.errors.length > 0) return { kind: 'retry', reason: claim.errors[0] };
    const pods = claim.claimed as PodObject[];
    const satisfied = this.expectations.satisfiedExpectations(key);

    const prev = job.status ?? {};
    let succeeded = old?.succeeded ?? prev.succeeded ?? 0;
    let failed = old?.failed ?? prev.failed ?? 0;
    const counted = new Set(rec.counted);
    // Count newly terminated pods (a pod deleted before it finished counts as failed, as upstream).
    for (const pod of [...pods].sort(byFinish)) {
      const podUid = pod.metadata.uid ?? '';
      if (counted.has(podUid)) continue;
      const phase = pod.status?.phase;
      if (phase === 'Succeeded') {
        succeeded++;
        rec.failuresAfterLastSuccess = 0;
      } else if (phase === 'Failed') {
        failed++;
        rec.failuresAfterLastSuccess++;
        rec.lastFailureMs = this.ctx.now();
      } else continue;
      counted.add(podUid);
    }
    rec.counted = [...counted].filter((u) => pods.some((p) => p.metadata.uid === u));

    const activePods = pods.filter((p) => !isTerminal(p) && !p.metadata.deletionTimestamp);
    const terminating = pods.filter((p) => !isTerminal(p) && p.metadata.deletionTimestamp).length;
    const spec = job.spec ?? { template: {} };
    const parallelism = spec.parallelism ?? 1;
    const completions = spec.completions ?? undefined;
    const backoffLimit = spec.backoffLimit ?? 6;
    const status: JobStatus = { ...prev, conditions: [...(prev.conditions ?? [])] };
    status.startTime ??= this.ctx.timestamp();
    const startMs = this.simMs(status.startTime);
    let requeueMs: number | undefined;

    // Failure: backoff limit (Never: failed pods; OnFailure: container restarts too) or deadline.
    let failure: { reason: string; message: string } | undefined;
    if (failed > backoffLimit || (spec.template?.spec?.restartPolicy === 'OnFailure' && pastBackoffLimitOnFailure(activePods, backoffLimit))) {
      failure = { reason: 'BackoffLimitExceeded', message: BACKOFF_LIMIT_EXCEEDED_MESSAGE };
    } else if (spec.activeDeadlineSeconds != null) {
      const left = startMs + spec.activeDeadlineSeconds * 1000 - this.ctx.now();
      if (left <= 0) failure = { reason: 'DeadlineExceeded', message: DEADLINE_EXCEEDED_MESSAGE };
      else requeueMs = left;
    }

    const complete = completions !== undefined ? succeeded >= completions : succeeded > 0 && activePods.length === 0;
    let active = activePods.length;
    let err: string | undefined;
    if (failure) {
      // Active pods are removed and counted as failed; the Job is Failed once none is left running.
      for (const p of activePods) {
        err ??= this.deletePod(job, p);
        counted.add(p.metadata.uid ?? '');
        failed++;
      }
      rec.counted = [...counted];
      active = 0;
      this.setCondition(status, 'FailureTarget', failure.reason, failure.message);
      this.setCondition(status, 'Failed', failure.reason, failure.message);
      this.ctx.recorder.event(job, 'Warning', failure.reason, failure.message);
    } else if (complete) {
      for (const p of activePods) err ??= this.deletePod(job, p);
      active = 0;
      this.setCondition(status, 'SuccessCriteriaMet', 'CompletionsReached', COMPLETIONS_REACHED_MESSAGE);
      this.setCondition(status, 'Complete', 'CompletionsReached', COMPLETIONS_REACHED_MESSAGE);
      status.completionTime = this.ctx.timestamp();
      this.ctx.recorder.event(job, 'Normal', 'Completed', 'Job completed');
    } else if (spec.suspend) {
      for (const p of activePods) err ??= this.deletePod(job, p);
      active = 0;
      if (!status.conditions!.some((c) => c.type === 'Suspended' && c.status === 'True')) {
        this.setCondition(status, 'Suspended', 'JobSuspended', 'Job suspended');
        this.ctx.recorder.event(job, 'Normal', 'Suspended', 'Job suspended');
      }
    } else if (satisfied) {
      // manageJob: how many pods should be running now.
      let wantActive = completions !== undefined ? Math.min(completions - succeeded, parallelism) : succeeded > 0 ? 0 : parallelism;
      wantActive = Math.max(0, wantActive);
      const diff = active - wantActive;
      if (diff > 0) {
        const extra = [...activePods].sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b))).slice(0, diff);
        this.expectations.expectDeletions(key, extra.map(podKey));
        for (const p of extra) {
          const e = this.deletePod(job, p);
          if (e !== undefined) this.expectations.deletionObserved(key, podKey(p));
          err ??= e;
        }
        active -= extra.length;
      } else if (diff < 0) {
        const wait = rec.lastFailureMs + podFailureBackoffMs(rec.failuresAfterLastSuccess) - this.ctx.now();
        if (wait > 0) {
          requeueMs = requeueMs === undefined ? wait : Math.min(requeueMs, wait);
        } else {
          const n = -diff;
          this.expectations.expectCreations(key, n);
          for (let i = 0; i < n; i++) {
            const e = this.createPod(job);
            if (e !== undefined) {
              this.expectations.lowerExpectations(key, n - i);
              err ??= e;
              break;
            }
            active++;
          }
        }
      }
      const suspended = status.conditions!.findIndex((c) => c.type === 'Suspended' && c.status === 'True');
      if (suspended >= 0) {
        status.conditions![suspended] = { ...status.conditions![suspended], status: 'False', reason: 'JobResumed', message: 'Job resumed', lastProbeTime: this.ctx.timestamp(), lastTransitionTime: this.ctx.timestamp() };
        this.ctx.recorder.event(job, 'Normal', 'Resumed', 'Job resumed');
      }
    }

    if (active > 0) status.active = active;
    else delete status.active;
    if (succeeded > 0) status.succeeded = succeeded;
    if (failed > 0) status.failed = failed;
    status.ready = activePods.filter(isPodReady).length;
    if (failure || complete || spec.suspend) status.ready = 0;
    status.terminating = terminating;
    status.uncountedTerminatedPods = {};
    if (status.conditions!.length === 0) delete status.conditions;
    const w = this.updateStatus(job, status);
    if (!w.ok) return { kind: 'retry', reason: w.message };
    this.records[uid] = { ...rec, succeeded, failed };
    if (err !== undefined) return { kind: 'retry', reason: err };
    if (requeueMs !== undefined && !failure && !complete) return { kind: 'requeueAfter', delayMs: requeueMs };
    return DONE;
  }

  private simMs(ts: string | undefined): number {
    const t = ts ? Date.parse(ts) : NaN;
    return Number.isNaN(t) ? this.ctx.now() : t - Date.parse(this.ctx.timestamp(0));
  }

  private setCondition(status: JobStatus, type: string, reason: string, message: string): void {
    const now = this.ctx.timestamp();
    const c: JobCondition = { type, status: 'True', lastProbeTime: now, lastTransitionTime: now, reason, message };
    const list = status.conditions ?? [];
    const i = list.findIndex((x) => x.type === type);
    if (i >= 0) list[i] = c;
    else list.push(c);
    status.conditions = list;
  }

  private createPod(job: JobObject): string | undefined {
    const pod = getPodFromTemplate(job.spec?.template, job, newControllerRef(job, JOB_KIND));
    const r = this.ctx.client.create(pod);
    if (!r.ok) {
      this.ctx.recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${r.status.message}`);
      return r.status.message;
    }
    this.ctx.recorder.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${r.object.metadata.name}`);
    return undefined;
  }

  private deletePod(job: JobObject, pod: PodObject): string | undefined {
    const name = pod.metadata.name ?? '';
    const r = this.ctx.client.delete(POD_RESOURCE, pod.metadata.namespace, name);
    if (!r.ok) {
      if (r.status.reason === 'NotFound') return undefined;
      this.ctx.recorder.event(job, 'Warning', 'FailedDelete', `Error deleting: ${r.status.message}`);
      return r.status.message;
    }
    this.ctx.recorder.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
    return undefined;
  }

  private updateStatus(job: JobObject, status: JobStatus): { ok: true } | { ok: false; message: string } {
    if (semanticEqual(job.status, status) && JSON.stringify(job.status) === JSON.stringify(status)) return { ok: true };
    let r = this.ctx.client.updateStatus<KubeObject>({ ...job, status } as KubeObject);
    if (!r.ok && r.status.reason === 'Conflict') {
      const fresh = this.ctx.client.get(JOB_RESOURCE, job.metadata.namespace, job.metadata.name ?? '');
      if (!fresh || fresh.metadata.uid !== job.metadata.uid) return { ok: true };
      r = this.ctx.client.updateStatus<KubeObject>({ ...fresh, status } as KubeObject);
    }
    if (!r.ok) return r.status.reason === 'NotFound' ? { ok: true } : { ok: false, message: r.status.message };
    return { ok: true };
  }
}

function isTerminal(pod: PodObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Terminated pods in the order they finished (a success resets the failure streak only if it came later). */
function byFinish(a: PodObject, b: PodObject): number {
  const t = (p: PodObject) => {
    let m = '';
    for (const c of p.status?.containerStatuses ?? []) {
      const f = c.state?.terminated?.finishedAt ?? '';
      if (f > m) m = f;
    }
    return m || p.metadata.creationTimestamp || '';
  };
  const ta = t(a);
  const tb = t(b);
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

/** pastBackoffLimitOnFailure: the container restarts of the active pods reached backoffLimit. */
export function pastBackoffLimitOnFailure(activePods: readonly PodObject[], backoffLimit: number): boolean {
  let restarts = 0;
  for (const p of activePods) {
    for (const c of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) restarts += c.restartCount ?? 0;
  }
  return backoffLimit === 0 ? restarts > 0 : restarts >= backoffLimit;
}
