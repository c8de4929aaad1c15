// `kubectl create -f FILE` (POST each object; AlreadyExists when it exists) and `kubectl replace -f
// FILE` (PUT each object; NotFound when absent, Conflict when its resourceVersion is stale).
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/create/create.go (RunCreate),
//           staging/src/k8s.io/kubectl/pkg/cmd/replace/replace.go (Run)
// SIMPLIFICATION: files (the editor calls createManifests/replaceManifests with "STDIN") and the
// generators of create-generators.ts; no --save-config, --force, or --dry-run for files.

import type { ApiStatus, KubeObject } from '../../api/meta';
import { qualifiedSingular, resourceForApiVersionKind, type ResourceInfo } from '../../api/resources';
import { resourceForApiVersionKindIn } from '../../api/discovery';
import { pruneNulls, validateObject } from '../../apiserver/validation/validate';
import { renderFailure } from '../apply';
import type { KubectlContext, WriteResult } from '../kubectl';
import { parseManifests } from '../manifest';
import type { CommandOutput } from '../results';
import { stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { createGeneratorFlags, runCreateGenerator } from './create-generators';
import { fail, usageError } from './errors';

export const replaceFlags: readonly FlagSpec[] = [
  { name: 'filename', shorthand: 'f', kind: 'string' },
  { name: 'recursive', shorthand: 'R', kind: 'bool' },
];
export const createFlags: readonly FlagSpec[] = [...replaceFlags, ...createGeneratorFlags];

type Verb = 'create' | 'replace';

/** What create/replace need from the API server (a KubectlContext, or the World for the editor). */
export interface WriteTarget {
  create?(obj: KubeObject): WriteResult;
  update?(obj: KubeObject): WriteResult;
  /** discovery (custom kinds too); the built-ins when absent */
  resources?(): readonly ResourceInfo[];
}

type Failure = { type: 'plain'; message: string } | { type: 'status'; status: ApiStatus; wrapped: string };

/**
 * POST (create) or PUT (replace) every object of `text`, in order, as kubectl does: a document
 * that fails does not stop the others (a syntax error stops the stream). `namespace` is the
 * default for namespaced objects without one. Output as kubectl prints it.
 */
export function writeManifests(api: WriteTarget, verb: Verb, text: string, source: string, namespace = 'default', enforceNamespace = false): CommandOutput {
  const write = verb === 'create' ? api.create : api.update;
  if (!write) return fail(`"kubectl ${verb}" is not available here`);
  const q = JSON.stringify(source);
  let stdout = '';
  const failures: Failure[] = [];
  let objects = 0;
  for (const entry of parseManifests(text, source)) {
    if (entry.kind === 'error') {
      failures.push({ type: 'plain', message: entry.message });
      continue;
    }
    objects++;
    const manifest = entry.object;
    const meta = (manifest.metadata ?? {}) as Record<string, unknown>;
    const name = typeof meta.name === 'string' ? meta.name : '';
    const served = api.resources?.();
    const resource = served ? resourceForApiVersionKindIn(served, manifest.apiVersion, manifest.kind) : resourceForApiVersionKind(manifest.apiVersion, manifest.kind);
    if (!resource) {
      failures.push({
        type: 'plain',
        message: `resource mapping not found for name: ${JSON.stringify(name)} namespace: ${JSON.stringify(typeof meta.namespace === 'string' ? meta.namespace : '')} from ${q}: no matches for kind ${JSON.stringify(manifest.kind)} in version ${JSON.stringify(manifest.apiVersion)}\nensure CRDs are installed first`,
      });
      continue;
    }
    const own = typeof meta.namespace === 'string' ? meta.namespace : '';
    if (enforceNamespace && resource.namespaced && own && own !== namespace) {
      failures.push({ type: 'plain', message: `the namespace from the provided object ${JSON.stringify(own)} does not match the namespace ${JSON.stringify(namespace)}. You must pass '--namespace=${own}' to perform this operation.` });
      continue;
    }
    const desiredMeta: Record<string, unknown> = { ...meta };
    if (resource.namespaced) desiredMeta.namespace = (typeof meta.namespace === 'string' && meta.namespace) || namespace;
    else delete desiredMeta.namespace;
    const obj = pruneNulls({ ...manifest, metadata: desiredMeta }) as KubeObject;
    const status = validateObject(obj, resource) ?? (() => {
      const r = write.call(api, obj);
      return r.ok ? undefined : r.status;
    })();
    const wording = verb === 'create' ? 'creating' : 'replacing';
    if (status) {
      failures.push({ type: 'status', status, wrapped: `error when ${wording} ${q}: ${status.message}` });
      continue;
    }
    stdout += `${qualifiedSingular(resource)}/${name} ${verb === 'create' ? 'created' : 'replaced'}\n`;
  }
  if (objects === 0 && failures.length === 0) return fail('no objects passed to ' + verb);
  const stderr = failures.map((f) => `${renderFailure(f, failures.length === 1)}\n`).join('');
  return { stdout, stderr, exitCode: failures.length > 0 ? 1 : 0 };
}

function readInput(ctx: KubectlContext, verb: Verb, { args, flags }: ParsedArgs): { text: string; source: string } | CommandOutput {
  const path = stringFlag(flags, 'filename');
  if (path === undefined) {
    return usageError(verb, verb === 'create' ? 'must specify one of -f and -k' : 'must specify --filename to replace');
  }
  if (args.length > 0) return usageError(verb, `Unexpected args: [${args.join(' ')}]`);
  if (path === '-') return fail('reading from stdin is not supported here; paste the YAML into the editor');
  if (!ctx.readFile) return fail('this terminal cannot read files; paste the YAML into the editor');
  try {
    return { text: ctx.readFile(path), source: path };
  } catch {
    return fail(`the path "${path}" does not exist`);
  }
}

export function runCreate(ctx: KubectlContext, parsed: ParsedArgs, namespace: string): CommandOutput {
  if (stringFlag(parsed.flags, 'filename') === undefined && parsed.args.length > 0) return runCreateGenerator(ctx, parsed, namespace);
  const input = readInput(ctx, 'create', parsed);
  if ('stdout' in input) return input;
  return writeManifests(ctx, 'create', input.text, input.source, namespace, stringFlag(parsed.flags, 'namespace') !== undefined);
}

export function runReplace(ctx: KubectlContext, parsed: ParsedArgs, namespace: string): CommandOutput {
  const input = readInput(ctx, 'replace', parsed);
  if ('stdout' in input) return input;
  return writeManifests(ctx, 'replace', input.text, input.source, namespace, stringFlag(parsed.flags, 'namespace') !== undefined);
}
