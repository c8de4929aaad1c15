import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../engine/index';
import type { NodeView, PodView, ServiceView } from './protocol';
import { bridgeAddress, formatServicePorts, horizontalPodAutoscalerView, podRequests, podView, ViewTracker } from './views';

const EPOCH = Date.parse('2025-01-01T00:00:00Z');
const at = (ms: number) => new Date(EPOCH + ms).toISOString();

let rv = 100;
function node(name: string, cpu = '2', memory = '4Gi'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, resourceVersion: String(++rv), labels: { 'kubernetes.io/hostname': name } },
    spec: { podCIDR: '10.244.1.0/24' },
    status: {
      addresses: [{ type: 'InternalIP', address: '192.168.49.3' }],
      allocatable: { cpu, memory, pods: '110' },
      conditions: [{ type: 'Ready', status: 'True' }],
      nodeInfo: { kubeletVersion: 'v1.35.0' },
    },
  };
}

function pod(name: string, opts: { node?: string; cpu?: string; phase?: string; initCpu?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: String(++rv), creationTimestamp: at(5000) },
    spec: {
      ...(opts.node ? { nodeName: opts.node } : {}),
      ...(opts.initCpu ? { initContainers: [{ name: 'init', image: 'busybox', resources: { requests: { cpu: opts.initCpu } } }] } : {}),
      containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: opts.cpu ?? '100m', memory: '64Mi' } } }],
    },
    status: { phase: opts.phase ?? 'Pending' },
  };
}

function slice(name: string, service: string, endpoints: Array<{ ip: string; ready?: boolean; pod?: string }>): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: 'default', resourceVersion: String(++rv), labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      ...(e.ready === undefined ? {} : { conditions: { ready: e.ready } }),
      ...(e.pod ? { targetRef: { kind: 'Pod', namespace: 'default', name: e.pod } } : {}),
    })),
  };
}

const service: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default', resourceVersion: '50' },
  spec: { type: 'NodePort', clusterIP: '10.96.0.10', selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] },
};

describe('pure view helpers', () => {
  it.each([
    ['10.244.1.0/24', '10.244.1.1/24'],
    ['10.244.0.0/24', '10.244.0.1/24'],
    ['10.0.255.255/16', '10.1.0.0/16'],
    [undefined, ''],
  ])('the bridge address of %s is %s', (cidr, want) => {
    expect(bridgeAddress(cidr)).toBe(want);
  });

  it('counts the largest init container when it exceeds the sum of app containers', () => {
    const p = pod('p', { cpu: '200m', initCpu: '500m' }) as never;
    expect(podRequests(p)).toEqual({ cpuMillis: 500, memoryBytes: 64 * 2 ** 20 });
  });

  it('prints service ports as the PORT(S) column does', () => {
    expect(formatServicePorts(service as never)).toBe('80:30080/TCP');
    expect(formatServicePorts({ spec: { ports: [{ port: 53, protocol: 'UDP' }, { port: 53 }] } })).toBe('53/UDP,53/TCP');
  });

  it('lists the pause sandbox first, then init, then app containers', () => {
    const v = podView(pod('p', { initCpu: '10m' }) as never, EPOCH);
    expect(v.containers.map((c) => `${c.type}:${c.name}`)).toEqual(['sandbox:pause', 'init:init', 'app:app']);
    expect(v.creationMs).toBe(5000);
    expect(v.status).toBe('Pending');
    expect(v.ready).toBe('0/1');
  });
});

