// `kubectl describe TYPE [NAME_PREFIX] [-l selector] [-A]`: every matching object through its
// describer, objects separated by a blank line.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/describe/describe.go (DescribeOptions.Run)
// SIMPLIFICATION: no -f FILENAME; --show-events is the only describer setting.

import { parseSelector, type Selector } from '../../api/labels';
import type { KubeObject } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { notFound } from '../../apiserver/errors';
import type { KubectlContext } from '../kubectl';
import { goCompare } from '../printers/describe/common';
import { describeObject } from '../printers/describe/describers';
import type { CommandOutput } from '../results';
import { boolFlag, type FlagSpec, type ParsedArgs } from './args';
import { apiErrorLine, fail, selectorBadRequest } from './errors';
import { parseResourceArgs } from './resource-args';

export const describeFlags: readonly FlagSpec[] = [
  { name: 'all-namespaces', shorthand: 'A', kind: 'bool' },
  { name: 'selector', shorthand: 'l', kind: 'string' },
  { name: 'show-events', kind: 'bool' },
];

export function runDescribe(ctx: KubectlContext, { args, flags }: ParsedArgs, namespace: string): CommandOutput {
  if (args.length === 0) {
    return fail('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.');
  }
  const parsed = parseResourceArgs(args, ctx.resources?.());
  if (!parsed.ok) return fail(parsed.error);
  const allNamespaces = boolFlag(flags, 'all-namespaces');
  const showEvents = flags.get('show-events') !== false;
  const selectorValue = flags.get('selector');
  const selectorText = typeof selectorValue === 'string' ? selectorValue.trim() : undefined;
  const { targets } = parsed.value;
  let selector: Selector | undefined;
  if (selectorText !== undefined) {
    if (targets.some((t) => t.names)) return fail('name cannot be provided when a selector is specified');
    const sel = parseSelector(selectorText);
    if (!sel.ok) return selectorBadRequest(targets[0].resource, selectorText, sel.error);
    selector = sel.selector;
  }

  const found: KubeObject[] = [];
  const errors: string[] = [];
  for (const { resource, names } of targets) {
    const ns = resource.namespaced ? namespace : undefined;
    if (names) {
      for (const name of names) {
        const matched = byNameOrPrefix(ctx, resource, ns, name);
        if (matched.length > 0) found.push(...matched);
        else errors.push(apiErrorLine(notFound(resource, name)));
      }
      continue;
    }
    const listed = ctx
      .list(resource, allNamespaces || !resource.namespaced ? undefined : namespace)
      .filter((obj) => !selector || selector.matches(obj.metadata.labels))
      .sort(byNamespaceAndName);
    found.push(...listed);
  }

  const stdout = found.map((obj) => describeObject(ctx, obj, showEvents)).join('\n\n');
  const stderr = errors.map((e) => `${e}\n`).join('');
  if (found.length === 0 && errors.length === 0) {
    const allNamespaced = !allNamespaces && targets.every((t) => t.resource.namespaced);
    return { stdout: '', stderr: allNamespaced ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n', exitCode: 0 };
  }
  return { stdout, stderr, exitCode: errors.length > 0 ? 1 : 0 };
}

/** The object named exactly, else every object whose name starts with `name` (describe's NAME_PREFIX). */
function byNameOrPrefix(ctx: KubectlContext, resource: ResourceInfo, ns: string | undefined, name: string): KubeObject[] {
  const exact = ctx.get(resource, ns, name);
  if (exact) return [exact];
  return ctx
    .list(resource, ns)
    .filter((o) => (o.metadata.name ?? '').startsWith(name))
    .sort(byNamespaceAndName);
}

function byNamespaceAndName(a: KubeObject, b: KubeObject): number {
  return goCompare(a.metadata.namespace ?? '', b.metadata.namespace ?? '') || goCompare(a.metadata.name ?? '', b.metadata.name ?? '');
}
