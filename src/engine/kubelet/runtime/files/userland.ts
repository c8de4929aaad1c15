// The file tools of a container's userland (cat, ls, touch, mkdir, rm, cp, head, tail, df, mount,
// echo, printf, test) and a small POSIX shell: lists with `;`, `&&`, `||`, redirections `>`, `>>`,
// `2>`, `2>&1`, `&>`, `<`, variables and `cd`, with busybox ash, dash and bash error words.
// UPSTREAM: none (busybox 1.36 applets, GNU coreutils 9.x, dash 0.5, bash 5 as their messages read)
// SIMPLIFICATION: no pipes (refused with exit 2), no globbing, no command substitution, no functions;
// `if`/`while`/`for` bodies run once (the file header of ../program.ts says the same of scripts).

import type { CommandOutput } from '../../../kubectl/results';
import type { ImageProfile } from '../images';
import { ContainerFs, ERROR_TEXT, isFsError, type FsError } from './container-fs';
import { normalizePath, type FsEntry } from './tree';

/** What the tools run with. */
export interface Userland {
  fs: ContainerFs;
  profile: ImageProfile;
  /** the process environment (a shell's assignments change it) */
  env: Map<string, string>;
  cwd: string;
  tty?: boolean;
  /** simulated epoch ms (ls -l times) */
  epochMs: number;
  /** a program that is not a file tool (curl, ping, env, hostname...): exec.ts runs it */
  other(argv: string[], u: Userland): CommandOutput;
}

const out = (stdout: string, stderr = '', exitCode = 0): CommandOutput => ({ stdout, stderr, exitCode });
const isBusybox = (u: Userland) => u.profile.shell === 'ash' && u.profile.tools === 'busybox';
const errText = (e: FsError) => ERROR_TEXT[e.error];
const abs = (u: Userland, p: string) => normalizePath(p, u.cwd);

/** The file tools this module runs (others go to Userland.other). */
export const FILE_TOOLS = new Set(['cat', 'ls', 'touch', 'mkdir', 'rm', 'cp', 'head', 'tail', 'df', 'mount', 'echo', 'printf', 'test', '[', 'pwd', 'rmdir']);

/** Run one file tool; undefined when `argv[0]` is not one. */
export function fileTool(u: Userland, argv: string[]): CommandOutput | undefined {
  const name = argv[0].slice(argv[0].lastIndexOf('/') + 1);
  const args = argv.slice(1);
  switch (name) {
    case 'cat': return cat(u, args);
    case 'ls': return ls(u, args);
    case 'touch': return touch(u, args);
    case 'mkdir': return mkdir(u, args);
    case 'rm': return rm(u, args);
    case 'rmdir': return rm(u, args);
    case 'cp': return cp(u, args);
    case 'head': case 'tail': return headTail(u, name, args);
    case 'df': return df(u, args);
    case 'mount': return out(u.fs.mountTable().map((m) => `${m.source} on ${m.path} type ${m.fstype} (${m.readOnly ? 'ro' : 'rw'},relatime)\n`).join(''));
    case 'echo': return echo(u, args);
    case 'printf': return out(printf(args[0] ?? '', args.slice(1)));
    case 'test': return out('', '', test(u, args) ? 0 : 1);
    case '[': return args[args.length - 1] === ']' ? out('', '', test(u, args.slice(0, -1)) ? 0 : 1) : out('', "[: missing ']'\n", 2);
    case 'pwd': return out(`${u.cwd}\n`);
    default: return undefined;
  }
}

function flagsAndPaths(args: string[]): { flags: Set<string>; paths: string[]; counts: Map<string, string> } {
  const flags = new Set<string>();
  const paths: string[] = [];
  const counts = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-n' || a === '-c') counts.set(a, args[++i] ?? '');
    else if (/^-\d+$/.test(a)) counts.set('-n', a.slice(1));
    else if (a.startsWith('--')) flags.add(a);
    else if (a.startsWith('-') && a.length > 1) for (const ch of a.slice(1)) flags.add(ch);
    else paths.push(a);
  }
  return { flags, paths, counts };
}

