// The settings a cluster is created with. All of them are part of a snapshot.

import type { CniBackendName, ProxyMode } from '../cni/types';

export interface ClusterOptions {
  seed: number;
  workerNodes: number;
  nodeCpu: string;
  nodeMemory: string;
  nodeMaxPods: number;
  /** simulated delay between a write and the informers seeing it */
  watchLatencyMs: number;
  /** the wall-clock-looking time of simulated 0, for timestamps */
  epochMs: number;
  clusterCIDR: string;
  serviceCIDR: string;
  nodeCIDRMaskSize: number;
  /** the CNI back end every node's network is programmed by (flannel-vxlan, calico-bgp, ...) */
  cni: CniBackendName;
  /** kube-proxy's mode on every node */
  proxyMode: ProxyMode;
  /** a simulated cloud load balancer (MetalLB-like) gives LoadBalancer Services an external IP */
  loadBalancer: boolean;
  /** install kubeadm's CoreDNS addon (ConfigMap, Deployment with 2 pods, Service kube-dns) at bootstrap */
  coreDNS: boolean;
}

export const DEFAULT_OPTIONS: ClusterOptions = {
  seed: 1,
  workerNodes: 3,
  nodeCpu: '2',
  nodeMemory: '4Gi',
  nodeMaxPods: 110,
  watchLatencyMs: 100,
  epochMs: Date.UTC(2026, 0, 5, 9, 0, 0),
  clusterCIDR: '10.244.0.0/16',
  serviceCIDR: '10.96.0.0/12',
  nodeCIDRMaskSize: 24,
  cni: 'flannel-vxlan',
  proxyMode: 'iptables',
  loadBalancer: true,
  coreDNS: true,
};
