// routeIngress: host and path matching as ingress-nginx does it, table-driven.
import { describe, expect, it } from 'vitest';
import type { Ingress } from 'kubernetes-types/networking/v1';
import { hostMatches, pathMatches, routeIngress } from './routing';

let created = 0;
function ing(name: string, spec: Ingress['spec'], namespace = 'default'): Ingress {
  created++;
  return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace, creationTimestamp: `2026-01-05T09:00:${String(created).padStart(2, '0')}Z` }, spec };
}
const svc = (name: string, number: number) => ({ service: { name, port: { number } } });

const fanout = ing('simple-fanout-example', {
  rules: [{ host: 'foo.bar.com', http: { paths: [
    { path: '/foo', pathType: 'Prefix', backend: svc('service1', 4200) },
    { path: '/bar', pathType: 'Prefix', backend: svc('service2', 8080) },
  ] } }],
});
const types = ing('types', {
  rules: [{ host: 'types.test', http: { paths: [
    { path: '/', pathType: 'Prefix', backend: svc('root', 80) },
    { path: '/api', pathType: 'Prefix', backend: svc('api', 80) },
    { path: '/api/v2', pathType: 'Prefix', backend: svc('api-v2', 80) },
    { path: '/api', pathType: 'Exact', backend: svc('api-exact', 80) },
    { path: '/static', pathType: 'ImplementationSpecific', backend: svc('static', 80) },
    { path: '/docs/', pathType: 'Prefix', backend: svc('docs', 80) },
  ] } }],
});
const wildcard = ing('wild', {
  rules: [
    { host: '*.foo.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: svc('wild', 80) }] } },
    { host: 'exact.foo.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: svc('exact', 80) }] } },
  ],
});
const catchAll = ing('catch-all', { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: svc('any-host', 80) }] } }] });
const tls = ing('tls-example-ingress', {
  tls: [{ hosts: ['https-example.foo.com'], secretName: 'testsecret-tls' }],
  rules: [{ host: 'https-example.foo.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: svc('service1', 80) }] } }],
});
const withDefault = ing('with-default', {
  defaultBackend: svc('fallback', 80),
  rules: [{ host: 'd.test', http: { paths: [{ path: '/only', pathType: 'Exact', backend: svc('only', 80) }] } }],
});

describe('routeIngress', () => {
  const cases: Array<[string, Ingress[], string, string, string | undefined]> = [
    // name, ingresses, host, path, expected Service (undefined = 404)
    ['fanout /foo', [fanout], 'foo.bar.com', '/foo', 'service1'],
    ['fanout /foo/x (element-wise prefix)', [fanout], 'foo.bar.com', '/foo/x', 'service1'],
    ['fanout /foobar is not /foo', [fanout], 'foo.bar.com', '/foobar', undefined],
    ['fanout /bar', [fanout], 'foo.bar.com', '/bar', 'service2'],
    ['fanout, host with port', [fanout], 'foo.bar.com:8080', '/bar?x=1', 'service2'],
    ['fanout, other host: 404', [fanout], 'other.com', '/foo', undefined],
    ['Exact beats Prefix of the same path', [types], 'types.test', '/api', 'api-exact'],
    ['Prefix below the Exact path', [types], 'types.test', '/api/users', 'api'],
    ['longest prefix wins', [types], 'types.test', '/api/v2/users', 'api-v2'],
    ['root prefix catches the rest', [types], 'types.test', '/elsewhere', 'root'],
    ['ImplementationSpecific is a string prefix', [types], 'types.test', '/staticfiles', 'static'],
    ['Prefix with trailing slash matches the bare path', [types], 'types.test', '/docs', 'docs'],
    ['wildcard one label', [wildcard], 'a.foo.com', '/', 'wild'],
    ['wildcard not two labels', [wildcard], 'a.b.foo.com', '/', undefined],
    ['wildcard not the bare domain', [wildcard], 'foo.com', '/', undefined],
    ['exact host beats wildcard', [wildcard], 'exact.foo.com', '/', 'exact'],
    ['rule without host catches unknown hosts', [fanout, catchAll], 'unknown.test', '/x', 'any-host'],
    ['a named host does not fall to the catch-all', [fanout, catchAll], 'foo.bar.com', '/nope', undefined],
    ['defaultBackend for an unmatched path of its host', [withDefault], 'd.test', '/other', 'fallback'],
    ['path of the host with a defaultBackend', [withDefault], 'd.test', '/only', 'only'],
  ];
  for (const [name, ingresses, host, path, want] of cases) {
    it(name, () => {
      const r = routeIngress(ingresses, { host, path });
      if (want === undefined) {
        expect(r.matched).toBe(false);
      } else {
        expect(r.matched).toBe(true);
        expect(r.matched && r.backend.kind === 'service' ? r.backend.name : undefined).toBe(want);
      }
    });
  }

  it('reports the Ingress, rule, path and port', () => {
    const r = routeIngress([fanout], { host: 'foo.bar.com', path: '/bar/baz' });
    expect(r).toEqual({
      matched: true, ingress: { namespace: 'default', name: 'simple-fanout-example' }, ruleIndex: 0, pathIndex: 1,
      host: 'foo.bar.com', path: '/bar', pathType: 'Prefix', backend: { kind: 'service', namespace: 'default', name: 'service2', port: { number: 8080 } },
    });
  });

  it('the older Ingress wins a conflict on the same host and path', () => {
    const a = ing('a', { rules: [{ host: 'same.test', http: { paths: [{ path: '/', pathType: 'Prefix', backend: svc('first', 80) }] } }] });
    const b = ing('b', { rules: [{ host: 'same.test', http: { paths: [{ path: '/', pathType: 'Prefix', backend: svc('second', 80) }] } }] });
    const r = routeIngress([b, a], { host: 'same.test', path: '/' });
    expect(r.matched && r.backend.kind === 'service' && r.backend.name).toBe('first');
  });

  it('paths of one host merge across Ingresses', () => {
    const a = ing('a2', { rules: [{ host: 'm.test', http: { paths: [{ path: '/a', pathType: 'Prefix', backend: svc('a', 80) }] } }] });
    const b = ing('b2', { rules: [{ host: 'm.test', http: { paths: [{ path: '/b', pathType: 'Prefix', backend: svc('b', 80) }] } }] });
    const r = routeIngress([a, b], { host: 'm.test', path: '/b/1' });
    expect(r.matched && r.ingress.name).toBe('b2');
  });

  it('TLS: the Secret that terminates the host', () => {
    const r = routeIngress([tls], { host: 'https-example.foo.com', path: '/' });
    expect(r.matched && r.tls).toEqual({ ingress: { namespace: 'default', name: 'tls-example-ingress' }, secretName: 'testsecret-tls' });
    expect(routeIngress([tls, fanout], { host: 'foo.bar.com', path: '/foo' })).not.toHaveProperty('tls');
  });

  it('an Ingress with only a defaultBackend serves every host', () => {
    const only = ing('only-default', { defaultBackend: svc('everything', 8080) });
    const r = routeIngress([fanout, only], { host: 'whatever.test', path: '/x' });
    expect(r.matched && r.backend).toEqual({ kind: 'service', namespace: 'default', name: 'everything', port: { number: 8080 } });
  });
});

describe('hostMatches / pathMatches', () => {
  it.each([
    ['*.foo.com', 'bar.foo.com', true],
    ['*.foo.com', 'baz.bar.foo.com', false],
    ['*.foo.com', 'foo.com', false],
    ['foo.com', 'foo.com', true],
  ])('host %s vs %s', (rule, host, want) => expect(hostMatches(rule, host)).toBe(want));
  it.each([
    ['Prefix', '/', '/anything', true],
    ['Prefix', '/aaa/bb', '/aaa/bbb', false],
    ['Prefix', '/aaa/bbb', '/aaa/bbb/', true],
    ['Prefix', '/aaa/bbb/', '/aaa/bbb', true],
    ['Exact', '/foo', '/foo/', false],
    ['ImplementationSpecific', '/foo', '/foobar', true],
  ])('%s %s vs %s', (type, path, req, want) => expect(pathMatches(type, path, req)).toBe(want));
});
