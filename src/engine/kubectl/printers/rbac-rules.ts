// How kubectl shows a list of PolicyRules (describe role, auth can-i --list): one rule per
// (group, resource[, name]) or URL, simple rules of the same resource merged, sorted by the rule's Go
// String() (which starts with the verbs), the resource written `resource.group[/subresource]`.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/util/rbac/rbac.go (BreakdownRule, CompactRules,
// SortableRuleSlice), staging/src/k8s.io/kubectl/pkg/describe/describe.go (CombineResourceGroup)

import type { PolicyRule } from '../../api/rbac';

export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      const names = rule.resourceNames ?? [];
      if (names.length > 0) for (const n of names) out.push({ apiGroups: [group], resources: [resource], verbs: rule.verbs, resourceNames: [n] });
      else out.push({ apiGroups: [group], resources: [resource], verbs: rule.verbs });
    }
  }
  for (const url of rule.nonResourceURLs ?? []) out.push({ nonResourceURLs: [url], verbs: rule.verbs });
  return out;
}

/** CompactRules: verbs of rules for the same (group, resource, name) are merged into the first. */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  const simpleOrder: PolicyRule[] = [];
  for (const rule of rules) {
    const names = rule.resourceNames ?? [];
    const isSimple = names.length <= 1 && (rule.nonResourceURLs ?? []).length === 0 && (rule.apiGroups ?? []).length === 1 && (rule.resources ?? []).length === 1;
    if (!isSimple) {
      compacted.push(rule);
      continue;
    }
    const key = JSON.stringify([rule.apiGroups![0], rule.resources![0], names[0] ?? null]);
    const existing = simple.get(key);
    if (existing) {
      for (const v of rule.verbs) if (!existing.verbs.includes(v)) existing.verbs.push(v);
    } else {
      const copy: PolicyRule = { ...rule, verbs: [...rule.verbs] };
      simple.set(key, copy);
      simpleOrder.push(copy);
    }
  }
  return [...compacted, ...simpleOrder];
}

const goList = (xs: readonly string[] | undefined) => `[${(xs ?? []).join(' ')}]`;

/** The generated PolicyRule.String(): the sort key of SortableRuleSlice. */
export function policyRuleString(r: PolicyRule): string {
  return `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`;
}

export function sortRules(rules: PolicyRule[]): PolicyRule[] {
  // Array.prototype.sort is stable, as sort.Stable is; compare bytes as Go's strings.Compare does.
  return rules.sort((a, b) => {
    const x = policyRuleString(a);
    const y = policyRuleString(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** CombineResourceGroup: `pods`, `deployments.apps`, `pods/log`, `deployments.apps/scale`, '' for URL rules. */
export function combineResourceGroup(resources: readonly string[] | undefined, groups: readonly string[] | undefined): string {
  if (!resources || resources.length === 0) return '';
  const [res, sub] = resources[0].split(/\/(.*)/s);
  let combined = res;
  if (groups && groups.length > 0 && groups[0] !== '') combined += `.${groups[0]}`;
  if (sub !== undefined) combined += `/${sub}`;
  return combined;
}

/** Rows of `Resources  Non-Resource URLs  Resource Names  Verbs` for the rules, broken down, compacted and sorted. */
export function ruleRows(rules: readonly PolicyRule[]): string[][] {
  const sorted = sortRules(compactRules(rules.flatMap(breakdownRule)));
  return sorted.map((r) => [combineResourceGroup(r.resources, r.apiGroups), goList(r.nonResourceURLs), goList(r.resourceNames), goList(r.verbs)]);
}
