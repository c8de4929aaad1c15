// DefaultIngressClass admission and Ingress/IngressClass validation, through a cluster's API server.
import { describe, expect, it } from 'vitest';
import type { Ingress } from 'kubernetes-types/networking/v1';
import { TestCluster } from '../../testing/test-cluster';

// service/networking/default-ingressclass.yaml
const DEFAULT_CLASS = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  labels:
    app.kubernetes.io/component: controller
  name: example-class
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: k8s.io/example-class
`;

const ingress = (name: string, extra = '', path = `        - path: /
          pathType: Prefix
          backend:
            service:
              name: web
              port:
                number: 80
`) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
spec:
${extra}  rules:
  - http:
      paths:
${path}`;

const classOf = (c: TestCluster, name: string) => (c.world.getObject({ kind: 'Ingress', namespace: 'default', name }) as unknown as Ingress).spec?.ingressClassName;

describe('DefaultIngressClass', () => {
  it('writes the default class into new Ingresses that name none (default-ingressclass.yaml)', () => {
    const c = new TestCluster();
    c.applyOk(ingress('before'));
    c.applyOk(DEFAULT_CLASS);
    c.applyOk(ingress('after'));
    c.applyOk(ingress('explicit', '  ingressClassName: other\n'));
    c.applyOk(ingress('annotated').replace('  name: annotated\n', '  name: annotated\n  annotations:\n    kubernetes.io/ingress.class: nginx\n'));
    expect(classOf(c, 'before')).toBeUndefined();
    expect(classOf(c, 'after')).toBe('example-class');
    expect(classOf(c, 'explicit')).toBe('other');
    expect(classOf(c, 'annotated')).toBeUndefined();
    expect(c.world.kubectl('get ingressclass').stdout).toMatch(/^NAME\s+CONTROLLER\s+PARAMETERS\s+AGE\nexample-class\s+k8s\.io\/example-class\s+<none>\s+\d+s\n$/);
    expect(c.world.kubectl('get ingress --no-headers').stdout).toMatch(/^after\s+example-class\s+\*\s+80\s/m);
    expect(c.world.kubectl('get ingress --no-headers').stdout).toMatch(/^before\s+<none>\s+\*\s+80\s/m);
  });

  it('with two default classes the newest wins', () => {
    const c = new TestCluster();
    c.applyOk(DEFAULT_CLASS);
    c.step(5000);
    c.applyOk(DEFAULT_CLASS.replace(/example-class/g, 'newer-class'));
    c.applyOk(ingress('x'));
    expect(classOf(c, 'x')).toBe('newer-class');
  });
});

describe('Ingress validation', () => {
  const fail = (yaml: string) => {
    const c = new TestCluster();
    const r = c.world.apply(yaml);
    expect(r.ok).toBe(false);
    return r.documents.map((d) => d.message).join('\n');
  };
  it('pathType is required', () => {
    expect(fail(ingress('a', '', `        - path: /
          backend:
            service:
              name: web
              port:
                number: 80
`))).toContain('The Ingress "a" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified');
  });
  it('a Prefix path must be absolute', () => {
    expect(fail(ingress('a', '', `        - path: foo
          pathType: Prefix
          backend:
            service:
              name: web
              port:
                number: 80
`))).toContain('spec.rules[0].http.paths[0].path: Invalid value: "foo": must be an absolute path');
  });
  it('a backend needs a service or resource, and a port name or number', () => {
    expect(fail(ingress('a', '', `        - path: /
          pathType: Exact
          backend: {}
`))).toContain('spec.rules[0].http.paths[0].backend: Invalid value: "": resource or service backend is required');
    expect(fail(ingress('a', '', `        - path: /
          pathType: Exact
          backend:
            service:
              name: web
`))).toContain('spec.rules[0].http.paths[0].backend: Required value: port name or number is required');
  });
  it('neither rules nor a default backend', () => {
    expect(fail('apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: empty\nspec: {}\n')).toContain('spec: Invalid value: null: either `defaultBackend` or `rules` must be specified');
  });
  it('an IngressClass needs a domain-prefixed controller', () => {
    expect(fail(DEFAULT_CLASS.replace('k8s.io/example-class', 'example'))).toContain('spec.controller: Invalid value: "example": must be a domain-prefixed path (such as "acme.io/foo")');
  });
});
