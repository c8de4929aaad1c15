import { describe, expect, it } from 'vitest';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { KubeObject } from '../../api/meta';
import { TestCluster } from '../../testing/test-cluster';
import { CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION } from './cronjob-controller';

function cronYaml(name: string, o: { script: string; policy?: string; suspend?: boolean; schedule?: string }): string {
  return `apiVersion: batch/v1
kind: CronJob
metadata: {name: ${name}}
spec:
  schedule: "${o.schedule ?? '*/1 * * * *'}"
${o.policy ? `  concurrencyPolicy: ${o.policy}\n` : ''}${o.suspend !== undefined ? `  suspend: ${o.suspend}\n` : ''}  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: hello
            image: busybox
            command: ["sh", "-c", ${JSON.stringify(o.script)}]
`;
}

const jobs = (c: TestCluster) => (c.world.list('Job', 'default') as Array<Job & KubeObject>).sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
const cronJob = (c: TestCluster, name: string) => c.world.getObject({ kind: 'CronJob', namespace: 'default', name }) as CronJob & KubeObject;
const reasons = (c: TestCluster, name: string) =>
  c.world.list('Event', 'default').filter((e) => (e as { involvedObject?: { name?: string } }).involvedObject?.name === name).map((e) => (e as { reason?: string }).reason);
/** minutes since the Unix epoch of the cluster's wall clock at sim time `ms` */
const minuteAt = (c: TestCluster, ms: number) => Math.floor((c.world.creationEpochMs + ms) / 60_000);

describe('CronJobController', () => {
  it('creates one Job per minute and keeps the 3 newest successful ones', () => {
    const c = new TestCluster();
    c.applyOk(cronYaml('hello', { script: 'date; echo Hello from the Kubernetes cluster' }));
    const cj0 = cronJob(c, 'hello');
    expect(cj0.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    const t0 = c.world.now();
    c.step(5 * 60_000 + 30_000);
    const names = jobs(c).map((j) => j.metadata.name);
    const first = minuteAt(c, t0) + 1;
    expect(names).toEqual([`hello-${first + 2}`, `hello-${first + 3}`, `hello-${first + 4}`]);
    const j = jobs(c)[2];
    expect(j.metadata.annotations?.[CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION]).toBe(new Date((first + 4) * 60_000).toISOString().replace('.000Z', 'Z'));
    expect(j.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'hello', controller: true });
    expect(j.status?.conditions?.some((x) => x.type === 'Complete')).toBe(true);
    const cj = cronJob(c, 'hello');
    expect(cj.status?.lastScheduleTime).toBe(new Date((first + 4) * 60_000).toISOString().replace('.000Z', 'Z'));
    expect(cj.status?.lastSuccessfulTime).toBeDefined();
    expect(cj.status?.active).toBeUndefined();
    const r = reasons(c, 'hello');
    expect(r.filter((x) => x === 'SuccessfulCreate')).toHaveLength(5);
    expect(r.filter((x) => x === 'SawCompletedJob')).toHaveLength(5);
    expect(r.filter((x) => x === 'SuccessfulDelete')).toHaveLength(2);
    // the trimmed Jobs' pods went with them (garbage collector)
    c.step(60_000);
    expect(c.pods().filter((p) => p.metadata.name!.startsWith(`hello-${first}-`))).toHaveLength(0);
    expect(c.kubectl('get cronjobs')).toMatch(/^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE\nhello\s+\*\/1 \* \* \* \*\s+<none>\s+False\s+[01]\s+\d+s\s+6m\d+s\n$/);
    expect(c.kubectl('get cj hello --no-headers')).toMatch(/^hello\s/);
  });

  it('Forbid skips a run while the previous Job is still active, then starts the missed run', () => {
    const c = new TestCluster();
    c.applyOk(cronYaml('f', { script: 'sleep 100', policy: 'Forbid' }));
    const m = minuteAt(c, c.world.now());
    c.step(2 * 60_000 + 10_000);
    // the 09:01 Job runs until ~09:02:45, so the 09:02 run was refused
    expect(jobs(c).map((j) => j.metadata.name)).toEqual([`f-${m + 1}`]);
    expect(reasons(c, 'f')).toContain('JobAlreadyActive');
    expect(cronJob(c, 'f').status?.active).toHaveLength(1);
    c.step(50_000);
    // once it completed, the most recent unmet schedule time (09:02) starts at once, as upstream does
    const list = jobs(c);
    expect(list.map((j) => j.metadata.name)).toEqual([`f-${m + 1}`, `f-${m + 2}`]);
    expect(list[1].metadata.creationTimestamp! >= list[0].status!.completionTime!).toBe(true);
    expect(cronJob(c, 'f').status?.active?.map((a) => a.name)).toEqual([`f-${m + 2}`]);
  });

  it('Replace deletes the running Job and starts the new one', () => {
    const c = new TestCluster();
    c.applyOk(cronYaml('r', { script: 'sleep 600', policy: 'Replace' }));
    const t0 = c.world.now();
    c.step(60_000 + 1_000);
    const firstName = jobs(c)[0].metadata.name;
    c.step(60_000);
    const names = jobs(c).map((j) => j.metadata.name);
    expect(names).not.toContain(firstName);
    expect(names).toEqual([`r-${minuteAt(c, t0) + 2}`]);
    expect(reasons(c, 'r')).toContain('SuccessfulDelete');
    expect(cronJob(c, 'r').status?.active?.map((a) => a.name)).toEqual(names);
  });

  it('suspend stops new runs, and resuming schedules again', () => {
    const c = new TestCluster();
    c.applyOk(cronYaml('s', { script: 'echo hi', suspend: true }));
    c.step(3 * 60_000);
    expect(jobs(c)).toHaveLength(0);
    expect(c.kubectl('get cj s --no-headers')).toMatch(/^s\s+\*\/1 \* \* \* \*\s+<none>\s+True\s+0\s+<none>\s/);
    c.applyOk(cronYaml('s', { script: 'echo hi', suspend: false }));
    c.step(61_000);
    expect(jobs(c).length).toBeGreaterThanOrEqual(1);
  });

  it('a CronJob does not keep settle() from returning', () => {
    const c = new TestCluster();
    c.applyOk(cronYaml('q', { script: 'echo hi', schedule: '@hourly' }));
    expect(c.world.settle(10 * 60_000)).toBe(true);
  });
});
