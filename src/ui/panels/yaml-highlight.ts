// Just enough YAML colouring for the inspector's read-only view (keys, comments, list dashes), so
// the main bundle need not load Monaco. Line-based: `kubectl get -o yaml` output is block style.

export type YamlTokenKind = 'indent' | 'dash' | 'key' | 'punct' | 'value' | 'comment' | 'docsep';

export interface YamlToken {
  kind: YamlTokenKind;
  text: string;
}

const KEY_LINE = /^(\s*)((?:- )*)((?:"[^"]*"|'[^']*'|[^\s:#'"][^:#]*?)):(?=\s|$)(.*)$/;

export function highlightYamlLine(line: string): YamlToken[] {
  if (line === '---' || line === '...') return [{ kind: 'docsep', text: line }];
  const trimmed = line.trimStart();
  const indent = line.slice(0, line.length - trimmed.length);
  const out: YamlToken[] = [];
  if (indent) out.push({ kind: 'indent', text: indent });
  if (trimmed.startsWith('#')) {
    out.push({ kind: 'comment', text: trimmed });
    return out;
  }
  const m = KEY_LINE.exec(line);
  if (m) {
    const [, , dashes, key, rest] = m;
    if (dashes) out.push({ kind: 'dash', text: dashes });
    out.push({ kind: 'key', text: key }, { kind: 'punct', text: ':' });
    if (rest) out.push({ kind: 'value', text: rest });
    return out;
  }
  const dash = /^((?:- )+|-$)(.*)$/.exec(trimmed);
  if (dash) {
    out.push({ kind: 'dash', text: dash[1] });
    if (dash[2]) out.push({ kind: 'value', text: dash[2] });
    return out;
  }
  if (trimmed) out.push({ kind: 'value', text: trimmed });
  return out;
}
