// kube-proxy's iptables mode: from Services and EndpointSlices, the nat and filter chains every node
// has (KUBE-SERVICES, KUBE-SVC-*, KUBE-SEP-*, KUBE-EXT-*, KUBE-NODEPORTS, KUBE-MARK-MASQ,
// KUBE-POSTROUTING, KUBE-FORWARD, KUBE-EXTERNAL-SERVICES, KUBE-PROXY-FIREWALL) and the jumps into
// them from the built-in chains.
// UPSTREAM: pkg/proxy/iptables/proxier.go (syncProxyRules, writeServiceToEndpointRules,
// iptablesJumpChains, portProtoHash, servicePortEndpointChainName, computeProbability)
// SIMPLIFICATION: no nfacct counters, no KUBE-FW loadBalancerSourceRanges chains beyond the
// firewall drop, no partial syncs (every sync is full); services are written in name order
// (upstream iterates a Go map, so its order varies between syncs).

import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { base32, sha256 } from '../../linux/hash';
import type { NetNamespace } from '../../linux/netns';
import type { Match, Netfilter, Rule, TableName, Target } from '../../linux/netfilter/types';
import { comment, ensureChain, ensureTable, jump, orMark, xorMark } from '../../linux/netfilter/types';
import { renderRule } from '../../linux/netfilter/iptables-save';
import { toFixedExact } from '../../linux/decimal';
import { cidrContains } from '../../linux/inet';
import type { Endpoint, ServicePort } from '../service-port';
import { buildEndpointsMap, buildServicePorts, categorizeEndpoints, endpointsKey, externallyAccessible, usesClusterEndpoints, usesLocalEndpoints } from '../service-port';
import type { ProxierConfig, ProxyProvider } from '../types';

export const kubeServicesChain = 'KUBE-SERVICES';
export const kubeExternalServicesChain = 'KUBE-EXTERNAL-SERVICES';
export const kubeNodePortsChain = 'KUBE-NODEPORTS';
export const kubePostroutingChain = 'KUBE-POSTROUTING';
export const kubeMarkMasqChain = 'KUBE-MARK-MASQ';
export const kubeForwardChain = 'KUBE-FORWARD';
export const kubeProxyFirewallChain = 'KUBE-PROXY-FIREWALL';
export const kubeProxyCanaryChain = 'KUBE-PROXY-CANARY';
export const kubeletFirewallChain = 'KUBE-FIREWALL';

/** Above this many endpoints in total, kube-proxy drops the per-endpoint comments (largeClusterMode). */
export const largeClusterEndpointsThreshold = 1000;

/** The first 16 base32 characters of sha256(name + protocol): iptables chain names must stay <= 28 chars. */
export function portProtoHash(servicePortName: string, protocol: string): string {
  return base32(sha256(servicePortName + protocol)).slice(0, 16);
}

export const servicePortPolicyClusterChain = (name: string, proto: string) => `KUBE-SVC-${portProtoHash(name, proto)}`;
export const servicePortPolicyLocalChainName = (name: string, proto: string) => `KUBE-SVL-${portProtoHash(name, proto)}`;
export const serviceFirewallChainName = (name: string, proto: string) => `KUBE-FW-${portProtoHash(name, proto)}`;
export const serviceExternalChainName = (name: string, proto: string) => `KUBE-EXT-${portProtoHash(name, proto)}`;

