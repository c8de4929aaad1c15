// The NetworkPolicy decision a policy-enforcing CNI makes for one new connection, as Calico's Felix
// programs it: isolation per direction, then "allowed if any selecting policy has a matching rule".
// UPSTREAM: k8s.io/api/networking/v1/types.go (field semantics), pkg/apis/networking/v1/defaults.go
//           (policyTypes defaulting); projectcalico/calico felix (enforcement)
// SIMPLIFICATION: IPv4 only; ipBlock matches pod IPs too (Calico does; the API leaves it to the plugin);
// hostNetwork pods are neither isolated nor matched by pod/namespace selectors (no workload endpoint).

import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import type { Namespace, Pod } from 'kubernetes-types/core/v1';
import { matchesLabelSelector } from '../../api/labels';
import type { L4Proto } from '../../api/trace';
import { cidrContains } from '../../apiserver/ipallocator';
import type { PolicyCheck, PolicyQuery, PolicyVerdict } from '../../linux/trace-types';

/** What the evaluator reads: the cluster's NetworkPolicies, Pods and Namespaces at one revision. */
export interface NetworkPolicyState {
  policies: readonly NetworkPolicy[];
  pods: readonly Pod[];
  namespaces: readonly Namespace[];
}

const keyOf = (o: { metadata?: { namespace?: string; name?: string } }) => `${o.metadata?.namespace ?? 'default'}/${o.metadata?.name ?? ''}`;

/**
 * SetDefaults_NetworkPolicy: without policyTypes a policy is an Ingress policy, and also an Egress
 * one when it has egress rules. The API server stores the default; this copes with objects that
 * reached the evaluator without it.
 */
