// IPVS at LOCAL_IN: a packet for a virtual server (address:port:protocol) is scheduled to one of its
// real servers and, in masquerading (NAT) mode, its destination rewritten to that real server.
// UPSTREAM: net/netfilter/ipvs/ip_vs_core.c (ip_vs_in, ip_vs_schedule, ip_vs_leave: ICMP port
// unreachable when no destination), ip_vs_rr.c, ip_vs_ctl.c (persistence), ip_vs_xmit.c (ip_vs_nat_xmit)
// SIMPLIFICATION: each trace is a new connection, so round robin's position is a random draw;
// persistence (sessionAffinity ClientIP) reuses an earlier pick from the templates the caller keeps
// (the World, between traces); a template lives `persistent` seconds from its last use.

import type { L4Proto } from '../../api/trace';
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
  /** 'rr' (a new connection), 'persistent' (the client's earlier real server reused) */
  how: 'rr' | 'persistent' | 'none';
  /** the virtual server and the chosen real server in ipvsadm -Ln's layout */
  rule: string;
}

/** The persistence template's key: `TCP/10.96.0.5:80|10.244.1.3` (virtual server | client). */
export function persistenceKey(vs: IpvsVirtualServer, clientIP: string): string {
  return `${vs.protocol}/${vs.address}:${vs.port}|${clientIP}`;
}

/**
 * Schedule a new connection from `clientIP`. `affinity` maps `<vs>|<clientIP>` to `ip:port` of the
 * real server a persistent service chose before (absent: a fresh pick).
 */
export function ipvsSchedule(vs: IpvsVirtualServer, clientIP: string, randomInt: (n: number) => number, affinity?: ReadonlyMap<string, string>): IpvsPick {
  const live = vs.realServers.filter((r) => r.weight > 0);
  const header = formatVirtualServer(vs);
  if (live.length === 0) return { vs, how: 'none', rule: header };
  if (vs.persistentSeconds !== undefined) {
    const prev = affinity?.get(persistenceKey(vs, clientIP));
    const rs = prev ? live.find((r) => `${r.address}:${r.port}` === prev) : undefined;
    if (rs) return { vs, rs, how: 'persistent', rule: `${header}\n${formatRealServer(rs)}` };
  }
  const rs = live[randomInt(live.length)];
  return { vs, rs, how: 'rr', rule: `${header}\n${formatRealServer(rs)}` };
}
