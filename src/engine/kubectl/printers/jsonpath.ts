// kubectl's JSONPath template language (`-o jsonpath=...`, custom-columns, sort-by): a parser into the
// upstream node kinds and an evaluator over plain JSON values, with upstream's error messages.
// UPSTREAM: staging/src/k8s.io/client-go/util/jsonpath/{parser.go,node.go,jsonpath.go}
// SIMPLIFICATION: `[start:end:step]` really steps; map keys are visited in sorted order (Go's are random).

/** A template that failed to parse or evaluate; `message` is the upstream error text. */
export class JsonPathError extends Error {}

interface Param {
  value: number;
  known: boolean;
  /** the end of `[i]`, derived as i+1 (so `[-1]` means the last element) */
  derived: boolean;
}

type Node =
  | { type: 'list'; nodes: Node[] }
  | { type: 'text'; text: string }
  | { type: 'field'; name: string }
  | { type: 'array'; params: [Param, Param, Param] }
  | { type: 'filter'; left: ListNode; right: ListNode; operator: string }
  | { type: 'int' | 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'union'; nodes: ListNode[] }
  | { type: 'identifier'; name: string };
type ListNode = Extract<Node, { type: 'list' }>;

/** A parsed template: the root's nodes are text and `{...}` actions (lists), in order. */
export interface JsonPath {
  readonly source: string;
  readonly root: ListNode;
}

const DICT_KEY = /^'([^']*)'$/;
const SLICE = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/;
const FILTER = /^([^!<>=]+)([!<>=]+)(.+?)$/s;

/** Parse a template such as `{range .items[*]}{.metadata.name}{"\n"}{end}`; throws JsonPathError. */
export function parseJsonPath(text: string): JsonPath {
  return { source: text, root: new Parser(text).parse() };
}

class Parser {
  private pos = 0;
  private start = 0;
  private readonly root: ListNode = { type: 'list', nodes: [] };

  constructor(private readonly input: string) {}

  parse(): ListNode {
    for (;;) {
      const brace = this.input.indexOf('{', this.pos);
      if (brace < 0) {
        if (this.input.length > this.start) this.root.nodes.push({ type: 'text', text: this.input.slice(this.start) });
        return this.root;
      }
      if (brace > this.start) this.root.nodes.push({ type: 'text', text: this.input.slice(this.start, brace) });
      this.pos = brace + 1;
      this.consume();
      const action: ListNode = { type: 'list', nodes: [] };
      this.root.nodes.push(action);
      this.parseInsideAction(action);
    }
  }

  private consume(): string {
    const value = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return value;
  }

  /** The next code point, or undefined at the end. */
  private next(): string | undefined {
    if (this.pos >= this.input.length) return undefined;
    const r = String.fromCodePoint(this.input.codePointAt(this.pos)!);
    this.pos += r.length;
    return r;
  }

  private peek(): string | undefined {
    const at = this.pos;
    const r = this.next();
    this.pos = at;
    return r;
  }

  /** Parse one `{...}` up to and including its `}`. */
  private parseInsideAction(cur: ListNode): void {
    for (;;) {
      const rest = this.input.slice(this.pos);
      if (rest.startsWith('}')) {
        this.pos++;
        this.consume();
        return;
      }
      if (rest.startsWith('[?(')) {
        this.parseFilter(cur);
        continue;
      }
      if (rest.startsWith('..')) {
        this.parseRecursive(cur);
        continue;
      }
      const before = this.pos;
      const r = this.next();
      if (r === undefined || r === '\r' || r === '\n') throw new JsonPathError('unclosed action');
      if (r === ' ' || r === '@' || r === '$') this.consume();
      else if (r === '[') this.parseArray(cur);
      else if (r === '"' || r === "'") this.parseQuote(cur, r);
      else if (r === '.') this.parseField(cur);
      else if (r === '+' || r === '-' || isDigit(r)) {
        this.pos = before;
        this.parseNumber(cur);
      } else if (isAlphaNumeric(r)) {
        this.pos = before;
        this.parseIdentifier(cur);
      } else {
        throw new JsonPathError(`unrecognized character in action: ${goRuneFormat(r)}`);
      }
    }
  }

