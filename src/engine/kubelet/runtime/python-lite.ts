// A very small Python for `python3 -c '...'` one-liners in manifests: imports, assignments, print,
// if/elif/else, sys.exit/exit, time.sleep, os.environ / os.getenv, int/str/len/float and arithmetic,
// comparison and boolean operators. Enough for the official Job examples (the backoffLimitPerIndex
// example exits 1 on even JOB_COMPLETION_INDEX values).
// SIMPLIFICATION: anything outside this subset (loops, functions, f-strings, ...) makes runPython
// return undefined, and the caller falls back to "a one-liner that succeeds".
// UPSTREAM: none (CPython semantics for the subset: truthiness, // and % floor towards -inf,
// sys.exit(str) prints the string to stderr and exits 1, sys.exit(None) exits 0).

type Value = number | string | boolean | null;

export interface PythonRun {
  exitCode: number;
  stdout: string[];
  stderr: string[];
  /** simulated ms spent in time.sleep */
  sleepMs: number;
}

class Unsupported extends Error {}
class Exit {
  constructor(readonly code: number) {}
}

type Tok = { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 'name'; v: string } | { t: 'op'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === ' ' || ch === '\t') { i++; continue; }
    if (ch === '#') break;
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^[0-9]*\.?[0-9]+(e[+-]?[0-9]+)?|^[0-9]+/.exec(src.slice(i))!;
      out.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== ch) {
        if (src[j] === '\\' && j + 1 < src.length) {
          const e = src[j + 1];
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          j += 2;
        } else s += src[j++];
      }
      if (j >= src.length) throw new Unsupported('unterminated string');
      out.push({ t: 'str', v: s });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ t: 'name', v: m[0] });
      i += m[0].length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '<=', '>=', '//', '**'].includes(two)) { out.push({ t: 'op', v: two }); i += 2; continue; }
    if ('+-*/%<>()[],.=:'.includes(ch)) { out.push({ t: 'op', v: ch }); i++; continue; }
    throw new Unsupported(`character ${ch}`);
  }
  return out;
}

function truthy(v: Value): boolean {
  return !(v === null || v === false || v === 0 || v === '');
}

function pyStr(v: Value): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  return v;
}

class Expr {
  private p = 0;
  constructor(private readonly toks: Tok[], private readonly ctx: Interp) {}

  done(): boolean { return this.p >= this.toks.length; }
  peek(): Tok | undefined { return this.toks[this.p]; }
  private isOp(v: string): boolean { const t = this.peek(); return t?.t === 'op' && t.v === v; }
  private isName(v: string): boolean { const t = this.peek(); return t?.t === 'name' && t.v === v; }
  expect(v: string): void {
    if (!this.isOp(v)) throw new Unsupported(`expected ${v}`);
    this.p++;
  }

  parse(): Value { return this.or(); }

