import { describe, expect, it } from 'vitest';
import type { Namespace, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { addressFromReverse, lookup, reverseName, simulatedUpstream, UPSTREAM_HOSTS, type DnsState } from './records';

const ns = (name: string): Namespace => ({ metadata: { name } });
const svc = (name: string, namespace: string, spec: Service['spec']): Service => ({ metadata: { name, namespace }, spec });
const slice = (service: string, namespace: string, endpoints: Array<{ ip: string; ready?: boolean; hostname?: string }>, ports: Array<{ name: string; port: number; protocol?: string }>): EndpointSlice => ({
  metadata: { name: `${service}-abcde`, namespace, labels: { 'kubernetes.io/service-name': service } },
  addressType: 'IPv4',
  endpoints: endpoints.map((e) => ({ addresses: [e.ip], conditions: { ready: e.ready ?? true }, ...(e.hostname ? { hostname: e.hostname } : {}) })),
  ports: ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol ?? 'TCP' })),
});

const state: DnsState = {
  namespaces: [ns('default'), ns('kube-system'), ns('shop')],
  services: [
    svc('kubernetes', 'default', { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP' }] }),
    svc('kube-dns', 'kube-system', { clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'metrics', port: 9153, protocol: 'TCP' }] }),
    svc('web', 'default', { clusterIP: '10.96.120.7', ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'metrics', port: 9090, protocol: 'TCP' }] }),
    svc('nginx', 'default', { clusterIP: 'None', ports: [{ name: 'web', port: 80, protocol: 'TCP' }] }),
    svc('db', 'shop', { type: 'ExternalName', externalName: 'example.com' }),
    svc('empty', 'default', { clusterIP: 'None', ports: [{ port: 80 }] }),
  ],
  endpointSlices: [
    slice('web', 'default', [{ ip: '10.244.1.5' }, { ip: '10.244.2.6' }], [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090 }]),
    slice('nginx', 'default', [{ ip: '10.32.0.7', hostname: 'web-0' }, { ip: '10.32.1.8', hostname: 'web-1' }, { ip: '10.32.2.9', hostname: 'web-2', ready: false }], [{ name: 'web', port: 80 }]),
    slice('kube-dns', 'kube-system', [{ ip: '10.244.2.2' }, { ip: '10.244.3.2' }], [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }, { name: 'metrics', port: 9153 }]),
  ],
};

