// How kubectl words failures: `Error from server (<reason>): <message>` for API errors and
// `error: <message>` for its own.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go (StandardErrorMessage, checkErr),
// staging/src/k8s.io/cli-runtime/pkg/resource/selector.go (Selector.Visit)

import type { ApiStatus } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { badRequest } from '../../apiserver/errors';
import type { CommandOutput } from '../results';

/** One line as kubectl prints an API error (Invalid uses its own `The <Kind> "x" is invalid` form). */
export function apiErrorLine(status: ApiStatus): string {
  if (status.reason === 'Invalid' && status.details?.kind && status.details.name !== undefined) {
    const causes = status.details.causes ?? [];
    const header = `The ${status.details.kind} "${status.details.name}" is invalid: `;
    if (causes.length === 1) return header + causeText(causes[0]);
    if (causes.length > 1) return `${header}\n${causes.map((c) => `* ${causeText(c)}`).join('\n')}`;
  }
  return `Error from server (${status.reason}): ${status.message}`;
}

function causeText(c: { field?: string; message?: string }): string {
  return c.field ? `${c.field}: ${c.message ?? ''}` : (c.message ?? '');
}

/**
 * A list whose label selector the API server cannot parse: it answers 400 BadRequest with the
 * parser's message, and the resource builder names the resource and both selectors in front of it.
 */
export function selectorBadRequest(r: ResourceInfo, labelSelector: string, parseError: string): CommandOutput {
  const gvr = `${r.group}/${r.version}, Resource=${r.resource}`;
  const status = badRequest(`Unable to find ${JSON.stringify(gvr)} that match label selector ${JSON.stringify(labelSelector)}, field selector "": ${parseError}`);
  return { stdout: '', stderr: `${apiErrorLine(status)}\n`, exitCode: 1 };
}

/** A failed command: `error: <message>` on stderr, exit code 1. */
export function fail(message: string): CommandOutput {
  return { stdout: '', stderr: `error: ${message}${message.endsWith('\n') ? '' : '\n'}`, exitCode: 1 };
}

/** A flag the command does not know or a flag without its value (cobra's flag error). */
export function flagError(command: string, message: string): CommandOutput {
  const path = command ? `kubectl ${command}` : 'kubectl';
  return { stdout: '', stderr: `error: ${message}\nSee '${path} --help' for usage.\n`, exitCode: 1 };
}

/** A misused command (cmdutil.UsageErrorf). */
export function usageError(command: string, message: string): CommandOutput {
  return { stdout: '', stderr: `error: ${message}\nSee 'kubectl ${command} -h' for help and examples\n`, exitCode: 1 };
}
