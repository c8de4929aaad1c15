// Tracing a request through the cluster as the components would handle it: the sender's stub resolver
// asks CoreDNS through the kube-dns Service (each query is itself a traced UDP packet), then the
// request walks the nodes' kernels (linux/trace.ts) with kube-proxy's rules, the CNI's devices and,
// when the CNI enforces it, NetworkPolicy.
// UPSTREAM: none (this is what `kubectl exec <pod> -- curl http://web` sets in motion across components)
// SIMPLIFICATION: only the first packet of each direction is traced; DNS queries go to the first
// nameserver only when it answers, as the resolver would; a name outside the cluster is answered by a
// simulated upstream resolver (documentation addresses, see dns/plugin/kubernetes/records.ts).

import type { Namespace, Pod } from 'kubernetes-types/core/v1';
import type { Ingress, IngressClass, NetworkPolicy } from 'kubernetes-types/networking/v1';
import { routeIngress } from '../ingress/routing';
import { INGRESS_NGINX_IMAGE, isIngressServed, parseIngressNginxFlags } from '../ingress/nginx/controller';
import type { DnsLookup, PacketHeaders, PacketTrace, TraceEndpoint, TraceHop, TraceOutcome, TraceRequest } from '../api/trace';
import { buildDatapath } from '../cni/datapath';
import { networkPolicyCheck } from '../cni/policy/evaluate';
import type { ClusterNetworkState } from '../cni/types';
import { isIPv4, lookup as dnsLookup, simulatedUpstream, type DnsState, type RRType } from '../dns/plugin/kubernetes/records';
import { resolve, type DnsServer, type Resolution } from '../dns/resolver';
import { NODE_RESOLV_CONF, parseResolvConf, podResolvConf, type DNSConfigurer } from '../kubelet/network/dns/dns';
import { imageProfile, listeningOf } from '../kubelet/runtime/images';
import type { ConntrackEntry } from '../linux/conntrack';
import { walk } from '../linux/trace';
import type { AffinityState, Datapath, DatapathResult } from '../linux/trace-types';
import { CLUSTER_DOMAIN, clusterDNSIP } from './addons/coredns';

/** What a trace reads from the World. */
export interface TraceEnv {
  state: ClusterNetworkState;
  namespaces: readonly Namespace[];
  policies: readonly NetworkPolicy[];
  ingresses: readonly Ingress[];
  ingressClasses: readonly IngressClass[];
  /** the seeded stream for kube-proxy's random endpoint choice and ephemeral ports */
  randomInt(n: number): number;
  now: number;
  /** session affinity kept between traces (the walk updates it in place; a what-if gets a copy) */
  affinity?: AffinityState;
  /** IPVS' active connections on a node to a real server (`ip:port`), counted from earlier traces' conntrack entries */
  ipvsActiveConnections?(node: string, realServer: string): number;
  /** the derived node networks are cached per store revision under this key */
  cacheKey: object;
  nextId(): string;
}

/** A flow's conntrack entry on a node, as the trace left it. */
export interface TracedFlow {
  node: string;
  entry: ConntrackEntry;
}

const EPHEMERAL_LOW = 32768;
const EPHEMERAL_HIGH = 60999;

function podKey(p: Pod): string {
  return `${p.metadata?.namespace ?? 'default'}/${p.metadata?.name ?? ''}`;
}

function findPod(state: ClusterNetworkState, key: string): Pod | undefined {
  return state.pods.find((p) => podKey(p) === key);
}

/** The kubelet's DNS settings on every node (kubeadm: clusterDNS = kube-dns's ClusterIP). */
export function dnsConfigurer(state: ClusterNetworkState): DNSConfigurer {
  return { clusterDNS: [clusterDNSIP(state.serviceCIDR)], clusterDomain: CLUSTER_DOMAIN, hostResolvConf: parseResolvConf(NODE_RESOLV_CONF) };
}

/** The /etc/resolv.conf a sender uses: the kubelet's for a pod, the node's own for a node or an outside client. */
export function resolvConfOf(state: ClusterNetworkState, from: TraceEndpoint): string {
  if (from.kind !== 'pod') return NODE_RESOLV_CONF;
  const pod = findPod(state, from.pod);
  return pod ? podResolvConf(pod, dnsConfigurer(state)) : NODE_RESOLV_CONF;
}

