// What Filter and Score share: the plugin's context, topology-pair counts, and the incoming pod's terms
// with their namespaceSelector resolved against the namespaces the scheduler knows.
// UPSTREAM: pkg/scheduler/framework/plugins/interpodaffinity/plugin.go (mergeAffinityTermNamespacesIfNotEmpty,
//           GetNamespaceLabelsSnapshot), filtering.go (topologyToMatchedTermCount), pkg/apis/config (InterPodAffinityArgs)

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { Selector, type Labels } from '../../../api/labels';
import type { Handle } from '../../framework/interface';
import { affinityTermMatches, type AffinityTerm } from '../../framework/node-info';
import type { CountsMemo } from './memo';

/** InterPodAffinityArgs. */
export interface InterPodAffinityArgs {
  /**
   * The score an existing pod's *required* affinity term adds when the incoming pod matches it
   * (symmetry for scoring), 0..100. Default 1.
   */
  hardPodAffinityWeight: number;
  /** Score only the incoming pod's preferred terms, ignoring existing pods' terms. Default false. */
  ignorePreferredTermsOfExistingPods: boolean;
}

export const DEFAULT_ARGS: InterPodAffinityArgs = Object.freeze({ hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false });

/** What the plugin's phases need: the framework handle, the plugin's arguments, the memos. */
export interface PluginContext {
  readonly handle: Handle;
  readonly args: InterPodAffinityArgs;
  /** PreFilter's counts */
  readonly filterMemo: CountsMemo;
  /** PreScore's weights */
  readonly scoreMemo: CountsMemo;
}

/**
 * topologyKey -> topology value -> count, e.g. { 'topology.kubernetes.io/zone': { 'zone-a': 2 } }:
 * two matching pods run on nodes labelled zone-a. Entries that reach 0 are deleted, so an empty map
 * means nothing matched anywhere.
 */
export type TopologyCounts = Map<string, Map<string, number>>;

export function addCount(m: TopologyCounts, key: string, value: string, n: number): void {
  let byValue = m.get(key);
  if (!byValue) m.set(key, (byValue = new Map()));
  const c = (byValue.get(value) ?? 0) + n;
  if (c !== 0) {
    byValue.set(value, c);
    return;
  }
  byValue.delete(value);
  if (byValue.size === 0) m.delete(key);
}

/** The node's value for a topology key, or undefined when the node lacks the label. */
export function topologyValue(labels: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(labels, key) ? labels[key] : undefined;
}

export function nodeLabels(node: Node): Readonly<Record<string, string>> {
  return node.metadata?.labels ?? {};
}

/** Add `n` for the node's (topologyKey, value) pair; a node without the label counts nowhere. */
export function updateCount(m: TopologyCounts, node: Node, topologyKey: string, n: number): void {
  const v = topologyValue(nodeLabels(node), topologyKey);
  if (v !== undefined) addCount(m, topologyKey, v, n);
}

/**
 * True when `pod` matches every term (an empty list matches nothing). Required affinity is satisfied
 * by one pod that matches all the terms, not by different pods each matching one.
 */
export function podMatchesAllAffinityTerms(terms: readonly AffinityTerm[], pod: Pod, nsLabels: Labels): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!affinityTermMatches(t, pod, nsLabels)) return false;
  return true;
}

/**
 * The incoming pod's term with its namespaceSelector resolved into names, so matching existing pods
 * against it never needs their namespaces' labels. An empty selector ({}: every namespace) and a missing
 * one (no namespace) need no resolving and are kept.
 * Example: namespaces [a], namespaceSelector team=blue, namespaces b and c labelled team=blue ->
 * namespaces {a, b, c}, namespaceSelector matches nothing.
 */
export function mergeAffinityTermNamespacesIfNotEmpty<T extends AffinityTerm>(handle: Handle, t: T): T {
  if (t.namespaceSelector.isEverything() || t.namespaceSelector.matchesNothing) return t;
  const namespaces = new Set(t.namespaces);
  for (const ns of handle.objects().list('namespaces')) {
    if (t.namespaceSelector.matches(ns.metadata.labels)) namespaces.add(ns.metadata.name ?? '');
  }
  return { ...t, namespaces, namespaceSelector: Selector.nothing() };
}

/** The labels of a namespace, empty when the scheduler has not seen it. */
export function getNamespaceLabelsSnapshot(handle: Handle, namespace: string): Labels {
  return handle.objects().get('namespaces', undefined, namespace)?.metadata.labels ?? {};
}

/** A string that differs whenever the terms could match differently (for memo keys). */
export function termsSignature(terms: readonly AffinityTerm[]): string {
  return terms.map((t) => [[...t.namespaces].sort().join(','), selectorSignature(t.selector), selectorSignature(t.namespaceSelector), t.topologyKey].join('\u0001')).join('\u0002');
}

function selectorSignature(s: Selector): string {
  return s.matchesNothing ? '\u2205' : s.toString();
}

/** Labels as a canonical string (sorted keys), for memo keys. */
export function labelsSignature(labels: Labels): string {
  const l = labels ?? {};
  return Object.keys(l).sort().map((k) => `${k}=${l[k]}`).join('\u0001');
}
