// The Job controller: runs pods until `completions` of them succeeded (at most `parallelism` at once),
// re-creates failed pods after an exponential back-off, and fails the Job past its backoffLimit or
// activeDeadlineSeconds. Conditions and status fields as upstream 1.35 writes them.
// Indexed completion mode: each pod gets a completion index (annotation, label, hostname
// `<job>-<index>`, JOB_COMPLETION_INDEX), status.completedIndexes lists the succeeded ones, and with
// backoffLimitPerIndex each index has its own failure budget and back-off (status.failedIndexes,
// maxFailedIndexes). spec.podFailurePolicy rules (FailJob, FailIndex, Ignore, Count) are applied to
// failed pods.
// UPSTREAM: pkg/controller/job/job_controller.go, backoff_utils.go, indexed_job_utils.go,
// pod_failure_policy.go
// SIMPLIFICATION: no `batch.kubernetes.io/job-tracking` finalizer: terminated pods are counted once by
// uid, remembered in the controller's (snapshotted) state, so status.uncountedTerminatedPods stays {};
// no successPolicy, no podReplacementPolicy (a pod is replaced once it is terminal). With restartPolicy
// OnFailure the kubelet restarts containers in place and the Job fails once the container restarts of
// its active pods reach backoffLimit (pastBackoffLimitOnFailure), as upstream.

