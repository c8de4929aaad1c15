import { describe, expect, it } from 'vitest';
import type { DeploymentView, HorizontalPodAutoscalerView, MetricsView, ObjectView, PodView, ReplicaSetView } from '../../worker/protocol';
import { viewId } from '../../worker/protocol';
import { hpaFor, isScalable, leadingCondition, loadOf, utilization, workloadUsage } from './load-model';

const deploy: DeploymentView = { kind: 'Deployment', key: 'default/web', namespace: 'default', name: 'web', replicas: 2, readyReplicas: 2, updatedReplicas: 2, availableReplicas: 2, rv: '1' };
const rs = (name: string, owner?: string): ReplicaSetView => ({
  kind: 'ReplicaSet', key: `default/${name}`, namespace: 'default', name, replicas: 1, readyReplicas: 1, ...(owner ? { owner: { kind: 'Deployment', name: owner } } : {}), rv: '1',
});
const pod = (name: string, owner: string, cpuMillis: number, namespace = 'default'): PodView => ({
  kind: 'Pod', key: `${namespace}/${name}`, namespace, name, uid: name, phase: 'Running', status: 'Running', ready: '1/1', deleting: false, labels: {},
  owner: { kind: 'ReplicaSet', name: owner }, containers: [], restarts: 0, cpuMillis, memoryBytes: 0, creationMs: 0, rv: '1',
});
const hpa = (name: string, target: string, conditions: HorizontalPodAutoscalerView['conditions'] = []): HorizontalPodAutoscalerView => ({
  kind: 'HorizontalPodAutoscaler', key: `default/${name}`, namespace: 'default', name, target: { kind: 'Deployment', name: target },
  minReplicas: 1, maxReplicas: 6, currentReplicas: 1, desiredReplicas: 1, targets: 'cpu: 1%/50%', cpu: { targetUtilization: 50, currentUtilization: 1 }, conditions, rv: '1',
});
const mapOf = (...views: ObjectView[]) => new Map(views.map((v) => [viewId(v.kind, v.key), v]));

describe('load model', () => {
  it('finds the load set on a workload, 0 when none', () => {
    const loads = [{ workload: { kind: 'Deployment' as const, namespace: 'default', name: 'web' }, rps: 120 }];
    expect(loadOf(loads, { kind: 'Deployment', namespace: 'default', name: 'web' })).toBe(120);
    expect(loadOf(loads, { kind: 'Deployment', name: 'web' })).toBe(120);
    expect(loadOf(loads, { kind: 'StatefulSet', namespace: 'default', name: 'web' })).toBe(0);
  });

  it('finds the HPA that targets the workload by kind, name and namespace', () => {
    const objects = mapOf(deploy, hpa('web-b', 'web'), hpa('api', 'api'), hpa('web-a', 'web'));
    expect(hpaFor(objects, { kind: 'Deployment', namespace: 'default', name: 'web' })?.name).toBe('web-a');
    expect(hpaFor(objects, { kind: 'StatefulSet', namespace: 'default', name: 'web' })).toBeUndefined();
    expect(hpaFor(objects, { kind: 'Deployment', namespace: 'other', name: 'web' })).toBeUndefined();
  });

  it.each([
    [[{ type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: 'no metrics' }, { type: 'ScalingLimited', status: 'True', reason: 'TooFewReplicas', message: 'min' }], 'ScalingActive'],
    [[{ type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'ok' }, { type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'max' }], 'ScalingLimited'],
    [[{ type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'ok' }, { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange', message: 'in range' }], 'ScalingActive'],
    [[{ type: 'AbleToScale', status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher' }, { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'ok' }, { type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'max' }], 'AbleToScale'],
    [[{ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' }, { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'ok' }], 'ScalingActive'],
    [[], undefined],
  ])('leads with the condition that explains the most: %j -> %s', (conditions, want) => {
    expect(leadingCondition(hpa('web', 'web', conditions))?.type).toBe(want);
  });

  it("sums the usage of a Deployment's pods through its ReplicaSets, leaving out other workloads and unmeasured pods", () => {
    const objects = mapOf(deploy, rs('web-1', 'web'), rs('web-2', 'web'), rs('api-1', 'api'), pod('a', 'web-1', 100), pod('b', 'web-2', 100), pod('c', 'web-2', 100), pod('d', 'api-1', 100), pod('e', 'web-1', 100, 'other'));
    const metrics: MetricsView = {
      loads: [],
      pods: { 'default/a': { cpuMillis: 201, memoryBytes: 1 }, 'default/b': { cpuMillis: 51, memoryBytes: 1 }, 'default/d': { cpuMillis: 400, memoryBytes: 1 }, 'other/e': { cpuMillis: 400, memoryBytes: 1 } },
    };
    expect(workloadUsage(objects, metrics, deploy)).toEqual({ measured: 2, cpuMillis: 252, requestMillis: 200 });
    expect(workloadUsage(objects, metrics, rs('api-1', 'api'))).toEqual({ measured: 1, cpuMillis: 400, requestMillis: 100 });
  });

  it('computes utilisation as the HPA does (truncated percent of the request), none without a request', () => {
    expect(utilization(252, 200)).toBe(126);
    expect(utilization(101, 200)).toBe(50);
    expect(utilization(5, 0)).toBeUndefined();
  });

  it('lets an HPA scale everything but a DaemonSet', () => {
    expect(isScalable('Deployment')).toBe(true);
    expect(isScalable('StatefulSet')).toBe(true);
    expect(isScalable('DaemonSet')).toBe(false);
  });
});
