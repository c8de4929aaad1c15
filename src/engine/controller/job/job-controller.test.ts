import { describe, expect, it } from 'vitest';
import type { Job } from 'kubernetes-types/batch/v1';
import type { KubeObject } from '../../api/meta';
import { TestCluster } from '../../testing/test-cluster';
import { BACKOFF_LIMIT_EXCEEDED_MESSAGE, podFailureBackoffMs } from './job-controller';

function jobYaml(name: string, o: { script: string; restartPolicy?: string; completions?: number; parallelism?: number; backoffLimit?: number; extra?: string }): string {
  return `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
${o.completions !== undefined ? `  completions: ${o.completions}\n` : ''}${o.parallelism !== undefined ? `  parallelism: ${o.parallelism}\n` : ''}${o.backoffLimit !== undefined ? `  backoffLimit: ${o.backoffLimit}\n` : ''}${o.extra ?? ''}  template:
    spec:
      restartPolicy: ${o.restartPolicy ?? 'Never'}
      containers:
      - name: c
        image: busybox
        command: ["sh", "-c", ${JSON.stringify(o.script)}]
`;
}

const getJob = (c: TestCluster, name: string) => c.world.getObject({ kind: 'Job', namespace: 'default', name }) as Job & KubeObject;
const jobPods = (c: TestCluster, name: string) => c.pods({ 'batch.kubernetes.io/job-name': name });
const conditionTypes = (j: Job) => (j.status?.conditions ?? []).filter((x) => x.status === 'True').map((x) => x.type);
const eventReasons = (c: TestCluster, name: string) =>
  c.world.list('Event', 'default').filter((e) => (e as { involvedObject?: { name?: string } }).involvedObject?.name === name).map((e) => (e as { reason?: string }).reason);

