// The objects kubectl's generators build (`kubectl run`, `create deployment|namespace|configmap|
// secret generic|service`, `expose`), and how they are sent: POST, or with --dry-run=client printed.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/create/create_{deployment,namespace,configmap,secret,service}.go,
//           staging/src/k8s.io/kubectl/pkg/cmd/run/run.go, staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go (GetDryRunStrategy)
// SIMPLIFICATION: --dry-run=server is answered like client (no admission round trip); generated objects
// carry no `creationTimestamp: null` (what kubectl 1.35 prints for an unset time).

import type { KubeObject } from '../../api/meta';
import { qualifiedSingular, resourceForApiVersionKind } from '../../api/resources';
import { toKubectlJson } from '../printers/json';
import { toKubectlYaml } from '../printers/yaml';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { stringFlag } from './args';
import type { FlagSpec, FlagValues } from './args';
import { fail } from './errors';
import { serverErrorLine } from './patch';

/** Flags every generator shares. */
export const generatorFlags: readonly FlagSpec[] = [
  { name: 'dry-run', kind: 'string' },
  { name: 'output', shorthand: 'o', kind: 'string' },
];

type DryRun = 'none' | 'client' | 'server';

/** GetDryRunStrategy: none, client or server; anything else is refused. */
export function dryRunOf(flags: FlagValues): DryRun | { error: string } {
  const v = stringFlag(flags, 'dry-run') ?? 'none';
  if (v === 'none' || v === 'client' || v === 'server') return v;
  return { error: `Invalid dry-run value (${v}). Must be "none", "server", or "client".` };
}

/**
 * Send a generated object (or print it, with --dry-run) and print kubectl's line:
 * `deployment.apps/web created`, `... created (dry run)`, or the object with -o yaml|json|name.
 * `word` is the verb's past tense ('created', 'exposed').
 */
export function sendGenerated(ctx: KubectlContext, generated: KubeObject, flags: FlagValues, namespace: string, word = 'created'): CommandOutput {
  const dryRun = dryRunOf(flags);
  if (typeof dryRun === 'object') return fail(dryRun.error);
  const output = stringFlag(flags, 'output') ?? '';
  if (!['', 'yaml', 'json', 'name'].includes(output)) {
    return fail(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
  }
  const resource = resourceForApiVersionKind(generated.apiVersion, generated.kind)!;
  // The generators set metadata.namespace only when -n was given; the request goes to -n or "default".
  const obj = resource.namespaced && stringFlag(flags, 'namespace') !== undefined
    ? { ...generated, metadata: { ...generated.metadata, namespace } }
    : generated;
  let shown: KubeObject = obj;
  if (dryRun === 'none') {
    if (!ctx.create) return fail('this terminal cannot create objects');
    const { status: _status, ...sent } = obj as KubeObject & { status?: unknown };
    const r = ctx.create((resource.namespaced ? { ...sent, metadata: { ...sent.metadata, namespace } } : sent) as KubeObject);
    if (!r.ok) return { stdout: '', stderr: `${serverErrorLine(r.status)}\n`, exitCode: 1 };
    shown = r.object;
  }
  const name = `${qualifiedSingular(resource)}/${obj.metadata.name ?? ''}`;
  switch (output) {
    case 'yaml':
      return { stdout: toKubectlYaml(shown), stderr: '', exitCode: 0 };
    case 'json':
      return { stdout: toKubectlJson(shown), stderr: '', exitCode: 0 };
    case 'name':
      return { stdout: `${name}\n`, stderr: '', exitCode: 0 };
    default: {
      const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
      return { stdout: `${name} ${word}${suffix}\n`, stderr: '', exitCode: 0 };
    }
  }
}

/** buildPodSpec's container name: the image's last path part without tag or digest, `_` made `-`. */
export function containerNameFromImage(image: string): string {
  let name = image.split('/').pop() ?? image;
  name = name.split(':')[0].split('@')[0];
  return name.replace(/_/g, '-');
}

/** A `--port` value: kubectl parses it as an int32 (the API validates the range). */
export function parsePort(flags: FlagValues, name = 'port'): number | undefined | { error: string } {
  const v = stringFlag(flags, name);
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) return { error: `invalid argument "${v}" for "--${name}" flag: strconv.ParseInt: parsing "${v}": invalid syntax` };
  return Number(v);
}
