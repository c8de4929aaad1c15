// core/v1 Endpoints in the API server: defaulting, validation and the strategy's canonical form.
// Deprecated since 1.33 (KEP-4974) and still served: every request gets the deprecation warning
// (ResourceInfo.deprecationWarning).
// UPSTREAM: pkg/apis/core/v1/defaults.go (SetDefaults_Endpoints), pkg/apis/core/validation/validation.go
//           (ValidateEndpoints, validateEndpointSubsets, validateEndpointAddress, validateEndpointPort,
//           ValidateEndpointIP), pkg/registry/core/endpoint/strategy.go (Canonicalize = RepackSubsets),
//           pkg/api/v1/endpoints/util.go (RepackSubsets, SortSubsets)
// SIMPLIFICATION: RepackSubsets orders ports and subsets by their text, not by an md5 of spew's dump
// (the grouping is the same, the order of subsets may differ); no warnings for non-canonical IPs.

import type { EndpointAddress, EndpointPort, EndpointSubset } from 'kubernetes-types/core/v1';
import { child, index, invalid, notSupported, required, type ErrorList } from '../validation/field-errors';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortNum } from '../validation/names';
import { asArray, asObj, asString, type Obj } from '../validation/object-meta';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SUPPORTED_PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** SetDefaults_Endpoints: a port without a protocol is TCP. */
export function defaultEndpoints(ep: Json): void {
  for (const ss of Array.isArray(ep.subsets) ? ep.subsets : []) {
    for (const p of Array.isArray(ss?.ports) ? ss.ports : []) if (p && typeof p === 'object') p.protocol ??= 'TCP';
  }
  // Canonicalize runs after validation upstream; repacking a valid object here gives the same result.
  if (Array.isArray(ep.subsets)) ep.subsets = repackSubsets(ep.subsets as EndpointSubset[]);
}

/** ValidateEndpoints (name: a DNS subdomain, checked with the ObjectMeta). */
export function validateEndpoints(obj: Obj): ErrorList {
  const errs: ErrorList = [];
  asArray(obj.subsets).forEach((s, i) => {
    const ss = asObj(s) ?? {};
    const p = index('subsets', i);
    const addresses = asArray(ss.addresses);
    const notReady = asArray(ss.notReadyAddresses);
    // For a headless Service, endpoints may have no ports; never no addresses.
    if (addresses.length === 0 && notReady.length === 0) errs.push(required(p, 'must specify `addresses` or `notReadyAddresses`'));
    addresses.forEach((a, j) => errs.push(...validateEndpointAddress(asObj(a) ?? {}, index(child(p, 'addresses'), j))));
    notReady.forEach((a, j) => errs.push(...validateEndpointAddress(asObj(a) ?? {}, index(child(p, 'notReadyAddresses'), j))));
    const ports = asArray(ss.ports);
    ports.forEach((port, j) => errs.push(...validateEndpointPort(asObj(port) ?? {}, ports.length > 1, index(child(p, 'ports'), j))));
  });
  return errs;
}

