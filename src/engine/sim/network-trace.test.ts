import { describe, expect, it } from 'vitest';
import { INGRESS_FANOUT_DEMO, INGRESS_NGINX_CONTROLLER } from '../api/samples/ingress-nginx';
import { DEFAULT_DENY, THREE_TIER, TIERS_POLICY } from '../api/samples/networking';
import type { PacketTrace } from '../api/trace';
import type { CniBackendName } from '../cni/types';
import { formatTrace } from '../linux/trace-format';
import { clientPod } from '../testing/manifests';
import { World } from './world';

const CLIENT = clientPod();

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
    expect(t.hops[t.outcome.dropHop!].summary).toContain('default/default-deny-all');
    // The first enforcement point is the client's own egress, at its cali veth on the node.
    const policy = t.hops.find((h) => h.kind === 'policy')!;
    expect(policy.verdict).toBe('DROP');
    expect(policy.summary).toMatch(/^NetworkPolicy egress for pod default\/client: denied - .*default\/default-deny-all/);
    expect(policy.location.device).toMatch(/^cali/);
  });

  it('curl -m gives up resolving when the DNS query is dropped: exit 28, as real curl', () => {
    const w = cluster('calico-bgp', THREE_TIER, DEFAULT_DENY);
    const out = w.kubectl('exec client -- curl -sS -m 3 http://nginx');
    expect(out.stderr).toContain('curl: (28) Resolving timed out after 3000 milliseconds');
    expect(out.exitCode).toBe(28);
    expect(w.kubectl('exec client -- curl -sS http://nginx').stderr).toContain('curl: (6) Could not resolve host: nginx');
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

  it('HTTPS to the Ingress: the controller terminates TLS with the Secret the Ingress names, then proxies plain HTTP', () => {
    const w = cluster('flannel-vxlan', INGRESS_NGINX_CONTROLLER, INGRESS_FANOUT_DEMO, CLIENT);
    const tls = `apiVersion: v1
kind: Secret
metadata: {name: fruit-tls}
type: kubernetes.io/tls
data: {tls.crt: LS0tLS1CRUdJTg==, tls.key: LS0tLS1CRUdJTg==}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: fruit-secure}
spec:
  ingressClassName: nginx
  tls: [{hosts: [secure.example.com], secretName: fruit-tls}]
  rules:
  - host: secure.example.com
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: banana, port: {number: 80}}}}]
`;
    expect(w.apply(tls).ok).toBe(true);
    w.settle();
    const out = w.kubectl('exec client -- curl -sv -H "Host: secure.example.com" https://192.168.49.240/');
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toBe('banana\n');
    expect(out.stderr).toContain('certificate from Secret default/fruit-tls');
    expect(out.trace?.outcome.tls).toEqual({ terminatedBy: (out.trace?.outcome.proxiedBy as { pod: string }).pod, secret: 'default/fruit-tls' });
    expect(out.trace?.hops.find((h) => h.kind === 'userspace')?.summary).toContain('terminates TLS for secure.example.com');
    // Plain HTTPS to a pod with no TLS terminator stays unsimulated, and says so.
    const direct = w.kubectl('exec client -- curl -sS https://kubernetes.default');
    expect(direct.exitCode).toBe(35);
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

  it('does not change what a real trace afterwards picks (own random stream, own ids)', () => {
    const a = cluster('flannel-vxlan', THREE_TIER);
    const b = cluster('flannel-vxlan', THREE_TIER);
    const whatIf = b.trace(req, { cni: 'calico-bgp', proxyMode: 'ipvs' });
    expect(whatIf.id).toMatch(/^what-if-\d+$/);
    const ra = a.trace(req);
    const rb = b.trace(req);
    expect(rb.id).toBe(ra.id);
    expect(rb.outcome.servedBy).toEqual(ra.outcome.servedBy);
    expect(rb.hops.map((h) => h.after.l4?.sport)).toEqual(ra.hops.map((h) => h.after.l4?.sport));
  });

  it('leaves the real cluster untouched: no conntrack entry from a what-if trace', () => {
    const before = w.nodeShell('node-1', 'conntrack -C').stdout;
    w.trace(req, { cni: 'flannel-udp' });
    expect(w.nodeShell('node-1', 'conntrack -C').stdout).toBe(before);
  });
});

/** Four web pods spread over the workers, behind a Service with or without sessionAffinity. */
const webWith = (extra: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx:1.27, ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
${extra}`;

const STICKY = webWith(`  sessionAffinity: ClientIP
  sessionAffinityConfig: {clientIP: {timeoutSeconds: 60}}
`);

function servedBy(w: World, n: number, cmd = 'exec client -- curl -s -m 3 http://web'): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = w.kubectl(cmd);
    expect(r.exitCode, r.stderr).toBe(0);
    out.push((r.trace?.outcome.servedBy as { pod: string }).pod);
  }
  return out;
}

describe('sessionAffinity: ClientIP across traces', () => {
  for (const proxyMode of ['iptables', 'ipvs'] as const) {
    it(`${proxyMode}: ten curls from one client land on one endpoint, and the choice may change after timeoutSeconds`, () => {
      const w = World.create({ workerNodes: 3, seed: 7, proxyMode });
      expect(w.apply(STICKY + '---\n' + CLIENT).ok).toBe(true);
      w.settle();
      const first = servedBy(w, 10);
      expect(new Set(first).size).toBe(1);
      // The trace says why: xt_recent's --rcheck or IPVS' persistence template.
      const again = w.kubectl('exec client -- curl -s http://web').trace!;
      const why = again.hops.map((h) => h.summary).join('\n');
      expect(why).toContain(proxyMode === 'iptables' ? 'session affinity: the client was sent there within the last 60s' : "the client's earlier real server (persistent)");
      // Past the timeout each connection is a fresh pick: over a few rounds another pod serves.
      const later: string[] = [];
      for (let i = 0; i < 8; i++) {
        w.step(61_000);
        later.push(...servedBy(w, 1));
      }
      expect(new Set([...first, ...later]).size).toBeGreaterThan(1);
    });

    it(`${proxyMode}: without sessionAffinity the same ten curls spread over the endpoints`, () => {
      const w = World.create({ workerNodes: 3, seed: 7, proxyMode });
      expect(w.apply(webWith('') + '---\n' + CLIENT).ok).toBe(true);
      w.settle();
      expect(new Set(servedBy(w, 10)).size).toBeGreaterThan(1);
    });
  }

  it('the remembered choice survives a snapshot and restore', () => {
    const w = World.create({ workerNodes: 3, seed: 7 });
    expect(w.apply(STICKY + '---\n' + CLIENT).ok).toBe(true);
    w.settle();
    const [pod] = servedBy(w, 1);
    const copy = World.restore(w.snapshot());
    expect(new Set(servedBy(copy, 5))).toEqual(new Set([pod]));
  });

  it('a what-if trace reads the affinity but leaves it untouched', () => {
    const w = World.create({ workerNodes: 3, seed: 7 });
    expect(w.apply(STICKY + '---\n' + CLIENT).ok).toBe(true);
    w.settle();
    const before = w.snapshot().network?.affinity;
    w.trace({ from: { kind: 'pod', pod: 'default/client' }, to: 'web', port: 80, protocol: 'TCP' }, { proxyMode: 'ipvs' });
    expect(w.snapshot().network?.affinity).toEqual(before);
  });
});

/** One echo pod (on whichever node the scheduler picks) behind a LoadBalancer Service with the given policies. */
const oneBehind = (spec: string) => `apiVersion: v1
kind: Pod
metadata: {name: echo, labels: {app: echo}}
spec:
  containers: [{name: nginx, image: nginx:1.27, ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: echo}
spec:
  type: LoadBalancer
  selector: {app: echo}
  ports: [{port: 80, targetPort: 80, nodePort: 30090}]
${spec}`;

const OUTSIDE = { kind: 'external' as const, ip: '192.168.49.100' };

function nodeIPs(w: World): Map<string, string> {
  return new Map(w.nodes().map((n) => [n.metadata.name!, n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '']));
}

function podNode(w: World, name: string): string {
  return (w.getObject({ kind: 'Pod', name, namespace: 'default' })?.spec as { nodeName: string }).nodeName;
}

/** The source address the serving pod saw (the request's delivery hop). */
function sourceSeen(t: PacketTrace): string | undefined {
  return t.hops.find((h) => h.kind === 'deliver' && h.direction === 'request')?.after.ip.src;
}

describe('traffic policies', () => {
  it('externalTrafficPolicy Cluster: any node forwards; from another node the pod sees that node as the source', () => {
    // host-gw: the forwarding node masquerades to its eth0 address (under VXLAN it would be flannel.1's 10.244.N.0).
    const w = cluster('flannel-host-gw', oneBehind('  externalTrafficPolicy: Cluster\n'));
    const home = podNode(w, 'echo');
    for (const [node, ip] of nodeIPs(w)) {
      const t = w.trace({ from: OUTSIDE, to: ip, port: 30090, protocol: 'TCP' });
      expect(t.outcome.delivered, node).toBe(true);
      expect(t.outcome.replied, node).toBe(true);
      if (node !== home) expect(sourceSeen(t), node).toBe(ip);
      expect(sourceSeen(t)).not.toBe(OUTSIDE.ip);
    }
  });

  it('externalTrafficPolicy Local: the client address is kept; a node without a local endpoint drops it', () => {
    const w = cluster('flannel-vxlan', oneBehind('  externalTrafficPolicy: Local\n'));
    const home = podNode(w, 'echo');
    for (const [node, ip] of nodeIPs(w)) {
      const t = w.trace({ from: OUTSIDE, to: ip, port: 30090, protocol: 'TCP' });
      if (node === home) {
        expect(t.outcome.delivered).toBe(true);
        expect(sourceSeen(t)).toBe(OUTSIDE.ip);
      } else {
        expect(t.outcome.delivered, node).toBe(false);
        expect(t.outcome.reason).toContain('KUBE-EXTERNAL-SERVICES dropped it (default/echo has no local endpoints)');
        expect(t.hops[t.outcome.dropHop!].kind).toBe('drop');
      }
    }
  });

  it('externalTrafficPolicy Local on the load-balancer IP: the source is kept end to end', () => {
    const w = cluster('flannel-vxlan', oneBehind('  externalTrafficPolicy: Local\n'));
    const lb = (w.getObject({ kind: 'Service', name: 'echo', namespace: 'default' })?.status as { loadBalancer?: { ingress?: { ip: string }[] } }).loadBalancer?.ingress?.[0]?.ip;
    expect(lb).toBeDefined();
    const t = w.trace({ from: OUTSIDE, to: lb!, port: 80, protocol: 'TCP' });
    expect(t.outcome.delivered, t.outcome.reason).toBe(true);
    expect(sourceSeen(t)).toBe(OUTSIDE.ip);
    // The load balancer only sends to nodes whose health check node port answers (a local endpoint).
    expect(t.hops.find((h) => h.location.device === 'router')?.summary).toMatch(/health check on node port \d+: 1 of 4 nodes have a local endpoint/);
    // A pod is exempt (KUBE-EXT "pod traffic for ... external destinations"): from any node it reaches the endpoint.
    const far = [...nodeIPs(w).keys()].find((n) => n !== podNode(w, 'echo') && n !== 'control-plane')!;
    expect(w.apply(`apiVersion: v1\nkind: Pod\nmetadata: {name: far}\nspec:\n  nodeName: ${far}\n  containers: [{name: shell, image: nicolaka/netshoot:v0.13, command: [sleep, infinity]}]\n`).ok).toBe(true);
    w.settle();
    const fromPod = w.trace({ from: { kind: 'pod', pod: 'default/far' }, to: lb!, port: 80, protocol: 'TCP' });
    expect(fromPod.outcome.delivered, fromPod.outcome.reason).toBe(true);
    expect(fromPod.hops.some((h) => h.chainPath?.some((c) => c.startsWith('KUBE-EXT-')))).toBe(true);
  });

  it('internalTrafficPolicy Local: a pod on a node without an endpoint is dropped, one beside it connects', () => {
    const w = cluster('flannel-vxlan', oneBehind('  internalTrafficPolicy: Local\n'));
    const home = podNode(w, 'echo');
    const other = [...nodeIPs(w).keys()].find((n) => n !== home && n !== 'control-plane')!;
    for (const [name, node] of [['near', home], ['far', other]] as const) {
      expect(w.apply(`apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  nodeName: ${node}
  containers: [{name: shell, image: nicolaka/netshoot:v0.13, command: [sleep, infinity]}]
`).ok).toBe(true);
    }
    w.settle();
    const near = w.kubectl('exec near -- curl -s -m 3 http://echo');
    expect(near.exitCode, near.stderr).toBe(0);
    const far = w.kubectl('exec far -- curl -sS -m 3 http://echo');
    expect(far.exitCode).toBe(28);
    expect(far.trace?.outcome.reason).toContain('default/echo has no local endpoints');
  });

  it('externalIPs: the Service answers on that address from outside the cluster', () => {
    const w = cluster('flannel-vxlan', oneBehind('  externalIPs: [192.168.49.77]\n').replace('type: LoadBalancer', 'type: ClusterIP').replace(', nodePort: 30090', ''));
    const t = w.trace({ from: OUTSIDE, to: '192.168.49.77', port: 80, protocol: 'TCP' });
    expect(t.outcome.delivered, t.outcome.reason).toBe(true);
    expect(t.outcome.replied).toBe(true);
    expect(t.hops.some((h) => h.chainPath?.some((c) => c.startsWith('KUBE-EXT-')))).toBe(true);
    expect(sourceSeen(t)).toMatch(/^(192\.168\.49\.|10\.244\.)/);
  });
});

describe('an ExternalName Service', () => {
  it('resolves through the CNAME to the simulated upstream, and the packet leaves through the gateway', () => {
    const w = cluster('flannel-vxlan', CLIENT, 'apiVersion: v1\nkind: Service\nmetadata: {name: my-ext}\nspec: {type: ExternalName, externalName: example.com}\n');
    const out = w.kubectl('exec client -- curl -sS -m 3 http://my-ext');
    const t = out.trace!;
    expect(t.dns?.[0]).toMatchObject({ name: 'my-ext.default.svc.cluster.local.', rcode: 'NOERROR' });
    expect(t.dns?.[0].answers).toEqual(['example.com.', '192.0.2.10']);
    // The node masquerades it (flannel's rule) and hands it to the gateway; nothing beyond is simulated.
    expect(t.hops.some((h) => h.verdict === 'MASQUERADE' && h.after.ip.src.startsWith('192.168.49.'))).toBe(true);
    expect(t.outcome.delivered).toBe(false);
    expect(t.outcome.reason).toContain('192.0.2.10 is beyond the gateway, outside the simulated network');
    expect(out.exitCode).toBe(28);
  });
});

describe('bad input: the real message, or a visible drop, and nothing hangs', () => {
  const svc = (name: string, extra: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: {${extra}}\n`;

  it('a NodePort outside 30000-32767 or already taken is refused with the API server\'s words', () => {
    const w = cluster('flannel-vxlan');
    const apply = (y: string) => w.kubectl('apply -f svc.yaml', () => y);
    const out = apply(svc('a', 'type: NodePort, selector: {app: a}, ports: [{port: 80, nodePort: 40000}]'));
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toBe('The Service "a" is invalid: spec.ports[0].nodePort: Invalid value: 40000: provided port is not in the valid range. The range of valid ports is 30000-32767\n');
    expect(apply(svc('b', 'type: NodePort, selector: {app: b}, ports: [{port: 80, nodePort: 30500}]')).exitCode).toBe(0);
    const taken = apply(svc('c', 'type: NodePort, selector: {app: c}, ports: [{port: 80, nodePort: 30500}]'));
    expect(taken.stderr).toBe('The Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 30500: provided port is already allocated\n');
  });

  it('an ExternalName that is no DNS name is refused (ValidateDNS1123Subdomain)', () => {
    const w = cluster('flannel-vxlan');
    const out = w.kubectl('apply -f svc.yaml', () => svc('ext', 'type: ExternalName, externalName: "My_Host.example.com"'));
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toBe(
      'The Service "ext" is invalid: spec.externalName: Invalid value: "My_Host.example.com": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')\n',
    );
    // A trailing dot (fully qualified) is fine.
    expect(w.kubectl('apply -f svc.yaml', () => svc('ext', 'type: ExternalName, externalName: "example.com."')).exitCode).toBe(0);
  });

  it('a targetPort no container listens on: delivered to the pod, which answers RST (curl exit 7)', () => {
    const w = cluster('flannel-vxlan', CLIENT, oneBehind('').replace('targetPort: 80', 'targetPort: 8080').replace('type: LoadBalancer', 'type: ClusterIP').replace(', nodePort: 30090', ''));
    const out = w.kubectl('exec client -- curl -sS -m 3 http://echo');
    expect(out.exitCode).toBe(7);
    // curl 8 words ECONNREFUSED this way; the trace names the cause.
    expect(out.stderr).toMatch(/^curl: \(7\) Failed to connect to echo port 80 after \d+ ms: Couldn't connect to server\n/);
    const t = out.trace!;
    expect(t.outcome.reason).toMatch(/^Failed to connect to 10\.\d+\.\d+\.\d+ port 80: Connection refused - /);
    expect(t.outcome.delivered).toBe(false);
    expect(t.outcome.replied).toBe(true);
    expect(t.outcome.reason).toContain('nothing listens on TCP/8080 in pod default/echo');
    // The DNAT went to the pod's port 8080, and the RST comes back from the Service address.
    expect(t.hops.find((h) => h.verdict === 'DNAT')?.after.l4?.dport).toBe(8080);
    const rst = t.hops.filter((h) => h.direction === 'reply').at(-1)!;
    expect(rst.kind).toBe('deliver');
    expect(rst.after.l4?.flags).toContain('RST');
  });
});

describe('probeTrace (lesson checks)', () => {
  it('walks like trace but leaves conntrack, affinity, numbering and the random streams as they were', () => {
    const snap = cluster('flannel-vxlan', THREE_TIER).snapshot();
    const a = World.restore(snap);
    const b = World.restore(snap);
    const req = { from: { kind: 'pod' as const, pod: 'default/client' }, to: 'nginx', port: 80, protocol: 'TCP' as const };
    const probed = a.probeTrace(req);
    expect(probed.outcome).toMatchObject({ delivered: true });
    expect(a.snapshot()).toEqual(b.snapshot());
    // the next real trace picks exactly what it would have picked without the probe
    const ta = a.trace(req);
    const tb = b.trace(req);
    expect(ta).toEqual(tb);
    expect(a.snapshot()).toEqual(b.snapshot());
    expect(a.snapshot().network?.flows.length).toBeGreaterThan(0);
  });
});
