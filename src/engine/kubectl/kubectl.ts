// The kubectl command line over the simulated cluster: tokenize, find the command, parse flags,
// run it against a KubectlContext and hand back stdout, stderr and an exit code.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/cmd.go (NewKubectlCommand) and cobra's command lookup
// SIMPLIFICATION: commands get, describe, delete, apply/create/replace -f FILE, patch and scale; one implicit context with namespace "default".

import type { ApiStatus, KubeObject } from '../api/meta';
import type { ResourceInfo } from '../api/resources';
import { applyFlags, runApply } from './cmd/apply';
import { createFlags, replaceFlags, runCreate, runReplace } from './cmd/create';
import { patchFlags, runPatch } from './cmd/patch';
import { runScale, scaleFlags } from './cmd/scale';
import { parseFlags, stringFlag, tokenize } from './cmd/args';
import type { FlagSpec, ParsedArgs } from './cmd/args';
import { deleteFlags, runDelete } from './cmd/delete';
import { describeFlags, runDescribe } from './cmd/describe';
import { fail, flagError } from './cmd/errors';
import { getFlags, runGet } from './cmd/get';
import type { ApplyResult, CommandOutput } from './results';

/**
 * What kubectl needs from the cluster. The World implements it over its API server; tests use
 * an in-memory fake. Objects returned are read-only; the context never hands out mutable state.
 */
export interface KubectlContext {
  /** Every object of the resource, in any order; `namespace` undefined lists all namespaces. */
  list(resource: ResourceInfo, namespace?: string): KubeObject[];
  /** One object, or undefined when it does not exist. `namespace` is undefined for cluster-scoped kinds. */
  get(resource: ResourceInfo, namespace: string | undefined, name: string): KubeObject | undefined;
  /** Wall-clock-like epoch ms of "now", against which AGE columns are computed. */
  nowMs(): number;
  /** `kubectl apply -f` semantics for a text of YAML/JSON documents; `source` names it in messages. */
  apply(text: string, source: string): ApplyResult;
  /** Delete one object, as a DELETE request would; NotFound and other failures come back as a Status. */
  delete(resource: ResourceInfo, namespace: string | undefined, name: string): { ok: true } | { ok: false; status: ApiStatus };
  /** Read a file for `apply -f`; only the headless CLI has one. Throws when the path does not exist. */
  readFile?(path: string): string;
  /** POST: create an object as sent (defaulting, admission, validation); AlreadyExists when it exists. */
  create?(obj: KubeObject): WriteResult;
  /** PUT: replace an object; a resourceVersion in it is a precondition (Conflict when stale). */
  update?(obj: KubeObject): WriteResult;
  /** PATCH with the given patch type (merge, strategic or json), applied by the API server. */
  patch?(resource: ResourceInfo, namespace: string | undefined, name: string, patch: unknown, type: 'merge' | 'strategic' | 'json'): WriteResult;
}

export type WriteResult = { ok: true; object: KubeObject } | { ok: false; status: ApiStatus };

const globalFlags: readonly FlagSpec[] = [
  { name: 'namespace', shorthand: 'n', kind: 'string' },
  { name: 'help', shorthand: 'h', kind: 'bool' },
];

interface Command {
  flags: readonly FlagSpec[];
  run(ctx: KubectlContext, parsed: ParsedArgs, namespace: string): CommandOutput;
  help: string;
}

const commands: Readonly<Record<string, Command>> = {
  get: {
    flags: getFlags,
    run: runGet,
    help:
      'Display one or many resources.\n\nExamples:\n  kubectl get pods\n  kubectl get pods -o wide\n  kubectl get deploy,svc\n' +
      '  kubectl get pod web -o yaml\n  kubectl get pods -l app=web --show-labels\n  kubectl get all -A\n\n' +
      'Options: -n NAMESPACE, -A, -l SELECTOR, -o wide|yaml|json|name, --show-labels, --no-headers, --sort-by=.FIELD\n\n' +
      'Usage:\n  kubectl get TYPE[.VERSION][.GROUP] [NAME ...] [flags] [options]\n',
  },
  delete: {
    flags: deleteFlags,
    run: runDelete,
    help:
      'Delete resources by resource and names, or by resource and label selector.\n\nExamples:\n  kubectl delete pod web\n' +
      '  kubectl delete deployment/web\n  kubectl delete pods -l app=web\n  kubectl delete pods --all\n\n' +
      'Usage:\n  kubectl delete (TYPE [NAME | -l label | --all] | TYPE/NAME) [options]\n',
  },
  describe: {
    flags: describeFlags,
    run: runDescribe,
    help:
      'Show details of a specific resource or group of resources.\n\nExamples:\n  kubectl describe pod web-5d8f7b9c6d-x2k4q\n' +
      '  kubectl describe pods -l app=web\n  kubectl describe deployment web\n  kubectl describe node node-1\n\n' +
      'Usage:\n  kubectl describe (TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]\n',
  },
  apply: {
    flags: applyFlags,
    run: (ctx, parsed) => runApply(ctx, parsed),
    help: 'Apply a configuration to a resource by file name.\n\nExamples:\n  kubectl apply -f web.yaml\n\nUsage:\n  kubectl apply -f FILENAME [options]\n',
  },
  create: {
    flags: createFlags,
    run: (ctx, parsed, namespace) => runCreate(ctx, parsed, namespace),
    help: 'Create a resource from a file.\n\nExamples:\n  kubectl create -f web.yaml\n\nUsage:\n  kubectl create -f FILENAME [options]\n',
  },
  replace: {
    flags: replaceFlags,
    run: (ctx, parsed, namespace) => runReplace(ctx, parsed, namespace),
    help:
      'Replace a resource by file name. The object must exist; a resourceVersion in the file must be the current one.\n\n' +
      'Examples:\n  kubectl get deploy web -o yaml > web.yaml   (edit it)\n  kubectl replace -f web.yaml\n\nUsage:\n  kubectl replace -f FILENAME [options]\n',
  },
  patch: {
    flags: patchFlags,
    run: runPatch,
    help:
      'Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.\n\nExamples:\n' +
      '  kubectl patch deployment web -p \'{"spec":{"replicas":3}}\'\n' +
      '  kubectl patch deployment web -p \'{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}\'\n' +
      '  kubectl patch pod web --type=merge -p \'{"metadata":{"labels":{"tier":"front"}}}\'\n' +
      '  kubectl patch deployment web --type=json -p \'[{"op":"replace","path":"/spec/replicas","value":2}]\'\n\n' +
      'Usage:\n  kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]\n',
  },
  scale: {
    flags: scaleFlags,
    run: runScale,
    help:
      'Set a new size for a deployment, replica set, replication controller, or stateful set.\n\nExamples:\n' +
      '  kubectl scale deployment web --replicas=5\n  kubectl scale --replicas=3 rs/web-5d8f7b9c6d\n\n' +
      'Usage:\n  kubectl scale [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]\n',
  },
};

