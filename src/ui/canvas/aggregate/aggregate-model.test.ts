import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PodView } from '../../../worker/protocol';
import {
  AGGREGATE_MIN_PODS, AGGREGATE_PREFIX, AGGREGATE_ZOOM, aggregateNodes, countsOf, countTones, DETAIL_ZOOM, detailedContainers, detailKey, isAggregateBox, nextMode, toneString,
  visibleFlowRect, type DetailMode, type FlowLike,
} from './aggregate-model';

const MANY = AGGREGATE_MIN_PODS;

describe('nextMode', () => {
  it('small clusters are always drawn in detail, at any zoom', () => {
    for (const zoom of [0.2, 0.3, 0.5, 1, 2]) {
      expect(nextMode('aggregate', zoom, MANY - 1)).toBe('detail');
      expect(nextMode('detail', zoom, 0)).toBe('detail');
    }
  });

  it('a big cluster zoomed out is aggregated; zoomed in it is drawn in detail', () => {
    expect(nextMode('detail', 0.2, 10_000)).toBe('aggregate');
    expect(nextMode('aggregate', 0.2, 10_000)).toBe('aggregate');
    expect(nextMode('aggregate', 1, 10_000)).toBe('detail');
    expect(nextMode('aggregate', DETAIL_ZOOM, MANY)).toBe('detail');
  });

  it('between the two thresholds the mode stays as it was (no flicker at the boundary)', () => {
    const between = (AGGREGATE_ZOOM + DETAIL_ZOOM) / 2;
    expect(nextMode('aggregate', between, MANY)).toBe('aggregate');
    expect(nextMode('detail', between, MANY)).toBe('detail');
  });

  it('a wheel wobble within the band never flips the mode', () => {
    fc.assert(
      fc.property(fc.constantFrom<DetailMode>('detail', 'aggregate'), fc.array(fc.double({ min: AGGREGATE_ZOOM, max: DETAIL_ZOOM, noNaN: true, maxExcluded: true }), { maxLength: 20 }), (start, zooms) => {
        let mode = start;
        for (const z of zooms) mode = nextMode(mode, z, MANY * 2);
        expect(mode).toBe(start);
      }),
    );
  });
});

describe('detailedContainers', () => {
  const containers = [
    { id: 'Node:node-1', x: 0, y: 500, width: 352, height: 4000 },
    { id: 'Node:node-2', x: 380, y: 500, width: 352, height: 4000 },
    { id: 'Node:node-9', x: 3000, y: 9000, width: 352, height: 4000 },
  ];

  it('null (everything, no filtering) below the pod threshold', () => {
    expect(detailedContainers('aggregate', MANY - 1, containers, null)).toBeNull();
  });

  it('none when zoomed out', () => {
    expect([...detailedContainers('aggregate', 10_000, containers, { x: 0, y: 0, width: 1e6, height: 1e6 })!]).toEqual([]);
  });

  it('zoomed in: the containers the viewport (with its margin) shows', () => {
    // zoom 1, the pane's top-left at flow (0, 400), 1280x800 pane, no margin: node-1 and node-2 only
    const visible = visibleFlowRect([0, -400, 1], { width: 1280, height: 800 }, 0);
    expect(visible).toEqual({ x: 0, y: 400, width: 1280, height: 800 });
    expect([...detailedContainers('detail', 10_000, containers, visible)!].sort()).toEqual(['Node:node-1', 'Node:node-2']);
    // panned far right and down: only node-9
    expect([...detailedContainers('detail', 10_000, containers, visibleFlowRect([-2900, -9500, 1], { width: 1280, height: 800 }, 0))!]).toEqual(['Node:node-9']);
  });

  it('visibleFlowRect divides by the zoom and widens by the margin', () => {
    expect(visibleFlowRect([100, 50, 0.5], { width: 1000, height: 600 }, 100)).toEqual({ x: -400, y: -300, width: 2400, height: 1600 });
  });

  it('the key is stable for equal sets and distinguishes "all" from "none"', () => {
    expect(detailKey(new Set(['b', 'a']))).toBe(detailKey(new Set(['a', 'b'])));
    expect(detailKey(null)).not.toBe(detailKey(new Set()));
  });
});

function pod(phase: PodView['phase'], status: string, deleting = false): Pick<PodView, 'kind' | 'phase' | 'status' | 'deleting'> {
  return { kind: 'Pod', phase, status, deleting };
}

