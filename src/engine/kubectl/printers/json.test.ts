import { describe, expect, it } from 'vitest';
import { makeDeployment, makePod, asKubeObject } from '../../testing/builders';
import { resourceName, toKubectlJson } from './json';

describe('toKubectlJson', () => {
  it('indents four spaces and sorts keys byte-wise', () => {
    expect(toKubectlJson({ metadata: { name: 'x', labels: { b: '1', A: '2' } }, kind: 'Pod', apiVersion: 'v1', items: [], spec: {} })).toBe(
      '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "Pod",\n    "metadata": {\n        "labels": {\n' +
        '            "A": "2",\n            "b": "1"\n        },\n        "name": "x"\n    },\n    "spec": {}\n}\n',
    );
  });

  it('escapes <, > and & as Go does', () => {
    expect(toKubectlJson({ cell: '<none> & more' })).toBe('{\n    "cell": "\\u003cnone\\u003e \\u0026 more"\n}\n');
  });

  it('writes arrays of objects with nested indentation', () => {
    expect(toKubectlJson({ ports: [{ port: 80 }, { port: 443 }] })).toBe(
      '{\n    "ports": [\n        {\n            "port": 80\n        },\n        {\n            "port": 443\n        }\n    ]\n}\n',
    );
  });
});

describe('resourceName', () => {
  it.each([
    [asKubeObject(makePod({ name: 'web' })), 'pod/web'],
    [asKubeObject(makeDeployment({ name: 'web' })), 'deployment.apps/web'],
  ])('%#: %s', (obj, want) => {
    expect(resourceName(obj)).toBe(want);
  });
});
