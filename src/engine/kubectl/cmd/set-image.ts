// `kubectl set image TYPE/NAME CONTAINER=IMAGE ...` (`*=IMAGE` for every container): update the
// images of a pod template (or a bare pod) in place.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/set/set_image.go (Validate, Run),
//           staging/src/k8s.io/kubectl/pkg/polymorphichelpers/updatepodspec.go
// SIMPLIFICATION: no -f, --local, --dry-run or -o; the object is written back with one PUT.

import type { Container, PodSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { qualifiedSingular } from '../../api/resources';
import { structuredCopy } from '../../apiserver/store';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { boolFlag, stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { fail, usageError } from './errors';
import { isOutput, renderErrors, visitTargets } from './targets';

export const setFlags: readonly FlagSpec[] = [
  { name: 'selector', shorthand: 'l', kind: 'string' },
  { name: 'all', kind: 'bool' },
];

/** updatePodSpecForObject: where each kind keeps its pod spec. */
export function podSpecOf(obj: KubeObject): PodSpec | undefined {
  const spec = obj.spec as Record<string, unknown> | undefined;
  switch (obj.kind) {
    case 'Pod':
      return spec as PodSpec | undefined;
    case 'CronJob': {
      const jt = spec?.jobTemplate as { spec?: { template?: { spec?: PodSpec } } } | undefined;
      return jt?.spec?.template?.spec;
    }
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
    case 'ReplicationController':
      return (spec?.template as { spec?: PodSpec } | undefined)?.spec;
    default:
      return undefined;
  }
}

const SET_SUBCOMMANDS = ['env', 'image', 'resources', 'selector', 'serviceaccount', 'subject'];

export function runSet(ctx: KubectlContext, parsed: ParsedArgs, namespace: string): CommandOutput {
  const [sub, ...rest] = parsed.args;
  if (sub === undefined) {
    return { stdout: 'Configure application resources.\n\nAvailable Commands:\n  image         Update the image of a pod template\n\nUsage:\n  kubectl set SUBCOMMAND [options]\n', stderr: '', exitCode: 0 };
  }
  if (sub !== 'image') {
    if (SET_SUBCOMMANDS.includes(sub)) return fail(`"kubectl set ${sub}" is not available in this sandbox yet; try kubectl set image`);
    return usageError('set', `unknown command "${sub}" for "kubectl set"`);
  }
  return runSetImage(ctx, { args: rest, flags: parsed.flags }, namespace);
}

export function runSetImage(ctx: KubectlContext, { args, flags }: ParsedArgs, namespace: string): CommandOutput {
  const resources: string[] = [];
  const images = new Map<string, string>();
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq < 0) {
      if (images.size > 0) return fail(`all resources must be specified before image changes: ${a}`);
      resources.push(a);
    } else images.set(a.slice(0, eq), a.slice(eq + 1));
  }
  if (resources.length === 0) return usageError('set image', 'one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (images.size === 0) return usageError('set image', 'at least one image update is required');
  if (images.size > 1 && images.has('*')) return usageError('set image', 'all containers are already specified by *, but saw more than one container_name=container_image pairs');
  if (!ctx.update) return fail('"kubectl set image" is not available here');
  const visited = visitTargets(ctx, resources, namespace, stringFlag(flags, 'selector'), boolFlag(flags, 'all'));
  if (isOutput(visited)) return visited;

  let stdout = '';
  const failures = [...visited.notFound];
  for (const { resource, object } of visited.objects) {
    const copy = structuredCopy(object) as KubeObject;
    const spec = podSpecOf(copy);
    if (!spec) {
      failures.push(`${qualifiedSingular(resource)}/${object.metadata.name} does not have a pod template`);
      continue;
    }
    // Unknown names are reported, and the containers that were found are still updated.
    let changed = false;
    for (const [name, image] of images) {
      const all = [...(spec.initContainers ?? []), ...spec.containers] as Container[];
      const matched = all.filter((c) => name === '*' || c.name === name);
      if (matched.length === 0) failures.push(`error: unable to find container named ${JSON.stringify(name)}`);
      for (const c of matched) {
        if (c.image === image) continue;
        (c as { image?: string }).image = image;
        changed = true;
      }
    }
    // An empty patch ("no changes") prints nothing.
    if (!changed) continue;
    const r = ctx.update(copy);
    if (!r.ok) {
      failures.push(`failed to patch image update to pod template: ${r.status.message}`);
      continue;
    }
    stdout += `${qualifiedSingular(resource)}/${object.metadata.name} image updated\n`;
  }
  return { stdout, stderr: renderErrors(failures), exitCode: failures.length === 0 ? 0 : 1 };
}