import type { Job, JobCondition, JobStatus } from 'kubernetes-types/batch/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import { compareStrings, keyOf } from '../../api/meta';
import { labelSelectorAsSelector } from '../../api/labels';
import { resourceForKind } from '../../api/resources';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { JsonValue } from '../../sim/clock';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';
import type { PodObject } from '../controller-utils';
import {
  completionIndex, COMPLETION_INDEX_ANNOTATION, COMPLETION_INDEX_ENV, firstPendingIndexes, formatIntervals,
  generateNameWithIndex, hasBackoffLimitPerIndex, hasIndex, indexAbsoluteFailureCount, indexFailureCount,
  INDEX_FAILURE_COUNT_ANNOTATION, INDEX_IGNORED_FAILURE_COUNT_ANNOTATION, isIndexedJob, mergeIntervals,
  parseIntervals, totalOf, withIndexes, type Interval,
} from './indexed';
import { matchPodFailurePolicy } from './pod-failure-policy';
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
export const MAX_FAILED_INDEXES_MESSAGE = 'Job has exceeded the specified maximal number of failed indexes';
export const FAILED_INDEXES_MESSAGE = 'Job has failed indexes';

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
  /** status.completedIndexes / failedIndexes as last written (Indexed Jobs), for the same reason */
  completedIndexes?: string;
  failedIndexes?: string;
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

    const spec = job.spec ?? { template: {} };
    const policy = spec.podFailurePolicy;
    const prev = job.status ?? {};
    let succeeded = old?.succeeded ?? prev.succeeded ?? 0;
    let failed = old?.failed ?? prev.failed ?? 0;
    const counted = new Set(rec.counted);
    // Count newly terminated pods (a pod deleted before it finished counts as failed, as upstream);
    // a failure an Ignore rule of the pod failure policy matches is not counted.
    for (const pod of [...pods].sort(byFinish)) {
      const podUid = pod.metadata.uid ?? '';
      if (counted.has(podUid)) continue;
      const phase = pod.status?.phase;
      if (phase === 'Succeeded') {
        succeeded++;
        rec.failuresAfterLastSuccess = 0;
      } else if (phase === 'Failed') {
        if (matchPodFailurePolicy(policy, pod).countFailed) failed++;
        rec.failuresAfterLastSuccess++;
        rec.lastFailureMs = this.ctx.now();
      } else continue;
      counted.add(podUid);
    }
    rec.counted = [...counted].filter((u) => pods.some((p) => p.metadata.uid === u));

    const activePods = pods.filter((p) => !isTerminal(p) && !p.metadata.deletionTimestamp);
    const terminating = pods.filter((p) => !isTerminal(p) && p.metadata.deletionTimestamp).length;
    const parallelism = spec.parallelism ?? 1;
    const completions = spec.completions ?? undefined;
    const backoffLimit = spec.backoffLimit ?? 6;
    const status: JobStatus = { ...prev, conditions: [...(prev.conditions ?? [])] };
    status.startTime ??= this.ctx.timestamp();
    const startMs = this.simMs(status.startTime);
    let requeueMs: number | undefined;

    // Failure: a FailJob rule, the backoff limit (Never: failed pods; OnFailure: container restarts
    // too) or the deadline.
    let failure: { reason: string; message: string } | undefined;
    const failJobMessage = policy ? pods.filter((p) => p.status?.phase === 'Failed').map((p) => matchPodFailurePolicy(policy, p).failJobMessage).find((m) => m !== undefined) : undefined;
    if (failJobMessage !== undefined) {
      failure = { reason: 'PodFailurePolicy', message: failJobMessage };
    } else if (failed > backoffLimit || (spec.template?.spec?.restartPolicy === 'OnFailure' && pastBackoffLimitOnFailure(activePods, backoffLimit))) {
      failure = { reason: 'BackoffLimitExceeded', message: BACKOFF_LIMIT_EXCEEDED_MESSAGE };
    } else if (spec.activeDeadlineSeconds != null) {
      const left = startMs + spec.activeDeadlineSeconds * 1000 - this.ctx.now();
      if (left <= 0) failure = { reason: 'DeadlineExceeded', message: DEADLINE_EXCEEDED_MESSAGE };
      else requeueMs = left;
    }

    // Indexed: succeeded counts indexes, not pods; with backoffLimitPerIndex, failed indexes too.
    const indexed = isIndexedJob(job) && completions !== undefined;
    const perIndex = indexed && hasBackoffLimitPerIndex(job);
    let succeededIndexes: Interval[] = [];
    let failedIndexes: Interval[] = [];
    if (indexed) {
      succeededIndexes = withIndexes(parseIntervals(old?.completedIndexes ?? prev.completedIndexes, completions),
        pods.filter((p) => p.status?.phase === 'Succeeded').map(completionIndex).filter((ix) => ix >= 0 && ix < completions));
      succeeded = totalOf(succeededIndexes);
      if (perIndex) {
        failedIndexes = withIndexes(parseIntervals(old?.failedIndexes ?? prev.failedIndexes, completions),
          pods.filter((p) => this.isIndexFailed(job, p)).map(completionIndex).filter((ix) => ix >= 0 && ix < completions));
        if (!failure) {
          if (spec.maxFailedIndexes != null && totalOf(failedIndexes) > spec.maxFailedIndexes) {
            failure = { reason: 'MaxFailedIndexesExceeded', message: MAX_FAILED_INDEXES_MESSAGE };
          } else if (totalOf(failedIndexes) > 0 && totalOf(failedIndexes) + totalOf(succeededIndexes) >= completions) {
            failure = { reason: 'FailedIndexes', message: FAILED_INDEXES_MESSAGE };
          }
        }
      }
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
      // An Indexed Job removes pods without a valid index and all but one pod per index first.
      const extra = indexed ? duplicatedIndexPods(activePods, completions) : [];
      const left = activePods.filter((p) => !extra.includes(p));
      if (left.length > wantActive) extra.push(...[...left].sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b))).slice(0, left.length - wantActive));
      const diff = active - extra.length - wantActive;
      if (extra.length > 0) {
        this.expectations.expectDeletions(key, extra.map(podKey));
        for (const p of extra) {
          const e = this.deletePod(job, p);
          if (e !== undefined) this.expectations.deletionObserved(key, podKey(p));
          err ??= e;
        }
        active -= extra.length;
      } else if (diff < 0) {
        const wait = perIndex ? 0 : rec.lastFailureMs + podFailureBackoffMs(rec.failuresAfterLastSuccess) - this.ctx.now();
        let indexes: number[] | undefined;
        let indexWait: number | undefined;
        if (indexed) {
          const nonPending = mergeIntervals(withIndexes(succeededIndexes, activePods.map(completionIndex).filter((ix) => ix >= 0)), failedIndexes);
          indexes = firstPendingIndexes(nonPending, -diff, completions);
          if (perIndex) [indexes, indexWait] = this.indexesReadyNow(indexes, pods, succeededIndexes, failedIndexes);
        }
        if (wait > 0 || indexWait !== undefined) {
          const w = wait > 0 ? wait : indexWait!;
          requeueMs = requeueMs === undefined ? w : Math.min(requeueMs, w);
        } else {
          const n = indexes ? indexes.length : -diff;
          this.expectations.expectCreations(key, n);
          for (let i = 0; i < n; i++) {
            const e = this.createPod(job, indexes?.[i], pods);
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
    if (indexed) {
      const s = formatIntervals(succeededIndexes);
      if (s) status.completedIndexes = s;
      else delete status.completedIndexes;
      if (perIndex) status.failedIndexes = formatIntervals(failedIndexes);
    }
    status.ready = activePods.filter(isPodReady).length;
    if (failure || complete || spec.suspend) status.ready = 0;
    status.terminating = terminating;
    status.uncountedTerminatedPods = {};
    if (status.conditions!.length === 0) delete status.conditions;
    const w = this.updateStatus(job, status);
    if (!w.ok) return { kind: 'retry', reason: w.message };
    this.records[uid] = { ...rec, succeeded, failed, ...(indexed ? { completedIndexes: status.completedIndexes ?? '' } : {}), ...(perIndex ? { failedIndexes: status.failedIndexes ?? '' } : {}) };
    if (err !== undefined) return { kind: 'retry', reason: err };
    if (requeueMs !== undefined && !failure && !complete) return { kind: 'requeueAfter', delayMs: requeueMs };
    return DONE;
  }

  /** isIndexFailed: the pod's failure exhausts its index's budget, or a FailIndex rule matched. */
  private isIndexFailed(job: JobObject, pod: PodObject): boolean {
    if (pod.status?.phase !== 'Failed') return false;
    const m = matchPodFailurePolicy(job.spec?.podFailurePolicy, pod);
    if (m.action === 'FailIndex') return true;
    return m.countFailed && indexFailureCount(pod) >= (job.spec?.backoffLimitPerIndex ?? 0);
  }

  /**
   * getPodCreationInfoForIndependentIndexes: of the pending `indexes`, those whose own back-off is
   * over (10 s doubling per failure of that index); if none is, the shortest wait.
   */
  private indexesReadyNow(indexes: number[], pods: readonly PodObject[], succeeded: Interval[], failed: Interval[]): [number[], number | undefined] {
    const now: number[] = [];
    const waits: number[] = [];
    for (const ix of indexes) {
      const last = lastFailedPodOfIndex(pods, ix, succeeded, failed);
      if (last) {
        const finished = this.simMs(finishedAt(last));
        const remaining = finished + podFailureBackoffMs(indexAbsoluteFailureCount(last) + 1) - this.ctx.now();
        if (remaining > 0) {
          waits.push(remaining);
          continue;
        }
      }
      now.push(ix);
    }
    return now.length > 0 || waits.length === 0 ? [now, undefined] : [now, Math.min(...waits)];
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

  /**
   * Create one pod from the template; for an Indexed Job with its completion index (annotation,
   * label, hostname, generateName `<job>-<index>-`, JOB_COMPLETION_INDEX) and, with
   * backoffLimitPerIndex, the index's failure count carried over from the pod it replaces.
   */
  private createPod(job: JobObject, index: number | undefined, pods: readonly PodObject[]): string | undefined {
    const pod = getPodFromTemplate(job.spec?.template, job, newControllerRef(job, JOB_KIND));
    if (index !== undefined) {
      const name = job.metadata.name ?? '';
      pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [COMPLETION_INDEX_ANNOTATION]: String(index) };
      pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [COMPLETION_INDEX_ANNOTATION]: String(index) };
      pod.metadata.generateName = generateNameWithIndex(name, index);
      const podSpec = pod.spec!;
      podSpec.hostname = `${name}-${index}`;
      for (const c of [...(podSpec.initContainers ?? []), ...podSpec.containers]) {
        if ((c.env ?? []).some((e) => e.name === COMPLETION_INDEX_ENV)) continue;
        c.env = [...(c.env ?? []), { name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.labels['${COMPLETION_INDEX_ANNOTATION}']` } } }];
      }
      if (hasBackoffLimitPerIndex(job)) {
        const replaced = lastFailedPodOfIndex(pods, index, [], []);
        let count = 0;
        let ignored = 0;
        if (replaced) {
          count = indexFailureCount(replaced);
          ignored = indexAbsoluteFailureCount(replaced) - count;
          if (matchPodFailurePolicy(job.spec?.podFailurePolicy, replaced).countFailed) count++;
          else ignored++;
        }
        pod.metadata.annotations[INDEX_FAILURE_COUNT_ANNOTATION] = String(count);
        if (ignored > 0) pod.metadata.annotations[INDEX_IGNORED_FAILURE_COUNT_ANNOTATION] = String(ignored);
      }
    }
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

/** When the pod finished: its last container termination (getFinishedTime), else its creation. */
function finishedAt(p: PodObject): string {
  let m = '';
  for (const c of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) {
    const f = c.state?.terminated?.finishedAt ?? '';
    if (f > m) m = f;
  }
  return m || p.metadata.creationTimestamp || '';
}

/**
 * The failed pod a new pod of index `ix` replaces (getPodsWithDelayedDeletionPerIndex): the one with
 * the highest failure count, the latest to finish; none once the index succeeded or failed for good.
 */
function lastFailedPodOfIndex(pods: readonly PodObject[], ix: number, succeeded: Interval[], failed: Interval[]): PodObject | undefined {
  if (hasIndex(succeeded, ix) || hasIndex(failed, ix)) return undefined;
  let last: PodObject | undefined;
  for (const p of pods) {
    if (p.status?.phase !== 'Failed' || completionIndex(p) !== ix) continue;
    if (!last || (indexAbsoluteFailureCount(last) <= indexAbsoluteFailureCount(p) && finishedAt(p) >= finishedAt(last))) last = p;
  }
  return last;
}

/**
 * appendDuplicatedIndexPodsForRemoval: active pods without a valid index, past `completions`, or
 * repeating an index (all but the most advanced one per index).
 */
function duplicatedIndexPods(active: readonly PodObject[], completions: number): PodObject[] {
  const rm: PodObject[] = [];
  const byIndex = new Map<number, PodObject[]>();
  for (const p of active) {
    const ix = completionIndex(p);
    if (ix < 0 || ix >= completions) rm.push(p);
    else byIndex.set(ix, [...(byIndex.get(ix) ?? []), p]);
  }
  for (const ix of [...byIndex.keys()].sort((a, b) => a - b)) {
    const same = byIndex.get(ix)!;
    if (same.length < 2) continue;
    // keep the ready one (then the older one); controller.ActivePods puts the least advanced first
    same.sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)) || compareStrings(b.metadata.creationTimestamp ?? '', a.metadata.creationTimestamp ?? '') || compareStrings(a.metadata.name ?? '', b.metadata.name ?? ''));
    rm.push(...same.slice(0, -1));
  }
  return rm;
}

/** Terminated pods in the order they finished (a success resets the failure streak only if it came later). */
function byFinish(a: PodObject, b: PodObject): number {
  const ta = finishedAt(a);
  const tb = finishedAt(b);
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
