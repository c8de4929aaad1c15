import { describe, expect, it } from 'vitest';
import { highlightYamlLine } from './yaml-highlight';

const kinds = (line: string) => highlightYamlLine(line).map((t) => `${t.kind}:${t.text}`);

describe('highlightYamlLine', () => {
  it.each([
    ['apiVersion: v1', ['key:apiVersion', 'punct::', 'value: v1']],
    ['  labels:', ['indent:  ', 'key:labels', 'punct::']],
    ['  - name: nginx', ['indent:  ', 'dash:- ', 'key:name', 'punct::', 'value: nginx']],
    ['    - 10.244.1.5', ['indent:    ', 'dash:- ', 'value:10.244.1.5']],
    ['    image: nginx:1.27', ['indent:    ', 'key:image', 'punct::', 'value: nginx:1.27']],
    ['  node-role.kubernetes.io/control-plane: ""', ['indent:  ', 'key:node-role.kubernetes.io/control-plane', 'punct::', 'value: ""']],
    ['# comment: not a key', ['comment:# comment: not a key']],
    ['---', ['docsep:---']],
    ['    plain text continuation', ['indent:    ', 'value:plain text continuation']],
    ['', []],
  ])('%j', (line, want) => {
    expect(kinds(line)).toEqual(want);
  });

  it('never loses characters', () => {
    for (const line of ['  - name: a', 'x: "a: b"', '  - - deep', 'key:value-without-space']) {
      expect(highlightYamlLine(line).map((t) => t.text).join('')).toBe(line);
    }
  });
});
