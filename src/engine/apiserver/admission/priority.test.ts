import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import { TestCluster } from '../../testing/test-cluster';
import type { PriorityClassObject } from '../registry/priorityclass';
import { admitPod, getDefaultPriorityClass, type PriorityClassLister } from './priority';

const pod = (name: string, spec: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  containers: [{name: c, image: nginx}]
${spec}`;
const pc = (name: string, rest: string) => `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: ${name}}
${rest}`;

function specOf(c: TestCluster, name: string): Pod['spec'] {
  return (c.world.getObject({ kind: 'Pod', namespace: 'default', name }) as Pod & KubeObject).spec;
}

function lister(classes: PriorityClassObject[]): PriorityClassLister {
  return { list: () => classes, get: (name) => classes.find((c) => c.metadata.name === name) };
}
const klass = (name: string, value: number, extra: Partial<PriorityClassObject> = {}): PriorityClassObject =>
  ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, preemptionPolicy: 'PreemptLowerPriority', ...extra });

describe('Priority admission on pod create', () => {
  it('gives a pod without a class priority 0 and PreemptLowerPriority', () => {
    const c = new TestCluster();
    c.applyOk(pod('plain', ''));
    expect(specOf(c, 'plain')).toMatchObject({ priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
    expect(specOf(c, 'plain')).not.toHaveProperty('priorityClassName');
  });

  it("resolves priorityClassName to the class's value and preemption policy", () => {
    const c = new TestCluster();
    c.applyOk(pc('batch', 'value: 1000\npreemptionPolicy: Never\n'));
    c.applyOk(pod('job', '  priorityClassName: batch\n'));
    expect(specOf(c, 'job')).toMatchObject({ priorityClassName: 'batch', priority: 1000, preemptionPolicy: 'Never' });
  });

  it('resolves the built-in system classes', () => {
    const c = new TestCluster();
    c.applyOk(pod('critical', '  priorityClassName: system-node-critical\n'));
    expect(specOf(c, 'critical')?.priority).toBe(2000001000);
  });

  it('uses the globalDefault class for pods that name none, and records its name', () => {
    const c = new TestCluster();
    c.applyOk(pc('normal', 'value: 100\nglobalDefault: true\n'));
    c.applyOk(pod('p1', ''));
    expect(specOf(c, 'p1')).toMatchObject({ priorityClassName: 'normal', priority: 100, preemptionPolicy: 'PreemptLowerPriority' });
  });

  it.each([
    ['an unknown class', pod('web', '  priorityClassName: high\n'),
      'Error from server (Forbidden): error when creating "STDIN": pods "web" is forbidden: no PriorityClass with name high was found'],
    ['a priority that differs from the computed one', pod('web', '  priority: 5\n'),
      'Error from server (Forbidden): error when creating "STDIN": pods "web" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name'],
    ['a preemption policy that differs from the computed one', pod('web', '  preemptionPolicy: Never\n'),
      'Error from server (Forbidden): error when creating "STDIN": pods "web" is forbidden: the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name'],
  ])('refuses %s', (_name, manifest, message) => {
    const c = new TestCluster();
    const r = c.apply(manifest);
    expect(r.ok).toBe(false);
    expect(r.documents[0].message).toBe(message);
    expect(c.world.getObject({ kind: 'Pod', namespace: 'default', name: 'web' })).toBeUndefined();
  });

  it('accepts a priority that agrees with the class', () => {
    const c = new TestCluster();
    c.applyOk(pc('high', 'value: 1000000\n'));
    c.applyOk(pod('web', '  priorityClassName: high\n  priority: 1000000\n'));
    expect(specOf(c, 'web')?.priority).toBe(1000000);
  });

  it('runs on pods controllers create: the ReplicaSet reports the generateName prefix', () => {
    const c = new TestCluster();
    c.applyOk(`apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      priorityClassName: high
      containers: [{name: c, image: nginx}]
`);
    c.step(5000); // the ReplicaSet keeps retrying with back-off, as upstream
    expect(c.pods({ app: 'web' })).toEqual([]);
    const failed = c.world.list('Event', 'default').find((e) => (e as { reason?: string }).reason === 'FailedCreate') as { message?: string } | undefined;
    expect(failed?.message).toBe('Error creating: pods "web-" is forbidden: no PriorityClass with name high was found');
    c.applyOk(pc('high', 'value: 1000000\n'));
    c.step(60_000);
    const [p] = c.pods({ app: 'web' });
    expect(p?.spec?.priority).toBe(1000000);
  });

  it('keeps priority and preemptionPolicy on an update that leaves them out', () => {
    const classes = [klass('high', 7)];
    const pods = resourceForKind('Pod')!;
    const old = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { priorityClassName: 'high', priority: 7, preemptionPolicy: 'Never' } } as KubeObject;
    const next = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { priorityClassName: 'high' } } as KubeObject;
    expect(admitPod(pods, next, old, lister(classes), 'p')).toBeUndefined();
    expect(next.spec).toEqual({ priorityClassName: 'high', priority: 7, preemptionPolicy: 'Never' });
  });

  it('picks the lowest value when a race left several globalDefault classes', () => {
    expect(getDefaultPriorityClass(lister([klass('a', 50, { globalDefault: true }), klass('b', 10, { globalDefault: true }), klass('c', 1)]))?.metadata.name).toBe('b');
  });
});

describe('Priority admission on PriorityClass create and update', () => {
  it('allows only one globalDefault class', () => {
    const c = new TestCluster();
    c.applyOk(pc('d1', 'value: 10\nglobalDefault: true\n'));
    const r = c.apply(pc('d2', 'value: 20\nglobalDefault: true\n'));
    expect(r.documents[0].message).toBe(
      'Error from server (Forbidden): error when creating "STDIN": priorityclasses.scheduling.k8s.io "d2" is forbidden: PriorityClass d1 is already marked as default. Only one default can exist',
    );
    // the default itself may be updated (its description, say)
    c.applyOk(pc('d1', 'value: 10\nglobalDefault: true\ndescription: the default\n'));
    // but another class may not become default
    c.applyOk(pc('d3', 'value: 30\n'));
    expect(c.apply(pc('d3', 'value: 30\nglobalDefault: true\n')).documents[0].message).toContain('"d3" is forbidden: PriorityClass d1 is already marked as default. Only one default can exist');
  });
});
