// The `ip` command (read-only): address, link, route, neigh and rule, with their real usage errors.
// UPSTREAM: iproute2 ip/ip.c (object table, prefix matching, option parsing), ip/ipaddress.c,
// ip/iplink.c, ip/iproute.c, ip/ipneigh.c, ip/iprule.c
// SIMPLIFICATION: no changes (add/del/flush answer that the network is programmed by CNI and
// kube-proxy); options -4 -6 -br -d are honoured, -s -c -N are accepted and ignored.

import type { NetNamespace } from '../netns';
import { linkByName } from '../netns';
import type { ShellResult } from '../shell-result';
import { fail, ok } from '../shell-result';
import type { Family } from './format';
import { formatIpAddr, formatIpAddrBrief, formatIpLink, formatIpLinkBrief, formatIpNeigh, formatIpRoute, formatIpRule, lookupRoute } from './format';
import { isIPv4 } from '../inet';

export const IP_USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | fou | help | ila | ioam | l2tp | link |
                   macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | stats | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
`;

/** ip.c's object table, in its order: an abbreviation resolves to the first object it prefixes. */
const OBJECTS = [
  'address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'ntbl', 'link', 'l2tp',
  'fou', 'ila', 'macsec', 'tunnel', 'tuntap', 'tap', 'token', 'tcpmetrics', 'tcp_metrics', 'monitor', 'xfrm',
  'mroute', 'mrule', 'netns', 'netconf', 'vrf', 'sr', 'nexthop', 'mptcp', 'ioam', 'stats', 'help',
];

const READ_ONLY = 'RTNETLINK answers: Operation not permitted\n(this sandbox node is programmed by the CNI plugin, flanneld and kube-proxy from the cluster\'s objects; change the objects instead)\n';

function matches(word: string, full: string): boolean {
  return word.length > 0 && full.startsWith(word);
}

interface IpOptions {
  family: Family;
  brief: boolean;
  details: boolean;
}

/** `ip ARGS...` in namespace `ns`. */
export function runIp(ns: NetNamespace, args: string[]): ShellResult {
  const opts: IpOptions = { family: undefined, brief: false, details: false };
  let i = 0;
  for (; i < args.length && args[i].startsWith('-'); i++) {
    const o = args[i].replace(/^--?/, '-');
    if (o === '-4') opts.family = 'inet';
    else if (o === '-6') opts.family = 'inet6';
    else if (matches(o.slice(1), 'brief') && o.length >= 3) opts.brief = true;
    else if (matches(o.slice(1), 'details')) opts.details = true;
    else if (matches(o.slice(1), 'statistics') || matches(o.slice(1), 'color') || matches(o.slice(1), 'Numeric') || o === '-c') continue;
    else if (o === '-V' || matches(o.slice(1), 'Version')) return ok('ip utility, iproute2-6.1.0, libbpf 1.1.2\n');
    else if (o === '-h' || matches(o.slice(1), 'help')) return fail(IP_USAGE, 255);
    else return fail(`Option "${args[i]}" is unknown, try "ip -help".\n`, 255);
  }
  if (i >= args.length) return fail(IP_USAGE, 255);
  const word = args[i];
  const object = OBJECTS.find((o) => matches(word, o));
  if (!object) return fail(`Object "${word}" is unknown, try "ip help".\n`, 255);
  const rest = args.slice(i + 1);
  switch (object) {
    case 'address':
      return ipAddr(ns, rest, opts);
    case 'link':
      return ipLink(ns, rest, opts);
    case 'route':
      return ipRoute(ns, rest);
    case 'neighbor':
    case 'neighbour':
      return ipNeigh(ns, rest);
    case 'rule':
      return rest.length === 0 || ['show', 'list', 'lst'].some((c) => matches(rest[0], c)) ? ok(formatIpRule()) : fail(READ_ONLY, 2);
    case 'help':
      return fail(IP_USAGE, 255);
    default:
      return fail(`ip ${object}: not simulated in this sandbox (try ip address, ip link, ip route, ip neigh, ip rule)\n`, 1);
  }
}

/** `show [dev] NAME` argument parsing shared by addr and link; undefined device = all. */
function showArgs(rest: string[], object: string): { dev?: string; error?: ShellResult } {
  let j = 0;
  if (j < rest.length && ['show', 'list', 'lst'].some((c) => matches(rest[j], c))) j++;
  else if (j < rest.length) {
    if (['add', 'delete', 'change', 'replace', 'flush', 'set'].some((c) => matches(rest[j], c))) return { error: fail(READ_ONLY, 2) };
    if (rest[j] === 'help') return { error: fail(`Usage: ip ${object} show [ dev IFNAME ]\n`, 255) };
    return { error: fail(`Command "${rest[j]}" is unknown, try "ip ${object} help".\n`, 255) };
  }
  let dev: string | undefined;
  for (; j < rest.length; j++) {
    const w = rest[j];
    if (w === 'dev') {
      if (j + 1 >= rest.length) return { error: fail('Command line is not complete. Try option "help"\n', 255) };
      dev = rest[++j];
    } else if (w === 'up' || w === 'scope' || w === 'label') {
      if (w !== 'up') j++;
    } else if (dev === undefined) dev = w;
    else return { error: fail(`Error: either "dev" is duplicate, or "${w}" is a garbage.\n`, 255) };
  }
  return { dev };
}

function ipAddr(ns: NetNamespace, rest: string[], opts: IpOptions): ShellResult {
  const { dev, error } = showArgs(rest, 'address');
  if (error) return error;
  let links = ns.links;
  if (dev !== undefined) {
    const l = linkByName(ns, dev);
    if (!l) return fail(`Device "${dev}" does not exist.\n`, 1);
    links = [l];
  }
  return ok(opts.brief ? formatIpAddrBrief(links, opts.family) : formatIpAddr(links, opts.family));
}

function ipLink(ns: NetNamespace, rest: string[], opts: IpOptions): ShellResult {
  const { dev, error } = showArgs(rest, 'link');
  if (error) return error;
  let links = ns.links;
  if (dev !== undefined) {
    const l = linkByName(ns, dev);
    if (!l) return fail(`Device "${dev}" does not exist.\n`, 1);
    links = [l];
  }
  return ok(opts.brief ? formatIpLinkBrief(links) : formatIpLink(links, opts.details));
}

function ipRoute(ns: NetNamespace, rest: string[]): ShellResult {
  if (rest.length > 0 && matches(rest[0], 'get')) return ipRouteGet(ns, rest.slice(1));
  let j = 0;
  if (j < rest.length && ['show', 'list', 'lst'].some((c) => matches(rest[j], c))) j++;
  else if (j < rest.length) {
    if (['add', 'delete', 'change', 'replace', 'append', 'flush', 'prepend', 'test'].some((c) => matches(rest[j], c))) return fail(READ_ONLY, 2);
    if (rest[j] !== 'dev' && rest[j] !== 'table') return fail(`Command "${rest[j]}" is unknown, try "ip route help".\n`, 255);
  }
  let dev: string | undefined;
  for (; j < rest.length; j++) {
    const w = rest[j];
    if (w === 'dev' || w === 'table') {
      const v = rest[j + 1];
      if (v === undefined) return fail('Command line is not complete. Try option "help"\n', 255);
      j++;
      if (w === 'dev') {
        if (!linkByName(ns, v)) return fail(`Cannot find device "${v}"\n`, 1);
        dev = v;
      } else if (v !== 'main') return fail(`ip route table ${v}: only the main table is simulated in this sandbox\n`, 1);
    } else return fail(`Error: "${w}" is not a valid argument for ip route show in this sandbox.\n`, 255);
  }
  return ok(formatIpRoute(ns.routes, dev));
}

function ipRouteGet(ns: NetNamespace, rest: string[]): ShellResult {
  const target = rest.find((w) => w !== 'to');
  if (!target) return fail('need at least a destination address\n', 1);
  if (!isIPv4(target)) return fail(`Error: any valid prefix is expected rather than "${target}".\n`, 1);
  const r = lookupRoute(ns, target);
  if (r.local) return ok(`local ${target} dev lo table local src ${r.src} uid 0\n    cache <local>\n`);
  if (!r.route || r.route.type === 'blackhole' || r.route.type === 'unreachable') {
    return fail(r.route?.type === 'blackhole' ? 'RTNETLINK answers: Invalid argument\n' : 'RTNETLINK answers: Network is unreachable\n', 2);
  }
  const parts = [target];
  if (r.route.via) parts.push(`via ${r.route.via}`);
  if (r.route.dev) parts.push(`dev ${r.route.dev}`);
  if (r.src) parts.push(`src ${r.src}`);
  parts.push('uid 0');
  return ok(`${parts.join(' ')}\n    cache\n`);
}

function ipNeigh(ns: NetNamespace, rest: string[]): ShellResult {
  let j = 0;
  if (j < rest.length && ['show', 'list', 'lst'].some((c) => matches(rest[j], c))) j++;
  else if (j < rest.length && rest[j] !== 'dev') {
    if (['add', 'delete', 'change', 'replace', 'flush'].some((c) => matches(rest[j], c))) return fail(READ_ONLY, 2);
    return fail(`Command "${rest[j]}" is unknown, try "ip neigh help".\n`, 255);
  }
  let dev: string | undefined;
  let address: string | undefined;
  for (; j < rest.length; j++) {
    if (rest[j] === 'dev') {
      const v = rest[++j];
      if (v === undefined) return fail('Command line is not complete. Try option "help"\n', 255);
      if (!linkByName(ns, v)) return fail(`Cannot find device "${v}"\n`, 1);
      dev = v;
    } else if (isIPv4(rest[j])) address = rest[j];
    else return fail(`Error: an inet prefix is expected rather than "${rest[j]}".\n`, 1);
  }
  return ok(formatIpNeigh(ns.neighbours.filter((n) => !address || n.dst === address), dev));
}
