// Tracing a request through the cluster: DNS resolution through the pod's resolv.conf and CoreDNS,
// then the datapath walk (linux/trace.ts) over every node's derived network.
// UPSTREAM: none (this is what `kubectl exec <pod> -- curl` sets in motion across components)

import type { PacketTrace, TraceRequest } from '../api/trace';
import type { World } from './world';

export function traceNetwork(_world: World, _request: TraceRequest): PacketTrace {
  throw new Error('packet tracing is being built');
}
