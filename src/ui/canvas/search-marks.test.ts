import { describe, expect, it } from 'vitest';
import type { Node } from '@xyflow/react';
import { markNodes, type MarkCache } from './search-marks';

const node = (id: string): Node => ({ id, position: { x: 0, y: 0 }, data: {} });

describe('markNodes', () => {
  it('adds the mark as a class and leaves unmarked nodes as they were', () => {
    const a = node('Pod:default/a');
    const b = node('Pod:default/b');
    const out = markNodes([a, b], new Map([['Pod:default/a', 'dimmed' as const]]), new WeakMap());
    expect(out[0].className).toBe('is-dimmed');
    expect(out[1]).toBe(b);
  });

  it('returns the same marked object while node and mark are unchanged, a new one when the mark changes', () => {
    const a = node('Pod:default/a');
    const cache: MarkCache<Node> = new WeakMap();
    const first = markNodes([a], new Map([[a.id, 'dimmed' as const]]), cache)[0];
    expect(markNodes([a], new Map([[a.id, 'dimmed' as const]]), cache)[0]).toBe(first);
    const matched = markNodes([a], new Map([[a.id, 'match' as const]]), cache)[0];
    expect(matched).not.toBe(first);
    expect(matched.className).toBe('is-search-match');
  });

  it('hands back the very array when nothing is marked', () => {
    const nodes = [node('x')];
    expect(markNodes(nodes, new Map(), new WeakMap())).toBe(nodes);
  });
});
