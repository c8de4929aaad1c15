// A one-line shell over a simulated network namespace: the commands a learner types on a node (or in
// a pod) to see its network, plus the text filters people pipe them through
// (`iptables-save -t nat | grep KUBE-SVC`).
// UPSTREAM: bash (word splitting, quotes, pipelines, `command not found` = 127), busybox sh in pods
// SIMPLIFICATION: one pipeline per line (no `;`, `&&`, redirections, variables or globbing); filters
// are grep (-v -i -c -E -F -w -e), head, tail, wc -l, sort (-r -u).

import type { NetNamespace } from './netns';
import { runConntrack } from './conntrack';
import { runBridge } from './iproute2/bridge';
import { runIp } from './iproute2/ip';
import { runIpvsadm } from './ipvsadm';
import type { JournalEntry } from './journalctl';
import { runJournalctl } from './journalctl';
import { runIptables, runIptablesSave } from './netfilter/iptables-save';
import type { ShellResult } from './shell-result';
import { fail, ok } from './shell-result';

export type { ShellResult } from './shell-result';

export interface ShellTarget {
  ns: NetNamespace;
  /** wall-clock time for iptables-save's header */
  epochMs: number;
  /** `node`: bash as root on the node (iproute2, iptables, conntrack); `pod`: a container's sh with `ip` */
  kind: 'node' | 'pod';
  hostname: string;
  /** the node's journal (`journalctl -u flanneld`): the node agents' error lines */
  journal?: readonly JournalEntry[];
  /** programs installed on this node beyond the network tools (etcdctl on the control-plane node) */
  programs?: Readonly<Record<string, (args: string[]) => ShellResult>>;
}

/** Split a command line into pipeline stages of words, honouring quotes and backslashes. */
export function tokenize(line: string): { stages: string[][]; error?: string } {
  const stages: string[][] = [[]];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) word += line[++i];
      else word += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) stages[stages.length - 1].push(word);
      word = '';
      inWord = false;
    } else if (c === '|') {
      if (inWord) stages[stages.length - 1].push(word);
      word = '';
      inWord = false;
      stages.push([]);
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) return { stages, error: `unexpected EOF while looking for matching \`${quote}'` };
  if (inWord) stages[stages.length - 1].push(word);
  return { stages };
}

/** Run one command line in the target's namespace. */
export function runShell(target: ShellTarget, commandLine: string): ShellResult {
  const shell = target.kind === 'node' ? 'bash' : 'sh';
  const { stages, error } = tokenize(commandLine.trim());
  if (error) return fail(`${shell}: -c: line 1: ${error}\n`, 2);
  if (stages.length === 1 && stages[0].length === 0) return ok('');
  if (stages.some((s) => s.length === 0)) return fail(`${shell}: syntax error near unexpected token \`|'\n`, 2);
  let input = '';
  let stderr = '';
  let exitCode = 0;
  for (let i = 0; i < stages.length; i++) {
    let words = stages[i][0] === 'sudo' && target.kind === 'node' ? stages[i].slice(1) : stages[i];
    // `ETCDCTL_API=3 etcdctl ...`: leading assignments set the command's environment (none of the
    // simulated programs reads it, so they are dropped); alone, they are a no-op.
    while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) words = words.slice(1);
    const r = i === 0 ? runCommand(target, words) : runFilter(shell, words, input);
    input = r.stdout;
    stderr += r.stderr;
    exitCode = r.exitCode;
  }
  return { stdout: input, stderr, exitCode };
}

function notFound(target: ShellTarget, name: string): ShellResult {
  return target.kind === 'node' ? fail(`bash: ${name}: command not found\n`, 127) : fail(`sh: ${name}: not found\n`, 127);
}

function runCommand(target: ShellTarget, words: string[]): ShellResult {
  if (words.length === 0) return ok('');
  const [name, ...args] = words;
  switch (name) {
    case 'ip':
      return runIp(target.ns, args);
    case 'hostname':
      return ok(`${target.hostname}\n`);
  }
  if (target.kind === 'pod') return notFound(target, name);
  switch (name) {
    case 'bridge':
      return runBridge(target.ns, args);
    case 'iptables-save':
      return runIptablesSave(target.ns.netfilter, args, target.epochMs);
    case 'iptables':
      return runIptables(target.ns.netfilter, args);
    case 'conntrack':
      return runConntrack(target.ns.conntrack, args);
    case 'ipvsadm':
      return runIpvsadm(target.ns.ipvs ?? [], args);
    case 'journalctl':
      return runJournalctl(target.journal ?? [], args, target.hostname);
    default: {
      const program = target.programs?.[name];
      return program ? program(args) : notFound(target, name);
    }
  }
}

