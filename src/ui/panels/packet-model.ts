// What the Packets panel shows, computed from a PacketTrace: a trace's title and outcome, its hops
// grouped by where they happen, the header layers at a hop with the fields that hop changed, and
// the request the "Send a packet" form builds. Pure functions over plain data.

import type { L4Proto, PacketHeaders, PacketTrace, TraceEndpoint, TraceHop, TraceLocation, TraceRequest } from '../../worker/protocol';

export type TraceOutcomeKind = 'delivered' | 'refused' | 'dropped';

export function endpointLabel(ep: TraceEndpoint): string {
  switch (ep.kind) {
    case 'pod':
      return ep.pod.startsWith('default/') ? ep.pod.slice('default/'.length) : ep.pod;
    case 'node':
      return ep.node;
    case 'external':
      return ep.ip;
  }
}

/** The command that made it, or `from → to:port`. */
export function traceTitle(t: PacketTrace): string {
  if (t.request.command) return t.request.command;
  const port = t.request.port !== undefined && t.request.protocol !== 'ICMP' ? `:${t.request.port}` : '';
  return `${endpointLabel(t.request.from)} → ${t.request.to}${port}`;
}

/**
 * delivered: the request reached its server. refused: something answered no (a REJECT rule, an ICMP
 * unreachable, a closed port: curl's "Connection refused"). dropped: it vanished (DROP, no route, policy).
 */
export function outcomeKind(t: PacketTrace): TraceOutcomeKind {
  if (t.outcome.delivered) return 'delivered';
  const drop = t.outcome.dropHop !== undefined ? t.hops[t.outcome.dropHop] : undefined;
  if (drop?.verdict === 'REJECT' || t.hops.some((h) => h.verdict === 'REJECT')) return 'refused';
  if (/refused|unreachable/i.test(t.outcome.reason ?? '')) return 'refused';
  return 'dropped';
}

/** A pod key reads as its name in the default namespace. */
function podLabel(key: string): string {
  return key.startsWith('default/') ? key.slice('default/'.length) : key;
}

/** Where a hop happens, as a heading: 'node-1 · pod client', 'node-2 · root netns', 'node network'. */
export function placeLabel(loc: TraceLocation): { node: string; ns: string } {
  if (loc.wire) return { node: `${loc.wire.fromNode} → ${loc.wire.toNode}`, ns: 'wire' };
  if (!loc.node) return { node: 'external', ns: '' };
  return { node: loc.node, ns: loc.netns ? `pod ${podLabel(loc.netns)}` : 'root netns' };
}

export interface HopRef {
  index: number;
  hop: TraceHop;
}

export interface HopGroup {
  direction: TraceHop['direction'];
  node: string;
  /** '', 'wire', or the netns label */
  ns: string;
  /** a new direction starts here (the first reply group) */
  turn: boolean;
  hops: HopRef[];
}

/** Consecutive hops in the same place and direction form one group. */
export function hopGroups(hops: readonly TraceHop[]): HopGroup[] {
  const groups: HopGroup[] = [];
  hops.forEach((hop, index) => {
    const place = placeLabel(hop.location);
    const last = groups[groups.length - 1];
    if (last && last.direction === hop.direction && last.node === place.node && last.ns === place.ns) {
      last.hops.push({ index, hop });
      return;
    }
    groups.push({ direction: hop.direction, node: place.node, ns: place.ns, turn: last !== undefined && last.direction !== hop.direction, hops: [{ index, hop }] });
  });
  return groups;
}

// ---------------------------------------------------------------------------------------------
// Header layers, Packet-Tracer style.

export interface HeaderField {
  name: string;
  before?: string;
  after?: string;
  changed: boolean;
}

export interface HeaderLayer {
  id: 'outer-eth' | 'outer-ip' | 'outer-udp' | 'vxlan' | 'eth' | 'ip' | 'l4' | 'icmp' | 'payload';
  title: string;
  /** the layer appeared (encapsulation) or vanished (decapsulation) at this hop */
  status: 'same' | 'added' | 'removed';
  fields: HeaderField[];
}

type FieldPairs = Array<[string, string | undefined, string | undefined]>;

