// The packet walker end to end over worlds built by the simulation: pod to pod for every CNI back
// end, Services in both kube-proxy modes, NodePorts from outside, refusals, rejections and policy.
import fc from 'fast-check';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { TraceHop } from '../api/trace';
import { buildDatapath } from '../cni/datapath';
import type { CniBackendName, ProxyMode } from '../cni/types';
import { World } from '../sim/world';
import { walk } from './trace';
import type { Datapath, DatapathRequest, PolicyCheck } from './trace-types';

const manifest = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, targetPort: 80, nodePort: 30080}]
---
apiVersion: v1
kind: Service
metadata: {name: empty}
spec:
  selector: {app: nothing}
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec: {containers: [{name: c, image: busybox}]}
`;

/** What the containers declare is what listens (the real runtime's table lives in the kubelet). */
function listeningOf(pod: Pod): ReadonlySet<string> {
  return new Set((pod.spec?.containers ?? []).flatMap((c) => (c.ports ?? []).map((p) => `${p.protocol ?? 'TCP'}/${p.containerPort}`)));
}

/** A seeded dice (mulberry32) so a run can be replayed. */
function dice(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.floor(r * n);
  };
}

interface Env {
  world: World;
  dp: (seed?: number, policy?: PolicyCheck) => Datapath;
  pods: Pod[];
  ip: (name: string) => string;
  node: (name: string) => string;
  svcIP: (name: string) => string;
}

const worlds = new Map<string, Env>();
function env(cni: CniBackendName, proxyMode: ProxyMode = 'iptables'): Env {
  const k = `${cni}/${proxyMode}`;
  const hit = worlds.get(k);
  if (hit) return hit;
  const world = World.create({ workerNodes: 2, seed: 1, cni, proxyMode });
  expect(world.apply(manifest).ok).toBe(true);
  world.settle();
  const state = world.networkState();
  const pods = state.pods as Pod[];
  const byName = (n: string) => pods.find((p) => p.metadata?.name === n || p.metadata?.name?.startsWith(`${n}-`))!;
  const e: Env = {
    world,
    pods,
    dp: (seed = 1, policy) => buildDatapath(state, { listeningOf, randomInt: dice(seed), now: 0, ...(policy ? { policy } : {}) }),
    ip: (n) => byName(n).status!.podIP!,
    node: (n) => byName(n).spec!.nodeName!,
    svcIP: (n) => (state.services.find((s) => s.metadata?.name === n)!.spec!.clusterIP!),
  };
  worlds.set(k, e);
  return e;
}

function webPods(e: Env): Pod[] {
  return e.pods.filter((p) => p.metadata?.labels?.app === 'web' && p.status?.podIP);
}

function req(from: DatapathRequest['from'], dstIP: string, dstPort = 80, protocol: DatapathRequest['protocol'] = 'TCP'): DatapathRequest {
  return { from, dstIP, dstPort, protocol, srcPort: 40000 };
}

const key = (p: Pod) => `${p.metadata!.namespace ?? 'default'}/${p.metadata!.name}`;
const kinds = (hops: TraceHop[], dir: 'request' | 'reply' = 'request') => hops.filter((h) => h.direction === dir).map((h) => h.kind);

/** A web pod on the client's node and one on another node. */
function peers(e: Env): { same?: Pod; other: Pod } {
  const cn = e.node('client');
  const web = webPods(e);
  return { same: web.find((p) => p.spec!.nodeName === cn), other: web.find((p) => p.spec!.nodeName !== cn)! };
}

describe('walk: pod to pod', () => {
  it('same node: veth -> cni0 -> veth, delivered and answered', () => {
    const e = env('flannel-vxlan');
    const { same } = peers(e);
    expect(same).toBeDefined();
    const r = walk(e.dp(), req({ kind: 'pod', pod: 'default/client' }, same!.status!.podIP!));
    expect(r.outcome).toMatchObject({ delivered: true, replied: true, servedBy: { kind: 'pod', pod: key(same!) } });
    const bridge = r.hops.filter((h) => h.kind === 'bridge' && h.direction === 'request');
    expect(bridge.length).toBeGreaterThan(0);
    expect(bridge[0].location.device).toBe('cni0');
    expect(kinds(r.hops)).not.toContain('encap');
    expect(r.hops.filter((h) => h.kind === 'veth' && h.direction === 'request')).toHaveLength(2);
  });

  it('flannel-vxlan across nodes: UDP/8472 VNI 1 between the node IPs', () => {
    const e = env('flannel-vxlan');
    const { other } = peers(e);
    const r = walk(e.dp(), req({ kind: 'pod', pod: 'default/client' }, other.status!.podIP!));
    expect(r.outcome.delivered && r.outcome.replied).toBe(true);
    const enc = r.hops.find((h) => h.kind === 'encap')!;
    const nodes = e.world.nodes();
    const ipOf = (n: string) => nodes.find((x) => x.metadata!.name === n)!.status!.addresses!.find((a) => a.type === 'InternalIP')!.address;
    expect(enc.after.outer).toMatchObject({ kind: 'vxlan', ip: { src: ipOf(e.node('client')), dst: ipOf(other.spec!.nodeName!), proto: 'UDP' }, udp: { dport: 8472 }, vni: 1 });
    expect(enc.rule).toMatch(/dev flannel\.1 dst /);
    expect(r.hops.some((h) => h.kind === 'wire')).toBe(true);
    expect(r.hops.some((h) => h.kind === 'decap' && h.location.node === other.spec!.nodeName)).toBe(true);
    // The pod sees the client's own address: no NAT inside the overlay.
    const deliver = r.hops.find((h) => h.kind === 'deliver' && h.direction === 'request')!;
    expect(deliver.after.ip.src).toBe(e.ip('client'));
  });

  it('flannel-udp across nodes: flanneld in user space on both ends, UDP/8285', () => {
    const e = env('flannel-udp');
    const { other } = peers(e);
    const r = walk(e.dp(), req({ kind: 'pod', pod: 'default/client' }, other.status!.podIP!));
    expect(r.outcome.delivered && r.outcome.replied).toBe(true);
    const us = r.hops.filter((h) => h.kind === 'userspace' && h.direction === 'request');
    expect(us.length).toBeGreaterThanOrEqual(3);
    expect(us.some((h) => h.summary.includes('kernel -> user space') && h.location.node === e.node('client'))).toBe(true);
    expect(us.some((h) => h.summary.includes('user space -> kernel') && h.location.node === other.spec!.nodeName)).toBe(true);
    expect(r.hops.find((h) => h.kind === 'encap')!.after.outer).toMatchObject({ kind: 'udp', udp: { dport: 8285 } });
  });

  it('flannel-host-gw across nodes: routed via the peer node IP, no encapsulation', () => {
    const e = env('flannel-host-gw');
    const { other } = peers(e);
    const r = walk(e.dp(), req({ kind: 'pod', pod: 'default/client' }, other.status!.podIP!));
    expect(r.outcome.delivered && r.outcome.replied).toBe(true);
    expect(kinds(r.hops)).not.toContain('encap');
    expect(r.hops.some((h) => h.kind === 'route' && /via 192\.168\.\d+\.\d+ dev eth0/.test(h.rule ?? ''))).toBe(true);
    expect(r.hops.every((h) => !h.after.outer)).toBe(true);
  });

  it('calico-bgp: proxy ARP for 169.254.1.1, /32 cali routes on the far node', () => {
    const e = env('calico-bgp');
    const { other } = peers(e);
    const r = walk(e.dp(), req({ kind: 'pod', pod: 'default/client' }, other.status!.podIP!));
    expect(r.outcome.delivered && r.outcome.replied).toBe(true);
    const arp = r.hops.find((h) => h.kind === 'neigh')!;
    expect(arp.summary).toContain('proxy ARP');
    expect(arp.after.eth?.dst).toBe('ee:ee:ee:ee:ee:ee');
    expect(r.hops.some((h) => h.kind === 'route' && h.location.node === other.spec!.nodeName && new RegExp(`^${other.status!.podIP!.replace(/\./g, '\\.')} dev cali`).test(h.rule ?? ''))).toBe(true);
    expect(kinds(r.hops)).not.toContain('encap');
  });

  it('calico-ipip: outer IPIP header on tunl0', () => {
    const e = env('calico-ipip');
    const { other } = peers(e);
    const r = walk(e.dp(), req({ kind: 'pod', pod: 'default/client' }, other.status!.podIP!));
    expect(r.outcome.delivered && r.outcome.replied).toBe(true);
    const enc = r.hops.find((h) => h.kind === 'encap')!;
    expect(enc.location.device).toBe('tunl0');
    expect(enc.after.outer).toMatchObject({ kind: 'ipip', ip: { proto: 'IPIP' } });
  });

  it('canal: cali veths with flannel VXLAN between nodes', () => {
    const e = env('canal');
    const { other } = peers(e);
    const r = walk(e.dp(), req({ kind: 'pod', pod: 'default/client' }, other.status!.podIP!));
    expect(r.outcome.delivered && r.outcome.replied).toBe(true);
    expect(r.hops.find((h) => h.kind === 'encap')!.after.outer?.kind).toBe('vxlan');
    expect(r.hops.some((h) => h.kind === 'veth' && /cali/.test(h.summary))).toBe(true);
  });
});

describe('walk: Services', () => {
  for (const mode of ['iptables', 'ipvs'] as const) {
    it(`${mode}: pod -> ClusterIP is DNATed to an endpoint and the reply comes back from the ClusterIP`, () => {
      const e = env('flannel-vxlan', mode);
      const vip = e.svcIP('web');
      const r = walk(e.dp(3), req({ kind: 'pod', pod: 'default/client' }, vip));
      expect(r.outcome.delivered).toBe(true);
      expect(r.outcome.replied).toBe(true);
      const served = r.outcome.servedBy as { pod: string };
      expect(webPods(e).map(key)).toContain(served.pod);
      const dnat = r.hops.find((h) => (h.kind === 'netfilter' || h.kind === 'ipvs') && h.verdict === 'DNAT')!;
      expect(dnat.before.ip.dst).toBe(vip);
      if (mode === 'iptables') {
        expect(dnat.summary).toMatch(/KUBE-SVC-\w+ picked endpoint [\d.]+:80/);
        expect(dnat.rule).toMatch(/^-A KUBE-SEP-\w+ .*-j DNAT --to-destination [\d.]+:80$/);
        expect(dnat.chainPath?.slice(0, 2)).toEqual(['PREROUTING', 'KUBE-SERVICES']);
      } else {
        expect(dnat.kind).toBe('ipvs');
        expect(dnat.rule).toMatch(new RegExp(`^TCP  ${vip.replace(/\./g, '\\.')}:80 rr\\n  -> `));
      }
      const back = r.hops.filter((h) => h.direction === 'reply');
      expect(back.some((h) => h.kind === 'conntrack' && h.after.ip.src === vip)).toBe(true);
      const last = back[back.length - 1];
      expect(last.kind).toBe('deliver');
      expect(last.after.ip.src).toBe(vip);
      expect(last.after.l4?.sport).toBe(80);
      const ct = r.conntrack.find((c) => c.node === e.node('client'))!;
      expect(ct.entry).toMatchObject({ proto: 'tcp', state: 'ESTABLISHED', timeout: 432000, original: { dst: vip, dport: 80 } });
    });

    it(`${mode}: a Service with no endpoints is refused`, () => {
      const e = env('flannel-vxlan', mode);
      const r = walk(e.dp(), req({ kind: 'pod', pod: 'default/client' }, e.svcIP('empty')));
      expect(r.outcome.delivered).toBe(false);
      expect(r.outcome.replied).toBe(true);
      expect(r.outcome.reason).toMatch(/Connection refused/);
      const rej = r.hops.find((h) => h.verdict === 'REJECT')!;
      if (mode === 'iptables') expect(rej.rule).toMatch(/default\/empty has no endpoints.*-j REJECT/);
      const back = r.hops.filter((h) => h.direction === 'reply');
      expect(back[back.length - 1].after.icmp?.type).toBe('destination-unreachable');
    });

    it(`${mode}: an external client reaches the NodePort on every node; SNAT when the endpoint is elsewhere`, () => {
      const e = env('flannel-vxlan', mode);
      for (const n of e.world.nodes()) {
        const nodeIP = n.status!.addresses!.find((a) => a.type === 'InternalIP')!.address;
        for (let seed = 1; seed <= 6; seed++) {
          const r = walk(e.dp(seed), req({ kind: 'external', ip: '192.168.49.100' }, nodeIP, 30080));
          expect(r.outcome, `node ${n.metadata!.name} seed ${seed}`).toMatchObject({ delivered: true, replied: true });
          const served = e.pods.find((p) => key(p) === (r.outcome.servedBy as { pod: string }).pod)!;
          const deliver = r.hops.find((h) => h.kind === 'deliver' && h.direction === 'request')!;
          if (served.spec!.nodeName !== n.metadata!.name) {
            expect(r.hops.some((h) => h.verdict === 'MASQUERADE')).toBe(true);
            expect(deliver.after.ip.src).not.toBe('192.168.49.100');
          }
          const back = r.hops.filter((h) => h.direction === 'reply');
          const last = back[back.length - 1];
          expect(last.after.ip).toMatchObject({ src: nodeIP, dst: '192.168.49.100' });
          expect(last.after.l4?.sport).toBe(30080);
        }
      }
    });
  }

  for (const mode of ['iptables', 'ipvs'] as const) {
    it(`${mode}: an external client reaches a LoadBalancer IP through a node`, () => {
      const world = World.create({ workerNodes: 2, seed: 1, proxyMode: mode });
      expect(world.apply(`${manifest}---
