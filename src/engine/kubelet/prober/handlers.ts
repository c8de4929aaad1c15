// What one probe of a running container returns (exec, httpGet, tcpSocket, grpc), read from the
// container's program model (runtime/program.ts): the kubelet's probe handlers against fake processes.
// UPSTREAM: pkg/probe/exec/exec.go, pkg/probe/http/http.go, pkg/probe/tcp/tcp.go, pkg/probe/grpc/grpc.go
// SIMPLIFICATION: containers have no filesystem or sockets. Files exist as the container's `sh -c`
// script creates (`touch f`, `echo .. > f`) and removes (`rm f`) them over time; a path the script never
// names exists unless it is under /tmp. A container listens when its program is a server (not a shell,
// `sleep`, `tail -f` or loop) on its declared containerPorts plus its image's well-known ports; a
// listener answers HTTP 200 and gRPC SERVING (agnhost `liveness` answers 200 for 10 s, then 500).

import type { Container, Probe } from 'kubernetes-types/core/v1';
import { containerProgram, imageBase, parseSleep, SHELL_IMAGES, SHELLS, tokenize } from '../runtime/program';

export type ProbeResult = 'success' | 'failure';

export interface ProbeOutcome {
  result: ProbeResult;
  /** what the handler reports: the exec output or the connection error (the event's text) */
  output: string;
}

/** What a handler knows about the container it probes. */
export interface ProbeTarget {
  container: Container;
  /** the pod's IP (the default host of httpGet, tcpSocket and grpc) */
  podIP: string;
  /** how long the current run of the container has been running, ms */
  runningMs: number;
}

/** Well-known ports a server image listens on without declaring them. */
const IMAGE_PORTS: Record<string, number[]> = {
  nginx: [80], httpd: [80], 'nginx-slim': [80], caddy: [80], traefik: [80], haproxy: [80], redis: [6379], postgres: [5432],
  mysql: [3306], mariadb: [3306], mongo: [27017], memcached: [11211], etcd: [2379], coredns: [53], rabbitmq: [5672],
  cassandra: [9042], elasticsearch: [9200], agnhost: [8080], goproxy: [8080], 'php-apache': [80], 'hpa-example': [80],
  echoserver: [8080], 'http-echo': [5678], zookeeper: [2181], kafka: [9092], jenkins: [8080], tomcat: [8080],
};

/** Run the probe's handler once against the container as it is `runningMs` after its start. */
export function runProbeHandler(probe: Probe, t: ProbeTarget): ProbeOutcome {
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  if (probe.exec) return execProbe(probe.exec.command ?? [], t, timeoutMs);
  if (probe.httpGet) {
    const host = probe.httpGet.host || t.podIP;
    const port = resolvePort(probe.httpGet.port, t.container);
    const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase();
    const path = probe.httpGet.path ?? '';
    const url = `${scheme}://${joinHostPort(host, port ?? 0)}${path.startsWith('/') || path === '' ? path : `/${path}`}`;
    if (port === undefined || !listens(t.container, port)) {
      return fail(`Get "${url}": dial tcp ${joinHostPort(host, port ?? 0)}: connect: connection refused`);
    }
    const code = httpStatus(t);
    // pkg/probe/http: 200-399 succeed (3xx to another host is a warning), anything else fails.
    return code >= 200 && code < 400 ? ok('') : fail(`HTTP probe failed with statuscode: ${code}`);
  }
  if (probe.tcpSocket) {
    const host = probe.tcpSocket.host || t.podIP;
    const port = resolvePort(probe.tcpSocket.port, t.container);
    if (port === undefined || !listens(t.container, port)) return fail(`dial tcp ${joinHostPort(host, port ?? 0)}: connect: connection refused`);
    return ok('');
  }
  if (probe.grpc) {
    const addr = joinHostPort(t.podIP, probe.grpc.port);
    // The prober dials with a blocking connect, so a closed port runs into the probe's timeout.
    if (!listens(t.container, probe.grpc.port)) return fail(`timeout: failed to connect service "${addr}" within ${probe.timeoutSeconds ?? 1}s: context deadline exceeded`);
    return ok('');
  }
  return fail('missing probe handler');
}

