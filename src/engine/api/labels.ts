// Label selectors: metav1.LabelSelector (matchLabels + matchExpressions), set selectors (Service,
// nodeSelector), the string form kubectl takes with `-l` and prints in `Selector:` lines, and label
// maps as table cells print them.
// UPSTREAM: staging/src/k8s.io/apimachinery/pkg/labels/{selector.go,labels.go} (Requirement, Parse, FormatLabels),
//           staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go (LabelSelectorAsSelector, FormatLabelSelector)
// SIMPLIFICATION: label keys and values are not validated here (the API server validates objects).

import { compareStrings } from './meta';

export type Labels = Readonly<Record<string, string>> | undefined | null;

/** selection.Operator, spelled as in the string form. */
export type Operator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

/** The JSON shape of metav1.LabelSelector (kubernetes-types marks it readonly in places). */
export interface LabelSelectorLike {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: ReadonlyArray<{ readonly key: string; readonly operator: string; readonly values?: readonly string[] }>;
}

/** A parsed selector: a conjunction of requirements sorted by key. No requirements = everything. */
export class Selector {
  private constructor(
    readonly requirements: readonly Requirement[],
    /** labels.Nothing(): what a nil LabelSelector (or an invalid one) selects */
    readonly matchesNothing: boolean,
    /** why the selector could not be built, when it could not */
    readonly error?: string,
  ) {}

  static everything(): Selector {
    return new Selector([], false);
  }

  static nothing(error?: string): Selector {
    return new Selector([], true, error);
  }

  static of(requirements: readonly Requirement[]): Selector {
    // selector.Add sorts by key; a stable sort keeps the input order among equal keys.
    return new Selector([...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)), false);
  }

  /** True when it selects every object (an empty, valid selector). */
  isEverything(): boolean {
    return !this.matchesNothing && this.requirements.length === 0;
  }

  matches(labels: Labels): boolean {
    if (this.matchesNothing) return false;
    const l = labels ?? {};
    for (const r of this.requirements) if (!requirementMatches(r, l)) return false;
    return true;
  }

  /** The canonical string form, as `Selector.String()` prints it ('' for everything and nothing). */
  toString(): string {
    return this.requirements.map(requirementString).join(',');
  }
}

function has(labels: Readonly<Record<string, string>>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key);
}

export function requirementMatches(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  switch (r.operator) {
    case '=':
    case '==':
    case 'in':
      return has(labels, r.key) && r.values.includes(labels[r.key]);
    case '!=':
    case 'notin':
      return !has(labels, r.key) || !r.values.includes(labels[r.key]);
    case 'exists':
      return has(labels, r.key);
    case '!':
      return !has(labels, r.key);
    case 'gt':
    case 'lt': {
      if (!has(labels, r.key) || r.values.length !== 1) return false;
      const v = parseInteger(labels[r.key]);
      const bound = parseInteger(r.values[0]);
      if (v === undefined || bound === undefined) return false;
      return r.operator === 'gt' ? v > bound : v < bound;
    }
  }
}

/** strconv.ParseInt(s, 10, 64), as far as label values go: an optional sign and decimal digits. */
function parseInteger(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

function requirementString(r: Requirement): string {
  const values = r.values.length === 1 ? r.values[0] : [...r.values].sort(compareStrings).join(',');
  switch (r.operator) {
    case '!':
      return `!${r.key}`;
    case 'exists':
      return r.key;
    case 'in':
      return `${r.key} in (${values})`;
    case 'notin':
      return `${r.key} notin (${values})`;
    case 'gt':
      return `${r.key}>${values}`;
    case 'lt':
      return `${r.key}<${values}`;
    default:
      return `${r.key}${r.operator}${values}`;
  }
}

/**
 * metav1.LabelSelectorAsSelector: nil selects nothing, an empty selector selects everything,
 * matchLabels become `key=value`, matchExpressions In/NotIn/Exists/DoesNotExist.
 * An invalid expression gives a selector that matches nothing and carries the error.
 */
export function labelSelectorAsSelector(ls: LabelSelectorLike | undefined | null): Selector {
  if (!ls) return Selector.nothing();
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(ls.matchLabels ?? {})) reqs.push({ key, operator: '=', values: [value] });
  for (const e of ls.matchExpressions ?? []) {
    const values = [...(e.values ?? [])];
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) return Selector.nothing(`for 'in', 'notin' operators, values set can't be empty`);
        reqs.push({ key: e.key, operator: e.operator === 'In' ? 'in' : 'notin', values });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) return Selector.nothing(`values set must be empty for exists and does not exist`);
        reqs.push({ key: e.key, operator: e.operator === 'Exists' ? 'exists' : '!', values: [] });
        break;
      default:
        return Selector.nothing(`"${e.operator}" is not a valid label selector operator`);
    }
  }
  return Selector.of(reqs);
}