apiVersion: v1
kind: Service
metadata: {name: lb}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 8080, targetPort: 80}]
`).ok).toBe(true);
      world.settle();
      const state = world.networkState();
      const vip = state.services.find((s) => s.metadata?.name === 'lb')?.status?.loadBalancer?.ingress?.[0]?.ip;
      expect(vip).toBeTruthy();
      const dp = buildDatapath(state, { listeningOf, randomInt: dice(3), now: 0 });
      const r = walk(dp, req({ kind: 'external', ip: '192.168.49.100' }, vip!, 8080));
      expect(r.outcome).toMatchObject({ delivered: true, replied: true });
      const back = r.hops.filter((h) => h.direction === 'reply');
      expect(back[back.length - 1].after.ip).toMatchObject({ src: vip, dst: '192.168.49.100' });
      expect(back[back.length - 1].after.l4?.sport).toBe(8080);
    });
  }

  it('an unknown address outside the cluster: the router drops it', () => {
    const e = env('flannel-vxlan');
    const r = walk(e.dp(), req({ kind: 'external', ip: '192.168.49.100' }, '203.0.113.9'));
    expect(r.outcome).toMatchObject({ delivered: false, replied: false });
    expect(r.outcome.reason).toMatch(/203\.0\.113\.9 is beyond the gateway, outside the simulated network/);
    expect(r.hops[r.outcome.dropHop!].kind).toBe('drop');
  });
});

describe('walk: refusals and policy', () => {
  it('the wrong port: TCP RST back, curl says Connection refused', () => {
    const e = env('flannel-vxlan');
    const { other } = peers(e);
    const r = walk(e.dp(), req({ kind: 'pod', pod: 'default/client' }, other.status!.podIP!, 8080));
    expect(r.outcome).toMatchObject({ delivered: false, replied: true });
    expect(r.outcome.reason).toMatch(/Connection refused.*nothing listens on TCP\/8080/);
    const back = r.hops.filter((h) => h.direction === 'reply');
    expect(back[0].after.l4?.flags).toBe('RST,ACK');
    expect(back[back.length - 1].kind).toBe('deliver');
  });

  it('the kubelet port on a node answers', () => {
    const e = env('flannel-vxlan');
    const nodeIP = e.world.nodes()[1].status!.addresses!.find((a) => a.type === 'InternalIP')!.address;
    const r = walk(e.dp(), req({ kind: 'pod', pod: 'default/client' }, nodeIP, 10250));
    expect(r.outcome).toMatchObject({ delivered: true, replied: true, servedBy: { kind: 'node' } });
  });

  it('a NetworkPolicy denial at the destination pod (Calico): policy hop, drop, no reply', () => {
    const e = env('calico-bgp');
    const { other } = peers(e);
    const asked: string[] = [];
    const policy: PolicyCheck = (q) => {
      asked.push(`${q.direction} ${q.pod} ${q.peerIP} ${q.protocol}/${q.port}`);
      return q.direction === 'ingress'
        ? { allowed: false, isolatedBy: ['default/deny'], reason: `pod ${q.pod} is isolated for ingress by default/deny` }
        : { allowed: true, isolatedBy: [], reason: 'no policy selects the pod for egress' };
    };
    const r = walk(e.dp(1, policy), req({ kind: 'pod', pod: 'default/client' }, other.status!.podIP!));
    expect(r.outcome).toMatchObject({ delivered: false, replied: false });
    expect(r.outcome.reason).toMatch(/timed out.*isolated for ingress by default\/deny/);
    const drop = r.hops[r.outcome.dropHop!];
    expect(drop.kind).toBe('drop');
    expect(r.hops[r.outcome.dropHop! - 1]).toMatchObject({ kind: 'policy', verdict: 'DROP' });
    expect(asked).toEqual([`egress default/client ${other.status!.podIP} TCP/80`, `ingress ${key(other)} ${e.ip('client')} TCP/80`]);
  });

  it('flannel has no policy hook: the stub is not consulted', () => {
    const e = env('flannel-vxlan');
    const { other } = peers(e);
    const r = walk(e.dp(1, () => ({ allowed: false, isolatedBy: [], reason: 'x' })), req({ kind: 'pod', pod: 'default/client' }, other.status!.podIP!));
    expect(r.outcome.delivered).toBe(true);
    expect(r.hops.some((h) => h.kind === 'policy')).toBe(false);
  });
});

describe('walk: more paths', () => {
  it('hairpin: a pod reaching its own Service lands on itself, masqueraded to the bridge address', () => {
    const e = env('flannel-vxlan');
    const self = webPods(e)[0];
    let seen = false;
    for (let seed = 1; seed <= 40 && !seen; seed++) {
      const r = walk(e.dp(seed), req({ kind: 'pod', pod: key(self) }, e.svcIP('web')));
      expect(r.outcome).toMatchObject({ delivered: true, replied: true });
      if ((r.outcome.servedBy as { pod: string }).pod !== key(self)) continue;
      seen = true;
      const masq = r.hops.find((h) => h.verdict === 'MASQUERADE')!;
      expect(masq.after.ip.src).toMatch(/^10\.244\.\d+\.1$/);
      const back = r.hops.filter((h) => h.direction === 'reply');
      expect(back[back.length - 1].after.ip).toMatchObject({ src: e.svcIP('web'), dst: self.status!.podIP });
    }
    expect(seen).toBe(true);
  });

  it('ping: ICMP echo answered by the kernel, conntrack keeps the echo id', () => {
    const e = env('flannel-vxlan');
    const { other } = peers(e);
    const r = walk(e.dp(), { from: { kind: 'pod', pod: 'default/client' }, dstIP: other.status!.podIP!, dstPort: 0, protocol: 'ICMP', srcPort: 7 });
    expect(r.outcome).toMatchObject({ delivered: true, replied: true });
    const back = r.hops.filter((h) => h.direction === 'reply');
    expect(back[back.length - 1].after.icmp?.type).toBe('echo-reply');
    expect(r.conntrack.every((c) => c.entry.proto === 'icmp' && c.entry.original.id === 7 && c.entry.reply.type === 0)).toBe(true);
  });

  it('UDP to a port nobody listens on: ICMP port unreachable', () => {
    const e = env('flannel-vxlan');
    const { other } = peers(e);
    const r = walk(e.dp(), req({ kind: 'pod', pod: 'default/client' }, other.status!.podIP!, 9999, 'UDP'));
    expect(r.outcome).toMatchObject({ delivered: false, replied: true });
    const back = r.hops.filter((h) => h.direction === 'reply');
    expect(back[0].after.icmp).toMatchObject({ type: 'destination-unreachable', code: 'port-unreachable' });
  });

  it('an egress denial stops the packet on the source node before routing', () => {
    const e = env('canal');
    const { other } = peers(e);
    const policy: PolicyCheck = (q) => ({ allowed: q.direction !== 'egress', isolatedBy: ['default/no-egress'], reason: `pod ${q.pod} is isolated for egress by default/no-egress` });
    const r = walk(e.dp(1, policy), req({ kind: 'pod', pod: 'default/client' }, other.status!.podIP!));
    expect(r.outcome).toMatchObject({ delivered: false, replied: false });
    const drop = r.hops[r.outcome.dropHop!];
    expect(drop.location.node).toBe(e.node('client'));
    expect(drop.location.device).toMatch(/^cali/);
    expect(r.hops.some((h) => h.kind === 'wire')).toBe(false);
    expect(r.conntrack).toEqual([]);
  });

  it('the node shell curling a ClusterIP (IPVS): through lo to IPVS, masqueraded to the node address on the way out', () => {
    const e = env('flannel-vxlan', 'ipvs');
    const r = walk(e.dp(2), req({ kind: 'node', node: 'node-1' }, e.svcIP('web')));
    expect(r.outcome).toMatchObject({ delivered: true, replied: true });
    expect(r.hops.find((h) => h.kind === 'ipvs')!.location).toMatchObject({ node: 'node-1', device: 'kube-ipvs0' });
    const back = r.hops.filter((h) => h.direction === 'reply');
    expect(back[back.length - 1].after.ip.src).toBe(e.svcIP('web'));
  });

  it('every hop names its place and keeps before/after headers; netfilter hops carry table, chain path and verdict', () => {
    const e = env('calico-bgp');
    const r = walk(e.dp(5), req({ kind: 'pod', pod: 'default/client' }, e.svcIP('web')));
    for (const h of r.hops) {
      expect(h.summary.length).toBeGreaterThan(0);
      expect(h.before.ip && h.after.ip).toBeTruthy();
      if (h.kind === 'netfilter') {
        expect(h.chainPath?.length).toBeGreaterThan(0);
        expect(h.verdict).toBeDefined();
      }
      if (h.kind === 'route' || h.kind === 'neigh') expect(h.rule).toBeTruthy();
    }
  });
});

describe('walk: properties', () => {
  const opts = { numRuns: 40, seed: 42 };

  it('every packet to a ClusterIP is DNATed to a ready endpoint or rejected', () => {
    for (const mode of ['iptables', 'ipvs'] as const) {
      const e = env('flannel-vxlan', mode);
      const ready = new Set(webPods(e).map((p) => p.status!.podIP!));
      fc.assert(fc.property(fc.integer({ min: 1, max: 1e9 }), fc.constantFrom('web', 'empty'), (seed, svc) => {
        const r = walk(e.dp(seed), req({ kind: 'pod', pod: 'default/client' }, e.svcIP(svc)));
        const dnat = r.hops.find((h) => h.verdict === 'DNAT');
        if (dnat) return ready.has(dnat.after.ip.dst) && r.outcome.delivered;
        return !r.outcome.delivered && r.hops.some((h) => h.verdict === 'REJECT') && /refused/.test(r.outcome.reason ?? '');
      }), opts);
    }
  });

  it('iptables and IPVS modes deliver to the same set of endpoints', () => {
    const served = (mode: ProxyMode) => {
      const e = env('flannel-vxlan', mode);
      const set = new Set<string>();
      fc.assert(fc.property(fc.integer({ min: 1, max: 1e9 }), (seed) => {
        const r = walk(e.dp(seed), req({ kind: 'pod', pod: 'default/client' }, e.svcIP('web')));
        if (r.outcome.servedBy?.kind === 'pod') set.add(r.outcome.servedBy.pod);
        return r.outcome.delivered;
      }), { numRuns: 80, seed: 7 });
      return [...set].sort();
    };
    const a = served('iptables');
    expect(a).toEqual(served('ipvs'));
    expect(a).toEqual(webPods(env('flannel-vxlan')).map(key).sort());
  });

  it("a reply retraces the conntrack entry (its addresses are the entry's reply tuple)", () => {
    const e = env('flannel-vxlan');
    const nodeIPs = e.world.nodes().map((n) => n.status!.addresses!.find((a) => a.type === 'InternalIP')!.address);
    const targets = [e.svcIP('web'), ...webPods(e).map((p) => p.status!.podIP!)];
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e9 }), fc.constantFrom(...targets.map((t) => ({ t, port: 80 })), ...nodeIPs.map((t) => ({ t, port: 30080 }))), fc.boolean(), (seed, target, external) => {
      const from: DatapathRequest['from'] = external ? { kind: 'external', ip: '192.168.49.100' } : { kind: 'pod', pod: 'default/client' };
      if (external && target.port !== 30080) return true;
      const r = walk(e.dp(seed), req(from, target.t, target.port));
      if (!r.outcome.replied) return false;
      for (const { node, entry } of r.conntrack) {
        // The reply left `node`'s kernel as entry.reply arrived: the hop where it entered the node shows those addresses.
        const entering = r.hops.find((h) => h.direction === 'reply' && h.location.node === node && h.before.ip.src === entry.reply.src && h.before.ip.dst === entry.reply.dst && h.before.l4?.sport === entry.reply.sport && h.before.l4?.dport === entry.reply.dport);
        if (!entering) return false;
        if (entry.state !== 'ESTABLISHED') return false;
      }
      return r.conntrack.length > 0;
    }), opts);
  });
});
