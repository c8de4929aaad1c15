// `nslookup NAME [SERVER]` inside a pod, as three real programs print it: busybox 1.30+ (busybox:latest,
// alpine: its own DNS client), busybox 1.28 (the old getaddrinfo-based applet the Kubernetes docs use)
// and bind's nslookup (the dnsutils image, debian/ubuntu).
// UPSTREAM: busybox networking/nslookup.c; bind9 bin/dig/nslookup.c + dighost.c
// SIMPLIFICATION: busybox's replies arrive in a fixed order (cluster answers in the order sent, then
// forwarded ones) unless `replyOrder` says otherwise; a server replies to all queries or none; no -debug.

import type { DnsLookup, DnsRecord } from '../api/trace';
import type { ResolvConf } from '../kubelet/network/dns/dns';
import { isIPv4, reverseName, type RRType } from './plugin/kubernetes/records';
import { candidateNames, resolve, type DnsServer, type ServerReply } from './resolver';

export type NslookupFlavor = 'busybox' | 'busybox-1.28' | 'bind';

export interface NslookupRequest {
  name: string;
  /** the SERVER argument; the resolv.conf nameservers when absent */
  server?: string;
  /** -type=/-query=; absent: A and AAAA (PTR for an address) */
  type?: RRType;
  conf: ResolvConf;
  ask: DnsServer;
  flavor: NslookupFlavor;
  /** busybox: the order its replies arrive in, as indices into the queries sent (see the header) */
  replyOrder?: number[];
}

export interface NslookupResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** every DNS query sent, in the order sent */
  lookups: DnsLookup[];
}

/** Which nslookup an image ships: busybox:1.28 and older the old applet, busybox/alpine the new one, else bind's. */
export function nslookupFlavorForImage(image: string): NslookupFlavor {
  const ref = image.split('@')[0];
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  const repo = colon > slash ? ref.slice(0, colon) : ref;
  const tag = colon > slash ? ref.slice(colon + 1) : 'latest';
  const base = repo.slice(repo.lastIndexOf('/') + 1);
  if (base === 'busybox') {
    const m = /^1\.(\d+)/.exec(tag);
    return m && Number(m[1]) <= 28 ? 'busybox-1.28' : 'busybox';
  }
  return base === 'alpine' ? 'busybox' : 'bind';
}

/**
 * Parse `nslookup [-type=T|-query=T|-q=T] NAME [SERVER]` (argv without "nslookup"). Returns an error
 * message for a usage error.
 */
export function parseNslookupArgs(argv: string[]): { name: string; server?: string; type?: RRType } | { error: string } {
  let type: RRType | undefined;
  const rest: string[] = [];
  for (const a of argv) {
    const m = /^-(?:type|querytype|query|q|ty)=(\w+)$/i.exec(a);
    if (m) {
      const t = m[1].toUpperCase();
      if (!['A', 'AAAA', 'SRV', 'PTR', 'CNAME'].includes(t)) return { error: `invalid query type "${m[1]}"` };
      type = t as RRType;
    } else if (a.startsWith('-')) return { error: `unsupported option ${a}` };
    else rest.push(a);
  }
  if (rest.length < 1 || rest.length > 2) return { error: 'Usage: nslookup [-type=QUERY_TYPE] HOST [DNS_SERVER]' };
  return { name: rest[0], server: rest[1], type };
}

export function nslookup(req: NslookupRequest): NslookupResult {
  switch (req.flavor) {
    case 'busybox':
      return busybox(req);
    case 'busybox-1.28':
      return busybox128(req);
    case 'bind':
      return bind(req);
  }
}

// ---- busybox 1.30+ (FEATURE_NSLOOKUP_BIG) ----

/**
 * Its own client: every query is sent at once and each reply printed as it arrives. A dotless name is
 * asked under every search domain (never as is), a dotted one only as is: ndots is ignored, which
 * is why `nslookup kubernetes.default` fails with busybox > 1.28. An NXDOMAIN prints one line; a
 * NOERROR reply prints its records (none for NODATA) and a blank line — which reproduces the
 * reference output's irregular blank lines.
 */
