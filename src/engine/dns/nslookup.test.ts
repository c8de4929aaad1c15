import { describe, expect, it } from 'vitest';
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { parseResolvConf } from '../kubelet/network/dns/dns';
import type { DnsState } from './plugin/kubernetes/records';
import { clusterDnsServer } from './resolver';
import { nslookup, nslookupFlavorForImage, parseNslookupArgs, type NslookupRequest } from './nslookup';

/** A cluster like the reference outputs': service CIDR 10.96.0.0/12 (or 10.0.0.0/24 for the docs' ones). */
function cluster(dnsIP = '10.96.0.10', kubernetesIP = '10.96.0.1'): DnsState {
  const readySlice = (service: string, namespace: string, eps: Array<[string, string?]>, port: { name: string; port: number }): EndpointSlice => ({
    metadata: { name: `${service}-x`, namespace, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    endpoints: eps.map(([ip, hostname]) => ({ addresses: [ip], conditions: { ready: true }, ...(hostname ? { hostname } : {}) })),
    ports: [port],
  });
  return {
    namespaces: ['default', 'kube-system', 'echo-server'].map((name) => ({ metadata: { name } })),
    services: [
      { metadata: { name: 'kubernetes', namespace: 'default' }, spec: { clusterIP: kubernetesIP, ports: [{ name: 'https', port: 443 }] } },
      { metadata: { name: 'kube-dns', namespace: 'kube-system' }, spec: { clusterIP: dnsIP, ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] } },
      { metadata: { name: 'hostnames', namespace: 'default' }, spec: { clusterIP: '10.0.1.175', ports: [{ port: 80 }] } },
      { metadata: { name: 'headless', namespace: 'echo-server' }, spec: { clusterIP: 'None', ports: [{ name: 'http', port: 80 }] } },
      { metadata: { name: 'nginx', namespace: 'default' }, spec: { clusterIP: 'None', ports: [{ name: 'web', port: 80 }] } },
      { metadata: { name: 'db', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'example.com' } },
    ] satisfies Service[],
    endpointSlices: [
      readySlice('kube-dns', 'kube-system', [['10.244.2.2']], { name: 'dns', port: 53 }),
      readySlice('headless', 'echo-server', [['10.255.153.83'], ['10.255.18.158'], ['10.255.77.140']], { name: 'http', port: 80 }),
      readySlice('nginx', 'default', [['10.32.0.7', 'web-0']], { name: 'web', port: 80 }),
    ],
  };
}

const conf = (extraSearch = '', server = '10.96.0.10') =>
  parseResolvConf(`search default.svc.cluster.local svc.cluster.local cluster.local ${extraSearch}\nnameserver ${server}\noptions ndots:5\n`);
const run = (over: Partial<NslookupRequest> & Pick<NslookupRequest, 'name' | 'flavor'>) => nslookup({ conf: conf(), ask: clusterDnsServer(cluster()), ...over });
/** Tabs expanded to 8-column stops, as the website's copies of these outputs show them. */
const expandTabs = (s: string) => s.split('\n').map((l) => l.replace(/[^\t]*\t/g, (m) => m.slice(0, -1) + ' '.repeat(8 - ((m.length - 1) % 8)))).join('\n');

