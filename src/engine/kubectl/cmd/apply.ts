// `kubectl apply -f FILE` on the command line; the apply itself and its output live in ../apply.ts.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go (flags and argument checks)
// SIMPLIFICATION: files only (no folders, URLs, -k or stdin); the caller's readFile does the I/O.

import { applyOutput } from '../apply';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { fail, usageError } from './errors';

export const applyFlags: readonly FlagSpec[] = [
  { name: 'filename', shorthand: 'f', kind: 'string' },
  { name: 'recursive', shorthand: 'R', kind: 'bool' },
];

export function runApply(ctx: KubectlContext, { args, flags }: ParsedArgs): CommandOutput {
  const path = stringFlag(flags, 'filename');
  if (path === undefined) return usageError('apply', 'must specify one of -f and -k');
  if (args.length > 0) return usageError('apply', `Unexpected args: [${args.join(' ')}]`);
  if (path === '-') return fail('reading from stdin is not supported here; paste the YAML into the editor and press Apply');
  if (!ctx.readFile) return fail('this terminal cannot read files; paste the YAML into the editor and press Apply');
  let text: string;
  try {
    text = ctx.readFile(path);
  } catch {
    return fail(`the path "${path}" does not exist`);
  }
  return applyOutput(ctx.apply(text, path));
}
