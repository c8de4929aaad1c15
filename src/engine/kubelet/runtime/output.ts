// What a container's process writes to stdout and stderr, and when: a small `sh -c` interpreter (echo,
// printf, date, sleep, loops, variables, $((arithmetic)), $(command)), the startup lines of well-known
// images (nginx's docker-entrypoint, redis, httpd) and the pi Job's digits. Pure: (spec, start, horizon).
// UPSTREAM: none (busybox ash / dash behaviour; docker-library entrypoints; perl bignum's bpi).
// SIMPLIFICATION: commands take no time except sleep (a loop turn takes at least 1 ms); files are not
// modelled (cat prints nothing); pipelines log the last command's output; only the last MAX_LOG_LINES
// lines of a run are produced (an endless loop skips ahead when its turns are regular).

import { imageProfile } from './images';
import type { ImageProfile } from './images';
import { imageBase, parseSleep, pythonScript, SERVERS, SHELL_IMAGES, SHELLS } from './program';
import { runPython } from './python-lite';
import type { ProgramInput } from './program';

/** One line a process wrote, `atMs` after the process started. */
export interface LogLine {
  atMs: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** How many lines of one run are kept (the kubelet rotates container logs; kubectl sees the newest). */
export const MAX_LOG_LINES = 5_000;
/** Interpreter steps one run may take before the interpreter gives up (a loop that never sleeps). */
const MAX_STEPS = 200_000;

export interface OutputInput extends ProgramInput {
  /** the container's environment (envvars.containerEnvironment) */
  env?: Record<string, string>;
  /** the pod's hostname */
  hostname?: string;
}

export interface OutputWindow {
  /** wall-clock-like epoch ms at which the process started (for `date` and servers' timestamps) */
  startEpochMs: number;
  /** lines written later than this (ms since start) are not produced: the run ended or it is now */
  untilMs: number;
  maxLines?: number;
}

/** Images whose userland we know; in any other image an unknown command is presumed to exist. */
const CATALOGUED = new Set([
  'busybox', 'alpine', 'curl', 'netshoot', 'dnsutils', 'jessie-dnsutils', 'nginx', 'nginx-slim', 'httpd', 'redis', 'postgres', 'mysql',
  'debian', 'ubuntu', 'python', 'node', 'golang', 'ruby', 'perl', 'agnhost', 'coredns', 'pause', 'http-echo', 'tomcat',
]);
/** Shell builtins and keywords that need no executable. */
const BUILTINS = new Set([
  'echo', 'printf', 'test', '[', '[[', 'true', 'false', ':', 'exit', 'export', 'set', 'unset', 'cd', 'read', 'wait', 'trap', 'let',
  'local', 'return', 'shift', 'exec', 'eval', 'source', '.', 'break', 'continue', 'kill', 'sleep', 'readonly', 'umask', 'ulimit', 'type',
]);

/**
 * The lines a container run writes between its start and `untilMs` after it, oldest first; at most
 * `maxLines` (the newest ones).
 */
export function containerOutput(c: OutputInput, w: OutputWindow): LogLine[] {
  const env = c.env ?? {};
  const expand = (xs: string[] | undefined) => (xs ?? []).map((a) => expandKubeRefs(a, env));
  const image = imageBase(c.image ?? '');
  let argv: string[];
  if (c.command?.length) argv = [...expand(c.command), ...expand(c.args)];
  else if (SHELL_IMAGES.has(image)) argv = expand(c.args);
  else return serverStartup(image, c.image ?? '', expand(c.args), true, w.startEpochMs);
  if (argv.length === 0) return [];
  const sh = new Shell(c, w);
  sh.runArgv(argv);
  return sh.finish();
}

/** The kubelet expands `$(VAR)` in command and args from the container's env; `$$(` stays literal `$(`. */
export function expandKubeRefs(s: string, env: Record<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name?: string) => {
    if (m === '$$') return '$';
    return name !== undefined && name in env ? env[name] : m;
  });
}

