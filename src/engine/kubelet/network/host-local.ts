// The CNI host-local IPAM plugin: pod IPs from the node's podCIDR, recorded per node.
// UPSTREAM: containernetworking/plugins plugins/ipam/host-local (backend/allocator)
// SIMPLIFICATION: lowest free address first (upstream continues after the last reserved one); the
// allocations live in KubeletState.ipam instead of files under /var/lib/cni/networks.

import { intToIp, parseCidr } from '../../apiserver/ipallocator';

/**
 * Reserve the lowest free address of `podCIDR` for the pod `uid` in `ipam` (IP -> pod uid); .1 is the
 * cni0 gateway and the last address is broadcast. Undefined when the node has no podCIDR yet or it is full.
 */
export function allocateIP(ipam: Record<string, string>, podCIDR: string | undefined, uid: string): string | undefined {
  if (!podCIDR) return undefined;
  const { base, size } = parseCidr(podCIDR);
  for (let i = 2; i < size - 1; i++) {
    const ip = intToIp(base + i);
    if (!ipam[ip]) {
      ipam[ip] = uid;
      return ip;
    }
  }
  return undefined;
}

/** CNI DEL: free the pod's address. */
export function releaseIP(ipam: Record<string, string>, ip: string | undefined): void {
  if (ip) delete ipam[ip];
}
