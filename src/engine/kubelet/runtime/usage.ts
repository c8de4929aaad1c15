// What a running container uses, as the kubelet's stats (cAdvisor, the Summary API) would measure it:
// its working-set memory and its CPU, the CPU capped at limits.cpu by the CFS quota.
// UPSTREAM: none in Kubernetes (the kernel's cgroups account usage; cAdvisor reads them; the kubelet's
// /metrics/resource and Summary API report them; the eviction manager and metrics-server read those).
// The CFS quota: a container with limits.cpu L gets at most L * cfs_period (100 ms) of CPU time each
// period; a process that wants more waits (throttled; container_cpu_cfs_throttled_periods_total grows).
// SIMPLIFICATION: usage is not measured; it is an idle figure per image plus what the program says it
// does (`stress --vm N --vm-bytes B` holds N*B; `stress --cpu N` spins N cores), constant while it runs.

import type { Container } from 'kubernetes-types/core/v1';
import { bytes, cpuMillis } from '../../api/quantity';
import { programMemoryBytes } from './memory';

export interface IdleProfile {
  cpuMillis: number;
  memoryBytes: number;
}

const Mi = 1024 * 1024;
/** Idle usage of the images a kind cluster runs; anything else idles at 1m and 8Mi. */
const IDLE_PROFILES: ReadonlyArray<[string, IdleProfile]> = [
  ['kube-apiserver', { cpuMillis: 40, memoryBytes: 220 * Mi }],
  ['etcd', { cpuMillis: 20, memoryBytes: 40 * Mi }],
  ['kube-controller-manager', { cpuMillis: 15, memoryBytes: 50 * Mi }],
  ['kube-scheduler', { cpuMillis: 3, memoryBytes: 20 * Mi }],
  ['coredns', { cpuMillis: 2, memoryBytes: 15 * Mi }],
  ['kube-proxy', { cpuMillis: 1, memoryBytes: 15 * Mi }],
  ['ingress-nginx', { cpuMillis: 2, memoryBytes: 40 * Mi }],
];
const DEFAULT_PROFILE: IdleProfile = { cpuMillis: 1, memoryBytes: 8 * Mi };

/** What the node's own daemons (kubelet, containerd, the OS) use besides its pods. */
export const NODE_SYSTEM_CPU_MILLIS = 60;
export const NODE_SYSTEM_MEMORY_BYTES = 420 * Mi;

/** A container's usage when nothing loads it, by image. */
export function idleProfile(image: string | undefined): IdleProfile {
  const img = image ?? '';
  return IDLE_PROFILES.find(([name]) => img.includes(name))?.[1] ?? DEFAULT_PROFILE;
}

/** The CPU the program wants, in millicores, beyond idle: `stress --cpu N` / `stress-ng --cpu N` spin N cores. */
export function programCpuMillis(c: Pick<Container, 'command' | 'args'>): number {
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  const prog = (argv[0] ?? '').slice((argv[0] ?? '').lastIndexOf('/') + 1);
  if (prog !== 'stress' && prog !== 'stress-ng') return 0;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    let v: string | undefined;
    if (a === '--cpu' || a === '-c') v = argv[i + 1];
    else if (a.startsWith('--cpu=')) v = a.slice('--cpu='.length);
    if (v === undefined) continue;
    const n = Number(v);
    return Number.isFinite(n) && n > 0 ? n * 1000 : 0;
  }
  return 0;
}

/** The container's limits in millicores and bytes (Infinity when unset). */
export function containerLimits(c: Pick<Container, 'resources'>): { cpuMillis: number; memoryBytes: number } {
  const l = c.resources?.limits;
  return {
    cpuMillis: l?.cpu !== undefined ? cpuMillis(l.cpu) : Infinity,
    memoryBytes: l?.memory !== undefined ? bytes(l.memory) : Infinity,
  };
}

/**
 * The CFS quota at work: the CPU a container gets when it wants `demandMillis`: at most its limit.
 * `throttled` when it wanted more (its periods end with the quota spent).
 */
export function cfsQuota(demandMillis: number, limitMillis: number): { cpuMillis: number; throttled: boolean } {
  if (demandMillis > limitMillis) return { cpuMillis: limitMillis, throttled: true };
  return { cpuMillis: demandMillis, throttled: false };
}

/** What a running container uses with no external load: its working set and its CPU under the quota. */
export interface ContainerUsage {
  /** working-set bytes (memory.current minus inactive file pages, as cAdvisor reports) */
  memoryBytes: number;
  cpuMillis: number;
  /** the CPU it wanted (idle + program), before the quota */
  cpuDemandMillis: number;
  throttled: boolean;
}

/**
 * A running container's usage: the image's idle figures plus its program's (stress), plus `extra`
 * (a load's share, metrics-server.ts). Memory never exceeds limits.memory while the container lives:
 * a program that would is OOM-killed on reaching it (memory.ts).
 */
export function containerUsage(c: Pick<Container, 'image' | 'command' | 'args' | 'resources'>, extra: { cpuMillis: number; memoryBytes: number } = { cpuMillis: 0, memoryBytes: 0 }): ContainerUsage {
  const idle = idleProfile(c.image);
  const limits = containerLimits(c);
  const demand = Math.round(idle.cpuMillis + programCpuMillis(c) + extra.cpuMillis);
  const quota = cfsQuota(demand, limits.cpuMillis);
  const memory = Math.round(idle.memoryBytes + (programMemoryBytes(c) ?? 0) + extra.memoryBytes);
  return { memoryBytes: Math.min(memory, limits.memoryBytes), cpuMillis: quota.cpuMillis, cpuDemandMillis: demand, throttled: quota.throttled };
}