/** labels.SelectorFromSet: every key must equal its value; an empty or missing set selects everything. */
export function selectorFromSet(set: Labels): Selector {
  return Selector.of(Object.entries(set ?? {}).map(([key, value]) => ({ key, operator: '=' as const, values: [value] })));
}

/** Does a metav1.LabelSelector select these labels? (nil selects nothing, {} selects everything) */
export function matchesLabelSelector(ls: LabelSelectorLike | undefined | null, labels: Labels): boolean {
  return labelSelectorAsSelector(ls).matches(labels);
}

/** metav1.FormatLabelSelector: the string kubectl prints for a selector; `<none>` when it is empty. */
export function formatLabelSelector(ls: LabelSelectorLike | undefined | null): string {
  const s = labelSelectorAsSelector(ls);
  if (s.error) return '<error>';
  return s.toString() || '<none>';
}

/** labels.FormatLabels: `k1=v1,k2=v2` sorted by key, or `<none>` when there are no labels. */
export function formatLabels(labels: Labels): string {
  const keys = Object.keys(labels ?? {}).sort(compareStrings);
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

export type ParseResult = { ok: true; selector: Selector } | { ok: false; error: string };

/** lexer tokens; `in`/`notin` are keywords, which the parser reads as identifiers where a value may stand */
type TokenKind = 'id' | 'in' | 'notin' | '!' | '!=' | '=' | '==' | '>' | '<' | '(' | ')' | ',' | 'end';

interface Token {
  kind: TokenKind;
  literal: string;
}

const SPECIAL_SYMBOLS = new Set(['=', '!', '(', ')', ',', '>', '<']);

function isWhitespace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

/** Lexer.Lex until the end: the longest symbol token (`!=`, `==`), or an identifier/keyword. */
function lex(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && isWhitespace(text[i])) i++;
    if (i >= text.length) {
      out.push({ kind: 'end', literal: '' });
      return out;
    }
    const two = text.slice(i, i + 2);
    if (two === '!=' || two === '==') {
      out.push({ kind: two, literal: two });
      i += 2;
    } else if (SPECIAL_SYMBOLS.has(text[i])) {
      out.push({ kind: text[i] as TokenKind, literal: text[i] });
      i++;
    } else {
      let j = i;
      while (j < text.length && !SPECIAL_SYMBOLS.has(text[j]) && !isWhitespace(text[j])) j++;
      const literal = text.slice(i, j);
      out.push({ kind: literal === 'in' || literal === 'notin' ? literal : 'id', literal });
      i = j;
    }
  }
}

const BINARY_OPERATORS: Partial<Record<TokenKind, Operator>> = { in: 'in', notin: 'notin', '=': '=', '==': '==', '!=': '!=', '>': 'gt', '<': 'lt' };

class SelectorParseError extends Error {}

/**
 * The recursive-descent Parser of labels.Parse, with its error messages. `values` is its Values
 * context: where a key or value may stand, `in`/`notin` are plain identifiers.
 */
class Parser {
  private position = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private lookahead(values: boolean): Token {
    return this.asContext(this.tokens[this.position], values);
  }

  private consume(values: boolean): Token {
    return this.asContext(this.tokens[this.position++], values);
  }

