// How label maps and label selectors read in table cells (`app=web,tier=front`, `app in (a,b)`).
// UPSTREAM: staging/src/k8s.io/apimachinery/pkg/labels/labels.go (FormatLabels),
// pkg/apis/meta/v1/helpers.go (LabelSelectorAsSelector, FormatLabelSelector), labels/selector.go (String)

import type { LabelSelector } from 'kubernetes-types/meta/v1';

/** `k1=v1,k2=v2` sorted by key, or `<none>` when there are no labels. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort(compareStrings);
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/**
 * A LabelSelector as its selector string: requirements sorted by key; matchLabels as `k=v`,
 * matchExpressions as `k in (a,b)`, `k notin (a,b)`, `k`, `!k` (values sorted). '' selects everything.
 * Returns undefined for an invalid operator, which upstream reports as an error.
 */
export function labelSelectorString(selector: LabelSelector | undefined): string | undefined {
  if (!selector) return '';
  const requirements: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    requirements.push({ key, text: `${key}=${value}` });
  }
  for (const expr of selector.matchExpressions ?? []) {
    const values = [...new Set(expr.values ?? [])].sort(compareStrings).join(',');
    switch (expr.operator) {
      case 'In': requirements.push({ key: expr.key, text: `${expr.key} in (${values})` }); break;
      case 'NotIn': requirements.push({ key: expr.key, text: `${expr.key} notin (${values})` }); break;
      case 'Exists': requirements.push({ key: expr.key, text: expr.key }); break;
      case 'DoesNotExist': requirements.push({ key: expr.key, text: `!${expr.key}` }); break;
      default: return undefined;
    }
  }
  // A stable sort by key, like sort.Sort(ByKey(...)) on distinct keys.
  requirements.sort((a, b) => compareStrings(a.key, b.key));
  return requirements.map((r) => r.text).join(',');
}

/** FormatLabelSelector: the selector string, `<none>` when it selects everything, `<error>` when invalid. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  const s = labelSelectorString(selector);
  if (s === undefined) return '<error>';
  return s === '' ? '<none>' : s;
}

/** Byte-wise string order, as Go's sort.Strings. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
