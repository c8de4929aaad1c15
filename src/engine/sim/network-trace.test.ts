import { describe, expect, it } from 'vitest';
import { INGRESS_FANOUT_DEMO, INGRESS_NGINX_CONTROLLER } from '../api/samples/ingress-nginx';
import { DEFAULT_DENY, THREE_TIER, TIERS_POLICY } from '../api/samples/networking';
import type { PacketTrace } from '../api/trace';
import type { CniBackendName } from '../cni/types';
import { formatTrace } from '../linux/trace-format';
import { World } from './world';

const CLIENT = `apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  containers: [{name: shell, image: nicolaka/netshoot:v0.13, command: [sleep, infinity]}]
`;

function cluster(cni: CniBackendName = 'flannel-vxlan', ...manifests: string[]): World {
  const w = World.create({ workerNodes: 3, seed: 7, cni });
  for (const m of manifests) {
    const r = w.apply(m);
    expect(r.ok, JSON.stringify(r.documents.filter((d) => !d.ok))).toBe(true);
  }
  w.settle();
  return w;
}

const kinds = (t: PacketTrace) => t.hops.map((h) => h.kind);

describe('a request from a pod to a Service name', () => {
  const w = cluster('flannel-vxlan', THREE_TIER);
  const t = w.trace({ from: { kind: 'pod', pod: 'default/client' }, to: 'nginx', port: 80, protocol: 'TCP' });

  it('first asks CoreDNS through the kube-dns Service, with the search list of the pod', () => {
    expect(t.dns?.[0]).toMatchObject({ name: 'nginx.default.svc.cluster.local.', type: 'A', rcode: 'NOERROR', server: '10.96.0.10' });
    expect(t.dns?.[0].answeredBy).toMatch(/^kube-system\/coredns-/);
    // The query is itself a UDP packet to a CoreDNS pod, DNATed by kube-proxy.
    const q = t.dns?.[0].trace;
    expect(q?.outcome.delivered).toBe(true);
    expect(q?.outcome.servedBy).toEqual({ kind: 'pod', pod: t.dns?.[0].answeredBy });
    expect(t.hops[0].kind).toBe('dns');
  });

  it('reaches an nginx pod through the ClusterIP and the reply comes back from the ClusterIP', () => {
    const svcIP = (w.getObject({ kind: 'Service', name: 'nginx', namespace: 'default' })?.spec as { clusterIP: string }).clusterIP;
    expect(t.outcome.delivered).toBe(true);
    expect(t.outcome.replied).toBe(true);
    expect(t.outcome.servedBy).toMatchObject({ kind: 'pod' });
    expect((t.outcome.servedBy as { pod: string }).pod).toMatch(/^default\/nginx-/);
    const dnat = t.hops.find((h) => h.verdict === 'DNAT');
    expect(dnat?.before.ip.dst).toBe(svcIP);
    const last = t.hops[t.hops.length - 1];
    expect(last.direction).toBe('reply');
    expect(last.after.ip.src).toBe(svcIP);
  });

  it('leaves the flow in the conntrack table of the client node', () => {
    const node = (w.getObject({ kind: 'Pod', name: 'client', namespace: 'default' })?.spec as { nodeName: string }).nodeName;
    const out = w.nodeShell(node, 'conntrack -L').stdout;
    expect(out).toMatch(/tcp\s+6 \d+ ESTABLISHED src=10\.244\.\d+\.\d+ dst=10\.\d+\.\d+\.\d+ sport=\d+ dport=80 .*\[ASSURED\]/);
  });

  it('prints as text, one line per hop, request and reply apart', () => {
    const text = formatTrace(t);
    expect(text).toContain('dns A nginx.default.svc.cluster.local. @10.96.0.10: NOERROR');
    expect(text).toMatch(/\n {2}request: .* > .*:80 TCP \[SYN\]/);
    expect(text).toMatch(/\n {2}reply: /);
    expect(text).toMatch(/outcome: delivered to pod default\/nginx-/);
  });
});

