import { describe, expect, it } from 'vitest';
import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { ConfigMap, Pod, Secret, ServiceAccount } from 'kubernetes-types/core/v1';
import { NOW_MS } from '../../../testing/builders';
import { TestCluster } from '../../../testing/test-cluster';
import { describeDaemonSet } from './apps';
import { capIndexesListOrNone, describeCronJob, describeJob } from './batch';
import { base64DecodedLength, describeConfigMap, describeSecret, describeServiceAccount } from './config';

const template = { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'busybox:1.36' }] } };
/**
 * The shared Pod Template block. Its container and volume lines form one tabwriter block with any
 * tabbed lines that follow (Events, Last Schedule Time), so their column width is a parameter:
 * `"  Node-Selectors:".length + 2` = 19 unless a longer key follows.
 */
function templateText(width = 19, nodeSelectors = ['<none>']): string {
  const cell = (key: string, value: string) => `${key.padEnd(width)}${value}\n`;
  return (
    'Pod Template:\n  Labels:  app=agent\n  Containers:\n   agent:\n' +
    cell('    Image:', 'busybox:1.36') +
    cell('    Port:', '<none>') +
    cell('    Host Port:', '<none>') +
    cell('    Environment:', '<none>') +
    cell('    Mounts:', '<none>') +
    cell('  Volumes:', '<none>') +
    nodeSelectors.map((v, i) => cell(i === 0 ? '  Node-Selectors:' : '', v)).join('') +
    cell('  Tolerations:', '<none>')
  );
}

function pod(name: string, phase: string, ownerUid: string): Pod {
  return {
    metadata: { name, namespace: 'kube-system', labels: { app: 'agent' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: ownerUid, controller: true }] },
    spec: { containers: [] },
    status: { phase },
  };
}

describe('describeDaemonSet', () => {
  const ds: DaemonSet = {
    metadata: { name: 'agent', namespace: 'kube-system', uid: 'ds-uid', labels: { app: 'agent' } },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { ...template, spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux', disk: 'ssd' } } } },
    status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 2, numberAvailable: 1, numberMisscheduled: 0, numberReady: 1 },
  };

  it('counts only the pods it controls, and leaves the node counts unaligned as upstream writes them without a tab', () => {
    const pods = [pod('agent-a', 'Running', 'ds-uid'), pod('agent-b', 'Pending', 'ds-uid'), pod('agent-c', 'Failed', 'ds-uid'), pod('other', 'Running', 'someone-else')];
    const out = describeDaemonSet(ds, pods, [], NOW_MS);
    expect(out).toBe(
      'Name:           agent\n' +
        'Namespace:      kube-system\n' +
        'Selector:       app=agent\n' +
        'Node-Selector:  disk=ssd,kubernetes.io/os=linux\n' +
        'Labels:         app=agent\n' +
        'Annotations:    <none>\n' +
        'Desired Number of Nodes Scheduled: 3\n' +
        'Current Number of Nodes Scheduled: 3\n' +
        'Number of Nodes Scheduled with Up-to-date Pods: 2\n' +
        'Number of Nodes Scheduled with Available Pods: 1\n' +
        'Number of Nodes Misscheduled: 0\n' +
        'Pods Status:  1 Running / 1 Waiting / 0 Succeeded / 1 Failed\n' +
        templateText(19, ['disk=ssd', 'kubernetes.io/os=linux']) +
        'Events:            <none>\n',
    );
  });
});