function busybox(req: NslookupRequest): NslookupResult {
  const queries: Array<{ name: string; type: RRType }> = [];
  const ptr = isIPv4(req.name) ? reverseName(req.name).slice(0, -1) : undefined;
  const types: RRType[] = ptr ? ['PTR'] : req.type ? [req.type] : ['A', 'AAAA'];
  for (const type of types) {
    const name = ptr ?? req.name;
    if (type === 'PTR' || req.conf.searches.length === 0 || name.includes('.')) queries.push({ name, type });
    else for (const d of req.conf.searches) queries.push({ name: `${name}.${d}`, type });
  }
  const servers = req.server ? [req.server] : req.conf.nameservers.length ? req.conf.nameservers : ['127.0.0.1'];
  const lookups: DnsLookup[] = [];
  for (const server of servers) {
    const replies = queries.map((q) => req.ask(server, fqdn(q.name), q.type));
    queries.forEach((q, i) => lookups.push(toLookup(q.name, q.type, server, replies[i])));
    if (replies.every((r) => r === undefined)) continue;
    let out = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
    let exitCode = 0;
    for (const i of req.replyOrder ?? defaultArrival(replies)) {
      const r = replies[i];
      if (!r) continue;
      if (r.rcode !== 'NOERROR') {
        out += `** server can't find ${queries[i].name}: ${r.rcode}\n`;
        exitCode = 1;
        continue;
      }
      if (!r.authoritative) out += 'Non-authoritative answer:\n';
      for (const rr of r.answers) out += busyboxRecord(rr);
      out += '\n';
    }
    const unanswered = queries.filter((_, i) => !replies[i]);
    for (const q of unanswered) out += `*** Can't find ${q.name}: No answer\n`;
    if (unanswered.length) out += '\n';
    return { stdout: out, stderr: '', exitCode, lookups };
  }
  return { stdout: ';; connection timed out; no servers could be reached\n\n', stderr: '', exitCode: 1, lookups };
}

/** Cluster answers first, in the order sent, then what CoreDNS had to forward (it waits on the upstream). */
function defaultArrival(replies: Array<ServerReply | undefined>): number[] {
  const idx = replies.map((_, i) => i);
  return [...idx.filter((i) => replies[i]?.plugin !== 'forward'), ...idx.filter((i) => replies[i]?.plugin === 'forward')];
}

function busyboxRecord(rr: DnsRecord): string {
  const owner = stripDot(rr.name);
  switch (rr.type) {
    case 'A':
    case 'AAAA':
      return `Name:\t${owner}\nAddress: ${rr.data}\n`;
    case 'CNAME':
      return `${owner}\tcanonical name = ${stripDot(rr.data)}\n`;
    case 'PTR':
      return `${owner}\tname = ${stripDot(rr.data)}\n`;
    case 'SRV': {
      const [prio, weight, port, target] = rr.data.split(' ');
      return `${owner}\tservice = ${prio} ${weight} ${port} ${stripDot(target)}\n`;
    }
  }
}

// ---- busybox 1.28 (getaddrinfo + reverse lookups) ----

/** The old applet: `%-10s %s` headers and `Address N: IP NAME`, the name from a PTR query of each address. */
function busybox128(req: NslookupRequest): NslookupResult {
  const lookups: DnsLookup[] = [];
  const conf: ResolvConf = req.server ? { ...req.conf, nameservers: [req.server] } : req.conf;
  const ask: DnsServer = (server, name, type) => {
    const r = req.ask(server, name, type);
    lookups.push(toLookup(stripDot(name), type, server, r));
    return r;
  };
  const server = conf.nameservers[0] ?? '127.0.0.1';
  let out = `${'Server:'.padEnd(10)} ${server}\n${addressLine(1, server, conf, ask)}\n`;
  const found = resolve(req.name, conf, ask, { libc: 'glibc' });
  if (found.status !== 'NOERROR') {
    return { stdout: out, stderr: `nslookup: can't resolve '${req.name}'\n`, exitCode: 1, lookups };
  }
  out += `${'Name:'.padEnd(10)} ${req.name}\n`;
  found.addresses.forEach((ip, i) => (out += addressLine(i + 1, ip, conf, ask)));
  return { stdout: out, stderr: '', exitCode: 0, lookups };
}

