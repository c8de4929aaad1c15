import { describe, expect, it } from 'vitest';
import { REFUSED_TRACE, WEB_HOPS, WEB_TRACE } from './packet-fixture';
import type { PacketTrace, TraceHop } from '../../worker/protocol';
import {
  buildRequest, changeCount, dataplaneLabel, foldQuietHops, isQuietHop, requestKey, traceFacts, EXTERNAL_CLIENT_IP, firstReplyHop, headerLayers, hopGroups, isDropHop, outcomeKind, parseSource, servicePort, sourceValue,
  traceTitle,
} from './packet-model';

describe('trace title and outcome', () => {
  it('titles a trace by its command, else by from → to:port', () => {
    expect(traceTitle(WEB_TRACE)).toBe('curl http://web');
    expect(traceTitle(REFUSED_TRACE)).toBe('client → 10.96.0.60:80');
    expect(traceTitle({ ...REFUSED_TRACE, request: { from: { kind: 'external', ip: '192.168.49.100' }, to: 'web', protocol: 'ICMP' } })).toBe('192.168.49.100 → web');
  });

  it.each([
    ['delivered', WEB_TRACE],
    ['refused', REFUSED_TRACE],
    ['dropped', { ...REFUSED_TRACE, hops: [REFUSED_TRACE.hops[0], { ...REFUSED_TRACE.hops[1], verdict: 'DROP' as const }], outcome: { delivered: false, replied: false, dropHop: 1, reason: 'curl: (28) Connection timed out' } }],
  ])('reads %s', (kind, trace) => {
    expect(outcomeKind(trace)).toBe(kind);
  });

  it('marks the drop hop', () => {
    expect(isDropHop(REFUSED_TRACE, 1)).toBe(true);
    expect(isDropHop(REFUSED_TRACE, 0)).toBe(false);
    expect(isDropHop(WEB_TRACE, 3)).toBe(false);
  });
});

describe('hop groups', () => {
  const groups = hopGroups(WEB_HOPS);

  it('groups consecutive hops by node, namespace and direction, keeping every hop once and in order', () => {
    expect(groups.flatMap((g) => g.hops.map((h) => h.index))).toEqual(WEB_HOPS.map((_, i) => i));
    expect(groups.slice(0, 4).map((g) => `${g.node} | ${g.ns}`)).toEqual(['node-1 | pod client', 'node-1 | root netns', 'node-1 → node-2 | wire', 'node-2 | root netns']);
    for (const g of groups) for (const h of g.hops) expect(h.hop.direction).toBe(g.direction);
  });

  it('marks the first reply group as the turn', () => {
    const turns = groups.filter((g) => g.turn);
    expect(turns).toHaveLength(1);
    expect(turns[0].direction).toBe('reply');
    expect(turns[0].hops[0].index).toBe(firstReplyHop(WEB_HOPS));
  });
});

describe('header layers', () => {
  const layersAt = (i: number) => headerLayers(WEB_HOPS[i]);
  const field = (i: number, layer: string, name: string) => layersAt(i).find((l) => l.id === layer)?.fields.find((f) => f.name === name);

  it('highlights the DNAT: the destination changes from the ClusterIP to the pod', () => {
    expect(field(2, 'ip', 'dst')).toEqual({ name: 'dst', before: '10.96.0.50', after: '10.244.2.5', changed: true });
    expect(field(2, 'ip', 'src')?.changed).toBe(false);
    expect(field(2, 'l4', 'flags')).toMatchObject({ after: 'SYN', changed: false });
    expect(changeCount(WEB_HOPS[2])).toBe(1);
  });

  it('shows the outer headers appear at encap, in order outermost first, and vanish at decap', () => {
    const encap = layersAt(4);
    expect(encap.map((l) => l.id)).toEqual(['outer-eth', 'outer-ip', 'outer-udp', 'vxlan', 'eth', 'ip', 'l4', 'payload']);
    expect(encap.filter((l) => l.status === 'added').map((l) => l.id)).toEqual(['outer-eth', 'outer-ip', 'outer-udp', 'vxlan']);
    expect(field(4, 'outer-ip', 'dst')).toMatchObject({ after: '192.168.49.4', changed: true });
    expect(field(4, 'outer-udp', 'dport')?.after).toBe('8472');
    const decap = layersAt(6);
    expect(decap.filter((l) => l.status === 'removed').map((l) => l.id)).toEqual(['outer-eth', 'outer-ip', 'outer-udp', 'vxlan']);
  });

  it('names TCP and a plain hop has no changes', () => {
    expect(layersAt(1).find((l) => l.id === 'l4')?.title).toBe('TCP');
    expect(changeCount(WEB_HOPS[1])).toBe(0);
  });

  it('shows the un-DNAT of the reply on the source', () => {
    expect(field(15, 'ip', 'src')).toMatchObject({ before: '10.244.2.5', after: '10.96.0.50', changed: true });
  });

  it('shows ICMP fields when the packet is ICMP', () => {
    const ping = { ...WEB_HOPS[0], before: { ip: { src: '10.244.1.4', dst: '10.244.2.5', proto: 'ICMP' as const, ttl: 64 }, icmp: { type: 'echo-request' as const, id: 7, seq: 1 } } };
    const hop = { ...ping, after: ping.before };
    expect(headerLayers(hop).map((l) => l.id)).toEqual(['ip', 'icmp']);
  });
});