describe('JobController', () => {
  it('runs completions 3 with parallelism 2, never more than 2 pods active', () => {
    const c = new TestCluster();
    let maxActive = 0;
    c.world.onWatch((rec) => {
      if (rec.resource !== 'pods') return;
      const active = jobPods(c, 'three').filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').length;
      maxActive = Math.max(maxActive, active);
    });
    c.applyOk(jobYaml('three', { script: 'sleep 5', completions: 3, parallelism: 2 }));
    c.step(1_000);
    expect(getJob(c, 'three').status).toMatchObject({ active: 2, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(getJob(c, 'three').status?.startTime).toBeDefined();
    c.settle();
    const job = getJob(c, 'three');
    expect(maxActive).toBe(2);
    expect(job.status).toMatchObject({ succeeded: 3, ready: 0, terminating: 0 });
    expect(job.status?.active).toBeUndefined();
    expect(job.status?.completionTime).toBeDefined();
    expect(conditionTypes(job)).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(jobPods(c, 'three').map((p) => p.status?.phase)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    expect(jobPods(c, 'three').every((p) => p.metadata.name!.startsWith('three-'))).toBe(true);
    expect(eventReasons(c, 'three').filter((r) => r === 'SuccessfulCreate')).toHaveLength(3);
    expect(eventReasons(c, 'three')).toContain('Completed');
    expect(c.kubectl('get jobs --no-headers')).toMatch(/^three\s+Complete\s+3\/3\s+\d+s\s+\d+s$/m);
  });

  it('fails a Job after backoffLimit+1 failed pods, waiting longer before each re-creation', () => {
    const c = new TestCluster();
    c.applyOk(jobYaml('bad', { script: 'exit 1' }));
    c.settle(30 * 60_000);
    const job = getJob(c, 'bad');
    expect(job.status?.failed).toBe(7);
    const failed = job.status?.conditions?.find((x) => x.type === 'Failed');
    expect(failed).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded', message: BACKOFF_LIMIT_EXCEEDED_MESSAGE });
    expect(conditionTypes(job)).toEqual(['FailureTarget', 'Failed']);
    const pods = jobPods(c, 'bad').sort((a, b) => (a.metadata.creationTimestamp! < b.metadata.creationTimestamp! ? -1 : 1));
    expect(pods).toHaveLength(7);
    const created = pods.map((p) => Date.parse(p.metadata.creationTimestamp!));
    const gaps = created.slice(1).map((t, i) => (t - created[i]) / 1000);
    // each gap is the pod's short run plus the back-off: 10 s, 20 s, 40 s, ...
    gaps.forEach((g, i) => {
      expect(g).toBeGreaterThanOrEqual(podFailureBackoffMs(i + 1) / 1000);
      expect(g).toBeLessThan(podFailureBackoffMs(i + 1) / 1000 + 10);
    });
    expect(c.kubectl('get job bad --no-headers')).toMatch(/^bad\s+Failed\s+0\/1\s/);
  });

  it('with restartPolicy OnFailure restarts the container in place and fails past backoffLimit restarts', () => {
    const c = new TestCluster();
    c.applyOk(jobYaml('retry', { script: 'exit 1', restartPolicy: 'OnFailure', backoffLimit: 2 }));
    c.step(2_000);
    const first = jobPods(c, 'retry');
    expect(first).toHaveLength(1);
    // busybox pulls in well under a second, so the first run has exited and been restarted by now.
    c.step(3_000);
    const restarted = jobPods(c, 'retry');
    expect(restarted.map((p) => p.metadata.name)).toEqual([first[0].metadata.name]);
    expect(restarted[0].status?.containerStatuses?.[0].restartCount).toBeGreaterThanOrEqual(1);
    // crash-loop back-offs are background timers for settle(): move the clock instead
    c.step(2 * 60_000);
    const job = getJob(c, 'retry');
    expect(job.status?.conditions?.find((x) => x.type === 'Failed')?.reason).toBe('BackoffLimitExceeded');
    expect(job.status?.failed).toBe(1);
    expect(eventReasons(c, 'retry').filter((r) => r === 'SuccessfulCreate')).toHaveLength(1);
    // the one pod was deleted when the Job failed
    expect(jobPods(c, 'retry').filter((p) => p.metadata.name === first[0].metadata.name && !p.metadata.deletionTimestamp)).toHaveLength(0);
  });

  it('fails a Job that runs longer than activeDeadlineSeconds', () => {
    const c = new TestCluster();
    c.applyOk(jobYaml('slow', { script: 'sleep 600', extra: '  activeDeadlineSeconds: 30\n' }));
    c.step(31_000);
    const job = getJob(c, 'slow');
    expect(job.status?.conditions?.find((x) => x.type === 'Failed')).toMatchObject({ reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
  });

  it('defaults the Job and labels its template as the Job strategy does', () => {
    const c = new TestCluster();
    c.applyOk(jobYaml('d', { script: 'exit 0' }));
    const job = getJob(c, 'd');
    const uid = job.metadata.uid!;
    expect(job.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, manualSelector: false, podReplacementPolicy: 'TerminatingOrFailed' });
    expect(job.spec?.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    expect(job.spec?.template.metadata?.labels).toEqual({ 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'd', 'controller-uid': uid, 'job-name': 'd' });
    expect(job.metadata.generation).toBe(1);
  });

  it('rejects a Job whose pods would restart Always', () => {
    const c = new TestCluster();
    const r = c.apply('apiVersion: batch/v1\nkind: Job\nmetadata: {name: lijob}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: busybox}]\n');
    expect(r.ok).toBe(false);
    expect(r.documents[0].message).toContain('The Job "lijob" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"');
  });

  it('prints a running Job in kubectl get jobs', () => {
    const c = new TestCluster();
    c.applyOk(jobYaml('w', { script: 'sleep 100', completions: 2 }));
    c.step(3_000);
    expect(c.kubectl('get jobs')).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\nw\s+Running\s+0\/2\s+3s\s+3s\n$/);
  });

  it('Indexed: one pod per index with its annotation, label, hostname and JOB_COMPLETION_INDEX; completedIndexes', () => {
    const c = new TestCluster();
    c.applyOk(jobYaml('idx', { script: 'sleep 5', completions: 4, parallelism: 2, extra: '  completionMode: Indexed\n' }));
    c.step(1_000);
    const first = jobPods(c, 'idx');
    expect(first.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).sort()).toEqual(['0', '1']);
    for (const p of first) {
      const ix = p.metadata.annotations!['batch.kubernetes.io/job-completion-index'];
      expect(p.metadata.labels?.['batch.kubernetes.io/job-completion-index']).toBe(ix);
      expect(p.metadata.name).toMatch(new RegExp(`^idx-${ix}-[a-z0-9]{5}$`));
      expect(p.spec?.hostname).toBe(`idx-${ix}`);
      expect(p.spec?.containers[0].env).toContainEqual({ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } });
    }
    c.step(6_000);
    expect(getJob(c, 'idx').status?.completedIndexes).toBe('0,1');
    c.settle();
    const job = getJob(c, 'idx');
    expect(job.status).toMatchObject({ succeeded: 4, completedIndexes: '0-3' });
    expect(conditionTypes(job)).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(job.status?.failedIndexes).toBeUndefined();
  });

  it('Indexed with backoffLimitPerIndex: each index retried backoffLimitPerIndex times, then failed; MaxFailedIndexesExceeded', () => {
    const c = new TestCluster();
    c.applyOk(jobYaml('perix', { script: 'exit 1', completions: 4, parallelism: 4, extra: '  completionMode: Indexed\n  backoffLimitPerIndex: 1\n  maxFailedIndexes: 2\n' }));
    c.settle(10 * 60_000);
    const job = getJob(c, 'perix');
    // backoffLimit defaults to MaxInt32 with backoffLimitPerIndex: only the per-index budget counts
    expect(job.spec?.backoffLimit).toBe(2147483647);
    const failed = job.status?.conditions?.find((x) => x.type === 'Failed');
    expect(failed).toMatchObject({ reason: 'MaxFailedIndexesExceeded', message: 'Job has exceeded the specified maximal number of failed indexes' });
    // indexes 1-3 failed twice (backoffLimitPerIndex 1): 3 failed indexes exceed maxFailedIndexes 2,
    // so the Job fails while index 0's retry still runs; that pod is deleted and counted as failed
    expect(job.status).toMatchObject({ failedIndexes: '0-3', failed: 8 });
    const pods = jobPods(c, 'perix');
    const counts = pods.map((p) => `${p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']}:${p.metadata.annotations?.['batch.kubernetes.io/job-index-failure-count']}`).sort();
    expect(counts).toEqual(['0:0', '1:0', '1:1', '2:0', '2:1', '3:0', '3:1']);
    expect(pods.every((p) => p.status?.phase === 'Failed')).toBe(true);
  });

  it('backoffLimitPerIndex back-off is per index: 10 s after the index\'s own failure', () => {
    const c = new TestCluster();
    c.applyOk(jobYaml('bo', { script: 'exit 1', completions: 1, extra: '  completionMode: Indexed\n  backoffLimitPerIndex: 2\n' }));
    c.settle(10 * 60_000);
    const pods = jobPods(c, 'bo').sort((a, b) => (a.metadata.creationTimestamp! < b.metadata.creationTimestamp! ? -1 : 1));
    expect(pods.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-index-failure-count'])).toEqual(['0', '1', '2']);
    const created = pods.map((p) => Date.parse(p.metadata.creationTimestamp!));
    expect((created[1] - created[0]) / 1000).toBeGreaterThanOrEqual(10);
    expect((created[2] - created[1]) / 1000).toBeGreaterThanOrEqual(20);
    const job = getJob(c, 'bo');
    expect(job.status).toMatchObject({ failed: 3, failedIndexes: '0' });
    expect(job.status?.conditions?.find((x) => x.type === 'Failed')).toMatchObject({ reason: 'FailedIndexes', message: 'Job has failed indexes' });
  });

  it('podFailurePolicy FailJob: exit code 42 fails the Job at once with the rule in the message', () => {
    const c = new TestCluster();
    c.applyOk(jobYaml('pfp', { script: 'sleep 3 && exit 42', completions: 8, parallelism: 2, extra: '  podFailurePolicy:\n    rules:\n    - action: FailJob\n      onExitCodes: {containerName: c, operator: In, values: [42]}\n' }));
    c.settle(10 * 60_000);
    const job = getJob(c, 'pfp');
    const failed = job.status?.conditions?.find((x) => x.type === 'Failed');
    expect(failed?.reason).toBe('PodFailurePolicy');
    expect(failed?.message).toMatch(/^Container c for pod default\/pfp-[a-z0-9]{5} failed with exit code 42 matching FailJob rule at index 0$/);
    expect(conditionTypes(job)).toEqual(['FailureTarget', 'Failed']);
    // no retries: only the first two pods ever ran
    expect(eventReasons(c, 'pfp').filter((r) => r === 'SuccessfulCreate')).toHaveLength(2);
  });

  it('podFailurePolicy Ignore: an ignored exit code does not count towards backoffLimit', () => {
    const c = new TestCluster();
    c.applyOk(jobYaml('ign', { script: 'exit 3', backoffLimit: 1, extra: '  podFailurePolicy:\n    rules:\n    - action: Ignore\n      onExitCodes: {operator: In, values: [3]}\n' }));
    c.step(3 * 60_000);
    const job = getJob(c, 'ign');
    expect(isJobDone(job)).toBe(false);
    expect(job.status?.failed).toBeUndefined();
    expect(jobPods(c, 'ign').filter((p) => p.status?.phase === 'Failed').length).toBeGreaterThanOrEqual(3);
  });
});

function isJobDone(j: Job): boolean {
  return (j.status?.conditions ?? []).some((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
}