function addressLine(n: number, ip: string, conf: ResolvConf, ask: DnsServer): string {
  const ptr = conf.nameservers.length ? ask(conf.nameservers[0], reverseName(ip), 'PTR') : undefined;
  const host = ptr?.answers.find((a) => a.type === 'PTR');
  return host ? `Address ${n}: ${ip} ${stripDot(host.data)}\n` : `Address ${n}: ${ip}\n`;
}

// ---- bind's nslookup ----

/**
 * The search list under ndots like the libc resolver (dighost.c next_origin); the first name that
 * does not fail answers, A then AAAA. All found records print under one "Non-authoritative answer:"
 * (when the reply is not authoritative), then a blank line.
 */
function bind(req: NslookupRequest): NslookupResult {
  const lookups: DnsLookup[] = [];
  const servers = req.server ? [req.server] : req.conf.nameservers.length ? req.conf.nameservers : ['127.0.0.1'];
  const ptrName = isIPv4(req.name) ? reverseName(req.name) : undefined;
  const types: RRType[] = ptrName ? ['PTR'] : req.type ? [req.type] : ['A', 'AAAA'];
  const names = ptrName ? [ptrName] : candidateNames(req.name, req.conf);
  for (const server of servers) {
    const ask = (name: string, type: RRType) => {
      const r = req.ask(server, name, type);
      lookups.push(toLookup(stripDot(name), type, server, r));
      return r;
    };
    let out = `Server:\t\t${server}\nAddress:\t${server}#53\n\n`;
    let answered: { name: string; reply: ServerReply } | undefined;
    let last: { name: string; reply: ServerReply } | undefined;
    let timedOut = false;
    for (const name of names) {
      const r = ask(name, types[0]);
      if (!r) {
        timedOut = true;
        break;
      }
      last = { name, reply: r };
      if (r.rcode === 'NOERROR') {
        answered = last;
        break;
      }
    }
    if (timedOut) continue;
    if (!answered) {
      out += `** server can't find ${stripDot(last?.name ?? req.name)}: ${last?.reply.rcode ?? 'NXDOMAIN'}\n\n`;
      return { stdout: out, stderr: '', exitCode: 1, lookups };
    }
    const replies = [answered.reply, ...types.slice(1).map((t) => ask(answered!.name, t)).filter((r): r is ServerReply => r !== undefined)];
    const records = replies.flatMap((r) => r.answers);
    if (records.length === 0) {
      out += `*** Can't find ${stripDot(answered.name)}: No answer\n\n`;
      return { stdout: out, stderr: '', exitCode: 1, lookups };
    }
    if (replies.some((r) => r.answers.length > 0 && !r.authoritative)) out += 'Non-authoritative answer:\n';
    for (const rr of records) out += bindRecord(rr);
    out += '\n';
    return { stdout: out, stderr: '', exitCode: 0, lookups };
  }
  return { stdout: ';; connection timed out; no servers could be reached\n\n', stderr: '', exitCode: 1, lookups };
}

function bindRecord(rr: DnsRecord): string {
  const owner = stripDot(rr.name);
  switch (rr.type) {
    case 'A':
    case 'AAAA':
      return `Name:\t${owner}\nAddress: ${rr.data}\n`;
    case 'CNAME':
      return `${owner}\tcanonical name = ${rr.data}\n`;
    case 'PTR':
      return `${owner}\tname = ${rr.data}\n`;
    case 'SRV':
      return `${owner}\tservice = ${rr.data}\n`;
  }
}

// ---- helpers ----

function toLookup(name: string, type: RRType, server: string, r: ServerReply | undefined): DnsLookup {
  if (!r) return { name: fqdn(name), type, rcode: 'TIMEOUT', answers: [], server };
  const l: DnsLookup = { name: fqdn(name), type, rcode: r.rcode, answers: r.answers.map((a) => a.data), records: r.answers, authoritative: r.authoritative, server };
  if (r.answeredBy) l.answeredBy = r.answeredBy;
  return l;
}

function fqdn(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

function stripDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}
