// kube-proxy's IPVS mode: every Service IP bound to the dummy device kube-ipvs0 (so the node accepts
// the packets), an IPVS virtual server per Service port (ClusterIP, externalIPs, load-balancer IPs,
// and NodePorts on the node's IP) with the endpoints as masqueraded real servers, round robin by
// default (--ipvs-scheduler picks another for every virtual server), `persistent <seconds>` for sessionAffinity ClientIP; and a short set of iptables rules
// matching ipsets (KUBE-CLUSTER-IP, KUBE-NODE-PORT-*) to mark traffic for SNAT.
// UPSTREAM: pkg/proxy/ipvs/proxier.go (syncProxyRules, writeIptablesRules, syncService,
// syncEndpoint, iptablesJumpChain, ipsetInfo), pkg/proxy/ipvs/README.md
// SIMPLIFICATION: ipsets are named in the rules but not listable (`ipset list` is not simulated);
// NodePorts are served on the node's InternalIP only (not 127.0.0.1 or other local addresses); no
// health-check node ports, no KUBE-LOAD-BALANCER-FW/SOURCE chains, no graceful termination
// (weight 0 real servers); ActiveConn/InActConn in the table stay 0.

import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { stableMac } from '../../linux/hash';
import type { IpvsVirtualServer, Link, NetNamespace } from '../../linux/netns';
import { addLink, linkByName } from '../../linux/netns';
import type { Match, Rule, TableName } from '../../linux/netfilter/types';
import { comment, ensureChain, jump, orMark, xorMark } from '../../linux/netfilter/types';
import type { Endpoint } from '../service-port';
import { buildEndpointsMap, buildServicePorts, categorizeEndpoints, endpointsKey } from '../service-port';
import { ensureRulePrepended, kubeMarkMasqChain, kubePostroutingChain, kubeServicesChain } from '../iptables/proxier';
import type { ProxierConfig, ProxyProvider } from '../types';

export const DUMMY_DEVICE = 'kube-ipvs0';
const kubeNodePortChain = 'KUBE-NODE-PORT';
const kubeForwardChain = 'KUBE-FORWARD';
const kubeIpvsFilterChain = 'KUBE-IPVS-FILTER';
const kubeLoadBalancerChain = 'KUBE-LOAD-BALANCER';
const DEFAULT_SCHEDULER = 'rr';

/** kube-proxy creates kube-ipvs0 when it starts, before any pod sandbox: call this early. */
export function ensureDummyDevice(host: NetNamespace, nodeName: string): Link {
  return linkByName(host, DUMMY_DEVICE) ?? addLink(host, {
    name: DUMMY_DEVICE, kind: 'dummy', mac: stableMac(`${DUMMY_DEVICE}/${nodeName}`), mtu: 1500, flags: ['BROADCAST', 'NOARP'], qdisc: 'noop', state: 'DOWN', addresses: [],
  });
}

const set = (name: string, flags: string, negate = false): Match => ({ module: 'set', set: name, flags, ...(negate ? { negate } : {}) });

export class IpvsProxier implements ProxyProvider {
  readonly mode = 'ipvs' as const;
  private readonly masqueradeMark: number;

  constructor(private readonly config: ProxierConfig) {
    this.masqueradeMark = 1 << (config.masqueradeBit ?? 14);
  }

  syncProxyRules(host: NetNamespace, services: readonly Service[], slices: readonly EndpointSlice[]): void {
    const { nodeName, nodeIP } = this.config;
    const dummy = ensureDummyDevice(host, nodeName);
    const bound = new Set(dummy.addresses.map((a) => a.local));
    const bind = (ip: string) => {
      if (bound.has(ip)) return;
      bound.add(ip);
      dummy.addresses.push({ family: 'inet', local: ip, prefixLen: 32, scope: 'global' });
    };

    const table: IpvsVirtualServer[] = [];
    const endpointsMap = buildEndpointsMap(slices, nodeName);
    let hasNodePorts = false;
    for (const sp of buildServicePorts(services)) {
      const eps = endpointsMap.get(endpointsKey(sp.name, sp.protocol)) ?? [];
      const { clusterEndpoints, localEndpoints } = categorizeEndpoints(eps, sp);
      const internal = sp.internalPolicyLocal ? localEndpoints : clusterEndpoints;
      const external = sp.externalPolicyLocal ? localEndpoints : clusterEndpoints;
      const vs = (address: string, port: number, endpoints: readonly Endpoint[]) => {
        table.push({
          protocol: sp.protocol, address, port, scheduler: this.config.ipvsScheduler || DEFAULT_SCHEDULER,
          ...(sp.sessionAffinityClientIP ? { persistentSeconds: sp.stickyMaxAgeSeconds } : {}),
          realServers: endpoints.map((e) => ({ address: e.ip, port: e.port, forward: 'Masq', weight: 1, activeConn: 0, inActConn: 0 })),
        });
      };
      if (sp.clusterIP) {
        bind(sp.clusterIP);
        vs(sp.clusterIP, sp.port, internal);
      }
      for (const ip of [...sp.externalIPs, ...sp.loadBalancerVIPs]) {
        bind(ip);
        vs(ip, sp.port, external);
      }
      if (sp.nodePort) {
        hasNodePorts = true;
        vs(nodeIP, sp.nodePort, external);
      }
    }
    host.ipvs = table;
    this.writeIptablesRules(host, hasNodePorts);
  }