/**
 * The datapath as of the store revision: the node networks and the pod address maps are built once
 * per (cache key, revision) and reused by every trace until something changes; what varies per trace
 * (randomness, time, policy, affinity state) is attached on top.
 */
const datapathCache = new WeakMap<object, { revision: number | undefined; dp: Datapath }>();

function datapathOf(env: TraceEnv): Datapath {
  const enforces = env.state.cni === 'calico-bgp' || env.state.cni === 'calico-ipip' || env.state.cni === 'canal';
  const perTrace = {
    ...(enforces ? { policy: networkPolicyCheck({ policies: env.policies, pods: env.state.pods, namespaces: env.namespaces }) } : {}),
    randomInt: env.randomInt,
    now: env.now,
    ...(env.affinity ? { affinity: env.affinity } : {}),
  };
  let cached = datapathCache.get(env.cacheKey);
  if (!cached || cached.revision === undefined || cached.revision !== env.state.revision) {
    cached = { revision: env.state.revision, dp: buildDatapath(env.state, { listeningOf, ...perTrace, cacheKey: env.cacheKey }) };
    datapathCache.set(env.cacheKey, cached);
  }
  const { policy: _unused, affinity: _unusedToo, ...shared } = cached.dp;
  const dp: Datapath = { ...shared, ...perTrace };
  return env.ipvsActiveConnections ? { ...dp, ipvsActiveConnections: env.ipvsActiveConnections } : dp;
}

function dnsStateOf(env: TraceEnv): DnsState {
  return { services: env.state.services, endpointSlices: env.state.endpointSlices, namespaces: env.namespaces, clusterDomain: CLUSTER_DOMAIN };
}

/** Throws kubectl-like words when the sender does not exist or has no network yet. */
function checkSender(env: TraceEnv, dp: Datapath, from: TraceEndpoint): void {
  if (from.kind === 'pod') {
    const pod = findPod(env.state, from.pod);
    const name = from.pod.slice(from.pod.indexOf('/') + 1);
    if (!pod) throw new Error(`pods "${name}" not found`);
    if (!dp.pods.has(from.pod)) {
      const phase = pod.status?.phase ?? 'Pending';
      throw new Error(`pod ${from.pod} has no network yet (phase ${phase}${pod.spec?.nodeName ? '' : ', not scheduled'}): a packet can only leave a running pod`);
    }
  } else if (from.kind === 'node') {
    if (!dp.nodes.has(from.node)) throw new Error(`nodes "${from.node}" not found`);
  } else if (!isIPv4(from.ip)) {
    throw new Error(`"${from.ip}" is not an IPv4 address`);
  }
}

function senderIP(dp: Datapath, from: TraceEndpoint): string {
  if (from.kind === 'pod') return dp.pods.get(from.pod)?.ip ?? '';
  if (from.kind === 'node') return dp.nodes.get(from.node)?.internalIP ?? '';
  return from.ip;
}

function ephemeralPort(env: TraceEnv): number {
  return EPHEMERAL_LOW + env.randomInt(EPHEMERAL_HIGH - EPHEMERAL_LOW + 1);
}

/**
 * The DNS server as the sender reaches it: a query to a cluster Service IP is a UDP packet walked
 * through the datapath (kube-proxy picks the CoreDNS pod; a policy may drop it); the answer comes from
 * that pod's view of the cluster. Any other server is the node's upstream resolver.
 */
function tracedDnsServer(env: TraceEnv, dp: Datapath, from: TraceEndpoint, traces: (PacketTrace | undefined)[], flows: TracedFlow[]): DnsServer {
  const dnsState = dnsStateOf(env);
  return (server, name, type) => {
    const isService = env.state.services.some((s) => (s.spec?.clusterIPs ?? [s.spec?.clusterIP]).includes(server));
    const isPod = dp.podsByIP.has(server);
    if (!isService && !isPod) {
      traces.push(undefined);
      return simulatedUpstream(name, type);
    }
    const payload = `DNS query ${type} ${name}`;
    const result = walk(dp, { from, dstIP: server, dstPort: 53, protocol: 'UDP', payload, srcPort: ephemeralPort(env) });
    for (const c of result.conntrack) flows.push({ node: c.node, entry: c.entry });
    const trace: PacketTrace = {
      id: env.nextId(),
      request: { from, to: server, port: 53, protocol: 'UDP', payload },
      hops: result.hops,
      outcome: result.outcome,
      at: env.now,
    };
    traces.push(trace);
    const by = result.outcome.servedBy;
    if (!result.outcome.delivered || !result.outcome.replied || by?.kind !== 'pod') return undefined;
    const answering = findPod(env.state, by.pod);
    if (!answering || !imageProfile(answering.spec?.containers?.[0]?.image ?? '').serves.includes('UDP/53')) return undefined;
    return { ...dnsLookup(dnsState, name, type), answeredBy: by.pod };
  };
}

