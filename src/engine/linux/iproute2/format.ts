// iproute2's text for links, addresses, routes, neighbours and the bridge FDB (iproute2 6.x: no
// trailing spaces, `proto kernel_ll` on kernel link-local addresses).
// UPSTREAM: iproute2 ip/ipaddress.c (print_linkinfo, print_addrinfo), ip/iproute.c (print_route),
// ip/ipneigh.c (print_neigh), bridge/fdb.c (print_fdb)
// SIMPLIFICATION: no statistics (-s), JSON (-j) or colour; `-d` adds detail only for VXLAN devices.

import type { FdbEntry, InetAddress, Link, NetNamespace, Neighbour, Route } from '../netns';
import { ipToInt, isIPv4, toPrefix } from '../inet';

function linkName(l: Link): string {
  if (l.kind === 'ipip') return `${l.name}@NONE`;
  return l.peer ? `${l.name}@if${l.peer.ifindex}` : l.name;
}

function linkLayer(l: Link): string {
  if (l.kind === 'loopback') return `link/loopback ${l.mac} brd 00:00:00:00:00:00`;
  if (l.kind === 'tun') return 'link/none';
  if (l.kind === 'ipip') return 'link/ipip 0.0.0.0 brd 0.0.0.0';
  let s = `link/ether ${l.mac} brd ff:ff:ff:ff:ff:ff`;
  if (l.peer?.netns) s += ` link-netns ${l.peer.netns}`;
  else if (l.peer?.netnsId !== undefined) s += ` link-netnsid ${l.peer.netnsId}`;
  return s;
}

/** The first line `N: name: <FLAGS> mtu ... group default [qlen N]`; `ip link` adds `mode DEFAULT`. */
export function linkHeader(l: Link, mode: boolean): string {
  let s = `${l.index}: ${linkName(l)}: <${l.flags.join(',')}> mtu ${l.mtu} qdisc ${l.qdisc}`;
  if (l.master) s += ` master ${l.master}`;
  s += ` state ${l.state}`;
  if (mode) s += ' mode DEFAULT';
  s += ' group default';
  if (l.qlen !== undefined) s += ` qlen ${l.qlen}`;
  return s;
}

function vxlanDetails(l: Link): string[] {
  const v = l.vxlan;
  if (!v) return [];
  return [
    `    vxlan id ${v.id} local ${v.local} dev ${v.dev} srcport 0 0 dstport ${v.dstPort} ${v.learning ? 'learning' : 'nolearning'} ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 65536 tso_max_segs 65535 gro_max_size 65536`,
  ];
}

function addressLines(l: Link, a: InetAddress): string[] {
  const flags = a.flags?.length ? ` ${a.flags.join(' ')}` : '';
  const first = a.family === 'inet'
    ? `    inet ${a.local}/${a.prefixLen}${a.broadcast ? ` brd ${a.broadcast}` : ''} scope ${a.scope}${flags} ${l.name}`
    : `    inet6 ${a.local}/${a.prefixLen} scope ${a.scope}${flags}`;
  return [first, '       valid_lft forever preferred_lft forever'];
}

export type Family = 'inet' | 'inet6' | undefined;