  private parseIdentifier(cur: ListNode): void {
    while (!isTerminator(this.peek())) this.next();
    const value = this.consume();
    cur.nodes.push(value === 'true' || value === 'false' ? { type: 'bool', value: value === 'true' } : { type: 'identifier', name: value });
  }

  private parseRecursive(cur: ListNode): void {
    if (cur.nodes[cur.nodes.length - 1]?.type === 'recursive') throw new JsonPathError('invalid multiple recursive descent');
    this.pos += 2;
    this.consume();
    cur.nodes.push({ type: 'recursive' });
    const r = this.peek();
    if (r !== undefined && isAlphaNumeric(r)) this.parseField(cur);
  }

  private parseNumber(cur: ListNode): void {
    const sign = this.peek();
    if (sign === '+' || sign === '-') this.next();
    for (;;) {
      const r = this.peek();
      if (r !== '.' && !(r !== undefined && isDigit(r))) break;
      this.next();
    }
    const value = this.consume();
    if (/^[+-]?\d+$/.test(value)) cur.nodes.push({ type: 'int', value: Number(value) });
    else if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) cur.nodes.push({ type: 'float', value: Number(value) });
    else throw new JsonPathError(`cannot parse number ${value}`);
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === undefined || r === '\n') throw new JsonPathError('unterminated array');
      if (r === ']') break;
    }
    let text = this.consume().slice(1, -1);
    if (text === '*') text = ':';

    const parts = text.split(',');
    if (parts.length > 1) {
      cur.nodes.push({ type: 'union', nodes: parts.map((p) => parseAction(`[${p.trim()}]`)) });
      return;
    }
    const key = DICT_KEY.exec(text);
    if (key) {
      cur.nodes.push(...parseAction(`.${key[1]}`).nodes);
      return;
    }
    const m = SLICE.exec(text);
    if (!m) throw new JsonPathError(`invalid array index ${text}`);
    const params: [Param, Param, Param] = [
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
    ];
    for (let i = 0; i < 3; i++) {
      let v = m[i + 1] ?? '';
      if (v !== '') {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === '') continue;
        if (!/^-?\d+$/.test(v)) throw new JsonPathError(`array index ${v} is not a number`);
        params[i] = { value: Number(v), known: true, derived: false };
      } else if (i === 1) {
        params[1] = { value: params[0].value + 1, known: true, derived: true };
      }
    }
    cur.nodes.push({ type: 'array', params });
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consume();
    let begin = false;
    let end = false;
    let pair = '';
    for (;;) {
      const r = this.next();
      if (r === undefined || r === '\n') throw new JsonPathError('unterminated filter');
      if (r === '"' || r === "'") {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === ')' && begin === end) {
        break;
      }
    }
    if (this.next() !== ']') throw new JsonPathError('unclosed array expect ]');
    const text = this.consume().slice(0, -2);
    const m = FILTER.exec(text);
    if (!m) cur.nodes.push({ type: 'filter', left: parseAction(text), right: { type: 'list', nodes: [] }, operator: 'exists' });
    else cur.nodes.push({ type: 'filter', left: parseAction(m[1]), right: parseAction(m[3]), operator: m[2] });
  }

  private parseQuote(cur: ListNode, quote: string): void {
    for (;;) {
      const r = this.next();
      if (r === undefined || r === '\n') throw new JsonPathError('unterminated quoted string');
      if (r === quote && this.input[this.pos - 2] !== '\\') break;
    }
    const value = this.consume();
    cur.nodes.push({ type: 'text', text: unquote(value) });
  }

  private parseField(cur: ListNode): void {
    this.consume();
    for (;;) {
      const r = this.peek();
      if (r === '\\') {
        this.next();
        this.next();
      } else if (isTerminator(r)) {
        break;
      } else {
        this.next();
      }
    }
    const value = this.consume();
    cur.nodes.push(value === '*' ? { type: 'wildcard' } : { type: 'field', name: value.replaceAll('\\', '') });
  }
}