/** KUBE-SEP-: the same hash over name + protocol + "ip:port". */
export function servicePortEndpointChainName(servicePortName: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${base32(sha256(servicePortName + protocol + endpoint)).slice(0, 16)}`;
}

/** computeProbability: `fmt.Sprintf("%0.10f", 1.0/float64(n))`. */
export function computeProbability(n: number): string {
  return toFixedExact(1 / n, 10);
}

interface JumpChain {
  table: TableName;
  dstChain: string;
  srcChain: string;
  comment: string;
  extraArgs: Match[];
}

const ctNew: Match = { module: 'conntrack', ctstate: ['NEW'] };

/** iptablesJumpChains, in upstream's order; each is prepended, so the last ends up first. */
const iptablesJumpChains: JumpChain[] = [
  { table: 'filter', dstChain: kubeExternalServicesChain, srcChain: 'INPUT', comment: 'kubernetes externally-visible service portals', extraArgs: [ctNew] },
  { table: 'filter', dstChain: kubeExternalServicesChain, srcChain: 'FORWARD', comment: 'kubernetes externally-visible service portals', extraArgs: [ctNew] },
  { table: 'filter', dstChain: kubeNodePortsChain, srcChain: 'INPUT', comment: 'kubernetes health check service ports', extraArgs: [] },
  { table: 'filter', dstChain: kubeServicesChain, srcChain: 'FORWARD', comment: 'kubernetes service portals', extraArgs: [ctNew] },
  { table: 'filter', dstChain: kubeServicesChain, srcChain: 'OUTPUT', comment: 'kubernetes service portals', extraArgs: [ctNew] },
  { table: 'filter', dstChain: kubeForwardChain, srcChain: 'FORWARD', comment: 'kubernetes forwarding rules', extraArgs: [] },
  { table: 'filter', dstChain: kubeProxyFirewallChain, srcChain: 'INPUT', comment: 'kubernetes load balancer firewall', extraArgs: [ctNew] },
  { table: 'filter', dstChain: kubeProxyFirewallChain, srcChain: 'OUTPUT', comment: 'kubernetes load balancer firewall', extraArgs: [ctNew] },
  { table: 'filter', dstChain: kubeProxyFirewallChain, srcChain: 'FORWARD', comment: 'kubernetes load balancer firewall', extraArgs: [ctNew] },
  { table: 'nat', dstChain: kubeServicesChain, srcChain: 'OUTPUT', comment: 'kubernetes service portals', extraArgs: [] },
  { table: 'nat', dstChain: kubeServicesChain, srcChain: 'PREROUTING', comment: 'kubernetes service portals', extraArgs: [] },
  { table: 'nat', dstChain: kubePostroutingChain, srcChain: 'POSTROUTING', comment: 'kubernetes postrouting rules', extraArgs: [] },
];

/** Duplicates of the kubelet's KUBE-FIREWALL jumps (no comment). */
const iptablesKubeletJumpChains: JumpChain[] = [
  { table: 'filter', dstChain: kubeletFirewallChain, srcChain: 'INPUT', comment: '', extraArgs: [] },
  { table: 'filter', dstChain: kubeletFirewallChain, srcChain: 'OUTPUT', comment: '', extraArgs: [] },
];

/** EnsureRule(Prepend): insert at the top unless an identical rule is already in the chain. */
export function ensureRulePrepended(nf: Netfilter, table: TableName, chain: string, rule: Rule): void {
  const c = ensureChain(nf, table, chain);
  const text = renderRule(chain, rule);
  if (c.rules.some((r) => renderRule(chain, r) === text)) return;
  c.rules.unshift(rule);
}

/** kubelet's localnet guard (kubelet_network_linux.go), which kube-proxy duplicates. */
export function kubeletFirewallRule(): Rule {
  return {
    src: { cidr: '127.0.0.0/8', negate: true },
    dst: { cidr: '127.0.0.0/8' },
    matches: [comment('block incoming localnet connections'), { module: 'conntrack', ctstate: ['RELATED', 'ESTABLISHED', 'DNAT'], negate: true }],
    target: { kind: 'DROP' },
  };
}

type Proto = 'tcp' | 'udp' | 'sctp';

/** `-m <proto> -p <proto> [-d ip] [--dport n]` as a rule skeleton. */
function portRule(proto: Proto, opts: { dst?: string; dport?: number; src?: Rule['src'] }, before: Match[], after: Match[] = []): Omit<Rule, 'target'> {
  return {
    ...(opts.src ? { src: opts.src } : {}),
    ...(opts.dst ? { dst: { cidr: `${opts.dst}/32` } } : {}),
    proto: { name: proto },
    matches: [...before, { module: proto, ...(opts.dport !== undefined ? { dport: { port: opts.dport } } : {}) }, ...after],
  };
}

export class IptablesProxier implements ProxyProvider {
  readonly mode = 'iptables' as const;
  private readonly masqueradeMark: number;

  constructor(private readonly config: ProxierConfig) {
    this.masqueradeMark = 1 << (config.masqueradeBit ?? 14);
  }

  syncProxyRules(host: NetNamespace, services: readonly Service[], slices: readonly EndpointSlice[]): void {
    const nf = host.netfilter;
    const { nodeName, clusterCIDR } = this.config;
    const mark = this.masqueradeMark;
    const localDetectorIfNotLocal = { cidr: clusterCIDR, negate: true };
    const localDetectorIfLocal = { cidr: clusterCIDR };

    // ipt.Monitor's canary chains, and the jump rules (full sync).
    for (const t of ['mangle', 'nat', 'filter'] as const) ensureChain(nf, t, kubeProxyCanaryChain);
    for (const j of [...iptablesJumpChains, ...iptablesKubeletJumpChains]) {
      ensureChain(nf, j.table, j.dstChain);
      const matches = [...j.extraArgs, ...(j.comment ? [comment(j.comment)] : [])];
      ensureRulePrepended(nf, j.table, j.srcChain, { matches, target: jump(j.dstChain) });
    }

    // iptables-restore --noflush: every chain kube-proxy declares is flushed and refilled.
    const filter = new Map<string, Rule[]>();
    const nat = new Map<string, Rule[]>();
    const chain = (m: Map<string, Rule[]>, name: string): Rule[] => {
      let r = m.get(name);
      if (!r) m.set(name, (r = []));
      return r;
    };
    for (const c of [kubeServicesChain, kubeExternalServicesChain, kubeForwardChain, kubeNodePortsChain, kubeProxyFirewallChain]) chain(filter, c);
    for (const c of [kubeServicesChain, kubeNodePortsChain, kubePostroutingChain, kubeMarkMasqChain]) chain(nat, c);

    chain(nat, kubePostroutingChain).push(
      { matches: [{ module: 'mark', value: mark, mask: mark, negate: true }], target: { kind: 'RETURN' } },
      // Clear the mark so a packet that re-traverses the stack is not masqueraded twice.
      { matches: [], target: xorMark(mark) },
      { matches: [comment('kubernetes service traffic requiring SNAT')], target: { kind: 'MASQUERADE', randomFully: true } },
    );
    chain(nat, kubeMarkMasqChain).push({ matches: [], target: orMark(mark) });
    // localhostNodePorts (the default): kube-proxy carries its own copy of the kubelet's localnet guard.
    chain(filter, kubeletFirewallChain).push(kubeletFirewallRule());

    const servicePorts = buildServicePorts(services);
    const endpointsMap = buildEndpointsMap(slices, nodeName);
    let totalEndpoints = 0;
    for (const sp of servicePorts) totalEndpoints += endpointsMap.get(endpointsKey(sp.name, sp.protocol))?.length ?? 0;
    const largeClusterMode = totalEndpoints > largeClusterEndpointsThreshold;
    const svcComment = (text: string): Match[] => (largeClusterMode ? [] : [comment(text)]);

    for (const sp of servicePorts) {
      const protocol = sp.protocol.toLowerCase() as Proto;
      const name = sp.name;
      const allEndpoints = endpointsMap.get(endpointsKey(name, sp.protocol)) ?? [];
      const { clusterEndpoints, localEndpoints, allReachableEndpoints, hasAnyEndpoints: hasEndpoints } = categorizeEndpoints(allEndpoints, sp);

      const clusterPolicyChain = servicePortPolicyClusterChain(name, protocol);
      const usesClusterPolicyChain = clusterEndpoints.length > 0 && usesClusterEndpoints(sp);
      const localPolicyChain = servicePortPolicyLocalChainName(name, protocol);
      const usesLocalPolicyChain = localEndpoints.length > 0 && usesLocalEndpoints(sp);

      let internalPolicyChain = clusterPolicyChain;
      let hasInternalEndpoints = hasEndpoints;
      if (sp.internalPolicyLocal) {
        internalPolicyChain = localPolicyChain;
        if (localEndpoints.length === 0) hasInternalEndpoints = false;
      }
      const internalTrafficChain = internalPolicyChain;

      let externalPolicyChain = clusterPolicyChain;
      let hasExternalEndpoints = hasEndpoints;
      if (sp.externalPolicyLocal) {
        externalPolicyChain = localPolicyChain;
        if (localEndpoints.length === 0) hasExternalEndpoints = false;
      }
      const externalTrafficChain = serviceExternalChainName(name, protocol);
      const usesExternalTrafficChain = hasEndpoints && externallyAccessible(sp);

      const fwChain = serviceFirewallChainName(name, protocol);
      const usesFWChain = hasEndpoints && sp.loadBalancerVIPs.length > 0 && sp.loadBalancerSourceRanges.length > 0;
      const loadBalancerTrafficChain = usesFWChain ? fwChain : externalTrafficChain;

      let internalFilterTarget: Target = { kind: 'REJECT' };
      let internalFilterComment = '';
      let externalFilterTarget: Target = { kind: 'REJECT' };
      let externalFilterComment = '';
      if (!hasEndpoints) {
        internalFilterComment = `${name} has no endpoints`;
        externalFilterComment = internalFilterComment;
      } else {
        if (!hasInternalEndpoints) {
          internalFilterTarget = { kind: 'DROP' };
          internalFilterComment = `${name} has no local endpoints`;
        }
        if (!hasExternalEndpoints) {
          externalFilterTarget = { kind: 'DROP' };
          externalFilterComment = `${name} has no local endpoints`;
        }
      }

      // Capture the clusterIP.
      if (hasInternalEndpoints) {
        chain(nat, kubeServicesChain).push({ ...portRule(protocol, { dst: sp.clusterIP, dport: sp.port }, [comment(`${name} cluster IP`)]), target: jump(internalTrafficChain) });
      } else {
        chain(filter, kubeServicesChain).push({ ...portRule(protocol, { dst: sp.clusterIP, dport: sp.port }, [comment(internalFilterComment)]), target: internalFilterTarget });
      }

      // Capture externalIPs.
      for (const ip of sp.externalIPs) {
        if (hasEndpoints) chain(nat, kubeServicesChain).push({ ...portRule(protocol, { dst: ip, dport: sp.port }, [comment(`${name} external IP`)]), target: jump(externalTrafficChain) });
        if (!hasExternalEndpoints) chain(filter, kubeExternalServicesChain).push({ ...portRule(protocol, { dst: ip, dport: sp.port }, [comment(externalFilterComment)]), target: externalFilterTarget });
      }

      // Capture load-balancer ingress.
      for (const ip of sp.loadBalancerVIPs) {
        if (hasEndpoints) chain(nat, kubeServicesChain).push({ ...portRule(protocol, { dst: ip, dport: sp.port }, [comment(`${name} loadbalancer IP`)]), target: jump(loadBalancerTrafficChain) });
        if (usesFWChain) {
          chain(filter, kubeProxyFirewallChain).push({ ...portRule(protocol, { dst: ip, dport: sp.port }, [comment(`${name} traffic not accepted by ${fwChain}`)]), target: { kind: 'DROP' } });
        }
      }
      if (!hasExternalEndpoints) {
        for (const ip of sp.loadBalancerVIPs) {
          chain(filter, kubeExternalServicesChain).push({ ...portRule(protocol, { dst: ip, dport: sp.port }, [comment(externalFilterComment)]), target: externalFilterTarget });
        }
      }

      // Capture nodeports.
      if (sp.nodePort !== 0) {
        if (hasEndpoints) chain(nat, kubeNodePortsChain).push({ ...portRule(protocol, { dport: sp.nodePort }, [comment(name)]), target: jump(externalTrafficChain) });
        if (!hasExternalEndpoints) {
          chain(filter, kubeExternalServicesChain).push({
            ...portRule(protocol, { dport: sp.nodePort }, [comment(externalFilterComment), { module: 'addrtype', dstType: 'LOCAL' }]),
            target: externalFilterTarget,
          });
        }
      }

      // Capture healthCheckNodePorts.
      if (sp.healthCheckNodePort !== 0) {
        chain(filter, kubeNodePortsChain).push({ ...portRule('tcp', { dport: sp.healthCheckNodePort }, [comment(`${name} health check node port`)]), target: { kind: 'ACCEPT' } });
      }

      // Set up internal traffic handling.
      if (hasInternalEndpoints) {
        const args = (): Omit<Rule, 'target'> => portRule(protocol, { dst: sp.clusterIP, dport: sp.port }, [comment(`${name} cluster IP`)]);
        if (this.config.masqueradeAll) chain(nat, internalTrafficChain).push({ ...args(), target: jump(kubeMarkMasqChain) });
        else chain(nat, internalTrafficChain).push({ ...args(), src: localDetectorIfNotLocal, target: jump(kubeMarkMasqChain) });
      }

      // Set up external traffic handling.
      if (usesExternalTrafficChain) {
        const ext = chain(nat, externalTrafficChain);
        if (!sp.externalPolicyLocal) {
          ext.push({ matches: [comment(`masquerade traffic for ${name} external destinations`)], target: jump(kubeMarkMasqChain) });
        } else {
          ext.push({ src: localDetectorIfLocal, matches: [comment(`pod traffic for ${name} external destinations`)], target: jump(clusterPolicyChain) });
          ext.push({ matches: [comment(`masquerade LOCAL traffic for ${name} external destinations`), { module: 'addrtype', srcType: 'LOCAL' }], target: jump(kubeMarkMasqChain) });
          ext.push({ matches: [comment(`route LOCAL traffic for ${name} external destinations`), { module: 'addrtype', srcType: 'LOCAL' }], target: jump(clusterPolicyChain) });
        }
        if (hasExternalEndpoints) ext.push({ matches: [], target: jump(externalPolicyChain) });
      }

      // Set up firewall chain, if needed.
      if (usesFWChain) {
        const fw = chain(nat, fwChain);
        let allowFromNode = false;
        for (const cidr of sp.loadBalancerSourceRanges) {
          fw.push({ src: { cidr }, matches: [comment(`${name} loadbalancer IP`)], target: jump(externalTrafficChain) });
          if (cidrContains(cidr.includes('/') ? cidr : `${cidr}/32`, this.config.nodeIP)) allowFromNode = true;
        }
        if (allowFromNode) {
          for (const ip of sp.loadBalancerVIPs) fw.push({ src: { cidr: `${ip}/32` }, matches: [comment(`${name} loadbalancer IP`)], target: jump(externalTrafficChain) });
        }
        fw.push({ matches: [comment(`other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL`)] });
      }

      if (usesClusterPolicyChain) this.writeServiceToEndpointRules(chain(nat, clusterPolicyChain), sp, clusterEndpoints, svcComment);
      if (usesLocalPolicyChain) this.writeServiceToEndpointRules(chain(nat, localPolicyChain), sp, localEndpoints, svcComment);

      // Generate the per-endpoint chains.
      for (const ep of allReachableEndpoints) {
        const sep = chain(nat, servicePortEndpointChainName(name, protocol, ep.endpoint));
        // Handle traffic that loops back to the originator with SNAT.
        sep.push({ src: { cidr: `${ep.ip}/32` }, matches: svcComment(name), target: jump(kubeMarkMasqChain) });
        const recent: Match[] = sp.sessionAffinityClientIP ? [{ module: 'recent', action: 'set', name: servicePortEndpointChainName(name, protocol, ep.endpoint) }] : [];
        sep.push({ proto: { name: protocol }, matches: [...svcComment(name), ...recent, { module: protocol }], target: { kind: 'DNAT', toDestination: ep.endpoint } });
      }
    }

    // Finally, tail-call to the nodePorts chain (nodePortAddresses unset: every local address).
    chain(nat, kubeServicesChain).push({
      matches: [comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain'), { module: 'addrtype', dstType: 'LOCAL' }],
      target: jump(kubeNodePortsChain),
    });

    // Drop INVALID packets (nf_conntrack_tcp_be_liberal is 0), accept marked and established traffic.
    chain(filter, kubeForwardChain).push(
      { matches: [{ module: 'conntrack', ctstate: ['INVALID'] }], target: { kind: 'DROP' } },
      { matches: [comment('kubernetes forwarding rules'), { module: 'mark', value: mark, mask: mark }], target: { kind: 'ACCEPT' } },
      { matches: [comment('kubernetes forwarding conntrack rule'), { module: 'conntrack', ctstate: ['RELATED', 'ESTABLISHED'] }], target: { kind: 'ACCEPT' } },
    );

    // Remove service chains no longer in use, then restore the rest.
    const natTable = ensureTable(nf, 'nat');
    natTable.chains = natTable.chains.filter((c) => !isServiceChainName(c.name) || nat.has(c.name));
    for (const [name, rules] of filter) ensureChain(nf, 'filter', name).rules = rules;
    for (const [name, rules] of nat) ensureChain(nf, 'nat', name).rules = rules;
  }

  private writeServiceToEndpointRules(rules: Rule[], sp: ServicePort, endpoints: readonly Endpoint[], svcComment: (t: string) => Match[]): void {
    const protocol = sp.protocol.toLowerCase();
    // First write session affinity rules, if applicable.
    if (sp.sessionAffinityClientIP) {
      for (const ep of endpoints) {
        const sep = servicePortEndpointChainName(sp.name, protocol, ep.endpoint);
        rules.push({
          matches: [...svcComment(`${sp.name} -> ${ep.endpoint}`), { module: 'recent', action: 'rcheck', seconds: sp.stickyMaxAgeSeconds, reap: true, name: sep }],
          target: jump(sep),
        });
      }
    }
    // Now write loadbalancing rules: endpoint i of n matches with probability 1/(n-i), the last always.
    const n = endpoints.length;
    endpoints.forEach((ep, i) => {
      const matches: Match[] = [...svcComment(`${sp.name} -> ${ep.endpoint}`)];
      if (i < n - 1) matches.push({ module: 'statistic', mode: 'random', probability: computeProbability(n - i) });
      rules.push({ matches, target: jump(servicePortEndpointChainName(sp.name, protocol, ep.endpoint)) });
    });
  }
}

const SERVICE_CHAIN_PREFIXES = ['KUBE-SVC-', 'KUBE-SVL-', 'KUBE-SEP-', 'KUBE-FW-', 'KUBE-EXT-'];

export function isServiceChainName(name: string): boolean {
  return SERVICE_CHAIN_PREFIXES.some((p) => name.startsWith(p));
}
