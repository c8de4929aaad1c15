// The TTL-after-finished controller: deletes a finished Job (Complete or Failed) once
// spec.ttlSecondsAfterFinished has passed since it finished, with foreground propagation so its pods
// go first.
// UPSTREAM: pkg/controller/ttlafterfinished/ttlafterfinished_controller.go (processJob, timeLeft,
// jobFinishTime: the lastTransitionTime of the Complete/Failed condition)

import type { Job } from 'kubernetes-types/batch/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import { keyOf } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';

type JobObject = Job & KubeObject;
const JOB_RESOURCE = resourceForKind('Job')!;

/** The time the Job finished (jobFinishTime), as an RFC 3339 string, if it did. */
export function jobFinishTime(job: Job): string | undefined {
  const c = (job.status?.conditions ?? []).find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.lastTransitionTime;
}

export class TTLAfterFinishedController implements Controller {
  readonly name = 'ttl-after-finished-controller';
  readonly queue: WorkQueue;
  private jobs!: Informer<JobObject>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
  }

  start(informers: SharedInformerFactory): void {
    this.jobs = informers.informerFor<JobObject>('jobs');
    const enqueue = (job: JobObject) => {
      if (job.metadata.deletionTimestamp == null && job.spec?.ttlSecondsAfterFinished != null && jobFinishTime(job)) this.queue.add(keyOf(job.metadata));
    };
    this.jobs.addEventHandler({ add: enqueue, update: (_o, cur) => enqueue(cur) });
  }

  sync(key: ObjectKey): SyncResult {
    const job = this.jobs.get(key);
    if (!job || job.metadata.deletionTimestamp != null) return DONE;
    const ttl = job.spec?.ttlSecondsAfterFinished;
    const finished = jobFinishTime(job);
    if (ttl == null || !finished) return DONE;
    const expireAt = Date.parse(finished) + ttl * 1000;
    const left = expireAt - Date.parse(this.ctx.timestamp());
    if (left > 0) return { kind: 'requeueAfter', delayMs: left };
    // SIMPLIFICATION: upstream re-reads the Job from the API server and deletes with a uid
    // precondition; the informer copy is current here because deletes are synchronous.
    const r = this.ctx.client.delete(JOB_RESOURCE, job.metadata.namespace, job.metadata.name ?? '', { propagationPolicy: 'Foreground' });
    if (!r.ok && r.status.reason !== 'NotFound') return { kind: 'retry', reason: r.status.message };
    return DONE;
  }
}
