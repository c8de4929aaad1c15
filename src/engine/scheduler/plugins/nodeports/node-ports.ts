// NodePorts: a pod that asks for hostPorts fits only nodes where those (ip, protocol, port)
// triples are free.
// UPSTREAM: pkg/scheduler/framework/plugins/nodeports/node_ports.go

import type { ContainerPort, Pod } from 'kubernetes-types/core/v1';
import type { CycleState } from '../../framework/cycle-state';
import type { QueueingHintFn } from '../../framework/events';
import type { EnqueueExtensions, FilterPlugin, PreFilterPlugin } from '../../framework/interface';
import type { HostPortInfo, NodeInfo } from '../../framework/node-info';
import { podHostPorts } from '../../framework/node-info';
import { SKIP, SUCCESS, unschedulable } from '../../framework/status';
import { names } from '../names';

export const Name = names.NodePorts;
export const ErrReason = "node(s) didn't have free ports for the requested pod ports";

const preFilterStateKey = `PreFilter${Name}`;

/** The first wanted port that is taken, or undefined when all are free. */
export function conflictingPort(want: readonly ContainerPort[], used: HostPortInfo): ContainerPort | undefined {
  return want.find((p) => used.checkConflict(p.hostIP, p.protocol, p.hostPort ?? 0));
}

export const nodePorts = {
  name: Name,

  preFilter(state: CycleState, pod: Pod) {
    const ports = podHostPorts(pod);
    if (ports.length === 0) return SKIP;
    state.write(preFilterStateKey, ports);
    return SUCCESS;
  },

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo) {
    const want = state.read<ContainerPort[]>(preFilterStateKey) ?? podHostPorts(pod);
    const taken = conflictingPort(want, nodeInfo.usedPorts);
    if (!taken) return SUCCESS;
    return unschedulable(ErrReason, `hostPort ${taken.hostPort}/${taken.protocol ?? 'TCP'} is in use`);
  },

  eventsToRegister() {
    // A deleted pod frees its host ports: retry only if it held one this pod wants.
    const hint: QueueingHintFn = (pod, oldObj) => {
      const want = podHostPorts(pod);
      const freed = podHostPorts(oldObj as Pod);
      const clash = want.some((w) => freed.some((f) => f.hostPort === w.hostPort && (f.protocol ?? 'TCP') === (w.protocol ?? 'TCP') &&
        (!f.hostIP || !w.hostIP || f.hostIP === '0.0.0.0' || w.hostIP === '0.0.0.0' || f.hostIP === w.hostIP)));
      return clash ? 'Queue' : 'QueueSkip';
    };
    return [
      { event: 'AssignedPodDelete', hint },
      { event: 'NodeAdd' },
    ];
  },
} satisfies PreFilterPlugin & FilterPlugin & EnqueueExtensions;
