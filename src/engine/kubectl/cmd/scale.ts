// `kubectl scale TYPE NAME --replicas=N`: set spec.replicas through the scale subresource.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/scale/scale.go (ScaleOptions.Validate, RunScale),
//           staging/src/k8s.io/kubectl/pkg/scale/scale.go (ScaleCondition, PreconditionError)
// SIMPLIFICATION: the scale subresource is a merge patch of spec.replicas; no -l, --all, -f,
// --resource-version or --timeout.

import { qualifiedSingular } from '../../api/resources';
import { groupResource } from '../../apiserver/errors';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { fail, flagError, usageError } from './errors';
import { serverErrorLine } from './patch';
import { parseResourceArgs } from './resource-args';

export const scaleFlags: readonly FlagSpec[] = [
  { name: 'replicas', kind: 'string' },
  { name: 'current-replicas', kind: 'string' },
];

/** Resources that serve a `scale` subresource. */
const SCALABLE = new Set(['deployments', 'replicasets', 'statefulsets', 'replicationcontrollers']);

function parseIntFlag(flags: ParsedArgs['flags'], name: string): number | undefined | { error: string } {
  const v = stringFlag(flags, name);
  if (v === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(v)) return { error: `invalid argument "${v}" for "--${name}" flag: strconv.ParseInt: parsing "${v}": invalid syntax` };
  return Number(v);
}

export function runScale(ctx: KubectlContext, { args, flags }: ParsedArgs, namespace: string): CommandOutput {
  const replicas = parseIntFlag(flags, 'replicas');
  if (typeof replicas === 'object') return flagError('scale', replicas.error);
  const current = parseIntFlag(flags, 'current-replicas');
  if (typeof current === 'object') return flagError('scale', current.error);
  if (replicas === undefined) return fail('required flag(s) "replicas" not set');
  if (replicas < 0) return fail('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  if (args.length === 0) {
    return usageError('scale', "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
  }
  const parsed = parseResourceArgs(args, ctx.resources?.());
  if (!parsed.ok) return fail(parsed.error);
  if (parsed.value.targets.some((t) => !t.names)) return fail('resource(s) were provided, but no name was specified');
  if (!ctx.patch) return fail('"kubectl scale" is not available here');

  let stdout = '';
  let stderr = '';
  for (const { resource, names } of parsed.value.targets) {
    const ns = resource.namespaced ? namespace : undefined;
    for (const name of names ?? []) {
      if (!SCALABLE.has(resource.resource)) {
        stderr += 'Error from server (NotFound): the server could not find the requested resource\n';
        continue;
      }
      const live = ctx.get(resource, ns, name);
      if (!live) {
        stderr += `Error from server (NotFound): ${groupResource(resource)} "${name}" not found\n`;
        continue;
      }
      if (current !== undefined) {
        const was = (live.spec as { replicas?: number } | undefined)?.replicas ?? 1;
        if (was !== current) {
          stderr += `error: Expected replicas to be ${current}, was ${was}\n`;
          continue;
        }
      }
      const r = ctx.patch(resource, ns, name, { spec: { replicas } }, 'merge');
      if (!r.ok) {
        stderr += `${serverErrorLine(r.status)}\n`;
        continue;
      }
      stdout += `${qualifiedSingular(resource)}/${name} scaled\n`;
    }
  }
  return { stdout, stderr, exitCode: stderr === '' ? 0 : 1 };
}