/** Resolve `name` as the sender's resolver would, every query traced. */
function resolveTraced(env: TraceEnv, dp: Datapath, from: TraceEndpoint, name: string, flows: TracedFlow[]): Resolution {
  const conf = parseResolvConf(resolvConfOf(env.state, from));
  const traces: (PacketTrace | undefined)[] = [];
  const pod = from.kind === 'pod' ? findPod(env.state, from.pod) : undefined;
  const image = pod?.spec?.containers?.[0]?.image ?? '';
  const libc = /(^|\/)alpine(:|$)/.test(image) ? 'musl' : 'glibc';
  const r = resolve(name, conf, tracedDnsServer(env, dp, from, traces, flows), { libc });
  // One ask per lookup, in order: attach each query's own trace.
  r.lookups.forEach((l, i) => {
    const t = traces[i];
    if (t) l.trace = t;
  });
  return r;
}

/** The DNS queries a sender makes for `name` (for nslookup and getent), each traced. */
export function lookupFrom(env: TraceEnv, from: TraceEndpoint, name: string, type: RRType): DnsLookup[] {
  const dp = datapathOf(env);
  checkSender(env, dp, from);
  const conf = parseResolvConf(resolvConfOf(env.state, from));
  const traces: (PacketTrace | undefined)[] = [];
  const ask = tracedDnsServer(env, dp, from, traces, []);
  if (type === 'A' || type === 'AAAA') {
    const r = resolve(name, conf, ask, { types: [type] });
    r.lookups.forEach((l, i) => {
      const t = traces[i];
      if (t) l.trace = t;
    });
    return r.lookups;
  }
  const fqdn = name.endsWith('.') ? name : `${name}.`;
  const server = conf.nameservers[0] ?? '';
  const reply = ask(server, fqdn, type);
  if (!reply) return [{ name: fqdn, type, rcode: 'TIMEOUT', answers: [], server }];
  return [{ name: fqdn, type, rcode: reply.rcode, answers: reply.answers.map((a) => a.data), records: reply.answers, authoritative: reply.authoritative, server, ...(reply.answeredBy ? { answeredBy: reply.answeredBy } : {}), ...(traces[0] ? { trace: traces[0] } : {}) }];
}

/** A DnsServer for nslookup inside a pod: each question traced from the pod. */
export function dnsServerFrom(env: TraceEnv, from: TraceEndpoint): DnsServer {
  const dp = datapathOf(env);
  return tracedDnsServer(env, dp, from, [], []);
}

function dnsHop(from: TraceEndpoint, dp: Datapath, name: string, r: Resolution): TraceHop {
  const where = from.kind === 'pod' ? { node: dp.pods.get(from.pod)?.node ?? '', netns: from.pod } : from.kind === 'node' ? { node: from.node, netns: '' } : { node: '', netns: '' };
  const last = r.lookups[r.lookups.length - 1];
  const headers: PacketHeaders = { ip: { src: senderIP(dp, from), dst: last?.server ?? '', proto: 'UDP', ttl: 64 }, l4: { sport: 0, dport: 53 }, payload: `DNS query A ${last?.name ?? name}` };
  const asked = r.lookups.length === 1 ? '1 query' : `${r.lookups.length} queries (search list, ndots:5)`;
  const summary =
    r.status === 'NOERROR'
      ? `resolved ${name} -> ${r.addresses.join(', ')} (${r.canonicalName ?? name}; ${asked}${last?.answeredBy ? `, answered by ${last.answeredBy}` : ''})`
      : `could not resolve ${name}: ${r.status} after ${asked}`;
  return { kind: 'dns', direction: 'request', location: where, summary, before: headers, after: headers };
}

