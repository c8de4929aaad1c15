// `kubectl delete TYPE NAME...`, `TYPE/NAME...`, `TYPE -l SELECTOR`, `TYPE --all`.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/delete/delete.go (DeleteOptions.DeleteResult, PrintObj)
//           staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go (GetCascadingFlag)
//           --grace-period / --now / --force as Complete() and Validate() settle them
// SIMPLIFICATION: no -f or --wait (a foreground deletion returns at once, as with --wait=false).

import { parseSelector } from '../../api/labels';
import { compareStrings, type DeletionPropagation } from '../../api/meta';
import { qualifiedSingular, type ResourceInfo } from '../../api/resources';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { boolFlag, stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { apiErrorLine, fail, flagError, selectorBadRequest, usageError } from './errors';
import { parseResourceArgs } from './resource-args';

export const deleteFlags: readonly FlagSpec[] = [
  { name: 'selector', shorthand: 'l', kind: 'string' },
  { name: 'all', kind: 'bool' },
  { name: 'cascade', kind: 'string', noOptDefVal: 'background' },
  { name: 'grace-period', kind: 'string' },
  { name: 'now', kind: 'bool' },
  { name: 'force', kind: 'bool' },
  { name: 'ignore-not-found', kind: 'bool' },
];

/** WarningPrinter's line when --force deletes at once (Validate). */
export const IMMEDIATE_DELETION_WARNING =
  'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n';

/**
 * Complete()'s grace period: -1 (the object's own) unless given; --now is 1; 0 without --force
 * becomes 1 (no accidental immediate deletion); --force alone is 0.
 */
export function gracePeriodOf(flags: ParsedArgs['flags']): { ok: true; gracePeriod: number; force: boolean } | { ok: false; out: CommandOutput } {
  const raw = stringFlag(flags, 'grace-period');
  let grace = -1;
  if (raw !== undefined) {
    if (!/^[+-]?\d+$/.test(raw)) return { ok: false, out: flagError('delete', `invalid argument "${raw}" for "--grace-period" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`) };
    grace = Number(raw);
  }
  const force = boolFlag(flags, 'force');
  if (boolFlag(flags, 'now')) {
    if (grace !== -1) return { ok: false, out: fail('--now and --grace-period cannot be specified together') };
    grace = 1;
  }
  if (grace === 0 && !force) grace = 1;
  if (force && grace < 0) grace = 0;
  return { ok: true, gracePeriod: grace, force };
}

const NO_RESOURCES =
  "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

export function runDelete(ctx: KubectlContext, { args, flags }: ParsedArgs, namespace: string): CommandOutput {
  // Complete(): the --cascade flag is read before the resources are resolved.
  const cascade = getCascadingFlag(stringFlag(flags, 'cascade') ?? 'background');
  if (!cascade.ok) return fail(cascade.error);
  // The deprecation warning is printed before anything else fails.
  const warned = (out: CommandOutput): CommandOutput => ({ ...out, stderr: (cascade.warning ?? '') + out.stderr });
  const grace = gracePeriodOf(flags);
  if (!grace.ok) return warned(grace.out);
  if (args.length === 0) return warned(usageError('delete', NO_RESOURCES));
  const parsed = parseResourceArgs(args, ctx.resources?.());
  if (!parsed.ok) return warned(fail(parsed.error));
  const { targets } = parsed.value;
  const selectorText = stringFlag(flags, 'selector')?.trim();
  const all = boolFlag(flags, 'all');
  const named = targets.some((t) => t.names);
  if (named && (selectorText !== undefined || all)) return warned(fail('name cannot be provided when a selector is specified'));
  if (!named && selectorText === undefined && !all) return warned(fail('resource(s) were provided, but no name was specified'));
  const sel = parseSelector(selectorText ?? '');
  if (!sel.ok) return warned(selectorBadRequest(targets[0].resource, selectorText ?? '', sel.error));
  // Validate()
  const { gracePeriod, force } = grace;
  if (force && gracePeriod > 0) return warned(fail('--force and --grace-period greater than 0 cannot be specified together'));

  // --ignore-not-found: NotFound errors are dropped. With --all or -l it is on unless set explicitly
  // (an object listed may be gone by the time it is deleted).
  const ignoreNotFound = flags.has('ignore-not-found') ? boolFlag(flags, 'ignore-not-found') : all || selectorText !== undefined;
  let stdout = '';
  let stderr = (cascade.warning ?? '') + (force && gracePeriod === 0 ? IMMEDIATE_DELETION_WARNING : '');
  let failed = false;
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
      const result = ctx.delete(resource, ns, name, { propagationPolicy: cascade.policy, ...(gracePeriod >= 0 ? { gracePeriodSeconds: gracePeriod } : {}) });
      if (!result.ok) {
        if (ignoreNotFound && result.status.reason === 'NotFound') continue;
        stderr += `${apiErrorLine(result.status)}\n`;
        failed = true;
        continue;
      }
      stdout += `${deletedLine(resource, name, ns, gracePeriod === 0 ? 'force deleted' : 'deleted')}\n`;
    }
  }
  if (matched === 0) stdout += 'No resources found\n';
  return { stdout, stderr, exitCode: failed ? 1 : 0 };
}

/**
 * The line kubectl prints for each object it deleted: `pod "web" deleted from default namespace`
 * (`force deleted` when the grace period is 0).
 */
export function deletedLine(resource: ResourceInfo, name: string, namespace: string | undefined, operation = 'deleted'): string {
  const kind = qualifiedSingular(resource);
  return namespace ? `${kind} "${name}" ${operation} from ${namespace} namespace` : `${kind} "${name}" ${operation}`;
}

/**
 * GetCascadingFlag: background | foreground | orphan, or a deprecated boolean (true = background,
 * false = orphan, with a warning on stderr).
 */
export function getCascadingFlag(value: string): { ok: true; policy: DeletionPropagation; warning?: string } | { ok: false; error: string } {
  const b = ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value) ? true : ['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value) ? false : undefined;
  if (b === undefined) {
    switch (value) {
      case 'orphan':
        return { ok: true, policy: 'Orphan' };
      case 'foreground':
        return { ok: true, policy: 'Foreground' };
      case 'background':
        return { ok: true, policy: 'Background' };
      default:
        return { ok: false, error: `invalid cascade value (${value}). Must be "background", "foreground", or "orphan"` };
    }
  }
  const replacement = b ? 'background' : 'orphan';
  return { ok: true, policy: b ? 'Background' : 'Orphan', warning: `warning: --cascade=${value} is deprecated (boolean value) and can be replaced with --cascade=${replacement}.\n` };
}
