// Turning a command line into words and flags, as a shell and cobra/pflag would.
// UPSTREAM: github.com/spf13/pflag (flag.go parseArgs, parseLongArg, parseShortArg) and the
// error texts kubectl prints for them (`error: unknown flag: --foo`).
// SIMPLIFICATION: no variable expansion, globbing or pipes; only the flags our commands define.

/**
 * Split a command line into words: whitespace separates; '…' is literal; "…" and \ escape.
 * Unquoted shell operators (| ; & < >) are refused: there is no shell to pipe or redirect to.
 */
export function tokenize(line: string): { ok: true; words: string[] } | { ok: false; error: string } {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { ok: false, error: 'unexpected EOF while looking for matching `\'\'' };
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      let closed = false;
      while (i < line.length) {
        const d = line[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1])) {
          if (line[i + 1] !== '\n') word += line[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      if (!closed) return { ok: false, error: 'unexpected EOF while looking for matching `"\'' };
      inWord = true;
    } else if ('|;&<>'.includes(c)) {
      return { ok: false, error: `"${c}" is shell syntax; pipes, redirections and command lists are not supported here (quote the text if you meant it literally)` };
    } else if (c === '\\' && i + 1 < line.length) {
      if (line[i + 1] !== '\n') word += line[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return { ok: true, words };
}

export interface FlagSpec {
  name: string;
  shorthand?: string;
  /** 'stringArray': repeatable (`--from-literal=a=1 --from-literal=b=2`), values kept in order */
  kind: 'bool' | 'string' | 'stringArray';
  /** pflag's NoOptDefVal: the value of a bare `--name` (no `=`; the next word stays an argument) */
  noOptDefVal?: string;
}

export type FlagValues = Map<string, string | boolean | string[]>;

export interface ParsedArgs {
  args: string[];
  flags: FlagValues;
  /** how many args came before a `--` (cobra's ArgsLenAtDash); undefined when there was none */
  argsLenAtDash?: number;
}

/**
 * Parse flags anywhere among the words (cobra's interspersed mode): `--name value`,
 * `--name=value`, `-n value`, `-nvalue`, `-n=value`, bool clusters like `-Ao wide`, and `--`
 * ending flag parsing. Errors read as pflag words them.
 */
export function parseFlags(words: readonly string[], specs: readonly FlagSpec[]): { ok: true; parsed: ParsedArgs } | { ok: false; error: string } {
  const flags: FlagValues = new Map();
  const args: string[] = [];
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.shorthand).map((s) => [s.shorthand!, s]));
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      const argsLenAtDash = args.length;
      args.push(...words.slice(i + 1));
      return { ok: true, parsed: { args, flags, argsLenAtDash } };
    }
    if (w.startsWith('--') && w.length > 2) {
      const eq = w.indexOf('=');
      const name = eq < 0 ? w.slice(2) : w.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) return { ok: false, error: `unknown flag: --${name}` };
      if (spec.kind === 'bool') {
        if (eq < 0) flags.set(spec.name, true);
        else {
          const b = parseBool(w.slice(eq + 1));
          if (b === undefined) return { ok: false, error: invalidBool(w.slice(eq + 1), `--${name}`) };
          flags.set(spec.name, b);
        }
      } else if (eq >= 0) {
        setValue(flags, spec, w.slice(eq + 1));
      } else if (spec.noOptDefVal !== undefined) {
        setValue(flags, spec, spec.noOptDefVal);
      } else {
        if (i + 1 >= words.length) return { ok: false, error: `flag needs an argument: --${name}` };
        setValue(flags, spec, words[++i]);
      }
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      // A cluster of shorthands: bools take no value; the first string flag takes the rest or the next word.
      let j = 1;
      while (j < w.length) {
        const c = w[j];
        const spec = byShort.get(c);
        if (!spec) return { ok: false, error: `unknown shorthand flag: '${c}' in ${w}` };
        if (spec.kind === 'bool') {
          if (w[j + 1] === '=') {
            const b = parseBool(w.slice(j + 2));
            if (b === undefined) return { ok: false, error: invalidBool(w.slice(j + 2), `-${c}, --${spec.name}`) };
            flags.set(spec.name, b);
            break;
          }
          flags.set(spec.name, true);
          j++;
          continue;
        }
        let value = w.slice(j + 1);
        if (value.startsWith('=')) value = value.slice(1);
        else if (value === '') {
          if (i + 1 >= words.length) return { ok: false, error: `flag needs an argument: '${c}' in ${w}` };
          value = words[++i];
        }
        setValue(flags, spec, value);
        break;
      }
      continue;
    }
    args.push(w);
  }
  return { ok: true, parsed: { args, flags } };
}

function setValue(flags: FlagValues, spec: FlagSpec, value: string): void {
  if (spec.kind !== 'stringArray') {
    flags.set(spec.name, value);
    return;
  }
  const prev = flags.get(spec.name);
  flags.set(spec.name, [...(Array.isArray(prev) ? prev : []), value]);
}

function parseBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

function invalidBool(value: string, flag: string): string {
  return `invalid argument "${value}" for "${flag}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`;
}

export function stringFlag(flags: FlagValues, name: string): string | undefined {
  const v = flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function boolFlag(flags: FlagValues, name: string): boolean {
  return flags.get(name) === true;
}

/** Every value of a repeatable flag, in the order given (empty when absent). */
export function stringArrayFlag(flags: FlagValues, name: string): string[] {
  const v = flags.get(name);
  return Array.isArray(v) ? v : [];
}
