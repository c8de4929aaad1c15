// Load, metrics and the HPA end to end through the worker with the real engine: setLoad replies,
// the pods' usage arrives as metrics deltas, and the HPA's view shows it scaling the Deployment.
import { describe, expect, it } from 'vitest';
import { EngineHost } from './engine.worker';
import { applyMetricsDelta, EMPTY_METRICS, type HorizontalPodAutoscalerView, type MetricsView, type WorkerMessage } from './protocol';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        resources: {requests: {cpu: 100m, memory: 64Mi}}
`;

function setup() {
  const posted: WorkerMessage[] = [];
  const h = new EngineHost((m) => posted.push(m), () => 0);
  h.boot({ seed: 1, workerNodes: 2 });
  h.handle({ kind: 'control', action: 'pause' });
  let id = 1;
  const request = (cmd: Parameters<EngineHost['handle']>[0] & { requestId: number }) => {
    h.handle(cmd);
    const reply = posted.find((m) => m.kind === 'reply' && m.requestId === cmd.requestId);
    if (reply?.kind !== 'reply') throw new Error('no reply');
    return reply.body;
  };
  /** the UI's metrics: the snapshot's, plus every delta since */
  const metrics = (): MetricsView => {
    let start = 0;
    posted.forEach((m, i) => {
      if (m.kind === 'ready') start = i;
    });
    const ready = posted[start];
    let view = (ready.kind === 'ready' && ready.snapshot.metrics) || EMPTY_METRICS;
    for (const m of posted.slice(start + 1)) if (m.kind === 'delta') view = applyMetricsDelta(view, m.metrics);
    return view;
  };
  const hpa = (): HorizontalPodAutoscalerView | undefined => {
    let last: HorizontalPodAutoscalerView | undefined;
    for (const m of posted) {
      if (m.kind !== 'delta') continue;
      for (const c of m.changes) if (c.type === 'upsert' && c.view.kind === 'HorizontalPodAutoscaler') last = c.view;
    }
    return last;
  };
  return { h, posted, request, metrics, hpa, nextId: () => ++id };
}

describe('load and metrics through the worker', () => {
  it('refuses a load on a workload that does not exist', () => {
    const { request, nextId } = setup();
    expect(request({ kind: 'setLoad', requestId: nextId(), workload: { kind: 'Deployment', name: 'nope' }, rps: 10 })).toMatchObject({ kind: 'setLoad', ok: false });
  });

  it('a load raises the pods\' CPU and the HPA scales the Deployment up', () => {
    const { h, request, metrics, hpa, nextId } = setup();
    expect(request({ kind: 'apply', requestId: nextId(), yaml: WEB })).toMatchObject({ kind: 'apply', result: { ok: true } });
    expect(request({ kind: 'kubectl', requestId: nextId(), command: 'autoscale deployment web --cpu-percent=50 --min=1 --max=6' })).toMatchObject({ output: { exitCode: 0 } });
    h.handle({ kind: 'control', action: 'step', stepMs: 60_000 });
    const idle = metrics();
    const webPods = () => Object.entries(metrics().pods).filter(([k]) => k.startsWith('default/web-'));
    expect(webPods()).toHaveLength(1);
    expect(webPods()[0][1].cpuMillis).toBe(1);
    expect(idle.loads).toEqual([]);
    expect(hpa()).toMatchObject({ target: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 6, cpu: { targetUtilization: 50, currentUtilization: 1 }, targets: 'cpu: 1%/50%' });

    expect(request({ kind: 'setLoad', requestId: nextId(), workload: { kind: 'Deployment', name: 'web' }, rps: 60 })).toEqual({ kind: 'setLoad', ok: true, message: 'deployment/web: load set to 60 requests/s' });
    expect(metrics().loads).toEqual([{ workload: { kind: 'Deployment', namespace: 'default', name: 'web' }, rps: 60 }]);
    // one pod takes all 60 rps: 1m + 60 * 5m = 301m = 301% of its 100m request
    expect(webPods()[0][1].cpuMillis).toBe(301);
    for (let i = 0; i < 12; i++) h.handle({ kind: 'control', action: 'step', stepMs: 15_000 });
    const scaled = hpa()!;
    // desired = ceil(1 pod * 301% / 50%) = 7, limited to maxReplicas 6; then 10 rps a pod: 51m each, near the target
    expect(scaled.desiredReplicas).toBe(6);
    expect(scaled.conditions.find((c) => c.type === 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooManyReplicas' });
    expect(webPods().length).toBe(6);
  });

  it('relates an HPA and the workload it scales, both ways', () => {
    const { request, nextId } = setup();
    request({ kind: 'apply', requestId: nextId(), yaml: WEB });
    request({ kind: 'kubectl', requestId: nextId(), command: 'autoscale deployment web --max=3' });
    const related = (kind: string, name: string) => {
      const body = request({ kind: 'inspect', requestId: nextId(), ref: { kind, namespace: 'default', name } });
      return body.kind === 'inspect' ? body.result.related : [];
    };
    expect(related('Deployment', 'web')).toContainEqual({ relation: 'autoscaled by', ref: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespace: 'default', name: 'web' } });
    expect(related('HorizontalPodAutoscaler', 'web')).toEqual([{ relation: 'scales', ref: { kind: 'Deployment', namespace: 'default', name: 'web' } }]);
  });
});