  private or(): Value {
    let l = this.and();
    while (this.isName('or')) { this.p++; const r = this.and(); l = truthy(l) ? l : r; }
    return l;
  }
  private and(): Value {
    let l = this.not();
    while (this.isName('and')) { this.p++; const r = this.not(); l = truthy(l) ? r : l; }
    return l;
  }
  private not(): Value {
    if (this.isName('not')) { this.p++; return !truthy(this.not()); }
    return this.cmp();
  }
  private cmp(): Value {
    const l = this.sum();
    const t = this.peek();
    if (t?.t === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.v)) {
      this.p++;
      const r = this.sum();
      switch (t.v) {
        case '==': return l === r;
        case '!=': return l !== r;
        case '<': return (l as number) < (r as number);
        case '<=': return (l as number) <= (r as number);
        case '>': return (l as number) > (r as number);
        default: return (l as number) >= (r as number);
      }
    }
    return l;
  }
  private sum(): Value {
    let l = this.term();
    for (;;) {
      if (this.isOp('+')) { this.p++; const r = this.term(); l = typeof l === 'string' && typeof r === 'string' ? l + r : num(l) + num(r); }
      else if (this.isOp('-')) { this.p++; l = num(l) - num(this.term()); }
      else return l;
    }
  }
  private term(): Value {
    let l = this.unary();
    for (;;) {
      const t = this.peek();
      if (t?.t !== 'op' || !['*', '/', '//', '%'].includes(t.v)) return l;
      this.p++;
      const r = num(this.unary());
      const a = num(l);
      if ((t.v === '/' || t.v === '//' || t.v === '%') && r === 0) throw new PyError('ZeroDivisionError: division by zero');
      l = t.v === '*' ? a * r : t.v === '/' ? a / r : t.v === '//' ? Math.floor(a / r) : a - r * Math.floor(a / r);
    }
  }
  private unary(): Value {
    if (this.isOp('-')) { this.p++; return -num(this.unary()); }
    if (this.isOp('+')) { this.p++; return num(this.unary()); }
    return this.atom();
  }
  private args(): Value[] {
    this.expect('(');
    const out: Value[] = [];
    while (!this.isOp(')')) {
      out.push(this.parse());
      if (this.isOp(',')) this.p++;
      else break;
    }
    this.expect(')');
    return out;
  }
  /** a dotted name: `os.environ.get` */
  private dotted(first: string): string {
    let name = first;
    while (this.isOp('.')) {
      this.p++;
      const t = this.peek();
      if (t?.t !== 'name') throw new Unsupported('attribute');
      name += `.${t.v}`;
      this.p++;
    }
    return name;
  }
  private atom(): Value {
    const t = this.peek();
    if (!t) throw new Unsupported('end of expression');
    this.p++;
    if (t.t === 'num' || t.t === 'str') return t.v;
    if (t.t === 'op' && t.v === '(') { const v = this.parse(); this.expect(')'); return v; }
    if (t.t !== 'name') throw new Unsupported(`token ${t.v}`);
    if (t.v === 'True') return true;
    if (t.v === 'False') return false;
    if (t.v === 'None') return null;
    const name = this.dotted(t.v);
    if (name === 'os.environ' && this.isOp('[')) {
      this.p++;
      const k = pyStr(this.parse());
      this.expect(']');
      const v = this.ctx.env[k];
      if (v === undefined) throw new PyError(`KeyError: '${k}'`);
      return v;
    }
    if (this.isOp('(')) return this.ctx.call(name, this.args());
    if (name in this.ctx.vars) return this.ctx.vars[name];
    throw new PyError(`NameError: name '${name}' is not defined`);
  }
}

class PyError extends Error {}

function num(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new PyError(`TypeError: unsupported operand type(s): '${v === null ? 'NoneType' : 'str'}'`);
}

class Interp {
  readonly vars: Record<string, Value> = {};
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  sleepMs = 0;
  constructor(readonly env: Record<string, string>) {}

  call(name: string, args: Value[]): Value {
    switch (name) {
      case 'print': this.stdout.push(args.map(pyStr).join(' ')); return null;
      case 'int': {
        const v = args[0];
        if (typeof v === 'number') return Math.trunc(v);
        if (typeof v === 'boolean') return v ? 1 : 0;
        if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return Number.parseInt(v, 10);
        throw new PyError(`ValueError: invalid literal for int() with base 10: '${pyStr(v ?? null)}'`);
      }
      case 'float': {
        const v = args[0];
        const n = typeof v === 'string' ? Number(v) : num(v ?? 0);
        if (Number.isNaN(n)) throw new PyError(`ValueError: could not convert string to float: '${pyStr(v ?? null)}'`);
        return n;
      }
      case 'str': return pyStr(args[0] ?? '');
      case 'len': return pyStr(args[0] ?? '').length;
      case 'os.environ.get': case 'os.getenv': {
        const v = this.env[pyStr(args[0] ?? '')];
        return v ?? (args[1] ?? null);
      }
      case 'time.sleep': this.sleepMs += Math.max(0, num(args[0] ?? 0)) * 1000; return null;
      case 'sys.exit': case 'exit': case 'quit': {
        const v = args[0] ?? null;
        if (v === null) throw new Exit(0);
        if (typeof v === 'number') throw new Exit(v & 255);
        if (typeof v === 'boolean') throw new Exit(v ? 1 : 0);
        this.stderr.push(v);
        throw new Exit(1);
      }
      default: throw new Unsupported(`call ${name}`);
    }
  }

