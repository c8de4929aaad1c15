import { describe, expect, it } from 'vitest';
import { goJSON, parseFieldPath, parseManifests, type ManifestEntry, type ManifestError, type ManifestObject } from './manifest';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
        env:
        - name: MODE
          value: "fast"
`;

function objects(entries: ManifestEntry[]): ManifestObject[] {
  return entries.filter((e): e is ManifestObject => e.kind === 'object');
}

function onlyError(entries: ManifestEntry[]): ManifestError {
  const errors = entries.filter((e): e is ManifestError => e.kind === 'error');
  expect(errors).toHaveLength(1);
  return errors[0];
}

describe('parseManifests: documents', () => {
  it('splits on --- lines, skips empty and comment-only documents, and keeps each start line', () => {
    const text = `# a comment before anything\n---\n${DEPLOYMENT}---\n# nothing here\n---   # a separator may carry a comment\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\n`;
    const got = objects(parseManifests(text));
    expect(got.map((o) => [o.object.kind, o.startLine])).toEqual([
      ['Deployment', 3],
      ['Service', 26],
    ]);
    expect(got.map((o) => o.documentIndex)).toEqual([1, 3]);
  });

  it('reads YAML 1.1 scalars as go-yaml v2 does: yes/on are booleans, 0777 is octal, dates stay strings', () => {
    const [cm] = objects(parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: yes\n  b: 0777\n  c: 2024-01-01\n  d: 12:30\n'));
    expect(cm.object.data).toEqual({ a: true, b: 511, c: '2024-01-01', d: '12:30' });
  });

  it('lets the last of duplicate keys win', () => {
    const [o] = objects(parseManifests('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  name: b\n'));
    expect(o.object.metadata.name).toBe('b');
  });

  it('reads a JSON stream of several objects and flow-style YAML', () => {
    const json = '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}}\n{"apiVersion": "v1",\n "kind": "Namespace", "metadata": {"name": "b"}}\n';
    expect(objects(parseManifests(json)).map((o) => [o.object.metadata.name, o.startLine])).toEqual([['a', 1], ['b', 2]]);
    const flow = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: web}}\nspec: {containers: [{name: c, image: busybox}]}\n';
    const [pod] = objects(parseManifests(flow));
    expect(pod.object.spec).toEqual({ containers: [{ name: 'c', image: 'busybox' }] });
    expect(pod.locate('spec.containers[0].image')).toEqual({ line: 4, column: 31, endLine: 4, endColumn: 45 });
  });

  it('expands a List into its items, each locating paths inside the List document', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: a\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: b\n  spec:\n    replicas: 2\n';
    const got = objects(parseManifests(text));
    expect(got.map((o) => o.object.kind)).toEqual(['Namespace', 'Deployment']);
    expect(got[1].locate('spec.replicas')).toEqual({ line: 13, column: 5, endLine: 13, endColumn: 16 });
    expect(got[0].locate('metadata.name').line).toBe(7);
  });
});

describe('parseManifests: locating JSON paths', () => {
  const [dep] = objects(parseManifests(`---\n${DEPLOYMENT}`));

  it.each<[string, number, number, number]>([
    ['spec.replicas', 7, 3, 14],
    ['spec.template.spec.containers[0].image', 18, 9, 26],
    ['spec.template.spec.containers[0].env[0].value', 21, 11, 24],
    ['spec.template.metadata.labels[app]', 14, 9, 17],
    ['metadata.name', 5, 3, 12],
  ])('puts %s at line %d, columns %d-%d', (path, line, column, endColumn) => {
    expect(dep.locate(path)).toEqual({ line, column, endLine: line, endColumn });
  });

  it('points at the item line for a list element and at the key for a collection', () => {
    expect(dep.locate('spec.template.spec.containers[0]')).toEqual({ line: 17, column: 7, endLine: 17, endColumn: 18 });
    expect(dep.locate('spec.selector')).toEqual({ line: 8, column: 3, endLine: 8, endColumn: 11 });
  });

  it('falls back to the deepest existing key for a missing field, and to the first line for the root', () => {
    expect(dep.locate('spec.template.spec.containers[0].resources.limits').line).toBe(17);
    expect(dep.locate('spec.strategy.type').line).toBe(6);
    expect(dep.locate([])).toEqual({ line: 2, column: 1, endLine: 2, endColumn: 20 });
  });

  it('parses field paths with indices and bracketed map keys', () => {
    expect(parseFieldPath('spec.containers[0].resources.requests[cpu]')).toEqual(['spec', 'containers', 0, 'resources', 'requests', 'cpu']);
    expect(parseFieldPath('metadata.labels[app.kubernetes.io/name]')).toEqual(['metadata', 'labels', 'app.kubernetes.io/name']);
  });
});