function layer(id: HeaderLayer['id'], title: string, pairs: FieldPairs): HeaderLayer | undefined {
  const present = (i: 1 | 2) => pairs.some((p) => p[i] !== undefined);
  const hadBefore = present(1);
  const hasAfter = present(2);
  if (!hadBefore && !hasAfter) return undefined;
  const status = hadBefore && !hasAfter ? 'removed' : !hadBefore && hasAfter ? 'added' : 'same';
  const fields = pairs
    .filter(([, b, a]) => b !== undefined || a !== undefined)
    .map(([name, before, after]) => ({ name, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}), changed: before !== after }));
  return { id, title, status, fields };
}

const str = (v: number | string | undefined): string | undefined => (v === undefined ? undefined : String(v));
const hex = (v: number | undefined): string | undefined => (v === undefined ? undefined : `0x${v.toString(16)}`);

/** The layers of the packet at a hop, outermost first, each field with its value before and after. */
export function headerLayers(hop: TraceHop): HeaderLayer[] {
  const b: PacketHeaders = hop.before;
  const a: PacketHeaders = hop.after;
  const outerKind = a.outer?.kind ?? b.outer?.kind;
  const l4Name = (a.ip.proto === 'UDP' ? 'UDP' : a.ip.proto === 'TCP' ? 'TCP' : b.ip.proto) ?? 'TCP';
  const layers = [
    layer('outer-eth', 'Outer Ethernet', [
      ['src MAC', b.outer?.eth?.src, a.outer?.eth?.src],
      ['dst MAC', b.outer?.eth?.dst, a.outer?.eth?.dst],
    ]),
    layer('outer-ip', outerKind === 'ipip' ? 'Outer IP (IPIP)' : 'Outer IP', [
      ['src', b.outer?.ip.src, a.outer?.ip.src],
      ['dst', b.outer?.ip.dst, a.outer?.ip.dst],
      ['proto', b.outer?.ip.proto, a.outer?.ip.proto],
    ]),
    layer('outer-udp', 'Outer UDP', [
      ['sport', str(b.outer?.udp?.sport), str(a.outer?.udp?.sport)],
      ['dport', str(b.outer?.udp?.dport), str(a.outer?.udp?.dport)],
    ]),
    layer('vxlan', 'VXLAN', [['VNI', str(b.outer?.vni), str(a.outer?.vni)]]),
    layer('eth', 'Ethernet', [
      ['src MAC', b.eth?.src, a.eth?.src],
      ['dst MAC', b.eth?.dst, a.eth?.dst],
    ]),
    layer('ip', 'IP', [
      ['src', b.ip.src, a.ip.src],
      ['dst', b.ip.dst, a.ip.dst],
      ['TTL', str(b.ip.ttl), str(a.ip.ttl)],
      ['proto', b.ip.proto, a.ip.proto],
      ['mark', hex(b.mark), hex(a.mark)],
    ]),
    layer('l4', l4Name, [
      ['sport', str(b.l4?.sport), str(a.l4?.sport)],
      ['dport', str(b.l4?.dport), str(a.l4?.dport)],
      ['flags', b.l4?.flags, a.l4?.flags],
    ]),
    layer('icmp', 'ICMP', [
      ['type', b.icmp?.type, a.icmp?.type],
      ['code', b.icmp?.code, a.icmp?.code],
      ['id', str(b.icmp?.id), str(a.icmp?.id)],
      ['seq', str(b.icmp?.seq), str(a.icmp?.seq)],
    ]),
    layer('payload', 'Payload', [['data', b.payload, a.payload]]),
  ];
  return layers.filter((l): l is HeaderLayer => l !== undefined);
}

/** How many fields changed at this hop (a layer added or removed counts as one change). */
export function changeCount(hop: TraceHop): number {
  return headerLayers(hop).reduce((n, l) => n + (l.status !== 'same' ? 1 : l.fields.filter((f) => f.changed).length), 0);
}

/** Index of the first reply hop, or -1. */
export function firstReplyHop(hops: readonly TraceHop[]): number {
  return hops.findIndex((h) => h.direction === 'reply');
}