function cat(u: Userland, args: string[]): CommandOutput {
  let stdout = '';
  let stderr = '';
  for (const p of args.filter((a) => a !== '-')) {
    const r = u.fs.read(abs(u, p));
    if (!isFsError(r)) stdout += r;
    else if (r.error === 'EISDIR') stderr += isBusybox(u) ? 'cat: read error: Is a directory\n' : `cat: ${p}: Is a directory\n`;
    else stderr += isBusybox(u) ? `cat: can't open '${p}': ${errText(r)}\n` : `cat: ${p}: ${errText(r)}\n`;
  }
  return out(stdout, stderr, stderr ? 1 : 0);
}

function headTail(u: Userland, name: 'head' | 'tail', args: string[]): CommandOutput {
  const { paths, counts } = flagsAndPaths(args);
  const n = Number.parseInt(counts.get('-n') ?? '10', 10);
  let stdout = '';
  let stderr = '';
  for (const p of paths) {
    const r = u.fs.read(abs(u, p));
    if (isFsError(r)) {
      stderr += isBusybox(u) ? `${name}: can't open '${p}': ${errText(r)}\n` : `${name}: cannot open '${p}' for reading: ${errText(r)}\n`;
      continue;
    }
    if (paths.length > 1) stdout += `${stdout ? '\n' : ''}==> ${p} <==\n`;
    const lines = r.split('\n');
    const trailing = r.endsWith('\n');
    if (trailing) lines.pop();
    const picked = name === 'head' ? lines.slice(0, n) : lines.slice(Math.max(0, lines.length - n));
    stdout += picked.map((l, i) => (i < picked.length - 1 || trailing || (name === 'head' && n < lines.length) ? `${l}\n` : l)).join('');
  }
  return out(stdout, stderr, stderr ? 1 : 0);
}

function touch(u: Userland, args: string[]): CommandOutput {
  let stderr = '';
  for (const p of flagsAndPaths(args).paths) {
    const r = u.fs.touch(abs(u, p));
    if (r !== true) stderr += isBusybox(u) ? `touch: ${p}: ${errText(r)}\n` : `touch: cannot touch '${p}': ${errText(r)}\n`;
  }
  return out('', stderr, stderr ? 1 : 0);
}

function mkdir(u: Userland, args: string[]): CommandOutput {
  const { flags, paths } = flagsAndPaths(args);
  let stderr = '';
  for (const p of paths) {
    const r = u.fs.mkdir(abs(u, p), flags.has('p'));
    if (r !== true) stderr += `mkdir: ${isBusybox(u) ? "can't" : 'cannot'} create directory '${p}': ${errText(r)}\n`;
  }
  return out('', stderr, stderr ? 1 : 0);
}

function rm(u: Userland, args: string[]): CommandOutput {
  const { flags, paths } = flagsAndPaths(args);
  const recursive = flags.has('r') || flags.has('R') || args[0] === 'rmdir';
  let stderr = '';
  for (const p of paths) {
    const st = u.fs.stat(abs(u, p), false);
    if (!isFsError(st) && st.t === 'd' && !recursive) {
      stderr += isBusybox(u) ? `rm: '${p}' is a directory\n` : `rm: cannot remove '${p}': Is a directory\n`;
      continue;
    }
    const r = u.fs.remove(abs(u, p), recursive);
    if (r === true || (r.error === 'ENOENT' && flags.has('f'))) continue;
    stderr += `rm: ${isBusybox(u) ? "can't" : 'cannot'} remove '${p}': ${errText(r)}\n`;
  }
  return out('', stderr, stderr ? 1 : 0);
}

function cp(u: Userland, args: string[]): CommandOutput {
  const { paths } = flagsAndPaths(args);
  if (paths.length < 2) return out('', isBusybox(u) ? 'cp: missing operand\n' : "cp: missing file operand\nTry 'cp --help' for more information.\n", 1);
  const dest = paths[paths.length - 1];
  let stderr = '';
  for (const src of paths.slice(0, -1)) {
    const text = u.fs.read(abs(u, src));
    if (isFsError(text)) {
      stderr += isBusybox(u) ? `cp: can't stat '${src}': ${errText(text)}\n` : `cp: cannot stat '${src}': ${errText(text)}\n`;
      continue;
    }
    const d = u.fs.stat(abs(u, dest));
    const target = !isFsError(d) && d.t === 'd' ? `${abs(u, dest)}/${src.slice(src.lastIndexOf('/') + 1)}` : abs(u, dest);
    const r = u.fs.write(target, text);
    if (r !== true) stderr += isBusybox(u) ? `cp: can't create '${dest}': ${errText(r)}\n` : `cp: cannot create regular file '${dest}': ${errText(r)}\n`;
  }
  return out('', stderr, stderr ? 1 : 0);
}

