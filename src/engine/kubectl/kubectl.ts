// The kubectl command line over the simulated cluster: tokenize, find the command, parse flags,
// run it against a KubectlContext and hand back stdout, stderr and an exit code.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/cmd.go (NewKubectlCommand) and cobra's command lookup
// SIMPLIFICATION: a subset of the commands (see `commands`); one implicit context with namespace "default".

import type { ApiStatus, DeletionPropagation, KubeObject } from '../api/meta';
import type { ResourceInfo } from '../api/resources';
import { applyFlags, runApply } from './cmd/apply';
import { createFlags, replaceFlags, runCreate, runReplace } from './cmd/create';
import { patchFlags, runPatch } from './cmd/patch';
import { runScale, scaleFlags } from './cmd/scale';
import { parseFlags, stringArrayFlag, stringFlag, tokenize } from './cmd/args';
import type { FlagSpec, ParsedArgs } from './cmd/args';
import { deleteFlags, runDelete } from './cmd/delete';
import { diffFlags, diffHelp, runDiff, type DryRunApply } from './cmd/diff';
import { execFlags, execHelp, runExec } from './cmd/exec';
import { describeFlags, runDescribe } from './cmd/describe';
import { fail, flagError } from './cmd/errors';
import { getFlags, runGet } from './cmd/get';
import { annotateFlags, runAnnotate } from './cmd/annotate';
import { apiResourcesFlags, runApiResources } from './cmd/api-resources';
import { cordonFlags, runCordon, runUncordon } from './cmd/cordon';
import { drainFlags, runDrain } from './cmd/drain';
import { exposeFlags, runExpose } from './cmd/expose';
import { labelFlags, runLabel } from './cmd/label';
import { rolloutFlags, runRollout } from './cmd/rollout';
import { runFlags, runRun } from './cmd/run';
import { runSet, setFlags } from './cmd/set-image';
import { runTaint, taintFlags } from './cmd/taint';
import { runVersion, versionFlags } from './cmd/version';
import { autoscaleFlags, autoscaleHelp, runAutoscale } from './cmd/autoscale';
import { runTop, topFlags, topHelp } from './cmd/top';
import { logsFlags, logsHelp, runLogs, type PodLogOptions, type PodLogResponse } from './cmd/logs';
import { explainFlags, explainHelp, runExplain } from './cmd/explain';
import type { ApplyResult, CommandOutput, ExecOutput } from './results';
import type { NodeMetrics, PodMetrics } from '../metrics/metrics-server';
import type { AuthorizationDecision, PolicyRule, RequestAttributes, UserInfo } from '../api/rbac';
import { ApiStatusError } from '../apiserver/status-error';
import { authFlags, authHelp, runAuth } from './cmd/auth';
import { apiErrorLine } from './cmd/errors';
import { withDeprecationWarnings } from './deprecation-warnings';

/**
 * What kubectl needs from the cluster. The World implements it over its API server; tests use
 * an in-memory fake. Objects returned are read-only; the context never hands out mutable state.
 */
