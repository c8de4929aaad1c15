// The stub resolver inside a pod (getaddrinfo): /etc/hosts first, then the resolv.conf search list under
// the ndots rule, one query per name and type to the first nameserver that replies, until one answers.
// UPSTREAM: glibc resolv/res_query.c (__res_context_search), musl src/network/lookup_name.c (name_from_dns_search)
// SIMPLIFICATION: one try per nameserver (no attempts/timeout/rotate options), A and AAAA asked in order
// rather than in parallel, no negative cache; a server that does not reply is a timeout at once.

import type { DnsLookup } from '../api/trace';
import type { ResolvConf } from '../kubelet/network/dns/dns';
import { isIPv4, lookup, normalize, simulatedUpstream, type DnsReply, type DnsState, type RRType } from './plugin/kubernetes/records';

/** A reply from a DNS server, and the CoreDNS pod (namespace/name) that produced it, if known. */
export interface ServerReply extends DnsReply {
  answeredBy?: string;
}

/**
 * Ask `server` (an IP) one question. Returns undefined when nothing comes back (no server listening,
 * a Service with no ready endpoints, a dropped packet): the resolver then tries the next nameserver.
 */
export type DnsServer = (server: string, name: string, type: RRType) => ServerReply | undefined;

export interface HostsEntry {
  ip: string;
  names: string[];
}

export interface ResolveOptions {
  /** glibc (debian, ubuntu, busybox:glibc, most images) or musl (alpine): they differ after ndots */
  libc?: 'glibc' | 'musl';
  /** the address families asked per name: ['A'] (default) or ['A', 'AAAA'] as getaddrinfo(AF_UNSPEC) does */
  types?: Array<'A' | 'AAAA'>;
  /** the pod's /etc/hosts, read before DNS (nsswitch `files dns`); localhost only when absent */
  hosts?: HostsEntry[];
}

/** How a name resolution ended. */
export interface Resolution {
  /** NOERROR: found; NXDOMAIN: no candidate exists; NODATA: a name exists without an address; TIMEOUT: no server replied */
  status: 'NOERROR' | 'NXDOMAIN' | 'NODATA' | 'SERVFAIL' | 'TIMEOUT';
  /** every query sent, in order (search-list expansion included) */
  lookups: DnsLookup[];
  /** the IPv4 addresses found (empty unless NOERROR) */
  addresses: string[];
  /** the name that answered, after CNAMEs, with the trailing dot ('web.default.svc.cluster.local.') */
  canonicalName?: string;
  /** answered from /etc/hosts or an IP literal: no DNS query at all */
  local?: boolean;
}

export const DEFAULT_HOSTS: HostsEntry[] = [{ ip: '127.0.0.1', names: ['localhost'] }];

/** The `ndots:N` option (default 1, at most 15, as res_init caps it). */
export function ndotsOf(conf: ResolvConf): number {
  let ndots = 1;
  for (const o of conf.options) {
    const m = /^ndots:(\d+)$/.exec(o);
    if (m) ndots = Math.min(15, Number(m[1]));
  }
  return ndots;
}

/**
 * The fully-qualified names tried, in order. With ndots:5 and search `default.svc.cluster.local
 * svc.cluster.local cluster.local`: `web` (0 dots < 5) tries web.default.svc.cluster.local. first and
 * web. last; `example.com` (1 dot) tries the three search names before example.com.; `example.com.`
 * (absolute) only itself. With dots >= ndots glibc tries the name as is, then the search list; musl
 * tries the name only.
 */
export function candidateNames(name: string, conf: ResolvConf, libc: 'glibc' | 'musl' = 'glibc'): string[] {
  if (name.endsWith('.')) return [name];
  const dots = name.split('.').length - 1;
  const searched = conf.searches.filter((d) => d !== '' && d !== '.').map((d) => `${name}.${d.replace(/\.$/, '')}.`);
  const asIs = `${name}.`;
  if (dots >= ndotsOf(conf)) return libc === 'musl' ? [asIs] : [asIs, ...searched];
  return [...searched, asIs];
}

