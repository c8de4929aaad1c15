// What CoreDNS answers with kubeadm's Corefile: the kubernetes plugin for cluster.local and the reverse
// zones (Services, EndpointSlices, Namespaces; `pods insecure`), everything else `forward . /etc/resolv.conf`.
// UPSTREAM: coredns/plugin/kubernetes/{kubernetes.go,parse.go,reverse.go,handler.go}, coredns/plugin/backend_lookup.go
// SIMPLIFICATION: the upstream resolver behind `forward` is a fixed table (UPSTREAM_HOSTS) of RFC 5737
// documentation addresses; any other outside name is NXDOMAIN (the sandbox has no Internet). IPv4 only
// (AAAA is NODATA for names that exist); no SOA/NS records, no cache, no wildcard queries.

import type { Namespace, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { DnsRecord } from '../../../api/trace';
import { CLUSTER_DOMAIN } from '../../../sim/addons/coredns';

export type RRType = DnsRecord['type'];
export type Rcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';

/** One DNS reply. NOERROR with no answers is NODATA (the name exists, not with this type). */
export interface DnsReply {
  rcode: Rcode;
  answers: DnsRecord[];
  /** SRV targets' A records (the additional section) */
  additional: DnsRecord[];
  /** AA bit: set by the kubernetes plugin, clear on forwarded answers */
  authoritative: boolean;
  /** which Corefile plugin produced the reply */
  plugin: 'kubernetes' | 'forward';
}

/** The cluster as CoreDNS's informers see it. `pods insecure` needs no Pod list. */
export interface DnsState {
  services: readonly Service[];
  endpointSlices: readonly EndpointSlice[];
  namespaces: readonly Namespace[];
  /** kubeadm's networking.dnsDomain; cluster.local when absent */
  clusterDomain?: string;
  /** what `forward . /etc/resolv.conf` reaches; simulatedUpstream when absent */
  upstream?: (name: string, type: RRType) => DnsReply;
}

/** The kubernetes plugin's `ttl 30`. */
export const RECORD_TTL = 30;

/**
 * The simulated Internet behind the node's resolver: well-known names on RFC 5737 documentation
 * addresses (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24), never the real ones.
 */
export const UPSTREAM_HOSTS: Readonly<Record<string, string>> = {
  'example.com': '192.0.2.10',
  'www.example.com': '192.0.2.10',
  'example.org': '192.0.2.20',
  'example.net': '192.0.2.30',
  'kubernetes.io': '198.51.100.10',
  'k8s.io': '198.51.100.11',
  'registry.k8s.io': '198.51.100.12',
  'github.com': '198.51.100.20',
  'google.com': '203.0.113.10',
  'www.google.com': '203.0.113.11',
  'docker.io': '203.0.113.20',
  'registry-1.docker.io': '203.0.113.21',
};

/** How many ExternalName CNAMEs one answer follows (a Service naming itself must not loop). */
const MAX_CNAME_DEPTH = 8;

/** Ask CoreDNS `name` (with or without the trailing dot) of `type`. Pure: reads only `state`. */
export function lookup(state: DnsState, name: string, type: RRType): DnsReply {
  return lookupAt(state, name, type, 0);
}

function lookupAt(state: DnsState, name: string, type: RRType, depth: number): DnsReply {
  const zone = state.clusterDomain ?? CLUSTER_DOMAIN;
  const qname = normalize(name);
  if (inZone(qname, zone)) return kubernetesPlugin(state, zone, qname, type, depth);
  if (type === 'PTR' && (inZone(qname, 'in-addr.arpa') || inZone(qname, 'ip6.arpa'))) {
    const records = reverseRecords(state, zone, qname);
    // `fallthrough in-addr.arpa ip6.arpa`: an address the cluster does not know goes upstream.
    if (records.length > 0) return reply('NOERROR', records);
  }
  return (state.upstream ?? simulatedUpstream)(qname, type);
}

/** The node's resolver (what `forward . /etc/resolv.conf` reaches): UPSTREAM_HOSTS, else NXDOMAIN. */
export function simulatedUpstream(name: string, type: RRType): DnsReply {
  const qname = normalize(name);
  const forwarded = (rcode: Rcode, answers: DnsRecord[] = []): DnsReply => ({ rcode, answers, additional: [], authoritative: false, plugin: 'forward' });
  if (type === 'PTR') {
    const ip = addressFromReverse(qname);
    const host = Object.keys(UPSTREAM_HOSTS).find((h) => UPSTREAM_HOSTS[h] === ip);
    return host ? forwarded('NOERROR', [record(qname, 'PTR', `${host}.`)]) : forwarded('NXDOMAIN');
  }
  const ip = UPSTREAM_HOSTS[qname];
  if (!ip) return forwarded('NXDOMAIN');
  return forwarded('NOERROR', type === 'A' ? [record(qname, 'A', ip)] : []);
}

/** `10.96.0.10` -> `10.0.96.10.in-addr.arpa.` */
export function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa.`;
}

/** `10.0.96.10.in-addr.arpa` -> `10.96.0.10`; undefined when not an IPv4 reverse name. */
export function addressFromReverse(name: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa$/.exec(normalize(name));
  return m ? [m[4], m[3], m[2], m[1]].join('.') : undefined;
}

// ---- the kubernetes plugin ----

/** A name under the zone, split as parse.go's parseRequest does. */
interface Request {
  port: string;
  protocol: string;
  endpoint: string;
  service: string;
  namespace: string;
  /** 'svc' | 'pod' | '' (the zone apex) */
  podOrSvc: string;
}

/** A record source: an address or (ExternalName) a name, and the owner name an SRV target uses. */
interface Target {
  host: string;
  port: number;
  /** the name SRV points at: the Service's name, or an endpoint's name under a headless Service */
  srvTarget: string;
}

class NameError extends Error {}

function kubernetesPlugin(state: DnsState, zone: string, qname: string, type: RRType, depth: number): DnsReply {
  const fqdn = `${qname}.`;
  let targets: Target[];
  try {
    const r = parseRequest(qname, zone);
    // The zone apex and `<ns>.svc.<zone>` of an existing namespace exist but hold nothing here: NODATA.
    if (r === undefined) return reply('NOERROR', []);
    targets = r.podOrSvc === 'pod' ? findPods(state, r) : findServices(state, zone, r);
  } catch (e) {
    if (e instanceof NameError) return reply('NXDOMAIN', []);
    throw e;
  }
  switch (type) {
    case 'A': {
      const answers: DnsRecord[] = [];
      const seen = new Set<string>();
      for (const t of targets) {
        if (isIPv4(t.host)) {
          if (!seen.has(t.host)) answers.push(record(fqdn, 'A', t.host));
          seen.add(t.host);
        } else if (!isIP(t.host)) {
          // ExternalName: the CNAME, then the target's addresses (looked up inside or upstream).
          answers.push(record(fqdn, 'CNAME', `${normalize(t.host)}.`));
          if (depth < MAX_CNAME_DEPTH) answers.push(...lookupAt(state, t.host, 'A', depth + 1).answers);
        }
      }
      return reply('NOERROR', answers);
    }
    case 'CNAME':
      return reply('NOERROR', targets.filter((t) => !isIP(t.host)).map((t) => record(fqdn, 'CNAME', `${normalize(t.host)}.`)));
    case 'SRV': {
      const usable = targets.filter((t) => t.port >= 0);
      // backend_lookup.go: records of one priority share a weight of 100 (100 / count each, floored).
      const weight = usable.length > 0 ? Math.floor(100 / usable.length) : 0;
      const answers = usable.map((t) => record(fqdn, 'SRV', `0 ${weight} ${t.port} ${t.srvTarget}`));
      const additional: DnsRecord[] = [];
      for (const t of usable) {
        if (isIPv4(t.host) && !additional.some((a) => a.name === t.srvTarget)) additional.push(record(t.srvTarget, 'A', t.host));
      }
      return { ...reply('NOERROR', answers), additional };
    }
    default:
      // AAAA (an IPv4-only cluster) and PTR of a forward name: the name exists, no such record.
      return reply('NOERROR', []);
  }
}

/** parse.go: `[_port._protocol.|endpoint.]service.namespace.svc.zone`, `ip-dashed.namespace.pod.zone`. */
function parseRequest(qname: string, zone: string): Request | undefined {
  const base = qname === zone ? '' : qname.slice(0, qname.length - zone.length - 1);
  const segs = base === '' ? [] : base.split('.');
  const r: Request = { port: '', protocol: '', endpoint: '', service: '', namespace: '', podOrSvc: '' };
  let last = segs.length - 1;
  if (last < 0) return undefined;
  r.podOrSvc = segs[last];
  if (r.podOrSvc !== 'pod' && r.podOrSvc !== 'svc') throw new NameError();
  last--;
  if (last < 0) return r;
  r.namespace = segs[last];
  last--;
  if (last < 0) return r;
  r.service = segs[last];
  last--;
  if (last < 0) return r;
  if (last === 0) r.endpoint = segs[0];
  else if (last === 1) {
    r.protocol = stripUnderscore(segs[1]);
    r.port = stripUnderscore(segs[0]);
  } else throw new NameError();
  return r;
}

function namespaceExists(state: DnsState, ns: string): boolean {
  return state.namespaces.some((n) => n.metadata?.name === ns);
}

/** kubernetes.go findPods with `pods insecure`: the address is read from the name, unchecked. */
function findPods(state: DnsState, r: Request): Target[] {
  if (!namespaceExists(state, r.namespace)) throw new NameError();
  const podname = r.service;
  const dashes = podname.split('-').length - 1;
  const ip = dashes === 3 && !podname.includes('--') ? podname.replaceAll('-', '.') : podname.replaceAll('-', ':');
  if (!isIP(ip)) throw new NameError();
  return [{ host: ip, port: -1, srvTarget: '' }];
}

/** kubernetes.go findServices: a Service's ClusterIP per matching port, or its ready endpoints. */
function findServices(state: DnsState, zone: string, r: Request): Target[] {
  if (!namespaceExists(state, r.namespace)) throw new NameError();
  if (r.service === '') return []; // `<ns>.svc.<zone>`: NODATA
  const svc = state.services.find((s) => s.metadata?.namespace === r.namespace && s.metadata?.name === r.service);
  if (!svc) throw new NameError();
  const svcName = `${r.service}.${r.namespace}.svc.${zone}.`;
  const targets: Target[] = [];
  if (svc.spec?.type === 'ExternalName') {
    const ext = svc.spec.externalName ?? '';
    if (r.endpoint !== '' || ext === '' || isIP(ext)) throw new NameError();
    return [{ host: ext, port: -1, srvTarget: `${normalize(ext)}.` }];
  }
  const headless = svc.spec?.clusterIP === 'None';
  if (headless || r.endpoint !== '') {
    for (const slice of state.endpointSlices) {
      if (slice.metadata?.namespace !== r.namespace || slice.metadata?.labels?.['kubernetes.io/service-name'] !== r.service) continue;
      if (slice.addressType !== 'IPv4') continue;
      const ports = slice.ports?.length ? slice.ports : [{ name: '', port: -1, protocol: 'TCP' }];
      for (const ep of slice.endpoints ?? []) {
        if (ep.conditions?.ready === false) continue; // NotReadyAddresses are never served
        for (const addr of ep.addresses) {
          const host = endpointHostname(ep.hostname, addr);
          if (r.endpoint !== '' && r.endpoint !== host) continue;
          for (const p of ports) {
            if (!matchPortAndProtocol(r.port, p.name ?? '', r.protocol, p.protocol ?? 'TCP')) continue;
            targets.push({ host: addr, port: p.port ?? -1, srvTarget: `${host}.${svcName}` });
          }
        }
      }
    }
    // No ready endpoint (or none of that name or port): the name does not exist, as upstream.
    if (targets.length === 0) throw new NameError();
    return targets;
  }
  for (const p of svc.spec?.ports ?? []) {
    if (!matchPortAndProtocol(r.port, p.name ?? '', r.protocol, p.protocol ?? 'TCP')) continue;
    for (const ip of svc.spec?.clusterIPs ?? (svc.spec?.clusterIP ? [svc.spec.clusterIP] : [])) {
      targets.push({ host: ip, port: p.port, srvTarget: svcName });
    }
  }
  if (targets.length === 0) throw new NameError();
  return targets;
}

/** reverse.go serviceRecordForIP: a ClusterIP names its Service; an endpoint address names its endpoint. */
function reverseRecords(state: DnsState, zone: string, qname: string): DnsRecord[] {
  const ip = addressFromReverse(qname);
  if (!ip) return [];
  const owner = `${qname}.`;
  for (const s of state.services) {
    const ips = s.spec?.clusterIPs ?? (s.spec?.clusterIP ? [s.spec.clusterIP] : []);
    if (ips.includes(ip)) return [record(owner, 'PTR', `${s.metadata?.name}.${s.metadata?.namespace}.svc.${zone}.`)];
  }
  const out: DnsRecord[] = [];
  for (const slice of state.endpointSlices) {
    const svcName = slice.metadata?.labels?.['kubernetes.io/service-name'];
    if (!svcName) continue;
    for (const ep of slice.endpoints ?? []) {
      if (ep.conditions?.ready === false || !ep.addresses.includes(ip)) continue;
      const data = `${endpointHostname(ep.hostname, ip)}.${svcName}.${slice.metadata?.namespace}.svc.${zone}.`;
      if (!out.some((r) => r.data === data)) out.push(record(owner, 'PTR', data));
    }
  }
  return out;
}

/** endpointHostname: the endpoint's hostname, else its address with dashes (10.244.1.5 -> 10-244-1-5). */
function endpointHostname(hostname: string | undefined, ip: string): string {
  if (hostname) return hostname.toLowerCase();
  return ip.includes('.') ? ip.replaceAll('.', '-') : ip.replaceAll(':', '-');
}

function matchPortAndProtocol(aPort: string, bPort: string, aProtocol: string, bProtocol: string): boolean {
  if (aPort !== '' && aPort !== '*' && aPort !== bPort.toLowerCase()) return false;
  if (aProtocol !== '' && aProtocol !== '*' && aProtocol !== bProtocol.toLowerCase()) return false;
  return true;
}

function stripUnderscore(s: string): string {
  return s.startsWith('_') ? s.slice(1) : s;
}

// ---- helpers ----

function reply(rcode: Rcode, answers: DnsRecord[]): DnsReply {
  return { rcode, answers, additional: [], authoritative: true, plugin: 'kubernetes' };
}

function record(name: string, type: RRType, data: string): DnsRecord {
  return { name: name.endsWith('.') ? name : `${name}.`, type, ttl: RECORD_TTL, data };
}

/** Lower case, no trailing dot. */
export function normalize(name: string): string {
  const n = name.toLowerCase();
  return n.endsWith('.') ? n.slice(0, -1) : n;
}

function inZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIP(s: string): boolean {
  return isIPv4(s) || (s.includes(':') && /^[0-9a-f:.]+$/i.test(s));
}
