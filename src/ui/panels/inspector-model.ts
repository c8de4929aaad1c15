// Pure helpers behind the Inspector: find a selection's view, format quantities as kubectl does,
// pick the status colour, decide what may be deleted.
// SIMPLIFICATION: Nodes and the `kubernetes` Service are not deletable from the UI; the sandbox
// would have no way to bring them back.

import type { ObjectRef } from '../../engine/api/meta';
import { viewId, type ObjectView, type ViewKind } from '../../worker/protocol';

const API_VERSION: Record<string, string> = {
  Node: 'v1', Pod: 'v1', Service: 'v1', Deployment: 'apps/v1', ReplicaSet: 'apps/v1', DaemonSet: 'apps/v1', StatefulSet: 'apps/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
};
const VIEW_KINDS: readonly string[] = Object.keys(API_VERSION);

/** The store key of the view that draws `ref`, or undefined when the kind has no view. */
export function viewIdOfRef(ref: ObjectRef): string | undefined {
  if (!VIEW_KINDS.includes(ref.kind)) return undefined;
  const key = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
  return viewId(ref.kind as ViewKind, key);
}

export function refOfView(v: ObjectView): ObjectRef {
  return v.kind === 'Node'
    ? { apiVersion: 'v1', kind: 'Node', name: v.name }
    : { apiVersion: API_VERSION[v.kind], kind: v.kind, namespace: v.namespace, name: v.name };
}

export function sameRef(a: ObjectRef | null | undefined, b: ObjectRef | null | undefined): boolean {
  return !!a && !!b && a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
}

/** `kind/name` as kubectl names an object (`pod/web-1`, `deployment.apps/web` is not needed here). */
export function refLabel(ref: ObjectRef): string {
  return `${ref.kind.toLowerCase()}/${ref.name}`;
}

export function isDeletable(ref: ObjectRef): boolean {
  if (ref.kind === 'Node') return false;
  if (ref.kind === 'Service' && ref.name === 'kubernetes' && (ref.namespace ?? 'default') === 'default') return false;
  return true;
}

/** CPU as a Kubernetes quantity: whole cores as `2`, otherwise millicores `100m`. */
export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Memory as a binary-suffixed quantity, the largest suffix that divides it exactly (`64Mi`, `4Gi`). */
export function formatMemory(bytes: number): string {
  if (bytes === 0) return '0';
  for (const [suffix, size] of [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (bytes % size === 0) return `${bytes / size}${suffix}`;
  }
  return String(bytes);
}

/** kubectl describe node's "Allocated resources" percentage: requested / allocatable, truncated. */
export function percent(used: number, total: number): number {
  return total > 0 ? Math.trunc((used * 100) / total) : 0;
}

export type Tone = 'running' | 'pending' | 'succeeded' | 'failed' | 'terminating' | 'unknown';

/** The phase colour (DESIGN.md): Running green, Pending/ContainerCreating amber, Succeeded blue... */
export function statusTone(status: string, deleting = false): Tone {
  if (deleting || status === 'Terminating') return 'terminating';
  switch (status) {
    case 'Running':
    case 'Ready':
    case 'True':
      return 'running';
    case 'Succeeded':
    case 'Completed':
      return 'succeeded';
    case 'Unknown':
      return 'unknown';
    case 'Pending':
    case 'ContainerCreating':
    case 'PodInitializing':
      return 'pending';
    default:
      if (status.startsWith('Init:') && !/Error|CrashLoop/.test(status)) return 'pending';
      return 'failed'; // CrashLoopBackOff, Error, OutOfcpu, ImagePullBackOff, NotReady, False...
  }
}
