// The scheduler's cache: every node and the pods counted on it. A pod just bound is "assumed": it
// counts at once, before the informer reports the binding; that report confirms it, a failed bind forgets it.
// UPSTREAM: pkg/scheduler/backend/cache/{cache.go,snapshot.go}
// SIMPLIFICATION: assumed pods never expire (upstream's default TTL is 0 too); the snapshot holds the
// live NodeInfos by reference, which is safe because a cycle runs to completion before any event.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { NodeInfoLister } from '../framework/interface';
import { NodeInfo, podKey } from '../framework/node-info';
import { NodeTree, type NodeTreeState } from './node-tree';

export interface CacheState {
  /** pods bound by this scheduler that the informer has not reported yet (with spec.nodeName set) */
  assumedPods: Pod[];
  nodeTree: NodeTreeState;
}

interface PodState {
  pod: Pod;
  nodeName: string;
}

export class Cache {
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly podStates = new Map<string, PodState>();
  private readonly assumed = new Set<string>();
  private readonly nodeTree: NodeTree;
  /** the last snapshot: valid until a node is added, changed or removed (pods change NodeInfos in place) */
  private cachedSnapshot: NodeInfoLister | undefined;

  constructor(state?: CacheState) {
    this.nodeTree = new NodeTree(state?.nodeTree);
    for (const p of state?.assumedPods ?? []) this.assumePod(p);
  }

  /** Count `pod` (spec.nodeName set to the chosen node) on its node before the binding is confirmed. */
  assumePod(pod: Pod): void {
    const key = podKey(pod);
    if (this.podStates.has(key)) throw new Error(`pod ${key} is in the cache, so can't be assumed`);
    this.addPodToNode(pod);
    this.podStates.set(key, { pod, nodeName: pod.spec?.nodeName ?? '' });
    this.assumed.add(key);
  }

  /** The binding failed: the assumed pod no longer counts. */
  forgetPod(pod: Pod): void {
    const key = podKey(pod);
    const st = this.podStates.get(key);
    if (!st || !this.assumed.has(key)) return;
    this.removePodFromNode(key, st.nodeName);
    this.podStates.delete(key);
    this.assumed.delete(key);
  }

  isAssumedPod(pod: Pod): boolean {
    return this.assumed.has(podKey(pod));
  }

  /** A bound pod the informer reports: confirms an assumed pod, or starts counting it. Idempotent. */
  addPod(pod: Pod): void {
    const key = podKey(pod);
    const st = this.podStates.get(key);
    if (st) {
      this.removePodFromNode(key, st.nodeName);
      this.assumed.delete(key);
    }
    this.addPodToNode(pod);
    this.podStates.set(key, { pod, nodeName: pod.spec?.nodeName ?? '' });
  }

  updatePod(_oldPod: Pod, newPod: Pod): void {
    this.addPod(newPod);
  }

  removePod(pod: Pod): void {
    const key = podKey(pod);
    const st = this.podStates.get(key);
    if (!st) return;
    this.removePodFromNode(key, st.nodeName);
    this.podStates.delete(key);
    this.assumed.delete(key);
  }

  addNode(node: Node): void {
    this.cachedSnapshot = undefined;
    const name = node.metadata?.name ?? '';
    let ni = this.nodes.get(name);
    if (!ni) this.nodes.set(name, (ni = new NodeInfo()));
    const old = ni.hasNode ? ni.node : undefined;
    ni.setNode(node);
    if (old) this.nodeTree.updateNode(old, node);
    else this.nodeTree.addNode(node);
  }

  updateNode(_oldNode: Node, newNode: Node): void {
    this.addNode(newNode);
  }

  /** The node goes; its NodeInfo stays while pods still count on it (they are deleted soon after). */
  removeNode(node: Node): void {
    this.cachedSnapshot = undefined;
    const name = node.metadata?.name ?? '';
    const ni = this.nodes.get(name);
    if (!ni) return;
    if (ni.hasNode) this.nodeTree.removeNode(ni.node);
    ni.removeNode();
    if (ni.pods.length === 0) this.nodes.delete(name);
  }

  nodeInfo(name: string): NodeInfo | undefined {
    const ni = this.nodes.get(name);
    return ni?.hasNode ? ni : undefined;
  }

  /**
   * Nodes in walking order (round-robin over zones), for one scheduling cycle. Reused while the node
   * set is unchanged: the NodeInfos are live, so pods bound meanwhile are already counted.
   */
  snapshot(): NodeInfoLister {
    this.cachedSnapshot ??= this.buildSnapshot();
    return this.cachedSnapshot;
  }

  private buildSnapshot(): NodeInfoLister {
    const list = this.nodeTree.list().map((n) => this.nodes.get(n)).filter((ni): ni is NodeInfo => !!ni?.hasNode);
    const byName = new Map(list.map((ni) => [ni.name, ni]));
    let images: Map<string, number> | undefined;
    return {
      list: () => list,
      get: (name) => byName.get(name),
      numNodesWithImage: (image) => {
        if (!images) {
          images = new Map();
          for (const ni of list) {
            const seen = new Set<string>();
            for (const img of ni.node.status?.images ?? []) for (const n of img.names ?? []) seen.add(n);
            for (const n of seen) images.set(n, (images.get(n) ?? 0) + 1);
          }
        }
        return images.get(image) ?? 0;
      },
    };
  }

  /** Every pod the cache counts, by node name in sorted order (for tests and explanations). */
  podsByNode(): Map<string, Pod[]> {
    const out = new Map<string, Pod[]>();
    for (const name of [...this.nodes.keys()].sort()) out.set(name, this.nodes.get(name)!.pods.map((p) => p.pod));
    return out;
  }

  save(): CacheState {
    return {
      assumedPods: [...this.assumed].map((k) => this.podStates.get(k)!.pod),
      nodeTree: this.nodeTree.save(),
    };
  }

  private addPodToNode(pod: Pod): void {
    const name = pod.spec?.nodeName ?? '';
    let ni = this.nodes.get(name);
    if (!ni) this.nodes.set(name, (ni = new NodeInfo()));
    ni.addPod(pod);
  }

  private removePodFromNode(key: string, nodeName: string): void {
    const ni = this.nodes.get(nodeName);
    if (!ni) return;
    ni.removePod(key);
    if (!ni.hasNode && ni.pods.length === 0) this.nodes.delete(nodeName);
  }
}
