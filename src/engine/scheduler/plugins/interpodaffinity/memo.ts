// Topology-pair counts kept across scheduling cycles, so PreFilter and PreScore do not match every pod
// in the cluster against the same terms again each cycle: per node, the counts are recomputed only
// when the NodeInfo's generation changed (its pods or labels did).
// UPSTREAM: none in v1.35 (later upstream versions add filtering_memo.go and scoring_memo.go).

// Why: 10,000 pods with required anti-affinity on 5,000 nodes means ~10,000 selector matches per cycle
// for the incoming pod's terms and as many for existing pods' terms, i.e. 10^8 over the run. With the
// memo a cycle costs one identity and generation compare per node plus the matches on the node that
// changed (the one the previous pod was bound to).

import type { NodeInfo } from '../../framework/node-info';
import { addCount, type TopologyCounts } from './terms';

/** What one node contributes: (topologyKey, value, count) triples; repeats add up. */
export type Contribution = ReadonlyArray<readonly [string, string, number]>;

export const NO_CONTRIBUTION: Contribution = Object.freeze([]);

interface NodeEntry {
  readonly ni: NodeInfo;
  generation: number;
  contribution: Contribution;
  /** the refresh that last saw the node in the snapshot */
  seen: number;
}

/** Cluster-wide counts for one question (e.g. "which pods match these terms"), maintained per node. */
export class TopologyCountsIndex {
  readonly counts: TopologyCounts = new Map();
  /** the sum of all counts */
  total = 0;
  /** how many (key, value, n) triples are counted, whatever their n: 0 when nothing matched anywhere */
  matches = 0;
  /** changes whenever the counts change */
  version = 0;
  private readonly perNode = new Map<NodeInfo, NodeEntry>();
  /**
   * The entries in the order of the last snapshot. The node list keeps its order from cycle to cycle,
   * so entry i is usually node i: an identity compare instead of a map lookup per node.
   */
  private byPosition: NodeEntry[] = [];
  private refreshes = 0;

  /** Bring the counts up to date with `nodes` (the snapshot), recomputing changed nodes with `compute`. */
  refresh(nodes: readonly NodeInfo[], compute: (ni: NodeInfo) => Contribution): void {
    const seen = ++this.refreshes;
    let changed = false;
    let moved = nodes.length !== this.byPosition.length;
    for (let i = 0; i < nodes.length; i++) {
      const ni = nodes[i];
      let e: NodeEntry | undefined = this.byPosition[i];
      if (e === undefined || e.ni !== ni) {
        moved = true;
        e = this.perNode.get(ni);
      }
      if (e === undefined) {
        e = { ni, generation: ni.generation, contribution: compute(ni), seen };
        this.apply(e.contribution, 1);
        this.perNode.set(ni, e);
        changed = true;
      } else if (e.generation !== ni.generation) {
        this.apply(e.contribution, -1);
        e.contribution = compute(ni);
        e.generation = ni.generation;
        this.apply(e.contribution, 1);
        changed = true;
      }
      e.seen = seen;
      this.byPosition[i] = e;
    }
    if (moved) {
      this.byPosition.length = nodes.length;
      // Nodes gone from the snapshot (deleted) take their counts with them.
      for (const [ni, e] of this.perNode) {
        if (e.seen === seen) continue;
        this.apply(e.contribution, -1);
        this.perNode.delete(ni);
        changed = true;
      }
    }
    if (changed) this.version++;
  }

  private apply(c: Contribution, sign: 1 | -1): void {
    for (const [key, value, n] of c) {
      addCount(this.counts, key, value, sign * n);
      this.total += sign * n;
    }
    this.matches += sign * c.length;
  }
}

/** Indexes by question signature, the least recently used dropped beyond `capacity`. */
export class CountsMemo {
  private readonly indexes = new Map<string, TopologyCountsIndex>();
  constructor(private readonly capacity = 32) {}

  index(signature: string): TopologyCountsIndex {
    let idx = this.indexes.get(signature);
    if (idx) {
      this.indexes.delete(signature);
    } else {
      idx = new TopologyCountsIndex();
      if (this.indexes.size >= this.capacity) this.indexes.delete(this.indexes.keys().next().value!);
    }
    this.indexes.set(signature, idx);
    return idx;
  }
}