function echo(u: Userland, args: string[]): CommandOutput {
  let newline = true;
  let escapes = u.profile.shell === 'dash';
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i]); i++) {
    if (args[i].includes('n')) newline = false;
    if (args[i].includes('e')) escapes = true;
  }
  const text = args.slice(i).join(' ');
  return out(`${escapes ? unescape(text) : text}${newline ? '\n' : ''}`);
}

function unescape(s: string): string {
  return s.replace(/\\([ntr\\]|0?[0-7]{1,3})/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c === '\\' ? '\\' : String.fromCharCode(Number.parseInt(c, 8))));
}

/** printf FORMAT ARGS: %s %d %i %x %% and backslash escapes; the format repeats while arguments remain. */
export function printf(format: string, args: string[]): string {
  let result = '';
  let k = 0;
  do {
    result += unescape(format).replace(/%(-?\d*)([sdixc%])/g, (_m, width: string, conv: string) => {
      if (conv === '%') return '%';
      const a = args[k++] ?? '';
      let s = conv === 's' ? a : conv === 'c' ? a.slice(0, 1) : conv === 'x' ? (Number.parseInt(a, 10) || 0).toString(16) : String(Number.parseInt(a, 10) || 0);
      const w = Number.parseInt(width, 10);
      if (w) s = w < 0 ? s.padEnd(-w) : s.padStart(w);
      return s;
    });
  } while (k > 0 && k < args.length);
  return result;
}

function test(u: Userland, args: string[]): boolean {
  if (args[0] === '!') return !test(u, args.slice(1));
  if (args.length === 0) return false;
  if (args.length === 1) return args[0] !== '';
  if (args.length === 2) {
    const st = u.fs.stat(abs(u, args[1]));
    switch (args[0]) {
      case '-e': return !isFsError(st);
      case '-f': return !isFsError(st) && st.t === 'f';
      case '-d': return !isFsError(st) && st.t === 'd';
      case '-s': return !isFsError(st) && st.t === 'f' && (st.c ?? '') !== '';
      case '-z': return args[1] === '';
      case '-n': return args[1] !== '';
      default: return false;
    }
  }
  const [a, op, b] = args;
  const n = (x: string) => Number.parseInt(x, 10);
  switch (op) {
    case '=': case '==': return a === b;
    case '!=': return a !== b;
    case '-eq': return n(a) === n(b);
    case '-ne': return n(a) !== n(b);
    case '-lt': return n(a) < n(b);
    case '-gt': return n(a) > n(b);
    case '-le': return n(a) <= n(b);
    case '-ge': return n(a) >= n(b);
    default: return false;
  }
}

