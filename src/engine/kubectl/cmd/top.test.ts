import { describe, expect, it } from 'vitest';
import { TestCluster } from '../../testing/test-cluster';
import { goDuration } from './top';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: nginx, image: nginx:1.27, resources: {requests: {cpu: 100m}, limits: {cpu: 300m, memory: 64Mi}}}
      - {name: sidecar, image: busybox:1.36, command: [sleep, infinity]}
`;

function cluster(): TestCluster {
  const c = new TestCluster();
  c.applyOk(DEPLOY);
  c.settle();
  return c;
}

const names = (c: TestCluster) => c.pods({ app: 'web' }).map((p) => p.metadata.name!).sort();

describe('kubectl top', () => {
  it('says metrics are not available yet before two scrapes saw the new pods', () => {
    const c = cluster();
    expect(c.world.kubectl('top pods')).toEqual({ stdout: '', stderr: 'error: metrics not available yet\n', exitCode: 1 });
    // three scrapes later they are there
    c.step(45_000);
    expect(c.world.kubectl('top pods').exitCode).toBe(0);
    expect(c.world.kubectl('top pods -n empty').stderr).toBe('No resources found in empty namespace.\n');
  });

  it('prints pods with kubectl\'s columns (every cell padded, as its tabwriter does)', () => {
    const c = cluster();
    c.step(45_000);
    const [a, b] = names(c);
    expect(c.kubectl('top pods')).toBe(
      'NAME                   CPU(cores)   MEMORY(bytes)   \n' +
      `${a}   2m           16Mi            \n` +
      `${b}   2m           16Mi            \n`,
    );
    // 50 rps over two pods: 25 rps x 5m = 125m more on each pod's first container, +6.25Mi.
    c.world.setLoad({ kind: 'Deployment', name: 'web' }, 50);
    c.step(15_000);
    expect(c.kubectl('top pods --no-headers')).toBe(
      `${a}   127m   22Mi   \n` +
      `${b}   127m   22Mi   \n`,
    );
    expect(c.kubectl(`top pod ${a} --containers`)).toBe(
      'POD                    NAME      CPU(cores)   MEMORY(bytes)   \n' +
      `${a}   nginx     126m         14Mi            \n` +
      `${a}   sidecar   1m           8Mi             \n`,
    );
  });

  it('caps usage at the container limit', () => {
    const c = cluster();
    c.world.setLoad({ kind: 'Deployment', name: 'web' }, 10_000);
    c.step(45_000);
    const out = c.kubectl('top pods --containers --no-headers');
    expect(out).toContain('nginx     300m   64Mi');
  });

  it('-A adds NAMESPACE; --sort-by=cpu puts the busiest first', () => {
    const c = cluster();
    c.step(45_000);
    const all = c.kubectl('top pods -A').split('\n');
    expect(all[0]).toMatch(/^NAMESPACE {5}NAME {2,}CPU\(cores\) {3}MEMORY\(bytes\) {3}$/);
    expect(all.some((l) => l.startsWith('kube-system   coredns-'))).toBe(true);
    c.world.setLoad({ kind: 'Deployment', name: 'web' }, 10);
    c.step(15_000);
    const sorted = c.kubectl('top pods -A --sort-by=cpu --no-headers').trim().split('\n');
    expect(sorted.map((l) => l.split(/ +/)[2])).toEqual(['27m', '27m', '2m', '2m']);
    expect(sorted[0]).toMatch(/^default {7}web-/);
  });

  it('names a pod without metrics as the metrics API does', () => {
    const c = cluster();
    expect(c.kubectl('top pod nope')).toBe('Error from server (NotFound): podmetrics.metrics.k8s.io "default/nope" not found\n');
  });

  it('prints nodes with CPU% and MEMORY% of allocatable', () => {
    const c = cluster();
    c.step(45_000);
    const out = c.kubectl('top nodes');
    const lines = out.split('\n');
    expect(lines[0]).toBe('NAME            CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   ');
    // the control plane runs no simulated pods: its daemons' 60m and 420Mi of 2 cores and 4Gi
    expect(lines[1]).toBe('control-plane   60m          3%       420Mi           10%         ');
    expect(lines).toHaveLength(6);
    const nodeOfPod = c.pods({ app: 'web' })[0].spec!.nodeName!;
    const before = Number(/ (\d+)m /.exec(lines.find((l) => l.startsWith(nodeOfPod))!)![1]);
    c.world.setLoad({ kind: 'Deployment', name: 'web' }, 80);
    c.step(15_000);
    const after = Number(/ (\d+)m /.exec(c.kubectl('top nodes').split('\n').find((l) => l.startsWith(nodeOfPod))!)![1]);
    expect(after - before).toBeGreaterThanOrEqual(200);
  });

  it('goDuration prints Go durations', () => {
    expect(goDuration(200_500)).toBe('3m20.5s');
    expect(goDuration(3_600_000)).toBe('1h0m0s');
    expect(goDuration(45_000)).toBe('45s');
  });
});
