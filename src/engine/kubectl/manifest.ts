// Reading a manifest stream as `kubectl apply -f` does: split into documents, YAML to JSON (YAML 1.1
// scalars as go-yaml v2 reads them), skip empty documents, check apiVersion/kind, expand `List`s,
// and map JSON paths back to line/column ranges of the original text.
// UPSTREAM: staging/src/k8s.io/cli-runtime/pkg/resource/visitor.go (StreamVisitor, FlattenListVisitor),
//           staging/src/k8s.io/apimachinery/pkg/util/yaml/decoder.go (YAMLReader), kubectl/pkg/validation
// SIMPLIFICATION: syntax errors come from the `yaml` package and are reworded as go-yaml's for the
// common cases; a stream starting with `{` is read leniently (flow YAML is accepted, not only JSON).

import { isAlias, isCollection, isMap, isScalar, isSeq, parseDocument, type Document, type Node, type YAMLError } from 'yaml';
import type { KubeObject } from '../api/meta';

export type PathSegment = string | number;

/** 1-based; `endColumn` is exclusive (Monaco's convention). */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

interface EntryBase {
  /** 0-based index of the YAML document in the stream */
  documentIndex: number;
  /** 1-based line of the document's first content line */
  startLine: number;
}

/** One object to apply: a document, or one item of a `List` document. */
export interface ManifestObject extends EntryBase {
  kind: 'object';
  object: KubeObject;
  /** Where a JSON path of `object` (`spec.template.spec.containers[0].image`) sits in the text. */
  locate(path: string | readonly PathSegment[]): SourceRange;
}

/** A document kubectl refuses before talking to the server. */
export interface ManifestError extends EntryBase {
  kind: 'error';
  /** kubectl's words, without the `error: ` it prints in front of a lone error */
  message: string;
  range: SourceRange;
  /** kubectl stops reading the stream here: later documents are not applied */
  stopsStream: boolean;
}

export type ManifestEntry = ManifestObject | ManifestError;

const STOP_VALIDATE = 'if you choose to ignore these errors, turn validation off with --validate=false';

/** `spec.containers[0].image`, `metadata.labels[app.kubernetes.io/name]` -> segments. */
export function parseFieldPath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  let cur = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '.') {
      if (cur) out.push(cur);
      cur = '';
    } else if (c === '[') {
      if (cur) out.push(cur);
      cur = '';
      const end = path.indexOf(']', i);
      const inner = end < 0 ? path.slice(i + 1) : path.slice(i + 1, end);
      out.push(/^\d+$/.test(inner) ? Number(inner) : inner);
      i = end < 0 ? path.length : end;
    } else cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

/** Go's json.Marshal of decoded YAML: map keys sorted, no spaces. */
export function goJSON(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goJSON).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${goJSON((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return v === undefined ? 'null' : JSON.stringify(v);
}

// ---------------------------------------------------------------------------------------------
// Positions

class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.starts.push(i + 1);
  }
  /** 0-based line of an offset */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  lineStart(line: number): number {
    return this.starts[Math.min(line, this.starts.length - 1)];
  }
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    return next > 0 && this.text[next - 1] === '\r' ? next - 1 : next;
  }
  range(start: number, end: number): SourceRange {
    const l1 = this.lineOf(start);
    const l2 = this.lineOf(Math.max(start, end));
    return { line: l1 + 1, column: start - this.starts[l1] + 1, endLine: l2 + 1, endColumn: Math.max(start, end) - this.starts[l2] + 1 };
  }
  /** The line holding `offset`, from its first non-blank character to its end. */
  lineRange(offset: number): SourceRange {
    const line = this.lineOf(offset);
    let s = this.lineStart(line);
    const e = this.lineEnd(line);
    while (s < e && (this.text[s] === ' ' || this.text[s] === '\t')) s++;
    return this.range(s, e > s ? e : s);
  }
}

interface Chunk {
  /** offset of the chunk in the whole text */
  offset: number;
  text: string;
}

/**
 * YAMLReader: documents are separated by lines that start with `---` followed by nothing but
 * spaces or a comment. A `---` line with other content is an error in kubectl >= 1.30.
 */
function splitYamlStream(text: string): { chunks: Chunk[]; badSeparator?: { offset: number; content: string } } {
  const chunks: Chunk[] = [];
  let chunkStart = 0;
  let offset = 0;
  while (offset <= text.length) {
    const nl = text.indexOf('\n', offset);
    const lineEnd = nl < 0 ? text.length : nl;
    const line = text.slice(offset, lineEnd);
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest && !rest.startsWith('#')) {
        if (offset > chunkStart) chunks.push({ offset: chunkStart, text: text.slice(chunkStart, offset) });
        return { chunks, badSeparator: { offset, content: rest } };
      }
      if (offset > chunkStart) chunks.push({ offset: chunkStart, text: text.slice(chunkStart, offset) });
      chunkStart = nl < 0 ? text.length : nl + 1;
    }
    if (nl < 0) break;
    offset = nl + 1;
  }
  if (chunkStart < text.length) chunks.push({ offset: chunkStart, text: text.slice(chunkStart) });
  return { chunks };
}

