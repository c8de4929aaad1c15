import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { deploymentYaml, podYaml, serviceYaml } from '../../testing/kubectl-samples';
import { scalarStyle, toKubectlYaml, yamlKeyLess } from './yaml';

describe('toKubectlYaml', () => {
  it.each([
    ['a Pod with status (api-defaults.md §2a)', podYaml],
    ['a Deployment with managedFields (§2b)', deploymentYaml],
    ['a ClusterIP Service (§1h)', serviceYaml],
  ])('prints %s byte for byte as kubectl did', (_name, sample) => {
    const obj = parse(sample) as unknown;
    expect(toKubectlYaml(obj)).toBe(sample);
  });

  it('sorts keys whatever order the object has them in', () => {
    expect(toKubectlYaml({ spec: { b: 1, a: 2 }, apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } }))
      .toBe('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  a: 2\n  b: 1\n');
  });

  it('quotes a kubelet rejection message the way go-yaml does, without folding it', () => {
    const message = "Pod was rejected: Node didn't have enough resource: cpu, requested: 4000, used: 200, capacity: 2000";
    expect(toKubectlYaml({ status: { message, phase: 'Failed', reason: 'OutOfcpu' } })).toBe(
      "status:\n  message: 'Pod was rejected: Node didn''t have enough resource: cpu, requested: 4000, used: 200, capacity: 2000'\n" +
        '  phase: Failed\n  reason: OutOfcpu\n',
    );
  });

  it('writes multi-line strings as literal blocks and drops undefined fields', () => {
    expect(toKubectlYaml({ a: '{"x":1}\n', b: undefined, c: 'one\ntwo' })).toBe('a: |\n  {"x":1}\nc: |-\n  one\n  two\n');
  });
});

describe('scalarStyle', () => {
  it.each([
    ['nginx', 'PLAIN'],
    ['10.244.1.5', 'PLAIN'],
    ['app=nginx,tier=web', 'PLAIN'],
    ['25%', 'PLAIN'],
    ['k:{"name":"hello-app"}', 'PLAIN'],
    ['Scaled up replica set web-5d8f to 3', 'PLAIN'],
    ['1364', 'QUOTE_DOUBLE'],
    ['True', 'QUOTE_DOUBLE'],
    ['yes', 'QUOTE_DOUBLE'],
    ['null', 'QUOTE_DOUBLE'],
    ['', 'QUOTE_DOUBLE'],
    ['1.5', 'QUOTE_DOUBLE'],
    ['0x1F', 'QUOTE_DOUBLE'],
    ['08', 'QUOTE_DOUBLE'],
    ['1:20', 'QUOTE_DOUBLE'],
    ['2022-02-17T21:51:01Z', 'QUOTE_DOUBLE'],
    ['2022-02-17', 'QUOTE_DOUBLE'],
    ['*/1 * * * *', 'QUOTE_SINGLE'],
    ['containers with unready status: [nginx]', 'QUOTE_SINGLE'],
    ['- item', 'QUOTE_SINGLE'],
    ['trailing ', 'QUOTE_SINGLE'],
    ['a #comment', 'QUOTE_SINGLE'],
    ['line\nbreak', 'BLOCK_LITERAL'],
    ['tab\there', 'QUOTE_DOUBLE'],
  ])('%j -> %s', (s, style) => {
    expect(scalarStyle(s)).toBe(style);
  });
});

describe('yamlKeyLess', () => {
  it.each([
    ['apiVersion', 'kind'],
    ['.', 'f:metadata'],
    ['app', 'app.kubernetes.io/name'],
    ['item9', 'item10'],
    ['_x', 'A'],
    ['Z', 'a'],
  ])('%s sorts before %s', (a, b) => {
    expect(yamlKeyLess(a, b)).toBe(true);
    expect(yamlKeyLess(b, a)).toBe(false);
  });
});