/** UTF-8 length: what ls and df count. */
export function byteLength(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

// ---- ls ----

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function modeString(e: FsEntry): string {
  const type = e.t === 'd' ? 'd' : e.t === 'l' ? 'l' : '-';
  if (e.t === 'l') return 'lrwxrwxrwx';
  const m = e.m ?? (e.t === 'd' ? 0o755 : 0o644);
  const bits = 'rwxrwxrwx'.split('').map((ch, i) => (m & (1 << (8 - i)) ? ch : '-')).join('');
  return type + ((m & 0o1000) !== 0 ? `${bits.slice(0, 8)}t` : bits);
}

function sizeOf(e: FsEntry): number {
  if (e.t === 'd') return 4096;
  return byteLength(e.c ?? '');
}

function timeOf(e: FsEntry, u: Userland, gnu: boolean): string {
  const d = new Date(e.at ?? u.epochMs - 86_400_000 * 30);
  const day = String(d.getUTCDate()).padStart(gnu ? 2 : 2, gnu ? ' ' : ' ');
  return `${MONTHS[d.getUTCMonth()]} ${day} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

function ls(u: Userland, args: string[]): CommandOutput {
  const { flags, paths } = flagsAndPaths(args);
  const long = flags.has('l');
  const all = flags.has('a');
  const recursive = flags.has('R');
  const gnu = !isBusybox(u);
  const targets = paths.length ? paths : ['.'];
  let stdout = '';
  let stderr = '';
  const files: string[] = [];
  const dirs: string[] = [];
  for (const p of targets) {
    const st = u.fs.stat(abs(u, p), !long || p.endsWith('/'));
    if (isFsError(st)) {
      stderr += gnu ? `ls: cannot access '${p}': ${errText(st)}\n` : `ls: ${p}: ${errText(st)}\n`;
      continue;
    }
    if (st.t === 'd' || (st.t === 'l' && !isFsError(u.fs.stat(abs(u, p))) && (u.fs.stat(abs(u, p)) as FsEntry).t === 'd' && !long)) dirs.push(p);
    else files.push(p);
  }
  const line = (name: string, e: FsEntry, path: string) => {
    if (!long) return name;
    const link = e.t === 'l' ? ` -> ${e.c ?? ''}` : '';
    const size = String(e.t === 'l' ? (e.c ?? '').length : sizeOf(e));
    return gnu
      ? `${modeString(e)} ${e.t === 'd' ? 2 : 1} root root ${size.padStart(4)} ${timeOf(e, u, true)} ${name}${link}`
      : `${modeString(e)}    ${e.t === 'd' ? 2 : 1} root     root     ${size.padStart(9)} ${timeOf(e, u, false)} ${name}${link}${path === '' ? '' : ''}`;
  };
  const block = (lines: string[]) => (long || !u.tty ? lines.map((l) => `${l}\n`).join('') : lines.length ? `${lines.join('  ')}\n` : '');
  if (files.length) stdout += block(files.map((p) => line(p, u.fs.stat(abs(u, p), false) as FsEntry, p)));
  const showHeader = targets.length > 1 || recursive;
  const walk = (p: string, first: boolean) => {
    const path = abs(u, p);
    const names = u.fs.list(path);
    if (isFsError(names)) {
      stderr += gnu ? `ls: cannot open directory '${p}': ${errText(names)}\n` : `ls: ${p}: ${errText(names)}\n`;
      return;
    }
    const shown = all ? ['.', '..', ...names] : names.filter((n) => !n.startsWith('.'));
    if (!first || files.length) stdout += '\n';
    if (showHeader) stdout += `${p}:\n`;
    const entries = shown.map((n) => {
      const e = n === '.' ? (u.fs.stat(path) as FsEntry) : n === '..' ? (u.fs.stat(normalizePath(`${path}/..`)) as FsEntry) : u.fs.stat(`${path}/${n}`, false);
      return { n, e: isFsError(e) ? ({ t: 'f' } as FsEntry) : e };
    });
    if (long) stdout += `total ${entries.reduce((s, x) => s + Math.ceil(sizeOf(x.e) / 4096) * 4, 0)}\n`;
    stdout += block(entries.map((x) => line(x.n, x.e, p)));
    if (recursive) {
      for (const x of entries) if (x.e.t === 'd' && x.n !== '.' && x.n !== '..') walk(p === '/' ? `/${x.n}` : `${p.replace(/\/$/, '')}/${x.n}`, false);
    }
  };
  dirs.forEach((p, i) => walk(p, i === 0));
  return out(stdout, stderr, stderr ? (gnu ? 2 : 1) : 0);
}

// ---- df ----

function human(bytes: number, busybox: boolean): string {
  if (bytes === 0) return '0';
  const units = ['', 'K', 'M', 'G', 'T'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  if (busybox) return `${v.toFixed(1)}${units[i]}`;
  return `${v >= 10 ? Math.ceil(v) : Math.ceil(v * 10) / 10}${units[i]}`;
}

function df(u: Userland, args: string[]): CommandOutput {
  const h = args.some((a) => /^-\w*h/.test(a));
  const busybox = isBusybox(u);
  const rows = u.fs.mountTable().filter((m) => m.fstype !== 'proc' && m.fstype !== 'sysfs');
  const fmt = (n: number) => (h ? human(n, busybox) : String(Math.ceil(n / 1024)));
  const lines = rows.map((m) => {
    const used = usedBytes(m.layer, m.fstype);
    const size = m.sizeBytes;
    const pct = size ? `${Math.ceil((used / size) * 100)}%` : '-';
    return [m.source, fmt(size), fmt(used), fmt(Math.max(0, size - used)), pct, m.path];
  });
  const header = ['Filesystem', h ? 'Size' : '1K-blocks', 'Used', busybox ? 'Available' : 'Avail', 'Use%', 'Mounted on'];
  const widths = header.map((_, i) => Math.max(header[i].length, ...lines.map((l) => l[i].length)));
  const row = (cols: string[]) => cols.map((c, i) => (i === 0 ? c.padEnd(widths[0]) : i === 5 ? c : c.padStart(widths[i]))).join(' ');
  return out([header, ...lines].map((l) => `${row(l)}\n`).join(''));
}

/** The overlay's image layers take most of the node disk's used space; volumes count their files. */
function usedBytes(layer: ContainerFsLayer, fstype: string): number {
  if (fstype === 'overlay' || fstype === 'ext4') return 12_400_000_000;
  let n = 0;
  const walk = (rel: string) => {
    for (const c of layer.children(rel)) {
      const k = rel === '' ? c : `${rel}/${c}`;
      const e = layer.get(k);
      if (e?.t === 'd') walk(k);
      else if (e?.t === 'f') n += Math.ceil(sizeOf(e) / 4096) * 4096;
    }
  };
  walk('');
  return n;
}

type ContainerFsLayer = ReturnType<ContainerFs['mountTable']>[number]['layer'];

// ---- the shell ----

/** A word, or an operator between commands, or a redirection. */
interface Token {
  text: string;
  kind: 'word' | 'op' | 'redir';
}

/** `$` inside single quotes is kept literal through expansion. */
const LITERAL_DOLLAR = '\u0000';

/** Split a script into words, operators (`;` `&&` `||` `|` `&` newline) and redirections, honouring quotes. */
export function lex(script: string): Token[] | { error: string } {
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  const flush = () => {
    if (inWord) tokens.push({ text: word, kind: 'word' });
    word = '';
    inWord = false;
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (ch === "'") {
      const end = script.indexOf("'", i + 1);
      if (end < 0) return { error: 'syntax error: unterminated quoted string' };
      word += script.slice(i + 1, end).replace(/\$/g, LITERAL_DOLLAR);
      inWord = true;
      i = end;
    } else if (ch === '"') {
      let j = i + 1;
      for (; j < script.length && script[j] !== '"'; j++) {
        if (script[j] === '\\' && /["\\$`]/.test(script[j + 1] ?? '')) {
          word += script[j + 1] === '$' ? LITERAL_DOLLAR : script[j + 1];
          j++;
        } else word += script[j];
      }
      if (j >= script.length) return { error: 'syntax error: unterminated quoted string' };
      inWord = true;
      i = j;
    } else if (ch === '\\') {
      if (script[i + 1] !== '\n') {
        word += script[i + 1] === '$' ? LITERAL_DOLLAR : (script[i + 1] ?? '');
        inWord = true;
      }
      i++;
    } else if (ch === '#' && !inWord) {
      while (i < script.length && script[i] !== '\n') i++;
      i--;
    } else if (ch === ' ' || ch === '\t') {
      flush();
    } else if (ch === ';' || ch === '\n') {
      flush();
      tokens.push({ text: ';', kind: 'op' });
    } else if (ch === '&' && script[i + 1] === '>') {
      flush();
      const two = script[i + 2] === '>';
      tokens.push({ text: two ? '&>>' : '&>', kind: 'redir' });
      i += two ? 2 : 1;
    } else if (ch === '&' || ch === '|') {
      flush();
      if (script[i + 1] === ch) {
        tokens.push({ text: ch + ch, kind: 'op' });
        i++;
      } else tokens.push({ text: ch, kind: 'op' });
    } else if ((ch === '>' || ch === '<') || (/[0-9]/.test(ch) && !inWord && /^[>]/.test(script[i + 1] ?? ''))) {
      flush();
      let op = ch;
      let j = i + 1;
      if (/[0-9]/.test(ch)) op += script[j++];
      if (script[j] === '>') op += script[j++];
      if (script[j] === '&' && /[0-9]/.test(script[j + 1] ?? '')) {
        op += script.slice(j, j + 2);
        j += 2;
      }
      tokens.push({ text: op, kind: 'redir' });
      i = j - 1;
    } else {
      word += ch;
      inWord = true;
    }
  }
  flush();
  return tokens;
}