describe('names that do not resolve', () => {
  const w = cluster('flannel-vxlan', CLIENT);

  it('tries every search domain then the name itself, and the request never leaves', () => {
    const t = w.trace({ from: { kind: 'pod', pod: 'default/client' }, to: 'nope', port: 80, protocol: 'TCP' });
    expect(t.dns?.map((l) => l.name)).toEqual(['nope.default.svc.cluster.local.', 'nope.svc.cluster.local.', 'nope.cluster.local.', 'nope.']);
    expect(t.outcome.delivered).toBe(false);
    expect(t.outcome.reason).toContain('Could not resolve host: nope');
    expect(kinds(t)).toEqual(['dns']);
  });

  it('curl says so with exit code 6', () => {
    const out = w.kubectl('exec client -- curl -sS http://nope');
    expect(out.stderr).toContain('curl: (6) Could not resolve host: nope');
    expect(out.exitCode).toBe(6);
    expect(out.trace?.outcome.delivered).toBe(false);
  });

  it('a node resolves with its own resolv.conf, which knows nothing of cluster names', () => {
    const t = w.trace({ from: { kind: 'node', node: 'node-1' }, to: 'kubernetes.default', port: 443, protocol: 'TCP' });
    expect(t.outcome.delivered).toBe(false);
    expect(t.dns?.[0].server).toBe('192.168.49.1');
  });

  it('refuses a sender that does not exist', () => {
    expect(() => w.trace({ from: { kind: 'pod', pod: 'default/ghost' }, to: '10.96.0.1', port: 443, protocol: 'TCP' })).toThrow('pods "ghost" not found');
  });
});

describe('NetworkPolicy', () => {
  it('a default-deny policy drops the packet under Calico, naming the policy', () => {
    const w = cluster('calico-bgp', THREE_TIER, DEFAULT_DENY);
    const out = w.kubectl('exec client -- curl -sS -m 3 http://10.96.0.1:443');
    expect(out.exitCode).toBe(28);
    const t = out.trace!;
    expect(t.outcome.delivered).toBe(false);
    expect(t.outcome.reason).toContain('default/default-deny-all');
    expect(t.hops[t.outcome.dropHop!].kind).toBe('drop');
    expect(t.hops.some((h) => h.kind === 'policy')).toBe(true);
  });

  it('the same policy blocks DNS too, so a name cannot even be resolved', () => {
    const w = cluster('canal', THREE_TIER, DEFAULT_DENY);
    const t = w.trace({ from: { kind: 'pod', pod: 'default/client' }, to: 'nginx', port: 80, protocol: 'TCP' });
    expect(t.dns?.[0].rcode).toBe('TIMEOUT');
    expect(t.dns?.[0].trace?.outcome.delivered).toBe(false);
    expect(t.outcome.reason).toContain('no DNS server replied');
  });

  it('flannel stores the policy and ignores it, as on a real cluster', () => {
    const w = cluster('flannel-vxlan', THREE_TIER, DEFAULT_DENY);
    const t = w.trace({ from: { kind: 'pod', pod: 'default/client' }, to: 'nginx', port: 80, protocol: 'TCP' });
    expect(t.outcome.delivered).toBe(true);
    expect(t.hops.some((h) => h.kind === 'policy')).toBe(false);
  });

  it('tier rules let nginx reach tomcat but not the client', () => {
    const w = cluster('calico-ipip', THREE_TIER, TIERS_POLICY);
    const fromClient = w.kubectl('exec client -- curl -sS -m 3 http://tomcat:8080');
    expect(fromClient.exitCode).toBe(28);
    expect(fromClient.trace?.outcome.reason).toContain('default/backend-from-frontend');
    const fromNginx = w.kubectl('exec deploy/nginx -- curl -s http://tomcat:8080');
    expect(fromNginx.exitCode).toBe(0);
    expect(fromNginx.trace?.outcome.servedBy).toMatchObject({ kind: 'pod' });
    expect((fromNginx.trace?.outcome.servedBy as { pod: string }).pod).toMatch(/^default\/tomcat-/);
  });
});

