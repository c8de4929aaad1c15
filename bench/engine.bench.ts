// Engine benchmarks in Node: prints one JSON object with the figures. Never asserts on time.
// Run: npm run bench            (all figures)
//      npm run bench -- --quick (smaller sizes, for a smoke run)

import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { World, type KubeObject } from '../src/engine/index';

const quick = process.argv.includes('--quick');

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
  // The scheduler sees the pods one watch latency after creation and binds them in that instant;
  // stepping just past it measures informer delivery + scheduling cycles + binding writes.
  world.step(world.options.watchLatencyMs + 1);
  const wallMs = performance.now() - t0;
  const bound = world.list('Pod').filter((p) => (p.spec as { nodeName?: string }).nodeName).length;
  return { nodes, pods, antiAffinity, bound, wallMs: round(wallMs), podsPerSecond: Math.round((bound / wallMs) * 1000) };
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
  const r = world.apply(deployment(replicas));
  if (!r.ok) throw new Error(r.documents.map((d) => d.message).join('\n'));
  const isRunning = (p: KubeObject) => (p.status as { phase?: string }).phase === 'Running';
  let running = 0;
  for (let i = 0; i < 600 && running < replicas; i++) {
    world.step(1000);
    running = world.list('Pod').filter(isRunning).length;
  }
  const wallMs = performance.now() - t0;
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
    idleMinuteWallMs: round(idleWallMs),
    heapMbPer1000Pods: round(((heapAfter - heapBefore) / replicas) * 1000),
  };
}

function deployment(replicas: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: bench}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: bench}}
  template:
    metadata: {labels: {app: bench}}
    spec:
      containers:
      - name: c
        image: registry.k8s.io/pause:3.10
        resources: {requests: {cpu: 10m, memory: 16Mi}}
`;
}

/** Heap in MB; run with `node --expose-gc` (npm run bench does) so garbage is collected first. */
function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  scheduling: quick
    ? [schedulingThroughput(100, 1000), schedulingThroughput(100, 1000, true)]
    : [100, 1000, 5000].flatMap((nodes) => [schedulingThroughput(nodes, 10_000), schedulingThroughput(nodes, 10_000, true)]),
  simulation: quick ? [simulationSpeed(10, 100)] : [simulationSpeed(50, 1000)],
};
console.log(JSON.stringify(results, null, 2));
