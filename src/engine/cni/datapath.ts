// The walker's view of the cluster: every node's derived network (cached per store revision), who
// owns which pod IP and what listens where, the CNI's NetworkPolicy hook and the simulation's dice.
// UPSTREAM: none (glue between the derived kernels and linux/trace.ts)
// SIMPLIFICATION: the node's root namespace listens on TCP/10250 (kubelet) and, on control-plane
// nodes, TCP/6443 (kube-apiserver); nothing else of the node's own daemons is modelled.

import type { Pod } from 'kubernetes-types/core/v1';
import type { AffinityState, Datapath, NodeDatapath, PodFacts, PolicyCheck } from '../linux/trace-types';
import { networkedPods, nodeFacts, nodeNetwork, underlayOf } from './node-network';
import type { ClusterNetworkState, NodeNetwork } from './types';

export interface BuildDatapathOptions {
  /** the sockets a pod's containers listen on (`TCP/80`) */
  listeningOf(pod: Pod): ReadonlySet<string>;
  policy?: PolicyCheck;
  randomInt(n: number): number;
  now: number;
  /** session-affinity state kept between traces (xt_recent lists, IPVS persistence); the walk updates it */
  affinity?: AffinityState;
  /** caches the derived networks per store revision (e.g. the World's store) */
  cacheKey?: object;
}

const LabelControlPlane = 'node-role.kubernetes.io/control-plane';

function podKey(p: Pod): string {
  return `${p.metadata?.namespace ?? 'default'}/${p.metadata?.name ?? ''}`;
}

export function buildDatapath(state: ClusterNetworkState, opts: BuildDatapathOptions): Datapath {
  const nodes = new Map<string, NodeDatapath>();
  const facts = state.nodes.map(nodeFacts);
  for (const n of state.nodes) {
    const f = nodeFacts(n);
    const listening = new Set(['TCP/10250']);
    if (n.metadata?.labels?.[LabelControlPlane] !== undefined) listening.add('TCP/6443');
    // A node's network is derived when a packet first reaches it (the derivation of a big node with
    // many Services costs tens of ms; a trace touches two or three nodes, not all of them).
    let network: NodeNetwork | undefined;
    const node: NodeDatapath = {
      name: f.name,
      internalIP: f.internalIP,
      ...(f.podCIDR ? { podCIDR: f.podCIDR } : {}),
      listening,
      get network(): NodeNetwork {
        return (network ??= nodeNetwork(state, f.name, opts.cacheKey)!);
      },
    };
    nodes.set(f.name, node);
  }
  const pods = new Map<string, PodFacts>();
  const podsByIP = new Map<string, PodFacts>();
  for (const node of nodes.values()) {
    for (const p of networkedPods(state.pods, node.name)) {
      const key = podKey(p);
      // deriveNodeNetwork wires a sandbox for every networked pod once the node has its podCIDR.
      if (!node.podCIDR) continue;
      const f: PodFacts = { key, node: node.name, ip: p.status!.podIP!, hostNetwork: false, listening: opts.listeningOf(p) };
      pods.set(key, f);
      podsByIP.set(f.ip, f);
    }
  }
  for (const p of state.pods) {
    const nodeName = p.spec?.nodeName;
    if (!p.spec?.hostNetwork || !nodeName || !nodes.has(nodeName) || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    const key = podKey(p);
    pods.set(key, { key, node: nodeName, ip: nodes.get(nodeName)!.internalIP, hostNetwork: true, listening: opts.listeningOf(p) });
  }
  return {
    cni: state.cni ?? 'flannel-vxlan',
    proxyMode: state.proxyMode ?? 'iptables',
    underlay: underlayOf(facts, state.nodeSubnets),
    clusterCIDR: state.clusterCIDR,
    serviceCIDR: state.serviceCIDR,
    nodes,
    podsByIP,
    pods,
    ...(opts.policy && (state.cni === 'calico-bgp' || state.cni === 'calico-ipip' || state.cni === 'canal') ? { policy: opts.policy } : {}),
    randomInt: opts.randomInt,
    now: opts.now,
    ...(opts.affinity ? { affinity: opts.affinity } : {}),
    lbHealthy: loadBalancerHealth(state),
    externalVIPs: externalVIPs(state),
  };
}

/**
 * kube-proxy's health check server (pkg/proxy/healthcheck/service_health.go): for a LoadBalancer
 * Service with externalTrafficPolicy Local, /healthz on its healthCheckNodePort answers 200 on a
 * node with a ready local endpoint and 503 elsewhere; the cloud load balancer sends only to the 200s.
 */
function loadBalancerHealth(state: ClusterNetworkState): NonNullable<Datapath['lbHealthy']> {
  const byVIP = new Map<string, { nodes: Set<string>; healthCheckNodePort: number }>();
  for (const svc of state.services) {
    const spec = svc.spec;
    if (spec?.type !== 'LoadBalancer' || spec.externalTrafficPolicy !== 'Local') continue;
    const ns = svc.metadata?.namespace ?? 'default';
    const name = svc.metadata?.name ?? '';
    const nodes = new Set<string>();
    for (const slice of state.endpointSlices) {
      if ((slice.metadata?.namespace ?? 'default') !== ns || slice.metadata?.labels?.['kubernetes.io/service-name'] !== name) continue;
      for (const ep of slice.endpoints ?? []) if (ep.nodeName && ep.conditions?.ready !== false) nodes.add(ep.nodeName);
    }
    for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
      if (!ing.ip) continue;
      for (const port of spec.ports ?? []) byVIP.set(`${ing.ip}:${port.port}`, { nodes, healthCheckNodePort: spec.healthCheckNodePort ?? 0 });
    }
  }
  return (node, vip, port) => {
    const e = byVIP.get(`${vip}:${port}`);
    return e ? { healthy: e.nodes.has(node), healthCheckNodePort: e.healthCheckNodePort } : undefined;
  };
}

/** Every address a Service is reachable on from outside besides node IPs: load-balancer ingress IPs and externalIPs. */
function externalVIPs(state: ClusterNetworkState): ReadonlySet<string> {
  const ips = new Set<string>();
  for (const svc of state.services) {
    for (const ing of svc.status?.loadBalancer?.ingress ?? []) if (ing.ip) ips.add(ing.ip);
    for (const ip of svc.spec?.externalIPs ?? []) ips.add(ip);
    if (svc.spec?.loadBalancerIP) ips.add(svc.spec.loadBalancerIP);
  }
  return ips;
}
