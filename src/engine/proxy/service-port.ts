// What kube-proxy makes of Services and EndpointSlices: one ServicePort per (service, port) with its
// addresses and traffic policies, and per ServicePort the endpoints it may send traffic to.
// UPSTREAM: pkg/proxy/serviceport.go, servicechangetracker.go (BaseServicePortInfo, ShouldSkipService),
// endpoint.go, endpointslicecache.go (endpoints per port name, sorted by "ip:port"), topology.go
// (CategorizeEndpoints)
// SIMPLIFICATION: IPv4 only; no topology hints or traffic distribution; the informers' label
// selectors (service.kubernetes.io/service-proxy-name, headless) are applied here.

import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface ServicePort {
  /** `ns/svc:port`, or `ns/svc` when the port has no name (ServicePortName.String()) */
  name: string;
  namespace: string;
  serviceName: string;
  portName: string;
  protocol: Protocol;
  clusterIP: string;
  port: number;
  nodePort: number;
  externalIPs: string[];
  loadBalancerVIPs: string[];
  loadBalancerSourceRanges: string[];
  healthCheckNodePort: number;
  sessionAffinityClientIP: boolean;
  stickyMaxAgeSeconds: number;
  internalPolicyLocal: boolean;
  externalPolicyLocal: boolean;
}

export interface Endpoint {
  ip: string;
  port: number;
  /** `ip:port` (BaseEndpointInfo.String()) */
  endpoint: string;
  isLocal: boolean;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  nodeName?: string;
}

export function externallyAccessible(sp: ServicePort): boolean {
  return sp.nodePort !== 0 || sp.loadBalancerVIPs.length > 0 || sp.externalIPs.length > 0;
}

/** Cluster endpoints are needed for Cluster internal policy, and for any externally reachable port (short-circuiting). */
export function usesClusterEndpoints(sp: ServicePort): boolean {
  return !sp.internalPolicyLocal || externallyAccessible(sp);
}

export function usesLocalEndpoints(sp: ServicePort): boolean {
  return sp.internalPolicyLocal || (sp.externalPolicyLocal && externallyAccessible(sp));
}

const LabelServiceProxyName = 'service.kubernetes.io/service-proxy-name';
const LabelServiceName = 'kubernetes.io/service-name';
const LabelHeadless = 'service.kubernetes.io/headless';

/** ShouldSkipService: headless, ExternalName, and services handled by another proxy. */
export function shouldSkipService(svc: Service): boolean {
  const ip = svc.spec?.clusterIP;
  if (!ip || ip === 'None') return true;
  if (svc.spec?.type === 'ExternalName') return true;
  return svc.metadata?.labels?.[LabelServiceProxyName] !== undefined;
}

/** The ServicePorts of every proxied Service, sorted by name then protocol (a stable stand-in for Go's map order). */
export function buildServicePorts(services: readonly Service[]): ServicePort[] {
  const out: ServicePort[] = [];
  for (const svc of services) {
    if (shouldSkipService(svc)) continue;
    const spec = svc.spec!;
    const ns = svc.metadata?.namespace ?? 'default';
    const name = svc.metadata?.name ?? '';
    const type = spec.type ?? 'ClusterIP';
    const lbVIPs = (svc.status?.loadBalancer?.ingress ?? []).filter((i) => i.ip && i.ipMode !== 'Proxy').map((i) => i.ip!);
    for (const p of spec.ports ?? []) {
      const portName = p.name ?? '';
      const nodePort = type === 'NodePort' || type === 'LoadBalancer' ? (p.nodePort ?? 0) : 0;
      const base: ServicePort = {
        name: portName ? `${ns}/${name}:${portName}` : `${ns}/${name}`,
        namespace: ns,
        serviceName: name,
        portName,
        protocol: (p.protocol ?? 'TCP') as Protocol,
        clusterIP: spec.clusterIP!,
        port: p.port,
        nodePort,
        externalIPs: [...(spec.externalIPs ?? [])],
        loadBalancerVIPs: type === 'LoadBalancer' ? lbVIPs : [],
        loadBalancerSourceRanges: type === 'LoadBalancer' ? [...(spec.loadBalancerSourceRanges ?? [])] : [],
        healthCheckNodePort: spec.healthCheckNodePort ?? 0,
        sessionAffinityClientIP: spec.sessionAffinity === 'ClientIP',
        stickyMaxAgeSeconds: spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800,
        internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
        externalPolicyLocal: false,
      };
      base.externalPolicyLocal = externallyAccessible(base) && spec.externalTrafficPolicy === 'Local';
      out.push(base);
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0));
}

