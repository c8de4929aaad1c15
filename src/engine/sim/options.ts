// The settings a cluster is created with. All of them are part of a snapshot.

import type { CniBackendName, IpvsScheduler, ProxyMode } from '../cni/types';

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
  /** kube-proxy's --ipvs-scheduler (KubeProxyConfiguration ipvs.scheduler) for every virtual server; optional: older snapshots read as rr */
  ipvsScheduler?: IpvsScheduler;
  /**
   * How many subnets the node network has: 1 = one L2 segment (192.168.49.0/24); 2 = workers
   * alternate between 192.168.49.0/24 and 192.168.50.0/24 (the control plane stays on 49), joined
   * by a router (gateway .1 on each). Optional: a snapshot from before it existed reads as 1.
   */
  nodeSubnets?: number;
  /** a simulated cloud load balancer (MetalLB-like) gives LoadBalancer Services an external IP */
  loadBalancer: boolean;
  /** install kubeadm's CoreDNS addon (ConfigMap, Deployment with 2 pods, Service kube-dns) at bootstrap */
  coreDNS: boolean;
  /** also run minikube's storage-provisioner (k8s.io/minikube-hostpath), which tutorials' classes name */
  minikubeHostPath?: boolean;
  /**
   * The worker nodes that exist now, by index (`node-<i>`), ascending. Nodes are added and removed
   * at run time (World.addNode/removeNode, the cluster autoscaler), so the set is part of the
   * options a snapshot restores. Optional: a snapshot from before it existed reads as 1..workerNodes.
   */
  workerIndexes?: number[];
  /** the index the next added worker takes; never reused, so a removed node's name never comes back. Optional: max(workerIndexes)+1 */
  nextWorkerIndex?: number;
  /** the simulated cluster-autoscaler (autoscaler/clusterautoscaler): off when absent */
  clusterAutoscaler?: ClusterAutoscalerOptions;
}

/** cluster-autoscaler's node group bounds (--nodes=<min>:<max>:<group>) for the one group of workers. */
export interface ClusterAutoscalerOptions {
  minNodes: number;
  maxNodes: number;
}

/** The worker indexes of a cluster (options.workerIndexes, or 1..workerNodes for older snapshots). */
export function workerIndexesOf(o: ClusterOptions): number[] {
  if (o.workerIndexes) return [...o.workerIndexes];
  const out: number[] = [];
  for (let i = 1; i <= o.workerNodes; i++) out.push(i);
  return out;
}

/** The index a newly added worker takes. */
export function nextWorkerIndexOf(o: ClusterOptions): number {
  return o.nextWorkerIndex ?? Math.max(0, ...workerIndexesOf(o)) + 1;
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
  ipvsScheduler: 'rr',
  nodeSubnets: 1,
  loadBalancer: true,
  coreDNS: true,
};
