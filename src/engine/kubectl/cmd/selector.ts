// `-l/--selector`: parse a label selector string and match labels against it.
// UPSTREAM: staging/src/k8s.io/apimachinery/pkg/labels/selector.go (Lexer, Parser, Requirement.Matches)
// SIMPLIFICATION: keys and values are not validated as label syntax.

export type SelectorOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: SelectorOperator;
  values: string[];
}

type Token =
  | { t: 'id'; v: string }
  | { t: 'op'; v: '!' | '=' | '==' | '!=' | '(' | ')' | ',' | '>' | '<' }
  | { t: 'end'; v: '' };

const binaryOperators = 'in, notin, =, ==, !=, gt, lt';

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '!' && input[i + 1] === '=') {
      tokens.push({ t: 'op', v: '!=' });
      i += 2;
    } else if (c === '=' && input[i + 1] === '=') {
      tokens.push({ t: 'op', v: '==' });
      i += 2;
    } else if ('!=(),><'.includes(c)) {
      tokens.push({ t: 'op', v: c as '!' });
      i++;
    } else {
      let j = i;
      while (j < input.length && !' \t\n\r!=(),><'.includes(input[j])) j++;
      tokens.push({ t: 'id', v: input.slice(i, j) });
      i = j;
    }
  }
  tokens.push({ t: 'end', v: '' });
  return tokens;
}

/** Parse `app=web,tier!=db`, `env in (prod,qa)`, `!canary`, `release`. An empty string selects everything. */
export function parseSelector(input: string): { ok: true; requirements: Requirement[] } | { ok: false; error: string } {
  const tokens = lex(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const requirements: Requirement[] = [];
  if (peek().t === 'end') return { ok: true, requirements };
  for (;;) {
    let negate = false;
    let tok = next();
    if (tok.t === 'op' && tok.v === '!') {
      negate = true;
      tok = next();
    }
    if (tok.t !== 'id') return { ok: false, error: `unable to parse requirement: found '${tok.v}', expected: identifier` };
    const key = tok.v;
    const after = peek();
    if (after.t === 'end' || (after.t === 'op' && after.v === ',')) {
      requirements.push({ key, operator: negate ? '!' : 'exists', values: [] });
    } else {
      if (negate) return { ok: false, error: `unable to parse requirement: found '${after.v}', expected: ',' or 'end of string'` };
      const opTok = next();
      let operator: SelectorOperator;
      if (opTok.t === 'id' && (opTok.v === 'in' || opTok.v === 'notin')) operator = opTok.v;
      else if (opTok.t === 'op' && (opTok.v === '=' || opTok.v === '==' || opTok.v === '!=')) operator = opTok.v;
      else if (opTok.t === 'op' && opTok.v === '>') operator = 'gt';
      else if (opTok.t === 'op' && opTok.v === '<') operator = 'lt';
      else return { ok: false, error: `unable to parse requirement: found '${opTok.v}', expected: ${binaryOperators}` };
      const values: string[] = [];
      if (operator === 'in' || operator === 'notin') {
        const open = next();
        if (!(open.t === 'op' && open.v === '(')) return { ok: false, error: `unable to parse requirement: found '${open.v}', expected: '('` };
        for (;;) {
          const v = next();
          if (v.t === 'id') {
            values.push(v.v);
            const sep = next();
            if (sep.t === 'op' && sep.v === ')') break;
            if (!(sep.t === 'op' && sep.v === ',')) return { ok: false, error: `unable to parse requirement: found '${sep.v}', expected: ',' or ')'` };
          } else if (v.t === 'op' && v.v === ')' && values.length === 0) {
            values.push('');
            break;
          } else if (v.t === 'op' && v.v === ',') {
            values.push('');
          } else {
            return { ok: false, error: `unable to parse requirement: found '${v.v}', expected: ',', ')' or identifier` };
          }
        }
      } else {
        const v = peek();
        if (v.t === 'id') {
          values.push(v.v);
          pos++;
        } else if (v.t === 'end' || (v.t === 'op' && v.v === ',')) {
          values.push('');
        } else {
          return { ok: false, error: `unable to parse requirement: found '${v.v}', expected: identifier` };
        }
        if ((operator === 'gt' || operator === 'lt') && !/^-?\d+$/.test(values[0])) {
          return { ok: false, error: `unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer` };
        }
      }
      requirements.push({ key, operator, values });
    }
    const sep = next();
    if (sep.t === 'end') break;
    if (!(sep.t === 'op' && sep.v === ',')) return { ok: false, error: `unable to parse requirement: found '${sep.v}', expected: ',' or 'end of string'` };
  }
  return { ok: true, requirements };
}

/** Requirement.Matches for every requirement: `!=` and `notin` also match objects without the label. */
export function matchesSelector(requirements: readonly Requirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return requirements.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const value = l[r.key];
    switch (r.operator) {
      case '=':
      case '==':
      case 'in':
        return has && r.values.includes(value);
      case '!=':
      case 'notin':
        return !has || !r.values.includes(value);
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(value)) return false;
        const n = Number(value);
        const bound = Number(r.values[0]);
        return r.operator === 'gt' ? n > bound : n < bound;
      }
    }
  });
}
