// Matching nodes against a pod's nodeSelector and node affinity terms: labels (matchExpressions) and
// the node's name (matchFields metadata.name). Shared by the scheduler's NodeAffinity plugin and the
// kubelet's admission.
// UPSTREAM: staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go
// Semantics: terms are ORed, a term's requirements ANDed; an empty term or an unparsable requirement
// matches nothing (upstream ignores the parse error and treats the term as not matching).

import type { Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from 'kubernetes-types/core/v1';
import { requirementMatches, type Operator } from '../../../api/labels';

/** NodeSelectorOperator -> the labels selector operator (nodeSelectorRequirementsAsSelector). */
const LABEL_OPERATORS: ReadonlyMap<string, Operator> = new Map([
  ['In', 'in'], ['NotIn', 'notin'], ['Exists', 'exists'], ['DoesNotExist', '!'], ['Gt', 'gt'], ['Lt', 'lt'],
]);

export function requirementMatchesLabels(req: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const operator = LABEL_OPERATORS.get(req.operator);
  return operator !== undefined && requirementMatches({ key: req.key, operator, values: req.values ?? [] }, labels);
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