export function effectivePolicyTypes(policy: NetworkPolicy): string[] {
  const types = policy.spec?.policyTypes ?? [];
  if (types.length > 0) return [...types];
  return (policy.spec?.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** Is `ip` inside `cidr`? IPv6 blocks never match (the simulated cluster is IPv4-only). */
function ipv4InCidr(cidr: string, ip: string): boolean {
  if (cidr.includes(':') || !cidr.includes('/')) return false;
  return cidrContains(cidr, ip);
}

/** `a`, `a and b`, `a, b and c` */
function englishList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * A PolicyCheck over one snapshot of the cluster. The returned function answers for any pod and
 * peer in that snapshot; build a new one when policies, pods or namespace labels change.
 *
 * A pod is isolated for a direction when a policy in its namespace selects it (podSelector, empty =
 * every pod) and lists the direction in its (defaulted) policyTypes. An isolated pod accepts a
 * connection only when some isolating policy has a rule whose peers and ports both match; a pod
 * nobody isolates accepts everything. Only new connections are judged: replies ride conntrack.
 */
export function networkPolicyCheck(state: NetworkPolicyState): PolicyCheck {
  const podsByKey = new Map(state.pods.map((p) => [keyOf(p), p] as const));
  const nsLabels = new Map<string, Record<string, string>>();
  for (const ns of state.namespaces) {
    const name = ns.metadata?.name ?? '';
    // The API server sets kubernetes.io/metadata.name on every namespace; make sure it is there.
    nsLabels.set(name, { ...(ns.metadata?.labels ?? {}), 'kubernetes.io/metadata.name': name });
  }
  const labelsOfNamespace = (name: string) => nsLabels.get(name) ?? { 'kubernetes.io/metadata.name': name };
  const policies = [...state.policies].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));

  /** Does one `from`/`to` entry of a policy in `policyNs` match the peer? */
  const peerMatches = (peer: NetworkPolicyPeer, policyNs: string, q: PolicyQuery): boolean => {
    if (peer.ipBlock) {
      if (!ipv4InCidr(peer.ipBlock.cidr, q.peerIP)) return false;
      return !(peer.ipBlock.except ?? []).some((e) => ipv4InCidr(e, q.peerIP));
    }
    if (!peer.podSelector && !peer.namespaceSelector) return false; // validation forbids it
    const other = q.peerPod ? podsByKey.get(q.peerPod) : undefined;
    if (!other || other.spec?.hostNetwork) return false;
    const otherNs = other.metadata?.namespace ?? 'default';
    // namespaceSelector alone: every pod there; podSelector alone: the policy's own namespace; both: AND.
    const nsOk = peer.namespaceSelector ? matchesLabelSelector(peer.namespaceSelector, labelsOfNamespace(otherNs)) : otherNs === policyNs;
    if (!nsOk) return false;
    return peer.podSelector ? matchesLabelSelector(peer.podSelector, other.metadata?.labels) : true;
  };

  /** A named port means the destination pod's container port of that name and protocol. */
  const resolveNamedPort = (name: string, protocol: string, destination: Pod | undefined): number | undefined => {
    for (const c of destination?.spec?.containers ?? []) {
      for (const p of c.ports ?? []) if (p.name === name && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
    }
    return undefined;
  };

  const portMatches = (port: NetworkPolicyPort, q: PolicyQuery, destination: Pod | undefined): boolean => {
    if ((port.protocol ?? 'TCP') !== q.protocol) return false;
    if (port.port === undefined) return true; // every port of this protocol
    if (typeof port.port === 'number') {
      const end = port.endPort ?? port.port;
      return q.port >= port.port && q.port <= end;
    }
    return resolveNamedPort(port.port, q.protocol, destination) === q.port;
  };

  return (q: PolicyQuery): PolicyVerdict => {
    const pod = podsByKey.get(q.pod);
    const ns = q.pod.split('/')[0];
    const peerText = q.peerPod ? `pod ${q.peerPod} (${q.peerIP})` : q.peerIP;
    const preposition = q.direction === 'ingress' ? 'from' : 'to';
    const what = `${describeProto(q.protocol, q.port)} ${preposition} ${peerText}`;
    if (pod?.spec?.hostNetwork) {
      return { allowed: true, isolatedBy: [], reason: `pod ${q.pod} uses the host's network, which NetworkPolicy does not cover, so ${what} is allowed` };
    }
    const policyType = q.direction === 'ingress' ? 'Ingress' : 'Egress';
    const labels = pod?.metadata?.labels;
    const isolating = policies.filter(
      (p) => (p.metadata?.namespace ?? 'default') === ns && effectivePolicyTypes(p).includes(policyType) && matchesLabelSelector(p.spec?.podSelector ?? {}, labels),
    );
    const isolatedBy = isolating.map(keyOf);
    if (isolating.length === 0) {
      return { allowed: true, isolatedBy, reason: `pod ${q.pod} is not isolated for ${q.direction} (no NetworkPolicy in namespace ${ns} selects it for ${policyType}), so ${what} is allowed` };
    }
    // For ingress the destination is the pod itself; for egress it is the peer (named ports need it).
    const destination = q.direction === 'ingress' ? pod : q.peerPod ? podsByKey.get(q.peerPod) : undefined;
    for (const policy of isolating) {
      const policyNs = policy.metadata?.namespace ?? 'default';
      const rules = q.direction === 'ingress'
        ? (policy.spec?.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports }))
        : (policy.spec?.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }));
      for (let i = 0; i < rules.length; i++) {
        const { peers, ports } = rules[i];
        // Missing or empty `from`/`to`: every peer; missing or empty `ports`: every port and protocol.
        const peerOk = !peers || peers.length === 0 || peers.some((p) => peerMatches(p, policyNs, q));
        const portOk = !ports || ports.length === 0 || ports.some((p) => portMatches(p, q, destination));
        if (peerOk && portOk) {
          const by = keyOf(policy);
          return {
            allowed: true, isolatedBy, allowedBy: by,
            reason: `pod ${q.pod} is isolated for ${q.direction} by ${englishList(isolatedBy)} and rule ${q.direction}[${i}] of ${by} allows ${what}`,
          };
        }
      }
    }
    return { allowed: false, isolatedBy, reason: `pod ${q.pod} is isolated for ${q.direction} by ${englishList(isolatedBy)} and no rule allows ${what}` };
  };
}

function describeProto(protocol: L4Proto, port: number): string {
  return protocol === 'ICMP' ? 'ICMP' : `${protocol}/${port}`;
}