export interface KubectlContext {
  /** Every object of the resource, in any order; `namespace` undefined lists all namespaces. */
  list(resource: ResourceInfo, namespace?: string): KubeObject[];
  /** Discovery: built-in kinds plus established custom kinds (`kubectl api-resources`). Absent = built-ins only. */
  resources?(): readonly ResourceInfo[];
  /** One object, or undefined when it does not exist. `namespace` is undefined for cluster-scoped kinds. */
  get(resource: ResourceInfo, namespace: string | undefined, name: string): KubeObject | undefined;
  /** Wall-clock-like epoch ms of "now", against which AGE columns are computed. */
  nowMs(): number;
  /** `kubectl apply -f` semantics for a text of YAML/JSON documents; `source` names it in messages. */
  apply(text: string, source: string): ApplyResult;
  /** `apply` into a throwaway copy of the cluster (a dry run): `kubectl diff`. The cluster itself does not change. */
  dryRunApply?(text: string, source: string): DryRunApply;
  /** Delete one object, as a DELETE request would; NotFound and other failures come back as a Status. */
  /** DELETE with DeleteOptions (kubectl always sends a propagationPolicy: its --cascade) */
  delete(resource: ResourceInfo, namespace: string | undefined, name: string, opts?: { propagationPolicy?: DeletionPropagation; gracePeriodSeconds?: number }): { ok: true } | { ok: false; status: ApiStatus };
  /** Read a file for `apply -f`; only the headless CLI has one. Throws when the path does not exist. */
  readFile?(path: string): string;
  /** POST: create an object as sent (defaulting, admission, validation); AlreadyExists when it exists. */
  create?(obj: KubeObject): WriteResult;
  /** PUT: replace an object; a resourceVersion in it is a precondition (Conflict when stale). */
  update?(obj: KubeObject): WriteResult;
  /** PATCH with the given patch type (merge, strategic or json), applied by the API server. */
  patch?(resource: ResourceInfo, namespace: string | undefined, name: string, patch: unknown, type: 'merge' | 'strategic' | 'json'): WriteResult;
  /**
   * Run `argv` in a running container of pod `podKey` (`namespace/name`), as the kubelet's exec
   * would: the process's stdout, stderr and exit code, or `startError` when it could not start.
   * kubectl has already checked that the pod is running there and the container exists and runs.
   */
  exec?(podKey: string, container: string, argv: string[], opts?: { stdin: boolean; tty: boolean }): ExecOutput;
  /**
   * POST pods/<name>/eviction (`kubectl drain`): ok when the pod is being deleted; a Status otherwise,
   * TooManyRequests (429) when a PodDisruptionBudget forbids it, NotFound when the pod is gone.
   */
  evict?(namespace: string, name: string): { ok: true } | { ok: false; status: ApiStatus };
  /** metrics.k8s.io PodMetrics (`kubectl top pods`); `namespace` undefined lists all namespaces. */
  podMetrics?(namespace?: string): PodMetrics[];
  /** metrics.k8s.io NodeMetrics (`kubectl top nodes`). */
  nodeMetrics?(): NodeMetrics[];
  /**
   * GET pods/<name>/log of pod `podKey` (`namespace/name`): the container's log text, or the API
   * server's or kubelet's refusal (BadRequest: no such container, waiting to start, no previous run).
   */
  logs?(podKey: string, opts: PodLogOptions): PodLogResponse;
  /** SelfSubjectReview: who the requests are sent as (`kubectl auth whoami`). */
  whoami?(): UserInfo;
  /** SelfSubjectAccessReview: may the current identity do this (`kubectl auth can-i`)? */
  accessReview?(attrs: Omit<RequestAttributes, 'user'>): AuthorizationDecision;
  /** SelfSubjectRulesReview: the rules that apply to the current identity in a namespace (`can-i --list`). */
  rulesReview?(namespace: string): { rules: PolicyRule[]; errors: string[] };
  /**
   * `--as`/`--as-group`: this context acting as another identity, or Forbidden when the current one
   * may not impersonate it. Reads a context denies throw an ApiStatusError, which runKubectl prints.
   */
  impersonate?(user: string, groups: string[]): { ok: true; ctx: KubectlContext } | { ok: false; status: ApiStatus };
}

export type WriteResult = { ok: true; object: KubeObject } | { ok: false; status: ApiStatus };

