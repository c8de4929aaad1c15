import { describe, expect, it } from 'vitest';
import type { Namespace, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { World } from '../sim/world';
import { clusterDNSIP } from '../sim/addons/coredns';
import { parseResolvConf, type ResolvConf } from '../kubelet/network/dns/dns';
import { lookup, type DnsState } from './plugin/kubernetes/records';
import { candidateNames, clusterDnsServer, ndotsOf, resolve, type DnsServer } from './resolver';

const podConf = (ns = 'default', hostSearch = ''): ResolvConf =>
  parseResolvConf(`search ${ns}.svc.cluster.local svc.cluster.local cluster.local ${hostSearch}\nnameserver 10.96.0.10\noptions ndots:5\n`);

const state: DnsState = {
  namespaces: [{ metadata: { name: 'default' } }, { metadata: { name: 'kube-system' } }, { metadata: { name: 'shop' } }],
  services: [
    { metadata: { name: 'web', namespace: 'default' }, spec: { clusterIP: '10.96.120.7', ports: [{ name: 'http', port: 80 }] } },
    { metadata: { name: 'kube-dns', namespace: 'kube-system' }, spec: { clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] } },
    { metadata: { name: 'db', namespace: 'shop' }, spec: { type: 'ExternalName', externalName: 'example.com' } },
  ] satisfies Service[],
  endpointSlices: [{
    metadata: { name: 'kube-dns-x', namespace: 'kube-system', labels: { 'kubernetes.io/service-name': 'kube-dns' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.244.2.2'], conditions: { ready: true }, targetRef: { kind: 'Pod', namespace: 'kube-system', name: 'coredns-a' } }],
    ports: [{ name: 'dns', port: 53, protocol: 'UDP' }],
  }] satisfies EndpointSlice[],
};
const ask = clusterDnsServer(state);
const trail = (r: ReturnType<typeof resolve>) => r.lookups.map((l) => `${l.type} ${l.name} ${l.rcode}`);

describe('stub resolver', () => {
  it('orders candidates by the ndots rule: search first under ndots, as-is first at or above it, absolute alone', () => {
    const conf = podConf();
    expect(ndotsOf(conf)).toBe(5);
    expect(candidateNames('web', conf)).toEqual(['web.default.svc.cluster.local.', 'web.svc.cluster.local.', 'web.cluster.local.', 'web.']);
    expect(candidateNames('example.com.', conf)).toEqual(['example.com.']);
    expect(candidateNames('a.b.c.d.e.f', conf)).toEqual(['a.b.c.d.e.f.', 'a.b.c.d.e.f.default.svc.cluster.local.', 'a.b.c.d.e.f.svc.cluster.local.', 'a.b.c.d.e.f.cluster.local.']);
    expect(candidateNames('a.b.c.d.e.f', conf, 'musl')).toEqual(['a.b.c.d.e.f.']);
    expect(ndotsOf(parseResolvConf('nameserver 1.1.1.1\n'))).toBe(1);
    expect(candidateNames('example.com', parseResolvConf('nameserver 1.1.1.1\nsearch lan\n'))).toEqual(['example.com.', 'example.com.lan.']);
  });

  it('`curl http://web` from default: the first search domain answers at once', () => {
    const r = resolve('web', podConf(), ask);
    expect(r.status).toBe('NOERROR');
    expect(r.addresses).toEqual(['10.96.120.7']);
    expect(r.canonicalName).toBe('web.default.svc.cluster.local.');
    expect(r.lookups).toEqual([{
      name: 'web.default.svc.cluster.local.', type: 'A', rcode: 'NOERROR', answers: ['10.96.120.7'],
      records: [{ name: 'web.default.svc.cluster.local.', type: 'A', ttl: 30, data: '10.96.120.7' }],
      authoritative: true, server: '10.96.0.10', answeredBy: 'kube-system/coredns-a',
    }]);
  });

  it('`web.default` from another namespace: two NXDOMAINs, then svc.cluster.local answers', () => {
    expect(trail(resolve('web.default', podConf('shop'), ask))).toEqual([
      'A web.default.shop.svc.cluster.local. NXDOMAIN',
      'A web.default.svc.cluster.local. NOERROR',
    ]);
  });

  it('`example.com`: the extra lookups ndots:5 causes, three NXDOMAINs before the upstream answer', () => {
    const r = resolve('example.com', podConf('default', 'lan'), ask, { types: ['A', 'AAAA'] });
    expect(trail(r)).toEqual([
      'A example.com.default.svc.cluster.local. NXDOMAIN', 'AAAA example.com.default.svc.cluster.local. NXDOMAIN',
      'A example.com.svc.cluster.local. NXDOMAIN', 'AAAA example.com.svc.cluster.local. NXDOMAIN',
      'A example.com.cluster.local. NXDOMAIN', 'AAAA example.com.cluster.local. NXDOMAIN',
      'A example.com.lan. NXDOMAIN', 'AAAA example.com.lan. NXDOMAIN',
      'A example.com. NOERROR', 'AAAA example.com. NOERROR',
    ]);
    expect(r.lookups.at(-2)?.authoritative).toBe(false);
    // a trailing dot skips the search list
    expect(trail(resolve('example.com.', podConf(), ask))).toEqual(['A example.com. NOERROR']);
  });

  it('a name nobody has: every candidate NXDOMAIN', () => {
    const r = resolve('nope', podConf(), ask);
    expect(r.status).toBe('NXDOMAIN');
    expect(r.lookups.map((l) => l.name)).toEqual(['nope.default.svc.cluster.local.', 'nope.svc.cluster.local.', 'nope.cluster.local.', 'nope.']);
  });

  it('follows an ExternalName CNAME to the upstream address', () => {
    const r = resolve('db.shop', podConf(), ask);
    expect(r.addresses).toEqual(['192.0.2.10']);
    expect(r.canonicalName).toBe('example.com.');
  });

  it('NODATA: glibc searches on, musl stops', () => {
    // `default.svc.cluster.local` exists (a namespace) but has no address.
    const conf = parseResolvConf('search svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
    expect(trail(resolve('default', conf, ask))).toEqual(['A default.svc.cluster.local. NOERROR', 'A default.cluster.local. NXDOMAIN', 'A default. NXDOMAIN']);
    expect(resolve('default', conf, ask).status).toBe('NODATA');
    expect(trail(resolve('default', conf, ask, { libc: 'musl' }))).toEqual(['A default.svc.cluster.local. NOERROR']);
  });

  it('reads /etc/hosts and IP literals without a query', () => {
    expect(resolve('localhost', podConf(), ask)).toMatchObject({ status: 'NOERROR', addresses: ['127.0.0.1'], lookups: [], local: true });
    expect(resolve('10.1.2.3', podConf(), ask)).toMatchObject({ addresses: ['10.1.2.3'], lookups: [] });
    expect(resolve('web-0', podConf(), ask, { hosts: [{ ip: '10.244.1.9', names: ['web-0.nginx.default.svc.cluster.local', 'web-0'] }] }).addresses).toEqual(['10.244.1.9']);
  });

  it('a DNS Service with no ready endpoint never replies: the next nameserver is tried, then TIMEOUT', () => {
    const down: DnsState = { ...state, endpointSlices: [] };
    const conf = podConf();
    const r = resolve('web', conf, clusterDnsServer(down));
    expect(r.status).toBe('TIMEOUT');
    expect(trail(r)).toEqual(['A web.default.svc.cluster.local. TIMEOUT']);
    const two: ResolvConf = { ...conf, nameservers: ['10.96.0.99', '10.96.0.10'] };
    const silentFirst: DnsServer = (server, name, type) => (server === '10.96.0.99' ? undefined : { ...lookup(state, name, type) });
    expect(trail(resolve('web', two, silentFirst))).toEqual(['A web.default.svc.cluster.local. TIMEOUT', 'A web.default.svc.cluster.local. NOERROR']);
  });

  it('SERVFAIL: glibc tries the next search domain, musl gives up', () => {
    const failing: DnsServer = (_s, name, type) =>
      name.startsWith('web.default.') ? { rcode: 'SERVFAIL', answers: [], additional: [], authoritative: false, plugin: 'kubernetes' } : lookup(state, name, type);
    expect(resolve('web', podConf(), failing).status).toBe('SERVFAIL');
    expect(resolve('web', podConf(), failing).lookups).toHaveLength(4);
    expect(resolve('web', podConf(), failing, { libc: 'musl' }).lookups).toHaveLength(1);
  });
});

describe('DNS in a bootstrapped cluster', () => {
  it('the kubeadm addon answers through kube-dns: the kubernetes Service and a StatefulSet pod', () => {
    const world = World.create();
    world.apply(`apiVersion: v1
kind: Service
metadata: {name: nginx}
spec:
  clusterIP: None
  selector: {app: nginx}
  ports: [{name: web, port: 80}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: nginx
  replicas: 2
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec: {containers: [{name: nginx, image: nginx, ports: [{containerPort: 80, name: web}]}]}
`);
    world.settle();
    const live: DnsState = {
      services: world.list('Service') as Service[],
      endpointSlices: world.list('EndpointSlice') as unknown as EndpointSlice[],
      namespaces: world.list('Namespace') as Namespace[],
    };
    const dnsIP = clusterDNSIP(world.options.serviceCIDR);
    expect(dnsIP).toBe('10.96.0.10');
    const conf = parseResolvConf(`search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${dnsIP}\noptions ndots:5\n`);
    const coredns = world.list('Pod', 'kube-system').filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns').map((p) => `kube-system/${p.metadata.name}`);
    expect(coredns).toHaveLength(2);

    const k = resolve('kubernetes', conf, clusterDnsServer(live));
    expect(k.addresses).toEqual(['10.96.0.1']);
    expect(coredns).toContain(k.lookups[0].answeredBy);

    const web0 = world.getObject({ kind: 'Pod', namespace: 'default', name: 'web-0' }) as { status?: { podIP?: string } };
    const r = resolve('web-0.nginx', conf, clusterDnsServer(live));
    expect(r.addresses).toEqual([web0.status!.podIP]);
    expect(r.canonicalName).toBe('web-0.nginx.default.svc.cluster.local.');
  });
});
