// The packet walker: one packet (and its reply) moved through the nodes' derived kernels in the
// order Linux processes it. Locally generated: routing -> OUTPUT (raw, mangle, nat, filter) ->
// POSTROUTING (mangle, nat) -> the device. Received: PREROUTING (raw, mangle, nat) -> routing ->
// INPUT (mangle, nat, filter; IPVS at LOCAL_IN) or FORWARD (mangle, filter) -> POSTROUTING -> the
// device. Devices: veth pairs, the cni0 bridge (br_netfilter on: bridged frames see iptables too),
// flannel.1 (VXLAN), flannel0 (TUN to flanneld), tunl0 (IPIP), eth0 and the node network.
// UPSTREAM: net/ipv4/ip_input.c, ip_forward.c, ip_output.c, net/netfilter/nf_conntrack_core.c,
// nf_nat_core.c, net/bridge/br_netfilter_hooks.c, net/netfilter/ipvs/ip_vs_core.c
// SIMPLIFICATION: conntrack is kept in the nodes' root namespaces only (pod namespaces have no
// rules); tunnel (outer) packets skip netfilter; the reply's TCP state jumps to ESTABLISHED (one
// packet per direction stands for the handshake); session affinity (xt_recent lists, IPVS
// persistence templates) lives in dp.affinity, kept by the caller between traces; IPVS output goes
// straight to POSTROUTING; an ICMP error is not matched against conntrack (RELATED) on its way back;
// the node network is one L2 segment behind one router (the gateway), which also stands for a cloud
// load balancer (routed, nodeSubnets > 1: one segment per subnet, that router between them, knowing
// only the node subnets); beyond the gateway nothing is modelled (a packet sent there gets no answer).

import type { L4Proto, PacketHeaders, TraceEndpoint, TraceHop, TraceLocation } from '../api/trace';
import type { NodeNetwork } from '../cni/types';
import { segmentOf } from '../cni/types';
import { formatConntrackEntry } from './conntrack';
import type { ConntrackEntry } from './conntrack';
import { stableMac } from './hash';
import { cidrContains } from './inet';
import { formatNeighbour } from './iproute2/format';
import { findVirtualServer, ipvsSchedule, persistenceKey } from './ipvs/eval';
import { bridgeForward } from './link/bridge';
import { namespaceOf, vethPeer } from './link/veth';
import { vxlanEncap } from './link/vxlan';
import type { Link, NetNamespace } from './netns';
import type { EvalContext, EvalResult, IpsetLookup } from './netfilter/eval';
import { evalHook } from './netfilter/eval';
import type { CtState, TableName } from './netfilter/types';
import { clonePacket, decTtl, flowText, newPacket, setEth, withPacket } from './packet';
import { isLocalAddress, routeLookup, sourceAddressFor } from './route/lookup';
import type { RouteResult } from './route/lookup';
import type { Datapath, DatapathRequest, DatapathResult } from './trace-types';

type Dir = 'request' | 'reply';

/** A place a packet can be: a node (or '' outside the cluster) and a namespace there ('' root, else a pod key). */
interface Pos {
  node: string;
  netns: string;
}

type End =
  | { kind: 'delivered'; pos: Pos; headers: PacketHeaders; servedBy: TraceEndpoint }
  /** reached the external client (the reply, back outside the cluster) */
  | { kind: 'external'; headers: PacketHeaders }
  | { kind: 'dropped'; reason: string; hop: number }
  /** an iptables REJECT (or IPVS without real servers): an ICMP error goes back from `pos` */
  | { kind: 'rejected'; pos: Pos; headers: PacketHeaders; why: string }
  /** nothing listens: TCP RST / ICMP port unreachable from `pos` */
  | { kind: 'refused'; pos: Pos; headers: PacketHeaders; why: string };

interface Tracked {
  pos: Pos;
  entry: ConntrackEntry;
  confirmed: boolean;
}

/** Kernel defaults (net.netfilter.nf_conntrack_*_timeout). */
const TIMEOUT = { tcpSynSent: 120, tcpEstablished: 432000, udp: 30, udpStream: 120, icmp: 30 } as const;
const MAX_STEPS = 400;

const HOOK_TABLES: Record<string, TableName[]> = {
  PREROUTING: ['raw', 'mangle', 'nat'],
  INPUT: ['mangle', 'nat', 'filter'],
  FORWARD: ['mangle', 'filter'],
  OUTPUT: ['raw', 'mangle', 'nat', 'filter'],
  POSTROUTING: ['mangle', 'nat'],
};

function l4Key(p: PacketHeaders): { sport: number; dport: number } {
  if (p.icmp) return { sport: p.icmp.id, dport: p.icmp.id };
  return { sport: p.l4?.sport ?? 0, dport: p.l4?.dport ?? 0 };
}

function ctProto(p: L4Proto): ConntrackEntry['proto'] {
  return p === 'TCP' ? 'tcp' : p === 'UDP' ? 'udp' : 'icmp';
}

function tupleOf(p: PacketHeaders): ConntrackEntry['original'] {
  if (p.icmp) return { src: p.ip.src, dst: p.ip.dst, type: p.icmp.type === 'echo-reply' ? 0 : 8, code: 0, id: p.icmp.id };
  return { src: p.ip.src, dst: p.ip.dst, sport: p.l4?.sport ?? 0, dport: p.l4?.dport ?? 0 };
}

function commentOf(text: string | undefined): string {
  const m = text?.match(/--comment ("(?:[^"\\]|\\.)*"|\S+)/);
  return m ? ` (${m[1].replace(/^"|"$/g, '')})` : '';
}

/** kube-proxy's 0x4000 asks KUBE-POSTROUTING to masquerade; Felix's 0x10000 means "policy accepted". */
function markText(mark: number): string {
  const hex = `0x${mark.toString(16)}`;
  if (mark & 0x4000) return `marked ${hex} (kube-proxy's mark: masquerade this connection in POSTROUTING)`;
  if (mark & 0x10000) return `marked ${hex} (Felix's mark: policy accepted)`;
  return `mark ${hex}`;
}

/** skb_scrub_packet: the mark does not survive a change of namespace or machine. */
function scrub(p: PacketHeaders): PacketHeaders {
  return p.mark === undefined ? p : withPacket(p, (q) => {
    delete q.mark;
  });
}

class Walker {
  readonly hops: TraceHop[] = [];
  private dir: Dir = 'request';
  private steps = 0;
  private readonly tracked = new Map<string, Tracked>();
  private readonly sender: Pos;
  private readonly clientIP: string;