/** One simple command and the operator that follows it. */
export interface SimpleCommand {
  words: string[];
  redirects: { op: string; target: string }[];
  /** `;` `&&` `||` `|` `&` */
  next: string;
}

/** Group tokens into simple commands; a redirection takes the next word as its target. */
export function parseScript(script: string): SimpleCommand[] | { error: string } {
  const tokens = lex(script);
  if ('error' in tokens) return tokens;
  const cmds: SimpleCommand[] = [];
  let cur: SimpleCommand = { words: [], redirects: [], next: ';' };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'word') cur.words.push(t.text);
    else if (t.kind === 'redir') {
      if (/&\d$/.test(t.text)) cur.redirects.push({ op: t.text, target: '' });
      else {
        const target = tokens[i + 1];
        if (target?.kind !== 'word') return { error: `syntax error: unexpected ${target ? `"${target.text}"` : 'end of file'}` };
        cur.redirects.push({ op: t.text, target: target.text });
        i++;
      }
    } else {
      cur.next = t.text;
      cmds.push(cur);
      cur = { words: [], redirects: [], next: ';' };
    }
  }
  if (cur.words.length || cur.redirects.length) cmds.push(cur);
  return cmds;
}

/** Shell keywords that only group or branch; the commands they wrap still run (once). */
const KEYWORDS = new Set(['do', 'done', 'then', 'else', 'elif', 'fi', 'if', '{', '}', 'esac', 'while', 'until']);

