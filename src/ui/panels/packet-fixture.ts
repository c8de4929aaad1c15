// A hand-made packet trace for the Packets panel's and the overlay's unit tests (not used by the app):
// pod default/client on node-1 curls Service web (ClusterIP 10.96.0.50:80); kube-proxy DNATs it to
// 10.244.2.5 (default/web-7d9f8-abcde) on node-2, over flannel.1 VXLAN; the SYN,ACK comes back.

import type { PacketHeaders, PacketTrace, TraceHop, TraceLocation } from '../../worker/protocol';

const CLIENT = 'default/client';
const WEB = 'default/web-7d9f8-abcde';
const MAC = { client: '0a:58:0a:f4:01:04', cni1: '0a:58:0a:f4:01:01', web: '0a:58:0a:f4:02:05', cni2: '0a:58:0a:f4:02:01', vtep1: 'ba:11:00:00:00:01', vtep2: 'ba:22:00:00:00:02', eth1: '02:42:c0:a8:31:03', eth2: '02:42:c0:a8:31:04' };

const syn: PacketHeaders = {
  eth: { src: MAC.client, dst: MAC.cni1 },
  ip: { src: '10.244.1.4', dst: '10.96.0.50', proto: 'TCP', ttl: 64 },
  l4: { sport: 41234, dport: 80, flags: 'SYN' },
  payload: 'GET / HTTP/1.1 (Host: web)',
};
const dnat: PacketHeaders = { ...syn, ip: { ...syn.ip, dst: '10.244.2.5' } };
const routed: PacketHeaders = { ...dnat, ip: { ...dnat.ip, ttl: 63 }, eth: { src: MAC.vtep1, dst: MAC.vtep2 } };
const outerReq = { kind: 'vxlan' as const, eth: { src: MAC.eth1, dst: MAC.eth2 }, ip: { src: '192.168.49.3', dst: '192.168.49.4', proto: 'UDP' as const }, udp: { sport: 51000, dport: 8472 }, vni: 1 };
const encapReq: PacketHeaders = { ...routed, outer: outerReq };
const atWeb: PacketHeaders = { ...routed, ip: { ...routed.ip, ttl: 62 }, eth: { src: MAC.cni2, dst: MAC.web } };

const synAck: PacketHeaders = {
  eth: { src: MAC.web, dst: MAC.cni2 },
  ip: { src: '10.244.2.5', dst: '10.244.1.4', proto: 'TCP', ttl: 64 },
  l4: { sport: 80, dport: 41234, flags: 'SYN,ACK' },
};
const replyRouted: PacketHeaders = { ...synAck, ip: { ...synAck.ip, ttl: 63 }, eth: { src: MAC.vtep2, dst: MAC.vtep1 } };
const outerRep = { kind: 'vxlan' as const, eth: { src: MAC.eth2, dst: MAC.eth1 }, ip: { src: '192.168.49.4', dst: '192.168.49.3', proto: 'UDP' as const }, udp: { sport: 52000, dport: 8472 }, vni: 1 };
const encapRep: PacketHeaders = { ...replyRouted, outer: outerRep };
const unDnat: PacketHeaders = { ...replyRouted, ip: { ...replyRouted.ip, src: '10.96.0.50' } };
const atClient: PacketHeaders = { ...unDnat, ip: { ...unDnat.ip, ttl: 62 }, eth: { src: MAC.cni1, dst: MAC.client } };

const at = (node: string, netns: string, device?: string): TraceLocation => ({ node, netns, ...(device ? { device } : {}) });

function hop(kind: TraceHop['kind'], direction: TraceHop['direction'], location: TraceLocation, summary: string, before: PacketHeaders, after: PacketHeaders, extra: Partial<TraceHop> = {}): TraceHop {
  return { kind, direction, location, summary, before, after, ...extra };
}

export const SEP_RULE = '-A KUBE-SEP-ABCDEFGHIJKLMNOP -p tcp -m comment --comment "default/web" -m tcp -j DNAT --to-destination 10.244.2.5:80';

