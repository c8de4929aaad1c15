// `kubectl delete TYPE NAME...`, `TYPE/NAME...`, `TYPE -l SELECTOR`, `TYPE --all`.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/delete/delete.go (DeleteOptions.DeleteResult, PrintObj)
// SIMPLIFICATION: no -f, --grace-period, --force, --cascade or --wait; the API server applies its defaults.

import { parseSelector } from '../../api/labels';
import { compareStrings } from '../../api/meta';
import { qualifiedSingular, type ResourceInfo } from '../../api/resources';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { boolFlag, stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { apiErrorLine, fail, selectorBadRequest, usageError } from './errors';
import { parseResourceArgs } from './resource-args';

export const deleteFlags: readonly FlagSpec[] = [
  { name: 'selector', shorthand: 'l', kind: 'string' },
  { name: 'all', kind: 'bool' },
];

const NO_RESOURCES =
  "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

export function runDelete(ctx: KubectlContext, { args, flags }: ParsedArgs, namespace: string): CommandOutput {
  if (args.length === 0) return usageError('delete', NO_RESOURCES);
  const parsed = parseResourceArgs(args);
  if (!parsed.ok) return fail(parsed.error);
  const { targets } = parsed.value;
  const selectorText = stringFlag(flags, 'selector')?.trim();
  const all = boolFlag(flags, 'all');
  const named = targets.some((t) => t.names);
  if (named && (selectorText !== undefined || all)) return fail('name cannot be provided when a selector is specified');
  if (!named && selectorText === undefined && !all) return fail('resource(s) were provided, but no name was specified');
  const sel = parseSelector(selectorText ?? '');
  if (!sel.ok) return selectorBadRequest(targets[0].resource, selectorText ?? '', sel.error);

  let stdout = '';
  let stderr = '';
  let matched = 0;
  for (const { resource, names } of targets) {
    const ns = resource.namespaced ? namespace : undefined;
    const victims = names ?? ctx
      .list(resource, ns)
      .filter((o) => sel.selector.matches(o.metadata.labels))
      .map((o) => o.metadata.name ?? '')
      .sort(compareStrings);
    for (const name of victims) {
      matched++;
      const result = ctx.delete(resource, ns, name);
      if (!result.ok) {
        stderr += `${apiErrorLine(result.status)}\n`;
        continue;
      }
      stdout += `${deletedLine(resource, name, ns)}\n`;
    }
  }
  if (matched === 0) stdout += 'No resources found\n';
  return { stdout, stderr, exitCode: stderr === '' ? 0 : 1 };
}

/** The line kubectl prints for each object it deleted: `pod "web" deleted from default namespace`. */
export function deletedLine(resource: ResourceInfo, name: string, namespace: string | undefined): string {
  const kind = qualifiedSingular(resource);
  return namespace ? `${kind} "${name}" deleted from ${namespace} namespace` : `${kind} "${name}" deleted`;
}
