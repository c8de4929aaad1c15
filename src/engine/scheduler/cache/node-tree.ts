// The order in which the scheduler walks nodes: round-robin across zones, so that a cut-off search
// (percentageOfNodesToScore) does not keep looking at one zone only. Within a zone, in the order added.
// UPSTREAM: pkg/scheduler/backend/cache/node_tree.go, staging/src/k8s.io/component-helpers/node/topology/helpers.go (GetZoneKey)

import type { Node } from 'kubernetes-types/core/v1';

export interface NodeTreeState {
  zones: string[];
  tree: Record<string, string[]>;
}

/** region + ":\x00:" + zone, or '' for nodes without topology labels. */
export function zoneKey(node: Node): string {
  const l = node.metadata?.labels ?? {};
  const zone = l['topology.kubernetes.io/zone'] ?? l['failure-domain.beta.kubernetes.io/zone'] ?? '';
  const region = l['topology.kubernetes.io/region'] ?? l['failure-domain.beta.kubernetes.io/region'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}

export class NodeTree {
  private zones: string[];
  private tree: Map<string, string[]>;

  constructor(state?: NodeTreeState) {
    this.zones = [...(state?.zones ?? [])];
    this.tree = new Map(this.zones.map((z) => [z, [...(state?.tree[z] ?? [])]]));
  }

  addNode(node: Node): void {
    const zone = zoneKey(node);
    const name = node.metadata?.name ?? '';
    let names = this.tree.get(zone);
    if (!names) {
      names = [];
      this.tree.set(zone, names);
      this.zones.push(zone);
    }
    if (!names.includes(name)) names.push(name);
  }

  removeNode(node: Node): void {
    const zone = zoneKey(node);
    const names = this.tree.get(zone);
    if (!names) return;
    const i = names.indexOf(node.metadata?.name ?? '');
    if (i >= 0) names.splice(i, 1);
    if (names.length === 0) {
      this.tree.delete(zone);
      this.zones = this.zones.filter((z) => z !== zone);
    }
  }

  updateNode(oldNode: Node, newNode: Node): void {
    if (zoneKey(oldNode) === zoneKey(newNode) && this.tree.get(zoneKey(newNode))?.includes(newNode.metadata?.name ?? '')) return;
    this.removeNode(oldNode);
    this.addNode(newNode);
  }

  /** Zone 1's first node, zone 2's first node, ..., zone 1's second node, ... */
  list(): string[] {
    const out: string[] = [];
    const lists = this.zones.map((z) => this.tree.get(z)!);
    const longest = Math.max(0, ...lists.map((l) => l.length));
    for (let i = 0; i < longest; i++) for (const l of lists) if (i < l.length) out.push(l[i]);
    return out;
  }

  save(): NodeTreeState {
    const tree: Record<string, string[]> = {};
    for (const z of this.zones) tree[z] = [...this.tree.get(z)!];
    return { zones: [...this.zones], tree };
  }
}