const ok = (output: string): ProbeOutcome => ({ result: 'success', output });
const fail = (output: string): ProbeOutcome => ({ result: 'failure', output });

function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A named port is looked up among the container's ports (findPortByName). */
function resolvePort(port: number | string | undefined, c: Container): number | undefined {
  if (typeof port === 'number') return port;
  if (port === undefined) return undefined;
  if (/^\d+$/.test(port)) return Number(port);
  return c.ports?.find((p) => p.name === port)?.containerPort;
}

/** agnhost `liveness` serves /healthz with 200 for its first 10 s and 500 after (the docs' http-liveness example). */
function httpStatus(t: ProbeTarget): number {
  const argv = [...(t.container.command ?? []), ...(t.container.args ?? [])];
  if (imageBase(t.container.image ?? '') === 'agnhost' && argv.includes('liveness')) return t.runningMs < 10_000 ? 200 : 500;
  return 200;
}

/** Whether the container's process accepts connections on `port`. */
export function listens(c: Container, port: number): boolean {
  return listeningPorts(c).includes(port);
}

/** The ports a container's process listens on (none for shells, sleeps and programs that exit). */
export function listeningPorts(c: Container): number[] {
  const program = containerProgram(c);
  if (program.kind !== 'forever' || /^(sleep|tail|while|until|ping|a pipeline)\b/.test(program.why)) return [];
  const ports = new Set<number>();
  for (const p of c.ports ?? []) if ((p.protocol ?? 'TCP') === 'TCP') ports.add(p.containerPort);
  for (const p of IMAGE_PORTS[imageBase(c.image ?? '')] ?? []) ports.add(p);
  const argv = [...(c.command ?? []), ...(c.args ?? [])].join(' ');
  const m = /http\.server(?:\s+(\d+))?/.exec(argv);
  if (m) ports.add(Number(m[1] ?? 8000));
  return [...ports];
}

// ---- exec ----

/** One change of a file by the container's script: at `atMs` after the start, `path` exists or not. */
export interface FileChange {
  atMs: number;
  path: string;
  exists: boolean;
}

/** The `sh -c` script the container runs as PID 1, if any. */
function containerScript(c: Container): string | undefined {
  let argv = [...(c.command ?? []), ...(c.args ?? [])];
  if (!c.command?.length && !SHELL_IMAGES.has(imageBase(c.image ?? ''))) return undefined;
  if (!c.command?.length) argv = c.args ?? [];
  if (!SHELLS.has(basename(argv[0] ?? ''))) return undefined;
  const i = argv.indexOf('-c');
  return i < 0 ? undefined : argv[i + 1];
}

/**
 * The files a container's script creates and removes, in time order. Reading stops at a loop (its
 * body repeats forever) or a command that never ends.
 */
export function fileTimeline(c: Container): FileChange[] {
  const script = containerScript(c);
  if (!script) return [];
  const out: FileChange[] = [];
  let t = 0;
  for (const words of commands(script)) {
    const prog = basename(words[0] ?? '');
    if (prog === 'while' || prog === 'until') break;
    if (prog === 'sleep') {
      const ms = parseSleep(words[1] ?? '');
      if (ms === undefined) break; // `sleep infinity` or unparsable: nothing after it runs
      t += ms;
      continue;
    }
    const redirect = redirectTarget(words);
    if (redirect) out.push({ atMs: t, path: redirect, exists: true });
    if (prog === 'touch' || prog === 'mkdir') for (const f of operands(words)) out.push({ atMs: t, path: f, exists: true });
    if (prog === 'rm' || prog === 'rmdir') for (const f of operands(words)) out.push({ atMs: t, path: f, exists: false });
    if (prog === 'exit') break;
  }
  return out;
}

/** Whether `path` exists in the container `runningMs` after its start. */
export function fileExists(c: Container, path: string, runningMs: number): boolean {
  const changes = fileTimeline(c).filter((f) => f.path === path);
  if (changes.length === 0) return !path.startsWith('/tmp/');
  let exists = false;
  for (const f of changes) if (f.atMs <= runningMs) exists = f.exists;
  return exists;
}