describe('ViewTracker', () => {
  it('sums the requests of the non-terminal pods bound to a node', () => {
    const t = new ViewTracker(EPOCH);
    t.observe({ type: 'ADDED', object: node('node-1') });
    const bound = t.observe({ type: 'ADDED', object: pod('a', { node: 'node-1', cpu: '250m' }) });
    expect(bound.changes.map((c) => [c.change.type, c.created])).toEqual([['upsert', true], ['upsert', false]]);
    t.observe({ type: 'ADDED', object: pod('b', { node: 'node-1', cpu: '500m' }) });
    t.observe({ type: 'ADDED', object: pod('c', { node: 'node-1', cpu: '1', phase: 'Succeeded' }) });
    const n = t.getView('Node', 'node-1') as NodeView;
    expect(n.requested).toEqual({ cpuMillis: 750, memoryBytes: 128 * 2 ** 20, pods: 2 });
    expect(n.allocatable).toEqual({ cpuMillis: 2000, memoryBytes: 4 * 2 ** 30, pods: 110 });
    expect(n.bridgeIP).toBe('10.244.1.1/24');

    const gone = t.observe({ type: 'DELETED', object: pod('b', { node: 'node-1' }) });
    expect(gone.changes.map((c) => c.change.type)).toEqual(['delete', 'upsert']);
    expect((t.getView('Node', 'node-1') as NodeView).requested.cpuMillis).toBe(250);
  });

  it("keeps a node's stopped flag across later watch records, and emits a change only when it flips", () => {
    const t = new ViewTracker(EPOCH);
    t.observe({ type: 'ADDED', object: node('node-1') });
    expect((t.getView('Node', 'node-1') as NodeView).stopped).toBe(false);
    expect(t.setNodeStopped('node-1', true).map((c) => (c.change.type === 'upsert' ? c.change.view : undefined))).toMatchObject([{ kind: 'Node', stopped: true }]);
    expect(t.setNodeStopped('node-1', true)).toEqual([]);
    t.observe({ type: 'MODIFIED', object: node('node-1') });
    expect((t.getView('Node', 'node-1') as NodeView).stopped).toBe(true);
    t.setNodeStopped('node-1', false);
    expect((t.getView('Node', 'node-1') as NodeView).stopped).toBe(false);
  });

  it('shows a DaemonSet with its desired, ready and updated counts, and removes it when deleted', () => {
    const t = new ViewTracker(EPOCH);
    const ds = {
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'kube-system', resourceVersion: '7' },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, numberMisscheduled: 0, updatedNumberScheduled: 3 },
    } as unknown as KubeObject;
    t.observe({ type: 'ADDED', object: ds });
    expect(t.getView('DaemonSet', 'kube-system/agent')).toEqual({
      kind: 'DaemonSet', key: 'kube-system/agent', namespace: 'kube-system', name: 'agent', desired: 3, ready: 2, updated: 3, rv: '7',
    });
    const gone = t.observe({ type: 'DELETED', object: ds });
    expect(gone.changes.map((c) => c.change.type)).toEqual(['delete']);
    expect(t.getView('DaemonSet', 'kube-system/agent')).toBeUndefined();
  });

  it('shows a StatefulSet with its replicas, ready and updated counts, and removes it when deleted', () => {
    const t = new ViewTracker(EPOCH);
    const sts = {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default', resourceVersion: '9' },
      spec: { replicas: 3, serviceName: 'nginx' },
      status: { replicas: 2, readyReplicas: 1, updatedReplicas: 2, availableReplicas: 1 },
    } as unknown as KubeObject;
    t.observe({ type: 'ADDED', object: sts });
    expect(t.getView('StatefulSet', 'default/web')).toEqual({
      kind: 'StatefulSet', key: 'default/web', namespace: 'default', name: 'web', replicas: 3, ready: 1, updated: 2, rv: '9',
    });
    const gone = t.observe({ type: 'DELETED', object: sts });
    expect(gone.changes.map((c) => c.change.type)).toEqual(['delete']);
    expect(t.getView('StatefulSet', 'default/web')).toBeUndefined();
  });

  it('counts pods bound before their node appears once the node arrives', () => {
    const t = new ViewTracker(EPOCH);
    t.observe({ type: 'ADDED', object: pod('a', { node: 'node-2', cpu: '300m' }) });
    t.observe({ type: 'ADDED', object: node('node-2') });
    expect((t.getView('Node', 'node-2') as NodeView).requested.cpuMillis).toBe(300);
  });

  it('does not re-send a node when a pod change leaves its requests unchanged', () => {
    const t = new ViewTracker(EPOCH);
    t.observe({ type: 'ADDED', object: node('node-1') });
    t.observe({ type: 'ADDED', object: pod('a', { node: 'node-1' }) });
    const running = t.observe({ type: 'MODIFIED', object: pod('a', { node: 'node-1', phase: 'Running' }) });
    expect(running.changes.map((c) => c.change.type === 'upsert' && c.change.view.kind)).toEqual(['Pod']);
    expect((t.getView('Pod', 'default/a') as PodView).phase).toBe('Running');
  });

  it('merges endpoints from every slice of a service and follows slice deletion', () => {
    const t = new ViewTracker(EPOCH);
    t.observe({ type: 'ADDED', object: service });
    t.observe({ type: 'ADDED', object: slice('web-abc', 'web', [{ ip: '10.244.1.5', ready: true, pod: 'a' }]) });
    t.observe({ type: 'ADDED', object: slice('web-def', 'web', [{ ip: '10.244.2.3', ready: false, pod: 'b' }, { ip: '10.244.1.2' }]) });
    const svc = t.getView('Service', 'default/web') as ServiceView;
    expect(svc.endpoints).toEqual([
      { ip: '10.244.1.2', ready: true },
      { ip: '10.244.1.5', ready: true, podKey: 'default/a' },
      { ip: '10.244.2.3', ready: false, podKey: 'default/b' },
    ]);
    expect(svc.ports).toBe('80:30080/TCP');

    t.observe({ type: 'DELETED', object: slice('web-def', 'web', []) });
    expect((t.getView('Service', 'default/web') as ServiceView).endpoints.map((e) => e.ip)).toEqual(['10.244.1.5']);
  });

  it('turns Event objects into event views and ignores their deletion', () => {
    const t = new ViewTracker(EPOCH);
    const ev: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'a.1', namespace: 'default' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'a' },
      reason: 'Scheduled',
      message: 'Successfully assigned default/a to node-1',
      type: 'Normal',
      source: { component: 'default-scheduler' },
      count: 1,
      lastTimestamp: at(2000),
    };
    expect(t.observe({ type: 'ADDED', object: ev }).events).toEqual([
      { id: 'default/a.1', type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/a to node-1', involved: { kind: 'Pod', namespace: 'default', name: 'a' }, source: 'default-scheduler', count: 1, lastMs: 2000 },
    ]);
    expect(t.observe({ type: 'DELETED', object: ev }).events).toEqual([]);
    expect(t.allEvents()).toHaveLength(1);
  });
});