// ---- well-known images ----

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Default nginx: `nginx -g daemon off;` behind /docker-entrypoint.sh (which only talks when it starts nginx). */
function nginxLines(viaEntrypoint: boolean, version: string, epochMs: number): LogLine[] {
  const out: LogLine[] = [];
  const o = (text: string, atMs = 0) => out.push({ atMs, stream: 'stdout', text });
  if (viaEntrypoint) {
    o('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
    o('/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/');
    o('/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh');
    o('10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf');
    o('10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf');
    o('/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh');
    o('/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh');
    o('/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh');
    o('/docker-entrypoint.sh: Configuration complete; ready for start up');
  }
  // error_log goes to /dev/stderr in the official image; the notices carry nginx's local time (UTC).
  const at = 20;
  const d = new Date(epochMs + at);
  const stamp = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const e = (text: string) => out.push({ atMs: at, stream: 'stderr', text: `${stamp} [notice] 1#1: ${text}` });
  e('using the "epoll" event method');
  e(`nginx/${version}`);
  e('built by gcc 12.2.0 (Debian 12.2.0-14)');
  e('OS: Linux 6.8.0-sandbox');
  e('getrlimit(RLIMIT_NOFILE): 1048576:1048576');
  e('start worker processes');
  // SIMPLIFICATION: worker_processes auto is taken as 2 CPUs.
  e('start worker process 29');
  e('start worker process 30');
  return out;
}

function redisLines(epochMs: number): LogLine[] {
  const stamp = (ms: number) => {
    const d = new Date(epochMs + ms);
    return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
  };
  const l = (role: string, ms: number, mark: string, text: string): LogLine => ({ atMs: ms, stream: 'stdout', text: `1:${role} ${stamp(ms)} ${mark} ${text}` });
  return [
    l('C', 1, '*', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo'),
    l('C', 1, '*', 'Redis version=7.4.1, bits=64, commit=00000000, modified=0, pid=1, just started'),
    l('C', 1, '#', 'Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf'),
    l('M', 2, '*', 'monotonic clock: POSIX clock_gettime'),
    l('M', 2, '*', 'Running mode=standalone, port=6379.'),
    l('M', 3, '*', 'Server initialized'),
    l('M', 3, '*', 'Ready to accept connections tcp'),
  ];
}

function httpdLines(version: string, epochMs: number, ip: string): LogLine[] {
  const d = new Date(epochMs + 30);
  const stamp = `[${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}000 ${d.getUTCFullYear()}]`;
  const fqdn = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${ip}. Set the 'ServerName' directive globally to suppress this message`;
  return [
    { atMs: 10, stream: 'stderr', text: fqdn },
    { atMs: 20, stream: 'stderr', text: fqdn },
    { atMs: 30, stream: 'stderr', text: `${stamp} [mpm_event:notice] [pid 1:tid 1] AH00489: ${version} configured -- resuming normal operations` },
    { atMs: 30, stream: 'stderr', text: `${stamp} [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'` },
  ];
}

/** What a server program prints when it starts (nothing for servers we do not know). */
function serverStartup(program: string, image: string, args: string[], viaEntrypoint: boolean, epochMs: number): LogLine[] {
  const profile = imageProfile(image);
  const name = args[0] ? basename(args[0]) : program;
  if (name === 'nginx' || name === 'nginx-debug' || (profile.http?.kind === 'nginx' && viaEntrypoint && args.length === 0)) {
    return nginxLines(viaEntrypoint && (profile.base === 'nginx' || profile.base === 'nginx-slim'), (profile.http?.server ?? 'nginx/1.27.3').replace('nginx/', '') || '1.27.3', epochMs);
  }
  if (name === 'redis-server' || (profile.base === 'redis' && args.length === 0)) return redisLines(epochMs);
  if (name === 'httpd-foreground' || name === 'httpd' || (profile.base === 'httpd' && args.length === 0)) {
    return httpdLines(profile.http?.server ?? 'Apache/2.4.62 (Unix)', epochMs, '127.0.0.1');
  }
  return [];
}

/** π to `digits` significant digits, rounded (perl's `bpi(digits)`): Machin's formula in BigInt. */
export function piDigits(digits: number): string {
  const guard = 10;
  const scale = 10n ** BigInt(digits + guard);
  const arctanInv = (x: bigint): bigint => {
    let sum = 0n;
    let term = scale / x;
    const x2 = x * x;
    for (let n = 1n, sign = 1n; term !== 0n; n += 2n, sign = -sign) {
      sum += (sign * term) / n;
      term /= x2;
    }
    return sum;
  };
  const pi = 16n * arctanInv(5n) - 4n * arctanInv(239n);
  // pi·10^(digits+guard) has digits+guard+1 digits: drop guard+1 of them, rounding.
  const rounded = (pi / 10n ** BigInt(guard) + 5n) / 10n;
  const s = rounded.toString();
  return `${s[0]}.${s.slice(1)}`;
}

// ---- the shell ----

type Tok = { k: 'w'; raw: string; line: number } | { k: 'op'; text: string; line: number } | { k: 'redir'; op: string; target: string; line: number };

/** Where a command's stdout and stderr go: the log (as themselves), the other stream, or away (a file, /dev/null). */
interface Redirects { stdout?: 'stderr' | 'discard'; stderr?: 'discard' }
interface SimpleCmd { t: 'cmd'; words: string[]; redirect?: Redirects; line: number }
interface WhileCmd { t: 'while'; until: boolean; cond: AndOr[]; body: AndOr[] }
interface ForCmd { t: 'for'; name: string; items?: string[]; body: AndOr[] }
interface IfCmd { t: 'if'; branches: { cond: AndOr[]; body: AndOr[] }[]; otherwise?: AndOr[] }
interface GroupCmd { t: 'group'; body: AndOr[] }
type Cmd = SimpleCmd | WhileCmd | ForCmd | IfCmd | GroupCmd;
/** `a | b && c || d &`: pipelines joined by && and || */
interface AndOr { first: Cmd[]; rest: { op: '&&' | '||'; pipe: Cmd[] }[]; background: boolean }

/** Thrown to end the run: `exit`, the horizon reached, or a process that never returns. */
class Halt {
  constructor(readonly status: number) {}
}
class LoopJump {
  constructor(readonly kind: 'break' | 'continue') {}
}

function lex(script: string): Tok[] {
  const out: Tok[] = [];
  let line = 1;
  let i = 0;
  const n = script.length;
  while (i < n) {
    const ch = script[i];
    if (ch === ' ' || ch === '\t') { i++; continue; }
    if (ch === '\\' && script[i + 1] === '\n') { i += 2; line++; continue; }
    if (ch === '#') { while (i < n && script[i] !== '\n') i++; continue; }
    if (ch === '\n' || ch === ';') {
      if (ch === '\n') line++;
      out.push({ k: 'op', text: ';', line });
      i++;
      continue;
    }
    if (ch === '&' || ch === '|') {
      if (script[i + 1] === ch) { out.push({ k: 'op', text: ch + ch, line }); i += 2; continue; }
      if (ch === '&' && script[i + 1] === '>') { i += 2; out.push({ k: 'redir', op: '&>', target: readWord(), line }); continue; }
      out.push({ k: 'op', text: ch, line });
      i++;
      continue;
    }
    if (ch === '(' || ch === ')') { out.push({ k: 'op', text: ch, line }); i++; continue; }
    const redir = /^(\d?)(>>|>&|>|<)/.exec(script.slice(i, i + 3));
    if (redir) {
      i += redir[0].length;
      while (script[i] === ' ') i++;
      out.push({ k: 'redir', op: redir[0], target: readWord(), line });
      continue;
    }
    out.push({ k: 'w', raw: readWord(), line });
  }
  return out;

  /** One word with its quotes and $(...) kept raw, for expansion when the command runs. */
  function readWord(): string {
    const start = i;
    while (i < n) {
      const c = script[i];
      if (c === "'") { const e = script.indexOf("'", i + 1); i = e < 0 ? n : e + 1; continue; }
      if (c === '"') {
        i++;
        while (i < n && script[i] !== '"') {
          if (script[i] === '\\') i++;
          else if (script[i] === '$' && script[i + 1] === '(') { i = skipParens(i + 1); continue; }
          i++;
        }
        i++;
        continue;
      }
      if (c === '\\') { i += 2; continue; }
      if (c === '$' && script[i + 1] === '(') { i = skipParens(i + 1); continue; }
      if (c === '`') { const e = script.indexOf('`', i + 1); i = e < 0 ? n : e + 1; continue; }
      if (' \t\n;&|()<>'.includes(c)) break;
      i++;
    }
    return script.slice(start, i);
  }

  /** From an opening parenthesis to just after its match. */
  function skipParens(at: number): number {
    let depth = 0;
    let j = at;
    while (j < n) {
      const c = script[j];
      if (c === '(') depth++;
      else if (c === ')') { depth--; if (depth === 0) return j + 1; }
      else if (c === "'") { const e = script.indexOf("'", j + 1); j = e < 0 ? n : e; }
      else if (c === '\n') line++;
      j++;
    }
    return n;
  }
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  parseAll(): AndOr[] {
    return this.seq(new Set());
  }

  private peekWord(): string | undefined {
    const t = this.toks[this.i];
    return t?.k === 'w' ? t.raw : undefined;
  }

  private skipSeparators(): void {
    while (this.toks[this.i]?.k === 'op' && (this.toks[this.i] as { text: string }).text === ';') this.i++;
  }

  private expect(word: string): void {
    this.skipSeparators();
    if (this.peekWord() === word) this.i++;
  }

  /** And-or lists until a stop keyword at a command's start, a `)` or the end. */
  private seq(stops: Set<string>): AndOr[] {
    const out: AndOr[] = [];
    for (;;) {
      this.skipSeparators();
      const t = this.toks[this.i];
      if (!t || (t.k === 'op' && t.text === ')') || (t.k === 'w' && stops.has(t.raw))) return out;
      if (t.k === 'op' && t.text !== '(') { this.i++; continue; }
      out.push(this.andOr());
    }
  }

  private andOr(): AndOr {
    const node: AndOr = { first: this.pipeline(), rest: [], background: false };
    for (;;) {
      const t = this.toks[this.i];
      if (t?.k === 'op' && (t.text === '&&' || t.text === '||')) {
        this.i++;
        while (this.toks[this.i]?.k === 'op' && (this.toks[this.i] as { text: string }).text === ';') this.i++;
        node.rest.push({ op: t.text, pipe: this.pipeline() });
        continue;
      }
      if (t?.k === 'op' && t.text === '&') { this.i++; node.background = true; }
      return node;
    }
  }

  private pipeline(): Cmd[] {
    const cmds = [this.command()];
    while (this.toks[this.i]?.k === 'op' && (this.toks[this.i] as { text: string }).text === '|') {
      this.i++;
      cmds.push(this.command());
    }
    return cmds;
  }

  private command(): Cmd {
    const t = this.toks[this.i];
    if (t?.k === 'op' && t.text === '(') {
      this.i++;
      const body = this.seq(new Set());
      if (this.toks[this.i]?.k === 'op') this.i++;
      return { t: 'group', body };
    }
    const w = this.peekWord();
    if (w === 'while' || w === 'until') {
      this.i++;
      const cond = this.seq(new Set(['do']));
      this.expect('do');
      const body = this.seq(new Set(['done']));
      this.expect('done');
      return { t: 'while', until: w === 'until', cond, body };
    }
    if (w === 'for') {
      this.i++;
      const name = this.peekWord() ?? '';
      this.i++;
      let items: string[] | undefined;
      if (this.peekWord() === 'in') {
        this.i++;
        items = [];
        while (this.toks[this.i]?.k === 'w') items.push((this.toks[this.i++] as { raw: string }).raw);
      }
      this.expect('do');
      const body = this.seq(new Set(['done']));
      this.expect('done');
      return { t: 'for', name, ...(items ? { items } : {}), body };
    }
    if (w === 'if') {
      this.i++;
      const branches: IfCmd['branches'] = [];
      let otherwise: AndOr[] | undefined;
      for (;;) {
        const cond = this.seq(new Set(['then']));
        this.expect('then');
        const body = this.seq(new Set(['elif', 'else', 'fi']));
        branches.push({ cond, body });
        const next = this.peekWord();
        this.i++;
        if (next === 'elif') continue;
        if (next === 'else') {
          otherwise = this.seq(new Set(['fi']));
          this.expect('fi');
        }
        break;
      }
      return { t: 'if', branches, ...(otherwise ? { otherwise } : {}) };
    }
    if (w === '{') {
      this.i++;
      const body = this.seq(new Set(['}']));
      this.expect('}');
      return { t: 'group', body };
    }
    const words: string[] = [];
    let redirect: Redirects | undefined;
    const line = t?.line ?? 1;
    for (;;) {
      const x = this.toks[this.i];
      if (!x || x.k === 'op') break;
      this.i++;
      if (x.k === 'redir') {
        if (x.op === '<' || x.op === '2>&') continue; // 2>&1: both streams reach the log anyway
        redirect ??= {};
        if (x.op === '>&' || x.op === '1>&') redirect.stdout = x.target === '2' ? 'stderr' : 'discard';
        else if (x.op.startsWith('2')) redirect.stderr = 'discard';
        else if (x.op === '&>') { redirect.stdout = 'discard'; redirect.stderr = 'discard'; }
        else redirect.stdout = 'discard';
        continue;
      }
      words.push(x.raw);
    }
    return { t: 'cmd', words, ...(redirect ? { redirect } : {}), line };
  }
}

interface Snapshot { t: number; lines: number; vars: Map<string, string> }

class Shell {
  private vars = new Map<string, string>();
  private t = 0;
  private lines: LogLine[] = [];
  private partial = { stdout: '', stderr: '' };
  private partialAt = { stdout: 0, stderr: 0 };
  private status = 0;
  private steps = 0;
  private readonly maxLines: number;
  private readonly profile: ImageProfile;
  private readonly known: boolean;
  private shellName = 'sh';
  /** set while running a $(...) substitution: stdout goes here instead of the log */
  private capture: string[] | undefined;
  private redirect: Redirects = {};

  constructor(private readonly c: OutputInput, private readonly w: OutputWindow) {
    this.maxLines = w.maxLines ?? MAX_LOG_LINES;
    this.profile = imageProfile(c.image ?? '');
    this.known = CATALOGUED.has(this.profile.base);
    for (const [k, v] of Object.entries(c.env ?? {})) this.vars.set(k, v);
    if (!this.vars.has('HOSTNAME')) this.vars.set('HOSTNAME', c.hostname ?? '');
    if (!this.vars.has('HOME')) this.vars.set('HOME', '/root');
  }

  runArgv(argv: string[]): void {
    const name = basename(argv[0] ?? '');
    // An executable the image lacks never starts (the runtime's StartError): it writes nothing.
    if (!SHELLS.has(name) && this.known && !this.profile.executables.has(name) && !SERVERS.has(name)) return;
    try {
      this.exec(argv, 1);
    } catch (e) {
      if (!(e instanceof Halt) && !(e instanceof LoopJump)) throw e;
    }
  }

  finish(): LogLine[] {
    for (const s of ['stdout', 'stderr'] as const) {
      if (this.partial[s] !== '' && this.partialAt[s] <= this.w.untilMs) this.lines.push({ atMs: this.partialAt[s], stream: s, text: this.partial[s] });
    }
    const sorted = this.lines.length > 1 ? [...this.lines].sort((a, b) => a.atMs - b.atMs) : this.lines;
    return sorted.slice(Math.max(0, sorted.length - this.maxLines));
  }

  // -- output --

  private write(stream: 'stdout' | 'stderr', text: string): void {
    if (text === '') return;
    if (this.capture && stream === 'stdout' && this.redirect.stdout === undefined) { this.capture.push(text); return; }
    const to = stream === 'stdout' ? this.redirect.stdout : this.redirect.stderr;
    if (to === 'discard') return;
    if (to === 'stderr') stream = 'stderr';
    if (this.t > this.w.untilMs) throw new Halt(this.status);
    let buf = this.partial[stream] === '' ? text : this.partial[stream] + text;
    if (this.partial[stream] === '') this.partialAt[stream] = this.t;
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      this.lines.push({ atMs: this.partialAt[stream], stream, text: buf.slice(0, nl) });
      buf = buf.slice(nl + 1);
      this.partialAt[stream] = this.t;
      nl = buf.indexOf('\n');
    }
    this.partial[stream] = buf;
    if (this.lines.length > 2 * this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
  }

  private elapse(ms: number): void {
    this.t += ms;
    if (this.t > this.w.untilMs) throw new Halt(this.status);
  }

  private step(): void {
    if (++this.steps > MAX_STEPS) throw new Halt(this.status);
  }

  // -- running --

  private seq(list: AndOr[]): void {
    for (const node of list) this.andOr(node);
  }

  private andOr(node: AndOr): void {
    if (node.background) {
      // A background job runs beside the script; its output is interleaved by time, and the script goes on at once.
      const t = this.t;
      try {
        this.pipe(node.first);
      } catch (e) {
        if (!(e instanceof Halt)) throw e;
      }
      this.t = t;
      this.status = 0;
      return;
    }
    this.pipe(node.first);
    for (const r of node.rest) {
      if ((r.op === '&&') === (this.status === 0)) this.pipe(r.pipe);
    }
  }

  private pipe(cmds: Cmd[]): void {
    if (cmds.length === 1) { this.cmd(cmds[0]); return; }
    // Only the last command's output reaches the log; the others feed the pipe.
    const saved = this.capture;
    for (let i = 0; i < cmds.length - 1; i++) {
      this.capture = [];
      const t = this.t;
      this.cmd(cmds[i]);
      this.t = t;
    }
    this.capture = saved;
    this.cmd(cmds[cmds.length - 1]);
  }

  private cmd(c: Cmd): void {
    this.step();
    switch (c.t) {
      case 'cmd': {
        // `VAR=value` words first (SIMPLIFICATION: a prefix assignment outlives its command).
        let k = 0;
        for (; k < c.words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(c.words[k]); k++) {
          const eq = c.words[k].indexOf('=');
          this.vars.set(c.words[k].slice(0, eq), this.expandWord(c.words[k].slice(eq + 1), false)[0]);
        }
        const fields = c.words.slice(k).flatMap((w) => this.expandWord(w, true));
        if (fields.length === 0) { this.status = 0; return; }
        const saved = this.redirect;
        if (c.redirect) this.redirect = { ...saved, ...c.redirect };
        try {
          this.exec(fields, c.line);
        } finally {
          this.redirect = saved;
        }
        return;
      }
      case 'group':
        this.seq(c.body);
        return;
      case 'if':
        for (const b of c.branches) {
          this.seq(b.cond);
          if (this.status === 0) { this.seq(b.body); return; }
        }
        if (c.otherwise) this.seq(c.otherwise);
        else this.status = 0;
        return;
      case 'for': {
        const items = c.items ? c.items.flatMap((w) => this.expandWord(w, true)) : [];
        for (const item of items) {
          this.vars.set(c.name, item);
          try {
            this.seq(c.body);
          } catch (e) {
            if (!(e instanceof LoopJump)) throw e;
            if (e.kind === 'break') break;
          }
        }
        return;
      }
      case 'while':
        this.loop(c);
        return;
    }
  }

  /** A while/until loop; an endless one with regular turns skips the turns whose lines would be dropped anyway. */
  private loop(c: WhileCmd): void {
    const first = c.cond.length === 1 && c.cond[0].rest.length === 0 && c.cond[0].first.length === 1 ? c.cond[0].first[0] : undefined;
    const words = first?.t === 'cmd' ? first.words : [];
    // An endless loop: `while true`, `while :`, `until false`, `while sleep N`.
    const constantCond = ['true', ':', 'false', '[ 1 ]'].includes(words.join(' ')) || (words[0] === 'sleep' && /^[\d.]+[smhd]?$/.test(words[1] ?? ''));
    const snaps: Snapshot[] = [];
    for (;;) {
      this.seq(c.cond);
      if ((this.status === 0) === c.until) { this.status = 0; return; }
      const before = this.t;
      try {
        this.seq(c.body);
      } catch (e) {
        if (!(e instanceof LoopJump)) throw e;
        if (e.kind === 'break') { this.status = 0; return; }
      }
      if (this.t === before) this.elapse(1);
      if (!constantCond || this.capture) continue;
      snaps.push({ t: this.t, lines: this.lines.length, vars: new Map(this.vars) });
      if (snaps.length > 3) snaps.shift();
      if (snaps.length === 3) this.skipAhead(snaps);
    }
  }

  private skipAhead([a, b, c]: Snapshot[]): void {
    const period = c.t - b.t;
    const perTurn = c.lines - b.lines;
    if (period <= 0 || period !== b.t - a.t || perTurn !== b.lines - a.lines) return;
    const deltas = new Map<string, number>();
    for (const [k, v] of c.vars) {
      const va = a.vars.get(k);
      const vb = b.vars.get(k);
      if (va === v && vb === v) continue;
      const numeric = [v, va, vb].every((x) => x !== undefined && /^-?\d+$/.test(x));
      if (!numeric) continue; // e.g. `d=$(date)`: recomputed by the next turn anyway
      const d = Number(v) - Number(vb);
      if (d !== Number(vb) - Number(va!)) return;
      deltas.set(k, d);
    }
    const turnsLeft = Math.floor((this.w.untilMs - this.t) / period);
    const keepTurns = perTurn > 0 ? Math.ceil(this.maxLines / perTurn) + 1 : 1;
    const skip = turnsLeft - keepTurns;
    if (skip <= 0) return;
    this.t += skip * period;
    for (const [k, d] of deltas) this.vars.set(k, String(Number(this.vars.get(k)) + skip * d));
    this.lines = [];
  }

  /** Run one command with expanded arguments. */
  private exec(argv: string[], line: number): void {
    const name = basename(argv[0] ?? '');
    const args = argv.slice(1);
    const ok = (s = 0) => { this.status = s; };
    switch (name) {
      case 'sh': case 'bash': case 'ash': case 'dash': case 'zsh': case 'ksh': {
        const i = args.indexOf('-c');
        if (i < 0) return ok();
        const saved = this.shellName;
        this.shellName = name;
        try {
          this.seq(new Parser(lex(args[i + 1] ?? '')).parseAll());
        } finally {
          this.shellName = saved;
        }
        return;
      }
      case 'echo': return ok(this.echo(args));
      case 'printf': this.write('stdout', printf(args[0] ?? '', args.slice(1))); return ok();
      case 'sleep': {
        const arg = args[0] ?? '';
        if (arg === 'infinity' || arg === 'inf') this.forever();
        const ms = parseSleep(arg);
        if (ms === undefined) { this.write('stderr', `sleep: invalid number '${arg}'\n`); return ok(1); }
        this.elapse(ms);
        return ok();
      }
      case 'date': this.write('stdout', `${formatDate(this.w.startEpochMs + this.t, args.find((a) => a.startsWith('+')))}\n`); return ok();
      case 'hostname': this.write('stdout', `${this.c.hostname ?? ''}\n`); return ok();
      case 'env': case 'printenv': {
        const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOSTNAME: this.c.hostname ?? '', ...this.c.env, HOME: this.c.env?.HOME ?? '/root' };
        if (name === 'printenv' && args.length > 0) {
          const found = args.filter((a) => a in env);
          this.write('stdout', found.map((a) => `${env[a as keyof typeof env]}\n`).join(''));
          return ok(found.length === args.length ? 0 : 1);
        }
        this.write('stdout', Object.entries(env).map(([k, v]) => `${k}=${v}\n`).join(''));
        return ok();
      }
      case 'true': case ':': return ok();
      case 'false': return ok(1);
      case 'exit': throw new Halt(Number.parseInt(args[0] ?? String(this.status), 10) & 255);
      case 'break': case 'continue': throw new LoopJump(name);
      case 'test': case '[': case '[[': return ok(test(name === 'test' ? args : args.slice(0, -1)) ? 0 : 1);
      case 'seq': {
        const nums = args.map(Number);
        const [first, incr, last] = nums.length >= 3 ? nums : nums.length === 2 ? [nums[0], 1, nums[1]] : [1, 1, nums[0] ?? 0];
        const out: string[] = [];
        for (let x = first; incr > 0 ? x <= last : x >= last; x += incr) { out.push(String(x)); if (out.length > MAX_STEPS) break; }
        this.write('stdout', out.map((x) => `${x}\n`).join(''));
        return ok();
      }
      case 'expr': this.write('stdout', `${arith(args.join(' '), this.vars)}\n`); return ok();
      case 'exec': case 'nohup': return this.exec(args, line);
      case 'export': case 'readonly': case 'local':
        for (const a of args) { const eq = a.indexOf('='); if (eq > 0) this.vars.set(a.slice(0, eq), a.slice(eq + 1)); }
        return ok();
      case 'tail': if (args.some((a) => /^-[a-zA-Z]*[fF]/.test(a))) this.forever(); return ok();
      case 'cat': if (args.length === 0) this.forever(); return ok();
      case 'perl': case 'python': case 'python3': case 'python2': case 'ruby': case 'node':
        return ok(this.interpreter(name, args));
    }
    if (!BUILTINS.has(name) && this.known && !this.profile.executables.has(name)) {
      this.write('stderr', `${this.notFound(name, line)}\n`);
      return ok(127);
    }
    if (SERVERS.has(name) || name === 'docker-entrypoint.sh') {
      const entrypoint = name === 'docker-entrypoint.sh';
      for (const l of serverStartup(name, this.c.image ?? '', entrypoint ? argv.slice(1) : argv, entrypoint, this.w.startEpochMs + this.t)) {
        const t = this.t;
        this.t += l.atMs;
        this.write(l.stream, `${l.text}\n`);
        this.t = t;
      }
      this.forever();
    }
    return ok();
  }

  /** A process that never returns: the run goes on until it is stopped. */
  private forever(): never {
    throw new Halt(this.status);
  }

  private echo(args: string[]): number {
    let newline = true;
    let escapes = this.profile.shell === 'dash' && this.shellName !== 'bash';
    let i = 0;
    for (; i < args.length && /^-[neE]+$/.test(args[i]); i++) {
      for (const f of args[i].slice(1)) {
        if (f === 'n') newline = false;
        else if (f === 'e') escapes = true;
        else escapes = false;
      }
    }
    const text = args.slice(i).join(' ');
    this.write('stdout', (escapes ? unescape(text) : text) + (newline ? '\n' : ''));
    return 0;
  }

  private interpreter(name: string, args: string[]): number {
    const code = args[args.findIndex((a) => /^-[a-zA-Z]*[ce]$/.test(a) || a === '-wle' || a === '-le') + 1] ?? '';
    const bpi = /bpi\((\d+)\)/.exec(code);
    if (bpi) {
      this.elapse(4_000);
      this.write('stdout', `${piDigits(Number(bpi[1]))}\n`);
      return 0;
    }
    if (/http\.server|SimpleHTTPServer|\.listen\(/.test(code + args.join(' '))) {
      if (/http\.server/.test(args.join(' '))) this.write('stderr', `Serving HTTP on 0.0.0.0 port ${/\b(\d{2,5})\b/.exec(args.join(' '))?.[1] ?? '8000'} (http://0.0.0.0:${/\b(\d{2,5})\b/.exec(args.join(' '))?.[1] ?? '8000'}/) ...\n`);
      this.forever();
    }
    const py = name.startsWith('python') ? pythonScript(['', ...args]) : undefined;
    const run = py !== undefined ? runPython(py, Object.fromEntries(this.vars)) : undefined;
    if (run) {
      for (const l of run.stdout) this.write('stdout', `${l}\n`);
      this.elapse(run.sleepMs);
      for (const l of run.stderr) this.write('stderr', `${l}\n`);
      return run.exitCode;
    }
    // print("x") / print 'x' / console.log("x") / puts "x": the literal strings.
    const re = name === 'node' ? /console\.log\(\s*(["'`])(.*?)\1\s*\)/g : name === 'ruby' ? /\bputs\s*\(?\s*(["'])(.*?)\1/g : /\bprint\s*\(?\s*(["'])(.*?)\1/g;
    for (const m of code.matchAll(re)) this.write('stdout', `${unescape(m[2])}\n`);
    return 0;
  }

  private notFound(cmd: string, line: number): string {
    const flavour = this.shellName === 'bash' ? 'bash' : this.profile.shell;
    if (flavour === 'dash') return `${this.shellName}: ${line}: ${cmd}: not found`;
    if (flavour === 'bash') return `${this.shellName}: line ${line}: ${cmd}: command not found`;
    return `${this.shellName}: ${cmd}: not found`;
  }

  // -- expansion --

  /** Expand a raw word into fields: quotes removed, $vars, $((...)), $(...) and `...` substituted. */
  private expandWord(raw: string, split: boolean): string[] {
    let out = '';
    let unquotedExpansion = false;
    let quotedAnything = false;
    let i = 0;
    const n = raw.length;
    while (i < n) {
      const c = raw[i];
      if (c === "'") {
        const e = raw.indexOf("'", i + 1);
        out += raw.slice(i + 1, e < 0 ? n : e);
        quotedAnything = true;
        i = e < 0 ? n : e + 1;
      } else if (c === '"') {
        quotedAnything = true;
        i++;
        while (i < n && raw[i] !== '"') {
          if (raw[i] === '\\' && '"\\$`'.includes(raw[i + 1] ?? '')) { out += raw[i + 1]; i += 2; continue; }
          if (raw[i] === '$' || raw[i] === '`') {
            const r = this.dollar(raw, i);
            out += r.text;
            i = r.end;
            continue;
          }
          out += raw[i++];
        }
        i++;
      } else if (c === '\\') {
        out += raw[i + 1] ?? '';
        i += 2;
      } else if (c === '$' || c === '`') {
        const r = this.dollar(raw, i);
        if (r.end > i + 1 || c === '`') unquotedExpansion = true;
        out += r.text;
        i = r.end;
      } else {
        out += raw[i++];
      }
    }
    if (split && unquotedExpansion) {
      const fields = out.split(/[ \t\n]+/).filter((f) => f !== '');
      return fields.length === 0 && quotedAnything ? [''] : fields;
    }
    return [out];
  }

  /** One `$...` or backtick expansion at raw[i]: its text and where it ends. */
  private dollar(raw: string, i: number): { text: string; end: number } {
    if (raw[i] === '`') {
      const e = raw.indexOf('`', i + 1);
      const end = e < 0 ? raw.length : e;
      return { text: this.substitute(raw.slice(i + 1, end)), end: end + 1 };
    }
    const next = raw[i + 1];
    if (next === '(' && raw[i + 2] === '(') {
      const end = matchParen(raw, i + 1);
      return { text: String(arith(raw.slice(i + 3, end - 2), this.vars)), end };
    }
    if (next === '(') {
      const end = matchParen(raw, i + 1);
      return { text: this.substitute(raw.slice(i + 2, end - 1)), end };
    }
    if (next === '{') {
      const e = raw.indexOf('}', i + 2);
      const end = e < 0 ? raw.length : e;
      const inner = raw.slice(i + 2, end);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?::?[-=](.*))?$/.exec(inner);
      if (m && m[2] !== undefined && !this.vars.get(m[1])) return { text: m[2], end: end + 1 };
      if (inner.startsWith('#')) return { text: String((this.vars.get(inner.slice(1)) ?? '').length), end: end + 1 };
      return { text: this.vars.get(m?.[1] ?? inner) ?? '', end: end + 1 };
    }
    if (next === '?') return { text: String(this.status), end: i + 2 };
    if (next === '$') return { text: '1', end: i + 2 };
    if (next === '#') return { text: '0', end: i + 2 };
    if (next === '0') return { text: this.shellName, end: i + 2 };
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(raw.slice(i + 1));
    if (m) return { text: this.vars.get(m[0]) ?? '', end: i + 1 + m[0].length };
    return { text: '$', end: i + 1 };
  }

  /** `$(script)`: its stdout without trailing newlines (stderr still reaches the log). */
  private substitute(script: string): string {
    const saved = this.capture;
    this.capture = [];
    const captured = this.capture;
    try {
      this.seq(new Parser(lex(script)).parseAll());
    } catch (e) {
      if (!(e instanceof Halt)) throw e;
    } finally {
      this.capture = saved;
    }
    return captured.join('').replace(/\n+$/, '');
  }
}

function matchParen(s: string, at: number): number {
  let depth = 0;
  for (let j = at; j < s.length; j++) {
    if (s[j] === '(') depth++;
    else if (s[j] === ')' && --depth === 0) return j + 1;
  }
  return s.length;
}

/** `$(( ))` and `expr`: + - * / % and comparisons on integers; names read variables. */
export function arith(expr: string, vars: ReadonlyMap<string, string>): number {
  const toks = expr.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|\$[A-Za-z_][A-Za-z0-9_]*|==|!=|<=|>=|&&|\|\||[-+*/%()<>!]/g) ?? [];
  let i = 0;
  const value = (t: string) => Number.parseInt(vars.get(t.replace(/^\$/, '')) ?? '0', 10) || 0;
  const primary = (): number => {
    const t = toks[i++];
    if (t === '(') { const v = or(); i++; return v; }
    if (t === '-') return -primary();
    if (t === '+') return primary();
    if (t === '!') return primary() ? 0 : 1;
    if (t === undefined) return 0;
    return /^\d/.test(t) ? Number(t) : value(t);
  };
  const bin = (next: () => number, ops: Record<string, (a: number, b: number) => number>) => (): number => {
    let v = next();
    while (toks[i] !== undefined && toks[i] in ops) { const op = toks[i++]; v = ops[op](v, next()); }
    return v;
  };
  const mul = bin(primary, { '*': (a, b) => a * b, '/': (a, b) => (b === 0 ? 0 : Math.trunc(a / b)), '%': (a, b) => (b === 0 ? 0 : a % b) });
  const add = bin(mul, { '+': (a, b) => a + b, '-': (a, b) => a - b });
  const cmp = bin(add, { '<': (a, b) => +(a < b), '>': (a, b) => +(a > b), '<=': (a, b) => +(a <= b), '>=': (a, b) => +(a >= b) });
  const eq = bin(cmp, { '==': (a, b) => +(a === b), '!=': (a, b) => +(a !== b) });
  const and = bin(eq, { '&&': (a, b) => +(a !== 0 && b !== 0) });
  const or = bin(and, { '||': (a, b) => +(a !== 0 || b !== 0) });
  return or();
}

/** `test` / `[ ]` with the common unary and binary operators. */
function test(args: string[]): boolean {
  if (args[0] === '!') return !test(args.slice(1));
  if (args.length === 0) return false;
  if (args.length === 1) return args[0] !== '';
  if (args.length === 2) {
    if (args[0] === '-z') return args[1] === '';
    if (args[0] === '-n') return args[1] !== '';
    return args[0] === '-d' || args[0] === '-e' ? ['/', '/tmp', '/etc', '/bin'].includes(args[1]) : false;
  }
  const [a, op, b] = args;
  const na = Number(a), nb = Number(b);
  switch (op) {
    case '=': case '==': return a === b;
    case '!=': return a !== b;
    case '-eq': return na === nb;
    case '-ne': return na !== nb;
    case '-lt': return na < nb;
    case '-le': return na <= nb;
    case '-gt': return na > nb;
    case '-ge': return na >= nb;
  }
  return false;
}

function unescape(s: string): string {
  return s.replace(/\\(n|t|\\|e|r|c|0)/g, (_m, c: string) => ({ n: '\n', t: '\t', '\\': '\\', e: '\u001b', r: '\r', c: '', '0': '' })[c] ?? '');
}

/** printf FORMAT ARGS...: %s %d %i %x %f %c %%, escapes; the format repeats while arguments remain. */
export function printf(format: string, args: string[]): string {
  let out = '';
  let k = 0;
  do {
    let used = false;
    out += unescape(format).replace(/%([-0 +#]*)(\d*)(?:\.(\d+))?([sdixfc%])/g, (_m, flags: string, width: string, prec: string | undefined, conv: string) => {
      if (conv === '%') return '%';
      used = true;
      const a = args[k++] ?? '';
      let s: string;
      if (conv === 's') s = prec !== undefined ? a.slice(0, Number(prec)) : a;
      else if (conv === 'c') s = a.slice(0, 1);
      else if (conv === 'f') s = (Number(a) || 0).toFixed(prec !== undefined ? Number(prec) : 6);
      else if (conv === 'x') s = (Number.parseInt(a, 10) || 0).toString(16);
      else s = String(Number.parseInt(a, 10) || 0);
      const w = Number(width || 0);
      if (s.length >= w) return s;
      return flags.includes('-') ? s.padEnd(w) : s.padStart(w, flags.includes('0') && conv !== 's' ? '0' : ' ');
    });
    if (!used) break;
  } while (k < args.length);
  return out;
}

/** `date` and `date +FORMAT` in UTC (the container's TZ). */
export function formatDate(epochMs: number, format?: string): string {
  const d = new Date(epochMs);
  const f: Record<string, () => string> = {
    Y: () => String(d.getUTCFullYear()), m: () => pad(d.getUTCMonth() + 1), d: () => pad(d.getUTCDate()), e: () => String(d.getUTCDate()).padStart(2, ' '),
    H: () => pad(d.getUTCHours()), M: () => pad(d.getUTCMinutes()), S: () => pad(d.getUTCSeconds()), s: () => String(Math.floor(epochMs / 1000)),
    N: () => pad(d.getUTCMilliseconds(), 3) + '000000', a: () => DAYS[d.getUTCDay()], b: () => MONTHS[d.getUTCMonth()], Z: () => 'UTC', z: () => '+0000',
    T: () => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`, F: () => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    '%': () => '%',
  };
  const fmt = format ? format.slice(1) : '%a %b %e %H:%M:%S %Z %Y';
  return fmt.replace(/%(.)/g, (m, c: string) => f[c]?.() ?? m);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
