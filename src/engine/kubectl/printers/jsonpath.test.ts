import { describe, expect, it } from 'vitest';
import {
  customColumnCells, executeJsonPath, findResults, goPrint, JsonPathError, parseCustomColumns, parseJsonPath, relaxedJsonPathExpression,
} from './jsonpath';
import { makePod, makeRunningPod } from '../../testing/builders';
import { fakeKubectlContext } from '../../testing/fake-kubectl-context';
import { runKubectl } from '../kubectl';

// The input of kubernetes.io/docs/reference/kubectl/jsonpath/ (a List of two Pods).
const doc = {
  kind: 'List',
  items: [
    {
      kind: 'None',
      metadata: { name: '127.0.0.1', labels: { 'kubernetes.io/hostname': '127.0.0.1' } },
      status: {
        capacity: { cpu: '4' },
        addresses: [{ type: 'LegacyHostIP', address: '127.0.0.1' }],
      },
    },
    {
      kind: 'None',
      metadata: { name: '127.0.0.2' },
      status: {
        capacity: { cpu: '8' },
        addresses: [
          { type: 'LegacyHostIP', address: '127.0.0.2' },
          { type: 'another', address: '127.0.0.3' },
        ],
      },
    },
  ],
  users: [
    { name: 'myself', user: {} },
    { name: 'e2e', user: { username: 'admin', password: 'secret' } },
  ],
};

const run = (template: string, data: unknown = doc, asJson = false) => executeJsonPath(parseJsonPath(template), data, { allowMissingKeys: true, asJson });