describe('the send form', () => {
  it('round-trips source values', () => {
    for (const s of [{ kind: 'pod' as const, pod: 'default/client' }, { kind: 'node' as const, node: 'node-1' }, { kind: 'external' as const }]) {
      expect(parseSource(sourceValue(s))).toEqual(s);
    }
    expect(parseSource('')).toBeUndefined();
    expect(parseSource('pod:')).toBeUndefined();
  });

  it('builds a TCP request with a curl command', () => {
    expect(buildRequest({ source: 'pod:default/client', destination: ' web ', port: '80', protocol: 'TCP' })).toEqual({
      request: { from: { kind: 'pod', pod: 'default/client' }, to: 'web', port: 80, protocol: 'TCP', command: 'curl http://web' },
    });
    expect(buildRequest({ source: 'node:node-1', destination: '10.96.0.50', port: '8080', protocol: 'UDP' })).toMatchObject({
      request: { from: { kind: 'node', node: 'node-1' }, port: 8080, protocol: 'UDP' },
    });
  });

  it('an external client sends from outside the cluster; ICMP needs no port', () => {
    expect(buildRequest({ source: 'external', destination: 'web', port: '', protocol: 'ICMP' })).toEqual({
      request: { from: { kind: 'external', ip: EXTERNAL_CLIENT_IP }, to: 'web', protocol: 'ICMP', command: 'ping -c 1 web' },
    });
  });

  it.each([
    [{ source: '', destination: 'web', port: '80' }, 'noSource'],
    [{ source: 'pod:a/b', destination: '  ', port: '80' }, 'noDestination'],
    [{ source: 'pod:a/b', destination: 'web service', port: '80' }, 'badDestination'],
    [{ source: 'pod:a/b', destination: '10.0.0.300', port: '80' }, 'badDestination'],
    [{ source: 'pod:a/b', destination: 'web', port: '0' }, 'badPort'],
    [{ source: 'pod:a/b', destination: 'web', port: '70000' }, 'badPort'],
    [{ source: 'pod:a/b', destination: 'web', port: 'http' }, 'badPort'],
  ])('refuses %j with %s', (form, error) => {
    expect(buildRequest({ ...form, protocol: 'TCP' })).toEqual({ error });
  });

  it('reads the first port of a Service', () => {
    expect(servicePort('80/TCP')).toEqual({ port: '80', protocol: 'TCP' });
    expect(servicePort('53/UDP,53/TCP')).toEqual({ port: '53', protocol: 'UDP' });
    expect(servicePort('80:30080/TCP')).toEqual({ port: '80', protocol: 'TCP' });
    expect(servicePort('<none>')).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Quiet hops, request keys and the comparison facts.

/** A netfilter hook that let the packet pass untouched, as the walker writes it. */
function quiet(after: TraceHop, hook: string): TraceHop {
  return { kind: 'netfilter', direction: after.direction, location: after.location, summary: `${hook} (filter): no rule acted on it, policy ACCEPT`, chain: hook, chainPath: [hook], verdict: 'ACCEPT', before: after.after, after: after.after };
}

// WEB_HOPS with two quiet hooks after the DNAT hop (index 2) and one after the route (index 3).
const QUIET_HOPS: TraceHop[] = [...WEB_HOPS.slice(0, 3), quiet(WEB_HOPS[2], 'FORWARD'), quiet(WEB_HOPS[2], 'POSTROUTING'), WEB_HOPS[3], quiet(WEB_HOPS[3], 'OUTPUT'), ...WEB_HOPS.slice(4)];

describe('quiet hops', () => {
  it('are netfilter hops with no rule and an ACCEPT; a rule, a DNAT or another kind is not quiet', () => {
    expect(QUIET_HOPS.filter(isQuietHop)).toHaveLength(3);
    expect(isQuietHop(WEB_HOPS[2])).toBe(false); // the DNAT
    expect(isQuietHop({ ...quiet(WEB_HOPS[2], 'FORWARD'), rule: '-A FORWARD -j ACCEPT' })).toBe(false);
    expect(isQuietHop({ ...quiet(WEB_HOPS[2], 'FORWARD'), verdict: 'DROP' })).toBe(false);
    expect(isQuietHop({ ...quiet(WEB_HOPS[2], 'FORWARD'), kind: 'route' })).toBe(false);
  });

  it('fold into the hop before them, with a count; not folded when shown', () => {
    const { shown, folded } = foldQuietHops(QUIET_HOPS, true, isQuietHop);
    expect(shown.filter((s) => !s)).toHaveLength(3);
    expect([shown[3], shown[4], shown[6]]).toEqual([false, false, false]);
    expect(folded[2]).toBe(2);
    expect(folded[5]).toBe(1);
    expect(folded.reduce((a, b) => a + b, 0)).toBe(3);
    const all = foldQuietHops(QUIET_HOPS, false, isQuietHop);
    expect(all.shown.every(Boolean)).toBe(true);
    expect(all.folded.every((n) => n === 0)).toBe(true);
  });

  it('a quiet first hop stays shown so the list never starts folded', () => {
    const hops = [quiet(WEB_HOPS[0], 'OUTPUT'), ...WEB_HOPS];
    expect(foldQuietHops(hops, true, isQuietHop).shown[0]).toBe(true);
  });
});

describe('comparing traces', () => {
  it('keys a request by from, to, port and protocol, not by its command', () => {
    const a = WEB_TRACE.request;
    expect(requestKey({ ...a, command: 'curl -s http://web' })).toBe(requestKey(a));
    expect(requestKey({ ...a, port: 8080 })).not.toBe(requestKey(a));
    expect(requestKey({ ...a, from: { kind: 'node', node: 'node-1' } })).not.toBe(requestKey(a));
    expect(dataplaneLabel({ cni: 'calico-ipip', proxyMode: 'ipvs' })).toBe('calico-ipip · ipvs');
  });

  it('lists the tunnel, the crossing, the route, the load balancer and the NAT of a VXLAN trace', () => {
    const f = traceFacts({ ...WEB_TRACE, hops: QUIET_HOPS });
    expect(f).toMatchObject({ outcome: 'delivered', hops: QUIET_HOPS.length, quietHops: 3 });
    expect(f.requestHops + f.replyHops).toBe(QUIET_HOPS.length);
    expect(f.tunnels).toEqual(['flannel.1 (VXLAN)']);
    expect(f.crossings).toEqual(['node-1 → node-2']);
    expect(f.routes).toEqual(['via 10.244.2.0 dev flannel.1']);
    expect(f.serviceLb).toBe('iptables (KUBE-SVC-ABCDEFGHIJKLMNOP)');
    expect(f.nat).toEqual(['DNAT 10.96.0.50:80 → 10.244.2.5:80']);
    expect(f.policy).toEqual([]);
  });

  it('a routed trace without encapsulation has no tunnel; a refused one no crossing', () => {
    const routed: PacketTrace = {
      ...WEB_TRACE,
      hops: WEB_HOPS.filter((h) => h.kind !== 'encap' && h.kind !== 'decap').map((h) =>
        h.kind === 'route' && h.location.node === 'node-1' && h.direction === 'request' ? { ...h, location: { ...h.location, device: 'eth0' }, rule: '10.244.2.0/24 via 192.168.49.4 dev eth0' } : h,
      ),
    };
    const f = traceFacts(routed);
    expect(f.tunnels).toEqual([]);
    expect(f.routes).toEqual(['via 192.168.49.4 dev eth0']);
    expect(f.crossings).toEqual(['node-1 → node-2']);
    const r = traceFacts(REFUSED_TRACE);
    expect(r).toMatchObject({ outcome: 'refused', crossings: [], tunnels: [], nat: [] });
  });
});