  /** writeIptablesRules: the jumps, then KUBE-SERVICES matching the ipsets instead of one rule per Service. */
  private writeIptablesRules(host: NetNamespace, hasNodePorts: boolean): void {
    const nf = host.netfilter;
    const mark = this.masqueradeMark;
    const jumps: Array<[TableName, string, string, string]> = [
      ['nat', 'OUTPUT', kubeServicesChain, 'kubernetes service portals'],
      ['nat', 'PREROUTING', kubeServicesChain, 'kubernetes service portals'],
      ['nat', 'POSTROUTING', kubePostroutingChain, 'kubernetes postrouting rules'],
      ['filter', 'FORWARD', kubeForwardChain, 'kubernetes forwarding rules'],
      ['filter', 'INPUT', kubeIpvsFilterChain, 'kubernetes ipvs access filter'],
    ];
    for (const [t, src, dst, text] of jumps) {
      ensureChain(nf, t, dst);
      ensureRulePrepended(nf, t, src, { matches: [comment(text)], target: jump(dst) });
    }
    const fill = (t: TableName, chain: string, rules: Rule[]) => {
      ensureChain(nf, t, chain).rules = rules;
    };
    fill('nat', kubeMarkMasqChain, [{ matches: [], target: orMark(mark) }]);
    fill('nat', kubePostroutingChain, [
      { matches: [comment('Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose'), set('KUBE-LOOP-BACK', 'dst,dst,src')], target: { kind: 'MASQUERADE' } },
      { matches: [{ module: 'mark', value: mark, mask: mark, negate: true }], target: { kind: 'RETURN' } },
      { matches: [], target: xorMark(mark) },
      { matches: [comment('kubernetes service traffic requiring SNAT')], target: { kind: 'MASQUERADE', randomFully: true } },
    ]);
    fill('nat', kubeLoadBalancerChain, [{ matches: [], target: jump(kubeMarkMasqChain) }]);
    const services: Rule[] = [
      { src: { cidr: this.config.clusterCIDR, negate: true }, matches: [comment('Kubernetes service cluster ip + port for masquerade purpose'), set('KUBE-CLUSTER-IP', 'dst,dst')], target: jump(kubeMarkMasqChain) },
    ];
    if (hasNodePorts) services.push({ matches: [{ module: 'addrtype', dstType: 'LOCAL' }], target: jump(kubeNodePortChain) });
    services.push({ matches: [set('KUBE-CLUSTER-IP', 'dst,dst')], target: { kind: 'ACCEPT' } });
    fill('nat', kubeServicesChain, services);
    if (hasNodePorts) {
      fill('nat', kubeNodePortChain, [
        { proto: { name: 'tcp' }, matches: [comment('Kubernetes nodeport TCP port for masquerade purpose'), set('KUBE-NODE-PORT-TCP', 'dst')], target: jump(kubeMarkMasqChain) },
      ]);
    }
    fill('filter', kubeForwardChain, [
      { matches: [comment('kubernetes forwarding rules'), { module: 'mark', value: mark, mask: mark }], target: { kind: 'ACCEPT' } },
      { matches: [comment('kubernetes forwarding conntrack rule'), { module: 'conntrack', ctstate: ['RELATED', 'ESTABLISHED'] }], target: { kind: 'ACCEPT' } },
    ]);
    fill('filter', kubeIpvsFilterChain, [
      { matches: [set('KUBE-LOAD-BALANCER', 'dst,dst')], target: { kind: 'RETURN' } },
      { matches: [set('KUBE-CLUSTER-IP', 'dst,dst')], target: { kind: 'RETURN' } },
      { matches: [set('KUBE-EXTERNAL-IP', 'dst,dst')], target: { kind: 'RETURN' } },
      { matches: [set('KUBE-EXTERNAL-IP-LOCAL', 'dst,dst')], target: { kind: 'RETURN' } },
      { matches: [set('KUBE-HEALTH-CHECK-NODE-PORT', 'dst')], target: { kind: 'RETURN' } },
      { matches: [{ module: 'conntrack', ctstate: ['NEW'] }, set('KUBE-IPVS-IPS', 'dst')], target: { kind: 'REJECT', rejectWith: 'icmp-port-unreachable' } },
    ]);
  }
}
