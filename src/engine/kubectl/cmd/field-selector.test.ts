import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/meta';
import { fakeKubectlContext } from '../../testing/fake-kubectl-context';
import { runKubectl } from '../kubectl';
import { parseFieldSelector } from './field-selector';

const pod = (name: string, namespace: string, nodeName: string | undefined, phase: string): KubeObject =>
  ({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...(nodeName ? { nodeName } : {}) },
    status: { phase },
  }) as KubeObject;
const node = (name: string, unschedulable: boolean): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Node', metadata: { name, creationTimestamp: '2026-01-01T00:00:00Z' }, spec: unschedulable ? { unschedulable } : {} }) as KubeObject;

const objects = [
  pod('a', 'default', 'node-1', 'Running'),
  pod('b', 'default', 'node-2', 'Running'),
  pod('c', 'default', undefined, 'Pending'),
  pod('d', 'kube-system', 'node-1', 'Running'),
  node('node-1', false),
  node('node-2', true),
];

describe('kubectl get --field-selector', () => {
  const cases: Array<[string, string, string]> = [
    ['metadata.name', 'kubectl get pods --field-selector metadata.name=b -o name', 'pod/b\n'],
    ['spec.nodeName', 'kubectl get pods --field-selector spec.nodeName=node-1 -o name', 'pod/a\n'],
    ['spec.nodeName across namespaces', 'kubectl get pods -A --field-selector=spec.nodeName=node-1 -o name', 'pod/a\npod/d\n'],
    ['empty nodeName = unscheduled', 'kubectl get pods --field-selector spec.nodeName= -o name', 'pod/c\n'],
    ['status.phase !=', 'kubectl get pods --field-selector status.phase!=Running -o name', 'pod/c\n'],
    ['several terms, == form', 'kubectl get pods -A --field-selector status.phase==Running,metadata.namespace=kube-system -o name', 'pod/d\n'],
    ['nodes: spec.unschedulable', 'kubectl get nodes --field-selector spec.unschedulable=true -o name', 'node/node-2\n'],
  ];
  it.each(cases)('%s', (_name, line, stdout) => {
    expect(runKubectl(fakeKubectlContext(objects), line)).toEqual({ stdout, stderr: '', exitCode: 0 });
  });

  const errors: Array<[string, string, string]> = [
    ['unsupported field', 'kubectl get pods --field-selector spec.foo=x',
      'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.foo=x": field label not supported: spec.foo\n'],
    ['pod fields are not node fields', 'kubectl get nodes -l a=b --field-selector status.phase=Running',
      'Error from server (BadRequest): Unable to find "/v1, Resource=nodes" that match label selector "a=b", field selector "status.phase=Running": field label not supported: status.phase\n'],
    ['unparsable', 'kubectl get pods --field-selector nonsense',
      'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "nonsense": invalid selector: \'nonsense\'; can\'t understand \'nonsense\'\n'],
    ['with a name', 'kubectl get pod a --field-selector status.phase=Running', 'error: name cannot be provided when a selector is specified\n'],
  ];
  it.each(errors)('%s', (_name, line, stderr) => {
    expect(runKubectl(fakeKubectlContext(objects), line)).toEqual({ stdout: '', stderr, exitCode: 1 });
  });

  it('prints "No resources found" when nothing matches', () => {
    expect(runKubectl(fakeKubectlContext(objects), 'kubectl get pods --field-selector status.phase=Failed')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
  });

  it('parses terms as fields.ParseSelector does', () => {
    expect(parseFieldSelector('a=b,c!=d,e==')).toEqual({ ok: true, selector: [{ field: 'a', op: '=', value: 'b' }, { field: 'c', op: '!=', value: 'd' }, { field: 'e', op: '=', value: '' }] });
  });
});