describe('jsonpath: the upstream documentation examples', () => {
  it.each([
    ['{.kind}', 'List'],
    ['{$.kind}', 'List'],
    ['{@.kind}', 'List'],
    ['{.items[0].metadata.name}', '127.0.0.1'],
    ['{..name}', '127.0.0.1 127.0.0.2 myself e2e'],
    ['{.items[*].metadata.name}', '127.0.0.1 127.0.0.2'],
    ['{.items[-1:].metadata.name}', '127.0.0.2'],
    ['{.items[-1].metadata.name}', '127.0.0.2'],
    ['{.items[0:1].metadata.name}', '127.0.0.1'],
    ['{.items[*].status.capacity}', '{"cpu":"4"} {"cpu":"8"}'],
    ['{.users[0].user}', '{}'],
    ["{.users[?(@.name=='e2e')].user.password}", 'secret'],
    ['{.users[?(@.name=="e2e")].user.password}', 'secret'],
    // A quoted key is parsed as a dotted path, as upstream's parseArray does.
    ['{.items[0][\'metadata.name\']}', '127.0.0.1'],
    ["{.items[0]['metadata']['name']}", '127.0.0.1'],
    ['{.items[*][\'metadata\'].name}', '127.0.0.1 127.0.0.2'],
    ['{.users[*].name}{"\\n"}', 'myself e2e\n'],
    ['{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}', '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] '],
    ['{.items[0].metadata.*}', '{"kubernetes.io/hostname":"127.0.0.1"} 127.0.0.1'],
    ['{.items[*].metadata.labels.kubernetes\\.io/hostname}', '127.0.0.1'],
    ['{.users[*][\'name\', \'user\']}', 'myself e2e {} {"password":"secret","username":"admin"}'],
    ['{.items[1].status.addresses[0,1].address}', '127.0.0.2 127.0.0.3'],
    ['kind is {.kind}', 'kind is List'],
    ['no braces', 'no braces'],
  ])('%s', (template, want) => {
    expect(run(template)).toBe(want);
  });

  it('range with text, tab and newline (kubectl get pods -o jsonpath)', () => {
    const template = '{range .items[*]}{.metadata.name}{"\\t"}{.status.capacity.cpu}{"\\n"}{end}';
    expect(run(template)).toBe('127.0.0.1\t4\n127.0.0.2\t8\n');
  });

  it('nested ranges and text after the end', () => {
    const template = '{range .items[*]}{.metadata.name}:{range .status.addresses[*]} {.type}{end};{end}done';
    expect(run(template)).toBe('127.0.0.1: LegacyHostIP;127.0.0.2: LegacyHostIP another;done');
  });

  it('a range over nothing prints nothing and resumes after its end', () => {
    expect(run('{range .missing[*]}x{end}after')).toBe('after');
  });

  it('filters compare numbers, test existence and combine with fields', () => {
    const data = { items: [{ n: 1, ok: true }, { n: 2 }, { n: 3, ok: false }] };
    expect(run('{.items[?(@.n > 1)].n}', data)).toBe('2 3');
    expect(run('{.items[?(@.n<=2)].n}', data)).toBe('1 2');
    expect(run('{.items[?(@.n != 2)].n}', data)).toBe('1 3');
    expect(run('{.items[?(@.ok)].n}', data)).toBe('1 3');
    expect(run('{.items[?(@.ok==false)].n}', data)).toBe('3');
  });

  it('the Ready condition of pods', () => {
    const pods = {
      items: [
        { metadata: { name: 'a' }, status: { conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True' }] } },
        { metadata: { name: 'b' }, status: { conditions: [{ type: 'Ready', status: 'False' }] } },
      ],
    };
    const t = '{range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status} {end}';
    expect(run(t, pods)).toBe('a=True b=False ');
  });

  it('steps, slices and an empty selection', () => {
    const data = { a: [0, 1, 2, 3, 4, 5] };
    expect(run('{.a[0:6:2]}', data)).toBe('0 2 4');
    expect(run('{.a[1:3]}', data)).toBe('1 2');
    expect(run('{.a[:2]}', data)).toBe('0 1');
    expect(run('{.a[2:2]}', data)).toBe('');
    expect(run('{.a}', data)).toBe('[0,1,2,3,4,5]');
  });

  it('numbers, booleans and floats print as Go prints them', () => {
    expect(run('{.a} {.b} {.c} {.d}', { a: 3, b: true, c: 0.5, d: 0.00001 })).toBe('3 true 0.5 1e-05');
  });

  it('jsonpath-as-json prints each result set as an indented array', () => {
    expect(run('{.items[*].metadata.name}', doc, true)).toBe('[\n    "127.0.0.1",\n    "127.0.0.2"\n]\n');
  });

  it('JSON output escapes HTML characters and sorts keys as encoding/json does', () => {
    expect(run('{.m}', { m: { z: '<a&b>', a: 1 } })).toBe('{"a":1,"z":"\\u003ca\\u0026b\\u003e"}');
  });
});

describe('jsonpath: errors as upstream words them', () => {
  const parseError = (t: string) => {
    try {
      parseJsonPath(t);
    } catch (e) {
      expect(e).toBeInstanceOf(JsonPathError);
      return (e as Error).message;
    }
    return 'parsed';
  };
  it.each([
    ['{.kind', 'unclosed action'],
    ['{.items[0}', 'unterminated array'],
    ['{.items[x]}', 'invalid array index x'],
    ['{.items[?(@.a=="x"}', 'unterminated filter'],
    ['{"abc}', 'unterminated quoted string'],
    ['{.a}{!}', "unrecognized character in action: U+0021 '!'"],
    ['{....a}', 'invalid multiple recursive descent'],
    ['{1.2.3}', 'cannot parse number 1.2.3'],
  ])('parse %s', (t, message) => {
    expect(parseError(t)).toBe(message);
  });

  const evalError = (t: string, data: unknown = doc, allowMissingKeys = true) => {
    try {
      findResults(parseJsonPath(t), data, { allowMissingKeys });
    } catch (e) {
      return (e as Error).message;
    }
    return 'ok';
  };
  it('evaluation errors', () => {
    expect(evalError('{.items[5]}')).toBe('array index out of bounds: index 5, length 2');
    expect(evalError('{.items[0].status.addresses[0,1].address}')).toBe('array index out of bounds: index 1, length 1');
    expect(evalError('{.kind[0]}')).toBe('string is not array or slice');
    expect(evalError('{.items[0].metadata[0]}')).toBe('map[string]interface {} is not array or slice');
    expect(evalError('{end}')).toBe('not in range, nothing to end');
    expect(evalError('{foo}')).toBe('unrecognized identifier foo');
    expect(evalError('{.nope}', doc, false)).toBe('nope is not found');
    expect(evalError('{.nope}', doc, true)).toBe('ok');
    expect(evalError('{.items[?(@.status.capacity.cpu==4)]}')).toBe('incompatible types for comparison');
    expect(evalError('{.items[?(@.status.addresses[*].type=="x")]}')).toBe('can only compare one element at a time');
  });
});

describe('custom columns', () => {
  it('relaxes paths as kubectl does', () => {
    expect(relaxedJsonPathExpression('.metadata.name')).toBe('{.metadata.name}');
    expect(relaxedJsonPathExpression('metadata.name')).toBe('{.metadata.name}');
    expect(relaxedJsonPathExpression('{.metadata.name}')).toBe('{.metadata.name}');
    expect(relaxedJsonPathExpression('{metadata.name}')).toBe('{.metadata.name}');
    expect(() => relaxedJsonPathExpression('{a}{b}')).toThrow(/unexpected path string/);
  });

  it('one cell per column: values joined by commas, Go formatting, <none> when missing', () => {
    const columns = parseCustomColumns('NAME:.metadata.name,ADDR:.status.addresses[*].address,CAP:.status.capacity,X:.missing');
    expect(columns.map((c) => c.header)).toEqual(['NAME', 'ADDR', 'CAP', 'X']);
    expect(customColumnCells(columns, doc.items[1])).toEqual(['127.0.0.2', '127.0.0.2,127.0.0.3', 'map[cpu:8]', '<none>']);
  });

  it('rejects a column without a path', () => {
    expect(() => parseCustomColumns('NAME')).toThrow('unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>');
    expect(() => parseCustomColumns('')).toThrow('custom-columns format specified but no custom columns given');
  });

  it('goPrint mirrors fmt.Sprint of unstructured values', () => {
    expect(goPrint([{ a: 1 }, 'x', null])).toBe('[map[a:1] x <nil>]');
  });
});

describe('kubectl get -o jsonpath / custom-columns', () => {
  const pods = [
    makeRunningPod({ name: 'web-1', podIP: '10.244.1.5', labels: { app: 'web' } }),
    makePod({ name: 'web-2', labels: { app: 'web' } }),
  ];
  const get = (command: string) => runKubectl(fakeKubectlContext(pods), command);

  it('applies the template to the List for a list and to the object for one name', () => {
    expect(get("kubectl get pods -o jsonpath='{.items[*].metadata.name}'")).toEqual({ stdout: 'web-1 web-2', stderr: '', exitCode: 0 });
    expect(get("kubectl get pods -o jsonpath='{.kind}'").stdout).toBe('List');
    expect(get("kubectl get pod web-1 -o jsonpath='{.metadata.name}'").stdout).toBe('web-1');
    expect(get('kubectl get pod web-1 -o=jsonpath={.status.podIP}').stdout).toBe('10.244.1.5');
  });

  it('range, tab and newline literals, filters and maps', () => {
    const range = `kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.status.podIP}{"\\n"}{end}'`;
    expect(get(range).stdout).toBe('web-1\t10.244.1.5\nweb-2\t\n');
    const ready = `kubectl get pods -o jsonpath='{.items[*].status.conditions[?(@.type=="Ready")].status}'`;
    expect(get(ready).stdout).toBe('True');
    expect(get("kubectl get pod web-1 -o jsonpath='{.metadata.labels}'").stdout).toBe('{"app":"web"}');
  });

  it('jsonpath-as-json', () => {
    expect(get("kubectl get pods -o jsonpath-as-json='{.items[*].metadata.name}'").stdout).toBe('[\n    "web-1",\n    "web-2"\n]\n');
  });

  it('parse and execution errors as kubectl prints them', () => {
    expect(get("kubectl get pods -o jsonpath='{.items[*'").stderr).toBe('error: error parsing jsonpath {.items[*, unterminated array\n');
    expect(get('kubectl get pods -o jsonpath').stderr).toBe('error: template format specified but no template given\n');
    const exec = get("kubectl get pods -o jsonpath='{.items[7]}'");
    expect(exec.exitCode).toBe(1);
    expect(exec.stderr.startsWith(
      'error: error executing jsonpath "{.items[7]}": Error executing template: array index out of bounds: index 7, length 2. ' +
      'Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.items[7]}\n\tobject given to jsonpath engine was:\n\t\t',
    )).toBe(true);
  });

  it('custom-columns: a row per object, headers as given, <none> for missing, --no-headers', () => {
    expect(get('kubectl get pods -o custom-columns=NAME:.metadata.name,IP:.status.podIP').stdout).toBe(
      'NAME    IP\nweb-1   10.244.1.5\nweb-2   <none>\n',
    );
    expect(get('kubectl get pods -o custom-columns=NAME:metadata.name,C:{.spec.containers[*].name} --no-headers').stdout).toBe('web-1   app\nweb-2   app\n');
    expect(get('kubectl get pod web-2 -o custom-columns=Phase:.status.phase').stdout).toBe('Phase\nPending\n');
    expect(get('kubectl get pods -o custom-columns=NAME').stderr).toBe('error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n');
    expect(get('kubectl get pods -o custom-columns=').stderr).toBe('error: custom-columns format specified but no custom columns given\n');
  });

  it('a missing named object prints only its error', () => {
    const out = get("kubectl get pod nope -o jsonpath='{.metadata.name}'");
    expect(out).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 1 });
  });
});
