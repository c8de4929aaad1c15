// A packet trace as text, for the headless CLI (`npm run sim -- --trace -c "kubectl exec ..."`) and
// for tests that read a trace the way a learner reads the Packets panel: the DNS queries, then one
// line per hop (where, what, the rule that acted), request and reply apart, and the outcome.
// UPSTREAM: none (this is the sandbox's own view; the rule column quotes each tool's real syntax)

import type { PacketHeaders, PacketTrace, TraceEndpoint, TraceHop } from '../api/trace';

export function endpointText(e: TraceEndpoint): string {
  switch (e.kind) {
    case 'pod':
      return `pod ${e.pod}`;
    case 'node':
      return `node ${e.node}`;
    case 'external':
      return `external client ${e.ip}`;
  }
}

/** `10.244.1.3:43512 > 10.96.0.50:80 TCP` (the inner packet; an outer header follows in brackets). */
export function headersText(h: PacketHeaders): string {
  const port = (ip: string, p?: number) => (p === undefined ? ip : `${ip}:${p}`);
  let s = `${port(h.ip.src, h.l4?.sport)} > ${port(h.ip.dst, h.l4?.dport)} ${h.ip.proto}`;
  if (h.l4?.flags) s += ` [${h.l4.flags}]`;
  if (h.icmp) s += ` ${h.icmp.type}${h.icmp.code ? ` (${h.icmp.code})` : ''}`;
  if (h.outer) {
    const o = h.outer;
    const udp = o.udp ? ` UDP ${o.udp.sport}>${o.udp.dport}` : '';
    s += ` in ${o.kind.toUpperCase()}(${o.ip.src} > ${o.ip.dst}${udp}${o.vni !== undefined ? ` vni ${o.vni}` : ''})`;
  }
  return s;
}

function whereText(hop: TraceHop): string {
  const l = hop.location;
  if (l.wire) return `${l.wire.fromNode} -> ${l.wire.toNode}`;
  const ns = l.netns ? l.netns : l.node ? '(host)' : '';
  const node = l.node || 'outside';
  return [node, ns, l.device].filter(Boolean).join(' ');
}

function outcomeText(t: PacketTrace): string {
  const o = t.outcome;
  if (o.delivered) {
    const by = o.servedBy ? ` to ${endpointText(o.servedBy)}` : '';
    return `delivered${by}; ${o.replied ? 'the reply reached the client' : 'no reply reached the client'}`;
  }
  return `not delivered: ${o.reason ?? 'dropped'}`;
}

/** The whole trace as lines of text. */
export function formatTrace(t: PacketTrace): string {
  const r = t.request;
  const lines: string[] = [];
  const port = r.port !== undefined ? ` ${r.protocol}/${r.port}` : ` ${r.protocol}`;
  lines.push(`packet trace ${t.id}: ${endpointText(r.from)} -> ${r.to}${port}${r.command ? `  (${r.command})` : ''}`);
  for (const d of t.dns ?? []) {
    const answers = d.answers.length ? ` ${d.answers.join(', ')}` : '';
    lines.push(`  dns ${d.type} ${d.name} @${d.server}: ${d.rcode}${answers}${d.answeredBy ? ` (answered by ${d.answeredBy})` : ''}`);
  }
  let direction: TraceHop['direction'] | undefined;
  t.hops.forEach((hop, i) => {
    // The dns hop stands for the lookups listed above; the request line shows the request's own packet.
    if (hop.direction !== direction && hop.kind !== 'dns') {
      direction = hop.direction;
      lines.push(`  ${direction}: ${headersText(hop.before)}`);
    }
    lines.push(`  ${String(i + 1).padStart(3)} ${hop.kind.padEnd(10)} ${whereText(hop).padEnd(34)} ${hop.summary}`);
    if (hop.rule) for (const ruleLine of hop.rule.split('\n')) lines.push(`${' '.repeat(16)}| ${ruleLine}`);
  });
  lines.push(`  outcome: ${outcomeText(t)}`);
  return `${lines.join('\n')}\n`;
}
