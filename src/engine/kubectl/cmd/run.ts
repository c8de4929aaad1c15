// `kubectl run NAME --image=IMAGE [--port] [--labels] [--env] [--restart] [--command] -- [ARGS...]`:
// create one Pod labelled run=NAME.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/run/run.go (RunOptions.Run), staging/src/k8s.io/kubectl/pkg/generate/versioned/run.go (BasicPod)
// SIMPLIFICATION: no -i/-t/--attach/--rm (there is no stream), --expose or --annotations.

import { mergePatch } from '../../apiserver/apiserver';
import { applyJsonPatch } from '../../apiserver/patch/jsonpatch';
import { strategicMergePatch } from '../../apiserver/patch/strategicpatch';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { boolFlag, stringArrayFlag, stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { fail, usageError } from './errors';
import { generatorFlags, parsePort, sendGenerated } from './generate';

export const runFlags: readonly FlagSpec[] = [
  ...generatorFlags,
  { name: 'image', kind: 'string' },
  { name: 'port', kind: 'string' },
  { name: 'labels', shorthand: 'l', kind: 'string' },
  { name: 'env', kind: 'stringArray' },
  { name: 'restart', kind: 'string' },
  { name: 'command', kind: 'bool' },
  { name: 'image-pull-policy', kind: 'string' },
  { name: 'overrides', kind: 'string' },
  { name: 'override-type', kind: 'string' },
];

/** ParseLabels for --labels: `a=b,c=d`. */
function parseLabelList(text: string): Record<string, string> | { error: string } {
  const out: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const kv = pair.split('=');
    if (kv.length !== 2 || kv[0] === '') return { error: `invalid label spec: ${pair}` };
    out[kv[0]] = kv[1];
  }
  return out;
}

export function runRun(ctx: KubectlContext, { args, flags }: ParsedArgs, namespace: string): CommandOutput {
  const [name, ...rest] = args;
  if (name === undefined) return usageError('run', 'NAME is required for run');
  const image = stringFlag(flags, 'image');
  if (!image) return fail('required flag(s) "image" not set');
  const restart = stringFlag(flags, 'restart') ?? 'Always';
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) return fail(`invalid restart policy: ${restart}`);
  const port = parsePort(flags);
  if (typeof port === 'object') return fail(port.error);
  const labelText = stringFlag(flags, 'labels');
  const labels = labelText ? parseLabelList(labelText) : { run: name };
  if ('error' in labels) return fail(labels.error as string);
  const env = stringArrayFlag(flags, 'env').map((e) => {
    const eq = e.indexOf('=');
    return eq < 0 ? { name: e } : { name: e.slice(0, eq), value: e.slice(eq + 1) };
  });
  if (boolFlag(flags, 'command') && rest.length === 0) return usageError('run', 'no command specified, --command requires arguments');
  const pullPolicy = stringFlag(flags, 'image-pull-policy');
  const container: Record<string, unknown> = { name, image, resources: {} };
  if (rest.length > 0) container[boolFlag(flags, 'command') ? 'command' : 'args'] = rest;
  if (env.length > 0) container.env = env;
  if (pullPolicy) container.imagePullPolicy = pullPolicy;
  if (port !== undefined) container.ports = [{ containerPort: port }];
  let pod: Record<string, unknown> = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: restart },
    status: {},
  };
  const overrides = stringFlag(flags, 'overrides');
  if (overrides) {
    const over = applyOverrides(pod, overrides, stringFlag(flags, 'override-type') ?? 'merge');
    if ('error' in over) return fail(over.error);
    pod = over.obj;
  }
  return sendGenerated(ctx, pod as Parameters<typeof sendGenerated>[1], flags, namespace);
}

/**
 * `--overrides`: an inline JSON document applied to the generated object with `--override-type`
 * (merge: an RFC 7386 merge patch, kubectl's default; strategic; json: a JSON patch).
 * UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/run/run.go (generateOverrides), cmd/util/override_options.go
 */
function applyOverrides(obj: Record<string, unknown>, text: string, type: string): { obj: Record<string, unknown> } | { error: string } {
  let patch: unknown;
  try {
    patch = JSON.parse(text);
  } catch (e) {
    return { error: `unable to parse --overrides: ${e instanceof Error ? e.message : String(e)}` };
  }
  const result = patchWith(obj, patch, type);
  if ('error' in result) return result;
  const o = result.obj as unknown;
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return { error: 'unable to parse --overrides: the overridden object is not a JSON object' };
  if ((o as { kind?: unknown }).kind !== 'Pod' || (o as { apiVersion?: unknown }).apiVersion !== 'v1') {
    return { error: 'unable to parse --overrides: the overridden object must stay a v1 Pod (apiVersion: v1, kind: Pod)' };
  }
  return { obj: o as Record<string, unknown> };
}

function patchWith(obj: Record<string, unknown>, patch: unknown, type: string): { obj: unknown } | { error: string } {
  switch (type) {
    case 'merge':
      return { obj: mergePatch(JSON.parse(JSON.stringify(obj)), patch) };
    case 'strategic': {
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return { error: 'unable to parse --overrides: a strategic merge patch must be a JSON object' };
      const r = strategicMergePatch(obj, patch as Record<string, unknown>, 'Pod');
      return r.ok ? { obj: r.doc } : { error: r.error };
    }
    case 'json': {
      if (!Array.isArray(patch)) return { error: 'json patch must be a JSON array of operations' };
      const r = applyJsonPatch(obj as Parameters<typeof applyJsonPatch>[0], patch as Parameters<typeof applyJsonPatch>[1]);
      return r.ok ? { obj: r.doc } : { error: r.error };
    }
    default:
      return { error: `invalid override type: ${type}` };
  }
}
