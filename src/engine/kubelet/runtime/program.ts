// What the fake process inside a container does: run forever, or exit with a code after a while,
// decided from the container's image, command and args.
// SIMPLIFICATION: no real interpreter. `sh -c` / `bash -c` scripts are read roughly: `sleep N` adds up,
// `exit N` ends the script, `while`/`until` loops, `sleep infinity` and `tail -f` never end, `&&`/`||`
// short-circuit on the last status, `for`/`if` bodies run once, `cmd &` takes no time. An executable we
// do not know is presumed to be the image's long-running program when it is the container's command,
// and a quick successful command inside a script.

import { runPython } from './python-lite';
/** The fate of one container run. */
export type Program =
  | { kind: 'forever'; why: string }
  | { kind: 'exits'; afterMs: number; exitCode: number; why: string };

/** The shortest life of any process (fork, exec, exit) in simulated ms. */
export const PROCESS_MIN_MS = 100;
/** `perl -Mbignum=bpi -wle 'print bpi(2000)'` (the Job example) takes a few seconds of CPU. */
const PERL_BPI_MS = 4_000;
/** Any other interpreter one-liner (`python -c`, `perl -e`). */
const INTERPRETER_MS = 500;

/** The part of a container spec the program depends on. */
export interface ProgramInput {
  image?: string;
  command?: string[];
  args?: string[];
  /** the container's environment variables, when known (a `python -c` script may read them) */
  environment?: Record<string, string>;
}

/**
 * Images whose default command is a shell (or a REPL) and that have no ENTRYPOINT: without a TTY the
 * shell reads EOF from stdin and exits 0 at once, so `kubectl run --image=busybox` completes.
 */
export const SHELL_IMAGES = new Set(['busybox', 'alpine', 'debian', 'ubuntu', 'centos', 'fedora', 'rockylinux', 'almalinux', 'amazonlinux', 'bash', 'perl', 'python', 'ruby', 'node', 'golang']);
export const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);
const INTERPRETERS = new Set(['perl', 'python', 'python3', 'python2', 'ruby', 'node']);
/** Commands that finish at once and succeed (status 0). */
const QUICK = new Set([
  'echo', 'printf', 'date', 'cat', 'ls', 'env', 'printenv', 'touch', 'mkdir', 'cp', 'mv', 'rm', 'chmod', 'chown', 'ln',
  'hostname', 'id', 'whoami', 'uname', 'pwd', 'cd', 'export', 'set', 'unset', 'trap', 'test', '[', '[[', 'true', ':',
  'wget', 'curl', 'nslookup', 'dig', 'grep', 'sed', 'awk', 'head', 'wc', 'sort', 'tee', 'df', 'du', 'free', 'ps',
  'apt-get', 'apt', 'apk', 'yum', 'dnf', 'pip', 'pip3', 'mount', 'sync', 'find', 'xargs', 'cut', 'tr', 'base64', 'md5sum',
  'sha256sum', 'nc', 'ping6', 'uptime', 'stat', 'readlink', 'basename', 'dirname', 'seq', 'expr', 'let', 'read', 'wait',
]);
/** Commands that never finish on their own (servers and the pause process). */
export const SERVERS = new Set([
  'nginx', 'redis-server', 'httpd', 'httpd-foreground', 'apache2-foreground', 'apache2', 'postgres', 'mysqld', 'mongod',
  'memcached', 'pause', 'agnhost', 'etcd', 'coredns', 'php-fpm', 'haproxy', 'envoy', 'caddy', 'traefik', 'rabbitmq-server',
  'docker-entrypoint.sh', 'java', 'kube-apiserver', 'kube-proxy', 'kube-scheduler', 'kube-controller-manager', 'kubelet',
  'zkServer.sh', 'cassandra', 'elasticsearch', 'fluentd', 'fluent-bit', 'top', 'yes', 'watch',
]);

/** Decide what a container run does. Pure: the same spec always gives the same program. */
export function containerProgram(c: ProgramInput): Program {
  const image = imageBase(c.image ?? '');
  if (c.command?.length) return argvProgram([...c.command, ...(c.args ?? [])], c.environment);
  if (SHELL_IMAGES.has(image)) {
    // No ENTRYPOINT: args replace CMD and run as the command.
    if (c.args?.length) return argvProgram(c.args, c.environment);
    return exits(PROCESS_MIN_MS, 0, `${image}'s default shell reads EOF without a TTY and exits`);
  }
  // A server image's ENTRYPOINT runs; args (if any) are its flags.
  return { kind: 'forever', why: `${image || 'the image'} runs its server` };
}

