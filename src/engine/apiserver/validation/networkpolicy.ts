// networking.k8s.io/v1 semantic validation for NetworkPolicy (the same rules on create and update).
// UPSTREAM: pkg/apis/networking/validation/validation.go (ValidateNetworkPolicy[Spec|Port|Peer],
//           ValidateIPBlock), staging/src/k8s.io/apimachinery/pkg/util/validation/ip.go
// SIMPLIFICATION: CIDRs are checked as the legacy (non-strict) parser takes them: a CIDR with host
// bits set or leading zeros passes, as it does with StrictIPCIDRValidation off.

import { child, forbidden, index, invalid, notSupported, required, type ErrorList } from './field-errors';
import { isValidPortName, isValidPortNum } from './names';
import { asArray, asObj, asString, validateLabelSelector, type Obj } from './object-meta';

const INVALID_CIDR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];

/** A parsed CIDR: the family's width, the network address (host bits cleared) and the prefix length. */
interface Net {
  width: 32 | 128;
  network: bigint;
  prefixLen: number;
}

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseIPv6(s: string): bigint | undefined {
  let text = s;
  // An embedded IPv4 tail (`::ffff:10.0.0.1`) stands for the last two groups.
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if (![...head, ...rest].every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const explicit = head.length + rest.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return undefined;
  const all = [...head, ...Array<string>(8 - explicit).fill('0'), ...rest].map((g) => BigInt(parseInt(g, 16)));
  return all.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** netutils.ParseCIDRSloppy: `ip/prefix` for IPv4 (leading zeros allowed) or IPv6; undefined when unparseable. */
export function parseCIDRSloppy(cidr: string): Net | undefined {
  const slash = cidr.indexOf('/');
  if (slash < 0 || !/^\d{1,3}$/.test(cidr.slice(slash + 1))) return undefined;
  const ipText = cidr.slice(0, slash);
  const prefixLen = Number(cidr.slice(slash + 1));
  const width = ipText.includes(':') ? 128 : 32;
  const ip = width === 32 ? parseIPv4(ipText) : parseIPv6(ipText);
  if (ip === undefined || prefixLen > width) return undefined;
  const hostBits = BigInt(width - prefixLen);
  return { width, network: (ip >> hostBits) << hostBits, prefixLen };
}

function contains(net: Net, ip: bigint, width: number): boolean {
  if (width !== net.width) return false;
  const hostBits = BigInt(net.width - net.prefixLen);
  return ip >> hostBits === net.network >> hostBits;
}

function validateIPBlock(ipBlock: Obj, path: string): ErrorList {
  const cidr = asString(ipBlock.cidr);
  if (cidr === '') return [required(child(path, 'cidr'), '')];
  const net = parseCIDRSloppy(cidr);
  if (!net) return [invalid(child(path, 'cidr'), cidr, INVALID_CIDR)];
  const errs: ErrorList = [];
  asArray(ipBlock.except).forEach((raw, i) => {
    const p = index(child(path, 'except'), i);
    const text = asString(raw);
    const except = parseCIDRSloppy(text);
    if (!except) {
      errs.push(invalid(p, text, INVALID_CIDR));
      return;
    }
    if (!contains(net, except.network, except.width) || net.prefixLen >= except.prefixLen) {
      errs.push(invalid(p, text, 'must be a strict subset of `cidr`'));
    }
  });
  return errs;
}

function validatePeer(peer: Obj, path: string): ErrorList {
  const errs: ErrorList = [];
  let peers = 0;
  if (peer.podSelector !== undefined) {
    peers++;
    errs.push(...validateLabelSelector(peer.podSelector, child(path, 'podSelector')));
  }
  if (peer.namespaceSelector !== undefined) {
    peers++;
    errs.push(...validateLabelSelector(peer.namespaceSelector, child(path, 'namespaceSelector')));
  }
  const ipBlock = asObj(peer.ipBlock);
  if (ipBlock) {
    peers++;
    errs.push(...validateIPBlock(ipBlock, child(path, 'ipBlock')));
  }
  if (peers === 0) errs.push(required(path, 'must specify a peer'));
  else if (peers > 1 && ipBlock) errs.push(forbidden(path, 'may not specify both ipBlock and another peer'));
  return errs;
}

function validatePort(port: Obj, path: string): ErrorList {
  const errs: ErrorList = [];
  if (port.protocol !== undefined && !PROTOCOLS.includes(asString(port.protocol))) {
    errs.push(notSupported(child(path, 'protocol'), port.protocol, PROTOCOLS));
  }
  const endPort = port.endPort;
  if (typeof port.port === 'number') {
    for (const msg of isValidPortNum(port.port)) errs.push(invalid(child(path, 'port'), port.port, msg));
    if (typeof endPort === 'number') {
      // Upstream reports `port`'s value under endPort here.
      if (endPort < port.port) errs.push(invalid(child(path, 'endPort'), port.port, 'must be greater than or equal to `port`'));
      for (const msg of isValidPortNum(endPort)) errs.push(invalid(child(path, 'endPort'), endPort, msg));
    }
  } else if (typeof port.port === 'string') {
    if (endPort !== undefined) errs.push(invalid(child(path, 'endPort'), endPort, 'may not be specified when `port` is non-numeric'));
    for (const msg of isValidPortName(port.port)) errs.push(invalid(child(path, 'port'), port.port, msg));
  } else if (endPort !== undefined) {
    errs.push(invalid(child(path, 'endPort'), endPort, 'may not be specified when `port` is not specified'));
  }
  return errs;
}

/** ValidateNetworkPolicySpec (metadata is checked by the caller). */
export function validateNetworkPolicy(obj: Obj): ErrorList {
  const spec = asObj(obj.spec) ?? {};
  const errs: ErrorList = [...validateLabelSelector(spec.podSelector, 'spec.podSelector')];
  asArray(spec.ingress).forEach((raw, i) => {
    const rule = asObj(raw) ?? {};
    const p = index('spec.ingress', i);
    asArray(rule.ports).forEach((port, j) => errs.push(...validatePort(asObj(port) ?? {}, index(child(p, 'ports'), j))));
    asArray(rule.from).forEach((peer, j) => errs.push(...validatePeer(asObj(peer) ?? {}, index(child(p, 'from'), j))));
  });
  asArray(spec.egress).forEach((raw, i) => {
    const rule = asObj(raw) ?? {};
    const p = index('spec.egress', i);
    asArray(rule.to).forEach((peer, j) => errs.push(...validatePeer(asObj(peer) ?? {}, index(child(p, 'to'), j))));
    asArray(rule.ports).forEach((port, j) => errs.push(...validatePort(asObj(port) ?? {}, index(child(p, 'ports'), j))));
  });
  const types = asArray(spec.policyTypes);
  if (types.length > POLICY_TYPES.length) {
    errs.push(invalid('spec.policyTypes', types, 'may not specify more than two policyTypes'));
    return errs;
  }
  types.forEach((t, i) => {
    if (!POLICY_TYPES.includes(asString(t))) errs.push(notSupported(index('spec.policyTypes', i), t, POLICY_TYPES));
  });
  return errs;
}
