// UI text of the aggregated (zoomed-out) node view, in both languages. Pod states keep kubectl's
// English words in the Chinese text, as learners read them in `kubectl get pods` (DESIGN.md).

import { useCallback } from 'react';
import { useUiStore, type Lang } from '../../stores/ui-store';

const en = {
  'aggregate.pods': '{count} pods',
  'aggregate.title': 'Zoomed out: {count} pods drawn as one cell each. Zoom in to see the pod cards.',
  'aggregate.running': 'Running',
  'aggregate.pending': 'Pending',
  'aggregate.succeeded': 'Completed',
  'aggregate.failed': 'Failed',
  'aggregate.terminating': 'Terminating',
  'aggregate.unknown': 'Unknown',
  'aggregate.cpu': 'CPU',
  'aggregate.memory': 'memory',
  'aggregate.requested': '{resource} requested {requested} of {allocatable} allocatable',
} as const;

export type AggregateMessageId = keyof typeof en;

const zh: Record<AggregateMessageId, string> = {
  'aggregate.pods': '{count} 个 Pod',
  'aggregate.title': '已缩小：{count} 个 Pod 各画成一个小格。放大即可看到 Pod 卡片。',
  'aggregate.running': 'Running',
  'aggregate.pending': 'Pending',
  'aggregate.succeeded': 'Completed',
  'aggregate.failed': 'Failed',
  'aggregate.terminating': 'Terminating',
  'aggregate.unknown': 'Unknown',
  'aggregate.cpu': 'CPU',
  'aggregate.memory': '内存',
  'aggregate.requested': '{resource} 已请求 {requested}，可分配 {allocatable}',
};

export const aggregateMessages: Record<Lang, Record<AggregateMessageId, string>> = { en, zh };

export function translateAggregate(lang: Lang, id: AggregateMessageId, params?: Record<string, string | number>): string {
  const text = aggregateMessages[lang][id] ?? en[id];
  return params ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : text;
}

export function useAggregateT(): (id: AggregateMessageId, params?: Record<string, string | number>) => string {
  const lang = useUiStore((s) => s.lang);
  return useCallback((id, params) => translateAggregate(lang, id, params), [lang]);
}