/** The hop is where the packet went no further. */
export function isDropHop(t: PacketTrace, index: number): boolean {
  return t.outcome.dropHop === index || (t.outcome.dropHop === undefined && !t.outcome.delivered && t.hops[index]?.kind === 'drop');
}

// ---------------------------------------------------------------------------------------------
// The "Send a packet" form.

export type SourceChoice = { kind: 'pod'; pod: string } | { kind: 'node'; node: string } | { kind: 'external' };

/** The form's source `<select>` value: 'pod:default/client', 'node:node-1', 'external'. */
export function sourceValue(s: SourceChoice): string {
  return s.kind === 'pod' ? `pod:${s.pod}` : s.kind === 'node' ? `node:${s.node}` : 'external';
}

export function parseSource(value: string): SourceChoice | undefined {
  if (value === 'external') return { kind: 'external' };
  if (value.startsWith('pod:') && value.length > 4) return { kind: 'pod', pod: value.slice(4) };
  if (value.startsWith('node:') && value.length > 5) return { kind: 'node', node: value.slice(5) };
  return undefined;
}

/** The address an external client sends from: on the node network's side of the router. */
export const EXTERNAL_CLIENT_IP = '192.168.49.100';

export interface PacketForm {
  source: string;
  destination: string;
  port: string;
  protocol: L4Proto;
}

export type FormError = 'noSource' | 'noDestination' | 'badDestination' | 'badPort';

const NAME_RE = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?\.?$/i;
const IP_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function validDestination(d: string): boolean {
  const ip = IP_RE.exec(d);
  if (ip) return ip.slice(1).every((o) => Number(o) <= 255);
  return NAME_RE.test(d) && d.length <= 253;
}

/** The form as a TraceRequest, or what is wrong with it. */
export function buildRequest(form: PacketForm): { request: TraceRequest } | { error: FormError } {
  const source = parseSource(form.source);
  if (!source) return { error: 'noSource' };
  const to = form.destination.trim();
  if (!to) return { error: 'noDestination' };
  if (!validDestination(to)) return { error: 'badDestination' };
  const from: TraceEndpoint = source.kind === 'pod' ? { kind: 'pod', pod: source.pod } : source.kind === 'node' ? { kind: 'node', node: source.node } : { kind: 'external', ip: EXTERNAL_CLIENT_IP };
  if (form.protocol === 'ICMP') return { request: { from, to, protocol: 'ICMP', command: `ping -c 1 ${to}` } };
  const port = Number(form.port.trim());
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { error: 'badPort' };
  const command = form.protocol === 'TCP' ? (port === 80 ? `curl http://${to}` : `curl http://${to}:${port}`) : `nc -u ${to} ${port}`;
  return { request: { from, to, port, protocol: form.protocol, command } };
}

/** The first port of a Service's PORT(S) column ('80/TCP,443/TCP', '80:30080/TCP'). */
export function servicePort(ports: string): { port: string; protocol: L4Proto } | undefined {
  const m = /^(\d+)(?::\d+)?\/(TCP|UDP|SCTP)/.exec(ports);
  if (!m) return undefined;
  return { port: m[1], protocol: m[2] === 'UDP' ? 'UDP' : 'TCP' };
}

// ---------------------------------------------------------------------------------------------
// Quiet hops, what-if labels and the side-by-side comparison.

import { isQuietHop } from '../stores/trace-store';
export { isQuietHop };

/**
 * The hops the list shows with quiet hops folded: each shown hop with how many quiet hops after it
 * fold into it (a quiet hop that starts a place group, or the very first, is kept so that no group is
 * empty). `hide` false: every hop, none folded.
 */
export function foldQuietHops(hops: readonly TraceHop[], hide: boolean, isQuiet: (h: TraceHop) => boolean): { shown: boolean[]; folded: number[] } {
  const shown = hops.map(() => true);
  const folded = hops.map(() => 0);
  if (!hide) return { shown, folded };
  let host = -1;
  hops.forEach((h, i) => {
    if (i > 0 && host >= 0 && isQuiet(h)) {
      shown[i] = false;
      folded[host]++;
    } else host = i;
  });
  return { shown, folded };
}