/** Key of an endpoints list: the service port name and protocol. */
export function endpointsKey(name: string, protocol: string): string {
  return `${name}/${protocol}`;
}

/**
 * EndpointSliceCache.getEndpointsMap: per ServicePortName, the endpoints of every slice of the
 * service (deduplicated by "ip:port", sorted as strings, as upstream does to keep syncs stable).
 */
export function buildEndpointsMap(slices: readonly EndpointSlice[], nodeName: string): Map<string, Endpoint[]> {
  const byKey = new Map<string, Map<string, Endpoint>>();
  for (const slice of slices) {
    if (slice.addressType !== 'IPv4') continue;
    const labels = slice.metadata?.labels ?? {};
    const svcName = labels[LabelServiceName];
    if (!svcName || labels[LabelHeadless] !== undefined) continue;
    const ns = slice.metadata?.namespace ?? 'default';
    for (const port of slice.ports ?? []) {
      if (port.port === undefined || port.port === null) continue;
      const portName = port.name ?? '';
      const key = endpointsKey(portName ? `${ns}/${svcName}:${portName}` : `${ns}/${svcName}`, port.protocol ?? 'TCP');
      let eps = byKey.get(key);
      if (!eps) byKey.set(key, (eps = new Map()));
      for (const ep of slice.endpoints ?? []) {
        const ip = ep.addresses?.[0];
        if (!ip) continue;
        const ready = ep.conditions?.ready ?? true;
        const endpoint = `${ip}:${port.port}`;
        if (eps.has(endpoint)) continue;
        eps.set(endpoint, {
          ip,
          port: port.port,
          endpoint,
          isLocal: ep.nodeName === nodeName,
          ready,
          serving: ep.conditions?.serving ?? true,
          terminating: ep.conditions?.terminating ?? false,
          nodeName: ep.nodeName,
        });
      }
    }
  }
  const out = new Map<string, Endpoint[]>();
  for (const [k, m] of byKey) out.set(k, [...m.values()].sort((a, b) => (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0)));
  return out;
}

export interface CategorizedEndpoints {
  clusterEndpoints: Endpoint[];
  localEndpoints: Endpoint[];
  allReachableEndpoints: Endpoint[];
  hasAnyEndpoints: boolean;
}

/**
 * CategorizeEndpoints: ready endpoints for Cluster policy (serving-and-terminating ones when none
 * is ready anywhere), this node's ready (else serving-terminating) endpoints for Local policy, and
 * the union kube-proxy writes KUBE-SEP chains for.
 */
export function categorizeEndpoints(endpoints: readonly Endpoint[], sp: ServicePort): CategorizedEndpoints {
  let clusterEndpoints: Endpoint[] = [];
  let localEndpoints: Endpoint[] = [];
  let hasAnyEndpoints = false;
  if (usesClusterEndpoints(sp)) {
    clusterEndpoints = endpoints.filter((e) => e.ready);
    if (clusterEndpoints.length === 0) clusterEndpoints = endpoints.filter((e) => e.serving && e.terminating);
    if (clusterEndpoints.length > 0) hasAnyEndpoints = true;
  }
  if (!usesLocalEndpoints(sp)) return { clusterEndpoints, localEndpoints, allReachableEndpoints: clusterEndpoints, hasAnyEndpoints };
  let hasLocalReady = false;
  let hasLocalServingTerminating = false;
  for (const e of endpoints) {
    if (e.ready) {
      hasAnyEndpoints = true;
      if (e.isLocal) hasLocalReady = true;
    } else if (e.serving && e.terminating) {
      hasAnyEndpoints = true;
      if (e.isLocal) hasLocalServingTerminating = true;
    }
  }
  if (hasLocalReady) localEndpoints = endpoints.filter((e) => e.isLocal && e.ready);
  else if (hasLocalServingTerminating) localEndpoints = endpoints.filter((e) => e.isLocal && e.serving && e.terminating);
  if (!usesClusterEndpoints(sp)) return { clusterEndpoints, localEndpoints, allReachableEndpoints: localEndpoints, hasAnyEndpoints };
  const seen = new Set(clusterEndpoints.map((e) => e.endpoint));
  const allReachableEndpoints = [...clusterEndpoints, ...localEndpoints.filter((e) => !seen.has(e.endpoint))];
  return { clusterEndpoints, localEndpoints, allReachableEndpoints, hasAnyEndpoints };
}
