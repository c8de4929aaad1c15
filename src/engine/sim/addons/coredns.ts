// The CoreDNS addon as `kubeadm init` installs it: ConfigMap `coredns` (the Corefile), ServiceAccount
// `coredns`, Deployment `coredns` (2 replicas) and Service `kube-dns` on the 10th address of the service CIDR.
// UPSTREAM: cmd/kubeadm/app/phases/addons/dns/{dns.go,manifests.go}, cmd/kubeadm/app/constants/constants.go
// SIMPLIFICATION: no ClusterRole/ClusterRoleBinding `system:coredns` (the sandbox has no RBAC).

import type { KubeObject } from '../../api/meta';
import { intToIp, parseCidr } from '../../apiserver/ipallocator';

/** kubeadm's default `networking.dnsDomain`, the kubelet's `clusterDomain`. */
export const CLUSTER_DOMAIN = 'cluster.local';

/** kubeadm's constants.CoreDNSImageName at the version kubeadm v1.35 pins (constants.CoreDNSVersion). */
export const COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns:v1.13.1';

/** kubeadm's coreDNSReplicas. */
export const COREDNS_REPLICAS = 2;

/** The label every CoreDNS pod and the kube-dns Service carry (kept from kube-dns for compatibility). */
export const KUBE_DNS_LABEL = { 'k8s-app': 'kube-dns' } as const;

/**
 * The DNS Service's ClusterIP: kubeadm's GetDNSIP takes the 10th address of the service CIDR
 * (10.96.0.0/12 -> 10.96.0.10), and the kubelet's `clusterDNS` is set to the same address.
 */
export function clusterDNSIP(serviceCIDR: string): string {
  return intToIp(parseCidr(serviceCIDR).base + 10);
}

/** kubeadm's Corefile for a DNS domain, byte for byte as the ConfigMap holds it. */
export function corefile(dnsDomain = CLUSTER_DOMAIN): string {
  return `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes ${dnsDomain} in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success ${dnsDomain}
       disable denial ${dnsDomain}
    }
    loop
    reload
    loadbalance
}
`;
}

/** The addon's objects in the order kubeadm creates them (ConfigMap, ServiceAccount, Deployment, Service). */
export function coreDNSObjects(serviceCIDR: string, dnsDomain = CLUSTER_DOMAIN): KubeObject[] {
  const ns = 'kube-system';
  const configMap: KubeObject = {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name: 'coredns', namespace: ns },
    data: { Corefile: corefile(dnsDomain) },
  };
  const serviceAccount: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'coredns', namespace: ns } };
  const deployment: KubeObject = {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'coredns', namespace: ns, labels: { ...KUBE_DNS_LABEL } },
    spec: {
      replicas: COREDNS_REPLICAS,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      selector: { matchLabels: { ...KUBE_DNS_LABEL } },
      template: {
        metadata: { labels: { ...KUBE_DNS_LABEL } },
        spec: {
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'coredns',
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [{
                weight: 100,
                podAffinityTerm: {
                  labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] },
                  topologyKey: 'kubernetes.io/hostname',
                },
              }],
            },
          },
          tolerations: [
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
            { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
          ],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          containers: [{
            name: 'coredns',
            image: COREDNS_IMAGE,
            imagePullPolicy: 'IfNotPresent',
            resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
            args: ['-conf', '/etc/coredns/Corefile'],
            volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
            ports: [
              { containerPort: 53, name: 'dns', protocol: 'UDP' },
              { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
              { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
              { containerPort: 8080, name: 'liveness-probe', protocol: 'TCP' },
              { containerPort: 8181, name: 'readiness-probe', protocol: 'TCP' },
            ],
            livenessProbe: {
              httpGet: { path: '/health', port: 'liveness-probe', scheme: 'HTTP' },
              initialDelaySeconds: 60, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 5,
            },
            readinessProbe: { httpGet: { path: '/ready', port: 'readiness-probe', scheme: 'HTTP' } },
            securityContext: {
              allowPrivilegeEscalation: false,
              capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
              readOnlyRootFilesystem: true,
            },
          }],
          dnsPolicy: 'Default',
          volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
        },
      },
    },
  };
  const service: KubeObject = {
    apiVersion: 'v1', kind: 'Service',
    metadata: {
      name: 'kube-dns', namespace: ns,
      labels: { ...KUBE_DNS_LABEL, 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      clusterIP: clusterDNSIP(serviceCIDR),
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
      selector: { ...KUBE_DNS_LABEL },
    },
  };
  return [configMap, serviceAccount, deployment, service];
}