describe('describeJob', () => {
  const job: Job = {
    metadata: { name: 'pi', namespace: 'default', labels: { 'job-name': 'pi' }, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: 'cj', controller: true }] },
    spec: { selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } }, parallelism: 2, completions: 4, completionMode: 'Indexed', suspend: false, backoffLimit: 6, ttlSecondsAfterFinished: 100, template },
    status: { startTime: '2026-11-23T09:58:00Z', completionTime: '2026-11-23T09:59:10Z', active: 0, ready: 0, succeeded: 4, failed: 1, completedIndexes: '0-3' },
  };

  it.each([
    ['a finished Indexed job', job, ['Controlled By:               CronJob/nightly\n', 'Completion Mode:             Indexed\n', 'Suspend:                     false\n', 'TTL Seconds After Finished:  100\n', 'Start Time:                  Mon, 23 Nov 2026 09:58:00 +0000\n', 'Completed At:                Mon, 23 Nov 2026 09:59:10 +0000\n', 'Duration:                    70s\n', 'Pods Statuses:               0 Active (0 Ready) / 4 Succeeded / 1 Failed\n', 'Completed Indexes:           0-3\n']],
    ['a job without ready count or completions', { ...job, metadata: { name: 'pi', namespace: 'default' }, spec: { template, selector: job.spec!.selector }, status: { active: 1 } }, ['Name:           pi\n', 'Completions:    <unset>\n', 'Pods Statuses:  1 Active / 0 Succeeded / 0 Failed\nPod Template:\n']],
  ])('%s', (_name, j, lines) => {
    const out = describeJob(j as Job, [], NOW_MS);
    for (const line of lines) expect(out).toContain(line);
    expect(out.endsWith(templateText() + 'Events:            <none>\n')).toBe(true);
  });

  it('omits Start Time, Duration and Suspend when unset, and prints no events with --show-events=false', () => {
    const out = describeJob({ ...job, spec: { template }, status: {} }, undefined, NOW_MS);
    expect(out).not.toMatch(/Start Time|Duration|Suspend|Parallelism|Completed Indexes|Events/);
    expect(out).toContain('Selector:       \n');
  });

  it.each([
    ['', '<none>'],
    ['1,3-5', '1,3-5'],
    // index 50 is a digit, so the cut moves on to the comma at 51
    [`${'1,'.repeat(30)}99`, `${'1,'.repeat(26)}...`],
  ])('capIndexesListOrNone(%j)', (input, expected) => {
    expect(capIndexesListOrNone(input, 50)).toBe(expected);
  });
});

describe('describeCronJob', () => {
  const cj: CronJob = {
    metadata: { name: 'nightly', namespace: 'default' },
    spec: { schedule: '*/5 * * * *', concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, jobTemplate: { spec: { template } } },
    status: { lastScheduleTime: '2026-11-23T09:55:00Z', active: [{ name: 'nightly-1' }, { name: 'nightly-2' }] },
  };

  it('prints the schedule, the job template with <unset> fields and the active jobs', () => {
    expect(describeCronJob(cj, [], NOW_MS)).toBe(
      'Name:                          nightly\n' +
        'Namespace:                     default\n' +
        'Labels:                        <none>\n' +
        'Annotations:                   <none>\n' +
        'Schedule:                      */5 * * * *\n' +
        'Concurrency Policy:            Allow\n' +
        'Suspend:                       False\n' +
        'Successful Job History Limit:  3\n' +
        'Failed Job History Limit:      1\n' +
        'Starting Deadline Seconds:     <unset>\n' +
        'Selector:                      <unset>\n' +
        'Parallelism:                   <unset>\n' +
        'Completions:                   <unset>\n' +
        templateText(21) +
        'Last Schedule Time:  Mon, 23 Nov 2026 09:55:00 +0000\n' +
        'Active Jobs:         nightly-1, nightly-2\n' +
        'Events:              <none>\n',
    );
  });

  it('prints <unset> for a nil suspend and never-scheduled cron job', () => {
    const out = describeCronJob({ ...cj, spec: { ...cj.spec!, suspend: undefined, startingDeadlineSeconds: 30 }, status: {} }, undefined, NOW_MS);
    expect(out).toContain('Suspend:                       <unset>\n');
    expect(out).toContain('Starting Deadline Seconds:     30s\n');
    expect(out).toContain('Last Schedule Time:  <unset>\nActive Jobs:         <none>\n');
  });
});

