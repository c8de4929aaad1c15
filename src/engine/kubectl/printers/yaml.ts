// `-o yaml` as kubectl prints it. kubectl marshals to JSON, reads that back into a Go map and
// writes it with go-yaml v2 (sigs.k8s.io/yaml), which decides the look of the output:
// keys in go-yaml's "natural" order, lists not indented under their key, strings plain when they
// can be, double-quoted when plain would read as another type ("1364", "True", timestamps),
// single-quoted when they contain YAML syntax (': ', a leading '*'), literal blocks for multi-line text.
// UPSTREAM: sigs.k8s.io/yaml (JSONToYAML), gopkg.in/yaml.v2 (encode.go stringv, resolve.go,
// sorter.go keyList.Less, emitterc.go yaml_emitter_analyze_scalar)
// SIMPLIFICATION: no folding of long lines (go-yaml wraps plain and quoted scalars near 80 columns).

import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node as YamlNode } from 'yaml';

/** The YAML kubectl prints for an object (or a `kind: List`), ending in a newline. */
export function toKubectlYaml(value: unknown): string {
  const doc = new Document();
  doc.contents = toNode(value) as never;
  return doc.toString({ lineWidth: 0, indentSeq: false });
}

function toNode(value: unknown): YamlNode {
  if (value === null || value === undefined) return new Scalar(null);
  if (typeof value === 'string') return stringScalar(value);
  if (typeof value === 'number' || typeof value === 'boolean') return new Scalar(value);
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    for (const item of value) seq.items.push(toNode(item));
    return seq;
  }
  const map = new YAMLMap();
  const keys = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort((a, b) => (yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0));
  for (const key of keys) map.items.push(new Pair(stringScalar(key), toNode((value as Record<string, unknown>)[key])));
  return map;
}

function stringScalar(s: string): Scalar {
  const scalar = new Scalar(s);
  scalar.type = scalarStyle(s);
  return scalar;
}

export type ScalarStyle = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL';

/** How go-yaml v2 writes a string value or key. */
export function scalarStyle(s: string): ScalarStyle {
  const a = analyzeScalar(s);
  if (s.includes('\n')) return a.blockAllowed ? 'BLOCK_LITERAL' : 'QUOTE_DOUBLE';
  if (resolvesToNonString(s) || isBase60Float(s)) return 'QUOTE_DOUBLE';
  if (a.plainAllowed) return 'PLAIN';
  return a.singleQuotedAllowed ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE';
}

/** libyaml's analysis of what a scalar's characters allow, in block context. */
function analyzeScalar(s: string): { plainAllowed: boolean; singleQuotedAllowed: boolean; blockAllowed: boolean } {
  if (s === '') return { plainAllowed: false, singleQuotedAllowed: true, blockAllowed: false };
  const chars = [...s];
  let indicators = s.startsWith('---') || s.startsWith('...');
  let specialCharacters = false;
  let spaceBreak = false;
  let breakSpace = false;
  const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const followedByBlank = i + 1 >= chars.length || isBlank(chars[i + 1]) || chars[i + 1] === '\n';
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) indicators = true;
      if ((c === '?' || c === ':') && followedByBlank) indicators = true;
      if (c === '-' && followedByBlank) indicators = true;
    } else {
      if (c === ':' && followedByBlank) indicators = true;
      if (c === '#' && (isBlank(chars[i - 1]) || chars[i - 1] === '\n')) indicators = true;
    }
    if (!isPrintable(c)) specialCharacters = true;
    if (c === '\n' && i > 0 && chars[i - 1] === ' ') spaceBreak = true;
    if (c === ' ' && i > 0 && chars[i - 1] === '\n') breakSpace = true;
  }
  const leadingSpace = chars[0] === ' ' || chars[0] === '\n';
  const trailingSpace = chars[chars.length - 1] === ' ';
  const trailingBreak = chars[chars.length - 1] === '\n';
  let plainAllowed = !indicators && !leadingSpace && !trailingSpace && !trailingBreak && !s.includes('\n');
  let singleQuotedAllowed = true;
  let blockAllowed = !trailingSpace;
  if (breakSpace) {
    plainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    plainAllowed = false;
    singleQuotedAllowed = false;
    blockAllowed = false;
  }
  return { plainAllowed, singleQuotedAllowed, blockAllowed };
}

function isPrintable(c: string): boolean {
  const code = c.codePointAt(0)!;
  return code === 0x0a || (code >= 0x20 && code <= 0x7e) || code === 0x85 ||
    (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff) || code >= 0x10000;
}

const yaml11Null = new Set(['', '~', 'null', 'Null', 'NULL']);
const yaml11Bool = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE',
  'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE',
]);
const yaml11Special = new Set(['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '.nan', '.NaN', '.NAN']);
const intPattern = /^[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/;
const floatPattern = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const timestampPattern = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2})| [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?)?$/;
const base60Pattern = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** Would go-yaml read this text, written plain, as something other than a string (resolve.go)? */
function resolvesToNonString(s: string): boolean {
  return yaml11Null.has(s) || yaml11Bool.has(s) || yaml11Special.has(s) ||
    intPattern.test(s) || floatPattern.test(s) || timestampPattern.test(s);
}

function isBase60Float(s: string): boolean {
  return base60Pattern.test(s);
}

const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/**
 * go-yaml's map key order: letters compare by code point, any non-letter sorts before a letter,
 * and runs of digits compare as numbers (`item9` < `item10`).
 */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}