describe('CoreDNS kubernetes plugin records', () => {
  it('answers a ClusterIP Service with its ClusterIP, once, authoritatively, with TTL 30', () => {
    const r = lookup(state, 'web.default.svc.cluster.local.', 'A');
    expect(r).toMatchObject({ rcode: 'NOERROR', authoritative: true, plugin: 'kubernetes' });
    expect(r.answers).toEqual([{ name: 'web.default.svc.cluster.local.', type: 'A', ttl: 30, data: '10.96.120.7' }]);
    expect(lookup(state, 'KUBE-DNS.kube-system.svc.cluster.local', 'A').answers.map((a) => a.data)).toEqual(['10.96.0.10']);
  });

  it('answers a headless Service with one A record per ready endpoint', () => {
    expect(lookup(state, 'nginx.default.svc.cluster.local', 'A').answers.map((a) => a.data)).toEqual(['10.32.0.7', '10.32.1.8']);
  });

  it('names StatefulSet pods through their headless Service, and other endpoints by dashed IP', () => {
    expect(lookup(state, 'web-0.nginx.default.svc.cluster.local', 'A').answers.map((a) => a.data)).toEqual(['10.32.0.7']);
    // not ready: not served
    expect(lookup(state, 'web-2.nginx.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
    expect(lookup(state, '10-244-1-5.web.default.svc.cluster.local', 'A').answers.map((a) => a.data)).toEqual(['10.244.1.5']);
    expect(lookup(state, 'web-9.nginx.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
  });

  it('answers pod A records from the name itself (pods insecure), in an existing namespace', () => {
    expect(lookup(state, '10-244-1-5.default.pod.cluster.local', 'A').answers.map((a) => a.data)).toEqual(['10.244.1.5']);
    expect(lookup(state, '1-2-3-4.shop.pod.cluster.local', 'A').answers.map((a) => a.data)).toEqual(['1.2.3.4']);
    expect(lookup(state, '1-2-3-4.nope.pod.cluster.local', 'A').rcode).toBe('NXDOMAIN');
    expect(lookup(state, 'web-0.default.pod.cluster.local', 'A').rcode).toBe('NXDOMAIN');
  });

  it('answers SRV for a named port: the Service name for ClusterIP, each endpoint for headless, with A records as additional', () => {
    const r = lookup(state, '_http._tcp.web.default.svc.cluster.local', 'SRV');
    expect(r.answers.map((a) => a.data)).toEqual(['0 100 80 web.default.svc.cluster.local.']);
    expect(r.additional).toEqual([{ name: 'web.default.svc.cluster.local.', type: 'A', ttl: 30, data: '10.96.120.7' }]);
    const h = lookup(state, '_web._tcp.nginx.default.svc.cluster.local', 'SRV');
    expect(h.answers.map((a) => a.data)).toEqual(['0 50 80 web-0.nginx.default.svc.cluster.local.', '0 50 80 web-1.nginx.default.svc.cluster.local.']);
    expect(h.additional.map((a) => `${a.name} ${a.data}`)).toEqual(['web-0.nginx.default.svc.cluster.local. 10.32.0.7', 'web-1.nginx.default.svc.cluster.local. 10.32.1.8']);
    // every port when none is named; the UDP one only for _udp
    expect(lookup(state, 'kube-dns.kube-system.svc.cluster.local', 'SRV').answers).toHaveLength(3);
    expect(lookup(state, '_dns._udp.kube-dns.kube-system.svc.cluster.local', 'SRV').answers.map((a) => a.data)).toEqual(['0 100 53 kube-dns.kube-system.svc.cluster.local.']);
    expect(lookup(state, '_dns._tcp.kube-dns.kube-system.svc.cluster.local', 'SRV').rcode).toBe('NXDOMAIN');
  });

  it('answers an ExternalName Service with a CNAME, then the target looked up upstream', () => {
    const a = lookup(state, 'db.shop.svc.cluster.local', 'A');
    expect(a.rcode).toBe('NOERROR');
    expect(a.answers.map((r) => `${r.type} ${r.data}`)).toEqual(['CNAME example.com.', `A ${UPSTREAM_HOSTS['example.com']}`]);
    expect(a.answers[1].name).toBe('example.com.');
    expect(lookup(state, 'db.shop.svc.cluster.local', 'CNAME').answers.map((r) => r.data)).toEqual(['example.com.']);
  });

  it('answers PTR for ClusterIPs and for the pod IPs behind Services; other cluster addresses go upstream', () => {
    expect(lookup(state, reverseName('10.96.0.10'), 'PTR').answers.map((a) => a.data)).toEqual(['kube-dns.kube-system.svc.cluster.local.']);
    expect(lookup(state, '7.0.32.10.in-addr.arpa', 'PTR').answers.map((a) => a.data)).toEqual(['web-0.nginx.default.svc.cluster.local.']);
    expect(lookup(state, reverseName('10.244.1.5'), 'PTR').answers.map((a) => a.data)).toEqual(['10-244-1-5.web.default.svc.cluster.local.']);
    const stray = lookup(state, reverseName('10.244.9.9'), 'PTR');
    expect(stray).toMatchObject({ rcode: 'NXDOMAIN', plugin: 'forward', authoritative: false });
  });

  it('says NXDOMAIN for names that do not exist and NODATA for names that exist without the type', () => {
    expect(lookup(state, 'nope.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
    expect(lookup(state, 'web.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN'); // namespace "web" does not exist
    expect(lookup(state, 'web.cluster.local', 'A').rcode).toBe('NXDOMAIN'); // neither svc nor pod
    expect(lookup(state, 'a.b.c.web.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
    expect(lookup(state, 'empty.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN'); // headless, no endpoints
    expect(lookup(state, 'web.default.svc.cluster.local', 'AAAA')).toMatchObject({ rcode: 'NOERROR', answers: [] });
    expect(lookup(state, 'default.svc.cluster.local', 'A')).toMatchObject({ rcode: 'NOERROR', answers: [] });
    expect(lookup(state, 'cluster.local', 'A')).toMatchObject({ rcode: 'NOERROR', answers: [] });
  });

  it('forwards other names to the simulated upstream: documentation addresses, not authoritative, else NXDOMAIN', () => {
    const r = lookup(state, 'example.com.', 'A');
    expect(r).toMatchObject({ rcode: 'NOERROR', authoritative: false, plugin: 'forward' });
    expect(r.answers[0].data).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$/);
    expect(lookup(state, 'example.com', 'AAAA')).toMatchObject({ rcode: 'NOERROR', answers: [] });
    expect(lookup(state, 'web.lan', 'A').rcode).toBe('NXDOMAIN');
    expect(simulatedUpstream(reverseName(UPSTREAM_HOSTS['github.com']), 'PTR').answers[0].data).toBe('github.com.');
    for (const ip of Object.values(UPSTREAM_HOSTS)) expect(ip).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\./);
  });

  it('honours another cluster domain and a custom upstream', () => {
    const other: DnsState = { ...state, clusterDomain: 'corp.internal', upstream: () => ({ rcode: 'SERVFAIL', answers: [], additional: [], authoritative: false, plugin: 'forward' }) };
    expect(lookup(other, 'web.default.svc.corp.internal', 'A').answers[0].data).toBe('10.96.120.7');
    expect(lookup(other, 'web.default.svc.cluster.local', 'A').rcode).toBe('SERVFAIL');
  });

  it('maps addresses to reverse names and back', () => {
    expect(reverseName('10.96.0.10')).toBe('10.0.96.10.in-addr.arpa.');
    expect(addressFromReverse('10.0.96.10.in-addr.arpa.')).toBe('10.96.0.10');
    expect(addressFromReverse('web.default.svc.cluster.local')).toBeUndefined();
  });
});

describe('ExternalName loops', () => {
  it('stops following a Service that names itself', () => {
    const loop: DnsState = { ...state, services: [...state.services, svc('me', 'shop', { type: 'ExternalName', externalName: 'me.shop.svc.cluster.local' })] };
    const r = lookup(loop, 'me.shop.svc.cluster.local', 'A');
    expect(r.answers.every((a) => a.type === 'CNAME' && a.data === 'me.shop.svc.cluster.local.')).toBe(true);
    expect(r.answers).toHaveLength(9);
  });
});
