// The host-local IPAM plugin's result for a pod: its address in the node's range, the gateway and
// the routes from the network config. Which address a pod gets is decided by the kubelet's CNI ADD
// (src/engine/kubelet/network/host-local.ts) and read back from status.podIP.
// UPSTREAM: containernetworking/plugins plugins/ipam/host-local (main.go cmdAdd: the result's
// ips[].address/gateway and routes), pkg/ip (the gateway is the range's first address)

import { addressAt, toPrefix } from '../../../../linux/inet';

export interface HostLocalConf {
  /** ranges[0][0].subnet: the node's podCIDR (flannel's FLANNEL_SUBNET network) */
  subnet: string;
  /** extra routes handed to the pod (flannel adds its Network) */
  routes: Array<{ dst: string; gw?: string }>;
}

export interface IPConfig {
  /** `10.244.1.5/24` */
  address: string;
  ip: string;
  prefixLen: number;
  gateway: string;
}

export interface IpamResult {
  ips: IPConfig[];
  routes: Array<{ dst: string; gw?: string }>;
}

export function hostLocalResult(conf: HostLocalConf, podIP: string): IpamResult {
  const { prefixLen } = toPrefix(conf.subnet);
  const gateway = addressAt(conf.subnet, 1);
  return { ips: [{ address: `${podIP}/${prefixLen}`, ip: podIP, prefixLen, gateway }], routes: conf.routes.map((r) => ({ ...r })) };
}