function lines(text: string): string[] {
  if (text === '') return [];
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

function join(l: string[]): string {
  return l.length ? `${l.join('\n')}\n` : '';
}

/** POSIX basic regular expression -> JavaScript: `\(` `\)` `\{` `\}` `\|` `\+` `\?` are the operators. */
function breToJs(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\' && i + 1 < p.length) {
      const n = p[++i];
      out += '(){}|+?'.includes(n) ? n : `\\${n}`;
    } else out += '(){}|+?'.includes(c) ? `\\${c}` : c;
  }
  return out;
}

function runFilter(shell: string, words: string[], input: string): ShellResult {
  const [name, ...args] = words;
  switch (name) {
    case 'grep':
    case 'egrep':
    case 'fgrep':
      return grep(name, args, input);
    case 'head':
    case 'tail': {
      let n = 10;
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a === '-n') n = Number(args[++i]);
        else if (/^-n\d+$/.test(a)) n = Number(a.slice(2));
        else if (/^-\d+$/.test(a)) n = Number(a.slice(1));
        else return fail(`${name}: invalid option -- '${a.replace(/^-/, '').slice(0, 1)}'\nTry '${name} --help' for more information.\n`, 1);
      }
      if (!Number.isFinite(n)) return fail(`${name}: invalid number of lines\n`, 1);
      const l = lines(input);
      return ok(join(name === 'head' ? l.slice(0, n) : l.slice(Math.max(0, l.length - n))));
    }
    case 'wc':
      if (args.length === 1 && args[0] === '-l') return ok(`${lines(input).length}\n`);
      return fail(`wc: only wc -l is simulated in this sandbox\n`, 1);
    case 'sort': {
      let l = lines(input).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const a of args) {
        if (a === '-r') l = l.reverse();
        else if (a === '-u') l = l.filter((x, i) => i === 0 || x !== l[i - 1]);
        else return fail(`sort: only -r and -u are simulated in this sandbox\n`, 2);
      }
      return ok(join(l));
    }
    default:
      return shell === 'bash' ? fail(`bash: ${name}: command not found\n`, 127) : fail(`sh: ${name}: not found\n`, 127);
  }
}

function grep(name: string, args: string[], input: string): ShellResult {
  let invert = false;
  let ignoreCase = false;
  let count = false;
  let word = false;
  let mode: 'basic' | 'extended' | 'fixed' = name === 'egrep' ? 'extended' : name === 'fgrep' ? 'fixed' : 'basic';
  const patterns: string[] = [];
  const rest: string[] = [];
  let endOfOptions = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (endOfOptions) rest.push(a);
    else if (a === '--') endOfOptions = true;
    else if (a === '-e') {
      const p = args[++i];
      if (p === undefined) return fail("grep: option requires an argument -- 'e'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2);
      patterns.push(p);
    } else if (a.startsWith('-') && a.length > 1 && !a.startsWith('--')) {
      for (const f of a.slice(1)) {
        if (f === 'v') invert = true;
        else if (f === 'i') ignoreCase = true;
        else if (f === 'c') count = true;
        else if (f === 'w') word = true;
        else if (f === 'E') mode = 'extended';
        else if (f === 'F') mode = 'fixed';
        else return fail(`grep: invalid option -- '${f}'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n`, 2);
      }
    } else rest.push(a);
  }
  if (patterns.length === 0) {
    const p = rest.shift();
    if (p === undefined) return fail("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2);
    patterns.push(p);
  }
  if (rest.length) return fail(`grep: ${rest[0]}: No such file or directory\n`, 2);
  let regexes: RegExp[];
  try {
    regexes = patterns.flatMap((p) => p.split('\n')).map((p) => {
      let src = mode === 'fixed' ? p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : mode === 'basic' ? breToJs(p) : p;
      if (word) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
      return new RegExp(src, ignoreCase ? 'i' : '');
    });
  } catch {
    return fail('grep: Unmatched ( or \\(\n', 2);
  }
  const selected = lines(input).filter((l) => regexes.some((r) => r.test(l)) !== invert);
  if (count) return { stdout: `${selected.length}\n`, stderr: '', exitCode: selected.length ? 0 : 1 };
  return { stdout: join(selected), stderr: '', exitCode: selected.length ? 0 : 1 };
}