/** Trace `request` (DNS first when `to` is a name); throws on a request that names nothing that exists. */
export function traceNetwork(env: TraceEnv, request: TraceRequest): { trace: PacketTrace; flows: TracedFlow[] } {
  const dp = datapathOf(env);
  checkSender(env, dp, request.from);
  const flows: TracedFlow[] = [];
  const id = env.nextId();
  const port = request.port ?? (request.protocol === 'ICMP' ? 0 : 80);
  let dstIP = request.to;
  let dns: DnsLookup[] | undefined;
  const preHops: TraceHop[] = [];
  if (!isIPv4(request.to)) {
    const r = resolveTraced(env, dp, request.from, request.to, flows);
    dns = r.lookups;
    preHops.push(dnsHop(request.from, dp, request.to, r));
    if (r.status !== 'NOERROR' || r.addresses.length === 0) {
      const why = r.status === 'TIMEOUT' ? 'no DNS server replied (the query was dropped or kube-dns has no ready endpoints)' : `the name does not exist (${r.status})`;
      return {
        trace: { id, request, ...(dns.length ? { dns } : {}), hops: preHops, outcome: { delivered: false, replied: false, reason: `Could not resolve host: ${request.to}: ${why}`, dropHop: 0 }, at: env.now },
        flows,
      };
    }
    dstIP = r.addresses[0];
  }
  const result = walk(dp, { from: request.from, dstIP, dstPort: port, protocol: request.protocol, ...(request.payload ? { payload: request.payload } : {}), srcPort: ephemeralPort(env) });
  for (const c of result.conntrack) flows.push({ node: c.node, entry: c.entry });
  let hops = [...preHops, ...result.hops];
  let outcome: TraceOutcome = { ...result.outcome, ...(result.outcome.dropHop !== undefined ? { dropHop: result.outcome.dropHop + preHops.length } : {}) };
  const proxied = request.http ? proxyThroughIngress(env, dp, request, result, flows) : undefined;
  if (proxied) {
    // The controller's own connection to the backend happens between the two halves of the first one.
    const firstReply = result.hops.findIndex((h) => h.direction === 'reply');
    const cut = preHops.length + (firstReply < 0 ? result.hops.length : firstReply);
    hops = [...hops.slice(0, cut), ...proxied.hops, ...hops.slice(cut)];
    outcome = proxied.outcome(outcome, cut);
  }
  return { trace: { id, request, ...(dns ? { dns } : {}), hops, outcome, at: env.now }, flows };
}

/**
 * An HTTP request delivered to an ingress-nginx controller pod on 80/443: nginx picks the Ingress
 * rule by Host and path and opens its own connection to the backend Service (kube-proxy picks the
 * pod), then answers the client. Undefined when the request did not end at a controller.
 * SIMPLIFICATION: ingress-nginx really proxies to the endpoints directly (its Lua balancer reads
 * EndpointSlices) unless service-upstream is set; we go through the Service's ClusterIP so the same
 * kube-proxy rules a learner knows do the choosing.
 */
