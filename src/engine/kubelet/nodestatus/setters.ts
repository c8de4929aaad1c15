// The Node object a kubelet registers: labels, capacity and allocatable, conditions, addresses,
// system info.
// UPSTREAM: pkg/kubelet/kubelet_node_status.go (initialNode), pkg/kubelet/nodestatus/setters.go
// SIMPLIFICATION: a fixed OS image, kernel and containerd version for every node; the kubelet
// registers with the not-ready taint and lifts it itself once the network is ready (upstream the node
// lifecycle controller manages it from the Ready condition).

import type { Node } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { bytes, formatBytes } from '../../api/quantity';
import { runtimeId } from '../runtime';

export const KUBELET_VERSION = 'v1.35.0';

export const NETWORK_NOT_READY =
  'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';

export interface NodeConfig {
  name: string;
  internalIP: string;
  cpu: string;
  memory: string;
  maxPods: number;
  ephemeralStorage: string;
  labels: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect: string }>;
}

export function nodeCondition(type: string, status: string, reason: string, message: string, now: string) {
  return { type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: now };
}

export function initialNode(c: NodeConfig, now: string): Node & KubeObject {
  const capacity = { cpu: c.cpu, 'ephemeral-storage': c.ephemeralStorage, memory: c.memory, pods: String(c.maxPods), 'hugepages-1Gi': '0', 'hugepages-2Mi': '0' };
  // Allocatable = capacity - eviction-hard thresholds (memory.available<100Mi, nodefs.available<10%).
  const allocatable = {
    ...capacity,
    'ephemeral-storage': String(Math.floor(bytes(c.ephemeralStorage) * 0.9)),
    memory: formatBytes(bytes(c.memory) - 100 * 2 ** 20),
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: c.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': c.name,
        'kubernetes.io/os': 'linux',
        ...c.labels,
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      taints: [...c.taints, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }],
    },
    status: {
      capacity,
      allocatable,
      conditions: [
        nodeCondition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', now),
        nodeCondition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', now),
        nodeCondition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', now),
        nodeCondition('Ready', 'False', 'KubeletNotReady', NETWORK_NOT_READY, now),
      ],
      addresses: [
        { address: c.internalIP, type: 'InternalIP' },
        { address: c.name, type: 'Hostname' },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: uuidFrom(`${c.name}:boot`),
        containerRuntimeVersion: 'containerd://2.1.4',
        kernelVersion: '6.8.0-79-generic',
        kubeProxyVersion: '',
        kubeletVersion: KUBELET_VERSION,
        machineID: runtimeId(`${c.name}:machine`).slice(0, 32),
        operatingSystem: 'linux',
        osImage: 'Ubuntu 24.04.3 LTS',
        systemUUID: uuidFrom(`${c.name}:system`),
      },
      images: [],
    },
  };
}

function uuidFrom(seed: string): string {
  const h = runtimeId(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