function validateEndpointAddress(addr: Obj, path: string): ErrorList {
  const errs: ErrorList = [];
  const ip = asString(addr.ip);
  const ipPath = child(path, 'ip');
  const parsed = parseIP(ip);
  if (!parsed) errs.push(invalid(ipPath, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  const hostname = asString(addr.hostname);
  if (hostname) for (const msg of isDNS1123Label(hostname)) errs.push(invalid(child(path, 'hostname'), hostname, msg));
  if (typeof addr.nodeName === 'string') {
    for (const msg of isDNS1123Subdomain(addr.nodeName)) errs.push(invalid(child(path, 'nodeName'), addr.nodeName, msg));
  }
  if (parsed) errs.push(...validateEndpointIP(ip, parsed, ipPath));
  return errs;
}

/** ValidateEndpointIP: no unspecified, loopback or link-local addresses. */
function validateEndpointIP(ip: string, parsed: ParsedIP, path: string): ErrorList {
  const errs: ErrorList = [];
  if (parsed.unspecified) errs.push(invalid(path, ip, `may not be unspecified (${ip})`));
  if (parsed.loopback) errs.push(invalid(path, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (parsed.linkLocalUnicast) errs.push(invalid(path, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (parsed.linkLocalMulticast) errs.push(invalid(path, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  return errs;
}

function validateEndpointPort(port: Obj, requireName: boolean, path: string): ErrorList {
  const errs: ErrorList = [];
  const name = asString(port.name);
  if (requireName && !name) errs.push(required(child(path, 'name'), ''));
  else if (name) for (const msg of isDNS1123Label(name)) errs.push(invalid(child(path, 'name'), name, msg));
  const num = typeof port.port === 'number' ? port.port : 0;
  for (const msg of isValidPortNum(num)) errs.push(invalid(child(path, 'port'), num, msg));
  // The server defaults a missing protocol to TCP before validating.
  const protocol = port.protocol === undefined ? 'TCP' : asString(port.protocol);
  if (!protocol) errs.push(required(child(path, 'protocol'), ''));
  else if (!SUPPORTED_PORT_PROTOCOLS.includes(protocol)) errs.push(notSupported(child(path, 'protocol'), protocol, SUPPORTED_PORT_PROTOCOLS));
  if (typeof port.appProtocol === 'string') for (const msg of isQualifiedName(port.appProtocol)) errs.push(invalid(child(path, 'appProtocol'), port.appProtocol, msg));
  return errs;
}

interface ParsedIP {
  unspecified: boolean;
  loopback: boolean;
  linkLocalUnicast: boolean;
  linkLocalMulticast: boolean;
}

/** netutils.ParseIPSloppy, reduced to the properties ValidateEndpointIP checks. */
function parseIP(ip: string): ParsedIP | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4) {
    const o = v4.slice(1).map(Number);
    if (o.some((x) => x > 255)) return undefined;
    return {
      unspecified: o.every((x) => x === 0),
      loopback: o[0] === 127,
      linkLocalUnicast: o[0] === 169 && o[1] === 254,
      linkLocalMulticast: o[0] === 224 && o[1] === 0 && o[2] === 0,
    };
  }
  const groups = expandIPv6(ip);
  if (!groups) return undefined;
  return {
    unspecified: groups.every((g) => g === 0),
    loopback: groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1,
    linkLocalUnicast: (groups[0] & 0xffc0) === 0xfe80,
    linkLocalMulticast: (groups[0] & 0xff0f) === 0xff02,
  };
}

function expandIPv6(ip: string): number[] | undefined {
  if (!ip.includes(':') || !/^[0-9a-fA-F:]+$/.test(ip)) return undefined;
  const halves = ip.split('::');
  if (halves.length > 2) return undefined;
  const part = (s: string) => (s === '' ? [] : s.split(':'));
  const head = part(halves[0]);
  const tail = halves.length === 2 ? part(halves[1]) : [];
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0 || (halves.length === 2 && fill < 1)) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...tail];
  if (all.some((g) => g.length === 0 || g.length > 4)) return undefined;
  return all.map((g) => parseInt(g, 16));
}

// ----- RepackSubsets ---------------------------------------------------------------------------

/**
 * RepackSubsets: regroup addresses so that each subset holds the addresses that offer exactly the same
 * ports. An address not ready for some port is not ready there ("not ready always trumps ready").
 * Worked example: pod A (ready) serves 80 and 443, pod B (not ready) serves 80 only ->
 * [{addresses:[A], ports:[443]}, {addresses:[A], notReadyAddresses:[B], ports:[80]}].
 */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const allAddrs = new Map<string, EndpointAddress>();
  // port key -> (address key -> ready)
  const portToAddrs = new Map<string, { port: EndpointPort | undefined; addrs: Map<string, boolean> }>();
  const mapAddress = (addr: EndpointAddress, port: EndpointPort | undefined, ready: boolean) => {
    const akey = `${addr.ip}\u0000${addr.targetRef?.uid ?? ''}`;
    if (!allAddrs.has(akey)) allAddrs.set(akey, addr);
    const pkey = port ? portKey(port) : '\u0000sentinel';
    let entry = portToAddrs.get(pkey);
    if (!entry) portToAddrs.set(pkey, (entry = { port, addrs: new Map() }));
    const was = entry.addrs.get(akey);
    if (was === undefined || was) entry.addrs.set(akey, ready);
  };
  for (const ss of subsets) {
    const ports: Array<EndpointPort | undefined> = (ss.ports ?? []).length ? (ss.ports ?? []) : [undefined];
    for (const port of ports) {
      for (const a of ss.addresses ?? []) mapAddress(a, port, true);
      for (const a of ss.notReadyAddresses ?? []) mapAddress(a, port, false);
    }
  }
  // Group ports by the exact set of (address, ready) they map to.
  const byAddrSet = new Map<string, { addrs: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const { port, addrs } of portToAddrs.values()) {
    const key = [...addrs.entries()].map(([k, r]) => `${k}\u0000${r}`).sort().join('\u0001');
    let g = byAddrSet.get(key);
    if (!g) byAddrSet.set(key, (g = { addrs, ports: [] }));
    if (port) g.ports.push(port);
  }
  const out: EndpointSubset[] = [];
  for (const g of byAddrSet.values()) {
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const [k, r] of g.addrs) (r ? ready : notReady).push(allAddrs.get(k)!);
    const ss: EndpointSubset = {};
    if (ready.length) ss.addresses = ready.sort(compareAddress);
    if (notReady.length) ss.notReadyAddresses = notReady.sort(compareAddress);
    if (g.ports.length) ss.ports = g.ports.sort((a, b) => cmp(portKey(a), portKey(b)));
    out.push(ss);
  }
  return out.sort((a, b) => cmp(JSON.stringify(a), JSON.stringify(b)));
}

function portKey(p: EndpointPort): string {
  return `${p.name ?? ''}\u0000${p.port}\u0000${p.protocol ?? ''}\u0000${p.appProtocol ?? ''}`;
}

/** addrsByIPAndUID: by IP (as text), then by the target's UID. */
function compareAddress(a: EndpointAddress, b: EndpointAddress): number {
  return cmp(a.ip, b.ip) || cmp(a.targetRef?.uid ?? '', b.targetRef?.uid ?? '');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
