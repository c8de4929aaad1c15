// `kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] -- COMMAND [args...]`: pick the pod and
// container as kubectl, the API server and the kubelet would, then run the command in it.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/exec/exec.go (Complete, Validate, Run),
// staging/src/k8s.io/kubectl/pkg/cmd/util/podcmd/podcmd.go (FindOrDefaultContainerByName),
// staging/src/k8s.io/kubectl/pkg/polymorphichelpers/attachablepodforobject.go (GetFirstPod),
// pkg/registry/core/pod/strategy.go (streamLocation), pkg/kubelet/kubelet_pods.go (GetExec)
// SIMPLIFICATION: no -f; a workload with no pods fails at once instead of waiting --pod-running-timeout;
// an interactive shell (-i with a bare `sh`) is not simulated: one command per exec.

import type { Pod } from 'kubernetes-types/core/v1';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { boolFlag, stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { fail, usageError } from './errors';
import { defaultContainer, goTypeName, podsForObject } from './pods-for-object';
import { compareStrings } from '../../api/meta';

export const execFlags: readonly FlagSpec[] = [
  { name: 'container', shorthand: 'c', kind: 'string' },
  { name: 'stdin', shorthand: 'i', kind: 'bool' },
  { name: 'tty', shorthand: 't', kind: 'bool' },
  { name: 'quiet', shorthand: 'q', kind: 'bool' },
  { name: 'filename', shorthand: 'f', kind: 'string' },
  { name: 'pod-running-timeout', kind: 'string' },
];

export const execHelp =
  'Execute a command in a container.\n\nExamples:\n' +
  "  # Get output from running the 'date' command from pod mypod, using the first container by default\n  kubectl exec mypod -- date\n\n" +
  "  # Get output from running the 'date' command in ruby-container from pod mypod\n  kubectl exec mypod -c ruby-container -- date\n\n" +
  '  # Reach a Service from inside a pod\n  kubectl exec deploy/web -- curl -s http://web\n\n' +
  'Options: -c CONTAINER, -i, -t, -q, -n NAMESPACE\n\nUsage:\n  kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]\n';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

export function runExec(ctx: KubectlContext, { args, flags, argsLenAtDash }: ParsedArgs, namespace: string): CommandOutput {
  const dash = argsLenAtDash ?? -1;
  const resourceName = args.length > 0 && dash !== 0 ? args[0] : '';
  let command: string[] = [];
  if (dash > -1) command = args.slice(dash);
  else if (args.length > 1) return usageError('exec', 'exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead');
  if (stringFlag(flags, 'filename') !== undefined) return fail('"kubectl exec -f" is not available in this sandbox; name the pod or TYPE/NAME');
  if (resourceName === '') return fail('pod, type/name or --filename must be specified');
  if (command.length === 0) return fail('you must specify at least one command for the container');

  const found = findPod(ctx, resourceName, namespace);
  if ('error' in found) return found.error;
  const pod = found.pod;
  const podName = pod.metadata?.name ?? '';
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return fail(`cannot exec into a container in a completed pod; current phase is ${phase}`);

  const quiet = boolFlag(flags, 'quiet');
  let stderr = '';
  let container = stringFlag(flags, 'container') ?? '';
  if (container === '') {
    const chosen = defaultContainer(pod);
    if (chosen === undefined) return fail(`pod ${pod.metadata?.namespace}/${podName} does not have any containers`);
    container = chosen.name;
    if (chosen.notice && !quiet) stderr += chosen.notice;
  }
  // The API server's pods/exec (streamLocation) checks the container name and the node.
  if (!allContainerNames(pod).includes(container)) return serverError('BadRequest', `container ${container} is not valid for pod ${podName}`, stderr);
  if (!pod.spec?.nodeName) return serverError('BadRequest', `pod ${podName} does not have a host assigned`, stderr);
  // The kubelet looks the container up among the running ones.
  if (!isRunning(pod, container)) return { stdout: '', stderr: `${stderr}error: unable to upgrade connection: container not found ("${container}")\n`, exitCode: 1 };

  const stdin = boolFlag(flags, 'stdin');
  // SetupTTY: a TTY needs stdin; our terminal counts as one.
  const tty = stdin && boolFlag(flags, 'tty');
  const argv0 = command[0].slice(command[0].lastIndexOf('/') + 1);
  if (stdin && SHELLS.has(argv0) && !command.includes('-c')) {
    return {
      stdout: '',
      stderr: `${stderr}interactive shells are not simulated in this sandbox: run one command per exec, e.g. kubectl exec ${resourceName} -- ${argv0} -c "hostname"\n`,
      exitCode: 1,
    };
  }
  if (!ctx.exec) return fail('"kubectl exec" is not available here');
  const res = ctx.exec(`${pod.metadata?.namespace ?? namespace}/${podName}`, container, command, { stdin, tty });
  const trace = res.trace ? { trace: res.trace } : {};
  // With a TTY the remote stderr shares the terminal with stdout.
  const stdout = tty ? res.stdout + res.stderr : res.stdout;
  stderr += tty ? '' : res.stderr;
  if (res.startError !== undefined) return { stdout, stderr: `${stderr}error: ${res.startError}\n`, exitCode: 1, ...trace };
  if (res.exitCode !== 0) return { stdout, stderr: `${stderr}command terminated with exit code ${res.exitCode}\n`, exitCode: res.exitCode, ...trace };
  return { stdout, stderr, exitCode: 0, ...trace };
}

function serverError(reason: string, message: string, stderr: string): CommandOutput {
  return { stdout: '', stderr: `${stderr}Error from server (${reason}): ${message}\n`, exitCode: 1 };
}

type Found = { pod: Pod } | { error: CommandOutput };

/** The pod named, or for TYPE/NAME of a workload or Service the most active of its pods (AttachablePodForObject). */
function findPod(ctx: KubectlContext, arg: string, namespace: string): Found {
  const found = podsForObject(ctx, arg, namespace, (obj) => `cannot attach to *${goTypeName(obj)}: not implemented`);
  if ('error' in found) return found;
  return { pod: [...found.pods].sort(mostActiveFirst)[0] };
}

/**
 * sort.Reverse(podutils.ActivePods): assigned before unassigned, Running before Unknown before
 * Pending, ready before not ready, fewer restarts first, older first; then by name for a stable order.
 */
function mostActiveFirst(a: Pod, b: Pod): number {
  const assigned = (p: Pod) => (p.spec?.nodeName ? 1 : 0);
  const phase = (p: Pod) => ({ Running: 2, Unknown: 1 })[p.status?.phase as 'Running' | 'Unknown'] ?? 0;
  const ready = (p: Pod) => (p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 1 : 0);
  const restarts = (p: Pod) => Math.max(0, ...(p.status?.containerStatuses ?? []).map((s) => s.restartCount));
  const created = (p: Pod) => p.metadata?.creationTimestamp ?? '';
  return (
    assigned(b) - assigned(a) || phase(b) - phase(a) || ready(b) - ready(a) || restarts(a) - restarts(b) ||
    compareStrings(created(a), created(b)) || compareStrings(a.metadata?.name ?? '', b.metadata?.name ?? '')
  );
}



function allContainerNames(pod: Pod): string[] {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].map((c) => c.name);
}

function isRunning(pod: Pod, container: string): boolean {
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])];
  return statuses.some((s) => s.name === container && s.state?.running !== undefined);
}
