// What exists before anyone applies anything: the nodes kubeadm would join (a tainted
// control-plane node and N workers), the four namespaces, the two system PriorityClasses, and the
// `kubernetes` Service with its EndpointSlice pointing at the API server.
// UPSTREAM: cmd/kubeadm (node roles and taints), pkg/controlplane/controller (kubernetes Service,
// system namespaces)
// kind's default StorageClass `standard` (rancher.io/local-path, WaitForFirstConsumer) is installed too.
// kubeadm's CoreDNS addon (addons/coredns.ts) is created last, unless `coreDNS: false`.
// SIMPLIFICATION: no static control-plane pods, no kube-proxy DaemonSet pods yet, no
// local-path-storage namespace (its provisioner runs inside the control plane).

import type { KubeObject } from '../api/meta';
import type { Client } from '../client/clientset';
import { firstIP } from '../apiserver/ipallocator';
import type { NodeConfig } from '../kubelet/nodestatus/setters';
import { workerIndexesOf, type ClusterOptions } from './options';
import { systemPriorityClassObjects } from '../apiserver/registry/priorityclass';
import { IsDefaultStorageClassAnnotation } from '../api/volume';
import { networkDiskStorageClassObject, sandboxDiskDriverObject } from '../api/volumeattachment';
import { LOCAL_PATH_PROVISIONER } from '../controller/volume/localpath/local-path-provisioner';
import { coreDNSObjects } from './addons/coredns';

export const CONTROL_PLANE_IP = '192.168.49.2';

export function nodeConfigs(o: ClusterOptions): NodeConfig[] {
  const base = { cpu: o.nodeCpu, memory: o.nodeMemory, maxPods: o.nodeMaxPods, ephemeralStorage: '100Gi' };
  const configs: NodeConfig[] = [
    {
      ...base,
      name: 'control-plane',
      internalIP: CONTROL_PLANE_IP,
      labels: { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' },
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
    },
  ];
  for (const i of workerIndexesOf(o)) configs.push(workerConfig(o, i));
  return configs;
}

/** Worker `i`'s kubelet configuration (`node-<i>`, like every other worker: one node group). */
export function workerConfig(o: ClusterOptions, i: number): NodeConfig {
  return { cpu: o.nodeCpu, memory: o.nodeMemory, maxPods: o.nodeMaxPods, ephemeralStorage: '100Gi', name: `node-${i}`, internalIP: workerIP(i, o.nodeSubnets ?? 1), labels: {}, taints: [] };
}

/**
 * Worker `i`'s InternalIP (1-based). One subnet: 192.168.49.3, .4, ... (after the control plane's
 * .2). N subnets: workers take turns, node-1 on 192.168.49.0/24, node-2 on 192.168.50.0/24, ...,
 * each subnet numbering its workers from .3: with 2, node-1 .49.3, node-2 .50.3, node-3 .49.4.
 */
export function workerIP(i: number, nodeSubnets: number): string {
  const subnets = Math.max(1, Math.floor(nodeSubnets));
  const subnet = (i - 1) % subnets;
  const n = 3 + Math.floor((i - 1) / subnets);
  return `192.168.${49 + subnet + subnets * Math.floor(n / 254)}.${n % 254}`;
}

/** Namespaces and the `kubernetes` Service (the first address of the service CIDR). */
export function createSystemObjects(sys: Client, o: ClusterOptions): void {
  for (const name of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
    sys.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  // The scheduling API's post-start hook: system-node-critical and system-cluster-critical.
  for (const pc of systemPriorityClassObjects()) sys.create(pc);
  sys.create(defaultStorageClassObject());
  // The simulated network-disk CSI driver: attachable and expandable, so both volume phases show.
  sys.create(sandboxDiskDriverObject());
  sys.create(networkDiskStorageClassObject());
  const svc = sys.create({
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { clusterIP: firstIP(o.serviceCIDR), ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], type: 'ClusterIP' },
  } as KubeObject);
  if (!svc.ok) return;
  sys.create({
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [CONTROL_PLANE_IP], conditions: { ready: true } }],
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
  } as KubeObject);
  // The API server's endpoint reconciler writes the (deprecated) Endpoints too, marked so that the
  // EndpointSlice mirroring controller leaves it alone (pkg/controlplane/reconcilers/endpointsadapter.go).
  sys.create({
    apiVersion: 'v1', kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: CONTROL_PLANE_IP }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
  } as KubeObject);
  // `kubeadm init` phase addon/coredns. A snapshot from before the option existed reads as true.
  if (o.coreDNS !== false) for (const obj of coreDNSObjects(o.serviceCIDR)) sys.create(obj);
}

/** kind's default StorageClass: `standard (default)   rancher.io/local-path   Delete   WaitForFirstConsumer   false`. */
export function defaultStorageClassObject(): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { [IsDefaultStorageClassAnnotation]: 'true' } },
    provisioner: LOCAL_PATH_PROVISIONER,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
}
