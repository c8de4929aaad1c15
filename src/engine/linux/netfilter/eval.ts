// Netfilter's rule evaluation (ipt_do_table): a packet walks a table's built-in hook chain rule by
// rule; jumps push a return point, gotos do not, RETURN pops, falling off a user chain returns, and a
// built-in chain ends in its policy. Terminal targets (ACCEPT, DROP, REJECT, DNAT, SNAT, MASQUERADE)
// end the table; MARK changes the packet and goes on.
// UPSTREAM: net/ipv4/netfilter/ip_tables.c (ipt_do_table), net/netfilter/xt_{addrtype,multiport,statistic,
// mark,conntrack,recent,set,tcpudp}.c, nf_nat_masquerade.c, ipt_REJECT.c
// SIMPLIFICATION: MASQUERADE and SNAT keep the source port (no port clash with other flows, so
// --random-fully changes nothing visible); ipsets are answered by a callback (kube-proxy's sets are
// derived from the IPVS table, see cni/datapath.ts); `recent` reads a name -> source -> last-seen map
// (the caller keeps it between packets; --set records are returned, not written).

import type { PacketHeaders } from '../../api/trace';
import { cidrContains } from '../inet';
import type { NetNamespace } from '../netns';
import { isLocalAddress } from '../route/lookup';
import { withPacket } from '../packet';
import { renderRule } from './iptables-save';
import type { AddrType, Chain, CtState, Match, PortMatch, Rule, TableName } from './types';
import { BUILTIN_CHAINS, findChain } from './types';

export interface NfPacket {
  headers: PacketHeaders;
  /** the device it came in on (PREROUTING, INPUT, FORWARD) */
  inIface?: string;
  /** the device it leaves on (OUTPUT after routing, FORWARD, POSTROUTING) */
  outIface?: string;
  /** the conntrack state: NEW for a connection's first packet, ESTABLISHED for its reply; DNAT/SNAT when translated */
  ctstate: readonly CtState[];
}

/** ipset membership: `-m set --match-set <set> <flags>` (flags: which packet fields, e.g. `dst,dst`). */
export type IpsetLookup = (set: string, flags: string, p: PacketHeaders) => boolean;

export interface EvalContext {
  ns: NetNamespace;
  /** a uniform integer in [0, n) */
  randomInt(n: number): number;
  ipset?: IpsetLookup;
  /** xt_recent lists: name -> source address -> when last seen (simulated ms; absent: every --rcheck fails) */
  recent?: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** simulated ms now, for `--rcheck --seconds N` (absent: 0) */
  now?: number;
}

export type NfVerdict = 'ACCEPT' | 'DROP' | 'REJECT' | 'DNAT' | 'SNAT' | 'MASQUERADE';

export interface EvalResult {
  table: TableName;
  hook: string;
  verdict: NfVerdict;
  /** true when the built-in chain's policy decided (no terminal rule matched) */
  byPolicy: boolean;
  /** the rule that decided, and where */
  rule?: Rule;
  ruleText?: string;
  chain: string;
  /** the chains walked to the verdict, from the hook chain: ['PREROUTING', 'KUBE-SERVICES', 'KUBE-SVC-X', 'KUBE-SEP-Y'] */
  chainPath: string[];
  /** the packet after the table (DNAT/SNAT/MASQUERADE/MARK applied) */
  headers: PacketHeaders;
  /** iptables-save lines of the MARK rules that fired on the way */
  marks: string[];
  /** English notes for the trace: 'KUBE-SVC-X picked endpoint 10.244.2.5:80 (probability 0.5)' */
  notes: string[];
  /** xt_recent --set records made */
  recentSet: { name: string; src: string }[];
  /** REJECT's --reject-with */
  rejectWith?: string;
}

const MAX_DEPTH = 64;

export function ifaceMatches(pattern: string, name: string | undefined): boolean {
  if (name === undefined) return false;
  if (pattern.endsWith('+')) return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}

function portMatches(m: PortMatch | undefined, port: number | undefined): boolean {
  if (!m) return true;
  if (port === undefined) return false;
  const inRange = m.end !== undefined ? port >= m.port && port <= m.end : port === m.port;
  return m.negate ? !inRange : inRange;
}

function addrType(ns: NetNamespace, ip: string): AddrType {
  if (isLocalAddress(ns, ip)) return 'LOCAL';
  if (cidrContains('224.0.0.0/4', ip)) return 'MULTICAST';
  if (ip === '255.255.255.255' || ns.links.some((l) => l.addresses.some((a) => a.broadcast === ip))) return 'BROADCAST';
  return 'UNICAST';
}

function cidr(c: string): string {
  return c.includes('/') ? c : `${c}/32`;
}

