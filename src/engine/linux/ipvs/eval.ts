// IPVS at LOCAL_IN: a packet for a virtual server (address:port:protocol) is scheduled to one of its
// real servers and, in masquerading (NAT) mode, its destination rewritten to that real server.
// UPSTREAM: net/netfilter/ipvs/ip_vs_core.c (ip_vs_in, ip_vs_schedule, ip_vs_leave: ICMP port
// unreachable when no destination), ip_vs_rr.c, ip_vs_sh.c, ip_vs_dh.c, ip_vs_lc.c, ip_vs_ctl.c
// (persistence), ip_vs_xmit.c (ip_vs_nat_xmit)
// SIMPLIFICATION: each trace is a new connection, so rr's and wrr's position is a random draw;
// sh/dh hash the client/destination address into 256 buckets dealt round robin to the live servers
// (every weight is 1, no port hashing, no fallback), so bucket mod servers picks; mh (maglev) is
// treated like sh; lc, wlc, sed, nq, lblc and lblcr all pick the fewest active connections (weights
// are 1, no locality table), ties going to the first in the list; persistence (sessionAffinity
// ClientIP) reuses an earlier pick from the templates the caller keeps (the World, between traces);
// a template lives `persistent` seconds from its last use.

import type { L4Proto } from '../../api/trace';
import { ipToInt } from '../inet';
import type { IpvsRealServer, IpvsVirtualServer, NetNamespace } from '../netns';

export function findVirtualServer(ns: NetNamespace, proto: L4Proto, dst: string, dport: number): IpvsVirtualServer | undefined {
  return (ns.ipvs ?? []).find((vs) => vs.protocol === proto && vs.address === dst && vs.port === dport);
}

/** `TCP  10.96.0.10:80 rr` (+ ` persistent 10800`), as ipvsadm -Ln prints a virtual server. */
export function formatVirtualServer(vs: IpvsVirtualServer): string {
  return `${vs.protocol}  ${vs.address}:${vs.port} ${vs.scheduler}${vs.persistentSeconds !== undefined ? ` persistent ${vs.persistentSeconds}` : ''}`;
}

/** `  -> 10.244.1.5:80                Masq    1      0          0` */
export function formatRealServer(r: IpvsRealServer): string {
  return `  -> ${`${r.address}:${r.port}`.padEnd(28)} ${r.forward.padEnd(7)} ${String(r.weight).padEnd(6)} ${String(r.activeConn).padEnd(10)} ${r.inActConn}`;
}

export interface IpvsPick {
  vs: IpvsVirtualServer;
  /** undefined: no real server available (ip_vs_leave answers ICMP port unreachable) */
  rs?: IpvsRealServer;
  /** the scheduler that picked (`rr`, `sh`, `lc`, ...), 'persistent' (the client's earlier real server reused) */
  how: string;
  /** which scheduler decided and why: `sh: source hash of 10.244.1.3 -> real server 2 of 3` */
  reason: string;
  /** the virtual server and the chosen real server in ipvsadm -Ln's layout */
  rule: string;
}

/** The persistence template's key: `TCP/10.96.0.5:80|10.244.1.3` (virtual server | client). */
export function persistenceKey(vs: IpvsVirtualServer, clientIP: string): string {
  return `${vs.protocol}/${vs.address}:${vs.port}|${clientIP}`;
}

/** Active connections to a real server (ipvsadm's ActiveConn), for the least-connection schedulers. */
export type ActiveConnections = (rs: IpvsRealServer) => number;

export interface IpvsScheduleOptions {
  /** `<vs>|<clientIP>` -> `ip:port` of the real server a persistent service chose before */
  affinity?: ReadonlyMap<string, string>;
  /** absent: each real server's table count (activeConn) */
  activeConnections?: ActiveConnections;
}

/** ip_vs_sh_hashkey / ip_vs_dh_hashkey: a multiplicative hash of the address into 256 buckets (IP_VS_SH_TAB_BITS 8). */
export function ipvsBucket(ip: string): number {
  return (Math.imul(ipToInt(ip), 2654435761 | 0) >>> 0) >>> 24;
}

const LEAST_CONNECTION = new Set(['lc', 'wlc', 'sed', 'nq', 'lblc', 'lblcr']);

/** The scheduler's choice among the live real servers (weight > 0), with its reason. */
function schedule(scheduler: string, live: readonly IpvsRealServer[], clientIP: string, dst: string, randomInt: (n: number) => number, active?: ActiveConnections): { rs: IpvsRealServer; reason: string } {
  const nth = (i: number) => `real server ${i + 1} of ${live.length}`;
  if (scheduler === 'sh' || scheduler === 'mh' || scheduler === 'dh') {
    // The 256 buckets are dealt to the servers in turn, so bucket b belongs to server b mod n.
    const by = scheduler === 'dh' ? dst : clientIP;
    const bucket = ipvsBucket(by);
    const i = bucket % live.length;
    const what = scheduler === 'dh' ? 'destination hash' : scheduler === 'mh' ? 'maglev hash (as source hash)' : 'source hash';
    return { rs: live[i], reason: `${scheduler}: ${what} of ${by} (bucket ${bucket}) -> ${nth(i)}` };
  }
  if (LEAST_CONNECTION.has(scheduler)) {
    // ip_vs_lc_schedule: the first server with the lowest count wins (a later one must be strictly lower).
    const count = active ?? ((r: IpvsRealServer) => r.activeConn);
    const counts = live.map((r) => count(r));
    let i = 0;
    for (let j = 1; j < live.length; j++) if (counts[j] < counts[i]) i = j;
    return { rs: live[i], reason: `${scheduler}: fewest active connections (${counts.join(', ')}) -> ${nth(i)}` };
  }
  const i = randomInt(live.length);
  return { rs: live[i], reason: `${scheduler}: ${scheduler === 'wrr' ? 'weighted round robin' : 'round robin'} (each trace is a new connection: a random position) -> ${nth(i)}` };
}

/**
 * Schedule a new connection from `clientIP` with the virtual server's scheduler. `affinity` maps
 * `<vs>|<clientIP>` to `ip:port` of the real server a persistent service chose before (absent: a
 * fresh pick). dh hashes the packet's destination: the virtual server's address.
 */
export function ipvsSchedule(vs: IpvsVirtualServer, clientIP: string, randomInt: (n: number) => number, opts?: ReadonlyMap<string, string> | IpvsScheduleOptions): IpvsPick {
  const o: IpvsScheduleOptions = opts instanceof Map ? { affinity: opts } : ((opts as IpvsScheduleOptions | undefined) ?? {});
  const live = vs.realServers.filter((r) => r.weight > 0);
  const header = formatVirtualServer(vs);
  if (live.length === 0) return { vs, how: 'none', reason: `${vs.scheduler}: no real servers`, rule: header };
  if (vs.persistentSeconds !== undefined) {
    const prev = o.affinity?.get(persistenceKey(vs, clientIP));
    const rs = prev ? live.find((r) => `${r.address}:${r.port}` === prev) : undefined;
    if (rs) return { vs, rs, how: 'persistent', reason: `the client's earlier real server (persistent): ${clientIP}'s template names ${prev}`, rule: `${header}\n${formatRealServer(rs)}` };
  }
  const { rs, reason } = schedule(vs.scheduler, live, clientIP, vs.address, randomInt, o.activeConnections);
  return { vs, rs, how: vs.scheduler, reason, rule: `${header}\n${formatRealServer(rs)}` };
}