/** Parse the inside of one action (`{` + text + `}`), as filters, unions and dict keys do. */
function parseAction(text: string): ListNode {
  const root = new Parser(`{${text}}`).parse();
  return root.nodes[0] as ListNode;
}

const isDigit = (r: string) => r >= '0' && r <= '9';
const isAlphaNumeric = (r: string) => r === '_' || /^[\p{L}\p{Nd}]$/u.test(r);

function isTerminator(r: string | undefined): boolean {
  return r === undefined || ' \t\r\n.,[]$@{}'.includes(r);
}

/** Go's `%#U`: `U+0021 '!'`. */
function goRuneFormat(r: string): string {
  return `U+${r.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} '${r}'`;
}

/** strconv.Unquote, extended to single-quoted strings of any length (UnquoteExtend). */
function unquote(quoted: string): string {
  const body = quoted.slice(1, -1);
  const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e !== undefined && e in simple) {
      out += simple[e];
      continue;
    }
    const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    const hex = body.slice(i + 1, i + 1 + hexLen);
    if (hexLen > 0 && new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(hex)) {
      out += String.fromCodePoint(parseInt(hex, 16));
      i += hexLen;
      continue;
    }
    throw new JsonPathError(`unquote string ${quoted} error invalid syntax`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export interface JsonPathOptions {
  /** kubectl passes true (`--allow-missing-template-keys` defaults to true): a missing key yields nothing. */
  allowMissingKeys?: boolean;
}

/**
 * Evaluate the template against `data`: one result set per text node or action, a `{range}` block
 * contributing its body's sets once per element. Throws JsonPathError.
 */
export function findResults(path: JsonPath, data: unknown, options: JsonPathOptions = {}): unknown[][] {
  const evaluator = new Evaluator(options.allowMissingKeys ?? false);
  const { sets, next } = evaluator.block(path.root.nodes, 0, data, false);
  if (next < path.root.nodes.length) throw new JsonPathError('not in range, nothing to end');
  return sets;
}

/**
 * `-o jsonpath` output: each result set's values separated by spaces, maps and lists as compact JSON;
 * with `asJson` (`-o jsonpath-as-json`) each set prints as an indented JSON array and a newline.
 */
export function executeJsonPath(path: JsonPath, data: unknown, options: JsonPathOptions & { asJson?: boolean } = {}): string {
  return findResults(path, data, options)
    .map((set) => (options.asJson ? `${goJson(set, 4)}\n` : set.map((v) => (isContainer(v) ? goJson(v) : goPrint(v))).join(' ')))
    .join('');
}

const isContainer = (v: unknown) => v !== null && typeof v === 'object';

class Evaluator {
  constructor(private readonly allowMissingKeys: boolean) {}

  /**
   * Evaluate root nodes from `at` until the end or (inside a range) an `{end}`; `next` is the index after
   * that `{end}`, or the index of an `{end}` with no range to close.
   */
  block(nodes: readonly Node[], at: number, data: unknown, inRange: boolean): { sets: unknown[][]; next: number } {
    const sets: unknown[][] = [];
    let i = at;
    while (i < nodes.length) {
      const node = nodes[i];
      const head = headIdentifier(node);
      if (head === 'end') return { sets, next: inRange ? i + 1 : i };
      if (head === 'range') {
        const items = this.list([data], { type: 'list', nodes: (node as ListNode).nodes.slice(1) });
        for (const item of items) sets.push(...this.block(nodes, i + 1, item, true).sets);
        i = afterEnd(nodes, i + 1);
        continue;
      }
      sets.push(this.walk([data], node));
      i++;
    }
    return { sets, next: i };
  }

  list(input: unknown[], node: ListNode): unknown[] {
    let cur = input;
    for (const n of node.nodes) cur = this.walk(cur, n);
    return cur;
  }

  walk(input: unknown[], node: Node): unknown[] {
    switch (node.type) {
      case 'list':
        return this.list(input, node);
      case 'text':
        return [node.text];
      case 'field':
        return this.field(input, node.name);
      case 'array':
        return this.array(input, node.params);
      case 'filter':
        return this.filter(input, node);
      case 'int':
      case 'float':
      case 'bool':
        return input.map(() => node.value);
      case 'wildcard':
        return input.flatMap((v) => children(v));
      case 'recursive':
        return this.recursive(input);
      case 'union':
        return node.nodes.flatMap((n) => this.list(input, n));
      case 'identifier':
        if (node.name === 'range' || node.name === 'end') return input;
        throw new JsonPathError(`unrecognized identifier ${node.name}`);
    }
  }

  private field(input: unknown[], name: string): unknown[] {
    if (input.length === 0) return [];
    if (name === '') return input.filter((v) => v !== null && v !== undefined);
    const results: unknown[] = [];
    for (const v of input) {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) continue;
      if (Object.hasOwn(v, name)) results.push((v as Record<string, unknown>)[name]);
    }
    if (results.length === 0 && !this.allowMissingKeys) throw new JsonPathError(`${name} is not found`);
    return results;
  }

  private array(input: unknown[], params: readonly [Param, Param, Param]): unknown[] {
    const result: unknown[] = [];
    for (const v of input) {
      if (v === null || v === undefined) continue;
      if (!Array.isArray(v)) throw new JsonPathError(`${goTypeName(v)} is not array or slice`);
      const len = v.length;
      let start = params[0].known ? params[0].value : 0;
      if (start < 0) start += len;
      let end = params[1].known ? params[1].value : len;
      if (end < 0 || (end === 0 && params[1].derived)) end += len;
      if (end === start) continue;
      if (start >= len || start < 0) throw new JsonPathError(`array index out of bounds: index ${start}, length ${len}`);
      if (end > len || end < 0) throw new JsonPathError(`array index out of bounds: index ${end - 1}, length ${len}`);
      if (start > end) throw new JsonPathError(`starting index ${start} is greater than ending index ${end}`);
      const step = params[2].known ? params[2].value : 1;
      if (step <= 0) throw new JsonPathError('step must be > 0');
      for (let i = start; i < end; i += step) result.push(v[i]);
    }
    return result;
  }

  private recursive(input: unknown[]): unknown[] {
    const result: unknown[] = [];
    for (const v of input) {
      const kids = children(v);
      if (kids.length === 0) continue;
      result.push(v, ...this.recursive(kids));
    }
    return result;
  }

  private filter(input: unknown[], node: Extract<Node, { type: 'filter' }>): unknown[] {
    const results: unknown[] = [];
    for (const v of input) {
      if (!Array.isArray(v)) throw new JsonPathError(`${v === null || v === undefined ? '<invalid reflect.Value>' : goPrint(v)} is not array or slice and cannot be filtered`);
      for (const element of v) {
        if (node.operator === 'exists') {
          let lefts: unknown[] = [];
          try {
            lefts = this.list([element], node.left);
          } catch {
            // upstream ignores the error of an existence test
          }
          if (lefts.length > 0) results.push(element);
          continue;
        }
        // An element without the compared field is skipped, not an error.
        const lefts = this.list([element], node.left);
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new JsonPathError('can only compare one element at a time');
        const rights = this.list([element], node.right);
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new JsonPathError('can only compare one element at a time');
        if (compare(lefts[0], rights[0], node.operator)) results.push(element);
      }
    }
    return results;
  }
}

