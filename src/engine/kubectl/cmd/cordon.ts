// `kubectl cordon NODE` / `kubectl uncordon NODE`: set or clear spec.unschedulable.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go (RunCordonOrUncordon),
//           staging/src/k8s.io/kubectl/pkg/drain/cordon.go (CordonHelper)
// SIMPLIFICATION: no --dry-run.

import { resourceForKind } from '../../api/resources';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { fail, usageError } from './errors';
import { serverErrorLine } from './patch';
import { isOutput, renderErrors, visitTargets, type Visited } from './targets';

export const cordonFlags: readonly FlagSpec[] = [{ name: 'selector', shorthand: 'l', kind: 'string' }];

const nodes = resourceForKind('Node')!;

/** The nodes a cordon/uncordon/drain command names (`NODE...`, or `-l` with no names). */
export function visitNodes(ctx: KubectlContext, verb: string, args: readonly string[], selector: string | undefined): Visited[] | CommandOutput {
  if (args.length === 0 && selector === undefined) return usageError(verb, 'USAGE: ' + verb + ' NODE [flags]');
  const visited = visitTargets(ctx, args.length > 0 ? ['node', ...args] : ['node'], 'default', selector, false);
  if (isOutput(visited)) return visited;
  if (visited.notFound.length > 0) return { stdout: '', stderr: renderErrors(visited.notFound), exitCode: 1 };
  return visited.objects;
}

/**
 * Cordon (desired true) or uncordon one node: `node/x cordoned`, `node/x already cordoned`.
 * Returns the line for stdout, or an error line for stderr.
 */
export function cordonOrUncordon(ctx: KubectlContext, node: Visited, desired: boolean): { out: string } | { err: string } {
  const name = node.object.metadata.name ?? '';
  const word = desired ? 'cordoned' : 'uncordoned';
  const current = (node.object.spec as { unschedulable?: boolean } | undefined)?.unschedulable === true;
  if (current === desired) return { out: `node/${name} already ${word}\n` };
  const r = ctx.patch!(nodes, undefined, name, { spec: { unschedulable: desired ? true : null } }, 'merge');
  if (!r.ok) return { err: `${serverErrorLine(r.status)}\n` };
  return { out: `node/${name} ${word}\n` };
}

function run(desired: boolean, ctx: KubectlContext, { args, flags }: ParsedArgs): CommandOutput {
  const verb = desired ? 'cordon' : 'uncordon';
  if (!ctx.patch) return fail(`"kubectl ${verb}" is not available here`);
  const visited = visitNodes(ctx, verb, args, stringFlag(flags, 'selector'));
  if (!Array.isArray(visited)) return visited;
  let stdout = '';
  let stderr = '';
  for (const node of visited) {
    const r = cordonOrUncordon(ctx, node, desired);
    if ('out' in r) stdout += r.out;
    else stderr += r.err;
  }
  return { stdout, stderr, exitCode: stderr === '' ? 0 : 1 };
}

export function runCordon(ctx: KubectlContext, parsed: ParsedArgs): CommandOutput {
  return run(true, ctx, parsed);
}

export function runUncordon(ctx: KubectlContext, parsed: ParsedArgs): CommandOutput {
  return run(false, ctx, parsed);
}