/** `registry.k8s.io/e2e-test-images/busybox:1.36@sha256:...` -> `busybox`. */
export function imageBase(image: string): string {
  const noDigest = image.split('@')[0];
  const last = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  return last.split(':')[0];
}

function exits(afterMs: number, exitCode: number, why: string): Program {
  return { kind: 'exits', afterMs: Math.max(PROCESS_MIN_MS, afterMs), exitCode, why };
}

/** One executable with its arguments, as the container's PID 1. */
function argvProgram(argv: string[], env?: Record<string, string>): Program {
  const prog = basename(argv[0] ?? '');
  if (SHELLS.has(prog)) {
    const i = argv.indexOf('-c');
    if (i < 0) return exits(PROCESS_MIN_MS, 0, `${prog} without -c reads EOF and exits`);
    return scriptProgram(argv[i + 1] ?? '');
  }
  const r = runCommand(argv, 'top', env);
  if (r.forever) return { kind: 'forever', why: r.why };
  return exits(r.ms, r.status, r.why);
}

interface Outcome {
  ms: number;
  status: number;
  forever: boolean;
  /** `exit N` (or `exec`) ended the script */
  ended: boolean;
  why: string;
}

/** Run one simple command; `where` says whether it is PID 1 or a line of a script. */
function runCommand(argv: string[], where: 'top' | 'script', env?: Record<string, string>): Outcome {
  const prog = basename(argv[0] ?? '');
  const done = (ms: number, status: number, why: string): Outcome => ({ ms, status, forever: false, ended: false, why });
  const forever = (why: string): Outcome => ({ ms: 0, status: 0, forever: true, ended: false, why });
  if (prog === 'sleep') {
    const arg = argv[1] ?? '';
    if (arg === 'infinity' || arg === 'inf') return forever('sleep infinity');
    const ms = parseSleep(arg);
    return ms === undefined ? done(0, 1, `sleep: invalid time interval '${arg}'`) : done(ms, 0, `sleep ${arg}`);
  }
  if (prog === 'tail' && argv.some((a) => /^-[a-zA-Z]*[fF]/.test(a))) return forever('tail -f follows forever');
  if (prog === 'false') return done(0, 1, 'false exits 1');
  if (prog === 'exit') {
    const code = Number.parseInt(argv[1] ?? '0', 10);
    return { ...done(0, Number.isNaN(code) ? 2 : code & 255, `exit ${argv[1] ?? '0'}`), ended: true };
  }
  if (prog === 'exec' || prog === 'nohup' || prog === 'timeout') {
    const rest = prog === 'timeout' ? argv.slice(2) : argv.slice(1);
    const inner = SHELLS.has(basename(rest[0] ?? '')) ? programAsOutcome(argvProgram(rest, env)) : runCommand(rest, where, env);
    return { ...inner, ended: prog === 'exec' };
  }
  if (INTERPRETERS.has(prog)) {
    const line = argv.join(' ');
    if (/bpi\(/.test(line)) return done(PERL_BPI_MS, 0, `${prog} computes digits of pi`);
    if (/http\.server|SimpleHTTPServer|\bserve\b|\.listen\(/.test(line)) return forever(`${prog} serves HTTP`);
    const py = prog.startsWith('python') ? pythonScript(argv) : undefined;
    if (py !== undefined) {
      const run = runPython(py, env ?? {});
      if (run) return done(INTERPRETER_MS + run.sleepMs, run.exitCode, `${prog} -c script exits ${run.exitCode}`);
    }
    if (argv.some((a) => a === '-c' || a === '-e' || a === '-le' || a === '-wle' || a.startsWith('-M'))) return done(INTERPRETER_MS, 0, `${prog} one-liner`);
    return argv.length > 1 ? forever(`${prog} runs ${argv[1]}`) : done(0, 0, `${prog} reads EOF and exits`);
  }
  if (SERVERS.has(prog)) return forever(`${prog} runs until stopped`);
  if (QUICK.has(prog)) return done(0, 0, prog);
  if (prog === 'ping' && !argv.includes('-c')) return forever('ping without -c');
  if (where === 'top') return forever(`${prog} is presumed to be a long-running program`);
  return done(0, 0, `${prog} is presumed to succeed`);
}

/** The code of `python -c CODE` (undefined when there is no -c). */
export function pythonScript(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('-c');
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : undefined;
}

function programAsOutcome(p: Program): Outcome {
  return p.kind === 'forever'
    ? { ms: 0, status: 0, forever: true, ended: false, why: p.why }
    : { ms: p.afterMs, status: p.exitCode, forever: false, ended: false, why: p.why };
}

/** A `sh -c` script, read command by command. */
export function scriptProgram(script: string): Program {
  const tokens = tokenize(script);
  let ms = PROCESS_MIN_MS;
  let status = 0;
  let skip = false; // the previous && / || short-circuited this command
  let pipeline: Outcome[] = [];
  const whys: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const words: string[] = [];
    while (i < tokens.length && !isOperator(tokens[i])) words.push(tokens[i++].text);
    const op = i < tokens.length ? tokens[i++].text : ';';
    const cmd = stripKeywords(words);
    if (cmd[0] === 'while' || cmd[0] === 'until') return { kind: 'forever', why: `${cmd[0]} loop` };
    if (cmd[0] === 'for') continue; // the loop header; its body runs once (see the file header)
    if (cmd.length === 0) {
      if (op === '&&' || op === '||') skip = (op === '&&') !== (status === 0);
      continue;
    }
    if (skip) {
      skip = false;
      if (op === '&&' || op === '||') skip = (op === '&&') !== (status === 0);
      continue;
    }
    const out = runCommand(cmd, 'script');
    if (op === '&') continue; // backgrounded: the script does not wait for it
    pipeline.push(out);
    if (op === '|') continue;
    const forever = pipeline.some((p) => p.forever);
    const last = pipeline[pipeline.length - 1];
    const took = Math.max(...pipeline.map((p) => p.ms));
    pipeline = [];
    if (forever) return { kind: 'forever', why: last.forever ? last.why : 'a pipeline that never ends' };
    ms += took;
    status = last.status;
    if (last.why) whys.push(last.why);
    if (last.ended) return exits(ms, status, whys.join('; '));
    if (op === '&&' || op === '||') skip = (op === '&&') !== (status === 0);
  }
  return exits(ms, status, whys.join('; ') || 'empty script');
}

/** Shell keywords that only group or branch; the commands they wrap still run (once). */
const KEYWORDS = new Set(['do', 'done', 'then', 'else', 'elif', 'fi', 'if', '{', '}', '!', 'esac']);

function stripKeywords(words: string[]): string[] {
  let i = 0;
  while (i < words.length && KEYWORDS.has(words[i])) i++;
  // VAR=value prefixes set the environment of the command that follows.
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i])) i++;
  return words.slice(i);
}

