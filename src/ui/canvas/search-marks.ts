// Applies search/filter marks to React Flow nodes as a className ('is-dimmed', 'is-search-match'),
// reusing the marked copy while neither the node nor its mark changed: React Flow skips re-rendering
// a node it gets back as the very same object (see flow-elements.ts).

import type { Node } from '@xyflow/react';
import type { Mark } from './search-model';

export const MARK_CLASS: Record<Mark, string> = { dimmed: 'is-dimmed', match: 'is-search-match' };

export type MarkCache<N extends Node> = WeakMap<N, { mark: Mark; node: N }>;

export function markNodes<N extends Node>(nodes: readonly N[], marks: ReadonlyMap<string, Mark>, cache: MarkCache<N>): N[] {
  if (marks.size === 0) return nodes as N[];
  return nodes.map((n) => {
    const mark = marks.get(n.id);
    if (!mark) return n;
    const hit = cache.get(n);
    if (hit && hit.mark === mark) return hit.node;
    const node = { ...n, className: [n.className, MARK_CLASS[mark]].filter(Boolean).join(' ') };
    cache.set(n, { mark, node });
    return node;
  });
}