/** xt_statistic: `(prandom_u32() & 0x7FFFFFFF) < probability * 2^31`. */
export function statisticDraw(ctx: EvalContext, probability: string): boolean {
  const threshold = Math.round(Number(probability) * 0x80000000);
  return ctx.randomInt(0x80000000) < threshold;
}

/** xt_recent --rcheck [--seconds N]: the source is on the list, seen within the last N seconds. */
function recentCheck(ctx: EvalContext, name: string, src: string, seconds: number | undefined): boolean {
  const seen = ctx.recent?.get(name)?.get(src);
  if (seen === undefined) return false;
  return seconds === undefined || (ctx.now ?? 0) - seen <= seconds * 1000;
}

interface State {
  ctx: EvalContext;
  pkt: NfPacket;
  headers: PacketHeaders;
  marks: string[];
  notes: string[];
  recentSet: { name: string; src: string }[];
  /** the last load-balancing pick: chain and its probability text */
  pick?: { chain: string; probability?: string; target: string; sticky?: number };
}

function matchOne(st: State, m: Match): boolean {
  const h = st.headers;
  switch (m.module) {
    case 'comment':
      return true;
    case 'tcp':
    case 'udp':
    case 'sctp':
      return h.ip.proto.toLowerCase() === m.module && portMatches(m.sport, h.l4?.sport) && portMatches(m.dport, h.l4?.dport);
    case 'multiport': {
      // Any listed port (or range) matches; `!` negates the whole list.
      const any = (list: PortMatch[], port: number | undefined) => list.some((pm) => portMatches(pm, port));
      const hit = (!m.sports || any(m.sports, h.l4?.sport)) && (!m.dports || any(m.dports, h.l4?.dport));
      return hit !== !!m.negate;
    }
    case 'addrtype': {
      let ok = true;
      if (m.srcType) ok &&= (addrType(st.ctx.ns, h.ip.src) === m.srcType) !== !!m.negateSrc;
      if (m.dstType) ok &&= (addrType(st.ctx.ns, h.ip.dst) === m.dstType) !== !!m.negateDst;
      return ok;
    }
    case 'statistic':
      return statisticDraw(st.ctx, m.probability);
    case 'mark': {
      const mask = m.mask ?? 0xffffffff;
      const hit = ((h.mark ?? 0) & mask) >>> 0 === m.value >>> 0;
      return hit !== !!m.negate;
    }
    case 'conntrack': {
      const hit = m.ctstate.some((s) => st.pkt.ctstate.includes(s));
      return hit !== !!m.negate;
    }
    case 'recent':
      if (m.action === 'set') {
        st.recentSet.push({ name: m.name, src: h.ip.src });
        return true;
      }
      return recentCheck(st.ctx, m.name, h.ip.src, m.seconds);
    case 'set': {
      const hit = st.ctx.ipset?.(m.set, m.flags, h) ?? false;
      return hit !== !!m.negate;
    }
  }
}

/** Does the rule's match part (everything but the target) match the packet? */
function ruleMatches(st: State, r: Rule): boolean {
  const h = st.headers;
  if (r.src && cidrContains(cidr(r.src.cidr), h.ip.src) === !!r.src.negate) return false;
  if (r.dst && cidrContains(cidr(r.dst.cidr), h.ip.dst) === !!r.dst.negate) return false;
  if (r.inIface && ifaceMatches(r.inIface.name, st.pkt.inIface) === !!r.inIface.negate) return false;
  if (r.outIface && ifaceMatches(r.outIface.name, st.pkt.outIface) === !!r.outIface.negate) return false;
  if (r.proto && r.proto.name !== 'all' && (h.ip.proto.toLowerCase() === r.proto.name.toLowerCase()) === !!r.proto.negate) return false;
  // Matches run in order; a statistic draw happens only when the earlier matches passed (as in the kernel).
  for (const m of r.matches) if (!matchOne(st, m)) return false;
  return true;
}

type ChainOutcome =
  | { kind: 'return' }
  | { kind: 'verdict'; verdict: NfVerdict; rule: Rule; chain: string; path: string[]; rejectWith?: string };

function splitHostPort(text: string): { ip: string; port?: number } {
  const i = text.lastIndexOf(':');
  return i < 0 ? { ip: text } : { ip: text.slice(0, i), port: Number(text.slice(i + 1)) };
}

