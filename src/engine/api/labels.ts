// Label selectors: metav1.LabelSelector (matchLabels + matchExpressions), set selectors (Service,
// nodeSelector) and the string form kubectl takes with `-l` and prints in `Selector:` lines.
// UPSTREAM: staging/src/k8s.io/apimachinery/pkg/labels/selector.go (Requirement, Parse),
//           staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go (LabelSelectorAsSelector, FormatLabelSelector)
// SIMPLIFICATION: keys and values are not validated here (the API server validates objects).

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
      if (!has(labels, r.key)) return false;
      const v = parseInteger(labels[r.key]);
      const bound = parseInteger(r.values[0] ?? '');
      if (v === undefined || bound === undefined) return false;
      return r.operator === 'gt' ? v > bound : v < bound;
    }
  }
}

function parseInteger(s: string): number | undefined {
  return /^-?\d+$/.test(s) ? Number(s) : undefined;
}

function requirementString(r: Requirement): string {
  const values = r.values.length === 1 ? r.values[0] : [...r.values].sort().join(',');
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

export type ParseResult = { ok: true; selector: Selector } | { ok: false; error: string };

type Token =
  | { t: 'id'; v: string }
  | { t: 'op'; v: '=' | '==' | '!=' | '!' | '(' | ')' | ',' | '>' | '<' };

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);

function lex(text: string): Token[] | string {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (SPECIAL.has(c)) {
      const two = text.slice(i, i + 2);
      if (two === '==' || two === '!=') {
        out.push({ t: 'op', v: two });
        i += 2;
      } else {
        out.push({ t: 'op', v: c as '=' });
        i++;
      }
      continue;
    }
    let j = i;
    while (j < text.length && !SPECIAL.has(text[j]) && !/\s/.test(text[j])) j++;
    out.push({ t: 'id', v: text.slice(i, j) });
    i = j;
  }
  return out;
}

/**
 * labels.Parse: the string form `app=web,tier!=db,env in (a,b),!legacy,track,replicas>2`.
 * `in`/`notin` are keywords only right after a key.
 */
export function parseSelector(text: string): ParseResult {
  const tokens = lex(text);
  if (typeof tokens === 'string') return { ok: false, error: tokens };
  if (tokens.length === 0) return { ok: true, selector: Selector.everything() };
  const reqs: Requirement[] = [];
  let p = 0;
  const peek = () => tokens[p];
  const fail = (msg: string): ParseResult => ({ ok: false, error: `unable to parse requirement: ${msg}` });
  for (;;) {
    let negate = false;
    let tok = peek();
    if (tok?.t === 'op' && tok.v === '!') {
      negate = true;
      p++;
      tok = peek();
    }
    if (!tok || tok.t !== 'id') return fail(`found '${tok ? tok.v : ''}', expected: identifier`);
    const key = tok.v;
    p++;
    const next = peek();
    if (negate) {
      if (next && !(next.t === 'op' && next.v === ',')) return fail(`found '${next.v}', expected: ',' or 'end of string'`);
      reqs.push({ key, operator: '!', values: [] });
    } else if (!next || (next.t === 'op' && next.v === ',')) {
      reqs.push({ key, operator: 'exists', values: [] });
    } else if (next.t === 'op' && (next.v === '=' || next.v === '==' || next.v === '!=')) {
      p++;
      const val = peek();
      if (val && val.t === 'id') {
        p++;
        reqs.push({ key, operator: next.v, values: [val.v] });
      } else {
        reqs.push({ key, operator: next.v, values: [''] });
      }
    } else if (next.t === 'op' && (next.v === '>' || next.v === '<')) {
      p++;
      const val = peek();
      if (!val || val.t !== 'id' || parseInteger(val.v) === undefined) return fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
      p++;
      reqs.push({ key, operator: next.v === '>' ? 'gt' : 'lt', values: [val.v] });
    } else if (next.t === 'id' && (next.v === 'in' || next.v === 'notin')) {
      p++;
      const open = peek();
      if (!open || open.t !== 'op' || open.v !== '(') return fail(`found '${open ? open.v : ''}', expected: '('`);
      p++;
      const values: string[] = [];
      for (;;) {
        const v = peek();
        if (v?.t === 'id') {
          values.push(v.v);
          p++;
        } else {
          values.push('');
        }
        const sep = peek();
        if (sep?.t === 'op' && sep.v === ',') {
          p++;
          continue;
        }
        if (sep?.t === 'op' && sep.v === ')') {
          p++;
          break;
        }
        return fail(`found '${sep ? sep.v : ''}', expected: ',', ')' or identifier`);
      }
      reqs.push({ key, operator: next.v, values });
    } else {
      return fail(`found '${next.v}', expected: in, notin, =, ==, !=, gt, lt`);
    }
    const sep = peek();
    if (!sep) break;
    if (sep.t === 'op' && sep.v === ',') {
      p++;
      continue;
    }
    return fail(`found '${sep.v}', expected: ',' or 'end of string'`);
  }
  return { ok: true, selector: Selector.of(reqs) };
}