const globalFlags: readonly FlagSpec[] = [
  { name: 'namespace', shorthand: 'n', kind: 'string' },
  { name: 'help', shorthand: 'h', kind: 'bool' },
  { name: 'as', kind: 'string' },
  { name: 'as-group', kind: 'stringArray' },
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
      'Options: -n NAMESPACE, -A, -l SELECTOR, -o wide|yaml|json|name|jsonpath=TEMPLATE|custom-columns=SPEC, --show-labels, --no-headers, --sort-by=.FIELD\n\n' +
      'Usage:\n  kubectl get TYPE[.VERSION][.GROUP] [NAME ...] [flags] [options]\n',
  },
  delete: {
    flags: deleteFlags,
    run: runDelete,
    help:
      'Delete resources by resource and names, or by resource and label selector.\n\nExamples:\n  kubectl delete pod web\n' +
      '  kubectl delete deployment/web\n  kubectl delete pods -l app=web\n  kubectl delete pods --all\n' +
      '  kubectl delete deployment web --cascade=orphan\n  kubectl delete pod web --now\n  kubectl delete pod web --force --grace-period=0\n\n' +
      'Options: -l SELECTOR, --all, --cascade=background|foreground|orphan, --grace-period=SECONDS, --now, --force\n\n' +
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
  diff: { flags: diffFlags, run: runDiff, help: diffHelp },
  create: {
    flags: createFlags,
    run: (ctx, parsed, namespace) => runCreate(ctx, parsed, namespace),
    help:
      'Create a resource from a file or from arguments.\n\nExamples:\n  kubectl create -f web.yaml\n  kubectl create deployment web --image=nginx --replicas=3 --port=80\n' +
      '  kubectl create namespace dev\n  kubectl create configmap app --from-literal=mode=prod\n  kubectl create secret generic db --from-literal=password=s3cr3t\n' +
      '  kubectl create service clusterip web --tcp=80:8080\n\n' +
      'Usage:\n  kubectl create -f FILENAME [options]\n  kubectl create deployment|namespace|configmap|secret generic|service clusterip|nodeport NAME [options]\n',
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
  exec: {
    flags: execFlags,
    run: runExec,
    help: execHelp,
  },
  scale: {
    flags: scaleFlags,
    run: runScale,
    help:
      'Set a new size for a deployment, replica set, replication controller, or stateful set.\n\nExamples:\n' +
      '  kubectl scale deployment web --replicas=5\n  kubectl scale --replicas=3 rs/web-5d8f7b9c6d\n\n' +
      'Usage:\n  kubectl scale [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]\n',
  },
  // autoscaling: the HPA and the resource metrics API
  autoscale: { flags: autoscaleFlags, run: runAutoscale, help: autoscaleHelp },
  top: { flags: topFlags, run: runTop, help: topHelp },
  // logs: what containers print (kubelet/runtime/output.ts)
  logs: { flags: logsFlags, run: runLogs, help: logsHelp },
  // explain: API field documentation from the generated schemas
  explain: { flags: explainFlags, run: (ctx, parsed) => runExplain(ctx, parsed), help: explainHelp },
  // label, annotate, cordon/uncordon/drain, taint, set image, rollout, version, api-resources, run, expose
  label: {
    flags: labelFlags,
    run: runLabel,
    help:
      'Update the labels on a resource.\n\nExamples:\n  kubectl label pods web tier=front\n  kubectl label --overwrite pods web tier=back\n' +
      '  kubectl label pods --all status=unhealthy\n  kubectl label pods web tier-\n\n' +
      'Usage:\n  kubectl label [--overwrite] (TYPE NAME | TYPE/NAME | TYPE -l SELECTOR | TYPE --all) KEY_1=VAL_1 ... KEY_N=VAL_N [options]\n',
  },
  annotate: {
    flags: annotateFlags,
    run: runAnnotate,
    help:
      'Update the annotations on one or more resources.\n\nExamples:\n  kubectl annotate pods web description=\'my frontend\'\n' +
      '  kubectl annotate --overwrite pods web description=\'my frontend running nginx\'\n  kubectl annotate pods web description-\n\n' +
      'Usage:\n  kubectl annotate [--overwrite] (TYPE NAME | TYPE/NAME | TYPE -l SELECTOR | TYPE --all) KEY_1=VAL_1 ... KEY_N=VAL_N [options]\n',
  },
  cordon: {
    flags: cordonFlags,
    run: (ctx, parsed) => runCordon(ctx, parsed),
    help: 'Mark node as unschedulable.\n\nExamples:\n  kubectl cordon node-1\n\nUsage:\n  kubectl cordon NODE [options]\n',
  },
  uncordon: {
    flags: cordonFlags,
    run: (ctx, parsed) => runUncordon(ctx, parsed),
    help: 'Mark node as schedulable.\n\nExamples:\n  kubectl uncordon node-1\n\nUsage:\n  kubectl uncordon NODE [options]\n',
  },
  drain: {
    flags: drainFlags,
    run: (ctx, parsed) => runDrain(ctx, parsed),
    help:
      'Drain node in preparation for maintenance: cordon it, then evict its pods (PodDisruptionBudgets are respected).\n\nExamples:\n' +
      '  kubectl drain node-1 --ignore-daemonsets\n  kubectl drain node-1 --ignore-daemonsets --force --delete-emptydir-data\n\n' +
      'Options: --ignore-daemonsets, --force (pods without a controller), --delete-emptydir-data, --disable-eviction\n\n' +
      'Usage:\n  kubectl drain NODE [options]\n',
  },
  taint: {
    flags: taintFlags,
    run: (ctx, parsed) => runTaint(ctx, parsed),
    help:
      'Update the taints on one or more nodes.\n\nExamples:\n  kubectl taint nodes node-1 dedicated=special-user:NoSchedule\n' +
      '  kubectl taint nodes node-1 dedicated:NoSchedule-\n  kubectl taint nodes node-1 dedicated-\n  kubectl taint nodes --all gpu=true:PreferNoSchedule\n\n' +
      'Usage:\n  kubectl taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [options]\n',
  },
  set: {
    flags: setFlags,
    run: runSet,
    help:
      'Update existing container image(s) of resources.\n\nExamples:\n  kubectl set image deployment/web nginx=nginx:1.27\n  kubectl set image deployments,rs web=nginx:1.27 --all\n' +
      '  kubectl set image deployment web *=nginx:1.27\n\nUsage:\n  kubectl set image (TYPE NAME | TYPE/NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... [options]\n',
  },
  rollout: {
    flags: rolloutFlags,
    run: runRollout,
    help:
      'Manage the rollout of one or many resources.\n\nExamples:\n  kubectl rollout status deployment/web\n  kubectl rollout history deployment/web\n' +
      '  kubectl rollout history deployment/web --revision=2\n  kubectl rollout undo deployment/web --to-revision=1\n' +
      '  kubectl rollout pause deployment/web\n  kubectl rollout resume deployment/web\n  kubectl rollout restart deployment/web\n\n' +
      'Usage:\n  kubectl rollout SUBCOMMAND [options]\n',
  },
  version: {
    flags: versionFlags,
    run: (ctx, parsed) => runVersion(ctx, parsed),
    help: 'Print the client and server version information.\n\nExamples:\n  kubectl version\n  kubectl version --client\n\nUsage:\n  kubectl version [flags] [options]\n',
  },
  'api-resources': {
    flags: apiResourcesFlags,
    run: (ctx, parsed) => runApiResources(ctx, parsed),
    help:
      'Print the supported API resources on the server.\n\nExamples:\n  kubectl api-resources\n  kubectl api-resources -o wide\n' +
      '  kubectl api-resources --namespaced=false\n  kubectl api-resources --api-group=apps\n\nUsage:\n  kubectl api-resources [flags] [options]\n',
  },
  run: {
    flags: runFlags,
    run: runRun,
    help:
      'Create and run a particular image in a pod.\n\nExamples:\n  kubectl run web --image=nginx\n  kubectl run web --image=nginx --port=80 --labels=app=web,tier=front\n' +
      '  kubectl run once --image=busybox --restart=Never -- sleep 3600\n  kubectl run web --image=nginx --dry-run=client -o yaml\n\n' +
      'Usage:\n  kubectl run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--command] -- [COMMAND] [args...] [options]\n',
  },
  // auth: RBAC's can-i and whoami (sim/authorized-kubectl.ts authorizes every request)
  auth: { flags: authFlags, run: runAuth, help: authHelp },
  expose: {
    flags: exposeFlags,
    run: runExpose,
    help:
      'Expose a resource as a new Kubernetes service.\n\nExamples:\n  kubectl expose deployment web --port=80 --target-port=8080\n' +
      '  kubectl expose deployment web --port=80 --type=NodePort\n  kubectl expose pod web --port=80 --name=web-svc\n\n' +
      'Usage:\n  kubectl expose (TYPE NAME | TYPE/NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--type=type] [options]\n',
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
  '  diff        Diff the live version against a would-be applied version\n' +
  '  create      Create a resource from a file\n  replace     Replace a resource by file name\n' +
  '  patch       Update fields of a resource\n  scale       Set a new size for a deployment, replica set or stateful set\n' +
  '  autoscale   Auto-scale a deployment, replica set or stateful set\n  top         Display resource (CPU/memory) usage\n' +
  '  exec        Execute a command in a container\n  logs        Print the logs for a container in a pod\n' +
  '  explain     Get documentation for a resource\n' +
  '  run         Run a particular image in a pod\n  expose      Expose a deployment, replica set or pod as a new service\n' +
  '  label       Update the labels on a resource\n  annotate    Update the annotations on a resource\n' +
  '  set         Set specific features on objects (set image)\n  rollout     Manage the rollout of a resource\n' +
  '  cordon      Mark node as unschedulable\n  uncordon    Mark node as schedulable\n' +
  '  drain       Drain node in preparation for maintenance\n  taint       Update the taints on one or more nodes\n' +
  '  auth        Inspect authorization (can-i, whoami)\n' +
  '  api-resources Print the supported API resources on the server\n  version     Print the client and server version information\n\n' +
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
  let target = ctx;
  const as = stringFlag(parsed.parsed.flags, 'as');
  const asGroups = stringArrayFlag(parsed.parsed.flags, 'as-group');
  if ((as !== undefined || asGroups.length > 0) && ctx.impersonate) {
    // clientcmd's config validation; kubeadm's admin.conf names its user kubernetes-admin.
    if (!as) return fail('invalid configuration: requesting uid, groups or user-extra for kubernetes-admin without impersonating a user');
    const r = ctx.impersonate(as, asGroups);
    if (!r.ok) return { stdout: '', stderr: `${apiErrorLine(r.status)}\n`, exitCode: 1 };
    target = r.ctx;
  }
  // Requests for a deprecated kind (v1 Endpoints) come back with the API server's warning.
  const warned = withDeprecationWarnings(target);
  try {
    return warned.finish(command.run(warned.ctx, parsed.parsed, namespace));
  } catch (e) {
    // A read the authorizer denied (get/list return no Status of their own; the handler that adds warnings never ran).
    if (e instanceof ApiStatusError) return { stdout: '', stderr: `${apiErrorLine(e.status)}\n`, exitCode: 1 };
    throw e;
  }
}

/** Index of the subcommand: the first word that is neither a flag nor the value of a global flag. */
function findCommandWord(words: readonly string[]): number {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') return i + 1 < words.length ? i + 1 : -1;
    if (w === '-n' || w === '--namespace' || w === '--as' || w === '--as-group') {
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
