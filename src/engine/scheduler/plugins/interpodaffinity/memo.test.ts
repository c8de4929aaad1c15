import { describe, expect, it } from 'vitest';
import type { Node } from 'kubernetes-types/core/v1';
import { makeNodeWithCapacity, makeSchedulingPod } from '../../../testing/builders';
import { newNodeInfo, type NodeInfo } from '../../framework/node-info';
import { CountsMemo, NO_CONTRIBUTION, TopologyCountsIndex, type Contribution } from './memo';

/** Pods labelled app=web, counted at the node's zone. */
function webPerZone(ni: NodeInfo): Contribution {
  const zone = ni.node.metadata?.labels?.zone;
  const n = ni.pods.filter((p) => p.pod.metadata?.labels?.app === 'web').length;
  return zone === undefined || n === 0 ? NO_CONTRIBUTION : [['zone', zone, n]];
}

function plain(index: TopologyCountsIndex): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, byValue] of index.counts) for (const [v, n] of byValue) out[`${k}=${v}`] = n;
  return out;
}

function rebuilt(nodes: NodeInfo[]): TopologyCountsIndex {
  const fresh = new TopologyCountsIndex();
  fresh.refresh(nodes, webPerZone);
  return fresh;
}

/** A small deterministic generator (Park-Miller), so a failing seed can be replayed. */
function rng(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 48271) % 2147483647;
    return s % n;
  };
}

function zoneNode(name: string, zone?: string): Node {
  return makeNodeWithCapacity({ name, labels: zone ? { zone } : {} });
}

describe('TopologyCountsIndex', () => {
  it('recomputes only the nodes whose generation changed', () => {
    const nodes = [newNodeInfo(zoneNode('a', 'z1')), newNodeInfo(zoneNode('b', 'z1'))];
    const index = new TopologyCountsIndex();
    const computed: string[] = [];
    const compute = (ni: NodeInfo) => {
      computed.push(ni.name);
      return webPerZone(ni);
    };
    index.refresh(nodes, compute);
    expect(computed).toEqual(['a', 'b']);
    const v = index.version;
    index.refresh(nodes, compute);
    expect(computed).toEqual(['a', 'b']);
    expect(index.version).toBe(v);
    nodes[1].addPod(makeSchedulingPod({ name: 'w', labels: { app: 'web' } }));
    index.refresh(nodes, compute);
    expect(computed).toEqual(['a', 'b', 'b']);
    expect(index.version).toBe(v + 1);
    expect(plain(index)).toEqual({ 'zone=z1': 1 });
    expect(index.total).toBe(1);
  });

  it.each([1, 7, 42, 2024])('equals a full rebuild after random pod, label and node changes (seed %i)', (seed) => {
    const r = rng(seed);
    let all = ['n0', 'n1', 'n2', 'n3', 'n4'].map((n, i) => newNodeInfo(zoneNode(n, `z${i % 2}`)));
    const index = new TopologyCountsIndex();
    let podSeq = 0;
    for (let step = 0; step < 300; step++) {
      const ni = all[r(all.length)];
      switch (r(5)) {
        case 0:
        case 1:
          ni.addPod(makeSchedulingPod({ name: `p${podSeq++}`, labels: { app: r(2) ? 'web' : 'db' } }));
          break;
        case 2:
          if (ni.pods.length) ni.removePod(ni.pods[r(ni.pods.length)].key);
          break;
        case 3:
          ni.setNode(zoneNode(ni.name, r(3) ? `z${r(3)}` : undefined));
          break;
        case 4:
          // A node leaves the snapshot, or a new one joins.
          if (all.length > 2 && r(2)) all = all.filter((x) => x !== ni);
          else all = [...all, newNodeInfo(zoneNode(`m${step}`, `z${r(3)}`))];
          break;
      }
      index.refresh(all, webPerZone);
      const want = rebuilt(all);
      expect(plain(index), `seed ${seed}, step ${step}`).toEqual(plain(want));
      expect(index.total).toBe(want.total);
    }
  });
});

describe('CountsMemo', () => {
  it('keeps one index per signature and forgets the least recently used beyond its capacity', () => {
    const memo = new CountsMemo(2);
    const a = memo.index('a');
    memo.index('b');
    expect(memo.index('a')).toBe(a);
    memo.index('c'); // evicts b, the least recently used
    expect(memo.index('a')).toBe(a);
    const b2 = memo.index('b');
    expect(b2.counts.size).toBe(0);
    expect(memo.index('b')).toBe(b2);
  });
});