describe('parseManifests: errors in kubectl\'s words', () => {
  it.each<[string, string, string, number]>([
    [
      'a colon inside a plain value',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx: latest\n',
      'error parsing STDIN: error converting YAML to JSON: yaml: line 8: mapping values are not allowed in this context',
      8,
    ],
    [
      'a key more indented than its siblings',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n    labels: {}\n',
      'error parsing STDIN: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context',
      5,
    ],
    [
      'a key less indented than its siblings (go-yaml names the line before)',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n labels: {}\n',
      'error parsing STDIN: error converting YAML to JSON: yaml: line 4: did not find expected key',
      5,
    ],
    [
      'a missing space after a colon',
      'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    image:nginx\n    ports: []\n',
      "error parsing STDIN: error converting YAML to JSON: yaml: line 7: could not find expected ':'",
      6,
    ],
    [
      'a tab used for indentation',
      'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n',
      'error parsing STDIN: error converting YAML to JSON: yaml: line 4: found character that cannot start any token',
      4,
    ],
    [
      'a sequence item out of line',
      'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n   - name: b\n',
      "error parsing STDIN: error converting YAML to JSON: yaml: line 6: did not find expected '-' indicator",
      7,
    ],
    [
      'a list on the same line as its key',
      'apiVersion: v1\nkind: Pod\nspec:\n  args: - a\n',
      'error parsing STDIN: error converting YAML to JSON: yaml: line 4: block sequence entries are not allowed in this context',
      4,
    ],
    [
      'an unclosed quote',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "x\n  labels: {}\n',
      'error parsing STDIN: error converting YAML to JSON: yaml: line 6: found unexpected end of stream',
      4,
    ],
  ])('reports %s', (_name, text, message, diagnosticLine) => {
    const e = onlyError(parseManifests(text));
    expect(e.message).toBe(message);
    expect(e.range.line).toBe(diagnosticLine);
    expect(e.stopsStream).toBe(true);
  });

  it('numbers go-yaml lines within the document but points the diagnostic at the line in the whole text', () => {
    const entries = parseManifests(`${DEPLOYMENT}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: a: b\n`);
    expect(entries.map((e) => e.kind)).toEqual(['object', 'error']);
    const e = entries[1] as ManifestError;
    expect(e.message).toBe('error parsing STDIN: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context');
    expect(e.range.line).toBe(26);
    expect(e.startLine).toBe(22);
  });

  it('stops reading at the first document kubectl cannot read', () => {
    const entries = parseManifests('apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\nfoo: bar\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n');
    expect(entries.map((e) => e.kind)).toEqual(['object', 'error']);
  });

  it.each<[string, string, string, number]>([
    [
      'both apiVersion and kind missing',
      'metadata:\n  name: x\n',
      'error validating "STDIN": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false',
      1,
    ],
    [
      'kind missing',
      '# a Deployment\napiVersion: apps/v1\nmetadata:\n  name: x\n',
      'error validating "STDIN": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false',
      2,
    ],
    [
      'a kind that is not a string',
      'apiVersion: v1\nkind: 3\n',
      'error validating "STDIN": error validating data: kind isn\'t string type; if you choose to ignore these errors, turn validation off with --validate=false',
      2,
    ],
    [
      'a document that is not an object',
      'just some text\n',
      'error validating "STDIN": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false',
      1,
    ],
  ])('refuses %s', (_name, text, message, line) => {
    const e = onlyError(parseManifests(text));
    expect(e.message).toBe(message);
    expect(e.range.line).toBe(line);
  });

  it('names the source as given: a file path for the CLI', () => {
    expect(onlyError(parseManifests('kind: Pod\n', 'web.yaml')).message).toMatch(/^error validating "web.yaml": error validating data: apiVersion not set;/);
    expect(onlyError(parseManifests('a: b: c\n', 'web.yaml')).message).toMatch(/^error parsing web.yaml: error converting YAML to JSON:/);
  });

  it('refuses a separator line with content after ---', () => {
    const entries = parseManifests(`${DEPLOYMENT}--- !tag\napiVersion: v1\n`);
    expect(entries.map((e) => e.kind)).toEqual(['object', 'error']);
    expect((entries[1] as ManifestError).message).toBe('error parsing STDIN: invalid Yaml document separator: !tag');
  });

  it('marshals like Go: sorted keys, no spaces', () => {
    expect(goJSON({ b: 1, a: [{ d: null, c: 'x' }] })).toBe('{"a":[{"c":"x","d":null}],"b":1}');
  });
});

describe('parseManifests: binary garbage and very large documents', () => {
  it('refuses control characters as go-yaml does, pointing at their line', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: "\u0001\u0002binary"\n';
    const [e] = parseManifests(text) as ManifestError[];
    expect(e.kind).toBe('error');
    expect(e.message).toBe('error parsing STDIN: error converting YAML to JSON: yaml: control characters are not allowed');
    expect(e.range.line).toBe(6);
  });

  it('accepts tabs, CJK text, emoji and a leading byte-order mark', () => {
    const text = '\ufeffapiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  note: "说明\tok 🚀"\n';
    const [o] = parseManifests(text) as ManifestObject[];
    expect(o.kind).toBe('object');
  });

  it('parses a 10,000-line document', () => {
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: big', 'data:'];
    for (let i = 0; i < 10_000; i++) lines.push(`  key${i}: value${i}`);
    const [o] = parseManifests(lines.join('\n')) as ManifestObject[];
    expect(Object.keys((o.object as unknown as { data: object }).data)).toHaveLength(10_000);
  });
});