describe('from outside the cluster', () => {
  it('an external client reaches nginx through any node IP on the NodePort', () => {
    const w = cluster('flannel-host-gw', THREE_TIER);
    for (const nodeIP of ['192.168.49.3', '192.168.49.4', '192.168.49.5']) {
      const t = w.trace({ from: { kind: 'external', ip: '192.168.49.100' }, to: nodeIP, port: 30080, protocol: 'TCP' });
      expect(t.outcome.delivered, nodeIP).toBe(true);
      expect((t.outcome.servedBy as { pod: string }).pod).toMatch(/^default\/nginx-/);
      // host-gw: routed between nodes, never encapsulated.
      expect(t.hops.some((h) => h.kind === 'encap')).toBe(false);
    }
  });

  it('an Ingress routes by Host and path to the right Service, through the controller pod', () => {
    const w = cluster('flannel-vxlan', INGRESS_NGINX_CONTROLLER, INGRESS_FANOUT_DEMO, CLIENT);
    const apple = w.kubectl('exec client -- curl -s -H "Host: fruit.example.com" http://192.168.49.240/apple');
    expect(apple.stdout).toBe('apple\n');
    const t = apple.trace!;
    expect(t.outcome.proxiedBy).toMatchObject({ kind: 'pod' });
    expect((t.outcome.proxiedBy as { pod: string }).pod).toMatch(/^ingress-nginx\/ingress-nginx-controller-/);
    expect((t.outcome.servedBy as { pod: string }).pod).toMatch(/^default\/apple-/);
    expect(t.hops.find((h) => h.kind === 'userspace')?.summary).toContain('matches Ingress default/fruit');
    const miss = w.kubectl('exec client -- curl -s -H "Host: other.example.com" http://192.168.49.240/apple');
    expect(miss.stdout).toContain('404 Not Found');
    expect(miss.trace?.outcome.httpStatus).toBe(404);
  });
});

describe('inside the container', () => {
  const w = cluster('flannel-vxlan', THREE_TIER);

  it('nslookup answers from CoreDNS', () => {
    const out = w.kubectl('exec client -- nslookup tomcat');
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain('Server:\t\t10.96.0.10');
    expect(out.stdout).toContain('Name:\ttomcat.default.svc.cluster.local');
  });

  it('the pod has the resolv.conf the kubelet writes and the service environment variables', () => {
    expect(w.kubectl('exec client -- cat /etc/resolv.conf').stdout).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
    const env = w.kubectl('exec client -- env').stdout;
    expect(env).toMatch(/^NGINX_SERVICE_HOST=10\./m);
    expect(env).toMatch(/^KUBERNETES_SERVICE_HOST=10\.96\.0\.1$/m);
  });

  it('ping to a ClusterIP gets no answer in iptables mode: the address exists only in DNAT rules for TCP/UDP ports', () => {
    const out = w.kubectl('exec client -- ping -c 1 nginx');
    expect(out.stdout).toContain('100% packet loss');
    expect(out.exitCode).not.toBe(0);
  });
});

describe('the same packet under another CNI or proxy mode (what-if)', () => {
  const w = cluster('flannel-vxlan', THREE_TIER);
  const req = { from: { kind: 'pod' as const, pod: 'default/client' }, to: 'nginx', port: 80, protocol: 'TCP' as const };

  it('takes the other back end path over the same pods and addresses, and says so', () => {
    const real = w.trace(req);
    const ipip = w.trace(req, { cni: 'calico-ipip' });
    expect(real.whatIf).toBeUndefined();
    expect(ipip.whatIf).toEqual({ cni: 'calico-ipip' });
    expect(real.hops.some((h) => h.after.outer?.kind === 'vxlan') || real.hops.every((h) => h.kind !== 'wire')).toBe(true);
    expect(ipip.hops.some((h) => h.after.outer?.kind === 'vxlan')).toBe(false);
    expect(ipip.outcome.delivered).toBe(true);
    expect(ipip.hops[0].before.ip.src).toBe(real.hops[0].before.ip.src);
  });

  it('in IPVS mode the ClusterIP is a local address on kube-ipvs0 and IPVS picks the endpoint', () => {
    const ipvs = w.trace(req, { proxyMode: 'ipvs' });
    expect(ipvs.outcome.delivered).toBe(true);
    expect(ipvs.hops.some((h) => h.kind === 'ipvs')).toBe(true);
  });

  it('leaves the real cluster untouched: no conntrack entry from a what-if trace', () => {
    const before = w.nodeShell('node-1', 'conntrack -C').stdout;
    w.trace(req, { cni: 'flannel-udp' });
    expect(w.nodeShell('node-1', 'conntrack -C').stdout).toBe(before);
  });
});
