// The pods behind `POD` or `TYPE/NAME` for the commands that act on one pod of an object (exec,
// logs, attach, port-forward): a pod by name, or the pods a workload, Job or Service selects.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/polymorphichelpers (attachablepodforobject.go,
// logsforobject.go) and podutils (ActivePods, ByLogging) — each command sorts with its own order.

import type { Pod } from 'kubernetes-types/core/v1';
import { matchesLabelSelector } from '../../api/labels';
import type { KubeObject } from '../../api/meta';
import { resolveResourceArg, resourceForKind } from '../../api/resources';
import { groupResource } from '../../apiserver/errors';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { fail } from './errors';

export type PodsFound = { pods: Pod[]; named: boolean } | { error: CommandOutput };

/**
 * `arg` is `POD` or `TYPE/NAME`. `unsupported(obj)` words kubectl's error for a kind the command
 * cannot use (exec: `cannot attach to *v1.ConfigMap: not implemented`). `named` is true when a pod
 * was named directly.
 */
export function podsForObject(ctx: KubectlContext, arg: string, namespace: string, unsupported: (obj: KubeObject) => string): PodsFound {
  const podResource = resourceForKind('Pod')!;
  const slash = arg.indexOf('/');
  if (slash < 0) {
    const pod = ctx.get(podResource, namespace, arg);
    return pod ? { pods: [pod as unknown as Pod], named: true } : { error: notFound('pods', arg) };
  }
  const typeArg = arg.slice(0, slash);
  const name = arg.slice(slash + 1);
  const resource = resolveResourceArg(typeArg);
  if (!resource) return { error: fail(`the server doesn't have a resource type "${typeArg}"`) };
  if (name === '') return { error: fail('arguments in resource/name form must have a single resource and name') };
  const obj = ctx.get(resource, resource.namespaced ? namespace : undefined, name);
  if (!obj) return { error: notFound(groupResource(resource), name) };
  if (resource.kind === 'Pod') return { pods: [obj as unknown as Pod], named: true };
  const match = podMatcher(obj);
  if (!match) return { error: fail(unsupported(obj)) };
  if (typeof match === 'string') return { error: fail(match) };
  const pods = (ctx.list(podResource, namespace) as unknown as Pod[]).filter((p) => match(p.metadata?.labels ?? {}));
  if (pods.length === 0) return { error: fail('timed out waiting for the condition') };
  return { pods, named: false };
}

function notFound(resource: string, name: string): CommandOutput {
  return { stdout: '', stderr: `Error from server (NotFound): ${resource} "${name}" not found\n`, exitCode: 1 };
}

type LabelMatcher = (labels: Record<string, string>) => boolean;

/** The label selector of a workload, Job or Service; an error string for a selector-less Service; undefined for other kinds. */
function podMatcher(obj: KubeObject): LabelMatcher | string | undefined {
  const spec = (obj.spec ?? {}) as { selector?: unknown };
  if (obj.kind === 'Service' || obj.kind === 'ReplicationController') {
    const set = (spec.selector ?? {}) as Record<string, string>;
    if (obj.kind === 'Service' && Object.keys(set).length === 0) return `invalid service '${obj.metadata.name}': Service is defined without a selector`;
    return (labels) => Object.entries(set).every(([k, v]) => labels[k] === v);
  }
  if (['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job'].includes(obj.kind)) {
    const sel = spec.selector as Parameters<typeof matchesLabelSelector>[0];
    return (labels) => matchesLabelSelector(sel, labels);
  }
  return undefined;
}

/** `v1.ConfigMap` from an object's apiVersion and kind, as kubectl prints a Go type (`*v1.ConfigMap`). */
export function goTypeName(obj: KubeObject): string {
  return `${obj.apiVersion.slice(obj.apiVersion.indexOf('/') + 1)}.${obj.kind}`;
}

/** kubectl's annotation naming the container `exec`/`logs`/`attach` use when none is given. */
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

/**
 * podcmd.FindOrDefaultContainerByName without a name: the annotated default, else the first
 * container, with kubectl's notice when there was a choice.
 */
export function defaultContainer(pod: Pod): { name: string; notice?: string } | undefined {
  const containers = pod.spec?.containers ?? [];
  if (containers.length === 0) return undefined;
  const annotated = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated && containers.some((c) => c.name === annotated)) return { name: annotated };
  const first = containers[0].name;
  const several = containers.length > 1 || (pod.spec?.initContainers?.length ?? 0) > 0 || (pod.spec?.ephemeralContainers?.length ?? 0) > 0;
  return { name: first, ...(several ? { notice: `Defaulted container "${first}" out of: ${allContainerNamesLabelled(pod)}\n` } : {}) };
}

/** podcmd.AllContainerNames: containers, then `x (init)`, then `x (ephem)`. */
function allContainerNamesLabelled(pod: Pod): string {
  return [
    ...(pod.spec?.containers ?? []).map((c) => c.name),
    ...(pod.spec?.initContainers ?? []).map((c) => `${c.name} (init)`),
    ...(pod.spec?.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`),
  ].join(', ');
}
