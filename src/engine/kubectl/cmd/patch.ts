// `kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]`: the API server applies the patch;
// kubectl prints `deployment.apps/web patched`, or `... patched (no change)` when nothing changed.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/patch/patch.go (PatchOptions.Validate, RunPatch),
//           staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go (checkErr: "The request is invalid")
// SIMPLIFICATION: no -f, --patch-file, --local, --dry-run or --subresource.

import { parse as parseYaml } from 'yaml';
import type { ApiStatus } from '../../api/meta';
import { qualifiedSingular } from '../../api/resources';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { apiErrorLine, fail, usageError } from './errors';
import { parseResourceArgs } from './resource-args';

export const patchFlags: readonly FlagSpec[] = [
  { name: 'patch', shorthand: 'p', kind: 'string' },
  { name: 'type', kind: 'string' },
  { name: 'filename', shorthand: 'f', kind: 'string' },
  { name: 'patch-file', kind: 'string' },
];

const PATCH_TYPES = ['json', 'merge', 'strategic'] as const;
type PatchType = (typeof PATCH_TYPES)[number];

/** checkErr's wording of an API error: Invalid without kind/name is "The request is invalid: ...". */
export function serverErrorLine(status: ApiStatus): string {
  if (status.reason === 'Invalid' && !status.details?.kind && !status.details?.name) {
    const causes = status.details?.causes ?? [];
    if (causes.length === 0) return `The request is invalid: ${status.message}`;
  }
  return apiErrorLine(status);
}

export function runPatch(ctx: KubectlContext, { args, flags }: ParsedArgs, namespace: string): CommandOutput {
  if (stringFlag(flags, 'filename') !== undefined || stringFlag(flags, 'patch-file') !== undefined) {
    return fail('patching from files is not supported in this sandbox; name the object (TYPE NAME) and give the patch with -p');
  }
  const patchText = stringFlag(flags, 'patch');
  if (patchText === undefined) return fail('must specify --patch or --patch-file containing the contents of the patch');
  const type = (stringFlag(flags, 'type') ?? 'strategic').toLowerCase();
  if (!(PATCH_TYPES as readonly string[]).includes(type)) return fail(`--type must be one of [${PATCH_TYPES.join(' ')}], not "${stringFlag(flags, 'type')}"`);
  if (args.length === 0) {
    return usageError('patch', "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
  }
  const parsed = parseResourceArgs(args, ctx.resources?.());
  if (!parsed.ok) return fail(parsed.error);
  const targets = parsed.value.targets;
  if (targets.some((t) => !t.names)) return fail('resource(s) were provided, but no name was specified');

  // yaml.ToJSON: the patch may be written as JSON or YAML.
  let patch: unknown;
  try {
    patch = parseYaml(patchText);
  } catch (e) {
    return fail(`unable to parse ${JSON.stringify(patchText)}: yaml: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!ctx.patch) return fail('"kubectl patch" is not available here');

  let stdout = '';
  let stderr = '';
  for (const { resource, names } of targets) {
    const ns = resource.namespaced ? namespace : undefined;
    for (const name of names ?? []) {
      const before = ctx.get(resource, ns, name);
      const r = ctx.patch(resource, ns, name, patch, type as PatchType);
      if (!r.ok) {
        stderr += `${serverErrorLine(r.status)}\n`;
        continue;
      }
      const unchanged = before !== undefined && before.metadata.resourceVersion === r.object.metadata.resourceVersion;
      stdout += `${qualifiedSingular(resource)}/${name} patched${unchanged ? ' (no change)' : ''}\n`;
    }
  }
  return { stdout, stderr, exitCode: stderr === '' ? 0 : 1 };
}
