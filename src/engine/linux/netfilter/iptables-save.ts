// iptables-save's text: per table a header, the chain declarations (built-in chains with their
// policy and counters, then user chains in name order), the rules chain by chain, COMMIT.
// UPSTREAM: iptables/xtables-save.c, iptables/nft-ruleparse + nft-shared (rule printing order:
// -s -d -i -o -p, then matches in rule order, then the target), libxtables xtables_save_string,
// extensions/libxt_{comment,tcp,udp,multiport,addrtype,statistic,mark,conntrack,recent,MARK,DNAT,SNAT,MASQUERADE,REJECT}.c
// SIMPLIFICATION: packet and byte counters are always 0; the nf_tables flavour of iptables 1.8.10.

import { toFixedExact } from '../decimal';
import { toPrefix, prefixString } from '../inet';
import type { Chain, CtState, Match, Netfilter, PortMatch, Rule, Table, TableName, Target } from './types';
import { BUILTIN_CHAINS } from './types';

export const IPTABLES_VERSION = 'v1.8.10 (nf_tables)';

/** ctime(3) in UTC: `Thu Feb  2 00:57:54 2023`. */
export function ctime(epochMs: number): string {
  const d = new Date(epochMs);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** libxtables' xtables_save_string: bare when only [A-Za-z0-9_-], else double-quoted with `"`, `\`, `'` escaped. */
export function saveString(value: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(value)) return value;
  return `"${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

/**
 * What the kernel keeps of a `--probability` and what iptables-save prints back: xt_statistic
 * stores lround(p * 2^31) and libxt_statistic prints it divided by 2^31 with %.11f. Worked example:
 * kube-proxy writes 1/3 as "0.3333333333"; 0.3333333333 * 2^31 = 715827882.6 -> 715827883;
 * 715827883 / 2^31 = 0.333333333488... -> "0.33333333349".
 */
export function kernelProbability(written: string): string {
  const p = Number(written);
  const fixed = Math.round(p * 0x80000000);
  return toFixedExact(fixed / 0x80000000, 11);
}

function addr(cidr: string): string {
  return prefixString(toPrefix(cidr));
}

function neg(n: boolean | undefined): string {
  return n ? '! ' : '';
}

function portText(p: PortMatch): string {
  return p.end !== undefined ? `${p.port}:${p.end}` : String(p.port);
}

const CTSTATE_ORDER: readonly CtState[] = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'];

function hexMark(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}

export function renderMatch(m: Match): string {
  switch (m.module) {
    case 'comment':
      return `-m comment --comment ${saveString(m.comment)}`;
    case 'tcp':
    case 'udp':
    case 'sctp': {
      let s = `-m ${m.module}`;
      if (m.sport) s += ` ${neg(m.sport.negate)}--sport ${portText(m.sport)}`;
      if (m.dport) s += ` ${neg(m.dport.negate)}--dport ${portText(m.dport)}`;
      return s;
    }
    case 'multiport': {
      // libxt_multiport's save prints the short option names whatever was written (--destination-ports -> --dports).
      let s = '-m multiport';
      if (m.sports) s += ` ${neg(m.negate)}--sports ${m.sports.map(portText).join(',')}`;
      if (m.dports) s += ` ${neg(m.negate)}--dports ${m.dports.map(portText).join(',')}`;
      return s;
    }
    case 'addrtype': {
      let s = '-m addrtype';
      if (m.srcType) s += ` ${neg(m.negateSrc)}--src-type ${m.srcType}`;
      if (m.dstType) s += ` ${neg(m.negateDst)}--dst-type ${m.dstType}`;
      return s;
    }
    case 'statistic':
      return `-m statistic --mode random --probability ${kernelProbability(m.probability)}`;
    case 'mark': {
      const mask = m.mask === undefined || m.mask >>> 0 === 0xffffffff ? '' : `/${hexMark(m.mask)}`;
      return `-m mark ${neg(m.negate)}--mark ${hexMark(m.value)}${mask}`;
    }
    case 'conntrack': {
      const states = CTSTATE_ORDER.filter((s) => m.ctstate.includes(s)).join(',');
      return `-m conntrack ${neg(m.negate)}--ctstate ${states}`;
    }
    case 'recent':
      return m.action === 'set'
        ? `-m recent --set --name ${m.name} --mask 255.255.255.255 --rsource`
        : `-m recent --rcheck${m.seconds !== undefined ? ` --seconds ${m.seconds}` : ''}${m.reap ? ' --reap' : ''} --name ${m.name} --mask 255.255.255.255 --rsource`;
    case 'set':
      return `-m set ${neg(m.negate)}--match-set ${m.set} ${m.flags}`;
  }
}

export function renderTarget(t: Target): string {
  switch (t.kind) {
    case 'jump':
      return `-j ${t.chain}`;
    case 'goto':
      return `-g ${t.chain}`;
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      return `-j ${t.kind}`;
    case 'REJECT':
      return `-j REJECT --reject-with ${t.rejectWith ?? 'icmp-port-unreachable'}`;
    case 'DNAT':
      return `-j DNAT --to-destination ${t.toDestination}`;
    case 'SNAT':
      return `-j SNAT --to-source ${t.toSource}${t.randomFully ? ' --random-fully' : ''}`;
    case 'MASQUERADE':
      return `-j MASQUERADE${t.randomFully ? ' --random-fully' : ''}`;
    case 'MARK':
      return `-j MARK --set-xmark ${hexMark(t.value)}/${hexMark(t.mask)}`;
  }
}

/** One `-A` line, in iptables-save's order. */
export function renderRule(chain: string, r: Rule): string {
  const parts = [`-A ${chain}`];
  if (r.src) parts.push(`${neg(r.src.negate)}-s ${addr(r.src.cidr)}`);
  if (r.dst) parts.push(`${neg(r.dst.negate)}-d ${addr(r.dst.cidr)}`);
  if (r.inIface) parts.push(`${neg(r.inIface.negate)}-i ${r.inIface.name}`);
  if (r.outIface) parts.push(`${neg(r.outIface.negate)}-o ${r.outIface.name}`);
  if (r.proto) parts.push(`${neg(r.proto.negate)}-p ${r.proto.name}`);
  for (const m of r.matches) parts.push(renderMatch(m));
  if (r.target) parts.push(renderTarget(r.target));
  return parts.join(' ');
}

/** Built-in chains in hook order, then user chains sorted by name. */
export function orderedChains(t: Table): Chain[] {
  const builtins = BUILTIN_CHAINS[t.name];
  const b = builtins.map((n) => t.chains.find((c) => c.name === n)).filter((c): c is Chain => !!c);
  const user = t.chains.filter((c) => !builtins.includes(c.name)).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return [...b, ...user];
}

export interface SaveOptions {
  /** only this table (`-t nat`) */
  table?: TableName;
  /** `-c`: print rule counters */
  counters?: boolean;
  /** wall-clock time for the header and footer */
  epochMs: number;
}

/** The text `iptables-save` prints for `nf`. */
export function iptablesSave(nf: Netfilter, opts: SaveOptions): string {
  const when = ctime(opts.epochMs);
  const out: string[] = [];
  for (const t of nf.tables) {
    if (opts.table && t.name !== opts.table) continue;
    out.push(`# Generated by iptables-save ${IPTABLES_VERSION} on ${when}`);
    out.push(`*${t.name}`);
    const chains = orderedChains(t);
    for (const c of chains) out.push(`:${c.name} ${c.policy ?? '-'} [0:0]`);
    for (const c of chains) {
      for (const r of c.rules) out.push(`${opts.counters ? '[0:0] ' : ''}${renderRule(c.name, r)}`);
    }
    out.push('COMMIT');
    out.push(`# Completed on ${when}`);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

const SAVE_HINT = "Look at manual page `iptables-save.8' for more information.\n";

/** The `iptables-save` command: `[-c] [-t table]`, getopt-style errors. */
export function runIptablesSave(nf: Netfilter, args: string[], epochMs: number): { stdout: string; stderr: string; exitCode: number } {
  let table: string | undefined;
  let counters = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-c' || a === '--counters') counters = true;
    else if (a === '-t' || a === '--table') {
      table = args[++i];
      if (table === undefined) return { stdout: '', stderr: `iptables-save: option requires an argument -- 't'\n${SAVE_HINT}`, exitCode: 1 };
    } else if (a.startsWith('--table=')) table = a.slice('--table='.length);
    else if (/^-t./.test(a)) table = a.slice(2);
    else if (a === '-V' || a === '--version') return { stdout: `iptables-save ${IPTABLES_VERSION}\n`, stderr: '', exitCode: 0 };
    else if (a === '-h' || a === '--help') {
      return { stdout: 'Usage: iptables-save [-b] [-c] [-d] [-t table] [-V]\n', stderr: '', exitCode: 0 };
    } else if (a.startsWith('--')) return { stdout: '', stderr: `iptables-save: unrecognized option '${a}'\n${SAVE_HINT}`, exitCode: 1 };
    else if (a.startsWith('-')) return { stdout: '', stderr: `iptables-save: invalid option -- '${a.slice(1, 2)}'\n${SAVE_HINT}`, exitCode: 1 };
    else return { stdout: '', stderr: 'Unknown arguments found on commandline\n', exitCode: 1 };
  }
  if (table === undefined) return { stdout: iptablesSave(nf, { counters, epochMs }), stderr: '', exitCode: 0 };
  if (!(table in BUILTIN_CHAINS)) return { stdout: '', stderr: `Table \`${table}' does not exist\n`, exitCode: 1 };
  const name = table as TableName;
  const present = nf.tables.find((t) => t.name === name);
  // A built-in table nothing has used yet: iptables-nft shows it with its empty built-in chains.
  const view: Netfilter = { tables: [present ?? { name, chains: BUILTIN_CHAINS[name].map((c) => ({ name: c, policy: 'ACCEPT', rules: [] })) }] };
  return { stdout: iptablesSave(view, { counters, epochMs, table: name }), stderr: '', exitCode: 0 };
}

/** `iptables [-t table] -S [chain]`: the rules as commands (`-P`, `-N`, `-A`). */
export function runIptables(nf: Netfilter, args: string[]): { stdout: string; stderr: string; exitCode: number } {
  let table: TableName = 'filter';
  let list = false;
  let chainName: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-t' || a === '--table') {
      const t = args[++i];
      if (!t || !(t in BUILTIN_CHAINS)) return { stdout: '', stderr: `iptables ${IPTABLES_VERSION}: can't initialize iptables table \`${t ?? ''}': Table does not exist (do you need to insmod?)\nPerhaps iptables or your kernel needs to be upgraded.\n`, exitCode: 3 };
      table = t as TableName;
    } else if (a === '-S' || a === '--list-rules') {
      list = true;
      if (args[i + 1] && !args[i + 1].startsWith('-')) chainName = args[++i];
    } else if (a === '-n' || a === '-v' || a === '--numeric' || a === '--verbose' || a === '-w') continue;
    else if (a === '-L' || a === '--list') {
      return { stdout: '', stderr: 'iptables -L: not simulated in this sandbox; use iptables -S or iptables-save\n', exitCode: 2 };
    } else if (/^-[AIDRNXPFZE]$/.test(a) || /^--(append|insert|delete|replace|new-chain|delete-chain|policy|flush|zero|rename-chain)$/.test(a)) {
      return { stdout: '', stderr: `iptables ${IPTABLES_VERSION}: read-only node: rules here are programmed by kube-proxy and the CNI plugin from the cluster's objects\n`, exitCode: 4 };
    } else return { stdout: '', stderr: `iptables ${IPTABLES_VERSION}: unknown option "${a}"\nTry \`iptables -h' or 'iptables --help' for more information.\n`, exitCode: 2 };
  }
  if (!list) return { stdout: '', stderr: `iptables ${IPTABLES_VERSION}: no command specified\nTry \`iptables -h' or 'iptables --help' for more information.\n`, exitCode: 2 };
  const t = nf.tables.find((x) => x.name === table) ?? { name: table, chains: BUILTIN_CHAINS[table].map((c) => ({ name: c, policy: 'ACCEPT' as const, rules: [] })) };
  const chains = orderedChains(t);
  const selected = chainName ? chains.filter((c) => c.name === chainName) : chains;
  if (chainName && selected.length === 0) return { stdout: '', stderr: `iptables: No chain/target/match by that name.\n`, exitCode: 1 };
  const out: string[] = [];
  for (const c of selected) out.push(c.policy ? `-P ${c.name} ${c.policy}` : `-N ${c.name}`);
  for (const c of selected) for (const r of c.rules) out.push(renderRule(c.name, r));
  return { stdout: `${out.join('\n')}\n`, stderr: '', exitCode: 0 };
}