describe('describeConfigMap / describeSecret / describeServiceAccount', () => {
  it('prints ConfigMap data under ==== separators, binary data as sizes, then events', () => {
    const cm: ConfigMap = { metadata: { name: 'cfg', namespace: 'default' }, data: { 'b.conf': 'x=1\ny=2', a: 'hello' }, binaryData: { logo: 'AAEC' } };
    expect(describeConfigMap(cm, [], NOW_MS)).toBe(
      'Name:         cfg\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n' +
        '\nData\n====\na:\n----\nhello\n\nb.conf:\n----\nx=1\ny=2\n\n' +
        '\nBinaryData\n====\nlogo: 3 bytes\n\n' +
        'Events:  <none>\n',
    );
  });

  it('prints Secret sizes, never values, except a service-account token', () => {
    const opaque: Secret = { metadata: { name: 'db', namespace: 'default' }, type: 'Opaque', data: { password: 'czNjcjN0', user: 'YWRtaW4=', empty: '' } };
    expect(describeSecret(opaque)).toBe(
      'Name:         db\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nType:  Opaque\n\nData\n====\nempty:     0 bytes\npassword:  6 bytes\nuser:      5 bytes\n',
    );
    const token: Secret = { metadata: { name: 't', namespace: 'default' }, type: 'kubernetes.io/service-account-token', data: { token: 'ZXlKaGJHYy5hYmM=', 'ca.crt': 'AAAA' } };
    expect(describeSecret(token)).toContain('Data\n====\nca.crt:  3 bytes\ntoken:   eyJhbGc.abc\n');
  });

  it.each([
    ['AAAA', 3],
    ['AAE=', 2],
    ['AA==', 1],
    ['w6k=', 2],
  ])('base64DecodedLength(%j) = %i', (b64, n) => {
    expect(base64DecodedLength(b64)).toBe(n);
  });

  it('lists ServiceAccount secrets in header order, marks missing ones and finds legacy tokens', () => {
    const sa: ServiceAccount = { metadata: { name: 'bot', namespace: 'default', uid: 'sa-uid' }, imagePullSecrets: [{ name: 'regcred' }], secrets: [{ name: 'a' }, { name: 'gone' }] };
    const secrets: Secret[] = [
      { metadata: { name: 'a' } },
      { metadata: { name: 'regcred' } },
      { metadata: { name: 'bot-token', annotations: { 'kubernetes.io/service-account.name': 'bot', 'kubernetes.io/service-account.uid': 'sa-uid' } }, type: 'kubernetes.io/service-account-token' },
      { metadata: { name: 'stale-token', annotations: { 'kubernetes.io/service-account.name': 'bot', 'kubernetes.io/service-account.uid': 'old' } }, type: 'kubernetes.io/service-account-token' },
    ];
    expect(describeServiceAccount(sa, secrets, [], NOW_MS)).toBe(
      'Name:                bot\nNamespace:           default\nLabels:              <none>\nAnnotations:         <none>\n' +
        'Image pull secrets:  regcred\n' +
        'Mountable secrets:   a\n' +
        '                     gone (not found)\n' +
        'Tokens:              bot-token\n' +
        'Events:              <none>\n',
    );
  });
});

describe('kubectl describe in a running World (DaemonSet, Job)', () => {
  it('describes a settled DaemonSet and Job from the controllers\' status and events', () => {
    const c = new TestCluster();
    c.applyOk(`apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers:
      - {name: agent, image: busybox:1.36}
---
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - {name: pi, image: perl:5.34}
`);
    c.settle();
    const agents = c.pods({ app: 'agent' });
    const nodes = new Set(agents.map((p) => p.spec!.nodeName));
    const ds = c.kubectl('describe daemonset agent');
    expect(ds).toMatch(/^Name: {11}agent\nNamespace: {6}default\nSelector: {7}app=agent\nNode-Selector: {2}<none>\n/);
    expect(ds).toContain(`Desired Number of Nodes Scheduled: ${nodes.size}\nCurrent Number of Nodes Scheduled: ${nodes.size}\n`);
    const running = agents.filter((p) => p.status?.phase === 'Running').length;
    const waiting = agents.filter((p) => p.status?.phase === 'Pending').length;
    expect(ds).toContain(`\nPods Status:  ${running} Running / ${waiting} Waiting / 0 Succeeded / 0 Failed\nPod Template:\n  Labels:  app=agent\n`);
    for (const p of agents) expect(ds).toMatch(new RegExp(`Normal {2}SuccessfulCreate .* daemonset-controller {2}Created pod: ${p.metadata.name}\\n`));

    const job = c.kubectl('describe job pi');
    const jobPod = c.pods({ 'job-name': 'pi' })[0];
    expect(job).toMatch(/^Name: {13}pi\nNamespace: {8}default\nSelector: {9}batch\.kubernetes\.io\/controller-uid=\S+\n/);
    expect(job).toContain('Completion Mode:  NonIndexed\nSuspend:          false\nBackoff Limit:    6\n');
    expect(job).toMatch(/\nCompleted At: {5}.+\nDuration: {9}\d+s\nPods Statuses: {4}0 Active \(0 Ready\) \/ 1 Succeeded \/ 0 Failed\n/);
    expect(job).toMatch(new RegExp(`Normal {2}SuccessfulCreate .* job-controller {2}Created pod: ${jobPod.metadata.name}\\n`));
    expect(job).toMatch(/Normal {2}Completed .* job-controller {2}Job completed\n$/);
    expect(c.kubectl('describe job pi --show-events=false')).not.toContain('Events:');
  });
});