/** getaddrinfo(name): the queries sent until one answers, as a pod's libc sends them. */
export function resolve(name: string, conf: ResolvConf, ask: DnsServer, opts: ResolveOptions = {}): Resolution {
  const libc = opts.libc ?? 'glibc';
  const types = opts.types ?? ['A'];
  if (isIPv4(name)) return { status: 'NOERROR', lookups: [], addresses: [name], local: true };
  const bare = normalize(name);
  const hosts = (opts.hosts ?? DEFAULT_HOSTS).filter((h) => h.names.some((n) => n.toLowerCase() === bare) && isIPv4(h.ip));
  if (hosts.length > 0) return { status: 'NOERROR', lookups: [], addresses: hosts.map((h) => h.ip), local: true, canonicalName: `${bare}.` };

  const lookups: DnsLookup[] = [];
  let gotNodata = false;
  let gotServfail = false;
  for (const fqdn of candidateNames(name, conf, libc)) {
    const replies: ServerReply[] = [];
    for (const type of types) {
      const r = query(fqdn, type, conf, ask, lookups);
      if (!r) return { status: 'TIMEOUT', lookups, addresses: [] };
      replies.push(r);
    }
    const addresses = replies.flatMap((r) => r.answers.filter((a) => a.type === 'A').map((a) => a.data));
    if (addresses.length > 0) {
      const cnames = replies.flatMap((r) => r.answers.filter((a) => a.type === 'CNAME'));
      return { status: 'NOERROR', lookups, addresses: [...new Set(addresses)], canonicalName: cnames.length ? cnames[cnames.length - 1].data : fqdn };
    }
    if (replies.some((r) => r.rcode === 'SERVFAIL')) {
      if (libc === 'musl') return { status: 'SERVFAIL', lookups, addresses: [] }; // EAI_AGAIN ends the search
      gotServfail = true;
    } else if (replies.every((r) => r.rcode === 'NOERROR')) {
      // NODATA (the name exists, no address): musl stops here, glibc keeps searching.
      if (libc === 'musl') return { status: 'NODATA', lookups, addresses: [] };
      gotNodata = true;
    }
  }
  const status = gotNodata ? 'NODATA' : gotServfail ? 'SERVFAIL' : 'NXDOMAIN';
  return { status, lookups, addresses: [] };
}

/** One question to the nameservers in order; the first reply wins. Every try is recorded. */
function query(fqdn: string, type: RRType, conf: ResolvConf, ask: DnsServer, lookups: DnsLookup[]): ServerReply | undefined {
  for (const server of conf.nameservers) {
    const r = ask(server, fqdn, type);
    if (!r) {
      lookups.push({ name: fqdn, type, rcode: 'TIMEOUT', answers: [], server });
      continue;
    }
    const l: DnsLookup = { name: fqdn, type, rcode: r.rcode, answers: r.answers.map((a) => a.data), records: r.answers, authoritative: r.authoritative, server };
    if (r.answeredBy) l.answeredBy = r.answeredBy;
    lookups.push(l);
    return r;
  }
  return undefined;
}

/**
 * The DNS servers a pod can reach: a Service ClusterIP with ready endpoints is CoreDNS (answering
 * from `state`, by the endpoint `pick` chooses — kube-proxy's choice, the first by default); any
 * other address is the node's resolver (the upstream). A Service without ready endpoints never replies.
 */
export function clusterDnsServer(state: DnsState, pick: (endpoints: string[]) => string | undefined = (e) => e[0]): DnsServer {
  return (server, name, type) => {
    const svc = state.services.find((s) => (s.spec?.clusterIPs ?? [s.spec?.clusterIP]).includes(server));
    if (!svc) return (state.upstream ?? simulatedUpstream)(name, type);
    const ready: string[] = [];
    for (const slice of state.endpointSlices) {
      if (slice.metadata?.namespace !== svc.metadata?.namespace || slice.metadata?.labels?.['kubernetes.io/service-name'] !== svc.metadata?.name) continue;
      for (const ep of slice.endpoints ?? []) {
        if (ep.conditions?.ready === false) continue;
        ready.push(ep.targetRef?.name ? `${ep.targetRef.namespace ?? slice.metadata?.namespace}/${ep.targetRef.name}` : ep.addresses[0]);
      }
    }
    const by = pick(ready);
    if (by === undefined) return undefined;
    return { ...lookup(state, name, type), answeredBy: by };
  };
}