  private asContext(t: Token, values: boolean): Token {
    return values && (t.kind === 'in' || t.kind === 'notin') ? { kind: 'id', literal: t.literal } : t;
  }

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    for (;;) {
      const t = this.lookahead(true);
      if (t.kind === 'end') return requirements;
      if (t.kind !== 'id' && t.kind !== '!') throw new SelectorParseError(`found '${t.literal}', expected: !, identifier, or 'end of string'`);
      try {
        requirements.push(this.parseRequirement());
      } catch (e) {
        if (e instanceof SelectorParseError) throw new SelectorParseError(`unable to parse requirement: ${e.message}`);
        throw e;
      }
      const sep = this.consume(true);
      if (sep.kind === 'end') return requirements;
      if (sep.kind !== ',') throw new SelectorParseError(`found '${sep.literal}', expected: ',' or 'end of string'`);
      const next = this.lookahead(true);
      if (next.kind !== 'id' && next.kind !== '!') throw new SelectorParseError(`found '${next.literal}', expected: identifier after ','`);
    }
  }

  private parseRequirement(): Requirement {
    let t = this.consume(true);
    const doesNotExist = t.kind === '!';
    if (doesNotExist) t = this.consume(true);
    if (t.kind !== 'id') throw new SelectorParseError(`found '${t.literal}', expected: identifier`);
    const key = t.literal;
    const next = this.lookahead(true).kind;
    // `!key` followed by anything else leaves that token to parse()'s separator check.
    if (doesNotExist) return { key, operator: '!', values: [] };
    if (next === 'end' || next === ',') return { key, operator: 'exists', values: [] };
    const opToken = this.consume(false);
    const operator = BINARY_OPERATORS[opToken.kind];
    if (!operator) throw new SelectorParseError(`found '${opToken.literal}', expected: in, notin, =, ==, !=, gt, lt`);
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    if ((operator === 'gt' || operator === 'lt') && parseInteger(values[0]) === undefined) {
      // NewRequirement's field error, rendered as field.Error.Error().
      throw new SelectorParseError(`values[0]: Invalid value: ${JSON.stringify(values[0])}: for 'Gt', 'Lt' operators, the value must be an integer`);
    }
    return { key, operator, values };
  }

  /** `(a,b,,c)`: a set, so sorted and without repeats; `()` and empty members are the empty string. */
  private parseValues(): string[] {
    const open = this.consume(true);
    if (open.kind !== '(') throw new SelectorParseError(`found '${open.literal}' expected: '('`);
    const t = this.lookahead(true);
    if (t.kind === ')') {
      this.consume(true);
      return [''];
    }
    if (t.kind !== 'id' && t.kind !== ',') throw new SelectorParseError(`found '${t.literal}', expected: ',', ')' or identifier`);
    const set = this.parseIdentifiersList();
    this.consume(true); // the ')' parseIdentifiersList stopped at
    return [...set].sort(compareStrings);
  }

  private parseIdentifiersList(): Set<string> {
    const set = new Set<string>();
    for (;;) {
      const t = this.consume(true);
      if (t.kind === 'id') {
        set.add(t.literal);
        const next = this.lookahead(true);
        if (next.kind === ',') continue;
        if (next.kind === ')') return set;
        throw new SelectorParseError(`found '${next.literal}', expected: ',' or ')'`);
      }
      if (t.kind !== ',') throw new SelectorParseError(`found '${t.literal}', expected: ',', or identifier`);
      if (set.size === 0) set.add(''); // "(,"
      const next = this.lookahead(true);
      if (next.kind === ')') {
        set.add(''); // ",)"
        return set;
      }
      if (next.kind === ',') {
        this.consume(true);
        set.add(''); // ",,"
      }
    }
  }

  private parseExactValue(): string[] {
    const next = this.lookahead(true);
    if (next.kind === 'end' || next.kind === ',') return [''];
    const t = this.consume(true);
    if (t.kind === 'id') return [t.literal];
    throw new SelectorParseError(`found '${t.literal}', expected: identifier`);
  }
}

/**
 * labels.Parse: the string form `app=web,tier!=db,env in (a,b),!legacy,track,replicas>2`, with the
 * parser's own error messages (`unable to parse requirement: found '', expected: ',' or ')'`).
 * An empty string selects everything.
 */
export function parseSelector(text: string): ParseResult {
  try {
    return { ok: true, selector: Selector.of(new Parser(lex(text)).parse()) };
  } catch (e) {
    if (e instanceof SelectorParseError) return { ok: false, error: e.message };
    throw e;
  }
}
