import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Deployment } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../../testing/test-cluster';
import { World } from '../../sim/world';
import { formatMilliQuantity, HPA_SYNC_PERIOD_MS } from './horizontal';

const web = (requests: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
${requests ? `        resources: {requests: {cpu: ${requests}}}\n` : ''}`;

const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 10
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]
`;

const hpa = (c: TestCluster, name = 'web') => c.world.getObject({ kind: 'HorizontalPodAutoscaler', namespace: 'default', name }) as unknown as HorizontalPodAutoscaler;
const replicas = (c: TestCluster) => (c.world.getObject({ kind: 'Deployment', namespace: 'default', name: 'web' }) as unknown as Deployment).spec?.replicas;
const condition = (c: TestCluster, type: string) => hpa(c).status?.conditions?.find((x) => x.type === type);

/** Step one sync period at a time until `done` holds; the simulated ms it took. */
function stepUntil(c: TestCluster, done: () => boolean, maxMs: number): number {
  const start = c.world.now();
  while (!done()) {
    if (c.world.now() - start > maxMs) throw new Error(`not reached within ${maxMs} ms`);
    c.step(HPA_SYNC_PERIOD_MS);
  }
  return c.world.now() - start;
}

function scenario(): TestCluster {
  const c = new TestCluster();
  c.applyOk(web('200m'));
  c.applyOk(HPA);
  c.settle();
  // two scrapes after the pods started, and a sync after that
  c.step(60_000);
  return c;
}

describe('HorizontalPodAutoscaler (World)', () => {
  it('idles at 0% of the request and keeps the replica count', () => {
    const c = scenario();
    expect(c.kubectl('get hpa')).toMatch(/^NAME {3}REFERENCE {8}TARGETS {7}MINPODS {3}MAXPODS {3}REPLICAS {3}AGE\nweb {4}Deployment\/web {3}cpu: 0%\/50% {3}1 {9}10 {8}2 {10}\d+s\n$/);
    expect(replicas(c)).toBe(2);
    expect(condition(c, 'ScalingActive')).toMatchObject({ status: 'True', reason: 'ValidMetricFound' });
  });

  it('scales up to ceil(current * utilization / target) within the sync periods, and down only after the 5-minute window', () => {
    const c = scenario();
    // 60 rps over 2 pods: 30 rps each = 1m + 150m of a 200m request -> 75%.
    expect(c.world.setLoad({ kind: 'Deployment', name: 'web' }, 60).ok).toBe(true);
    const upMs = stepUntil(c, () => replicas(c) !== 2, 60_000);
    expect(upMs).toBeLessThanOrEqual(2 * HPA_SYNC_PERIOD_MS);
    const measured = hpa(c).status!.currentMetrics![0].resource!.current.averageUtilization!;
    expect(measured).toBe(75);
    expect(replicas(c)).toBe(Math.ceil((2 * measured) / 50));
    const events = c.kubectl('get events --field-selector involvedObject.kind=HorizontalPodAutoscaler');
    expect(events).toContain('SuccessfulRescale');
    expect(events).toContain('New size: 3; reason: cpu resource utilization (percentage of request) above target');

    // 3 pods at 20 rps: 101m = 50%, on target: no further change.
    c.step(4 * HPA_SYNC_PERIOD_MS);
    expect(replicas(c)).toBe(3);
    expect(c.kubectl('get hpa')).toContain('cpu: 50%/50%');

    c.world.setLoad({ kind: 'Deployment', name: 'web' }, 0);
    c.step(4 * 60_000);
    expect(replicas(c)).toBe(3);
    expect(condition(c, 'AbleToScale')).toMatchObject({ status: 'True', reason: 'ScaleDownStabilized' });
    const downMs = 4 * 60_000 + stepUntil(c, () => replicas(c) !== 3, 3 * 60_000);
    expect(downMs).toBeGreaterThanOrEqual(5 * 60_000);
    expect(downMs).toBeLessThanOrEqual(5 * 60_000 + 2 * HPA_SYNC_PERIOD_MS);
    expect(replicas(c)).toBe(1);
    expect(condition(c, 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' });
    expect(c.kubectl('get events --field-selector involvedObject.kind=HorizontalPodAutoscaler')).toContain('New size: 1; reason: All metrics below target');
  });

  it('caps a scale-up at max(2 x current, 4) per sync and at maxReplicas', () => {
    const c = scenario();
    c.world.setLoad({ kind: 'Deployment', name: 'web' }, 1000);
    stepUntil(c, () => replicas(c) !== 2, 60_000);
    expect(replicas(c)).toBe(4);
    expect(condition(c, 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'ScaleUpLimit' });
    stepUntil(c, () => replicas(c) === 10, 3 * 60_000);
    c.step(2 * HPA_SYNC_PERIOD_MS);
    expect(replicas(c)).toBe(10);
    expect(condition(c, 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooManyReplicas' });
  });

  it('reports FailedGetResourceMetric when the pods have no cpu request', () => {
    const c = new TestCluster();
    c.applyOk(web(''));
    c.applyOk(HPA);
    c.settle();
    c.step(60_000);
    const active = condition(c, 'ScalingActive');
    expect(active).toMatchObject({ status: 'False', reason: 'FailedGetResourceMetric' });
    expect(active?.message).toMatch(/^the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container nginx of Pod web-[a-z0-9]+-[a-z0-9]{5}$/);
    const named = active!.message!.slice(active!.message!.lastIndexOf(' ') + 1);
    expect(c.pods({ app: 'web' }).map((p) => p.metadata.name)).toContain(named);
    expect(c.kubectl('get hpa')).toContain('cpu: <unknown>/50%');
    expect(replicas(c)).toBe(2);
    const describe = c.kubectl('describe hpa web');
    expect(describe).toContain('Metrics:                                               ( current / target )\n  resource cpu on pods  (as a percentage of request):  <unknown> / 50%\n');
    expect(describe).toContain('Deployment pods:                                       2 current / 0 desired\n');
    expect(describe).toMatch(/Warning {2}FailedGetResourceMetric {7}\S+ \(x\d over \d+s\) {2}horizontal-pod-autoscaler {2}failed to get cpu utilization: missing request for cpu in container nginx of Pod web-/);
    expect(describe).toMatch(/FailedComputeMetricsReplicas .*invalid metrics \(1 invalid out of 1\), first error is: failed to get cpu utilization: missing request/);
  });

  it('reports FailedGetScale for a missing target', () => {
    const c = new TestCluster();
    c.applyOk(HPA);
    c.settle();
    expect(condition(c, 'AbleToScale')).toMatchObject({
      status: 'False', reason: 'FailedGetScale',
      message: 'the HPA controller was unable to get the target\'s current scale: deployments.apps "web" not found',
    });
  });

  it('describes the HPA as kubectl does', () => {
    const c = scenario();
    const out = c.kubectl('describe hpa web');
    expect(out).toBe(`Name:                                                  web
Namespace:                                             default
Labels:                                                <none>
Annotations:                                           <none>
CreationTimestamp:                                     ${out.split('\n')[4].slice(55)}
Reference:                                             Deployment/web
Metrics:                                               ( current / target )
  resource cpu on pods  (as a percentage of request):  0% (1m) / 50%
Min replicas:                                          1
Max replicas:                                          10
Deployment pods:                                       2 current / 2 desired
Conditions:
  Type            Status  Reason               Message
  ----            ------  ------               -------
  AbleToScale     True    ScaleDownStabilized  recent recommendations were higher than current one, applying the highest recent recommendation
  ScalingActive   True    ValidMetricFound     the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)
  ScalingLimited  False   DesiredWithinRange   the desired count is within the acceptable range
${out.slice(out.indexOf('Events:'))}`);
    expect(out).toMatch(/CreationTimestamp: +\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000\n/);
  });

  it('serves autoscaling/v1 and stores it as v2', () => {
    const c = new TestCluster();
    c.applyOk(web('200m'));
    const r = c.applyOk(`apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 4
  targetCPUUtilizationPercentage: 70
`);
    expect(r.documents[0].message).toBe('horizontalpodautoscaler.autoscaling/web created');
    const h = hpa(c);
    expect(h.apiVersion).toBe('autoscaling/v2');
    expect(h.spec!.minReplicas).toBe(1);
    expect(h.spec!.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
  });

  it('defaults an HPA without metrics to 80% cpu, and fills in behavior rules', () => {
    const c = new TestCluster();
    c.applyOk(`apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 4
  behavior: {scaleDown: {stabilizationWindowSeconds: 60}}
`);
    const spec = hpa(c).spec!;
    expect(spec.metrics![0].resource!.target.averageUtilization).toBe(80);
    expect(spec.behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
  });

  it.each([
    ['minReplicas > maxReplicas', 'minReplicas: 5\n  maxReplicas: 2', 'The HorizontalPodAutoscaler "web" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`'],
    ['minReplicas 0', 'minReplicas: 0\n  maxReplicas: 2', 'The HorizontalPodAutoscaler "web" is invalid: spec.minReplicas: Invalid value: 0: must be greater than or equal to 1'],
    ['a utilization of 0', 'maxReplicas: 2\n  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 0}}}]',
      'The HorizontalPodAutoscaler "web" is invalid: spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0'],
  ])('rejects %s with the API server\'s message', (_n, fields, message) => {
    const c = new TestCluster();
    const r = c.apply(`apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  ${fields}
`);
    expect(r.ok).toBe(false);
    expect(r.documents[0].message).toContain(message);
  });

  it('a restored snapshot continues identically', () => {
    const c = scenario();
    c.world.setLoad({ kind: 'Deployment', name: 'web' }, 200);
    c.step(20_000);
    const copy = World.restore(c.world.snapshot());
    c.step(120_000);
    copy.step(120_000);
    expect(copy.kubectl('get hpa').stdout).toBe(c.kubectl('get hpa'));
    expect(copy.load({ kind: 'Deployment', name: 'web' })).toBe(200);
    expect(JSON.stringify(copy.getObject({ kind: 'HorizontalPodAutoscaler', namespace: 'default', name: 'web' }))).toBe(JSON.stringify(hpa(c)));
  });
});

describe('kubectl autoscale', () => {
  it('creates an autoscaling/v2 HPA for a Deployment', () => {
    const c = new TestCluster();
    c.applyOk(web('200m'));
    expect(c.kubectl('autoscale deployment web --cpu-percent=50 --min=1 --max=10')).toBe('horizontalpodautoscaler.autoscaling/web autoscaled\n');
    expect(hpa(c).spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
    });
    expect(c.kubectl('autoscale deploy/web --max=3')).toBe('Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling "web" already exists\n');
  });

  it.each([
    ['deployment web --min=1', 'error: --max=MAXPODS is required and must be at least 1, max: -1\n'],
    ['deployment web --min=5 --max=2', 'error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 2, min: 5\n'],
    ['deployment nope --max=2', 'Error from server (NotFound): deployments.apps "nope" not found\n'],
  ])('autoscale %s', (args, out) => {
    const c = new TestCluster();
    c.applyOk(web('200m'));
    expect(c.kubectl(`autoscale ${args}`)).toBe(out);
  });

  it('--memory with a quantity targets an average value', () => {
    const c = new TestCluster();
    c.applyOk(web('200m'));
    c.kubectl('autoscale deployment web --max=5 --memory=100Mi --name=mem');
    expect(hpa(c, 'mem').spec!.metrics).toEqual([{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } }]);
  });
});

describe('formatMilliQuantity', () => {
  it.each([[1, '1m'], [250, '250m'], [1000, '1'], [10_485_760_000, '10485760'], [2_000_000_000, '2M'], [0, '0']])('%d -> %s', (m, s) => {
    expect(formatMilliQuantity(m)).toBe(s);
  });
});