describe('HorizontalPodAutoscaler view', () => {
  const hpa = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default', resourceVersion: '77' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 1,
      maxReplicas: 6,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
    },
    status: {
      currentReplicas: 2,
      desiredReplicas: 5,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 120, averageValue: '120m' } } }],
      conditions: [{ type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' }],
    },
  };

  it('carries the target, replicas, the TARGETS column and the conditions', () => {
    expect(horizontalPodAutoscalerView(hpa as never)).toEqual({
      kind: 'HorizontalPodAutoscaler', key: 'default/web', namespace: 'default', name: 'web', rv: '77',
      target: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 6, currentReplicas: 2, desiredReplicas: 5,
      targets: 'cpu: 120%/50%', cpu: { targetUtilization: 50, currentUtilization: 120 },
      conditions: [{ type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' }],
    });
  });

  it('has no current utilisation before the first measurement, and goes away with the object', () => {
    const fresh = { ...hpa, status: { currentReplicas: 0, desiredReplicas: 0 } };
    expect(horizontalPodAutoscalerView(fresh as never)).toMatchObject({ targets: 'cpu: <unknown>/50%', cpu: { targetUtilization: 50 }, conditions: [] });
    expect(horizontalPodAutoscalerView(fresh as never).cpu).not.toHaveProperty('currentUtilization');
    const tracker = new ViewTracker(EPOCH);
    expect(tracker.observe({ type: 'ADDED', object: hpa as never }).changes).toMatchObject([{ created: true, change: { type: 'upsert', view: { kind: 'HorizontalPodAutoscaler' } } }]);
    expect(tracker.observe({ type: 'DELETED', object: hpa as never }).changes).toEqual([
      { created: false, change: { type: 'delete', kind: 'HorizontalPodAutoscaler', key: 'default/web', rv: '77' } },
    ]);
  });
});