/** `ip addr`: every link with its addresses; `-4`/`-6` keep only links with such addresses. */
export function formatIpAddr(links: readonly Link[], family: Family): string {
  const out: string[] = [];
  for (const l of links) {
    const addrs = l.addresses.filter((a) => !family || a.family === family);
    if (family && addrs.length === 0) continue;
    out.push(linkHeader(l, false));
    if (!family) out.push(`    ${linkLayer(l)}`);
    for (const a of addrs) out.push(...addressLines(l, a));
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** `ip -br addr`: name, operstate, addresses. */
export function formatIpAddrBrief(links: readonly Link[], family: Family): string {
  return links
    .filter((l) => !family || l.addresses.some((a) => a.family === family))
    .map((l) => {
      const addrs = l.addresses.filter((a) => !family || a.family === family).map((a) => `${a.local}/${a.prefixLen} `).join('');
      return `${linkName(l).padEnd(16)} ${l.state.padEnd(14)} ${addrs}\n`;
    })
    .join('');
}

/** `ip link` (and `ip -d link` for a VXLAN device's parameters). */
export function formatIpLink(links: readonly Link[], details: boolean): string {
  const out: string[] = [];
  for (const l of links) {
    out.push(linkHeader(l, true));
    out.push(`    ${linkLayer(l)}${details ? ' promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535' : ''}`);
    if (details) out.push(...vxlanDetails(l));
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** `ip -br link`. */
export function formatIpLinkBrief(links: readonly Link[]): string {
  return links.map((l) => `${linkName(l).padEnd(16)} ${l.state.padEnd(14)} ${l.mac} <${l.flags.join(',')}>\n`).join('');
}

/** A route's destination as `ip route` prints it: `default`, a bare address for /32, else CIDR. */
export function routeDst(dst: string): string {
  if (dst === 'default') return dst;
  const p = toPrefix(dst);
  return p.prefixLen === 32 ? p.network : `${p.network}/${p.prefixLen}`;
}

function routeKey(r: Route): [number, number] {
  if (r.dst === 'default') return [-1, 0];
  const p = toPrefix(r.dst);
  return [ipToInt(p.network), p.prefixLen];
}

/** The kernel's dump order: by destination address, then longer prefixes first. */
export function sortRoutes(routes: readonly Route[]): Route[] {
  return [...routes].sort((a, b) => {
    const [na, la] = routeKey(a);
    const [nb, lb] = routeKey(b);
    return na !== nb ? na - nb : lb - la;
  });
}

/** One `ip route` line; `omitDev` when the listing was filtered by `dev`. */
export function formatRoute(r: Route, omitDev = false): string {
  const parts: string[] = [];
  if (r.type && r.type !== 'unicast') parts.push(r.type);
  parts.push(routeDst(r.dst));
  if (r.via) parts.push(`via ${r.via}`);
  if (r.dev && !omitDev) parts.push(`dev ${r.dev}`);
  if (r.proto && r.proto !== 'boot') parts.push(`proto ${r.proto}`);
  if (r.scope && r.scope !== 'global') parts.push(`scope ${r.scope}`);
  if (r.src) parts.push(`src ${r.src}`);
  if (r.metric !== undefined) parts.push(`metric ${r.metric}`);
  if (r.onlink) parts.push('onlink');
  return parts.join(' ');
}

export function formatIpRoute(routes: readonly Route[], dev?: string): string {
  return sortRoutes(routes.filter((r) => !dev || r.dev === dev)).map((r) => `${formatRoute(r, !!dev)}\n`).join('');
}

export function formatNeighbour(n: Neighbour, omitDev = false): string {
  const parts = [n.dst];
  if (!omitDev) parts.push(`dev ${n.dev}`);
  if (n.lladdr) parts.push(`lladdr ${n.lladdr}`);
  parts.push(n.state);
  return parts.join(' ');
}

export function formatIpNeigh(neigh: readonly Neighbour[], dev?: string): string {
  return neigh.filter((n) => !dev || n.dev === dev).map((n) => `${formatNeighbour(n, !!dev)}\n`).join('');
}

export function formatFdbEntry(e: FdbEntry, omitDev = false): string {
  const parts = [e.mac];
  if (!omitDev) parts.push(`dev ${e.dev}`);
  if (e.vlan !== undefined) parts.push(`vlan ${e.vlan}`);
  if (e.dst) parts.push(`dst ${e.dst}`);
  if (e.master) parts.push(`master ${e.master}`);
  if (e.self) parts.push('self');
  if (e.permanent) parts.push('permanent');
  return parts.join(' ');
}

/** `bridge fdb show [dev X] [br B]`. */
export function formatBridgeFdb(fdb: readonly FdbEntry[], filter: { dev?: string; br?: string } = {}): string {
  return fdb
    .filter((e) => (!filter.dev || e.dev === filter.dev) && (!filter.br || e.master === filter.br || e.dev === filter.br))
    .map((e) => `${formatFdbEntry(e, !!filter.dev)}\n`)
    .join('');
}

/** `ip rule`: the three default policy-routing rules. */
export function formatIpRule(): string {
  return '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n';
}

/** The route the kernel picks for `dst` (longest prefix, then lowest metric), and the source address. */
export function lookupRoute(ns: NetNamespace, dst: string): { route?: Route; local?: Link; src?: string } {
  if (!isIPv4(dst)) return {};
  for (const l of ns.links) {
    if (l.addresses.some((a) => a.family === 'inet' && a.local === dst)) return { local: l, src: dst };
  }
  const d = ipToInt(dst);
  let best: Route | undefined;
  let bestLen = -1;
  for (const r of ns.routes) {
    let len: number;
    if (r.dst === 'default') len = 0;
    else {
      const p = toPrefix(r.dst);
      const size = 2 ** (32 - p.prefixLen);
      const base = ipToInt(p.network);
      if (d < base || d >= base + size) continue;
      len = p.prefixLen;
    }
    if (len > bestLen || (len === bestLen && (r.metric ?? 0) < (best?.metric ?? 0))) {
      best = r;
      bestLen = len;
    }
  }
  if (!best) return {};
  const dev = best.dev ? ns.links.find((l) => l.name === best.dev) : undefined;
  const src = best.src ?? dev?.addresses.find((a) => a.family === 'inet')?.local;
  return { route: best, src };
}