/**
 * A stream whose first non-blank character is `{` is JSON for kubectl (GuessJSONStream): one or more
 * concatenated values. Split them by brace depth, outside strings.
 */
function splitJsonStream(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let depth = 0;
  let start = -1;
  let inString: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === inString) inString = undefined;
      continue;
    }
    if (c === '"' || c === "'") inString = c;
    else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0 && start >= 0) {
        chunks.push({ offset: start, text: text.slice(start, i + 1) });
        start = -1;
      }
    } else if (depth === 0 && !/\s/.test(c)) {
      // Not JSON after all: hand the rest to the YAML reader.
      chunks.push({ offset: i, text: text.slice(i) });
      return chunks;
    }
  }
  if (depth > 0 && start >= 0) chunks.push({ offset: start, text: text.slice(start) });
  return chunks;
}

// ---------------------------------------------------------------------------------------------
// Syntax errors in go-yaml v2's words. go-yaml numbers lines within the document; scanner errors
// name the offending line, parser errors the line before it (upstream's long-standing off-by-one).

interface GoYamlError {
  /** e.g. `yaml: line 7: mapping values are not allowed in this context` */
  text: string;
  /** absolute offset to point the diagnostic at */
  at: number;
}

function goYamlSyntaxError(chunk: Chunk, err: YAMLError): GoYamlError {
  const idx = new LineIndex(chunk.text);
  const t = chunk.text;
  const pos = Math.min(err.pos[0], t.length);
  const withLine = (line: number, msg: string, at: number): GoYamlError => ({
    text: line > 0 ? `yaml: line ${line}: ${msg}` : `yaml: ${msg}`,
    at: chunk.offset + at,
  });
  const scanner = (at: number, msg: string) => withLine(idx.lineOf(at) + 1, msg, at);
  const parser = (at: number, msg: string) => withLine(idx.lineOf(at), msg, at);
  /** The first character after `from`'s line that is not blank or a comment (go-yaml's next token). */
  const nextToken = (from: number): number => {
    let line = idx.lineOf(from) + 1;
    while (idx.lineStart(line) < t.length && line > idx.lineOf(from)) {
      const s = t.slice(idx.lineStart(line), idx.lineEnd(line)).trim();
      if (s && !s.startsWith('#')) return idx.lineStart(line) + t.slice(idx.lineStart(line)).search(/\S/);
      if (idx.lineEnd(line) >= t.length) break;
      line++;
    }
    return t.length;
  };
  const colonAfter = (from: number): number => {
    let quote: string | undefined;
    for (let i = from; i < t.length; i++) {
      const c = t[i];
      if (quote) {
        if (c === quote) quote = undefined;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === ':' && (i + 1 >= t.length || t[i + 1] === ' ' || t[i + 1] === '\n' || t[i + 1] === '\r')) return i;
    }
    return from;
  };
  const message = err.message;
  switch (err.code) {
    case 'TAB_AS_INDENT':
      return scanner(pos, 'found character that cannot start any token');
    case 'BLOCK_AS_IMPLICIT_KEY':
      if (message.startsWith('A block sequence')) return parser(pos, 'did not find expected key');
      return scanner(colonAfter(pos), 'mapping values are not allowed in this context');
    case 'MULTILINE_IMPLICIT_KEY': {
      if (/^-(\s|$)/.test(t.slice(pos))) return parser(pos, 'did not find expected key');
      const keyLine = idx.lineOf(pos);
      const lineText = t.slice(idx.lineStart(keyLine), idx.lineEnd(keyLine));
      const seqIndicator = /^(\s*)- /.exec(lineText);
      const context = seqIndicator ? seqIndicator[1].length : pos - idx.lineStart(keyLine);
      const next = nextToken(pos);
      const nextColumn = next - idx.lineStart(idx.lineOf(next));
      if (next < t.length && nextColumn > context) {
        const colon = colonAfter(next);
        if (colon !== next) return scanner(colon, 'mapping values are not allowed in this context');
      }
      return { ...scanner(next, "could not find expected ':'"), at: chunk.offset + pos };
    }
    case 'BAD_INDENT':
      if (message.startsWith('All sequence items')) return parser(pos, "did not find expected '-' indicator");
      if (message.startsWith('Flow sequence')) return parser(pos, "did not find expected ',' or ']'");
      if (message.startsWith('Flow map')) return parser(pos, "did not find expected ',' or '}'");
      return parser(pos, 'did not find expected key');
    case 'MISSING_CHAR': {
      if (/^Missing closing ["']quote/.test(message)) {
        const quote = message.includes('"quote') ? '"' : "'";
        let openLine = idx.lineOf(t.length);
        for (let l = idx.lineOf(pos); l >= 0; l--) {
          if ((t.slice(idx.lineStart(l), idx.lineEnd(l)).split(quote).length - 1) % 2 === 1) {
            openLine = l;
            break;
          }
        }
        return { ...withLine(idx.lineOf(t.length) + 1, 'found unexpected end of stream', t.length), at: chunk.offset + idx.lineStart(openLine) };
      }
      if (message.startsWith('Sequence item without')) return parser(pos, "did not find expected '-' indicator");
      if (message.startsWith('Implicit map keys need to be followed')) {
        return { ...scanner(nextToken(pos), "could not find expected ':'"), at: chunk.offset + pos };
      }
      if (/flow (map|collection)/i.test(message) && message.includes('}')) return parser(pos, "did not find expected ',' or '}'");
      if (/flow seq/i.test(message) || message.includes(']')) return parser(pos, "did not find expected ',' or ']'");
      return parser(pos, 'did not find expected node content');
    }
    case 'UNEXPECTED_TOKEN':
      if (message.includes('block-seq-ind on same line')) return scanner(pos, 'block sequence entries are not allowed in this context');
      return parser(pos, 'did not find expected node content');
    default:
      return parser(pos, 'did not find expected node content');
  }
}

// ---------------------------------------------------------------------------------------------
// Locating JSON paths in a parsed document

function locateIn(doc: Document, chunk: Chunk, idx: LineIndex, path: readonly PathSegment[]): SourceRange {
  let node: unknown = doc.contents;
  let best: SourceRange | undefined;
  const startOf = (n: Node) => chunk.offset + (n.range?.[0] ?? 0);
  const endOf = (n: Node) => chunk.offset + (n.range?.[1] ?? 0);
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      let found: (typeof node.items)[number] | undefined;
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? pair.key.value : pair.key;
        if (String(k) === String(seg)) found = pair;
      }
      if (!found || !isScalar(found.key)) break;
      const keyNode = found.key;
      const value = found.value;
      best = isScalar(value) || value === null
        ? idx.range(startOf(keyNode), value ? endOf(value as Node) : endOf(keyNode))
        : idx.range(startOf(keyNode), endOf(keyNode));
      node = value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (!item || typeof item !== 'object') break;
      const itemNode = item as Node;
      best = isCollection(itemNode) ? idx.lineRange(startOf(itemNode)) : idx.range(startOf(itemNode), endOf(itemNode));
      node = item;
    } else break;
  }
  if (best) return best;
  const first = doc.contents && typeof doc.contents === 'object' && 'range' in doc.contents ? startOf(doc.contents as Node) : chunk.offset;
  return idx.lineRange(first);
}