describe('counts per container', () => {
  const views = new Map<string, Pick<PodView, 'kind' | 'phase' | 'status' | 'deleting'> | { kind: string }>([
    ['Pod:default/a', pod('Running', 'Running')],
    ['Pod:default/b', pod('Pending', 'ContainerCreating')],
    ['Pod:default/c', pod('Running', 'CrashLoopBackOff')],
    ['Pod:default/d', pod('Running', 'Running', true)],
    ['Pod:default/e', pod('Succeeded', 'Completed')],
    ['Node:node-1', { kind: 'Node' }],
  ]);
  const ids = ['Pod:default/a', 'Pod:default/b', 'Pod:default/c', 'Pod:default/d', 'Pod:default/e', 'Pod:default/gone', 'Node:node-1'];

  it('counts pods by the same state tones as the pod cards, skipping ids that are not pods', () => {
    expect(countTones(ids, (id) => views.get(id))).toEqual({ running: 1, pending: 1, succeeded: 1, failed: 1, terminating: 1, unknown: 0 });
  });

  it('the tone string has one char per id and counts the same (missing views count as unknown)', () => {
    const s = toneString(ids, (id) => views.get(id));
    expect(s).toBe('rpftsuu');
    expect(countsOf(s)).toEqual({ running: 1, pending: 1, succeeded: 1, failed: 1, terminating: 1, unknown: 2 });
  });
});

describe('aggregateNodes', () => {
  const nodes: FlowLike[] = [
    { id: 'pending', type: 'pending', position: { x: 0, y: 0 }, width: 352, height: 200 },
    { id: 'Node:node-1', type: 'nodeGroup', position: { x: 0, y: 300 }, width: 352, height: 400 },
    { id: 'Node:node-2', type: 'nodeGroup', position: { x: 380, y: 300 }, width: 352, height: 400 },
    { id: 'Pod:default/a', type: 'pod', parentId: 'Node:node-1', position: { x: 22, y: 88 }, width: 150, height: 76 },
    { id: 'Pod:default/b', type: 'pod', parentId: 'Node:node-1', position: { x: 192, y: 88 }, width: 150, height: 76 },
    { id: 'Pod:default/c', type: 'pod', parentId: 'Node:node-1', position: { x: 22, y: 172 }, width: 150, height: 76 },
    { id: 'Pod:default/d', type: 'pod', parentId: 'Node:node-2', position: { x: 22, y: 88 }, width: 150, height: 76 },
    { id: 'Pod:default/p', type: 'pod', parentId: 'pending', position: { x: 22, y: 50 }, width: 150, height: 76 },
  ];

  it('null keeps every node', () => {
    expect(aggregateNodes(nodes, null).nodes).toEqual(nodes);
  });

  it('replaces the pods of aggregated containers by one box covering their cells; detailed containers keep their pods', () => {
    const { nodes: out, removed } = aggregateNodes(nodes, new Set(['Node:node-2']));
    expect([...removed].sort()).toEqual(['Pod:default/a', 'Pod:default/b', 'Pod:default/c', 'Pod:default/p']);
    const ids = out.map((n) => n.id);
    expect(ids).toEqual(['pending', 'Node:node-1', 'Node:node-2', `${AGGREGATE_PREFIX}Node:node-1`, 'Pod:default/d', `${AGGREGATE_PREFIX}pending`]);
    const agg = out.find((n) => n.id === `${AGGREGATE_PREFIX}Node:node-1`)!;
    if (!isAggregateBox(agg)) throw new Error('not an aggregate');
    expect({ x: agg.x, y: agg.y, height: agg.height }).toEqual({ x: 22, y: 88, height: 172 - 88 + 76 });
    // as wide as its cells (22..342); a lone pod's box spans the container's inner width instead
    expect(agg.width).toBe(192 + 150 - 22);
    const lone = out.find((n) => n.id === `${AGGREGATE_PREFIX}pending`)!;
    expect(isAggregateBox(lone) && lone.width).toBe(352 - 2 * 22);
    expect(agg.cells).toEqual([
      { podId: 'Pod:default/a', x: 0, y: 0 },
      { podId: 'Pod:default/b', x: 170, y: 0 },
      { podId: 'Pod:default/c', x: 0, y: 84 },
    ]);
  });

  it('every pod is either kept or a cell of exactly one aggregate, and aggregates follow their parents', () => {
    fc.assert(
      fc.property(fc.subarray(['pending', 'Node:node-1', 'Node:node-2']), (detailedIds) => {
        const { nodes: out } = aggregateNodes(nodes, new Set(detailedIds));
        const seen: string[] = [];
        for (const n of out) {
          if (isAggregateBox(n)) {
            expect(detailedIds).not.toContain(n.container);
            expect(out.findIndex((p) => p.id === n.container)).toBeLessThan(out.indexOf(n));
            seen.push(...n.cells.map((c) => c.podId));
          } else if (n.type === 'pod') {
            expect(detailedIds).toContain(n.parentId);
            seen.push(n.id);
          }
        }
        expect(seen.sort()).toEqual(nodes.filter((n) => n.type === 'pod').map((n) => n.id).sort());
      }),
    );
  });
});
