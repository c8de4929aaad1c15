// Container lifecycle hooks (postStart, preStop): how long a handler runs and whether it fails.
// UPSTREAM: pkg/kubelet/lifecycle/handlers.go (handlerRunner.Run), pkg/kubelet/kuberuntime/kuberuntime_container.go
//           (startContainer's PostStart, executePreStopHook)
// SIMPLIFICATION: an exec handler is read as a `sh -c` script by runtime/program.ts (an unknown command
// is quick and succeeds); a loop that waits for a process the script has just stopped (`nginx -s quit;
// while killall -0 nginx; do sleep 1; done`) ends after one second. httpGet succeeds when the container
// listens on the port. No output is captured.

import type { Container, LifecycleHandler } from 'kubernetes-types/core/v1';
import { scriptProgram, SHELLS } from '../runtime/program';
import { listens } from '../prober/handlers';

/** How a hook handler run ends: after `ms` (Infinity: never), with success or an error. */
export interface HookOutcome {
  ms: number;
  ok: boolean;
  /** handlers.go's message for the container's PostStartHookError (empty on success) */
  message: string;
  /** the raw error (the FailedPreStopHook event's text) */
  error: string;
}

/** Time an HTTP handler takes against a local listener. */
const HTTP_HOOK_MS = 10;

/**
 * handlerRunner.Run for one container's handler. `pod` is format.Pod's `name_namespace(uid)`; `podIP`
 * the sandbox's address (httpGet's default host).
 */
export function runHandler(handler: LifecycleHandler, container: Container, pod: string, podIP: string): HookOutcome {
  if (handler.exec) {
    const command = handler.exec.command ?? [];
    const program = scriptProgram(hookScript(command));
    if (program.kind === 'forever') return { ms: Infinity, ok: true, message: '', error: '' };
    if (program.exitCode === 0) return { ms: program.afterMs, ok: true, message: '', error: '' };
    const error = `command '${command.join(' ')}' exited with ${program.exitCode}: `;
    const message = `Exec lifecycle hook ([${command.join(' ')}]) for Container "${container.name}" in Pod "${pod}" failed - error: ${error}, message: ""`;
    return { ms: program.afterMs, ok: false, message, error };
  }
  if (handler.httpGet) {
    const g = handler.httpGet;
    const host = g.host || podIP;
    const port = typeof g.port === 'number' ? g.port : /^\d+$/.test(g.port) ? Number(g.port) : container.ports?.find((p) => p.name === g.port)?.containerPort;
    const path = g.path ?? '';
    const hostPort = `${host}:${port ?? 0}`;
    const url = `${(g.scheme ?? 'HTTP').toLowerCase()}://${hostPort}${path.startsWith('/') || path === '' ? path : `/${path}`}`;
    // A handler aimed at another host is assumed to reach it; the pod's own ports must be listened on.
    if (port !== undefined && (g.host ? true : listens(container, port))) return { ms: HTTP_HOOK_MS, ok: true, message: '', error: '' };
    const error = `Get "${url}": dial tcp ${hostPort}: connect: connection refused`;
    const message = `HTTP lifecycle hook (${path}) for Container "${container.name}" in Pod "${pod}" failed - error: ${error}`;
    return { ms: HTTP_HOOK_MS, ok: false, message, error };
  }
  const sleep = (handler as { sleep?: { seconds?: number } }).sleep;
  if (sleep) return { ms: Math.max(0, sleep.seconds ?? 0) * 1000, ok: true, message: '', error: '' };
  return { ms: 0, ok: false, message: 'Cannot run handler: invalid handler', error: 'invalid handler' };
}

/** The exec command as one script: `sh -c SCRIPT` gives SCRIPT, anything else its words. */
function hookScript(command: string[]): string {
  const shell = SHELLS.has(command[0]?.slice(command[0].lastIndexOf('/') + 1) ?? '');
  const i = command.indexOf('-c');
  const script = shell && i >= 0 ? command[i + 1] ?? '' : command.map((w) => (/\s/.test(w) ? `'${w}'` : w)).join(' ');
  return endWaitLoops(script);
}

/**
 * `X -s quit|stop` or `kill`/`killall`/`pkill` followed by `while killall -0 X|kill -0|pgrep ...; do
 * sleep N; done`: the loop waits for a process the script stopped, so it ends about a second later.
 */
function endWaitLoops(script: string): string {
  const stops = /(^|\s)-s\s+(quit|stop)\b|\b(kill|killall|pkill)\s+(?!-0)/.test(script);
  if (!stops) return script;
  // `nginx -s quit` signals the running server and returns at once (the script model would take the
  // server's name for the server itself); the process is gone within a second of being told to stop.
  return script.replace(/\b[\w./-]+\s+-s\s+(quit|stop|reload|reopen)\b/g, 'true').replace(/while\s+(killall\s+-0|kill\s+-0|pgrep)\b[^;]*;\s*do\b[\s\S]*?\bdone/g, 'sleep 1');
}