  eval(src: string): Value {
    const e = new Expr(tokenize(src), this);
    const v = e.parse();
    if (!e.done()) throw new Unsupported('trailing tokens');
    return v;
  }

  /** Run a block of (indent, text) lines. */
  block(lines: { indent: number; text: string }[]): void {
    let i = 0;
    while (i < lines.length) {
      const { indent, text } = lines[i];
      const m = /^(if|elif|else)\b\s*(.*?)\s*:\s*(.*)$/.exec(text);
      if (m && m[1] === 'if') {
        // gather the whole if/elif/else chain
        let taken = false;
        let j = i;
        while (j < lines.length && lines[j].indent === indent) {
          const h = /^(if|elif|else)\b\s*(.*?)\s*:\s*(.*)$/.exec(lines[j].text);
          if (!h || (j > i && h[1] === 'if')) break;
          const body: { indent: number; text: string }[] = [];
          if (h[3]) body.push({ indent: indent + 1, text: h[3] });
          let k = j + 1;
          while (k < lines.length && lines[k].indent > indent) body.push(lines[k++]);
          if (!taken && (h[1] === 'else' || truthy(this.eval(h[2])))) {
            taken = true;
            this.block(body);
          }
          j = k;
          if (h[1] === 'else') break;
        }
        i = j;
        continue;
      }
      if (m) throw new Unsupported(`${m[1]} without if`);
      this.statement(text);
      i++;
    }
  }

  statement(text: string): void {
    for (const part of splitTop(text, ';')) {
      const s = part.trim();
      if (!s || s === 'pass') continue;
      if (/^(import|from)\s/.test(s)) continue;
      const raise = /^raise\s+SystemExit\s*(\((.*)\))?$/.exec(s);
      if (raise) { this.call('sys.exit', raise[2] ? [this.eval(raise[2])] : []); continue; }
      const assign = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)\s*(.*)$/.exec(s);
      if (assign) { this.vars[assign[1]] = this.eval(assign[2]); continue; }
      if (/^(for|while|def|class|with|try|lambda|return)\b/.test(s) || s.includes('f"') || s.includes("f'")) throw new Unsupported(s);
      this.eval(s);
    }
  }
}

/** Split on `sep` outside quotes and brackets. */
function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === '\\') { cur += ch + (s[i + 1] ?? ''); i++; continue; }
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === sep && depth === 0) { out.push(cur); cur = ''; continue; }
    cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * Run a `python -c` script with the container's environment. Undefined when the script leaves the
 * subset this interpreter knows.
 */
export function runPython(code: string, env: Record<string, string>): PythonRun | undefined {
  const interp = new Interp(env);
  const lines = code.split('\n').map((raw) => ({ indent: raw.length - raw.trimStart().length, text: raw.trim() })).filter((l) => l.text && !l.text.startsWith('#'));
  let exitCode = 0;
  try {
    interp.block(lines);
  } catch (e) {
    if (e instanceof Exit) exitCode = e.code;
    else if (e instanceof PyError) {
      interp.stderr.push('Traceback (most recent call last):', '  File "<string>", line 1, in <module>', e.message);
      exitCode = 1;
    } else if (e instanceof Unsupported) return undefined;
    else throw e;
  }
  return { exitCode, stdout: interp.stdout, stderr: interp.stderr, sleepMs: interp.sleepMs };
}