/** Commands that read their file operands and fail when one is missing. */
const READERS = new Set(['cat', 'ls', 'stat', 'head', 'tail', 'wc', 'grep']);

function execProbe(command: string[], t: ProbeTarget, timeoutMs: number): ProbeOutcome {
  const busybox = ['busybox', 'alpine'].includes(imageBase(t.container.image ?? ''));
  let lines: string[][] = [command];
  if (SHELLS.has(basename(command[0] ?? ''))) {
    const i = command.indexOf('-c');
    lines = i < 0 ? [] : commands(command[i + 1] ?? '');
  }
  let status = 0;
  let output = '';
  let elapsed = 0;
  for (const words of lines) {
    const r = execOne(words, t, busybox);
    elapsed += r.ms;
    if (elapsed > timeoutMs) return fail(`command "${command.join(' ')}" timed out`);
    status = r.status;
    output += r.output;
    if (r.exit) break;
  }
  return status === 0 ? ok(output) : fail(output);
}

interface ExecRun {
  status: number;
  output: string;
  ms: number;
  exit?: boolean;
}

function execOne(words: string[], t: ProbeTarget, busybox: boolean): ExecRun {
  const prog = basename(words[0] ?? '');
  const done = (status: number, output = '', ms = 0): ExecRun => ({ status, output, ms });
  if (prog === 'false') return done(1);
  if (prog === 'exit') return { ...done(Number.parseInt(words[1] ?? '0', 10) || 0), exit: true };
  if (prog === 'sleep') return done(0, '', parseSleep(words[1] ?? '') ?? Number.POSITIVE_INFINITY);
  if (prog === 'test' || prog === '[') {
    const flag = words.find((w) => /^-[efdrsx]$/.test(w));
    const path = flag ? words[words.indexOf(flag) + 1] : undefined;
    return done(path === undefined || fileExists(t.container, path, t.runningMs) ? 0 : 1);
  }
  if (READERS.has(prog)) {
    for (const f of operands(words)) {
      if (!f.startsWith('/') || fileExists(t.container, f, t.runningMs)) continue;
      return done(1, missingFileMessage(prog, f, busybox));
    }
    return done(0);
  }
  // Anything else (a health script, `redis-cli ping`, `pg_isready`) is presumed to succeed.
  return done(0);
}

/** The error a reader prints for a missing file: busybox and GNU coreutils word it differently. */
function missingFileMessage(prog: string, path: string, busybox: boolean): string {
  if (prog === 'cat') return busybox ? `cat: can't open '${path}': No such file or directory\n` : `cat: ${path}: No such file or directory\n`;
  if (prog === 'ls') return busybox ? `ls: ${path}: No such file or directory\n` : `ls: cannot access '${path}': No such file or directory\n`;
  if (prog === 'stat') return busybox ? `stat: can't stat '${path}': No such file or directory\n` : `stat: cannot statx '${path}': No such file or directory\n`;
  return `${prog}: ${path}: No such file or directory\n`;
}

/** Split a script into simple commands (words), dropping shell keywords and VAR= prefixes. */
function commands(script: string): string[][] {
  const out: string[][] = [];
  let words: string[] = [];
  for (const tok of tokenize(script)) {
    if (tok.op) {
      if (words.length) out.push(words);
      words = [];
    } else if (words.length === 0 && /^(do|then|else|elif|if|\{|!)$/.test(tok.text)) {
      continue;
    } else if (!(words.length === 0 && /^(done|fi|\})$/.test(tok.text))) {
      words.push(tok.text);
    }
  }
  if (words.length) out.push(words);
  return out;
}

/** The command's file operands (not flags, not redirections). */
function operands(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (w === '>' || w === '>>' || w === '<') {
      i++;
      continue;
    }
    if (w.startsWith('-') || w.startsWith('>') || w.startsWith('<') || w === ']') continue;
    out.push(w);
  }
  return out;
}

/** `echo ok > /tmp/x` and `echo ok >/tmp/x` write /tmp/x. */
function redirectTarget(words: string[]): string | undefined {
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (w === '>' || w === '>>') return words[i + 1];
    const m = /^>>?(.+)$/.exec(w);
    if (m) return m[1];
  }
  return undefined;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