function headIdentifier(node: Node): string | undefined {
  const head = node.type === 'list' ? node.nodes[0] : undefined;
  return head?.type === 'identifier' ? head.name : undefined;
}

/** The index after the `{end}` closing a range whose body starts at `at` (the end when unclosed). */
function afterEnd(nodes: readonly Node[], at: number): number {
  let depth = 0;
  for (let i = at; i < nodes.length; i++) {
    const name = headIdentifier(nodes[i]);
    if (name === 'range') depth++;
    if (name === 'end' && depth-- === 0) return i + 1;
  }
  return nodes.length;
}

/** A map's values (by sorted key), a list's elements, a string's bytes; nothing for scalars. */
function children(v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v;
  if (typeof v === 'object') return Object.keys(v).sort().map((k) => (v as Record<string, unknown>)[k]);
  if (typeof v === 'string') return utf8Bytes(v);
  return [];
}

function utf8Bytes(s: string): number[] {
  const bytes: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return bytes;
}

type BasicKind = 'bool' | 'int' | 'float' | 'string';

function basicKind(v: unknown): BasicKind | undefined {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  return undefined;
}

/** text/template's eq/ne/lt/le/gt/ge: both sides of one basic kind (int and float do not mix). */
function compare(left: unknown, right: unknown, operator: string): boolean {
  if (!['==', '!=', '<', '<=', '>', '>='].includes(operator)) throw new JsonPathError(`unrecognized filter operator ${operator}`);
  const lk = basicKind(left);
  const rk = basicKind(right);
  if (lk === undefined || rk === undefined) throw new JsonPathError('invalid type for comparison');
  if (lk !== rk) throw new JsonPathError('incompatible types for comparison');
  if (operator === '==') return left === right;
  if (operator === '!=') return left !== right;
  if (lk === 'bool') throw new JsonPathError('invalid type for comparison');
  const l = left as number | string;
  const r = right as number | string;
  if (operator === '<') return l < r;
  if (operator === '<=') return l <= r;
  if (operator === '>') return l > r;
  return l >= r;
}