/** kubectl 1.35's top-level commands, for "not here yet" messages and cobra's suggestions. */
const KUBECTL_COMMANDS = [
  'alpha', 'annotate', 'api-resources', 'api-versions', 'apply', 'attach', 'auth', 'autoscale', 'certificate',
  'cluster-info', 'completion', 'config', 'cordon', 'cp', 'create', 'debug', 'delete', 'describe', 'diff', 'drain',
  'edit', 'events', 'exec', 'explain', 'expose', 'get', 'help', 'kustomize', 'label', 'logs', 'options', 'patch',
  'plugin', 'port-forward', 'proxy', 'replace', 'rollout', 'run', 'scale', 'set', 'taint', 'top', 'uncordon',
  'version', 'wait',
];

const ROOT_HELP =
  'kubectl controls the simulated Kubernetes cluster.\n\nCommands available here:\n' +
  '  get         Display one or many resources\n  delete      Delete resources by resource and names or by label selector\n' +
  '  apply       Apply a configuration to a resource by file name\n' +
  '  create      Create a resource from a file\n  replace     Replace a resource by file name\n' +
  '  patch       Update fields of a resource\n  scale       Set a new size for a deployment, replica set or stateful set\n\n' +
  'Usage:\n  kubectl [flags] [options]\n\nUse "kubectl <command> --help" for more information about a given command.\n';

/**
 * Run one kubectl command line (`kubectl get pods -o wide`; the leading `kubectl` is optional)
 * and return what kubectl would print. Never throws for user input: every mistake is an
 * `error: ...` line on stderr with exit code 1.
 */
export function runKubectl(ctx: KubectlContext, commandLine: string): CommandOutput {
  const tokens = tokenize(commandLine);
  if (!tokens.ok) return fail(tokens.error);
  const words = tokens.words[0] === 'kubectl' ? tokens.words.slice(1) : tokens.words;

  const at = findCommandWord(words);
  if (at < 0) {
    const rootParsed = parseFlags(words, globalFlags);
    if (!rootParsed.ok) return flagError('', rootParsed.error);
    return { stdout: ROOT_HELP, stderr: '', exitCode: 0 };
  }
  const name = words[at];
  const command = commands[name];
  if (!command) {
    if (KUBECTL_COMMANDS.includes(name)) return fail(`"kubectl ${name}" is not available in this sandbox yet; try kubectl get, describe, delete or apply`);
    return fail(`unknown command "${name}" for "kubectl"${suggestionsFor(name)}`);
  }
  const rest = [...words.slice(0, at), ...words.slice(at + 1)];
  const parsed = parseFlags(rest, [...globalFlags, ...command.flags]);
  if (!parsed.ok) return flagError(name, parsed.error);
  if (parsed.parsed.flags.get('help') === true) return { stdout: command.help, stderr: '', exitCode: 0 };
  const namespace = stringFlag(parsed.parsed.flags, 'namespace') || 'default';
  return command.run(ctx, parsed.parsed, namespace);
}

/** Index of the subcommand: the first word that is neither a flag nor the value of a global flag. */
function findCommandWord(words: readonly string[]): number {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') return i + 1 < words.length ? i + 1 : -1;
    if (w === '-n' || w === '--namespace') {
      i++;
      continue;
    }
    if (w.startsWith('-')) continue;
    return i;
  }
  return -1;
}

/** cobra's "Did you mean this?" block: commands within edit distance 2, or that start with what was typed. */
function suggestionsFor(typed: string): string {
  const lower = typed.toLowerCase();
  const suggestions = KUBECTL_COMMANDS.filter((c) => levenshtein(lower, c) <= 2 || c.startsWith(lower));
  if (suggestions.length === 0) return '';
  return `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}`;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
