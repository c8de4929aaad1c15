// A pod's effective resource requests, as the scheduler, the kubelet and the UI count them.
// UPSTREAM: staging/src/k8s.io/component-helpers/resource/helpers.go (PodRequests)
// Effective request = max(sum over app containers (plus restartable "sidecar" init containers),
// the largest single init container), plus pod overhead. Example: app containers 100m + 200m and
// one init container of 500m -> max(300m, 500m) = 500m.

import type { Pod, Container } from 'kubernetes-types/core/v1';
import { bytes, cpuMillis } from './quantity';

export interface PodResources {
  cpuMillis: number;
  memoryBytes: number;
  ephemeralStorageBytes: number;
  /** other resources (extended, hugepages), in their base units */
  scalar: Record<string, number>;
}

function containerRequests(c: Container): PodResources {
  const req = (c.resources?.requests ?? {}) as Record<string, string | number>;
  const scalar: Record<string, number> = {};
  for (const [name, q] of Object.entries(req)) {
    if (name !== 'cpu' && name !== 'memory' && name !== 'ephemeral-storage') scalar[name] = bytes(q);
  }
  return {
    cpuMillis: cpuMillis(req.cpu),
    memoryBytes: bytes(req.memory),
    ephemeralStorageBytes: bytes(req['ephemeral-storage']),
    scalar,
  };
}

function add(a: PodResources, b: PodResources): PodResources {
  const scalar = { ...a.scalar };
  for (const [k, v] of Object.entries(b.scalar)) scalar[k] = (scalar[k] ?? 0) + v;
  return {
    cpuMillis: a.cpuMillis + b.cpuMillis,
    memoryBytes: a.memoryBytes + b.memoryBytes,
    ephemeralStorageBytes: a.ephemeralStorageBytes + b.ephemeralStorageBytes,
    scalar,
  };
}

function max(a: PodResources, b: PodResources): PodResources {
  const scalar = { ...a.scalar };
  for (const [k, v] of Object.entries(b.scalar)) scalar[k] = Math.max(scalar[k] ?? 0, v);
  return {
    cpuMillis: Math.max(a.cpuMillis, b.cpuMillis),
    memoryBytes: Math.max(a.memoryBytes, b.memoryBytes),
    ephemeralStorageBytes: Math.max(a.ephemeralStorageBytes, b.ephemeralStorageBytes),
    scalar,
  };
}

export const ZERO_RESOURCES: PodResources = Object.freeze({ cpuMillis: 0, memoryBytes: 0, ephemeralStorageBytes: 0, scalar: {} }) as PodResources;

export function podRequests(pod: Pod): PodResources {
  const spec = pod.spec;
  if (!spec) return { ...ZERO_RESOURCES, scalar: {} };
  let apps: PodResources = { ...ZERO_RESOURCES, scalar: {} };
  for (const c of spec.containers ?? []) apps = add(apps, containerRequests(c));
  // Init containers run one at a time before the app containers; restartable (sidecar) init
  // containers keep running, so they add to everything that starts after them.
  let sidecars: PodResources = { ...ZERO_RESOURCES, scalar: {} };
  let initPeak: PodResources = { ...ZERO_RESOURCES, scalar: {} };
  for (const c of spec.initContainers ?? []) {
    const r = containerRequests(c);
    if (c.restartPolicy === 'Always') {
      sidecars = add(sidecars, r);
      initPeak = max(initPeak, sidecars);
    } else {
      initPeak = max(initPeak, add(sidecars, r));
    }
  }
  let total = max(add(apps, sidecars), initPeak);
  const overhead = (spec.overhead ?? {}) as Record<string, string | number>;
  if (Object.keys(overhead).length) {
    total = add(total, containerRequests({ name: 'overhead', resources: { requests: overhead } } as Container));
  }
  return total;
}
