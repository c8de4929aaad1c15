import { describe, expect, it } from 'vitest';
import { World } from '../../sim/world';
import { ago, asKubeObject, makeRunningPod } from '../../testing/builders';
import { fakeKubectlContext } from '../../testing/fake-kubectl-context';
import { runKubectl } from '../kubectl';
import { startKubectlWatch, WatchFilter, WatchPrinter, type WatchSpec } from './watch';
import { RESOURCES } from '../../api/resources';

const pods = RESOURCES.find((r) => r.resource === 'pods')!;

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;

/** A world with one running web pod; `watch` starts `kubectl <command>` and collects what it prints. */
function watching(command: string) {
  const world = World.create({ seed: 7, workerNodes: 2 });
  expect(world.kubectl('apply -f deploy.yaml', () => DEPLOY).exitCode).toBe(0);
  world.step(30_000);
  const first = world.kubectl(command);
  const printed: string[] = [];
  const stop = first.watch ? startKubectlWatch(world, first.watch, (t) => printed.push(t)) : () => undefined;
  return { world, first, printed, stop };
}

describe('kubectl get -w', () => {
  it('prints the list, then one row per event without headers, until stopped', () => {
    const { world, first, printed, stop } = watching('get pods -w');
    expect(first.exitCode).toBe(0);
    expect(first.watch).toBeDefined();
    const lines = first.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+30s$/);

    expect(world.kubectl('scale deployment web --replicas=3').exitCode).toBe(0);
    world.step(10_000);
    const rows = printed.join('').trimEnd().split('\n');
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.some((r) => r.startsWith('NAME'))).toBe(false);
    // The new pods appear Pending with age 0s (the time of the event), then go Running.
    expect(rows[0]).toMatch(/^web-\S+\s+0\/1\s+Pending\s+0\s+0s$/);
    expect(rows.some((r) => /\s1\/1\s+Running\s/.test(r))).toBe(true);
    // Each row is its own tabwriter flush: a cell is padded to its own width + 3 (at least 6), not the column's.
    const cc = rows.find((r) => r.includes('ContainerCreating'));
    expect(cc).toMatch(/ {3}0\/1 {3}ContainerCreating {3}0 {5}\d+s$/);

    stop();
    const before = printed.length;
    world.kubectl('scale deployment web --replicas=1');
    world.step(10_000);
    expect(printed.length).toBe(before);
  });

  it('--watch-only prints nothing first; the first event brings the headers', () => {
    const { world, first, printed } = watching('get pods --watch-only');
    expect(first.stdout).toBe('');
    world.kubectl('scale deployment web --replicas=2');
    world.step(5_000);
    expect(printed[0].split('\n')[0]).toMatch(/^NAME\s+READY/);
    expect(printed.slice(1).join('')).not.toContain('NAME');
  });

  it('--output-watch-events adds an EVENT column before NAMESPACE', () => {
    const { world, first, printed } = watching('get pods -A -l app=web -w --output-watch-events');
    expect(first.stdout.split('\n')[0]).toMatch(/^EVENT\s+NAMESPACE\s+NAME\s+READY/);
    expect(first.stdout.split('\n')[1]).toMatch(/^ADDED {6}default\s+web-/);
    world.kubectl('delete deployment web');
    world.step(60_000);
    const text = printed.join('');
    expect(text).toMatch(/^MODIFIED {3}default\s+web-/m);
    expect(text).toMatch(/^DELETED {4}default\s+web-/m);
  });

  it('a named object: its own changes only', () => {
    const { world, first, printed } = watching('get deployment web -w');
    expect(first.stdout.split('\n')[0]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    world.kubectl('create deployment other --image=nginx');
    world.kubectl('scale deployment web --replicas=2');
    world.step(10_000);
    const rows = printed.join('').trimEnd().split('\n');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.startsWith('web '))).toBe(true);
    expect(rows.at(-1)).toMatch(/^web\s+2\/2\s+2\s+2\s+\d+s$/);
  });

  it('-o yaml separates documents with ---, -o name prints names', () => {
    const y = watching('get pods -w -o yaml');
    expect(y.first.stdout).toMatch(/^apiVersion: v1\nkind: Pod\n/);
    y.world.kubectl('scale deployment web --replicas=2');
    y.world.step(5_000);
    expect(y.printed[0]).toMatch(/^---\napiVersion: v1\nkind: Pod\n/);

    const n = watching('get pods -w -o name');
    n.world.kubectl('scale deployment web --replicas=2');
    n.world.step(5_000);
    expect(n.printed.every((t) => /^pod\/web-\S+\n$/.test(t))).toBe(true);
  });

  it('-o json --output-watch-events prints {type, object} with type first, as the Go struct does', () => {
    const { world, first, printed } = watching('get deployment web -w -o json --output-watch-events');
    expect(first.stdout).toMatch(/^\{\n {4}"type": "ADDED",\n {4}"object": \{\n {8}"apiVersion": "apps\/v1",\n/);
    expect(first.stdout).toMatch(/\n {4}\}\n\}\n$/);
    world.kubectl('scale deployment web --replicas=2');
    world.step(2_000);
    expect(printed[0]).toMatch(/^\{\n {4}"type": "MODIFIED",\n/);
    expect(JSON.parse(printed[0])).toMatchObject({ type: 'MODIFIED', object: { kind: 'Deployment', spec: { replicas: 2 } } });
  });

  it('refuses what kubectl refuses', () => {
    const ctx = fakeKubectlContext([makeRunningPod({ name: 'a', created: ago(5) })]);
    expect(runKubectl(ctx, 'get pods --output-watch-events').stderr).toBe('error: --output-watch-events option can only be used with --watch or --watch-only\n');
    expect(runKubectl(ctx, 'get pods,svc -w').stderr).toBe('error: you may only specify a single resource type\n');
    const missing = runKubectl(ctx, 'get pod nope -w');
    expect(missing.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(missing.watch).toBeUndefined();
    const empty = runKubectl(fakeKubectlContext([]), 'get pods -w');
    expect(empty).toMatchObject({ stdout: '', stderr: '', exitCode: 0 });
    expect(empty.watch).toBeDefined();
  });
});