function expand(word: string, u: Userland, status: number): string {
  return word
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*|\?)/g, (_m, a?: string, b?: string) => {
      const name = a ?? b ?? '';
      return name === '?' ? String(status) : (u.env.get(name) ?? '');
    })
    .replaceAll(LITERAL_DOLLAR, '$');
}

/** How each shell words a failed redirection (and the status it gives the command). */
function cannotCreate(u: Userland, shellName: string, path: string, e: FsError): { text: string; status: number } {
  const flavour = shellName === 'bash' ? 'bash' : u.profile.shell;
  if (flavour === 'dash') return { text: `${shellName}: 1: cannot create ${path}: ${errText(e)}\n`, status: 2 };
  if (flavour === 'bash') return { text: `${shellName}: line 1: ${path}: ${errText(e)}\n`, status: 1 };
  return { text: `${shellName}: can't create ${path}: ${errText(e)}\n`, status: 1 };
}

function notFound(u: Userland, shellName: string, cmd: string): string {
  const flavour = shellName === 'bash' ? 'bash' : u.profile.shell;
  if (flavour === 'dash') return `${shellName}: 1: ${cmd}: not found\n`;
  if (flavour === 'bash') return `${shellName}: line 1: ${cmd}: command not found\n`;
  return `${shellName}: ${cmd}: not found\n`;
}

/** Builtins every shell has; others must be on $PATH. */
const BUILTINS = new Set(['echo', 'printf', 'true', 'false', 'exit', 'cd', 'export', ':', 'test', '[', 'pwd', 'set', 'unset', 'sleep', 'wait', 'trap']);

/**
 * Run a script's commands in order: `&&`/`||` short-circuit on the last status, `exit` ends the
 * script, redirections write through the container's filesystem. Returns the combined output.
 */