export interface Token {
  text: string;
  op: boolean;
}

function isOperator(t: Token): boolean {
  return t.op;
}

/** Split a script into words and the operators ; && || | & newline ( ), honouring quotes and backslashes. */
export function tokenize(script: string): Token[] {
  const out: Token[] = [];
  let word = '';
  let inWord = false;
  const flush = () => {
    if (inWord) out.push({ text: word, op: false });
    word = '';
    inWord = false;
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (ch === "'" || ch === '"') {
      const end = script.indexOf(ch, i + 1);
      const stop = end < 0 ? script.length : end;
      word += script.slice(i + 1, stop);
      inWord = true;
      i = stop;
    } else if (ch === '\\') {
      if (script[i + 1] !== '\n') {
        word += script[i + 1] ?? '';
        inWord = true;
      }
      i++;
    } else if (ch === '#' && !inWord) {
      while (i < script.length && script[i] !== '\n') i++;
      i--;
    } else if (ch === ' ' || ch === '\t') {
      flush();
    } else if (ch === ';' || ch === '\n' || ch === '(' || ch === ')') {
      flush();
      out.push({ text: ';', op: true });
    } else if (ch === '&' || ch === '|') {
      flush();
      if (script[i + 1] === ch) {
        out.push({ text: ch + ch, op: true });
        i++;
      } else if (ch === '&' && script[i + 1] === '>') {
        word = '&';
        inWord = true; // `&>` redirection: not an operator
      } else {
        out.push({ text: ch, op: true });
      }
    } else {
      word += ch;
      inWord = true;
    }
  }
  flush();
  return out;
}

/** `30`, `1.5`, `2m`, `1h`, `1d` (busybox and GNU sleep) -> ms; undefined when unparsable. */
export function parseSleep(arg: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(arg);
  if (!m) return undefined;
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(m[1]) * unit);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