describe('WatchFilter', () => {
  const spec: Pick<WatchSpec, 'resource' | 'namespace' | 'labelSelector'> = { resource: pods, namespace: 'default', labelSelector: 'app=web' };
  const web = asKubeObject(makeRunningPod({ name: 'p', created: ago(5), labels: { app: 'web' } }));
  const other = asKubeObject(makeRunningPod({ name: 'p', created: ago(5), labels: { app: 'db' } }));

  it('turns label changes into ADDED and DELETED, as the watch cache does', () => {
    const f = new WatchFilter(spec);
    expect(f.eventFor({ type: 'MODIFIED', resource: 'pods', object: other, oldObject: web })?.type).toBe('DELETED');
    expect(f.eventFor({ type: 'MODIFIED', resource: 'pods', object: web, oldObject: other })?.type).toBe('ADDED');
    expect(f.eventFor({ type: 'MODIFIED', resource: 'pods', object: web, oldObject: web })?.type).toBe('MODIFIED');
    expect(f.eventFor({ type: 'MODIFIED', resource: 'pods', object: other, oldObject: other })).toBeUndefined();
    expect(f.eventFor({ type: 'ADDED', resource: 'services', object: web })).toBeUndefined();
  });

  it('an empty list prints no headers; the first event row prints them', () => {
    const p = new WatchPrinter({ resource: pods, output: 'table', noHeaders: false, showLabels: false, withNamespace: false, outputWatchEvents: false });
    expect(p.print([], 0)).toBe('');
    const now = Date.parse('2025-01-01T00:00:10Z');
    const pod = asKubeObject(makeRunningPod({ name: 'p', created: '2025-01-01T00:00:00Z' }));
    expect(p.print([{ type: 'ADDED', object: pod }], now).split('\n')[0]).toMatch(/^NAME/);
    expect(p.print([{ type: 'MODIFIED', object: pod }], now)).toBe('p     1/1   Running   0     10s\n');
  });
});