/** The Go type of a value decoded into unstructured content, for error messages. */
function goTypeName(v: unknown): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'object') return 'map[string]interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return 'interface {}';
}

/** Go's fmt.Sprint of unstructured content: `map[a:1 b:x]`, `[a b]`, `<nil>`, floats in %v form. */
export function goPrint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goPrint).join(' ')}]`;
  if (typeof v === 'object') {
    const entries = Object.keys(v).sort().map((k) => `${k}:${goPrint((v as Record<string, unknown>)[k])}`);
    return `map[${entries.join(' ')}]`;
  }
  if (typeof v === 'number') return goFloat(v);
  return String(v);
}

function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 21) {
    const [mant, e] = n.toExponential().split('e');
    const sign = e.startsWith('-') ? '-' : '+';
    return `${mant}e${sign}${e.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  return String(n);
}

/** encoding/json's Marshal(Indent): sorted keys, and <, >, & escaped as Go does. */
export function goJson(v: unknown, indent?: number): string {
  const sorted = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sorted);
    if (x !== null && typeof x === 'object') {
      return Object.fromEntries(Object.keys(x).sort().map((k) => [k, sorted((x as Record<string, unknown>)[k])]));
    }
    return x;
  };
  return (JSON.stringify(sorted(v), null, indent) ?? 'null')
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

// ---------------------------------------------------------------------------------------------
// Custom columns

/** One `HEADER:path` column of `-o custom-columns=...`. */
export interface CustomColumn {
  header: string;
  path: JsonPath;
}

/**
 * Parse `NAME:.metadata.name,IP:.status.podIP`; each path is relaxed to `{.path}` first.
 * UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/get/customcolumn.go (NewCustomColumnsPrinterFromSpec)
 */
export function parseCustomColumns(spec: string): CustomColumn[] {
  if (spec.length === 0) throw new JsonPathError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0) throw new JsonPathError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, colon), path: parseJsonPath(relaxedJsonPathExpression(part.slice(colon + 1))) };
  });
}

const RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/** `.a.b`, `a.b`, `{a.b}` and `{.a.b}` all mean `{.a.b}` (kubectl's RelaxedJSONPathExpression). */
export function relaxedJsonPathExpression(expr: string): string {
  if (expr.length === 0) return expr;
  const m = RELAXED.exec(expr);
  if (!m) throw new JsonPathError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  return `{.${m[1] ?? m[2]}}`;
}

/** One row of cells: every value a path finds (fmt.Sprint), joined by commas; `<none>` when it finds none. */
export function customColumnCells(columns: readonly CustomColumn[], obj: unknown): string[] {
  return columns.map((c) => {
    const sets = findResults(c.path, obj, { allowMissingKeys: true });
    if (sets.length === 0 || sets[0].length === 0) return '<none>';
    return sets.flat().map(goPrint).join(',');
  });
}
