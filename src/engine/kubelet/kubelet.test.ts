import { describe, expect, it } from 'vitest';
import type { ContainerStatus, Pod, PodStatus } from 'kubernetes-types/core/v1';
import type { CoreEvent } from '../client/record';
import { TestCluster } from '../testing/test-cluster';

const INIT_POD = `apiVersion: v1
kind: Pod
metadata: {name: lifecycle-init}
spec:
  initContainers:
  - name: setup
    image: busybox:1.36
  containers:
  - name: app
    image: nginx:1.27
`;

/** Every status the kubelets wrote for pod `name`, in order. */
function statusesOf(c: TestCluster, name: string): PodStatus[] {
  const out: PodStatus[] = [];
  c.world.onWatch((rec) => {
    if (rec.resource === 'pods' && rec.object.metadata.name === name && rec.writer.startsWith('kubelet/')) out.push((rec.object as Pod).status!);
  });
  return out;
}

function eventsFor(c: TestCluster, name: string): CoreEvent[] {
  return (c.world.list('Event', 'default') as CoreEvent[]).filter((e) => e.involvedObject.name === name);
}

describe('kubelet pod status (status_manager, convertToAPIContainerStatuses)', () => {
  it('reports app containers waiting as PodInitializing for the whole start of a pod with init containers', () => {
    const c = new TestCluster();
    const seen = statusesOf(c, 'lifecycle-init');
    c.applyOk(INIT_POD);
    c.settle();
    const appWaiting = seen.flatMap((s) => s.containerStatuses ?? []).flatMap((cs) => (cs.state?.waiting ? [cs.state.waiting.reason] : []));
    expect(appWaiting.length).toBeGreaterThan(0);
    expect(new Set(appWaiting)).toEqual(new Set(['PodInitializing']));
    // The init container itself waits with the same default reason before it starts.
    const initWaiting = seen.flatMap((s) => s.initContainerStatuses ?? []).flatMap((cs) => (cs.state?.waiting ? [cs.state.waiting.reason] : []));
    expect(new Set(initWaiting)).toEqual(new Set(['PodInitializing']));
    // Init:0/1, then PodInitializing (the init container is done, the app container not started), then Running.
    expect(seen.some((s) => s.initContainerStatuses?.[0].state?.terminated && s.containerStatuses?.[0].state?.waiting?.reason === 'PodInitializing')).toBe(true);
  });

  it('marks a completed init container ready and not started, as the prober manager does', () => {
    const c = new TestCluster();
    c.applyOk(INIT_POD);
    c.settle();
    const status = c.pod('lifecycle-init').status!;
    expect(status.phase).toBe('Running');
    expect(status.initContainerStatuses?.[0]).toMatchObject({
      name: 'setup', ready: true, started: false, restartCount: 0, lastState: {},
      state: { terminated: { exitCode: 0, reason: 'Completed' } },
    });
    expect(status.containerStatuses?.[0]).toMatchObject({ name: 'app', ready: true, started: true, lastState: {} });
  });

  it('writes lastState: {} on every container status, and the runtime image name once a container exists', () => {
    const c = new TestCluster();
    const seen = statusesOf(c, 'web');
    c.applyOk('apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - {name: nginx, image: "nginx:1.27"}\n');
    c.settle();
    const all: ContainerStatus[] = seen.flatMap((s) => s.containerStatuses ?? []);
    expect(all.length).toBeGreaterThan(1);
    for (const cs of all) expect(cs.lastState).toEqual({});
    const waiting = all.find((cs) => cs.state?.waiting)!;
    expect(waiting).toMatchObject({ image: 'nginx:1.27', imageID: '', ready: false, started: false, state: { waiting: { reason: 'ContainerCreating' } } });
    const running = c.pod('web').status!.containerStatuses![0];
    expect(running.image).toBe('docker.io/library/nginx:1.27');
    expect(running.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
  });
});

describe('kubelet events', () => {
  it('prints the pull time as Go prints a time.Duration', () => {
    const c = new TestCluster();
    c.applyOk('apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - {name: nginx, image: "nginx:1.27"}\n');
    c.settle();
    const pulled = eventsFor(c, 'web').find((e) => e.reason === 'Pulled')!;
    const m = /^Successfully pulled image "nginx:1\.27" in (\S+) \((\S+) including waiting\)\. Image size: \d+ bytes\.$/.exec(pulled.message);
    expect(m).not.toBeNull();
    expect(m![1]).toMatch(/^(\d+m)?\d+(\.\d*[1-9])?s$/);
    expect(m![2]).toBe(m![1]);
  });

  it('rejects a pod that does not fit the node with OutOfcpu: the event has the predicate message, the status prefixes "Pod was rejected: "', () => {
    const c = new TestCluster();
    c.applyOk(`apiVersion: v1
kind: Pod
metadata: {name: big}
spec:
  nodeName: node-1
  containers:
  - name: c
    image: busybox:1.36
    resources: {requests: {cpu: "3"}}
`);
    c.settle();
    const detail = "Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000";
    expect(c.pod('big').status).toMatchObject({ phase: 'Failed', reason: 'OutOfcpu', message: `Pod was rejected: ${detail}` });
    expect(eventsFor(c, 'big').find((e) => e.reason === 'OutOfcpu')).toMatchObject({ type: 'Warning', message: detail, source: { component: 'kubelet', host: 'node-1' } });
  });
});
