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

const podOn = (name: string, node: string, image = 'nginx:1.27') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  nodeName: ${node}
  containers:
  - name: c
    image: ${image}
`;

describe('kubelet: sandbox, IPAM, images, termination', () => {
  it('creates the pause sandbox and its network before any container starts', () => {
    const c = new TestCluster();
    const statuses = statusesOf(c, 'a');
    c.applyOk(podOn('a', 'node-1'));
    c.settle();
    const sandboxAt = statuses.findIndex((s) => s.conditions?.some((x) => x.type === 'PodReadyToStartContainers' && x.status === 'True'));
    const runningAt = statuses.findIndex((s) => s.containerStatuses?.[0]?.state?.running);
    expect(sandboxAt).toBeGreaterThanOrEqual(0);
    expect(statuses[sandboxAt].podIP).toBeDefined();
    expect(statuses[sandboxAt].containerStatuses?.[0]?.state?.waiting?.reason).toBe('ContainerCreating');
    expect(runningAt).toBeGreaterThan(sandboxAt);
  });

  it('hands out pod IPs from the node podCIDR like host-local: .1 is the bridge, then round-robin after the last reserved', () => {
    // An empty node: a CoreDNS pod placed on node-2 would take its first address.
    const c = new TestCluster({ coreDNS: false });
    c.applyOk(podOn('a', 'node-2') + '---\n' + podOn('b', 'node-2'));
    c.settle();
    const cidr = c.world.getObject({ kind: 'Node', name: 'node-2' })!.spec as { podCIDR: string };
    const prefix = cidr.podCIDR.replace(/\.0\/24$/, '.');
    expect([c.pod('a').status?.podIP, c.pod('b').status?.podIP].sort()).toEqual([`${prefix}2`, `${prefix}3`]);
    c.world.deleteObject({ kind: 'Pod', namespace: 'default', name: 'a' });
    c.settle();
    c.applyOk(podOn('c', 'node-2'));
    c.settle();
    // A freed address is not reused at once (so two pods seen in a row never share an IP).
    expect(c.pod('c').status?.podIP).toBe(`${prefix}4`);
  });

  it('pulls an image once per node: the second pod finds it already present', () => {
    const c = new TestCluster();
    c.applyOk(podOn('a', 'node-1', 'redis:7'));
    c.settle();
    c.applyOk(podOn('b', 'node-1', 'redis:7') + '---\n' + podOn('d', 'node-3', 'redis:7'));
    c.settle();
    const reasons = (name: string) => eventsFor(c, name).map((e) => `${e.reason}: ${e.message}`);
    expect(reasons('a')).toContainEqual(expect.stringMatching(/^Pulled: Successfully pulled image "redis:7" in [\d.]+s \([\d.]+s including waiting\)\. Image size: \d+ bytes\.$/));
    expect(reasons('b')).toContain('Pulled: Container image "redis:7" already present on machine and can be accessed by the pod');
    expect(reasons('b').some((r) => r.startsWith('Pulling'))).toBe(false);
    expect(reasons('d')).toContain('Pulling: Pulling image "redis:7"'); // another node has its own image store
  });

  it('stops the containers of a deleted pod (Killing), then removes the object and frees its IP', () => {
    const c = new TestCluster();
    c.applyOk(podOn('a', 'node-1'));
    c.settle();
    c.world.deleteObject({ kind: 'Pod', namespace: 'default', name: 'a' });
    c.step(150);
    expect(c.pod('a').metadata?.deletionTimestamp).toBeDefined();
    expect(c.kubectl('get pod a --no-headers')).toMatch(/Terminating/);
    c.settle();
    expect(c.world.getObject({ kind: 'Pod', namespace: 'default', name: 'a' })).toBeUndefined();
    expect(eventsFor(c, 'a').map((e) => `${e.reason}: ${e.message}`)).toContain('Killing: Stopping container c');
  });
});
