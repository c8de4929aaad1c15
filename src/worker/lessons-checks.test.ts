import { describe, expect, it } from 'vitest';
import { World } from '../engine/index';
import type { LessonCheck } from '../engine/api/lesson';
import { conditionHolds, evaluateCheck, fieldValues } from './lessons-checks';

const pod = {
  metadata: { name: 'web-1', labels: { app: 'web', 'app.kubernetes.io/name': 'web' } },
  spec: { containers: [{ name: 'a', image: 'nginx:1.27' }, { name: 'b', image: 'busybox' }], taints: [] },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }], restarts: 2 },
};

describe('fieldValues and conditionHolds', () => {
  it.each([
    ['status.phase', ['Running']],
    ['spec.containers[1].image', ['busybox']],
    ['spec.containers[*].name', ['a', 'b']],
    ["metadata.labels['app.kubernetes.io/name']", ['web']],
    ['status.conditions[type=Ready].status', ['True']],
    ['status.missing', []],
    ['spec.containers[5].image', []],
  ])('%s yields %j', (path, values) => {
    expect(fieldValues(pod, path)).toEqual(values);
  });

  it.each([
    [{ path: 'status.phase', equals: 'Running' }, true],
    [{ path: 'status.phase', notEquals: 'Running' }, false],
    [{ path: 'spec.containers[*].image', equals: 'busybox' }, true],
    [{ path: 'spec.containers[*].image', notEquals: 'busybox' }, false],
    [{ path: 'status.missing', exists: false }, true],
    [{ path: 'metadata.name', matches: '^web-\\d$' }, true],
    [{ path: 'status.phase', in: ['Pending', 'Running'] }, true],
    [{ path: 'status.restarts', gte: 3 }, false],
    [{ path: 'status.restarts', equals: '2' }, true],
  ])('%j holds: %s', (cond, holds) => {
    expect(conditionHolds(pod, cond)).toBe(holds);
  });
});

describe('evaluateCheck on a live World', () => {
  const world = World.create({ seed: 1, workerNodes: 2 });
  world.settle();
  world.apply(`apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: nginx, image: "nginx:1.27" }] }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Pod
metadata: { name: client }
spec: { containers: [{ name: c, image: "busybox:1.36", command: [sleep, infinity] }] }
`);
  world.settle();
  const label = { en: 'x', zh: 'x' };

  it.each<[string, LessonCheck, boolean]>([
    ['2 Running web pods on 2 nodes', { label, objects: { kind: 'Pod', selector: 'app=web', where: [{ path: 'status.phase', equals: 'Running' }] }, count: 2, distinct: { path: 'spec.nodeName', count: 2 } }, true],
    ['3 web pods', { label, objects: { kind: 'Pod', selector: 'app=web' }, count: 3 }, false],
    ['a bad selector', { label, objects: { kind: 'Pod', selector: 'app in (' } }, false],
    ['all pods on node-1', { label, objects: { kind: 'Pod', selector: 'app=web' }, all: [{ path: 'spec.nodeName', equals: 'node-1' }] }, false],
    ['kubectl output contains Running', { label, kubectl: 'get pods -l app=web', contains: 'Running' }, true],
    ['kubectl output matches 2/2', { label, kubectl: 'get deployment web', matches: 'web\\s+2/2' }, true],
    ['a kubectl command that fails, exit code 0 wanted', { label, kubectl: 'get pod nope', exitCode: 0 }, false],
    ['a Scheduled event', { label, event: { reason: 'Scheduled', kind: 'Pod', namePrefix: 'web-' }, count: { min: 2 } }, true],
    ['a trace to the Service served by app=web', { label, trace: { from: 'pod/client', to: 'web', port: 80 }, outcome: 'delivered', servedBySelector: 'app=web' }, true],
    ['a trace from a pod that does not exist', { label, trace: { from: 'pod/nobody', to: 'web', port: 80 }, outcome: 'delivered' }, false],
    ['a trace from a selector', { label, trace: { from: 'pod:app=web', to: 'web', port: 80 }, outcome: 'delivered' }, true],
    ['a node shell route to cni0', { label, nodeShell: { node: 'node-1', command: 'ip route' }, contains: 'dev cni0' }, true],
    ['a node shell without tunl0 (flannel, not Calico IPIP)', { label, nodeShell: { node: 'node-1', command: 'ip route' }, notContains: 'tunl0' }, true],
    ['a node shell match that is not there', { label, nodeShell: { node: 'node-1', command: 'ip route' }, matches: 'proto bird' }, false],
  ])('%s', (_name, check, passed) => {
    const r = evaluateCheck(world, check);
    expect(r.passed, r.detail).toBe(passed);
    expect(r.detail.length).toBeGreaterThan(0);
  });

  it('trace crosses / notCrosses look at the walk: VXLAN between nodes, never a wire on the same node', () => {
    const pods = world.list('Pod', 'default').filter((p) => p.metadata?.labels?.app === 'web');
    const remote = pods.find((p) => (p.spec as { nodeName?: string }).nodeName !== 'node-1')!;
    const local = pods.find((p) => (p.spec as { nodeName?: string }).nodeName === 'node-1');
    const podIP = (p: typeof remote) => (p.status as { podIP: string }).podIP;
    const viaTunnel: LessonCheck = { label, trace: { from: 'node/node-1', to: podIP(remote), port: 80 }, outcome: 'delivered', crosses: ['encap:vxlan', 'wire'] };
    expect(evaluateCheck(world, viaTunnel).passed).toBe(true);
    const viaIpip: LessonCheck = { label, trace: { from: 'node/node-1', to: podIP(remote), port: 80 }, outcome: 'delivered', crosses: ['encap:ipip'] };
    const r = evaluateCheck(world, viaIpip);
    expect(r.passed).toBe(false);
    expect(r.detail).toContain('the walk has no encap:ipip');
    if (local) {
      const stays: LessonCheck = { label, trace: { from: 'node/node-1', to: podIP(local), port: 80 }, outcome: 'delivered', notCrosses: ['wire', 'encap:vxlan'] };
      expect(evaluateCheck(world, stays).passed).toBe(true);
    }
  });

  it('excludes pods being deleted unless asked', () => {
    const name = world.list('Pod').find((p) => p.metadata?.labels?.app === 'web')!.metadata!.name!;
    world.stopNode('node-1');
    world.stopNode('node-2');
    world.kubectl(`delete pod ${name}`);
    world.step(1000);
    const live = evaluateCheck(world, { label, objects: { kind: 'Pod', name }, count: 0 });
    const all = evaluateCheck(world, { label, objects: { kind: 'Pod', name, includeDeleting: true }, count: 1 });
    expect(live.passed, live.detail).toBe(true);
    expect(all.passed, all.detail).toBe(true);
  });
});
