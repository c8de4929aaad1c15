// `kubectl version [--client] [-o json|yaml]`: the client, its bundled kustomize and the server.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/version/version.go (Run)
// SIMPLIFICATION: one simulated v1.35.0 release for client and server; gitCommit and buildDate in
// -o json|yaml are placeholders (zeros, the epoch), not a real build's.

import { toKubectlJson } from '../printers/json';
import { toKubectlYaml } from '../printers/yaml';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { boolFlag, stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { fail } from './errors';

export const versionFlags: readonly FlagSpec[] = [
  { name: 'client', kind: 'bool' },
  { name: 'output', shorthand: 'o', kind: 'string' },
];

export const KUBERNETES_VERSION = 'v1.35.0';
export const KUSTOMIZE_VERSION = 'v5.7.1';

/** version.Info as the binary reports it. */
function info(platform: string) {
  return {
    major: '1',
    minor: '35',
    emulationMajor: '1',
    emulationMinor: '35',
    minCompatibilityMajor: '1',
    minCompatibilityMinor: '34',
    gitVersion: KUBERNETES_VERSION,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '1970-01-01T00:00:00Z',
    goVersion: 'go1.25.0',
    compiler: 'gc',
    platform,
  };
}

export function runVersion(_ctx: KubectlContext, { args, flags }: ParsedArgs): CommandOutput {
  if (args.length > 0) return fail(`unknown command "${args[0]}" for "kubectl version"`);
  const clientOnly = boolFlag(flags, 'client');
  const output = stringFlag(flags, 'output');
  if (output !== undefined && output !== 'json' && output !== 'yaml') return fail('--output must be \'yaml\' or \'json\'');
  const client = info('linux/amd64');
  const server = info('linux/amd64');
  if (output) {
    const doc: Record<string, unknown> = { clientVersion: client, kustomizeVersion: KUSTOMIZE_VERSION };
    if (!clientOnly) doc.serverVersion = server;
    return { stdout: output === 'json' ? toKubectlJson(doc) : toKubectlYaml(doc), stderr: '', exitCode: 0 };
  }
  let stdout = `Client Version: ${KUBERNETES_VERSION}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`;
  if (!clientOnly) stdout += `Server Version: ${KUBERNETES_VERSION}\n`;
  return { stdout, stderr: '', exitCode: 0 };
}