function runChain(st: State, table: TableName, chain: Chain, path: string[], depth: number): ChainOutcome {
  if (depth > MAX_DEPTH) throw new Error(`iptables: chain loop through ${path.join(' -> ')}`);
  const here = [...path, chain.name];
  for (const r of chain.rules) {
    if (!ruleMatches(st, r)) continue;
    const t = r.target;
    if (!t) continue;
    switch (t.kind) {
      case 'jump':
      case 'goto': {
        const sub = findChain(st.ctx.ns.netfilter, table, t.chain);
        if (!sub) continue;
        const stat = r.matches.find((m) => m.module === 'statistic');
        const recent = r.matches.find((m) => m.module === 'recent' && m.action === 'rcheck');
        if (t.chain.startsWith('KUBE-SEP-')) {
          st.pick = {
            chain: chain.name, target: t.chain,
            ...(stat && stat.module === 'statistic' ? { probability: stat.probability } : {}),
            ...(recent && recent.module === 'recent' ? { sticky: recent.seconds ?? 0 } : {}),
          };
        }
        const out = runChain(st, table, sub, here, depth + 1);
        if (out.kind === 'verdict') return out;
        if (t.kind === 'goto') return { kind: 'return' };
        continue;
      }
      case 'RETURN':
        return { kind: 'return' };
      case 'MARK':
        st.headers = withPacket(st.headers, (q) => {
          q.mark = (((q.mark ?? 0) & ~t.mask) ^ t.value) >>> 0;
        });
        st.marks.push(renderRule(chain.name, r));
        continue;
      case 'ACCEPT':
      case 'DROP':
        return { kind: 'verdict', verdict: t.kind, rule: r, chain: chain.name, path: here };
      case 'REJECT':
        return { kind: 'verdict', verdict: 'REJECT', rule: r, chain: chain.name, path: here, rejectWith: t.rejectWith ?? 'icmp-port-unreachable' };
      case 'DNAT': {
        const to = splitHostPort(t.toDestination);
        st.headers = withPacket(st.headers, (q) => {
          q.ip.dst = to.ip;
          if (to.port !== undefined && q.l4) q.l4.dport = to.port;
        });
        if (st.pick && here.includes(st.pick.target)) {
          const p = st.pick.sticky !== undefined
            ? `session affinity: the client was sent there within the last ${st.pick.sticky}s (recent --rcheck)`
            : st.pick.probability !== undefined ? `probability ${st.pick.probability}` : 'the last rule: it takes what the earlier rules left';
          st.notes.push(`${st.pick.chain} picked endpoint ${t.toDestination} (${p})`);
        }
        return { kind: 'verdict', verdict: 'DNAT', rule: r, chain: chain.name, path: here };
      }
      case 'SNAT': {
        const to = splitHostPort(t.toSource);
        st.headers = withPacket(st.headers, (q) => {
          q.ip.src = to.ip;
          if (to.port !== undefined && q.l4) q.l4.sport = to.port;
        });
        return { kind: 'verdict', verdict: 'SNAT', rule: r, chain: chain.name, path: here };
      }
      case 'MASQUERADE': {
        const dev = st.ctx.ns.links.find((l) => l.name === st.pkt.outIface);
        const addr = dev?.addresses.find((a) => a.family === 'inet')?.local;
        if (!addr) return { kind: 'verdict', verdict: 'DROP', rule: r, chain: chain.name, path: here };
        st.headers = withPacket(st.headers, (q) => {
          q.ip.src = addr;
        });
        st.notes.push(`source rewritten to ${addr} (the address of ${st.pkt.outIface})`);
        return { kind: 'verdict', verdict: 'MASQUERADE', rule: r, chain: chain.name, path: here };
      }
    }
  }
  return { kind: 'return' };
}

/** Run `table`'s built-in chain `hook` over the packet. A missing table or chain accepts. */
export function evalHook(ctx: EvalContext, table: TableName, hook: string, pkt: NfPacket): EvalResult {
  const st: State = { ctx, pkt, headers: pkt.headers, marks: [], notes: [], recentSet: [] };
  const base = { table, hook, headers: pkt.headers, marks: st.marks, notes: st.notes, recentSet: st.recentSet };
  const chain = BUILTIN_CHAINS[table].includes(hook) ? findChain(ctx.ns.netfilter, table, hook) : undefined;
  if (!chain) return { ...base, verdict: 'ACCEPT', byPolicy: true, chain: hook, chainPath: [hook] };
  const out = runChain(st, table, chain, [], 0);
  if (out.kind === 'return') {
    return { ...base, headers: st.headers, verdict: chain.policy ?? 'ACCEPT', byPolicy: true, chain: hook, chainPath: [hook] };
  }
  return {
    ...base, headers: st.headers, verdict: out.verdict, byPolicy: false, rule: out.rule, ruleText: renderRule(out.chain, out.rule),
    chain: out.chain, chainPath: out.path, ...(out.rejectWith ? { rejectWith: out.rejectWith } : {}),
  };
}
