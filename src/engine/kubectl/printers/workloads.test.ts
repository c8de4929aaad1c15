import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/meta';
import { NOW_MS, ago } from '../../testing/builders';
import * as s from '../../testing/kubectl-samples';
import { tableHandlerFor } from './handlers';
import { printTable } from './table';
import { formatEndpoints } from './core';
import { formatHPAMetrics } from './autoscaling';

// Kinds the API server may not serve yet; their printers are checked against real output directly.
function print(objects: object[], wide = false): string {
  const list = objects as KubeObject[];
  return printTable(tableHandlerFor(list[0].kind), list, NOW_MS, { wide, noHeaders: false, withNamespace: false, showLabels: false });
}

const meta = (name: string, ageSeconds: number) => ({ name, namespace: 'default', creationTimestamp: ago(ageSeconds) });
const template = (name: string, image: string) => ({ spec: { containers: [{ name, image }] } });

describe('printers for other workload kinds reproduce real tables', () => {
  it('statefulsets', () => {
    expect(print([{ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('web', 37), spec: { replicas: 2, template: template('nginx', 'nginx') }, status: { readyReplicas: 2 } }]))
      .toBe(s.statefulSets);
  });

  it('daemonsets', () => {
    const status = { desiredNumberScheduled: 5, currentNumberScheduled: 5, numberReady: 5, updatedNumberScheduled: 5, numberAvailable: 5 };
    const spec = { template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'kube-proxy', image: 'kube-proxy' }] } } };
    expect(print([{ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta('kube-proxy', 181), spec, status }])).toBe(s.daemonSets);
  });

  it.each([
    ['a completed Job', s.jobComplete, false, { completions: 1, parallelism: 1 }, { succeeded: 1, startTime: ago(128), completionTime: ago(44) }, 128],
    ['a work-queue Job', s.jobParallel, false, { parallelism: 6 }, { succeeded: 4, startTime: ago(8), completionTime: ago(5) }, 8],
    ['-o wide', s.jobWide, true, {
      completions: 1, parallelism: 1,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'd79aa899-fc81-4eee-8887-908058f9e04d' } },
    }, { succeeded: 1, startTime: ago(67), completionTime: ago(45) }, 67],
  ])('jobs: %s', (_name, sample, wide, spec, status, age) => {
    const job = {
      apiVersion: 'batch/v1', kind: 'Job', metadata: meta('pi', age),
      spec: { ...spec, template: template('pi', 'perl:5.34.0') },
      status: { ...status, conditions: [{ type: 'Complete', status: 'True' }] },
    };
    expect(print([job], wide)).toBe(sample);
  });

  it.each([
    ['after a run', s.cronJobs, 'hello', '*/1 * * * *', 192, ago(27)],
    ['before the first run', s.cronJobsNew, 'every3mins', '*/3 * * * *', 73, undefined],
  ])('cronjobs: %s', (_name, sample, name, schedule, age, lastScheduleTime) => {
    const cj = {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta(name, age),
      spec: { schedule, suspend: false, jobTemplate: { spec: { template: template('c', 'busybox') } } },
      status: lastScheduleTime ? { lastScheduleTime } : {},
    };
    expect(print([cj])).toBe(sample);
  });

  it('configmaps', () => {
    expect(print([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('nginxconfigmap', 114), data: { 'default.conf': 'server {}' } }])).toBe(s.configMaps);
  });

  it('serviceaccounts', () => {
    expect(print([
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('default', 5 * 60 + 41) },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('spark', 2 * 60 + 49) },
    ])).toBe(s.serviceAccounts);
  });

  it('horizontalpodautoscalers', () => {
    const hpa = {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta('php-apache', 20 * 3600),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' }, minReplicas: 1, maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      },
      status: { currentReplicas: 1, desiredReplicas: 1, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 0 } } }] },
    };
    expect(print([hpa])).toBe(s.hpa);
  });
});

describe('cell helpers', () => {
  it('shows <unknown> until an HPA has measured, and folds metrics beyond two', () => {
    const cpu = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } };
    const mem = { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } };
    expect(formatHPAMetrics([cpu], undefined)).toBe('cpu: <unknown>/50%');
    expect(formatHPAMetrics([cpu, mem, cpu], [])).toBe('cpu: <unknown>/50%, memory: <unknown>/100Mi + 1 more...');
    expect(formatHPAMetrics([], [])).toBe('<none>');
  });

  it('formats Endpoints as ip:port, three at most', () => {
    const ep = { subsets: [{ addresses: ['10.244.0.5', '10.244.0.6', '10.244.0.7', '10.244.0.8'].map((ip) => ({ ip })), ports: [{ port: 9376 }] }] };
    expect(formatEndpoints(ep)).toBe('10.244.0.5:9376,10.244.0.6:9376,10.244.0.7:9376 + 1 more...');
    expect(formatEndpoints({})).toBe('<none>');
  });
});