export function runCommands(u: Userland, shellName: string, cmds: SimpleCommand[]): CommandOutput & { exited?: boolean } {
  let stdout = '';
  let stderr = '';
  let status = 0;
  let skip = false;
  let trace: CommandOutput['trace'];
  for (const cmd of cmds) {
    if (cmd.next === '|') return { stdout, stderr: `${stderr}${shellName}: pipes are not simulated in the sandbox; run the commands one by one\n`, exitCode: 2 };
    const chain = (s: number) => {
      skip = cmd.next === '&&' ? s !== 0 : cmd.next === '||' ? s === 0 : false;
    };
    if (skip) {
      chain(status);
      continue;
    }
    let words = cmd.words.map((w) => expand(w, u, status));
    while (words.length && KEYWORDS.has(words[0])) words = words.slice(1);
    if (words[0] === 'for') {
      // `for x in a b c; do ...`: the loop header; its body runs once.
      continue;
    }
    // VAR=value prefixes: with no command they set shell variables.
    const assigns: [string, string][] = [];
    while (words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) {
      const w = words.shift()!;
      assigns.push([w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]);
    }
    if (words.length === 0) {
      for (const [k, v] of assigns) u.env.set(k, v);
      if (cmd.redirects.length === 0) {
        chain(status);
        continue;
      }
    }
    let r: CommandOutput & { exited?: boolean };
    const name = words[0] ?? '';
    const base = name.slice(name.lastIndexOf('/') + 1);
    if (name === '') r = out('');
    else if (base === 'exit') r = { ...out('', '', Number.parseInt(words[1] ?? String(status), 10) & 255), exited: true };
    else if (base === 'cd') {
      const to = abs(u, words[1] ?? u.env.get('HOME') ?? '/');
      const st = u.fs.stat(to);
      if (isFsError(st) || st.t !== 'd') r = out('', `${shellName}: cd: can't cd to ${words[1]}: ${isFsError(st) ? errText(st) : 'Not a directory'}\n`, 2);
      else {
        u.cwd = to;
        r = out('');
      }
    } else if (base === 'export') {
      for (const w of words.slice(1)) if (w.includes('=')) u.env.set(w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1));
      r = out('');
    } else if (['true', ':', 'sleep', 'wait', 'set', 'unset', 'trap'].includes(base)) r = out('');
    else if (base === 'false') r = out('', '', 1);
    else if (!BUILTINS.has(base) && !u.profile.executables.has(base)) r = out('', notFound(u, shellName, name), 127);
    else r = fileTool(u, words) ?? u.other(words, u);
    if (r.trace) trace = r.trace;
    // Redirections, applied after the command ran (its output was collected).
    let o = r.stdout;
    let e = r.stderr;
    let code = r.exitCode;
    for (const rd of cmd.redirects) {
      const op = rd.op;
      if (op === '2>&1') {
        o += e;
        e = '';
        continue;
      }
      if (op === '>&2' || op === '1>&2') {
        e += o;
        o = '';
        continue;
      }
      if (op === '<' || op === '0<') {
        const rr = u.fs.read(abs(u, rd.target));
        if (isFsError(rr)) {
          const msg = u.profile.shell === 'dash' ? `${shellName}: 1: cannot open ${rd.target}: ${errText(rr)}\n` : `${shellName}: can't open ${rd.target}: ${errText(rr)}\n`;
          o = '';
          e = msg;
          code = u.profile.shell === 'dash' ? 2 : 1;
        }
        continue;
      }
      const target = expand(rd.target, u, status);
      if (target === '/dev/null') {
        if (op.startsWith('2')) e = '';
        else if (op.startsWith('&')) {
          o = '';
          e = '';
        } else o = '';
        continue;
      }
      const text = op.startsWith('2') ? e : op.startsWith('&') ? o + e : o;
      const w = u.fs.write(abs(u, target), text, op.endsWith('>>'));
      if (w !== true) {
        const c = cannotCreate(u, shellName, target, w);
        o = '';
        e = c.text;
        code = c.status;
        break;
      }
      if (op.startsWith('2')) e = '';
      else if (op.startsWith('&')) {
        o = '';
        e = '';
      } else o = '';
    }
    stdout += o;
    stderr += e;
    status = code;
    if (r.exited) return { stdout, stderr, exitCode: status, exited: true, ...(trace ? { trace } : {}) };
    chain(status);
  }
  return { stdout, stderr, exitCode: status, ...(trace ? { trace } : {}) };
}

/** `sh -c SCRIPT` (or `sh` reading EOF from an empty stdin). */
export function runShell(u: Userland, shellName: string, args: string[]): CommandOutput {
  const i = args.indexOf('-c');
  if (i < 0) return out('');
  const cmds = parseScript(args[i + 1] ?? '');
  if ('error' in cmds) return out('', `${shellName}: ${cmds.error}\n`, 2);
  const { exited: _exited, ...r } = runCommands(u, shellName, cmds);
  return r;
}
