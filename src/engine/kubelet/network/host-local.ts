// The CNI host-local IPAM plugin: pod IPs from the node's podCIDR, recorded per node.
// UPSTREAM: containernetworking/plugins plugins/ipam/host-local (backend/allocator/allocator.go:
// the range iterator starts after the last reserved address and wraps, so a freed IP is not handed
// out again until the range comes round)
// SIMPLIFICATION: the allocations live in KubeletState.ipam instead of files under
// /var/lib/cni/networks/<network>/ (the `last_reserved_ip.0` file becomes a key of the same map).

import { intToIp, ipToInt, parseCidr } from '../../apiserver/ipallocator';

/** The key host-local keeps its cursor under (the file name it uses for range set 0). */
export const LAST_RESERVED_KEY = 'last_reserved_ip.0';

/**
 * Reserve the next free address of `podCIDR` after the last reserved one (wrapping), for pod `uid`,
 * in `ipam` (IP -> pod uid). .1 is the cni0 gateway and the last address is broadcast. Undefined
 * when the node has no podCIDR yet or the range is full.
 */
export function allocateIP(ipam: Record<string, string>, podCIDR: string | undefined, uid: string): string | undefined {
  if (!podCIDR) return undefined;
  const { base, size } = parseCidr(podCIDR);
  const first = 2;
  const count = size - 3; // .2 .. broadcast-1
  const last = ipam[LAST_RESERVED_KEY];
  const lastOffset = last ? ipToInt(last) - base : first - 1;
  const start = lastOffset >= first && lastOffset < first + count ? lastOffset + 1 : first;
  for (let i = 0; i < count; i++) {
    const offset = first + ((start - first + i) % count);
    const ip = intToIp(base + offset);
    if (!ipam[ip]) {
      ipam[ip] = uid;
      ipam[LAST_RESERVED_KEY] = ip;
      return ip;
    }
  }
  return undefined;
}

/** CNI DEL: free the pod's address (the cursor stays where it is). */
export function releaseIP(ipam: Record<string, string>, ip: string | undefined): void {
  if (ip) delete ipam[ip];
}
