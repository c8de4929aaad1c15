// Packet headers as the walker carries them: copy-on-write updates (every hop keeps its own before
// and after), TTL decrement at each routing hop, and the short text forms a trace prints.
// UPSTREAM: net/ipv4/ip_forward.c (ip_decrease_ttl), include/uapi/linux/in.h
// SIMPLIFICATION: no checksums, lengths, IP options or TCP sequence numbers.

import type { L4Proto, PacketHeaders } from '../api/trace';

/** A deep copy (headers are small plain objects). */
export function clonePacket(p: PacketHeaders): PacketHeaders {
  return {
    ...(p.eth ? { eth: { ...p.eth } } : {}),
    ip: { ...p.ip },
    ...(p.l4 ? { l4: { ...p.l4 } } : {}),
    ...(p.icmp ? { icmp: { ...p.icmp } } : {}),
    ...(p.outer ? { outer: { ...p.outer, ip: { ...p.outer.ip }, ...(p.outer.eth ? { eth: { ...p.outer.eth } } : {}), ...(p.outer.udp ? { udp: { ...p.outer.udp } } : {}) } } : {}),
    ...(p.payload !== undefined ? { payload: p.payload } : {}),
    ...(p.mark !== undefined ? { mark: p.mark } : {}),
  };
}

/** A copy with `change` applied to the copy. */
export function withPacket(p: PacketHeaders, change: (q: PacketHeaders) => void): PacketHeaders {
  const q = clonePacket(p);
  change(q);
  return q;
}

/** ip_forward's TTL decrement (the caller drops the packet when the result is 0). */
export function decTtl(p: PacketHeaders): PacketHeaders {
  return withPacket(p, (q) => {
    q.ip.ttl -= 1;
  });
}

export function setDst(p: PacketHeaders, ip: string, port?: number): PacketHeaders {
  return withPacket(p, (q) => {
    q.ip.dst = ip;
    if (port !== undefined && q.l4) q.l4.dport = port;
  });
}

export function setSrc(p: PacketHeaders, ip: string, port?: number): PacketHeaders {
  return withPacket(p, (q) => {
    q.ip.src = ip;
    if (port !== undefined && q.l4) q.l4.sport = port;
  });
}

export function setEth(p: PacketHeaders, src: string, dst: string): PacketHeaders {
  return withPacket(p, (q) => {
    q.eth = { src, dst };
  });
}

export function sport(p: PacketHeaders): number {
  return p.l4?.sport ?? 0;
}

export function dport(p: PacketHeaders): number {
  return p.l4?.dport ?? 0;
}

/** `10.244.1.5:80` (no port for ICMP). */
export function endpointText(ip: string, port: number | undefined, proto: L4Proto): string {
  return proto === 'ICMP' || port === undefined ? ip : `${ip}:${port}`;
}

/** `TCP 10.244.1.3:40000 -> 10.96.0.10:80`. */
export function flowText(p: PacketHeaders): string {
  const proto = p.ip.proto;
  if (p.icmp) return `ICMP ${p.icmp.type}${p.icmp.code ? ` (${p.icmp.code})` : ''} ${p.ip.src} -> ${p.ip.dst}`;
  return `${proto} ${endpointText(p.ip.src, p.l4?.sport, proto)} -> ${endpointText(p.ip.dst, p.l4?.dport, proto)}`;
}

/** The initial TTL Linux uses (net.ipv4.ip_default_ttl). */
export const DEFAULT_TTL = 64;

/** A new packet from a socket. */
export function newPacket(opts: { src: string; dst: string; proto: L4Proto; sport: number; dport: number; payload?: string; flags?: string }): PacketHeaders {
  const p: PacketHeaders = { ip: { src: opts.src, dst: opts.dst, proto: opts.proto, ttl: DEFAULT_TTL } };
  if (opts.proto === 'ICMP') p.icmp = { type: 'echo-request', id: opts.sport, seq: 1 };
  else p.l4 = { sport: opts.sport, dport: opts.dport, ...(opts.proto === 'TCP' ? { flags: opts.flags ?? 'SYN' } : {}) };
  if (opts.payload !== undefined) p.payload = opts.payload;
  return p;
}
