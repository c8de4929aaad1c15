// The pod row of `kubectl get pods`: READY, STATUS, RESTARTS and the wide columns.
// UPSTREAM: pkg/printers/internalversion/printers.go (printPod, hasPodReadyCondition,
// isPodInitializedConditionTrue) and pkg/api/v1/pod/util.go (IsRestartableInitContainer).

import type { Container, ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { humanDuration, parseTimestamp, translateTimestampSince } from '../duration';
import type { TableHandler } from './table';

/** The node lifecycle controller's reason for pods on an unreachable node (`node.NodeUnreachablePodReason`). */
const NodeUnreachablePodReason = 'NodeLost';

/** READY, STATUS and RESTARTS of one pod, before any of them is turned into a cell. */
export interface PodSummary {
  readyContainers: number;
  totalContainers: number;
  /** The STATUS cell: a phase, a container reason, `Init:1/2`, `Terminating`... */
  reason: string;
  restarts: number;
  /** Epoch ms of the newest counted lastState.terminated.finishedAt, if any. */
  lastRestartMs?: number;
}

/**
 * The STATUS column exactly as `kubectl get pods` computes it (printPod):
 * phase or status.reason (`OutOfcpu`, `Evicted`), then SchedulingGated, then the first init
 * container that has not finished (`Init:0/2`, `Init:CrashLoopBackOff`), then app containers
 * last to first (`ContainerCreating`, `CrashLoopBackOff`, `Completed`, `ExitCode:1`), and
 * finally `Terminating` (or `Unknown` for NodeLost) while metadata.deletionTimestamp is set.
 */
export function podStatus(pod: Pod): string {
  return summarizePod(pod).reason;
}

/** The READY column: ready/total containers, where started sidecars (restartable init containers) count too. */
export function podReady(pod: Pod): string {
  const s = summarizePod(pod);
  return `${s.readyContainers}/${s.totalContainers}`;
}

/** The RESTARTS column: `0`, or `3 (4m39s ago)` once a container has a last termination time. */
export function podRestarts(pod: Pod, nowMs: number): string {
  const s = summarizePod(pod);
  if (s.restarts !== 0 && s.lastRestartMs !== undefined) {
    return `${s.restarts} (${humanDuration(nowMs - s.lastRestartMs)} ago)`;
  }
  return String(s.restarts);
}

export function summarizePod(pod: Pod): PodSummary {
  const spec = pod.spec;
  const status = pod.status ?? {};
  const conditions = status.conditions ?? [];
  let restarts = 0;
  let restartableInitContainerRestarts = 0;
  let totalContainers = spec?.containers?.length ?? 0;
  let readyContainers = 0;
  let lastRestartMs: number | undefined;
  let lastRestartableInitContainerRestartMs: number | undefined;

  const podPhase = status.phase ?? '';
  let reason = status.reason ? status.reason : podPhase;

  for (const condition of conditions) {
    if (condition.type === 'PodScheduled' && condition.reason === 'SchedulingGated') {
      reason = 'SchedulingGated';
    }
  }

  const initContainers = new Map<string, Container>();
  for (const c of spec?.initContainers ?? []) {
    initContainers.set(c.name, c);
    if (isRestartableInitContainer(c)) totalContainers++;
  }
  const initContainerCount = spec?.initContainers?.length ?? 0;

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i];
    restarts += container.restartCount ?? 0;
    lastRestartMs = later(lastRestartMs, lastTerminationFinishedMs(container));
    const restartable = isRestartableInitContainer(initContainers.get(container.name));
    if (restartable) {
      restartableInitContainerRestarts += container.restartCount ?? 0;
      lastRestartableInitContainerRestartMs = later(
        lastRestartableInitContainerRestartMs,
        lastTerminationFinishedMs(container),
      );
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      // Initialization failed.
      if (!terminated.reason) {
        reason = terminated.signal
          ? `Init:Signal:${terminated.signal}`
          : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initContainerCount}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isConditionTrue(conditions, 'Initialized')) {
    restarts = restartableInitContainerRestarts;
    lastRestartMs = lastRestartableInitContainerRestartMs;
    let hasRunning = false;
    const containerStatuses = status.containerStatuses ?? [];
    for (let i = containerStatuses.length - 1; i >= 0; i--) {
      const container = containerStatuses[i];
      restarts += container.restartCount ?? 0;
      lastRestartMs = later(lastRestartMs, lastTerminationFinishedMs(container));
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting?.reason) {
        reason = waiting.reason;
      } else if (terminated?.reason) {
        reason = terminated.reason;
      } else if (terminated) {
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      } else if (container.ready && container.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A finished container next to a running one: the pod as a whole is still running.
    if (reason === 'Completed' && hasRunning) {
      const ready = conditions.some((c) => c.type === 'Ready' && c.status === 'True');
      reason = ready ? 'Running' : 'NotReady';
    }
  }

  const deleting = Boolean(pod.metadata?.deletionTimestamp);
  if (deleting && status.reason === NodeUnreachablePodReason) {
    reason = 'Unknown';
  } else if (deleting && podPhase !== 'Succeeded' && podPhase !== 'Failed') {
    reason = 'Terminating';
  }

  return { readyContainers, totalContainers, reason, restarts, lastRestartMs };
}

/** The cells of one `kubectl get pods` row after NAME; `wide` adds IP, NODE, NOMINATED NODE, READINESS GATES. */
export function podCells(pod: Pod, nowMs: number, wide: boolean): string[] {
  const cells = [
    podReady(pod),
    podStatus(pod),
    podRestarts(pod, nowMs),
    translateTimestampSince(pod.metadata?.creationTimestamp, nowMs),
  ];
  if (wide) {
    const podIP = pod.status?.podIPs?.[0]?.ip || '<none>';
    const nodeName = pod.spec?.nodeName || '<none>';
    const nominated = pod.status?.nominatedNodeName || '<none>';
    let readinessGates = '<none>';
    const gates = pod.spec?.readinessGates ?? [];
    if (gates.length > 0) {
      let trueConditions = 0;
      for (const gate of gates) {
        const condition = (pod.status?.conditions ?? []).find((c) => c.type === gate.conditionType);
        if (condition?.status === 'True') trueConditions++;
      }
      readinessGates = `${trueConditions}/${gates.length}`;
    }
    cells.push(podIP, nodeName, nominated, readinessGates);
  }
  return cells;
}

function isRestartableInitContainer(c: Container | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

function isConditionTrue(conditions: PodCondition[], type: string): boolean {
  // Like isPodInitializedConditionTrue: only the first condition of the type counts.
  const condition = conditions.find((c) => c.type === type);
  return condition?.status === 'True';
}

function lastTerminationFinishedMs(status: ContainerStatus): number | undefined {
  const terminated = status.lastState?.terminated;
  if (!terminated) return undefined;
  // A terminated state without finishedAt is Go's zero time: it never wins the "latest" race.
  return parseTimestamp(terminated.finishedAt);
}

function later(a: number | undefined, b: number | undefined): number | undefined {
  if (b === undefined) return a;
  if (a === undefined) return b;
  return b > a ? b : a;
}

/** `kubectl get pods`: NAME READY STATUS RESTARTS AGE; wide IP NODE NOMINATED NODE READINESS GATES. */
export const podTable: TableHandler = {
  columns: [
    { name: 'Name', format: 'name' },
    { name: 'Ready' },
    { name: 'Status' },
    { name: 'Restarts' },
    { name: 'Age' },
    { name: 'IP', priority: 1 },
    { name: 'Node', priority: 1 },
    { name: 'Nominated Node', priority: 1 },
    { name: 'Readiness Gates', priority: 1 },
  ],
  row(obj: KubeObject, nowMs: number): string[] {
    return [obj.metadata.name ?? '', ...podCells(obj as unknown as Pod, nowMs, true)];
  },
};