/** Two traces ask the same thing: from, to, port and protocol (the command may differ). */
export function requestKey(r: TraceRequest): string {
  return `${endpointLabel(r.from)}|${r.to}|${r.protocol === 'ICMP' ? '' : (r.port ?? 80)}|${r.protocol}`;
}

/** 'calico-ipip · ipvs' */
export function dataplaneLabel(d: { cni: string; proxyMode: string }): string {
  return `${d.cni} · ${d.proxyMode}`;
}

export interface TraceFacts {
  outcome: TraceOutcomeKind;
  hops: number;
  /** request hops / reply hops */
  requestHops: number;
  replyHops: number;
  /** netfilter hooks that let it pass untouched (folded away by default) */
  quietHops: number;
  /** tunnel devices with their encapsulation: 'flannel.1 (VXLAN)', 'tunl0 (IPIP)'; [] = none */
  tunnels: string[];
  /** crossings of the node network, request direction: 'node-1 → node-2' */
  crossings: string[];
  /** address rewrites: 'DNAT 10.96.0.10:80 → 10.244.2.3:80', 'MASQUERADE', un-NAT by conntrack not counted */
  nat: string[];
  /** where the load balancing happened: 'iptables (KUBE-SVC-…)', 'IPVS' */
  serviceLb: string;
  /** the routing decisions to another node: 'via 192.168.49.4 dev eth0' */
  routes: string[];
  /** what NetworkPolicy decided, when it was asked */
  policy: string[];
}

const ENCAP_NAMES: Record<string, string> = { vxlan: 'VXLAN', udp: 'UDP (flanneld)', ipip: 'IPIP' };

/** The facts the comparison table lines up, computed from one trace. */
export function traceFacts(t: PacketTrace): TraceFacts {
  const tunnels = new Set<string>();
  const crossings = new Set<string>();
  const nat: string[] = [];
  const routes = new Set<string>();
  const policy: string[] = [];
  let lb = '';
  for (const h of t.hops) {
    if (h.kind === 'encap') {
      const kind = h.after.outer?.kind;
      tunnels.add(`${h.location.device ?? '?'}${kind ? ` (${ENCAP_NAMES[kind] ?? kind})` : ''}`);
    }
    if (h.kind === 'wire' && h.direction === 'request' && h.location.wire) crossings.add(`${h.location.wire.fromNode} → ${h.location.wire.toNode}`);
    if (h.direction === 'request' && (h.verdict === 'DNAT' || h.kind === 'ipvs')) {
      const port = (p: PacketHeaders) => (p.l4 ? `:${p.l4.dport}` : '');
      if (h.before.ip.dst !== h.after.ip.dst) nat.push(`DNAT ${h.before.ip.dst}${port(h.before)} → ${h.after.ip.dst}${port(h.after)}`);
      if (!lb) lb = h.kind === 'ipvs' ? 'IPVS' : `iptables${h.chainPath?.find((c) => c.startsWith('KUBE-SVC-')) ? ` (${h.chainPath.find((c) => c.startsWith('KUBE-SVC-'))})` : ''}`;
    }
    if (h.direction === 'request' && (h.verdict === 'SNAT' || h.verdict === 'MASQUERADE') && h.before.ip.src !== h.after.ip.src) nat.push(`${h.verdict} ${h.before.ip.src} → ${h.after.ip.src}`);
    if (h.kind === 'route' && h.direction === 'request' && h.location.netns === '' && h.rule && / via /.test(h.rule)) {
      const m = /via (\S+) dev (\S+)/.exec(h.rule);
      if (m) routes.add(`via ${m[1]} dev ${m[2]}`);
    }
    if (h.kind === 'policy') policy.push(h.summary);
  }
  const requestHops = t.hops.filter((h) => h.direction === 'request').length;
  return {
    outcome: outcomeKind(t),
    hops: t.hops.length,
    requestHops,
    replyHops: t.hops.length - requestHops,
    quietHops: t.hops.filter(isQuietHop).length,
    tunnels: [...tunnels],
    crossings: [...crossings],
    nat,
    serviceLb: lb,
    routes: [...routes],
    policy,
  };
}