function firstContentOffset(chunk: Chunk): number {
  const re = /^[ \t]*([^\s#])/gm;
  const m = re.exec(chunk.text);
  return chunk.offset + (m ? m.index + m[0].length - 1 : 0);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function typeCheckErrors(obj: Record<string, unknown>): string[] {
  const errs: string[] = [];
  if (obj.apiVersion === undefined || obj.apiVersion === null) errs.push('apiVersion not set');
  else if (typeof obj.apiVersion !== 'string') errs.push("apiVersion isn't string type");
  if (obj.kind === undefined || obj.kind === null) errs.push('kind not set');
  else if (typeof obj.kind !== 'string') errs.push("kind isn't string type");
  return errs;
}

/**
 * The offset of the first character YAML does not allow in a stream, or -1. UPSTREAM: go-yaml's
 * is_printable (reader.go): tab, LF, CR, 0x20-0x7E, NEL, 0xA0-0xD7FF, 0xE000-0xFFFD except the BOM,
 * and the supplementary planes.
 */
function firstControlCharacter(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) continue;
    if (c === 0x09 || c === 0x0a || c === 0x0d || c === 0x85) continue;
    if (c >= 0xa0 && c <= 0xd7ff) continue;
    if (c >= 0xd800 && c <= 0xdfff) continue; // surrogate halves of supplementary-plane characters
    if (c >= 0xe000 && c <= 0xfffd && !(c === 0xfeff && i > 0)) continue;
    return i;
  }
  return -1;
}

/**
 * Parse a manifest stream. Entries come in document order (List items expanded in place); after an
 * entry with `stopsStream` nothing else is read, as kubectl stops its stream visitor there.
 */
export function parseManifests(text: string, source = 'STDIN'): ManifestEntry[] {
  const idx = new LineIndex(text);
  const entries: ManifestEntry[] = [];
  const jsonMode = /^\s*\{/.test(text);
  const split = jsonMode ? { chunks: splitJsonStream(text), badSeparator: undefined } : splitYamlStream(text);
  let documentIndex = 0;
  for (const chunk of split.chunks) {
    const di = documentIndex++;
    const contentAt = firstContentOffset(chunk);
    const startLine = idx.lineOf(contentAt) + 1;
    const fail = (message: string, range: SourceRange, stopsStream = true): ManifestError => ({
      kind: 'error', documentIndex: di, startLine, message, range, stopsStream,
    });
    // go-yaml's reader refuses non-printable characters before parsing anything (binary garbage).
    const control = firstControlCharacter(chunk.text);
    if (control >= 0) {
      entries.push(fail(`error parsing ${source}: error converting YAML to JSON: yaml: control characters are not allowed`, idx.lineRange(chunk.offset + control)));
      return entries;
    }
    const doc = parseDocument(chunk.text, {
      version: '1.1',
      merge: true,
      uniqueKeys: false,
      prettyErrors: false,
      // go-yaml v2 leaves timestamps and sexagesimal numbers as strings when decoding into interface{}.
      customTags: (tags) =>
        tags.filter((t) =>
          typeof t === 'string'
            ? !['timestamp', 'intTime', 'floatTime'].includes(t)
            : t.tag !== 'tag:yaml.org,2002:timestamp' && (t as { format?: string }).format !== 'TIME',
        ),
    });
    if (doc.errors.length) {
      const e = goYamlSyntaxError(chunk, doc.errors[0]);
      entries.push(fail(`error parsing ${source}: error converting YAML to JSON: ${e.text}`, idx.lineRange(e.at)));
      return entries;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      const anchor = /alias[^:]*: (.*)$/.exec(String((err as Error).message))?.[1] ?? '';
      entries.push(fail(`error parsing ${source}: error converting YAML to JSON: yaml: unknown anchor '${anchor}' referenced`, idx.lineRange(contentAt)));
      return entries;
    }
    if (value === null || value === undefined) continue; // empty or comment-only document
    const locateRoot = (prefix: readonly PathSegment[]) => (path: string | readonly PathSegment[]) =>
      locateIn(doc, chunk, idx, [...prefix, ...(typeof path === 'string' ? parseFieldPath(path) : path)]);
    if (!isObject(value)) {
      entries.push(fail(`error validating ${JSON.stringify(source)}: error validating data: invalid object to validate; ${STOP_VALIDATE}`, idx.lineRange(contentAt)));
      return entries;
    }
    const kindErrors = typeCheckErrors(value);
    if (kindErrors.length) {
      const agg = kindErrors.length === 1 ? kindErrors[0] : `[${kindErrors.join(', ')}]`;
      const badKey = value.kind !== undefined && value.kind !== null ? 'kind' : value.apiVersion !== undefined && value.apiVersion !== null ? 'apiVersion' : undefined;
      const range = badKey ? locateRoot([])(badKey) : idx.lineRange(contentAt);
      entries.push(fail(`error validating ${JSON.stringify(source)}: error validating data: ${agg}; ${STOP_VALIDATE}`, range));
      return entries;
    }
    const kind = value.kind as string;
    if (kind.endsWith('List') && Array.isArray(value.items)) {
      // FlattenListVisitor: each item is applied on its own.
      for (let i = 0; i < value.items.length; i++) {
        const item: unknown = value.items[i];
        const locate = locateRoot(['items', i]);
        if (!isObject(item) || typeCheckErrors(item).length) {
          const missing = isObject(item) && (item.kind === undefined || item.kind === null) ? 'Kind' : 'apiVersion';
          entries.push(fail(`unable to decode ${JSON.stringify(source)}: Object '${missing}' is missing in '${goJSON(item)}'`, locate([])));
          return entries;
        }
        entries.push({ kind: 'object', documentIndex: di, startLine, object: item as unknown as KubeObject, locate });
      }
      continue;
    }
    entries.push({ kind: 'object', documentIndex: di, startLine, object: value as unknown as KubeObject, locate: locateRoot([]) });
  }
  if (split.badSeparator) {
    const at = split.badSeparator.offset;
    entries.push({
      kind: 'error',
      documentIndex,
      startLine: idx.lineOf(at) + 1,
      message: `error parsing ${source}: invalid Yaml document separator: ${split.badSeparator.content}`,
      range: idx.lineRange(at),
      stopsStream: true,
    });
  }
  return entries;
}
