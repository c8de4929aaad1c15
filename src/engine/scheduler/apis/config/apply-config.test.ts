// Applying a KubeSchedulerConfiguration through the World (the editor's and kubectl's path).
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../../../testing/test-cluster';
import { World } from '../../../sim/world';

const deployment = (name: string, replicas: number, schedulerName?: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      ${schedulerName ? `schedulerName: ${schedulerName}` : ''}
      containers:
      - name: c
        image: nginx:1.27
        resources: {requests: {cpu: 200m, memory: 128Mi}}
`;

// Bin packing: MostAllocated, and no score plugin that prefers spreading.
const BIN_PACKING = `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- schedulerName: default-scheduler
  plugins:
    score:
      disabled: [{name: NodeResourcesBalancedAllocation}, {name: PodTopologySpread}]
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy: {type: MostAllocated}
- schedulerName: by-hand
`;

function nodesOf(c: TestCluster, app: string): Set<string> {
  return new Set(c.pods({ app }).map((p) => p.spec?.nodeName ?? ''));
}

describe('applying a KubeSchedulerConfiguration', () => {
  it('LeastAllocated (the default) spreads, MostAllocated packs the same Deployment onto one node', () => {
    const spread = new TestCluster();
    spread.applyOk(deployment('web', 3));
    spread.settle();
    expect(nodesOf(spread, 'web').size).toBe(3);

    const packed = new TestCluster();
    const r = packed.applyOk(BIN_PACKING);
    expect(r.documents[0].message).toBe('kube-scheduler restarted with this KubeSchedulerConfiguration (profiles: default-scheduler, by-hand)');
    packed.applyOk(deployment('web', 3));
    packed.settle();
    expect(nodesOf(packed, 'web').size).toBe(1);
    const attempt = packed.world.schedulingAttempts().at(-1)!;
    const detail = packed.world.schedulingAttempt(attempt.id)!;
    expect(detail.scorePlugins).not.toContain('NodeResourcesBalancedAllocation');
  });

  it('a second profile schedules the pods that name it, with its own events source', () => {
    const c = new TestCluster();
    c.applyOk(deployment('manual', 1, 'by-hand'));
    c.settle();
    expect(c.pods({ app: 'manual' })[0].spec?.nodeName).toBeUndefined();
    c.applyOk(BIN_PACKING);
    c.settle();
    const pod = c.pods({ app: 'manual' })[0];
    expect(pod.spec?.nodeName).toMatch(/^node-/);
    expect(c.kubectl(`describe pod ${pod.metadata.name}`)).toMatch(/Normal\s+Scheduled\s+\S+\s+by-hand\s+Successfully assigned/);
  });

  it('rejects an invalid configuration with field errors and keeps the running one', () => {
    const c = new TestCluster();
    c.applyOk(BIN_PACKING);
    const r = c.apply(`apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- plugins:
    score:
      enabled: [{name: NoSuchPlugin}]
`);
    expect(r.ok).toBe(false);
    expect(r.documents[0].message).toContain('profiles[0].plugins.score.enabled[0]: Invalid value: "NoSuchPlugin": plugin "NoSuchPlugin" does not exist');
    expect(c.world.schedulerConfiguration().profiles.map((p) => p.schedulerName)).toEqual(['default-scheduler', 'by-hand']);
  });

  it('survives snapshot and restore', () => {
    const c = new TestCluster();
    c.applyOk(BIN_PACKING);
    const restored = World.restore(JSON.parse(JSON.stringify(c.world.snapshot())));
    expect(restored.schedulerConfiguration()).toEqual(c.world.schedulerConfiguration());
  });
});