function proxyThroughIngress(env: TraceEnv, dp: Datapath, request: TraceRequest, first: DatapathResult, flows: TracedFlow[]): { hops: TraceHop[]; outcome: (o: TraceOutcome, at: number) => TraceOutcome } | undefined {
  const by = first.outcome.servedBy;
  if (!request.http || !first.outcome.delivered || by?.kind !== 'pod') return undefined;
  const controller = findPod(env.state, by.pod);
  const container = controller?.spec?.containers?.find((c) => (c.image ?? '').startsWith(INGRESS_NGINX_IMAGE));
  const delivered = first.hops.find((h) => h.kind === 'deliver' && h.direction === 'request');
  const deliveredPort = delivered?.after.l4?.dport;
  if (!controller || !container || (deliveredPort !== 80 && deliveredPort !== 443)) return undefined;
  const flags = parseIngressNginxFlags([...(container.command ?? []), ...(container.args ?? [])], controller.metadata?.namespace ?? 'default');
  const classes = new Map(env.ingressClasses.map((c) => [c.metadata?.name ?? '', c]));
  const served = env.ingresses.filter((ing) => isIngressServed(ing, (n) => classes.get(n), flags));
  const route = routeIngress(served as Parameters<typeof routeIngress>[0], { host: request.http.host, path: request.http.path });
  const at = delivered!.location;
  const headers = delivered!.after;
  const hop = (summary: string): TraceHop => ({ kind: 'userspace', direction: 'request', location: at, summary, before: headers, after: headers });
  // HTTPS: nginx ends the TLS session here with the Ingress's Secret, or its default fake certificate.
  const tlsSecret = route.tls ? `${route.tls.ingress.namespace}/${route.tls.secretName}` : undefined;
  const tlsHops: TraceHop[] =
    deliveredPort === 443
      ? [hop(tlsSecret
          ? `ingress-nginx terminates TLS for ${request.http.host} with the certificate in Secret ${tlsSecret} (listed under the Ingress's spec.tls); the request goes on as plain HTTP`
          : `ingress-nginx terminates TLS with its default "Kubernetes Ingress Controller Fake Certificate": no Ingress lists ${request.http.host} under spec.tls`)]
      : [];
  const tlsOutcome = (o: TraceOutcome): TraceOutcome => (deliveredPort === 443 ? { ...o, tls: { terminatedBy: by.pod, ...(tlsSecret ? { secret: tlsSecret } : {}) } } : o);
  const result = (hops: TraceHop[], outcome: (o: TraceOutcome, at: number) => TraceOutcome) => ({ hops: [...tlsHops, ...hops], outcome: (o: TraceOutcome, c: number) => tlsOutcome(outcome(o, c + tlsHops.length)) });
  if (!route.matched) {
    return result(
      [hop(`ingress-nginx: no Ingress rule matches Host ${request.http.host} path ${request.http.path}: the default backend answers 404 (${route.reason})`)],
      (o) => ({ ...o, httpStatus: 404 }),
    );
  }
  const b = route.backend;
  const rule = `${route.ingress.namespace}/${route.ingress.name}${route.host ? ` host ${route.host}` : ''}${route.path ? ` path ${route.path} (${route.pathType})` : ' (defaultBackend)'}`;
  if (b.kind !== 'service') {
    return result([hop(`ingress-nginx: ${rule} -> a ${b.resourceKind} backend, which ingress-nginx does not serve: 503`)], (o) => ({ ...o, httpStatus: 503 }));
  }
  const svc = env.state.services.find((s) => s.metadata?.namespace === b.namespace && s.metadata?.name === b.name);
  const svcPort = svc?.spec?.ports?.find((p) => (b.port.number !== undefined ? p.port === b.port.number : p.name === b.port.name));
  if (!svc || !svcPort || !svc.spec?.clusterIP || svc.spec.clusterIP === 'None') {
    const what = !svc ? `Service ${b.namespace}/${b.name} does not exist` : `Service ${b.namespace}/${b.name} has no port ${b.port.number ?? b.port.name}`;
    return result([hop(`ingress-nginx: ${rule} -> ${what}: 503 Service Temporarily Unavailable`)], (o) => ({ ...o, httpStatus: 503 }));
  }
  const from: TraceEndpoint = { kind: 'pod', pod: by.pod };
  const second = walk(dp, { from, dstIP: svc.spec.clusterIP, dstPort: svcPort.port, protocol: 'TCP', ...(request.payload ? { payload: request.payload } : {}), srcPort: ephemeralPort(env) });
  for (const c of second.conntrack) flows.push({ node: c.node, entry: c.entry });
  const proxyHop = hop(`ingress-nginx: Host ${request.http.host} path ${request.http.path} matches Ingress ${rule} -> Service ${b.name}:${svcPort.port}; nginx opens its own connection to ${svc.spec.clusterIP}:${svcPort.port}`);
  return result([proxyHop, ...second.hops], (o, cut) => {
    if (!second.outcome.delivered || !second.outcome.replied) {
      return { ...o, proxiedBy: from, httpStatus: 502, reason: `ingress-nginx could not reach the backend: ${second.outcome.reason ?? 'no reply'}`, ...(second.outcome.dropHop !== undefined ? { dropHop: cut + 1 + second.outcome.dropHop } : {}) };
    }
    // A drop on the client's reply leg sits after the inserted hops now.
    const inserted = tlsHops.length + 1 + second.hops.length;
    const shifted = o.dropHop !== undefined && o.dropHop >= cut - tlsHops.length ? { dropHop: o.dropHop + inserted } : {};
    return { ...o, ...shifted, proxiedBy: from, ...(second.outcome.servedBy ? { servedBy: second.outcome.servedBy } : {}) };
  });
}