describe('nslookup, busybox 1.30+', () => {
  it('prints the reference output for `nslookup kubernetes` with a node search domain (replies in the reference\'s order)', () => {
    const r = run({ name: 'kubernetes', flavor: 'busybox', conf: conf('lan'), replyOrder: [0, 1, 4, 2, 6, 5, 3, 7] });
    expect(r.stdout).toBe(`Server:\t\t10.96.0.10
Address:\t10.96.0.10:53

Name:\tkubernetes.default.svc.cluster.local
Address: 10.96.0.1

** server can't find kubernetes.svc.cluster.local: NXDOMAIN

** server can't find kubernetes.cluster.local: NXDOMAIN
** server can't find kubernetes.cluster.local: NXDOMAIN
** server can't find kubernetes.svc.cluster.local: NXDOMAIN
** server can't find kubernetes.lan: NXDOMAIN
** server can't find kubernetes.lan: NXDOMAIN
`);
    // every search domain, A then AAAA, never the bare name
    expect(r.lookups.map((l) => `${l.type} ${l.name}`)).toEqual([
      'A kubernetes.default.svc.cluster.local.', 'A kubernetes.svc.cluster.local.', 'A kubernetes.cluster.local.', 'A kubernetes.lan.',
      'AAAA kubernetes.default.svc.cluster.local.', 'AAAA kubernetes.svc.cluster.local.', 'AAAA kubernetes.cluster.local.', 'AAAA kubernetes.lan.',
    ]);
  });

  it('by default prints cluster replies in the order sent, forwarded ones last', () => {
    const r = run({ name: 'kubernetes', flavor: 'busybox', conf: conf('lan') });
    expect(r.stdout.split('\n').slice(3)).toEqual([
      'Name:\tkubernetes.default.svc.cluster.local', 'Address: 10.96.0.1', '',
      "** server can't find kubernetes.svc.cluster.local: NXDOMAIN", "** server can't find kubernetes.cluster.local: NXDOMAIN", '',
      "** server can't find kubernetes.svc.cluster.local: NXDOMAIN", "** server can't find kubernetes.cluster.local: NXDOMAIN",
      "** server can't find kubernetes.lan: NXDOMAIN", "** server can't find kubernetes.lan: NXDOMAIN", '',
    ]);
  });

  it('prints one Name/Address per ready pod of a headless Service (reference)', () => {
    const r = run({ name: 'headless.echo-server.svc.cluster.local', flavor: 'busybox' });
    expect(r.stdout.startsWith(`Server:\t\t10.96.0.10
Address:\t10.96.0.10:53

Name:\theadless.echo-server.svc.cluster.local
Address: 10.255.153.83
Name:\theadless.echo-server.svc.cluster.local
Address: 10.255.18.158
Name:\theadless.echo-server.svc.cluster.local
Address: 10.255.77.140
`)).toBe(true);
    expect(r.exitCode).toBe(0);
  });

  it('finds a StatefulSet pod through its headless Service (reference), and asks a dotted name only as is', () => {
    const r = run({ name: 'web-0.nginx.default.svc.cluster.local', flavor: 'busybox' });
    expect(r.stdout).toBe('Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb-0.nginx.default.svc.cluster.local\nAddress: 10.32.0.7\n\n\n');
    // busybox ignores ndots: `kubernetes.default` is not searched, so it fails (the famous > 1.28 trap)
    const k = run({ name: 'kubernetes.default', flavor: 'busybox' });
    expect(k.stdout).toBe("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find kubernetes.default: NXDOMAIN\n** server can't find kubernetes.default: NXDOMAIN\n");
    expect(k.exitCode).toBe(1);
  });

  it('marks forwarded answers Non-authoritative, prints PTR for an address and an explicit server', () => {
    const r = run({ name: 'example.com.', flavor: 'busybox' });
    expect(r.stdout).toContain('Non-authoritative answer:\nName:\texample.com\nAddress: 192.0.2.10\n\n');
    const p = run({ name: '10.96.0.10', flavor: 'busybox', server: '10.96.0.10' });
    expect(p.stdout).toBe('Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n10.0.96.10.in-addr.arpa\tname = kube-dns.kube-system.svc.cluster.local\n\n');
  });

  it('says no server could be reached when CoreDNS has no ready pod', () => {
    const down = { ...cluster(), endpointSlices: [] };
    const r = nslookup({ name: 'kubernetes', flavor: 'busybox', conf: conf(), ask: clusterDnsServer(down) });
    expect(r).toMatchObject({ stdout: ';; connection timed out; no servers could be reached\n\n', exitCode: 1 });
    expect(r.lookups.every((l) => l.rcode === 'TIMEOUT')).toBe(true);
  });
});