export const WEB_HOPS: TraceHop[] = [
  hop('send', 'request', at('node-1', CLIENT, 'eth0'), 'client sends TCP SYN 10.244.1.4:41234 → 10.96.0.50:80', syn, syn),
  hop('veth', 'request', at('node-1', '', 'vethc1a2b3c4'), 'crosses the veth pair into node-1', syn, syn),
  hop('netfilter', 'request', at('node-1', '', 'cni0'), 'nat PREROUTING: DNAT to 10.244.2.5:80 (KUBE-SEP-ABCDEFGHIJKLMNOP)', syn, dnat, {
    table: 'nat', chain: 'PREROUTING', rule: SEP_RULE, chainPath: ['KUBE-SERVICES', 'KUBE-SVC-ABCDEFGHIJKLMNOP', 'KUBE-SEP-ABCDEFGHIJKLMNOP'], verdict: 'DNAT',
  }),
  hop('route', 'request', at('node-1', '', 'flannel.1'), 'route 10.244.2.0/24 via 10.244.2.0 dev flannel.1', dnat, routed, { rule: '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink' }),
  hop('encap', 'request', at('node-1', '', 'flannel.1'), 'flannel.1 wraps it in VXLAN (VNI 1) to 192.168.49.4', routed, encapReq, { rule: 'ba:22:00:00:00:02 dst 192.168.49.4 self permanent' }),
  { kind: 'wire', direction: 'request', location: { node: 'node-1', netns: '', device: 'eth0', wire: { fromNode: 'node-1', toNode: 'node-2' } }, summary: 'node network: 192.168.49.3 → 192.168.49.4 UDP/8472', before: encapReq, after: encapReq },
  hop('decap', 'request', at('node-2', '', 'flannel.1'), 'flannel.1 on node-2 unwraps the VXLAN packet', encapReq, routed),
  hop('route', 'request', at('node-2', '', 'cni0'), 'route 10.244.2.0/24 dev cni0', routed, atWeb, { rule: '10.244.2.0/24 dev cni0 proto kernel scope link src 10.244.2.1' }),
  hop('veth', 'request', at('node-2', '', 'vethw5e6b7a8'), 'crosses the veth pair into web-7d9f8-abcde', atWeb, atWeb),
  hop('deliver', 'request', at('node-2', WEB, 'eth0'), 'nginx in web-7d9f8-abcde accepts on :80', atWeb, atWeb),
  hop('send', 'reply', at('node-2', WEB, 'eth0'), 'web replies SYN,ACK 10.244.2.5:80 → 10.244.1.4:41234', synAck, synAck),
  hop('veth', 'reply', at('node-2', '', 'vethw5e6b7a8'), 'crosses the veth pair into node-2', synAck, synAck),
  hop('encap', 'reply', at('node-2', '', 'flannel.1'), 'flannel.1 wraps it in VXLAN (VNI 1) to 192.168.49.3', synAck, encapRep),
  { kind: 'wire', direction: 'reply', location: { node: 'node-2', netns: '', device: 'eth0', wire: { fromNode: 'node-2', toNode: 'node-1' } }, summary: 'node network: 192.168.49.4 → 192.168.49.3 UDP/8472', before: encapRep, after: encapRep },
  hop('decap', 'reply', at('node-1', '', 'flannel.1'), 'flannel.1 on node-1 unwraps the VXLAN packet', encapRep, replyRouted),
  hop('conntrack', 'reply', at('node-1', '', 'cni0'), 'conntrack un-DNATs the reply: source back to 10.96.0.50:80', replyRouted, unDnat, {
    rule: 'tcp 6 120 SYN_RECV src=10.244.1.4 dst=10.96.0.50 sport=41234 dport=80 src=10.244.2.5 dst=10.244.1.4 sport=80 dport=41234',
  }),
  hop('veth', 'reply', at('node-1', '', 'vethc1a2b3c4'), 'crosses the veth pair into client', unDnat, atClient),
  hop('deliver', 'reply', at('node-1', CLIENT, 'eth0'), 'client receives SYN,ACK from 10.96.0.50:80', atClient, atClient),
];

export const WEB_TRACE: PacketTrace = {
  id: 'trace-1',
  request: { from: { kind: 'pod', pod: CLIENT }, to: 'web', port: 80, protocol: 'TCP', command: 'curl http://web' },
  dns: [{ name: 'web.default.svc.cluster.local.', type: 'A', rcode: 'NOERROR', answers: ['10.96.0.50'], server: '10.96.0.10', answeredBy: 'kube-system/coredns-abc' }],
  hops: WEB_HOPS,
  outcome: { delivered: true, servedBy: { kind: 'pod', pod: WEB }, replied: true },
  at: 12000,
};

/** The same request refused: no ready endpoint, kube-proxy's REJECT in filter KUBE-SERVICES. */
export const REFUSED_TRACE: PacketTrace = {
  id: 'trace-2',
  request: { from: { kind: 'pod', pod: CLIENT }, to: '10.96.0.60', port: 80, protocol: 'TCP' },
  hops: [
    WEB_HOPS[0],
    hop('drop', 'request', at('node-1', '', 'cni0'), 'filter KUBE-SERVICES: REJECT (default/db has no endpoints)', syn, syn, {
      table: 'filter', chain: 'KUBE-SERVICES', verdict: 'REJECT',
      rule: '-A KUBE-SERVICES -d 10.96.0.60/32 -p tcp -m comment --comment "default/db has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
    }),
  ],
  outcome: { delivered: false, replied: false, dropHop: 1, reason: 'curl: (7) Failed to connect to 10.96.0.60 port 80: Connection refused (Service default/db has no endpoints)' },
  at: 13000,
};
