// The `bridge` command (read-only): `bridge fdb [show] [dev IF] [br BRIDGE]` and `bridge link`.
// UPSTREAM: iproute2 bridge/bridge.c, bridge/fdb.c, bridge/link.c
// SIMPLIFICATION: no vlan/mdb/monitor objects; learned entries appear only once traffic is traced.

import type { NetNamespace } from '../netns';
import { linkByName } from '../netns';
import type { ShellResult } from '../shell-result';
import { fail, ok } from '../shell-result';
import { formatBridgeFdb } from './format';

export const BRIDGE_USAGE = `Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }
       bridge [ -force ] -batch filename
where  OBJECT := { link | fdb | mdb | vlan | vni | monitor }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |
                    -o[neline] | -t[imestamp] | -n[etns] name |
                    -com[pressvlans] -c[olor] -p[retty] -j[son] }
`;

const OBJECTS = ['link', 'fdb', 'mdb', 'vlan', 'vni', 'monitor', 'help'];

export function runBridge(ns: NetNamespace, args: string[]): ShellResult {
  let i = 0;
  while (i < args.length && args[i].startsWith('-')) {
    if (args[i] === '-V' || args[i] === '-Version') return ok('bridge utility, 6.1.0\n');
    if (!['-s', '-d', '-c', '-color', '-statistics', '-details'].includes(args[i])) return fail(`Option "${args[i]}" is unknown, try "bridge help".\n`, 255);
    i++;
  }
  if (i >= args.length) return fail(BRIDGE_USAGE, 255);
  const object = OBJECTS.find((o) => o.startsWith(args[i]));
  if (!object) return fail(`Object "${args[i]}" is unknown, try "bridge help".\n`, 255);
  const rest = args.slice(i + 1);
  if (object === 'help') return fail(BRIDGE_USAGE, 255);
  if (object === 'fdb') return bridgeFdb(ns, rest);
  if (object === 'link') return bridgeLink(ns, rest);
  return fail(`bridge ${object}: not simulated in this sandbox (try bridge fdb show, bridge link)\n`, 1);
}

function bridgeFdb(ns: NetNamespace, rest: string[]): ShellResult {
  let j = 0;
  if (j < rest.length && ['show', 'list', 'lst'].some((c) => c.startsWith(rest[j]))) j++;
  else if (j < rest.length && !['dev', 'br', 'brport'].includes(rest[j])) {
    if (['add', 'append', 'del', 'replace', 'flush'].includes(rest[j])) return fail('RTNETLINK answers: Operation not permitted\n', 2);
    return fail(`Command "${rest[j]}" is unknown, try "bridge fdb help".\n`, 255);
  }
  const filter: { dev?: string; br?: string } = {};
  for (; j < rest.length; j++) {
    const w = rest[j];
    if (w === 'dev' || w === 'brport' || w === 'br') {
      const v = rest[++j];
      if (v === undefined) return fail('Command line is not complete. Try option "help"\n', 255);
      if (!linkByName(ns, v)) return fail(`Cannot find ${w === 'br' ? 'bridge' : 'device'} "${v}"\n`, 1);
      if (w === 'br') filter.br = v;
      else filter.dev = v;
    }
    // Other words are ignored, as iproute2's fdb show does with a bare device name.
  }
  return ok(formatBridgeFdb(ns.fdb, filter));
}

/**
 * `bridge link`: each bridge port and its STP state. A veth's peer index is resolved in this
 * namespace, as bridge(8) does, so a port whose peer is if2 prints as `veth...@eth0`.
 */
function bridgeLink(ns: NetNamespace, rest: string[]): ShellResult {
  if (rest.length && !['show', 'list', 'lst'].some((c) => c.startsWith(rest[0]))) return fail(`Command "${rest[0]}" is unknown, try "bridge link help".\n`, 255);
  const ports = ns.links.filter((l) => l.master);
  return ok(ports.map((l) => {
    const peer = l.peer ? `@${ns.links.find((x) => x.index === l.peer!.ifindex)?.name ?? `if${l.peer.ifindex}`}` : '';
    return `${l.index}: ${l.name}${peer}: <${l.flags.join(',')}> mtu ${l.mtu} master ${l.master} state forwarding priority 32 cost 2\n`;
  }).join(''));
}