describe('nslookup, busybox 1.28', () => {
  it('prints the docs\' output for kubernetes.default, names from PTR lookups', () => {
    const docs = cluster('10.0.0.10', '10.0.0.1');
    const r = nslookup({ name: 'kubernetes.default', flavor: 'busybox-1.28', conf: conf('', '10.0.0.10'), ask: clusterDnsServer(docs) });
    expect(r.stdout).toBe(`Server:    10.0.0.10
Address 1: 10.0.0.10 kube-dns.kube-system.svc.cluster.local

Name:      kubernetes.default
Address 1: 10.0.0.1 kubernetes.default.svc.cluster.local
`);
    // the libc resolver searched: default.svc.cluster.local first, then svc.cluster.local answered
    expect(r.lookups.filter((l) => l.type === 'A').map((l) => `${l.name} ${l.rcode}`)).toEqual(['kubernetes.default.default.svc.cluster.local. NXDOMAIN', 'kubernetes.default.svc.cluster.local. NOERROR']);
  });

  it('fails on stderr as the applet does', () => {
    const r = run({ name: 'nope', flavor: 'busybox-1.28' });
    expect(r.stdout).toBe('Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n');
    expect(r.stderr).toBe("nslookup: can't resolve 'nope'\n");
    expect(r.exitCode).toBe(1);
  });
});

describe('nslookup, bind (dnsutils)', () => {
  it('prints the docs\' output for a Service (tabs as the website shows them)', () => {
    const r = nslookup({ name: 'hostnames', flavor: 'bind', conf: conf('', '10.0.0.10'), ask: clusterDnsServer(cluster('10.0.0.10', '10.0.0.1')) });
    expect(expandTabs(r.stdout)).toBe(`Server:         10.0.0.10
Address:        10.0.0.10#53

Name:   hostnames.default.svc.cluster.local
Address: 10.0.1.175

`);
  });

  it('searches under ndots and reports the last name tried on NXDOMAIN', () => {
    const r = run({ name: 'nope', flavor: 'bind' });
    expect(r.stdout).toBe("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find nope: NXDOMAIN\n\n");
    expect(r.lookups.map((l) => l.name)).toEqual(['nope.default.svc.cluster.local.', 'nope.svc.cluster.local.', 'nope.cluster.local.', 'nope.']);
    expect(r.exitCode).toBe(1);
  });

  it('prints CNAME chains, SRV and PTR records with trailing dots, Non-authoritative for forwarded answers', () => {
    expect(run({ name: 'db', flavor: 'bind' }).stdout).toBe('Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\ndb.default.svc.cluster.local\tcanonical name = example.com.\nName:\texample.com\nAddress: 192.0.2.10\n\n');
    expect(run({ name: '_web._tcp.nginx', flavor: 'bind', type: 'SRV' }).stdout).toContain('_web._tcp.nginx.default.svc.cluster.local\tservice = 0 100 80 web-0.nginx.default.svc.cluster.local.\n');
    expect(run({ name: '10.96.0.1', flavor: 'bind' }).stdout).toContain('1.0.96.10.in-addr.arpa\tname = kubernetes.default.svc.cluster.local.\n\n');
    expect(run({ name: 'example.com', flavor: 'bind' }).stdout).toContain('\nNon-authoritative answer:\nName:\texample.com\nAddress: 192.0.2.10\n\n');
  });
});

describe('nslookup arguments and images', () => {
  it('parses -type= and the server argument', () => {
    expect(parseNslookupArgs(['-type=srv', '_http._tcp.web', '10.96.0.10'])).toEqual({ name: '_http._tcp.web', server: '10.96.0.10', type: 'SRV' });
    expect(parseNslookupArgs(['web'])).toEqual({ name: 'web', server: undefined, type: undefined });
    expect(parseNslookupArgs([])).toHaveProperty('error');
    expect(parseNslookupArgs(['-type=mx', 'x'])).toHaveProperty('error');
  });

  it('picks the nslookup an image ships', () => {
    expect(nslookupFlavorForImage('busybox:1.28')).toBe('busybox-1.28');
    expect(nslookupFlavorForImage('busybox')).toBe('busybox');
    expect(nslookupFlavorForImage('docker.io/library/busybox:1.36')).toBe('busybox');
    expect(nslookupFlavorForImage('alpine:3.20')).toBe('busybox');
    expect(nslookupFlavorForImage('registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3')).toBe('bind');
  });
});
