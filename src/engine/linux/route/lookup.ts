// The routing decision (fib_lookup): the local table first (every address on a link of the namespace
// is local, delivered through lo), then the main table by longest prefix, lowest metric on a tie.
// UPSTREAM: net/ipv4/fib_frontend.c, fib_trie.c (fib_table_lookup), route.c (ip_route_input_slow)
// SIMPLIFICATION: two tables (local, main), no policy rules, no broadcast/multicast routes, no
// ECMP; the preferred source is the route's `src` or the first IPv4 address of its device.

import { ipToInt, isIPv4, toPrefix } from '../inet';
import type { Link, NetNamespace, Route } from '../netns';
import { formatRoute } from '../iproute2/format';

export type RouteResult =
  /** the address belongs to this namespace (`local 10.244.1.1 dev cni0 table local ...`) */
  | { kind: 'local'; link: Link; rule: string }
  /** a unicast route: send on `dev` to `nextHop` (the gateway, or the destination itself when on-link) */
  | { kind: 'unicast'; route: Route; dev: string; nextHop: string; gateway?: string; src?: string; rule: string }
  /** blackhole / unreachable / prohibit */
  | { kind: 'reject'; route: Route; type: 'blackhole' | 'unreachable' | 'prohibit'; rule: string }
  /** no route at all (`RTNETLINK answers: Network is unreachable`) */
  | { kind: 'none' };

function prefixMatch(dst: string, d: number): number {
  if (dst === 'default') return 0;
  const p = toPrefix(dst);
  const size = 2 ** (32 - p.prefixLen);
  const base = ipToInt(p.network);
  return d >= base && d < base + size ? p.prefixLen : -1;
}

/** The local address's link, if `ip` is one of the namespace's IPv4 addresses. */
export function localLink(ns: NetNamespace, ip: string): Link | undefined {
  return ns.links.find((l) => l.addresses.some((a) => a.family === 'inet' && a.local === ip));
}

export function isLocalAddress(ns: NetNamespace, ip: string): boolean {
  return localLink(ns, ip) !== undefined || ip.startsWith('127.');
}

/** `ip route get`-like lookup for `dst`. */
export function routeLookup(ns: NetNamespace, dst: string): RouteResult {
  if (!isIPv4(dst)) return { kind: 'none' };
  const local = localLink(ns, dst) ?? (dst.startsWith('127.') ? ns.links.find((l) => l.kind === 'loopback') : undefined);
  if (local) return { kind: 'local', link: local, rule: `local ${dst} dev ${local.name} table local proto kernel scope host src ${dst}` };
  const d = ipToInt(dst);
  let best: Route | undefined;
  let bestLen = -1;
  for (const r of ns.routes) {
    const len = prefixMatch(r.dst, d);
    if (len < 0) continue;
    if (len > bestLen || (len === bestLen && (r.metric ?? 0) < (best?.metric ?? 0))) {
      best = r;
      bestLen = len;
    }
  }
  if (!best) return { kind: 'none' };
  const rule = formatRoute(best);
  if (best.type && best.type !== 'unicast') return { kind: 'reject', route: best, type: best.type, rule };
  if (!best.dev) return { kind: 'none' };
  const dev = ns.links.find((l) => l.name === best.dev);
  const src = best.src ?? dev?.addresses.find((a) => a.family === 'inet')?.local;
  return { kind: 'unicast', route: best, dev: best.dev, nextHop: best.via ?? dst, ...(best.via ? { gateway: best.via } : {}), ...(src ? { src } : {}), rule };
}

/** The source address the kernel picks for a new connection to `dst` (inet_select_addr). */
export function sourceAddressFor(ns: NetNamespace, dst: string): string | undefined {
  const r = routeLookup(ns, dst);
  if (r.kind === 'local') return dst;
  if (r.kind === 'unicast') return r.src ?? ns.links.flatMap((l) => l.addresses).find((a) => a.family === 'inet' && a.scope === 'global')?.local;
  return undefined;
}
