// `kubectl taint nodes NODE key=value:Effect`, removal `key:Effect-` / `key-`, `--overwrite`.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/taint/taint.go (Validate, updateTaints),
//           staging/src/k8s.io/kubectl/pkg/cmd/taint/utils.go (reorganizeTaints, checkIfTaintsAlreadyExists),
//           staging/src/k8s.io/kubectl/pkg/util/taints/taints.go (parseTaint, ParseTaints)
// SIMPLIFICATION: no --dry-run or -o; the taint list is written with one merge patch.

import type { Taint } from 'kubernetes-types/core/v1';
import { resolveResourceArg } from '../../api/resources';
import { isQualifiedName, isValidLabelValue } from '../../apiserver/validation/names';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { boolFlag, stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { fail, usageError } from './errors';
import { serverErrorLine } from './patch';
import { isOutput, renderErrors, visitTargets } from './targets';

export const taintFlags: readonly FlagSpec[] = [
  { name: 'overwrite', kind: 'bool' },
  { name: 'selector', shorthand: 'l', kind: 'string' },
  { name: 'all', kind: 'bool' },
];

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

type TaintSpec = { key: string; value?: string; effect?: string };

function parseTaint(st: string): TaintSpec | { error: string } {
  const parts = st.split(':');
  let key: string;
  let value: string | undefined;
  let effect: string | undefined;
  if (parts.length === 1) key = parts[0];
  else if (parts.length === 2) {
    effect = parts[1];
    if (!EFFECTS.includes(effect)) return { error: `invalid taint effect: ${effect}, unsupported taint effect` };
    const kv = parts[0].split('=');
    if (kv.length > 2) return { error: `invalid taint spec: ${st}` };
    key = kv[0];
    if (kv.length === 2) {
      value = kv[1];
      const errs = isValidLabelValue(value);
      if (errs.length > 0) return { error: `invalid taint spec: ${st}, ${errs.join('; ')}` };
    }
  } else return { error: `invalid taint spec: ${st}` };
  const errs = isQualifiedName(key);
  if (errs.length > 0) return { error: `invalid taint spec: ${st}, ${errs.join('; ')}` };
  return { key, value, effect };
}

/** Taint.ToString: key=value:effect, key:effect, key=value or key. */
function taintString(t: TaintSpec): string {
  const kv = t.value ? `${t.key}=${t.value}` : t.key;
  return t.effect ? `${kv}:${t.effect}` : kv;
}

function parseTaints(specs: readonly string[]): { add: TaintSpec[]; remove: TaintSpec[] } | { error: string } {
  const add: TaintSpec[] = [];
  const remove: TaintSpec[] = [];
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const t = parseTaint(spec.slice(0, -1));
      if ('error' in t) return t;
      remove.push({ key: t.key, effect: t.effect });
      continue;
    }
    const t = parseTaint(spec);
    if ('error' in t) return t;
    if (!t.effect) return { error: `unknown taint spec: ${spec}` };
    if (add.some((a) => a.key === t.key && a.effect === t.effect)) {
      return { error: `duplicated taints with the same key and effect: {${t.key} ${t.value ?? ''} ${t.effect} <nil>}` };
    }
    add.push(t);
  }
  return { add, remove };
}

/** reorganizeTaints: the new list, the word kubectl prints, and "not found" errors for removals. */
function reorganizeTaints(old: readonly Taint[], overwrite: boolean, add: readonly TaintSpec[], remove: readonly TaintSpec[]): { taints: Taint[]; operation: string; errors: string[] } {
  const taints: Taint[] = add.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect! }));
  for (const o of old) if (!taints.some((t) => t.key === o.key && t.effect === o.effect)) taints.push(o);
  const added = old.length !== taints.length;
  const errors: string[] = [];
  let deleted = false;
  let list = taints;
  for (const r of remove) {
    const before = list.length;
    list = list.filter((t) => !(t.key === r.key && (!r.effect || t.effect === r.effect)));
    deleted = list.length < before;
    if (!deleted) errors.push(`taint ${JSON.stringify(taintString(r))} not found`);
  }
  const operation = (added && deleted) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { taints: list, operation, errors };
}

export function runTaint(ctx: KubectlContext, { args, flags }: ParsedArgs): CommandOutput {
  const resources: string[] = [];
  const specs: string[] = [];
  for (const a of args) {
    if (a.includes(':') || a.includes('=') || a.endsWith('-')) specs.push(a);
    else if (specs.length === 0) resources.push(a);
    else return fail(`all resources must be specified before taint changes: ${a}`);
  }
  // Complete, then Validate, in kubectl's order.
  if (resources.length === 0) return fail('one or more resources must be specified as <resource> <name>');
  if (specs.length === 0) return fail('at least one taint update is required');
  const parsed = parseTaints(specs);
  if ('error' in parsed) return usageError('taint', parsed.error);
  const typeArg = resources[0].toLowerCase();
  const type = resolveResourceArg(typeArg);
  if (!type) return fail(`the server doesn't have a resource type "${typeArg}"`);
  if (type.kind !== 'Node') return fail(`invalid resource type ${typeArg}, only node types are supported`);
  const conflicts = parsed.add.flatMap((a) => parsed.remove.filter((r) => r.key === a.key && (!r.effect || r.effect === a.effect)).map((r) => `{"${r.key}":"${r.effect ?? ''}"}`));
  if (conflicts.length > 0) return fail(`can not both modify and remove the following taint(s) in the same command: ${conflicts.join(', ')}`);
  const selector = stringFlag(flags, 'selector');
  const all = boolFlag(flags, 'all');
  if (all && selector !== undefined && selector !== '') return fail("setting 'all' parameter with a non empty selector is prohibited");
  if (!all && !selector && resources.length < 2) return fail("at least one resource name must be specified since 'all' parameter is not set");
  if (!ctx.patch) return fail('"kubectl taint" is not available here');
  const visited = visitTargets(ctx, all || selector ? ['node'] : ['node', ...resources.slice(1)], 'default', selector || undefined, all);
  if (isOutput(visited)) return visited;

  let stdout = '';
  const failures = [...visited.notFound];
  for (const { resource, object } of visited.objects) {
    const name = object.metadata.name ?? '';
    const old = (object.spec as { taints?: Taint[] } | undefined)?.taints ?? [];
    if (!boolFlag(flags, 'overwrite')) {
      const exists = parsed.add.filter((a) => old.some((o) => o.key === a.key && o.effect === a.effect)).map((a) => a.key);
      if (exists.length > 0) {
        failures.push(`node ${name} already has ${exists.join(',')} taint(s) with same effect(s) and --overwrite is false`);
        continue;
      }
    }
    const { taints, operation, errors } = reorganizeTaints(old, boolFlag(flags, 'overwrite'), parsed.add, parsed.remove);
    if (errors.length > 0) {
      failures.push(...errors);
      continue;
    }
    const r = ctx.patch(resource, undefined, name, { spec: { taints: taints.length > 0 ? taints : null } }, 'merge');
    if (!r.ok) {
      failures.push(serverErrorLine(r.status));
      continue;
    }
    stdout += `node/${name} ${operation}\n`;
  }
  return { stdout, stderr: renderErrors(failures), exitCode: failures.length === 0 ? 0 : 1 };
}
