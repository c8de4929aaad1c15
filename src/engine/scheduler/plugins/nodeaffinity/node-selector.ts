// Matching nodes against a pod's nodeSelector and node affinity terms: labels (matchExpressions) and
// the node's name (matchFields metadata.name). Shared by the scheduler's NodeAffinity plugin and the
// kubelet's admission.
// UPSTREAM: staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go
// Semantics: terms are ORed, a term's requirements ANDed; an empty term or an unparsable requirement
// matches nothing (upstream ignores the parse error and treats the term as not matching).

import type { Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from 'kubernetes-types/core/v1';

export function requirementMatchesLabels(req: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = labels[req.key];
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && values.includes(value);
    case 'NotIn':
      return !has || !values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false;
      const l = parseGoInt(value);
      const r = parseGoInt(values[0]);
      if (l === undefined || r === undefined) return false;
      return req.operator === 'Gt' ? l > r : l < r;
    }
    default:
      return false;
  }
}

function parseGoInt(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

/** matchFields supports only metadata.name with In / NotIn. */
function fieldRequirementMatches(req: NodeSelectorRequirement, node: Node): boolean {
  if (req.key !== 'metadata.name') return false;
  const name = node.metadata?.name ?? '';
  const values = req.values ?? [];
  if (req.operator === 'In') return values.length > 0 && values.includes(name);
  if (req.operator === 'NotIn') return values.length > 0 && !values.includes(name);
  return false;
}

export function isEmptyTerm(term: NodeSelectorTerm | undefined): boolean {
  return !term || ((term.matchExpressions ?? []).length === 0 && (term.matchFields ?? []).length === 0);
}

export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: Node): boolean {
  if (isEmptyTerm(term)) return false;
  const labels = node.metadata?.labels ?? {};
  return (term.matchExpressions ?? []).every((r) => requirementMatchesLabels(r, labels)) &&
    (term.matchFields ?? []).every((r) => fieldRequirementMatches(r, node));
}

/** NodeSelector.Match: any term matches. */
export function nodeSelectorTermsMatch(terms: readonly NodeSelectorTerm[], node: Node): boolean {
  return terms.some((t) => nodeSelectorTermMatches(t, node));
}

/** The pod's hard placement rules: spec.nodeSelector AND requiredDuringScheduling node affinity. */
export interface RequiredNodeAffinity {
  labelSelector?: Record<string, string>;
  terms?: readonly NodeSelectorTerm[];
}

export function getRequiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  const out: RequiredNodeAffinity = {};
  const sel = pod.spec?.nodeSelector;
  if (sel && Object.keys(sel).length > 0) out.labelSelector = sel;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) out.terms = required.nodeSelectorTerms ?? [];
  return out;
}

export function requiredNodeAffinityMatches(r: RequiredNodeAffinity, node: Node): boolean {
  if (r.labelSelector) {
    const labels = node.metadata?.labels ?? {};
    for (const [k, v] of Object.entries(r.labelSelector)) if (labels[k] !== v) return false;
  }
  if (r.terms) return nodeSelectorTermsMatch(r.terms, node);
  return true;
}

/** The sum of the weights of the preferred terms the node matches. */
export function preferredTermsScore(terms: readonly PreferredSchedulingTerm[], node: Node): number {
  let score = 0;
  for (const t of terms) {
    if (!t.weight) continue;
    if (nodeSelectorTermMatches(t.preference, node)) score += t.weight;
  }
  return score;
}