  constructor(private readonly dp: Datapath, private readonly req: DatapathRequest) {
    const f = req.from;
    if (f.kind === 'pod') {
      const pod = dp.pods.get(f.pod);
      if (!pod) throw new Error(`pod ${f.pod} is not running with a network`);
      this.sender = { node: pod.node, netns: pod.hostNetwork ? '' : pod.key };
      this.clientIP = pod.ip;
    } else if (f.kind === 'node') {
      if (!dp.nodes.has(f.node)) throw new Error(`node ${f.node} not found`);
      this.sender = { node: f.node, netns: '' };
      this.clientIP = '';
    } else {
      this.sender = { node: '', netns: '' };
      this.clientIP = f.ip;
    }
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private net(node: string): NodeNetwork {
    const n = this.dp.nodes.get(node)?.network;
    if (!n) throw new Error(`node ${node} has no network`);
    return n;
  }

  private ns(pos: Pos): NetNamespace {
    const ns = namespaceOf(this.net(pos.node), pos.netns);
    if (!ns) throw new Error(`namespace ${pos.netns || '(root)'} not found on ${pos.node}`);
    return ns;
  }

  private loc(pos: Pos, device?: string): TraceLocation {
    return { node: pos.node, netns: pos.netns, ...(device ? { device } : {}) };
  }

  private hop(kind: TraceHop['kind'], location: TraceLocation, summary: string, before: PacketHeaders, after: PacketHeaders, extra: Partial<TraceHop> = {}): number {
    this.hops.push({ kind, direction: this.dir, location, summary, ...extra, before: clonePacket(before), after: clonePacket(after) });
    return this.hops.length - 1;
  }

  private drop(location: TraceLocation, reason: string, p: PacketHeaders): End {
    const i = this.hop('drop', location, `dropped: ${reason}`, p, p);
    return { kind: 'dropped', reason, hop: i };
  }

  private step(location: TraceLocation, p: PacketHeaders): End | undefined {
    if (++this.steps > MAX_STEPS) return this.drop(location, 'routing loop (the walk went on too long)', p);
    return undefined;
  }

  private where(pos: Pos): string {
    return pos.netns ? `pod ${pos.netns}` : pos.node ? `node ${pos.node}` : 'the client';
  }

  // ---- conntrack ------------------------------------------------------------------------------

  private tracks(pos: Pos): boolean {
    return pos.node !== '' && pos.netns === '' && this.ns(pos).netfilter.tables.length > 0;
  }

  private ctKey(pos: Pos): string {
    return `${pos.node}|${pos.netns}`;
  }

  /** The request enters a tracking namespace: a new entry (NEW), or the one it already has (looped through lo). */
  private ctBegin(pos: Pos, p: PacketHeaders): { first: boolean } {
    if (!this.tracks(pos) || p.ip.proto === 'ICMP' && p.icmp?.type === 'destination-unreachable') return { first: true };
    const t = this.tracked.get(this.ctKey(pos));
    if (t) return { first: false };
    const proto = ctProto(p.ip.proto);
    const entry: ConntrackEntry = {
      proto,
      timeout: proto === 'tcp' ? TIMEOUT.tcpSynSent : proto === 'udp' ? TIMEOUT.udp : TIMEOUT.icmp,
      ...(proto === 'tcp' ? { state: 'SYN_SENT' } : {}),
      original: tupleOf(p),
      reply: tupleOf(p),
      unreplied: true,
    };
    this.tracked.set(this.ctKey(pos), { pos, entry, confirmed: false });
    return { first: true };
  }

  private ctStates(pos: Pos): CtState[] {
    const t = this.tracked.get(this.ctKey(pos));
    const base: CtState[] = [this.dir === 'request' ? 'NEW' : 'ESTABLISHED'];
    if (!t) return base;
    if (t.entry.reply.src !== t.entry.original.dst) base.push('DNAT');
    if (t.entry.reply.dst !== t.entry.original.src) base.push('SNAT');
    return base;
  }

  /** Confirm the entry when the request leaves (or is delivered in) the namespace: the reply tuple is the translated packet, reversed. */
  private ctConfirm(pos: Pos, p: PacketHeaders, device?: string): void {
    const t = this.tracked.get(this.ctKey(pos));
    if (!t || t.confirmed || this.dir !== 'request') return;
    const rev = tupleOf(withPacket(p, (q) => {
      [q.ip.src, q.ip.dst] = [q.ip.dst, q.ip.src];
      if (q.l4) [q.l4.sport, q.l4.dport] = [q.l4.dport, q.l4.sport];
      if (q.icmp) q.icmp = { ...q.icmp, type: 'echo-reply' };
    }));
    t.entry.reply = rev;
    t.entry.mark = 0; // the connection's mark (connmark), not the packet's: nobody here sets it
    t.confirmed = true;
    const dnat = rev.src !== t.entry.original.dst || rev.sport !== t.entry.original.dport;
    const snat = rev.dst !== t.entry.original.src || rev.dport !== t.entry.original.sport;
    if (dnat || snat) {
      const what = [dnat ? `destination ${t.entry.original.dst} -> ${p.ip.dst}` : '', snat ? `source ${t.entry.original.src} -> ${p.ip.src}` : ''].filter(Boolean).join(', ');
      this.hop('conntrack', this.loc(pos, device), `conntrack: new connection remembered with its translation (${what}); replies will be translated back`, p, p, { rule: formatConntrackEntry(t.entry) });
    }
  }

  /** A reply entering a tracking namespace: match the entry's reply tuple and undo the NAT. */
  private ctReply(pos: Pos, p: PacketHeaders, device?: string): PacketHeaders {
    if (!this.tracks(pos) || p.icmp?.type === 'destination-unreachable') return p;
    const t = this.tracked.get(this.ctKey(pos));
    if (!t || !t.confirmed) return p;
    const k = l4Key(p);
    const r = t.entry.reply;
    const matches = r.src === p.ip.src && r.dst === p.ip.dst && (p.icmp ? r.id === p.icmp.id : r.sport === k.sport && r.dport === k.dport);
    if (!matches) return p;
    const e = t.entry;
    if (e.unreplied) {
      e.unreplied = false;
      if (e.proto === 'tcp') {
        e.state = p.l4?.flags?.includes('RST') ? 'CLOSE' : 'ESTABLISHED';
        e.timeout = e.state === 'CLOSE' ? 10 : TIMEOUT.tcpEstablished;
        e.assured = e.state === 'ESTABLISHED';
      } else if (e.proto === 'udp') e.timeout = TIMEOUT.udp;
    }
    const o = e.original;
    const after = withPacket(p, (q) => {
      q.ip.src = o.dst;
      q.ip.dst = o.src;
      if (q.l4) {
        q.l4.sport = o.dport ?? q.l4.sport;
        q.l4.dport = o.sport ?? q.l4.dport;
      }
    });
    const changed = after.ip.src !== p.ip.src || after.ip.dst !== p.ip.dst || l4Key(after).sport !== k.sport || l4Key(after).dport !== k.dport;
    if (changed) {
      const what = [after.ip.src !== p.ip.src || l4Key(after).sport !== k.sport ? `source back to ${o.dst}${o.dport !== undefined ? `:${o.dport}` : ''} (un-DNAT)` : '', after.ip.dst !== p.ip.dst ? `destination back to ${o.src} (un-SNAT)` : ''].filter(Boolean).join(', ');
      this.hop('conntrack', this.loc(pos, device), `conntrack: reply of a tracked connection (ESTABLISHED): ${what}`, p, after, { rule: formatConntrackEntry(e) });
    }
    return after;
  }

  // ---- netfilter ------------------------------------------------------------------------------

  private ipset(pos: Pos, ns: NetNamespace): IpsetLookup {
    const nodeIP = this.dp.nodes.get(pos.node)?.internalIP ?? '';
    const serviceCIDR = this.dp.serviceCIDR;
    const vss = ns.ipvs ?? [];
    const dummy = ns.links.find((l) => l.name === 'kube-ipvs0');
    return (set, _flags, p) => {
      const proto = p.ip.proto;
      const dport = p.l4?.dport ?? 0;
      const vsAt = (ip: string) => vss.some((v) => v.protocol === proto && v.address === ip && v.port === dport);
      switch (set) {
        case 'KUBE-CLUSTER-IP':
          return cidrContains(serviceCIDR, p.ip.dst) && vsAt(p.ip.dst);
        case 'KUBE-NODE-PORT-TCP':
        case 'KUBE-NODE-PORT-UDP':
          return proto === set.slice(-3) && vss.some((v) => v.protocol === proto && v.address === nodeIP && v.port === dport);
        case 'KUBE-LOOP-BACK':
          return p.ip.src === p.ip.dst && vss.some((v) => v.realServers.some((r) => r.address === p.ip.dst && r.port === dport) && v.protocol === proto);
        case 'KUBE-LOAD-BALANCER':
        case 'KUBE-EXTERNAL-IP':
          return !cidrContains(serviceCIDR, p.ip.dst) && p.ip.dst !== nodeIP && vsAt(p.ip.dst);
        case 'KUBE-IPVS-IPS':
          return !!dummy?.addresses.some((a) => a.local === p.ip.dst);
        default:
          return false;
      }
    };
  }

  // ---- session affinity (kept between traces in dp.affinity) ------------------------------------

  private affinityKey(pos: Pos): string {
    return pos.netns ? `${pos.node}/${pos.netns}` : pos.node;
  }

  /** xt_recent's lists in `pos` as the rules read them. */
  private recentLists(pos: Pos): Map<string, Map<string, number>> | undefined {
    const lists = this.dp.affinity?.recent[this.affinityKey(pos)];
    if (!lists) return undefined;
    return new Map(Object.entries(lists).map(([name, srcs]) => [name, new Map(Object.entries(srcs))]));
  }

  /** `-m recent --set`: the source is (re)stamped on the list, for the next connection's --rcheck. */
  private recordRecent(pos: Pos, res: EvalResult): void {
    const aff = this.dp.affinity;
    if (!aff || res.recentSet.length === 0 || res.verdict === 'DROP' || res.verdict === 'REJECT') return;
    const lists = (aff.recent[this.affinityKey(pos)] ??= {});
    for (const r of res.recentSet) (lists[r.name] ??= {})[r.src] = this.dp.now;
  }

  /** IPVS persistence templates in `pos` still within their timeout: `<vs>|<client>` -> `ip:port`. */
  private ipvsTemplates(pos: Pos): Map<string, string> {
    const out = new Map<string, string>();
    for (const [k, t] of Object.entries(this.dp.affinity?.ipvs[this.affinityKey(pos)] ?? {})) {
      if (this.dp.now - t.at <= t.timeout * 1000) out.set(k, t.rs);
    }
    return out;
  }

  /** Run a hook's tables; hops for tables where a rule acted, one folded hop when none did. */
  private hook(pos: Pos, hook: string, p: PacketHeaders, inIface: string | undefined, outIface: string | undefined, natAllowed: boolean): { p: PacketHeaders } | End {
    if (pos.node === '') return { p };
    const ns = this.ns(pos);
    if (ns.netfilter.tables.length === 0) return { p };
    const recent = this.recentLists(pos);
    const ctx: EvalContext = { ns, randomInt: (n) => this.dp.randomInt(n), ipset: this.ipset(pos, ns), ...(recent ? { recent, now: this.dp.now } : {}) };
    const tables = HOOK_TABLES[hook].filter((t) => t !== 'nat' || natAllowed);
    const device = hook === 'PREROUTING' || hook === 'INPUT' ? inIface : outIface ?? inIface;
    let cur = p;
    let acted = false;
    for (const table of tables) {
      const res = evalHook(ctx, table, hook, { headers: cur, ctstate: this.ctStates(pos), ...(inIface ? { inIface } : {}), ...(outIface ? { outIface } : {}) });
      const before = cur;
      cur = res.headers;
      this.recordRecent(pos, res);
      if (res.byPolicy && res.marks.length === 0 && res.verdict === 'ACCEPT') continue;
      acted = true;
      this.hop('netfilter', this.loc(pos, device), this.nfSummary(res, before), before, cur, {
        table, chain: res.chain, rule: res.ruleText ?? res.marks.join('\n'), chainPath: res.chainPath,
        verdict: res.verdict === 'ACCEPT' && res.byPolicy ? 'ACCEPT' : res.verdict,
      });
      if (res.verdict === 'DROP') {
        const reason = `${table} ${hook}: ${res.chain} dropped it${commentOf(res.ruleText)}`;
        return this.drop(this.loc(pos, device), reason, cur);
      }
      if (res.verdict === 'REJECT') return { kind: 'rejected', pos, headers: cur, why: `${table} ${hook}: REJECT in ${res.chain}${commentOf(res.ruleText)}` };
    }
    if (!acted) {
      this.hop('netfilter', this.loc(pos, device), `${hook} (${tables.join(', ')}): no rule acted on it, policy ACCEPT`, p, cur, { chain: hook, chainPath: [hook], verdict: 'ACCEPT' });
    }
    return { p: cur };
  }

  private nfSummary(res: EvalResult, before: PacketHeaders): string {
    const head = `${res.table} ${res.hook}`;
    const mark = res.marks.length ? `; ${markText(res.headers.mark ?? 0)}` : '';
    const c = commentOf(res.ruleText);
    switch (res.verdict) {
      case 'DNAT':
        return `${head}: ${res.notes[0] ?? `${res.chain}${c}`} -> DNAT to ${res.headers.ip.dst}${res.headers.l4 ? `:${res.headers.l4.dport}` : ''}${mark}`;
      case 'SNAT':
        return `${head}: ${res.chain} SNAT: source ${before.ip.src} -> ${res.headers.ip.src}`;
      case 'MASQUERADE':
        if (before.ip.src === res.headers.ip.src) return `${head}: ${res.chain}${c} masquerades: the source ${before.ip.src} is already the outgoing device's address`;
        return `${head}: ${res.chain}${c} masquerades: source ${before.ip.src} -> ${res.headers.ip.src} (the address of the outgoing device)`;
      case 'DROP':
        return `${head}: ${res.chain}${c} drops the packet`;
      case 'REJECT':
        return `${head}: ${res.chain}${c} rejects it (${res.rejectWith ?? 'icmp-port-unreachable'})`;
      case 'ACCEPT':
        if (res.byPolicy) return `${head}: ${res.marks.length ? markText(res.headers.mark ?? 0) : 'no rule matched'}, policy ACCEPT`;
        return `${head}: accepted by ${res.chain}${c}${mark}`;
    }
  }

  // ---- L2 helpers -----------------------------------------------------------------------------

  /** The MAC behind `ip` as seen from `dev` on `pos`: the neighbour table, else whoever owns the address (ARP). */
  private resolveMac(pos: Pos, dev: Link, ip: string): { mac?: string; rule: string; how: string } {
    const ns = this.ns(pos);
    const n = ns.neighbours.find((x) => x.dev === dev.name && x.dst === ip && x.lladdr);
    if (n) return { mac: n.lladdr, rule: formatNeighbour(n), how: n.lladdr === 'ee:ee:ee:ee:ee:ee' ? 'proxy ARP: the host side of the cali veth answers for 169.254.1.1 with ee:ee:ee:ee:ee:ee' : `neighbour table (${n.state})` };
    const mac = this.macOwning(pos, ip);
    return { ...(mac ? { mac } : {}), rule: mac ? `${ip} dev ${dev.name} lladdr ${mac} REACHABLE` : `${ip} dev ${dev.name} FAILED`, how: 'ARP' };
  }

  private macOwning(pos: Pos, ip: string): string | undefined {
    if (pos.node === '') return undefined;
    const net = this.net(pos.node);
    for (const ns of [net.host, ...Object.values(net.pods)]) {
      const l = ns.links.find((x) => x.kind !== 'dummy' && x.kind !== 'loopback' && x.addresses.some((a) => a.family === 'inet' && a.local === ip));
      if (l) return l.mac;
    }
    if (this.isGateway(ip)) return this.net(pos.node).host.neighbours.find((x) => x.dst === ip)?.lladdr;
    return this.underlayMac(ip);
  }

  private underlayMac(ip: string): string | undefined {
    if (this.req.from.kind === 'external' && ip === this.req.from.ip) return stableMac(`client/${ip}`);
    for (const n of this.dp.nodes.values()) if (n.internalIP === ip) return n.network.host.links.find((l) => l.name === 'eth0')?.mac;
    if (this.isGateway(ip)) {
      for (const n of this.dp.nodes.values()) {
        const e = n.network.host.neighbours.find((x) => x.dst === ip);
        if (e?.lladdr) return e.lladdr;
      }
    }
    return undefined;
  }

  private nodeByIP(ip: string): string | undefined {
    for (const n of this.dp.nodes.values()) if (n.internalIP === ip) return n.name;
    return undefined;
  }

  // ---- the walk -------------------------------------------------------------------------------

  /** A socket in `pos` sends `p`. */
  output(pos: Pos, p0: PacketHeaders): End {
    const ns = this.ns(pos);
    let p = p0;
    let route = routeLookup(ns, p.ip.dst);
    this.routeHop(pos, route, p);
    if (route.kind === 'none' || route.kind === 'reject') return this.noRoute(pos, route, p);
    let natFirst = true;
    if (this.dir === 'reply') p = this.ctReply(pos, p, route.kind === 'unicast' ? route.dev : 'lo');
    else natFirst = this.ctBegin(pos, p).first;
    const outDev = route.kind === 'unicast' ? route.dev : 'lo';
    const out = this.hook(pos, 'OUTPUT', p, undefined, outDev, this.dir === 'request' && natFirst);
    if ('kind' in out) return out;
    if (out.p.ip.dst !== p.ip.dst) {
      p = out.p;
      route = routeLookup(ns, p.ip.dst);
      this.routeHop(pos, route, p, 'after DNAT, re-routed: ');
      if (route.kind === 'none' || route.kind === 'reject') return this.noRoute(pos, route, p);
    } else p = out.p;
    return this.postRouting(pos, route, p, undefined, natFirst);
  }

  private routeHop(pos: Pos, route: RouteResult, p: PacketHeaders, prefix = ''): void {
    const dev = route.kind === 'unicast' ? route.dev : route.kind === 'local' ? route.link.name : undefined;
    let s: string;
    switch (route.kind) {
      case 'local':
        s = `${p.ip.dst} is an address of this ${pos.netns ? 'pod' : 'node'} (on ${route.link.name}): deliver locally`;
        break;
      case 'unicast':
        s = route.gateway ? `${p.ip.dst} via ${route.gateway} dev ${route.dev}` : `${p.ip.dst} is directly reachable on ${route.dev}`;
        break;
      case 'reject':
        s = `${p.ip.dst} matches a ${route.type} route`;
        break;
      case 'none':
        s = `no route to ${p.ip.dst}`;
        break;
    }
    this.hop('route', this.loc(pos, dev), `routing: ${prefix}${s}`, p, p, route.kind === 'none' ? {} : { rule: route.rule });
  }

  private noRoute(pos: Pos, route: RouteResult, p: PacketHeaders): End {
    const why = route.kind === 'reject' ? `${route.type} route ${route.rule} (No route to host)` : 'no route (Network is unreachable)';
    return this.drop(this.loc(pos), why, p);
  }

  /** POSTROUTING then out of the device (or locally, through lo). */
  private postRouting(pos: Pos, route: RouteResult, p0: PacketHeaders, inIface: string | undefined, natFirst: boolean): End {
    if (route.kind !== 'unicast' && route.kind !== 'local') return this.noRoute(pos, route, p0);
    const outDev = route.kind === 'unicast' ? route.dev : 'lo';
    // Traffic that stays in the host (lo) is not source-NATed here: IPVS may still send it out (and masquerade it then).
    const post = this.hook(pos, 'POSTROUTING', p0, inIface, outDev, this.dir === 'request' && natFirst && outDev !== 'lo');
    if ('kind' in post) return post;
    const p = post.p;
    this.ctConfirm(pos, p, outDev);
    if (route.kind === 'local') return this.localIn(pos, 'lo', p, false);
    return this.transmit(pos, route.dev, route.nextHop, p);
  }

  /** A packet arrives on `dev` in `pos`. */
  input(pos: Pos, dev: string, p0: PacketHeaders): End {
    const stop = this.step(this.loc(pos, dev), p0);
    if (stop) return stop;
    let p = p0;
    let natFirst = true;
    if (this.dir === 'reply') p = this.ctReply(pos, p, dev);
    else natFirst = this.ctBegin(pos, p).first;
    const pre = this.hook(pos, 'PREROUTING', p, dev, undefined, this.dir === 'request' && natFirst);
    if ('kind' in pre) return pre;
    p = pre.p;
    // Calico's egress enforcement: the packet came out of the source pod's cali veth.
    if (this.dir === 'request' && pos.netns === '' && dev.startsWith('cali') && this.dp.policy) {
      const net = this.net(pos.node);
      const link = net.host.links.find((l) => l.name === dev);
      const peer = link ? vethPeer(net, '', link) : undefined;
      if (peer) {
        const denied = this.policy(pos, dev, 'egress', peer.netns, p.ip.dst, p);
        if (denied) return denied;
      }
    }
    const ns = this.ns(pos);
    const route = routeLookup(ns, p.ip.dst);
    this.routeHop(pos, route, p);
    if (route.kind === 'local') return this.localIn(pos, dev, p, natFirst);
    if (route.kind !== 'unicast') return this.noRoute(pos, route, p);
    if (pos.netns !== '' && !ns.links.some((l) => l.name === route.dev)) return this.noRoute(pos, { kind: 'none' }, p);
    const fwd = this.hook(pos, 'FORWARD', p, dev, route.dev, false);
    if ('kind' in fwd) return fwd;
    p = decTtl(fwd.p);
    if (p.ip.ttl <= 0) return this.drop(this.loc(pos, dev), 'TTL exceeded', p);
    return this.postRouting(pos, route, p, dev, natFirst);
  }

  /** Delivery to this namespace: INPUT, IPVS at LOCAL_IN, then the socket. */
  private localIn(pos: Pos, dev: string, p0: PacketHeaders, natFirst: boolean): End {
    const inp = this.hook(pos, 'INPUT', p0, dev, undefined, this.dir === 'request' && natFirst);
    if ('kind' in inp) return inp;
    let p = inp.p;
    const ns = this.ns(pos);
    if (this.dir === 'request' && p.ip.proto !== 'ICMP') {
      const vs = findVirtualServer(ns, p.ip.proto, p.ip.dst, p.l4?.dport ?? 0);
      if (vs) {
        const counted = this.dp.ipvsActiveConnections;
        const pick = ipvsSchedule(vs, p.ip.src, (n) => this.dp.randomInt(n), {
          affinity: this.ipvsTemplates(pos),
          ...(counted ? { activeConnections: (rs: { address: string; port: number }) => counted.call(this.dp, pos.node, `${rs.address}:${rs.port}`) } : {}),
        });
        if (pick.rs && vs.persistentSeconds !== undefined && this.dp.affinity) {
          // ip_vs_sched_persist: the template (client -> real server) is created or refreshed.
          const templates = (this.dp.affinity.ipvs[this.affinityKey(pos)] ??= {});
          templates[persistenceKey(vs, p.ip.src)] = { rs: `${pick.rs.address}:${pick.rs.port}`, at: this.dp.now, timeout: vs.persistentSeconds };
        }
        if (!pick.rs) {
          this.hop('ipvs', this.loc(pos, 'kube-ipvs0'), `IPVS: virtual server ${vs.address}:${vs.port} has no real servers (no ready endpoints) -> ICMP port unreachable`, p, p, { rule: pick.rule, verdict: 'REJECT' });
          return { kind: 'rejected', pos, headers: p, why: `IPVS virtual server ${vs.protocol} ${vs.address}:${vs.port} has no real servers` };
        }
        const after = withPacket(p, (q) => {
          q.ip.dst = pick.rs!.address;
          if (q.l4) q.l4.dport = pick.rs!.port;
        });
        this.hop('ipvs', this.loc(pos, 'kube-ipvs0'), `IPVS: ${vs.address}:${vs.port} -> real server ${pick.rs.address}:${pick.rs.port} (${pick.reason}) -> DNAT (masquerading mode)`, p, after, { rule: pick.rule, verdict: 'DNAT' });
        p = after;
        // ip_vs_update_conntrack: the connection's reply tuple now names the real server.
        const t = this.tracked.get(this.ctKey(pos));
        if (t) t.confirmed = false;
        const route = routeLookup(ns, p.ip.dst);
        this.routeHop(pos, route, p, 'after IPVS, ');
        // The IPVS connection is new: its packet still meets nat POSTROUTING (KUBE-POSTROUTING's masquerade).
        return this.postRouting(pos, route, p, dev, true);
      }
    }
    this.ctConfirm(pos, p, dev);
    return this.socket(pos, dev, p);
  }

  private socket(pos: Pos, dev: string, p: PacketHeaders): End {
    const loc = this.loc(pos, dev);
    if (this.dir === 'reply') {
      if (pos.node === this.sender.node && pos.netns === this.sender.netns) {
        const what = p.icmp?.type === 'destination-unreachable' ? `ICMP ${p.icmp.code ?? 'unreachable'} from ${p.ip.src}` : p.l4?.flags?.includes('RST') ? `TCP RST from ${p.ip.src}:${p.l4.sport}` : `the reply from ${p.ip.src}${p.l4 ? `:${p.l4.sport}` : ''}`;
        this.hop('deliver', loc, `the client's socket receives ${what}`, p, p);
        return { kind: 'delivered', pos, headers: p, servedBy: this.endpointAt(pos) };
      }
      return this.drop(loc, `the reply reached ${this.where(pos)}, not the client`, p);
    }
    if (p.ip.proto === 'ICMP') {
      this.hop('deliver', loc, `${this.where(pos)} answers the ICMP echo request (the kernel replies to ping)`, p, p);
      return { kind: 'delivered', pos, headers: p, servedBy: this.endpointAt(pos) };
    }
    const port = `${p.ip.proto}/${p.l4?.dport ?? 0}`;
    const owner = this.listener(pos, port);
    if (!owner) return { kind: 'refused', pos, headers: p, why: `nothing listens on ${port} in ${this.where(pos)}` };
    const who = owner.kind === 'pod' ? `pod ${owner.pod}` : owner.kind === 'node' ? `node ${owner.node}` : owner.ip;
    this.hop('deliver', loc, `delivered to the socket listening on ${port} in ${who}`, p, p);
    return { kind: 'delivered', pos, headers: p, servedBy: owner };
  }

  private endpointAt(pos: Pos): TraceEndpoint {
    if (pos.netns) return { kind: 'pod', pod: pos.netns };
    if (pos.node) return { kind: 'node', node: pos.node };
    return { kind: 'external', ip: this.clientIP };
  }

  private listener(pos: Pos, port: string): TraceEndpoint | undefined {
    if (pos.netns) return this.dp.pods.get(pos.netns)?.listening.has(port) ? { kind: 'pod', pod: pos.netns } : undefined;
    for (const pod of this.dp.pods.values()) if (pod.hostNetwork && pod.node === pos.node && pod.listening.has(port)) return { kind: 'pod', pod: pod.key };
    return this.dp.nodes.get(pos.node)?.listening.has(port) ? { kind: 'node', node: pos.node } : undefined;
  }

  private policy(pos: Pos, dev: string, direction: 'ingress' | 'egress', podKey: string, peerIP: string, p: PacketHeaders): End | undefined {
    const check = this.dp.policy;
    if (!check) return undefined;
    const peer = this.dp.podsByIP.get(peerIP);
    const v = check({ direction, pod: podKey, peerIP, ...(peer ? { peerPod: peer.key } : {}), port: p.l4?.dport ?? 0, protocol: p.ip.proto });
    this.hop('policy', this.loc(pos, dev), `NetworkPolicy ${direction} for pod ${podKey}: ${v.allowed ? 'allowed' : 'denied'} - ${v.reason}`, p, p, { verdict: v.allowed ? 'ACCEPT' : 'DROP' });
    if (v.allowed) return undefined;
    return this.drop(this.loc(pos, dev), `NetworkPolicy: ${v.reason}`, p);
  }

  /** Out of `devName` in `pos` towards `nextHop`. */
  private transmit(pos: Pos, devName: string, nextHop: string, p0: PacketHeaders): End {
    const ns = this.ns(pos);
    const dev = ns.links.find((l) => l.name === devName);
    if (!dev) return this.drop(this.loc(pos, devName), `device ${devName} not found`, p0);
    let p = p0;
    switch (dev.kind) {
      case 'loopback':
        return this.localIn(pos, 'lo', p, false);
      case 'veth': {
        if (this.dir === 'request' && pos.netns === '' && dev.name.startsWith('cali') && this.dp.policy) {
          const peer = vethPeer(this.net(pos.node), '', dev);
          if (peer) {
            const denied = this.policy(pos, dev.name, 'ingress', peer.netns, p.ip.src, p);
            if (denied) return denied;
          }
        }
        const mac = this.resolveMac(pos, dev, nextHop);
        if (!mac.mac) return this.drop(this.loc(pos, dev.name), `no ARP answer for ${nextHop} (Host unreachable)`, p);
        const framed = setEth(p, dev.mac, mac.mac);
        this.hop('neigh', this.loc(pos, dev.name), `${mac.how === 'ARP' ? 'ARP' : 'neighbour'}: ${nextHop} is at ${mac.mac}${mac.how === 'ARP' ? '' : ` (${mac.how})`}`, p, framed, { rule: mac.rule });
        return this.crossVeth(pos, dev, framed);
      }
      case 'bridge': {
        const mac = this.resolveMac(pos, dev, nextHop);
        if (!mac.mac) return this.drop(this.loc(pos, dev.name), `no ARP answer for ${nextHop} on ${dev.name} (Host unreachable)`, p);
        p = setEth(p, dev.mac, mac.mac);
        this.hop('neigh', this.loc(pos, dev.name), `ARP: ${nextHop} is at ${mac.mac}`, p0, p, { rule: mac.rule });
        return this.bridgeOut(pos, dev.name, undefined, p);
      }
      case 'vxlan':
        return this.vxlanOut(pos, dev, nextHop, p);
      case 'tun':
        return this.tunOut(pos, dev, p);
      case 'ipip':
        return this.ipipOut(pos, dev, nextHop, p);
      case 'ethernet':
        return this.ethernetOut(pos, dev, nextHop, p);
      default:
        return this.drop(this.loc(pos, dev.name), `${dev.name} (${dev.kind}) does not send packets anywhere`, p);
    }
  }

  private crossVeth(pos: Pos, dev: Link, p0: PacketHeaders): End {
    const p = scrub(p0);
    const peer = vethPeer(this.net(pos.node), pos.netns, dev);
    if (!peer) return this.drop(this.loc(pos, dev.name), `veth ${dev.name} has no peer`, p);
    const to: Pos = { node: pos.node, netns: peer.netns };
    this.hop('veth', this.loc(pos, dev.name), `veth pair: out of ${dev.name} in ${this.where(pos)}, into ${peer.link.name} in ${this.where(to)}`, p0, p, { rule: `${dev.index}: ${dev.name}@if${peer.link.index}` });
    if (peer.link.master) return this.bridgeOut(to, peer.link.master, peer.link, p);
    return this.input(to, peer.link.name, p);
  }

  /** A frame on bridge `bridge` (entering from port `inPort`, or sent by the host on the bridge device). */
  private bridgeOut(pos: Pos, bridge: string, inPort: Link | undefined, p0: PacketHeaders): End {
    const ns = this.ns(pos);
    const net = this.net(pos.node);
    const dstMac = p0.eth?.dst ?? '';
    const d = bridgeForward(ns, bridge, dstMac, (port) => {
      const peer = vethPeer(net, pos.netns, port);
      return peer?.link.mac;
    });
    const loc = this.loc(pos, bridge);
    if (d.kind === 'flood') return this.drop(loc, `bridge ${bridge}: ${dstMac} unknown, flooded to ${d.ports.length} ports and nobody answered`, p0);
    if (d.kind === 'local') {
      this.hop('bridge', loc, `bridge ${bridge}: destination MAC ${dstMac} is the bridge's own -> up to the node's IP stack`, p0, p0, { rule: d.rule });
      return this.input(pos, bridge, p0);
    }
    if (inPort && d.port.name === inPort.name) {
      this.hop('bridge', loc, `bridge ${bridge}: ${dstMac} is behind ${d.port.name}, the port it came in on (hairpin mode sends it back)`, p0, p0, { rule: d.rule });
    } else {
      this.hop('bridge', loc, `bridge ${bridge}: FDB ${d.learned ? 'learned' : 'has'} ${dstMac} on ${d.port.name} -> forward out ${d.port.name}`, p0, p0, { rule: d.rule });
    }
    let p = p0;
    if (inPort) {
      // br_netfilter (bridge-nf-call-iptables=1): a bridged frame still walks the IP hooks.
      let natFirst = true;
      if (this.dir === 'reply') p = this.ctReply(pos, p, bridge);
      else natFirst = this.ctBegin(pos, p).first;
      for (const hook of ['PREROUTING', 'FORWARD', 'POSTROUTING']) {
        const r = this.hook(pos, hook, p, bridge, hook === 'PREROUTING' ? undefined : bridge, this.dir === 'request' && natFirst && hook !== 'FORWARD');
        if ('kind' in r) return r;
        p = r.p;
      }
      this.ctConfirm(pos, p, bridge);
    }
    return this.crossVeth(pos, d.port, p);
  }

  private vxlanOut(pos: Pos, dev: Link, nextHop: string, p: PacketHeaders): End {
    const ns = this.ns(pos);
    const enc = vxlanEncap(ns, dev, nextHop, p, (ip) => this.underlayMac(ip));
    const loc = this.loc(pos, dev.name);
    if (!enc) return this.drop(loc, `${dev.name}: no neighbour/FDB entry for ${nextHop}`, p);
    const framed = setEth(p, dev.mac, enc.neigh.lladdr ?? '');
    this.hop('neigh', loc, `neighbour: the remote VTEP ${nextHop} is at ${enc.neigh.lladdr} (flanneld's permanent entry)`, p, framed, { rule: enc.neighRule });
    const outer = withPacket(framed, (q) => {
      q.outer = enc.outer;
    });
    const toNode = this.nodeByIP(enc.fdb.dst!);
    this.hop('encap', loc, `VXLAN: FDB sends ${enc.neigh.lladdr} to ${enc.fdb.dst}${toNode ? ` (${toNode})` : ''}; wrapped in UDP ${enc.outer.ip.src} -> ${enc.outer.ip.dst}:${enc.outer.udp?.dport} VNI ${enc.outer.vni}`, framed, outer, { rule: enc.fdbRule });
    return this.wire(pos, outer, enc.fdb.dst!, (to, q) => this.decap(to, dev.name, q, `VXLAN: ${dev.name} on ${to.node} unwraps UDP/${enc.outer.udp?.dport} VNI ${enc.outer.vni}`));
  }

  private tunOut(pos: Pos, dev: Link, p: PacketHeaders): End {
    const loc = this.loc(pos, dev.name);
    const peer = [...this.dp.nodes.values()].find((n) => n.podCIDR && n.name !== pos.node && cidrContains(n.podCIDR, p.ip.dst));
    this.hop('userspace', { ...loc, device: dev.name }, `flanneld reads the packet from ${dev.name} (TUN): kernel -> user space`, p, p);
    if (!peer) return this.drop(loc, `flanneld: no subnet lease holds ${p.ip.dst}`, p);
    const host = this.ns(pos);
    const src = host.links.find((l) => l.name === 'eth0')?.addresses.find((a) => a.family === 'inet')?.local ?? '';
    const outer = withPacket(p, (q) => {
      q.outer = { kind: 'udp', ip: { src, dst: peer.internalIP, proto: 'UDP' }, udp: { sport: 8285, dport: 8285 } };
    });
    this.hop('userspace', { ...loc, device: 'eth0' }, `flanneld finds ${p.ip.dst} in ${peer.name}'s lease ${peer.podCIDR} and sends it in a UDP datagram to ${peer.internalIP}:8285: user space -> kernel`, p, outer);
    this.hop('encap', this.loc(pos, 'eth0'), `flannel UDP: the packet travels inside UDP ${src}:8285 -> ${peer.internalIP}:8285`, p, outer);
    return this.wire(pos, outer, peer.internalIP, (to, q) => {
      const inner = withPacket(q, (x) => {
        delete x.outer;
      });
      this.hop('userspace', this.loc(to, 'eth0'), `flanneld on ${to.node} receives the UDP/8285 datagram: kernel -> user space`, q, q);
      this.hop('decap', this.loc(to, dev.name), `flanneld unwraps it`, q, inner);
      this.hop('userspace', this.loc(to, dev.name), `flanneld writes the inner packet into ${dev.name} (TUN): user space -> kernel`, inner, inner);
      return this.input(to, dev.name, inner);
    });
  }

  private ipipOut(pos: Pos, dev: Link, nextHop: string, p: PacketHeaders): End {
    const host = this.ns(pos);
    const src = host.links.find((l) => l.name === 'eth0')?.addresses.find((a) => a.family === 'inet')?.local ?? '';
    const outer = withPacket(p, (q) => {
      delete q.eth;
      q.outer = { kind: 'ipip', ip: { src, dst: nextHop, proto: 'IPIP' } };
    });
    this.hop('encap', this.loc(pos, dev.name), `IPIP: ${dev.name} wraps the packet in an outer IP header ${src} -> ${nextHop} (protocol 4)`, p, outer);
    return this.wire(pos, outer, nextHop, (to, q) => this.decap(to, dev.name, q, `IPIP: ${dev.name} on ${to.node} strips the outer header`));
  }

  private decap(to: Pos, dev: string, q: PacketHeaders, summary: string): End {
    const inner = withPacket(q, (x) => {
      delete x.outer;
    });
    this.hop('decap', this.loc(to, dev), summary, q, inner);
    return this.input(to, dev, inner);
  }

  private ethernetOut(pos: Pos, dev: Link, nextHop: string, p0: PacketHeaders): End {
    const loc = this.loc(pos, dev.name);
    const mac = this.resolveMac(pos, dev, nextHop);
    if (!mac.mac) return this.drop(loc, `no ARP answer for ${nextHop} on ${dev.name} (No route to host)`, p0);
    const p = setEth(p0, dev.mac, mac.mac);
    this.hop('neigh', loc, `${mac.how === 'ARP' ? 'ARP' : 'neighbour'}: ${nextHop} is at ${mac.mac}`, p0, p, { rule: mac.rule });
    if (this.isGateway(nextHop)) return this.router(pos, p);
    if (this.req.from.kind === 'external' && nextHop === this.req.from.ip && !p.outer) {
      this.hop('wire', { node: pos.node, netns: '', device: dev.name, wire: { fromNode: pos.node, toNode: '' } }, `node network: ${pos.node} -> the client ${nextHop}`, p, p);
      return this.socket({ node: '', netns: '' }, 'eth0', p);
    }
    return this.wire(pos, p, nextHop, (to, q) => this.input(to, 'eth0', q));
  }

  /** Across the node network from `pos` to the node owning `outerDst`. */
  private wire(pos: Pos, p0: PacketHeaders, outerDst: string, arrive: (to: Pos, p: PacketHeaders) => End, atGateway = false): End {
    const p = scrub(p0);
    const toNode = this.nodeByIP(outerDst);
    if (!toNode) return this.drop(this.loc(pos, 'eth0'), `no host has ${outerDst} on the node network (no route)`, p);
    if (this.crossesRouter(pos, outerDst)) return this.viaRouter(pos, p0, p, outerDst, toNode, atGateway, arrive);
    this.hop('wire', { node: pos.node, netns: '', device: 'eth0', wire: { fromNode: pos.node, toNode } }, `node network: ${pos.node || 'client'} -> ${toNode} (${outerDst})`, p0, p);
    return arrive({ node: toNode, netns: '' }, p);
  }

  /** The underlay's router (the gateway): to a node, or to the external client. */
  router(from: Pos, p: PacketHeaders): End {
    const dst = p.outer?.ip.dst ?? p.ip.dst;
    const node = this.nodeByIP(dst);
    const loc: TraceLocation = { node: '', netns: '', device: 'router' };
    if (node) return this.wire(from, p, dst, (to, q) => this.input(to, 'eth0', q), true);
    if (this.req.from.kind === 'external' && dst === this.req.from.ip) {
      this.hop('wire', { node: from.node, netns: '', device: 'eth0', wire: { fromNode: from.node, toNode: '' } }, `node network: ${from.node} -> the router -> the client ${dst}`, p, p);
      return this.socket({ node: '', netns: '' }, 'eth0', p);
    }
    // A Service's load-balancer IP: the load balancer hands the packet to a node that serves it.
    // Asking a node derives its network: ask only when the address is some Service's LB or external IP.
    const maybeVIP = !this.dp.externalVIPs || this.dp.externalVIPs.has(p.ip.dst);
    const serving = maybeVIP ? [...this.dp.nodes.values()].filter((n) => this.isServiceVIP(n.network.host, p.ip.dst, n.internalIP)).sort((a, b) => (a.name < b.name ? -1 : 1)) : [];
    // externalTrafficPolicy Local: the load balancer's health check leaves out nodes without a local endpoint.
    const health = serving.map((n) => this.dp.lbHealthy?.(n.name, dst, p.l4?.dport ?? 0));
    const lbNodes = serving.filter((_, i) => health[i]?.healthy !== false);
    if (serving.length > 0 && lbNodes.length === 0 && !cidrContains(this.dp.serviceCIDR, dst)) {
      return this.drop(loc, `load balancer ${dst}: no healthy node (the health check on node port ${health[0]?.healthCheckNodePort ?? 0} answers 503 everywhere: no node has a local endpoint)`, p);
    }
    if (lbNodes.length > 0 && !cidrContains(this.dp.serviceCIDR, dst)) {
      const n = lbNodes[this.dp.randomInt(lbNodes.length)];
      const checked = lbNodes.length < serving.length ? ` (health check on node port ${health[0]?.healthCheckNodePort ?? 0}: ${lbNodes.length} of ${serving.length} nodes have a local endpoint)` : '';
      this.hop('wire', { ...loc, wire: { fromNode: from.node, toNode: n.name } }, `load balancer ${dst}: forwarded to node ${n.name} (${n.internalIP}), destination unchanged${checked}`, p, p);
      return this.input({ node: n.name, netns: '' }, 'eth0', p);
    }
    // Beyond the gateway (the Internet of the simulated upstream resolver, e.g. an ExternalName's target): not modelled.
    if (![this.dp.clusterCIDR, this.dp.serviceCIDR, this.dp.underlay.cidr].some((c) => cidrContains(c, dst))) {
      return this.drop(loc, `${dst} is beyond the gateway, outside the simulated network: the packet leaves and no answer comes back`, p);
    }
    return this.dropUnroutedPod(from, dst, p) ?? this.drop(loc, `the router has no route to ${dst}`, p);
  }

  private isServiceVIP(host: NetNamespace, ip: string, nodeIP: string): boolean {
    if (ip === nodeIP) return false;
    if ((host.ipvs ?? []).some((v) => v.address === ip)) return true;
    const chain = host.netfilter.tables.find((t) => t.name === 'nat')?.chains.find((c) => c.name === 'KUBE-SERVICES');
    return !!chain?.rules.some((r) => r.dst?.cidr === `${ip}/32` && !r.dst.negate);
  }

  // ---- a routed node network (nodeSubnets > 1: one segment per subnet, one router between) -----

  /** An address of the router: the gateway of some segment. */
  private isGateway(ip: string): boolean {
    const u = this.dp.underlay;
    return ip === u.gateway || !!u.segments?.some((s) => s.gateway === ip);
  }

  /** From node `pos` to `dst`, a node IP on another segment: only the router connects them. */
  private crossesRouter(pos: Pos, dst: string): boolean {
    const u = this.dp.underlay;
    const from = this.dp.nodes.get(pos.node)?.internalIP;
    if (!from || !u.segments || u.segments.length < 2) return false;
    return segmentOf(u, from).cidr !== segmentOf(u, dst).cidr;
  }

  /**
   * Node -> router -> node on another subnet. `atGateway`: the node's own table already sent the
   * packet to its gateway; otherwise it is a tunnel's outer packet, routed here by the node's table
   * (`<peer> via <gateway> dev eth0`). The router routes by the outermost destination only.
   */
  private viaRouter(pos: Pos, p0: PacketHeaders, p: PacketHeaders, dst: string, toNode: string, atGateway: boolean, arrive: (to: Pos, p: PacketHeaders) => End): End {
    const u = this.dp.underlay;
    const inSeg = segmentOf(u, this.dp.nodes.get(pos.node)?.internalIP ?? '');
    const outSeg = segmentOf(u, dst);
    if (!atGateway) {
      const route = routeLookup(this.ns(pos), dst);
      this.hop('route', this.loc(pos, 'eth0'), `routing (outer header): ${dst} via ${inSeg.gateway} dev eth0 - ${toNode} is on another subnet (${outSeg.cidr}), behind the router`, p0, p0, route.kind === 'unicast' ? { rule: route.rule } : {});
    }
    this.hop('wire', { node: pos.node, netns: '', device: 'eth0', wire: { fromNode: pos.node, toNode: '' } }, `node network: ${pos.node} -> the router (${inSeg.gateway}, gateway of ${inSeg.cidr})`, p0, p);
    const routerLoc: TraceLocation = { node: '', netns: '', device: 'router' };
    const inner = p.outer ? `; it reads only the outer header (${p.outer.ip.src} -> ${p.outer.ip.dst}), the pod addresses inside are not its concern` : '';
    const gwMac = stableMac(`gateway/${outSeg.cidr}`);
    const nodeMac = this.underlayMac(dst) ?? '';
    const q = p.outer ? p : decTtl(p.eth ? setEth(p, gwMac, nodeMac) : p);
    this.hop('route', routerLoc, `router: ${dst} is on ${outSeg.cidr}, a connected subnet -> out ${outSeg.routerPort} (${outSeg.gateway})${inner}`, p, q, { rule: `${outSeg.cidr} dev ${outSeg.routerPort} proto kernel scope link src ${outSeg.gateway}` });
    this.hop('wire', { ...routerLoc, wire: { fromNode: '', toNode } }, `node network: the router -> ${toNode} (${dst})`, q, q);
    return arrive({ node: toNode, netns: '' }, q);
  }

  /**
   * A node handed the router a packet for a pod address (no tunnel around it): the router knows
   * only the node subnets. Explains why the node's table sent it there, per CNI back end.
   */
  private dropUnroutedPod(from: Pos, dst: string, p: PacketHeaders): End | undefined {
    const u = this.dp.underlay;
    if (from.node === '' || !u.segments || u.segments.length < 2) return undefined;
    const owner = [...this.dp.nodes.values()].find((n) => n.podCIDR && cidrContains(n.podCIDR, dst));
    if (!owner?.podCIDR || owner.name === from.node) return undefined;
    const gw = segmentOf(u, this.dp.nodes.get(from.node)?.internalIP ?? '').gateway;
    const head = `router ${gw} has no route to ${owner.podCIDR}`;
    const other = `${owner.name} ${owner.internalIP} is in another subnet`;
    let reason: string;
    if (this.dp.cni === 'flannel-host-gw') {
      const log = this.dp.nodes.get(from.node)?.network.warnings?.find((w) => w.unit === 'flanneld' && w.message.includes(` ${owner.podCIDR} `));
      reason = `${head}: flannel host-gw needs every node on one L2 segment (${other}, so flanneld on ${from.node} could not add the route)${log ? `; flanneld on ${from.node} logged: ${log.message}` : ''}`;
    } else if (this.dp.cni === 'calico-bgp') {
      reason = `${head}: Calico BGP without encapsulation needs every node on one L2 segment, or a router that peers BGP (${other}, so BIRD on ${from.node} could only resolve the route via the gateway ${gw}, which knows no pod routes); IPIP or VXLAN encapsulation crosses subnets`;
    } else {
      reason = `${head}: the router knows only the node subnets, never pod addresses`;
    }
    this.hop('wire', { node: from.node, netns: '', device: 'eth0', wire: { fromNode: from.node, toNode: '' } }, `node network: ${from.node} -> the router (${gw})`, p, p);
    return this.drop({ node: '', netns: '', device: 'router' }, reason, p);
  }

  // ---- legs -----------------------------------------------------------------------------------

  run(): DatapathResult {
    const req = this.req;
    const src = this.sourceIP();
    const p = newPacket({ src, dst: req.dstIP, proto: req.protocol, sport: req.srcPort, dport: req.dstPort, ...(req.payload !== undefined ? { payload: req.payload } : {}) });
    const sendLoc = this.sender.node ? this.loc(this.sender, this.sender.netns ? 'eth0' : undefined) : { node: '', netns: '' };
    this.hop('send', sendLoc, `${this.where(this.sender)} sends ${flowText(p)}${p.l4?.flags ? ` (${p.l4.flags})` : ''}`, p, p);
    let end: End;
    if (src === '') end = this.drop(sendLoc, `connect: Network is unreachable (no route to ${req.dstIP})`, p);
    else end = this.sender.node === '' ? this.router({ node: '', netns: '' }, p) : this.output(this.sender, p);
    return this.finish(end);
  }

  private sourceIP(): string {
    if (this.req.from.kind === 'external') return this.req.from.ip;
    if (this.req.from.kind === 'pod' && this.sender.netns) return this.clientIP;
    return sourceAddressFor(this.ns(this.sender), this.req.dstIP) ?? '';
  }

  private finish(end: End): DatapathResult {
    const req = this.req;
    const target = `${req.dstIP}${req.protocol === 'ICMP' ? '' : ` port ${req.dstPort}`}`;
    const result = (outcome: DatapathResult['outcome']): DatapathResult => ({
      hops: this.hops,
      outcome,
      conntrack: [...this.tracked.values()].filter((t) => t.confirmed).map((t) => ({ node: t.pos.node, netns: t.pos.netns, entry: t.entry })),
    });
    if (end.kind === 'dropped') {
      const timeout = req.protocol === 'TCP' ? `Failed to connect to ${target}: Connection timed out` : 'no answer (timed out)';
      return result({ delivered: false, replied: false, reason: `${timeout} - ${end.reason}`, dropHop: end.hop });
    }
    if (end.kind === 'rejected' || end.kind === 'refused') {
      const back = this.errorReply(end.pos, end.headers, end.kind === 'refused');
      const what = req.protocol === 'TCP' ? `Failed to connect to ${target}: Connection refused` : 'ICMP port unreachable';
      const why = end.kind === 'refused' ? `${end.why}: the kernel answers with ${back.l4?.flags ? 'a TCP RST' : 'ICMP port unreachable'}` : `${end.why}: ICMP port unreachable goes back to the sender`;
      const reply = this.reply(end.pos, back, why);
      const replied = reply.kind === 'delivered' || reply.kind === 'external';
      return result({ delivered: false, replied, reason: `${what} - ${end.why}`, ...(reply.kind === 'dropped' ? { dropHop: reply.hop } : {}) });
    }
    if (end.kind === 'external') return result({ delivered: false, replied: false, reason: 'the packet left the cluster' });
    // Delivered: the reply walks back.
    const served = end.servedBy;
    const h = end.headers;
    const back = newPacket({ src: h.ip.dst, dst: h.ip.src, proto: h.ip.proto, sport: h.l4?.dport ?? 0, dport: h.l4?.sport ?? 0, flags: 'SYN,ACK' });
    if (back.icmp && h.icmp) back.icmp = { type: 'echo-reply', id: h.icmp.id, seq: h.icmp.seq };
    const reply = this.reply(end.pos, back);
    if (reply.kind === 'dropped') return result({ delivered: true, servedBy: served, replied: false, reason: `the reply was dropped - ${reply.reason}`, dropHop: reply.hop });
    return result({ delivered: true, servedBy: served, replied: true });
  }

  private errorReply(pos: Pos, h: PacketHeaders, refused: boolean): PacketHeaders {
    if (refused && h.ip.proto === 'TCP') return newPacket({ src: h.ip.dst, dst: h.ip.src, proto: 'TCP', sport: h.l4?.dport ?? 0, dport: h.l4?.sport ?? 0, flags: 'RST,ACK' });
    const src = refused ? h.ip.dst : isLocalAddress(this.ns(pos), h.ip.dst) ? h.ip.dst : sourceAddressFor(this.ns(pos), h.ip.src) ?? h.ip.dst;
    return { ip: { src, dst: h.ip.src, proto: 'ICMP', ttl: 64 }, icmp: { type: 'destination-unreachable', code: 'port-unreachable', id: 0, seq: 0 } };
  }

  private reply(pos: Pos, p: PacketHeaders, why?: string): End {
    this.dir = 'reply';
    this.steps = 0;
    const what = p.icmp?.type === 'destination-unreachable' ? `ICMP destination unreachable (${p.icmp.code})` : flowText(p) + (p.l4?.flags ? ` (${p.l4.flags})` : '');
    this.hop('send', this.loc(pos), `${why ? `${why}; ` : ''}${this.where(pos)} answers: ${what}`, p, p);
    return this.output(pos, p);
  }
}

/** Walk a request and its reply through the nodes' kernels. */
export function walk(dp: Datapath, req: DatapathRequest): DatapathResult {
  return new Walker(dp, req).run();
}

