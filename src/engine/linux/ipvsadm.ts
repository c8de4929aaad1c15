// `ipvsadm -Ln`: the IPVS table kube-proxy's IPVS mode programs, in ipvsadm's layout (virtual servers
// sorted by protocol, address, port; real servers by address and port).
// UPSTREAM: ipvsadm.c (list_all, print_service_entry: "%s  %s %s", "  -> %-28s %-7s %-6d %-10u %-10u")
// SIMPLIFICATION: read-only (no -A/-a/-E/-D); names are never resolved (-L prints like -Ln); no
// --stats/--rate; connection counters are the ones traced traffic left (0 until then).

import { ipToInt } from './inet';
import type { IpvsRealServer, IpvsVirtualServer } from './netns';
import type { ShellResult } from './shell-result';

const PROTO_ORDER = { TCP: 0, UDP: 1, SCTP: 2 } as const;

function byAddrPort(a: { address: string; port: number }, b: { address: string; port: number }): number {
  return ipToInt(a.address) - ipToInt(b.address) || a.port - b.port;
}

/** ipvsadm pads the last columns too; the trailing blanks are dropped here, as iproute2 6.x does. */
function realServerLine(r: IpvsRealServer): string {
  return `  -> ${`${r.address}:${r.port}`.padEnd(28)} ${r.forward.padEnd(7)} ${String(r.weight).padEnd(6)} ${String(r.activeConn).padEnd(10)} ${r.inActConn}`;
}

export function formatIpvsadm(table: readonly IpvsVirtualServer[]): string {
  const out = [
    'IP Virtual Server version 1.2.1 (size=4096)',
    'Prot LocalAddress:Port Scheduler Flags',
    '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
  ];
  const sorted = [...table].sort((a, b) => PROTO_ORDER[a.protocol] - PROTO_ORDER[b.protocol] || byAddrPort(a, b));
  for (const vs of sorted) {
    let line = `${vs.protocol}  ${vs.address}:${vs.port} ${vs.scheduler}`;
    if (vs.persistentSeconds !== undefined) line += ` persistent ${vs.persistentSeconds}`;
    out.push(line);
    for (const r of [...vs.realServers].sort(byAddrPort)) out.push(realServerLine(r));
  }
  return `${out.join('\n')}\n`;
}

/** ipvsadm [-L|-l|--list] [-n|--numeric] [-t|-u|--tcp-service|--udp-service ADDR:PORT] */
export function runIpvsadm(table: readonly IpvsVirtualServer[], args: readonly string[]): ShellResult {
  let filter: { protocol: 'TCP' | 'UDP'; addr: string } | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-t' || a === '-u' || a === '--tcp-service' || a === '--udp-service') {
      const v = args[++i];
      if (!v) return { stdout: '', stderr: `ipvsadm: option requires an argument -- '${a.replace(/^-+/, '')}'\n`, exitCode: 2 };
      filter = { protocol: a === '-t' || a === '--tcp-service' ? 'TCP' : 'UDP', addr: v };
      continue;
    }
    if (a === '--list' || a === '--numeric') continue;
    if (/^-[Lln]+$/.test(a)) continue;
    return { stdout: '', stderr: `ipvsadm: this shell is read-only: only listing (ipvsadm -Ln) is supported, not "${a}"\n`, exitCode: 2 };
  }
  if (filter) {
    const vs = table.find((v) => v.protocol === filter!.protocol && `${v.address}:${v.port}` === filter!.addr);
    if (!vs) return { stdout: '', stderr: 'Memory allocation problem\n', exitCode: 1 };
    return { stdout: formatIpvsadm([vs]), stderr: '', exitCode: 0 };
  }
  return { stdout: formatIpvsadm(table), stderr: '', exitCode: 0 };
}
