// How kubectl words failures: `Error from server (<reason>): <message>` for API errors and
// `error: <message>` for its own, and the NotFound Status it turns a missing object into.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go (StandardErrorMessage, checkErr),
// staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go (NewNotFound)

import type { ApiStatus } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import type { CommandOutput } from '../results';

/** `pods`, `deployments.apps`: the GroupResource string API errors name objects by. */
export function groupResource(r: ResourceInfo): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

export function notFoundStatus(r: ResourceInfo, name: string): ApiStatus {
  return {
    kind: 'Status', apiVersion: 'v1', status: 'Failure',
    message: `${groupResource(r)} "${name}" not found`, reason: 'NotFound', code: 404,
    details: { name, ...(r.group ? { group: r.group } : {}), kind: r.resource },
  };
}

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
