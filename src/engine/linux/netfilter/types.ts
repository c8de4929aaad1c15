// Netfilter as iptables sees it: tables of chains of rules, each rule a set of structured matches and
// one target. Rules are data (not strings) so a packet can be evaluated against them and the
// reason shown; iptables-save.ts renders them in iptables-save's canonical order.
// UPSTREAM: iptables (libxtables, extensions/libxt_*.c), net/netfilter/xt_*.c
// SIMPLIFICATION: IPv4 only; the matches and targets CNI plugins and kube-proxy use, no others.

export type TableName = 'raw' | 'mangle' | 'nat' | 'filter' | 'security';

/** The built-in chains of each table, in the order iptables-save lists them (hook order). */
export const BUILTIN_CHAINS: Record<TableName, readonly string[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

export const TABLE_NAMES: readonly TableName[] = ['raw', 'mangle', 'nat', 'filter', 'security'];

/** An address match (`-s`/`-d`), always a network in CIDR form; `negate` is iptables' `!`. */
export interface AddrMatch {
  cidr: string;
  negate?: boolean;
}

export interface IfaceMatch {
  name: string;
  negate?: boolean;
}

export interface PortMatch {
  port: number;
  /** a range `port:end` */
  end?: number;
  negate?: boolean;
}

export type AddrType = 'UNSPEC' | 'UNICAST' | 'LOCAL' | 'BROADCAST' | 'ANYCAST' | 'MULTICAST' | 'BLACKHOLE' | 'UNREACHABLE' | 'PROHIBIT';
export type CtState = 'INVALID' | 'NEW' | 'RELATED' | 'ESTABLISHED' | 'UNTRACKED' | 'SNAT' | 'DNAT';

/** The `-m <module>` matches. */
export type Match =
  | { module: 'comment'; comment: string }
  | { module: 'tcp' | 'udp' | 'sctp'; sport?: PortMatch; dport?: PortMatch }
  /** xt_multiport (up to 15 ports or ranges; needs `-p tcp|udp|sctp`): the portmap CNI plugin's `--destination-ports 8080,8081` */
  | { module: 'multiport'; dports?: PortMatch[]; sports?: PortMatch[]; negate?: boolean }
  | { module: 'addrtype'; srcType?: AddrType; dstType?: AddrType; negateSrc?: boolean; negateDst?: boolean }
  /** `probability` exactly as written to iptables (kube-proxy's `%0.10f`); the kernel keeps it as a 31-bit fraction */
  | { module: 'statistic'; mode: 'random'; probability: string }
  | { module: 'mark'; value: number; mask?: number; negate?: boolean }
  | { module: 'conntrack'; ctstate: CtState[]; negate?: boolean }
  /** session affinity: `--set` records the source, `--rcheck --seconds N --reap` looks it up */
  | { module: 'recent'; name: string; action: 'set' | 'rcheck'; seconds?: number; reap?: boolean }
  /** an ipset lookup (kube-proxy's IPVS mode): `-m set --match-set KUBE-CLUSTER-IP dst,dst` */
  | { module: 'set'; set: string; flags: string; negate?: boolean };

export type Target =
  | { kind: 'jump'; chain: string }
  | { kind: 'goto'; chain: string }
  | { kind: 'ACCEPT' }
  | { kind: 'DROP' }
  | { kind: 'RETURN' }
  | { kind: 'REJECT'; rejectWith?: string }
  | { kind: 'DNAT'; toDestination: string }
  | { kind: 'SNAT'; toSource: string; randomFully?: boolean }
  | { kind: 'MASQUERADE'; randomFully?: boolean }
  /** MARK in the kernel's form: mark = (mark & ~mask) ^ value (`--or-mark v` is v/v, `--xor-mark v` is v/0) */
  | { kind: 'MARK'; value: number; mask: number };

export interface Rule {
  src?: AddrMatch;
  dst?: AddrMatch;
  inIface?: IfaceMatch;
  outIface?: IfaceMatch;
  proto?: { name: string; negate?: boolean };
  matches: Match[];
  /** no target: the rule only counts packets */
  target?: Target;
}

export interface Chain {
  name: string;
  /** built-in chains have a policy; user chains print `-` */
  policy?: 'ACCEPT' | 'DROP';
  rules: Rule[];
}

export interface Table {
  name: TableName;
  chains: Chain[];
}

export interface Netfilter {
  /** in creation order (iptables-nft-save lists tables as the kernel holds them) */
  tables: Table[];
}

export function newNetfilter(): Netfilter {
  return { tables: [] };
}

/** The table, created with its built-in chains (policy ACCEPT) on first use, as the nft backend does. */
export function ensureTable(nf: Netfilter, name: TableName): Table {
  let t = nf.tables.find((x) => x.name === name);
  if (!t) {
    t = { name, chains: BUILTIN_CHAINS[name].map((c) => ({ name: c, policy: 'ACCEPT', rules: [] })) };
    nf.tables.push(t);
  }
  return t;
}

export function findChain(nf: Netfilter, table: TableName, chain: string): Chain | undefined {
  return nf.tables.find((t) => t.name === table)?.chains.find((c) => c.name === chain);
}

/** `iptables -t <table> -N <chain>` when missing (idempotent, like EnsureChain). */
export function ensureChain(nf: Netfilter, table: TableName, chain: string): Chain {
  const t = ensureTable(nf, table);
  let c = t.chains.find((x) => x.name === chain);
  if (!c) {
    c = { name: chain, rules: [] };
    t.chains.push(c);
  }
  return c;
}

/** `iptables -A`: append to the chain (created if needed). */
export function appendRule(nf: Netfilter, table: TableName, chain: string, rule: Rule): void {
  ensureChain(nf, table, chain).rules.push(rule);
}

/** `iptables -I <chain> 1`: insert at the top (kube-proxy's EnsureRule(Prepend) for its jump rules). */
export function prependRule(nf: Netfilter, table: TableName, chain: string, rule: Rule): void {
  ensureChain(nf, table, chain).rules.unshift(rule);
}

export const comment = (text: string): Match => ({ module: 'comment', comment: text });
export const jump = (chain: string): Target => ({ kind: 'jump', chain });
/** `-j MARK --or-mark v` */
export const orMark = (v: number): Target => ({ kind: 'MARK', value: v, mask: v });
/** `-j MARK --xor-mark v` */
export const xorMark = (v: number): Target => ({ kind: 'MARK', value: v, mask: 0 });
