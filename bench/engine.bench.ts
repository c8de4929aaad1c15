// Engine benchmarks in Node: prints one JSON object with the figures. Never asserts on time.
// Wall-clock figures depend on how busy the (shared) machine is; each figure also has a CPU-time twin
// (`cpuMs`, `...PerCpuSecond`: this process's user+system time, process.cpuUsage), which other
// processes competing for the cores inflate much less.
// Run: npm run bench            (all figures)
//      npm run bench -- --quick (smaller sizes, for a smoke run)

import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { World, type KubeObject } from '../src/engine/index';
import { Informer } from '../src/engine/client/informer';

const quick = process.argv.includes('--quick');
/** `--only traces` (or scheduling, simulation): run one section, e.g. to re-measure what a change touched. */
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
const run = <T>(section: string, f: () => T): T | undefined => (only && only !== section ? undefined : f());

/** Pods of one anti-affinity group: required anti-affinity to each other on kubernetes.io/hostname. */
const ANTI_AFFINITY_GROUP = 50;

function pendingPod(i: number, antiAffinity: boolean): KubeObject {
  const group = `g${Math.floor(i / ANTI_AFFINITY_GROUP)}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `bench-${i}`, namespace: 'default', labels: { app: 'bench', group } },
    spec: {
      containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
      ...(antiAffinity
        ? { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { group } }, topologyKey: 'kubernetes.io/hostname' }] } } }
        : {}),
    },
  };
}

/**
 * Pods bound per wall second: on a settled cluster (every node Ready; a /8 cluster CIDR so every node
 * gets a podCIDR), create `pods` pending pods, then time the scheduler binding them all. With
 * `antiAffinity`, pods come in groups of 50 that must not share a node (kube-scheduler's
 * scheduler_perf SchedulingPodAntiAffinity uses the same hostname anti-affinity).
 */
function schedulingThroughput(nodes: number, pods: number, antiAffinity = false) {
  const world = World.create({ workerNodes: nodes, nodeCpu: '64', nodeMemory: '256Gi', nodeMaxPods: 1000, clusterCIDR: '10.0.0.0/8' });
  world.settle(10 * 60_000);
  const notReady = world.nodes().filter((n) => (n.spec?.taints ?? []).some((t) => t.key === 'node.kubernetes.io/not-ready')).length;
  if (notReady > 0) throw new Error(`${notReady} nodes are not ready`);
  for (let i = 0; i < pods; i++) {
    const r = world.api.create(pendingPod(i, antiAffinity), 'bench');
    if (!r.ok) throw new Error(r.status.message);
  }
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  // The scheduler sees the pods one watch latency after creation and binds them in that instant;
  // stepping just past it measures informer delivery + scheduling cycles + binding writes.
  world.step(world.options.watchLatencyMs + 1);
  const wallMs = performance.now() - t0;
  const cpu = cpuMs(c0);
  // The bench's own pods: kube-system's CoreDNS pods are bound at bootstrap.
  const bound = world.list('Pod', 'default').filter((p) => (p.spec as { nodeName?: string }).nodeName).length;
  return { nodes, pods, antiAffinity, bound, wallMs: round(wallMs), podsPerSecond: Math.round((bound / wallMs) * 1000), cpuMs: round(cpu), podsPerCpuSecond: Math.round((bound / cpu) * 1000) };
}

/**
 * Simulated seconds per wall second while a Deployment of `replicas` pods rolls out: time is stepped
 * one simulated second at a time until every replica runs (no jumping over quiet periods).
 */
function simulationSpeed(nodes: number, replicas: number) {
  const world = World.create({ workerNodes: nodes, nodeCpu: '32', nodeMemory: '128Gi', nodeMaxPods: 250 });
  const heapBefore = heapMb();
  const simStart = world.now();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = world.apply(deployment(replicas));
  if (!r.ok) throw new Error(r.documents.map((d) => d.message).join('\n'));
  const isRunning = (p: KubeObject) => (p.status as { phase?: string }).phase === 'Running';
  let running = 0;
  for (let i = 0; i < 600 && running < replicas; i++) {
    world.step(1000);
    running = world.list('Pod', 'default').filter(isRunning).length;
  }
  const wallMs = performance.now() - t0;
  const cpu = cpuMs(c0);
  const simMs = world.now() - simStart;
  const heapAfter = heapMb();
  // A quiet minute: nothing changes (no heartbeats yet), so this measures the loop's idle overhead.
  const idleT0 = performance.now();
  world.step(60_000);
  const idleWallMs = performance.now() - idleT0;
  return {
    nodes,
    replicas,
    running,
    simulatedMsToAllRunning: simMs,
    wallMs: round(wallMs),
    simSecondsPerWallSecond: round(simMs / wallMs),
    cpuMs: round(cpu),
    simSecondsPerCpuSecond: round(simMs / cpu),
    idleMinuteWallMs: round(idleWallMs),
    heapMbPer1000Pods: round(((heapAfter - heapBefore) / replicas) * 1000),
  };
}

/**
 * Packet traces per wall second on a settled cluster of `nodes` nodes running `pods` pods behind
 * `services` Services: each trace goes from a random pod to a random Service's ClusterIP (an IP, so
 * no DNS) through both nodes' netfilter, routing and the overlay, reply included. The first trace
 * after a change derives the nodes' networks; the figure is for a cluster at rest (cached networks).
 */
function traceThroughput(nodes: number, pods: number, services: number, traces: number) {
  const world = World.create({ workerNodes: nodes, nodeCpu: '64', nodeMemory: '256Gi', nodeMaxPods: 250, clusterCIDR: '10.0.0.0/8' });
  const perService = Math.ceil(pods / services);
  let yaml = '';
  for (let s = 0; s < services; s++) yaml += `${deployment(perService, `svc-${s}`, 'nginx:1.27')}---
apiVersion: v1
kind: Service
metadata: {name: svc-${s}}
spec: {selector: {app: svc-${s}}, ports: [{port: 80}]}
---
`;
  const r = world.apply(yaml);
  if (!r.ok) throw new Error(r.documents.map((d) => d.message).join('\n'));
  world.settle(10 * 60_000);
  const running = world.list('Pod').filter((p) => (p.status as { phase?: string }).phase === 'Running' && (p.metadata.namespace ?? 'default') === 'default');
  const clusterIPs = world.list('Service').filter((s) => (s.metadata.name ?? '').startsWith('svc-')).map((s) => (s.spec as { clusterIP: string }).clusterIP);
  const firstT0 = performance.now();
  world.trace({ from: { kind: 'pod', pod: `default/${running[0].metadata.name}` }, to: clusterIPs[0], port: 80, protocol: 'TCP' });
  const firstTraceMs = performance.now() - firstT0;
  // Warm-up: a node's network is derived when a packet first reaches it; touch every node once so the
  // loop below measures a cluster at rest (derivations cached until the next store change).
  const warmT0 = performance.now();
  const byNode = new Map(running.map((p) => [(p.spec as { nodeName?: string }).nodeName, p]));
  for (const p of byNode.values()) world.trace({ from: { kind: 'pod', pod: `default/${p.metadata.name}` }, to: clusterIPs[0], port: 80, protocol: 'TCP' });
  const warmupMs = performance.now() - warmT0;
  let delivered = 0;
  let hops = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < traces; i++) {
    const from = running[(i * 7919) % running.length];
    const t = world.trace({ from: { kind: 'pod', pod: `default/${from.metadata.name}` }, to: clusterIPs[(i * 104729) % clusterIPs.length], port: 80, protocol: 'TCP' });
    if (t.outcome.delivered) delivered++;
    hops += t.hops.length;
  }
  const wallMs = performance.now() - t0;
  const cpu = cpuMs(c0);
  return { cpuMs: round(cpu), tracesPerCpuSecond: Math.round((traces / cpu) * 1000), nodes, pods: running.length, services, traces, delivered, meanHops: round(hops / traces), firstTraceMs: round(firstTraceMs), warmupMs: round(warmupMs), wallMs: round(wallMs), tracesPerSecond: Math.round((traces / wallMs) * 1000) };
}

/**
 * An informer's cost of keeping list() in key order while keys arrive: `adds` pods added (in a
 * scrambled order), list() after every 10th, as a controller that lists between creations does.
 */
function informerListOrder(adds: number) {
  const inf = new Informer('pods');
  const c0 = process.cpuUsage();
  for (let i = 0; i < adds; i++) {
    const object = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${(i * 7919) % adds}`, namespace: 'default' } };
    inf.deliver({ type: 'ADDED', resource: 'pods', object } as Parameters<Informer['deliver']>[0]);
    if (i % 10 === 0) inf.list();
  }
  return { adds, listEvery: 10, cpuMs: round(cpuMs(c0)) };
}

function deployment(replicas: number, name = 'bench', image = 'registry.k8s.io/pause:3.10'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: c
        image: ${image}
        resources: {requests: {cpu: 10m, memory: 16Mi}}
`;
}

/** Heap in MB; run with `node --expose-gc` (npm run bench does) so garbage is collected first. */
function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** This process's CPU time (user + system) since `since`, in ms. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage1m: round(os.loadavg()[0]) },
  scheduling: run('scheduling', () =>
    quick
      ? [schedulingThroughput(100, 1000), schedulingThroughput(100, 1000, true)]
      : [100, 1000, 5000].flatMap((nodes) => [schedulingThroughput(nodes, 10_000), schedulingThroughput(nodes, 10_000, true)]),
  ),
  simulation: run('simulation', () => (quick ? [simulationSpeed(10, 100)] : [simulationSpeed(50, 1000)])),
  informer: run('informer', () => informerListOrder(quick ? 2000 : 20_000)),
  traces: run('traces', () => (quick ? [traceThroughput(10, 300, 10, 200)] : [traceThroughput(100, 3000, 100, 2000)])),
};
console.log(JSON.stringify(results, null, 2));
