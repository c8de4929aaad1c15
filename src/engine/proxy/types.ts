// The proxy Provider: what a kube-proxy mode does on each sync: the iptables mode and the IPVS mode
// (proxy/ipvs) implement the same contract.
// UPSTREAM: pkg/proxy/types.go (Provider)

import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { NetNamespace } from '../linux/netns';

export interface ProxierConfig {
  nodeName: string;
  nodeIP: string;
  /** kube-proxy's clusterCIDR: the local-traffic detector (`! -s <clusterCIDR>` marks off-cluster sources for SNAT) */
  clusterCIDR: string;
  /** --iptables-masquerade-bit (14 -> mark 0x4000) */
  masqueradeBit?: number;
  /** --masquerade-all */
  masqueradeAll?: boolean;
  /** --ipvs-scheduler (IPVS mode): every virtual server's scheduler; default rr */
  ipvsScheduler?: string;
}

export interface ProxyProvider {
  readonly mode: 'iptables' | 'ipvs';
  /**
   * syncProxyRules: make the node's kernel state match every Service and EndpointSlice. Idempotent:
   * kube-proxy rewrites its own chains whole on each sync and leaves others' rules alone.
   */
  syncProxyRules(host: NetNamespace, services: readonly Service[], slices: readonly EndpointSlice[]): void;
}
