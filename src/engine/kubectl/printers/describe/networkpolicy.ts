// `kubectl describe networkpolicy`: the spec in words, one block per rule (no events section).
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/describe/describe.go (describeNetworkPolicy,
//           describeNetworkPolicySpec, printNetworkPolicySpecIngressFrom/EgressTo, policyTypesToString)
// SIMPLIFICATION: `Created on` prints in UTC, as a kubectl running in a UTC container would.

import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec } from 'kubernetes-types/networking/v1';
import { formatLabelSelector } from '../../../api/labels';
import { parseTimestamp } from '../../duration';
import { printAnnotationsMultiline, printLabelsMultiline } from './common';
import { LEVEL_0, LEVEL_1, LEVEL_2, PrefixWriter } from './tabwriter';

const INDENT = '    ';

/** Go's time.Time.String() for a UTC time with whole seconds: `2006-01-02 15:04:05 +0000 UTC`. */
function goTimeString(timestamp: string | undefined): string {
  const ms = parseTimestamp(timestamp);
  if (ms === undefined) return '0001-01-01 00:00:00 +0000 UTC';
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`;
}

/** `%s` of *intstr.IntOrString: the number or the name; `<nil>` when unset. */
function portString(port: NetworkPolicyPort): string {
  return port.port === undefined ? '<nil>' : String(port.port);
}

function printPorts(w: PrefixWriter, ports: readonly NetworkPolicyPort[] | undefined): void {
  if (!ports || ports.length === 0) {
    w.write(LEVEL_0, `${INDENT}To Port: <any> (traffic allowed to all ports)\n`);
    return;
  }
  for (const port of ports) w.write(LEVEL_0, `${INDENT}To Port: ${portString(port)}/${port.protocol ?? 'TCP'}\n`);
}

function printPeers(w: PrefixWriter, title: 'From' | 'To', peers: readonly NetworkPolicyPeer[]): void {
  for (const peer of peers) {
    w.write(LEVEL_0, `${INDENT}${title}:\n`);
    if (peer.podSelector && peer.namespaceSelector) {
      w.write(LEVEL_1, `${INDENT}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
      w.write(LEVEL_1, `${INDENT}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
    } else if (peer.podSelector) {
      w.write(LEVEL_1, `${INDENT}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
    } else if (peer.namespaceSelector) {
      w.write(LEVEL_1, `${INDENT}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
    } else if (peer.ipBlock) {
      w.write(LEVEL_1, `${INDENT}IPBlock:\n`);
      w.write(LEVEL_2, `${INDENT}CIDR: ${peer.ipBlock.cidr}\n`);
      w.write(LEVEL_2, `${INDENT}Except: ${(peer.ipBlock.except ?? []).join(', ')}\n`);
    }
  }
}

type Rule = { peers?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] };

function printRules(w: PrefixWriter, direction: 'ingress' | 'egress', rules: readonly Rule[]): void {
  if (rules.length === 0) {
    w.write(LEVEL_0, `${INDENT}<none> (Selected pods are isolated for ${direction} connectivity)\n`);
    return;
  }
  rules.forEach((rule, i) => {
    printPorts(w, rule.ports);
    if (!rule.peers || rule.peers.length === 0) {
      w.write(LEVEL_0, direction === 'ingress' ? `${INDENT}From: <any> (traffic not restricted by source)\n` : `${INDENT}To: <any> (traffic not restricted by destination)\n`);
    } else {
      printPeers(w, direction === 'ingress' ? 'From' : 'To', rule.peers);
    }
    if (i !== rules.length - 1) w.write(LEVEL_0, `${INDENT}----------\n`);
  });
}

export function describeNetworkPolicy(np: NetworkPolicy): string {
  const w = new PrefixWriter();
  const spec: NetworkPolicySpec = np.spec ?? { podSelector: {} };
  w.write(LEVEL_0, `Name:\t${np.metadata?.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${np.metadata?.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Created on:\t${goTimeString(np.metadata?.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', np.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', np.metadata?.annotations);
  w.write(LEVEL_0, 'Spec:\n');
  w.write(LEVEL_1, 'PodSelector: ');
  const selector = spec.podSelector ?? {};
  if (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0) {
    w.write(LEVEL_2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
  } else {
    w.write(LEVEL_2, `${formatLabelSelector(selector)}\n`);
  }
  // kubectl reads the stored (defaulted) policyTypes only.
  const types = spec.policyTypes ?? [];
  if (types.includes('Ingress')) {
    w.write(LEVEL_1, 'Allowing ingress traffic:\n');
    printRules(w, 'ingress', (spec.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports })));
  } else {
    w.write(LEVEL_1, 'Not affecting ingress traffic\n');
  }
  if (types.includes('Egress')) {
    w.write(LEVEL_1, 'Allowing egress traffic:\n');
    printRules(w, 'egress', (spec.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports })));
  } else {
    w.write(LEVEL_1, 'Not affecting egress traffic\n');
  }
  w.write(LEVEL_1, `Policy Types: ${types.join(', ')}\n`);
  return w.toString();
}
