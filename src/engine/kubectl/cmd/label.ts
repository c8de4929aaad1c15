// `kubectl label TYPE NAME k=v k2-` and `kubectl annotate ...`: add, overwrite (--overwrite) or
// remove (`key-`) labels/annotations, by name, -l SELECTOR or --all. The API server validates keys.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/label/label.go (parseLabels, validateNoOverwrites,
//           updateDataChangeMsg), staging/src/k8s.io/kubectl/pkg/cmd/annotate/annotate.go
// SIMPLIFICATION: no -f, --list, --local, --dry-run or --resource-version; one merge patch per object.

import { qualifiedSingular } from '../../api/resources';
import { isValidLabelValue } from '../../apiserver/validation/names';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { boolFlag, stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { fail, usageError } from './errors';
import { serverErrorLine } from './patch';
import { isOutput, renderErrors, visitTargets } from './targets';

export const labelFlags: readonly FlagSpec[] = [
  { name: 'overwrite', kind: 'bool' },
  { name: 'selector', shorthand: 'l', kind: 'string' },
  { name: 'all', kind: 'bool' },
];
export const annotateFlags = labelFlags;

type Field = 'labels' | 'annotations';

/** GetResourcesAndPairs: resources come first; the first `k=v` or `k-` starts the updates. */
function splitArgs(args: readonly string[], what: string): { resources: string[]; updates: string[] } | { error: string } {
  const resources: string[] = [];
  const updates: string[] = [];
  for (const a of args) {
    const isUpdate = (a.includes('=') && !a.startsWith('=')) || (a.endsWith('-') && a !== '-');
    if (isUpdate) updates.push(a);
    else if (updates.length === 0) resources.push(a);
    else return { error: `all resources must be specified before ${what} changes: ${a}` };
  }
  return { resources, updates };
}

/** parseLabels / ParsePairs: `k=v` to set, `k-` to remove. */
function parseUpdates(field: Field, specs: readonly string[]): { set: Map<string, string>; remove: string[] } | { error: string } {
  const set = new Map<string, string>();
  const remove: string[] = [];
  const invalid: string[] = [];
  for (const spec of specs) {
    if (spec.includes('=')) {
      if (field === 'labels') {
        const parts = spec.split('=');
        if (parts.length !== 2) return { error: `invalid label spec: ${spec}` };
        const errs = isValidLabelValue(parts[1]);
        if (errs.length > 0) return { error: `invalid label value: ${JSON.stringify(spec)}: ${errs.join(';')}` };
        set.set(parts[0], parts[1]);
      } else {
        const eq = spec.indexOf('=');
        set.set(spec.slice(0, eq), spec.slice(eq + 1));
      }
    } else if (spec.endsWith('-')) {
      remove.push(spec.slice(0, -1));
    } else if (field === 'labels') {
      return { error: `unknown label spec: ${spec}` };
    } else invalid.push(spec);
  }
  if (invalid.length > 0) return { error: `invalid annotation format: ${invalid.join(', ')}` };
  if (remove.some((k) => set.has(k))) {
    return { error: field === 'labels' ? 'can not both modify and remove a label in the same command' : 'can not both modify and remove an annotation in the same command' };
  }
  return { set, remove };
}

function runMetadataEdit(field: Field, ctx: KubectlContext, { args, flags }: ParsedArgs, namespace: string): CommandOutput {
  const verb = field === 'labels' ? 'label' : 'annotate';
  const noun = field === 'labels' ? 'label' : 'annotation';
  const split = splitArgs(args, noun);
  if ('error' in split) return fail(split.error);
  const updates = parseUpdates(field, split.updates);
  if ('error' in updates) return fail(updates.error);
  const selector = stringFlag(flags, 'selector');
  const all = boolFlag(flags, 'all');
  const overwrite = boolFlag(flags, 'overwrite');
  if (all && selector !== undefined) return fail('cannot set --all and --selector at the same time');
  if (split.resources.length === 0) return usageError(verb, 'one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (updates.set.size === 0 && updates.remove.length === 0) return usageError(verb, `at least one ${noun} update is required`);
  if (!ctx.patch) return fail(`"kubectl ${verb}" is not available here`);
  const visited = visitTargets(ctx, split.resources, namespace, selector, all);
  if (isOutput(visited)) return visited;

  let stdout = '';
  const errors = [...visited.notFound];
  for (const { resource, namespace: ns, object } of visited.objects) {
    const name = object.metadata.name ?? '';
    const current: Record<string, string> = { ...(object.metadata[field] ?? {}) };
    if (!overwrite) {
      // validateNoOverwrites: any key that is already set, even to the same value
      const clashes = [...updates.set.keys()].filter((k) => current[k] !== undefined);
      if (clashes.length > 0) {
        // label: one error per key; annotate: one error naming every key, joined by "; "
        if (field === 'labels') for (const k of clashes) errors.push(`'${k}' already has a value (${current[k]}), and --overwrite is false`);
        else errors.push(`--overwrite is false but found the following declared annotation(s): ${clashes.map((k) => `'${k}' already has a value (${current[k]})`).join('; ')}`);
        continue;
      }
    }
    const patch: Record<string, string | null> = {};
    let changed = false;
    let removed = false;
    for (const k of updates.remove) {
      if (current[k] === undefined) {
        if (field === 'labels') stdout += `label ${JSON.stringify(k)} not found.\n`;
        continue;
      }
      patch[k] = null;
      changed = true;
      removed = true;
    }
    for (const [k, v] of updates.set) {
      if (current[k] === v) continue;
      patch[k] = v;
      changed = true;
    }
    if (changed) {
      const r = ctx.patch(resource, ns, name, { metadata: { [field]: patch } }, 'merge');
      if (!r.ok) {
        errors.push(serverErrorLine(r.status));
        continue;
      }
    }
    // updateDataChangeMsg: a pure removal without --overwrite reads "unlabeled"; annotate always says "annotated".
    let msg: string;
    if (field === 'annotations') msg = 'annotated';
    else if (!changed) msg = 'not labeled';
    else msg = removed && !overwrite && updates.set.size === 0 ? 'unlabeled' : 'labeled';
    stdout += `${qualifiedSingular(resource)}/${name} ${msg}\n`;
  }
  return { stdout, stderr: renderErrors(errors), exitCode: errors.length === 0 ? 0 : 1 };
}

export function runLabel(ctx: KubectlContext, parsed: ParsedArgs, namespace: string): CommandOutput {
  return runMetadataEdit('labels', ctx, parsed, namespace);
}

export function runAnnotate(ctx: KubectlContext, parsed: ParsedArgs, namespace: string): CommandOutput {
  return runMetadataEdit('annotations', ctx, parsed, namespace);
}
